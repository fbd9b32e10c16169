// The care events ingest keeps of each message (care_event): written by COPY in an ingest batch, read
// packed (packed.ts) per young person for the trajectories and per period for timeliness, and turned
// back into the domain's CareEvent here, so no caller sees a row.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { CareEvent } from '../domain/care-events.ts';
import type { Period } from '../domain/reach-figures.ts';
import { copyFrom } from './copy.ts';
import type { IngestTx } from './ingest-repository.ts';
import { selectPacked, textArray } from './packed.ts';
import { CARE_EVENT_COLUMNS, type CareEventTable, type Database } from './schema.ts';

type Db = Kysely<Database> | IngestTx;

const EVENT_COLUMN_NAMES = CARE_EVENT_COLUMNS.map((c) => c.name);

/** Copies events in: `data` is COPY text in CARE_EVENT_COLUMNS order (made by ingest-prepare.ts); returns the rows. */
export function copyEvents(trx: IngestTx, data: string): Promise<number> {
  return copyFrom(trx, 'care_event', EVENT_COLUMN_NAMES, data);
}

export const dateText = (v: unknown): string | undefined =>
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

/** Events matching a condition, read packed in pages in the order of the primary key. */
async function eventsWhere(db: Db, where: RawBuilder<unknown>): Promise<CareEvent[]> {
  return (await selectPacked<CareEventTable>(db, 'care_event', CARE_EVENT_COLUMNS, ['sender', 'identification', 'sent_on', 'position'], where)).map(eventFromRow);
}

/** Every event of the given young people (one query: the list bounds it). */
export async function eventsOfPeople(db: Db, people: readonly string[]): Promise<CareEvent[]> {
  return (await selectPacked<CareEventTable>(db, 'care_event', CARE_EVENT_COLUMNS, [], sql`pseudonym = any(${textArray(people)})`, 'all')).map(eventFromRow);
}

/** Every stored event (tests and tools; the monitor reads trajectories). */
export function allEvents(db: Db): Promise<CareEvent[]> {
  return eventsWhere(db, sql`true`);
}

/**
 * The assignments (municipality, ToewijzingNummer) whose facts timeliness over a period can need: those
 * with a decision by the period's end that is valid on or after its first day (candidates for
 * "without a start": only the latest decision counts, and it is among these when it is valid), and
 * those the period's start messages refer to (their first arrival dates a late start). Any other
 * assignment cannot change a figure of the period. Read once and handed to both reads that use it
 * (as a subquery it was evaluated again for every page of events, ~0.35 s each on ten years).
 */
export interface AssignmentKeys {
  readonly municipalities: readonly string[];
  readonly numbers: readonly string[];
}

export async function timelinessAssignments(db: Db, p: Period): Promise<AssignmentKeys> {
  const { rows } = await sql<{ municipality: string; assignment_number: string }>`
    select municipality, assignment_number from care_event
      where kind = 'assignment' and assigned_on <= ${p.to}::date and (valid_until is null or valid_until >= ${p.from}::date)
    union
    select municipality, assignment_number from care_event
      where kind = 'start' and assignment_number is not null and sent_on between ${p.from}::date and ${p.to}::date`.execute(db);
  return { municipalities: rows.map((r) => r.municipality), numbers: rows.map((r) => r.assignment_number) };
}

/** `(municipality, assignment_number)` among the keys: for care_event and trajectory alike. */
export const amongAssignments = (k: AssignmentKeys): RawBuilder<unknown> =>
  sql`(municipality, assignment_number) in (select * from unnest(${textArray(k.municipalities)}, ${textArray(k.numbers)}))`;

/**
 * What timeliness over `p` reads: the messages sent in the period, and every decision up to the
 * period's end about the assignments it can need (timelinessAssignments). The same figures as from
 * all events, without reading ten years of assignments for one month.
 */
export function timelinessEvents(db: Db, p: Period, keys: AssignmentKeys): Promise<CareEvent[]> {
  return eventsWhere(db, sql`(sent_on between ${p.from}::date and ${p.to}::date) or (kind = 'assignment' and assigned_on <= ${p.to}::date and ${amongAssignments(keys)})`);
}
