// Checks an uploaded table of adopted budgets [DOMAIN.md §3; seed 003 §3.3.1, seed 000 §5.1] before
// anything is stored. All or nothing: every problem in the file is listed with its row and column,
// so a finance officer can fix the file in one go, and nothing is kept unless the file is clean.
import { MoneyFormatError, parseEuros, sum, type Cents } from './money.ts';
import type { AdoptedBudget, BudgetLine, Municipality, MunicipalityCode } from './region.ts';

/** Budget line used when the file has no `line` column or leaves it empty: the whole AJH task. */
export const DEFAULT_BUDGET_LINE = 'AJH';

export const BUDGET_COLUMNS = ['year', 'municipality', 'line', 'amount_cents', 'amount_eur'] as const;
export type BudgetColumn = (typeof BUDGET_COLUMNS)[number];

/** Plausible budget years; anything else is almost certainly a typo or a date cell. */
export const MIN_BUDGET_YEAR = 2000;
export const MAX_BUDGET_YEAR = 2100;

export interface BudgetRow {
  /** 1-based row in the file; the header is row 1. */
  readonly row: number;
  /** Cell text keyed by the header exactly as written in the file. */
  readonly cells: Readonly<Record<string, string>>;
}

export interface BudgetImportContext {
  readonly file: string;
  readonly municipalities: readonly Municipality[];
}

export interface BudgetImportProblem {
  readonly file: string;
  readonly row: number;
  /** The header as written in the file, or the expected column name when it is missing. */
  readonly column: string;
  readonly message: string;
}

export type BudgetImportResult =
  | { readonly ok: true; readonly budgets: AdoptedBudget[] }
  | { readonly ok: false; readonly problems: BudgetImportProblem[] };

/** Key a file reader gives to a column that holds values but has no header. */
export function unnamedColumnKey(columnNumber: number): string {
  return `(column ${columnNumber})`;
}
const UNNAMED_COLUMN = /^\(column \d+\)$/;

const HEADER_ROW = 1;
const ACCEPTED_COLUMNS_TEXT = 'year, municipality, line (optional) and one of amount_cents or amount_eur';

interface ParsedRow {
  readonly row: number;
  readonly year?: number;
  readonly municipality?: Municipality;
  readonly line: string;
  readonly amountCents?: Cents;
}

export function validateBudgetRows(rows: readonly BudgetRow[], ctx: BudgetImportContext): BudgetImportResult {
  const problems: BudgetImportProblem[] = [];
  const report = (row: number, column: string, message: string): void => {
    problems.push({ file: ctx.file, row, column, message });
  };

  const dataRows = rows.filter((r) => Object.values(r.cells).some((v) => v.trim() !== ''));
  if (dataRows.length === 0) {
    report(HEADER_ROW, '', 'the file holds no budget rows; expected a header row and at least one row of amounts');
    return { ok: false, problems };
  }

  const columns = readHeader(dataRows, report);
  const amountColumn = columns.amount_cents !== undefined && columns.amount_eur !== undefined ? undefined : (columns.amount_cents ?? columns.amount_eur);
  const amountIsCents = amountColumn !== undefined && amountColumn === columns.amount_cents;

  const parsed: ParsedRow[] = dataRows.map((r) => {
    const cell = (column: string | undefined): string | undefined => (column === undefined ? undefined : (r.cells[column] ?? '').trim());
    const yearText = cell(columns.year);
    const municipalityText = cell(columns.municipality);
    const lineText = cell(columns.line);
    const amountText = cell(amountColumn);

    let year: number | undefined;
    if (yearText !== undefined) {
      const result = parseYear(yearText);
      if (typeof result === 'string') report(r.row, columns.year!, result);
      else year = result;
    }
    let municipality: Municipality | undefined;
    if (municipalityText !== undefined) {
      municipality = findMunicipality(municipalityText, ctx.municipalities);
      if (municipality === undefined) report(r.row, columns.municipality!, unknownMunicipalityMessage(municipalityText, ctx.municipalities));
    }
    let amountCents: Cents | undefined;
    if (amountText !== undefined) {
      const result = amountIsCents ? parseCentsCell(amountText) : parseEuroCell(amountText);
      if (typeof result === 'string') report(r.row, amountColumn!, result);
      else amountCents = result;
    }
    const line = lineText === undefined || lineText === '' ? DEFAULT_BUDGET_LINE : lineText.replace(/\s+/g, ' ');
    return { row: r.row, year, municipality, line, amountCents };
  });

  checkDuplicates(parsed, columns.line ?? columns.municipality ?? 'municipality', report);
  checkContiguousYears(parsed, columns.year ?? 'year', report);
  checkPositiveTotals(parsed, amountColumn ?? 'amount_eur', report);

  if (problems.length > 0) {
    // Stable: header problems first, then row by row in the order the checks found them.
    return { ok: false, problems: problems.sort((a, b) => a.row - b.row) };
  }
  return { ok: true, budgets: groupBudgets(parsed) };
}

type Report = (row: number, column: string, message: string) => void;

/** Maps each accepted column to the header text used in the file, reporting unknown, doubled and missing ones. */
function readHeader(rows: readonly BudgetRow[], report: Report): Partial<Record<BudgetColumn, string>> {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    for (const key of Object.keys(r.cells)) {
      if (!seen.has(key)) {
        seen.add(key);
        keys.push(key);
      }
    }
  }
  const columns: Partial<Record<BudgetColumn, string>> = {};
  for (const key of keys) {
    if (UNNAMED_COLUMN.test(key)) {
      const firstUse = rows.find((r) => (r.cells[key] ?? '').trim() !== '');
      if (firstUse) report(firstUse.row, key, 'this cell is in a column without a header; add a header or delete the column');
      continue;
    }
    const name = key.trim().toLowerCase();
    if (!isBudgetColumn(name)) {
      report(HEADER_ROW, key, `unknown column "${key.trim()}"; accepted columns are ${ACCEPTED_COLUMNS_TEXT}`);
      continue;
    }
    const earlier = columns[name];
    if (earlier !== undefined) {
      report(HEADER_ROW, key, `column "${name}" appears twice in the header ("${earlier.trim()}" and "${key.trim()}")`);
      continue;
    }
    columns[name] = key;
  }
  for (const required of ['year', 'municipality'] as const) {
    if (columns[required] === undefined) report(HEADER_ROW, required, `required column "${required}" is missing; accepted columns are ${ACCEPTED_COLUMNS_TEXT}`);
  }
  if (columns.amount_cents === undefined && columns.amount_eur === undefined) {
    report(HEADER_ROW, 'amount_cents/amount_eur', 'required amount column is missing: add amount_eur (euros, like 6600000,00) or amount_cents (whole cents)');
  } else if (columns.amount_cents !== undefined && columns.amount_eur !== undefined) {
    report(HEADER_ROW, columns.amount_eur, 'give amounts in one column only, amount_cents or amount_eur, not both');
  }
  return columns;
}

function isBudgetColumn(name: string): name is BudgetColumn {
  return (BUDGET_COLUMNS as readonly string[]).includes(name);
}

function parseYear(text: string): number | string {
  if (text === '') return 'year is empty';
  if (!/^\d+$/.test(text)) return `year "${text}" is not a whole number like 2028`;
  const year = Number(text);
  if (year < MIN_BUDGET_YEAR || year > MAX_BUDGET_YEAR) {
    return `year ${text} is outside ${MIN_BUDGET_YEAR}–${MAX_BUDGET_YEAR}; is it a typo?`;
  }
  return year;
}

/**
 * A municipality is named by its CBS code or its name (case-insensitive). Codes are four digits, but
 * Excel drops leading zeros when it opens a CSV ("0363" → 363), so 1–4 digits are padded to four;
 * CBS's own "GM0363" notation is accepted too. Padding cannot pick a wrong municipality, because the
 * result must still be one of the region's codes.
 */
export function findMunicipality(text: string, municipalities: readonly Municipality[]): Municipality | undefined {
  const value = text.trim();
  const code = /^(?:GM)?(\d{1,4})$/i.exec(value);
  if (code) return municipalities.find((m) => m.code === code[1]!.padStart(4, '0'));
  const name = normaliseName(value);
  return municipalities.find((m) => normaliseName(m.name) === name);
}

function normaliseName(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

function unknownMunicipalityMessage(text: string, municipalities: readonly Municipality[]): string {
  if (text === '') return 'municipality is empty';
  const known = municipalities.map((m) => `${m.name} (${m.code})`).join(', ');
  return `unknown municipality "${text}"; use a CBS code or name of this region: ${known}`;
}

function parseCentsCell(text: string): Cents | string {
  if (text === '') return 'amount is empty';
  if (/^-\d+$/.test(text)) return `amount ${text} is negative; budget amounts must be zero or more`;
  if (/^\d+$/.test(text)) return BigInt(text);
  if (/^-?\d+[.,]\d+$/.test(text)) return `amount_cents "${text}" is not a whole number of cents; for euros use the amount_eur column`;
  return `amount_cents "${text}" is not a number; write whole cents like 660000000`;
}

/** Euros with at most two decimals, '.' or ',' as decimal mark; a leading "€" is tolerated because Excel adds it. */
function parseEuroCell(text: string): Cents | string {
  if (text === '') return 'amount is empty';
  const bare = text.replace(/^€\s*/, '');
  let cents: Cents;
  try {
    cents = parseEuros(bare);
  } catch (e) {
    if (!(e instanceof MoneyFormatError)) throw e;
    if (/^-?\d{1,3}([.,]\d{3})+([.,]\d{1,2})?$/.test(bare)) {
      return `amount_eur "${text}" seems to use thousands separators or more than two decimals; write 6600000 or 6600000,00`;
    }
    if (/^-?\d+[.,]\d{3,}$/.test(bare)) return `amount_eur "${text}" has fractions of a cent; at most two decimals are allowed`;
    return `amount_eur "${text}" is not an amount in euros; write 6600000 or 6600000,00`;
  }
  if (cents < 0n) return `amount ${text} is negative; budget amounts must be zero or more`;
  return cents;
}

function checkDuplicates(rows: readonly ParsedRow[], column: string, report: Report): void {
  const firstRow = new Map<string, number>();
  for (const r of rows) {
    if (r.year === undefined || r.municipality === undefined) continue;
    const key = `${r.year}|${r.municipality.code}|${r.line.toLowerCase()}`;
    const first = firstRow.get(key);
    if (first === undefined) firstRow.set(key, r.row);
    else report(r.row, column, `duplicate: ${r.municipality.name} ${r.year} line "${r.line}" is already on row ${first}`);
  }
}

/**
 * Budgets are adopted as an unbroken multi-year series; a hole would later be read as "carry the
 * last level on" or as "no budget", both wrong. A year missing from the whole file is reported once;
 * a municipality is only reported for years other municipalities do have.
 */
function checkContiguousYears(rows: readonly ParsedRow[], column: string, report: Report): void {
  const valid = rows.filter((r) => r.year !== undefined);
  const fileYears = new Set(valid.map((r) => r.year!));
  const fileMissing = missingYears(fileYears);
  for (const [from, to] of ranges(fileMissing)) {
    const after = valid.find((r) => r.year === to + 1)!;
    report(after.row, column, `${yearsText(from, to)} missing from the file; the years in a budget file must follow each other without holes`);
  }
  const byMunicipality = new Map<MunicipalityCode, { name: string; rows: ParsedRow[] }>();
  for (const r of valid) {
    if (r.municipality === undefined) continue;
    const entry = byMunicipality.get(r.municipality.code) ?? { name: r.municipality.name, rows: [] };
    entry.rows.push(r);
    byMunicipality.set(r.municipality.code, entry);
  }
  for (const { name, rows: own } of byMunicipality.values()) {
    const missing = missingYears(new Set(own.map((r) => r.year!))).filter((y) => !fileMissing.includes(y));
    for (const [from, to] of ranges(missing)) {
      const after = own.filter((r) => r.year! > to).sort((a, b) => a.year! - b.year! || a.row - b.row)[0]!;
      report(after.row, column, `${name} has no rows for ${yearSpan(from, to)} but does for years before and after; a municipality's years must follow each other without holes`);
    }
  }
}

function missingYears(years: ReadonlySet<number>): number[] {
  if (years.size === 0) return [];
  const sorted = [...years].sort((a, b) => a - b);
  const missing: number[] = [];
  for (let y = sorted[0]!; y <= sorted[sorted.length - 1]!; y++) if (!years.has(y)) missing.push(y);
  return missing;
}

/** Groups sorted years into runs of consecutive years. */
function ranges(years: readonly number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const y of years) {
    const last = runs[runs.length - 1];
    if (last && last[1] === y - 1) last[1] = y;
    else runs.push([y, y]);
  }
  return runs;
}

function yearsText(from: number, to: number): string {
  return from === to ? `year ${from} is` : `years ${yearSpan(from, to)} are`;
}

function yearSpan(from: number, to: number): string {
  return from === to ? `${from}` : `${from}–${to}`;
}

function checkPositiveTotals(rows: readonly ParsedRow[], column: string, report: Report): void {
  for (const group of groupRows(rows).values()) {
    if (group.rows.some((r) => r.amountCents === undefined)) continue; // already reported per row
    const total = sum(group.rows.map((r) => r.amountCents!));
    if (total <= 0n) {
      report(
        group.rows[0]!.row,
        column,
        `the total budget of ${group.municipality.name} for ${group.year} is zero; a municipality's yearly budget must be more than zero`,
      );
    }
  }
}

interface Group {
  readonly year: number;
  readonly municipality: Municipality;
  readonly rows: ParsedRow[];
}

function groupRows(rows: readonly ParsedRow[]): Map<string, Group> {
  const groups = new Map<string, Group>();
  for (const r of rows) {
    if (r.year === undefined || r.municipality === undefined) continue;
    const key = `${r.year}|${r.municipality.code}`;
    const group = groups.get(key) ?? { year: r.year, municipality: r.municipality, rows: [] };
    group.rows.push(r);
    groups.set(key, group);
  }
  return groups;
}

function groupBudgets(rows: readonly ParsedRow[]): AdoptedBudget[] {
  return [...groupRows(rows).values()]
    .sort((a, b) => a.year - b.year || (a.municipality.code < b.municipality.code ? -1 : a.municipality.code > b.municipality.code ? 1 : 0))
    .map((g) => ({
      year: g.year,
      municipality: g.municipality.code,
      lines: g.rows.map((r): BudgetLine => ({ line: r.line, amountCents: r.amountCents! })),
    }));
}
