// The yearly revision of the municipalities' contributions [issue 14; DOMAIN.md §4 rule 7]: next
// year's contribution keys computed by a stated method from the figures, with every input shown,
// instead of negotiated in a spreadsheet. Pure: the app layer brings the figures. Each method gives
// integer weights per municipality; the region budget of the year is split by them exactly
// (largest remainder, money.ts), so the proposed contributions add up to the budget to the cent.
import { Refusal } from './errors.ts';
import { splitByWeights, type Cents } from './money.ts';
import type { MunicipalityCode } from './region.ts';
import { percent } from './settlement-rules.ts';
import { divideHalfEven } from './utilisation.ts';

export const KEY_METHODS = ['reach-cost', 'clients-previous-year', 'clients-three-year', 'budget'] as const;
export type KeyMethod = (typeof KEY_METHODS)[number];

export const KEY_METHOD_TEXT: Readonly<Record<KeyMethod, { nl: string; en: string }>> = {
  'reach-cost': {
    nl: 'bereik × kosten: per zorgvorm de jeugdigen van de gemeente × de gemiddelde kosten per jeugdige in de regio (M12-rapportages)',
    en: "reach × cost: per care form the municipality's young people × the region's average cost per young person (M12 reports)",
  },
  'clients-previous-year': { nl: 'jeugdigen in zorg in het jaar ervoor', en: 'young people in care in the year before' },
  'clients-three-year': { nl: 'jeugdigen in zorg, gemiddelde van de drie jaren ervoor', en: 'young people in care, average of the three years before' },
  budget: { nl: 'de begrotingen van de gemeenten voor het jaar', en: "the municipalities' budgets of the year" },
};

/** A method, or a weighted mix of methods ("reach-cost=50,budget=50"). */
export type KeyMethodSpec = readonly { readonly method: KeyMethod; readonly weight: bigint }[];

const isKeyMethod = (s: string): s is KeyMethod => (KEY_METHODS as readonly string[]).includes(s);

export function parseKeyMethod(text: string): KeyMethodSpec {
  const t = text.trim();
  if (isKeyMethod(t)) return [{ method: t, weight: 1n }];
  const parts = t.split(',').map((p) => p.trim());
  const spec: { method: KeyMethod; weight: bigint }[] = [];
  for (const p of parts) {
    const m = /^([a-z-]+)\s*[=:]\s*(\d{1,6})$/.exec(p);
    if (!m || !isKeyMethod(m[1]!)) throw new Refusal('KEYS_METHOD_INVALID', { text });
    if (spec.some((s) => s.method === m[1])) throw new Refusal('KEYS_METHOD_INVALID', { text, reason: `${m[1]} twice` });
    spec.push({ method: m[1] as KeyMethod, weight: BigInt(m[2]!) });
  }
  if (spec.length === 0 || spec.every((s) => s.weight === 0n)) throw new Refusal('KEYS_METHOD_INVALID', { text, reason: 'no weight' });
  return spec;
}

export const methodText = (spec: KeyMethodSpec): string => (spec.length === 1 && spec[0]!.weight === 1n ? spec[0]!.method : spec.map((s) => `${s.method}=${s.weight}`).join(','));

/** What the methods weigh, as the app reads it from the ledger, the reports and the traffic. */
export interface KeyFigures {
  readonly year: number;
  /** The year the figures are taken from (default year − 1). */
  readonly basisYear: number;
  readonly municipalities: readonly MunicipalityCode[];
  /** The region budget of the year, split by the keys. */
  readonly totalCents: Cents;
  /** Each municipality's budget of the year (adopted, extended or indexed). */
  readonly budgets: Readonly<Record<MunicipalityCode, Cents>>;
  /** The keys in force for the year now (weights), and what they are based on. */
  readonly currentKeys: Readonly<Record<MunicipalityCode, bigint>>;
  readonly currentBasis: string;
  /** Young people in care per year and municipality (distinct per municipality). */
  readonly clientsByYear: Readonly<Record<number, Readonly<Record<MunicipalityCode, number>>>>;
  /** Basis year: young people per care form and municipality. */
  readonly clientsByCareForm: Readonly<Record<string, Readonly<Record<MunicipalityCode, number>>>>;
  /** Basis year: the region's cost per care form from the providers' M12 reports. */
  readonly m12CostByCareForm: Readonly<Record<string, Cents>>;
  /** Providers whose M12 report of the basis year is missing (reach-cost is then incomplete). */
  readonly missingM12: readonly string[];
}

export interface MethodInput {
  readonly method: KeyMethod;
  readonly weight: bigint;
  readonly description: string;
  /** The weight per municipality this method gives, as text (young people, cents). */
  readonly perMunicipality: Readonly<Record<MunicipalityCode, string>>;
  /** reach-cost: the region's average cost per young person per care form. */
  readonly averageCostPerCareForm?: Readonly<Record<string, { costCents: string; youngPeople: number; averageCents: string }>>;
}

export interface ProposalRow {
  readonly municipality: MunicipalityCode;
  readonly currentSharePct: string;
  readonly proposedSharePct: string;
  readonly currentCents: Cents;
  readonly proposedCents: Cents;
  readonly differenceCents: Cents;
  readonly budgetCents: Cents;
  /** The proposal asks more than the council budgeted. */
  readonly aboveBudget: boolean;
  /** The combined weight the split used. */
  readonly weight: bigint;
}

export interface KeyProposal {
  readonly year: number;
  readonly basisYear: number;
  readonly method: string;
  readonly totalCents: Cents;
  readonly currentBasis: string;
  readonly inputs: readonly MethodInput[];
  readonly rows: readonly ProposalRow[];
  readonly warnings: readonly { nl: string; en: string }[];
  /** Set by the app: the proposal weighs a count of 1–4 young people (it may not be recorded). */
  readonly weighsSmallCount?: boolean;
}

function methodWeights(method: KeyMethod, f: KeyFigures): MethodInput {
  const ms = f.municipalities;
  const text = KEY_METHOD_TEXT[method];
  const input = (per: Record<string, bigint>, description: string, extra: Partial<MethodInput> = {}): MethodInput => ({
    method,
    weight: 1n,
    description,
    perMunicipality: Object.fromEntries(ms.map((m) => [m, (per[m] ?? 0n).toString()])),
    ...extra,
  });
  const empty = (what: string, whatNl: string) => new Refusal('KEYS_BASIS_EMPTY', { method, basisYear: f.basisYear, what, whatNl });
  switch (method) {
    case 'budget':
      return input(Object.fromEntries(ms.map((m) => [m, f.budgets[m] ?? 0n])), `${text.en} ${f.year}`);
    case 'clients-previous-year': {
      const c = f.clientsByYear[f.basisYear] ?? {};
      const per = Object.fromEntries(ms.map((m) => [m, BigInt(c[m] ?? 0)]));
      if (Object.values(per).every((v) => v === 0n)) throw empty('the traffic shows no young people in care that year', 'het berichtenverkeer toont dat jaar geen jeugdigen in zorg');
      return input(per, `${text.en} (${f.basisYear})`);
    }
    case 'clients-three-year': {
      const years = [f.basisYear - 2, f.basisYear - 1, f.basisYear];
      // The average of three years is in proportion to their sum: the sum is the exact weight.
      const per = Object.fromEntries(ms.map((m) => [m, years.reduce((t, y) => t + BigInt(f.clientsByYear[y]?.[m] ?? 0), 0n)]));
      if (Object.values(per).every((v) => v === 0n)) throw empty('the traffic shows no young people in care in those years', 'het berichtenverkeer toont in die jaren geen jeugdigen in zorg');
      return input(per, `${text.en} (${years[0]}–${years[2]}, sum of the three years)`);
    }
    case 'reach-cost': {
      const averages: Record<string, { costCents: string; youngPeople: number; averageCents: string }> = {};
      const per: Record<string, bigint> = Object.fromEntries(ms.map((m) => [m, 0n]));
      for (const [careForm, cost] of Object.entries(f.m12CostByCareForm)) {
        const byM = f.clientsByCareForm[careForm] ?? {};
        const young = ms.reduce((t, m) => t + (byM[m] ?? 0), 0);
        if (young === 0) continue;
        const average = divideHalfEven(cost, BigInt(young));
        averages[careForm] = { costCents: cost.toString(), youngPeople: young, averageCents: average.toString() };
        for (const m of ms) per[m]! += BigInt(byM[m] ?? 0) * average;
      }
      if (Object.values(per).every((v) => v === 0n)) throw empty('there are no M12 reports with cost, or no young people in their care forms', 'er zijn geen M12-rapportages met kosten, of geen jeugdigen in hun zorgvormen');
      return input(per, `${text.en} (${f.basisYear})`, { averageCostPerCareForm: averages });
    }
  }
}

export function proposeKeys(spec: KeyMethodSpec, f: KeyFigures): KeyProposal {
  const ms = f.municipalities;
  const inputs = spec.filter((s) => s.weight > 0n).map((s) => ({ ...methodWeights(s.method, f), weight: s.weight }));
  // Σ_k w_k × W_km / S_k as one integer weight: multiply each method's weights by the other methods' sums.
  const sums = inputs.map((i) => ms.reduce((t, m) => t + BigInt(i.perMunicipality[m]!), 0n));
  const weights = ms.map((m) =>
    inputs.reduce((t, i, k) => t + i.weight * BigInt(i.perMunicipality[m]!) * sums.reduce((p, s, j) => (j === k ? p : p * s), 1n), 0n),
  );
  const proposed = splitByWeights(f.totalCents, weights);
  const currentWeights = ms.map((m) => f.currentKeys[m] ?? 0n);
  const current = currentWeights.some((w) => w > 0n) ? splitByWeights(f.totalCents, currentWeights) : ms.map(() => 0n);
  const warnings: { nl: string; en: string }[] = [];
  if (spec.some((s) => s.method === 'reach-cost' && s.weight > 0n) && f.missingM12.length > 0) {
    warnings.push({
      nl: `De M12-rapportage over ${f.basisYear} ontbreekt van ${f.missingM12.join(', ')}; de gemiddelde kosten zijn zonder hen berekend.`,
      en: `The M12 report for ${f.basisYear} is missing from ${f.missingM12.join(', ')}; the average costs are computed without them.`,
    });
  }
  return {
    year: f.year,
    basisYear: f.basisYear,
    method: methodText(spec),
    totalCents: f.totalCents,
    currentBasis: f.currentBasis,
    inputs,
    warnings,
    rows: ms.map((m, i) => ({
      municipality: m,
      currentSharePct: percent(current[i]!, f.totalCents),
      proposedSharePct: percent(proposed[i]!, f.totalCents),
      currentCents: current[i]!,
      proposedCents: proposed[i]!,
      differenceCents: proposed[i]! - current[i]!,
      budgetCents: f.budgets[m] ?? 0n,
      aboveBudget: proposed[i]! > (f.budgets[m] ?? 0n),
      weight: weights[i]!,
    })),
  };
}
