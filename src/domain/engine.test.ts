import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyDecision, emptyState, paymentsOf, replay, scheduleKey, type EngineState } from './engine.ts';
import { budgetsToJson, type Decision } from './decisions.ts';
import { contributionOf, lumpSumOf } from './allocation-rules.ts';
import { splitByWeights, sum } from './money.ts';
import { MONTHLY } from './payment-schedule.ts';
import { Refusal } from './errors.ts';
import { smallPlan, smallRegion } from '../../test/fixtures/small-region.ts';

const region = smallRegion;
const M = region.municipalities.map((m) => m.code);

function run(decisions: Decision[]): EngineState {
  let state = emptyState(region);
  decisions.forEach((d, i) => (state = applyDecision(state, region, d, i + 1).state));
  return state;
}

const base: Decision[] = [
  { kind: 'budget.import', source: 'test', budgets: budgetsToJson(region.budgets) },
  { kind: 'allocation', plan: smallPlan(2028) },
];

function refusal(fn: () => unknown): Refusal {
  try {
    fn();
  } catch (e) {
    if (e instanceof Refusal) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('allocation', () => {
  it('makes each municipality contribute exactly its budget when the keys follow the budgets', () => {
    const y = run(base).years[2028]!;
    for (const b of region.budgets.filter((x) => x.year === 2028)) {
      expect(sum(y.cells.filter((c) => c.municipality === b.municipality).map((c) => c.amountCents))).toBe(b.lines[0]!.amountCents);
    }
  });

  it('makes each provider-theme amount the exact sum of its municipal contributions', () => {
    const y = run(base).years[2028]!;
    for (const pt of y.allocation.providerThemeTotals) {
      expect(sum(y.cells.filter((c) => c.provider === pt.provider && c.theme === pt.theme).map((c) => c.amountCents))).toBe(pt.amountCents);
    }
    expect(sum(y.allocation.themeTotals.map((t) => t.amountCents))).toBe(y.allocation.totalCents);
  });

  it('refuses a plan whose theme shares do not add up to 100', () => {
    const plan = { ...smallPlan(), themes: [{ theme: 'A', sharePct: '60' }, { theme: 'B', sharePct: '30' }] };
    const e = refusal(() => run([base[0]!, { kind: 'allocation', plan }]));
    expect(e.code).toBe('PLAN_INVALID');
    expect(e.message).toMatch(/not 100/);
  });

  it('refuses to allocate a year that has started paying', () => {
    const e = refusal(() => run([...base, { kind: 'payment.run', year: 2028, month: 1 }, { kind: 'allocation', plan: smallPlan() }]));
    expect(e.code).toBe('YEAR_ALREADY_PAYING');
  });
});

describe('payments', () => {
  it('pays 12 instalments per provider and municipality that add up to the contribution', () => {
    const y = run(base).years[2028]!;
    for (const p of ['P1', 'P2', 'P3']) {
      for (const m of M) {
        const months = y.schedule[scheduleKey(p, m)]!;
        expect(months).toHaveLength(12);
        expect(sum(months)).toBe(contributionOf(y.cells, p, m));
      }
    }
  });

  it('pays months in order and only once', () => {
    expect(refusal(() => run([...base, { kind: 'payment.run', year: 2028, month: 2 }])).code).toBe('PAYMENT_RUN_INVALID');
    const twice = [...base, { kind: 'payment.run', year: 2028, month: 1 } as Decision, { kind: 'payment.run', year: 2028, month: 1 } as Decision];
    expect(refusal(() => run(twice)).message).toMatch(/next payment run of 2028 is 2028-02/);
  });

  it('refuses a thirteenth payment run once all twelve months are paid', () => {
    const all: Decision[] = [...base, ...Array.from({ length: 12 }, (_, i) => ({ kind: 'payment.run', year: 2028, month: i + 1 }) as Decision)];
    const e = refusal(() => run([...all, { kind: 'payment.run', year: 2028, month: 13 }]));
    expect(e.code).toBe('PAYMENT_RUN_INVALID');
    expect(e.message).toMatch(/all 12 instalments of 2028 are paid/);
    expect(refusal(() => run([...base, { kind: 'payment.run', year: 2028, month: 0 }])).code).toBe('PAYMENT_RUN_INVALID');
  });
});

const up = (provider: string, deltaCents: string, fromMonth: number, date = '2028-05-10'): Decision => ({
  kind: 'adjustment',
  request: { provider, year: 2028, deltaCents, fromMonth, date, reason: 'nieuwbouwwijk', upwardReason: 'autonome-groei', approval: 'AB 2028-14' },
});

describe('adjustments', () => {
  const paidThroughApril: Decision[] = [...base, 1, 2, 3, 4].map((x) => (typeof x === 'number' ? ({ kind: 'payment.run', year: 2028, month: x } as Decision) : x));

  it('refuses a second adjustment in the same year, naming the date and reason of the first', () => {
    const e = refusal(() => run([...paidThroughApril, up('P1', '100000', 6), up('P1', '5', 7, '2028-08-01')]));
    expect(e.code).toBe('ADJUSTMENT_ALREADY_MADE');
    expect(e.message).toContain('2028-05-10');
    expect(e.message).toContain('nieuwbouwwijk');
  });

  it('refuses an adjustment that takes effect in a paid month', () => {
    const e = refusal(() => run([...paidThroughApril, up('P1', '100000', 4)]));
    expect(e.code).toBe('ADJUSTMENT_RETROACTIVE');
    expect(e.message).toMatch(/2028-05 or later/);
  });

  it('refuses an upward adjustment without an unforeseen circumstance', () => {
    const d: Decision = { kind: 'adjustment', request: { provider: 'P1', year: 2028, deltaCents: '100', fromMonth: 6, date: '2028-05-01', reason: 'meer vraag' } };
    expect(refusal(() => run([...base, d])).code).toBe('ADJUSTMENT_REASON_REQUIRED');
  });

  it('allows a downward adjustment only when the forecast is at least 5% below the lump sum', () => {
    const lump = lumpSumOf(run(base).years[2028]!.cells, 'P2');
    const down = (forecast: bigint, delta: bigint): Decision => ({
      kind: 'adjustment',
      request: { provider: 'P2', year: 2028, deltaCents: (-delta).toString(), forecastCostCents: forecast.toString(), fromMonth: 3, date: '2028-02-20', reason: 'lagere kosten' },
    });
    const justNot = (lump * 95n) / 100n + 1n;
    expect(refusal(() => run([...base, down(justNot, 1000n)])).code).toBe('ADJUSTMENT_NOT_ENOUGH_BELOW');
    const exactly = (lump * 95n) / 100n;
    const after = run([...base, down(exactly, 1000n)]).years[2028]!;
    expect(lumpSumOf(after.cells, 'P2')).toBe(lump - 1000n);
    expect(refusal(() => run([...base, down(exactly, lump - exactly + 1n)])).message).toMatch(/below the forecast cost/);
  });

  it('splits the change over the municipalities in proportion to their contributions', () => {
    const before = run(paidThroughApril).years[2028]!;
    const after = run([...paidThroughApril, up('P1', '1000000', 6)]).years[2028]!;
    const adj = after.adjustments[0]!;
    expect(sum(adj.perMunicipality.map((p) => p.deltaCents))).toBe(1_000_000n);
    const contribs = M.map((m) => contributionOf(before.cells, 'P1', m));
    const total = sum(contribs);
    adj.perMunicipality.forEach((p, i) => expect(p.deltaCents * total - 1_000_000n * contribs[i]!).toBeLessThanOrEqual(total));
  });

  it('records an explicit split when a municipality deviates', () => {
    const d: Decision = {
      kind: 'adjustment',
      request: {
        provider: 'P1', year: 2028, deltaCents: '300', fromMonth: 6, date: '2028-05-01', reason: 'groei', upwardReason: 'autonome-groei', approval: 'AB 2028-14',
        explicitSplit: { deviating: ['0003'], amounts: { '0003': '300' }, reason: 'kosten vooral in Klein' },
      },
    };
    const y = run([...paidThroughApril, d]).years[2028]!;
    expect(y.adjustments[0]!.perMunicipality.map((p) => p.deltaCents)).toEqual([0n, 0n, 300n]);
    // The others share what the deviating municipality does not take, in proportion to their contributions.
    const partly = { ...d, request: { ...d.request, explicitSplit: { deviating: ['0003'], amounts: { '0003': '100' }, reason: 'x' } } } as Decision;
    const shared = run([...paidThroughApril, partly]).years[2028]!.adjustments[0]!.perMunicipality;
    expect(shared.find((p) => p.municipality === '0003')!.deltaCents).toBe(100n);
    expect(sum(shared.map((p) => p.deltaCents))).toBe(300n);
    const wrongWay = { ...d, request: { ...d.request, explicitSplit: { deviating: ['0003'], amounts: { '0003': '400' }, reason: 'x' } } } as Decision;
    expect(refusal(() => run([...paidThroughApril, wrongWay])).code).toBe('SPLIT_SIGN');
  });

  it('never touches a paid month (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 11 }), fc.integer({ min: 1, max: 12 }), fc.bigInt({ min: 1n, max: 10n ** 9n }), (paid, from, delta) => {
        fc.pre(from > paid);
        const runs: Decision[] = Array.from({ length: paid }, (_, i) => ({ kind: 'payment.run', year: 2028, month: i + 1 }));
        const before = run([...base, ...runs]).years[2028]!;
        const after = run([...base, ...runs, up('P1', delta.toString(), from)]).years[2028]!;
        for (const m of M) {
          const k = scheduleKey('P1', m);
          expect(after.schedule[k]!.slice(0, from - 1)).toEqual(before.schedule[k]!.slice(0, from - 1));
          expect(sum(after.schedule[k]!)).toBe(contributionOf(after.cells, 'P1', m));
        }
        expect(lumpSumOf(after.cells, 'P1')).toBe(lumpSumOf(before.cells, 'P1') + delta);
      }),
      { numRuns: 60 },
    );
  });
});

describe('settlement', () => {
  const allPaid: Decision[] = [...base, ...Array.from({ length: 12 }, (_, i) => ({ kind: 'payment.run', year: 2028, month: i + 1 }) as Decision)];

  it('refuses to settle a year before all twelve instalments are paid', () => {
    const e = refusal(() => run([...base, { kind: 'settlement', year: 2028, thresholdPct: '2', costs: costs(1n) }]));
    expect(e.code).toBe('SETTLEMENT_NOT_PAID');
    expect(e.message).toMatch(/paid through month 0/);
  });

  const costs = (scale: bigint) => ['P1', 'P2', 'P3'].flatMap((p) => M.map((m, i) => ({ provider: p, municipality: m, costCents: ((BigInt(i) + 1n) * scale).toString() })));

  it('keeps the lump sum, leaves a deficit with the provider, and flags deviating municipalities', () => {
    const state = run([...allPaid, { kind: 'settlement', year: 2028, thresholdPct: '2', costs: costs(10_000_000_00n) }]);
    const s = state.years[2028]!.settlement!;
    expect(s.totalLumpSumCents).toBe(run(base).years[2028]!.allocation.totalCents);
    expect(s.providers.every((p) => p.resultCents === p.lumpSumCents - p.costCents)).toBe(true);
    // Costs 1:2:3 against budgets ~81:16:3 — every municipality deviates.
    expect(s.municipalities.every((m) => m.flagged)).toBe(true);
  });

  it('refuses to change a settled year', () => {
    const settled = [...allPaid, { kind: 'settlement', year: 2028, thresholdPct: '2', costs: costs(1n) } as Decision];
    expect(refusal(() => run([...settled, up('P1', '5', 6)])).code).toBe('YEAR_SETTLED');
    expect(refusal(() => run([...settled, { kind: 'settlement', year: 2028, thresholdPct: '2', costs: costs(1n) }])).code).toBe('YEAR_SETTLED');
  });
});

describe('contribution keys', () => {
  it('re-splits a year that has not started paying, keeping every provider lump sum', () => {
    const before = run(base).years[2028]!;
    const after = run([...base, { kind: 'keys.set', year: 2028, keys: { '0001': '70', '0002': '20', '0003': '10' }, basis: 'bereik 2027' }]).years[2028]!;
    for (const p of ['P1', 'P2', 'P3']) expect(lumpSumOf(after.cells, p)).toBe(lumpSumOf(before.cells, p));
    const total = before.allocation.totalCents;
    const shares = splitByWeights(total, [70n, 20n, 10n]);
    M.forEach((m, j) => expect(sum(after.cells.filter((c) => c.municipality === m).map((c) => c.amountCents))).toBe(shares[j]));
  });

  it('refuses keys for a year whose payments have started', () => {
    const e = refusal(() => run([...base, { kind: 'payment.run', year: 2028, month: 1 }, { kind: 'keys.set', year: 2028, keys: { '0001': '1', '0002': '1', '0003': '1' }, basis: 'x' }]));
    expect(e.code).toBe('YEAR_ALREADY_PAYING');
  });
});

describe('replay', () => {
  it('gives the same state from the same decisions, and money is conserved in every payment', () => {
    const decisions: Decision[] = [...base, { kind: 'payment.run', year: 2028, month: 1 }, up('P3', '12345', 3)];
    const a = run(decisions);
    const b = replay(region, decisions.map((decision, i) => ({ seq: i + 1, decision })));
    expect(b).toEqual(a);
    const y = b.years[2028]!;
    expect(sum(paymentsOf(y, MONTHLY).map((p) => p.amountCents))).toBe(sum(y.cells.map((c) => c.amountCents)));
  });
});
