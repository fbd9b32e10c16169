// One way to import a table (CSV or spreadsheet) for every import Jeugdregie has: budgets, the
// year-end costs, and the providers' reports to come. An import is a column spec (names, aliases,
// required or optional, cell type) plus uniqueness and a few rules of its own; this module reads the
// header, reads every row as it arrives (so a file never has to be held whole), and collects every
// problem with its file, sheet, row and column. All or nothing: a table with any problem gives
// problems and no value.
import { Refusal, type Where } from './errors.ts';
import { fitsInDatabase, type Cents } from './money.ts';
import { cellName, columnLetters, headerText, isBlank, readCell, type CellType, type RawCell, type Said } from './table-cells.ts';

export interface ColumnForm<T> {
  /** Header names, compared without case, with spaces and hyphens as "_"; the first is the one shown. */
  readonly names: readonly string[];
  readonly type: CellType<T>;
}

export interface ColumnSpec<T> {
  /** The ways a file can give this column; a file gives at most one of them. */
  readonly forms: readonly ColumnForm<T>[];
  /** The value of every row when the file has no such column; without it the column is required. */
  readonly absent?: { readonly value: T };
}

export function form<T>(names: string | readonly string[], type: CellType<T>): ColumnForm<T> {
  return { names: typeof names === 'string' ? [names] : names, type };
}

export function required<T>(names: string | readonly string[], type: CellType<T>): ColumnSpec<T> {
  return { forms: [form(names, type)] };
}

export function optional<T>(names: string | readonly string[], type: CellType<T>, absent: T): ColumnSpec<T> {
  return { forms: [form(names, type)], absent: { value: absent } };
}

/** A required column that can be given in one of several forms (amount in euros or in cents). */
export function oneOf<T>(...forms: readonly ColumnForm<T>[]): ColumnSpec<T> {
  return { forms };
}

/** Rows that must not share a key: the later row is refused, naming both. */
export interface UniqueRule<V> {
  /** Checked on every row where these columns were read. */
  readonly columns: readonly (keyof V & string)[];
  key(values: V): string;
  /** "Amsterdam 2028 line HSJH" */
  describe(values: V): Said;
  /** "give each year, municipality and line once" */
  readonly advice: Said;
}

export interface TableSpec<V extends object> {
  readonly columns: { readonly [K in keyof V]: ColumnSpec<V[K]> };
  readonly unique?: readonly UniqueRule<V>[];
}

export interface TablePlace {
  readonly file: string;
  /** The worksheet read, for spreadsheets. */
  readonly sheet?: string;
}

/** A data row with what could be read of it; rules use what they need and skip what is missing. */
export interface TableRow<V> {
  readonly row: number;
  readonly values: Partial<V>;
  /** Every column was read without a problem. */
  readonly complete: boolean;
}

export interface TableProblem {
  readonly where: Where;
  readonly said: Said;
}

export type ImportResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problems: readonly TableProblem[]; readonly count: number };

/** Problems kept to show; beyond this a file is wrong throughout, and the rest are counted only. */
export const MAX_PROBLEMS_SHOWN = 1000;

/** Where a reader sends a table's rows, in file order; the first row that is not blank is the header. */
export interface RowSink {
  add(row: number, cells: readonly (RawCell | undefined)[]): void;
}

/** An import: rows go in as the file is read, and at the end all of it is judged at once. */
export interface TableImport<T> extends RowSink {
  finish(): ImportResult<T>;
}

/** Feeds rows of cells to a sink, numbered from `firstRow` (a table that is already in memory). */
export function feedRows(sink: RowSink, rows: readonly (readonly (RawCell | undefined)[])[], firstRow = 1): void {
  rows.forEach((cells, i) => sink.add(firstRow + i, cells));
}

interface BoundColumn<V> {
  readonly key: keyof V & string;
  readonly form: ColumnForm<unknown>;
  readonly index: number;
  /** The header as the file writes it. */
  readonly name: string;
}

interface KeptProblem extends TableProblem {
  readonly row: number;
  readonly column: number;
}

export function normaliseHeader(name: string): string {
  return name.trim().toLowerCase().replace(/[\s\-]+/gu, '_');
}

export class TableCheck<V extends object> implements RowSink {
  readonly #spec: TableSpec<V>;
  readonly #place: TablePlace;
  #headerRow: number | undefined;
  #bound: BoundColumn<V>[] = [];
  /** Columns of the header that are read or refused as a whole; other columns must stay empty. */
  #named = new Set<number>();
  #unnamedReported = new Set<number>();
  #rows: TableRow<V>[] = [];
  #problems: KeptProblem[] = [];
  #count = 0;
  #firstRowOf: Map<string, number>[];
  #sums = new Map<string, Cents>();
  #sumReported = new Set<string>();

  constructor(spec: TableSpec<V>, place: TablePlace) {
    this.#spec = spec;
    this.#place = place;
    this.#firstRowOf = (spec.unique ?? []).map(() => new Map());
  }

  get place(): TablePlace {
    return this.#place;
  }

  add(row: number, cells: readonly (RawCell | undefined)[]): void {
    if (cells.every(isBlank)) return;
    if (this.#headerRow === undefined) this.#readHeader(row, cells);
    else this.#readRow(row, cells);
  }

  /** Ends the table: reports an empty file or a header without rows, and gives every data row. */
  end(): readonly TableRow<V>[] {
    if (this.#headerRow === undefined) {
      this.#report(undefined, -1, undefined, {
        en: `the file holds no table; expected a header row with ${this.#columnsText('en')}, and rows under it`,
        nl: `het bestand bevat geen tabel; verwacht een kopregel met ${this.#columnsText('nl')}, en rijen daaronder`,
      });
    } else if (this.#rows.length === 0) {
      this.#report(this.#headerRow, -1, undefined, { en: 'the file has a header but no rows under it; add the rows to import', nl: 'het bestand heeft een kopregel maar geen rijen daaronder; voeg de rijen toe' });
    }
    return this.#rows;
  }

  /** A problem found by an import's own rule, at a row (or the file) and a column of the spec. */
  report(row: number | undefined, key: (keyof V & string) | undefined, said: Said): void {
    const bound = key === undefined ? undefined : this.#bound.find((b) => b.key === key);
    const column = key === undefined ? undefined : (bound?.name ?? this.#spec.columns[key].forms[0]!.names[0]!);
    this.#report(row, bound?.index ?? -1, column, said);
  }

  /** All or nothing: the value made from the rows when no problem was found, else the problems. */
  result<T>(make: (rows: readonly V[]) => T): ImportResult<T> {
    if (this.#count > 0) {
      const problems = [...this.#problems].sort((a, b) => a.row - b.row || a.column - b.column).map(({ where, said }) => ({ where, said }));
      return { ok: false, problems, count: this.#count };
    }
    return { ok: true, value: make(this.#rows.map((r) => r.values as V)) };
  }

  #readHeader(row: number, cells: readonly (RawCell | undefined)[]): void {
    this.#headerRow = row;
    const keys = Object.keys(this.#spec.columns) as (keyof V & string)[];
    cells.forEach((raw, index) => {
      const text = headerText(raw);
      if (text === undefined) {
        this.#named.add(index);
        const at = this.#cellAt(index, row);
        this.#report(row, index, this.#columnRef(index), { en: `${at.en} holds a formula or an error, not a column name: type the name`, nl: `${at.nl} bevat een formule of fout, geen kolomnaam: typ de naam` });
        return;
      }
      const name = text.trim();
      if (name === '') return;
      this.#named.add(index);
      const wanted = normaliseHeader(name);
      for (const key of keys) {
        const match = this.#spec.columns[key].forms.find((f) => f.names.some((n) => normaliseHeader(n) === wanted));
        if (!match) continue;
        const earlier = this.#bound.find((b) => b.key === key);
        if (earlier) {
          const same = earlier.form === match;
          this.#report(row, index, name, {
            en: same
              ? `column "${name}" appears twice in the header (columns ${this.#columnRef(earlier.index)} and ${this.#columnRef(index)}); delete one`
              : `columns "${earlier.name}" and "${name}" both give ${key}; keep one of them`,
            nl: same
              ? `kolom "${name}" staat twee keer in de kopregel (kolommen ${this.#columnRef(earlier.index)} en ${this.#columnRef(index)}); verwijder er één`
              : `de kolommen "${earlier.name}" en "${name}" geven allebei ${key}; houd er één van`,
          });
        } else {
          this.#bound.push({ key, form: match as ColumnForm<unknown>, index, name });
        }
        return;
      }
      this.#report(row, index, name, {
        en: `unknown column "${name}"; the columns are ${this.#columnsText('en')}: rename or delete it`,
        nl: `onbekende kolom "${name}"; de kolommen zijn ${this.#columnsText('nl')}: hernoem of verwijder hem`,
      });
    });
    for (const key of keys) {
      const spec = this.#spec.columns[key];
      if (spec.absent || this.#bound.some((b) => b.key === key)) continue;
      const names = spec.forms.map((f) => `"${f.names[0]}"`);
      // After the columns the header does have, which a reader meets first.
      this.#report(row, Number.MAX_SAFE_INTEGER, spec.forms[0]!.names[0]!, {
        en: `required column ${names.join(' or ')} is missing; the columns are ${this.#columnsText('en')}`,
        nl: `verplichte kolom ${names.join(' of ')} ontbreekt; de kolommen zijn ${this.#columnsText('nl')}`,
      });
    }
  }

  #readRow(row: number, cells: readonly (RawCell | undefined)[]): void {
    cells.forEach((raw, index) => {
      if (this.#named.has(index) || this.#unnamedReported.has(index) || isBlank(raw)) return;
      this.#unnamedReported.add(index);
      const ref = this.#columnRef(index);
      this.#report(row, index, ref, {
        en: `column ${ref} has no header but holds a value from this row on; add a header or delete the column`,
        nl: `kolom ${ref} heeft geen kop maar bevat een waarde vanaf deze rij; geef de kolom een kop of verwijder hem`,
      });
    });
    const values: Partial<V> = {};
    let complete = true;
    for (const b of this.#bound) {
      const reading = readCell(b.form.type, cells[b.index], this.#place.sheet === undefined ? undefined : cellName(b.index + 1, row));
      if ('problem' in reading) {
        this.#report(row, b.index, b.name, reading.problem);
        complete = false;
        continue;
      }
      (values as Record<string, unknown>)[b.key] = reading.value;
      // An amount column whose cells may stay empty reads an empty cell as null: nothing to add.
      if (b.form.type.money && typeof reading.value === 'bigint') this.#addToSum(row, b, reading.value);
    }
    for (const key of Object.keys(this.#spec.columns) as (keyof V & string)[]) {
      if (this.#bound.some((b) => b.key === key)) continue;
      const absent = this.#spec.columns[key].absent;
      if (absent) (values as Record<string, unknown>)[key] = absent.value;
      else complete = false;
    }
    this.#checkUnique(row, values);
    this.#rows.push({ row, values, complete });
  }

  #checkUnique(row: number, values: Partial<V>): void {
    (this.#spec.unique ?? []).forEach((rule, i) => {
      if (rule.columns.some((c) => values[c] === undefined)) return;
      const key = rule.key(values as V);
      const firstRows = this.#firstRowOf[i]!;
      const first = firstRows.get(key);
      if (first === undefined) {
        firstRows.set(key, row);
        return;
      }
      const what = rule.describe(values as V);
      // Point at a column the file has: a key column it leaves out takes its value from elsewhere.
      const column = [...rule.columns].reverse().find((c) => this.#bound.some((b) => b.key === c)) ?? rule.columns.at(-1);
      this.report(row, column, {
        en: `${what.en} is given twice, on rows ${first} and ${row}; ${rule.advice.en}`,
        nl: `${what.nl} staat er twee keer in, op rij ${first} en ${row}; ${rule.advice.nl}`,
      });
    });
  }

  /** Every amount fits the database; so must the column's sum, which the ledger adds up. */
  #addToSum(row: number, b: BoundColumn<V>, value: Cents): void {
    const sum = (this.#sums.get(b.key) ?? 0n) + value;
    this.#sums.set(b.key, sum);
    if (fitsInDatabase(sum) || this.#sumReported.has(b.key)) return;
    this.#sumReported.add(b.key);
    this.#report(row, b.index, b.name, {
      en: 'by this row the amounts of this column add up to more than Jeugdregie can hold (92.233.720.368.547.758,07 euro); check the amounts',
      nl: 'tot en met deze rij tellen de bedragen van deze kolom op tot meer dan Jeugdregie kan bewaren (92.233.720.368.547.758,07 euro); controleer de bedragen',
    });
  }

  #report(row: number | undefined, column: number, name: string | undefined, said: Said): void {
    this.#count++;
    if (this.#problems.length >= MAX_PROBLEMS_SHOWN) return;
    const where: Where = {
      file: this.#place.file,
      ...(this.#place.sheet !== undefined ? { sheet: this.#place.sheet } : {}),
      ...(row !== undefined ? { row } : {}),
      ...(name !== undefined ? { column: name } : {}),
    };
    this.#problems.push({ where, said, row: row ?? 0, column });
  }

  /** A column without a (usable) header: its letter in a spreadsheet, its number in a CSV file. */
  #columnRef(index: number): string {
    return this.#place.sheet === undefined ? String(index + 1) : columnLetters(index + 1);
  }

  #cellAt(index: number, row: number): Said {
    if (this.#place.sheet === undefined) return { en: 'the cell', nl: 'de cel' };
    const cell = cellName(index + 1, row);
    return { en: `cell ${cell}`, nl: `cel ${cell}` };
  }

  /** "year/jaar, municipality/gemeente, line/regel (optional) and amount_eur/bedrag_eur or amount_cents/bedrag_centen" */
  #columnsText(lang: 'en' | 'nl'): string {
    const parts = (Object.values(this.#spec.columns) as ColumnSpec<unknown>[]).map((c) => {
      const forms = c.forms.map((f) => f.names.join('/')).join(lang === 'en' ? ' or ' : ' of ');
      return c.absent ? `${forms} (${lang === 'en' ? 'optional' : 'mag ontbreken'})` : forms;
    });
    const last = parts.pop()!;
    return parts.length === 0 ? last : `${parts.join(', ')} ${lang === 'en' ? 'and' : 'en'} ${last}`;
  }
}

/** The refusal of a table with problems: one line for the file, then one per problem. */
export function tableRefusal(place: TablePlace, problems: readonly TableProblem[], count: number, action: 'imported' | 'settled' | 'submitted'): Refusal {
  const lines = problems.map((p) => new Refusal('PROBLEM', p.said, p.where));
  if (count > problems.length) {
    const more = count - problems.length;
    lines.push(new Refusal('PROBLEM', { en: `… and ${more} more problem(s) not shown; correct these first`, nl: `… en nog ${more} probleem/problemen die niet getoond zijn; verbeter eerst deze` }, { file: place.file }));
  }
  return Refusal.withProblems(lines, 'IMPORT_REFUSED', { file: place.file, count, action });
}
