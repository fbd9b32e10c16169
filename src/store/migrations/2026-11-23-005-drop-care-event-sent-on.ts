// Frozen in time. The index on care_event(sent_on) of migration 003 is never used: the one query that
// selects events by date (timeliness: sent in the period, or an assignment decided by its end) has an
// OR the index cannot serve, and the planner scans. Every stored event paid for it: ~15% of the
// care_event insert on PGlite, ~7% on the server (docs/benchmarks.md).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`drop index if exists care_event_sent_on`).execute(db);
}
