import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { XmlError, XmlScanner, decode } from './xml-scanner.ts';

/** Events as text, text pieces joined, for comparing scans. */
function scan(pieces: readonly string[]): string[] {
  const events: string[] = [];
  const scanner = new XmlScanner({
    open: (name, a, empty) => events.push(`<${name}${Object.entries(a).map(([k, v]) => ` ${k}=${JSON.stringify(v)}`).join('')}${empty ? '/' : ''}>`),
    close: (name) => events.push(`</${name}>`),
    text: (t) => {
      if (events.at(-1)?.startsWith('"')) events[events.length - 1] = JSON.stringify(JSON.parse(events.at(-1)!) + t);
      else events.push(JSON.stringify(t));
    },
  });
  for (const p of pieces) scanner.push(p);
  scanner.end();
  return events.filter((e) => e !== '""');
}

const SHEET =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!-- made by hand -->' +
  '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="rel"><x:sheetData>' +
  '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t xml:space="preserve">a &amp; b &lt;&#x20AC;&#8364;&gt;</x:t></x:is></x:c>' +
  "<x:c r='B1' s=\"2\"><x:f t=\"shared\" si=\"0\"/><x:v>1</x:v></x:c><x:c r=\"C1\"><x:v><![CDATA[<raw>]]></x:v></x:c></x:row></x:sheetData></x:worksheet>";

describe('XmlScanner', () => {
  it('gives elements by local name, attributes, and decoded text', () => {
    expect(scan([SHEET])).toEqual([
      '"\\n"',
      '<worksheet>',
      '<sheetData>',
      '<row r="1">',
      '<c r="A1" t="inlineStr">',
      '<is>',
      '<t space="preserve">',
      '"a & b <€€>"',
      '</t>',
      '</is>',
      '</c>',
      '<c r="B1" s="2">',
      '<f t="shared" si="0"/>',
      '<v>',
      '"1"',
      '</v>',
      '</c>',
      '<c r="C1">',
      '<v>',
      '"<raw>"',
      '</v>',
      '</c>',
      '</row>',
      '</sheetData>',
      '</worksheet>',
    ]);
  });

  it('gives the same events however the document is cut into pieces', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: SHEET.length }), { maxLength: 12 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const pieces = points.map((p, i) => SHEET.slice(points[i - 1] ?? 0, p));
        pieces.push(SHEET.slice(points.at(-1) ?? 0));
        expect(scan(pieces)).toEqual(scan([SHEET]));
      }),
      { numRuns: 500 },
    );
  });

  it('refuses a document type declaration, unknown entities and characters XML does not allow', () => {
    expect(() => scan(['<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'])).toThrow(/document type declaration/);
    expect(() => scan(['<!DOC', 'TYPE x><x/>'])).toThrow(XmlError);
    expect(() => decode('&nbsp;')).toThrow(/unknown entity "&nbsp;"/);
    expect(() => decode('AT&T')).toThrow(/must start an entity/);
    expect(() => decode('&#0;')).toThrow(/not a character XML allows/);
    expect(() => decode('&#xD800;')).toThrow(/not a character XML allows/);
    expect(decode('&#x1F600;')).toBe('😀');
  });

  it('refuses a document that ends inside a tag, and a malformed attribute', () => {
    expect(() => scan(['<a><b x="1"'])).toThrow(/ends inside a tag/);
    expect(() => scan(['<a x=1/>'])).toThrow(/not written as name="value"/);
  });
});
