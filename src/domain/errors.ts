// One catalogue of the refusals the money engine can give. Each carries a code (stable, for the API
// and tests) and a message a contract manager understands, saying what to do.

export type RuleCode =
  | 'PLAN_INVALID'
  | 'NO_BUDGET'
  | 'YEAR_NOT_ALLOCATED'
  | 'YEAR_ALREADY_PAYING'
  | 'YEAR_SETTLED'
  | 'ADJUSTMENT_ALREADY_MADE'
  | 'ADJUSTMENT_REASON_REQUIRED'
  | 'ADJUSTMENT_NOT_ENOUGH_BELOW'
  | 'ADJUSTMENT_RETROACTIVE'
  | 'ADJUSTMENT_INVALID'
  | 'PAYMENT_RUN_INVALID'
  | 'KEYS_INVALID'
  | 'SETTLEMENT_INVALID'
  | 'NOT_SETTLED'
  | 'LEDGER_MISMATCH'
  | 'QUERY_INVALID'
  | 'UNKNOWN_PROVIDER'
  | 'UNKNOWN_MUNICIPALITY';

export class RuleError extends Error {
  constructor(
    readonly code: RuleCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'RuleError';
  }
}
