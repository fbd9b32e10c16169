// PGlite has no autovacuum, and it forgets its dead-row statistics when it closes. Small daily
// refreshes of the trajectories therefore vacuum a table once it has outgrown its size at the last
// vacuum (pg_class.relpages, kept across restarts): dead rows cannot pile up for ever.
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { initWorkspace, openWorkspace } from '../src/app/workspace.ts';
import { outgrown, vacuumIfGrown } from '../src/store/maintenance.ts';
import { tempDir } from './support/temp-dirs.ts';

describe('vacuum of an outgrown table on the embedded database', () => {
  it('is due past 20% growth plus 1 MB, not before', () => {
    expect(outgrown(0, 128)).toBe(false);
    expect(outgrown(0, 129)).toBe(true);
    expect(outgrown(1000, 1328)).toBe(false);
    expect(outgrown(1000, 1329)).toBe(true);
  });

  it('vacuums a table that grew by rewritten rows, once, also after the database was reopened', async () => {
    const target = { dataDir: tempDir('jeugdregie-vacuum-') };
    await initWorkspace(target, 'vacuum-test', { regionId: 'amsterdam-amstelland' });
    let ws = await openWorkspace(target, 'vacuum-test');
    try {
      await sql`create table vacuum_probe (id integer primary key, note text)`.execute(ws.store.db);
      await sql`insert into vacuum_probe select g, repeat('x', 40) from generate_series(1, 60000) g`.execute(ws.store.db);
      expect(await vacuumIfGrown(ws.store.db, 'vacuum_probe')).toBe(true); // never vacuumed, over 1 MB
      expect(await vacuumIfGrown(ws.store.db, 'vacuum_probe')).toBe(false);
    } finally {
      await ws.close();
    }
    ws = await openWorkspace(target, 'vacuum-test');
    try {
      const pages = async () => Number((await sql<{ p: string }>`select (pg_relation_size('vacuum_probe') / 8192)::text as p`.execute(ws.store.db)).rows[0]!.p);
      const before = await pages();
      // rewrite every row twice, as refreshes do with changed trajectories: the table grows with dead rows
      await sql`update vacuum_probe set note = repeat('y', 40)`.execute(ws.store.db);
      await sql`update vacuum_probe set note = repeat('z', 40)`.execute(ws.store.db);
      expect(await pages()).toBeGreaterThan(before * 1.2 + 128);
      expect(await vacuumIfGrown(ws.store.db, 'vacuum_probe')).toBe(true);
      // vacuum recorded the size, and the freed space takes the next rewrite: not due again
      await sql`update vacuum_probe set note = repeat('w', 40) where id % 2 = 0`.execute(ws.store.db);
      expect(await vacuumIfGrown(ws.store.db, 'vacuum_probe')).toBe(false);
    } finally {
      await ws.close();
    }
  }, 60_000);
});
