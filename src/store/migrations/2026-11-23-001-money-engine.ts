// Frozen in time: a migration never changes after it has shipped; later changes are new migrations.
import { sql, type Kysely } from 'kysely';

// One statement per element: the embedded database runs parameterised queries one statement at a time.
const statements = [
  `create table region (
        id text primary key,
        name text not null,
        config jsonb not null,
        created_at timestamptz not null default now()
      )`,
  `-- The ledger: every decision, append-only. Derived tables below are projections of it.
      create table ledger_entry (
        seq bigserial primary key,
        recorded_at timestamptz not null,
        actor text not null,
        kind text not null,
        reason text not null,
        decision jsonb not null,
        result jsonb not null
      )`,
  `create function ledger_entry_is_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'ledger entries are append-only: % is not allowed', tg_op
          using errcode = 'P0001', hint = 'record a new decision instead of changing an old one';
      end $$`,
  `create trigger ledger_entry_no_update before update or delete on ledger_entry
        for each row execute function ledger_entry_is_append_only()`,
  `create trigger ledger_entry_no_truncate before truncate on ledger_entry
        for each statement execute function ledger_entry_is_append_only()`,
  `create table budget_line (
        year integer not null,
        municipality text not null,
        line text not null,
        amount_cents bigint not null check (amount_cents >= 0),
        ledger_seq bigint not null,
        primary key (year, municipality, line)
      )`,
  `create table provider (
        code text primary key,
        name text not null
      )`,
  `create table year_status (
        year integer primary key,
        allocation_seq bigint not null,
        keys_basis text not null,
        paid_through integer not null check (paid_through between 0 and 12),
        settlement_seq bigint
      )`,
  `create table lump_sum (
        year integer not null,
        provider text not null,
        theme text not null,
        municipality text not null,
        amount_cents bigint not null,
        primary key (year, provider, theme, municipality)
      )`,
  `create table payment (
        year integer not null,
        provider text not null,
        municipality text not null,
        month integer not null check (month between 1 and 12),
        amount_cents bigint not null,
        paid boolean not null,
        primary key (year, provider, municipality, month)
      )`,
  `create table adjustment (
        ledger_seq bigint primary key,
        year integer not null,
        provider text not null,
        decided_on date not null,
        reason text not null,
        delta_cents bigint not null,
        from_month integer not null,
        explicit_split boolean not null
      )`,
  `create table settlement_line (
        year integer not null,
        provider text not null,
        municipality text not null,
        contribution_cents bigint not null,
        cost_cents bigint not null,
        primary key (year, provider, municipality)
      )`,
  `create table settlement_municipality (
        year integer not null,
        municipality text not null,
        contribution_cents bigint not null,
        cost_cents bigint not null,
        contribution_share_pct numeric(7, 2) not null,
        cost_share_pct numeric(7, 2) not null,
        deviation_pct numeric(7, 2) not null,
        flagged boolean not null,
        primary key (year, municipality)
      )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
