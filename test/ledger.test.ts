// The ledger as stored: numbers without gaps whatever fails, the rules version of every entry, and
// "today" from the engine's clock in the region's time zone. On PGlite and on the server.
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { migrate, openStore, type Store } from '../src/store/database.ts';
import { MoneyEngine, type Clock } from '../src/app/money-engine.ts';
import { budgetsToJson, type Decision } from '../src/domain/decisions.ts';
import { Refusal } from '../src/domain/errors.ts';
import { recordRulesVersion } from '../src/store/ledger-repository.ts';
import { smallPlan, smallRegion } from './fixtures/small-region.ts';
import { dropTestSchemas, testDatabases } from './support/databases.ts';

async function engineOn(target: Parameters<typeof openStore>[0], clock: Clock): Promise<{ store: Store; engine: MoneyEngine }> {
  const store = await openStore(target);
  await migrate(store);
  await recordRulesVersion(store.db, 1, smallRegion);
  return { store, engine: new MoneyEngine(store, smallRegion, clock, 'test-user', [{ version: 1, region: smallRegion }]) };
}

const setup: Decision[] = [
  { kind: 'budget.import', source: 'test', budgets: budgetsToJson(smallRegion.budgets) },
  { kind: 'allocation', plan: smallPlan(2028) },
];

afterAll(dropTestSchemas);

describe.each(testDatabases)('the ledger on $name', (database) => {
  it('numbers entries without gaps: a refused decision, and one that fails after it was appended, leave no hole', async () => {
    const { store, engine } = await engineOn(await database.fresh(), { now: () => new Date('2028-01-15T10:00:00Z') });
    try {
      for (const d of setup) await engine.record(d, 'setup');
      // Refused by a rule: nothing is written.
      await expect(engine.record({ kind: 'payment.run', year: 2028, month: 5 }, 'out of order')).rejects.toBeInstanceOf(Refusal);
      // Fails after the entry was appended (the projection write hits a trigger): the transaction
      // rolls back, and with it the number.
      await sql`create function jr_fail() returns trigger language plpgsql as $$ begin raise exception 'disk full (test)'; end $$`.execute(store.db);
      await sql`create trigger jr_fail before insert on payment for each row execute function jr_fail()`.execute(store.db);
      await expect(engine.record({ kind: 'payment.run', year: 2028, month: 1 }, 'fails')).rejects.toThrow(/disk full/);
      await sql`drop trigger jr_fail on payment`.execute(store.db);
      const r = await engine.record({ kind: 'payment.run', year: 2028, month: 1 }, 'works');
      expect(r.seq).toBe(3);
      expect((await engine.entries()).map((e) => e.seq)).toEqual([1, 2, 3]);
      expect(await engine.verify()).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('records the rules version of every entry, and verify refuses an entry under rules this database does not hold', async () => {
    const { store, engine } = await engineOn(await database.fresh(), { now: () => new Date('2028-01-15T10:00:00Z') });
    try {
      for (const d of setup) await engine.record(d, 'setup');
      expect((await engine.entries()).map((e) => e.rulesVersion)).toEqual([1, 1]);
      const stranger = new MoneyEngine(store, smallRegion, { now: () => new Date() }, 'x', [{ version: 2, region: smallRegion }]);
      await expect(stranger.verify()).rejects.toMatchObject({ code: 'RULES_VERSION_UNKNOWN' });
    } finally {
      await store.close();
    }
  });

  it("dates an adjustment without a date today in the region's time zone, from the engine's clock", async () => {
    // 22:30 UTC on 31 March is already 1 April in Amsterdam (summer time, UTC+2).
    const { store, engine } = await engineOn(await database.fresh(), { now: () => new Date('2028-03-31T22:30:00Z') });
    try {
      for (const d of setup) await engine.record(d, 'setup');
      await engine.record({ kind: 'payment.run', year: 2028, month: 1 }, 'pay');
      const r = await engine.record(
        { kind: 'adjustment', request: { provider: 'P1', year: 2028, deltaCents: '100', fromMonth: 5, reason: 'groei', upwardReason: 'autonome-groei', approval: 'AB 1' } },
        'groei',
      );
      expect(r.result.date).toBe('2028-04-01');
      expect((await engine.entries()).at(-1)!.decision).toMatchObject({ request: { date: '2028-04-01' } });
    } finally {
      await store.close();
    }
  });
});
