// What the ingest main thread hands to a worker thread and gets back (ingest-workers.ts,
// ingest-worker.ts), and the one function both run on a job: the same code decides in a worker and,
// while the workers start or for small ingests, in the main thread.
import type { Pseudonymiser } from '../ijw/pseudonym.ts';
import { prepareMessage, type Outcome } from './ingest-prepare.ts';

export interface WorkerData {
  readonly pseudonymKey: string;
}

/** One message: `path` of a plain file to read, or its `bytes` (a zip entry). */
export interface Job {
  readonly id: number;
  /** The name reported and stored (a path, or "archive.zip!entry"). */
  readonly file: string;
  readonly path?: string;
  readonly bytes?: Uint8Array;
}

export type JobResult =
  | { readonly id: number; readonly outcome: Outcome }
  /** The file could not be read: the ingest fails as it would on reading in the main thread. */
  | { readonly id: number; readonly error: string; readonly code?: string };

export function prepareJob(job: Job, pseudonymiser: Pseudonymiser, readFile: (path: string) => Uint8Array): JobResult {
  let bytes: Uint8Array;
  try {
    bytes = job.bytes ?? readFile(job.path!);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return { id: job.id, error: err.message, ...(err.code ? { code: err.code } : {}) };
  }
  return { id: job.id, outcome: prepareMessage(job.file, bytes, pseudonymiser) };
}
