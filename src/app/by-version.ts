// Figures change only when data arrive (an ingest, a rebuild, a decision): an answer computed for one
// data version is the answer until the next, so a dashboard request is a lookup [issue 13 "Figures it
// must reach"]. One memo per store, emptied when the version moves on.
import { monitorDataVersion } from '../store/coverage-repository.ts';
import type { Workspace } from './workspace.ts';

/** At most this many answers per data version are kept (the oldest go first). */
const MAX_ANSWERS = 2000;

const memos = new WeakMap<Workspace['store'], { version: string; answers: Map<string, Promise<unknown>> }>();

/** The data version of the monitor's figures now (one small query on indexed maxima). */
export function dataVersion(ws: Workspace): Promise<string> {
  return monitorDataVersion(ws.store.db);
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
