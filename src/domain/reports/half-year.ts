// A half year as a council report names it ("2028-H1") and as Dutch text. Pure.
import { Refusal } from '../errors.ts';
import type { Period } from '../reach-figures.ts';
import { publishedPeriod } from '../disclosure/publication.ts';

export interface HalfYear {
  readonly year: number;
  readonly half: 1 | 2;
  /** "2028-H1" */
  readonly code: string;
  /** "eerste halfjaar 2028" */
  readonly name: string;
  readonly period: Period;
}

/** A half year written YYYY-H1 or YYYY-H2; anything else is refused in one line. */
export function parseHalfYear(text: string): HalfYear {
  const m = /^(\d{4})-H([12])$/.exec(text.trim());
  const year = m ? Number(m[1]) : NaN;
  if (!m || year < 1900) throw new Refusal('REPORT_HALF_INVALID', { text });
  const half = Number(m[2]) as 1 | 2;
  return { year, half, code: `${year}-H${half}`, name: `${half === 1 ? 'eerste' : 'tweede'} halfjaar ${year}`, period: publishedPeriod(year, half === 1 ? 'H1' : 'H2') };
}

const MONTHS = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'];

/** "30 juni 2028" */
export function dutchDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

/** "juni 2028" for "2028-06" */
export function dutchMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${MONTHS[m - 1]} ${y}`;
}
