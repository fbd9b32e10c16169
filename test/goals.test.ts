// Theme goals on both databases [issue 15 "Theme goals and KPIs"]: the shipped Amsterdam-Amstelland
// KPIs of theme B computed from the trajectories against the region file's (placeholder) baselines,
// the path and its signals, the KPIs the data cannot answer, Eemland's start photo, and what each
// role sees: the region everything, others the region and their own municipality, withheld where a
// count of 1–4 could be told.
import { afterAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { sql } from 'kysely';
import { initWorkspace, openWorkspace, type Workspace } from '../src/app/workspace.ts';
import { goalsView } from '../src/app/goals.ts';
import { operator, type Viewer } from '../src/domain/access/viewer.ts';
import { dropTestSchemas, testDatabases } from './support/databases.ts';
import { tempDir } from './support/temp-dirs.ts';

afterAll(dropTestSchemas);

let n = 0;
async function traj(ws: Workspace, r: { agb: string; municipality: string; category: string; start: string; end?: string }, count = 1): Promise<void> {
  for (let i = 0; i < count; i++) {
    n++;
    await sql`insert into trajectory (pseudonym, key, basis, municipality, provider, category, birth_month, gender, pc4, start_date, end_date)
      values (${'p' + n}, ${'k' + n}, 'task', ${r.municipality}, ${r.agb}, ${r.category}, '2014-03', '2', null, ${r.start}::date, ${r.end ?? null}::date)`.execute(ws.store.db);
  }
}

async function dataUpTo(ws: Workspace, day: string): Promise<void> {
  await sql`insert into ijw_message (sender, identification, sent_on, message_type, receiver, content_hash, source_file, received_at)
    values ('99000001', ${'m' + day}, ${day}::date, 'JW305', '0363', 'h', 'f', now())`.execute(ws.store.db);
}

describe.each(testDatabases)('theme goals on $name', (database) => {
  it('computes the KPIs against baseline and path, and shows each role its part', async () => {
    const target = await database.fresh();
    if (!target.url) (target as { dataDir?: string }).dataDir = path.join(tempDir('jeugdregie-goals-'), 'data');
    await initWorkspace(target, 'goals-test', { regionId: 'amsterdam-amstelland', demo: true });
    const ws = await openWorkspace(target, 'goals-test', { now: () => new Date('2029-02-01T09:00:00Z') });
    try {
      // 2028: Amsterdam 4,000 young people in residential care (3,900 started in 2028), Diemen 90, Ouder-Amstel 3 in foster care.
      await traj(ws, { agb: '99000001', municipality: '0363', category: '38', start: '2027-06-01' }, 100);
      await traj(ws, { agb: '99000002', municipality: '0363', category: '35', start: '2028-02-01' }, 3900);
      await traj(ws, { agb: '99000003', municipality: '0384', category: '36', start: '2028-03-01' }, 90);
      await traj(ws, { agb: '99000003', municipality: '0437', category: '35', start: '2028-03-01' }, 3);
      await traj(ws, { agb: '99000001', municipality: '0363', category: '32', start: '2028-01-01' }, 50);
      // Uithoorn: 180 new placements, above its path on every KPI.
      await traj(ws, { agb: '99000004', municipality: '0451', category: '36', start: '2028-04-01' }, 180);
      await dataUpTo(ws, '2028-12-29');

      const region = await goalsView(operator('goals-test'), ws);
      expect(region.years).toEqual([2027, 2028]);
      const uhp = region.kpis.find((k) => k.id === 'b-uithuisplaatsingen-per-1000')!;
      expect(uhp.populationPlaceholder).toBe(true);
      expect(uhp.targetsPlaceholder).toBe(true);
      const amsterdam = uhp.scopes.find((s) => s.scope === '0363')!;
      // 4,000 × 1,000 / 160,000 = 25.0; baseline 27.2 (2024, region file); target 2028 −5%: 25.84 → path 25.8
      expect(amsterdam.points.find((p) => p.year === 2028)).toEqual({ year: 2028, value: '25.0', path: '25.8', offPath: false, complete: true });
      expect(amsterdam.baseline).toEqual({ year: 2024, value: '27.2', from: 'region file', placeholder: true });
      expect(amsterdam.changePct).toBe('-8.1');
      // Diemen: 90 × 1000 / 6000 = 15.0 against a path of 17.5 × 0.95 = 16.6: on course. Ouder-Amstel 3/3200: 0.9.
      expect(uhp.scopes.find((s) => s.scope === '0384')!.points.at(-1)!.value).toBe('15.0');
      // Residential care against 2026: Amsterdam 4,000 against 4,361 × 0.95 = 4,143: on course; starts 3,900 (2028) > 4,410 × 0.95? no.
      const verblijf = region.kpis.find((k) => k.id === 'b-afname-verblijf')!;
      expect(verblijf.scopes.find((s) => s.scope === '0363')!.points.at(-1)).toMatchObject({ value: '4000.0', offPath: false });
      // Diemen 90 in care against 105 × 0.95 = 99.75: on course; Aalsmeer none at all.
      expect(region.kpis.filter((k) => k.needs).map((k) => k.id)).toEqual(['b-stabiel-perspectief', 'b-twee-leefdomeinen', 'b-intensief-ambulant']);
      // New placements: Diemen 90 against 107 × 0.95 = 101.65, on course; the region's 3,993 against
      // 5,230 × 0.95, on course; Amsterdam 3,900 against 4,410 × 0.95 = 4,189.5, on course. Amsterdam's
      // per-1,000 in 2027 has no path (before the targets' first year it runs from 2024).
      // Uithoorn is off its path on all three: 180 × 1000 / 6200 = 29.0 against 26.7 × 0.95 = 25.4; 180
      // against 165 × 0.95 and 167 × 0.95.
      expect(region.signals.map((s) => `${s.kpi} ${s.scope} ${s.year}`)).toEqual([
        'b-uithuisplaatsingen-per-1000 0451 2028',
        'b-afname-verblijf 0451 2028',
        'b-afname-nieuwe-uithuisplaatsingen 0451 2028',
      ]);
      expect(region.signals[0]!.nl).toBe('Uithuisplaatsingen per 1.000 jeugdigen: Uithoorn 2028 29,0 ligt boven het pad naar het doel (25,4)');
      // The scopes: the region everything; a municipality the region, itself and its areas; a provider the region.
      expect(uhp.scopes.map((s) => s.scope)).toContain('area:noord');
      const diemen: Viewer = { role: 'municipality', municipality: '0384', login: 'diemen' };
      const d = await goalsView(diemen, ws);
      // DUO is Diemen's area together with two others: not Diemen's own.
      expect(d.kpis[0]!.scopes.map((s) => s.scope)).toEqual(['region', '0384']);
      const a = await goalsView({ role: 'municipality', municipality: '0363', login: 'a' }, ws);
      expect(a.kpis[0]!.scopes.map((s) => s.scope)).toEqual(['region', '0363', 'area:centrum-zuid', 'area:nieuw-west', 'area:west', 'area:noord', 'area:oost', 'area:zuidoost-weesp']);
      const provider: Viewer = { role: 'provider', provider: 'DEMO01', login: 'p' };
      expect((await goalsView(provider, ws)).kpis[0]!.scopes.map((s) => s.scope)).toEqual(['region']);
      // A council of Ouder-Amstel: its own 3 young people are withheld, and so is the region (the region less Ouder-Amstel's neighbours…).
      const council: Viewer = { role: 'council', municipality: '0437', login: 'raad' };
      const c = await goalsView(council, ws);
      const own = c.kpis[0]!.scopes.find((s) => s.scope === '0437')!;
      expect(own.points.at(-1)!.value).toBeNull();
      expect(own.withheld).toBe(true);
      // The region less the municipalities shown is Ouder-Amstel's 3: withheld for everyone but the region.
      expect(c.kpis[0]!.scopes.find((s) => s.scope === 'region')!.points.at(-1)!.value).toBeNull();
      expect((await goalsView(provider, ws)).kpis[0]!.scopes[0]!.points.at(-1)!.value).toBeNull();
    } finally {
      await ws.close();
    }
  }, 240_000);

  it("shows Eemland's start photo and its KPIs against the 2020 clients", async () => {
    const target = await database.fresh();
    if (!target.url) (target as { dataDir?: string }).dataDir = path.join(tempDir('jeugdregie-goals-e-'), 'data');
    await initWorkspace(target, 'goals-test', { regionId: 'eemland' });
    const ws = await openWorkspace(target, 'goals-test', { now: () => new Date('2029-02-01T09:00:00Z') });
    try {
      await traj(ws, { agb: '99000001', municipality: '0307', category: '32', start: '2028-01-01' }, 4500);
      await dataUpTo(ws, '2028-12-29');
      const g = await goalsView(operator('goals-test'), ws);
      expect(g.startPhoto!.tables.map((t) => t.title)).toEqual(['Unieke cliënten per zorgvorm (regio)', 'Unieke cliënten per gemeente']);
      const k = g.kpis.find((x) => x.id === 'jeugdigen-met-jeugdhulp')!;
      const amersfoort = k.scopes.find((s) => s.scope === '0307')!;
      expect(amersfoort.baseline).toEqual({ year: 2020, value: '5005.0', from: 'region file', placeholder: false });
      expect(amersfoort.changePct).toBe('-10.1');
      expect(amersfoort.targets).toEqual([]);
    } finally {
      await ws.close();
    }
  }, 240_000);
});
