// Figures as the pages show them, in Dutch: amounts from integer cents (exact, never through a
// floating-point euro), counts with a thousands dot, a hidden count as "afgeschermd".

/** Shown where the API gives null for a count: it could tell 1 to 4 young people. */
export const HIDDEN = 'afgeschermd';
/** The longer text for a caption or a screen reader. */
/**
 * Why a figure is not shown. Not "less than 5": a figure is also hidden because it would let one of
 * 1 to 4 be worked out, and then it may be any size (saying "less than 5" would be false, and a hint).
 */
export const HIDDEN_WHY = "niet getoond: 1 tot 4 jeugdigen, of daar uit andere cijfers toe terug te rekenen";

const counts = new Intl.NumberFormat('nl-NL');
const decimals = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 1 });

/** "€ 1.234.567,89" from "123456789" (cents as a string of digits, possibly negative). */
export function euros(cents: string | bigint): string {
  const c = typeof cents === 'bigint' ? cents : BigInt(cents);
  const negative = c < 0n;
  const abs = negative ? -c : c;
  const whole = counts.format(abs / 100n);
  const rest = String(abs % 100n).padStart(2, '0');
  return `${negative ? '−' : ''}€ ${whole},${rest}`;
}

/** Euros as a number, for a chart's axis only (never for a figure shown as text). */
export function eurosForChart(cents: string | bigint): number {
  return Number(typeof cents === 'bigint' ? cents : BigInt(cents)) / 100;
}

export function count(n: number | null | undefined): string {
  return n === null || n === undefined ? HIDDEN : counts.format(n);
}

export function days(n: number | null | undefined): string {
  return n === null || n === undefined ? HIDDEN : `${decimals.format(n)} d`;
}

/** "12,5%" from the API's "12.5"; null → afgeschermd. */
export function percent(text: string | null | undefined): string {
  return text === null || text === undefined ? HIDDEN : `${decimals.format(Number(text))}%`;
}

const MONTHS = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'];
const SHORT_MONTHS = ['jan', 'feb', 'mrt', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];

/** "29 december 2028" */
export function dutchDate(date: string): string {
  return `${Number(date.slice(8, 10))} ${MONTHS[Number(date.slice(5, 7)) - 1] ?? ''} ${date.slice(0, 4)}`;
}

/** "jan 2028" from "2028-01" */
export function shortMonth(month: string): string {
  return `${SHORT_MONTHS[Number(month.slice(5, 7)) - 1] ?? month} ${month.slice(0, 4)}`;
}

/** "29-12-2028 14:05" from an ISO instant, in the browser's time zone. */
export function dateTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString('nl-NL', { dateStyle: 'short', timeStyle: 'short' });
}

/**
 * Cents from an amount in euros as people type it: "1234", "1.234,56", "1234,5", "-300", "€ 2.500".
 * Exact (digits, never a float); null when it is not such an amount.
 */
export function centsFromEuros(text: string): string | null {
  let t = text.replace(/[€\s]/g, '');
  const negative = t.startsWith('-') || t.startsWith('−');
  if (negative) t = t.slice(1);
  // Dutch notation: dots group thousands, a comma separates the cents.
  if (!/^\d{1,3}(\.\d{3})*(,\d{1,2})?$|^\d+(,\d{1,2})?$/.test(t)) return null;
  const [whole = '0', frac = ''] = t.replace(/\./g, '').split(',');
  const cents = BigInt(whole) * 100n + BigInt(frac.padEnd(2, '0') || '0');
  return `${negative && cents !== 0n ? '-' : ''}${cents}`;
}
