// The region table: the one region a database holds, its configuration as stored at init.
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** The stored configuration, or undefined when the database holds no region yet. */
export async function readRegionConfig(db: Kysely<Database>): Promise<unknown> {
  const row = await db.selectFrom('region').select(['config']).executeTakeFirst();
  return row?.config;
}

/** Stores the region (once: init refuses a database that already holds one). */
export async function insertRegion(db: Kysely<Database>, region: { id: string; name: string; configJson: string }): Promise<void> {
  await db.insertInto('region').values({ id: region.id, name: region.name, config: region.configJson }).execute();
}
