import { describe, expect, it } from 'vitest';
import { addDays, easterSunday, isValidDate, isWorkingDay, publicHolidays, weekday, workingDaysBetween } from './calendar.ts';

describe('calendar dates', () => {
  it('knows which dates exist', () => {
    expect(isValidDate('2027-06-31')).toBe(false);
    expect(isValidDate('2028-02-29')).toBe(true);
    expect(isValidDate('2027-02-29')).toBe(false);
    expect(isValidDate('2100-02-29')).toBe(false);
    expect(isValidDate('2000-02-29')).toBe(true);
    expect(isValidDate('2028-1-01')).toBe(false);
  });
  it('knows the dates of the years 0001–0099 too (an XSD date may have such a year)', () => {
    expect(isValidDate('0050-02-28')).toBe(true);
    expect(isValidDate('0048-02-29')).toBe(true);
    expect(isValidDate('0050-02-29')).toBe(false);
    expect(addDays('0001-01-01', 365)).toBe('0002-01-01');
    expect(addDays('0099-12-31', 1)).toBe('0100-01-01');
    expect(workingDaysBetween('0050-01-01', '0050-01-15')).toBeGreaterThan(5);
  });
  it('counts days and weekdays without time zones', () => {
    expect(addDays('2028-12-31', 1)).toBe('2029-01-01');
    expect(weekday('2026-11-23')).toBe(1);
  });
});

describe('Dutch public holidays (Algemene termijnenwet)', () => {
  it('computes Easter', () => {
    expect(easterSunday(2028)).toBe('2028-04-16');
    expect(easterSunday(2029)).toBe('2029-04-01');
  });
  it('lists the holidays of 2028', () => {
    expect([...publicHolidays(2028)].sort()).toEqual(['2028-01-01', '2028-04-17', '2028-04-27', '2028-05-05', '2028-05-25', '2028-06-05', '2028-12-25', '2028-12-26']);
  });
  it("moves King's Day to the 26th when the 27th is a Sunday", () => {
    expect(publicHolidays(2025).has('2025-04-26')).toBe(true);
    expect(publicHolidays(2025).has('2025-04-27')).toBe(false);
  });
  it('counts working days between an event and a message', () => {
    expect(isWorkingDay('2028-04-17')).toBe(false);
    // Thursday 13 April 2028 → Easter Monday 17th is a holiday: Fri 14, Tue 18, Wed 19, Thu 20, Fri 21.
    expect(workingDaysBetween('2028-04-13', '2028-04-21')).toBe(5);
    expect(workingDaysBetween('2028-04-13', '2028-04-24')).toBe(6);
    expect(workingDaysBetween('2028-04-13', '2028-04-13')).toBe(0);
  });
});
