// The under-serving panel [issue 15 "Signals against under-serving"] on both databases: refusals
// (JW319), waits above the threshold, dropout above the region's, reach falling while the lump sum
// stays — with the figures behind each; for the region and the provider itself only.
import { afterAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { sql } from 'kysely';
import { initWorkspace, openWorkspace, type Workspace } from '../src/app/workspace.ts';
import { underServing } from '../src/app/under-serving.ts';
import { operator, type Viewer } from '../src/domain/access/viewer.ts';
import { dropTestSchemas, testDatabases } from './support/databases.ts';
import { tempDir } from './support/temp-dirs.ts';

afterAll(dropTestSchemas);
let n = 0;
async function traj(ws: Workspace, agb: string, start: string, end?: string, reason?: string): Promise<void> {
  n++;
  await sql`insert into trajectory (pseudonym, key, basis, municipality, provider, category, birth_month, gender, pc4, start_date, end_date, end_reason)
    values (${'p' + n}, ${'k' + n}, 'task', '0363', ${agb}, '32', '2014-03', '2', null, ${start}::date, ${end ?? null}::date, ${reason ?? null})`.execute(ws.store.db);
}

describe.each(testDatabases)('under-serving on $name', (database) => {
  it('shows each signal with its figures, to the region and the provider itself', async () => {
    const target = await database.fresh();
    if (!target.url) (target as { dataDir?: string }).dataDir = path.join(tempDir('jeugdregie-under-'), 'data');
    await initWorkspace(target, 'under-test', { regionId: 'amsterdam-amstelland', demo: true });
    const ws = await openWorkspace(target, 'under-test', { now: () => new Date('2029-02-01T09:00:00Z') });
    try {
      // DEMO01: 20 young people in H1 2028, of whom 12 end in June (6 early by the client); 8 in H2.
      for (let i = 0; i < 8; i++) await traj(ws, '99000001', '2028-01-01');
      for (let i = 0; i < 12; i++) await traj(ws, '99000001', '2028-01-01', '2028-06-15', i < 6 ? '32' : '31');
      // DEMO02: 30 young people all year, 10 ending as planned in June.
      for (let i = 0; i < 30; i++) await traj(ws, '99000002', '2028-01-01', i < 10 ? '2028-06-20' : undefined, i < 10 ? '31' : undefined);
      // Waits of DEMO01 (assignment-based): 30 and 60 days, answered in H2.
      for (const [i, days] of [[1, 30], [2, 60]] as const) {
        const requested = new Date(Date.UTC(2028, 7, 1) - days * 86_400_000).toISOString().slice(0, 10);
        await sql`insert into request_wait (pseudonym, municipality, assignment_number, provider, category, birth_month, gender, pc4, requested_on, assigned_on)
          values (${'w' + i}, '0363', ${'A' + i}, '99000001', '32', '2014-03', '2', null, ${requested}::date, '2028-08-01'::date)`.execute(ws.store.db);
      }
      // Three JW319 answers to DEMO01's requests in H2: two refused (no contract, residence), one under investigation.
      for (const [i, answer, reason] of [[0, '1', '3'], [1, '1', '8'], [2, '2', '']] as const) {
        await sql`insert into ijw_message (sender, identification, sent_on, message_type, receiver, content_hash, source_file, received_at)
          values ('0363', ${'r' + i}, '2028-09-01', 'JW319', '99000001', 'h', 'f', now())`.execute(ws.store.db);
        await sql`insert into request_answer (sender, identification, sent_on, provider, answer, reason) values ('0363', ${'r' + i}, '2028-09-01', '99000001', ${answer}, ${reason})`.execute(ws.store.db);
      }
      await sql`insert into ijw_message (sender, identification, sent_on, message_type, receiver, content_hash, source_file, received_at)
          values ('0363', 'x', '2028-12-29', 'JW305', '99000002', 'h', 'f', now())`.execute(ws.store.db);

      const h1 = await underServing(operator('t'), ws, 'DEMO01', '2028-H1');
      const dropout = h1.items.find((i) => i.code === 'dropout')!;
      // DEMO01: 6 of 12 (50%) against the region's 6 of 22 (27.3%).
      expect(dropout).toMatchObject({ signal: true, figures: { dropout: 6, ended: 12, dropoutPct: '50.0', regionDropoutPct: '27.3' } });
      expect(dropout.nl).toBe('Uitval 50,0% (6 van 12) tegen 27,3% in de regio.');
      const h2 = await underServing(operator('t'), ws, 'DEMO01', '2028-H2');
      const refusals = h2.items.find((i) => i.code === 'refusals')!;
      expect(refusals.figures).toEqual({ refused: 2, investigating: 1, jw315: 0, 'reason:3': 1, 'reason:8': 1 });
      expect(refusals.nl).toMatch(/^2 verzoek\(en\) om toewijzing of wijziging afgewezen \(JW319\) op 0 verzoek\(en\) om toewijzing \(JW315\): 1 geen contract, 1 woonplaatsbeginsel; 1 in onderzoek\./);
      expect(h2.items.find((i) => i.code === 'waiting')).toMatchObject({ signal: true, figures: { waits: 2, over: 1, thresholdDays: 42, medianDays: 30 } });
      // 8 in H2 against 20 in H1 (−60%), the same year's lump sum: falling while it stays.
      expect(h2.items.find((i) => i.code === 'reach')).toMatchObject({ signal: true, figures: { youngPeople: 8, youngPeopleBefore: 20, changePct: '-60.0', dropPct: 10 } });
      // DEMO02 falls by a third (30 → 20); DEMO03 has no young people at all: nothing to compare, no signal.
      expect((await underServing(operator('t'), ws, 'DEMO02', '2028-H2')).items.find((i) => i.code === 'reach')).toMatchObject({ signal: true, figures: { changePct: '-33.3' } });
      expect((await underServing(operator('t'), ws, 'DEMO03', '2028-H2')).items.every((i) => !i.signal)).toBe(true);

      // The provider itself; not another provider, not a municipality.
      const demo01: Viewer = { role: 'provider', provider: 'DEMO01', login: 'p' };
      expect((await underServing(demo01, ws, 'DEMO01', '2028-H2')).items).toHaveLength(4);
      await expect(underServing(demo01, ws, 'DEMO02', '2028-H2')).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(underServing({ role: 'municipality', municipality: '0363', login: 'm' }, ws, 'DEMO01', '2028-H2')).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(underServing(operator('t'), ws, 'NOPE', '2028-H2')).rejects.toMatchObject({ code: 'BIJ_PROVIDER_UNKNOWN' });
    } finally {
      await ws.close();
    }
  }, 240_000);
});
