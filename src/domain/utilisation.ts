// Budget utilisation and the year-end forecast, steering element 1 [issue 14; DOMAIN.md §5]: per
// provider the lump sum, the cost to date from its report, utilisation, the provider's forecast and
// Jeugdregie's own forecasts, and the signals that ask for a conversation. Pure: the app layer
// brings the reports, the lump sums and the attribution.
import { decimalsToWeights, formatEuros as euro, type Cents } from './money.ts';
import { forecastOf, costOf, MONTHS_OF, reportDeadline, type ReportPeriod, type ReportRules } from './financial-reports.ts';
import type { MunicipalityCode } from './region.ts';

export const SIGNAL_CODES = ['forecast_under_95', 'forecast_over_lump_sum', 'utilisation_threshold', 'cost_share_deviation', 'late_report', 'missing_report'] as const;
export type SignalCode = (typeof SIGNAL_CODES)[number];

/** n ÷ d rounded half to even (banker's rounding), for d > 0. */
export function divideHalfEven(n: bigint, d: bigint): bigint {
  if (d <= 0n) throw new RangeError('divisor must be positive');
  const negative = n < 0n;
  const a = negative ? -n : n;
  let q = a / d;
  const r2 = (a % d) * 2n;
  if (r2 > d || (r2 === d && q % 2n === 1n)) q += 1n;
  return negative ? -q : q;
}

/** part ÷ whole as a percentage with one decimal, half to even ("87.5"); undefined without a whole. */
export function percentOneDecimal(part: bigint, whole: bigint): string | undefined {
  if (whole <= 0n) return undefined;
  const tenths = divideHalfEven(part * 1000n, whole);
  const negative = tenths < 0n;
  const a = negative ? -tenths : tenths;
  return `${negative ? '-' : ''}${a / 10n}.${a % 10n}`;
}

/** A percentage as Dutch writes it: decimal comma. */
const nl = (pct: string | undefined): string => (pct ?? '').replace('.', ',');

/** Linear forecast: cost to date × 12 ÷ months, half to even to the cent. */
export function linearForecast(costCents: Cents, months: number): Cents {
  return divideHalfEven(costCents * 12n, BigInt(months));
}

/**
 * Profile forecast: the cost to date scaled by the provider's own monthly cost profile of earlier
 * years — Σ year cost ÷ Σ cost to the same month, over the years that have both reports — half to
 * even to the cent. Undefined without such a year.
 */
export function profileForecast(costCents: Cents, history: readonly { periodCents: Cents; yearCents: Cents }[]): Cents | undefined {
  const usable = history.filter((h) => h.periodCents > 0n);
  if (usable.length === 0) return undefined;
  let period = 0n;
  let year = 0n;
  for (const h of usable) {
    period += h.periodCents;
    year += h.yearCents;
  }
  return divideHalfEven(costCents * year, period);
}

/** "5" → the share (100 − 5)% as an exact fraction num/den of the whole. */
function share(pct: string): { num: bigint; den: bigint } {
  const w = decimalsToWeights([pct])[0]!;
  const digits = (pct.split('.')[1] ?? '').length;
  return { num: w, den: 100n * 10n ** BigInt(digits) };
}

export interface Signal {
  readonly code: SignalCode;
  /** Stable key for the region's status: "2028|M8|P03|forecast_over_lump_sum" (+ "|0363" for a municipality). */
  readonly key: string;
  readonly municipality?: MunicipalityCode;
  /** The rule and the figures, in Dutch and English. */
  readonly nl: string;
  readonly en: string;
}

export interface UtilisationInput {
  readonly provider: string;
  readonly year: number;
  readonly period: ReportPeriod;
  readonly lumpSumCents: Cents;
  readonly contributions: readonly { municipality: MunicipalityCode; amountCents: Cents }[];
  readonly report?: { readonly seq: number; readonly submittedOn: string; readonly late: boolean; readonly lines: readonly { careForm: string; costCents: Cents; forecastCents?: Cents }[] };
  /** Earlier years' reports of this provider: cost to the same period, and the year's M12 cost. */
  readonly history: readonly { year: number; periodCents: Cents; yearCents: Cents }[];
  /** The cost to date attributed per municipality (from the traffic), when there is a report. */
  readonly attributed?: readonly { municipality: MunicipalityCode; costCents: Cents }[];
  readonly asOf: string;
}

export interface UtilisationRow {
  readonly provider: string;
  readonly lumpSumCents: Cents;
  /** The lump sum of the elapsed months: lump sum × months ÷ 12, half to even. */
  readonly proRataLumpSumCents: Cents;
  readonly costCents?: Cents;
  readonly providerForecastCents?: Cents;
  readonly linearForecastCents?: Cents;
  readonly profileForecastCents?: Cents;
  /** Provider's forecast − the linear forecast. */
  readonly forecastDifferenceCents?: Cents;
  readonly utilisationPct?: string;
  readonly proRataUtilisationPct?: string;
  readonly deadline: string;
  readonly report?: { readonly seq: number; readonly submittedOn: string; readonly late: boolean };
  readonly signals: readonly Signal[];
}


export interface SignalRules extends ReportRules {
  /** A downward adjustment is possible when the forecast is at least this many percent below the lump sum. */
  readonly downwardThresholdPct: string;
  /** Percentage points by which a municipality's cost share may deviate from its contribution share. */
  readonly deviationThresholdPct: string;
}

export function utilisationRow(input: UtilisationInput, rules: SignalRules): UtilisationRow {
  const months = MONTHS_OF[input.period];
  const lump = input.lumpSumCents;
  const deadline = reportDeadline(input.year, input.period, rules.deadlines);
  const keyOf = (code: SignalCode, municipality?: string) => [input.year, input.period, input.provider, code, ...(municipality ? [municipality] : [])].join('|');
  const signals: Signal[] = [];
  const proRata = divideHalfEven(lump * BigInt(months), 12n);
  const base = { provider: input.provider, lumpSumCents: lump, proRataLumpSumCents: proRata, deadline };
  const r = input.report;
  if (!r) {
    if (input.asOf > deadline) {
      signals.push({
        code: 'missing_report',
        key: keyOf('missing_report'),
        nl: `De ${input.period}-rapportage over ${input.year} ontbreekt; de termijn was ${deadline}.`,
        en: `The ${input.period} report for ${input.year} is missing; it was due ${deadline}.`,
      });
    }
    return { ...base, signals };
  }
  const cost = costOf(r);
  const providerForecast = forecastOf({ period: input.period, lines: r.lines });
  const linear = linearForecast(cost, months);
  const profile = input.period === 'M12' ? undefined : profileForecast(cost, input.history);
  if (r.late) {
    signals.push({
      code: 'late_report',
      key: keyOf('late_report'),
      nl: `De ${input.period}-rapportage kwam op ${r.submittedOn}, na de termijn van ${deadline}.`,
      en: `The ${input.period} report came on ${r.submittedOn}, after the deadline of ${deadline}.`,
    });
  }
  const down = share(rules.downwardThresholdPct);
  // forecast ≤ lump × (100 − t)/100, exactly: forecast × den ≤ lump × (den − num)
  if (lump > 0n && providerForecast * down.den <= lump * (down.den - down.num)) {
    signals.push({
      code: 'forecast_under_95',
      key: keyOf('forecast_under_95'),
      nl: `Prognose ${euro(providerForecast)} is ${nl(percentOneDecimal(providerForecast, lump))}% van de lumpsum ${euro(lump)}: ten minste ${nl(rules.downwardThresholdPct)}% lager, een neerwaartse bijstelling is mogelijk (regel 3).`,
      en: `Forecast ${euro(providerForecast)} is ${percentOneDecimal(providerForecast, lump)}% of the lump sum ${euro(lump)}: at least ${rules.downwardThresholdPct}% lower, a downward adjustment is possible (rule 3).`,
    });
  }
  if (providerForecast > lump) {
    signals.push({
      code: 'forecast_over_lump_sum',
      key: keyOf('forecast_over_lump_sum'),
      nl: `Prognose ${euro(providerForecast)} ligt ${euro(providerForecast - lump)} boven de lumpsum ${euro(lump)}; het tekort blijft bij de aanbieder (regel 6).`,
      en: `Forecast ${euro(providerForecast)} is ${euro(providerForecast - lump)} above the lump sum ${euro(lump)}; the deficit stays with the provider (rule 6).`,
    });
  }
  const t = rules.utilisationThreshold;
  const over = share(t.pct);
  if (months < t.beforeMonth && lump > 0n && cost * over.den > lump * over.num) {
    signals.push({
      code: 'utilisation_threshold',
      key: keyOf('utilisation_threshold'),
      nl: `Uitnutting ${nl(percentOneDecimal(cost, lump))}% na ${months} maanden: boven de drempel van ${nl(t.pct)}% vóór maand ${t.beforeMonth}; tijd voor een gesprek.`,
      en: `Utilisation ${percentOneDecimal(cost, lump)}% after ${months} months: above the threshold of ${t.pct}% before month ${t.beforeMonth}; time for a talk.`,
    });
  }
  const attributed = input.attributed ?? [];
  const attributedTotal = attributed.reduce((s, a) => s + a.costCents, 0n);
  if (attributedTotal > 0n && lump > 0n) {
    const dev = share(rules.deviationThresholdPct);
    for (const c of input.contributions) {
      const costM = attributed.find((a) => a.municipality === c.municipality)?.costCents ?? 0n;
      // |cost_m/cost − contrib_m/lump| > t/100, cross-multiplied.
      const diff = costM * lump - c.amountCents * attributedTotal;
      const abs = diff < 0n ? -diff : diff;
      if (abs * dev.den > dev.num * attributedTotal * lump) {
        const costShare = percentOneDecimal(costM, attributedTotal);
        const contribShare = percentOneDecimal(c.amountCents, lump);
        signals.push({
          code: 'cost_share_deviation',
          key: keyOf('cost_share_deviation', c.municipality),
          municipality: c.municipality,
          nl: `Gemeente ${c.municipality}: aandeel in de toegerekende kosten ${nl(costShare)}% tegen aandeel in de bijdrage ${nl(contribShare)}%, meer dan ${nl(rules.deviationThresholdPct)} procentpunt verschil.`,
          en: `Municipality ${c.municipality}: share of attributed cost ${costShare}% against share of contribution ${contribShare}%, more than ${rules.deviationThresholdPct} percentage points apart.`,
        });
      }
    }
  }
  return {
    ...base,
    costCents: cost,
    providerForecastCents: providerForecast,
    linearForecastCents: linear,
    ...(profile !== undefined ? { profileForecastCents: profile } : {}),
    forecastDifferenceCents: providerForecast - linear,
    ...(percentOneDecimal(cost, lump) !== undefined ? { utilisationPct: percentOneDecimal(cost, lump)! } : {}),
    ...(percentOneDecimal(cost, proRata) !== undefined ? { proRataUtilisationPct: percentOneDecimal(cost, proRata)! } : {}),
    report: { seq: r.seq, submittedOn: r.submittedOn, late: r.late },
    signals,
  };
}
