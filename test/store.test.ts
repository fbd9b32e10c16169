import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'kysely';
import { migrate, openStore, type Store } from '../src/store/database.ts';
import { MoneyEngine } from '../src/app/money-engine.ts';
import { budgetsToJson, type Decision } from '../src/domain/decisions.ts';
import { replay } from '../src/domain/engine.ts';
import { projectionOf, readProjection } from '../src/store/projection-repository.ts';
import { smallPlan, smallRegion } from './fixtures/small-region.ts';
import { dropTestSchemas, testDatabases } from './support/databases.ts';

const clock = { now: () => new Date('2028-01-15T10:00:00Z') };

async function engineOn(target: Parameters<typeof openStore>[0]): Promise<{ store: Store; engine: MoneyEngine }> {
  const store = await openStore(target);
  await migrate(store);
  return { store, engine: new MoneyEngine(store, smallRegion, clock, 'test-user') };
}

const setup: Decision[] = [
  { kind: 'budget.import', source: 'test', budgets: budgetsToJson(smallRegion.budgets) },
  { kind: 'allocation', plan: smallPlan(2028) },
];

afterAll(dropTestSchemas);

describe.each(testDatabases)('storage on $name', (database) => {
  it('migrates an empty database and is idempotent', async () => {
    const { store } = await engineOn(await database.fresh());
    try {
      expect(await migrate(store)).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('refuses to update, delete or truncate ledger entries', async () => {
    const { store, engine } = await engineOn(await database.fresh());
    try {
      await engine.record(setup[0]!, 'budget');
      await expect(sql`update ledger_entry set reason = 'changed'`.execute(store.db)).rejects.toThrow(/append-only/);
      await expect(sql`delete from ledger_entry`.execute(store.db)).rejects.toThrow(/append-only/);
      await expect(sql`truncate ledger_entry`.execute(store.db)).rejects.toThrow(/append-only/);
      expect((await engine.entries())[0]!.reason).toBe('budget');
    } finally {
      await store.close();
    }
  });

  it('records who, when, why, inputs and result for every decision', async () => {
    const { store, engine } = await engineOn(await database.fresh());
    try {
      for (const d of setup) await engine.record(d, `because ${d.kind}`);
      const [first, second] = await engine.entries();
      expect(first).toMatchObject({ seq: 1, actor: 'test-user', reason: 'because budget.import', recordedAt: '2028-01-15T10:00:00.000Z' });
      expect(second!.decision).toEqual(setup[1]);
      expect(second!.result).toMatchObject({ year: 2028, totalCents: '12333333334' });
    } finally {
      await store.close();
    }
  });

  it('writes nothing when a rule refuses a decision', async () => {
    const { store, engine } = await engineOn(await database.fresh());
    try {
      for (const d of setup) await engine.record(d, 'setup');
      await expect(engine.record({ kind: 'payment.run', year: 2028, month: 3 }, 'skip')).rejects.toThrow(/next payment run of 2028/);
      expect(await engine.entries()).toHaveLength(2);
      expect(await engine.verify()).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('rebuilds exactly the stored figures from the ledger after any sequence of decisions (property)', async () => {
    const { store, engine } = await engineOn(await database.fresh());
    try {
      for (const d of setup) await engine.record(d, 'setup');
      const step = fc.oneof(
        fc.constant<'pay'>('pay'),
        fc.record({ provider: fc.constantFrom('P1', 'P2', 'P3'), delta: fc.bigInt({ min: 1n, max: 10n ** 8n }) }),
      );
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 4 }), async (steps) => {
          for (const s of steps) {
            const state = await engine.state();
            const y = state.years[2028]!;
            const decision: Decision =
              s === 'pay'
                ? { kind: 'payment.run', year: 2028, month: y.paidThrough + 1 }
                : {
                    kind: 'adjustment',
                    request: { provider: s.provider, year: 2028, deltaCents: s.delta.toString(), fromMonth: Math.min(y.paidThrough + 1, 12), date: '2028-01-15', reason: 'groei', upwardReason: 'autonome-groei' },
                  };
            await engine.record(decision, 'property step').catch((e: Error) => {
              if (e.name !== 'Refusal') throw e; // refusals are fine here: nothing is written
            });
          }
          const expected = projectionOf(replay(smallRegion, await engine.entries()), smallRegion);
          expect(await readProjection(store.db)).toEqual(expected);
          expect(await engine.verify()).toEqual([]);
        }),
        { numRuns: 8 },
      );
    } finally {
      await store.close();
    }
  });

  it('detects a projection that no longer matches the ledger, and rebuilds it', async () => {
    const { store, engine } = await engineOn(await database.fresh());
    try {
      for (const d of setup) await engine.record(d, 'setup');
      await sql`update payment set amount_cents = amount_cents + 1 where month = 1 and provider = 'P1' and municipality = '0001'`.execute(store.db);
      expect(await engine.verify()).toEqual(['payments']);
      await engine.rebuild();
      expect(await engine.verify()).toEqual([]);
    } finally {
      await store.close();
    }
  });
});

describe.runIf(process.env.DATABASE_URL)('concurrent writers on the server', () => {
  it('serialises decisions from two connections: every payment run exactly once', async () => {
    const target = await testDatabases[1]!.fresh();
    const a = await engineOn(target);
    const b = await engineOn(target);
    try {
      for (const d of setup) await a.engine.record(d, 'setup');
      const attempts = await Promise.allSettled(
        [1, 2, 3, 4, 5, 6].flatMap(() => [a, b]).map(async (w) => {
          const y = (await w.engine.state()).years[2028]!;
          return w.engine.record({ kind: 'payment.run', year: 2028, month: y.paidThrough + 1 }, 'race');
        }),
      );
      const runs = (await a.engine.entries()).filter((e) => e.decision.kind === 'payment.run').map((e) => (e.decision as { month: number }).month);
      expect(runs).toEqual([...runs].sort((x, y) => x - y));
      expect(new Set(runs).size).toBe(runs.length);
      expect(attempts.filter((x) => x.status === 'fulfilled')).toHaveLength(runs.length);
      expect(await a.engine.verify()).toEqual([]);
    } finally {
      await a.store.close();
      await b.store.close();
    }
  });
});
