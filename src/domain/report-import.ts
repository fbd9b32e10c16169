// Reads a provider's financial report (CSV, or the region's XLSX template) [issue 14; DOMAIN.md §5]:
// one row per care form with the cost to date and the year-end forecast, and rows with an empty
// care form for the staff deployment (FTE) per area. Like the budget import it is all or nothing:
// every problem with its sheet, row and column, and nothing kept from a file with any problem.
import { isReportKind, MONTHS_OF, periodEnd, REPORT_PERIODS, type FinancialReport, type FteLine, type ReportKind, type ReportLine, type ReportPeriod } from './financial-reports.ts';
import type { Cents } from './money.ts';
import type { Area, CareForm } from './region.ts';
import { eurosCell, textCell, yearCell, type CellType, type Said } from './table-cells.ts';
import { TableCheck, optional, required, type TableImport, type TablePlace, type TableRow } from './table-import.ts';
import { providerCell } from './import-columns.ts';

export interface ReportImportContext {
  /** Providers with a lump sum, per year: a report is for such a provider and year. */
  readonly lumpSumProviders: ReadonlyMap<number, readonly string[]>;
  readonly careForms: readonly CareForm[];
  readonly areas: readonly Area[];
  /** The delivery date: a report of a period that has not ended by then is refused. */
  readonly asOf: string;
}

interface ReportValues {
  readonly provider: string;
  readonly year: number;
  readonly period: ReportKind;
  /** '' on an FTE row. */
  readonly careForm: string;
  readonly cost: Cents | null;
  readonly forecast: Cents | null;
  readonly youngPeople: number | null;
  readonly explanation: string;
  readonly area: string;
  readonly fte: string | null;
}

/** The template's column names, in its order (the CSV contract of issue 14). */
export const REPORT_COLUMNS = ['provider', 'year', 'period', 'care_form', 'cost_eur', 'forecast_year_eur', 'young_people', 'explanation', 'area', 'fte'] as const;

const NON_NEGATIVE = { en: 'amounts are zero or more', nl: 'bedragen zijn nul of meer' };

/** A cell that may be left empty: the type's value, or null. */
function orEmpty<T>(type: CellType<T>): CellType<T | null> {
  return { ...type, ifEmpty: null } as CellType<T | null>;
}

function problem(en: string, nl: string): { problem: Said } {
  return { problem: { en, nl } };
}

const periodCell: CellType<ReportKind> = {
  expected: { en: 'M4, M8, M12 or PLAN', nl: 'M4, M8, M12 of PLAN (jaarplan)' },
  fromText(text) {
    const t = text.toUpperCase().replace(/^(\d+)$/, 'M$1').replace(/^(JP|JAARPLAN)$/, 'PLAN');
    return isReportKind(t)
      ? { value: t }
      : problem(`"${text}" is not a report period; give M4, M8 or M12, or PLAN for the annual plan`, `"${text}" is geen rapportageperiode; geef M4, M8 of M12, of PLAN voor het jaarplan`);
  },
};

function careFormCell(careForms: readonly CareForm[]): CellType<string> {
  const known = careForms.map((c) => `${c.category} (${c.name})`).join(', ');
  return {
    expected: { en: 'a care form (category code or name)', nl: 'een zorgvorm (categoriecode of naam)' },
    ifEmpty: '',
    fromText(text) {
      const lower = text.toLowerCase().replace(/\s+/g, ' ');
      const found = careForms.find((c) => c.category === text || c.name.toLowerCase() === lower);
      return found
        ? { value: found.category }
        : problem(`unknown care form "${text}"; use one of ${known}, or leave it empty on a row with area and fte`, `onbekende zorgvorm "${text}"; gebruik een van ${known}, of laat de cel leeg op een rij met gebied en fte`);
    },
  };
}

function areaCell(areas: readonly Area[]): CellType<string> {
  const known = areas.map((a) => `${a.id} (${a.name})`).join(', ');
  return {
    expected: { en: 'an area of the region', nl: 'een gebied van de regio' },
    ifEmpty: '',
    fromText(text) {
      const lower = text.toLowerCase();
      const found = areas.find((a) => a.id.toLowerCase() === lower || a.name.toLowerCase() === lower);
      return found ? { value: found.id } : problem(`unknown area "${text}"; use one of ${known}`, `onbekend gebied "${text}"; gebruik een van ${known}`);
    },
  };
}

const countCell: CellType<number> = {
  expected: { en: 'a whole number of young people like 120', nl: 'een heel aantal jeugdigen zoals 120' },
  fromText(text) {
    if (!/^\d{1,7}$/.test(text)) return problem(`"${text}" is not a whole number of young people like 120`, `"${text}" is geen heel aantal jeugdigen zoals 120`);
    return { value: Number(text) };
  },
};

/** FTE as an exact decimal text with at most two decimals, "," or "." as separator. */
const fteCell: CellType<string> = {
  expected: { en: 'full-time equivalents like 12.5', nl: 'fte zoals 12,5' },
  fromText(text) {
    const m = /^(\d{1,6})(?:[.,](\d{1,2}))?$/.exec(text);
    if (!m) return problem(`"${text}" is not a number of FTE like 12.5 (at most two decimals, not negative)`, `"${text}" is geen aantal fte zoals 12,5 (hoogstens twee decimalen, niet negatief)`);
    const whole = String(Number(m[1]));
    const frac = (m[2] ?? '').replace(/0+$/, '');
    return { value: frac ? `${whole}.${frac}` : whole };
  },
};

export function reportImport(place: TablePlace, ctx: ReportImportContext): TableImport<FinancialReport> {
  const allProviders = [...new Set([...ctx.lumpSumProviders.values()].flat())].sort();
  const check = new TableCheck<ReportValues>(
    {
      columns: {
        provider: required(['provider', 'aanbieder'], providerCell(allProviders, { en: 'with a lump sum', nl: 'met een lumpsum' })),
        year: required(['year', 'jaar'], yearCell(2000, 2100)),
        period: required(['period', 'periode'], periodCell),
        careForm: required(['care_form', 'zorgvorm'], careFormCell(ctx.careForms)),
        cost: required(['cost_eur', 'kosten_eur'], orEmpty(eurosCell({ nonNegative: NON_NEGATIVE }))),
        forecast: optional(['forecast_year_eur', 'prognose_jaar_eur'], orEmpty(eurosCell({ nonNegative: NON_NEGATIVE })), null),
        youngPeople: optional(['young_people', 'jeugdigen'], orEmpty(countCell), null),
        explanation: optional(['explanation', 'toelichting'], textCell({ expected: { en: 'a short explanation', nl: 'een korte toelichting' }, ifEmpty: '', maxLength: 2000 }), ''),
        area: optional(['area', 'gebied'], areaCell(ctx.areas), ''),
        fte: optional(['fte'], orEmpty(fteCell), null),
      },
    },
    place,
  );
  return {
    add: (row, cells) => check.add(row, cells),
    finish() {
      const rows = check.end();
      const report = checkRows(rows, ctx, check);
      return check.result(() => report!);
    },
  };
}

type Check = TableCheck<ReportValues>;

/** The rules across rows; gives the report when the rows make one (the check decides whether it is clean). */
function checkRows(rows: readonly TableRow<ReportValues>[], ctx: ReportImportContext, check: Check): FinancialReport | undefined {
  const first = rows.find((r) => r.values.provider !== undefined && r.values.year !== undefined && r.values.period !== undefined);
  if (!first) return undefined;
  const { provider, year, period } = first.values as ReportValues;
  const careFormRows = new Map<string, number>();
  const areaRows = new Map<string, number>();
  const lines: ReportLine[] = [];
  const fte: FteLine[] = [];
  const explanations: string[] = [];
  const careFormName = (c: string) => ctx.careForms.find((f) => f.category === c)?.name ?? c;
  let periodChecked = false;
  for (const { row, values: v } of rows) {
    // One delivery per file: one provider, one year, one period.
    for (const [key, value, shown] of [
      ['provider', v.provider, provider],
      ['year', v.year, year],
      ['period', v.period, period],
    ] as const) {
      if (value !== undefined && value !== shown) {
        check.report(row, key, {
          en: `a file holds the report of one provider for one period; row ${first.row} gives ${provider} ${period} ${year}, this row ${String(value)}: put each report in a file of its own`,
          nl: `een bestand bevat de rapportage van één aanbieder over één periode; rij ${first.row} geeft ${provider} ${period} ${year}, deze rij ${String(value)}: zet elke rapportage in een eigen bestand`,
        });
      }
    }
    if (!periodChecked && v.year !== undefined && v.provider !== undefined && v.period !== undefined) {
      periodChecked = true;
      const withLumpSum = ctx.lumpSumProviders.get(v.year) ?? [];
      if (!withLumpSum.includes(v.provider)) {
        check.report(row, 'year', {
          en: `${v.provider} has no lump sum in ${v.year}; a report is for a year in which the provider has one${withLumpSum.length === 0 ? ` (${v.year} is not allocated)` : ''}`,
          nl: `${v.provider} heeft geen lumpsum in ${v.year}; een rapportage gaat over een jaar waarin de aanbieder er een heeft${withLumpSum.length === 0 ? ` (${v.year} is niet toegekend)` : ''}`,
        });
      }
      const end = v.period === 'PLAN' ? undefined : periodEnd(v.year, v.period);
      if (end !== undefined && ctx.asOf <= end) {
        check.report(row, 'period', {
          en: `period ${v.period} ${v.year} runs until ${end}; deliver its report after that (delivery date ${ctx.asOf})`,
          nl: `periode ${v.period} ${v.year} loopt tot en met ${end}; lever de rapportage daarna in (leverdatum ${ctx.asOf})`,
        });
      }
    }
    if (v.explanation) explanations.push(v.explanation);
    if (v.careForm === undefined) continue;
    if (v.careForm !== '') {
      const earlier = careFormRows.get(v.careForm);
      if (earlier !== undefined) {
        check.report(row, 'careForm', {
          en: `care form ${careFormName(v.careForm)} is given twice, on rows ${earlier} and ${row}; give each care form once`,
          nl: `zorgvorm ${careFormName(v.careForm)} staat er twee keer in, op rij ${earlier} en ${row}; geef elke zorgvorm één keer`,
        });
      } else careFormRows.set(v.careForm, row);
      if (v.cost === null) check.report(row, 'cost', { en: 'the cost to date is missing; give the cost from 1 January in euros (0 when none)', nl: 'de kosten tot nu toe ontbreken; geef de kosten vanaf 1 januari in euro (0 als er geen zijn)' });
      if (v.forecast === null && v.period !== undefined && v.period !== 'M12' && v.period !== 'PLAN') {
        check.report(row, 'forecast', {
          en: `the year-end forecast is missing; in ${v.period} give the expected cost of the whole year for this care form`,
          nl: `de prognose voor het jaar ontbreekt; geef in ${v.period} de verwachte kosten van het hele jaar voor deze zorgvorm`,
        });
      }
      if (v.area) check.report(row, 'area', { en: 'a care form row has no area: give FTE per area on rows of their own, with care_form empty', nl: 'een rij met een zorgvorm heeft geen gebied: geef fte per gebied op eigen rijen, met zorgvorm leeg' });
      if (v.fte !== undefined && v.fte !== null) check.report(row, 'fte', { en: 'a care form row has no FTE: give FTE per area on rows of their own, with care_form empty', nl: 'een rij met een zorgvorm heeft geen fte: geef fte per gebied op eigen rijen, met zorgvorm leeg' });
      if (typeof v.cost === 'bigint') {
        lines.push({
          careForm: v.careForm,
          costCents: v.cost,
          ...(typeof v.forecast === 'bigint' && v.period !== 'M12' && v.period !== 'PLAN' ? { forecastCents: v.forecast } : {}),
          ...(typeof v.youngPeople === 'number' ? { youngPeople: v.youngPeople } : {}),
        });
      }
      continue;
    }
    // An FTE row: area and fte, nothing else.
    if (v.area === undefined) continue;
    if (v.area === '') {
      check.report(row, 'careForm', {
        en: 'the care form is empty and so is the area; give a care form, or an area with its FTE',
        nl: 'de zorgvorm is leeg en het gebied ook; geef een zorgvorm, of een gebied met de fte',
      });
      continue;
    }
    const earlier = areaRows.get(v.area);
    if (earlier !== undefined) {
      check.report(row, 'area', { en: `area ${v.area} is given twice, on rows ${earlier} and ${row}; give each area once`, nl: `gebied ${v.area} staat er twee keer in, op rij ${earlier} en ${row}; geef elk gebied één keer` });
    } else areaRows.set(v.area, row);
    if (v.fte === null || v.fte === undefined) {
      if (v.fte === null) check.report(row, 'fte', { en: `the FTE for area ${v.area} is missing; give the staff deployment like 12.5`, nl: `de fte voor gebied ${v.area} ontbreekt; geef de personele inzet zoals 12,5` });
    } else fte.push({ area: v.area, fte: v.fte });
    for (const key of ['cost', 'forecast', 'youngPeople'] as const) {
      if (v[key] !== null && v[key] !== undefined) {
        check.report(row, key, { en: 'an FTE row (care form empty) has no amounts or counts: put them on the care form rows', nl: 'een fte-rij (zorgvorm leeg) heeft geen bedragen of aantallen: zet die op de rijen met een zorgvorm' });
      }
    }
  }
  if (careFormRows.size === 0 && rows.length > 0) {
    check.report(undefined, 'careForm', {
      en: `the report has no care form rows; give the cost to date per care form (the template lists all ${ctx.careForms.length})`,
      nl: `de rapportage heeft geen rijen met een zorgvorm; geef de kosten tot nu toe per zorgvorm (het sjabloon noemt ze alle ${ctx.careForms.length})`,
    });
  }
  const order = new Map(ctx.careForms.map((c, i) => [c.category, i]));
  lines.sort((a, b) => order.get(a.careForm)! - order.get(b.careForm)!);
  return { provider, year, period, lines, fte, ...(explanations.length ? { explanation: explanations.join(' ') } : {}) };
}

/** Months and wording of each period, for templates and pages. */
export const PERIOD_TEXT: Readonly<Record<ReportPeriod, { nl: string; months: number }>> = Object.fromEntries(
  REPORT_PERIODS.map((p) => [p, { nl: { M4: 'januari t/m april', M8: 'januari t/m augustus', M12: 'het hele jaar' }[p], months: MONTHS_OF[p] }]),
) as Record<ReportPeriod, { nl: string; months: number }>;
