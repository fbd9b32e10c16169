// What the ingest main thread hands to a worker thread and gets back (ingest-workers.ts,
// ingest-worker.ts), and the one function both run on a job: the same code decides in a worker and,
// while the workers start or for small ingests, in the main thread.
import fs from 'node:fs';
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

/** A file larger than an iJw message can be: refused before it is read. */
export class FileTooLargeError extends Error {
  readonly code = 'E2BIG';
  constructor(readonly size: number, readonly limit: number) {
    super(`the file is ${size} bytes; an iJw message is at most ${limit} bytes — is this really one message?`);
    this.name = 'FileTooLargeError';
  }
}

/**
 * Reads one message file: its size is checked on the open file (fstat) before any byte is read, so
 * a 200 MB file costs nothing. The same system calls as fs.readFileSync; used by the ingest workers
 * and the main thread alike, so the check needs no separate stat while the folder is walked.
 * `into`: a buffer to read a message of up to its size into (readMessageFileForJob), else a new one.
 */
export function readMessageFile(file: string, limit: number, into?: Buffer): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    if (size > limit) throw new FileTooLargeError(size, limit);
    const buf = into !== undefined && size <= into.length ? into : Buffer.allocUnsafe(size);
    let off = 0;
    while (off < size) {
      const n = fs.readSync(fd, buf, off, size - off, off);
      if (n === 0) break; // the file shrank while it was read: what is there is judged
      off += n;
    }
    return off === buf.length ? buf : buf.subarray(0, off);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * One buffer per thread for the messages prepareJob reads: a new ArrayBuffer per message of a few KB
 * was most of what the reading thread left for the garbage collector.
 */
const SCRATCH_BYTES = 64 * 1024;
let scratch: Buffer | undefined;

/**
 * readMessageFile for prepareJob only: a message of up to 64 KB comes back as a view of this thread's
 * scratch buffer, valid until the next call. prepareJob judges it at once and keeps no reference.
 */
export function readMessageFileForJob(file: string, limit: number): Buffer {
  return readMessageFile(file, limit, (scratch ??= Buffer.allocUnsafeSlow(SCRATCH_BYTES)));
}
