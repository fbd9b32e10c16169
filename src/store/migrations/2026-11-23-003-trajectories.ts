// Frozen in time. The monitor's derived trajectories (issue 3, speed): built per young person from
// care_event, kept up to date by ingest through a queue of pseudonyms whose events changed. Both
// tables are derived: dropping their rows and marking every pseudonym dirty rebuilds them exactly.
import { sql, type Kysely } from 'kysely';

const statements = [
  `create table trajectory (
    pseudonym text not null,
    key text not null,
    basis text not null,
    municipality text not null,
    provider text not null,
    category text not null,
    birth_month text not null,
    gender text not null,
    pc4 text,
    start_date date not null,
    end_date date,
    end_reason text,
    assignment_number text,
    assigned_on date,
    assignment_from date,
    requested_on date,
    primary key (pseudonym, key)
  )`,
  `create index trajectory_start on trajectory (start_date)`,
  `create index trajectory_end on trajectory (end_date)`,
  `create table trajectory_dirty (
    pseudonym text primary key
  )`,
  `create index care_event_sent_on on care_event (sent_on)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
