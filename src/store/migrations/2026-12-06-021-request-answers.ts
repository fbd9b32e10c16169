// Frozen in time. The municipalities' answers to the providers' requests (JW319): per message its
// provider, answer (WJ760) and reason (WJ759), stored with the message by the ingest. They name no
// client; the under-serving panel counts them per provider and reason [issue 15].
import { sql, type Kysely } from 'kysely';

const statements = [
  `create table request_answer (
    sender text not null,
    identification text not null,
    sent_on date not null,
    provider text not null,
    answer text not null,
    reason text not null,
    primary key (sender, identification, sent_on)
  )`,
  `create index request_answer_provider on request_answer (provider, sent_on)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
