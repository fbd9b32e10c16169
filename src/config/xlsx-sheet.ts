// The rows of one worksheet of an .xlsx workbook, read as its XML streams by: every cell becomes
// text, a number as stored, or a formula, error, yes/no value or date, for the table import to judge.
import { cellName, type RawCell, type Said, type SpreadsheetCell } from '../domain/table-cells.ts';
import type { RowSink } from '../domain/table-import.ts';
import { XmlError, XmlScanner, type XmlHandler } from './xml-scanner.ts';

/** A spreadsheet has at most 16,384 columns (XFD). */
const MAX_COLUMNS = 16_384;

/** A problem with the workbook as a file; `row` when it is at a row of the sheet. */
export class WorkbookError extends Error {
  constructor(
    readonly said: Said,
    readonly row?: number,
    readonly sheet?: string,
  ) {
    super(said.en);
    this.name = 'WorkbookError';
  }
}

/** Spreadsheet text escapes characters XML cannot hold as _xHHHH_ (and a literal "_x" as _x005F_x). */
export function unescapeOoxml(text: string): string {
  if (!text.includes('_x')) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_whole, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

export interface SheetContext {
  readonly shared: readonly string[];
  readonly dateStyles: readonly boolean[];
  readonly date1904: boolean;
  readonly maxRows: number;
  readonly sheet: string;
}

interface Range {
  readonly r1: number;
  readonly c1: number;
  readonly r2: number;
  readonly c2: number;
}

interface CellBeingRead {
  readonly col: number;
  /** The cell's t attribute: s (shared string), str, inlineStr, b, e, d, or n (a number). */
  readonly type: string;
  readonly style: number;
  formula: boolean;
  value?: string;
  inline?: string;
}

/** Turns the sheet's XML into rows of cells for the sink, one row at a time. */
export class SheetReader {
  readonly #sink: RowSink;
  readonly #ctx: SheetContext;
  #inData = false;
  #row = 0;
  #cells: (RawCell | undefined)[] = [];
  #col = 0;
  #cell: CellBeingRead | undefined;
  /** Where text goes: the cell's <v>, or the <t> of an inline string. */
  #capture: 'value' | 'inline' | undefined;
  #phonetic = 0;
  /** Ranges filled by array formulas (and data tables) of rows not yet passed. */
  #arrays: Range[] = [];

  constructor(sink: RowSink, ctx: SheetContext) {
    this.#sink = sink;
    this.#ctx = ctx;
  }

  scanner(): XmlScanner {
    const handler: XmlHandler = {
      open: (name, a, empty) => this.#open(name, a, empty),
      close: (name) => this.#close(name),
      text: (text) => this.#text(text),
    };
    return new XmlScanner(handler);
  }

  #open(name: string, a: Readonly<Record<string, string>>, empty: boolean): void {
    if (name === 'sheetData') this.#inData = !empty;
    if (!this.#inData) return;
    switch (name) {
      case 'row': {
        this.#row = a.r !== undefined ? positive(a.r, 'row number') : this.#row + 1;
        this.#cells = [];
        this.#col = 0;
        this.#arrays = this.#arrays.filter((r) => r.r2 >= this.#row);
        if (empty) this.#endRow();
        break;
      }
      case 'c': {
        const col = a.r !== undefined ? reference(a.r).col : this.#col + 1;
        this.#col = col;
        this.#cell = { col, type: a.t ?? 'n', style: a.s !== undefined ? Number(a.s) : 0, formula: false };
        if (empty) this.#endCell();
        break;
      }
      case 'f':
        if (!this.#cell) break;
        this.#cell.formula = true;
        if ((a.t === 'array' || a.t === 'dataTable') && a.ref) this.#arrays.push(range(a.ref));
        break;
      case 'v':
        if (this.#cell && !empty) {
          this.#cell.value = '';
          this.#capture = 'value';
        }
        break;
      case 'is':
        if (this.#cell) this.#cell.inline = '';
        break;
      case 'rPh':
        if (!empty) this.#phonetic++;
        break;
      case 't':
        if (this.#cell?.inline !== undefined && !empty && this.#phonetic === 0) this.#capture = 'inline';
        break;
    }
  }

  #close(name: string): void {
    if (name === 'sheetData') this.#inData = false;
    if (!this.#inData) return;
    switch (name) {
      case 'v':
      case 't':
        this.#capture = undefined;
        break;
      case 'rPh':
        this.#phonetic--;
        break;
      case 'c':
        this.#endCell();
        break;
      case 'row':
        this.#endRow();
        break;
    }
  }

  #text(text: string): void {
    if (!this.#cell || this.#capture === undefined) return;
    if (this.#capture === 'value') this.#cell.value += text;
    else this.#cell.inline += text;
  }

  #endCell(): void {
    const c = this.#cell;
    this.#cell = undefined;
    this.#capture = undefined;
    if (!c) return;
    if (c.col > MAX_COLUMNS) throw new XmlError(`a cell lies beyond column XFD (column ${c.col})`);
    const value = this.#valueOf(c);
    if (value !== undefined) this.#cells[c.col - 1] = value;
  }

  #valueOf(c: CellBeingRead): RawCell | undefined {
    if (c.formula || this.#arrays.some((r) => this.#row >= r.r1 && this.#row <= r.r2 && c.col >= r.c1 && c.col <= r.c2)) return FORMULA;
    switch (c.type) {
      case 's': {
        if (c.value === undefined) return undefined;
        const text = this.#ctx.shared[Number(c.value)];
        if (!/^\d+$/.test(c.value.trim()) || text === undefined) throw new XmlError(`cell ${cellName(c.col, this.#row)} refers to shared string ${c.value}, which does not exist`);
        return text;
      }
      case 'inlineStr':
        return c.inline === undefined ? undefined : unescapeOoxml(c.inline);
      case 'str':
        return c.value === undefined ? undefined : unescapeOoxml(c.value);
      case 'b':
        return c.value === undefined ? undefined : ({ kind: 'boolean', value: c.value.trim() === '1' || c.value.trim() === 'true' } satisfies SpreadsheetCell);
      case 'e':
        return { kind: 'error', text: (c.value ?? '').trim() || '#ERROR' };
      case 'd':
        return c.value === undefined ? undefined : { kind: 'date', text: c.value.trim().replace(/T00:00:00(\.0+)?Z?$/, '') };
      default: {
        if (c.value === undefined || c.value.trim() === '') return undefined;
        const text = c.value.trim();
        if (this.#ctx.dateStyles[c.style]) return { kind: 'date', text: serialDate(Number(text), this.#ctx.date1904) };
        return { kind: 'number', text };
      }
    }
  }

  #endRow(): void {
    const cells = this.#cells;
    this.#cells = [];
    if (cells.length === 0) return;
    if (this.#row > this.#ctx.maxRows + 1) {
      throw new WorkbookError(
        {
          en: `the sheet has values below row ${this.#ctx.maxRows + 1}; an import takes at most ${this.#ctx.maxRows.toLocaleString('en')} rows under the header: split the table over several files`,
          nl: `het blad heeft waarden onder rij ${this.#ctx.maxRows + 1}; een import neemt hoogstens ${this.#ctx.maxRows.toLocaleString('nl')} rijen onder de kopregel: verdeel de tabel over meer bestanden`,
        },
        this.#row,
        this.#ctx.sheet,
      );
    }
    this.#sink.add(this.#row, cells);
  }
}

const FORMULA: SpreadsheetCell = Object.freeze({ kind: 'formula' });

function positive(text: string, what: string): number {
  if (!/^\d{1,7}$/.test(text) || Number(text) < 1) throw new XmlError(`${what} "${text}" is not a positive whole number`);
  return Number(text);
}

/** "C5" → column 3, row 5. */
function reference(ref: string): { col: number; row: number } {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(ref.trim());
  if (!m) throw new XmlError(`cell reference "${ref}" is not like C5`);
  let col = 0;
  for (const ch of m[1]!.toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { col, row: Number(m[2]) };
}

function range(ref: string): Range {
  const [from, to = from] = ref.split(':') as [string, string?];
  const a = reference(from);
  const b = reference(to);
  return { r1: Math.min(a.row, b.row), c1: Math.min(a.col, b.col), r2: Math.max(a.row, b.row), c2: Math.max(a.col, b.col) };
}

/** A spreadsheet date serial as YYYY-MM-DD (with the time when it has one). */
export function serialDate(serial: number, date1904: boolean): string {
  if (!Number.isFinite(serial)) return String(serial);
  // The 1900 system counts from 1899-12-30 (Excel's day 60 is the non-existent 1900-02-29).
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  const ms = Math.round(serial * 86_400_000);
  const d = new Date(epoch + ms);
  if (Number.isNaN(d.getTime())) return String(serial);
  const iso = d.toISOString();
  return ms % 86_400_000 === 0 ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}
