// Theme goals and KPIs [issue 15]: the formula language, exact evaluation, the path between the
// baseline and the targets, off-path signals, and what others may see of a KPI.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { changePct, countDisclosure, evaluate, FormulaError, withDifferences, offPath, oneDecimal, parseFormula, parseTarget, pathValue, rationalFromText, targetValue, type KpiFigures } from './kpi.ts';

const figures = (over: Partial<{ inCare: Record<string, number>; starts: Record<string, number>; population: number }> = {}): KpiFigures => ({
  inCare: (forms) => (forms.length === 0 ? 900 : forms.reduce((s, f) => s + (over.inCare?.[f] ?? 10), 0)),
  starts: (forms) => forms.reduce((s, f) => s + (over.starts?.[f] ?? 3), 0),
  population: 'population' in over ? over.population : 12_000,
});

describe('the formula language', () => {
  it('evaluates a rate per 1,000 exactly and shows it to one decimal, half to even', () => {
    const f = parseFormula('in_care(35, 36,37,38) * 1000 / population');
    const v = evaluate(f, figures({ inCare: { '35': 100, '36': 20, '37': 5, '38': 25 } }))!;
    expect(oneDecimal(v)).toBe('12.5'); // 150 × 1000 / 12000
    expect(oneDecimal(evaluate(parseFormula('1 / 8'), figures())!)).toBe('0.1'); // 0.125 → 0.1 (half to even)
    expect(oneDecimal(evaluate(parseFormula('3 / 8'), figures())!)).toBe('0.4'); // 0.375 → 0.4
    expect(oneDecimal(evaluate(parseFormula('(starts(35) - 1) * 2.5'), figures())!)).toBe('5.0');
    expect(oneDecimal(evaluate(parseFormula('in_care()'), figures())!)).toBe('900.0');
  });

  it('gives no value without a population or on a division by zero', () => {
    expect(evaluate(parseFormula('in_care(35) * 1000 / population'), figures({ population: undefined as unknown as number }))).toBeUndefined();
    expect(evaluate(parseFormula('1 / (starts(35) - 3)'), figures())).toBeUndefined();
  });

  it('refuses what it cannot read, saying where', () => {
    for (const bad of ['in_care(35', 'foo(35)', 'starts()', '1 +', 'in_care(3)', 'population population']) {
      expect(() => parseFormula(bad), bad).toThrow(FormulaError);
    }
    expect(() => parseFormula('in_care(35) ** 2')).toThrow(/position 14/);
  });
});

describe('goals', () => {
  const r = rationalFromText;
  it('reads targets as values or as changes against the baseline', () => {
    expect(oneDecimal(targetValue(parseTarget('-30%')!, r('200')))).toBe('140.0');
    expect(oneDecimal(targetValue(parseTarget('+5%')!, r('200')))).toBe('210.0');
    expect(oneDecimal(targetValue(parseTarget('4.5')!, r('200')))).toBe('4.5');
    expect(parseTarget('30')).toEqual({ kind: 'value', value: { n: 30n, d: 1n } });
    expect(parseTarget('-30')).toBeUndefined();
  });

  it('draws the path straight from the baseline through the targets, flat after the last', () => {
    const points = [
      { year: 2024, value: r('100') },
      { year: 2028, value: r('90') },
      { year: 2034, value: r('60') },
    ];
    expect(pathValue(points, 2023)).toBeUndefined();
    expect(oneDecimal(pathValue(points, 2026)!)).toBe('95.0');
    expect(oneDecimal(pathValue(points, 2028)!)).toBe('90.0');
    expect(oneDecimal(pathValue(points, 2031)!)).toBe('75.0');
    expect(oneDecimal(pathValue(points, 2040)!)).toBe('60.0');
  });

  it('property: the path lies between its neighbouring points', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 2024, max: 2034 }), (a, b, year) => {
        const p = pathValue([{ year: 2024, value: r(String(a)) }, { year: 2034, value: r(String(b)) }], year)!;
        const v = Number(p.n) / Number(p.d);
        expect(v).toBeGreaterThanOrEqual(Math.min(a, b) - 1e-9);
        expect(v).toBeLessThanOrEqual(Math.max(a, b) + 1e-9);
      }),
    );
  });

  it('signals a KPI worse than its path in its direction, and gives the change against the baseline', () => {
    expect(offPath(r('96'), r('95'), 'down')).toBe(true);
    expect(offPath(r('95'), r('95'), 'down')).toBe(false);
    expect(offPath(r('94'), r('95'), 'up')).toBe(true);
    expect(changePct(r('90'), r('120'))).toBe('-25.0');
    expect(changePct(r('5'), r('0'))).toBeUndefined();
  });
});

describe('what others see of a KPI', () => {
  const provider = (total: number[], byMunicipality: Record<string, number[]>) => ({ total, byMunicipality: new Map(Object.entries(byMunicipality)) });
  it('withholds a municipality with a count of 1–4, and the region where a difference makes one', () => {
    const d = countDisclosure({ region: [100, 40], municipalities: new Map([['A', [60, 20]], ['B', [37, 3]], ['C', [3, 17]]]), providers: new Map([['P', provider([98, 40], { A: [58, 20], B: [37, 3], C: [3, 17] })]]) });
    expect(d.municipalities.get('B')).toBe(false);
    expect(d.municipalities.get('C')).toBe(false);
    // A: 60 less P's 58 there is 2: withheld too.
    expect(d.municipalities.get('A')).toBe(false);
    // region − P = 2 in the first count
    expect(d.region).toBe(false);
    const ok = countDisclosure({ region: [100, 40], municipalities: new Map([['A', [60, 20]], ['B', [40, 20]]]), providers: new Map([['P', provider([50, 20], { A: [30, 10], B: [20, 10] })]]) });
    expect(ok).toEqual({ region: true, municipalities: new Map([['A', true], ['B', true]]) });
  });

  it('withholds the region where it less the municipalities shown, and one hidden owner’s part, is 1–4', () => {
    // The review's case: four municipalities of 100 shown, Diemen 3 and Ouder-Amstel 3 hidden; region 406.
    const m = new Map([['0358', [100]], ['0362', [100]], ['0363', [100]], ['0451', [100]], ['0384', [3]], ['0437', [3]]]);
    expect(countDisclosure({ region: [406], municipalities: m, providers: new Map() }).region).toBe(false);
    // A provider with 3 in Diemen: 406 − 400 − 3 = 3 others.
    const p = new Map([['DEMO03', provider([3], { '0384': [3] })]]);
    expect(countDisclosure({ region: [406], municipalities: new Map([...m, ['0437', [0]]]), providers: p }).region).toBe(false);
    // Hidden ones that together are 10, with no owner knowing more than 5 of it: shown.
    const ten = new Map([['0358', [100]], ['0384', [3]], ['0437', [3]], ['0451', [4]]]);
    expect(countDisclosure({ region: [110], municipalities: ten, providers: new Map() }).region).toBe(true);
  });

  it('adds the difference of two counts of one kind whose care forms nest, so nested care forms cannot be subtracted', () => {
    const c = (kind: 'in_care' | 'starts', careForms: string[], value: number) => ({ kind, careForms, value });
    // in_care(35,36) ⊂ in_care(35,36,37) ⊂ in_care(): 43 − 40, 900 − 40, 900 − 43; starts and in_care do not mix.
    expect(withDifferences([c('in_care', ['35', '36'], 40), c('in_care', ['35', '36', '37'], 43), c('in_care', [], 900), c('starts', ['35'], 41)])).toEqual([40, 43, 900, 41, 3, 860, 857]);
    // Care forms that do not nest make no count by subtraction.
    expect(withDifferences([c('in_care', ['35'], 40), c('in_care', ['36'], 43)])).toEqual([40, 43]);
    const d = countDisclosure({ region: withDifferences([c('in_care', ['35', '36'], 40), c('in_care', ['35', '36', '37'], 43)]), municipalities: new Map(), providers: new Map() });
    expect(d.region).toBe(false);
  });

});
