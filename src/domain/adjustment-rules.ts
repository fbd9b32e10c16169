// In-year adjustment of a lump sum [DOMAIN.md §4 rules 1–5; seed 000 §5.4a, §5.2c; seed 003 §3.3.1].
import { splitByWeights, sum, type Cents } from './money.ts';
import { Refusal } from './errors.ts';
import { isValidDate } from './calendar.ts';
import { instalmentStartMonth, instalmentStartingIn, type PaymentRules } from './payment-schedule.ts';
import type { MunicipalityCode } from './region.ts';

export interface AdjustmentRequest {
  readonly provider: string;
  readonly year: number;
  /** Signed change of the provider's lump sum, in cents. */
  readonly deltaCents: Cents;
  /** First month (1–12) the new amount applies to: the first month of an instalment. */
  readonly fromMonth: number;
  /** Decision date, a calendar date "YYYY-MM-DD", in the year adjusted. */
  readonly date: string;
  readonly reason: string;
  /** Code from the region's list of unforeseen circumstances; required for an upward adjustment. */
  readonly upwardReason?: string;
  /** The provider's forecast cost for the year; required for a downward adjustment. */
  readonly forecastCostCents?: Cents;
  /** Deviating municipalities with their own amounts; the others share the rest in proportion. */
  readonly explicitSplit?: {
    readonly deviating: readonly MunicipalityCode[];
    readonly amounts: Readonly<Record<MunicipalityCode, string>>;
    readonly reason: string;
  };
  /** Reference of the approval to exceed the contract value. */
  readonly approval?: string;
}

export interface PriorAdjustment {
  readonly seq: number;
  readonly date: string;
  readonly reason: string;
}

export interface AdjustmentContext {
  readonly regionId: string;
  readonly lumpSumCents: Cents;
  /** The provider's current contribution per municipality, in the region's municipality order. */
  readonly contributions: readonly { readonly municipality: MunicipalityCode; readonly amountCents: Cents }[];
  /** Months 1..paidThrough are paid. */
  readonly paidThrough: number;
  readonly settled: boolean;
  readonly prior?: PriorAdjustment;
  readonly upwardReasonCodes: readonly string[];
  /** "5": a downward adjustment needs a forecast at least 5% below the lump sum. */
  readonly downwardThresholdPct: string;
  readonly payment: PaymentRules;
  /** Σ of every provider's lump sum of the year now, and the contract value (what the year was allocated). */
  readonly regionTotalCents: Cents;
  readonly contractValueCents: Cents;
}

/** Checks the request against the rules and returns the change per municipality. */
export function decideAdjustment(req: AdjustmentRequest, ctx: AdjustmentContext): { municipality: MunicipalityCode; deltaCents: Cents }[] {
  if (ctx.settled) throw new Refusal('YEAR_SETTLED', { year: req.year });
  if (ctx.prior) {
    throw new Refusal('ADJUSTMENT_ALREADY_MADE', { provider: req.provider, year: req.year, date: ctx.prior.date, reason: ctx.prior.reason, seq: ctx.prior.seq });
  }
  if (!isValidDate(req.date)) throw new Refusal('DATE_INVALID', { text: req.date });
  if (Number(req.date.slice(0, 4)) !== req.year) throw new Refusal('DECISION_DATE_OUTSIDE_YEAR', { date: req.date, year: req.year });
  if (req.deltaCents === 0n) throw new Refusal('ADJUSTMENT_ZERO');
  if (!req.reason.trim()) throw new Refusal('ADJUSTMENT_REASON_MISSING');
  const instalment = instalmentStartingIn(req.fromMonth, ctx.payment);
  if (instalment === undefined) {
    const starts = Array.from({ length: ctx.payment.instalments }, (_, i) => monthText(req.year, instalmentStartMonth(i + 1, ctx.payment)));
    throw new Refusal('MONTH_NOT_INSTALMENT_START', { month: monthText(req.year, req.fromMonth), starts });
  }
  if (req.fromMonth <= ctx.paidThrough) {
    const next = ctx.paidThrough < 12 ? monthText(req.year, ctx.paidThrough + 1) : undefined;
    throw new Refusal('ADJUSTMENT_RETROACTIVE', { year: req.year, paidThrough: ctx.paidThrough, ...(next ? { next } : {}) });
  }
  if (req.deltaCents > 0n) {
    if (!req.upwardReason || !ctx.upwardReasonCodes.includes(req.upwardReason)) throw new Refusal('ADJUSTMENT_REASON_REQUIRED', { codes: ctx.upwardReasonCodes });
    // "De gemeenten zien erop toe dat de totale opdrachtwaarde niet zonder bestuurlijke of
    // contractuele goedkeuring wordt overschreden" (seed 003 §3.3.1).
    const newTotal = ctx.regionTotalCents + req.deltaCents;
    if (newTotal > ctx.contractValueCents && !req.approval?.trim()) {
      throw new Refusal('ADJUSTMENT_EXCEEDS_CONTRACT_VALUE', { year: req.year, contractCents: ctx.contractValueCents, newTotalCents: newTotal });
    }
  } else {
    if (req.forecastCostCents === undefined) throw new Refusal('ADJUSTMENT_FORECAST_REQUIRED');
    if (req.forecastCostCents < 0n) throw new Refusal('FORECAST_NEGATIVE', { forecastCents: req.forecastCostCents });
    // "Substantially lower": the forecast is at least the threshold (5%) of the lump sum below it.
    if (!belowByAtLeast(req.forecastCostCents, ctx.lumpSumCents, ctx.downwardThresholdPct)) {
      throw new Refusal('ADJUSTMENT_NOT_ENOUGH_BELOW', { forecastCents: req.forecastCostCents, lumpSumCents: ctx.lumpSumCents, thresholdPct: ctx.downwardThresholdPct });
    }
    if (-req.deltaCents > ctx.lumpSumCents - req.forecastCostCents) {
      throw new Refusal('ADJUSTMENT_BELOW_FORECAST', { deltaCents: req.deltaCents, maxCents: ctx.lumpSumCents - req.forecastCostCents });
    }
  }
  const parts = req.explicitSplit ? explicitSplit(req, ctx) : proportional(req.deltaCents, ctx.contributions);
  return parts;
}

const monthText = (year: number, month: number) => `${year}-${String(month).padStart(2, '0')}`;

/** forecast ≤ lumpSum × (1 − pct/100), exactly (pct a decimal string such as "5" or "7.5"). */
export function belowByAtLeast(forecast: Cents, lumpSum: Cents, pct: string): boolean {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(pct.trim());
  if (!m) throw new Refusal('THRESHOLD_INVALID', { text: pct });
  const scale = 10n ** BigInt((m[2] ?? '').length);
  const p = BigInt(m[1]! + (m[2] ?? ''));
  return forecast * 100n * scale <= lumpSum * (100n * scale - p);
}

/** Rule 4: shared in proportion to the municipalities' contributions (largest remainder). */
function proportional(delta: Cents, contributions: AdjustmentContext['contributions']): { municipality: MunicipalityCode; deltaCents: Cents }[] {
  const weights = contributions.map((c) => c.amountCents);
  const parts = sum(weights) > 0n ? splitByWeights(delta, weights) : splitByWeights(delta, contributions.map(() => 1n));
  return contributions.map((c, i) => ({ municipality: c.municipality, deltaCents: parts[i]! }));
}

/**
 * Rule 4's exception: the deviating municipalities get the amounts decided for them; the rest of the
 * change is shared by the other municipalities in proportion to their contributions, as if the
 * exception did not exist for them. Every part has the sign of the whole (or is zero), and the parts
 * add up to the whole.
 */
function explicitSplit(req: AdjustmentRequest, ctx: AdjustmentContext): { municipality: MunicipalityCode; deltaCents: Cents }[] {
  const split = req.explicitSplit!;
  const known = ctx.contributions.map((c) => c.municipality);
  if (!split.reason.trim()) throw new Refusal('SPLIT_REASON_MISSING');
  if (split.deviating.length === 0) throw new Refusal('SPLIT_NO_DEVIATING');
  const deviating = new Set<string>();
  for (const m of split.deviating) {
    if (!known.includes(m)) throw new Refusal('UNKNOWN_MUNICIPALITY', { municipality: m, region: ctx.regionId, known });
    if (deviating.has(m)) throw new Refusal('KEYS_DUPLICATE', { municipality: m });
    deviating.add(m);
  }
  for (const m of Object.keys(split.amounts)) {
    if (!known.includes(m)) throw new Refusal('UNKNOWN_MUNICIPALITY', { municipality: m, region: ctx.regionId, known });
    if (!deviating.has(m)) throw new Refusal('SPLIT_NOT_DEVIATING', { municipality: m });
  }
  const own = new Map<string, Cents>();
  for (const m of deviating) {
    const text = split.amounts[m];
    if (text === undefined) throw new Refusal('SPLIT_AMOUNT_MISSING', { municipality: m });
    if (!/^-?\d+$/.test(text)) throw new Refusal('SPLIT_AMOUNT_INVALID', { municipality: m, text });
    own.set(m, BigInt(text));
  }
  const others = ctx.contributions.filter((c) => !deviating.has(c.municipality));
  const rest = req.deltaCents - sum(own.values());
  if (others.length === 0 && rest !== 0n) throw new Refusal('SPLIT_DOES_NOT_ADD_UP', { totalCents: sum(own.values()), deltaCents: req.deltaCents });
  const shared = new Map(others.length > 0 ? proportional(rest, others).map((p) => [p.municipality, p.deltaCents]) : []);
  const parts = ctx.contributions.map((c) => ({ municipality: c.municipality, deltaCents: own.get(c.municipality) ?? shared.get(c.municipality) ?? 0n }));
  for (const p of parts) {
    if (p.deltaCents !== 0n && p.deltaCents > 0n !== req.deltaCents > 0n) throw new Refusal('SPLIT_SIGN', { municipality: p.municipality, partCents: p.deltaCents, deltaCents: req.deltaCents });
  }
  const total = sum(parts.map((p) => p.deltaCents));
  if (total !== req.deltaCents) throw new Refusal('SPLIT_DOES_NOT_ADD_UP', { totalCents: total, deltaCents: req.deltaCents });
  return parts;
}
