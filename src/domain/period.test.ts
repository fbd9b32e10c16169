import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parsePeriod, periodDays, periodOfQuery, PeriodError } from './period.ts';
import { addDays, isValidDate } from './calendar.ts';

describe('parsePeriod', () => {
  it.each([
    ['2028', '2028-01-01', '2028-12-31'],
    ['2028-Q1', '2028-01-01', '2028-03-31'],
    ['2028-q2', '2028-04-01', '2028-06-30'],
    ['2028-Q3', '2028-07-01', '2028-09-30'],
    ['2028-Q4', '2028-10-01', '2028-12-31'],
    ['2028-02', '2028-02-01', '2028-02-29'],
    ['2027-02', '2027-02-01', '2027-02-28'],
    ['2028-12', '2028-12-01', '2028-12-31'],
    ['2028-03-15', '2028-03-15', '2028-03-15'],
    ['2028-01..2028-06', '2028-01-01', '2028-06-30'],
    ['2028-Q2..2029', '2028-04-01', '2029-12-31'],
    [' 2028-03-15 .. 2028-04 ', '2028-03-15', '2028-04-30'],
  ])('%s is %s to %s', (text, from, to) => {
    expect(parsePeriod(text)).toEqual({ from, to });
  });

  it.each([
    ['9999-12', '9999-12-01', '9999-12-31'],
    ['9999-Q4', '9999-10-01', '9999-12-31'],
    ['9999', '9999-01-01', '9999-12-31'],
    ['0099-12', '0099-12-01', '0099-12-31'],
    ['0001-Q1', '0001-01-01', '0001-03-31'],
  ])('handles the edges of the calendar: %s is %s to %s', (text, from, to) => {
    expect(parsePeriod(text)).toEqual({ from, to });
  });

  it('refuses year 0 as a period, with the accepted forms', () => {
    for (const text of ['0000', '0000-Q1', '0000-05']) expect(() => parsePeriod(text)).toThrow(PeriodError);
  });

  it.each(['2028-13', '2028-00', '2028-Q5', '2027-06-31', '28', '2028-1', 'last year', '2029..2028', '2028..2029..2030', ''])('refuses %j with the accepted forms', (text) => {
    expect(() => parsePeriod(text)).toThrow(PeriodError);
    expect(() => parsePeriod(text)).toThrow(/2028-Q1|before it begins|more than one/);
  });

  it('months and quarters tile the year: consecutive, no day twice, none left out', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2999 }), fc.constantFrom('month', 'quarter'), (year, kind) => {
        const parts = kind === 'month'
          ? Array.from({ length: 12 }, (_, i) => parsePeriod(`${year}-${String(i + 1).padStart(2, '0')}`))
          : Array.from({ length: 4 }, (_, i) => parsePeriod(`${year}-Q${i + 1}`));
        expect(parts[0]!.from).toBe(`${year}-01-01`);
        expect(parts.at(-1)!.to).toBe(`${year}-12-31`);
        for (let i = 1; i < parts.length; i++) expect(parts[i]!.from).toBe(addDays(parts[i - 1]!.to, 1));
        for (const p of parts) expect(isValidDate(p.from) && isValidDate(p.to) && p.from <= p.to).toBe(true);
      }),
    );
  });
});

describe('periodOfQuery', () => {
  it('takes a period or from and to, never a mix or neither', () => {
    expect(periodOfQuery({ period: '2028-Q1' })).toEqual({ from: '2028-01-01', to: '2028-03-31' });
    expect(periodOfQuery({ from: '2028-01-01', to: '2028-01-31' })).toEqual({ from: '2028-01-01', to: '2028-01-31' });
    expect(() => periodOfQuery({ period: '2028', from: '2028-01-01' })).toThrow(/not both/);
    expect(() => periodOfQuery({ from: '2028-01-01' })).toThrow(/both from and to/);
    expect(() => periodOfQuery({})).toThrow(/give period/);
    expect(() => periodOfQuery({ from: '2028-02-30', to: '2028-03-01' })).toThrow(/"2028-02-30" is not a date/);
    expect(() => periodOfQuery({ from: '2028-03-01', to: '2028-02-01' })).toThrow('from 2028-03-01 is after to 2028-02-01');
    expect(() => periodOfQuery({ from: '2028-03-01', to: '2028-02-01' }, { period: '--period', from: '--from', to: '--to' })).toThrow('--from 2028-03-01 is after --to 2028-02-01');
  });
});

describe('year 0 and the length of a period', () => {
  it('refuses year 0 in every way a period can be written', () => {
    for (const q of [{ from: '0000-01-01', to: '2028-01-01' }, { from: '2028-01-01', to: '0000-12-31' }, { period: '0000-01-01' }, { period: '0000-06-15..2028' }, { period: '0000' }]) {
      expect(() => periodOfQuery(q), JSON.stringify(q)).toThrow(/there is no year 0/);
    }
  });

  it('counts the days of a period, first and last included', () => {
    expect(periodDays(parsePeriod('2028-03-15'))).toBe(1);
    expect(periodDays(parsePeriod('2028'))).toBe(366);
    expect(periodDays(parsePeriod('2028..2032'))).toBe(1827);
    expect(periodDays(parsePeriod('0001..9999'))).toBe(3_652_059);
  });
});

describe('half years', () => {
  it('reads 2028-H1 and 2028-H2 as January–June and July–December', () => {
    expect(parsePeriod('2028-H1')).toEqual({ from: '2028-01-01', to: '2028-06-30' });
    expect(parsePeriod('2028-h2')).toEqual({ from: '2028-07-01', to: '2028-12-31' });
    expect(parsePeriod('2028-H1..2028-Q3')).toEqual({ from: '2028-01-01', to: '2028-09-30' });
    expect(() => parsePeriod('2028-H3')).toThrow(/is not a period/);
  });
});

describe('refusals of a period', () => {
  it('are catalogue refusals (400) that say what was wrong in English and in Dutch', () => {
    try {
      parsePeriod('2028-13');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PeriodError);
      const r = e as PeriodError;
      expect(r.code).toBe('QUERY_INVALID');
      expect(r.text('en')).toMatch(/^"2028-13" is not a month; write a year \(2028\)/);
      expect(r.text('nl')).toMatch(/^"2028-13" is geen maand; schrijf een jaar \(2028\), een halfjaar \(2028-H1\)/);
    }
    expect(() => periodOfQuery({ from: '2028-02-01', to: '2028-01-01' })).toThrow(/from 2028-02-01 is after to 2028-01-01/);
  });
});
