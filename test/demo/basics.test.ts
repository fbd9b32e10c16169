// The demo generator's building blocks: seeded randomness, the working-day calendar, test BSNs.
import { describe, expect, it } from 'vitest';
import { addWorkingDays, dayOf, dutchHolidays, easterSunday, isoOf, isWorkingDay, subtractWorkingDays, workingDaysBetween } from '../../src/domain/calendar-days.ts';
import { failingTestBsn, fictionalName, passesElevenTest, testBsns } from '../../src/demo/persons.ts';
import { Rng } from '../../src/demo/random.ts';

describe('Rng', () => {
  it('gives the same numbers for the same seed and stream, others for another', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
    expect(Rng.stream(42, 'plan').next()).toBe(Rng.stream(42, 'plan').next());
    expect(Rng.stream(42, 'plan').next()).not.toBe(Rng.stream(42, 'emit').next());
  });

  it('draws uniform numbers in [0, 1) with the expected mean, and Poisson counts with mean λ', () => {
    const r = new Rng(7);
    let sum = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < 100_000; i++) {
      const x = r.next();
      min = Math.min(min, x);
      max = Math.max(max, x);
      sum += x;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(sum / 100_000).toBeCloseTo(0.5, 2);
    let p = 0;
    for (let i = 0; i < 20_000; i++) p += r.poisson(3.5);
    expect(p / 20_000).toBeCloseTo(3.5, 1);
    const w = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) w[r.weighted([1, 2, 0])]!++;
    expect(w[2]).toBe(0);
    expect(w[1]! / w[0]!).toBeCloseTo(2, 0);
  });
});

describe('calendar', () => {
  it('converts ISO dates and refuses impossible ones', () => {
    expect(isoOf(dayOf('2028-02-29'))).toBe('2028-02-29');
    expect(() => dayOf('2029-02-29')).toThrow(/not a calendar date/);
    expect(() => dayOf('2027-06-31')).toThrow(/not a calendar date/);
  });

  it('knows the Dutch public holidays (Algemene termijnenwet)', () => {
    expect(isoOf(easterSunday(2028))).toBe('2028-04-16');
    expect(dutchHolidays(2028).map(isoOf)).toEqual([
      '2028-01-01',
      '2028-04-17',
      '2028-04-27',
      '2028-05-05',
      '2028-05-25',
      '2028-06-05',
      '2028-12-25',
      '2028-12-26',
    ]);
    // King's Day on a Sunday moves to Saturday 26 April (2025).
    expect(dutchHolidays(2025).map(isoOf)).toContain('2025-04-26');
    expect(isWorkingDay(dayOf('2028-04-17'))).toBe(false);
    expect(isWorkingDay(dayOf('2028-04-18'))).toBe(true);
  });

  it('counts working days around weekends and holidays', () => {
    // Thursday 2028-12-21 + 3 working days: Fri 22, (Christmas 25/26), Wed 27, Thu 28.
    expect(isoOf(addWorkingDays(dayOf('2028-12-21'), 3))).toBe('2028-12-28');
    expect(isoOf(subtractWorkingDays(dayOf('2028-12-28'), 3))).toBe('2028-12-21');
    expect(workingDaysBetween(dayOf('2028-12-21'), dayOf('2028-12-28'))).toBe(3);
    expect(isoOf(addWorkingDays(dayOf('2028-01-01'), 0))).toBe('2028-01-03');
  });
});

describe('test BSNs', () => {
  it('are exactly the 9,091 numbers 9999xxxxx that pass the eleven-test', () => {
    const all = testBsns();
    expect(all).toHaveLength(9091);
    expect(new Set(all).size).toBe(all.length);
    for (const b of all) {
      expect(b).toMatch(/^9999[0-9]{5}$/);
      expect(passesElevenTest(b)).toBe(true);
    }
    expect(all[0]).toBe('999900006');
  });

  it('a failing BSN stays in the test range and fails the eleven-test', () => {
    const r = new Rng(1);
    for (const b of testBsns().slice(0, 500)) {
      const bad = failingTestBsn(b, r);
      expect(bad).toMatch(/^9999[0-9]{5}$/);
      expect(passesElevenTest(bad)).toBe(false);
    }
  });

  it('names have initials that fit the XSD pattern', () => {
    const r = new Rng(3);
    for (let i = 0; i < 2000; i++) {
      const n = fictionalName(r, r.pick(['0', '1', '2']));
      expect(n.voorletters).toMatch(/^[a-zA-ZÀ-ỳ]{1,6}$/);
      expect(n.achternaam.length).toBeGreaterThan(0);
    }
  });
});
