// Validation, extraction and pseudonymisation in worker threads (one per core but one, see
// ingest.ts), while the main thread stores. Jobs go out in small chunks to the least busy worker
// that has started, up to MAX_OUTSTANDING each; the rest wait in a queue, from which the main thread
// takes jobs whenever it would otherwise wait (stealOne). Until a worker has started, or when none is
// wanted, the main thread prepares the jobs itself, with the same code (ingest-jobs.ts). Results come
// back in any order; the caller keeps its own order and bounds how many jobs are in flight.
//
// A worker thread does not inherit the main thread's way of running TypeScript (bin/sources.js, tsx
// or vitest), and registering tsx in each worker costs a quarter to a full second before the first
// job; so the worker's module graph (ingest-worker.ts and what it imports: src/ijw and
// ingest-prepare.ts, no packages) is bundled once per process, in memory, with esbuild, and each
// worker starts from that JavaScript in well under 100 ms. Same sources, no build step, works the
// same under the CLI, tsx and vitest. If the bundle cannot be made, no worker starts and the main
// thread does all the work.
import { Worker } from 'node:worker_threads';
import { bundleWorker } from './worker-bundle.ts';
import { prepareJob, readMessageFileForJob, type Job, type JobResult, type WorkerData } from './ingest-jobs.ts';
import { MAX_MESSAGE_BYTES, type Outcome, type PrepareScope } from './ingest-prepare.ts';

const readFile = (file: string) => readMessageFileForJob(file, MAX_MESSAGE_BYTES);

/**
 * A worker holds one chunk of messages at a time; without limits V8 would size each worker's heap to
 * the machine and let garbage pile up to hundreds of MB (docs/benchmarks.md). A worker that runs out
 * (a message near the 16 MB limit can) stops; its jobs are then done in the main thread.
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16 };

/** Workers replaced at most per pool after running out of memory (then the main thread takes over). */
const MAX_REPLACEMENTS = 4;

/** Jobs per message to a worker: fewer, larger messages cost less than one per job. */
const CHUNK = 16;
/**
 * Jobs a worker holds at most (sent, not answered). Enough for the time the main thread spends
 * storing a batch, when it sends nothing; the rest stay queued here, where the main thread takes
 * jobs itself whenever it would otherwise wait (stealOne).
 */
const MAX_OUTSTANDING = 512;

interface Pending {
  resolve: (o: Outcome) => void;
  reject: (e: Error) => void;
  job: Job;
}

interface Slot {
  readonly worker: Worker;
  ready: boolean;
  dead: boolean;
  /** Jobs sent and not yet answered. */
  readonly outstanding: Map<number, Pending>;
}

let workerCode: Promise<string> | undefined;

/** The worker's code as one CommonJS script, bundled once per process. */
function workerSource(): Promise<string> {
  workerCode ??= bundleWorker(new URL('./ingest-worker.ts', import.meta.url));
  return workerCode;
}

export class PreparePool {
  readonly #slots: Slot[] = [];
  readonly #scope: PrepareScope;
  #queue: { job: Job; pending: Pending }[] = [];
  #closed = false;
  /** Workers asked for that have neither started nor failed yet. */
  #starting: number;
  /** Workers started again after running out of memory. */
  #replaced = 0;

  /** Starts `workers` threads (0: everything in the main thread). */
  constructor(scope: PrepareScope, workers: number) {
    this.#scope = scope;
    this.#starting = Math.max(0, workers);
    if (workers <= 0) return;
    workerSource().then(
      (code) => this.#spawn(code, workers),
      () => {
        this.#starting = 0; // no bundler: everything runs here
      },
    );
  }

  #spawn(code: string, workers: number): void {
    if (this.#closed) {
      this.#starting = 0;
      return;
    }
    const workerData: WorkerData = { pseudonymKey: this.#scope.pseudonymiser.keyForWorkerThreads(), municipalities: [...this.#scope.municipalities] };
    for (let i = 0; i < workers; i++) {
      const worker = new Worker(code, { eval: true, workerData, resourceLimits: WORKER_LIMITS });
      const slot: Slot = { worker, ready: false, dead: false, outstanding: new Map() };
      worker.on('message', (m: 'ready' | JobResult[]) => {
        if (m === 'ready') {
          if (!slot.dead && !this.#closed) {
            slot.ready = true;
            this.#starting--;
          }
          return;
        }
        for (const r of m) {
          const p = slot.outstanding.get(r.id);
          if (p === undefined) continue;
          slot.outstanding.delete(r.id);
          settle(p, r);
        }
        this.#pump();
      });
      // A worker that fails (it could not start, or it crashed) is dropped; its jobs are done here.
      const drop = (err?: unknown) => {
        if (slot.dead) return;
        const wasReady = slot.ready;
        if (!slot.ready && this.#starting > 0) this.#starting--;
        slot.dead = true;
        slot.ready = false;
        const left = [...slot.outstanding.values()];
        slot.outstanding.clear();
        for (const p of left) settle(p, prepareJob(p.job, this.#scope, readFile));
        // One very large message can exhaust a worker's capped heap: replace that worker (a few
        // times at most), so the rest of the ingest keeps its threads.
        const outOfMemory = (err as NodeJS.ErrnoException | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
        if (outOfMemory && wasReady && !this.#closed && this.#replaced < MAX_REPLACEMENTS) {
          this.#replaced++;
          this.#starting++;
          this.#spawn(code, 1);
        }
      };
      worker.on('error', drop);
      worker.on('exit', () => drop());
      this.#slots.push(slot);
    }
  }

  /** Number of workers that have started and take jobs. */
  get readyWorkers(): number {
    return this.#slots.filter((s) => s.ready).length;
  }

  /**
   * Some workers are still starting: the caller should let the event loop turn now and then (their
   * "ready" arrives as an event), or it would do all the work itself.
   */
  get starting(): boolean {
    return this.#starting > 0;
  }

  /** Resolves once every worker has started or failed (for tests; the ingest never waits for it). */
  async whenStarted(timeoutMs = 30_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.#starting > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  }

  /** Prepares one message. Sent with the next chunk; call flush() before waiting on a result. */
  submit(job: Job): Promise<Outcome> {
    return new Promise<Outcome>((resolve, reject) => {
      const pending: Pending = { resolve, reject, job };
      this.#queue.push({ job, pending });
      if (this.#queue.length >= CHUNK) this.flush();
    });
  }

  /**
   * Sends queued jobs to the started workers, a chunk at a time, as far as they have room; prepares
   * them here if no worker has started (yet, or at all).
   */
  flush(): void {
    if (this.#queue.length === 0) return;
    if (!this.#slots.some((s) => s.ready)) {
      const queue = this.#queue;
      this.#queue = [];
      for (const q of queue) settle(q.pending, prepareJob(q.job, this.#scope, readFile));
      return;
    }
    this.#pump();
  }

  /** Chunks from the front of the queue to the least busy workers that have room. */
  #pump(): void {
    while (this.#queue.length > 0) {
      let best: Slot | undefined;
      for (const s of this.#slots) if (s.ready && (best === undefined || s.outstanding.size < best.outstanding.size)) best = s;
      if (best === undefined || best.outstanding.size >= MAX_OUTSTANDING) return;
      const chunk = this.#queue.splice(0, CHUNK);
      for (const q of chunk) best.outstanding.set(q.job.id, q.pending);
      best.worker.postMessage(chunk.map((q) => q.job));
    }
  }

  /**
   * Prepares the oldest queued job here, in the calling thread: for a caller that would otherwise
   * wait for a worker. False when nothing is queued.
   */
  stealOne(): boolean {
    const q = this.#queue.shift();
    if (q === undefined) return false;
    settle(q.pending, prepareJob(q.job, this.#scope, readFile));
    return true;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#starting = 0;
    await Promise.all(
      this.#slots.map(async (s) => {
        s.dead = true; // no re-run of jobs on the way out
        await s.worker.terminate();
      }),
    );
  }
}

function settle(p: Pending, r: JobResult): void {
  if ('outcome' in r) p.resolve(r.outcome);
  else p.reject(Object.assign(new Error(r.error), r.code ? { code: r.code } : {}));
}
