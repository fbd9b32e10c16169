// Bulk inserts through COPY (store/copy.ts) on both databases: any text comes back as it went in
// (tabs, line ends, backslashes, quotes, non-ASCII), NULL stays NULL, and a COPY that meets a key
// already stored fails as a unique violation that a savepoint undoes, leaving the connection usable.
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'kysely';
import { openStore } from '../src/store/database.ts';
import { copyFrom, copyLine, isCopyFromStdin } from '../src/store/copy.ts';
import { dropTestSchemas, testDatabases } from './support/databases.ts';

afterAll(dropTestSchemas);

// Any string PostgreSQL can hold as text (no NUL), including COPY's own special characters.
const text = fc.string({ unit: fc.oneof(fc.constantFrom('\\', '\t', '\n', '\r', 'N', '.', '"', "'", ',', ' ', 'é', '😀'), fc.string({ minLength: 1, maxLength: 1 })), maxLength: 16 }).filter((s) => !s.includes('\u0000'));

describe('copy statement', () => {
  it('is recognised only as `copy <table> (<columns>) from stdin` with the data as its one parameter', () => {
    expect(isCopyFromStdin('copy care_event (a, b_c) from stdin', ['x'])).toBe(true);
    expect(isCopyFromStdin('copy care_event (a) from stdin', [])).toBe(false);
    expect(isCopyFromStdin('copy care_event (a) from stdin', [1])).toBe(false);
    expect(isCopyFromStdin("copy care_event (a) from '/etc/passwd'", ['x'])).toBe(false);
    expect(isCopyFromStdin('select 1; copy t (a) from stdin', ['x'])).toBe(false);
    expect(copyLine(['a\tb', null, 3, 'x\\N', '\r\n'])).toBe('a\\tb\t\\N\t3\tx\\\\N\t\\r\\n\n');
  });
});

describe.each(testDatabases)('COPY on $name', (database) => {
  it('round-trips any text and NULLs, in a transaction', async () => {
    const store = await openStore(await database.fresh());
    try {
      await sql`create table copy_probe (id integer primary key, note text, day date)`.execute(store.db);
      await fc.assert(
        fc.asyncProperty(fc.array(fc.record({ note: fc.option(text), day: fc.option(fc.constantFrom('2028-01-01', '2027-02-28')) }), { maxLength: 30 }), async (rows) => {
          await store.db.transaction().execute(async (trx) => {
            await sql`delete from copy_probe`.execute(trx);
            const n = await copyFrom(trx, 'copy_probe', ['id', 'note', 'day'], rows.map((r, i) => copyLine([i, r.note, r.day])).join(''));
            expect(n).toBe(rows.length);
          });
          const back = await sql<{ id: number; note: string | null; day: string | null }>`select id, note, day::text as day from copy_probe order by id`.execute(store.db);
          expect(back.rows.map((r) => ({ note: r.note, day: r.day }))).toEqual(rows.map((r) => ({ note: r.note, day: r.day })));
        }),
        { numRuns: 25 },
      );
    } finally {
      await store.close();
    }
  });

  it('fails on a key already stored as a unique violation; a savepoint undoes it and the transaction goes on', async () => {
    const store = await openStore(await database.fresh());
    try {
      await sql`create table copy_probe (id integer primary key, note text)`.execute(store.db);
      await copyFrom(store.db, 'copy_probe', ['id', 'note'], copyLine([1, 'first']));
      await store.db.transaction().execute(async (trx) => {
        await sql`savepoint s`.execute(trx);
        const failed = await copyFrom(trx, 'copy_probe', ['id', 'note'], copyLine([2, 'new']) + copyLine([1, 'again'])).catch((e: { code?: string }) => e);
        expect((failed as { code?: string }).code).toBe('23505');
        await sql`rollback to savepoint s`.execute(trx);
        await copyFrom(trx, 'copy_probe', ['id', 'note'], copyLine([3, 'after']));
      });
      const back = await sql<{ id: number; note: string }>`select id, note from copy_probe order by id`.execute(store.db);
      expect(back.rows).toEqual([{ id: 1, note: 'first' }, { id: 3, note: 'after' }]);
      // the connection is healthy afterwards
      expect((await sql<{ one: number }>`select 1 as one`.execute(store.db)).rows).toEqual([{ one: 1 }]);
    } finally {
      await store.close();
    }
  });
});
