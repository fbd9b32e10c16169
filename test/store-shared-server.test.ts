// On a shared PostgreSQL server other schemas come and go (other tests, other regions' workspaces).
// Opening and migrating one store must not depend on them: CI once failed with `schema "jr_test_…"
// does not exist` because the migrator's table look-up read every schema on the server while another
// test file dropped its own.
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { migrate, openStore } from '../src/store/database.ts';
import { dropTestSchemas, testDatabases } from './support/databases.ts';

afterAll(dropTestSchemas);

const serverUrl = process.env.DATABASE_URL;
const server = testDatabases.find((d) => d.name === 'PostgreSQL server');

describe.runIf(serverUrl && server)('a store on a shared server', () => {
  it('migrates while other schemas with many tables are dropped at the same time', { timeout: 120_000 }, async () => {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    const churn = `jr_churn_${process.pid}`;
    let stop = false;
    // Another party creates and drops schemas full of tables with serial columns, as fast as it can.
    const other = (async () => {
      for (let i = 0; !stop; i++) {
        const s = `${churn}_${i}`;
        const tables = Array.from({ length: 40 }, (_, t) => `create table "${s}".t${t} (id serial primary key, v text)`).join(';');
        await admin.query(`create schema "${s}"; ${tables}`);
        await admin.query(`drop schema "${s}" cascade`);
      }
    })();
    try {
      for (let round = 0; round < 12; round++) {
        const store = await openStore(await server!.fresh());
        try {
          expect((await migrate(store)).length).toBeGreaterThan(0);
          expect(await migrate(store)).toEqual([]);
        } finally {
          await store.close();
        }
      }
    } finally {
      stop = true;
      await other;
      await admin.end();
    }
  });
});
