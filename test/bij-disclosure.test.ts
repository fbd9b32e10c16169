// Attacks on what others see of the CBS deliveries' figures [issue 15; an attacker's review]. The
// class: a viewer who owns part of the figures takes the region's row minus its own rows, or the year
// minus a half year, or one breakdown against another. For every viewer, breakdown and period here,
// whatever is shown must leave others' part 0 or at least 5, and no hidden cell may be the only
// hidden one of a year and its halves. Datasets from the review: a provider whose care form differs
// between the sources, a young person who moved between municipalities, measurements with their
// marks, and two trajectories that end in the second half year only.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { initWorkspace, openWorkspace, type Workspace } from '../src/app/workspace.ts';
import { coverageView, outcomesView, submitBijFile, type CoverageViewRow, type OutcomeViewRow } from '../src/app/bij.ts';
import { operator, type Viewer } from '../src/domain/access/viewer.ts';
import { testBsns } from '../src/demo/persons.ts';
import { Pseudonymiser } from '../src/ijw/pseudonym.ts';
import { COVERAGE_BREAKDOWNS } from '../src/domain/source-coverage.ts';
import { OUTCOME_BREAKDOWNS } from '../src/domain/outcomes.ts';
import { tempDir } from './support/temp-dirs.ts';

const region = operator('attack');
const HEADER = 'bsn,birth_date,gender,postcode,referrer,care_form,crisis,start_date,end_date,end_reason,satisfaction,without_help,informant';
const keyed = new Pseudonymiser('a'.repeat(40));
const pseudonym = (s: string) => keyed.pseudonym(s);
const BSN = testBsns().slice(0, 200);
const dir = tempDir('jeugdregie-bij-attack-');
let files = 0;
const csv = (rows: string[]) => {
  const file = path.join(dir, `f${files++}.csv`);
  fs.writeFileSync(file, [HEADER, ...rows].join('\n') + '\n');
  return file;
};
let keys = 0;
async function traj(ws: Workspace, r: { bsn: string; agb: string; municipality: string; category?: string; start: string; end?: string; reason?: string }) {
  await sql`insert into trajectory (pseudonym, key, basis, municipality, provider, category, birth_month, gender, pc4, start_date, end_date, end_reason)
    values (${pseudonym(r.bsn)}, ${'k' + keys++}, 'task', ${r.municipality}, ${r.agb}, ${r.category ?? '32'}, '2014-03', '2', null, ${r.start}::date, ${r.end ?? null}::date, ${r.reason ?? null})`.execute(ws.store.db);
}
const line = (bsn: string, postcode: string, form: string, start: string, end = '', reason = '', outcome = ',,') => `${bsn},20140300,V,${postcode},01,${form},02,${start},${end},${reason},${outcome}`;

const workspaces: Workspace[] = [];
afterAll(async () => {
  for (const ws of workspaces) await ws.close();
});
async function fresh(now: string): Promise<Workspace> {
  const target = { dataDir: path.join(tempDir('jeugdregie-bij-attack-db-'), 'data') };
  await initWorkspace(target, 'attack', { regionId: 'amsterdam-amstelland', demo: true });
  const ws = await openWorkspace(target, 'attack', { now: () => new Date(now) });
  workspaces.push(ws);
  return ws;
}

const VIEWERS: Viewer[] = [
  ...['DEMO01', 'DEMO02', 'DEMO03'].map((p): Viewer => ({ role: 'provider', provider: p, login: p })),
  ...['0358', '0362', '0363', '0384', '0437', '0451'].map((m): Viewer => ({ role: 'municipality', municipality: m, login: m })),
];

function othersPartsOk(what: string, regionRow: Record<string, unknown>, own: readonly Record<string, unknown>[], fields: readonly string[]): string[] {
  const bad: string[] = [];
  for (const f of fields) {
    const shown = regionRow[f];
    if (typeof shown !== 'number') continue;
    const mine = own.reduce((s, r) => s + (typeof r[f] === 'number' ? (r[f] as number) : 0), 0);
    const others = shown - mine;
    if (others >= 1 && others <= 4) bad.push(`${what}: ${f} region ${shown} − own ${mine} = ${others}`);
  }
  return bad;
}

const COVERAGE_FIELDS = ['both', 'onlyBij', 'onlyIjw', 'datesDiffer'] as const;
const OUTCOME_FIELDS = ['ended', 'dropout', 'noNewStartEligible', 'noNewStart', 'satisfactionCount', 'withoutHelpCount', 'endedReasonUnknown', 'fromBij', 'fromIjw'] as const;

async function attackCoverage(ws: Workspace): Promise<string[]> {
  const bad: string[] = [];
  for (const v of VIEWERS) {
    for (const by of COVERAGE_BREAKDOWNS) {
      const view = await coverageView(v, ws, '2028-H1', by);
      bad.push(...othersPartsOk(`${v.login} coverage by ${by}`, view.region as unknown as Record<string, unknown>, view.rows as unknown as Record<string, unknown>[], COVERAGE_FIELDS));
    }
  }
  return bad;
}

async function attackOutcomes(ws: Workspace): Promise<string[]> {
  const bad: string[] = [];
  const council = ['0358', '0362', '0363', '0384'].map((m): Viewer => ({ role: 'council', municipality: m, login: `raad-${m}` }));
  for (const v of [...VIEWERS, ...council]) {
    const regions: Record<string, OutcomeViewRow> = {};
    for (const period of ['2028', '2028-H1', '2028-H2']) {
      for (const by of OUTCOME_BREAKDOWNS) {
        const view = await outcomesView(v, ws, period, by);
        regions[period] = view.region;
        if (v.role !== 'council') bad.push(...othersPartsOk(`${v.login} outcomes ${period} by ${by}`, view.region as unknown as Record<string, unknown>, view.rows as unknown as Record<string, unknown>[], OUTCOME_FIELDS));
      }
    }
    // The year is the sum of its halves: one hidden cell among the three would be worked out.
    for (const f of ['ended', 'dropout', 'satisfactionCount', 'withoutHelpCount'] as const) {
      const hidden = ['2028', '2028-H1', '2028-H2'].filter((p) => regions[p]![f] === null);
      if (hidden.length === 1) bad.push(`${v.login} outcomes: only ${hidden[0]} hides ${f} (${['2028', '2028-H1', '2028-H2'].map((p) => regions[p]![f]).join(', ')})`);
    }
  }
  return bad;
}

describe("others' part of the CBS figures", () => {
  it('a care form that differs between the sources: the care form row is protected as its own unit', async () => {
    const ws = await fresh('2028-07-15T09:00:00Z');
    for (let i = 0; i < 10; i++) await traj(ws, { bsn: BSN[i]!, agb: '99000001', municipality: '0363', start: '2028-01-01' });
    for (let i = 20; i < 30; i++) await traj(ws, { bsn: BSN[i]!, agb: '99000002', municipality: '0362', start: '2028-01-01' });
    await submitBijFile(region, ws, csv(BSN.slice(0, 10).map((b) => line(b, '1021AB', '02', '20280101'))), { provider: 'DEMO01', period: '2028-H1', pseudonym });
    await submitBijFile(
      region,
      ws,
      csv([...BSN.slice(20, 27).map((b) => line(b, '1181AB', '02', '20280101')), ...BSN.slice(27, 29).map((b) => line(b, '1181AB', '02', '20280401')), line(BSN[29]!, '1181AB', '03', '20280101')]),
      { provider: 'DEMO02', period: '2028-H1', pseudonym },
    );
    expect(await attackCoverage(ws)).toEqual([]);
    // The region itself sees the mismatch: one young person only in the delivery as care form 03.
    const byForm = await coverageView(region, ws, '2028-H1', 'care_form');
    expect(byForm.rows.find((r) => r.group === '03')).toMatchObject({ onlyBij: 1 });
  }, 120_000);

  it('a young person who moved is one municipality’s, the same in every view', async () => {
    const ws = await fresh('2028-07-15T09:00:00Z');
    await traj(ws, { bsn: BSN[0]!, agb: '99000001', municipality: '0384', start: '2028-01-01', end: '2028-03-31', reason: '31' });
    await traj(ws, { bsn: BSN[0]!, agb: '99000001', municipality: '0437', start: '2028-04-01' });
    for (let i = 1; i <= 4; i++) await traj(ws, { bsn: BSN[i]!, agb: '99000001', municipality: '0437', start: '2028-01-01' });
    for (let i = 5; i <= 10; i++) await traj(ws, { bsn: BSN[i]!, agb: '99000001', municipality: '0362', start: '2028-01-01' });
    await submitBijFile(region, ws, csv(BSN.slice(5, 11).map((b) => line(b, '1181AB', '02', '20280101'))), { provider: 'DEMO01', period: '2028-H1', pseudonym });
    expect(await attackCoverage(ws)).toEqual([]);
    const diemen = await coverageView({ role: 'municipality', municipality: '0384', login: 'd' }, ws, '2028-H1', 'municipality');
    expect(diemen.rows).toEqual([]);
  }, 120_000);

  it('measurements and the sources of ended trajectories', async () => {
    const ws = await fresh('2028-07-15T09:00:00Z');
    for (let i = 0; i < 5; i++) await traj(ws, { bsn: BSN[i]!, agb: '99000001', municipality: '0363', start: '2028-01-01', end: '2028-03-31', reason: '31' });
    await traj(ws, { bsn: BSN[10]!, agb: '99000002', municipality: '0362', start: '2028-01-01', end: '2028-03-31', reason: '32' });
    await traj(ws, { bsn: BSN[20]!, agb: '99000003', municipality: '0384', start: '2028-01-01', end: '2028-04-30', reason: '31' });
    await traj(ws, { bsn: BSN[21]!, agb: '99000003', municipality: '0384', start: '2028-01-01', end: '2028-04-30', reason: '36' });
    await submitBijFile(region, ws, csv(BSN.slice(0, 5).map((b) => line(b, '1021AB', '02', '20280101', '20280331', '01', '8,01,ouder'))), { provider: 'DEMO01', period: '2028-H1', pseudonym });
    await submitBijFile(region, ws, csv([line(BSN[10]!, '1181AB', '02', '20280101', '20280331', '03', '3,01,ouder')]), { provider: 'DEMO02', period: '2028-H1', pseudonym });
    expect(await attackOutcomes(ws)).toEqual([]);
  }, 180_000);

  it('the year minus a half year', async () => {
    const ws = await fresh('2029-03-01T09:00:00Z');
    const ms = ['0363', '0384', '0437', '0451'];
    for (let i = 0; i < 80; i++) await traj(ws, { bsn: BSN[i]!, agb: ['99000001', '99000003', '99000004', '99000005'][i % 4]!, municipality: ms[Math.floor(i / 20)]!, start: '2028-01-01', end: '2028-03-31', reason: '31' });
    for (let i = 100; i < 102; i++) await traj(ws, { bsn: BSN[i]!, agb: '99000002', municipality: '0362', start: '2028-01-01', end: '2028-09-30', reason: '31' });
    expect(await attackOutcomes(ws)).toEqual([]);
    // The region sees all three.
    expect((await outcomesView(region, ws, '2028-H2', 'provider')).region.ended).toBe(2);
  }, 180_000);
});

// Keep the row type in use (the checker reads rows generically).
export type { CoverageViewRow };
