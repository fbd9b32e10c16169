// Frozen in time. One provider, one identity: the provider table (code, name) is now the registry
// the money side and the monitor both read, and provider_agb says which provider each AGB code of the
// iJw messages belongs to (an AGB code names one provider; a provider may have several).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`create table provider_agb (
        agb text primary key,
        provider text not null
      )`).execute(db);
  await sql.raw(`create index provider_agb_provider on provider_agb (provider)`).execute(db);
}
