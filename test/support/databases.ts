// Every storage test body runs against embedded PGlite, and against the PostgreSQL server as well when
// DATABASE_URL is set (CI sets it). Each server run gets its own schema, so parallel files never meet.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DatabaseTarget } from '../../src/store/database.ts';

export interface TestDatabase {
  readonly name: string;
  /** A fresh, empty database target for one test. */
  fresh(): Promise<DatabaseTarget>;
}

const serverUrl = process.env.DATABASE_URL;

const created: string[] = [];

export const testDatabases: TestDatabase[] = [
  { name: 'PGlite', fresh: async () => ({}) },
  ...(serverUrl
    ? [
        {
          name: 'PostgreSQL server',
          fresh: async () => {
            const schema = `jr_test_${randomBytes(6).toString('hex')}`;
            created.push(schema);
            return { url: serverUrl, schema };
          },
        },
      ]
    : []),
];

/** Drops the schemas this file created (call from afterAll). */
export async function dropTestSchemas(): Promise<void> {
  if (!serverUrl || created.length === 0) return;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    for (const s of created.splice(0)) await client.query(`drop schema if exists "${s}" cascade`);
  } finally {
    await client.end();
  }
}
