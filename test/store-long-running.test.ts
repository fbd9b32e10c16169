// openStore's longRunning: the embedded database compiled with V8's optimising compiler only
// (--no-liftoff, process-wide; in a file of its own so that no other test's database is opened that
// way). The database must behave exactly as it does when opened the usual way.
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { migrate, openStore } from '../src/store/database.ts';
import { tempDir } from './support/temp-dirs.ts';

describe('openStore with longRunning', () => {
  it('opens the embedded database, migrates it and answers queries as usual', async () => {
    const dataDir = tempDir('jeugdregie-long-');
    const store = await openStore({ dataDir }, { longRunning: true });
    try {
      expect(store.kind).toBe('embedded');
      expect((await migrate(store)).length).toBeGreaterThan(0);
      const r = await sql<{ total: string; day: string }>`select sum(x)::bigint as total, date '2028-02-29' + 1 as day from generate_series(1, 100000) as x`.execute(store.db);
      expect(r.rows).toEqual([{ total: '5000050000', day: '2028-03-01' }]);
    } finally {
      await store.close();
    }
    // Opened again (the flag stays set in this process): the data is there.
    const again = await openStore({ dataDir }, { longRunning: true });
    try {
      expect(await migrate(again)).toEqual([]);
    } finally {
      await again.close();
    }
  });
});
