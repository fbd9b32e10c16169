// The monitor's protected publications as stored: one row per scope and year, the latest data version
// computed (src/app/publication.ts decides what is in them; migration 016).
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

export interface StoredPublication {
  readonly dataVersion: string;
  /** The publication as JSON. */
  readonly body: string;
  /** What it showed, as JSON ([cell key, value] pairs). */
  readonly shown: string;
}

export async function readStoredPublication(db: Kysely<Database>, scopeKey: string, year: number): Promise<StoredPublication | undefined> {
  const row = await db.selectFrom('publication_store').select(['data_version', 'body', 'shown']).where('scope_key', '=', scopeKey).where('year', '=', year).executeTakeFirst();
  return row === undefined ? undefined : { dataVersion: row.data_version, body: row.body, shown: row.shown };
}

/** Stores a publication of a scope and year, replacing the one of an earlier data version. */
export async function writeStoredPublication(db: Kysely<Database>, scopeKey: string, year: number, p: StoredPublication): Promise<void> {
  await db
    .insertInto('publication_store')
    .values({ scope_key: scopeKey, year, data_version: p.dataVersion, body: p.body, shown: p.shown })
    .onConflict((oc) => oc.columns(['scope_key', 'year']).doUpdateSet({ data_version: p.dataVersion, body: p.body, shown: p.shown }))
    .execute();
}
