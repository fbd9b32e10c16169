// A publication's protection off the server's thread [issue 13 "heavy work off the request path"]:
// reading the figures is I/O, but protecting them is seconds to minutes of linear programs, and in
// the thread that serves requests every answer meanwhile waited for turns between two programs (1.5
// s per request on the ten-year demo while the year before was published; docs/benchmarks.md). One
// worker thread per process, started at the first publication and left to idle (it does not keep the
// process alive); its code is publication-thread-entry.ts bundled once with esbuild, as the ingest's
// workers are (ingest-workers.ts). Where no worker can start, the protection runs here as before.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { buildPublication, type Publication, type PublicationInput } from '../domain/disclosure/publication.ts';
import { UnprotectableError } from '../domain/disclosure/protect.ts';
import { highsSolver } from './lp-solver.ts';
import { bundleWorker } from './worker-bundle.ts';
import type { ThreadAnswer, ThreadInput } from './publication-thread-entry.ts';

interface Thread {
  readonly worker: Worker;
  readonly waiting: Map<number, { resolve: (p: Publication) => void; reject: (e: Error) => void }>;
}

let thread: Promise<Thread | null> | undefined;
let next = 0;
let answered = 0;

/** Publications the worker thread has protected in this process (for tests and diagnostics). */
export const publicationThreadUses = (): number => answered;

async function startThread(): Promise<Thread | null> {
  try {
    const code = await bundleWorker(new URL('./publication-thread-entry.ts', import.meta.url));
    const highs = pathToFileURL(createRequire(import.meta.url).resolve('highs')).href;
    const execArgv = process.execArgv.filter((a) => !a.startsWith('--cpu-prof'));
    const worker = new Worker(code, { eval: true, execArgv, workerData: { highs } });
    worker.unref();
    const t: Thread = { worker, waiting: new Map() };
    worker.on('message', (a: ThreadAnswer) => {
      const w = t.waiting.get(a.id);
      t.waiting.delete(a.id);
      if (t.waiting.size === 0) worker.unref();
      if (!w) return;
      answered++;
      if ('publication' in a) w.resolve(a.publication);
      else if ('unprotectable' in a) w.reject(new UnprotectableError(a.unprotectable.cell, a.unprotectable.attacker));
      else w.reject(new Error(a.error));
    });
    // A thread that stops (it crashed, or ran out of memory) fails what it held; the next
    // publication starts another.
    const gone = (e: unknown) => {
      thread = undefined;
      for (const w of t.waiting.values()) w.reject(e instanceof Error ? e : new Error(`the publication's thread stopped (${String(e)})`));
      t.waiting.clear();
    };
    worker.on('error', gone);
    worker.on('exit', (code) => gone(new Error(`the publication's thread stopped (exit ${code})`)));
    return t;
  } catch {
    return null;
  }
}

/** buildPublication with HiGHS, in the worker thread when one can run, else here. */
export async function protectOffThread(input: PublicationInput, themes: ReadonlyMap<string, string>): Promise<Publication> {
  thread ??= startThread();
  const t = await thread;
  if (t === null) return buildPublication(input, highsSolver);
  const id = next++;
  const { themeOf: _, ...rest } = input;
  const message: { id: number; input: ThreadInput } = { id, input: { ...rest, themes } };
  return new Promise<Publication>((resolve, reject) => {
    t.waiting.set(id, { resolve, reject });
    t.worker.ref();
    t.worker.postMessage(message);
  });
}
