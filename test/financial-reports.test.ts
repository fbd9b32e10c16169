// The providers' financial reports end to end on both databases [issue 14]: delivery (file, late,
// replaced, refused, another provider's), utilisation with signals and attribution, a signal's
// status, the adjustment and the settlement fed from the reports, and the key proposal.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { initWorkspace, openWorkspace, type Workspace } from '../src/app/workspace.ts';
import { forecastFromReport, keyProposal, reportsOf, setKeysFromProposal, setSignalStatus, submitReportFile, utilisationOf } from '../src/app/financial-reports.ts';
import { adjustLumpSum, payInstalment, settleYear } from '../src/app/decisions.ts';
import { outlookOf } from '../src/app/outlook.ts';
import { operator, type Viewer } from '../src/domain/access/viewer.ts';
import { Refusal } from '../src/domain/errors.ts';
import { dropTestSchemas, testDatabases } from './support/databases.ts';
import { tempDir } from './support/temp-dirs.ts';

afterAll(dropTestSchemas);

const region = operator('region-test');
const files = tempDir('jeugdregie-reports-');
const HEADER = 'provider,year,period,care_form,cost_eur,forecast_year_eur,young_people,explanation,area,fte';

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

/** Trajectories as the ingest would derive them: one young person per row. */
async function addTrajectories(ws: Workspace, rows: { id: string; agb: string; municipality: string; pc4?: string; category: string; start: string; end?: string }[]): Promise<void> {
  for (const r of rows) {
    await sql`insert into trajectory (pseudonym, key, basis, municipality, provider, category, birth_month, gender, pc4, start_date, end_date)
      values (${r.id}, ${'k-' + r.id + r.category}, 'start', ${r.municipality}, ${r.agb}, ${r.category}, '2015-03', '1', ${r.pc4 ?? null}, ${r.start}::date, ${r.end ?? null}::date)`.execute(ws.store.db);
  }
}

describe.each(testDatabases)('financial reports on $name', (database) => {
  it('delivers, attributes, signals, adjusts, settles and proposes keys', async () => {
    const target = await database.fresh();
    if (!target.url) (target as { dataDir?: string }).dataDir = path.join(tempDir('jeugdregie-reports-db-'), 'data');
    await initWorkspace(target, 'reports-test', { regionId: 'amsterdam-amstelland', demo: true });
    const ws = await openWorkspace(target, 'reports-test', { now: () => new Date('2028-10-20T09:00:00Z') });
    try {
      // DEMO01 (AGB 99000001): ambulant care in Amsterdam Noord (1021) 2 young people for the whole
      // year and one in Diemen; pleegzorg nowhere.
      await addTrajectories(ws, [
        { id: 'a', agb: '99000001', municipality: '0363', pc4: '1021', category: '32', start: '2027-06-01' },
        { id: 'b', agb: '99000001', municipality: '0363', pc4: '1021', category: '32', start: '2028-01-01', end: '2028-12-31' },
        { id: 'c', agb: '99000001', municipality: '0384', category: '32', start: '2028-01-01', end: '2028-04-30' },
        ...Array.from({ length: 19 }, (_, i) => ({ id: `p${i + 2}`, agb: `990000${String(i + 2).padStart(2, '0')}`, municipality: '0363', pc4: '1021', category: '32', start: '2028-01-01' })),
      ]);

      // M4 on time, with a forecast; M8 late (after 15 October); M8 again: replaces, both in the ledger.
      const m4 = await submitReportFile(region, ws, csv('m4.csv', ['DEMO01,2028,M4,32,"4.000.000,00","12.000.000,00",3,,,', 'DEMO01,2028,M4,35,0,0,,,,', 'DEMO01,2028,M4,,,,,,noord,"12,5"']), { asOf: '2028-06-10' });
      expect(m4.result).toMatchObject({ period: 'M4', late: false, deadline: '2028-06-15' });
      const first = await submitReportFile(region, ws, csv('m8.csv', ['DEMO01,2028,M8,32,7000000,9000000,,,,', 'DEMO01,2028,M8,35,10000,10000,,,,']), { asOf: '2028-10-18' });
      expect(first.result.late).toBe(true);
      expect(first.warnings.map((w) => w.code)).toEqual(['cost_without_traffic']);
      const m8 = await submitReportFile(region, ws, csv('m8b.csv', ['DEMO01,2028,M8,32,7000000,9000000,,"hogere zorgzwaarte",,']), { asOf: '2028-10-19' });
      expect(m8.result.replaces).toBe(first.seq);

      // A refused file records nothing, and says where.
      const before = (await ws.engine.entries()).length;
      const refused = await refusalOf(submitReportFile(region, ws, csv('bad.csv', ['DEMO01,2028,M8,32,-1,,,,,', 'DEMO01,2028,M8,99,1,1,,,,'])));
      expect(refused.code).toBe('IMPORT_REFUSED');
      expect(refused.problems.map((p) => `${p.where?.row}:${p.where?.column}`)).toEqual(['2:cost_eur', '2:forecast_year_eur', '3:care_form']);
      expect((await ws.engine.entries()).length).toBe(before);

      // A provider delivers its own report only.
      const provider: Viewer = { role: 'provider', provider: 'DEMO02', login: 'p2' };
      expect((await refusalOf(submitReportFile(provider, ws, csv('other.csv', ['DEMO01,2028,M8,32,1,1,,,,'])))).code).toBe('FORBIDDEN');
      // … and cannot choose its delivery date (a late report back-dated): only the region may.
      const own: Viewer = { role: 'provider', provider: 'DEMO01', login: 'p1' };
      expect((await refusalOf(submitReportFile(own, ws, csv('own.csv', ['DEMO01,2028,M8,32,1,1,,,,']), { asOf: '2028-09-01' }))).code).toBe('FORBIDDEN');

      // Utilisation at M8: DEMO01 over its lump sum and late; everybody else missing after the deadline.
      const v = await utilisationOf(region, ws, 2028, 'M8', '2028-10-20');
      const d1 = v.lines.find((l) => l.provider === 'DEMO01')!;
      expect(d1.costCents).toBe(700_000_000n);
      expect(d1.linearForecastCents).toBe(1_050_000_000n);
      expect(d1.signals.map((s) => s.code)).toContain('late_report');
      expect(v.lines.find((l) => l.provider === 'DEMO02')!.signals.map((s) => s.code)).toEqual(['missing_report']);
      // Per municipality: the cost attributed from the reports against the contributions to the reporting providers.
      const m0363 = v.municipalities.find((m) => m.municipality === '0363')!;
      expect(v.municipalities.reduce((t, m) => t + m.attributedCostCents, 0n)).toBe(700_000_000n);
      expect(m0363.reportingContributionCents).toBeGreaterThan(0n);
      expect(v.areas.reduce((t, a) => t + a.costCents, 0n)).toBe(700_000_000n);
      // The attribution: days in care Jan–Aug, exact to the cent, with the basis beside it.
      const cells = d1.attribution!.careForms[0]!.cells;
      expect(cells.reduce((t, c) => t + c.costCents, 0n)).toBe(700_000_000n);
      expect(cells.map((c) => [c.municipality, c.area, c.days])).toEqual([
        ['0363', 'noord', 488],
        ['0384', 'duo', 121],
      ]);
      // A municipality sees the cost, not the young people or days behind it.
      const seen = await utilisationOf({ role: 'municipality', municipality: '0363', login: 'm' }, ws, 2028, 'M8', '2028-10-20');
      expect(seen.countsWithheld).toBe(true);
      const seenDemo01 = seen.lines.find((l) => l.provider === 'DEMO01')!.attribution!;
      expect(seenDemo01.careForms[0]!.cells.every((c) => c.youngPeople === 0 && c.days === 0)).toBe(true);
      // Its own part only: other municipalities' cells would give the ratio of days in care.
      expect(seenDemo01.careForms[0]!.cells.map((c) => c.municipality)).toEqual(['0363']);
      expect(seenDemo01.municipalities.map((m) => m.municipality)).toEqual(['0363']);
      expect(seenDemo01.areas.map((a) => a.area)).toEqual(['noord']);
      expect(seen.municipalities.map((m) => m.municipality)).toEqual(['0363']);
      expect(seen.areas.map((a) => a.area)).toEqual(['noord']);
      // The provider's own count of young people per care form is not in the deliveries a municipality reads.
      const deliveries = await reportsOf({ role: 'municipality', municipality: '0363', login: 'm' }, ws, 2028);
      expect(deliveries.flat().flatMap((r) => r.lines).every((l) => l.youngPeople === undefined)).toBe(true);
      expect((await reportsOf(region, ws, 2028)).flat().flatMap((r) => r.lines).some((l) => l.youngPeople === 3)).toBe(true);
      // A provider sees its own line only.
      expect((await utilisationOf(provider, ws, 2028, 'M8', '2028-10-20')).lines.map((l) => l.provider)).toEqual(['DEMO02']);

      // The region sets a signal's status; "in discussion" needs a note.
      const key = d1.signals.find((s) => s.code === 'late_report')!.key;
      expect((await refusalOf(setSignalStatus(region, ws, { signal: key, status: 'discussion' }, 'gesprek'))).code).toBe('SIGNAL_NOTE_MISSING');
      await setSignalStatus(region, ws, { signal: key, status: 'discussion', note: 'gesprek met controller 25-10', date: '2028-10-21' }, 'gesprek');
      const after = await utilisationOf(region, ws, 2028, 'M8', '2028-10-20');
      expect(after.lines.find((l) => l.provider === 'DEMO01')!.statuses[key]).toEqual({ status: 'discussion', date: '2028-10-21', note: 'gesprek met controller 25-10' });
      expect((await refusalOf(setSignalStatus(region, ws, { signal: '2028|M8|DEMO01|nonsense', status: 'closed' }, 'x'))).code).toBe('SIGNAL_UNKNOWN');

      // The adjustment takes the forecast from the M4 report (≥ 5% below the lump sum) and records which.
      const m4Forecast = await forecastFromReport(ws, 'DEMO01', 2028, 'M4');
      expect(m4Forecast.forecastCents).toBe(1_200_000_000n);
      const lump = d1.lumpSumCents;
      expect(m4Forecast.forecastCents * 100n <= lump * 95n).toBe(true);
      const adj = await adjustLumpSum(region, ws, { provider: 'DEMO01', year: 2028, deltaCents: '-100000', reason: 'prognose M4', date: '2028-10-20', forecastCostCents: m4Forecast.forecastCents.toString(), forecastSource: m4Forecast.source }, 'prognose M4');
      expect(adj.decision.request.forecastSource).toEqual({ period: 'M4', reportSeq: m4.seq, submittedOn: '2028-06-10' });

      // Keys: the budget method gives the budgets; clients of 2028 weigh 21 + 1 young people.
      const budget = await keyProposal(region, ws, 2029, 'budget');
      expect(budget.rows.reduce((t, r) => t + r.proposedCents, 0n)).toBe(29_207_000_000n);
      expect(budget.rows.find((r) => r.municipality === '0363')!.proposedCents).toBe(24_937_000_000n);
      const clients = await keyProposal(region, ws, 2029, 'clients-previous-year');
      expect(clients.inputs[0]!.perMunicipality).toMatchObject({ '0363': '21', '0384': '1', '0358': '0' });
      expect(clients.rows.reduce((t, r) => t + r.proposedCents, 0n)).toBe(29_207_000_000n);
      // Diemen had one young person in 2028: a municipality may not have a proposal that weighs it
      // (its own count and the shares would give it away); the budget method it may.
      const officer: Viewer = { role: 'municipality', municipality: '0363', login: 'm' };
      expect((await refusalOf(keyProposal(officer, ws, 2029, 'clients-previous-year'))).code).toBe('KEYS_SMALL_COUNTS');
      expect((await refusalOf(keyProposal(officer, ws, 2029, 'clients-three-year=1,budget=1'))).code).toBe('KEYS_SMALL_COUNTS');
      expect((await keyProposal(officer, ws, 2029, 'budget')).rows).toHaveLength(6);
      // Keys are public (every role reads the contributions): not even the region records keys that weigh Diemen's 1.
      expect((await refusalOf(setKeysFromProposal(region, ws, 2029, 'clients-previous-year', 'jaarlijkse herziening'))).code).toBe('KEYS_SMALL_COUNTS');
      const recorded = await setKeysFromProposal(region, ws, 2029, 'budget', 'jaarlijkse herziening');
      expect(recorded.decision.proposal?.method).toBe('budget');
      expect(recorded.decision.keys['0363']).toBe(budget.rows.find((r) => r.municipality === '0363')!.proposedCents.toString());

      // A savings task as a negative budget line (decisions §11): recorded and projected; the total stays above zero.
      const codes = ws.region.municipalities.map((m) => m.code);
      await ws.engine.record(
        {
          kind: 'budget.import',
          source: 'test',
          budgets: codes.map((m) => ({ year: 2031, municipality: m, lines: m === '0384' ? [{ line: 'AJH', amountCents: '600000000' }, { line: 'Taakstelling', amountCents: '-50000000' }] : [{ line: 'AJH', amountCents: '100000000' }] })),
        },
        'begroting met taakstelling',
      );
      expect(await ws.engine.verify()).toEqual([]);

      // The outlook: budget against cost; Diemen's one young person is not shown to others, nor the
      // region's total from which it would follow, nor a projection from it.
      await sql`insert into ijw_message (sender, identification, sent_on, message_type, receiver, content_hash, source_file, received_at)
        values ('99000001', 'x1', '2028-12-29', '305', '0363', 'h', 'f', now())`.execute(ws.store.db);
      const amsterdam: Viewer = { role: 'municipality', municipality: '0363', login: 'm' };
      const seenOutlook = await outlookOf(amsterdam, ws, { demandGrowthPct: '10' });
      const at = (year: number, m: string) => seenOutlook.rows.find((r) => r.year === year && r.municipality === m);
      expect(at(2028, '0363')!.youngPeople).toBe(21);
      // Another municipality's rows are not shown at all; the region's total is withheld (it would give Diemen's 1).
      expect(at(2028, '0384')).toBeUndefined();
      expect(at(2028, '')).toMatchObject({ youngPeople: null, youngBasis: 'withheld' });
      expect(at(2028, '')!.budgetCents).toBe(29_601_500_000n);
      // A provider sees the region only.
      const providerOutlook = await outlookOf({ role: 'provider', provider: 'DEMO01', login: 'p' }, ws);
      expect(new Set(providerOutlook.rows.map((r) => r.municipality))).toEqual(new Set(['']));
      const full = await outlookOf(region, ws, { demandGrowthPct: '10' });
      expect(full.rows.find((r) => r.year === 2028 && r.municipality === '0384')!.youngPeople).toBe(1);
      expect(full.rows.find((r) => r.year === 2028 && r.municipality === '')!.youngPeople).toBe(22);
      expect(full.rows.find((r) => r.year === 2029 && r.municipality === '0363')).toMatchObject({ youngPeople: 23, youngBasis: 'projected' });

      // Settlement from the M12 reports: refused while one is missing, then attributed per municipality.
      for (let month = 1; month <= 12; month++) await payInstalment(region, ws, 2028, month, 'betaling');
      expect((await refusalOf(settleYear(region, ws, 2028, undefined, 'afrekening'))).code).toBe('REPORTS_MISSING_FOR_SETTLEMENT');
      const providers = v.lines.map((l) => l.provider);
      for (const p of providers) {
        await submitReportFile(region, ws, csv(`m12-${p}.csv`, [`${p},2028,M12,32,1000000,,,,,`]), { asOf: '2029-03-01' });
      }
      const settled = await settleYear(region, ws, 2028, undefined, 'afrekening');
      expect(settled.decision.source).toMatchObject({ kind: 'reports' });
      const costs = settled.decision.costs.filter((c) => c.provider === 'DEMO01');
      // DEMO01 in 2028: 0363 had 366 + 366 days, 0384 121 days of 853.
      expect(costs.find((c) => c.municipality === '0363')!.costCents).toBe('85814771');
      expect(costs.find((c) => c.municipality === '0384')!.costCents).toBe('14185229');
      expect(settled.decision.costs.reduce((t, c) => t + BigInt(c.costCents), 0n)).toBe(20n * 100_000_000n);
      // Amsterdam-Amstelland keeps its rule: no true-up between municipalities.
      expect('trueUp' in settled).toBe(false);
      expect((await ws.engine.state()).years[2028]!.trueUp).toBeUndefined();
    } finally {
      await ws.close();
    }
  }, 180_000);

  it('Eemland trues up the municipalities to their attributed realised costs; the true-ups sum to zero', async () => {
    const target = await database.fresh();
    if (!target.url) (target as { dataDir?: string }).dataDir = path.join(tempDir('jeugdregie-eemland-db-'), 'data');
    await initWorkspace(target, 'reports-test', { regionId: 'eemland' });
    const ws = await openWorkspace(target, 'reports-test', { now: () => new Date('2029-03-01T09:00:00Z') });
    try {
      const codes = ws.region.municipalities.map((m) => m.code);
      await ws.engine.record(
        { kind: 'budget.import', source: 'test', budgets: codes.map((m, i) => ({ year: 2028, municipality: m, lines: [{ line: 'JH', amountCents: String((i + 1) * 100_000_000) }] })) },
        'begrotingen',
      );
      await ws.engine.record(
        {
          kind: 'allocation',
          plan: {
            year: 2028,
            themes: [
              { theme: 'AMBULANT', sharePct: '50' },
              { theme: 'VERBLIJF', sharePct: '30' },
              { theme: 'VEILIGHEID', sharePct: '20' },
            ],
            providers: [
              { code: 'E1', name: 'Eem een', agb: '98000001', themes: [{ theme: 'AMBULANT', sharePct: '100' }, { theme: 'VEILIGHEID', sharePct: '100' }] },
              { code: 'E2', name: 'Eem twee', agb: '98000002', themes: [{ theme: 'VERBLIJF', sharePct: '100' }] },
            ],
          },
        },
        'toekenning',
      );
      // All of E1's care in Amersfoort, all of E2's in Soest.
      await addTrajectories(ws, [
        { id: 'e1', agb: '98000001', municipality: '0307', category: '32', start: '2028-01-01' },
        { id: 'e2', agb: '98000002', municipality: '0342', category: '36', start: '2028-01-01' },
      ]);
      for (let month = 1; month <= 12; month++) await payInstalment(region, ws, 2028, month, 'betaling');
      await submitReportFile(region, ws, csv('e1.csv', ['E1,2028,M12,32,3000000,,,,,']), { asOf: '2029-03-01' });
      await submitReportFile(region, ws, csv('e2.csv', ['E2,2028,M12,36,1000000,,,,,']), { asOf: '2029-03-01' });
      const settled = await settleYear(region, ws, 2028, undefined, 'afrekening');
      if (!('trueUp' in settled)) throw new Error('expected a true-up');
      const lines = settled.trueUp.result.lines;
      expect(lines.reduce((t, l) => t + BigInt(l.trueUpCents), 0n)).toBe(0n);
      const total = lines.reduce((t, l) => t + BigInt(l.contributionCents), 0n);
      // Amersfoort bore 3/4 of the realised cost, Soest 1/4, the others none.
      expect(lines.find((l) => l.municipality === '0307')!.targetCents).toBe(((total * 3n) / 4n).toString());
      expect(lines.find((l) => l.municipality === '0342')!.targetCents).toBe((total / 4n).toString());
      expect(lines.filter((l) => l.municipality !== '0307' && l.municipality !== '0342').every((l) => l.targetCents === '0')).toBe(true);
      // The providers' lump sums stay as they were; the true-up is its own ledger entry.
      const state = await ws.engine.state();
      expect(state.years[2028]!.trueUp!.seq).toBe(settled.seq + 1);
      expect((await ws.engine.entries()).at(-1)!.decision.kind).toBe('settlement.trueup');
    } finally {
      await ws.close();
    }
  }, 120_000);
});
