// From budget to lump sums [DOMAIN.md §3; seed 003 §3.3.3]: total → themes → providers, and every
// provider-theme amount split over the municipalities by the contribution keys.
import { controlledRounding, decimalsToWeights, splitByWeights, sum, type Cents } from './money.ts';
import type { MunicipalityCode } from './region.ts';
import { Refusal } from './errors.ts';

export interface ProviderRef {
  readonly code: string;
  readonly name: string;
}

/** The outcome of the tender dialogue for one year: shares in percent, as decimal strings. */
export interface AllocationPlan {
  readonly year: number;
  readonly themes: readonly { readonly theme: string; readonly sharePct: string }[];
  readonly providers: readonly {
    readonly code: string;
    readonly name: string;
    /** The provider's AGB code (8 digits), as it appears in iJw messages. */
    readonly agb?: string;
    /** The provider's share of each theme it works in. */
    readonly themes: readonly { readonly theme: string; readonly sharePct: string }[];
  }[];
  /** The tender whose accepted distribution this plan is: its id and the ledger entry of the distribution. */
  readonly source?: { readonly tender: string; readonly seq: number };
}

/** A municipality's weight in every provider's lump sum; initially its budget. */
export type ContributionKeys = Readonly<Record<MunicipalityCode, bigint>>;

export interface LumpSumCell {
  readonly provider: string;
  readonly theme: string;
  readonly municipality: MunicipalityCode;
  readonly amountCents: Cents;
}

export interface AllocationResult {
  readonly year: number;
  readonly totalCents: Cents;
  readonly themeTotals: readonly { readonly theme: string; readonly amountCents: Cents }[];
  /** Provider-theme amounts before the split over municipalities. */
  readonly providerThemeTotals: readonly { readonly provider: string; readonly theme: string; readonly amountCents: Cents }[];
  /** What each municipality pays in all, after applying the keys to the total. */
  readonly municipalityTotals: readonly { readonly municipality: MunicipalityCode; readonly amountCents: Cents }[];
  readonly cells: readonly LumpSumCell[];
}


function sharesAddUpTo100(shares: readonly string[]): boolean {
  const weights = decimalsToWeights(shares);
  const scaleDigits = Math.max(0, ...shares.map((s) => (s.split('.')[1] ?? '').length));
  return sum(weights) === 100n * 10n ** BigInt(scaleDigits);
}

/** Checks a plan against the region's themes; returns every problem, not just the first. */
export function checkPlan(plan: AllocationPlan, themeCodes: readonly string[], maxProviders?: number): string[] {
  const problems: string[] = [];
  const decimal = /^\d+(\.\d+)?$/;
  const seenThemes = new Set<string>();
  for (const [i, t] of plan.themes.entries()) {
    if (!themeCodes.includes(t.theme)) problems.push(`themes[${i}]: unknown theme "${t.theme}" (known: ${themeCodes.join(', ')})`);
    if (seenThemes.has(t.theme)) problems.push(`themes[${i}]: theme "${t.theme}" is listed twice`);
    seenThemes.add(t.theme);
    if (!decimal.test(t.sharePct)) problems.push(`themes[${i}]: share "${t.sharePct}" is not a percentage like 25 or 12.5`);
  }
  if (problems.length === 0 && !sharesAddUpTo100(plan.themes.map((t) => t.sharePct))) {
    problems.push(`themes: the theme shares add up to ${plan.themes.map((t) => t.sharePct).join(' + ')}, not 100`);
  }
  const seenProviders = new Set<string>();
  const perTheme = new Map<string, string[]>();
  for (const [i, p] of plan.providers.entries()) {
    if (!/^[A-Za-z0-9_-]{1,40}$/.test(p.code)) problems.push(`providers[${i}]: code "${p.code}" must be 1–40 letters, digits, - or _`);
    if (seenProviders.has(p.code)) problems.push(`providers[${i}]: provider "${p.code}" is listed twice`);
    seenProviders.add(p.code);
    if (p.agb !== undefined && !/^\d{8}$/.test(p.agb)) problems.push(`providers[${i}]: AGB code "${p.agb}" must be 8 digits`);
    if (p.themes.length === 0) problems.push(`providers[${i}]: provider "${p.code}" has no theme`);
    for (const [k, t] of p.themes.entries()) {
      if (!seenThemes.has(t.theme)) problems.push(`providers[${i}].themes[${k}]: theme "${t.theme}" has no share in the plan`);
      if (!decimal.test(t.sharePct)) problems.push(`providers[${i}].themes[${k}]: share "${t.sharePct}" is not a percentage`);
      perTheme.set(t.theme, [...(perTheme.get(t.theme) ?? []), t.sharePct]);
    }
  }
  for (const t of plan.themes) {
    const shares = perTheme.get(t.theme) ?? [];
    if (shares.length === 0) problems.push(`theme ${t.theme}: no provider works in this theme`);
    else if (shares.every((s) => decimal.test(s)) && !sharesAddUpTo100(shares)) {
      problems.push(`theme ${t.theme}: the providers' shares add up to ${shares.join(' + ')}, not 100`);
    }
  }
  if (maxProviders !== undefined && plan.providers.length > maxProviders) {
    problems.push(`providers: ${plan.providers.length} providers; the region contracts at most ${maxProviders}`);
  }
  return problems;
}

/**
 * Allocates `totalCents` (the region's budget for the year). Rules:
 * - total → themes and theme → providers by largest remainder on the plan's percentages;
 * - the municipalities' parts of the total by largest remainder on the keys (initially their budgets,
 *   which then come out exactly);
 * - every provider-theme amount over the municipalities by controlled rounding, so both the provider's
 *   lump sum and each municipality's total hold to the cent.
 */
export function allocate(
  plan: AllocationPlan,
  totalCents: Cents,
  keys: ContributionKeys,
  municipalities: readonly MunicipalityCode[],
  themeCodes: readonly string[],
  maxProviders?: number,
): AllocationResult {
  const problems = checkPlan(plan, themeCodes, maxProviders);
  if (problems.length > 0) throw new Refusal('PLAN_INVALID', { year: plan.year, problems });
  const themeAmounts = splitByWeights(totalCents, decimalsToWeights(plan.themes.map((t) => t.sharePct)));
  const themeTotals = plan.themes.map((t, i) => ({ theme: t.theme, amountCents: themeAmounts[i]! }));
  const providerThemeTotals: { provider: string; theme: string; amountCents: Cents }[] = [];
  for (const t of themeTotals) {
    const members = plan.providers.flatMap((p) => p.themes.filter((x) => x.theme === t.theme).map((x) => ({ provider: p.code, share: x.sharePct })));
    const parts = splitByWeights(t.amountCents, decimalsToWeights(members.map((m) => m.share)));
    members.forEach((m, i) => providerThemeTotals.push({ provider: m.provider, theme: t.theme, amountCents: parts[i]! }));
  }
  const keyWeights = municipalities.map((m) => keys[m] ?? 0n);
  const colTotals = splitByWeights(totalCents, keyWeights);
  const table = controlledRounding(providerThemeTotals.map((r) => r.amountCents), colTotals);
  const cells: LumpSumCell[] = [];
  providerThemeTotals.forEach((r, i) =>
    municipalities.forEach((m, j) => cells.push({ provider: r.provider, theme: r.theme, municipality: m, amountCents: table[i]![j]! })),
  );
  return {
    year: plan.year,
    totalCents,
    themeTotals,
    providerThemeTotals,
    municipalityTotals: municipalities.map((m, j) => ({ municipality: m, amountCents: colTotals[j]! })),
    cells,
  };
}

/** A provider's lump sum: Σ over municipalities (and themes) of its contributions. */
export function lumpSumOf(cells: readonly LumpSumCell[], provider: string): Cents {
  return sum(cells.filter((c) => c.provider === provider).map((c) => c.amountCents));
}

/** What one municipality contributes to one provider, over all of that provider's themes. */
export function contributionOf(cells: readonly LumpSumCell[], provider: string, municipality: MunicipalityCode): Cents {
  return sum(cells.filter((c) => c.provider === provider && c.municipality === municipality).map((c) => c.amountCents));
}
