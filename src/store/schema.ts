// Table types as Kysely sees them. Money columns are bigint in PostgreSQL and travel as strings of
// digits (both drivers are set up that way), so no amount ever passes through a float.
import type { ColumnType, Generated } from 'kysely';

type Money = ColumnType<string, string | bigint, string | bigint>;
type Json<T> = ColumnType<T, string, string>;

export interface RegionTable {
  id: string;
  name: string;
  config: Json<unknown>;
  created_at: ColumnType<string, string | undefined, never>;
}

export interface LedgerEntryTable {
  seq: ColumnType<string, number, never>;
  rules_version: number;
  recorded_at: ColumnType<string, string, never>;
  actor: string;
  kind: string;
  reason: string;
  decision: Json<unknown>;
  result: Json<unknown>;
}

export interface RegionRulesTable {
  version: number;
  config: Json<unknown>;
  recorded_at: ColumnType<string, string | undefined, never>;
}

export interface BudgetLineTable {
  year: number;
  municipality: string;
  line: string;
  amount_cents: Money;
  ledger_seq: string | number;
}

export interface ProviderTable {
  code: string;
  name: string;
}

export interface ProviderAgbTable {
  agb: string;
  provider: string;
}

export interface LumpSumTable {
  year: number;
  provider: string;
  theme: string;
  municipality: string;
  amount_cents: Money;
}

export interface PaymentTable {
  year: number;
  provider: string;
  municipality: string;
  month: number;
  amount_cents: Money;
  paid: boolean;
}

export interface YearStatusTable {
  year: number;
  allocation_seq: string | number;
  keys_basis: string;
  paid_through: number;
  settlement_seq: string | number | null;
}

export interface AdjustmentTable {
  ledger_seq: string | number;
  year: number;
  provider: string;
  decided_on: string;
  reason: string;
  delta_cents: Money;
  from_month: number;
  explicit_split: boolean;
}

export interface SettlementLineTable {
  year: number;
  provider: string;
  municipality: string;
  contribution_cents: Money;
  cost_cents: Money;
}

export interface SettlementMunicipalityTable {
  year: number;
  municipality: string;
  contribution_cents: Money;
  cost_cents: Money;
  contribution_share_pct: string;
  cost_share_pct: string;
  deviation_pct: string;
  flagged: boolean;
}

export interface IjwMessageTable {
  sender: string;
  identification: string;
  sent_on: string;
  message_type: string;
  receiver: string;
  content_hash: string;
  source_file: string;
  received_at: string;
}

export interface CareEventTable {
  sender: string;
  identification: string;
  sent_on: string;
  position: number;
  kind: string;
  municipality: string;
  provider: string;
  pseudonym: string;
  birth_month: string;
  gender: string;
  pc4: string | null;
  category: string;
  assignment_number: string | null;
  start_date: string | null;
  end_date: string | null;
  reason: string | null;
  status: string | null;
  assigned_on: string | null;
  valid_from: string | null;
  valid_until: string | null;
  requested_start: string | null;
}

export interface TrajectoryTable {
  pseudonym: string;
  key: string;
  basis: string;
  municipality: string;
  provider: string;
  category: string;
  birth_month: string;
  gender: string;
  pc4: string | null;
  start_date: string;
  end_date: string | null;
  end_reason: string | null;
  assignment_number: string | null;
  assigned_on: string | null;
  assignment_from: string | null;
  requested_on: string | null;
}

export interface RequestWaitTable {
  pseudonym: string;
  municipality: string;
  assignment_number: string;
  provider: string;
  category: string;
  birth_month: string;
  gender: string;
  pc4: string | null;
  requested_on: string;
  assigned_on: string;
}

export interface TrajectoryDirtyTable {
  pseudonym: string;
}

export interface IjwRejectionTable {
  id: Generated<string>;
  source_file: string;
  line: number | null;
  path: string | null;
  rule: string;
  message: string;
  received_at: string;
}

export interface IngestRunTable {
  id: Generated<number>;
  command: string;
  inputs: number;
  inputs_key: string | null;
  demo: ColumnType<unknown, string | null, string | null>;
  messages: ColumnType<number, number | undefined, number>;
  accepted: ColumnType<number, number | undefined, number>;
  rejected: ColumnType<number, number | undefined, number>;
  duplicates: ColumnType<number, number | undefined, number>;
  refreshed: number | null;
  status: 'running' | 'finished' | 'failed';
  phase: 'preparing' | 'storing' | 'refreshing' | 'done';
  failure: string | null;
  host: string;
  pid: number;
  token: string;
  started_at: ColumnType<string, undefined, never>;
  heartbeat_at: ColumnType<string, undefined, never>;
  stored_at: ColumnType<string | null, undefined, never>;
  finished_at: ColumnType<string | null, undefined, never>;
  completed_by: number | null;
}

export interface AccountTable {
  id: Generated<number>;
  login: string;
  role: string;
  municipality: string | null;
  provider: string | null;
  password_hash: string | null;
  must_change_password: ColumnType<boolean, boolean | undefined, boolean>;
  oidc_subject: string | null;
  created_at: ColumnType<string, never, never>;
  created_by: string;
  disabled_at: ColumnType<string | null, never, string | null>;
}

export interface AccountSessionTable {
  id_hash: string;
  account_id: number;
  csrf_token: string;
  via: ColumnType<string, string | undefined, never>;
  created_at: ColumnType<string, never, never>;
  last_seen_at: ColumnType<string, never, string>;
  expires_at: ColumnType<string, string, string>;
  ended_at: ColumnType<string | null, never, string>;
}

export interface ApiTokenTable {
  id: Generated<number>;
  account_id: number;
  token_hash: string;
  prefix: string;
  label: string;
  created_at: ColumnType<string, never, never>;
  created_by: string;
  last_used_at: ColumnType<string | null, never, string>;
  revoked_at: ColumnType<string | null, never, string>;
}

export interface AuditEventTable {
  id: ColumnType<string, never, never>;
  at: ColumnType<string, never, never>;
  actor: string | null;
  kind: string;
  detail: Json<unknown>;
}

export interface SignInAttemptTable {
  id: ColumnType<string, never, never>;
  login: string;
  at: ColumnType<string, never, never>;
  outcome: 'failed' | 'succeeded' | null;
}

export interface SignInFlowTable {
  id_hash: string;
  state: string;
  nonce: string;
  code_verifier: string;
  created_at: ColumnType<string, never, never>;
}

export interface PublicationStoreTable {
  scope_key: string;
  year: number;
  data_version: string;
  body: string;
  shown: string;
  computed_at: ColumnType<string, never, never>;
}

export interface MonitorChangeTable {
  seq: ColumnType<string, never, never>;
  at: ColumnType<string, never, never>;
  what: string;
}

export interface BijDeliveryTable {
  id: ColumnType<string, never, never>;
  provider: string;
  period: string;
  delivered_on: string;
  delivered_at: ColumnType<string, never, never>;
  login: string;
  source: string;
  rows_read: number;
  records: number;
  merged: number;
  replaced: number;
  late: boolean;
}

export interface BijRecordTable {
  provider: string;
  period: string;
  person: string;
  care_form: string;
  start_date: string;
  has_bsn: boolean;
  birth_month: string;
  gender: string;
  pc4: string | null;
  municipality: string | null;
  referrer: string;
  crisis: boolean;
  end_date: string | null;
  end_reason: string | null;
  /** JSON: the outcome measurements (at most two). */
  measurements: string;
}

export interface StatlineFigureTable {
  table_id: string;
  measure: string;
  municipality: string;
  period: string;
  value: string | null;
  source: string;
  imported_at: ColumnType<string, never, never>;
}

export interface RequestAnswerTable {
  sender: string;
  identification: string;
  sent_on: string;
  provider: string;
  answer: string;
  reason: string;
}

export interface Database {
  request_answer: RequestAnswerTable;
  statline_figure: StatlineFigureTable;
  bij_delivery: BijDeliveryTable;
  bij_record: BijRecordTable;
  publication_store: PublicationStoreTable;
  monitor_change: MonitorChangeTable;
  sign_in_flow: SignInFlowTable;
  sign_in_attempt: SignInAttemptTable;
  account: AccountTable;
  account_session: AccountSessionTable;
  api_token: ApiTokenTable;
  audit_event: AuditEventTable;
  ijw_message: IjwMessageTable;
  ingest_run: IngestRunTable;
  care_event: CareEventTable;
  trajectory: TrajectoryTable;
  trajectory_dirty: TrajectoryDirtyTable;
  request_wait: RequestWaitTable;
  ijw_rejection: IjwRejectionTable;
  region: RegionTable;
  ledger_entry: LedgerEntryTable;
  region_rules: RegionRulesTable;
  provider_agb: ProviderAgbTable;
  budget_line: BudgetLineTable;
  provider: ProviderTable;
  lump_sum: LumpSumTable;
  payment: PaymentTable;
  year_status: YearStatusTable;
  adjustment: AdjustmentTable;
  settlement_line: SettlementLineTable;
  settlement_municipality: SettlementMunicipalityTable;
}

/**
 * The columns of care_event with their SQL types, in the one order in which ingest writes them and
 * the monitor (and its benchmark) read them.
 */
export const CARE_EVENT_COLUMNS: readonly { readonly name: keyof CareEventTable & string; readonly type: 'text' | 'date' | 'integer' }[] = [
  { name: 'sender', type: 'text' }, { name: 'identification', type: 'text' }, { name: 'sent_on', type: 'date' },
  { name: 'position', type: 'integer' }, { name: 'kind', type: 'text' }, { name: 'municipality', type: 'text' },
  { name: 'provider', type: 'text' }, { name: 'pseudonym', type: 'text' }, { name: 'birth_month', type: 'text' },
  { name: 'gender', type: 'text' }, { name: 'pc4', type: 'text' }, { name: 'category', type: 'text' },
  { name: 'assignment_number', type: 'text' }, { name: 'start_date', type: 'date' }, { name: 'end_date', type: 'date' },
  { name: 'reason', type: 'text' }, { name: 'status', type: 'text' }, { name: 'assigned_on', type: 'date' },
  { name: 'valid_from', type: 'date' }, { name: 'valid_until', type: 'date' }, { name: 'requested_start', type: 'date' },
];
