// The monitor's trajectories, kept in the database next to the events they are built from.
// Trajectories depend only on the events of one young person (one pseudonym), so ingest marks the
// pseudonyms whose events it stored (table trajectory_dirty, in the same transaction) and
// `refreshTrajectories` rebuilds exactly those people's trajectories and request waits. A full
// rebuild is the same step for everybody; both give the same rows (test/monitor-store.test.ts).
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { CareEvent } from '../domain/care-events.ts';
import { buildTrajectories, requestWaits, type RequestWait, type Trajectory } from '../domain/trajectories.ts';
import type { Period } from '../domain/reach-figures.ts';
import { CARE_EVENT_COLUMNS, type Database, type CareEventTable, type RequestWaitTable, type TrajectoryTable } from '../store/schema.ts';
import { packedInsert, packRows, selectPacked, textArray, type PackedColumn } from '../store/packed.ts';
import type { Workspace } from './workspace.ts';

/** The advisory lock ingest holds while storing a batch; a refresh holds it too, so they take turns. */
export const INGEST_LOCK = 4242002;
/** Young people per refresh transaction. */
const CHUNK = 10_000;
/** Refreshing this many people or more first brings the planner's statistics up to date. */
const ANALYZE_FROM = 1000;
/** Trajectories per packed read. */
const PAGE = 50_000;

const EVENT_COLUMNS: readonly PackedColumn[] = CARE_EVENT_COLUMNS;

const TRAJECTORY_COLUMNS: readonly PackedColumn[] = (
  [
    ['pseudonym', 'text'], ['key', 'text'], ['basis', 'text'], ['municipality', 'text'], ['provider', 'text'], ['category', 'text'], ['birth_month', 'text'],
    ['gender', 'text'], ['pc4', 'text'], ['start_date', 'date'], ['end_date', 'date'], ['end_reason', 'text'], ['assignment_number', 'text'],
    ['assigned_on', 'date'], ['assignment_from', 'date'], ['requested_on', 'date'],
  ] as const
).map(([name, type]) => ({ name, type }));

const REQUEST_WAIT_COLUMNS: readonly PackedColumn[] = (
  [
    ['pseudonym', 'text'], ['municipality', 'text'], ['assignment_number', 'text'], ['provider', 'text'], ['category', 'text'], ['birth_month', 'text'],
    ['gender', 'text'], ['pc4', 'text'], ['requested_on', 'date'], ['assigned_on', 'date'],
  ] as const
).map(([name, type]) => ({ name, type }));

const dateText = (v: unknown): string | undefined =>
  v === null || v === undefined ? undefined : typeof v === 'string' ? (v.length === 10 ? v : v.slice(0, 10)) : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10);

export function eventFromRow(r: CareEventTable): CareEvent {
  // Plain object literals, no spreads: a full rebuild turns millions of rows into events.
  const client: { pseudonym: string; birthMonth: string; gender: string; pc4?: string } = { pseudonym: r.pseudonym, birthMonth: r.birth_month, gender: r.gender };
  if (r.pc4) client.pc4 = r.pc4;
  const sentOn = dateText(r.sent_on)!;
  const messageKey = `${r.sender}|${r.identification}|${sentOn}|${r.position}`;
  const number = r.assignment_number ?? undefined;
  switch (r.kind) {
    case 'assignment': {
      const e = { messageKey, sentOn, municipality: r.municipality, provider: r.provider, client, category: r.category, kind: 'assignment' as const, assignmentNumber: number ?? '', assignedOn: dateText(r.assigned_on)!, validFrom: dateText(r.valid_from)! };
      // an assignment's reason column holds its RedenWijziging (JZ002)
      const changed = r.reason ? { ...e, changeReason: r.reason } : e;
      return r.valid_until ? { ...changed, validUntil: dateText(r.valid_until)! } : changed;
    }
    case 'start': {
      const e = { messageKey, sentOn, municipality: r.municipality, provider: r.provider, client, category: r.category, kind: 'start' as const, startDate: dateText(r.start_date)!, status: r.status === '3' ? ('3' as const) : ('1' as const) };
      return number ? Object.assign(e, { assignmentNumber: number }) : e;
    }
    case 'stop': {
      const e = { messageKey, sentOn, municipality: r.municipality, provider: r.provider, client, category: r.category, kind: 'stop' as const, startDate: dateText(r.start_date)!, endDate: dateText(r.end_date)!, reason: r.reason ?? '', status: r.status === '3' ? ('3' as const) : ('1' as const) };
      return number ? Object.assign(e, { assignmentNumber: number }) : e;
    }
    default: {
      const e = { messageKey, sentOn, municipality: r.municipality, provider: r.provider, client, category: r.category, kind: 'request' as const, requestedStart: dateText(r.requested_start)! };
      return number ? Object.assign(e, { assignmentNumber: number }) : e;
    }
  }
}

function rowOf(t: Trajectory): TrajectoryTable {
  return {
    pseudonym: t.client.pseudonym,
    key: t.key,
    basis: t.basis,
    municipality: t.municipality,
    provider: t.provider,
    category: t.category,
    birth_month: t.client.birthMonth,
    gender: t.client.gender,
    pc4: t.client.pc4 ?? null,
    start_date: t.start,
    end_date: t.end ?? null,
    end_reason: t.endReason ?? null,
    assignment_number: t.assignmentNumber ?? null,
    assigned_on: t.assignedOn ?? null,
    assignment_from: t.assignmentFrom ?? null,
    requested_on: t.requestedOn ?? null,
  };
}

function waitRowOf(w: RequestWait): RequestWaitTable {
  return {
    pseudonym: w.client.pseudonym,
    municipality: w.municipality,
    assignment_number: w.assignmentNumber,
    provider: w.provider,
    category: w.category,
    birth_month: w.client.birthMonth,
    gender: w.client.gender,
    pc4: w.client.pc4 ?? null,
    requested_on: w.requestedOn,
    assigned_on: w.assignedOn,
  };
}

export function requestWaitFromRow(r: RequestWaitTable): RequestWait {
  return {
    municipality: r.municipality,
    provider: r.provider,
    category: r.category,
    client: { pseudonym: r.pseudonym, birthMonth: r.birth_month, gender: r.gender, ...(r.pc4 ? { pc4: r.pc4 } : {}) },
    assignmentNumber: r.assignment_number,
    requestedOn: dateText(r.requested_on)!,
    assignedOn: dateText(r.assigned_on)!,
  };
}

export function trajectoryFromRow(r: TrajectoryTable): Trajectory {
  return {
    key: r.key,
    basis: r.basis === 'task' ? 'task' : 'assignment',
    municipality: r.municipality,
    provider: r.provider,
    category: r.category,
    client: { pseudonym: r.pseudonym, birthMonth: r.birth_month, gender: r.gender, ...(r.pc4 ? { pc4: r.pc4 } : {}) },
    start: dateText(r.start_date)!,
    ...(r.end_date ? { end: dateText(r.end_date)!, endReason: r.end_reason ?? '' } : {}),
    ...(r.assignment_number ? { assignmentNumber: r.assignment_number } : {}),
    ...(r.assigned_on ? { assignedOn: dateText(r.assigned_on)! } : {}),
    ...(r.assignment_from ? { assignmentFrom: dateText(r.assignment_from)! } : {}),
    ...(r.requested_on ? { requestedOn: dateText(r.requested_on)! } : {}),
  };
}

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

/** Events of the given people. */
export function eventsOf(db: Kysely<Database>, people: readonly string[]): Promise<CareEventTable[]> {
  return selectPacked<CareEventTable>(db, 'care_event', EVENT_COLUMNS, [], sql`pseudonym = any(${textArray(people)})`, 'all');
}

/** Events matching a condition, read packed (see store/packed.ts). */
export function eventsWhere(db: Kysely<Database>, where: RawBuilder<unknown>): Promise<CareEventTable[]> {
  return selectPacked<CareEventTable>(db, 'care_event', EVENT_COLUMNS, ['sender', 'identification', 'sent_on', 'position'], where);
}

async function trajectoriesWhere(db: Kysely<Database>, where: RawBuilder<unknown>): Promise<Trajectory[]> {
  return (await selectPacked<TrajectoryTable>(db, 'trajectory', TRAJECTORY_COLUMNS, ['pseudonym', 'key'], where)).map(trajectoryFromRow);
}

/**
 * Makes the rows of `people` in `table` equal to `rows`, touching only the rows that changed: a day's
 * messages change one trajectory of a young person, not the others. Fewer rows rewritten is less
 * index upkeep, fewer dead rows and fewer pages that lose their all-visible mark (the reach query's
 * index-only scan). `key` is the table's primary key.
 */
async function replaceRows<T extends object>(
  trx: Transaction<Database>, table: string, columns: readonly PackedColumn[], key: readonly string[], people: readonly string[], rows: readonly T[],
): Promise<void> {
  const cells = (r: T) => columns.map((c) => (r as Record<string, string | number | null | undefined>)[c.name]);
  const text = (r: T) => packRows([cells(r)]);
  const keyOf = (r: T) => key.map((k) => String((r as Record<string, unknown>)[k])).join('\u001f');
  const stored = new Map<string, string>();
  for (const r of await selectPacked<T>(trx, table, columns, [], sql`pseudonym = any(${textArray(people)})`, 'all')) stored.set(keyOf(r), text(r));
  const fresh: T[] = [];
  for (const r of rows) {
    const k = keyOf(r);
    const before = stored.get(k);
    if (before === undefined) fresh.push(r);
    else {
      stored.delete(k);
      if (before !== text(r)) {
        stored.set(k, before); // changed: delete the old row, insert the new one
        fresh.push(r);
      }
    }
  }
  // What is left in `stored` is gone or changed.
  if (stored.size > 0) {
    const gone = [...stored.keys()].map((k) => k.split('\u001f'));
    const arrays = key.map((_, i) => textArray(gone.map((g) => g[i]!)));
    await sql`delete from ${sql.raw(table)} where (${sql.raw(key.join(', '))}) in (select * from unnest(${sql.join(arrays)}))`.execute(trx);
  }
  for (let i = 0; i < fresh.length; i += PAGE) {
    await packedInsert(table, columns, packRows(fresh.slice(i, i + PAGE).map(cells))).execute(trx);
  }
}

async function rebuildPeople(trx: Transaction<Database>, people: readonly string[]): Promise<number> {
  const derived = derivedPerPerson((await eventsOf(trx, people)).map(eventFromRow));
  const trajectories = derived.trajectories.map(rowOf);
  await replaceRows(trx, 'trajectory', TRAJECTORY_COLUMNS, ['pseudonym', 'key'], people, trajectories);
  await replaceRows(trx, 'request_wait', REQUEST_WAIT_COLUMNS, ['pseudonym', 'municipality', 'assignment_number'], people, derived.waits.map(waitRowOf));
  await sql`delete from trajectory_dirty where pseudonym = any(${textArray(people)})`.execute(trx);
  return trajectories.length;
}

/**
 * Rebuilds the trajectories of every young person marked dirty by ingest, in chunks (each its own
 * transaction, so a killed refresh leaves the rest marked). Returns the number of people refreshed.
 */
export async function refreshTrajectories(ws: Workspace): Promise<number> {
  // PGlite has no autovacuum: after a large ingest the planner would still believe care_event is
  // small and scan all of it for every chunk. Fresh statistics make it use the pseudonym index.
  const dirty = Number((await sql<{ n: string }>`select count(*) as n from trajectory_dirty`.execute(ws.store.db)).rows[0]?.n ?? 0);
  // Nothing to do: no transaction, so a query does not wait for an ingest batch being stored.
  if (dirty === 0) return 0;
  if (dirty >= ANALYZE_FROM) await sql`analyze care_event`.execute(ws.store.db);
  const refreshed = await refreshChunks(ws);
  // The same for the figures' queries on trajectory after many people changed (a rebuild, a large
  // ingest): with stale statistics the reach query scanned the index on start_date (every row)
  // instead of the one on the open end (ten years of the region: 197 → 158 ms per reach table).
  // Vacuum too: it marks the rewritten pages all-visible, so the reach query is answered from its
  // covering index alone (migration 007), and PGlite has no autovacuum to clear the dead rows.
  if (dirty >= ANALYZE_FROM) {
    await sql`vacuum (analyze) trajectory`.execute(ws.store.db);
    await sql`vacuum (analyze) request_wait`.execute(ws.store.db);
  } else if (ws.store.kind === 'embedded') {
    // Small refreshes (a day's messages) leave a few hundred dead rows each; on a server autovacuum
    // clears them, on PGlite nobody does. Vacuum a table once it has grown well past its size at
    // the last vacuum or analyze (its row versions then include that many dead ones).
    for (const table of ['trajectory', 'request_wait', 'trajectory_dirty']) await vacuumIfGrown(ws, table);
  }
  return refreshed;
}

/** Pages a table may grow by beyond its size at the last vacuum or analyze before it is vacuumed. */
export function outgrown(pagesAtLastVacuum: number, pagesNow: number): boolean {
  return pagesNow > pagesAtLastVacuum * 1.2 + 128;
}

/**
 * Vacuums (and analyzes) `table` when it has outgrown its size at the last vacuum or analyze
 * (pg_class.relpages, which PostgreSQL keeps across restarts, unlike its dead-row statistics, which
 * PGlite loses when it closes). Returns whether it did.
 */
export async function vacuumIfGrown(ws: Workspace, table: string): Promise<boolean> {
  const { rows } = await sql<{ relpages: number; pages: string }>`
    select relpages, (pg_relation_size(oid) / current_setting('block_size')::int)::text as pages
    from pg_class where oid = to_regclass(${table})`.execute(ws.store.db);
  const r = rows[0];
  if (r === undefined || !outgrown(Number(r.relpages), Number(r.pages))) return false;
  await sql`vacuum (analyze) ${sql.raw(table)}`.execute(ws.store.db);
  return true;
}

async function refreshChunks(ws: Workspace): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await ws.store.db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${sql.lit(INGEST_LOCK)})`.execute(trx);
      const people = (await trx.selectFrom('trajectory_dirty').select('pseudonym').orderBy('pseudonym').limit(CHUNK).execute()).map((r) => r.pseudonym);
      if (people.length > 0) await rebuildPeople(trx, people);
      return people.length;
    });
    total += n;
    if (n < CHUNK) return total;
  }
}

/** Throws away all trajectories and builds them again from the events. */
export async function rebuildTrajectories(ws: Workspace): Promise<number> {
  await ws.store.db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${sql.lit(INGEST_LOCK)})`.execute(trx);
    await trx.deleteFrom('trajectory').execute();
    await trx.deleteFrom('request_wait').execute();
    await sql`insert into trajectory_dirty (pseudonym) select distinct pseudonym from care_event on conflict do nothing`.execute(trx);
  });
  return refreshTrajectories(ws);
}

/** Trajectories that overlap the period (reach figures). */
export function trajectoriesOverlapping(ws: Workspace, p: Period): Promise<Trajectory[]> {
  return trajectoriesWhere(ws.store.db, sql`start_date <= ${p.to}::date and (end_date is null or end_date >= ${p.from}::date)`);
}

/** Assignment trajectories that started in the period (assignment → start waits). */
export function assignmentTrajectoriesStartedIn(ws: Workspace, p: Period): Promise<Trajectory[]> {
  return trajectoriesWhere(ws.store.db, sql`basis = 'assignment' and start_date between ${p.from}::date and ${p.to}::date`);
}

/** Request waits that ended in the period: the assignment was first decided in it. */
export async function requestWaitsEndingIn(ws: Workspace, p: Period): Promise<RequestWait[]> {
  const rows = await selectPacked<RequestWaitTable>(
    ws.store.db, 'request_wait', REQUEST_WAIT_COLUMNS, ['pseudonym', 'municipality', 'assignment_number'], sql`assigned_on between ${p.from}::date and ${p.to}::date`,
  );
  return rows.map(requestWaitFromRow);
}

/**
 * The assignments (municipality, ToewijzingNummer) whose facts timeliness over `p` can need: those
 * with a decision by the period's end that is valid on or after its first day (candidates for
 * "without a start": only the latest decision counts, and it is among these when it is valid), and
 * those the period's start messages refer to (their first arrival dates a late start). Any other
 * assignment cannot change a figure of the period. Read once and handed to both reads below (as a
 * subquery it was evaluated again for every page of events, ~0.35 s each on ten years).
 */
export interface AssignmentKeys {
  readonly municipalities: readonly string[];
  readonly numbers: readonly string[];
}

export async function timelinessAssignments(ws: Workspace, p: Period): Promise<AssignmentKeys> {
  const { rows } = await sql<{ municipality: string; assignment_number: string }>`
    select municipality, assignment_number from care_event
      where kind = 'assignment' and assigned_on <= ${p.to}::date and (valid_until is null or valid_until >= ${p.from}::date)
    union
    select municipality, assignment_number from care_event
      where kind = 'start' and assignment_number is not null and sent_on between ${p.from}::date and ${p.to}::date`.execute(ws.store.db);
  return { municipalities: rows.map((r) => r.municipality), numbers: rows.map((r) => r.assignment_number) };
}

const amongKeys = (k: AssignmentKeys) =>
  sql`(municipality, assignment_number) in (select * from unnest(${textArray(k.municipalities)}, ${textArray(k.numbers)}))`;

/**
 * What timeliness over `p` reads: the messages sent in the period, and every decision up to the
 * period's end about the assignments it can need (`keys`, timelinessAssignments). The same figures
 * as from all events, without reading ten years of assignments for one month.
 */
export function timelinessEvents(ws: Workspace, p: Period, keys: AssignmentKeys): Promise<CareEventTable[]> {
  return eventsWhere(ws.store.db, sql`(sent_on between ${p.from}::date and ${p.to}::date) or (kind = 'assignment' and assigned_on <= ${p.to}::date and ${amongKeys(keys)})`);
}

/** Trajectories started on an assignment by the period's end, of the assignments timeliness can need. */
export function startedAssignments(ws: Workspace, p: Period, keys: AssignmentKeys): Promise<Trajectory[]> {
  return trajectoriesWhere(ws.store.db, sql`assignment_number is not null and start_date <= ${p.to}::date and ${amongKeys(keys)}`);
}
