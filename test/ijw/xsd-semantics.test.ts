// XSD datatype semantics as xmllint (libxml2) applies them to the iJw types.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseXsdDate, parseXsdDateTime, parseXsdTime, daysInMonth } from '../../src/ijw/schema/xsd-datetime.ts';
import { compileXsdPattern, XsdRegexError } from '../../src/ijw/schema/xsd-regex.ts';
import { checkSimpleValue } from '../../src/ijw/schema/simple-values.ts';
import { restrict } from '../../src/ijw/schema/schema-model.ts';
import * as B from '../../src/ijw/schema/basis-types.ts';

const valid = (t: Parameters<typeof checkSimpleValue>[0], v: string) => checkSimpleValue(t, v) === null;

describe('xs:date', () => {
  it('checks the day against month and leap year', () => {
    for (const d of ['2024-02-29', '2000-02-29', '2026-12-31', '2026-04-30', '-0004-02-29', '-0400-02-29', '12026-01-01']) expect(parseXsdDate(d), d).not.toBeNull();
    for (const d of ['2027-06-31', '2023-02-29', '2100-02-29', '1900-02-29', '2026-04-31', '2026-13-01', '2026-00-01', '2026-01-00', '-0100-02-29']) {
      expect(parseXsdDate(d), d).toBeNull();
    }
  });

  it('follows the lexical rules: 4+ digit years without leading zero beyond 4, no year 0, two-digit month and day', () => {
    for (const d of ['0000-01-01', '-0000-01-01', '02026-01-01', '26-01-01', '2026-1-01', '2026-01-1', '+2026-01-01', '2026/01/01', '2026-01-01T00:00:00', '2026-01', ' 2026-01-01']) {
      expect(parseXsdDate(d), d).toBeNull();
    }
    expect(parseXsdDate('9223372036854775807-01-01')).not.toBeNull();
    expect(parseXsdDate('9223372036854775808-01-01')).toBeNull();
  });

  it('allows an optional time zone from -14:00 to +14:00', () => {
    expect(parseXsdDate('2026-01-01Z')?.tz).toBe(0);
    expect(parseXsdDate('2026-01-01+14:00')?.tz).toBe(840);
    expect(parseXsdDate('2026-01-01-05:30')?.tz).toBe(-330);
    for (const d of ['2026-01-01+14:01', '2026-01-01+23:00', '2026-01-01-05', '2026-01-01+05:60', '2026-01-01 Z']) expect(parseXsdDate(d), d).toBeNull();
  });

  it('agrees with the Gregorian calendar for every day of years 1..9999', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), (y, m, d) => {
        const s = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        const js = new Date(Date.UTC(2000, m - 1, d));
        js.setUTCFullYear(y, m - 1, d);
        const real = js.getUTCFullYear() === y && js.getUTCMonth() === m - 1 && js.getUTCDate() === d;
        return (parseXsdDate(s) !== null) === real && (d <= daysInMonth(y, m)) === real;
      }),
      { numRuns: 2000 },
    );
  });
});

describe('xs:time and xs:dateTime', () => {
  it('accepts hh:mm:ss with optional fraction, and 24:00:00 only exactly', () => {
    for (const t of ['00:00:00', '23:59:59', '12:00:00.5', '24:00:00', '24:00:00.000', '12:00:00Z', '12:00:00+01:00']) expect(parseXsdTime(t), t).not.toBeNull();
    for (const t of ['24:00:01', '24:00:00.5', '25:00:00', '23:60:00', '23:59:60', '12:00', '1:00:00', '12:00:00.', '12:00:59.9999999999999999']) {
      expect(parseXsdTime(t), t).toBeNull();
    }
  });

  it('dateTime combines both', () => {
    expect(parseXsdDateTime('2026-01-01T24:00:00Z')).not.toBeNull();
    expect(parseXsdDateTime('2026-02-29T12:00:00')).toBeNull();
    expect(parseXsdDateTime('2026-01-01T12:00')).toBeNull();
  });
});

describe('XSD patterns', () => {
  const m = (p: string, v: string) => compileXsdPattern(p).test(v);

  it('are anchored to the whole value', () => {
    expect(m('[0-9]{4}', '0363')).toBe(true);
    expect(m('[0-9]{4}', '03631')).toBe(false);
    expect(m('438', 'x438')).toBe(false);
    expect(m('a|b', 'ab')).toBe(false);
  });

  it("use XSD meanings for '.', \\s, \\S and \\d; ^ and $ are ordinary characters", () => {
    expect(m('.*[^\\s].*', 'a b')).toBe(true);
    expect(m('.*[^\\s].*', 'ab\n')).toBe(false); // '.' does not match LF
    expect(m('.*[^\\s].*', 'a\rb')).toBe(false);
    expect(m('.*[^\\s].*', '\u00a0')).toBe(true); // NBSP is not XSD white space
    expect(m('.*[^\\s].*', ' \t ')).toBe(false);
    expect(m('\\d+', '٣٤')).toBe(true); // Arabic-Indic digits are Nd
    expect(m('^a$', '^a$')).toBe(true);
    expect(m('[.\\s]*\\S+', '. x')).toBe(true); // '.' inside a class is a literal dot
    expect(m('([.\\s]*\\S+[.\\s]*)+', 'een\ntwee')).toBe(true);
    expect(m('([.\\s]*\\S+[.\\s]*)+', ' \n\t')).toBe(false);
  });

  it('handle ranges by code point, class subtraction, quantifiers and escapes', () => {
    expect(m('([a-zA-ZÀ-ỳ])+', 'Àỳé')).toBe(true);
    expect(m('([a-zA-ZÀ-ỳ])+', 'ỹ')).toBe(false);
    expect(m('[a-z-[aeiou]]+', 'xyz')).toBe(true);
    expect(m('[a-z-[aeiou]]+', 'xaz')).toBe(false);
    expect(m('[^Z+-]+', '12:00:00')).toBe(true);
    expect(m('[^Z+-]+', '12:00:00Z')).toBe(false);
    expect(m('a{2,3}', 'aaaa')).toBe(false);
    expect(m('\\p{Lu}\\P{Lu}', 'Ab')).toBe(true);
    expect(m('\\.\\-\\[\\]', '.-[]')).toBe(true);
  });

  it('refuse constructs they cannot translate faithfully', () => {
    expect(() => compileXsdPattern('\\p{IsBasicLatin}')).toThrow(XsdRegexError);
    expect(() => compileXsdPattern('a{3,2}')).toThrow(XsdRegexError);
    expect(() => compileXsdPattern('(a')).toThrow(XsdRegexError);
  });
});

describe('simple types of the basis schema', () => {
  it('normalise white space before facets for non-string types only', () => {
    expect(valid(B.LDT_Datum, ' 2026-01-01\n')).toBe(true); // collapsed, then the pattern
    expect(valid(restrict('date', {}), ' 2026-01-01')).toBe(false); // libxml2 collapses dates only for pattern/enumeration
    expect(valid(B.LDT_Nummer, ' 42 ')).toBe(true);
    expect(valid(B.LDT_Nummer, '4 2')).toBe(false);
    expect(valid(B.LDT_Geslacht, ' 1')).toBe(false); // strings are kept as they are
    expect(valid(B.LDT_Naam, ' x ')).toBe(true);
  });

  it('apply range, length and enumeration facets', () => {
    expect(valid(B.LDT_Nummer, '999999999')).toBe(true);
    expect(valid(B.LDT_Nummer, '1000000000')).toBe(false);
    expect(valid(B.LDT_Nummer, '-0')).toBe(true);
    expect(valid(B.LDT_Nummer, '-1')).toBe(false);
    expect(valid(B.LDT_Nummer, '+0000000000000000000000000042')).toBe(true);
    expect(valid(B.LDT_Nummer, '1.0')).toBe(false);
    expect(valid(B.LDT_Voorletters, 'ABCDEF')).toBe(true);
    expect(valid(B.LDT_Voorletters, 'ABCDEFG')).toBe(false);
    expect(valid(B.LDT_Naam, '😀'.repeat(200))).toBe(true); // length counts characters, not UTF-16 units
    expect(valid(B.LDT_Naam, '😀'.repeat(201))).toBe(false);
    expect(valid(B.LDT_ProductCategorie, '54')).toBe(true);
    expect(valid(B.LDT_ProductCategorie, '39')).toBe(false);
    expect(valid(B.LDT_RetourCode, 'S300')).toBe(true);
  });

  it('keep the per-message pins: BerichtVersie 3 by pattern on the collapsed integer', () => {
    const versie = restrict(B.LDT_BerichtVersie, { patterns: ['3'] });
    expect(valid(versie, ' 3 ')).toBe(true);
    expect(valid(versie, '+3')).toBe(false);
    expect(valid(versie, '03')).toBe(false);
  });
});
