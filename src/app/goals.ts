// Steering element 4: the themes' goals and their KPIs against the baseline and the path to the
// targets [issue 15 "Theme goals and KPIs"; decisions §59]. Computed from the trajectories per year
// and scope (the region, each municipality, each area), by data version; others than the region see
// the region and their own municipality, withheld where a count of 1–4 could be told (kpiDisclosure).
import { assertMay } from '../domain/access/policy.ts';
import type { Viewer } from '../domain/access/viewer.ts';
import {
  changePct,
  countsOf,
  evaluate,
  countDisclosure,
  withDifferences,
  offPath,
  oneDecimal,
  parseFormula,
  parseTarget,
  pathValue,
  rationalFromText,
  targetValue,
  type KpiFigures,
  type Rational,
} from '../domain/kpi.ts';
import { areaResolver, careFormResolver } from '../domain/region-lookup.ts';
import type { KpiDefinition, PopulationTable, Region } from '../domain/region.ts';
import { populationTable } from './national.ts';
import { periodClosed } from '../domain/data-coverage.ts';
import { latestMessageDate } from '../store/coverage-repository.ts';
import { firstTrajectoryStart, trajectoriesOverlapping } from '../store/trajectory-repository.ts';
import { byDataVersion } from './by-version.ts';
import type { Workspace } from './workspace.ts';

/** "region", a municipality code, or "area:<id>". */
export type KpiScope = string;

export interface KpiPoint {
  readonly year: number;
  /** One decimal; null where the value is withheld from this viewer or cannot be had. */
  readonly value: string | null;
  /** The path's value for the year, where there is a path. */
  readonly path: string | null;
  readonly offPath: boolean;
  /** Whether the year's data are complete (the data reach its last day). */
  readonly complete: boolean;
}

export interface KpiScopeView {
  readonly scope: KpiScope;
  readonly baseline: { readonly year: number; readonly value: string; readonly from: 'data' | 'region file'; readonly placeholder: boolean } | null;
  readonly targets: readonly { readonly year: number; readonly value: string }[];
  readonly points: readonly KpiPoint[];
  /** The latest year's change against the baseline, in percent. */
  readonly changePct: string | null;
  readonly withheld: boolean;
}

export interface KpiView {
  readonly id: string;
  readonly theme: string;
  readonly name: string;
  readonly description?: string;
  readonly unit?: string;
  readonly direction: 'down' | 'up';
  readonly formula?: string;
  /** For a KPI the data cannot answer: the source it needs. */
  readonly needs?: string;
  readonly targetsPlaceholder: boolean;
  readonly populationPlaceholder: boolean;
  readonly scopes: readonly KpiScopeView[];
}

export interface GoalsView {
  readonly years: readonly number[];
  readonly dataUpTo: string | null;
  readonly population: { readonly source: string; readonly placeholder: boolean } | null;
  readonly kpis: readonly KpiView[];
  readonly signals: readonly { readonly kpi: string; readonly scope: KpiScope; readonly year: number; readonly nl: string }[];
  readonly startPhoto: Region['startPhoto'] | null;
}

interface YearData {
  readonly complete: boolean;
  /** Per scope key: the figures. */
  figures(scope: KpiScope, provider?: readonly string[]): KpiFigures;
}

/** The population of a municipality in a year: that year's, else the latest before it. */
function populationOf(table: PopulationTable | undefined, municipality: string, year: number): number | undefined {
  const rows = (table?.values ?? []).filter((v) => v.municipality === municipality && v.year <= year).sort((a, b) => b.year - a.year);
  return rows[0]?.youngPeople;
}

async function yearData(ws: Workspace, year: number, dataUpTo: string | null, population: PopulationTable | undefined): Promise<YearData> {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const trajectories = await trajectoriesOverlapping(ws.store.db, { from, to });
  const careFormOf = careFormResolver(ws.region);
  const areaOf = areaResolver(ws.region);
  const inScope = (scope: KpiScope, municipality: string, pc4: string | undefined) =>
    scope === 'region' ? true : scope.startsWith('area:') ? areaOf(municipality, pc4) === scope.slice(5) : municipality === scope;
  const region = ws.region;
  return {
    complete: periodClosed({ from, to }, dataUpTo),
    figures(scope, agbCodes) {
      const mine = trajectories.filter((t) => inScope(scope, t.municipality, t.client.pc4) && (agbCodes === undefined || agbCodes.includes(t.provider)));
      const youngPeople = (() => {
        if (scope === 'region') {
          const all = region.municipalities.map((m) => populationOf(population, m.code, year));
          return all.some((p) => p === undefined) ? undefined : all.reduce((s, p) => s! + p!, 0);
        }
        if (scope.startsWith('area:')) {
          const area = region.areas.find((a) => a.id === scope.slice(5));
          if (!area || area.within) return undefined;
          const all = area.municipalities.map((m) => populationOf(population, m, year));
          return all.some((p) => p === undefined) ? undefined : all.reduce((s, p) => s! + p!, 0);
        }
        return populationOf(population, scope, year);
      })();
      return {
        inCare: (forms) => new Set(mine.filter((t) => forms.length === 0 || forms.includes(careFormOf(t.category))).map((t) => t.client.pseudonym)).size,
        starts: (forms) => mine.filter((t) => t.start >= from && t.start <= to && forms.includes(careFormOf(t.category))).length,
        population: youngPeople,
      };
    },
  };
}

interface Computed {
  readonly years: number[];
  readonly dataUpTo: string | null;
  /** Per KPI id, scope and year: the exact value (undefined: none), and the region disclosure per year. */
  readonly values: Map<string, Map<KpiScope, Map<number, Rational | undefined>>>;
  /** Per KPI id and year: which values others may see. */
  readonly disclosure: Map<string, Map<number, { region: boolean; municipalities: Map<string, boolean> }>>;
  readonly complete: Map<number, boolean>;
  readonly population: { readonly source: string; readonly placeholder: boolean } | null;
}

async function compute(ws: Workspace): Promise<Computed> {
  const dataUpTo = await latestMessageDate(ws.store.db);
  const population = await populationTable(ws);
  const kpis = (ws.region.kpis ?? []).filter((k) => k.formula !== undefined);
  const first = await firstTrajectoryStart(ws.store.db);
  const years: number[] = [];
  if (dataUpTo && first) for (let y = Math.max(Number(first.slice(0, 4)), Number(dataUpTo.slice(0, 4)) - 10); y <= Number(dataUpTo.slice(0, 4)); y++) years.push(y);
  const scopes: KpiScope[] = ['region', ...ws.region.municipalities.map((m) => m.code), ...ws.region.areas.map((a) => `area:${a.id}`)];
  const state = await ws.engine.state();
  const providers = Object.values(state.providers).map((p) => ({ code: p.code, agb: p.agbCodes }));
  const values = new Map<string, Map<KpiScope, Map<number, Rational | undefined>>>();
  const disclosure = new Map<string, Map<number, { region: boolean; municipalities: Map<string, boolean> }>>();
  const complete = new Map<number, boolean>();
  const formulas = kpis.map((k) => ({ k, f: parseFormula(k.formula!) }));
  // Every count any formula reads, once per kind and care forms: one disclosure decision per year for all KPIs.
  const countKeys = [...new Map(formulas.flatMap(({ f }) => countsOf(f)).map((c) => [`${c.kind}(${c.careForms.join(',')})`, c])).values()];
  const countVector = (figures: KpiFigures) => withDifferences(countKeys.map((c) => ({ ...c, value: c.kind === 'in_care' ? figures.inCare(c.careForms) : figures.starts(c.careForms) })));
  for (const year of years) {
    const data = await yearData(ws, year, dataUpTo, population);
    complete.set(year, data.complete);
    const decision = countDisclosure({
      region: countVector(data.figures('region')),
      municipalities: new Map(ws.region.municipalities.map((mu) => [mu.code, countVector(data.figures(mu.code))])),
      providers: new Map(
        providers.map((p) => [p.code, { total: countVector(data.figures('region', p.agb)), byMunicipality: new Map(ws.region.municipalities.map((mu) => [mu.code, countVector(data.figures(mu.code, p.agb))])) }]),
      ),
    });
    for (const { k, f } of formulas) {
      const byScope = values.get(k.id) ?? new Map<KpiScope, Map<number, Rational | undefined>>();
      values.set(k.id, byScope);
      for (const scope of scopes) {
        const m = byScope.get(scope) ?? new Map<number, Rational | undefined>();
        byScope.set(scope, m);
        m.set(year, evaluate(f, data.figures(scope)));
      }
      const d = disclosure.get(k.id) ?? new Map();
      disclosure.set(k.id, d);
      d.set(year, decision);
    }
  }
  return { years, dataUpTo, values, disclosure, complete, population: population ? { source: population.source, placeholder: population.placeholder === true } : null };
}

/** The scopes a viewer is shown, and whether each is its own (unprotected). */
function scopesFor(viewer: Viewer, region: Region): { scope: KpiScope; own: boolean }[] {
  const areasOf = (m: string) => region.areas.filter((a) => a.within?.municipality === m || (a.municipalities.length === 1 && a.municipalities[0] === m)).map((a) => `area:${a.id}`);
  switch (viewer.role) {
    case 'region':
      return [{ scope: 'region', own: true }, ...region.municipalities.map((m) => ({ scope: m.code, own: true })), ...region.areas.map((a) => ({ scope: `area:${a.id}`, own: true }))];
    case 'municipality':
      return [{ scope: 'region', own: false }, { scope: viewer.municipality, own: true }, ...areasOf(viewer.municipality).map((scope) => ({ scope, own: true }))];
    case 'council':
      return [{ scope: 'region', own: false }, { scope: viewer.municipality, own: false }];
    case 'provider':
      return [{ scope: 'region', own: false }];
  }
}

export async function goalsView(viewer: Viewer, ws: Workspace): Promise<GoalsView> {
  assertMay(viewer, 'monitor.read');
  const c = await byDataVersion(ws, 'goals', () => compute(ws));
  const kpis: KpiView[] = [];
  const signals: { kpi: string; scope: KpiScope; year: number; nl: string }[] = [];
  for (const k of ws.region.kpis ?? []) {
    const direction = k.direction ?? 'down';
    const scopes: KpiScopeView[] = [];
    if (k.formula !== undefined) {
      for (const { scope, own } of scopesFor(viewer, ws.region)) {
        const series = c.values.get(k.id)?.get(scope);
        const mayShow = (year: number) => {
          if (own) return true;
          const d = c.disclosure.get(k.id)?.get(year);
          if (!d) return false;
          return scope === 'region' ? d.region : (d.municipalities.get(scope) ?? false);
        };
        const baseline = baselineOf(k, scope, series, c, mayShow);
        const targets = Object.entries(k.targets ?? {})
          .map(([y, t]) => ({ year: Number(y), target: parseTarget(t)! }))
          .filter((t) => t.target.kind === 'value' || baseline !== null)
          .map((t) => ({ year: t.year, value: targetValue(t.target, baseline?.value ?? { n: 0n, d: 1n }) }));
        const pathPoints = baseline ? [{ year: baseline.year, value: baseline.value }, ...targets] : targets;
        let withheld = false;
        const points: KpiPoint[] = c.years.map((year) => {
          const v = series?.get(year);
          const shown = mayShow(year);
          if (!shown && v !== undefined) withheld = true;
          const path = pathPoints.length > 0 && (baseline ? year >= baseline.year : true) ? pathValue(pathPoints, year) : undefined;
          const off = shown && v !== undefined && path !== undefined && (c.complete.get(year) ?? false) && offPath(v, path, direction);
          if (off) signals.push({ kpi: k.id, scope, year, nl: `${k.name}: ${scopeName(ws.region, scope)} ${year} ${dutch(oneDecimal(v))} ligt ${direction === 'down' ? 'boven' : 'onder'} het pad naar het doel (${dutch(oneDecimal(path))})` });
          return { year, value: shown && v !== undefined ? oneDecimal(v) : null, path: path ? oneDecimal(path) : null, offPath: off, complete: c.complete.get(year) ?? false };
        });
        const lastShown = [...points].reverse().find((p) => p.value !== null);
        scopes.push({
          scope,
          baseline: baseline ? { year: baseline.year, value: oneDecimal(baseline.value), from: baseline.from, placeholder: baseline.placeholder } : null,
          targets: targets.map((t) => ({ year: t.year, value: oneDecimal(t.value) })),
          points,
          changePct: baseline && lastShown?.value ? (changePct(rationalFromText(lastShown.value), baseline.value) ?? null) : null,
          withheld,
        });
      }
    }
    kpis.push({
      id: k.id,
      theme: k.theme,
      name: k.name,
      ...(k.description ? { description: k.description } : {}),
      ...(k.unit ? { unit: k.unit } : {}),
      direction,
      ...(k.formula ? { formula: k.formula } : {}),
      ...(k.needs ? { needs: k.needs } : {}),
      targetsPlaceholder: k.targetsPlaceholder === true,
      populationPlaceholder: (k.formula?.includes('population') ?? false) && c.population?.placeholder === true,
      scopes,
    });
  }
  return {
    years: c.years,
    dataUpTo: c.dataUpTo,
    population: c.population,
    kpis,
    signals,
    startPhoto: ws.region.startPhoto ?? null,
  };
}

/** The baseline of a KPI for a scope: from the data where they cover its year, else the region file's. */
function baselineOf(
  k: KpiDefinition,
  scope: KpiScope,
  series: Map<number, Rational | undefined> | undefined,
  c: Computed,
  mayShow: (year: number) => boolean,
): { year: number; value: Rational; from: 'data' | 'region file'; placeholder: boolean } | null {
  if (!k.baseline) return null;
  const year = k.baseline.year;
  // From the data only where this viewer may see that year's value (else the path and the targets would tell it).
  const fromData = c.complete.get(year) && c.years[0]! < year && mayShow(year) ? series?.get(year) : undefined;
  if (fromData !== undefined) return { year, value: fromData, from: 'data', placeholder: false };
  const given = k.baseline.values?.[scope];
  if (given === undefined) return null;
  return { year, value: rationalFromText(given), from: 'region file', placeholder: k.baseline.placeholder === true };
}

/** A decimal as Dutch writes it: a comma. */
const dutch = (text: string) => text.replace('.', ',');

function scopeName(region: Region, scope: KpiScope): string {
  if (scope === 'region') return 'regio';
  if (scope.startsWith('area:')) return region.areas.find((a) => a.id === scope.slice(5))?.name ?? scope;
  return region.municipalities.find((m) => m.code === scope)?.name ?? scope;
}

