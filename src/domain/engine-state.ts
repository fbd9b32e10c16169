// The state the money engine folds the ledger into, and the read helpers every decision shares.
import { contributionOf, type AllocationPlan, type AllocationResult, type ContributionKeys, type LumpSumCell } from './allocation-rules.ts';
import { regionBudget, type MunicipalBudget } from './budget-rules.ts';
import type { Cents } from './money.ts';
import { instalments, instalmentStartMonth, type PaymentRules } from './payment-schedule.ts';
import { moneyRules, type AdoptedBudget, type MunicipalityCode, type Region } from './region.ts';
import type { Settlement } from './settlement-rules.ts';
import type { TrueUpLine } from './true-up.ts';
import type { ProviderRegistry } from './provider-registry.ts';
import type { FinancialReport } from './financial-reports.ts';
import type { SignalStatus } from './decisions.ts';
import type { TenderState } from './tender-record.ts';

/** A financial report as recorded: the report, its ledger entry, delivery date and lateness. */
export interface RecordedReport extends FinancialReport {
  readonly seq: number;
  readonly submittedOn: string;
  readonly source: string;
  readonly deadline: string;
  readonly late: boolean;
}

export interface SignalState {
  readonly seq: number;
  readonly status: SignalStatus;
  readonly date: string;
  readonly note?: string;
}

/** An adopted budget with the ledger entry that adopted it. */
export interface RecordedBudget extends AdoptedBudget {
  readonly seq: number;
}

export interface AdjustmentRecord {
  readonly seq: number;
  readonly provider: string;
  readonly date: string;
  readonly reason: string;
  readonly deltaCents: Cents;
  readonly fromMonth: number;
  readonly perMunicipality: readonly { municipality: MunicipalityCode; deltaCents: Cents }[];
  readonly explicit: boolean;
  readonly approval?: string;
}

/** What an allocation was computed from: the budgets of the year (with the entries that adopted them) and the keys. */
export interface AllocationInputs {
  readonly totalCents: Cents;
  readonly budgets: readonly (MunicipalBudget & { readonly seq: number })[];
  /** The keys.set entry in force, or undefined when the keys followed the rule for unset keys. */
  readonly keysSeq?: number;
}

export interface YearState {
  readonly year: number;
  readonly plan: AllocationPlan;
  readonly allocationSeq: number;
  readonly keys: ContributionKeys;
  readonly keysBasis: string;
  readonly inputs: AllocationInputs;
  readonly allocation: AllocationResult;
  /** Current lump-sum cells: the allocation plus adjustments. */
  cells: LumpSumCell[];
  /** Instalments per "provider|municipality", one per instalment of the year. */
  schedule: Record<string, Cents[]>;
  /** Months 1..paidThrough are paid (the last month of the last instalment paid). */
  paidThrough: number;
  paymentRuns: { seq: number; month: number }[];
  adjustments: AdjustmentRecord[];
  settlement?: Settlement & { seq: number };
  /** The true-up between municipalities by realisation, when the region settles that way. */
  trueUp?: { seq: number; lines: TrueUpLine[] };
}

export interface EngineState {
  /** The provider registry: every provider by code, with its AGB codes. */
  providers: ProviderRegistry;
  budgets: RecordedBudget[];
  budgetSeqs: { seq: number; years: number[] }[];
  keys: Record<number, { keys: ContributionKeys; basis: string; seq: number }>;
  years: Record<number, YearState>;
  /** Financial reports per "year|provider|period": every delivery in order, the last one in force. */
  reports: Record<string, RecordedReport[]>;
  /** The region's status per signal key; a signal without one is open. */
  signals: Record<string, SignalState>;
  /** The tenders by id: each the fold of its ledger entries. */
  tenders: Record<string, TenderState>;
}

export const reportKey = (year: number, provider: string, period: string): string => `${year}|${provider}|${period}`;

/** The report in force for a provider and period (the latest delivery), if any. */
export function reportOf(state: EngineState, year: number, provider: string, period: string): RecordedReport | undefined {
  return state.reports[reportKey(year, provider, period)]?.at(-1);
}

/** Before the first decision nothing is known; even the region file's adopted budgets enter through a budget.import entry. */
export function emptyState(_region: Region): EngineState {
  return { providers: {}, budgets: [], budgetSeqs: [], keys: {}, years: {}, reports: {}, signals: {}, tenders: {} };
}

export const scheduleKey = (provider: string, municipality: string): string => `${provider}|${municipality}`;

export const paymentRulesOf = (region: Region): PaymentRules => {
  const r = moneyRules(region);
  return { instalments: r.instalments, leftoverCents: r.leftoverCents };
};

export const municipalityCodes = (region: Region): MunicipalityCode[] => region.municipalities.map((m) => m.code);

export function budgetTotals(state: EngineState, region: Region, year: number): { municipality: MunicipalityCode; amountCents: Cents }[] {
  const r = regionBudget(state.budgets, region.budgetPolicy, municipalityCodes(region), year);
  return r.municipalities.map((m) => ({ municipality: m.municipality, amountCents: m.amountCents }));
}

/** The budgets of a year with, per municipality, the entry that adopted the row they were taken from. */
export function budgetInputs(state: EngineState, region: Region, year: number): AllocationInputs['budgets'] {
  const r = regionBudget(state.budgets, region.budgetPolicy, municipalityCodes(region), year);
  return r.municipalities.map((m) => ({
    ...m,
    seq: state.budgets.find((b) => b.municipality === m.municipality && b.year === m.basedOnYear)!.seq,
  }));
}

/**
 * The keys in force for a year: explicitly set ones; else, by the region's rule, the latest keys set
 * for an earlier year ('previous-keys') or the municipalities' budgets of the year ('budgets').
 */
export function keysFor(state: EngineState, region: Region, year: number): { keys: ContributionKeys; basis: string; seq?: number } {
  const set = state.keys[year];
  if (set) return { keys: set.keys, basis: set.basis, seq: set.seq };
  if (moneyRules(region).defaultKeys === 'previous-keys') {
    const earlier = Object.keys(state.keys).map(Number).filter((y) => y < year).sort((a, b) => b - a)[0];
    if (earlier !== undefined) {
      const k = state.keys[earlier]!;
      return { keys: k.keys, basis: `${k.basis} (keys of ${earlier}, carried on)`, seq: k.seq };
    }
  }
  const budgets = budgetTotals(state, region, year);
  return { keys: Object.fromEntries(budgets.map((b) => [b.municipality, b.amountCents])), basis: `budgets ${year}` };
}

export function buildSchedule(cells: readonly LumpSumCell[], municipalities: readonly string[], rules: PaymentRules): Record<string, Cents[]> {
  const schedule: Record<string, Cents[]> = {};
  for (const p of [...new Set(cells.map((c) => c.provider))]) {
    for (const m of municipalities) schedule[scheduleKey(p, m)] = instalments(contributionOf(cells, p, m), rules);
  }
  return schedule;
}

/** Is the year paying or settled: its budgets, keys and allocation are then fixed. */
export const isLocked = (y: YearState | undefined): boolean => y !== undefined && (y.paidThrough > 0 || y.settlement !== undefined);

/** A provider's payments for a year: the instalments with their first month and status. */
export function paymentsOf(y: YearState, rules: PaymentRules): { provider: string; municipality: MunicipalityCode; month: number; amountCents: Cents; paid: boolean }[] {
  const out: { provider: string; municipality: MunicipalityCode; month: number; amountCents: Cents; paid: boolean }[] = [];
  for (const [key, parts] of Object.entries(y.schedule)) {
    const [provider, municipality] = key.split('|') as [string, string];
    parts.forEach((amountCents, i) => {
      const month = instalmentStartMonth(i + 1, rules);
      out.push({ provider, municipality, month, amountCents, paid: month <= y.paidThrough });
    });
  }
  return out;
}
