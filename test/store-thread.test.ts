// The embedded database in a thread of its own (src/store/pglite-thread.ts), as the server opens it:
// the same rows, the same errors with their PostgreSQL fields, COPY, transactions, and the same
// figures after an ingest as on the server's own thread — and the server's thread stays free while
// a statement runs.
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openStore } from '../src/store/database.ts';
import { initWorkspace, openWorkspace } from '../src/app/workspace.ts';
import { expandInputs, ingestFiles } from '../src/app/ingest.ts';
import { reach } from '../src/app/monitor.ts';
import { Pseudonymiser } from '../src/ijw/pseudonym.ts';
import { demoTraffic } from './support/api-server.ts';
import { tempDir } from './support/temp-dirs.ts';

const stores: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const s of stores) await s.close();
});

describe('the embedded database in a thread of its own', () => {
  it('gives the same rows and the same errors as on the calling thread', async () => {
    const answers = [];
    for (const ownThread of [false, true]) {
      const s = await openStore({}, { ownThread });
      stores.push(s);
      const row = (await sql`select 1::int as a, '2028-01-01'::date as d, 12345678901234::int8 as big, 12.50::numeric as n, '{"x":1}'::jsonb as j, '\\x0102'::bytea as b, null as z`.execute(s.db)).rows[0];
      await s.db.transaction().execute(async (t) => {
        await sql`create table x (a int primary key, t text)`.execute(t);
        await sql`insert into x values (1, 'een')`.execute(t);
      });
      const duplicate = await sql`insert into x values (1, 'twee')`.execute(s.db).catch((e: Record<string, unknown>) => [e.message, e.code, e.constraint]);
      // a transaction that fails is rolled back
      await s.db.transaction().execute(async (t) => {
        await sql`insert into x values (2, 'twee')`.execute(t);
        throw new Error('stop');
      }).catch(() => undefined);
      const rows = (await sql`select * from x order by a`.execute(s.db)).rows;
      answers.push({ row, duplicate, rows });
    }
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[0]!.duplicate).toEqual(['duplicate key value violates unique constraint "x_pkey"', '23505', 'x_pkey']);
  });

  it('ingests (COPY included) and gives the same figures', async () => {
    const traffic = await demoTraffic('2028-01-01', '2028-02-15', 9);
    const figures = [];
    for (const ownThread of [false, true]) {
      const target = { dataDir: tempDir('jeugdregie-thread-') };
      await initWorkspace(target, 'test', { regionId: 'amsterdam-amstelland', demo: true });
      const ws = await openWorkspace(target, 'test', undefined, { ownThread });
      stores.push(ws);
      await ingestFiles(ws, await expandInputs([traffic.folder]), new Pseudonymiser('thread-test-key-0123456789abcdef0123456789'), () => new Date('2030-01-01T00:00:00Z'));
      figures.push(await reach(ws, { from: '2028-01-01', to: '2028-02-15' }, ['municipality', 'care_form']));
    }
    expect(figures[0]!.length).toBeGreaterThan(0);
    expect(figures[1]).toEqual(figures[0]);
  }, 120_000);

  it('leaves the calling thread free while a statement runs', async () => {
    const s = await openStore({}, { ownThread: true });
    stores.push(s);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    await sql`select pg_sleep(0.5)`.execute(s.db);
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(20);
  });
});
