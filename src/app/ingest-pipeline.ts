// The prepare pipeline of an ingest: every item of the plan (ingest-sources.ts) is handed to the
// worker threads that read, validate and pseudonymise it (ingest-workers.ts, ingest-prepare.ts), and
// the outcomes are handed on in input order, so what is reported and stored is exactly what a
// one-by-one run gives. At most WINDOW messages (and WINDOW_BYTES of zip entries) are in flight, so
// memory stays flat; the main thread prepares queued messages itself whenever it would wait.
// No database here: the sink (ingest-batches.ts) stores.
import { HeapKeeper } from './heap-keeper.ts';
import type { Outcome, PreparedMessage, Rejection } from './ingest-prepare.ts';
import type { Plan, SourceItem } from './ingest-sources.ts';
import type { PreparePool } from './ingest-workers.ts';

/** Messages prepared ahead of the one being handled: enough to keep the workers busy while a batch is stored. */
const WINDOW = 1500;
/** Bytes of zip entries held in flight at most (plain files are read by the worker itself). */
const WINDOW_BYTES = 64 * 1024 * 1024;
/** Items handled between two checks of the heap. */
const HEAP_CHECK_EVERY = 500;
/**
 * Heap growth between full collections during an ingest: what is live stays at a few tens of MB
 * (the messages in flight and one batch), so this bounds the garbage V8 would otherwise keep.
 * 32 MB: 250,000 messages on PGlite peaked at 272 MB (48 MB: 290 MB, 24 MB: 262 MB but 25% slower).
 */
const HEAP_SLACK = 32 * 1024 * 1024;

/** Where the outcomes go, in input order. */
export interface OutcomeSink {
  message(m: PreparedMessage): Promise<void>;
  rejection(r: Rejection): Promise<void>;
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
 * Prepares every item of `plan` on `pool` and hands the outcomes to `sink` in input order;
 * `onHandled(done)` after each (accepted, a duplicate or refused: an accepted one is stored with its
 * batch).
 */
export async function prepareInOrder(plan: Plan, pool: PreparePool, sink: OutcomeSink, onHandled: (done: number) => void): Promise<void> {
  const heap = new HeapKeeper(HEAP_SLACK);
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
    if (done % HEAP_CHECK_EVERY === 0) heap.check();
    onHandled(done);
    if ('rejection' in item) {
      await sink.rejection(item.rejection);
      return;
    }
    pool.flush();
    // Rather than wait for a worker, this thread prepares queued messages itself (letting the
    // workers' answers in between), until the oldest is ready.
    while (!item.settled.done && pool.stealOne()) await new Promise((r) => setImmediate(r));
    const outcome = await item.outcome;
    bytesInFlight -= item.bytes;
    if (outcome.ok) await sink.message(outcome.message);
    else await sink.rejection(outcome.rejection);
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
}
