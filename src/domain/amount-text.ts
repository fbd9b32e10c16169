// Amounts as people type them into a table: euros in Dutch or English notation, or whole cents.
// Dutch spreadsheets write "1.234,56", English ones "1,234.56"; both reach us in the same column, so
// a form is accepted only when it can be read one way, and "12.345" (twelve thousand, or twelve euros
// and a fraction of a cent?) is refused with the reason instead of being guessed.
import { MAX_CENTS, type Cents } from './money.ts';

/** A message in both languages the software speaks. */
export interface Said {
  readonly en: string;
  readonly nl: string;
}

export type AmountReading = { readonly cents: Cents } | { readonly problem: Said };

/**
 * More digits than this can never fit the database (MAX_CENTS has 19): refused before BigInt, so a
 * cell of a million digits costs nothing.
 */
const MAX_DIGITS = 19;

const TOO_LARGE: Said = {
  en: 'is larger than Jeugdregie can hold (at most 92.233.720.368.547.758,07 euro); check the amount',
  nl: 'is groter dan Jeugdregie kan bewaren (hoogstens 92.233.720.368.547.758,07 euro); controleer het bedrag',
};

/**
 * Euros with at most two decimals. Accepted: "1234", "1234,5", "1234,56", "1234.56", Dutch grouping
 * "1.234.567,89" and "1.234.567", English grouping "1,234,567.89" and "1,234,567", each optionally
 * after "€" (with or without a space) and with a minus sign before the number or the "€". A
 * thousands separator groups exactly three digits. Refused: one separator followed by exactly three
 * digits after one to three digits ("12.345", "1,000": a thousands separator or a decimal mark?),
 * more than two decimals, spaces inside the number, exponents, "+", brackets and anything else.
 */
export function readEuros(input: string): AmountReading {
  const text = input.replace(/[\s\u00a0]+$/u, '').replace(/^[\s\u00a0]+/u, '');
  if (text === '') return { problem: { en: 'is empty; give an amount in euros', nl: 'is leeg; geef een bedrag in euro' } };
  const m = /^(-?)(?:€\s*(-?))?(\d[\d.,]*)$/u.exec(text);
  if (!m || (m[1] && m[2])) return notEuros(text);
  const negative = m[1] === '-' || m[2] === '-';
  const body = m[3]!;
  const dots = count(body, '.');
  const commas = count(body, ',');
  let whole: string;
  let fraction = '';
  if (dots === 0 && commas === 0) {
    whole = body;
  } else if (dots === 0 || commas === 0) {
    const mark = dots > 0 ? '.' : ',';
    const parts = body.split(mark);
    if (parts.length === 2) {
      const [before, after] = parts as [string, string];
      if (before === '' || after === '') return notEuros(text);
      if (after.length === 3 && isLeadingGroup(before)) return ambiguous(text, before + after, mark);
      whole = before;
      fraction = after;
    } else {
      // Several of one mark: only a thousands separator occurs more than once.
      if (!isGrouped(parts)) return badGrouping(text);
      whole = parts.join('');
    }
  } else {
    // Both marks: the one that comes last is the decimal mark and occurs once.
    const decimalMark = body.lastIndexOf('.') > body.lastIndexOf(',') ? '.' : ',';
    const groupMark = decimalMark === '.' ? ',' : '.';
    const at = body.lastIndexOf(decimalMark);
    const before = body.slice(0, at);
    fraction = body.slice(at + 1);
    if (before.includes(decimalMark) || fraction === '') return notEuros(text);
    if (!isGrouped(before.split(groupMark))) return badGrouping(text);
    whole = before.split(groupMark).join('');
  }
  if (fraction.length > 2) {
    return { problem: { en: `"${text}" has more than two decimals (fractions of a cent); round it to whole cents`, nl: `"${text}" heeft meer dan twee decimalen (delen van een cent); rond af op hele centen` } };
  }
  return cents(whole, fraction, negative, text);
}

/**
 * A number as a spreadsheet stores it (decimal point, no grouping, maybe an exponent): read as euros
 * exactly, without the ambiguity of typed text. Beyond 2^53 / 100 euros a spreadsheet number has
 * already lost digits, so such a cell is refused rather than believed.
 */
export function readEurosFromNumber(numberText: string): AmountReading {
  const d = decimalOf(numberText);
  if (d === undefined) return notEuros(numberText);
  if (d.fraction.length > 2) {
    return { problem: { en: `${plain(d)} has more than two decimals (fractions of a cent); round it to whole cents`, nl: `${plain(d)} heeft meer dan twee decimalen (delen van een cent); rond af op hele centen` } };
  }
  const result = cents(d.whole, d.fraction, d.negative, plain(d));
  if ('cents' in result && !isExactInSpreadsheet(result.cents)) return inexact(plain(d), 'euros');
  return result;
}

/** Whole cents ("660000000", "-5"): digits only, no separators. */
export function readCents(input: string): AmountReading {
  const text = input.trim();
  if (text === '') return { problem: { en: 'is empty; give an amount in whole cents', nl: 'is leeg; geef een bedrag in hele centen' } };
  const m = /^(-?)(\d+)$/.exec(text);
  if (!m) {
    if (/^-?\d+[.,]\d+$/.test(text)) {
      return { problem: { en: `"${text}" is not a whole number of cents; write cents as digits only, or give euros in the euro column`, nl: `"${text}" is geen heel aantal centen; schrijf centen als alleen cijfers, of geef euro's in de eurokolom` } };
    }
    return { problem: { en: `"${text}" is not a number of cents; write whole cents as digits only, like 660000000`, nl: `"${text}" is geen aantal centen; schrijf hele centen als alleen cijfers, zoals 660000000` } };
  }
  return cents(m[2]!, '', m[1] === '-', text, 1n);
}

/** Whole cents from a spreadsheet number. */
export function readCentsFromNumber(numberText: string): AmountReading {
  const d = decimalOf(numberText);
  if (d === undefined || d.fraction !== '') {
    return { problem: { en: `${d ? plain(d) : numberText} is not a whole number of cents; write cents as digits only, or give euros in the euro column`, nl: `${d ? plain(d) : numberText} is geen heel aantal centen; schrijf centen als alleen cijfers, of geef euro's in de eurokolom` } };
  }
  const result = cents(d.whole, '', d.negative, plain(d), 1n);
  if ('cents' in result && !isExactInSpreadsheet(result.cents)) return inexact(plain(d), 'cents');
  return result;
}

interface Decimal {
  readonly negative: boolean;
  readonly whole: string;
  readonly fraction: string;
}

/**
 * The exact decimal that a spreadsheet's number text stands for ("1.5E+3" → 1500), as digits; no
 * floating point on the way. Undefined when it is not a number at all.
 */
export function decimalOf(numberText: string): Decimal | undefined {
  const m = /^(-?)(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d{1,4}))?$/.exec(numberText.trim());
  if (!m) return undefined;
  let digits = m[2]! + (m[3] ?? '');
  let point = m[2]!.length + Number(m[4] ?? 0);
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  }
  if (point > digits.length) digits = digits.padEnd(point, '0');
  const whole = digits.slice(0, point).replace(/^0+(?=\d)/, '') || '0';
  const fraction = digits.slice(point).replace(/0+$/, '');
  return { negative: m[1] === '-' && /[1-9]/.test(digits), whole, fraction };
}

/** "1234.5", "-0.001": a decimal as plain text, how a person would read the cell. */
export function plainNumber(numberText: string): string {
  const d = decimalOf(numberText);
  return d === undefined ? numberText : plain(d);
}

function plain(d: Decimal): string {
  return `${d.negative ? '-' : ''}${d.whole}${d.fraction ? `.${d.fraction}` : ''}`;
}

function cents(whole: string, fraction: string, negative: boolean, shown: string, unit = 100n): AmountReading {
  const significant = whole.replace(/^0+/, '');
  if (significant.length + (unit === 100n ? 2 : 0) > MAX_DIGITS) return tooLarge(shown);
  const value = BigInt(whole) * unit + (unit === 100n ? BigInt(fraction.padEnd(2, '0')) : 0n);
  if (value > MAX_CENTS) return tooLarge(shown);
  return { cents: negative ? -value : value };
}

/** Spreadsheets keep numbers as doubles: integers beyond 2^53 are no longer what was typed. */
function isExactInSpreadsheet(c: Cents): boolean {
  const abs = c < 0n ? -c : c;
  return abs <= 9007199254740992n;
}

function count(text: string, ch: string): number {
  let n = 0;
  for (const c of text) if (c === ch) n++;
  return n;
}

/** One to three digits that could start a grouped number: not "0", nor a leading zero. */
function isLeadingGroup(digits: string): boolean {
  return /^[1-9]\d{0,2}$/.test(digits);
}

function isGrouped(parts: readonly string[]): boolean {
  return parts.length > 1 && isLeadingGroup(parts[0]!) && parts.slice(1).every((p) => /^\d{3}$/.test(p));
}

function notEuros(text: string): AmountReading {
  return {
    problem: {
      en: `"${text}" is not an amount in euros; write it like 1234,56 or 1234.56 (at most two decimals, optionally with "€" and thousands separators: 1.234,56 or 1,234.56)`,
      nl: `"${text}" is geen bedrag in euro; schrijf het zoals 1234,56 of 1234.56 (hoogstens twee decimalen, eventueel met "€" en scheidingstekens voor duizendtallen: 1.234,56 of 1,234.56)`,
    },
  };
}

function ambiguous(text: string, asThousands: string, mark: '.' | ','): AmountReading {
  const other = mark === '.' ? ',' : '.';
  return {
    problem: {
      en: `"${text}" is ambiguous: ${asThousands} euros if "${mark}" separates thousands, or ${text.replace(/^[^\d]*/, '').replace(mark, '.')} euros (fractions of a cent) if it is a decimal mark; write ${asThousands} or ${asThousands}${other}00`,
      nl: `"${text}" is dubbelzinnig: ${asThousands} euro als "${mark}" duizendtallen scheidt, of ${text.replace(/^[^\d]*/, '').replace(mark, ',')} euro (delen van een cent) als het een decimaalteken is; schrijf ${asThousands} of ${asThousands}${other}00`,
    },
  };
}

function badGrouping(text: string): AmountReading {
  return {
    problem: {
      en: `"${text}" is not an amount in euros: a thousands separator must be followed by exactly three digits, like 1.234.567,89 or 1,234,567.89`,
      nl: `"${text}" is geen bedrag in euro: na een scheidingsteken voor duizendtallen komen precies drie cijfers, zoals 1.234.567,89 of 1,234,567.89`,
    },
  };
}

function tooLarge(shown: string): AmountReading {
  return { problem: { en: `${shown} ${TOO_LARGE.en}`, nl: `${shown} ${TOO_LARGE.nl}` } };
}

function inexact(shown: string, unit: 'euros' | 'cents'): AmountReading {
  return {
    problem: {
      en: `${shown} has more digits than a spreadsheet number keeps exactly (about 15); format the cell as text and type the ${unit === 'euros' ? 'amount' : 'cents'} again`,
      nl: `${shown} heeft meer cijfers dan een spreadsheetgetal precies bewaart (ongeveer 15); maak de cel tekst en typ ${unit === 'euros' ? 'het bedrag' : 'de centen'} opnieuw`,
    },
  };
}
