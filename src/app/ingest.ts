// `jeugdregie ingest`: read iJw messages from files and folders, validate them as strictly as the
// XSDs, check the BSN and date order, pseudonymise at the door and store what the monitor needs.
// A rejected message is reported (file, line, path, rule) and nothing of its person data is kept;
// the other messages go on. A second delivery of a message is a duplicate and changes nothing.
//
// The use case in four parts, each readable alone: the sources (ingest-sources.ts: files, folders,
// zips, walked lazily) → the prepare pipeline (ingest-pipeline.ts: worker threads, outcomes in input
// order) → the batches (ingest-batches.ts, ingest-store.ts: one transaction per batch) → the finish
// (ingest-finish.ts: refresh the trajectories, record the run). Every ingest is a recorded run
// (ingest-runs.ts), so one that did not finish is seen. Speed: docs/benchmarks.md.
import os from 'node:os';
import path from 'node:path';
import type { Workspace } from './workspace.ts';
import { planInputs, type Plan } from './ingest-sources.ts';
import { MAX_MESSAGE_BYTES } from './ingest-prepare.ts';
import { BatchWriter, type IngestError } from './ingest-batches.ts';
import { finishIngest } from './ingest-finish.ts';
import { prepareInOrder } from './ingest-pipeline.ts';
import { IngestRun } from './ingest-runs.ts';
import { PreparePool } from './ingest-workers.ts';
import type { ErrorSpill } from './error-spill.ts';
import type { Pseudonymiser } from '../ijw/pseudonym.ts';

export { IngestInputError } from './ingest-sources.ts';
export { MAX_MESSAGE_BYTES } from './ingest-prepare.ts';
export type { IngestError } from './ingest-batches.ts';

/** Files to read (for tests and callers that want a list): see planInputs. */
export function expandInputs(inputs: readonly string[]): Promise<Plan> {
  return planInputs(inputs, MAX_MESSAGE_BYTES);
}

/** Below this many messages the worker threads would not have started before the end: none are used. */
const MIN_MESSAGES_FOR_WORKERS = 1000;

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
  /** The recorded run (`jeugdregie ingest runs`). */
  run: number;
  /** Young people whose trajectories were refreshed at the end (this delivery's, and any an interrupted run left queued). */
  refreshed: number;
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
  /** The run to record the ingest as (started by the caller); by default a new run of command 'ingest'. */
  readonly run?: IngestRun;
  /** Called when every message is stored, before the trajectories are refreshed (a while, after a large delivery). */
  readonly onRefreshing?: () => void;
}

/** The spilled errors of a summary, in order. */
export async function* readSpilledErrors(summary: IngestSummary): AsyncIterable<IngestError> {
  if (summary.moreErrors !== undefined) yield* summary.moreErrors.read();
}

export function removeSpilledErrors(summary: IngestSummary): void {
  summary.moreErrors?.remove();
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

/**
 * A digest of the input paths that recognises a later ingest of the same inputs (which then
 * completes an earlier run that did not finish), without storing the paths: file names can carry a
 * BSN or a name. Keyed with the pseudonym key, so it cannot be reversed by trying names.
 */
export function inputsKeyOf(inputs: readonly string[], pseudonymiser: Pseudonymiser): string {
  return pseudonymiser.pseudonym(`ingest inputs\u0000${inputs.map((p) => path.resolve(p)).sort().join('\u0000')}`);
}

export async function ingestFiles(
  ws: Workspace,
  plan: Plan,
  pseudonymiser: Pseudonymiser,
  now: () => Date,
  onProgress?: (done: number, total: number) => void,
  options: IngestOptions = {},
): Promise<IngestSummary> {
  const run = options.run ?? (await IngestRun.start(ws.store, { command: 'ingest', inputs: 0, inputsKey: null }));
  const writer = new BatchWriter(ws, run.id, now, options.errorsKept ?? ERRORS_KEPT);
  let failed = true;
  try {
    await run.storing(plan.total);
    const pool = new PreparePool({ pseudonymiser, municipalities: new Set(ws.region.municipalities.map((m) => m.code)) }, options.workers ?? defaultWorkerCount(plan.total));
    try {
      if (options.waitForWorkers) await pool.whenStarted();
      await prepareInOrder(plan, pool, writer, (done) => {
        if (done < plan.total) onProgress?.(done, plan.total);
      });
      await writer.finish();
    } finally {
      await pool.close();
    }
    options.onRefreshing?.();
    const refreshed = await finishIngest(ws, run);
    failed = false;
    writer.close(false);
    onProgress?.(plan.total, plan.total);
    return { ...writer.counts, run: run.id, refreshed };
  } catch (e) {
    await run.fail(e);
    throw e;
  } finally {
    if (failed) writer.close(true);
  }
}
