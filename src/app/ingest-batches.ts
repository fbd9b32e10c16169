// The storing side of an ingest: prepared messages, in input order, are gathered into batches of
// BATCH and stored one transaction each (ingest-store.ts); rejections are reported (the first ones
// kept in memory, the rest spilled to a file: error-spill.ts) and recorded a few hundred per insert
// with the run's count. Batches commit without waiting for the disk but the last, which flushes them
// all (decisions §25); an embedded ingest with nothing left for a last batch ends with a checkpoint.
import { ErrorSpill } from './error-spill.ts';
import type { PreparedMessage, Rejection } from './ingest-prepare.ts';
import { storeBatch } from './ingest-store.ts';
import type { OutcomeSink } from './ingest-pipeline.ts';
import type { Workspace } from './workspace.ts';
import { insertRejections, type RejectionRow } from '../store/ingest-repository.ts';
import { checkpoint } from '../store/maintenance.ts';

/** Messages per stored batch (one transaction each). */
export const BATCH = 500;
/** Rejections recorded per insert into ijw_rejection. */
const REJECTIONS_PER_INSERT = 500;

export interface IngestError {
  readonly file: string;
  readonly line: number;
  readonly path: string;
  readonly message: string;
}

/** What the batches came to. */
export interface BatchCounts {
  accepted: number;
  rejected: number;
  duplicates: number;
  /** The first `errorsKept` errors, in input order. */
  errors: IngestError[];
  /** The errors after those, in input order, in a temporary file. */
  moreErrors?: ErrorSpill<IngestError>;
}

export class BatchWriter implements OutcomeSink {
  readonly counts: BatchCounts = { accepted: 0, rejected: 0, duplicates: 0, errors: [] };
  private batch: PreparedMessage[] = [];
  private pendingRejections: RejectionRow[] = [];
  private spill: ErrorSpill<IngestError> | undefined;
  private flushedLazily = false;

  constructor(
    private readonly ws: Workspace,
    private readonly run: number,
    private readonly now: () => Date,
    private readonly errorsKept: number,
  ) {}

  async message(m: PreparedMessage): Promise<void> {
    this.batch.push(m);
    if (this.batch.length >= BATCH) await this.flush(false);
  }

  async rejection(r: Rejection): Promise<void> {
    this.counts.rejected++;
    const error = { file: r.file, line: r.line, path: r.path, message: r.message };
    if (this.counts.errors.length < this.errorsKept) this.counts.errors.push(error);
    else {
      this.spill ??= new ErrorSpill<IngestError>();
      this.spill.add(error);
    }
    this.pendingRejections.push({ sourceFile: r.file, line: r.line, path: r.path, rule: r.rule, message: r.message, receivedAt: this.now().toISOString() });
    // A delivery of many bad files would otherwise cost one statement each.
    if (this.pendingRejections.length >= REJECTIONS_PER_INSERT) await this.storeRejections();
  }

  /** Stores what is left, durably. */
  async finish(): Promise<void> {
    await this.flush(true);
    // Nothing was left for a last, durable batch: flush the lazy ones. The embedded database's WAL
    // lives in this process; a server's WAL writer flushes within a fraction of a second by itself.
    if (this.flushedLazily && this.ws.store.kind === 'embedded') await checkpoint(this.ws.store.db);
    await this.storeRejections();
  }

  /** Hands the spilled errors (if any) over to the counts; `discard`: the ingest failed, remove them. */
  close(discard: boolean): void {
    if (this.spill === undefined) return;
    if (discard) this.spill.remove();
    else {
      this.spill.flush();
      this.counts.moreErrors = this.spill;
    }
  }

  private async flush(last: boolean): Promise<void> {
    if (this.batch.length === 0) return;
    const current = this.batch;
    this.batch = [];
    const stored = await storeBatch(this.ws, current, this.now().toISOString(), last, this.run);
    this.flushedLazily = !last;
    this.counts.accepted += stored.accepted;
    this.counts.duplicates += stored.duplicates;
    for (const l of stored.reused) {
      await this.rejection({ file: l.file, line: l.line, path: l.path, rule: 'identification-reused', message: l.message });
    }
    await this.storeRejections();
  }

  private async storeRejections(): Promise<void> {
    if (this.pendingRejections.length === 0) return;
    const rows = this.pendingRejections;
    this.pendingRejections = [];
    await insertRejections(this.ws.store.db, rows, this.run);
  }
}
