// Year-end settlement [DOMAIN.md §4 rules 6–7; seed 000 §5.2c, RGU 10]: the lump sum stays as it is, a
// deficit stays with the provider, and municipalities whose cost share deviates from their contribution
// share are flagged as input for next year's keys.
import { decimalsToWeights, fitsInDatabase, sum, type Cents } from './money.ts';
import type { MunicipalityCode } from './region.ts';
import { Refusal } from './errors.ts';

export interface CostLine {
  readonly provider: string;
  readonly municipality: MunicipalityCode;
  readonly costCents: Cents;
}

export interface SettlementProviderLine {
  readonly provider: string;
  readonly lumpSumCents: Cents;
  readonly costCents: Cents;
  /** Lump sum − cost: a surplus (positive) or a deficit (negative) that the provider bears. */
  readonly resultCents: Cents;
}

export interface SettlementMunicipalityLine {
  readonly municipality: MunicipalityCode;
  readonly contributionCents: Cents;
  readonly costCents: Cents;
  /** Shares in percent with two decimals, rounded half up — for reading; the flag uses exact fractions. */
  readonly contributionSharePct: string;
  readonly costSharePct: string;
  readonly deviationPct: string;
  readonly flagged: boolean;
}

export interface Settlement {
  readonly year: number;
  readonly thresholdPct: string;
  readonly providers: readonly SettlementProviderLine[];
  readonly municipalities: readonly SettlementMunicipalityLine[];
  readonly cells: readonly { provider: string; municipality: MunicipalityCode; contributionCents: Cents; costCents: Cents }[];
  readonly totalLumpSumCents: Cents;
  readonly totalCostCents: Cents;
}

/** part/whole in percent, with two decimals, half up; "0.00" when whole is zero. Signed. */
export function percent(part: bigint, whole: bigint): string {
  if (whole === 0n) return '0.00';
  const negative = part * whole < 0n;
  const p = part < 0n ? -part : part;
  const w = whole < 0n ? -whole : whole;
  const basis = (p * 20000n + w) / (2n * w); // hundredths of a percent, half up
  const text = `${basis / 100n}.${(basis % 100n).toString().padStart(2, '0')}`;
  return negative && basis !== 0n ? `-${text}` : text;
}

export function settle(
  year: number,
  contributions: readonly { provider: string; municipality: MunicipalityCode; amountCents: Cents }[],
  costs: readonly CostLine[],
  municipalities: readonly MunicipalityCode[],
  thresholdPct: string,
): Settlement {
  if (!/^\d+(\.\d+)?$/.test(thresholdPct)) throw new Refusal('THRESHOLD_INVALID', { text: thresholdPct });
  const providers = [...new Set(contributions.map((c) => c.provider))];
  for (const c of costs) {
    if (!providers.includes(c.provider)) throw new Refusal('UNKNOWN_PROVIDER', { provider: c.provider, year, known: providers });
    if (!municipalities.includes(c.municipality)) throw new Refusal('UNKNOWN_MUNICIPALITY', { municipality: c.municipality, region: 'the region', known: municipalities });
    if (c.costCents < 0n) throw new Refusal('SETTLEMENT_COSTS_INVALID', { provider: c.provider, municipality: c.municipality, problem: 'negative' });
  }
  const seen = new Set<string>();
  for (const c of costs) {
    const key = `${c.provider}/${c.municipality}`;
    if (seen.has(key)) throw new Refusal('SETTLEMENT_COSTS_INVALID', { provider: c.provider, municipality: c.municipality, problem: 'twice' });
    seen.add(key);
  }
  if (!fitsInDatabase(sum(costs.map((c) => c.costCents)))) throw new Refusal('AMOUNT_TOO_LARGE', { text: `the costs of ${year}` });
  const missing = providers.filter((p) => !costs.some((c) => c.provider === p));
  if (missing.length > 0) throw new Refusal('SETTLEMENT_COSTS_INVALID', { problem: 'missing', missing });

  const cost = (p: string | null, m: string | null) => sum(costs.filter((c) => (p === null || c.provider === p) && (m === null || c.municipality === m)).map((c) => c.costCents));
  const contrib = (p: string | null, m: string | null) =>
    sum(contributions.filter((c) => (p === null || c.provider === p) && (m === null || c.municipality === m)).map((c) => c.amountCents));

  const totalLumpSumCents = contrib(null, null);
  const totalCostCents = cost(null, null);
  const [threshold, scale] = ((): [bigint, bigint] => {
    const w = decimalsToWeights([thresholdPct])[0]!;
    const digits = (thresholdPct.split('.')[1] ?? '').length;
    return [w, 10n ** BigInt(digits)];
  })();

  const municipalityLines = municipalities.map((m) => {
    const contributionCents = contrib(null, m);
    const costCents = cost(null, m);
    // |cost_m/cost_tot − contrib_m/contrib_tot| > threshold/100, compared exactly with cross-multiplication.
    let flagged = false;
    let deviationNum = 0n;
    const denom = totalCostCents * totalLumpSumCents;
    if (denom > 0n) {
      deviationNum = costCents * totalLumpSumCents - contributionCents * totalCostCents;
      const abs = deviationNum < 0n ? -deviationNum : deviationNum;
      flagged = abs * 100n * scale > threshold * denom;
    }
    return {
      municipality: m,
      contributionCents,
      costCents,
      contributionSharePct: percent(contributionCents, totalLumpSumCents),
      costSharePct: percent(costCents, totalCostCents),
      deviationPct: denom > 0n ? percent(deviationNum, denom) : '0.00',
      flagged,
    };
  });
  return {
    year,
    thresholdPct,
    providers: providers.map((p) => ({ provider: p, lumpSumCents: contrib(p, null), costCents: cost(p, null), resultCents: contrib(p, null) - cost(p, null) })),
    municipalities: municipalityLines,
    cells: providers.flatMap((p) => municipalities.map((m) => ({ provider: p, municipality: m, contributionCents: contrib(p, m), costCents: cost(p, m) }))),
    totalLumpSumCents,
    totalCostCents,
  };
}
