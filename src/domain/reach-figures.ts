// Reach figures of the monitor for one period [DOMAIN.md §5; issue 3 "Trajectories and the monitor"]:
// unique young people with care, starts, stops (by reason) and in care at the period's end, broken
// down by any of the dimensions below. Pure: the trajectories and resolvers are passed in.
import type { Trajectory } from './trajectories.ts';

export const DIMENSIONS = ['municipality', 'area', 'provider', 'care_form', 'theme', 'age_group', 'gender'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** Counts below this are not shown to others than the data's owner [DOMAIN.md §7]. */
export const SUPPRESS_BELOW = 5;

/**
 * The area of young people whose postcode does not tell it (no address, or a PC4 outside the
 * municipality's area table). A configured area id never has a space, so it cannot clash.
 */
export const UNKNOWN_AREA = 'unknown area';
export const UNASSIGNED_THEME = 'unassigned';

export interface Resolvers {
  /** Area id for a municipality and (optional) PC4; UNKNOWN_AREA when it cannot be told. */
  area(municipality: string, pc4: string | undefined): string;
  /** The region's care form for a product category (32–38 directly, newer ones by configuration). */
  careForm(category: string): string;
  /** Theme of a provider (AGB) via the allocation, or UNASSIGNED_THEME. */
  theme(provider: string): string;
}

export interface Period {
  readonly from: string;
  readonly to: string;
}

export interface ReachRow {
  readonly group: Readonly<Partial<Record<Dimension, string>>>;
  readonly uniqueYouth: number;
  readonly starts: number;
  readonly stops: number;
  readonly stopsByReason: Readonly<Record<string, number>>;
  readonly inCareEnd: number;
}

/** Age group from birth month at a date: 0–4, 4–12, 12–18, 18–23 (lower bound inclusive), else 23+. */
export function ageGroup(birthMonth: string, at: string): string {
  const [by, bm] = birthMonth.split('-').map(Number) as [number, number];
  const [y, m] = at.split('-').map(Number) as [number, number];
  // Birth day unknown: count the birthday as passed from the first of the birth month.
  const age = y - by - (m < bm ? 1 : 0);
  if (age < 4) return '0-4';
  if (age < 12) return '4-12';
  if (age < 18) return '12-18';
  if (age < 23) return '18-23';
  return '23+';
}

/**
 * The day a young person's age group is taken on (unless care ended before it): 31 December of the
 * year the period ends in. Not the period's own last day, so that a young person is in the same age
 * group in every quarter and half of a year and those figures add up (and cannot be subtracted to
 * single out a birthday) [docs/decisions.md §36].
 */
export function ageReferenceDate(periodEnd: string): string {
  return `${periodEnd.slice(0, 4)}-12-31`;
}

export function overlaps(t: Trajectory, p: Period): boolean {
  return t.start <= p.to && (t.end === undefined || t.end >= p.from);
}

function dimensionValue(t: Trajectory, d: Dimension, p: Period, r: Resolvers): string {
  switch (d) {
    case 'municipality':
      return t.municipality;
    case 'area':
      return r.area(t.municipality, t.client.pc4);
    case 'provider':
      return t.provider;
    case 'care_form':
      return r.careForm(t.category);
    case 'theme':
      return r.theme(t.provider);
    case 'age_group': {
      // Age at the end of the year the period ends in, or at the end of care when that comes first.
      const yearEnd = ageReferenceDate(p.to);
      const at = t.end !== undefined && t.end < yearEnd ? t.end : yearEnd;
      return ageGroup(t.client.birthMonth, at);
    }
    case 'gender':
      return t.client.gender;
  }
}

export function reachFigures(trajectories: readonly Trajectory[], period: Period, by: readonly Dimension[], resolvers: Resolvers): ReachRow[] {
  const groups = new Map<string, { group: Partial<Record<Dimension, string>>; youth: Set<string>; starts: number; stops: number; reasons: Record<string, number>; inCare: Set<string> }>();
  for (const t of trajectories) {
    if (!overlaps(t, period)) continue;
    const group = Object.fromEntries(by.map((d) => [d, dimensionValue(t, d, period, resolvers)])) as Partial<Record<Dimension, string>>;
    const key = by.map((d) => group[d]).join('\u0000');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { group, youth: new Set(), starts: 0, stops: 0, reasons: {}, inCare: new Set() }));
    g.youth.add(t.client.pseudonym);
    if (t.start >= period.from) g.starts++;
    if (t.end !== undefined && t.end <= period.to) {
      g.stops++;
      g.reasons[t.endReason ?? ''] = (g.reasons[t.endReason ?? ''] ?? 0) + 1;
    }
    if (t.end === undefined || t.end >= period.to) g.inCare.add(t.client.pseudonym);
  }
  return [...groups.values()]
    .map((g) => ({ group: g.group, uniqueYouth: g.youth.size, starts: g.starts, stops: g.stops, stopsByReason: g.reasons, inCareEnd: g.inCare.size }))
    .sort(byGroup(by));
}

/** The order of figure rows: by the dimensions' values, in the order of `by`. */
export function byGroup(by: readonly Dimension[]): (a: { group: Partial<Record<Dimension, string>> }, b: { group: Partial<Record<Dimension, string>> }) => number {
  return (a, b) => by.map((d) => (a.group[d] ?? '').localeCompare(b.group[d] ?? '')).find((c) => c !== 0) ?? 0;
}
