// The monitor's trajectories, kept in the database next to the events they are built from.
// Trajectories depend only on the events of one young person (one pseudonym), so ingest queues the
// pseudonyms whose events it stored (trajectory_dirty, in the same transaction) and, at its end,
// `refreshTrajectories` rebuilds exactly those people's trajectories and request waits. A full
// rebuild is the same step for everybody; both give the same rows (test/monitor-store.test.ts).
// Only writers call this (an ingest's end, `monitor rebuild`): the monitor's reads never write, so a
// read-only database role can serve the figures (docs/architecture.md).
import { buildTrajectories, requestWaits, type RequestWait, type Trajectory } from '../domain/trajectories.ts';
import type { CareEvent } from '../domain/care-events.ts';
import { eventsOfPeople } from '../store/care-event-repository.ts';
import { analyze, vacuumAnalyze, vacuumIfGrown } from '../store/maintenance.ts';
import { dirtyCount, inRefreshTransaction, nextDirty, replacePeople, resetDerived, trajectoryCount } from '../store/trajectory-repository.ts';
import { noteMonitorChange } from '../store/coverage-repository.ts';
import type { Workspace } from './workspace.ts';

/** Young people per refresh transaction. */
const CHUNK = 10_000;
/** Refreshing this many people or more first brings the planner's statistics up to date. */
const ANALYZE_FROM = 1000;

function byPerson(events: readonly CareEvent[]): Map<string, CareEvent[]> {
  const people = new Map<string, CareEvent[]>();
  for (const e of events) {
    const list = people.get(e.client.pseudonym);
    if (list) list.push(e);
    else people.set(e.client.pseudonym, [e]);
  }
  return people;
}

/** Trajectories of every young person in `events`, built person by person. */
export function trajectoriesPerPerson(events: readonly CareEvent[]): Trajectory[] {
  return derivedPerPerson(events).trajectories;
}

/** Trajectories and request waits of every young person in `events`, built person by person. */
export function derivedPerPerson(events: readonly CareEvent[]): { trajectories: Trajectory[]; waits: RequestWait[] } {
  const trajectories: Trajectory[] = [];
  const waits: RequestWait[] = [];
  for (const list of byPerson(events).values()) {
    for (const t of buildTrajectories(list)) trajectories.push(t);
    // Only people with a request can have a request wait (most have none: skip the linking).
    if (list.some((e) => e.kind === 'request')) for (const w of requestWaits(list)) waits.push(w);
  }
  return { trajectories, waits };
}

/**
 * Rebuilds the trajectories of every young person queued by ingest, in chunks (each its own
 * transaction under the ingest lock, so a killed refresh leaves the rest queued for the next ingest
 * or rebuild). `onChunk` is called after each chunk (an ingest run's sign of life). Returns the
 * number of people refreshed.
 */
export async function refreshTrajectories(ws: Workspace, onChunk?: (people: number) => Promise<void>): Promise<number> {
  const db = ws.store.db;
  const dirty = await dirtyCount(db);
  // Nothing to do: no transaction, so nothing waits for an ingest batch being stored.
  if (dirty === 0) return 0;
  // PGlite has no autovacuum: after a large ingest the planner would still believe care_event is
  // small and scan all of it for every chunk. Fresh statistics make it use the pseudonym index.
  if (dirty >= ANALYZE_FROM) await analyze(db, 'care_event');
  let refreshed = 0;
  for (;;) {
    const n = await inRefreshTransaction(db, async (trx) => {
      const people = await nextDirty(trx, CHUNK);
      if (people.length > 0) {
        const derived = derivedPerPerson(await eventsOfPeople(trx, people));
        await replacePeople(trx, people, derived.trajectories, derived.waits);
      }
      return people.length;
    });
    refreshed += n;
    if (n > 0) await onChunk?.(n);
    if (n < CHUNK) break;
  }
  // The same for the figures' queries on trajectory after many people changed (a rebuild, a large
  // ingest): with stale statistics the reach query scanned the index on start_date (every row)
  // instead of the one on the open end (ten years of the region: 197 → 158 ms per reach table).
  // Vacuum too: it marks the rewritten pages all-visible, so the reach query is answered from its
  // covering index alone (migration 007), and PGlite has no autovacuum to clear the dead rows.
  if (dirty >= ANALYZE_FROM) {
    await vacuumAnalyze(db, 'trajectory');
    await vacuumAnalyze(db, 'request_wait');
  } else if (ws.store.kind === 'embedded') {
    // Small refreshes (a day's messages) leave a few hundred dead rows each; on a server autovacuum
    // clears them, on PGlite nobody does. Vacuum a table once it has grown well past its size at
    // the last vacuum or analyze (its row versions then include that many dead ones).
    for (const table of ['trajectory', 'request_wait', 'trajectory_dirty']) await vacuumIfGrown(db, table);
  }
  // The figures changed: a new data version (counting the trajectories on every read would cost a scan).
  if (refreshed > 0) await noteMonitorChange(ws.store.db, 'refresh');
  return refreshed;
}

/** Throws away all trajectories and builds them again from the events; returns the number of young people. */
export async function rebuildTrajectories(ws: Workspace): Promise<number> {
  await inRefreshTransaction(ws.store.db, resetDerived);
  const people = await refreshTrajectories(ws);
  // Also when nobody's trajectories were refreshed (no events): the data version must change.
  await noteMonitorChange(ws.store.db, 'rebuild');
  return people;
}

/** The number of stored trajectories. */
export function storedTrajectoryCount(ws: Workspace): Promise<number> {
  return trajectoryCount(ws.store.db);
}
