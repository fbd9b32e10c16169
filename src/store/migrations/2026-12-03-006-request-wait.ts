// Frozen in time. Waits from a request (JW315) to its assignment (JW301), derived per young person
// next to the trajectories and rebuilt with them. Until now the wait lived on the trajectory row, so
// an assignment whose care had not started yet (no JW305/JW307) had no wait at all: the monitor
// undercounted exactly the young people still waiting for care.
import { sql, type Kysely } from 'kysely';

const statements = [
  `create table request_wait (
    pseudonym text not null,
    municipality text not null,
    assignment_number text not null,
    provider text not null,
    category text not null,
    birth_month text not null,
    gender text not null,
    pc4 text,
    requested_on date not null,
    assigned_on date not null,
    primary key (pseudonym, municipality, assignment_number)
  )`,
  `create index request_wait_assigned_on on request_wait (assigned_on)`,
  // Existing databases: build the new rows for everybody at the next refresh.
  `insert into trajectory_dirty (pseudonym) select distinct pseudonym from care_event where kind = 'request' on conflict do nothing`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
