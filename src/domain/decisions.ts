// The decisions that make every figure: each is one append-only ledger entry (DOMAIN.md §4, last
// paragraph). Amounts travel as strings of digits so entries survive JSON unchanged.
import type { AllocationPlan } from './allocation-rules.ts';
import type { AdjustmentRequest } from './adjustment-rules.ts';
import type { AdoptedBudget, MunicipalityCode } from './region.ts';

export type JsonCents = string;

export interface BudgetImportDecision {
  readonly kind: 'budget.import';
  readonly source: string;
  readonly budgets: readonly { year: number; municipality: MunicipalityCode; lines: { line: string; amountCents: JsonCents }[] }[];
}

export interface KeysDecision {
  readonly kind: 'keys.set';
  readonly year: number;
  /** Weight per municipality (any non-negative integers; cents of a reference amount are typical). */
  readonly keys: Readonly<Record<MunicipalityCode, string>>;
  readonly basis: string;
}

export interface AllocationDecision {
  readonly kind: 'allocation';
  readonly plan: AllocationPlan;
}

export interface PaymentRunDecision {
  readonly kind: 'payment.run';
  readonly year: number;
  readonly month: number;
}

export interface AdjustmentDecision {
  readonly kind: 'adjustment';
  readonly request: Omit<AdjustmentRequest, 'deltaCents' | 'forecastCostCents'> & { deltaCents: JsonCents; forecastCostCents?: JsonCents };
}

export interface SettlementDecision {
  readonly kind: 'settlement';
  readonly year: number;
  readonly thresholdPct: string;
  readonly costs: readonly { provider: string; municipality: MunicipalityCode; costCents: JsonCents }[];
}

export type Decision = BudgetImportDecision | KeysDecision | AllocationDecision | PaymentRunDecision | AdjustmentDecision | SettlementDecision;

export type DecisionKind = Decision['kind'];

export function budgetsToJson(budgets: readonly AdoptedBudget[]): BudgetImportDecision['budgets'] {
  return budgets.map((b) => ({ year: b.year, municipality: b.municipality, lines: b.lines.map((l) => ({ line: l.line, amountCents: l.amountCents.toString() })) }));
}

export function budgetsFromJson(budgets: BudgetImportDecision['budgets']): AdoptedBudget[] {
  return budgets.map((b) => ({ year: b.year, municipality: b.municipality, lines: b.lines.map((l) => ({ line: l.line, amountCents: BigInt(l.amountCents) })) }));
}

/** A ledger entry as stored: the decision plus who took it, when and why. */
export interface LedgerEntry {
  readonly seq: number;
  /** ISO timestamp of recording. */
  readonly recordedAt: string;
  readonly actor: string;
  readonly reason: string;
  readonly decision: Decision;
  /** A summary of the figures the decision produced (for reading; replay recomputes them). */
  readonly result: unknown;
}
