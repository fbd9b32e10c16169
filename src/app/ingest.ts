// `jeugdregie ingest`: read iJw messages from files and folders, validate them as strictly as the
// XSDs, check the BSN and date order, pseudonymise at the door and store what the monitor needs.
// A rejected message is reported (file, line, path, rule) and nothing of its person data is kept;
// the other messages go on. A second delivery of a message is a duplicate and changes nothing.
//
// Speed (docs/benchmarks.md): messages are prepared (read, validated, pseudonymised, flattened:
// ingest-prepare.ts) in worker threads while the main thread stores the previous batch
// (ingest-store.ts); results are taken in input order, so what is reported and stored is exactly
// what a one-by-one run gives. At most WINDOW messages are in flight, so memory stays flat.
import os from 'node:os';
import { ErrorSpill } from './error-spill.ts';
import { HeapKeeper } from './heap-keeper.ts';
import { sql, type Insertable } from 'kysely';
import type { Workspace } from './workspace.ts';
import type { IjwRejectionTable } from '../store/schema.ts';
import { planInputs, type Plan, type SourceItem } from './ingest-sources.ts';
import { MAX_MESSAGE_BYTES, type Outcome, type PreparedMessage, type Rejection } from './ingest-prepare.ts';
import { storeBatch } from './ingest-store.ts';
import { PreparePool } from './ingest-workers.ts';
import type { Pseudonymiser } from '../ijw/pseudonym.ts';

export { IngestInputError } from './ingest-sources.ts';
export { MAX_MESSAGE_BYTES } from './ingest-prepare.ts';

/** Files to read (for tests and callers that want a list): see planInputs. */
export function expandInputs(inputs: readonly string[]): Promise<Plan> {
  return planInputs(inputs, MAX_MESSAGE_BYTES);
}

/** Rejections recorded per insert into ijw_rejection. */
const REJECTIONS_PER_INSERT = 500;
/** Messages per stored batch (one transaction each). */
const BATCH = 500;
/** Messages prepared ahead of the one being handled: enough to keep the workers busy while a batch is stored. */
const WINDOW = 1500;
/** Bytes of zip entries held in flight at most (plain files are read by the worker itself). */
const WINDOW_BYTES = 64 * 1024 * 1024;
/**
 * Heap growth between full collections during an ingest: what is live stays at a few tens of MB
 * (the messages in flight and one batch), so this bounds the garbage V8 would otherwise keep.
 * 32 MB: 250,000 messages on PGlite peaked at 272 MB (48 MB: 290 MB, 24 MB: 262 MB but 25% slower).
 */
const HEAP_SLACK = 32 * 1024 * 1024;
/** Below this many messages the worker threads would not have started before the end: none are used. */
const MIN_MESSAGES_FOR_WORKERS = 1000;

export interface IngestError {
  readonly file: string;
  readonly line: number;
  readonly path: string;
  readonly message: string;
}

export interface IngestSummary {
  accepted: number;
  rejected: number;
  duplicates: number;
  /** The first `errorsKept` errors, in input order. */
  errors: IngestError[];
  /**
   * The errors after those, when there are more, in input order, in a temporary file (error-spill.ts)
   * so a delivery of a million bad files does not sit in memory. Read them with `readSpilledErrors`
   * and release the file with `removeSpilledErrors`.
   */
  moreErrors?: ErrorSpill<IngestError>;
}

/** Errors kept in memory by default; the rest are spilled to a file. */
export const ERRORS_KEPT = 10_000;

/**
 * From this many messages an ingest is a long job for the embedded database: it is opened with
 * `longRunning` (openStore: ~1.5 s more to open, ~60 MB less memory, full speed from the first
 * message). A day's delivery (a few hundred messages) opens fast instead.
 */
export const LONG_INGEST_MESSAGES = 20_000;

export interface IngestOptions {
  /** Worker threads that prepare messages; default one per core but one for large ingests, none for small ones. */
  readonly workers?: number;
  /** Wait until the workers have started before reading (tests). */
  readonly waitForWorkers?: boolean;
  /** Errors kept in summary.errors; the rest go to summary.moreErrors. Default ERRORS_KEPT. */
  readonly errorsKept?: number;
}

/** The spilled errors of a summary, in order. */
export async function* readSpilledErrors(summary: IngestSummary): AsyncIterable<IngestError> {
  if (summary.moreErrors !== undefined) yield* summary.moreErrors.read();
}

export function removeSpilledErrors(summary: IngestSummary): void {
  summary.moreErrors?.remove();
}

/** One plan item on its way: an input refused by the plan, or a message being prepared. */
type InFlight = { readonly rejection: Rejection } | { readonly outcome: Promise<Outcome>; readonly bytes: number; readonly settled: { done: boolean } };

/** A file that could not be read as a message: a rejection when that is the file's fault, else the ingest fails. */
function unreadable(file: string, e: NodeJS.ErrnoException): Promise<Outcome> {
  if (e.code === 'ENOENT') return Promise.resolve({ ok: false, rejection: { file, line: 0, path: '', rule: 'input', message: 'the file cannot be opened: it is gone (removed while the ingest ran, or a broken link); deliver it again' } });
  if (e.code === 'E2BIG') return Promise.resolve({ ok: false, rejection: { file, line: 0, path: '', rule: 'input', message: e.message } });
  return Promise.reject(e);
}

/**
 * One worker per core but one: the main thread stores, and prepares queued messages itself whenever
 * it would wait, so it uses the last core without competing with the workers for it. On 2 cores this
 * is 15–20% faster than a worker per core, and a worker less in memory (docs/benchmarks.md).
 */
export function defaultWorkerCount(total: number): number {
  if (total < MIN_MESSAGES_FOR_WORKERS) return 0;
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, cores - 1);
}

export async function ingestFiles(
  ws: Workspace,
  plan: Plan,
  pseudonymiser: Pseudonymiser,
  now: () => Date,
  onProgress?: (done: number, total: number) => void,
  options: IngestOptions = {},
): Promise<IngestSummary> {
  const summary: IngestSummary = { accepted: 0, rejected: 0, duplicates: 0, errors: [] };
  const errorsKept = options.errorsKept ?? ERRORS_KEPT;
  let spill: ErrorSpill<IngestError> | undefined;
  const heap = new HeapKeeper(HEAP_SLACK);
  const reject = async (r: Rejection) => {
    summary.rejected++;
    const error = { file: r.file, line: r.line, path: r.path, message: r.message };
    if (summary.errors.length < errorsKept) summary.errors.push(error);
    else {
      spill ??= new ErrorSpill<IngestError>();
      spill.add(error);
    }
    pendingRejections.push({ source_file: r.file, line: r.line, path: r.path, rule: r.rule, message: r.message, received_at: now().toISOString() });
    if (pendingRejections.length >= REJECTIONS_PER_INSERT) await storeRejections();
  };
  // Rejections are recorded a few hundred per insert, with the batches (a delivery of many bad
  // files would otherwise cost one statement each).
  let pendingRejections: Insertable<IjwRejectionTable>[] = [];
  const storeRejections = async () => {
    if (pendingRejections.length === 0) return;
    const rows = pendingRejections;
    pendingRejections = [];
    await ws.store.db.insertInto('ijw_rejection').values(rows).execute();
  };
  let batch: PreparedMessage[] = [];
  // Batches commit without waiting for the disk but the last, which flushes them all (storeBatch).
  let flushedLazily = false;
  const flush = async (last = false) => {
    if (batch.length === 0) return;
    const current = batch;
    batch = [];
    const stored = await storeBatch(ws, current, now().toISOString(), last);
    flushedLazily = !last;
    summary.accepted += stored.accepted;
    summary.duplicates += stored.duplicates;
    for (const l of stored.reused) {
      await reject({ file: l.file, line: l.line, path: l.path, rule: 'identification-reused', message: l.message });
    }
    await storeRejections();
  };

  const pool = new PreparePool({ pseudonymiser, municipalities: new Set(ws.region.municipalities.map((m) => m.code)) }, options.workers ?? defaultWorkerCount(plan.total));
  try {
    if (options.waitForWorkers) await pool.whenStarted();
    const inFlight: InFlight[] = [];
    let head = 0;
    let bytesInFlight = 0;
    let nextId = 0;
    let done = 0;
    // Takes the oldest item in flight and handles it, exactly as a one-by-one run would.
    const handleOldest = async () => {
      const item = inFlight[head]!;
      inFlight[head++] = undefined as unknown as InFlight;
      if (head > 4096 && head * 2 > inFlight.length) {
        inFlight.splice(0, head);
        head = 0;
      }
      done++;
      // every few hundred messages, stored or refused: keep the heap near its live size
      if (done % BATCH === 0) heap.check();
      // handled: accepted, a duplicate or refused (an accepted one is stored with its batch)
      if (done < plan.total) onProgress?.(done, plan.total);
      if ('rejection' in item) {
        await reject(item.rejection);
        return;
      }
      pool.flush();
      // Rather than wait for a worker, this thread prepares queued messages itself (letting the
      // workers' answers in between), until the oldest is ready.
      while (!item.settled.done && pool.stealOne()) await new Promise((r) => setImmediate(r));
      const outcome = await item.outcome;
      bytesInFlight -= item.bytes;
      if (!outcome.ok) {
        await reject(outcome.rejection);
        return;
      }
      batch.push(outcome.message);
      if (batch.length >= BATCH) await flush();
    };
    for await (const item of plan.items as AsyncIterable<SourceItem>) {
      if (!item.ok) inFlight.push({ rejection: { file: item.name, line: 0, path: '', rule: 'input', message: item.message } });
      else {
        const file = item.source.name;
        const id = nextId++;
        let outcome: Promise<Outcome>;
        let bytes = 0;
        const filePath = item.source.path;
        if (filePath !== undefined) {
          // A plain file is read by the worker. One gone since it was listed, or too large, is reported, not a crash.
          outcome = pool.submit({ id, file, path: filePath }).catch((e: NodeJS.ErrnoException) => unreadable(file, e));
        } else {
          try {
            const data = await item.source.read();
            bytes = data.length;
            outcome = pool.submit({ id, file, bytes: data });
          } catch (e) {
            outcome = unreadable(file, e as NodeJS.ErrnoException);
          }
        }
        const settled = { done: false };
        // handled in order by handleOldest (no unhandled-rejection warning meanwhile)
        outcome.then(() => (settled.done = true), () => (settled.done = true));
        bytesInFlight += bytes;
        inFlight.push({ outcome, bytes, settled });
      }
      while (inFlight.length - head > WINDOW || bytesInFlight > WINDOW_BYTES) await handleOldest();
      // While workers start, this thread prepares the messages itself; let their "ready" in.
      if (pool.starting && nextId % 32 === 0) await new Promise((r) => setImmediate(r));
    }
    while (head < inFlight.length) await handleOldest();
    await flush(true);
    // Nothing was left for a last, durable batch: flush the lazy ones. The embedded database's WAL
    // lives in this process; a server's WAL writer flushes within a fraction of a second by itself.
    if (flushedLazily && ws.store.kind === 'embedded') await sql`checkpoint`.execute(ws.store.db);
    await storeRejections();
  } finally {
    await pool.close();
    if (spill !== undefined) {
      spill.flush();
      summary.moreErrors = spill;
    }
  }
  onProgress?.(plan.total, plan.total);
  return summary;
}
