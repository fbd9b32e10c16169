// Lexical and value space of xs:date, xs:time and xs:dateTime, following the XSD 1.0 rules as
// libxml2 (xmllint) applies them: year of at least four digits (more only without a leading zero),
// year 0000 invalid, negative years allowed, leap years by the Gregorian rule, day checked
// against the month, hour 00-23 or exactly 24:00:00, seconds below 60 with optional fraction,
// time zone 'Z' or ±hh:mm from -14:00 to +14:00, years up to 2^63-1.

export interface XsdDateValue {
  year: number | bigint;
  month: number;
  day: number;
  /** Minutes east of UTC; null without a time zone. */
  tz: number | null;
}

export interface XsdTimeValue {
  hour: number;
  minute: number;
  second: number;
  tz: number | null;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

export function isLeapYear(y: number | bigint): boolean {
  if (typeof y === 'bigint') return (y % 4n === 0n && y % 100n !== 0n) || y % 400n === 0n;
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(year: number | bigint, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : DAYS[month - 1] ?? 0;
}

function twoDigits(s: string, i: number): number {
  const a = s.charCodeAt(i);
  const b = s.charCodeAt(i + 1);
  return isDigit(a) && isDigit(b) ? (a - 0x30) * 10 + (b - 0x30) : -1;
}

/** Parses [+-]hh:mm or Z at `i` up to the end of `s`; returns minutes, null for none, undefined if invalid. */
function timeZone(s: string, i: number): number | null | undefined {
  if (i === s.length) return null;
  const c = s[i];
  if (c === 'Z') return i + 1 === s.length ? 0 : undefined;
  if (c !== '+' && c !== '-') return undefined;
  const h = twoDigits(s, i + 1);
  if (h < 0 || h > 23 || s[i + 3] !== ':') return undefined;
  const m = twoDigits(s, i + 4);
  if (m < 0 || m > 59 || i + 6 !== s.length) return undefined;
  const tz = (c === '-' ? -1 : 1) * (h * 60 + m);
  return tz >= -840 && tz <= 840 ? tz : undefined;
}

/** Year-month-day at the start of `s`; returns the value and the index after the day. */
function datePart(s: string): { value: Omit<XsdDateValue, 'tz'>; end: number } | null {
  let i = 0;
  const negative = s[0] === '-';
  if (negative) i++;
  const start = i;
  while (i < s.length && isDigit(s.charCodeAt(i))) i++;
  const digits = i - start;
  if (digits < 4 || (digits > 4 && s[start] === '0')) return null;
  let year: number | bigint;
  if (digits <= 15) {
    year = 0;
    for (let k = start; k < i; k++) year = year * 10 + (s.charCodeAt(k) - 0x30);
    if (negative) year = -year;
  } else {
    // libxml2 keeps the year in a C long and refuses years that do not fit
    const big = BigInt(s.slice(start, i));
    if (big > 9223372036854775807n) return null;
    year = negative ? -big : big;
  }
  if (year === 0 || year === 0n) return null;
  if (s[i] !== '-') return null;
  const month = twoDigits(s, i + 1);
  if (month < 1 || month > 12 || s[i + 3] !== '-') return null;
  const day = twoDigits(s, i + 4);
  if (day < 1 || day > daysInMonth(year, month)) return null;
  return { value: { year, month, day }, end: i + 6 };
}

/** hh:mm:ss(.s+)? at `i`; returns the value and the index after it. */
function timePart(s: string, i: number): { value: Omit<XsdTimeValue, 'tz'>; end: number } | null {
  const hour = twoDigits(s, i);
  if (hour < 0 || hour > 24 || s[i + 2] !== ':') return null;
  const minute = twoDigits(s, i + 3);
  if (minute < 0 || minute > 59 || s[i + 5] !== ':') return null;
  let second = twoDigits(s, i + 6);
  if (second < 0) return null;
  let j = i + 8;
  if (s[j] === '.') {
    j++;
    if (!isDigit(s.charCodeAt(j))) return null;
    let mult = 1; // same floating-point accumulation as libxml2, so 59.999… rounds the same way
    while (isDigit(s.charCodeAt(j))) {
      mult /= 10;
      second += (s.charCodeAt(j) - 0x30) * mult;
      j++;
    }
  }
  if (!(second >= 0 && second < 60)) return null;
  if (hour === 24 && (minute !== 0 || second !== 0)) return null; // only 24:00:00 (end of day)
  return { value: { hour, minute, second }, end: j };
}

/** xs:date on an already whitespace-collapsed value; null when not a date. */
export function parseXsdDate(s: string): XsdDateValue | null {
  const d = datePart(s);
  if (d === null) return null;
  const tz = timeZone(s, d.end);
  if (tz === undefined) return null;
  const v = d.value as XsdDateValue;
  v.tz = tz;
  return v;
}

export function parseXsdTime(s: string): XsdTimeValue | null {
  const t = timePart(s, 0);
  if (t === null) return null;
  const tz = timeZone(s, t.end);
  return tz === undefined ? null : { ...t.value, tz };
}

export function parseXsdDateTime(s: string): (XsdDateValue & XsdTimeValue) | null {
  const d = datePart(s);
  if (d === null || s[d.end] !== 'T') return null;
  const t = timePart(s, d.end + 1);
  if (t === null) return null;
  const tz = timeZone(s, t.end);
  return tz === undefined ? null : { ...d.value, ...t.value, tz };
}
