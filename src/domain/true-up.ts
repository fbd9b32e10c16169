// Settlement between municipalities by realisation [issue 14; seed 002 §6.2; DOMAIN.md §2]: a region
// that agrees its distribution key in advance and settles the realisation afterwards (Eemland).
// After the year each municipality's contribution is trued up to its share of the realised cost
// attributed from the M12 reports; every provider's lump sum stays as it was. The municipalities'
// contributions are redivided in proportion to their attributed cost (largest remainder, exact), so
// the true-ups add up to zero to the cent: what one owes, the others receive.
import { splitByWeights, type Cents } from './money.ts';
import type { MunicipalityCode } from './region.ts';

export interface TrueUpLine {
  readonly municipality: MunicipalityCode;
  /** What the municipality contributed to all lump sums of the year. */
  readonly contributionCents: Cents;
  /** The realised cost attributed to it (M12 reports, by days in care). */
  readonly attributedCostCents: Cents;
  /** Its part of the total contributions by realisation. */
  readonly targetCents: Cents;
  /** target − contribution: positive owes, negative receives. */
  readonly trueUpCents: Cents;
}

export function trueUp(contributions: readonly { municipality: MunicipalityCode; amountCents: Cents }[], costs: readonly { municipality: MunicipalityCode; costCents: Cents }[]): TrueUpLine[] {
  const total = contributions.reduce((t, c) => t + c.amountCents, 0n);
  const cost = contributions.map((c) => costs.find((x) => x.municipality === c.municipality)?.costCents ?? 0n);
  if (cost.some((c) => c < 0n)) throw new RangeError('attributed cost must not be negative');
  // Without any attributed cost there is nothing to true up to: the contributions stand.
  const target = cost.every((c) => c === 0n) ? contributions.map((c) => c.amountCents) : splitByWeights(total, cost);
  return contributions.map((c, i) => ({
    municipality: c.municipality,
    contributionCents: c.amountCents,
    attributedCostCents: cost[i]!,
    targetCents: target[i]!,
    trueUpCents: target[i]! - c.amountCents,
  }));
}
