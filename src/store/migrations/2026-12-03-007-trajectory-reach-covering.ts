// Frozen in time. The reach query reads, for a period, the trajectories that overlap it. Through the
// index on the open end alone it fetched their rows from the table, where a year's trajectories lie
// spread over most of its pages (ten years of the region: 56,000 rows on 7,700 of 11,000 pages). This
// index carries every column the query uses, so it is answered from the index (an index-only scan
// where the table's pages are marked all-visible by vacuum; docs/benchmarks.md). The index on
// end_date alone served no query (the reach query uses the open end, the others scan or select by
// start) and only cost every refresh its upkeep: dropped.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(
    `create index trajectory_reach on trajectory ((coalesce(end_date, 'infinity'::date)), start_date)
      include (end_date, end_reason, pseudonym, municipality, provider, category, birth_month, gender, pc4)`,
  ).execute(db);
  await sql.raw(`drop index if exists trajectory_open_end`).execute(db);
  await sql.raw(`drop index if exists trajectory_end`).execute(db);
}
