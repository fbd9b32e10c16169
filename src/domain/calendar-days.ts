// Calendar dates as whole day numbers (days since 1970-01-01, UTC): arithmetic is
// integer addition and formatting is cached, which keeps generating millions of messages fast.
// Working days follow the Algemene termijnenwet: Monday–Friday except New Year's Day, Easter
// Monday, King's Day (27 April, 26 April when the 27th is a Sunday), 5 May, Ascension Day, Whit
// Monday and both Christmas days.

export type Day = number;

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Milliseconds of a UTC midnight. Not Date.UTC: it reads the years 0–99 as 1900–1999, and XSD dates
 * (so iJw messages) may well carry a year such as 0050.
 */
function utcMs(year: number, month: number, day: number): number {
  const t = new Date(0);
  t.setUTCFullYear(year, month - 1, day);
  return t.getTime();
}

/** Day number of an ISO date (YYYY-MM-DD); throws on anything that is not a real calendar date. */
export function dayOf(iso: string): Day {
  const m = ISO_DATE.exec(iso);
  if (!m) throw new RangeError(`not an ISO date (YYYY-MM-DD): "${iso}"`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = utcMs(y, mo, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new RangeError(`not a calendar date: "${iso}"`);
  }
  return Math.round(ms / MS_PER_DAY);
}

export function dayFromParts(year: number, month: number, day: number): Day {
  return Math.round(utcMs(year, month, day) / MS_PER_DAY);
}

const isoCache = new Map<Day, string>();

/** ISO date (YYYY-MM-DD) of a day number. */
export function isoOf(day: Day): string {
  let s = isoCache.get(day);
  if (s === undefined) {
    s = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
    if (isoCache.size < 100_000) isoCache.set(day, s);
  }
  return s;
}

export function yearOf(day: Day): number {
  return new Date(day * MS_PER_DAY).getUTCFullYear();
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(day: Day): number {
  return (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

/** Easter Sunday (anonymous Gregorian algorithm). */
export function easterSunday(year: number): Day {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const dayOfMonth = ((h + l - 7 * m + 114) % 31) + 1;
  return dayFromParts(year, month, dayOfMonth);
}

/** The recognised public holidays of the Algemene termijnenwet in a year. */
export function dutchHolidays(year: number): Day[] {
  const easter = easterSunday(year);
  const kingsDay = dayFromParts(year, 4, 27);
  return [
    dayFromParts(year, 1, 1),
    easter + 1, // Easter Monday
    weekdayOf(kingsDay) === 0 ? kingsDay - 1 : kingsDay,
    dayFromParts(year, 5, 5),
    easter + 39, // Ascension Day
    easter + 50, // Whit Monday
    dayFromParts(year, 12, 25),
    dayFromParts(year, 12, 26),
  ];
}

const holidayYears = new Set<number>();
const holidays = new Set<Day>();

export function isWorkingDay(day: Day): boolean {
  const wd = weekdayOf(day);
  if (wd === 0 || wd === 6) return false;
  const y = yearOf(day);
  if (!holidayYears.has(y)) {
    holidayYears.add(y);
    for (const h of dutchHolidays(y)) holidays.add(h);
  }
  return !holidays.has(day);
}

/** The first working day on or after `day`. */
export function onOrAfterWorkingDay(day: Day): Day {
  let d = day;
  while (!isWorkingDay(d)) d++;
  return d;
}

/** `n` working days after `day` (n ≥ 0; with n = 0 the first working day on or after `day`). */
export function addWorkingDays(day: Day, n: number): Day {
  let d = onOrAfterWorkingDay(day);
  for (let i = 0; i < n; i++) d = onOrAfterWorkingDay(d + 1);
  return d;
}

/** `n` working days before `day` (n ≥ 0; with n = 0 the last working day on or before `day`). */
export function subtractWorkingDays(day: Day, n: number): Day {
  let d = day;
  while (!isWorkingDay(d)) d--;
  for (let i = 0; i < n; i++) {
    d--;
    while (!isWorkingDay(d)) d--;
  }
  return d;
}

/** Working days after `from` up to and including `to` (0 when `to` ≤ `from`). */
export function workingDaysBetween(from: Day, to: Day): number {
  let n = 0;
  for (let d = from + 1; d <= to; d++) if (isWorkingDay(d)) n++;
  return n;
}
