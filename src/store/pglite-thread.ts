// The embedded database in a thread of its own, for the server (decisions §46). PGlite runs every
// statement on the thread that holds it, to the end: a year of timeliness for an arbitrary period
// (a second of work) would keep a server's thread from answering anything else, also the answers
// it keeps and could send at once. In a worker thread the statements still run one at a time, but
// the server's own thread keeps answering meanwhile, and on a machine with two cores each has one.
// The worker is a small script that holds PGlite and answers queries by message; the rows come
// back by structured clone (dates, numbers, strings and bytes as PGlite gives them), errors with
// their PostgreSQL fields (code, detail, …), so the rest of the store cannot tell the difference.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { PgliteLike } from './pglite-dialect.ts';

/** The worker's code (CommonJS, evaluated): PGlite behind a message port. */
const WORKER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const { PGlite } = await import(workerData.pglite);
  const parsers = Object.fromEntries(workerData.textOids.map((oid) => [oid, (v) => v]));
  const db = new PGlite(workerData.dataDir, { parsers, postgresqlconf: workerData.conf });
  await db.waitReady;
  parentPort.on('message', async (m) => {
    if (m.close) {
      // Closed once whatever happens: a failure to close is answered, never left to end the thread.
      try {
        await db.close();
        parentPort.postMessage({ id: m.id, rows: [] });
      } catch (e) {
        parentPort.postMessage({ id: m.id, error: { message: String(e && e.message || e), fields: {} } });
      }
      return;
    }
    try {
      const r = await db.query(m.sql, m.params, m.blob === undefined ? undefined : { blob: m.blob });
      parentPort.postMessage({ id: m.id, rows: r.rows, affectedRows: r.affectedRows });
    } catch (e) {
      const fields = {};
      for (const k of Object.keys(e ?? {})) if (['string', 'number'].includes(typeof e[k])) fields[k] = e[k];
      parentPort.postMessage({ id: m.id, error: { message: String(e && e.message || e), name: e && e.name, fields } });
    }
  });
  parentPort.postMessage({ ready: true });
})().catch((e) => parentPort.postMessage({ failed: String(e && e.stack || e) }));
`;

interface Answer {
  readonly id?: number;
  readonly rows?: unknown[];
  readonly affectedRows?: number;
  readonly error?: { message: string; name?: string; fields: Record<string, string | number> };
  readonly ready?: boolean;
  readonly failed?: string;
}

/** PGlite in a worker thread, with the part of PGlite's interface the store's dialect uses. */
export async function pgliteInThread(dataDir: string | undefined, textOids: readonly number[], conf: readonly string[]): Promise<PgliteLike> {
  const pglite = pathToFileURL(createRequire(import.meta.url).resolve('@electric-sql/pglite')).href;
  // Not profiled with the process (node --cpu-prof, bench:api --profile): the profile is the server's.
  const execArgv = process.execArgv.filter((a) => !a.startsWith('--cpu-prof'));
  const worker = new Worker(WORKER_CODE, { eval: true, execArgv, workerData: { pglite, dataDir, textOids, conf } });
  const waiting = new Map<number, { resolve: (a: Answer) => void; reject: (e: Error) => void }>();
  let next = 0;
  let gone: Error | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    worker.on('message', (a: Answer) => {
      if (a.ready) return resolve();
      if (a.failed !== undefined) return reject(new Error(`the embedded database did not open: ${a.failed}`));
      const w = waiting.get(a.id!);
      waiting.delete(a.id!);
      w?.resolve(a);
    });
    const fail = (e: Error) => {
      gone = e;
      reject(e);
      for (const w of waiting.values()) w.reject(e);
      waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the embedded database's thread stopped (exit ${code})`)));
  });
  await ready;
  const ask = (message: Record<string, unknown>): Promise<Answer> => {
    if (gone) return Promise.reject(gone);
    const id = next++;
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      worker.postMessage({ ...message, id });
    });
  };
  return {
    waitReady: Promise.resolve(),
    async query<R>(sql: string, params: unknown[] = [], options?: { blob?: Blob }) {
      const a = await ask({ sql, params, ...(options?.blob ? { blob: options.blob } : {}) });
      if (a.error) throw Object.assign(new Error(a.error.message), a.error.fields, a.error.name ? { name: a.error.name } : {});
      return { rows: (a.rows ?? []) as R[], ...(a.affectedRows !== undefined ? { affectedRows: a.affectedRows } : {}) };
    },
    async close() {
      // Statements sent before still get their answers (the worker takes messages in order); then
      // PGlite closes its files, and the thread ends. A thread already gone has nothing to close.
      worker.removeAllListeners('exit');
      if (!gone) await ask({ close: true }).catch(() => undefined);
      gone ??= new Error('the embedded database is closed');
      await worker.terminate();
    },
  };
}
