// Periods as people name them: a year (2028), a half year (2028-H2), a quarter (2028-Q2), a month (2028-03), a day
// (2028-03-15), or a range of any two of those (2028-01..2028-06, 2028-Q1..2028-Q3). The monitor's
// figures are for a period of calendar dates, first and last day inclusive.
import { addDays, dayNumber, isValidDate } from './calendar.ts';
import type { Period } from './reach-figures.ts';
import { Refusal } from './errors.ts';

/**
 * A period that cannot be read, with what was wrong and what to write instead, in English and Dutch:
 * a catalogue refusal (QUERY_INVALID, 400) like every other, mapped once by the CLI and the API.
 */
export class PeriodError extends Refusal<'QUERY_INVALID'> {
  constructor(en: string, nl: string) {
    super('QUERY_INVALID', { en, nl });
  }
}

const HELP = 'write a year (2028), a half year (2028-H1), a quarter (2028-Q1), a month (2028-03), a date (2028-03-15), or two of these as "from..to"';
const HULP = 'schrijf een jaar (2028), een halfjaar (2028-H1), een kwartaal (2028-Q1), een maand (2028-03), een datum (2028-03-15), of twee daarvan als "van..tot"';

const year4 = (y: number) => String(y).padStart(4, '0');

/** The year of a named period: 0001–9999, the years a calendar date here can have. */
function yearOf(text: string, digits: string): number {
  const y = Number(digits);
  if (y < 1) throw new PeriodError(`"${text}": there is no year 0; ${HELP}`, `"${text}": er is geen jaar 0; ${HULP}`);
  return y;
}

/** The last day of a month (1–12) of a year. */
function lastDay(y: number, month: number): string {
  if (month === 12) return `${year4(y)}-12-31`;
  return addDays(`${year4(y)}-${String(month + 1).padStart(2, '0')}-01`, -1);
}

/** First and last day of one named period. */
function named(text: string): Period {
  let m = /^(\d{4})$/.exec(text);
  if (m) {
    const y = yearOf(text, m[1]!);
    return { from: `${year4(y)}-01-01`, to: `${year4(y)}-12-31` };
  }
  m = /^(\d{4})-[Qq]([1-4])$/.exec(text);
  if (m) {
    const y = yearOf(text, m[1]!);
    const q = Number(m[2]);
    return { from: `${year4(y)}-${String(3 * q - 2).padStart(2, '0')}-01`, to: lastDay(y, 3 * q) };
  }
  m = /^(\d{4})-[Hh]([12])$/.exec(text);
  if (m) {
    const y = yearOf(text, m[1]!);
    const h = Number(m[2]);
    return { from: `${year4(y)}-${h === 1 ? '01' : '07'}-01`, to: lastDay(y, 6 * h) };
  }
  m = /^(\d{4})-(\d{2})$/.exec(text);
  if (m) {
    const y = yearOf(text, m[1]!);
    const month = Number(m[2]);
    if (month < 1 || month > 12) throw new PeriodError(`"${text}" is not a month; ${HELP}`, `"${text}" is geen maand; ${HULP}`);
    return { from: `${year4(y)}-${m[2]}-01`, to: lastDay(y, month) };
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    if (!isValidDate(text)) throw new PeriodError(`"${text}" is not a calendar date; ${HELP}`, `"${text}" is geen datum in de kalender; ${HULP}`);
    yearOf(text, text.slice(0, 4));
    return { from: text, to: text };
  }
  throw new PeriodError(`"${text}" is not a period; ${HELP}`, `"${text}" is geen periode; ${HULP}`);
}

/** Reads a period: one named period, or "a..b" from the first day of a to the last day of b. */
export function parsePeriod(text: string): Period {
  const t = text.trim();
  const range = t.split('..');
  if (range.length > 2) throw new PeriodError(`"${text}" has more than one "..": ${HELP}`, `"${text}" bevat meer dan één "..": ${HULP}`);
  if (range.length === 1) return named(t);
  const from = named(range[0]!.trim()).from;
  const to = named(range[1]!.trim()).to;
  if (from > to) throw new PeriodError(`"${text}" ends (${to}) before it begins (${from})`, `"${text}" eindigt (${to}) voordat hij begint (${from})`);
  return { from, to };
}

/** How a caller names the three fields in its messages (the CLI: --period, --from, --to). */
export interface PeriodFieldNames { readonly period: string; readonly from: string; readonly to: string }

/**
 * The period of a query: either `period` (as parsePeriod reads it) or both `from` and `to` as dates,
 * never a mix. Used by the CLI and the API alike; errors name the fields as the caller does.
 */
export function periodOfQuery(
  q: { period?: string | undefined; from?: string | undefined; to?: string | undefined },
  names: PeriodFieldNames = { period: 'period', from: 'from', to: 'to' },
): Period {
  if (q.period !== undefined) {
    if (q.from !== undefined || q.to !== undefined) throw new PeriodError(`give either ${names.period} or ${names.from} and ${names.to}, not both`, `geef ${names.period} of ${names.from} en ${names.to}, niet allebei`);
    return parsePeriod(q.period);
  }
  if (q.from === undefined || q.to === undefined) {
    throw new PeriodError(
      `give ${names.period} (a year 2028, quarter 2028-Q1, month 2028-03, date, or "from..to") or both ${names.from} and ${names.to} (YYYY-MM-DD)`,
      `geef ${names.period} (een jaar 2028, kwartaal 2028-Q1, maand 2028-03, datum, of "van..tot") of zowel ${names.from} als ${names.to} (JJJJ-MM-DD)`,
    );
  }
  for (const d of [q.from, q.to]) {
    if (!isValidDate(d)) throw new PeriodError(`"${d}" is not a date; write YYYY-MM-DD`, `"${d}" is geen datum; schrijf JJJJ-MM-DD`);
    if (d.startsWith('0000')) throw new PeriodError(`"${d}": there is no year 0; dates run from 0001-01-01 to 9999-12-31`, `"${d}": er is geen jaar 0; datums lopen van 0001-01-01 tot en met 9999-12-31`);
  }
  if (q.from > q.to) throw new PeriodError(`${names.from} ${q.from} is after ${names.to} ${q.to}`, `${names.from} ${q.from} ligt na ${names.to} ${q.to}`);
  return { from: q.from, to: q.to };
}

/** The number of days of a period, its first and last day included (what a bound on its length counts). */
export function periodDays(p: Period): number {
  return dayNumber(p.to) - dayNumber(p.from) + 1;
}
