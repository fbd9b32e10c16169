// The CBS deliveries as a second source on both databases [issue 15]: delivering (replaced,
// refused, corrected only in the current and previous period, another provider's, an AGB code of
// the traffic only), coverage and outcome indicators against the traffic, and what each role sees:
// own figures in full, the region's row protected.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { initWorkspace, openWorkspace, type Workspace } from '../src/app/workspace.ts';
import { bijDeliveryLog, bijMirror, coverageView, outcomesView, submitBijFile } from '../src/app/bij.ts';
import { operator, type Viewer } from '../src/domain/access/viewer.ts';
import { Refusal } from '../src/domain/errors.ts';
import { testBsns } from '../src/demo/persons.ts';
import { Pseudonymiser } from '../src/ijw/pseudonym.ts';
import { dropTestSchemas, testDatabases } from './support/databases.ts';
import { tempDir } from './support/temp-dirs.ts';

afterAll(dropTestSchemas);

const region = operator('region-test');
const files = tempDir('jeugdregie-bij-');
const HEADER = 'bsn,birth_date,gender,postcode,referrer,care_form,crisis,start_date,end_date,end_reason,satisfaction,without_help,informant';
const pseudonymiser = new Pseudonymiser('t'.repeat(40));
const pseudonym = (s: string) => pseudonymiser.pseudonym(s);
const BSN = testBsns().slice(0, 60);

function csv(name: string, rows: string[]): string {
  const file = path.join(files, name);
  fs.writeFileSync(file, [HEADER, ...rows].join('\n') + '\n');
  return file;
}

async function refusalOf(p: Promise<unknown>): Promise<Refusal> {
  try {
    await p;
  } catch (e) {
    if (e instanceof Refusal) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

async function addTrajectory(ws: Workspace, r: { bsn: string; agb: string; municipality: string; pc4?: string; category: string; start: string; end?: string; reason?: string }): Promise<void> {
  await sql`insert into trajectory (pseudonym, key, basis, municipality, provider, category, birth_month, gender, pc4, start_date, end_date, end_reason)
    values (${pseudonym(r.bsn)}, ${'k-' + r.bsn + r.category + r.agb}, 'task', ${r.municipality}, ${r.agb}, ${r.category}, '2014-03', '2', ${r.pc4 ?? null}, ${r.start}::date, ${r.end ?? null}::date, ${r.reason ?? null})`.execute(ws.store.db);
}

const line = (bsn: string, postcode: string, form: string, start: string, end = '', reason = '', outcome = ',,') => `${bsn},20140300,V,${postcode},01,${form},02,${start},${end},${reason},${outcome}`;

describe.each(testDatabases)('CBS deliveries on $name', (database) => {
  it('delivers, measures coverage and outcomes, and shows each role its own with the region protected', async () => {
    const target = await database.fresh();
    if (!target.url) (target as { dataDir?: string }).dataDir = path.join(tempDir('jeugdregie-bij-db-'), 'data');
    await initWorkspace(target, 'bij-test', { regionId: 'amsterdam-amstelland', demo: true });
    const ws = await openWorkspace(target, 'bij-test', { now: () => new Date('2028-07-15T09:00:00Z') });
    try {
      // DEMO01 (AGB 99000001): ten young people ambulant in Amsterdam Noord; BSN[10] ended early by the client.
      for (let i = 0; i < 10; i++) await addTrajectory(ws, { bsn: BSN[i]!, agb: '99000001', municipality: '0363', pc4: '1021', category: '32', start: '2028-01-01' });
      await addTrajectory(ws, { bsn: BSN[10]!, agb: '99000001', municipality: '0363', pc4: '1021', category: '32', start: '2028-01-01', end: '2028-03-31', reason: '32' });
      // DEMO02 (AGB 99000002): six in foster care in Amstelveen, its delivery not yet in.
      for (let i = 20; i < 26; i++) await addTrajectory(ws, { bsn: BSN[i]!, agb: '99000002', municipality: '0362', pc4: '1181', category: '35', start: '2028-02-01' });
      // An AGB code in the traffic that is in no registry entry.
      await addTrajectory(ws, { bsn: BSN[40]!, agb: '12345678', municipality: '0363', category: '32', start: '2028-01-01' });

      // DEMO01's delivery: eight of its ten, the one that ended, three the traffic does not show; one twice (merged).
      const demo01 = csv('demo01.csv', [
        ...BSN.slice(0, 8).map((b) => line(b, '1021AB', '02', '20280101')),
        line(BSN[0]!, '1021AB', '02', '20280101'),
        line(BSN[10]!, '1021AB', '02', '20280101', '20280331', '03', '7,04,ouder'),
        ...BSN.slice(30, 33).map((b) => line(b, '1431AB', '02', '20280201')),
      ]);
      // The period must have ended before its delivery.
      expect((await refusalOf(submitBijFile(region, ws, demo01, { provider: 'DEMO01', period: '2028-H2', pseudonym }))).code).toBe('BIJ_PERIOD_OPEN');
      const r = await submitBijFile(region, ws, demo01, { provider: '99000001', period: '2028-H1', pseudonym });
      expect(r).toMatchObject({ provider: 'DEMO01', unregistered: false, accepted: 12, merged: 1, rejected: 0, replaced: 0, late: false, deadline: '2028-07-21' });
      // Nothing identifying is stored.
      const stored = JSON.stringify((await sql`select * from bij_record`.execute(ws.store.db)).rows);
      expect(stored).not.toContain(BSN[0]!);
      expect(stored).not.toContain('1021AB');
      expect(stored).not.toContain('20140300');

      // A file with a problem changes nothing; a provider cannot deliver another's.
      const bad = csv('bad.csv', [line(BSN[0]!, '1021AB', '09', '20280101')]);
      const refused = await refusalOf(submitBijFile(region, ws, bad, { provider: 'DEMO01', period: '2028-H1', pseudonym }));
      expect(refused.code).toBe('IMPORT_REFUSED');
      expect(refused.problems[0]!.where).toMatchObject({ row: 2, column: 'care_form' });
      const demo02: Viewer = { role: 'provider', provider: 'DEMO02', login: 'demo02' };
      expect((await refusalOf(submitBijFile(demo02, ws, demo01, { provider: 'DEMO01', period: '2028-H1', pseudonym }))).code).toBe('FORBIDDEN');
      expect((await refusalOf(submitBijFile(demo02, ws, demo01, { provider: 'DEMO02', period: '2028-H1', pseudonym, asOf: '2028-07-10' }))).code).toBe('FORBIDDEN');
      expect((await refusalOf(submitBijFile(region, ws, demo01, { provider: 'NOPE', period: '2028-H1', pseudonym }))).code).toBe('BIJ_PROVIDER_UNKNOWN');
      // An AGB code known from the traffic only is accepted and said to be so.
      const unregistered = await submitBijFile(region, ws, csv('agb.csv', [line(BSN[40]!, '1021AB', '02', '20280101')]), { provider: '12345678', period: '2028-H1', pseudonym });
      expect(unregistered).toMatchObject({ provider: '12345678', unregistered: true, accepted: 1 });

      // Coverage of DEMO01: both 9 (8 + the ended one), only CBS 3, only traffic 2.
      const cov = await coverageView(region, ws, '2028-H1', 'provider');
      expect(cov.rows.find((x) => x.group === 'DEMO01')).toMatchObject({ both: 9, onlyBij: 3, onlyIjw: 2, ijwConfirmedPct: '81.8', bijConfirmedPct: '75.0' });
      expect(cov.notDelivered).toEqual(['DEMO02']);
      const byMunicipality = await coverageView(region, ws, '2028-H1', 'municipality');
      // The three only in the delivery are placed by their postcode (1431: Aalsmeer).
      expect(byMunicipality.rows.find((x) => x.group === '0358')).toMatchObject({ both: 0, onlyBij: 3, onlyIjw: 0 });
      expect(byMunicipality.reach!.total).toMatchObject({ ijw: 18, combined: 21, onlyBij: 3 });

      // A provider sees its own rows in full, the region row protected (its others' part is 1).
      const own = await coverageView(demo02, ws, '2028-H1', 'provider');
      expect(own.rows).toEqual([]);
      const demo01Viewer: Viewer = { role: 'provider', provider: 'DEMO01', login: 'demo01' };
      const ownDemo01 = await coverageView(demo01Viewer, ws, '2028-H1', 'provider');
      expect(ownDemo01.rows.map((x) => x.group)).toEqual(['DEMO01']);
      expect(ownDemo01.region.both).toBeNull();
      expect(ownDemo01.region.hidden).toContain('both');
      expect(ownDemo01.reach).toBeUndefined();
      // A municipality sees its own young people only.
      const aalsmeer: Viewer = { role: 'municipality', municipality: '0358', login: 'aalsmeer' };
      const a = await coverageView(aalsmeer, ws, '2028-H1', 'provider');
      expect(a.rows).toEqual([expect.objectContaining({ group: 'DEMO01', both: 0, onlyBij: 3, onlyIjw: 0 })]);
      const council: Viewer = { role: 'council', municipality: '0358', login: 'raad' };
      expect((await refusalOf(coverageView(council, ws, '2028-H1', 'provider'))).code).toBe('FORBIDDEN');

      // The mirror of DEMO01: its records per municipality and care form.
      const m = await bijMirror(demo01Viewer, ws, '2028-H1');
      expect(m.rows).toEqual([
        { municipality: '0358', careForm: '02', records: 3, youngPeople: 3, started: 3, ended: 0 },
        { municipality: '0363', careForm: '02', records: 9, youngPeople: 9, started: 9, ended: 1 },
      ]);
      expect((await refusalOf(bijMirror(demo01Viewer, ws, '2028-H1', 'DEMO02'))).code).toBe('FORBIDDEN');

      // Outcomes over 2028-H1: DEMO01's ended record (reason 03, dropout) from its delivery; the
      // traffic's stop of the same trajectory is not counted twice.
      const out = await outcomesView(region, ws, '2028-H1', 'provider');
      expect(out.rows).toEqual([expect.objectContaining({ group: 'DEMO01', ended: 1, dropout: 1, dropoutPct: '100.0', fromBij: 1, fromIjw: 0, satisfactionCount: 1, satisfactionMean: '7.0' })]);
      expect(out.windowPassed).toBe(false);
      expect(out.rows[0]!.noNewStart).toBeNull();
      // Others: the region's row hides the count of one, and the satisfaction of one measurement.
      const outAalsmeer = await outcomesView(aalsmeer, ws, '2028-H1', 'provider');
      expect(outAalsmeer.rows).toEqual([]);
      expect(outAalsmeer.region.ended).toBeNull();
      expect(outAalsmeer.region.dropoutPct).toBeNull();
      expect(outAalsmeer.region.satisfactionMean).toBeNull();
      const outCouncil = await outcomesView({ role: 'council', municipality: '0363', login: 'raad' }, ws, '2028-H1', 'provider');
      expect(outCouncil.rows).toHaveLength(1);
      expect(outCouncil.rows[0]!.ended).toBeNull();

      // A correction replaces the whole period; the log keeps both deliveries.
      const again = await submitBijFile(region, ws, csv('demo01b.csv', BSN.slice(0, 11).map((b) => line(b, '1021AB', '02', '20280101'))), { provider: 'DEMO01', period: '2028-H1', pseudonym });
      expect(again).toMatchObject({ accepted: 11, replaced: 12 });
      expect((await coverageView(region, ws, '2028-H1', 'provider')).rows.find((x) => x.group === 'DEMO01')).toMatchObject({ both: 11, onlyBij: 0, onlyIjw: 0 });
      expect((await bijDeliveryLog(region, ws)).filter((d) => d.provider === 'DEMO01')).toHaveLength(2);
      expect(await bijDeliveryLog(demo02, ws)).toEqual([]);
      // Only the current and the previous period can be corrected; a first delivery of an older one is taken (late).
      const h1 = csv('old.csv', [line(BSN[0]!, '1021AB', '02', '20270101')]);
      const old = await submitBijFile(region, ws, csv('older.csv', [line(BSN[0]!, '1021AB', '02', '20260101')]), { provider: 'DEMO01', period: '2026-H1', pseudonym, asOf: '2029-03-01' });
      expect(old.late).toBe(true);
      expect((await refusalOf(submitBijFile(region, ws, h1, { provider: 'DEMO01', period: '2026-H1', pseudonym, asOf: '2029-03-01' }))).code).toBe('BIJ_PERIOD_CLOSED');
      // 2028-H1 at 2029-03-01: the current period is 2028-H2, the previous 2028-H1: still correctable.
      await submitBijFile(region, ws, csv('h1c.csv', [line(BSN[0]!, '1021AB', '02', '20280101')]), { provider: 'DEMO01', period: '2028-H1', pseudonym, asOf: '2029-03-01' });
    } finally {
      await ws.close();
    }
  }, 240_000);
});
