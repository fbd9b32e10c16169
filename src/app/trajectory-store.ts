// The monitor's trajectories, kept in the database next to the events they are built from.
// Trajectories depend only on the events of one young person (one pseudonym), so ingest marks the
// pseudonyms whose events it stored (table trajectory_dirty, in the same transaction) and
// `refreshTrajectories` rebuilds exactly those people's trajectories. A full rebuild is the same
// step for everybody; both give the same rows (test/monitor-store.test.ts).
import { sql, type Transaction } from 'kysely';
import type { CareEvent } from '../domain/care-events.ts';
import { buildTrajectories, type Trajectory } from '../domain/trajectories.ts';
import type { Period } from '../domain/reach-figures.ts';
import type { Database, CareEventTable, TrajectoryTable } from '../store/schema.ts';
import type { Workspace } from './workspace.ts';

/** The advisory lock ingest holds while storing a batch; a refresh holds it too, so they take turns. */
const INGEST_LOCK = 4242002;
/** Young people per refresh transaction. */
const CHUNK = 2000;

const dateText = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

export function eventFromRow(r: CareEventTable): CareEvent {
  const base = {
    messageKey: `${r.sender}|${r.identification}|${dateText(r.sent_on)}|${r.position}`,
    sentOn: dateText(r.sent_on)!,
    municipality: r.municipality,
    provider: r.provider,
    client: { pseudonym: r.pseudonym, birthMonth: r.birth_month, gender: r.gender, ...(r.pc4 ? { pc4: r.pc4 } : {}) },
    category: r.category,
  };
  const number = r.assignment_number ? { assignmentNumber: r.assignment_number } : {};
  switch (r.kind) {
    case 'assignment':
      return { ...base, kind: 'assignment', assignmentNumber: r.assignment_number ?? '', assignedOn: dateText(r.assigned_on)!, validFrom: dateText(r.valid_from)!, ...(r.valid_until ? { validUntil: dateText(r.valid_until)! } : {}) };
    case 'start':
      return { ...base, ...number, kind: 'start', startDate: dateText(r.start_date)!, status: r.status === '3' ? '3' : '1' };
    case 'stop':
      return { ...base, ...number, kind: 'stop', startDate: dateText(r.start_date)!, endDate: dateText(r.end_date)!, reason: r.reason ?? '', status: r.status === '3' ? '3' : '1' };
    default:
      return { ...base, ...number, kind: 'request', requestedStart: dateText(r.requested_start)! };
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

/** Trajectories of every young person in `events`, built person by person. */
export function trajectoriesPerPerson(events: readonly CareEvent[]): Trajectory[] {
  const byPerson = new Map<string, CareEvent[]>();
  for (const e of events) {
    const list = byPerson.get(e.client.pseudonym);
    if (list) list.push(e);
    else byPerson.set(e.client.pseudonym, [e]);
  }
  const out: Trajectory[] = [];
  for (const list of byPerson.values()) for (const t of buildTrajectories(list)) out.push(t);
  return out;
}

async function rebuildPeople(trx: Transaction<Database>, people: readonly string[]): Promise<number> {
  const rows = await trx.selectFrom('care_event').selectAll().where('pseudonym', 'in', people).execute();
  const trajectories = trajectoriesPerPerson(rows.map(eventFromRow)).map(rowOf);
  await trx.deleteFrom('trajectory').where('pseudonym', 'in', people).execute();
  for (let i = 0; i < trajectories.length; i += 2000) await trx.insertInto('trajectory').values(trajectories.slice(i, i + 2000)).execute();
  await trx.deleteFrom('trajectory_dirty').where('pseudonym', 'in', people).execute();
  return trajectories.length;
}

/**
 * Rebuilds the trajectories of every young person marked dirty by ingest, in chunks (each its own
 * transaction, so a killed refresh leaves the rest marked). Returns the number of people refreshed.
 */
export async function refreshTrajectories(ws: Workspace): Promise<number> {
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
    await sql`insert into trajectory_dirty (pseudonym) select distinct pseudonym from care_event on conflict do nothing`.execute(trx);
  });
  return refreshTrajectories(ws);
}

/** Trajectories that overlap the period (reach figures). */
export async function trajectoriesOverlapping(ws: Workspace, p: Period): Promise<Trajectory[]> {
  const rows = await ws.store.db
    .selectFrom('trajectory')
    .selectAll()
    .where('start_date', '<=', p.to)
    .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', p.from)]))
    .execute();
  return rows.map(trajectoryFromRow);
}

/** Trajectories whose wait ended in the period: started or assigned in it (waiting times). */
export async function trajectoriesWaitingIn(ws: Workspace, p: Period): Promise<Trajectory[]> {
  const rows = await ws.store.db
    .selectFrom('trajectory')
    .selectAll()
    .where('basis', '=', 'assignment')
    .where((eb) => eb.or([eb.and([eb('start_date', '>=', p.from), eb('start_date', '<=', p.to)]), eb.and([eb('assigned_on', '>=', p.from), eb('assigned_on', '<=', p.to)])]))
    .execute();
  return rows.map(trajectoryFromRow);
}

/** Assignment trajectories (the ones that started on an assignment), for timeliness. */
export async function startedAssignments(ws: Workspace): Promise<Trajectory[]> {
  const rows = await ws.store.db.selectFrom('trajectory').selectAll().where('assignment_number', 'is not', null).execute();
  return rows.map(trajectoryFromRow);
}
