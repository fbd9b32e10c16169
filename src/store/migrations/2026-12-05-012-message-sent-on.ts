// Frozen in time. Every monitor answer says how far its data reach: the latest Dagtekening of an
// accepted message (max(sent_on)). Without an index that read scans every message (ten years of the
// region: 644,000 rows, ~150 ms on the embedded database, for each request); with it, one index page.
// The per-type message counts of a period use it as well. Its upkeep on ingest: docs/benchmarks.md.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`create index ijw_message_sent_on on ijw_message (sent_on)`).execute(db);
}
