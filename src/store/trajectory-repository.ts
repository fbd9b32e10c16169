// The monitor's derived tables: trajectory and request_wait (built per young person from care_event)
// and trajectory_dirty, the queue of young people whose events changed since their trajectories were
// built. Rows travel packed (packed.ts); callers see the domain's Trajectory and RequestWait.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Period } from '../domain/reach-figures.ts';
import type { RequestWait, Trajectory } from '../domain/trajectories.ts';
import { amongAssignments, dateText, type AssignmentKeys } from './care-event-repository.ts';
import { lockIngest, MAX_ROWS_PER_STATEMENT, type IngestTx } from './ingest-repository.ts';
import { packedInsert, packRows, selectPacked, textArray, type PackedColumn } from './packed.ts';
import type { Database, RequestWaitTable, TrajectoryTable } from './schema.ts';

type Db = Kysely<Database> | IngestTx;

/** Trajectories per packed read and insert. */
const PAGE = 50_000;

const columns = (list: readonly (readonly [string, PackedColumn['type']])[]): readonly PackedColumn[] => list.map(([name, type]) => ({ name, type }));

const TRAJECTORY_COLUMNS = columns([
  ['pseudonym', 'text'], ['key', 'text'], ['basis', 'text'], ['municipality', 'text'], ['provider', 'text'], ['category', 'text'], ['birth_month', 'text'],
  ['gender', 'text'], ['pc4', 'text'], ['start_date', 'date'], ['end_date', 'date'], ['end_reason', 'text'], ['assignment_number', 'text'],
  ['assigned_on', 'date'], ['assignment_from', 'date'], ['requested_on', 'date'],
]);
const TRAJECTORY_KEY = ['pseudonym', 'key'];

const REQUEST_WAIT_COLUMNS = columns([
  ['pseudonym', 'text'], ['municipality', 'text'], ['assignment_number', 'text'], ['provider', 'text'], ['category', 'text'], ['birth_month', 'text'],
  ['gender', 'text'], ['pc4', 'text'], ['requested_on', 'date'], ['assigned_on', 'date'],
]);
const REQUEST_WAIT_KEY = ['pseudonym', 'municipality', 'assignment_number'];

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

async function trajectoriesWhere(db: Db, where: RawBuilder<unknown>): Promise<Trajectory[]> {
  return (await selectPacked<TrajectoryTable>(db, 'trajectory', TRAJECTORY_COLUMNS, TRAJECTORY_KEY, where)).map(trajectoryFromRow);
}

// ── the queue of young people to refresh ──

/** Queues young people for a refresh (in the ingest batch's transaction, with their events). */
export async function markDirty(trx: IngestTx, people: readonly string[]): Promise<void> {
  for (let i = 0; i < people.length; i += MAX_ROWS_PER_STATEMENT) {
    await sql`insert into trajectory_dirty (pseudonym) select * from unnest(${textArray(people.slice(i, i + MAX_ROWS_PER_STATEMENT))}) on conflict (pseudonym) do nothing`.execute(trx);
  }
}

/** Young people waiting for a refresh. */
export async function dirtyCount(db: Db): Promise<number> {
  return Number((await sql<{ n: string }>`select count(*)::text as n from trajectory_dirty`.execute(db)).rows[0]?.n ?? 0);
}

/** Runs `fn` in a transaction under the ingest lock (a refresh chunk, a rebuild's reset). */
export function inRefreshTransaction<T>(db: Kysely<Database>, fn: (trx: IngestTx) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await lockIngest(trx);
    return fn(trx);
  });
}

/** The next `n` young people in the queue, in pseudonym order. */
export async function nextDirty(trx: IngestTx, n: number): Promise<string[]> {
  return (await trx.selectFrom('trajectory_dirty').select('pseudonym').orderBy('pseudonym').limit(n).execute()).map((r) => r.pseudonym);
}

/** Throws away every trajectory and request wait and queues every young person with events. */
export async function resetDerived(trx: IngestTx): Promise<void> {
  await trx.deleteFrom('trajectory').execute();
  await trx.deleteFrom('request_wait').execute();
  await sql`insert into trajectory_dirty (pseudonym) select distinct pseudonym from care_event on conflict do nothing`.execute(trx);
}

/**
 * Makes the rows of `people` in `table` equal to `rows`, touching only the rows that changed: a day's
 * messages change one trajectory of a young person, not the others. Fewer rows rewritten is less
 * index upkeep, fewer dead rows and fewer pages that lose their all-visible mark (the reach query's
 * index-only scan). `key` is the table's primary key.
 */
async function replaceRows<T extends object>(
  trx: IngestTx, table: string, cols: readonly PackedColumn[], key: readonly string[], people: readonly string[], rows: readonly T[],
): Promise<void> {
  const cells = (r: T) => cols.map((c) => (r as Record<string, string | number | null | undefined>)[c.name]);
  const text = (r: T) => packRows([cells(r)]);
  const keyOf = (r: T) => key.map((k) => String((r as Record<string, unknown>)[k])).join('\u001f');
  const stored = new Map<string, string>();
  for (const r of await selectPacked<T>(trx, table, cols, [], sql`pseudonym = any(${textArray(people)})`, 'all')) stored.set(keyOf(r), text(r));
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
    await packedInsert(table, cols, packRows(fresh.slice(i, i + PAGE).map(cells))).execute(trx);
  }
}

/** Stores the trajectories and request waits of `people` (built from all their events) and takes them off the queue. */
export async function replacePeople(trx: IngestTx, people: readonly string[], trajectories: readonly Trajectory[], waits: readonly RequestWait[]): Promise<void> {
  await replaceRows(trx, 'trajectory', TRAJECTORY_COLUMNS, TRAJECTORY_KEY, people, trajectories.map(rowOf));
  await replaceRows(trx, 'request_wait', REQUEST_WAIT_COLUMNS, REQUEST_WAIT_KEY, people, waits.map(waitRowOf));
  await sql`delete from trajectory_dirty where pseudonym = any(${textArray(people)})`.execute(trx);
}

// ── the monitor's reads ──

/** Trajectories that overlap the period (reach figures). */
export function trajectoriesOverlapping(db: Db, p: Period): Promise<Trajectory[]> {
  return trajectoriesWhere(db, sql`start_date <= ${p.to}::date and (end_date is null or end_date >= ${p.from}::date)`);
}

/** Assignment trajectories that started in the period (assignment → start waits). */
export function assignmentTrajectoriesStartedIn(db: Db, p: Period): Promise<Trajectory[]> {
  return trajectoriesWhere(db, sql`basis = 'assignment' and start_date between ${p.from}::date and ${p.to}::date`);
}

/** Trajectories started on an assignment by the period's end, of the assignments timeliness can need. */
export function startedAssignments(db: Db, p: Period, keys: AssignmentKeys): Promise<Trajectory[]> {
  return trajectoriesWhere(db, sql`assignment_number is not null and start_date <= ${p.to}::date and ${amongAssignments(keys)}`);
}

/** Request waits that ended in the period: the assignment was first decided in it. */
export async function requestWaitsEndingIn(db: Db, p: Period): Promise<RequestWait[]> {
  const rows = await selectPacked<RequestWaitTable>(db, 'request_wait', REQUEST_WAIT_COLUMNS, REQUEST_WAIT_KEY, sql`assigned_on between ${p.from}::date and ${p.to}::date`);
  return rows.map(requestWaitFromRow);
}

/** Every stored trajectory and request wait (tests and tools), in key order. */
export async function allDerived(db: Db): Promise<{ trajectories: Trajectory[]; waits: RequestWait[] }> {
  const trajectories = await trajectoriesWhere(db, sql`true`);
  const waits = (await selectPacked<RequestWaitTable>(db, 'request_wait', REQUEST_WAIT_COLUMNS, REQUEST_WAIT_KEY, sql`true`)).map(requestWaitFromRow);
  return { trajectories, waits };
}

/** The number of stored trajectories. */
export async function trajectoryCount(db: Db): Promise<number> {
  return Number((await sql<{ n: string }>`select count(*)::text as n from trajectory`.execute(db)).rows[0]?.n ?? 0);
}

/** The first day of care in the monitor (null before any). */
export async function firstTrajectoryStart(db: Db): Promise<string | null> {
  const row = await db.selectFrom('trajectory').select((eb) => eb.fn.min('start_date').as('first')).executeTakeFirst();
  return (row?.first as string | null | undefined) ?? null;
}
