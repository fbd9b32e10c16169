// What the ingest main thread hands to a worker thread and gets back (ingest-workers.ts,
// ingest-worker.ts), and the one function both run on a job: the same code decides in a worker and,
// while the workers start or for small ingests, in the main thread.
import fs from 'node:fs';
import { prepareMessage, type Outcome, type PrepareScope } from './ingest-prepare.ts';

export interface WorkerData {
  readonly pseudonymKey: string;
  /** The region's municipalities (PrepareScope.municipalities). */
  readonly municipalities: readonly string[];
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

export function prepareJob(job: Job, scope: PrepareScope, readFile: (path: string) => Uint8Array): JobResult {
  let bytes: Uint8Array;
  try {
    bytes = job.bytes ?? readFile(job.path!);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return { id: job.id, error: err.message, ...(err.code ? { code: err.code } : {}) };
  }
  return { id: job.id, outcome: prepareMessage(job.file, bytes, scope) };
}

/** A file larger than an iJw message can be: refused before it is read. */
export class FileTooLargeError extends Error {
  readonly code = 'E2BIG';
  constructor(readonly size: number, readonly limit: number) {
    super(`the file is ${size} bytes; an iJw message is at most ${limit} bytes — is this really one message?`);
    this.name = 'FileTooLargeError';
  }
}

/** Not a regular file (a FIFO, a device, a folder): refused like a file too large, before any byte is read. */
export class NotAFileError extends Error {
  // reported as a refusal of this one file, as a FileTooLargeError is (ingest.ts, unreadable)
  readonly code = 'E2BIG';
  constructor() {
    super('not a regular file (a named pipe, a device or a folder): it cannot be read as a message; skipped, the rest goes on');
    this.name = 'NotAFileError';
  }
}

/**
 * Reads one message file: its size is checked on the open file (fstat) before any byte is read, so
 * a 200 MB file costs nothing. The same system calls as fs.readFileSync; used by the ingest workers
 * and the main thread alike, so the check needs no separate stat while the folder is walked.
 * `into`: a buffer to read a message of up to its size into (readMessageFileForJob), else a new one.
 */
export function readMessageFile(file: string, limit: number, into?: Buffer): Buffer {
  // Opened without blocking: a FIFO that took a file's place since the folder was read would
  // otherwise wait for a writer for ever. Refused below, as anything that is not a regular file.
  const fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw new NotAFileError();
    const size = st.size;
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
