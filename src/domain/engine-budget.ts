// Decisions on the inputs of a year: adopted budgets and contribution keys [DOMAIN.md §3, §4 rule 5, 7].
// Once a year pays, its inputs are fixed; before that, an allocated year follows new inputs at once.
import type { BudgetImportDecision, BudgetImportResult, KeyContribution, KeysDecision, KeysResult } from './decisions.ts';
import { budgetsFromJson } from './decisions.ts';
import { Refusal } from './errors.ts';
import { fitsInDatabase, formatEuros, splitByWeights, sum } from './money.ts';
import { regionBudget } from './budget-rules.ts';
import { budgetTotals, isLocked, municipalityCodes, type EngineState, type RecordedBudget } from './engine-state.ts';
import type { Region } from './region.ts';

/** Reallocates a year with its own plan, keeping the seq of its allocation entry (the plan's source). */
export type Reallocate = (state: EngineState, region: Region, year: number) => EngineState;

export function applyBudgetImport(before: EngineState, region: Region, d: BudgetImportDecision, seq: number, reallocate: Reallocate): { state: EngineState; result: BudgetImportResult } {
  const codes = municipalityCodes(region);
  const incoming: RecordedBudget[] = budgetsFromJson(d.budgets).map((b) => ({ ...b, seq }));
  if (incoming.length === 0) throw new Refusal('BUDGET_EMPTY');
  const seen = new Set<string>();
  for (const b of incoming) {
    if (!codes.includes(b.municipality)) throw new Refusal('UNKNOWN_MUNICIPALITY', { municipality: b.municipality, region: region.id, known: codes });
    const key = `${b.year}|${b.municipality}`;
    if (seen.has(key)) throw new Refusal('DUPLICATE_BUDGET', { municipality: b.municipality, year: b.year });
    seen.add(key);
    let total = 0n;
    for (const l of b.lines) {
      // A line may be negative, a savings task (decisions §11); it must fit the database.
      if (!fitsInDatabase(l.amountCents)) throw new Refusal('AMOUNT_TOO_LARGE', { text: formatEuros(l.amountCents) });
      total += l.amountCents;
    }
    // The municipality's total of the year stays above zero.
    if (total <= 0n) {
      throw new Refusal('AMOUNT_INVALID', { text: formatEuros(total), expected: `the budget of ${b.municipality} for ${b.year} adds up to zero or less; a yearly budget is more than zero`, expectedNl: `de begroting van ${b.municipality} voor ${b.year} telt op tot nul of minder; een jaarbegroting is meer dan nul` });
    }
  }
  const merged = [...before.budgets.filter((b) => !seen.has(`${b.year}|${b.municipality}`)), ...incoming].sort((a, b) => a.year - b.year || a.municipality.localeCompare(b.municipality));
  checkNoHoles(merged);
  const after: EngineState = { ...structuredClone(before), budgets: merged };
  const years = [...new Set(incoming.map((b) => b.year))].sort((a, b) => a - b);

  // Every year whose budget this import changes, directly or through the carried-on level or the
  // indexation base: a paying or settled year refuses; an allocated one follows at once.
  const changed = (y: number) => budgetOrRefusal(before, region, y) !== budgetOrRefusal(after, region, y);
  const locked = Object.values(before.years).filter(isLocked).map((y) => y.year).sort((a, b) => a - b);
  const lockedChanged = locked.filter(changed);
  if (lockedChanged.length > 0) {
    const y = before.years[lockedChanged[0]!]!;
    const firstRun = y.paymentRuns[0]?.seq ?? y.settlement?.seq ?? 0;
    throw new Refusal('BUDGET_YEAR_LOCKED', { years: lockedChanged, paying: y.year, seq: firstRun });
  }
  for (const y of years) {
    const total = regionBudget(merged, region.budgetPolicy, codes, y).totalCents;
    if (!fitsInDatabase(total)) throw new Refusal('AMOUNT_TOO_LARGE', { text: `the budget of ${y} (${formatEuros(total)})` });
  }
  after.budgetSeqs.push({ seq, years });
  const reallocated: number[] = [];
  let state = after;
  for (const y of Object.values(before.years).filter((x) => !isLocked(x)).map((x) => x.year).sort((a, b) => a - b)) {
    if (!changed(y)) continue;
    state = reallocate(state, region, y);
    reallocated.push(y);
  }
  return {
    state,
    result: {
      years,
      totals: years.map((y) => ({ year: y, totalCents: sum(budgetTotals(state, region, y).map((b) => b.amountCents)).toString() })),
      reallocated,
    },
  };
}

/**
 * A year's budget per municipality as text, or the refusal it gives (so "no budget" compares too).
 * Only the amounts count: the lump sums follow them; lines that regroup the same amount change nothing.
 */
function budgetOrRefusal(state: EngineState, region: Region, year: number): string {
  try {
    const r = regionBudget(state.budgets, region.budgetPolicy, municipalityCodes(region), year);
    return r.municipalities.map((m) => `${m.municipality}:${m.amountCents}`).join(';');
  } catch (e) {
    if (e instanceof Refusal) return `refused:${e.code}`;
    throw e;
  }
}

/** The adopted years of every municipality are contiguous: a hole would leave a year without a level. */
function checkNoHoles(budgets: readonly RecordedBudget[]): void {
  const byMunicipality = new Map<string, number[]>();
  for (const b of budgets) byMunicipality.set(b.municipality, [...(byMunicipality.get(b.municipality) ?? []), b.year]);
  for (const [municipality, years] of byMunicipality) {
    const sorted = [...years].sort((a, b) => a - b);
    const missing: number[] = [];
    for (let y = sorted[0]!; y <= sorted.at(-1)!; y++) if (!sorted.includes(y)) missing.push(y);
    if (missing.length > 0) throw new Refusal('GAP_IN_BUDGET_YEARS', { municipality, missing });
  }
}

export function applyKeys(before: EngineState, region: Region, d: KeysDecision, seq: number, reallocate: Reallocate): { state: EngineState; result: KeysResult } {
  const codes = municipalityCodes(region);
  const y = before.years[d.year];
  if (y?.settlement) throw new Refusal('YEAR_SETTLED', { year: d.year, seq: y.settlement.seq });
  if (y && y.paidThrough > 0) throw new Refusal('YEAR_ALREADY_PAYING', { year: d.year, what: 'keys' });
  for (const m of Object.keys(d.keys)) if (!codes.includes(m)) throw new Refusal('UNKNOWN_MUNICIPALITY', { municipality: m, region: region.id, known: codes });
  const keys: Record<string, bigint> = {};
  for (const m of codes) {
    const text = d.keys[m];
    if (text === undefined || !/^\d+$/.test(text)) throw new Refusal('KEYS_INVALID', { municipality: m });
    keys[m] = BigInt(text);
  }
  if (sum(Object.values(keys)) === 0n) throw new Refusal('KEYS_INVALID', { allZero: true });
  let state = structuredClone(before);
  state.keys[d.year] = { keys, basis: d.basis, seq };
  const comparison = contributionsAgainstBudgets(state, region, d.year, keys);
  if (y) state = reallocate(state, region, d.year);
  return {
    state,
    result: {
      year: d.year,
      reallocated: y !== undefined,
      ...(comparison ? { totalCents: comparison.totalCents } : {}),
      perMunicipality: comparison?.perMunicipality ?? [],
      aboveBudget: (comparison?.perMunicipality ?? []).filter((p) => p.aboveBudget).map((p) => p.municipality),
    },
  };
}

/**
 * What each municipality would pay under the keys (its part of the year's total, by largest
 * remainder) against the budget its council adopted; undefined when the year has no budget yet.
 */
function contributionsAgainstBudgets(state: EngineState, region: Region, year: number, keys: Readonly<Record<string, bigint>>): { totalCents: string; perMunicipality: KeyContribution[] } | undefined {
  let budgets;
  try {
    budgets = budgetTotals(state, region, year);
  } catch (e) {
    if (e instanceof Refusal) return undefined;
    throw e;
  }
  const total = sum(budgets.map((b) => b.amountCents));
  const parts = splitByWeights(total, budgets.map((b) => keys[b.municipality] ?? 0n));
  return {
    totalCents: total.toString(),
    perMunicipality: budgets.map((b, i) => ({
      municipality: b.municipality,
      contributionCents: parts[i]!.toString(),
      budgetCents: b.amountCents.toString(),
      differenceCents: (parts[i]! - b.amountCents).toString(),
      aboveBudget: parts[i]! > b.amountCents,
    })),
  };
}
