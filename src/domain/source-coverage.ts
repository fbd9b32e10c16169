// How complete each source is [issue 15 "Coverage"; decisions §57]: for a half year, the young
// people a provider cared for according to its CBS delivery and according to the iJw traffic (its
// AGB codes), matched on the keyed pseudonym — both, only in the delivery, only in the traffic — the
// share of each source's care the other confirms, and the trajectories whose dates disagree.
// The unit is a young person with a provider (per care form: with a provider in a care form), so
// the rows of a breakdown add up to the region's row exactly. Pure.

import { addDays, dayNumber } from './calendar.ts';
import { careFormOfCategory, recordOverlaps, type BijMapping } from './bij.ts';
import { percentOneDecimal } from './utilisation.ts';

export const COVERAGE_BREAKDOWNS = ['provider', 'municipality', 'care_form'] as const;
export type CoverageBy = (typeof COVERAGE_BREAKDOWNS)[number];

/** Municipality of a record that neither source places. */
export const UNKNOWN_MUNICIPALITY = 'onbekend';
/** Care form of traffic whose category the region maps to no hulpvorm. */
export const UNMAPPED_CARE_FORM = 'niet-gekoppeld';

/** A delivered record, as coverage reads it. */
export interface CoverageRecord {
  /** The provider's registry code (or its AGB code when it is in no registry entry). */
  readonly provider: string;
  readonly person: string;
  readonly careForm: string;
  readonly municipality?: string;
  readonly start: string;
  readonly end?: string;
}

/** A traffic trajectory, as coverage reads it; `provider` already the registry code of its AGB code. */
export interface CoverageTrajectory {
  readonly provider: string;
  readonly person: string;
  readonly category: string;
  readonly municipality: string;
  readonly start: string;
  readonly end?: string;
}

export interface CoverageRow {
  readonly group: string;
  readonly both: number;
  readonly onlyBij: number;
  readonly onlyIjw: number;
  /** Share of the traffic's young people the delivery confirms: both / (both + onlyIjw); null when none. */
  readonly ijwConfirmedPct: string | null;
  /** Share of the delivery's young people the traffic confirms: both / (both + onlyBij). */
  readonly bijConfirmedPct: string | null;
  /** Matched trajectories (same provider, young person and care form) whose start or end differ by more than the tolerance. */
  readonly datesDiffer: number;
}

export interface CoverageInput {
  readonly from: string;
  readonly to: string;
  readonly records: readonly CoverageRecord[];
  readonly trajectories: readonly CoverageTrajectory[];
  readonly mapping: BijMapping;
  /** Providers that delivered for the period: only they are compared (a provider that did not deliver has no coverage to measure). */
  readonly delivered: ReadonlySet<string>;
}

interface Unit {
  group: string;
  bij: boolean;
  ijw: boolean;
}

/** Coverage per provider, municipality or care form, and the region's row (group ''). */
export function coverage(input: CoverageInput, by: CoverageBy): { rows: CoverageRow[]; total: CoverageRow } {
  const { from, to, mapping } = input;
  const records = input.records.filter((r) => input.delivered.has(r.provider) && recordOverlaps(r, from, to));
  const trajectories = input.trajectories.filter((t) => input.delivered.has(t.provider) && recordOverlaps(t, from, to));
  const formOf = (t: CoverageTrajectory) => careFormOfCategory(mapping, t.category) ?? UNMAPPED_CARE_FORM;
  // Where the traffic places a young person (with this provider), it is where the monitor counts them.
  const placeOf = placements(trajectories);
  const unitKey = (provider: string, person: string, careForm: string) => (by === 'care_form' ? `${provider}|${person}|${careForm}` : `${provider}|${person}`);
  const groupOf = (provider: string, person: string, careForm: string, municipality: string | undefined): string =>
    by === 'provider' ? provider : by === 'care_form' ? careForm : (placeOf.get(`${provider}|${person}`) ?? municipality ?? UNKNOWN_MUNICIPALITY);
  const units = new Map<string, Unit>();
  for (const t of trajectories) {
    const form = formOf(t);
    const k = unitKey(t.provider, t.person, form);
    const u = units.get(k) ?? { group: groupOf(t.provider, t.person, form, t.municipality), bij: false, ijw: false };
    u.ijw = true;
    units.set(k, u);
  }
  for (const r of records) {
    const k = unitKey(r.provider, r.person, r.careForm);
    const u = units.get(k) ?? { group: groupOf(r.provider, r.person, r.careForm, r.municipality), bij: false, ijw: false };
    u.bij = true;
    units.set(k, u);
  }
  // Date disagreements: per delivered record, the traffic's trajectory of the same provider, young
  // person and care form that overlaps it most nearly in start.
  const differ = new Map<string, number>();
  const byTriple = new Map<string, CoverageTrajectory[]>();
  for (const t of trajectories) {
    const k = `${t.provider}|${t.person}|${formOf(t)}`;
    const list = byTriple.get(k);
    if (list) list.push(t);
    else byTriple.set(k, [t]);
  }
  const tol = mapping.dateToleranceDays;
  for (const r of records) {
    const candidates = byTriple.get(`${r.provider}|${r.person}|${r.careForm}`);
    if (!candidates) continue;
    const t = candidates.reduce((best, c) => (Math.abs(dayNumber(c.start) - dayNumber(r.start)) < Math.abs(dayNumber(best.start) - dayNumber(r.start)) ? c : best));
    if (datesDisagree(r, t, tol, to)) {
      const g = groupOf(r.provider, r.person, r.careForm, r.municipality);
      differ.set(g, (differ.get(g) ?? 0) + 1);
    }
  }
  const acc = new Map<string, { both: number; onlyBij: number; onlyIjw: number }>();
  const total = { both: 0, onlyBij: 0, onlyIjw: 0 };
  for (const u of units.values()) {
    const a = acc.get(u.group) ?? { both: 0, onlyBij: 0, onlyIjw: 0 };
    const field = u.bij && u.ijw ? 'both' : u.bij ? 'onlyBij' : 'onlyIjw';
    a[field]++;
    total[field]++;
    acc.set(u.group, a);
  }
  const row = (group: string, c: { both: number; onlyBij: number; onlyIjw: number }, datesDiffer: number): CoverageRow => ({
    group,
    ...c,
    ijwConfirmedPct: percentOneDecimal(BigInt(c.both), BigInt(c.both + c.onlyIjw)) ?? null,
    bijConfirmedPct: percentOneDecimal(BigInt(c.both), BigInt(c.both + c.onlyBij)) ?? null,
    datesDiffer,
  });
  const rows = [...acc.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([g, c]) => row(g, c, differ.get(g) ?? 0));
  return { rows, total: row('', total, [...differ.values()].reduce((s, n) => s + n, 0)) };
}

/**
 * Where the traffic places each young person with a provider (key "provider|person"): the
 * municipality of their latest-starting trajectory with that provider (on a tie, the higher code), so
 * that one young person who moved is counted in one municipality — the same one in every view.
 */
export function placements(trajectories: readonly { provider: string; person: string; municipality: string; start: string }[]): Map<string, string> {
  const best = new Map<string, { start: string; municipality: string }>();
  for (const t of trajectories) {
    const k = `${t.provider}|${t.person}`;
    const b = best.get(k);
    if (!b || t.start > b.start || (t.start === b.start && t.municipality > b.municipality)) best.set(k, { start: t.start, municipality: t.municipality });
  }
  return new Map([...best].map(([k, v]) => [k, v.municipality]));
}

/**
 * Whether a delivered record and the traffic's trajectory tell different dates: starts more than
 * `tol` days apart, or ends (within the period) more than `tol` days apart or one ended and the
 * other not.
 */
export function datesDisagree(r: { start: string; end?: string }, t: { start: string; end?: string }, tol: number, periodEnd: string): boolean {
  if (Math.abs(dayNumber(r.start) - dayNumber(t.start)) > tol) return true;
  const re = r.end !== undefined && r.end <= periodEnd ? r.end : undefined;
  const te = t.end !== undefined && t.end <= periodEnd ? t.end : undefined;
  if (re === undefined && te === undefined) return false;
  if (re === undefined || te === undefined) {
    // One ended in the period, the other runs on: a disagreement unless the end lies within the tolerance of the period's end.
    const e = (re ?? te)!;
    return dayNumber(periodEnd) - dayNumber(e) > tol;
  }
  return Math.abs(dayNumber(re) - dayNumber(te)) > tol;
}

/** Reach per municipality from the traffic alone and from both sources together (each young person once). */
export interface CombinedReachRow {
  readonly municipality: string;
  /** Young people in care by the traffic. */
  readonly ijw: number;
  /** Young people in care by either source. */
  readonly combined: number;
  /** Of them, in the traffic only / in a delivery only / in both. */
  readonly onlyIjw: number;
  readonly onlyBij: number;
  readonly both: number;
}

/**
 * Each young person once, in the municipality the traffic places them (else their delivery's). All
 * traffic counts, also of providers that did not deliver: that is the reach the monitor shows.
 */
export function combinedReach(input: Omit<CoverageInput, 'delivered' | 'mapping'>): { rows: CombinedReachRow[]; total: CombinedReachRow } {
  const { from, to } = input;
  const people = new Map<string, { municipality: string; start: string; ijw: boolean; bij: boolean }>();
  for (const t of input.trajectories) {
    if (!recordOverlaps(t, from, to)) continue;
    const p = people.get(t.person);
    // Placed where their latest-starting care is (on a tie, the higher code): one municipality, the same in every view.
    if (p) {
      p.ijw = true;
      if (t.start > p.start || (t.start === p.start && t.municipality > p.municipality)) Object.assign(p, { municipality: t.municipality, start: t.start });
    } else people.set(t.person, { municipality: t.municipality, start: t.start, ijw: true, bij: false });
  }
  for (const r of input.records) {
    if (!recordOverlaps(r, from, to)) continue;
    const p = people.get(r.person);
    if (p) p.bij = true;
    else people.set(r.person, { municipality: r.municipality ?? UNKNOWN_MUNICIPALITY, start: r.start, ijw: false, bij: true });
  }
  const acc = new Map<string, { onlyIjw: number; onlyBij: number; both: number }>();
  for (const p of people.values()) {
    const a = acc.get(p.municipality) ?? { onlyIjw: 0, onlyBij: 0, both: 0 };
    a[p.ijw && p.bij ? 'both' : p.ijw ? 'onlyIjw' : 'onlyBij']++;
    acc.set(p.municipality, a);
  }
  const row = (municipality: string, a: { onlyIjw: number; onlyBij: number; both: number }): CombinedReachRow => ({ municipality, ...a, ijw: a.onlyIjw + a.both, combined: a.onlyIjw + a.onlyBij + a.both });
  const sum = { onlyIjw: 0, onlyBij: 0, both: 0 };
  for (const a of acc.values()) {
    sum.onlyIjw += a.onlyIjw;
    sum.onlyBij += a.onlyBij;
    sum.both += a.both;
  }
  return { rows: [...acc.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([m, a]) => row(m, a)), total: row('', sum) };
}

/** A provider's "mirror" as CBS returns it: its records per municipality and care form. */
export interface MirrorRow {
  readonly municipality: string;
  readonly careForm: string;
  readonly records: number;
  readonly youngPeople: number;
  readonly started: number;
  readonly ended: number;
}

export function mirror(records: readonly CoverageRecord[], from: string, to: string): MirrorRow[] {
  const acc = new Map<string, { records: number; people: Set<string>; started: number; ended: number }>();
  for (const r of records) {
    if (!recordOverlaps(r, from, to)) continue;
    const k = `${r.municipality ?? UNKNOWN_MUNICIPALITY}|${r.careForm}`;
    const a = acc.get(k) ?? { records: 0, people: new Set<string>(), started: 0, ended: 0 };
    a.records++;
    a.people.add(r.person);
    if (r.start >= from) a.started++;
    if (r.end !== undefined && r.end <= to) a.ended++;
    acc.set(k, a);
  }
  return [...acc.entries()]
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .map(([k, a]) => {
      const [municipality, careForm] = k.split('|') as [string, string];
      return { municipality, careForm, records: a.records, youngPeople: a.people.size, started: a.started, ended: a.ended };
    });
}

/** `date` plus `months` calendar months, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const first = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01`;
  const last = Number(addDays(month === 12 ? `${year + 1}-01-01` : `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-01`, -1).slice(8));
  return `${first.slice(0, 8)}${String(Math.min(d, last)).padStart(2, '0')}`;
}
