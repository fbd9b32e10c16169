// The national outcome indicators [issue 15 "Outcome indicators"; REFERENCE-STEERING-DATA §2;
// decisions §58]: dropout (uitval), no new start (geen nieuwe jeugdhulp within a window),
// continuing without help and satisfaction where delivered. Counted over trajectories ended in a
// period: from a provider's CBS delivery where it delivered for the half year, else from its iJw
// stops with their reasons mapped to the CBS codes. Pure.

import { addDays } from './calendar.ts';
import type { BijMapping, Measurement } from './bij.ts';
import { addMonths } from './source-coverage.ts';
import { divideHalfEven, percentOneDecimal } from './utilisation.ts';

export const OUTCOME_BREAKDOWNS = ['provider', 'theme', 'municipality', 'area'] as const;
export type OutcomeBy = (typeof OUTCOME_BREAKDOWNS)[number];

/** A trajectory that ended, from either source, with what the breakdowns need. */
export interface EndedTrajectory {
  readonly provider: string;
  readonly person: string;
  readonly municipality: string;
  readonly area: string;
  readonly theme: string;
  /** Last day of care. */
  readonly end: string;
  /** CBS reason (01–05): the delivery's, or the traffic's through the mapping; undefined when unknown. */
  readonly endReason?: string;
  readonly source: 'bij' | 'ijw';
  readonly measurements: readonly Measurement[];
}

export interface OutcomeRow {
  readonly group: string;
  /** Ended in the period with a known reason: the dropout denominator. */
  readonly ended: number;
  /** Ended without a reason the indicator can read (none given, or unmapped). */
  readonly endedReasonUnknown: number;
  readonly dropout: number;
  readonly dropoutPct: string | null;
  /** Ended in the period, when the window after the period has passed; null before. */
  readonly noNewStartEligible: number | null;
  readonly noNewStart: number | null;
  readonly noNewStartPct: string | null;
  /** Measurements with a satisfaction mark, and their mean (one decimal). */
  readonly satisfactionCount: number;
  readonly satisfactionMean: string | null;
  /** Measurements with "continues without help", per code (01–04). */
  readonly withoutHelpCount: number;
  readonly withoutHelp: Readonly<Record<string, number>>;
  /** How many of the ended trajectories came from deliveries and from the traffic. */
  readonly fromBij: number;
  readonly fromIjw: number;
}

export interface OutcomeInput {
  readonly from: string;
  readonly to: string;
  readonly ended: readonly EndedTrajectory[];
  /** Every start of care per young person (both sources, every provider), for "no new start". */
  readonly startsOf: (person: string) => readonly string[];
  readonly mapping: BijMapping;
  /** The last day the data cover: a window that runs past it has not passed. */
  readonly horizon: string;
}

/** Whether the window after the period's last day has passed by the horizon. */
export function windowPassed(to: string, mapping: BijMapping, horizon: string): boolean {
  return addMonths(to, mapping.noNewStartWindowMonths) <= horizon;
}

/**
 * A new start within the window: care that begins at least one free day after the end (a direct
 * follow-on, the next day, is the same help continued: the CBS rule for "herhaald beroep") and at
 * most `window` months after it.
 */
export function hasNewStart(end: string, starts: readonly string[], windowMonths: number): boolean {
  const first = addDays(end, 2);
  const last = addMonths(end, windowMonths);
  return starts.some((s) => s >= first && s <= last);
}

export function outcomes(input: OutcomeInput, groupOf: (e: EndedTrajectory) => string): { rows: OutcomeRow[]; total: OutcomeRow } {
  const { from, to, mapping } = input;
  const passed = windowPassed(to, mapping, input.horizon);
  const dropoutCodes = new Set(mapping.dropoutReasons);
  interface Acc {
    ended: number;
    unknown: number;
    dropout: number;
    eligible: number;
    noNewStart: number;
    satisfaction: number[];
    withoutHelp: Record<string, number>;
    bij: number;
    ijw: number;
  }
  const empty = (): Acc => ({ ended: 0, unknown: 0, dropout: 0, eligible: 0, noNewStart: 0, satisfaction: [], withoutHelp: {}, bij: 0, ijw: 0 });
  const acc = new Map<string, Acc>();
  const total = empty();
  for (const e of input.ended) {
    if (e.end < from || e.end > to) continue;
    const g = groupOf(e);
    const a = acc.get(g) ?? empty();
    acc.set(g, a);
    for (const x of [a, total]) {
      x[e.source]++;
      if (e.endReason === undefined) x.unknown++;
      else {
        x.ended++;
        if (dropoutCodes.has(e.endReason)) x.dropout++;
      }
      if (passed) {
        x.eligible++;
        if (!hasNewStart(e.end, input.startsOf(e.person), mapping.noNewStartWindowMonths)) x.noNewStart++;
      }
      for (const m of e.measurements) {
        if (m.satisfaction !== undefined) x.satisfaction.push(m.satisfaction);
        if (m.withoutHelp !== undefined) x.withoutHelp[m.withoutHelp] = (x.withoutHelp[m.withoutHelp] ?? 0) + 1;
      }
    }
  }
  const row = (group: string, a: Acc): OutcomeRow => ({
    group,
    ended: a.ended,
    endedReasonUnknown: a.unknown,
    dropout: a.dropout,
    dropoutPct: percentOneDecimal(BigInt(a.dropout), BigInt(a.ended)) ?? null,
    noNewStartEligible: passed ? a.eligible : null,
    noNewStart: passed ? a.noNewStart : null,
    noNewStartPct: passed ? (percentOneDecimal(BigInt(a.noNewStart), BigInt(a.eligible)) ?? null) : null,
    satisfactionCount: a.satisfaction.length,
    satisfactionMean: a.satisfaction.length === 0 ? null : meanOneDecimal(a.satisfaction),
    withoutHelpCount: Object.values(a.withoutHelp).reduce((s, n) => s + n, 0),
    withoutHelp: a.withoutHelp,
    fromBij: a.bij,
    fromIjw: a.ijw,
  });
  const rows = [...acc.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([g, a]) => row(g, a));
  return { rows, total: row('', total) };
}

/** Mean of whole marks to one decimal, half to even like every percentage here, as text ("7.4"), exactly. */
export function meanOneDecimal(values: readonly number[]): string {
  const sum = values.reduce((s, v) => s + v, 0);
  const tenths = divideHalfEven(BigInt(sum) * 10n, BigInt(values.length));
  return `${tenths / 10n}.${tenths % 10n}`;
}
