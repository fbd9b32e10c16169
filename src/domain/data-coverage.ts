// How far the monitor's data reaches, and what that leaves of a period asked for [issue 12, "Data
// coverage"]. The data reach up to the latest Dagtekening of an accepted message (decisions,
// "Data up to"): nothing after it has been received, so no figure may claim to describe it.
import type { Period } from './reach-figures.ts';

/** A period that lies wholly after the data (or any period, before the first message). */
export class PeriodAfterDataError extends Error {
  constructor(
    readonly asked: Period,
    readonly dataUpTo: string | null,
  ) {
    super(
      dataUpTo === null
        ? 'no iJw messages have been received yet, so there are no figures for any period; read messages in with "jeugdregie ingest <folder>"'
        : `no messages after ${dataUpTo} have been received: the period ${asked.from}..${asked.to} begins after the data; ask for a period that begins on or before ${dataUpTo}`,
    );
    this.name = 'PeriodAfterDataError';
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
