// The decisions that make every figure: each is one append-only ledger entry (DOMAIN.md §4, last
// paragraph). Amounts travel as strings of digits so entries survive JSON unchanged. Every kind has
// its own result type: what the decision produced, as recorded in the ledger for reading (replay
// recomputes it).
import type { TenderDecision, TenderResult } from './tender-record.ts';
import type { AllocationPlan } from './allocation-rules.ts';
import type { ReportKind, ReportPeriod } from './financial-reports.ts';
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
  /** When the keys come from a proposal (keys propose): its method and every input, for `ledger explain`. */
  readonly proposal?: KeyProposalJson;
}

/** A computed key proposal as recorded: the method, its basis year(s) and the inputs per municipality. */
export interface KeyProposalJson {
  readonly method: string;
  readonly basisYear: number;
  /** What each method weighed per municipality (young people, cents, …), as text. */
  readonly inputs: readonly { readonly method: string; readonly weightPct?: string; readonly description: string; readonly perMunicipality: Readonly<Record<MunicipalityCode, string>> }[];
}

export interface AllocationDecision {
  readonly kind: 'allocation';
  readonly plan: AllocationPlan;
}

export interface PaymentRunDecision {
  readonly kind: 'payment.run';
  readonly year: number;
  /** The first month of the instalment paid (1–12; with monthly instalments simply the month). */
  readonly month: number;
}

export interface AdjustmentRequestJson {
  readonly provider: string;
  readonly year: number;
  /** Signed change of the provider's lump sum. */
  readonly deltaCents: JsonCents;
  /** First month (1–12) the new amount applies to: the first month of an instalment not yet paid. */
  readonly fromMonth: number;
  /** Decision date "YYYY-MM-DD"; filled in with today (the region's time zone) when recording without one. */
  readonly date?: string;
  readonly reason: string;
  /** Code from the region's list of unforeseen circumstances; required for an upward adjustment. */
  readonly upwardReason?: string;
  /** The provider's forecast cost for the year; required for a downward adjustment. */
  readonly forecastCostCents?: JsonCents;
  /**
   * When municipalities deviate (costs substantially higher or lower there) they get an amount of
   * their own; the rest of the change is shared by the others in proportion to their contributions.
   */
  readonly explicitSplit?: {
    readonly deviating: readonly MunicipalityCode[];
    readonly amounts: Readonly<Record<MunicipalityCode, JsonCents>>;
    readonly reason: string;
  };
  /** Reference of the administrative or contractual approval when the region's total would exceed the contract value (seed 003 §3.3.1). */
  readonly approval?: string;
  /** Where the forecast came from when taken from a provider's report (adjust --forecast-from M8). */
  readonly forecastSource?: { readonly period: ReportPeriod; readonly reportSeq: number; readonly submittedOn: string };
}

export interface AdjustmentDecision {
  readonly kind: 'adjustment';
  readonly request: AdjustmentRequestJson;
}

export interface SettlementDecision {
  readonly kind: 'settlement';
  readonly year: number;
  readonly thresholdPct: string;
  readonly costs: readonly { provider: string; municipality: MunicipalityCode; costCents: JsonCents }[];
  /**
   * Where the costs came from: the M12 reports attributed per municipality (with the report entries
   * used), or a cost file given explicitly as an override. Absent in entries from before reports.
   */
  readonly source?: { readonly kind: 'reports'; readonly reports: readonly { provider: string; seq: number }[] } | { readonly kind: 'file'; readonly file: string };
}

/**
 * The true-up between municipalities by realisation (a region whose settlementPolicy says
 * municipalityTrueUp): each municipality's contribution trued up to its attributed realised cost.
 */
export interface TrueUpDecision {
  readonly kind: 'settlement.trueup';
  readonly year: number;
  /** Realised cost attributed per municipality from the M12 reports (Σ over providers). */
  readonly costs: readonly { municipality: MunicipalityCode; costCents: JsonCents }[];
  /** The M12 report entries the costs were attributed from. */
  readonly reports: readonly { provider: string; seq: number }[];
}

/** A provider's financial report for a period (M4, M8, M12): replaces an earlier one of the same period; both stay in the ledger. */
export interface ReportSubmitDecision {
  readonly kind: 'report.submit';
  readonly provider: string;
  readonly year: number;
  /** M4, M8, M12, or PLAN for the annual plan. */
  readonly period: ReportKind;
  /** The delivery date (the region's today, or --as-of): decides whether the report is late. */
  readonly submittedOn: string;
  /** The file or channel it came in by. */
  readonly source: string;
  readonly lines: readonly { careForm: string; costCents: JsonCents; forecastCents?: JsonCents; youngPeople?: number }[];
  readonly fte: readonly { area: string; fte: string }[];
  readonly explanation?: string;
}

export const SIGNAL_STATUSES = ['open', 'discussion', 'closed'] as const;
export type SignalStatus = (typeof SIGNAL_STATUSES)[number];

/** The region's status of a signal: open, in discussion (with a date and note), closed. */
export interface SignalStatusDecision {
  readonly kind: 'signal.status';
  readonly year: number;
  /** The signal's key, as the utilisation view gives it ("2028|M8|P03|forecast_over_lump_sum"). */
  readonly signal: string;
  readonly status: SignalStatus;
  readonly date: string;
  readonly note?: string;
}

/** Registers providers (or changes a name or AGB codes) in the one provider registry. */
export interface ProviderRegistrationDecision {
  readonly kind: 'provider.register';
  /** agbCodes replaces the provider's AGB codes; left out, a registered provider keeps its own. */
  readonly providers: readonly { readonly code: string; readonly name: string; readonly agbCodes?: readonly string[] }[];
}

export type Decision =
  | TenderDecision
  | BudgetImportDecision
  | KeysDecision
  | AllocationDecision
  | PaymentRunDecision
  | AdjustmentDecision
  | SettlementDecision
  | ProviderRegistrationDecision
  | ReportSubmitDecision
  | TrueUpDecision
  | SignalStatusDecision;

export type DecisionKind = Decision['kind'];

export interface BudgetImportResult {
  readonly years: number[];
  readonly totals: { year: number; totalCents: JsonCents }[];
  /** Allocated years that had not started paying: their lump sums follow the new budgets at once. */
  readonly reallocated: number[];
}

/** A municipality's part of the year's total under the keys, against the budget its council adopted. */
export interface KeyContribution {
  readonly municipality: MunicipalityCode;
  readonly contributionCents: JsonCents;
  readonly budgetCents: JsonCents;
  /** Contribution − budget; positive when the keys ask more than the council adopted. */
  readonly differenceCents: JsonCents;
  readonly aboveBudget: boolean;
}

export interface KeysResult {
  readonly year: number;
  readonly reallocated: boolean;
  /** The year's total the keys divide (its budget), when the year has one. */
  readonly totalCents?: JsonCents;
  readonly perMunicipality: KeyContribution[];
  readonly aboveBudget: MunicipalityCode[];
}

export interface AllocationSummary {
  readonly year: number;
  readonly totalCents: JsonCents;
  readonly keysBasis: string;
  readonly providers: { provider: string; lumpSumCents: JsonCents }[];
  readonly municipalities: { municipality: MunicipalityCode; amountCents: JsonCents }[];
}

export interface PaymentRunResult {
  readonly year: number;
  readonly month: number;
  /** Which instalment of the year (1-based). */
  readonly instalment: number;
  /** Number of payments (provider × municipality). */
  readonly payments: number;
  readonly totalCents: JsonCents;
}

export interface AdjustmentResult {
  readonly provider: string;
  readonly year: number;
  readonly date: string;
  readonly newLumpSumCents: JsonCents;
  readonly perMunicipality: { municipality: MunicipalityCode; deltaCents: JsonCents }[];
  /** Σ of all lump sums of the year after the adjustment, and the contract value it is held against. */
  readonly regionTotalCents: JsonCents;
  readonly contractValueCents: JsonCents;
  readonly approval?: string;
}

export interface SettlementResult {
  readonly year: number;
  readonly totalLumpSumCents: JsonCents;
  readonly totalCostCents: JsonCents;
  readonly flagged: MunicipalityCode[];
  readonly deficits: string[];
}

export interface ReportSubmitResult {
  readonly provider: string;
  readonly year: number;
  readonly period: ReportKind;
  readonly deadline: string;
  readonly late: boolean;
  /** The ledger entry of the report this one replaces. */
  readonly replaces?: number;
  readonly costCents: JsonCents;
  readonly forecastCents: JsonCents;
}

export interface TrueUpResult {
  readonly year: number;
  readonly lines: readonly { municipality: MunicipalityCode; contributionCents: JsonCents; attributedCostCents: JsonCents; targetCents: JsonCents; trueUpCents: JsonCents }[];
}

export interface SignalStatusResult {
  readonly signal: string;
  readonly status: SignalStatus;
  readonly previous?: SignalStatus;
}

export interface ProviderRegistrationResult {
  readonly providers: { code: string; name: string; agbCodes: string[] }[];
}

type TenderResults = { [K in TenderDecision['kind']]: TenderResult };

export interface ResultByKind extends TenderResults {
  'budget.import': BudgetImportResult;
  'keys.set': KeysResult;
  allocation: AllocationSummary;
  'payment.run': PaymentRunResult;
  adjustment: AdjustmentResult;
  settlement: SettlementResult;
  'provider.register': ProviderRegistrationResult;
  'report.submit': ReportSubmitResult;
  'settlement.trueup': TrueUpResult;
  'signal.status': SignalStatusResult;
}

export type ResultOf<K extends DecisionKind> = ResultByKind[K];

export function budgetsToJson(budgets: readonly AdoptedBudget[]): BudgetImportDecision['budgets'] {
  return budgets.map((b) => ({ year: b.year, municipality: b.municipality, lines: b.lines.map((l) => ({ line: l.line, amountCents: l.amountCents.toString() })) }));
}

export function budgetsFromJson(budgets: BudgetImportDecision['budgets']): AdoptedBudget[] {
  return budgets.map((b) => ({ year: b.year, municipality: b.municipality, lines: b.lines.map((l) => ({ line: l.line, amountCents: BigInt(l.amountCents) })) }));
}

/** A ledger entry as stored: the decision plus who took it, when, why and under which rules. */
export interface LedgerEntry {
  readonly seq: number;
  /** ISO timestamp of recording. */
  readonly recordedAt: string;
  readonly actor: string;
  readonly reason: string;
  /** The version of the region's rules the decision was taken under (see store/rules-repository). */
  readonly rulesVersion: number;
  readonly decision: Decision;
  /** A summary of the figures the decision produced (for reading; replay recomputes them). */
  readonly result: unknown;
}
