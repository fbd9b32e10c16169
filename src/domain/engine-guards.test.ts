// The guards around the money arithmetic: what may change once a year pays, the contract value, the
// explicit split, keys against budgets, decision dates, amounts the database cannot hold, and the
// region's own rules (threshold, instalments, leftover cents, default keys).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyDecision, budgetTotals, emptyState, keysFor, type EngineState } from './engine.ts';
import { budgetsToJson, type BudgetImportDecision, type Decision } from './decisions.ts';
import { contributionOf, lumpSumOf } from './allocation-rules.ts';
import { MAX_CENTS, splitByWeights, sum } from './money.ts';
import { Refusal } from './errors.ts';
import type { Region } from './region.ts';
import { smallPlan, smallRegion } from '../../test/fixtures/small-region.ts';

const M = ['0001', '0002', '0003'];

function run(decisions: readonly Decision[], region: Region = smallRegion): EngineState {
  let state = emptyState(region);
  decisions.forEach((d, i) => (state = applyDecision(state, region, d, i + 1).state));
  return state;
}

function refusal(fn: () => unknown): Refusal {
  try {
    fn();
  } catch (e) {
    if (e instanceof Refusal) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

const budgets = (year: number, amounts: Record<string, bigint>): BudgetImportDecision => ({
  kind: 'budget.import',
  source: 'test',
  budgets: Object.entries(amounts).map(([municipality, a]) => ({ year, municipality, lines: [{ line: 'AJH', amountCents: a.toString() }] })),
});
const base: Decision[] = [{ kind: 'budget.import', source: 'region', budgets: budgetsToJson(smallRegion.budgets) }, { kind: 'allocation', plan: smallPlan(2028) }];
const pay = (month: number, year = 2028): Decision => ({ kind: 'payment.run', year, month });
const adjust = (provider: string, delta: bigint, extra: Record<string, unknown> = {}): Decision => ({
  kind: 'adjustment',
  request: {
    provider,
    year: 2028,
    deltaCents: delta.toString(),
    fromMonth: 6,
    date: '2028-05-15',
    reason: 'test',
    ...(delta > 0n ? { upwardReason: 'autonome-groei' } : { forecastCostCents: '0' }),
    ...extra,
  },
});

describe('a paying or settled year cannot change behind the ledger', () => {
  it("refuses a budget import that changes a paying year's amounts, naming the year and the first payment run", () => {
    const e = refusal(() => run([...base, pay(1), budgets(2028, { '0001': 1n, '0002': 2n, '0003': 3n })]));
    expect(e.code).toBe('BUDGET_YEAR_LOCKED');
    expect(e.params).toMatchObject({ years: [2028], paying: 2028, seq: 3 });
    expect(e.message).toMatch(/adjust/);
  });

  it('refuses one that changes it indirectly: the carried-on level of a later year, or the indexation base', () => {
    // 2030 carries the 2029 level on; paying 2030 fixes that level.
    const y2030: Decision[] = [...base, { kind: 'allocation', plan: smallPlan(2030) }, pay(1, 2030)];
    expect(refusal(() => run([...y2030, budgets(2029, { '0001': 1n, '0002': 2n, '0003': 3n })])).params).toMatchObject({ years: [2030] });
    // A budget for an earlier year moves the indexation base, which changes every indexed year.
    const indexed: Region = { ...smallRegion, budgetPolicy: { indexation: { '2028': '2.5' } } };
    const e = refusal(() => run([...base, pay(1), budgets(2027, { '0001': 1n, '0002': 1n, '0003': 1n })], indexed));
    expect(e.code).toBe('BUDGET_YEAR_LOCKED');
  });

  it('refuses it for a settled year too, and accepts what leaves the locked years as they are', () => {
    const costs = ['P1', 'P2', 'P3'].flatMap((p) => M.map((m) => ({ provider: p, municipality: m, costCents: '100' })));
    const settled = [...base, ...Array.from({ length: 12 }, (_, i) => pay(i + 1)), { kind: 'settlement', year: 2028, thresholdPct: '2', costs } as Decision];
    expect(refusal(() => run([...settled, budgets(2028, { '0001': 5n, '0002': 5n, '0003': 5n })])).code).toBe('BUDGET_YEAR_LOCKED');
    // Another year, or the same amounts in other lines, is fine.
    expect(() => run([...settled, budgets(2029, { '0001': 5n, '0002': 5n, '0003': 5n })])).not.toThrow();
    const regrouped: Decision = {
      kind: 'budget.import',
      source: 'lines',
      budgets: [{ year: 2028, municipality: '0001', lines: [{ line: 'HSJH', amountCents: '6000000000' }, { line: 'ESJH', amountCents: '4000000001' }] }],
    };
    expect(() => run([...settled, regrouped])).not.toThrow();
  });

  it('allocates a year that does not pay yet again at once, so its lump sums add up to the new budget', () => {
    const before = run(base);
    const applied = applyDecision(before, smallRegion, budgets(2028, { '0001': 50_000_000_00n }), 3);
    expect(applied.result.reallocated).toEqual([2028]);
    const y = applied.state.years[2028]!;
    expect(sum(y.cells.map((c) => c.amountCents))).toBe(sum(budgetTotals(applied.state, smallRegion, 2028).map((b) => b.amountCents)));
    expect(y.inputs.budgets.find((b) => b.municipality === '0001')!.seq).toBe(3);
    expect(y.allocationSeq).toBe(2);
  });

  it('keeps the budget and the lump sums of every allocated year in agreement, whatever is imported when (property)', () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('budget' as const), year: fc.integer({ min: 2027, max: 2031 }), amount: fc.bigInt({ min: 0n, max: 10n ** 12n }) }),
      fc.record({ kind: fc.constant('pay' as const), year: fc.constantFrom(2028, 2029) }),
      fc.record({ kind: fc.constant('allocate' as const), year: fc.constantFrom(2028, 2029, 2030) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 12 }), (steps) => {
        let state = run(base);
        let seq = 3;
        for (const s of steps) {
          const d: Decision =
            s.kind === 'budget'
              ? budgets(s.year, { '0001': s.amount, '0002': s.amount / 3n, '0003': 7n })
              : s.kind === 'pay'
                ? pay((state.years[s.year]?.paidThrough ?? 0) + 1, s.year)
                : { kind: 'allocation', plan: smallPlan(s.year) };
          try {
            state = applyDecision(state, smallRegion, d, seq++).state;
          } catch (e) {
            if (!(e instanceof Refusal)) throw e;
          }
          for (const y of Object.values(state.years)) {
            expect(sum(y.cells.map((c) => c.amountCents))).toBe(sum(budgetTotals(state, smallRegion, y.year).map((b) => b.amountCents)));
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('refuses a hole in the adopted years of a municipality', () => {
    const e = refusal(() => run([...base, budgets(2031, { '0002': 1n })]));
    expect(e.code).toBe('GAP_IN_BUDGET_YEARS');
    expect(e.params).toEqual({ municipality: '0002', missing: [2030] });
  });
});

describe('the contract value (seed 003 §3.3.1)', () => {
  it('needs an approval reference for an upward adjustment that takes the year past the contract value, and records it', () => {
    const e = refusal(() => run([...base, adjust('P1', 100n)]));
    expect(e.code).toBe('ADJUSTMENT_EXCEEDS_CONTRACT_VALUE');
    const state = run([...base, adjust('P1', 100n, { approval: 'AB 2028-14' })]);
    expect(state.years[2028]!.adjustments[0]!.approval).toBe('AB 2028-14');
    expect(refusal(() => run([...base, adjust('P1', 100n, { approval: '  ' })])).code).toBe('ADJUSTMENT_EXCEEDS_CONTRACT_VALUE');
  });

  it('lets an upward adjustment through without approval where a downward one made room', () => {
    const lump = lumpSumOf(run(base).years[2028]!.cells, 'P2');
    const down = adjust('P2', -1000n, { forecastCostCents: ((lump * 90n) / 100n).toString() });
    expect(() => run([...base, down, adjust('P1', 1000n)])).not.toThrow();
    expect(refusal(() => run([...base, down, adjust('P1', 1001n)])).code).toBe('ADJUSTMENT_EXCEEDS_CONTRACT_VALUE');
  });
});

describe('the explicit split (DOMAIN.md §4 rule 4)', () => {
  it('gives the deviating municipalities their amounts and the others the rest by contribution; every part has the sign of the whole (property)', () => {
    const state = run([...base, pay(1)]);
    const contributions = M.map((m) => contributionOf(state.years[2028]!.cells, 'P1', m));
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 8n), max: 10n ** 8n }).filter((d) => d !== 0n),
        fc.subarray(M, { minLength: 1 }),
        fc.array(fc.bigInt({ min: -(10n ** 8n), max: 10n ** 8n }), { minLength: 3, maxLength: 3 }),
        (delta, deviating, amounts) => {
          const own = Object.fromEntries(deviating.map((m, i) => [m, amounts[i]!.toString()]));
          const d = adjust('P1', delta, { approval: 'x', forecastCostCents: '0', explicitSplit: { deviating, amounts: own, reason: 'afwijkend' } });
          let parts: { municipality: string; deltaCents: bigint }[];
          try {
            parts = applyDecision(state, smallRegion, d, 9).state.years[2028]!.adjustments[0]!.perMunicipality.map((p) => ({ ...p }));
          } catch (e) {
            if (e instanceof Refusal && ['SPLIT_SIGN', 'SPLIT_DOES_NOT_ADD_UP', 'ADJUSTMENT_BELOW_FORECAST', 'ADJUSTMENT_NOT_ENOUGH_BELOW', 'RESCHEDULE_NEGATIVE'].includes(e.code)) return;
            throw e;
          }
          expect(sum(parts.map((p) => p.deltaCents))).toBe(delta);
          for (const p of parts) expect(p.deltaCents === 0n || p.deltaCents > 0n === delta > 0n).toBe(true);
          for (const m of deviating) expect(parts.find((p) => p.municipality === m)!.deltaCents).toBe(BigInt(own[m]!));
          const others = M.filter((m) => !deviating.includes(m));
          if (others.length > 0) {
            const rest = delta - sum(deviating.map((m) => BigInt(own[m]!)));
            const expected = splitByWeights(rest, others.map((m) => contributions[M.indexOf(m)]!));
            others.forEach((m, i) => expect(parts.find((p) => p.municipality === m)!.deltaCents).toBe(expected[i]));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses an amount for a municipality that is not marked deviating', () => {
    const d = adjust('P1', 300n, { approval: 'x', explicitSplit: { deviating: ['0003'], amounts: { '0003': '100', '0002': '200' }, reason: 'r' } });
    expect(refusal(() => run([...base, d])).code).toBe('SPLIT_NOT_DEVIATING');
  });
});

describe('keys', () => {
  it("shows each municipality's contribution against its budget and flags keys that ask more than was adopted", () => {
    const applied = applyDecision(run(base), smallRegion, { kind: 'keys.set', year: 2028, keys: { '0001': '1', '0002': '1', '0003': '1' }, basis: 'gelijk' }, 3);
    const total = sum(smallRegion.budgets.filter((b) => b.year === 2028).map((b) => b.lines[0]!.amountCents));
    const third = splitByWeights(total, [1n, 1n, 1n]);
    expect(applied.result.perMunicipality.map((p) => p.contributionCents)).toEqual(third.map(String));
    expect(applied.result.aboveBudget).toEqual(['0002', '0003']);
    expect(applied.result.perMunicipality.find((p) => p.municipality === '0001')!.aboveBudget).toBe(false);
  });

  it("carries the latest keys on when the region says so, instead of the year's budgets", () => {
    const region: Region = { ...smallRegion, keysPolicy: { default: 'previous-keys' } };
    const state = run([...base, { kind: 'keys.set', year: 2028, keys: { '0001': '5', '0002': '3', '0003': '2' }, basis: 'bereik 2027' }], region);
    expect(keysFor(state, region, 2029).keys).toEqual({ '0001': 5n, '0002': 3n, '0003': 2n });
    expect(keysFor(state, smallRegion, 2029).basis).toBe('budgets 2029');
  });
});

describe('decision dates', () => {
  it('refuses an adjustment decided outside the year it adjusts, and a date that is not a calendar date', () => {
    expect(refusal(() => run([...base, adjust('P1', 100n, { approval: 'x', date: '2027-12-31' })])).code).toBe('DECISION_DATE_OUTSIDE_YEAR');
    expect(refusal(() => run([...base, adjust('P1', 100n, { approval: 'x', date: '2028-13-45' })])).code).toBe('DATE_INVALID');
  });
});

describe('amounts the database cannot hold', () => {
  it('refuses a budget line, or a region total, above the largest bigint', () => {
    expect(refusal(() => run([budgets(2028, { '0001': MAX_CENTS + 1n, '0002': 1n, '0003': 1n })])).code).toBe('AMOUNT_TOO_LARGE');
    expect(refusal(() => run([budgets(2028, { '0001': MAX_CENTS, '0002': MAX_CENTS, '0003': 1n })])).code).toBe('AMOUNT_TOO_LARGE');
  });
});

describe("the region's own rules", () => {
  it('pays in the number of instalments the region sets, each in its first month, with the leftover cents where it says', () => {
    const region: Region = { ...smallRegion, paymentPolicy: { instalments: 4, leftoverCents: 'last' } };
    const y = run(base, region).years[2028]!;
    const parts = y.schedule['P1|0001']!;
    expect(parts).toHaveLength(4);
    expect(sum(parts)).toBe(contributionOf(y.cells, 'P1', '0001'));
    expect(parts[3]! >= parts[0]!).toBe(true);
    expect(refusal(() => run([...base, pay(2)], region)).code).toBe('PAYMENT_RUN_INVALID');
    const paid = run([...base, pay(1), pay(4)], region).years[2028]!;
    expect(paid.paidThrough).toBe(6);
    expect(refusal(() => run([...base, pay(1), adjust('P1', 100n, { approval: 'x', fromMonth: 5 })], region)).code).toBe('MONTH_NOT_INSTALMENT_START');
    expect(() => run([...base, pay(1), adjust('P1', 100n, { approval: 'x', fromMonth: 7 })], region)).not.toThrow();
  });

  it('takes the downward threshold from the region', () => {
    const region: Region = { ...smallRegion, adjustmentPolicy: { downwardThresholdPct: '10' } };
    const lump = lumpSumOf(run(base).years[2028]!.cells, 'P2');
    const forecast = (lump * 92n) / 100n;
    expect(() => run([...base, adjust('P2', -100n, { forecastCostCents: forecast.toString() })])).not.toThrow();
    expect(refusal(() => run([...base, adjust('P2', -100n, { forecastCostCents: forecast.toString() })], region)).code).toBe('ADJUSTMENT_NOT_ENOUGH_BELOW');
  });
});
