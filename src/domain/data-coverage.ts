// How far the monitor's data reaches, and what that leaves of a period asked for [issue 12, "Data
// coverage"]. The data reach up to the latest Dagtekening of an accepted message (decisions,
// "Data up to"): nothing after it has been received, so no figure may claim to describe it.
import { Refusal } from './errors.ts';
import type { Period } from './reach-figures.ts';
import { addDays, isWorkingDay } from './calendar.ts';

/** A period that lies wholly after the data (or any period, before the first message). */
export class PeriodAfterDataError extends Refusal<'NO_DATA_FOR_PERIOD'> {
  constructor(
    readonly asked: Period,
    readonly dataUpTo: string | null,
  ) {
    super('NO_DATA_FOR_PERIOD', { from: asked.from, to: asked.to, dataUpTo });
  }
}

export interface CoveredPeriod {
  /** The period as asked for. */
  readonly asked: Period;
  /** The part of it the figures are for: the asked period, ending at `dataUpTo` when it ran past it. */
  readonly period: Period;
  /** The asked period ran past the data and was cut short at `dataUpTo`. */
  readonly cutShort: boolean;
  readonly dataUpTo: string;
}

/**
 * The part of `asked` the data cover. A period that runs past the last message ends on its date,
 * so "in care at the end" is counted on the last day there is data for, not on a day nobody has
 * reported on yet. A period that begins after it has no figures at all.
 */
export function coveredPeriod(asked: Period, dataUpTo: string | null): CoveredPeriod {
  if (dataUpTo === null || asked.from > dataUpTo) throw new PeriodAfterDataError(asked, dataUpTo);
  const cutShort = asked.to > dataUpTo;
  return { asked, period: cutShort ? { from: asked.from, to: dataUpTo } : asked, cutShort, dataUpTo };
}

/**
 * Whether the data cover a period to its end, for others than the region: up to its last working
 * day (messages are sent on working days; a year whose data end on Friday 29 December is over).
 * A running period's figures would change by a few young people from one ingest to the next.
 */
export function periodClosed(period: Period, dataUpTo: string | null): boolean {
  if (dataUpTo === null) return false;
  let last = period.to;
  while (last > period.from && !isWorkingDay(last)) last = addDays(last, -1);
  return dataUpTo >= last;
}
