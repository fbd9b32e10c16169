// Reading option values: each either gives a value or refuses with one line that names the option,
// the value and what is expected. Commands read every option before opening the database.
import { Refusal } from '../domain/errors.ts';
import { isValidDate } from '../domain/calendar.ts';
import { parseCents, parseEuros, type Cents } from '../domain/money.ts';
import { parseYearMonth } from '../domain/payment-schedule.ts';

export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2100;

export function yearOption(text: string, option = '--year'): number {
  const y = /^\d{4}$/.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isInteger(y) || y < FIRST_YEAR || y > LAST_YEAR) {
    throw new Refusal('OPTION_INVALID', { option, value: text, expected: { en: `a year like 2028 (${FIRST_YEAR}–${LAST_YEAR})`, nl: `een jaar zoals 2028 (${FIRST_YEAR}–${LAST_YEAR})` } });
  }
  return y;
}

/** "YYYY-MM" → year and month, refusing "foo", "2028-13" and months of another year when `year` is given. */
export function monthOption(text: string, option: string, year?: number): { year: number; month: number } {
  let ym;
  try {
    ym = parseYearMonth(text);
  } catch {
    throw new Refusal('MONTH_INVALID', { text, ...(year !== undefined ? { year } : {}) }, { option });
  }
  if (ym.year < FIRST_YEAR || ym.year > LAST_YEAR || (year !== undefined && ym.year !== year)) {
    throw new Refusal('MONTH_INVALID', { text, ...(year !== undefined ? { year } : {}) }, { option });
  }
  return ym;
}

export function dateOption(text: string, option: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text.trim()) || !isValidDate(text.trim())) throw new Refusal('DATE_INVALID', { text }, { option });
  return text.trim();
}

/** An amount given as euros (`--x`) or as cents (`--x-cents`), at most one of the two. */
export function amountOption(euros: string | undefined, cents: string | undefined, option: string, opts: { required: boolean; signed: boolean }): Cents | undefined {
  if (euros !== undefined && cents !== undefined) throw new Refusal('USAGE', { en: `give ${option} or ${option}-cents, not both`, nl: `geef ${option} of ${option}-cents, niet allebei` });
  let value: Cents | undefined;
  if (cents !== undefined) value = parseCents(cents.replace(/^\+/, ''), { option: `${option}-cents` });
  else if (euros !== undefined) value = parseEuros(euros.replace(/^\+/, ''), { option });
  if (value === undefined) {
    if (opts.required) throw new Refusal('USAGE', { en: `give the amount with ${option} <euros> or ${option}-cents <cents>`, nl: `geef het bedrag met ${option} <euro> of ${option}-cents <centen>` });
    return undefined;
  }
  if (!opts.signed && value < 0n) {
    throw new Refusal('OPTION_INVALID', { option: cents !== undefined ? `${option}-cents` : option, value: (cents ?? euros)!, expected: { en: 'an amount of 0 or more', nl: 'een bedrag van 0 of meer' } });
  }
  return value;
}

/** "0363=8500" pairs → a map; a municipality named twice, or a pair that is not code=number, is refused. */
export function pairsOption(pairs: readonly string[], option: string, valuePattern: RegExp, expected: { en: string; nl: string }): Record<string, string> {
  const map: Record<string, string> = {};
  for (const p of pairs) {
    const m = /^(\d{4})=(.*)$/.exec(p.trim());
    if (!m || !valuePattern.test(m[2]!)) throw new Refusal('OPTION_INVALID', { option, value: p, expected });
    if (m[1]! in map) throw new Refusal('KEYS_DUPLICATE', { municipality: m[1]! }, { option });
    map[m[1]!] = m[2]!;
  }
  return map;
}

export function textOption(text: string | undefined, option: string): string | undefined {
  if (text === undefined) return undefined;
  if (!text.trim()) throw new Refusal('OPTION_INVALID', { option, value: text, expected: { en: 'a text that is not empty', nl: 'een tekst die niet leeg is' } });
  return text.trim();
}
