// The national comparison [issue 15 "The national comparison (CBS StatLine)"; decisions §60]: CBS
// StatLine tables as downloaded, imported by the region team, and per municipality our counts beside
// CBS's for the same half year and, as near as the sources allow, the same definition — with the
// difference and why the definitions differ. CBS's figures are public; ours follow the monitor's
// rule: others than the region see the region and their own municipality, a count of 1–4 withheld.
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { assertMay } from '../domain/access/policy.ts';
import type { Viewer } from '../domain/access/viewer.ts';
import { bijPeriodName, recordOverlaps } from '../domain/bij.ts';
import { parseCsv } from '../domain/csv.ts';
import { Refusal } from '../domain/errors.ts';
import { countDisclosure } from '../domain/kpi.ts';
import { DEFINITION_NOTES, isStatlineTable, readStatlineRows, STATLINE_TABLES, statlineRowsOf, type StatlineTable } from '../domain/statline.ts';
import { tableRefusal } from '../domain/table-import.ts';
import { divideHalfEven } from '../domain/utilisation.ts';
import { MAX_TABLE_BYTES } from '../config/table-file.ts';
import type { PopulationTable } from '../domain/region.ts';
import { deliveredPeriods } from '../store/bij-repository.ts';
import { replaceStatline, statlineFigures } from '../store/statline-repository.ts';
import { audit } from './accounts.ts';
import { parseOutcomePeriod, sourcesOf } from './bij.ts';
import { byDataVersion } from './by-version.ts';
import type { Workspace } from './workspace.ts';

export interface StatlineImported {
  readonly table: StatlineTable;
  readonly measure: string;
  readonly figures: number;
  readonly replaced: number;
  readonly skipped: number;
}

/** Imports one measure of a downloaded StatLine table (CSV or OData JSON); all or nothing. */
export async function importStatlineFile(viewer: Viewer, ws: Workspace, path: string, options: { table: string; measure?: string; filters?: Record<string, string> }): Promise<StatlineImported> {
  assertMay(viewer, 'decision.record');
  const table = options.table.trim().toUpperCase();
  if (!isStatlineTable(table)) throw new Refusal('STATLINE_TABLE_UNKNOWN', { table: options.table, known: Object.keys(STATLINE_TABLES).join(', ') });
  const file = basename(path);
  const refuse = (problems: readonly { en: string; nl: string; row?: number; column?: string }[]) =>
    tableRefusal({ file }, problems.map((p) => ({ where: { file, ...(p.row !== undefined ? { row: p.row } : {}), ...(p.column !== undefined ? { column: p.column } : {}) }, said: { en: p.en, nl: p.nl } })), problems.length, 'imported');
  let text: string;
  try {
    if ((await stat(path)).size > MAX_TABLE_BYTES) throw refuse([{ en: `the file is larger than ${MAX_TABLE_BYTES / 1024 / 1024} MB; download the region's municipalities only`, nl: `het bestand is groter dan ${MAX_TABLE_BYTES / 1024 / 1024} MB; download alleen de gemeenten van de regio` }]);
    text = await readFile(path, 'utf8');
  } catch (e) {
    if (e instanceof Refusal) throw e;
    throw refuse([{ en: `cannot read the file: ${(e as Error).message}`, nl: `het bestand is niet te lezen: ${(e as Error).message}` }]);
  }
  const rows = statlineRowsOf(text, parseCsv);
  if ('error' in rows) throw refuse([rows.error]);
  const read = readStatlineRows(rows, { ...(options.measure ? { measure: options.measure } : {}), municipalities: ws.region.municipalities, ...(options.filters ? { filters: options.filters } : {}) });
  if (!read.ok) throw refuse(read.problems);
  const replaced = await replaceStatline(ws.store.db, table, read.measure, file, read.figures);
  await audit(ws, viewer, 'statline', { table, measure: read.measure, figures: read.figures.length, replaced });
  return { table, measure: read.measure, figures: read.figures.length, replaced, skipped: read.skipped };
}

/**
 * The youth population per municipality and year: CBS's table 03759NED where it was imported (the
 * ages added at import), else the region file's `population` (marked when it holds placeholders).
 */
export async function populationTable(ws: Workspace): Promise<PopulationTable | undefined> {
  const imported = (await statlineFigures(ws.store.db)).filter((f) => f.table === '03759NED' && /^\d{4}$/.test(f.period) && f.value !== null);
  if (imported.length === 0) return ws.region.population;
  return {
    source: `CBS StatLine 03759NED (${[...new Set(imported.map((f) => f.source))].join(', ')})`,
    values: imported.map((f) => ({ year: Number(f.period), municipality: f.municipality, youngPeople: Math.round(Number(f.value)) })),
  };
}

export interface ComparisonRow {
  /** A municipality code, or "" for the region (the municipalities together). */
  readonly municipality: string;
  /** CBS's figure; null where CBS shows none, or (the region) where a municipality has none. */
  readonly cbs: string | null;
  /** Our figure by CBS's definition, as near as our sources come (see the table's note). */
  readonly ours: string | null;
  readonly difference: string | null;
  /** Beside it: our trajectories from the traffic, and our young people (each once). */
  readonly trafficTrajectories: number | null;
  readonly youngPeople: number | null;
}

export interface ComparisonTable {
  readonly table: StatlineTable;
  readonly title: string;
  readonly measure: string;
  readonly source: string;
  readonly note: string;
  readonly unit: 'trajectories' | 'percent';
  readonly rows: readonly ComparisonRow[];
  /** Providers with traffic in the period that did not deliver to Jeugdregie (their trajectories are not in "ours"). */
  readonly notDelivered: number;
  readonly populationPlaceholder: boolean;
}

export interface NationalComparison {
  readonly period: string;
  readonly tables: readonly ComparisonTable[];
}

export async function nationalComparison(viewer: Viewer, ws: Workspace, periodText: string): Promise<NationalComparison> {
  assertMay(viewer, 'monitor.read');
  const p = parseOutcomePeriod(periodText);
  const computed = await byDataVersion(ws, `national|${p.name}`, async () => {
    const figures = await statlineFigures(ws.store.db, p.name);
    const s = await sourcesOf(ws, p.halves, p.to);
    const delivered = await deliveredPeriods(ws.store.db);
    // A record running through both halves is in both deliveries: once here.
    const records = [...new Map(s.records.map((r) => [`${r.provider}|${r.person}|${r.careForm}|${r.start}`, r])).values()];
    const placeOf = (municipality: string | undefined) => municipality ?? '';
    const deliveredProviders = new Set(p.halves.flatMap((h) => [...(delivered.get(bijPeriodName(h)) ?? [])]));
    const trafficProviders = new Set(s.trajectories.filter((t) => recordOverlaps(t, p.from, p.to)).map((t) => t.provider));
    const count = (scope: string, on?: string, provider?: string) => {
      const inScope = (m: string | undefined, p: string) => (scope === '' || placeOf(m) === scope) && (provider === undefined || p === provider);
      const from = on ?? p.from;
      const to = on ?? p.to;
      const bij = records.filter((r) => inScope(r.municipality, r.provider) && recordOverlaps(r, from, to)).length;
      const traffic = s.trajectories.filter((t) => inScope(t.municipality, t.provider) && recordOverlaps(t, from, to));
      const people = new Set([...traffic.map((t) => t.person), ...records.filter((r) => inScope(r.municipality, r.provider) && recordOverlaps(r, from, to)).map((r) => r.person)]);
      return { bij, traffic: traffic.length, people: people.size };
    };
    // What others may see of our counts: one decision per table over the three counts (decisions §60).
    const providerCodes = [...new Set([...records.map((r) => r.provider), ...s.trajectories.map((t) => t.provider)])];
    const vector = (c: { bij: number; traffic: number; people: number }) => [c.bij, c.traffic, c.people];
    const disclosureFor = (on?: string) =>
      countDisclosure({
        region: vector(count('', on)),
        municipalities: new Map(ws.region.municipalities.map((m) => [m.code, vector(count(m.code, on))])),
        providers: new Map(providerCodes.map((pr) => [pr, { total: vector(count('', on, pr)), byMunicipality: new Map(ws.region.municipalities.map((m) => [m.code, vector(count(m.code, on, pr))])) }])),
      });
    const populationData = await populationTable(ws);
    const population = (scope: string, year: number) => {
      const rows = populationData?.values ?? [];
      const of = (m: string) => rows.filter((v) => v.municipality === m && v.year <= year).sort((a, b) => b.year - a.year)[0]?.youngPeople;
      const list = scope === '' ? ws.region.municipalities.map((m) => of(m.code)) : [of(scope)];
      return list.some((v) => v === undefined) ? undefined : list.reduce((a, b) => a! + b!, 0);
    };
    const tables: (ComparisonTable & { shown: ReturnType<typeof countDisclosure> })[] = [];
    for (const [table, info] of Object.entries(STATLINE_TABLES) as [StatlineTable, (typeof STATLINE_TABLES)[StatlineTable]][]) {
      if (info.ours === 'population') continue;
      const mine = figures.filter((f) => f.table === table);
      for (const measure of [...new Set(mine.map((f) => f.measure))]) {
        const cbsOf = new Map(mine.filter((f) => f.measure === measure).map((f) => [f.municipality, f.value]));
        const scopes = [...ws.region.municipalities.map((m) => m.code), ''];
        const rows: ComparisonRow[] = scopes.map((scope) => {
          const cbs = scope === '' ? sumOrNull(ws.region.municipalities.map((m) => cbsOf.get(m.code) ?? null), info.ours === 'pct-young-people') : (cbsOf.get(scope) ?? null);
          const c = info.ours === 'on-date' ? count(scope, p.to) : count(scope);
          let ours: string | null;
          if (info.ours === 'pct-young-people') {
            const pop = population(scope, Number(p.name.slice(0, 4)));
            ours = pop ? pctText(c.people, pop) : null;
          } else ours = String(c.bij);
          return {
            municipality: scope,
            cbs,
            ours,
            difference: cbs !== null && ours !== null ? decimalDifference(ours, cbs) : null,
            trafficTrajectories: c.traffic,
            youngPeople: c.people,
          };
        });
        const shown = disclosureFor(info.ours === 'on-date' ? p.to : undefined);
        tables.push({
          shown,
          table,
          title: info.nl,
          measure,
          source: mine.find((f) => f.measure === measure)?.source ?? '',
          note: DEFINITION_NOTES[table],
          unit: info.ours === 'pct-young-people' ? 'percent' : 'trajectories',
          rows,
          notDelivered: [...trafficProviders].filter((x) => !deliveredProviders.has(x)).length,
          populationPlaceholder: info.ours === 'pct-young-people' && populationData?.placeholder === true,
        });
      }
    }
    return { period: p.name, tables };
  });
  if (viewer.role === 'region') return { period: computed.period, tables: computed.tables.map(({ shown: _s, ...t }) => t) };
  // Others: half years only — our counts are of young people and trajectories that ran in a period,
  // so a year less a half year would tell those who started or ended in the other half.
  if (p.halves.length !== 1) throw new Refusal('NATIONAL_HALF_YEARS_ONLY', { period: p.name });
  // Others: the region and their own municipality (a municipality's own row is its own; a council's is
  // public): our counts withheld where the table's decision says so (countDisclosure).
  const own = viewer.role === 'municipality' || viewer.role === 'council' ? viewer.municipality : undefined;
  return {
    period: computed.period,
    tables: computed.tables.map(({ shown, ...t }) => ({
      ...t,
      rows: t.rows
        .filter((r) => r.municipality === '' || r.municipality === own)
        .map((r) => {
          const visible = r.municipality === '' ? shown.region : viewer.role === 'municipality' || (shown.municipalities.get(r.municipality) ?? false);
          return visible ? r : { ...r, ours: null, difference: null, trafficTrajectories: null, youngPeople: null };
        }),
    })),
  };
}
function sumOrNull(values: readonly (string | null)[], percent: boolean): string | null {
  if (percent || values.some((v) => v === null)) return null;
  const total = values.reduce((s, v) => s + Number(v), 0);
  return Number.isInteger(total) ? String(total) : null;
}

function pctText(part: number, whole: number): string {
  const tenths = divideHalfEven(BigInt(part) * 1000n, BigInt(whole));
  return `${tenths / 10n}.${tenths % 10n}`;
}

/** a − b on decimal texts with at most one decimal, exactly. */
function decimalDifference(a: string, b: string): string {
  const tenths = (t: string) => {
    const [w, f = '0'] = t.split('.');
    const neg = w!.startsWith('-');
    const v = BigInt(w!.replace('-', '')) * 10n + BigInt((f + '0').slice(0, 1));
    return neg ? -v : v;
  };
  const d = tenths(a) - tenths(b);
  const neg = d < 0n;
  const abs = neg ? -d : d;
  return `${neg ? '-' : ''}${abs / 10n}${abs % 10n === 0n ? '' : `.${abs % 10n}`}`;
}
