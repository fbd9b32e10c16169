// Payments [DOMAIN.md §3; seed 001 "maandelijkse verrekening van 1/12e deel"]: each municipality pays
// its own contribution to each provider in 12 monthly instalments.
import { splitEvenly, sum, type Cents } from './money.ts';
import { RuleError } from './errors.ts';

export const MONTHS = 12;

/**
 * Rule: every month gets floor(contribution / 12); the cents left over (at most 11) go one each to the
 * earliest months. The 12 instalments add up to the contribution exactly.
 */
export function instalments(contributionCents: Cents): Cents[] {
  return splitEvenly(contributionCents, MONTHS);
}

/**
 * A new yearly amount takes effect from `fromMonth` (1–12): instalments before that month stay as they
 * were (paid or already announced), and what is left of the new amount is spread over the remaining
 * months by the same rule. Refused when that would ask a negative payment.
 */
export function reschedule(current: readonly Cents[], newYearAmount: Cents, fromMonth: number): Cents[] {
  if (!Number.isInteger(fromMonth) || fromMonth < 1 || fromMonth > MONTHS) {
    throw new RuleError('ADJUSTMENT_INVALID', `month ${fromMonth} is not a month of the year (1–12)`);
  }
  const kept = current.slice(0, fromMonth - 1);
  const remaining = newYearAmount - sum(kept);
  if (remaining < 0n) {
    throw new RuleError(
      'ADJUSTMENT_INVALID',
      `the new amount is ${-remaining} cents less than what is paid or due before month ${fromMonth}; a change can only touch months not yet paid`,
    );
  }
  return [...kept, ...splitEvenly(remaining, MONTHS - fromMonth + 1)];
}

export function monthLabel(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, '0')}`;
}

/** Parses "YYYY-MM" for the given year; returns the month number. */
export function parseMonth(text: string, year: number): number {
  const m = /^(\d{4})-(\d{2})$/.exec(text.trim());
  if (!m || Number(m[1]) !== year || Number(m[2]) < 1 || Number(m[2]) > 12) {
    throw new RuleError('ADJUSTMENT_INVALID', `"${text}" is not a month of ${year}; write it as ${year}-MM`);
  }
  return Number(m[2]);
}
