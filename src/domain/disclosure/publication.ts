// What others than the data's owner may see of the monitor's counts of one year, and what of it is
// hidden [issue 12 "Disclosure control"; docs/decisions.md §36]. Others ask from a fixed set: a
// quarter, a half year or the year, broken down by at most one dimension (or not at all). That set
// is computed once per data version and protected as a whole — every table, period and measure in
// one system of relations (protect.ts) — so that no question a viewer can ask, nor any combination
// of the answers, tells a count from 1 to 4. Pure: the figures are read by the caller.
import type { Dimension, Period, ReachRow } from '../reach-figures.ts';
import type { WaitingRow, WaitStats } from '../waiting-times.ts';
import type { TimelinessRow } from '../timeliness.ts';
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
export const TIMELINESS_BREAKDOWNS = ['total', 'provider', 'municipality'] as const;
export type TimelinessBy = (typeof TIMELINESS_BREAKDOWNS)[number];

/** The figures of one published period, as the monitor computes them for the region. */
export interface PeriodFigures {
  /** The period, cut short at the last day of the data. */
  readonly period: Period;
  /** Reach rows per breakdown; 'area' rows carry their municipality (an area lies in one). */
  readonly reach: ReadonlyMap<Breakdown, readonly ReachRow[]>;
  readonly waiting: ReadonlyMap<Breakdown, readonly WaitingRow[]>;
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
  readonly inCareBefore?: ReadonlyMap<Breakdown, readonly ReachRow[]>;
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
  readonly reach: Readonly<Partial<Record<Breakdown, readonly PublishedReachRow[]>>>;
  readonly waiting: Readonly<Partial<Record<Breakdown, readonly PublishedWaitingRow[]>>>;
  readonly timeliness: Readonly<Partial<Record<TimelinessBy, readonly PublishedTimelinessRow[]>>>;
  readonly messages: readonly { readonly messageType: string; readonly messages: number | null }[];
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
  const family = <R,>(
    name: string,
    measures: readonly Measure[],
    breakdowns: readonly string[],
    rowsOf: (f: PeriodFigures, by: string) => readonly R[] | undefined,
    groupOf: (r: R) => string,
    valueOf: (r: R, m: string) => number,
  ) => {
    // Every group seen in any period of a breakdown has a cell in every period (0 where it had no row).
    for (const by of breakdowns) {
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
            const children = new Map<string, string[]>();
            for (const g of groups) children.set(parentOf(g), [...(children.get(parentOf(g)) ?? []), g]);
            for (const [pg, gs] of children) cells.relate(m.kind, cells.get(key(name, m, p, parent, pg)), gs.map((g) => cells.get(key(name, m, p, by, g))));
          }
        }
        if (m.stock || m.noPeriodRelation) continue;
        for (const [whole, parts] of PERIOD_PARTS) {
          if (!input.periods.has(whole)) continue;
          for (const g of groups) cells.relate(m.kind, cells.get(key(name, m, whole, by, g)), parts.filter((q) => input.periods.has(q)).map((q) => cells.get(key(name, m, q, by, g))));
        }
      }
    }
  };

  // The breakdowns the figures were computed by (a publication of a part of the region may have fewer);
  // a parent before the breakdowns nested in it.
  const given = new Set<string>(periods.length > 0 ? [...fig(periods[0]!).reach.keys()] : []);
  const reachBreakdowns = ['total', 'municipality', 'theme', ...[...given].filter((b) => b !== 'total' && b !== 'municipality' && b !== 'theme')].filter((b) => b === 'total' || given.has(b));
  const reachGroup = (r: ReachRow) => groupKey(r.group);
  if (periods.length > 0) {
    if (input.reasonsByGroup === false) {
      family('reach', REACH_MEASURES, reachBreakdowns, (f, by) => f.reach.get(by as Breakdown), reachGroup, reachValue);
      family('reach', reachMeasures.slice(REACH_MEASURES.length), ['total'], (f, by) => f.reach.get(by as Breakdown), reachGroup, reachValue);
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

  if (input.shownBefore !== undefined) {
    cells.names.forEach((name, id) => {
      if (input.shownBefore!.get(name) === cells.values[id]) cells.known[id] = true;
    });
  }
  const protection = await protect({ values: cells.values, relations: cells.relations, names: cells.names, known: cells.known, earlier: cells.earlier }, solver);
  const shown = (k: string): number | null => {
    const id = cells.get(k);
    if (id === undefined) return 0;
    return protection.hidden[id] ? null : cells.values[id]!;
  };

  const out: Partial<Record<PublishedPeriod, PublishedPeriodFigures>> = {};
  for (const p of periods) {
    const f = fig(p);
    const reach: Partial<Record<Breakdown, PublishedReachRow[]>> = {};
    const waiting: Partial<Record<Breakdown, PublishedWaitingRow[]>> = {};
    for (const by of reachBreakdowns as Breakdown[]) {
      reach[by] = (f.reach.get(by) ?? []).map((r) => {
        const at = (m: Measure) => shown(key('reach', m, p, by, reachGroup(r)));
        const withReasons = by === 'total' || input.reasonsByGroup !== false;
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
    out[p] = { period: f.period, reach, waiting, timeliness, messages };
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
