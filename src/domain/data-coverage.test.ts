import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { coveredPeriod, PeriodAfterDataError } from './data-coverage.ts';
import { addDays } from './calendar.ts';

describe('coveredPeriod', () => {
  it('keeps a period within the data as it is', () => {
    expect(coveredPeriod({ from: '2028-01-01', to: '2028-12-31' }, '2028-12-31')).toEqual({
      asked: { from: '2028-01-01', to: '2028-12-31' },
      period: { from: '2028-01-01', to: '2028-12-31' },
      cutShort: false,
      dataUpTo: '2028-12-31',
    });
  });

  it('cuts a period that runs past the data short at its last day', () => {
    expect(coveredPeriod({ from: '2028-01-01', to: '2100-12-31' }, '2028-06-15')).toMatchObject({ period: { from: '2028-01-01', to: '2028-06-15' }, cutShort: true });
    expect(coveredPeriod({ from: '2028-06-15', to: '2028-06-16' }, '2028-06-15')).toMatchObject({ period: { from: '2028-06-15', to: '2028-06-15' }, cutShort: true });
  });

  it('refuses a period that begins after the data, saying up to when there are data', () => {
    expect(() => coveredPeriod({ from: '2100-01-01', to: '2100-12-31' }, '2037-12-31')).toThrow(
      'no messages after 2037-12-31 have been received: the period 2100-01-01..2100-12-31 begins after the data; ask for a period that begins on or before 2037-12-31',
    );
    expect(() => coveredPeriod({ from: '2028-01-01', to: '2028-01-01' }, null)).toThrow(/no iJw messages have been received yet/);
    expect(() => coveredPeriod({ from: '2028-01-02', to: '2028-01-02' }, '2028-01-01')).toThrow(PeriodAfterDataError);
  });

  it('never gives a period that ends after the data or begins elsewhere than asked (property)', () => {
    const day = fc.integer({ min: 0, max: 3000 }).map((n) => addDays('2026-01-01', n));
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 2000 }), day, (from, length, upTo) => {
        const asked = { from, to: addDays(from, length) };
        if (from > upTo) {
          expect(() => coveredPeriod(asked, upTo)).toThrow(PeriodAfterDataError);
          return;
        }
        const c = coveredPeriod(asked, upTo);
        expect(c.period.from).toBe(from);
        expect(c.period.to <= upTo && c.period.to <= asked.to).toBe(true);
        expect(c.period.to).toBe(asked.to <= upTo ? asked.to : upTo);
        expect(c.cutShort).toBe(asked.to > upTo);
      }),
    );
  });
});
