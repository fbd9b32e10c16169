import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decimalOf, readCents, readCentsFromNumber, readEuros, readEurosFromNumber, type AmountReading } from './amount-text.ts';
import { MAX_CENTS } from './money.ts';

const cents = (r: AmountReading): bigint => {
  if ('problem' in r) throw new Error(`refused: ${r.problem.en}`);
  return r.cents;
};
const problem = (r: AmountReading): string => {
  if (!('problem' in r)) throw new Error(`expected a refusal, got ${r.cents}`);
  expect(r.problem.nl).not.toBe('');
  return r.problem.en;
};

/** The ways a person may write an amount of cents, all of which must read back exactly. */
function notations(c: bigint): string[] {
  const negative = c < 0n;
  const abs = negative ? -c : c;
  const whole = (abs / 100n).toString();
  const frac = (abs % 100n).toString().padStart(2, '0');
  const group = (sep: string) => whole.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
  const sign = negative ? '-' : '';
  const forms = [`${sign}${whole},${frac}`, `${sign}${whole}.${frac}`, `${sign}${group('.')},${frac}`, `${sign}${group(',')}.${frac}`, `${sign}€ ${group('.')},${frac}`, `€${sign}${whole}.${frac}`, ` ${sign}${whole},${frac}\u00a0`];
  if (frac.endsWith('0')) forms.push(`${sign}${whole},${frac[0]}`, `${sign}${group('.')},${frac[0]}`);
  if (frac === '00') {
    forms.push(`${sign}${whole}`);
    // A grouped whole number is unambiguous only with two or more separators (1.234.567).
    if (abs >= 100_000_000n) forms.push(`${sign}${group('.')}`, `${sign}${group(',')}`);
  }
  return forms;
}

describe('readEuros: the accepted forms', () => {
  it.each([
    ['1234', 123400n],
    ['1234,5', 123450n],
    ['1234,56', 123456n],
    ['1234.56', 123456n],
    ['1.234,56', 123456n],
    ['1,234.56', 123456n],
    ['1.234.567', 123456700n],
    ['1,234,567', 123456700n],
    ['1.234.567,89', 123456789n],
    ['€ 1.234,56', 123456n],
    ['€1234.56', 123456n],
    ['-€ 5', -500n],
    ['€ -5,10', -510n],
    ['0,05', 5n],
    ['0.5', 50n],
    ['007', 700n],
    ['  6600000,00 ', 660000000n],
  ])('reads %j as %d cents', (text, expected) => {
    expect(cents(readEuros(text))).toBe(expected);
  });

  it('reads every notation of any amount back to the same cents (round trip)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -MAX_CENTS, max: MAX_CENTS }), (c) => {
        for (const text of notations(c)) expect(cents(readEuros(text)), text).toBe(c);
      }),
      { numRuns: 500 },
    );
  });
});

describe('readEuros: refusals, each with its reason', () => {
  it.each(['12.345', '12,345', '1.000', '-5,000', '€ 999.999'])('refuses %j as ambiguous: thousands or a decimal mark', (text) => {
    expect(problem(readEuros(text))).toMatch(/is ambiguous: .* if "[.,]" separates thousands, or .* if it is a decimal mark/);
  });

  it('refuses one separator followed by exactly three digits after one to three digits, whatever the digits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999 }), fc.integer({ min: 0, max: 999 }), fc.constantFrom('.', ','), (a, b, mark) => {
        const text = `${a}${mark}${String(b).padStart(3, '0')}`;
        expect(problem(readEuros(text))).toContain('ambiguous');
      }),
    );
  });

  it.each(['1234.567', '0,123', '1.234,567', '1,234.5678', '12,3456'])('refuses %j: more than two decimals', (text) => {
    expect(problem(readEuros(text))).toMatch(/more than two decimals \(fractions of a cent\)/);
  });

  it.each(['1.23.456', '1,2345,678', '12.34.56,00', '1.234.56'])('refuses %j: a thousands separator groups three digits', (text) => {
    expect(problem(readEuros(text))).toMatch(/thousands separator must be followed by exactly three digits/);
  });

  it.each(['abc', '1 234,56', '1e5', '+5', '(5)', '5,', ',5', '5-', '1,2.3,4', '€', '--5', '-€ -5', '12 EUR', '1.234,56,78'])('refuses %j as not an amount', (text) => {
    expect(problem(readEuros(text))).toMatch(/is not an amount in euros/);
  });

  it('refuses an amount the database cannot hold, even with a million digits, without trying', () => {
    expect(cents(readEuros('92233720368547758,07'))).toBe(MAX_CENTS);
    expect(problem(readEuros('92233720368547758,08'))).toMatch(/larger than Jeugdregie can hold/);
    expect(problem(readEuros('1'.repeat(1_000_000)))).toMatch(/larger than Jeugdregie can hold/);
    expect(cents(readEuros(`${'0'.repeat(100)}1`))).toBe(100n);
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('1', '0', '.', ',', '€', ' ', '-', 'a', '9') }), (text) => {
        const r = readEuros(text);
        if ('cents' in r) expect(r.cents <= MAX_CENTS && r.cents >= -MAX_CENTS).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('readEurosFromNumber: a spreadsheet number is read exactly, without ambiguity', () => {
  it.each([
    ['1234.56', 123456n],
    ['12.345', undefined],
    ['12.34', 1234n],
    ['1E+3', 100000n],
    ['1.5E+2', 15000n],
    ['5E-1', 50n],
    ['-0.25', -25n],
  ])('reads %j', (text, expected) => {
    const r = readEurosFromNumber(text);
    if (expected === undefined) expect(problem(r)).toMatch(/12\.345 has more than two decimals/);
    else expect(cents(r)).toBe(expected);
  });

  it('refuses a number beyond what a spreadsheet keeps exactly', () => {
    expect(cents(readEurosFromNumber('90071992547409.92'))).toBe(9007199254740992n);
    expect(problem(readEurosFromNumber('1E+15'))).toMatch(/more digits than a spreadsheet number keeps exactly/);
    expect(problem(readEurosFromNumber('1E+21'))).toMatch(/larger than Jeugdregie can hold/);
  });
});

describe('readCents', () => {
  it('reads whole cents and refuses anything else with the reason', () => {
    expect(cents(readCents('660000000'))).toBe(660000000n);
    expect(cents(readCents('-5'))).toBe(-5n);
    expect(problem(readCents('1.5'))).toMatch(/"1.5" is not a whole number of cents/);
    expect(problem(readCents('12.345'))).toMatch(/not a whole number of cents/);
    expect(problem(readCents('abc'))).toMatch(/is not a number of cents/);
    expect(problem(readCents('9223372036854775808'))).toMatch(/larger than Jeugdregie can hold/);
    expect(cents(readCents('9223372036854775807'))).toBe(MAX_CENTS);
  });

  it('reads a spreadsheet number of cents only when it is whole and exact', () => {
    expect(cents(readCentsFromNumber('1.5E+2'))).toBe(150n);
    expect(problem(readCentsFromNumber('1.5'))).toMatch(/not a whole number of cents/);
    expect(problem(readCentsFromNumber('1E+17'))).toMatch(/keeps exactly/);
  });
});

describe('decimalOf', () => {
  it('expands exponents exactly, without floating point', () => {
    expect(decimalOf('1.25E-7')).toEqual({ negative: false, whole: '0', fraction: '000000125' });
    expect(decimalOf('-1.5E+21')).toEqual({ negative: true, whole: '1500000000000000000000', fraction: '' });
    expect(decimalOf('0.10')).toEqual({ negative: false, whole: '0', fraction: '1' });
    expect(decimalOf('-0')).toEqual({ negative: false, whole: '0', fraction: '' });
    expect(decimalOf('x')).toBeUndefined();
  });
});
