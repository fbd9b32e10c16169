// Payments [DOMAIN.md §3; seed 001 "maandelijkse verrekening van 1/12e deel"]: each municipality pays
// its own contribution to each provider in instalments — twelve monthly ones unless the region file
// says otherwise (paymentPolicy: a divisor of 12, and where the leftover cents go).
import { splitEvenly, sum, type Cents } from './money.ts';
import { Refusal } from './errors.ts';
import type { LeftoverCents } from './region.ts';

export const MONTHS = 12;

export interface PaymentRules {
  /** Instalments per year: 1, 2, 3, 4, 6 or 12. */
  readonly instalments: number;
  readonly leftoverCents: LeftoverCents;
}

export const MONTHLY: PaymentRules = Object.freeze({ instalments: 12, leftoverCents: 'first' });

/** Months one instalment covers. */
export const monthsPerInstalment = (rules: PaymentRules): number => MONTHS / rules.instalments;

/** The first month (1–12) of instalment k (1-based). */
export const instalmentStartMonth = (k: number, rules: PaymentRules): number => (k - 1) * monthsPerInstalment(rules) + 1;

/** The last month (1–12) of instalment k. */
export const instalmentEndMonth = (k: number, rules: PaymentRules): number => k * monthsPerInstalment(rules);

/** The instalment (1-based) that begins in `month`, or undefined when no instalment begins then. */
export function instalmentStartingIn(month: number, rules: PaymentRules): number | undefined {
  const per = monthsPerInstalment(rules);
  return Number.isInteger(month) && month >= 1 && month <= MONTHS && (month - 1) % per === 0 ? (month - 1) / per + 1 : undefined;
}

/** The instalment (1-based) that covers `month`. */
export const instalmentCovering = (month: number, rules: PaymentRules): number => Math.ceil(month / monthsPerInstalment(rules));

/** `total` over `n` equal parts; the leftover cents go one each to the first (or the last) parts. */
function spread(total: Cents, n: number, leftover: LeftoverCents): Cents[] {
  const parts = splitEvenly(total, n);
  return leftover === 'first' ? parts : parts.reverse();
}

/**
 * Rule: every instalment gets floor(contribution / n); the cents left over (at most n − 1) go one
 * each to the earliest instalments (or the latest, when the region says so). The instalments add up
 * to the contribution exactly.
 */
export function instalments(contributionCents: Cents, rules: PaymentRules = MONTHLY): Cents[] {
  return spread(contributionCents, rules.instalments, rules.leftoverCents);
}

/**
 * A new yearly amount takes effect from instalment `from` (1-based): instalments before it stay as
 * they were (paid or already announced), and what is left of the new amount is spread over the
 * remaining instalments by the same rule. Refused when that would ask a negative payment.
 */
export function reschedule(current: readonly Cents[], newYearAmount: Cents, from: number, rules: PaymentRules = MONTHLY): Cents[] {
  if (!Number.isInteger(from) || from < 1 || from > rules.instalments) {
    throw new Refusal('ADJUSTMENT_MONTH_INVALID', { month: from, instalments: rules.instalments });
  }
  const kept = current.slice(0, from - 1);
  const remaining = newYearAmount - sum(kept);
  if (remaining < 0n) throw new Refusal('RESCHEDULE_NEGATIVE', { shortCents: -remaining, instalment: from });
  return [...kept, ...spread(remaining, rules.instalments - from + 1, rules.leftoverCents)];
}

export function monthLabel(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, '0')}`;
}

/** Reads "YYYY-MM" as a month (1–12) of `year`. */
export function parseMonth(text: string, year: number): number {
  const m = /^(\d{4})-(\d{2})$/.exec(text.trim());
  if (!m || Number(m[1]) !== year || Number(m[2]) < 1 || Number(m[2]) > 12) throw new Refusal('MONTH_INVALID', { text, year });
  return Number(m[2]);
}

/** Reads "YYYY-MM" as year and month, whatever the year. */
export function parseYearMonth(text: string): { year: number; month: number } {
  const m = /^(\d{4})-(\d{2})$/.exec(text.trim());
  if (!m || Number(m[1]) < 1 || Number(m[2]) < 1 || Number(m[2]) > 12) throw new Refusal('MONTH_INVALID', { text });
  return { year: Number(m[1]), month: Number(m[2]) };
}
