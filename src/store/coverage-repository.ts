// How far the monitor's data reach: the latest Dagtekening of an accepted message (decisions, "Data
// up to"). Answered from the index on ijw_message (sent_on) without reading the table.
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** The latest Dagtekening (YYYY-MM-DD) of an accepted message; null before the first one. */
export async function latestMessageDate(db: Kysely<Database>): Promise<string | null> {
  const { rows } = await sql<{ up_to: string | null }>`select max(sent_on)::text as up_to from ijw_message`.execute(db);
  return rows[0]?.up_to ?? null;
}
