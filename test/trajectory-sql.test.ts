// The DuckDB mirror of the trajectory rules (bench/trajectory-sql.ts), which the monitor benchmark
// compares its figures with, must give the trajectories the domain function gives — also for what
// the demo traffic rarely holds: assignments that end, are shortened, extended or deleted, task-based
// care bounded by an assignment, withdrawals and temporary stops, in any combination (property).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { CareEvent } from '../src/domain/care-events.ts';
import { eventRow } from '../src/app/ingest-prepare.ts';
import { trajectoriesPerPerson } from '../src/app/trajectory-store.ts';
import { eventFromRow } from '../src/store/care-event-repository.ts';
import { CARE_EVENT_COLUMNS, type CareEventTable } from '../src/store/schema.ts';
import { TRAJECTORY_SQL } from '../bench/trajectory-sql.ts';

const day = fc.integer({ min: 1, max: 60 }).map((n) => new Date(Date.UTC(2028, 0, n)).toISOString().slice(0, 10));
const base = fc.record({
  pseudonym: fc.constantFrom('p1', 'p2'), provider: fc.constantFrom('11110001', '11110002'), category: fc.constantFrom('32', '33'), sentOn: day,
});
const number = fc.constantFrom('7', '8', '10');
const event: fc.Arbitrary<CareEvent> = fc.oneof(
  fc.record({ b: base, nr: number, assignedOn: day, from: day, until: fc.option(day, { nil: undefined }), reason: fc.constantFrom(undefined, '04', '05', '07', '13', '14') }).map(({ b, nr, assignedOn, from, until, reason }) => {
    const validUntil = reason === '13' ? from : until !== undefined && until < from ? from : until;
    return {
      kind: 'assignment' as const, messageKey: '', sentOn: b.sentOn, municipality: '0363', provider: b.provider, client: { pseudonym: b.pseudonym, birthMonth: '2015-01', gender: '1' },
      category: b.category, assignmentNumber: nr, assignedOn, validFrom: from, ...(validUntil !== undefined ? { validUntil } : {}), ...(reason !== undefined ? { changeReason: reason } : {}),
    };
  }),
  fc.record({ b: base, nr: fc.option(number, { nil: undefined }), start: day, end: fc.option(day, { nil: undefined }), reason: fc.constantFrom('20', '31', '34'), withdraw: fc.boolean() }).map(({ b, nr, start, end, reason, withdraw }) => {
    const common = { messageKey: '', sentOn: b.sentOn, municipality: '0363', provider: b.provider, client: { pseudonym: b.pseudonym, birthMonth: '2015-01', gender: '1' }, category: b.category, startDate: start, status: withdraw ? ('3' as const) : ('1' as const), ...(nr !== undefined ? { assignmentNumber: nr } : {}) };
    return end === undefined ? { ...common, kind: 'start' as const } : { ...common, kind: 'stop' as const, endDate: end < start ? start : end, reason };
  }),
);

/** The events as stored rows (each its own message), as ingest would store them. */
function rowsOf(events: readonly CareEvent[]): CareEventTable[] {
  return events.map((e, i) => {
    const row = eventRow(e, e.kind === 'assignment' ? '0363' : e.provider, `m${i}`, e.sentOn, 0);
    return Object.fromEntries(CARE_EVENT_COLUMNS.map((c, k) => [c.name, row[k]])) as unknown as CareEventTable;
  });
}

const literal = (v: unknown) => (v === null || v === undefined ? 'null' : typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`);

describe('the DuckDB mirror of the trajectory rules', () => {
  let duck: DuckDBConnection;
  beforeAll(async () => {
    duck = await (await DuckDBInstance.create(':memory:')).connect();
  });
  afterAll(() => duck?.closeSync());

  async function inDuckDb(rows: readonly CareEventTable[]): Promise<string[]> {
    const types = CARE_EVENT_COLUMNS.map((c) => `${c.name} ${c.type === 'text' ? 'varchar' : c.type}`).join(', ');
    await duck.run(`create or replace table care_event (${types})`);
    if (rows.length > 0) {
      const values = rows.map((r) => `(${CARE_EVENT_COLUMNS.map((c) => literal((r as unknown as Record<string, unknown>)[c.name])).join(', ')})`).join(', ');
      await duck.run(`insert into care_event values ${values}`);
    }
    await duck.run(TRAJECTORY_SQL);
    const out = await duck.runAndReadAll(`select pseudonym, start_date::varchar as s, end_date::varchar as e, end_reason, municipality, category from trajectory`);
    return (out.getRowObjectsJson() as Record<string, string | null>[]).map((r) => [r.pseudonym, r.s, r.e ?? '-', r.e === null ? '-' : r.end_reason ?? '', r.municipality, r.category].join(' ')).sort();
  }

  it('gives the trajectories of the domain function (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(event, { minLength: 1, maxLength: 14 }), async (events) => {
        const rows = rowsOf(events);
        const ours = trajectoriesPerPerson(rows.map(eventFromRow))
          .map((t) => [t.client.pseudonym, t.start, t.end ?? '-', t.end === undefined ? '-' : t.endReason ?? '', t.municipality, t.category].join(' '))
          .sort();
        expect(await inDuckDb(rows)).toEqual(ours);
      }),
      { numRuns: 150 },
    );
  });
});
