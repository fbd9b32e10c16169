// Frozen in time. Reach figures select the trajectories that overlap a period: started by its end and
// not ended before its start. Indexing the end with "still running" as infinity lets the planner
// read only the recent trajectories for a recent period.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`create index trajectory_open_end on trajectory ((coalesce(end_date, 'infinity'::date)))`).execute(db);
}
