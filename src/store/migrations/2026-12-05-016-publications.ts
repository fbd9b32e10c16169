// Frozen in time. The monitor's protected publications for others than the region, kept with the
// data version they were computed for: computed when data arrive (an ingest, a rebuild, a decision),
// read by every server process as a lookup, and remembered across restarts — also what each one
// showed, which the next version's protection takes as known (docs/decisions.md §40).
// And a counter of rebuilds: a rebuild changes the trajectories without changing their number.
import { sql, type Kysely } from 'kysely';

const statements = [
  `create table publication_store (
    scope_key text not null,
    year integer not null,
    data_version text not null,
    body text not null,
    shown text not null,
    computed_at timestamptz not null default clock_timestamp(),
    primary key (scope_key, year)
  )`,
  `create table monitor_change (
    seq bigserial primary key,
    at timestamptz not null default clock_timestamp(),
    what text not null
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
