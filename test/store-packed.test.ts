// Bulk rows through one text value (store/packed.ts): what goes in comes out, NULLs stay NULL,
// paging returns every row exactly once, and lists of any strings (empty ones too) match.
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'kysely';
import { openStore } from '../src/store/database.ts';
import { packedInsert, packRows, selectPacked, textArray, textList, type PackedColumn } from '../src/store/packed.ts';
import { dropTestSchemas, testDatabases } from './support/databases.ts';

afterAll(dropTestSchemas);

const columns: PackedColumn[] = [
  { name: 'id', type: 'text' },
  { name: 'n', type: 'integer' },
  { name: 'day', type: 'date' },
  { name: 'note', type: 'text' },
];
interface Row {
  id: string;
  n: number | null;
  day: string | null;
  note: string | null;
}

// Printable text without the two separators; empty notes are stored as NULL by design.
const text = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !/[\u001e\u001f\u0000]/.test(s));
const day = fc.date({ min: new Date('1990-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

describe.each(testDatabases)('packed rows on $name', (database) => {
  it('round-trips any rows, with NULLs, in key order across pages', async () => {
    const store = await openStore(await database.fresh());
    try {
      await sql`create table packed_probe (id text primary key, n integer, day date, note text)`.execute(store.db);
      await fc.assert(
        fc.asyncProperty(
          fc.uniqueArray(fc.record({ id: text, n: fc.option(fc.integer({ min: -1e6, max: 1e6 })), day: fc.option(day), note: fc.option(text) }), { selector: (r) => r.id, maxLength: 40 }),
          fc.integer({ min: 1, max: 7 }),
          async (rows, pageSize) => {
            await sql`delete from packed_probe`.execute(store.db);
            await packedInsert('packed_probe', columns, packRows(rows.map((r) => [r.id, r.n, r.day, r.note]))).execute(store.db);
            const back = await selectPacked<Row>(store.db, 'packed_probe', columns, ['id'], sql`true`, pageSize);
            const expected = [...rows].sort((a, b) => (a.id < b.id ? -1 : 1));
            // The database orders text by its collation; compare as sets and check every row once.
            expect(new Set(back.map((r) => r.id)).size).toBe(rows.length);
            expect([...back].sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual(expected);
            const picked = rows.filter((_, i) => i % 2 === 0).map((r) => r.id);
            const some = await selectPacked<Row>(store.db, 'packed_probe', columns, ['id'], sql`id in ${textList(picked)}`, pageSize);
            expect(some.map((r) => r.id).sort()).toEqual([...picked].sort());
          },
        ),
        { numRuns: 25 },
      );
    } finally {
      await store.close();
    }
  }, 120_000);

  it('matches any string in a list or array (empty, quoted, comma, braces), and nothing for an empty list', async () => {
    const store = await openStore(await database.fresh());
    try {
      const one = await sql<{ v: string }>`select v from (values (''), ('a'), ('b,c')) t(v) where v in ${textList(['', 'b,c'])} order by v`.execute(store.db);
      expect(one.rows.map((r) => r.v)).toEqual(['', 'b,c']);
      const none = await sql<{ v: string }>`select v from (values ('')) t(v) where v in ${textList([])}`.execute(store.db);
      expect(none.rows).toEqual([]);
      const odd = ['', 'a"b', 'c\\d', 'e,f', '{g}', 'NULL'];
      const any = await sql<{ v: string }>`select v from (values (''), ('a"b'), ('c\\d'), ('e,f'), ('{g}'), ('NULL'), ('x')) t(v) where v = any(${textArray(odd)}) order by v`.execute(store.db);
      expect(any.rows.map((r) => r.v).sort()).toEqual([...odd].sort());
    } finally {
      await store.close();
    }
  });
});
