// The kinds of cell a table import reads, and how each column type reads them. A CSV cell is always
// text; a spreadsheet cell can also be a number, a formula, an error, a yes/no value or a date, and
// each of those gets a clear answer here instead of whatever its text happens to look like.
import { plainNumber, readCents, readCentsFromNumber, readEuros, readEurosFromNumber, type AmountReading, type Said } from './amount-text.ts';
import type { Cents } from './money.ts';

export type { Said } from './amount-text.ts';

/** A cell as a file reader hands it over: text as typed (every CSV cell), or a spreadsheet cell. */
export type RawCell = string | SpreadsheetCell;

export type SpreadsheetCell =
  /** A number as the file stores it: decimal point, maybe an exponent ("1234.56", "1E+21"). */
  | { readonly kind: 'number'; readonly text: string }
  /** A formula (also a shared or array formula, or a cell its array fills): its stored result is not trusted. */
  | { readonly kind: 'formula' }
  /** An error value such as #REF! or #N/A. */
  | { readonly kind: 'error'; readonly text: string }
  | { readonly kind: 'boolean'; readonly value: boolean }
  /** A number formatted as a date, or a date cell: the date as YYYY-MM-DD (and time, if any). */
  | { readonly kind: 'date'; readonly text: string };

export type CellReading<T> = { readonly value: T } | { readonly problem: Said };

/** How one column reads its cells. Every problem says what is wrong and what to write instead. */
export interface CellType<T> {
  /** What the column expects, to end a message: "a year like 2028". */
  readonly expected: Said;
  /** Amount columns: besides every cell, their sum over the file must fit the database. */
  readonly money?: boolean;
  /** The value of an empty cell; when absent, an empty cell is refused. */
  readonly ifEmpty?: T;
  /** Reads trimmed, non-empty text. */
  fromText(text: string): CellReading<T>;
  /** Reads a spreadsheet number; by default its plain decimal text goes through fromText. */
  fromNumber?(numberText: string): CellReading<T>;
}

/** Longest text a text cell may hold: names and codes, not prose. */
export const MAX_TEXT_LENGTH = 200;

// PostgreSQL text cannot hold NUL, and other control characters in a name are always a paste accident.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Text with its runs of white space (line ends too) made one space. */
export function textCell(options: { readonly expected: Said; readonly ifEmpty?: string; readonly maxLength?: number }): CellType<string> {
  const maxLength = options.maxLength ?? MAX_TEXT_LENGTH;
  return {
    expected: options.expected,
    ...(options.ifEmpty !== undefined ? { ifEmpty: options.ifEmpty } : {}),
    fromText(text) {
      if (CONTROL.test(text)) return problem('holds a control character (an invisible character from a paste); retype the text', 'bevat een stuurteken (een onzichtbaar teken uit het plakken); typ de tekst opnieuw');
      const value = text.replace(/\s+/gu, ' ');
      if (value.length > maxLength) return problem(`is longer than ${maxLength} characters; give ${options.expected.en}`, `is langer dan ${maxLength} tekens; geef ${options.expected.nl}`);
      return { value };
    },
  };
}

/** A whole year within [min, max]: anything else is almost certainly a typo or a date. */
export function yearCell(min: number, max: number): CellType<number> {
  const expected = { en: `a year like ${Math.min(Math.max(2028, min), max)}`, nl: `een jaar zoals ${Math.min(Math.max(2028, min), max)}` };
  return {
    expected,
    fromText(text) {
      if (!/^\d{1,6}$/.test(text)) return problem(`"${text}" is not ${expected.en}`, `"${text}" is geen ${expected.nl}`);
      const year = Number(text);
      if (year < min || year > max) return problem(`year ${year} is outside ${min}–${max}; is it a typo?`, `jaar ${year} ligt buiten ${min}–${max}; is het een tikfout?`);
      return { value: year };
    },
  };
}

export interface AmountOptions {
  /** When given, negative amounts are refused with this reason ("budget amounts are zero or more"). */
  readonly nonNegative?: Said;
}

/** Euros with at most two decimals, in Dutch or English notation (see readEuros). */
export function eurosCell(options: AmountOptions = {}): CellType<Cents> {
  return {
    expected: { en: 'an amount in euros like 1234,56', nl: 'een bedrag in euro zoals 1234,56' },
    money: true,
    fromText: (text) => amount(readEuros(text), text, options),
    fromNumber: (text) => amount(readEurosFromNumber(text), plainNumber(text), options),
  };
}

/** Whole cents, digits only. */
export function centsCell(options: AmountOptions = {}): CellType<Cents> {
  return {
    expected: { en: 'whole cents like 123456', nl: 'hele centen zoals 123456' },
    money: true,
    fromText: (text) => amount(readCents(text), text, options),
    fromNumber: (text) => amount(readCentsFromNumber(text), plainNumber(text), options),
  };
}

/** A value from a list (a municipality, a provider), found by its code or name. */
export function codeCell<T>(options: { readonly expected: Said; find(text: string): T | undefined; unknown(text: string): Said }): CellType<T> {
  return {
    expected: options.expected,
    fromText(text) {
      const value = options.find(text);
      return value === undefined ? { problem: options.unknown(text) } : { value };
    },
  };
}

function amount(reading: AmountReading, shown: string, options: AmountOptions): CellReading<Cents> {
  if ('problem' in reading) return reading;
  if (options.nonNegative && reading.cents < 0n) {
    return problem(`${shown} is negative; ${options.nonNegative.en}`, `${shown} is negatief; ${options.nonNegative.nl}`);
  }
  return { value: reading.cents };
}

function problem(en: string, nl: string): { problem: Said } {
  return { problem: { en, nl } };
}

/** "C5": the spreadsheet's name of a cell (column 1 = A). */
export function cellName(column: number, row: number): string {
  return `${columnLetters(column)}${row}`;
}

/** 1 → A, 27 → AA. */
export function columnLetters(column: number): string {
  let n = column;
  let letters = '';
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/**
 * Reads one cell with a column type: a formula, an error, a yes/no value or a date is refused
 * whatever the column, naming the cell when the file has cell names (spreadsheets).
 */
export function readCell<T>(type: CellType<T>, raw: RawCell | undefined, cell: string | undefined): CellReading<T> {
  const at = cell === undefined ? { en: 'the cell', nl: 'de cel' } : { en: `cell ${cell}`, nl: `cel ${cell}` };
  if (raw === undefined || typeof raw === 'string') {
    const text = (raw ?? '').trim();
    if (text === '') return type.ifEmpty !== undefined ? { value: type.ifEmpty } : problem(`${at.en} is empty; give ${type.expected.en}`, `${at.nl} is leeg; geef ${type.expected.nl}`);
    return type.fromText(text);
  }
  switch (raw.kind) {
    case 'number':
      return type.fromNumber ? type.fromNumber(raw.text) : type.fromText(plainNumber(raw.text));
    case 'formula':
      return problem(`${at.en} holds a formula: paste values (a formula's saved result can be out of date)`, `${at.nl} bevat een formule: plak de waarden (de bewaarde uitkomst van een formule kan verouderd zijn)`);
    case 'error':
      return problem(`${at.en} holds the error ${raw.text}: correct it and paste values`, `${at.nl} bevat de fout ${raw.text}: verbeter die en plak de waarden`);
    case 'boolean':
      return problem(`${at.en} holds ${raw.value ? 'TRUE' : 'FALSE'} (a yes/no value); give ${type.expected.en}`, `${at.nl} bevat ${raw.value ? 'WAAR' : 'ONWAAR'} (een ja/nee-waarde); geef ${type.expected.nl}`);
    case 'date':
      return problem(`${at.en} holds a date (${raw.text}); give ${type.expected.en} and format the cell as a number or text`, `${at.nl} bevat een datum (${raw.text}); geef ${type.expected.nl} en maak de cel getal of tekst`);
  }
}

/** True when a cell holds nothing a person would see as a value. */
export function isBlank(raw: RawCell | undefined): boolean {
  return raw === undefined || (typeof raw === 'string' && raw.trim() === '');
}

/** A header cell's text; undefined when it is not text a header can be (a formula, an error). */
export function headerText(raw: RawCell | undefined): string | undefined {
  if (raw === undefined) return '';
  if (typeof raw === 'string') return raw;
  if (raw.kind === 'number') return plainNumber(raw.text);
  if (raw.kind === 'date') return raw.text;
  if (raw.kind === 'boolean') return raw.value ? 'TRUE' : 'FALSE';
  return undefined;
}
