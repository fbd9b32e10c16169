// Every table of the application as a file, with the filters in it [issue 13 "every table exportable
// to CSV and XLSX with the filters in the file"]. The rows come from the same use case as the table's
// JSON route, read with the viewer (src/api/routes/exports.ts), so scope and disclosure are the
// domain's, not this file's; here they are only written down, and the export is audited.
//
// CSV (docs/decisions.md §43): for Dutch Excel — UTF-8 with a byte order mark (so Excel reads é and € right),
// ";" between fields (Dutch Excel's list separator), CRLF line ends, a decimal comma and no thousands
// separator in numbers, amounts in euros with two decimals. The filters come first, one "label;value"
// line each, then an empty line, then the table with its header. A text that Excel would take for a
// formula (= + - @ at its start) gets a leading apostrophe. XLSX: the table on sheet "Gegevens"
// (header bold, numbers as numbers, amounts in euros with two decimals), the filters on "Filters".
// In both, a hidden value (null: a count that could tell 1 to 4 young people) is an empty cell, and
// the filters say so.
import ExcelJS from 'exceljs';
import { ROLE_NAMES, scopeCode, type Viewer } from '../domain/access/viewer.ts';
import { moneyRules } from '../domain/region.ts';
import { audit } from './accounts.ts';
import type { Workspace } from './workspace.ts';

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** How a column's values are written: text, whole numbers, decimals, euro cents as euros, yes/no. */
export type CellKind = 'text' | 'integer' | 'decimal' | 'money' | 'flag';
export interface ExportColumn {
  readonly key: string;
  /** The column's heading (Dutch). */
  readonly heading: string;
  readonly kind: CellKind;
}
/** A cell as the JSON route has it: money as cents (bigint or a string of digits), decimals as numbers or strings. */
export type ExportValue = string | number | bigint | boolean | null | undefined;
export type ExportRow = Readonly<Record<string, ExportValue>>;

export interface ExportTable {
  /** The table's name in the URL and the file name (reach, lumpsums …). */
  readonly name: string;
  /** Its title (Dutch). */
  readonly title: string;
  readonly columns: readonly ExportColumn[];
  readonly rows: readonly ExportRow[];
  /** What was asked and what the figures cover, in Dutch, in order: [label, value]. */
  readonly filters: readonly (readonly [string, string])[];
  /** The period or year the file is for, in its name. */
  readonly fileTag: string;
  /** The query as asked, for the audit log. */
  readonly query: Readonly<Record<string, unknown>>;
  /** What an empty cell in a number column means here, when the table can have one. */
  readonly hiddenNote?: string;
}

export interface ExportFile {
  readonly body: Buffer;
  readonly contentType: string;
  readonly filename: string;
  readonly rows: number;
}

export const CONTENT_TYPES: Readonly<Record<ExportFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

const NUMERIC: ReadonlySet<CellKind> = new Set(['integer', 'decimal', 'money']);

/** "1234567,89" from cents (exact: no floating point on the way). */
export function eurosText(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  return `${negative ? '-' : ''}${abs / 100n},${(abs % 100n).toString().padStart(2, '0')}`;
}

const centsOf = (v: ExportValue): bigint => (typeof v === 'bigint' ? v : BigInt(String(v)));

/** Empty cells of number columns: hidden values. */
function hiddenCells(table: ExportTable): number {
  const numeric = table.columns.filter((c) => NUMERIC.has(c.kind));
  return table.rows.reduce((n, r) => n + numeric.filter((c) => r[c.key] === null).length, 0);
}

/** The filter block: what was asked, by whom, when, and how to read the cells. */
function filterLines(viewer: Viewer, ws: Workspace, table: ExportTable, format: ExportFormat): [string, string][] {
  const timeZone = moneyRules(ws.region).timeZone;
  // sv-SE writes a date and time as 2028-03-01 14:05:09.
  const at = new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'medium' }).format(ws.engine.now());
  const scope = scopeCode(viewer);
  const lines: [string, string][] = [['Tabel', table.title], ['Regio', ws.region.name], ...table.filters.map(([k, v]) => [k, v] as [string, string])];
  lines.push(['Geëxporteerd door', `${viewer.login}, rol ${ROLE_NAMES[viewer.role].nl}${scope ? ` ${scope}` : ''}`]);
  lines.push(['Geëxporteerd op', `${at} (${timeZone})`]);
  lines.push(['Rijen', String(table.rows.length)]);
  const hidden = hiddenCells(table);
  if (hidden > 0) lines.push(['Lege cellen', `${hidden} verborgen ${hidden === 1 ? 'waarde' : 'waarden'}: ${table.hiddenNote ?? 'niet getoond'}`]);
  if (table.columns.some((c) => c.kind === 'money')) lines.push(['Bedragen', "in euro's, met twee decimalen"]);
  if (format === 'csv') lines.push(['Bestand', 'CSV in UTF-8, velden gescheiden door een puntkomma, decimaalkomma; de tabel begint na de eerste lege regel']);
  return lines;
}

/** The file of a table for a viewer, written to the audit log as an export (who, table, format, filters). */
export async function exportFile(viewer: Viewer, ws: Workspace, table: ExportTable, format: ExportFormat): Promise<ExportFile> {
  const filters = filterLines(viewer, ws, table, format);
  const body = format === 'csv' ? csvFile(table, filters) : await xlsxFile(table, filters, ws.engine.now());
  const tag = table.fileTag.replace(/[^A-Za-z0-9._-]+/g, '_');
  await audit(ws, viewer, 'export', { table: table.name, format, filters: table.query, rows: table.rows.length });
  return { body, contentType: CONTENT_TYPES[format], filename: `jeugdregie-${table.name}-${tag}.${format}`, rows: table.rows.length };
}

// ---- CSV ----

const FORMULA_START = /^[=+\-@\t\r]/;

function csvField(text: string): string {
  return /[";\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvText(text: string): string {
  return csvField(FORMULA_START.test(text) ? `'${text}` : text);
}

function csvCell(kind: CellKind, v: ExportValue): string {
  if (v === null || v === undefined) return '';
  switch (kind) {
    case 'money':
      return eurosText(centsOf(v));
    case 'integer':
      return String(v);
    case 'decimal':
      return String(v).replace('.', ',');
    case 'flag':
      return v === true ? 'ja' : v === false ? 'nee' : csvText(String(v));
    default:
      return csvText(String(v));
  }
}

function csvFile(table: ExportTable, filters: readonly [string, string][]): Buffer {
  const lines = filters.map(([k, v]) => `${csvText(k)};${csvText(v)}`);
  lines.push('');
  lines.push(table.columns.map((c) => csvText(c.heading)).join(';'));
  for (const r of table.rows) lines.push(table.columns.map((c) => csvCell(c.kind, r[c.key])).join(';'));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

// ---- XLSX ----

const NUM_FMT: Partial<Record<CellKind, string>> = { integer: '0', money: '#,##0.00' };

function xlsxCell(kind: CellKind, v: ExportValue): string | number | null {
  if (v === null || v === undefined) return null;
  switch (kind) {
    case 'money': {
      // Euros as a spreadsheet number: the nearest double to cents / 100, shown with two decimals.
      const c = centsOf(v);
      return Number(c / 100n) + Number(c % 100n) / 100;
    }
    case 'integer':
    case 'decimal':
      return typeof v === 'number' ? v : Number(String(v));
    case 'flag':
      return v === true ? 'ja' : v === false ? 'nee' : String(v);
    default:
      return String(v);
  }
}

async function xlsxFile(table: ExportTable, filters: readonly [string, string][], now: Date): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Jeugdregie';
  wb.created = now;
  wb.modified = now;
  const data = wb.addWorksheet('Gegevens', { views: [{ state: 'frozen', ySplit: 1 }] });
  data.columns = table.columns.map((c) => ({ header: c.heading, key: c.key, width: Math.min(Math.max(c.heading.length + 2, c.kind === 'text' ? 14 : 12), 50) }));
  table.columns.forEach((c, i) => {
    const fmt = NUM_FMT[c.kind];
    if (fmt) data.getColumn(i + 1).numFmt = fmt;
  });
  data.getRow(1).font = { bold: true };
  for (const r of table.rows) data.addRow(table.columns.map((c) => xlsxCell(c.kind, r[c.key])));
  if (table.columns.length > 0) data.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };
  const sheet = wb.addWorksheet('Filters');
  sheet.columns = [
    { header: 'Filter', key: 'k', width: 24 },
    { header: 'Waarde', key: 'v', width: 80 },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const [k, v] of filters) sheet.addRow([k, v]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
