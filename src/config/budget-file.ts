// Reads an adopted-budget table from a file into raw rows for src/domain/budget-import.ts.
// Only reading happens here; every judgement about the contents is made by the pure validator, so
// the same rules apply whether the table came from a CSV, a spreadsheet or the API.
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
// exceljs takes ~350 ms and ~20 MB to load: only when a workbook is read (readXlsx).
import type ExcelJS from 'exceljs';
import { CsvError, parseCsvRecords } from '../domain/csv.ts';
import { unnamedColumnKey, type BudgetRow } from '../domain/budget-import.ts';

export class BudgetFileError extends Error {
  constructor(
    readonly file: string,
    readonly row: number | undefined,
    readonly reason: string,
  ) {
    super(`${file}${row === undefined ? '' : `, row ${row}`}: ${reason}`);
    this.name = 'BudgetFileError';
  }
}

/**
 * Rows of a `.csv` (UTF-8, optional BOM, ',' or ';' detected from the header) or `.xlsx` (first
 * worksheet) file. Row numbers are the file's own: the header is row 1, and a CSV record starts on
 * the line it is numbered by. Blank rows are left out. Every row carries every header, empty where
 * the file has no cell, so the validator sees the whole header even in a short row.
 */
export async function readBudgetFile(path: string): Promise<BudgetRow[]> {
  const ext = extname(path).toLowerCase();
  const file = basename(path);
  if (ext === '.csv') return readCsv(path, file);
  if (ext === '.xlsx') return readXlsx(path, file);
  throw new BudgetFileError(
    file,
    undefined,
    `cannot read "${ext || 'no extension'}" files; save the budget table as .csv (UTF-8) or .xlsx`,
  );
}

async function readCsv(path: string, file: string): Promise<BudgetRow[]> {
  const bytes = await readFile(path);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Older Dutch Excel versions save "CSV (puntkomma)" in Windows-1252; guessing the encoding would
    // silently corrupt names, so ask for UTF-8.
    throw new BudgetFileError(file, undefined, 'the file is not UTF-8 text; in Excel choose "CSV UTF-8" when saving');
  }
  let records;
  try {
    records = parseCsvRecords(text);
  } catch (e) {
    if (e instanceof CsvError) throw new BudgetFileError(file, e.line, e.reason);
    throw e;
  }
  const [header, ...data] = records;
  if (header === undefined) throw new BudgetFileError(file, undefined, 'the file is empty; expected a header row');
  return toRows(
    file,
    header.fields,
    data.map((r) => ({ row: r.line, values: r.fields })),
  );
}

async function readXlsx(path: string, file: string): Promise<BudgetRow[]> {
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.readFile(path);
  } catch (e) {
    throw new BudgetFileError(file, undefined, `cannot open as an Excel workbook (${e instanceof Error ? e.message : String(e)})`);
  }
  const sheet = workbook.worksheets[0];
  if (sheet === undefined) throw new BudgetFileError(file, undefined, 'the workbook has no worksheet');
  const lines: { row: number; values: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) values.push(cellText(row.getCell(c).value));
    lines.push({ row: rowNumber, values });
  });
  const header = lines[0];
  if (header === undefined || header.row !== 1) {
    throw new BudgetFileError(file, 1, 'the first worksheet must have its header in row 1');
  }
  return toRows(file, header.values, lines.slice(1));
}

function toRows(file: string, headerFields: readonly string[], data: readonly { row: number; values: readonly string[] }[]): BudgetRow[] {
  const width = data.reduce((w, d) => Math.max(w, d.values.length), headerFields.length);
  const keys: (string | undefined)[] = [];
  const used = new Map<string, number>();
  for (let c = 0; c < width; c++) {
    const name = (headerFields[c] ?? '').trim();
    if (name === '') {
      // A column without a header matters only if it holds something; Excel often carries empty ones.
      const holdsValues = data.some((d) => (d.values[c] ?? '').trim() !== '');
      keys.push(holdsValues ? unnamedColumnKey(c + 1) : undefined);
      continue;
    }
    const earlier = used.get(name);
    if (earlier !== undefined) {
      throw new BudgetFileError(file, 1, `column "${name}" appears twice in the header (columns ${earlier} and ${c + 1})`);
    }
    used.set(name, c + 1);
    keys.push(name);
  }
  const rows: BudgetRow[] = [];
  for (const d of data) {
    if (d.values.every((v) => v.trim() === '')) continue;
    const cells: Record<string, string> = {};
    keys.forEach((key, c) => {
      if (key !== undefined) cells[key] = d.values[c] ?? '';
    });
    rows.push({ row: d.row, cells });
  }
  return rows;
}

/**
 * Spreadsheet cell → the text a person sees, without rounding: a number with fractions of a cent
 * must reach the validator as such and be refused there, not be quietly rounded here.
 */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return cellText(value.result);
  if ('hyperlink' in value) return value.text;
  if ('error' in value) return value.error;
  return '';
}

/**
 * The shortest decimal that reads back as the same double (what Excel shows), written out without
 * exponent so "1e21" or "1e-7" do not look like text to the validator.
 */
export function numberText(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n)) return BigInt(n).toString();
  const text = String(n);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!m) return text;
  const digits = m[2]! + (m[3] ?? '');
  const exponent = Number(m[4]);
  // Only tiny numbers reach here (large ones are integers): 0.000…digits.
  return `${m[1]}0.${'0'.repeat(-exponent - 1)}${digits}`;
}
