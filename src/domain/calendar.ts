// Calendar dates without time zones ("YYYY-MM-DD") and the working days of the Algemene termijnenwet
// that iJw deadlines count in (OP090, OP271, OP272). A thin text layer over calendar-days.ts, where
// the arithmetic on day numbers (and the one list of holidays) lives.
import * as days from './calendar-days.ts';

/** Days since 1970-01-01 for a valid calendar date; throws on anything else (2027-06-31 included). */
export const dayNumber = (date: string): number => days.dayOf(date);

export const fromDayNumber = (n: number): string => days.isoOf(n);

export function isValidDate(date: string): boolean {
  try {
    days.dayOf(date);
    return true;
  } catch {
    return false;
  }
}

export const addDays = (date: string, n: number): string => days.isoOf(days.dayOf(date) + n);

/** 0 = Sunday … 6 = Saturday. */
export const weekday = (date: string): number => days.weekdayOf(days.dayOf(date));

export const easterSunday = (year: number): string => days.isoOf(days.easterSunday(year));

/**
 * The generally recognised holidays of the Algemene termijnenwet (art. 3): New Year's Day, Easter
 * Monday, Ascension Day, Whit Monday, Christmas Day and Boxing Day, King's Day (27 April, or the 26th
 * when the 27th is a Sunday) and 5 May.
 */
export const publicHolidays = (year: number): Set<string> => new Set(days.dutchHolidays(year).map(days.isoOf));

export const isWorkingDay = (date: string): boolean => days.isWorkingDay(days.dayOf(date));

/**
 * Working days after `from` up to and including `to` (0 when `to` ≤ `from`): a message sent on the
 * fifth working day after the event is on time, on the sixth it is late.
 */
export const workingDaysBetween = (from: string, to: string): number => days.workingDaysBetween(days.dayOf(from), days.dayOf(to));

/** The calendar date of an instant in a time zone (IANA name): "today" for a region is its own date, not UTC's. */
/** One formatter per time zone: making one costs far more than using it (it was a sixth of a server's time). */
const dayFormats = new Map<string, Intl.DateTimeFormat>();

export function calendarDateIn(instant: Date, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) dayFormats.set(timeZone, (format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  const parts = format.formatToParts(instant);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}
