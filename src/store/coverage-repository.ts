// How far the monitor's data reach: the latest Dagtekening of an accepted message (decisions, "Data
// up to"). Answered from the index on ijw_message (sent_on) without reading the table.
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** The latest Dagtekening (YYYY-MM-DD) of an accepted message; null before the first one. */
export async function latestMessageDate(db: Kysely<Database>): Promise<string | null> {
  const { rows } = await sql<{ up_to: string | null }>`select max(sent_on)::text as up_to from ijw_message`.execute(db);
  return rows[0]?.up_to ?? null;
}

/**
 * What the monitor's figures depend on, as one text that changes when they can: the ingest runs
 * (every new run, every run that moved on), the ledger (an allocation names the providers' themes),
 * the latest message, and every refresh or rebuild of the trajectories (monitor_change; counting
 * the trajectories instead would scan them on every read). Figures computed for one version are
 * served until the next (src/app/publication.ts).
 */
export async function monitorDataVersion(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ v: string }>`select concat_ws(':',
      (select max(id) from ingest_run),
      (select max(coalesce(finished_at, stored_at, started_at))::text from ingest_run),
      (select count(*) from ingest_run where status = 'finished'),
      (select max(seq) from ledger_entry),
      (select max(sent_on)::text from ijw_message),
      (select max(seq) from monitor_change)) as v`.execute(db);
  return rows[0]?.v ?? '';
}

/**
 * What the API's kept answers are served by (src/app/by-version.ts): the data version, how many
 * young people wait for a refresh (the figures' Data-Incomplete says so) and how many ingest runs
 * are going (while one is, answers are computed: its progress changes without a new version).
 */
export async function servingState(db: Kysely<Database>): Promise<{ version: string; pendingPeople: number; runningIngests: number }> {
  const { rows } = await sql<{ pending: string; running: string }>`select
      (select count(*) from trajectory_dirty)::text as pending,
      (select count(*) from ingest_run where status = 'running' and completed_by is null)::text as running`.execute(db);
  return { version: await monitorDataVersion(db), pendingPeople: Number(rows[0]?.pending ?? 0), runningIngests: Number(rows[0]?.running ?? 0) };
}

/** Notes a change of the monitor's figures that the other parts of the data version do not show (a rebuild). */
export async function noteMonitorChange(db: Kysely<Database>, what: string): Promise<void> {
  await db.insertInto('monitor_change').values({ what }).execute();
}
