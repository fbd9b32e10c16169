import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { budgetForYear, regionBudget } from './budget-rules.ts';
import { Refusal } from './errors.ts';
import type { AdoptedBudget, BudgetPolicy } from './region.ts';

// DOMAIN.md §3 (seed 003 §3.3.1), × €1,000, adopted 2028–2030; 2031–2033 are to follow from the rule.
const TABLE: Record<string, readonly [number, number, number]> = {
  '0358': [6_600, 6_600, 6_600], // Aalsmeer
  '0362': [20_000, 20_000, 20_000], // Amstelveen
  '0363': [253_315, 249_370, 249_370], // Amsterdam
  '0384': [5_500, 5_500, 5_500], // Diemen
  '0451': [8_000, 8_000, 8_000], // Uithoorn
  '0437': [2_600, 2_600, 2_600], // Ouder-Amstel
};
const MUNICIPALITIES = Object.keys(TABLE);
const thousandEuros = (k: number): bigint => BigInt(k) * 1000n * 100n;
const ADOPTED: AdoptedBudget[] = [2028, 2029, 2030].flatMap((year, i) =>
  MUNICIPALITIES.map((municipality) => ({
    year,
    municipality,
    lines: [{ line: 'AJH', amountCents: thousandEuros(TABLE[municipality]![i]!) }],
  })),
);
const NO_INDEXATION: BudgetPolicy = { indexation: {} };

function refusal(fn: () => unknown): Refusal {
  try {
    fn();
  } catch (e) {
    if (e instanceof Refusal) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('budgetForYear', () => {
  it('uses the adopted budget of an adopted year', () => {
    const b = budgetForYear(ADOPTED, NO_INDEXATION, '0363', 2028);
    expect(b).toMatchObject({ year: 2028, municipality: '0363', amountCents: 25_331_500_000n, basis: 'adopted', basedOnYear: 2028, indexFactor: '1' });
  });

  it('carries the 2030 level of Amsterdam on to 2031–2033 exactly when indexation is zero', () => {
    const level2030 = budgetForYear(ADOPTED, NO_INDEXATION, '0363', 2030);
    for (const year of [2031, 2032, 2033]) {
      const b = budgetForYear(ADOPTED, NO_INDEXATION, '0363', year);
      expect(b.basis).toBe('extended');
      expect(b.basedOnYear).toBe(2030);
      expect(b.amountCents).toBe(level2030.amountCents);
      expect(b.lines).toEqual(level2030.lines);
    }
    expect(level2030.amountCents).toBe(24_937_000_000n);
  });

  it('gives the region 29207000000 cents in 2031–2033, the same as in 2030, without indexation', () => {
    for (const year of [2030, 2031, 2032, 2033]) {
      expect(regionBudget(ADOPTED, NO_INDEXATION, MUNICIPALITIES, year).totalCents).toBe(29_207_000_000n);
    }
    expect(regionBudget(ADOPTED, NO_INDEXATION, MUNICIPALITIES, 2028).totalCents).toBe(29_601_500_000n);
  });

  it('treats explicit zero percentages like missing ones', () => {
    const zero: BudgetPolicy = { indexation: { '2029': '0', '2030': '0.0', '2031': '0' } };
    expect(budgetForYear(ADOPTED, zero, '0363', 2033).amountCents).toBe(24_937_000_000n);
    expect(budgetForYear(ADOPTED, zero, '0363', 2033).indexFactor).toBe('1');
  });

  it('compounds 2% in 2029 and 3% in 2030 from the first adopted year (2028) on', () => {
    const policy: BudgetPolicy = { indexation: { '2029': '2', '2030': '3' } };
    expect(budgetForYear(ADOPTED, policy, '0363', 2028).amountCents).toBe(25_331_500_000n);
    expect(budgetForYear(ADOPTED, policy, '0358', 2029).amountCents).toBe(673_200_000n); // 6.6 M × 1.02
    const b2030 = budgetForYear(ADOPTED, policy, '0363', 2030);
    expect(b2030.indexFactor).toBe('1.0506');
    expect(b2030.amountCents).toBe(26_198_812_200n); // 249.37 M × 1.02 × 1.03
    // No percentage for 2031: the extended level keeps the 2030 price level.
    expect(budgetForYear(ADOPTED, policy, '0363', 2031).amountCents).toBe(26_198_812_200n);
  });

  it('rounds each indexed line once, half away from zero, to the cent', () => {
    const adopted: AdoptedBudget[] = [
      { year: 2028, municipality: '0384', lines: [{ line: 'HSJH', amountCents: 100n }] },
      {
        year: 2029,
        municipality: '0384',
        lines: [
          { line: 'HSJH', amountCents: 1_234_567n },
          { line: 'ESJH', amountCents: 50n },
          { line: 'taakstelling', amountCents: -50n },
        ],
      },
    ];
    const b = budgetForYear(adopted, { indexation: { '2029': '1' } }, '0384', 2030);
    // 1_234_567 × 1.01 = 1_246_912.67 → 1_246_913; 50 × 1.01 = 50.5 → 51; −50.5 → −51.
    expect(b.lines).toEqual([
      { line: 'HSJH', amountCents: 1_246_913n },
      { line: 'ESJH', amountCents: 51n },
      { line: 'taakstelling', amountCents: -51n },
    ]);
    expect(b.amountCents).toBe(1_246_913n);
  });

  it('sums a municipality split into HSJH/ESJH budget lines, and extends all its lines', () => {
    const adopted: AdoptedBudget[] = [
      ...ADOPTED.filter((b) => b.municipality !== '0363' || b.year !== 2030),
      {
        year: 2030,
        municipality: '0363',
        lines: [
          { line: 'HSJH', amountCents: 20_418_800_000n },
          { line: 'ESJH', amountCents: 1_578_600_000n },
          { line: 'Individuele betaalovereenkomsten', amountCents: 2_939_600_000n },
        ],
      },
    ];
    const b = budgetForYear(adopted, NO_INDEXATION, '0363', 2032);
    expect(b.lines.map((l) => l.line)).toEqual(['HSJH', 'ESJH', 'Individuele betaalovereenkomsten']);
    expect(b.amountCents).toBe(24_937_000_000n);
    expect(regionBudget(adopted, NO_INDEXATION, MUNICIPALITIES, 2032).totalCents).toBe(29_207_000_000n);
  });

  it('refuses a year before the first adopted year', () => {
    const e = refusal(() => budgetForYear(ADOPTED, NO_INDEXATION, '0363', 2027));
    expect(e.code).toBe('YEAR_BEFORE_FIRST_BUDGET');
    expect(e.message).toContain('2028');
    expect(e.params).toEqual({ municipality: '0363', year: 2027, first: 2028 });
  });

  it('refuses a municipality without any budget', () => {
    expect(refusal(() => budgetForYear(ADOPTED, NO_INDEXATION, '0307', 2028)).code).toBe('NO_BUDGET');
    expect(refusal(() => budgetForYear([], NO_INDEXATION, '0363', 2028)).code).toBe('NO_BUDGET');
    expect(refusal(() => regionBudget(ADOPTED, NO_INDEXATION, [...MUNICIPALITIES, '0307'], 2028)).code).toBe('NO_BUDGET');
  });

  it('refuses a year inside a hole in the adopted years instead of guessing', () => {
    const holed = ADOPTED.filter((b) => !(b.municipality === '0363' && b.year === 2029));
    expect(refusal(() => budgetForYear(holed, NO_INDEXATION, '0363', 2029)).code).toBe('GAP_IN_BUDGET_YEARS');
  });

  it('refuses two adopted budgets for the same municipality and year', () => {
    const doubled = [...ADOPTED, ADOPTED[0]!];
    expect(refusal(() => budgetForYear(doubled, NO_INDEXATION, ADOPTED[0]!.municipality, 2030)).code).toBe('DUPLICATE_BUDGET');
  });

  it('refuses unreadable or impossible indexation percentages', () => {
    expect(refusal(() => budgetForYear(ADOPTED, { indexation: { '2029': '2,5' } }, '0363', 2029)).code).toBe('INDEXATION_INVALID');
    expect(refusal(() => budgetForYear(ADOPTED, { indexation: { '2029': '-100' } }, '0363', 2029)).code).toBe('INDEXATION_INVALID');
    expect(refusal(() => budgetForYear(ADOPTED, NO_INDEXATION, '0363', 2030.5)).code).toBe('YEAR_INVALID');
  });

  it('accepts a negative percentage (deflation) and a decimal one', () => {
    const b = budgetForYear(ADOPTED, { indexation: { '2029': '-0.5', '2030': '2.25' } }, '0358', 2030);
    expect(b.indexFactor).toBe('1.0173875'); // 0.995 × 1.0225
    expect(b.amountCents).toBe(671_475_750n);
  });
});

describe('budgetForYear properties', () => {
  const lineArb = fc.record({
    line: fc.constantFrom('HSJH', 'ESJH', 'extra contracten', 'individuele betaalafspraken', 'taakstelling'),
    amountCents: fc.bigInt({ min: -10_000_000_000n, max: 100_000_000_000n }),
  });
  const percentArb = fc
    .tuple(fc.integer({ min: -500, max: 1500 }), fc.constantFrom(1, 2, 3))
    .map(([n, decimals]) => {
      const negative = n < 0;
      const digits = String(Math.abs(n)).padStart(decimals + 1, '0');
      return `${negative ? '-' : ''}${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
    });

  it('always makes the municipal amount the exact sum of its rounded lines, each within half a cent', () => {
    fc.assert(
      fc.property(
        fc.array(lineArb, { minLength: 0, maxLength: 6 }),
        fc.dictionary(fc.constantFrom('2029', '2030', '2031', '2032', '2033'), percentArb),
        fc.integer({ min: 2028, max: 2035 }),
        (lines, indexation, year) => {
          const adopted: AdoptedBudget[] = [
            { year: 2028, municipality: '0363', lines },
            { year: 2029, municipality: '0363', lines },
          ];
          const b = budgetForYear(adopted, { indexation }, '0363', year);
          expect(b.amountCents).toBe(b.lines.reduce((s, l) => s + l.amountCents, 0n));
          // Exact check of every line against the factor the result reports.
          const [whole, frac = ''] = b.indexFactor.split('.');
          const den = 10n ** BigInt(frac.length);
          const num = BigInt(whole! + frac);
          b.lines.forEach((l, i) => {
            const exactTimesDen = lines[i]!.amountCents * num;
            const diff = 2n * (l.amountCents * den - exactTimesDen);
            expect(diff <= den && diff >= -den).toBe(true);
          });
        },
      ),
    );
  });
});

describe('price-level year (decisions §12)', () => {
  it('indexes from the year after the price level, not from the first adopted year', () => {
    const adopted = [{ year: 2028, municipality: '0363', lines: [{ line: 'AJH', amountCents: 100_000n }] }];
    const policy = { indexation: { '2026': '2', '2027': '3', '2028': '0' } };
    expect(budgetForYear(adopted, policy, '0363', 2028).amountCents).toBe(100_000n);
    const withLevel = budgetForYear(adopted, { ...policy, priceLevelYear: 2025 }, '0363', 2028);
    // 100000 × 1.02 × 1.03 = 105060
    expect(withLevel.amountCents).toBe(105_060n);
    expect(withLevel.indexBaseYear).toBe(2025);
  });
});
