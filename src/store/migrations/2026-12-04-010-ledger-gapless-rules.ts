// Frozen in time. (1) Ledger numbers without gaps: a bigserial takes its number before the
// transaction commits, so a refused or failed decision left a hole, and in an append-only ledger a
// hole reads as a deleted entry. The number is now max + 1, taken under the ledger's lock in the same
// transaction as the entry. (2) Every entry records the version of the region's rules it was decided
// under; the versions themselves are kept in region_rules (version 1 = the configuration stored at
// init).
import { sql, type Kysely } from 'kysely';

const statements = [
  `alter table ledger_entry alter column seq drop default`,
  `drop sequence if exists ledger_entry_seq_seq`,
  `alter table ledger_entry add column rules_version integer not null default 1`,
  `alter table ledger_entry alter column rules_version drop default`,
  `create table region_rules (
        version integer primary key check (version >= 1),
        config jsonb not null,
        recorded_at timestamptz not null default now()
      )`,
  `insert into region_rules (version, config) select 1, config from region`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
