// Figures change only when data arrive (an ingest, a rebuild, a decision): an answer computed for one
// data version is the answer until the next, so a dashboard request is a lookup [issue 13 "Figures it
// must reach"]. One memo per store, emptied when the version moves on. The version itself is read
// once and kept until this process writes (the store's write watch) — on a server database, where
// other processes write too, for OTHER_WRITERS_MS at most (decisions §46).
import { servingState } from '../store/coverage-repository.ts';
import type { Store } from '../store/database.ts';
import type { Workspace } from './workspace.ts';

/** At most this many answers per data version are kept (the oldest go first). */
const MAX_ANSWERS = 2000;
/**
 * On a server database, how long a read kept here may miss what another process wrote (the CLI's
 * ingest or decision beside a running server): after this it is read again.
 */
export const OTHER_WRITERS_MS = 1000;

const memos = new WeakMap<Workspace['store'], { version: string; answers: Map<string, Promise<unknown>> }>();

interface Kept {
  readonly epoch: number;
  readonly at: number;
  readonly value: Promise<unknown>;
}
const keptReads = new WeakMap<Store, Map<string, Kept>>();
/** At most this many kept reads per store (accounts behind tokens and sessions, mostly). */
const MAX_KEPT = 5000;

/**
 * What `read` gave for `key`, read again only when this process has written since it was read, or
 * after `maxAgeMs` (always on a server database: OTHER_WRITERS_MS at most, other processes write
 * there). Reads of one key at the same time share one. A failed read is not kept.
 */
export function keptRead<T>(store: Store, key: string, maxAgeMs: number, read: () => Promise<T>): Promise<T> {
  let kept = keptReads.get(store);
  if (!kept) keptReads.set(store, (kept = new Map()));
  const now = performance.now();
  const age = store.kind === 'server' ? Math.min(maxAgeMs, OTHER_WRITERS_MS) : maxAgeMs;
  const hit = kept.get(key);
  if (hit && hit.epoch === store.writes.epoch && now - hit.at < age) return hit.value as Promise<T>;
  const entry: Kept = { epoch: store.writes.epoch, at: now, value: read() };
  kept.delete(key);
  kept.set(key, entry);
  if (kept.size > MAX_KEPT) kept.delete(kept.keys().next().value!);
  entry.value.catch(() => {
    if (kept.get(key) === entry) kept.delete(key);
  });
  return entry.value as Promise<T>;
}

/** Forgets what was kept for `key`: it is read again at the next ask. */
export function forgetKept(store: Store, key: string): void {
  keptReads.get(store)?.delete(key);
}

/**
 * What answers are served by now (servingState: the data version, young people waiting for a
 * refresh, ingests running), read once and kept as above; while an ingest runs, read at every ask.
 */
async function servingStateOf(ws: Workspace) {
  const s = await keptRead(ws.store, 'serving-state', Infinity, () => servingState(ws.store.db));
  if (s.runningIngests > 0) forgetKept(ws.store, 'serving-state');
  return s;
}

/** The data version of the monitor's figures now (small queries on indexed maxima, kept as above). */
export async function dataVersion(ws: Workspace): Promise<string> {
  return (await servingStateOf(ws)).version;
}

/** What answers are served by: their version, or none while they change without a new version. */
export interface ServedVersion {
  /** The data version, the rules of the figures and today's date: an answer kept under it is the answer. */
  readonly key: string;
  /**
   * False while an ingest is running (its progress and how long ago it was last heard of are in
   * every answer's Data-Incomplete, and change between versions): answers are then computed.
   */
  readonly keep: boolean;
}

/** The version an answer to a dashboard question is kept and served by (src/api/answer-cache.ts). */
export async function servedVersion(ws: Workspace): Promise<ServedVersion> {
  const s = await servingStateOf(ws);
  return { key: `${s.version}|pending ${s.pendingPeople}|today ${ws.engine.today()}`, keep: s.runningIngests === 0 };
}

/**
 * The answer `compute` gives for `key` under the current data version: computed once, then served
 * from memory until the data change. A failed computation is forgotten (the next asks again).
 */
export async function byDataVersion<T>(ws: Workspace, key: string, compute: () => Promise<T>): Promise<T> {
  const version = await dataVersion(ws);
  let memo = memos.get(ws.store);
  if (!memo || memo.version !== version) memos.set(ws.store, (memo = { version, answers: new Map() }));
  const hit = memo.answers.get(key);
  if (hit) return hit as Promise<T>;
  const answers = memo.answers;
  const answer = compute();
  answers.set(key, answer);
  if (answers.size > MAX_ANSWERS) answers.delete(answers.keys().next().value!);
  answer.catch(() => answers.delete(key));
  return answer;
}
