// The providers' financial reports [DOMAIN.md §5 steering element 1; seed 000 §5.3a–b; seed 003
// §3.4.2]: in June a 4-month report with the first year-end forecast, in October an 8-month report
// with the second, in March the 12-month report of the past year. Costs are cumulative from 1
// January and per care form; providers do not attribute them to municipalities (DOMAIN.md §4 rule
// 8): Jeugdregie does that from the message traffic (cost-attribution.ts). This module holds the
// report's shape, its deadlines and the sanity checks that warn without refusing.
import { formatEuros as euro, type Cents } from './money.ts';
import type { Region } from './region.ts';

export const REPORT_PERIODS = ['M4', 'M8', 'M12'] as const;
export type ReportPeriod = (typeof REPORT_PERIODS)[number];

export const isReportPeriod = (s: string): s is ReportPeriod => (REPORT_PERIODS as readonly string[]).includes(s);

/**
 * What a delivery is: a report of a period, or the provider's annual plan (`PLAN`, seed 000 §5.3a):
 * how it will spend its lump sum per care form (in the cost column) and its staff per area, due
 * before the year starts.
 */
export type ReportKind = ReportPeriod | 'PLAN';
export const REPORT_KINDS: readonly ReportKind[] = ['PLAN', ...REPORT_PERIODS];
export const isReportKind = (s: string): s is ReportKind => (REPORT_KINDS as readonly string[]).includes(s);

/** Months of the year a report covers (cumulative from 1 January). */
export const MONTHS_OF: Readonly<Record<ReportPeriod, number>> = { M4: 4, M8: 8, M12: 12 };

/** One care form's line of a report: cost to date and, in M4 and M8, the provider's forecast for the whole year. */
export interface ReportLine {
  /** iJw product category of the care form ("32".."38"), as the region file lists it. */
  readonly careForm: string;
  readonly costCents: Cents;
  /** The provider's year-end forecast for this care form; required in M4 and M8, the cost itself in M12. */
  readonly forecastCents?: Cents;
  /** Young people the provider counts in this care form (optional; the traffic is the monitor's source). */
  readonly youngPeople?: number;
}

/** Staff deployment in one area: full-time equivalents as a decimal text ("12.5"), exact. */
export interface FteLine {
  readonly area: string;
  readonly fte: string;
}

export interface FinancialReport {
  readonly provider: string;
  readonly year: number;
  /** The period reported on, or PLAN for the annual plan (its cost column is the planned spending). */
  readonly period: ReportKind;
  readonly lines: readonly ReportLine[];
  readonly fte: readonly FteLine[];
  readonly explanation?: string;
}

/** The report's year-end forecast per care form: the reported forecast, or in M12 (and a plan) the amount itself. */
export function forecastOf(report: Pick<FinancialReport, 'period' | 'lines'>): Cents {
  let total = 0n;
  for (const l of report.lines) total += report.period === 'M12' || report.period === 'PLAN' ? l.costCents : (l.forecastCents ?? l.costCents);
  return total;
}

export function costOf(report: Pick<FinancialReport, 'lines'>): Cents {
  let total = 0n;
  for (const l of report.lines) total += l.costCents;
  return total;
}

/** Deadlines as month-day ("06-15"); M12's falls in the year after the report's year, PLAN's in the year before. */
export interface ReportDeadlines {
  readonly PLAN: string;
  readonly M4: string;
  readonly M8: string;
  readonly M12: string;
}

export const DEFAULT_REPORT_DEADLINES: ReportDeadlines = Object.freeze({ PLAN: '12-01', M4: '06-15', M8: '10-15', M12: '03-15' });

/**
 * Talks start when the cost to date passes this share of the lump sum before this month (the
 * region file; Amstelveen/Aalsmeer use 75% before October, the VNG contract standard 70%).
 */
export interface UtilisationThreshold {
  readonly pct: string;
  /** 1–12: a report whose period ends before this month is checked. */
  readonly beforeMonth: number;
}

export const DEFAULT_UTILISATION_THRESHOLD: UtilisationThreshold = Object.freeze({ pct: '75', beforeMonth: 10 });

export interface ReportRules {
  readonly deadlines: ReportDeadlines;
  readonly utilisationThreshold: UtilisationThreshold;
}

export function reportRules(region: Region): ReportRules {
  const p = region.reportPolicy;
  return {
    deadlines: { ...DEFAULT_REPORT_DEADLINES, ...(p?.deadlines ?? {}) },
    utilisationThreshold: p?.utilisationThreshold ?? DEFAULT_UTILISATION_THRESHOLD,
  };
}

/** The date by which a report is due: M4 and M8 in the report's year, M12 in the next, the annual plan in the year before. */
export function reportDeadline(year: number, period: ReportKind, deadlines: ReportDeadlines): string {
  return `${period === 'M12' ? year + 1 : period === 'PLAN' ? year - 1 : year}-${deadlines[period]}`;
}

/** The last day a report covers: 30 April, 31 August, 31 December. */
export function periodEnd(year: number, period: ReportPeriod): string {
  return { M4: `${year}-04-30`, M8: `${year}-08-31`, M12: `${year}-12-31` }[period];
}

export const isLate = (submittedOn: string, year: number, period: ReportKind, deadlines: ReportDeadlines): boolean =>
  submittedOn > reportDeadline(year, period, deadlines);

/** A sanity check that warns without refusing [issue 14]. */
export interface ReportWarning {
  readonly code: 'cost_decreased' | 'forecast_below_cost' | 'cost_without_traffic';
  readonly careForm: string;
  readonly en: string;
  readonly nl: string;
}

/**
 * What looks wrong without being impossible: cumulative cost lower than in the earlier period of
 * the same year; a forecast below the cost already made; cost on a care form in which the traffic
 * shows none of the provider's young people in the period.
 */
export function reportWarnings(
  report: FinancialReport,
  earlier: FinancialReport | undefined,
  careFormsWithTraffic: ReadonlySet<string>,
  careFormName: (category: string) => string,
): ReportWarning[] {
  const warnings: ReportWarning[] = [];
  for (const l of report.lines) {
    const name = careFormName(l.careForm);
    const before = earlier?.lines.find((e) => e.careForm === l.careForm);
    if (earlier && before && l.costCents < before.costCents) {
      warnings.push({
        code: 'cost_decreased',
        careForm: l.careForm,
        en: `${name}: the cost to date (${euro(l.costCents)}) is lower than in ${earlier.period} (${euro(before.costCents)}); the reports are cumulative from 1 January — is a correction meant?`,
        nl: `${name}: de kosten tot nu toe (${euro(l.costCents)}) zijn lager dan in ${earlier.period} (${euro(before.costCents)}); de rapportages zijn cumulatief vanaf 1 januari — is dit een correctie?`,
      });
    }
    if (l.forecastCents !== undefined && l.forecastCents < l.costCents) {
      warnings.push({
        code: 'forecast_below_cost',
        careForm: l.careForm,
        en: `${name}: the year-end forecast (${euro(l.forecastCents)}) is below the cost already made (${euro(l.costCents)})`,
        nl: `${name}: de prognose voor het jaar (${euro(l.forecastCents)}) is lager dan de kosten die al gemaakt zijn (${euro(l.costCents)})`,
      });
    }
    if (l.costCents > 0n && !careFormsWithTraffic.has(l.careForm)) {
      warnings.push({
        code: 'cost_without_traffic',
        careForm: l.careForm,
        en: `${name}: cost reported, but the message traffic shows none of the provider's young people in this care form in the period; this cost cannot be attributed to municipalities`,
        nl: `${name}: er zijn kosten gerapporteerd, maar het berichtenverkeer toont in de periode geen jeugdigen van de aanbieder in deze zorgvorm; deze kosten zijn niet aan gemeenten toe te rekenen`,
      });
    }
  }
  return warnings;
}
