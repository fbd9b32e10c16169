// `ledger explain` is checked by recomputing: for random ledgers (budgets, keys, allocation, payment
// runs, an adjustment per provider, budget imports that are allowed or refused), every lump sum,
// contribution and payment is explained, every step's arithmetic is redone from the numbers the
// explanation itself gives, the steps are checked to link up (what one step computes is what the next
// one uses), and the explained figure is the figure the ledger holds.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { explainFrom, type Calc, type Explanation } from '../src/app/explain.ts';
import { contributionOf, lumpSumOf } from '../src/domain/allocation-rules.ts';
import { budgetsToJson, type Decision, type LedgerEntry } from '../src/domain/decisions.ts';
import { applyDecision, emptyState, paymentRulesOf, scheduleKey, type EngineState } from '../src/domain/engine.ts';
import { Refusal } from '../src/domain/errors.ts';
import { instalmentStartMonth, type PaymentRules } from '../src/domain/payment-schedule.ts';
import type { Region } from '../src/domain/region.ts';
import { smallPlan, smallRegion } from './fixtures/small-region.ts';

/** Every calc must hold by its own numbers. */
function checkCalc(calc: Calc): void {
  const result = BigInt(calc.resultCents);
  switch (calc.op) {
    case 'sum':
      expect(calc.terms.reduce((s, t) => s + BigInt(t.cents), 0n)).toBe(result);
      return;
    case 'share': {
      const whole = BigInt(calc.wholeCents);
      const w = BigInt(calc.weight);
      const total = BigInt(calc.weightTotal);
      const exactNum = whole * w;
      // result is the exact share rounded down or up (within one cent), mirrored for negative wholes
      const low = exactNum >= 0n ? exactNum / total : -((-exactNum + total - 1n) / total);
      const high = exactNum % total === 0n ? low : low + 1n;
      expect(result >= low && result <= high, `${result} within [${low}, ${high}]`).toBe(true);
      return;
    }
    case 'instalment': {
      const rest = BigInt(calc.amountCents) - BigInt(calc.paidBeforeCents);
      const n = BigInt(calc.count);
      const base = rest / n;
      const leftover = Number(rest - base * n);
      const extra = calc.leftover === 'first' ? calc.position <= leftover : calc.position > calc.count - leftover;
      expect(result).toBe(base + (extra ? 1n : 0n));
      return;
    }
  }
}

function check(e: Explanation, expected: bigint): void {
  for (const s of e.steps) if (s.calc) checkCalc(s.calc);
  expect(e.amountCents).toBe(expected);
  // The explained figure is what the last step with arithmetic (before the payment/settlement notes) computes.
  const figure = [...e.steps].reverse().find((s) => s.calc && s.kind !== 'settlement');
  expect(BigInt(figure!.calc!.resultCents)).toBe(expected);
  // Steps link up: the municipality's share of each theme uses the theme amount the step before gave,
  // and the contribution now starts from the allocated contribution.
  const calcs = e.steps.flatMap((s) => (s.calc ? [s.calc] : []));
  const results = new Set(calcs.map((c) => c.resultCents));
  for (const c of calcs) {
    if (c.op === 'share' && c.rounding === 'controlled-rounding') expect(results.has(c.wholeCents)).toBe(true);
    if (c.op === 'sum' && c.terms[0]?.label === 'as allocated') expect(results.has(c.terms[0].cents)).toBe(true);
  }
  // Every step with numbers cites the ledger entries they come from (only the settlement note and a payment not yet made may stand alone).
  for (const s of e.steps) if (s.calc) expect(s.cites.length).toBeGreaterThan(0);
}

interface Plan {
  readonly keys?: [number, number, number];
  readonly paid: number;
  readonly adjust: { provider: string; delta: bigint; from: number; explicit: boolean }[];
  readonly budgetChange: bigint;
  readonly quarterly: boolean;
}

function ledgerOf(region: Region, plan: Plan): { entries: LedgerEntry[]; state: EngineState } {
  const decisions: Decision[] = [
    { kind: 'budget.import', source: 'test', budgets: budgetsToJson(region.budgets) },
    ...(plan.keys ? [{ kind: 'keys.set', year: 2028, keys: { '0001': String(plan.keys[0]), '0002': String(plan.keys[1]), '0003': String(plan.keys[2]) }, basis: 'test' } as Decision] : []),
    { kind: 'allocation', plan: smallPlan(2028) },
    // A budget change before payments: the allocation follows it; the explanation must cite the new entry.
    {
      kind: 'budget.import',
      source: 'change',
      budgets: [{ year: 2028, municipality: '0002', lines: [{ line: 'AJH', amountCents: (20_000_000_00n + plan.budgetChange).toString() }] }],
    },
  ];
  const rules = paymentRulesOf(region);
  for (let k = 1; k <= plan.paid; k++) decisions.push({ kind: 'payment.run', year: 2028, month: instalmentStartMonth(k, rules) });
  // After payments a budget change of 2028 is refused, and must leave the ledger as it was.
  decisions.push({ kind: 'budget.import', source: 'late', budgets: [{ year: 2028, municipality: '0003', lines: [{ line: 'AJH', amountCents: '1' }] }] });
  for (const a of plan.adjust) {
    decisions.push({
      kind: 'adjustment',
      request: {
        provider: a.provider,
        year: 2028,
        deltaCents: a.delta.toString(),
        fromMonth: instalmentStartMonth(Math.min(a.from, rules.instalments), rules),
        date: '2028-06-01',
        reason: 'test',
        ...(a.delta > 0n ? { upwardReason: 'autonome-groei', approval: 'AB 1' } : { forecastCostCents: '0' }),
        ...(a.explicit ? { explicitSplit: { deviating: ['0003'], amounts: { '0003': (a.delta / 3n).toString() }, reason: 'afwijkend' } } : {}),
      },
    });
  }
  let state = emptyState(region);
  const entries: LedgerEntry[] = [];
  for (const decision of decisions) {
    try {
      const applied = applyDecision(state, region, decision, entries.length + 1);
      state = applied.state;
      entries.push({ seq: entries.length + 1, recordedAt: '2028-01-01T00:00:00.000Z', actor: 'test', reason: 'test', rulesVersion: 1, decision, result: applied.result });
    } catch (e) {
      if (!(e instanceof Refusal)) throw e;
    }
  }
  return { entries, state };
}

const arbitraryPlan = fc.record({
  keys: fc.option(fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 1000 })), { nil: undefined }),
  paid: fc.integer({ min: 0, max: 12 }),
  adjust: fc.array(
    fc.record({
      provider: fc.constantFrom('P1', 'P2', 'P3'),
      delta: fc.bigInt({ min: -5_000_000_00n, max: 5_000_000_00n }).filter((d) => d !== 0n),
      from: fc.integer({ min: 1, max: 12 }),
      explicit: fc.boolean(),
    }),
    { maxLength: 3 },
  ),
  budgetChange: fc.bigInt({ min: -1_000_000_00n, max: 1_000_000_00n }),
  quarterly: fc.boolean(),
});

describe('ledger explain', () => {
  it('gives numbers from which every lump sum, contribution and payment can be recomputed, citing the entries they came from', () => {
    fc.assert(
      fc.property(arbitraryPlan, (plan: Plan) => {
        const region: Region = plan.quarterly ? { ...smallRegion, paymentPolicy: { instalments: 4, leftoverCents: 'last' } } : smallRegion;
        const rules: PaymentRules = paymentRulesOf(region);
        const { entries, state } = ledgerOf(region, plan);
        const y = state.years[2028]!;
        // The allocation's budget is the one imported last before payments (when it changed the
        // amount: re-adopting the same amount leaves the allocation as it was), and explain cites it.
        const change = plan.budgetChange === 0n ? undefined : entries.find((e) => e.decision.kind === 'budget.import' && e.decision.source === 'change');
        for (const p of ['P1', 'P2', 'P3']) {
          const lump = explainFrom(region, () => region, entries, { provider: p, year: 2028 });
          check(lump, lumpSumOf(y.cells, p));
          if (change) expect(lump.steps[0]!.cites).toContain(change.seq);
          for (const m of ['0001', '0002', '0003']) {
            check(explainFrom(region, () => region, entries, { provider: p, year: 2028, municipality: m }), contributionOf(y.cells, p, m));
            const parts = y.schedule[scheduleKey(p, m)]!;
            for (let k = 1; k <= rules.instalments; k++) {
              const month = `2028-${String(instalmentStartMonth(k, rules)).padStart(2, '0')}`;
              check(explainFrom(region, () => region, entries, { provider: p, year: 2028, municipality: m, month }), parts[k - 1]!);
            }
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('speaks Dutch by default for the web: the same steps, amounts (€ 1.234,56) and arithmetic as the English of the CLI', () => {
    const euroAmounts = (text: string) => text.match(/-?€ \d{1,3}(?:\.\d{3})*,\d{2}/g) ?? [];
    const english = /\b(?:the|to|and|by|with|Lump sum|Contribution|Theme|Payment|Budget|Adjustment|Instalments|paid|scheduled)\b/;
    fc.assert(
      fc.property(arbitraryPlan, (plan: Plan) => {
        const region: Region = plan.quarterly ? { ...smallRegion, paymentPolicy: { instalments: 4, leftoverCents: 'last' } } : smallRegion;
        const rules = paymentRulesOf(region);
        const { entries } = ledgerOf(region, plan);
        const month = `2028-${String(instalmentStartMonth(rules.instalments, rules)).padStart(2, '0')}`;
        for (const q of [{ provider: 'P1', year: 2028 }, { provider: 'P2', year: 2028, municipality: '0002' }, { provider: 'P3', year: 2028, municipality: '0003', month }]) {
          const en = explainFrom(region, () => region, entries, q, 'en');
          const nl = explainFrom(region, () => region, entries, q, 'nl');
          expect(nl.amountCents).toBe(en.amountCents);
          expect(nl.steps.map((s) => s.calc)).toEqual(en.steps.map((s) => s.calc));
          expect(nl.steps.map((s) => s.cites)).toEqual(en.steps.map((s) => s.cites));
          expect(nl.subject).toMatch(/^(?:lumpsum|bijdrage|betaling) 2028/);
          nl.steps.forEach((s, i) => {
            expect(euroAmounts(s.text), s.text).toEqual(euroAmounts(en.steps[i]!.text));
            expect(s.text, s.text).not.toMatch(english);
            // a percentage with a decimal comma, never a point
            expect(s.text).not.toMatch(/\d\.\d+%/);
          });
          expect(euroAmounts(nl.steps.map((s) => s.text).join(' ')).length).toBeGreaterThan(3);
        }
      }),
      { numRuns: 20 },
    );
  });
});
