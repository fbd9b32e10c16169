// The money engine as a fold over the ledger: state = decisions applied in order. The same function
// records a new decision and replays the ledger, so a rebuild gives exactly the stored figures.
import { allocate, contributionOf, lumpSumOf, type AllocationPlan, type AllocationResult, type ContributionKeys, type LumpSumCell } from './allocation-rules.ts';
import { decideAdjustment } from './adjustment-rules.ts';
import { regionBudget } from './budget-rules.ts';
import { budgetsFromJson, type Decision } from './decisions.ts';
import { RuleError } from './errors.ts';
import { splitByWeights, sum, type Cents } from './money.ts';
import { instalments, MONTHS, reschedule } from './payment-schedule.ts';
import type { AdoptedBudget, MunicipalityCode, Region } from './region.ts';
import { settle, type Settlement } from './settlement-rules.ts';

export interface AdjustmentRecord {
  readonly seq: number;
  readonly provider: string;
  readonly date: string;
  readonly reason: string;
  readonly deltaCents: Cents;
  readonly fromMonth: number;
  readonly perMunicipality: readonly { municipality: MunicipalityCode; deltaCents: Cents }[];
  readonly explicit: boolean;
}

export interface YearState {
  readonly year: number;
  readonly plan: AllocationPlan;
  readonly allocationSeq: number;
  readonly keys: ContributionKeys;
  readonly keysBasis: string;
  readonly allocation: AllocationResult;
  /** Current lump-sum cells: the allocation plus adjustments. */
  cells: LumpSumCell[];
  /** Instalments per "provider|municipality", 12 each. */
  schedule: Record<string, Cents[]>;
  paidThrough: number;
  paymentRuns: { seq: number; month: number }[];
  adjustments: AdjustmentRecord[];
  settlement?: Settlement & { seq: number };
}

export interface EngineState {
  budgets: AdoptedBudget[];
  budgetSeqs: { seq: number; years: number[] }[];
  keys: Record<number, { keys: ContributionKeys; basis: string; seq: number }>;
  years: Record<number, YearState>;
}

/** Before the first decision nothing is known; even the region file's adopted budgets enter through a budget.import entry. */
export function emptyState(_region: Region): EngineState {
  return { budgets: [], budgetSeqs: [], keys: {}, years: {} };
}

export const scheduleKey = (provider: string, municipality: string): string => `${provider}|${municipality}`;

export function budgetTotals(state: EngineState, region: Region, year: number): { municipality: MunicipalityCode; amountCents: Cents }[] {
  const r = regionBudget(state.budgets, region.budgetPolicy, region.municipalities.map((m) => m.code), year);
  return r.municipalities.map((m) => ({ municipality: m.municipality, amountCents: m.amountCents }));
}

/** The keys in force for a year: explicitly set ones, or else the municipalities' budgets. */
export function keysFor(state: EngineState, region: Region, year: number): { keys: ContributionKeys; basis: string } {
  const set = state.keys[year];
  if (set) return { keys: set.keys, basis: set.basis };
  const budgets = budgetTotals(state, region, year);
  return { keys: Object.fromEntries(budgets.map((b) => [b.municipality, b.amountCents])), basis: `budgets ${year}` };
}

function requireYear(state: EngineState, year: number): YearState {
  const y = state.years[year];
  if (!y) throw new RuleError('YEAR_NOT_ALLOCATED', `no lump sums are allocated for ${year}; run "jeugdregie allocate --year ${year}" first`);
  return y;
}

function buildSchedule(cells: readonly LumpSumCell[], municipalities: readonly string[]): Record<string, Cents[]> {
  const schedule: Record<string, Cents[]> = {};
  for (const p of [...new Set(cells.map((c) => c.provider))]) {
    for (const m of municipalities) schedule[scheduleKey(p, m)] = instalments(contributionOf(cells, p, m));
  }
  return schedule;
}

export interface Applied {
  readonly state: EngineState;
  /** The figures the decision produced, as recorded in the ledger (amounts as strings). */
  readonly result: Record<string, unknown>;
}

/** Applies one decision; refuses (throws RuleError) when a rule forbids it. Never mutates `before`. */
export function applyDecision(before: EngineState, region: Region, decision: Decision, seq: number): Applied {
  const state = structuredClone(before);
  const municipalities = region.municipalities.map((m) => m.code);
  switch (decision.kind) {
    case 'budget.import': {
      const incoming = budgetsFromJson(decision.budgets);
      const replaced = new Set(incoming.map((b) => `${b.year}|${b.municipality}`));
      state.budgets = [...state.budgets.filter((b) => !replaced.has(`${b.year}|${b.municipality}`)), ...incoming].sort(
        (a, b) => a.year - b.year || a.municipality.localeCompare(b.municipality),
      );
      const years = [...new Set(incoming.map((b) => b.year))].sort();
      state.budgetSeqs.push({ seq, years });
      const allocated = years.filter((y) => state.years[y]);
      return {
        state,
        result: {
          years,
          totals: years.map((y) => ({ year: y, totalCents: sum(budgetTotals(state, region, y).map((b) => b.amountCents)).toString() })),
          note: allocated.length > 0 ? `lump sums for ${allocated.join(', ')} were allocated on the previous budget; allocate again before payments start, or record an adjustment` : undefined,
        },
      };
    }
    case 'keys.set': {
      const y = state.years[decision.year];
      if (y?.settlement) throw new RuleError('YEAR_SETTLED', `${decision.year} is settled; keys can only change for a coming year`);
      if (y && y.paidThrough > 0) {
        throw new RuleError('YEAR_ALREADY_PAYING', `payments for ${decision.year} have started; keys change for a coming year, and in-year changes go through an adjustment`);
      }
      const keys: Record<string, bigint> = {};
      for (const m of municipalities) {
        const text = decision.keys[m];
        if (text === undefined || !/^\d+$/.test(text)) throw new RuleError('KEYS_INVALID', `a key for municipality ${m} is missing or not a whole non-negative number`);
        keys[m] = BigInt(text);
      }
      for (const m of Object.keys(decision.keys)) if (!municipalities.includes(m)) throw new RuleError('UNKNOWN_MUNICIPALITY', `municipality ${m} is not in region ${region.id}`);
      if (sum(Object.values(keys)) === 0n) throw new RuleError('KEYS_INVALID', 'the keys are all zero');
      state.keys[decision.year] = { keys, basis: decision.basis, seq };
      if (y) {
        // Not yet paying: the year's allocation follows the new keys at once.
        const redone = applyDecision(state, region, { kind: 'allocation', plan: y.plan }, y.allocationSeq);
        return { state: redone.state, result: { year: decision.year, reallocated: true, ...redone.result } };
      }
      return { state, result: { year: decision.year, reallocated: false } };
    }
    case 'allocation': {
      const year = decision.plan.year;
      const existing = state.years[year];
      if (existing?.settlement) throw new RuleError('YEAR_SETTLED', `${year} is settled; its lump sums are final`);
      if (existing && existing.paidThrough > 0) {
        throw new RuleError('YEAR_ALREADY_PAYING', `payments for ${year} have started (paid through ${year}-${String(existing.paidThrough).padStart(2, '0')}); the allocation can no longer be redone — record an adjustment instead`);
      }
      if (existing && existing.adjustments.length > 0) throw new RuleError('YEAR_ALREADY_PAYING', `${year} has an adjustment; the allocation can no longer be redone`);
      const budgets = budgetTotals(state, region, year);
      const total = sum(budgets.map((b) => b.amountCents));
      const { keys, basis } = keysFor(state, region, year);
      const allocation = allocate(decision.plan, total, keys, municipalities, region.themes.map((t) => t.code), region.maxProviders);
      state.years[year] = {
        year,
        plan: decision.plan,
        allocationSeq: seq,
        keys,
        keysBasis: basis,
        allocation,
        cells: [...allocation.cells],
        schedule: buildSchedule(allocation.cells, municipalities),
        paidThrough: 0,
        paymentRuns: [],
        adjustments: [],
      };
      return {
        state,
        result: {
          year,
          totalCents: total.toString(),
          keysBasis: basis,
          providers: decision.plan.providers.map((p) => ({ provider: p.code, lumpSumCents: lumpSumOf(allocation.cells, p.code).toString() })),
          municipalities: allocation.municipalityTotals.map((m) => ({ municipality: m.municipality, amountCents: m.amountCents.toString() })),
        },
      };
    }
    case 'payment.run': {
      const y = requireYear(state, decision.year);
      if (y.paidThrough >= MONTHS || decision.month !== y.paidThrough + 1) {
        throw new RuleError(
          'PAYMENT_RUN_INVALID',
          y.paidThrough >= MONTHS
            ? `all twelve months of ${decision.year} are paid`
            : `the next month to pay for ${decision.year} is ${decision.year}-${String(y.paidThrough + 1).padStart(2, '0')}; months are paid in order, once`,
        );
      }
      y.paidThrough = decision.month;
      y.paymentRuns.push({ seq, month: decision.month });
      const paid = Object.values(y.schedule).map((s) => s[decision.month - 1]!);
      return { state, result: { year: decision.year, month: decision.month, instalments: paid.length, totalCents: sum(paid).toString() } };
    }
    case 'adjustment': {
      const r = decision.request;
      const y = requireYear(state, r.year);
      if (!y.plan.providers.some((p) => p.code === r.provider)) {
        throw new RuleError('UNKNOWN_PROVIDER', `provider ${r.provider} has no lump sum in ${r.year}`);
      }
      const prior = y.adjustments.find((a) => a.provider === r.provider);
      const request = { ...r, deltaCents: BigInt(r.deltaCents), forecastCostCents: r.forecastCostCents === undefined ? undefined : BigInt(r.forecastCostCents) };
      const perMunicipality = decideAdjustment(request, {
        lumpSumCents: lumpSumOf(y.cells, r.provider),
        contributions: municipalities.map((m) => ({ municipality: m, amountCents: contributionOf(y.cells, r.provider, m) })),
        paidThrough: y.paidThrough,
        settled: y.settlement !== undefined,
        prior: prior ? { date: prior.date, reason: prior.reason } : undefined,
        upwardReasonCodes: region.upwardReasons.map((u) => u.code),
      });
      for (const { municipality, deltaCents } of perMunicipality) {
        if (deltaCents === 0n) continue;
        // Within a municipality the change follows the provider's themes in proportion to their amounts.
        const themeCells = y.cells.filter((c) => c.provider === r.provider && c.municipality === municipality);
        const weights = themeCells.map((c) => c.amountCents);
        const parts = sum(weights) > 0n ? splitByWeights(deltaCents, weights) : splitByWeights(deltaCents, themeCells.map(() => 1n));
        y.cells = y.cells.map((c) => {
          const k = themeCells.indexOf(c);
          return k === -1 ? c : { ...c, amountCents: c.amountCents + parts[k]! };
        });
        const key = scheduleKey(r.provider, municipality);
        y.schedule[key] = reschedule(y.schedule[key]!, contributionOf(y.cells, r.provider, municipality), r.fromMonth);
      }
      y.adjustments.push({
        seq,
        provider: r.provider,
        date: r.date,
        reason: r.reason,
        deltaCents: request.deltaCents,
        fromMonth: r.fromMonth,
        perMunicipality,
        explicit: r.explicitSplit !== undefined,
      });
      return {
        state,
        result: {
          provider: r.provider,
          year: r.year,
          newLumpSumCents: lumpSumOf(y.cells, r.provider).toString(),
          perMunicipality: perMunicipality.map((p) => ({ municipality: p.municipality, deltaCents: p.deltaCents.toString() })),
        },
      };
    }
    case 'settlement': {
      const y = requireYear(state, decision.year);
      if (y.settlement) throw new RuleError('YEAR_SETTLED', `${decision.year} was settled already (ledger entry #${y.settlement.seq})`);
      if (y.paidThrough < MONTHS) {
        throw new RuleError(
          'SETTLEMENT_INVALID',
          `${decision.year} is paid through month ${y.paidThrough}; a year is settled after all twelve instalments are paid`,
        );
      }
      const contributions = y.plan.providers.flatMap((p) => municipalities.map((m) => ({ provider: p.code, municipality: m, amountCents: contributionOf(y.cells, p.code, m) })));
      const s = settle(decision.year, contributions, decision.costs.map((c) => ({ ...c, costCents: BigInt(c.costCents) })), municipalities, decision.thresholdPct);
      y.settlement = { ...s, seq };
      return {
        state,
        result: {
          year: decision.year,
          totalLumpSumCents: s.totalLumpSumCents.toString(),
          totalCostCents: s.totalCostCents.toString(),
          flagged: s.municipalities.filter((m) => m.flagged).map((m) => m.municipality),
          deficits: s.providers.filter((p) => p.resultCents < 0n).map((p) => p.provider),
        },
      };
    }
  }
}

/** Replays a whole ledger from the region's shipped state. */
export function replay(region: Region, entries: readonly { seq: number; decision: Decision }[]): EngineState {
  let state = emptyState(region);
  for (const e of entries) state = applyDecision(state, region, e.decision, e.seq).state;
  return state;
}

/** A provider's payments for a year: the instalments with their status. */
export function paymentsOf(y: YearState): { provider: string; municipality: MunicipalityCode; month: number; amountCents: Cents; paid: boolean }[] {
  const out: { provider: string; municipality: MunicipalityCode; month: number; amountCents: Cents; paid: boolean }[] = [];
  for (const [key, months] of Object.entries(y.schedule)) {
    const [provider, municipality] = key.split('|') as [string, string];
    months.forEach((amountCents, i) => out.push({ provider, municipality, month: i + 1, amountCents, paid: i + 1 <= y.paidThrough }));
  }
  return out;
}
