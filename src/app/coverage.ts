// How far the monitor's data reach, and figures read only as far as that [issue 12, "Data coverage"].
// Every monitor answer (API, first page, CLI) goes through figuresWithinData, so none presents a day
// after the last message received as if it had been reported on.
import { coveredPeriod, type CoveredPeriod } from '../domain/data-coverage.ts';
import type { Period } from '../domain/reach-figures.ts';
import { latestMessageDate } from '../store/coverage-repository.ts';
import { withStatementTimeout } from '../store/statement-timeout.ts';
import type { Workspace } from './workspace.ts';

export { PeriodAfterDataError } from '../domain/data-coverage.ts';
export { QueryTimeoutError } from '../store/statement-timeout.ts';

export interface Coverage {
  /** The latest Dagtekening of an accepted message (YYYY-MM-DD); null before the first message. */
  readonly dataUpTo: string | null;
}

export async function dataCoverage(ws: Workspace): Promise<Coverage> {
  return { dataUpTo: await latestMessageDate(ws.store.db) };
}

export interface CoveredFigures<T> extends CoveredPeriod {
  readonly figures: T;
}

export interface ReadLimits {
  /** Stop every statement of the read after this long (PostgreSQL server only; QueryTimeoutError). */
  readonly timeoutMs?: number | undefined;
}

/**
 * The figures `read` gives for the part of `asked` the data cover (coveredPeriod): refused with
 * PeriodAfterDataError when the period begins after the last message, cut short at its date when it
 * runs past it. The coverage is read on the same connection as the figures.
 */
export async function figuresWithinData<T>(
  ws: Workspace,
  asked: Period,
  read: (ws: Workspace, period: Period) => Promise<T>,
  limits: ReadLimits = {},
): Promise<CoveredFigures<T>> {
  const run = async (db: Workspace['store']['db']): Promise<CoveredFigures<T>> => {
    const on: Workspace = db === ws.store.db ? ws : { ...ws, store: { ...ws.store, db } };
    const covered = coveredPeriod(asked, await latestMessageDate(db));
    return { ...covered, figures: await read(on, covered.period) };
  };
  return limits.timeoutMs === undefined ? run(ws.store.db) : withStatementTimeout(ws.store, limits.timeoutMs, run);
}
