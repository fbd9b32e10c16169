// Frozen in time. Storage for iJw ingestion (issue 3): one row per accepted message, the events the
// monitor keeps (pseudonymised), and rejections without any person data.
import { sql, type Kysely } from 'kysely';

const statements = [
  `create table ijw_message (
    sender text not null,
    identification text not null,
    sent_on date not null,
    message_type text not null,
    receiver text not null,
    -- SHA-256 of the message bytes: a second delivery with the same hash is a duplicate, a different
    -- message reusing the identification is refused.
    content_hash text not null,
    source_file text not null,
    received_at timestamptz not null,
    primary key (sender, identification, sent_on)
  )`,
  `create table care_event (
    sender text not null,
    identification text not null,
    sent_on date not null,
    position integer not null,
    kind text not null,
    municipality text not null,
    provider text not null,
    pseudonym text not null,
    birth_month text not null,
    gender text not null,
    pc4 text,
    category text not null,
    assignment_number text,
    start_date date,
    end_date date,
    reason text,
    status text,
    assigned_on date,
    valid_from date,
    valid_until date,
    requested_start date,
    primary key (sender, identification, sent_on, position)
  )`,
  `create index care_event_pseudonym on care_event (pseudonym)`,
  `create table ijw_rejection (
    id bigserial primary key,
    source_file text not null,
    line integer,
    path text,
    rule text not null,
    message text not null,
    received_at timestamptz not null
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
