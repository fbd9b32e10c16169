import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { controlledRounding, decimalsToWeights, formatEuros, parseEuros, splitByWeights, splitEvenly, sum } from './money.ts';

const cents = fc.bigInt({ min: 0n, max: 10n ** 12n });
const weights = fc.array(fc.bigInt({ min: 0n, max: 10n ** 9n }), { minLength: 1, maxLength: 25 }).filter((w) => sum(w) > 0n);

describe('splitByWeights (largest remainder)', () => {
  it('never loses or creates a cent', () => {
    fc.assert(fc.property(cents, weights, (total, w) => sum(splitByWeights(total, w)) === total));
  });

  it('keeps every part within one cent of its exact share', () => {
    fc.assert(
      fc.property(cents, weights, (total, w) => {
        const parts = splitByWeights(total, w);
        const ws = sum(w);
        return parts.every((p, i) => {
          const exactTimesWs = total * w[i]!;
          return p * ws >= exactTimesWs - ws && p * ws <= exactTimesWs + ws;
        });
      }),
    );
  });

  it('gives the leftover cents to the largest remainders, ties to the earliest part', () => {
    expect(splitByWeights(100n, [1n, 1n, 1n])).toEqual([34n, 33n, 33n]);
    expect(splitByWeights(10n, [1n, 2n])).toEqual([3n, 7n]);
    expect(splitByWeights(-100n, [1n, 1n, 1n])).toEqual([-34n, -33n, -33n]);
  });

  it('refuses to split money over nothing', () => {
    expect(() => splitByWeights(5n, [])).toThrow();
    expect(() => splitByWeights(5n, [0n, 0n])).toThrow();
  });
});

describe('splitEvenly', () => {
  it('puts the extra cents in the first parts', () => {
    expect(splitEvenly(1_000_000_05n, 12).slice(0, 6)).toEqual([8_333_334n, 8_333_334n, 8_333_334n, 8_333_334n, 8_333_334n, 8_333_334n].map((x) => x * 1n));
    expect(sum(splitEvenly(1_000_000_05n, 12))).toBe(1_000_000_05n);
  });
});

describe('controlledRounding', () => {
  const table = fc
    .tuple(fc.array(cents, { minLength: 1, maxLength: 30 }), fc.array(fc.bigInt({ min: 1n, max: 10n ** 9n }), { minLength: 1, maxLength: 8 }))
    .map(([rows, colWeights]) => ({ rows, cols: splitByWeights(sum(rows), colWeights) }));

  it('keeps every row total and every column total exact', () => {
    fc.assert(
      fc.property(table, ({ rows, cols }) => {
        const cells = controlledRounding(rows, cols);
        return rows.every((r, i) => sum(cells[i]!) === r) && cols.every((c, j) => sum(cells.map((row) => row[j]!)) === c);
      }),
    );
  });

  it('rounds each cell down or up from its exact proportional share', () => {
    fc.assert(
      fc.property(table, ({ rows, cols }) => {
        const grand = sum(rows);
        const cells = controlledRounding(rows, cols);
        return rows.every((r, i) =>
          cols.every((c, j) => {
            const floor = grand === 0n ? 0n : (r * c) / grand;
            return cells[i]![j] === floor || cells[i]![j] === floor + 1n;
          }),
        );
      }),
    );
  });

  it('refuses margins that do not add up to the same amount', () => {
    expect(() => controlledRounding([10n], [9n])).toThrow(/same amount/);
  });
});

describe('euro notation', () => {
  it('parses euros into cents without floats', () => {
    expect(parseEuros('253315000')).toBe(25_331_500_000n);
    expect(parseEuros('0.1')).toBe(10n);
    expect(parseEuros('12,34')).toBe(1234n);
    expect(() => parseEuros('1.234,56')).toThrow(/not an amount/);
  });
  it('formats cents the Dutch way', () => {
    expect(formatEuros(29_601_500_000n)).toBe('€ 296.015.000,00');
    expect(formatEuros(-5n)).toBe('-€ 0,05');
  });
  it('puts decimal shares on one scale', () => {
    expect(decimalsToWeights(['33.3', '66.7', '0'])).toEqual([333n, 667n, 0n]);
  });
});
