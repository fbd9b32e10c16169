// What others than the data's owner may see of the monitor's counts of one year, and what of it is
// hidden [issue 12 "Disclosure control"; docs/decisions.md §36]. Others ask from a fixed set: a
// quarter, a half year or the year, broken down by at most one dimension (or not at all). That set
// is computed once per data version and protected as a whole — every table, period and measure in
// one system of relations (protect.ts) — so that no question a viewer can ask, nor any combination
// of the answers, tells a count from 1 to 4. Pure: the figures are read by the caller.
import type { Dimension, Period, ReachRow } from '../reach-figures.ts';
import type { WaitingRow, WaitStats } from '../waiting-times.ts';
import { share, type TimelinessRow } from '../timeliness.ts';
import { protect, THRESHOLD, type LpSolver, type Relation } from './protect.ts';

/** The periods others may ask for: the quarters, the half years and the year. */
export const PUBLISHED_PERIODS = ['Q1', 'Q2', 'Q3', 'Q4', 'H1', 'H2', 'Y'] as const;
export type PublishedPeriod = (typeof PUBLISHED_PERIODS)[number];
/** How each period is made of smaller ones (events in it are theirs added up). */
const PERIOD_PARTS: readonly (readonly [PublishedPeriod, readonly PublishedPeriod[]])[] = [
  ['H1', ['Q1', 'Q2']],
  ['H2', ['Q3', 'Q4']],
  ['Y', ['H1', 'H2']],
];

/** The first and last day of a published period of a year. */
export function publishedPeriod(year: number, name: PublishedPeriod): Period {
  const y = String(year).padStart(4, '0');
  const [first, last] = name === 'Y' ? [1, 12] : name[0] === 'H' ? [Number(name[1]) * 6 - 5, Number(name[1]) * 6] : [Number(name[1]) * 3 - 2, Number(name[1]) * 3];
  const lastDay = new Date(Date.UTC(year, last, 0)).getUTCDate();
  return { from: `${y}-${String(first).padStart(2, '0')}-01`, to: `${y}-${String(last).padStart(2, '0')}-${lastDay}` };
}

/** The published period that is exactly `p`, if any (the one rule others' questions must meet). */
export function asPublishedPeriod(p: Period): { year: number; name: PublishedPeriod } | undefined {
  const year = Number(p.from.slice(0, 4));
  const name = PUBLISHED_PERIODS.find((n) => {
    const q = publishedPeriod(year, n);
    return q.from === p.from && q.to === p.to;
  });
  return name === undefined ? undefined : { year, name };
}

/** The breakdowns others may ask for: none ('total') or one dimension. */
export type Breakdown = 'total' | Dimension;
/**
 * The municipality crossed with a council's breakdown: each municipality's own figures per theme
 * and care form, published in the same system as the region's (its council's figures are public).
 */
export const CROSSINGS = ['municipality+theme', 'municipality+care_form'] as const;
export type Crossing = (typeof CROSSINGS)[number];
/** Every breakdown a publication holds: the single ones and the crossings. */
export type PublishedBreakdown = Breakdown | Crossing;
/** The dimension a crossing adds to the municipality. */
export const crossedDimension = (c: Crossing): 'theme' | 'care_form' => (c === 'municipality+theme' ? 'theme' : 'care_form');
/** The breakdowns a municipality's REST is published by in the system (a council's detail). */
export const REST_CELL_BREAKDOWNS = ['total', 'theme', 'care_form'] as const;
export type RestBreakdown = (typeof REST_CELL_BREAKDOWNS)[number];
export const TIMELINESS_BREAKDOWNS = ['total', 'provider', 'municipality'] as const;
export type TimelinessBy = (typeof TIMELINESS_BREAKDOWNS)[number];

/** The figures of one published period, as the monitor computes them for the region. */
export interface PeriodFigures {
  /** The period, cut short at the last day of the data. */
  readonly period: Period;
  /** Reach rows per breakdown; 'area' rows carry their municipality (an area lies in one), crossings both dimensions. */
  readonly reach: ReadonlyMap<PublishedBreakdown, readonly ReachRow[]>;
  readonly waiting: ReadonlyMap<PublishedBreakdown, readonly WaitingRow[]>;
  readonly timeliness: ReadonlyMap<TimelinessBy, readonly TimelinessRow[]>;
  readonly messages: readonly { readonly messageType: string; readonly messages: number }[];
}

export interface PublicationInput {
  readonly year: number;
  /** The periods with data (after the data's last day a period is not published). */
  readonly periods: ReadonlyMap<PublishedPeriod, PeriodFigures>;
  /** The theme a provider's figures add up to (a provider is in one theme group). */
  readonly themeOf: (provider: string) => string;
  /**
   * Reach rows of 31 December of the year before (those in care then), per breakdown: a viewer
   * knows them from that year's publication, and those in care in a period are at most those in care
   * before it plus its starts. Not for age groups (taken on another 31 December).
   */
  readonly inCareBefore?: ReadonlyMap<PublishedBreakdown, readonly ReachRow[]>;
  /**
   * The cells an earlier publication of the same figures showed (cell key → value): the viewer has
   * seen them. Where a cell still has that value it is taken as known, so that what is hidden now
   * cannot be worked out from what was shown then (answers of two data versions combined).
   */
  readonly shownBefore?: ReadonlyMap<string, number>;
  /**
   * Whether stops are published per reason in every group (default), or only for the whole: reasons
   * in small groups are most of what must be hidden, and protecting them hides starts and stops
   * around them as well.
   */
  readonly reasonsByGroup?: boolean;
  /**
   * Municipalities whose REST (the region minus the municipality, measure by measure) is published
   * at a council's detail (REST_CELL_BREAKDOWNS): cells of the system, each the region's cell minus
   * the municipality's, so that what any council is shown is protected together with everything
   * else. Needs the municipality breakdown and the crossings.
   */
  readonly restOf?: readonly string[];
  /**
   * The periods the crossings and REST cells are published for (a council's: half years and the
   * year); missing: every period. A cell nobody is shown is no cell: it needs no protection and
   * cannot make others hidden.
   */
  readonly crossingPeriods?: readonly PublishedPeriod[];
  /**
   * Viewers who know part of the figures as their owner: each municipality its own young people, each
   * provider its own. Every cell's part that is not theirs must not be told to be 1–4 to them either
   * (protect's attackers): what a municipality sees as REST and a provider as the region minus its
   * own is then protected too.
   */
  readonly attackers?: readonly AttackerFigures[];
}

/** A viewer who owns part of the figures: its own figures, computed like the region's. */
export interface AttackerFigures {
  readonly name: string;
  /** Whose figures: a municipality (its code) or a provider (its AGB codes). */
  readonly owns: { readonly municipality: string } | { readonly agbCodes: readonly string[] };
  /** Its own figures per period (the same breakdowns as the publication's, of its own young people). */
  readonly periods: ReadonlyMap<PublishedPeriod, PeriodFigures>;
}

type Group = Readonly<Partial<Record<Dimension, string>>>;
export interface PublishedReachRow {
  readonly group: Group;
  readonly uniqueYouth: number | null;
  readonly starts: number | null;
  readonly stops: number | null;
  readonly stopsByReason: Readonly<Record<string, number | null>>;
  readonly inCareEnd: number | null;
  readonly suppressed: boolean;
}
/** Waiting times of a group with enough waits: count, median and 80th percentile; never a maximum (one young person's wait). */
export type PublishedWait = { readonly count: number; readonly median: number | null; readonly p80: number | null } | null;
export interface PublishedWaitingRow {
  readonly group: Group;
  readonly requestToAssignment: PublishedWait;
  readonly assignmentToStart: PublishedWait;
  readonly suppressed: boolean;
}
export interface PublishedTimelinessRow {
  readonly provider?: string;
  readonly municipality?: string;
  readonly requests: number | null;
  readonly retroactiveRequests: number | null;
  readonly retroactiveSharePct: string | null;
  readonly retroactiveDaysBackMedian: number | null;
  readonly startMessages: number | null;
  readonly lateStartMessages: number | null;
  readonly stopMessages: number | null;
  readonly lateStopMessages: number | null;
  readonly assignmentsWithoutStart: number | null;
  readonly suppressed: boolean;
}

export interface PublishedPeriodFigures {
  readonly period: Period;
  readonly reach: Readonly<Partial<Record<PublishedBreakdown, readonly PublishedReachRow[]>>>;
  readonly waiting: Readonly<Partial<Record<PublishedBreakdown, readonly PublishedWaitingRow[]>>>;
  readonly timeliness: Readonly<Partial<Record<TimelinessBy, readonly PublishedTimelinessRow[]>>>;
  readonly messages: readonly { readonly messageType: string; readonly messages: number | null }[];
  /**
   * Per municipality of `restOf`: its REST — the region minus the municipality, measure by measure —
   * at a council's detail. Counts only (a median of REST's waits is not a difference of cells): the
   * caller adds medians of the other municipalities' waits where a count is shown and at least 5.
   */
  readonly rest?: Readonly<Record<string, PublishedRest>>;
}
export interface PublishedRest {
  readonly reach: Readonly<Partial<Record<RestBreakdown, readonly PublishedReachRow[]>>>;
  readonly waiting: Readonly<Partial<Record<RestBreakdown, readonly PublishedWaitingRow[]>>>;
  readonly timeliness: readonly PublishedTimelinessRow[];
}

export interface Publication {
  readonly year: number;
  readonly periods: Readonly<Partial<Record<PublishedPeriod, PublishedPeriodFigures>>>;
  /** Every cell shown, by key, with its value (the next publication's shownBefore). */
  readonly shown: ReadonlyMap<string, number>;
  /** What the protection cost and how it was proven. */
  readonly audit: { readonly cells: number; readonly primary: number; readonly secondary: number; readonly programs: number };
}

/** The day after a date (YYYY-MM-DD). */
function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The key of a group: its values in the order of DIMENSIONS (area rows: municipality/area). */
const groupKey = (g: Group) => Object.values(g).join('/');
const isCrossing = (b: string): b is Crossing => (CROSSINGS as readonly string[]).includes(b);
/** The group key of a timeliness row (its municipality or provider, or '' for the total). */
const timelinessGroup = (r: TimelinessRow) => [r.municipality, r.provider].filter((s) => s !== '').join('/');

/** The cells of the publication and the relations between them, as a viewer can know them. */
class Cells {
  readonly values: number[] = [];
  readonly relations: Relation[] = [];
  readonly names: string[] = [];
  readonly known: boolean[] = [];
  readonly earlier: boolean[] = [];
  private readonly ids = new Map<string, number>();
  /** The id of a cell, created with `value` (a cell seen twice — a stock on the same day — is one cell). */
  cell(key: string, value: number, known = false): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.names.push(key);
      this.known.push(known);
      this.earlier.push(false);
      this.ids.set(key, id);
    } else if (this.values[id] !== value) {
      throw new Error(`disclosure: cell ${key} has two values (${this.values[id]} and ${value})`);
    }
    return id;
  }
  get(key: string): number | undefined {
    return this.ids.get(key);
  }
  relate(kind: 'sum' | 'cover', total: number | undefined, parts: (number | undefined)[]): void {
    const ps = parts.filter((p): p is number => p !== undefined);
    if (total === undefined || ps.length === 0) return;
    this.relations.push({ kind, total, parts: ps });
  }
  le(small: number | undefined, large: (number | undefined)[]): void {
    if (small !== undefined && large.every((c) => c !== undefined)) this.relations.push({ kind: 'le', small, large: large as number[] });
  }
}

/** The breakdown each nested breakdown adds up to. */
const NESTED_IN: Readonly<Record<string, 'municipality' | 'theme'>> = { area: 'municipality', provider: 'theme' };

/** A measure of the publication: how its cells relate over groups and periods. */
interface Measure {
  readonly name: string;
  /** sum: events (each in one group and one period); cover: young people (in several). */
  readonly kind: 'sum' | 'cover';
  /** A stock on a day (in care at the end): the same figure for periods ending on the same day, no relation over periods. */
  readonly stock?: boolean;
  /** No relation over periods (a state at the period's end, not a count of events in it). */
  readonly noPeriodRelation?: boolean;
}

const REACH_MEASURES: readonly Measure[] = [
  { name: 'youth', kind: 'cover' },
  { name: 'starts', kind: 'sum' },
  { name: 'stops', kind: 'sum' },
  { name: 'inCareEnd', kind: 'cover', stock: true },
];
const WAIT_MEASURES: readonly Measure[] = [
  { name: 'waitRequest', kind: 'sum' },
  { name: 'waitStart', kind: 'sum' },
];
const TIMELINESS_MEASURES: readonly Measure[] = [
  { name: 'requests', kind: 'sum' },
  { name: 'retro', kind: 'sum' },
  { name: 'startMsgs', kind: 'sum' },
  { name: 'lateStarts', kind: 'sum' },
  { name: 'stopMsgs', kind: 'sum' },
  { name: 'lateStops', kind: 'sum' },
  { name: 'noStart', kind: 'sum', noPeriodRelation: true },
];

function reachValue(r: ReachRow, measure: string): number {
  if (measure === 'youth') return r.uniqueYouth;
  if (measure === 'starts') return r.starts;
  if (measure === 'stops') return r.stops;
  if (measure === 'inCareEnd') return r.inCareEnd;
  return r.stopsByReason[measure.slice('reason:'.length)] ?? 0;
}
/** The field of a timeliness row that holds each measure. */
const TIMELINESS_FIELDS = {
  requests: 'requests',
  retro: 'retroactiveRequests',
  startMsgs: 'startMessages',
  lateStarts: 'lateStartMessages',
  stopMsgs: 'stopMessages',
  lateStops: 'lateStopMessages',
  noStart: 'assignmentsWithoutStart',
} as const satisfies Record<string, keyof TimelinessRow>;
const timelinessValue = (r: TimelinessRow, measure: string): number => r[TIMELINESS_FIELDS[measure as keyof typeof TIMELINESS_FIELDS]];

/**
 * The protected publication of a year: every figure others may ask for, with the counts that could
 * tell 1 to 4 young people (or messages about them) hidden.
 */
export async function buildPublication(input: PublicationInput, solver: LpSolver): Promise<Publication> {
  const cells = new Cells();
  const periods = PUBLISHED_PERIODS.filter((p) => input.periods.has(p));
  const fig = (p: PublishedPeriod) => input.periods.get(p)!;
  const periodKey = (m: Measure, p: PublishedPeriod) => (m.stock ? `day:${fig(p).period.to}` : p);
  const reasons = [...new Set(periods.flatMap((p) => [...fig(p).reach.values()].flatMap((rows) => rows.flatMap((r) => Object.keys(r.stopsByReason)))))].sort();
  const reachMeasures: Measure[] = [...REACH_MEASURES, ...reasons.map((c) => ({ name: `reason:${c}`, kind: 'sum' as const }))];
  const key = (family: string, m: Measure, p: PublishedPeriod, by: string, group: string) => `${family}|${m.name}|${periodKey(m, p)}|${by}|${group}`;

  /**
   * The cells of one family of tables (reach, waiting, timeliness) and their relations: groups add
   * up to the total (areas to their municipality, providers to their theme), periods to the longer
   * period they make up.
   */
  /** Rows of breakdown `by` add up, per parent group, to the parent breakdown's rows. */
  const nest = (m: Measure, p: PublishedPeriod, by: string, groups: Iterable<string>, parent: string, parentOf: (g: string) => string) => {
    const children = new Map<string, string[]>();
    for (const g of groups) children.set(parentOf(g), [...(children.get(parentOf(g)) ?? []), g]);
    for (const [pg, gs] of children) cells.relate(m.kind, cells.get(key(currentFamily, m, p, parent, pg)), gs.map((g) => cells.get(key(currentFamily, m, p, by, g))));
  };
  let currentFamily = '';
  /** The periods a breakdown is published for (crossings: a council's periods). */
  const periodsOf = (by: string): PublishedPeriod[] => (isCrossing(by) && input.crossingPeriods !== undefined ? periods.filter((p) => input.crossingPeriods!.includes(p)) : periods);
  const family = <R,>(
    name: string,
    measures: readonly Measure[],
    breakdowns: readonly string[],
    rowsOf: (f: PeriodFigures, by: string) => readonly R[] | undefined,
    groupOf: (r: R) => string,
    valueOf: (r: R, m: string) => number,
  ) => {
    currentFamily = name;
    // Every group seen in any period of a breakdown has a cell in every period (0 where it had no row).
    for (const by of breakdowns) {
      const periods = periodsOf(by);
      const groups = new Set<string>();
      for (const p of periods) for (const r of rowsOf(fig(p), by) ?? []) groups.add(groupOf(r));
      for (const p of periods) {
        const rows = new Map((rowsOf(fig(p), by) ?? []).map((r) => [groupOf(r), r]));
        for (const m of measures) for (const g of groups) cells.cell(key(name, m, p, by, g), rows.has(g) ? valueOf(rows.get(g)!, m.name) : 0);
      }
      for (const m of measures) {
        for (const p of periods) {
          const total = cells.get(key(name, m, p, 'total', ''));
          if (by !== 'total') cells.relate(m.kind, total, [...groups].map((g) => cells.get(key(name, m, p, by, g))));
          // A breakdown nested in another adds up to it: areas to their municipality (an area row
          // carries it), providers to their theme.
          const parent = NESTED_IN[by];
          if (parent !== undefined && breakdowns.includes(parent)) {
            const parentOf = (g: string) => (parent === 'theme' ? input.themeOf(g) : g.split('/')[0]!);
            nest(m, p, by, groups, parent, parentOf);
          }
          // A crossing adds up to each of its two dimensions: a municipality's rows per theme to the
          // municipality, every municipality's rows of a theme to the theme.
          if (isCrossing(by)) {
            if (breakdowns.includes('municipality')) nest(m, p, by, groups, 'municipality', (g) => g.split('/')[0]!);
            const other = crossedDimension(by);
            if (breakdowns.includes(other)) nest(m, p, by, groups, other, (g) => g.split('/')[1]!);
          }
        }
        if (m.stock || m.noPeriodRelation) continue;
        for (const [whole, parts] of PERIOD_PARTS) {
          if (!periods.includes(whole)) continue;
          for (const g of groups) cells.relate(m.kind, cells.get(key(name, m, whole, by, g)), parts.filter((q) => periods.includes(q)).map((q) => cells.get(key(name, m, q, by, g))));
        }
      }
    }
  };

  // The breakdowns the figures were computed by (a publication of a part of the region may have fewer);
  // a parent before the breakdowns nested in it.
  const given = new Set<string>(periods.flatMap((p) => [...fig(p).reach.keys()]));
  const reachBreakdowns = [
    'total',
    'municipality',
    'theme',
    ...[...given].filter((b) => b !== 'total' && b !== 'municipality' && b !== 'theme' && !isCrossing(b)),
    ...[...given].filter(isCrossing),
  ].filter((b) => b === 'total' || given.has(b));
  const reachGroup = (r: ReachRow) => groupKey(r.group);
  if (periods.length > 0) {
    if (input.reasonsByGroup === false) {
      family('reach', REACH_MEASURES, reachBreakdowns, (f, by) => f.reach.get(by as Breakdown), reachGroup, reachValue);
      // …and per municipality where the municipalities' REST is published (a council's stops per reason).
      const reasonBreakdowns = (input.restOf ?? []).length > 0 && reachBreakdowns.includes('municipality') ? ['total', 'municipality'] : ['total'];
      family('reach', reachMeasures.slice(REACH_MEASURES.length), reasonBreakdowns, (f, by) => f.reach.get(by as Breakdown), reachGroup, reachValue);
    } else {
      family('reach', reachMeasures, reachBreakdowns, (f, by) => f.reach.get(by as Breakdown), reachGroup, reachValue);
    }
    family('waiting', WAIT_MEASURES, reachBreakdowns, (f, by) => f.waiting.get(by as Breakdown), (r: WaitingRow) => groupKey(r.group), (r, m) => (m === 'waitRequest' ? r.requestToAssignment.count : r.assignmentToStart.count));
    family(
      'timeliness',
      TIMELINESS_MEASURES,
      ['total', 'municipality', 'provider'],
      (f, by) => f.timeliness.get(by as TimelinessBy),
      (r: TimelinessRow) => [r.municipality, r.provider].filter((s) => s !== '').join('/'),
      timelinessValue,
    );
    family(
      'messages',
      [{ name: 'messages', kind: 'sum' }],
      ['total', 'type'],
      (f, by) => (by === 'type' ? f.messages.map((m) => ({ group: { type: m.messageType } as Group, n: m.messages })) : [{ group: {} as Group, n: f.messages.reduce((s, m) => s + m.messages, 0) }]),
      (r) => groupKey(r.group),
      (r) => r.n,
    );
  }
  // What a viewer can also know: the reasons of a group's stops add up to its stops; late messages
  // are among the messages; those in care at the end are among those in care in the period.
  for (const p of periods) {
    for (const by of reachBreakdowns) {
      for (const r of fig(p).reach.get(by as Breakdown) ?? []) {
        const g = reachGroup(r);
        const at = (m: Measure) => cells.get(key('reach', m, p, by, g));
        cells.relate('sum', at(REACH_MEASURES[2]!), reasons.map((c) => at({ name: `reason:${c}`, kind: 'sum' })));
        cells.le(at(REACH_MEASURES[3]!), [at(REACH_MEASURES[0]!)]);
      }
    }
    for (const by of TIMELINESS_BREAKDOWNS) {
      for (const r of fig(p).timeliness.get(by) ?? []) {
        const g = [r.municipality, r.provider].filter((s) => s !== '').join('/');
        const at = (m: string) => cells.get(`timeliness|${m}|${p}|${by}|${g}`);
        cells.le(at('retro'), [at('requests')]);
        cells.le(at('lateStarts'), [at('startMsgs')]);
        cells.le(at('lateStops'), [at('stopMsgs')]);
      }
    }
  }

  // Those in care in a period are at most those in care on the day before it began plus its starts
  // (a young person in care in it was in care then, or started in it): per group, for every period
  // whose day before is the end of another (or, known from last year's publication, 31 December).
  const youth = REACH_MEASURES[0]!;
  const before = `${input.year - 1}-12-31`;
  for (const p of periods) {
    const from = fig(p).period.from;
    const prior = periods.find((q) => fig(q).period.to < from && nextDay(fig(q).period.to) === from);
    for (const by of reachBreakdowns) {
      for (const r of fig(p).reach.get(by as Breakdown) ?? []) {
        const g = reachGroup(r);
        let stock: number | undefined;
        if (prior !== undefined) stock = cells.get(key('reach', REACH_MEASURES[3]!, prior, by, g));
        else if (from === `${input.year}-01-01` && by !== 'age_group' && input.inCareBefore) {
          const row = (input.inCareBefore.get(by as Breakdown) ?? []).find((x) => reachGroup(x) === g);
          // That publication showed it (known), or hid it as a count of 1–4: then it is known only
          // as far as that publication's guarantee goes (protect's `earlier`).
          const value = row?.inCareEnd ?? 0;
          const hiddenThen = value > 0 && value < THRESHOLD;
          stock = cells.cell(`reach|inCareEnd|day:${before}|${by}|${g}`, value, !hiddenThen);
          if (hiddenThen) cells.earlier[stock] = true;
        }
        if (stock === undefined) continue;
        cells.le(cells.get(key('reach', youth, p, by, g)), [stock, cells.get(key('reach', REACH_MEASURES[1]!, p, by, g))]);
      }
    }
  }

  // REST of each municipality at a council's detail: the region's cell minus the municipality's.
  const restCells: { id: number; parent: string; own: string | undefined }[] = [];
  const restKey = (m: string, fam: string, measure: Measure, p: PublishedPeriod, b: string, g: string) => `rest:${m}|${fam}|${measure.name}|${periodKey(measure, p)}|${b}|${g}`;
  const restBreakdowns = REST_CELL_BREAKDOWNS.filter((b) => b === 'total' || (reachBreakdowns.includes(b) && reachBreakdowns.includes(`municipality+${b}`)));
  const restOf = reachBreakdowns.includes('municipality') ? (input.restOf ?? []) : [];
  const addRest = (m: string, fam: string, measure: Measure, p: PublishedPeriod, b: string, g: string, parentKey: string, ownKey: string) => {
    const parent = cells.get(parentKey);
    if (parent === undefined) return;
    const own = cells.get(ownKey);
    const value = cells.values[parent]! - (own === undefined ? 0 : cells.values[own]!);
    if (value < 0) throw new Error(`disclosure: ${ownKey} (${cells.values[own!]}) is more than ${parentKey} (${cells.values[parent]})`);
    const k = restKey(m, fam, measure, p, b, g);
    // A stock is one cell for the periods that end on its day.
    if (cells.get(k) !== undefined) return;
    const id = cells.cell(k, value);
    restCells.push({ id, parent: parentKey, own: own === undefined ? undefined : ownKey });
    cells.relate('sum', parent, [own, id]);
  };
  for (const m of restOf) {
    for (const p of periodsOf(CROSSINGS[0])) {
      for (const b of restBreakdowns) {
        const groups = new Set(b === 'total' ? [''] : periods.flatMap((q) => (fig(q).reach.get(b) ?? []).map(reachGroup)));
        const ownKeyOf = (fam: string, measure: Measure, g: string) => (b === 'total' ? key(fam, measure, p, 'municipality', m) : key(fam, measure, p, `municipality+${b}`, `${m}/${g}`));
        for (const g of groups) {
          for (const measure of b === 'total' ? reachMeasures : REACH_MEASURES) addRest(m, 'reach', measure, p, b, g, key('reach', measure, p, b, g), ownKeyOf('reach', measure, g));
          for (const measure of WAIT_MEASURES) addRest(m, 'waiting', measure, p, b, g, key('waiting', measure, p, b, g), ownKeyOf('waiting', measure, g));
        }
      }
      for (const measure of TIMELINESS_MEASURES) addRest(m, 'timeliness', measure, p, 'total', '', key('timeliness', measure, p, 'total', ''), key('timeliness', measure, p, 'municipality', m));
    }
  }

  // The owners' parts of every cell (protect's attackers).
  const ownValues = (figs: ReadonlyMap<PublishedPeriod, PeriodFigures>): Map<string, number> => {
    const out = new Map<string, number>();
    for (const p of periods) {
      const f = figs.get(p);
      if (f === undefined) continue;
      for (const by of reachBreakdowns) {
        for (const r of f.reach.get(by as PublishedBreakdown) ?? []) for (const m of reachMeasures) out.set(key('reach', m, p, by, reachGroup(r)), reachValue(r, m.name));
        for (const r of f.waiting.get(by as PublishedBreakdown) ?? []) {
          out.set(key('waiting', WAIT_MEASURES[0]!, p, by, groupKey(r.group)), r.requestToAssignment.count);
          out.set(key('waiting', WAIT_MEASURES[1]!, p, by, groupKey(r.group)), r.assignmentToStart.count);
        }
      }
      for (const by of TIMELINESS_BREAKDOWNS) for (const r of f.timeliness.get(by) ?? []) for (const m of TIMELINESS_MEASURES) out.set(key('timeliness', m, p, by, timelinessGroup(r)), timelinessValue(r, m.name));
      const msg: Measure = { name: 'messages', kind: 'sum' };
      for (const r of f.messages) out.set(key('messages', msg, p, 'type', r.messageType), r.messages);
      out.set(key('messages', msg, p, 'total', ''), f.messages.reduce((sum, r) => sum + r.messages, 0));
    }
    return out;
  };
  /** Whether a cell is wholly the owner's (its own municipality's or provider's rows). */
  const whollyOwn = (owns: AttackerFigures['owns'], name: string): boolean => {
    const [fam, , , by, group] = name.split('|');
    if (fam === undefined || fam.startsWith('rest:') || by === undefined || group === undefined) return false;
    if ('municipality' in owns) {
      if (fam === 'timeliness') return by === 'municipality' && group === owns.municipality;
      return (by === 'municipality' || by === 'area' || isCrossing(by)) && group.split('/')[0] === owns.municipality;
    }
    return by === 'provider' && owns.agbCodes.includes(group);
  };
  const attackers = (input.attackers ?? []).map((a) => {
    const values = ownValues(a.periods);
    const own = cells.names.map((name) => values.get(name) ?? 0);
    // Its part of a REST cell: its part of the region's cell less its part of the municipality's
    // (at most: a young person of its own in both is counted in neither), never more than the cell.
    for (const r of restCells) own[r.id] = Math.min(cells.values[r.id]!, Math.max(0, (values.get(r.parent) ?? 0) - (r.own === undefined ? 0 : (values.get(r.own) ?? 0))));
    return { name: a.name, own, knows: cells.names.map((name) => whollyOwn(a.owns, name)) };
  });

  if (input.shownBefore !== undefined) {
    cells.names.forEach((name, id) => {
      if (input.shownBefore!.get(name) === cells.values[id]) cells.known[id] = true;
    });
  }
  const protection = await protect({ values: cells.values, relations: cells.relations, names: cells.names, known: cells.known, earlier: cells.earlier, attackers }, solver);
  const shown = (k: string): number | null => {
    const id = cells.get(k);
    if (id === undefined) return 0;
    return protection.hidden[id] ? null : cells.values[id]!;
  };

  const out: Partial<Record<PublishedPeriod, PublishedPeriodFigures>> = {};
  for (const p of periods) {
    const f = fig(p);
    const reach: Partial<Record<PublishedBreakdown, PublishedReachRow[]>> = {};
    const waiting: Partial<Record<PublishedBreakdown, PublishedWaitingRow[]>> = {};
    // A breakdown not published for this period (a crossing in a quarter) has no table, not an empty one.
    for (const by of (reachBreakdowns as PublishedBreakdown[]).filter((b) => periodsOf(b).includes(p))) {
      reach[by] = (f.reach.get(by) ?? []).map((r) => {
        const at = (m: Measure) => shown(key('reach', m, p, by, reachGroup(r)));
        const withReasons = by === 'total' || input.reasonsByGroup !== false || (by === 'municipality' && restOf.length > 0);
        const stopsByReason = withReasons ? Object.fromEntries(Object.keys(r.stopsByReason).sort().map((c) => [c, at({ name: `reason:${c}`, kind: 'sum' })])) : {};
        const row = { group: r.group, uniqueYouth: at(REACH_MEASURES[0]!), starts: at(REACH_MEASURES[1]!), stops: at(REACH_MEASURES[2]!), stopsByReason, inCareEnd: at(REACH_MEASURES[3]!) };
        return { ...row, suppressed: [row.uniqueYouth, row.starts, row.stops, row.inCareEnd, ...Object.values(stopsByReason)].some((v) => v === null) };
      });
      waiting[by] = (f.waiting.get(by) ?? []).map((r) => {
        const wait = (m: Measure, s: WaitStats): PublishedWait => {
          const n = shown(key('waiting', m, p, by, groupKey(r.group)));
          // A median or percentile of fewer than THRESHOLD waits is close to one young person's wait.
          return n === null ? null : { count: n, median: n >= THRESHOLD ? s.median : null, p80: n >= THRESHOLD ? s.p80 : null };
        };
        const row = { group: r.group, requestToAssignment: wait(WAIT_MEASURES[0]!, r.requestToAssignment), assignmentToStart: wait(WAIT_MEASURES[1]!, r.assignmentToStart) };
        return { ...row, suppressed: row.requestToAssignment === null || row.assignmentToStart === null };
      });
    }
    const timeliness: Partial<Record<TimelinessBy, PublishedTimelinessRow[]>> = {};
    for (const by of TIMELINESS_BREAKDOWNS) {
      timeliness[by] = (f.timeliness.get(by) ?? []).map((r) => {
        const g = [r.municipality, r.provider].filter((s) => s !== '').join('/');
        const at = (m: string) => shown(`timeliness|${m}|${p}|${by}|${g}`);
        const requests = at('requests');
        const retro = at('retro');
        const retroShown = requests !== null && retro !== null && requests > 0;
        const row = {
          ...(by === 'provider' ? { provider: r.provider } : {}),
          ...(by === 'municipality' ? { municipality: r.municipality } : {}),
          requests,
          retroactiveRequests: retro,
          retroactiveSharePct: retroShown ? r.retroactiveSharePct : null,
          retroactiveDaysBackMedian: retroShown && retro >= THRESHOLD ? r.retroactiveDaysBackMedian : null,
          startMessages: at('startMsgs'),
          lateStartMessages: at('lateStarts'),
          stopMessages: at('stopMsgs'),
          lateStopMessages: at('lateStops'),
          assignmentsWithoutStart: at('noStart'),
        };
        return { ...row, suppressed: Object.values(row).some((v) => v === null) };
      });
    }
    const messages = f.messages.map((m) => ({ messageType: m.messageType, messages: shown(`messages|messages|${p}|type|${m.messageType}`) }));
    const rest: Record<string, PublishedRest> = {};
    for (const m of periodsOf(CROSSINGS[0]).includes(p) ? restOf : []) {
      const at = (fam: string, measure: Measure, b: string, g: string) => shown(restKey(m, fam, measure, p, b, g));
      const restReach: Partial<Record<RestBreakdown, PublishedReachRow[]>> = {};
      const restWaiting: Partial<Record<RestBreakdown, PublishedWaitingRow[]>> = {};
      for (const b of restBreakdowns) {
        const rows = b === 'total' ? (f.reach.get('total') ?? []) : (f.reach.get(b) ?? []);
        restReach[b] = rows.map((r) => {
          const g = reachGroup(r);
          const stopsByReason: Record<string, number | null> = b === 'total' ? Object.fromEntries(Object.keys(r.stopsByReason).sort().map((c) => [c, at('reach', { name: `reason:${c}`, kind: 'sum' }, b, g)])) : {};
          const row = { group: r.group, uniqueYouth: at('reach', REACH_MEASURES[0]!, b, g), starts: at('reach', REACH_MEASURES[1]!, b, g), stops: at('reach', REACH_MEASURES[2]!, b, g), stopsByReason, inCareEnd: at('reach', REACH_MEASURES[3]!, b, g) };
          return { ...row, suppressed: [row.uniqueYouth, row.starts, row.stops, row.inCareEnd, ...Object.values(stopsByReason)].some((v) => v === null) };
        });
        restWaiting[b] = (b === 'total' ? (f.waiting.get('total') ?? []) : (f.waiting.get(b) ?? [])).map((r) => {
          const g = groupKey(r.group);
          const count = (measure: Measure): PublishedWait => {
            const n = at('waiting', measure, b, g);
            return n === null ? null : { count: n, median: null, p80: null };
          };
          const row = { group: r.group, requestToAssignment: count(WAIT_MEASURES[0]!), assignmentToStart: count(WAIT_MEASURES[1]!) };
          return { ...row, suppressed: row.requestToAssignment === null || row.assignmentToStart === null };
        });
      }
      const t = (name: string) => at('timeliness', TIMELINESS_MEASURES.find((x) => x.name === name)!, 'total', '');
      const requests = t('requests');
      const retro = t('retro');
      const timelinessRow = {
        requests,
        retroactiveRequests: retro,
        retroactiveSharePct: requests !== null && retro !== null && requests > 0 ? share(retro, requests) : null,
        retroactiveDaysBackMedian: null,
        startMessages: t('startMsgs'),
        lateStartMessages: t('lateStarts'),
        stopMessages: t('stopMsgs'),
        lateStopMessages: t('lateStops'),
        assignmentsWithoutStart: t('noStart'),
      };
      rest[m] = { reach: restReach, waiting: restWaiting, timeliness: (f.timeliness.get('total') ?? []).length === 0 ? [] : [{ ...timelinessRow, suppressed: Object.values(timelinessRow).some((v) => v === null) }] };
    }
    out[p] = { period: f.period, reach, waiting, timeliness, messages, ...(Object.keys(rest).length > 0 ? { rest } : {}) };
  }
  const shownCells = new Map<string, number>();
  cells.names.forEach((name, id) => {
    if (!protection.hidden[id]) shownCells.set(name, cells.values[id]!);
  });
  return {
    year: input.year,
    periods: out,
    shown: shownCells,
    audit: { cells: cells.values.length, primary: protection.primary, secondary: protection.secondary, programs: protection.programs },
  };
}

/** For tests and audits: the cells and relations behind a publication's input, and which are hidden. */
export { protect, THRESHOLD };
