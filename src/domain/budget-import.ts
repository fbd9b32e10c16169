// Checks an uploaded table of adopted budgets [DOMAIN.md §3; seed 003 §3.3.1, seed 000 §5.1] before
// anything is stored. All or nothing: every problem in the file is listed with its row and column,
// so a finance officer can fix the file in one go, and nothing is kept unless the file is clean.
import type { Cents } from './money.ts';
import { sum } from './money.ts';
import type { AdoptedBudget, BudgetLine, Municipality, MunicipalityCode } from './region.ts';
import { municipalityCell } from './import-columns.ts';
import { centsCell, eurosCell, textCell, yearCell } from './table-cells.ts';
import { TableCheck, form, oneOf, optional, required, type TableImport, type TablePlace, type TableRow, type TableSpec } from './table-import.ts';

export { findMunicipality } from './import-columns.ts';

/** Budget line used when the file has no `line` column or leaves it empty: the whole AJH task. */
export const DEFAULT_BUDGET_LINE = 'AJH';

/** Plausible budget years; anything else is almost certainly a typo or a date cell. */
export const MIN_BUDGET_YEAR = 2000;
export const MAX_BUDGET_YEAR = 2100;

export interface BudgetImportContext {
  readonly municipalities: readonly Municipality[];
  /**
   * The years each municipality already has an adopted budget for (from the ledger): the file's years
   * and these together must follow each other without a hole.
   */
  readonly storedYears: readonly { readonly municipality: MunicipalityCode; readonly year: number }[];
}

interface BudgetValues {
  readonly year: number;
  readonly municipality: Municipality;
  readonly line: string;
  readonly amount: Cents;
}


export function budgetSpec(municipalities: readonly Municipality[]): TableSpec<BudgetValues> {
  return {
    columns: {
      year: required(['year', 'jaar'], yearCell(MIN_BUDGET_YEAR, MAX_BUDGET_YEAR)),
      municipality: required(['municipality', 'gemeente'], municipalityCell(municipalities)),
      line: optional(['line', 'regel'], textCell({ expected: { en: 'the name of a budget line', nl: 'de naam van een begrotingsregel' }, ifEmpty: DEFAULT_BUDGET_LINE }), DEFAULT_BUDGET_LINE),
      // A line may be negative: a savings task (taakstelling, seed 000 §5.1), as long as the municipality's total stays above zero.
      amount: oneOf(form(['amount_eur', 'bedrag_eur'], eurosCell()), form(['amount_cents', 'bedrag_centen'], centsCell())),
    },
    unique: [
      {
        columns: ['year', 'municipality', 'line'],
        key: (v) => `${v.year}|${v.municipality.code}|${v.line.toLowerCase()}`,
        describe: (v) => ({ en: `${v.municipality.name} ${v.year} line "${v.line}"`, nl: `${v.municipality.name} ${v.year} regel "${v.line}"` }),
        advice: { en: 'give each year, municipality and line once', nl: 'geef elk jaar, elke gemeente en regel één keer' },
      },
    ],
  };
}

/** The budget import: rows in as the file is read; at the end every problem, or the budgets. */
export function budgetImport(place: TablePlace, ctx: BudgetImportContext): TableImport<AdoptedBudget[]> {
  const check = new TableCheck(budgetSpec(ctx.municipalities), place);
  return {
    add: (row, cells) => check.add(row, cells),
    finish() {
      const rows = check.end();
      checkYears(rows, ctx.storedYears, check);
      checkPositiveTotals(rows, check);
      return check.result(groupBudgets);
    },
  };
}

type Check = TableCheck<BudgetValues>;

interface YearsOf {
  readonly municipality: Municipality;
  /** Year → the first row of the file with it. */
  readonly rows: Map<number, number>;
}

interface Hole {
  readonly from: number;
  readonly to: number;
  readonly municipality: Municipality;
  /** The file row next to the hole, to point at. */
  readonly row: number;
  /** Adopted years already stored for the municipality, when the hole is against them. */
  readonly stored?: { readonly first: number; readonly last: number };
}

/**
 * Budgets are adopted as an unbroken series of years per municipality; a hole would later be read as
 * "carry the last level on" or as "no budget", both wrong. The file is judged together with the
 * years already stored, because an import adds to them: 2032 after a stored 2028–2030 leaves 2031
 * without a budget. A hole that every municipality of the file has, in the file's own years, is
 * reported once for the file.
 */
function checkYears(rows: readonly TableRow<BudgetValues>[], storedYears: BudgetImportContext['storedYears'], check: Check): void {
  const inFile = new Map<MunicipalityCode, YearsOf>();
  for (const r of rows) {
    const { year, municipality } = r.values;
    if (year === undefined || municipality === undefined) continue;
    const entry = inFile.get(municipality.code) ?? { municipality, rows: new Map<number, number>() };
    if (!entry.rows.has(year)) entry.rows.set(year, r.row);
    inFile.set(municipality.code, entry);
  }
  const stored = new Map<MunicipalityCode, Set<number>>();
  for (const s of storedYears) stored.set(s.municipality, (stored.get(s.municipality) ?? new Set()).add(s.year));

  const holes: Hole[] = [];
  for (const { municipality, rows: fileRows } of inFile.values()) {
    const own = stored.get(municipality.code) ?? new Set<number>();
    const all = new Set([...fileRows.keys(), ...own]);
    for (const [from, to] of ranges(missingYears(all))) {
      const row = fileRows.get(to + 1) ?? fileRows.get(from - 1)!;
      const against = own.has(from - 1) || own.has(to + 1);
      holes.push({ from, to, municipality, row, ...(against ? { stored: { first: Math.min(...own), last: Math.max(...own) } } : {}) });
    }
  }

  const fileWide = new Set<string>();
  if (inFile.size > 1) {
    const count = new Map<string, number>();
    for (const h of holes) if (!h.stored) count.set(`${h.from}-${h.to}`, (count.get(`${h.from}-${h.to}`) ?? 0) + 1);
    for (const [span, n] of count) if (n === inFile.size) fileWide.add(span);
  }
  const reportedFileWide = new Set<string>();
  for (const h of holes) {
    const span = `${h.from}-${h.to}`;
    const years = yearSpan(h.from, h.to);
    if (fileWide.has(span)) {
      if (reportedFileWide.has(span)) continue;
      reportedFileWide.add(span);
      const row = Math.min(...holes.filter((o) => `${o.from}-${o.to}` === span).map((o) => o.row));
      check.report(row, 'year', {
        en: `${h.from === h.to ? `year ${years} is` : `years ${years} are`} missing from the file; the years of a budget follow each other without holes: add ${years}`,
        nl: `${h.from === h.to ? `jaar ${years} ontbreekt` : `de jaren ${years} ontbreken`} in het bestand; de jaren van een begroting volgen elkaar op zonder gaten: voeg ${years} toe`,
      });
    } else if (h.stored) {
      const storedSpan = yearSpan(h.stored.first, h.stored.last);
      const neighbour = h.to + 1 <= h.stored.first ? h.from - 1 : h.to + 1;
      check.report(h.row, 'year', {
        en: `${h.municipality.name} already has adopted budgets for ${storedSpan}; with this file's ${neighbour}, ${years} would have no budget: add ${years} to the file`,
        nl: `${h.municipality.name} heeft al vastgestelde begrotingen voor ${storedSpan}; met ${neighbour} uit dit bestand zou ${years} geen begroting hebben: voeg ${years} toe aan het bestand`,
      });
    } else {
      check.report(h.row, 'year', {
        en: `${h.municipality.name} has rows for ${h.from - 1} and ${h.to + 1} but not for ${years}; a municipality's budget years follow each other without holes: add ${years}`,
        nl: `${h.municipality.name} heeft rijen voor ${h.from - 1} en ${h.to + 1} maar niet voor ${years}; de begrotingsjaren van een gemeente volgen elkaar op zonder gaten: voeg ${years} toe`,
      });
    }
  }
}

function missingYears(years: ReadonlySet<number>): number[] {
  if (years.size === 0) return [];
  const sorted = [...years].sort((a, b) => a - b);
  const missing: number[] = [];
  for (let y = sorted[0]!; y <= sorted.at(-1)!; y++) if (!years.has(y)) missing.push(y);
  return missing;
}

/** Groups sorted years into runs of consecutive years. */
function ranges(years: readonly number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const y of years) {
    const last = runs.at(-1);
    if (last && last[1] === y - 1) last[1] = y;
    else runs.push([y, y]);
  }
  return runs;
}

function yearSpan(from: number, to: number): string {
  return from === to ? `${from}` : `${from}–${to}`;
}

/** A municipality's budget for a year is more than zero: its lines may be zero, not all of them. */
function checkPositiveTotals(rows: readonly TableRow<BudgetValues>[], check: Check): void {
  for (const group of groupRows(rows).values()) {
    if (group.rows.some((r) => r.values.amount === undefined)) continue; // already reported per row
    if (sum(group.rows.map((r) => r.values.amount!)) > 0n) continue;
    check.report(group.rows[0]!.row, 'amount', {
      en: `the total budget of ${group.municipality.name} for ${group.year} is zero or less; a municipality's yearly budget is more than zero (a savings line may be negative, the total not)`,
      nl: `de totale begroting van ${group.municipality.name} voor ${group.year} is nul of minder; de jaarbegroting van een gemeente is meer dan nul (een taakstelling mag negatief zijn, het totaal niet)`,
    });
  }
}

interface Group {
  readonly year: number;
  readonly municipality: Municipality;
  readonly rows: TableRow<BudgetValues>[];
}

function groupRows(rows: readonly TableRow<BudgetValues>[]): Map<string, Group> {
  const groups = new Map<string, Group>();
  for (const r of rows) {
    const { year, municipality } = r.values;
    if (year === undefined || municipality === undefined) continue;
    const key = `${year}|${municipality.code}`;
    const group = groups.get(key) ?? { year, municipality, rows: [] };
    group.rows.push(r);
    groups.set(key, group);
  }
  return groups;
}

function groupBudgets(rows: readonly BudgetValues[]): AdoptedBudget[] {
  const groups = new Map<string, { year: number; municipality: MunicipalityCode; lines: BudgetLine[] }>();
  for (const r of rows) {
    const key = `${r.year}|${r.municipality.code}`;
    const group = groups.get(key) ?? { year: r.year, municipality: r.municipality.code, lines: [] };
    group.lines.push({ line: r.line, amountCents: r.amount });
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => a.year - b.year || (a.municipality < b.municipality ? -1 : a.municipality > b.municipality ? 1 : 0));
}
