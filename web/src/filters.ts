// The filters every page shares, kept in the address (?periode=2028-H1&gemeente=0363 …) so that a
// page can be bookmarked, shared and reloaded as it was; and what a table asks the API for them.
// The monitor routes take a period and a breakdown (`by`), not a filter: a filter on a dimension
// asks for the figures broken down by it and keeps the rows of the chosen value. A young person can
// be counted in several groups, so rows are never added up here.
import { ROLE_OFFERS, type Dimension, type PeriodKind, type RoleOffer } from './roles.ts';
import type { Role } from './api.ts';

/** The filters of the address: period and the five dimensions one can narrow to. */
export const FILTER_PARAMS = {
  period: 'periode',
  municipality: 'gemeente',
  area: 'gebied',
  provider: 'aanbieder',
  theme: 'thema',
  care_form: 'zorgvorm',
} as const;
export type FilterName = keyof typeof FILTER_PARAMS;
export type FilterDimension = Exclude<FilterName, 'period'>;
export const FILTER_DIMENSIONS: readonly FilterDimension[] = ['theme', 'provider', 'municipality', 'area', 'care_form'];
/** The parameter that chooses a table's breakdown explicitly (otherwise the next drill-down level). */
export const BREAKDOWN_PARAM = 'indeling';

export type Filters = { readonly period: string | null } & { readonly [D in FilterDimension]?: string };

export function readFilters(query: URLSearchParams): Filters {
  const f: Record<string, string | null> = { period: query.get(FILTER_PARAMS.period) };
  for (const d of FILTER_DIMENSIONS) {
    const v = query.get(FILTER_PARAMS[d]);
    if (v) f[d] = v;
  }
  return f as Filters;
}

/** The address `path` with the current query changed: a null value removes the parameter. */
export function hrefWith(path: string, query: URLSearchParams, changes: Readonly<Record<string, string | null>>): string {
  const q = new URLSearchParams(query);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === '') q.delete(k);
    else q.set(k, v);
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

// ---------------------------------------------------------------------------------------------
// Periods

export interface PeriodOption {
  readonly value: string;
  readonly label: string;
  readonly kind: PeriodKind;
  readonly from: string;
  readonly to: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDayOfMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const MONTH_NAMES = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'];

/** The periods of one year, year first, then halves, quarters and months (those of `kinds`). */
export function periodsOfYear(year: number, kinds: readonly PeriodKind[]): PeriodOption[] {
  const out: PeriodOption[] = [];
  const span = (value: string, label: string, kind: PeriodKind, m1: number, m2: number) =>
    out.push({ value, label, kind, from: `${year}-${pad(m1)}-01`, to: `${year}-${pad(m2)}-${pad(lastDayOfMonth(year, m2))}` });
  if (kinds.includes('year')) span(String(year), `${year} (heel jaar)`, 'year', 1, 12);
  if (kinds.includes('half')) for (const h of [1, 2]) span(`${year}-H${h}`, `${year} ${h}e halfjaar`, 'half', h * 6 - 5, h * 6);
  if (kinds.includes('quarter')) for (const q of [1, 2, 3, 4]) span(`${year}-Q${q}`, `${year} ${q}e kwartaal`, 'quarter', q * 3 - 2, q * 3);
  if (kinds.includes('month')) for (let m = 1; m <= 12; m++) span(`${year}-${pad(m)}`, `${MONTH_NAMES[m - 1]} ${year}`, 'month', m, m);
  return out;
}

/** Whether the data reach a period's last working day (weekends skipped), as the server counts a period closed. */
export function periodClosed(p: { from: string; to: string }, dataUpTo: string | null): boolean {
  if (dataUpTo === null) return false;
  const d = new Date(`${p.to}T12:00:00Z`);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() - 1);
  return dataUpTo >= d.toISOString().slice(0, 10);
}

/**
 * The periods a role can ask the monitor for: from `firstYear` to the data's last day; for others
 * than the region only those the data cover to the end (the server refuses the rest: 409).
 */
export function periodOptions(offer: RoleOffer, dataUpTo: string | null, firstYear: number): PeriodOption[] {
  if (dataUpTo === null) return [];
  const last = Number(dataUpTo.slice(0, 4));
  const out: PeriodOption[] = [];
  for (let y = last; y >= firstYear; y--) {
    for (const p of periodsOfYear(y, offer.periodKinds)) {
      if (p.from > dataUpTo) continue;
      if (offer.closedPeriodsOnly && !periodClosed(p, dataUpTo)) continue;
      out.push(p);
    }
  }
  return out;
}

/** The period shown when the address names none: the latest whole year, else the latest period offered. */
export function defaultPeriod(options: readonly PeriodOption[], dataUpTo: string | null): string | null {
  const closedYear = options.find((p) => p.kind === 'year' && periodClosed(p, dataUpTo));
  return closedYear?.value ?? options.find((p) => p.kind === 'year')?.value ?? options[0]?.value ?? null;
}

export const yearOfPeriod = (period: string) => Number(period.slice(0, 4));

/** The sub-periods of a trend over the period's year: months (region), quarters, or halves (council). */
export function trendPeriods(role: Role, period: string, options: readonly PeriodOption[]): PeriodOption[] {
  const kinds = ROLE_OFFERS[role].periodKinds;
  const unit: PeriodKind = kinds.includes('month') ? 'month' : kinds.includes('quarter') ? 'quarter' : 'half';
  const year = yearOfPeriod(period);
  return options.filter((p) => p.kind === unit && yearOfPeriod(p.value) === year).sort((a, b) => a.from.localeCompare(b.from));
}

// ---------------------------------------------------------------------------------------------
// What a table asks for

/** The drill-down: region → theme → provider → municipality → area. */
export const DRILL_ORDER: readonly Dimension[] = ['theme', 'provider', 'municipality', 'area'];

export interface TablePlan {
  /** The API's `by` ('total' for the whole). */
  readonly by: string;
  /** The dimension the table's rows are about (its first column), or null for the whole. */
  readonly display: Dimension | null;
  /** The filters applied to the rows (value per dimension). */
  readonly keep: Partial<Record<Dimension, string>>;
  /** Filters this table cannot apply (the role's one breakdown, or the limit of dimensions), to say so. */
  readonly ignored: readonly FilterDimension[];
  /** The next drill-down level after `display` for a click on a row, if any. */
  readonly next: Dimension | null;
}

/**
 * The request behind a drill-down table for a role and its filters: broken down by the first level
 * of the drill-down not yet filtered (or `chosen`), together with the filtered dimensions as far as
 * the role may combine them.
 */
export function planTable(role: Role, filters: Filters, chosen: Dimension | null = null, areaMunicipality: (area: string) => string | undefined = () => undefined): TablePlan {
  const offer = ROLE_OFFERS[role];
  const allowed = (d: Dimension) => offer.breakdowns.includes(d);
  const set = FILTER_DIMENSIONS.filter((d) => filters[d] !== undefined && (offer.column !== d));
  if (offer.column === null) {
    // The region: every filtered dimension plus the one shown, at most three; an area implies its municipality.
    const areaSet = filters.area !== undefined;
    const levels = DRILL_ORDER.filter((d) => !(areaSet && d === 'municipality'));
    const display = chosen ?? levels.find((d) => filters[d as FilterDimension] === undefined) ?? 'care_form';
    const wanted = set.filter((d) => d !== display && !(areaSet && d === 'municipality' && filters.municipality === areaMunicipality(filters.area!)));
    const room = offer.maxDimensions - 1;
    const used = wanted.slice(0, room);
    const ignored = wanted.slice(room);
    const keep: Partial<Record<Dimension, string>> = {};
    for (const d of used) keep[d] = filters[d]!;
    if (filters[display as FilterDimension] !== undefined) keep[display] = filters[display as FilterDimension]!;
    const by = [...used, display];
    const nextIndex = DRILL_ORDER.indexOf(display);
    const next = nextIndex >= 0 ? (DRILL_ORDER.slice(nextIndex + 1).find((d) => filters[d as FilterDimension] === undefined && !(d === 'municipality' && areaSet)) ?? null) : null;
    return { by: by.join(','), display, keep, ignored, next };
  }
  // Others: their own column and one breakdown; a filter on that breakdown keeps its rows.
  const filtered = set.filter(allowed);
  const display = chosen !== null && allowed(chosen) ? chosen : (filtered[0] ?? DRILL_ORDER.find(allowed) ?? offer.breakdowns[0] ?? null);
  const keep: Partial<Record<Dimension, string>> = {};
  if (display !== null && filters[display as FilterDimension] !== undefined) keep[display] = filters[display as FilterDimension]!;
  const ignored = set.filter((d) => d !== display);
  return { by: display === null ? offer.column : `${offer.column},${display}`, display, keep, ignored, next: null };
}

/** Whether a row matches the kept filters (a provider by its register code). */
export function rowMatches(row: object, keep: Partial<Record<Dimension, string>>): boolean {
  const r = row as Readonly<Record<string, unknown>>;
  return Object.entries(keep).every(([d, v]) => (d === 'provider' ? (r['providerCode'] ?? r['provider']) === v : r[d] === v));
}
