// In-year adjustment of a lump sum [DOMAIN.md §4 rules 1–5; seed 000 §5.4a, §5.2c].
import { splitByWeights, sum, type Cents } from './money.ts';
import { RuleError } from './errors.ts';
import type { MunicipalityCode } from './region.ts';

export interface AdjustmentRequest {
  readonly provider: string;
  readonly year: number;
  /** Signed change of the provider's lump sum, in cents. */
  readonly deltaCents: Cents;
  /** First month (1–12) the new amount applies to. */
  readonly fromMonth: number;
  /** Decision date, a calendar date "YYYY-MM-DD". */
  readonly date: string;
  readonly reason: string;
  /** Code from the region's list of unforeseen circumstances; required for an upward adjustment. */
  readonly upwardReason?: string;
  /** The provider's forecast cost for the year; required for a downward adjustment. */
  readonly forecastCostCents?: Cents;
  /**
   * When a municipality deviates (costs substantially higher or lower there), the split over the
   * municipalities is an explicit decision: amounts per municipality that add up to the change.
   */
  readonly explicitSplit?: {
    readonly deviating: readonly MunicipalityCode[];
    readonly amounts: Readonly<Record<MunicipalityCode, string>>;
    readonly reason: string;
  };
}

export interface PriorAdjustment {
  readonly date: string;
  readonly reason: string;
}

export interface AdjustmentContext {
  readonly lumpSumCents: Cents;
  /** The provider's current contribution per municipality, in the region's municipality order. */
  readonly contributions: readonly { readonly municipality: MunicipalityCode; readonly amountCents: Cents }[];
  /** Months 1..paidThrough are paid. */
  readonly paidThrough: number;
  readonly settled: boolean;
  readonly prior?: PriorAdjustment;
  readonly upwardReasonCodes: readonly string[];
}

/** Checks the request against the rules and returns the change per municipality. */
export function decideAdjustment(req: AdjustmentRequest, ctx: AdjustmentContext): { municipality: MunicipalityCode; deltaCents: Cents }[] {
  if (ctx.settled) throw new RuleError('YEAR_SETTLED', `${req.year} is settled; a settled lump sum is never changed`);
  if (ctx.prior) {
    throw new RuleError(
      'ADJUSTMENT_ALREADY_MADE',
      `provider ${req.provider} already had its one in-year adjustment for ${req.year} on ${ctx.prior.date} (${ctx.prior.reason}); a lump sum is adjusted at most once a year`,
      { priorDate: ctx.prior.date, priorReason: ctx.prior.reason },
    );
  }
  if (req.deltaCents === 0n) throw new RuleError('ADJUSTMENT_INVALID', 'an adjustment of zero changes nothing');
  if (!req.reason.trim()) throw new RuleError('ADJUSTMENT_INVALID', 'an adjustment needs a reason (--reason)');
  if (req.fromMonth <= ctx.paidThrough) {
    throw new RuleError(
      'ADJUSTMENT_RETROACTIVE',
      `months up to ${req.year}-${String(ctx.paidThrough).padStart(2, '0')} are paid; an adjustment takes effect from a month not yet paid (${ctx.paidThrough < 12 ? `${req.year}-${String(ctx.paidThrough + 1).padStart(2, '0')} or later` : 'none is left this year'})`,
    );
  }
  if (req.deltaCents > 0n) {
    if (!req.upwardReason || !ctx.upwardReasonCodes.includes(req.upwardReason)) {
      throw new RuleError(
        'ADJUSTMENT_REASON_REQUIRED',
        `an upward adjustment is allowed only for an unforeseen circumstance; give one of: ${ctx.upwardReasonCodes.join(', ')}`,
      );
    }
  } else {
    if (req.forecastCostCents === undefined) {
      throw new RuleError('ADJUSTMENT_NOT_ENOUGH_BELOW', 'a downward adjustment needs the provider\'s forecast cost for the year (--forecast)');
    }
    // "Substantially lower": the forecast is at least 5% of the lump sum below it.
    if (req.forecastCostCents * 100n > ctx.lumpSumCents * 95n) {
      throw new RuleError(
        'ADJUSTMENT_NOT_ENOUGH_BELOW',
        `the forecast cost ${req.forecastCostCents} is less than 5% below the lump sum ${ctx.lumpSumCents}; a downward adjustment needs costs at least 5% lower`,
      );
    }
    if (-req.deltaCents > ctx.lumpSumCents - req.forecastCostCents) {
      throw new RuleError(
        'ADJUSTMENT_INVALID',
        `a downward adjustment of ${-req.deltaCents} cents would take the lump sum below the forecast cost; at most ${ctx.lumpSumCents - req.forecastCostCents} cents`,
      );
    }
  }
  if (req.explicitSplit) return explicitSplit(req, ctx);
  // Rule 4: shared in proportion to the municipalities' contributions (largest remainder).
  const parts = splitByWeights(req.deltaCents, ctx.contributions.map((c) => c.amountCents));
  return ctx.contributions.map((c, i) => ({ municipality: c.municipality, deltaCents: parts[i]! }));
}

function explicitSplit(req: AdjustmentRequest, ctx: AdjustmentContext): { municipality: MunicipalityCode; deltaCents: Cents }[] {
  const split = req.explicitSplit!;
  const known = ctx.contributions.map((c) => c.municipality);
  if (!split.reason.trim()) throw new RuleError('ADJUSTMENT_INVALID', 'a split that deviates from the contributions needs its own reason (--split-reason)');
  if (split.deviating.length === 0) throw new RuleError('ADJUSTMENT_INVALID', 'an explicit split names the deviating municipality (--deviating)');
  for (const m of [...split.deviating, ...Object.keys(split.amounts)]) {
    if (!known.includes(m)) throw new RuleError('UNKNOWN_MUNICIPALITY', `municipality ${m} does not contribute to provider ${req.provider}`);
  }
  const parts = known.map((m) => {
    const text = split.amounts[m] ?? '0';
    if (!/^-?\d+$/.test(text)) throw new RuleError('ADJUSTMENT_INVALID', `the split for ${m} ("${text}") is not a whole number of cents`);
    return { municipality: m, deltaCents: BigInt(text) };
  });
  const total = sum(parts.map((p) => p.deltaCents));
  if (total !== req.deltaCents) {
    throw new RuleError('ADJUSTMENT_INVALID', `the explicit split adds up to ${total} cents, not to the adjustment of ${req.deltaCents} cents`);
  }
  return parts;
}
