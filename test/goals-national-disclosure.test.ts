// Attacks on what others see of the goals, the national comparison and the under-serving panel [issue
// 15; an attacker's review]. The class: a viewer takes the region's value less the values councils
// publish of their municipalities, less its own part (a municipality its own, a provider its young
// people in each municipality); a baseline taken from a year whose value is withheld; a year less a
// half year; a percentage of a known population; the region's percentage beside one's own counts.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { initWorkspace, openWorkspace, type Workspace } from '../src/app/workspace.ts';
import { goalsView, type GoalsView } from '../src/app/goals.ts';
import { importStatlineFile, nationalComparison, type NationalComparison } from '../src/app/national.ts';
import { underServing } from '../src/app/under-serving.ts';
import { operator, type Viewer } from '../src/domain/access/viewer.ts';
import { tempDir } from './support/temp-dirs.ts';

const region = operator('attack');
const files = tempDir('jeugdregie-gn-attack-');
const MS = ['0358', '0362', '0363', '0384', '0437', '0451'];
let n = 0;
async function traj(ws: Workspace, r: { agb: string; municipality: string; category?: string; start: string; end?: string; reason?: string }, count = 1) {
  for (let i = 0; i < count; i++) {
    n++;
    await sql`insert into trajectory (pseudonym, key, basis, municipality, provider, category, birth_month, gender, pc4, start_date, end_date, end_reason)
      values (${'p' + n}, ${'k' + n}, 'task', ${r.municipality}, ${r.agb}, ${r.category ?? '36'}, '2014-03', '2', null, ${r.start}::date, ${r.end ?? null}::date, ${r.reason ?? null})`.execute(ws.store.db);
  }
}
async function dataUpTo(ws: Workspace, day: string) {
  await sql`insert into ijw_message (sender, identification, sent_on, message_type, receiver, content_hash, source_file, received_at)
    values ('99000001', ${'m' + day}, ${day}::date, 'JW305', '0363', 'h', 'f', now())`.execute(ws.store.db);
}
const workspaces: Workspace[] = [];
afterAll(async () => {
  for (const ws of workspaces) await ws.close();
});
async function fresh(now: string): Promise<Workspace> {
  const target = { dataDir: path.join(tempDir('jeugdregie-gn-attack-db-'), 'data') };
  await initWorkspace(target, 'attack', { regionId: 'amsterdam-amstelland', demo: true });
  const ws = await openWorkspace(target, 'attack', { now: () => new Date(now) });
  workspaces.push(ws);
  return ws;
}
const council = (m: string): Viewer => ({ role: 'council', municipality: m, login: `raad-${m}` });
const small = (x: number) => x >= 1 && x <= 4;
const kpiValue = (g: GoalsView, kpi: string, scope: string, year: number) => g.kpis.find((k) => k.id === kpi)!.scopes.find((s) => s.scope === scope)?.points.find((p) => p.year === year)?.value ?? null;

describe('what others see of the goals', () => {
  it('a baseline from the data is not taken from a year withheld from the viewer', async () => {
    const ws = await fresh('2027-02-01T09:00:00Z');
    await traj(ws, { agb: '99000001', municipality: '0363', start: '2025-03-01' }, 200);
    await traj(ws, { agb: '99000002', municipality: '0362', start: '2026-03-01' }, 50);
    await traj(ws, { agb: '99000003', municipality: '0437', start: '2026-03-01', end: '2026-09-01' }, 3);
    await dataUpTo(ws, '2027-01-20');
    for (const v of [council('0437'), council('0358'), { role: 'provider', provider: 'DEMO02', login: 'p' } as Viewer]) {
      const g = await goalsView(v, ws);
      for (const k of g.kpis) {
        for (const s of k.scopes) {
          const withheld = s.points.filter((p) => p.value === null).map((p) => p.year);
          if (s.baseline?.from === 'data') expect(withheld, `${v.login} ${k.id} ${s.scope}`).not.toContain(s.baseline.year);
        }
      }
    }
  }, 120_000);

  it('the region less the municipalities councils publish, less one’s own, is not 1–4', async () => {
    const ws = await fresh('2029-02-01T09:00:00Z');
    for (const [agb, m, count] of [['99000001', '0358', 100], ['99000002', '0362', 100], ['99000004', '0363', 100], ['99000001', '0451', 100], ['99000003', '0384', 3], ['99000002', '0437', 3]] as const) {
      await traj(ws, { agb, municipality: m, start: '2028-02-01' }, count);
    }
    await dataUpTo(ws, '2028-12-30');
    const K = 'b-afname-verblijf';
    const published = Object.fromEntries(await Promise.all(MS.map(async (m) => [m, kpiValue(await goalsView(council(m), ws), K, m, 2028)] as const)));
    const publicSum = Object.values(published).reduce((s, v) => s + (v === null ? 0 : Number(v)), 0);
    const owners: [Viewer, number][] = [
      ...MS.map((m): [Viewer, number] => [{ role: 'municipality', municipality: m, login: m }, published[m] === null ? [100, 100, 100, 3, 3, 100][MS.indexOf(m)]! : 0]),
      [{ role: 'provider', provider: 'DEMO03', login: 'p3' }, 3],
      [{ role: 'provider', provider: 'DEMO02', login: 'p2' }, 3],
    ];
    for (const [v, ownHidden] of owners) {
      const r = kpiValue(await goalsView(v, ws), K, 'region', 2028);
      if (r === null) continue;
      expect(small(Number(r) - publicSum), `${v.login}: public`).toBe(false);
      expect(small(Number(r) - publicSum - ownHidden), `${v.login}: less its own`).toBe(false);
    }
  }, 120_000);
});

describe('what others see of the national comparison', () => {
  function statline(measure: string, periods: string[]): string {
    const rows = periods.flatMap((p, i) => MS.map((m, j) => ({ ID: i * 10 + j, RegioS: `GM${m}    `, Perioden: p, [measure]: 10 })));
    const file = path.join(files, `${measure}.json`);
    fs.writeFileSync(file, JSON.stringify({ value: rows }));
    return file;
  }

  it('a provider less its own, the region less the public rows, a year less a half year, a percentage of a known population', async () => {
    const ws = await fresh('2029-02-01T09:00:00Z');
    await traj(ws, { agb: '99000001', municipality: '0363', start: '2027-01-01', end: '2027-06-30' }, 20);
    await traj(ws, { agb: '99000002', municipality: '0363', start: '2027-01-01', end: '2027-06-30' }, 3);
    for (const m of ['0358', '0362', '0363', '0384', '0451']) await traj(ws, { agb: '99000004', municipality: m, start: '2028-01-01' }, 10);
    await traj(ws, { agb: '99000004', municipality: '0437', start: '2028-01-01' }, 3);
    await traj(ws, { agb: '99000004', municipality: '0358', start: '2028-08-01' }, 3);
    await dataUpTo(ws, '2028-12-30');
    await importStatlineFile(region, ws, statline('TotaalJeugdhulptrajecten_1', ['2027HJ01', '2028HJ01', '2028HJ02', '2028JJ00']), { table: '85097NED' });
    await importStatlineFile(region, ws, statline('JongerenMetJeugdzorg_1', ['2028HJ01', '2028JJ00']), { table: '85098NED' });
    const row = (c: NationalComparison, table: string, m: string) => c.tables.find((t) => t.table === table)!.rows.find((r) => r.municipality === m)!;
    // A provider less its own 20.
    const p1 = row(await nationalComparison({ role: 'provider', provider: 'DEMO01', login: 'p' }, ws, '2027-H1'), '85097NED', '');
    for (const f of ['trafficTrajectories', 'youngPeople'] as const) if (p1[f] !== null) expect(small(p1[f] - 20)).toBe(false);
    // The region less the councils' rows.
    const rows = await Promise.all(MS.map(async (m) => row(await nationalComparison(council(m), ws, '2028-H1'), '85097NED', m)));
    const reg = row(await nationalComparison(council('0358'), ws, '2028-H1'), '85097NED', '');
    for (const f of ['trafficTrajectories', 'youngPeople'] as const) {
      if (reg[f] === null) continue;
      expect(small(reg[f] - rows.reduce((s, r) => s + (r[f] ?? 0), 0))).toBe(false);
    }
    // No year for others: a year less a half year would tell who started in the other half.
    await expect(nationalComparison(council('0358'), ws, '2028')).rejects.toMatchObject({ code: 'NATIONAL_HALF_YEARS_ONLY' });
    expect((await nationalComparison(region, ws, '2028')).tables.length).toBeGreaterThan(0);
    // A percentage of a known population is withheld with the counts behind it.
    const pct = row(await nationalComparison(council('0437'), ws, '2028-H1'), '85098NED', '0437');
    expect(pct.youngPeople).toBeNull();
    expect(pct.ours).toBeNull();
    expect(pct.difference).toBeNull();
  }, 120_000);
});

describe('what a provider sees beside its own dropout', () => {
  it("the region's percentage only as the provider may see the region", async () => {
    const ws = await fresh('2029-02-01T09:00:00Z');
    await traj(ws, { agb: '99000001', municipality: '0363', start: '2028-01-01', end: '2028-06-15', reason: '31' }, 10);
    await traj(ws, { agb: '99000002', municipality: '0363', start: '2028-01-01', end: '2028-06-15', reason: '31' }, 7);
    await traj(ws, { agb: '99000002', municipality: '0363', start: '2028-01-01', end: '2028-06-15', reason: '32' }, 3);
    await dataUpTo(ws, '2028-12-30');
    const d = (await underServing({ role: 'provider', provider: 'DEMO01', login: 'p' }, ws, 'DEMO01', '2028-H1')).items.find((i) => i.code === 'dropout')!;
    // 3 of the others' 10 ended early: the region's 15% beside its own 0 of 10 would tell it.
    expect(d.figures['regionDropoutPct']).toBeNull();
    expect(d.nl).toContain('de regio is afgeschermd');
    expect((await underServing(region, ws, 'DEMO01', '2028-H1')).items.find((i) => i.code === 'dropout')!.figures['regionDropoutPct']).toBe('15.0');
  }, 120_000);
});
