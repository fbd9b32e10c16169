// On top of the XSD: dates the database cannot store as the monitor needs them are refused per
// message, with the element and the value, instead of failing the batch they are stored in.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { Pseudonymiser } from '../ijw/pseudonym.ts';
import { validateMessage } from '../ijw/validator.ts';
import { arrayElement, prepareMessage } from './ingest-prepare.ts';

const examples = path.resolve('..', 'shared', 'ijw', 'examples');
const pseudonymiser = new Pseudonymiser('prepare-test-key-0123456789abcdef0123456789');

describe.runIf(fs.existsSync(examples))('prepareMessage', () => {
  const jw305 = fs.existsSync(examples) ? fs.readFileSync(path.join(examples, 'JW305.xml'), 'utf8') : '';

  it('accepts the example and refuses XSD-valid dates outside the years 0001–9999', () => {
    expect(prepareMessage('JW305.xml', Buffer.from(jw305), pseudonymiser).ok).toBe(true);
    const cases: [string, RegExp][] = [
      [jw305.replace('2026-04-03', '12345-04-03'), /StartProduct\/Begindatum: the date 12345-04-03 is outside the years 0001–9999/],
      [jw305.replace(/(<ijw:Dagtekening>)[^<]*/, '$1-2026-04-01'), /Header: the date -2026-04-01 is outside/],
    ];
    for (const [xml, message] of cases) {
      expect(validateMessage(Buffer.from(xml)).ok, 'valid by the XSD').toBe(true);
      const o = prepareMessage('x.xml', Buffer.from(xml), pseudonymiser);
      expect(o.ok).toBe(false);
      if (!o.ok) expect(o.rejection).toMatchObject({ rule: 'ijw-rule', message: expect.stringMatching(message) });
    }
  });

  it('names the element path and line of a failed check on top of the XSD, and never repeats the BSN', () => {
    const jw307 = fs.readFileSync(path.join(examples, 'JW307.xml'), 'utf8');
    const jw301 = fs.readFileSync(path.join(examples, 'JW301.xml'), 'utf8');
    const bsn = /<[\w:]*Bsn>(\d+)</.exec(jw305)![1]!;
    const lineOf = (xml: string, pattern: RegExp) => xml.slice(0, pattern.exec(xml)!.index).split('\n').length;
    // a BSN failing the eleven-test
    const badBsn = jw305.replace(`>${bsn}<`, '>999900007<');
    const o1 = prepareMessage('bsn.xml', Buffer.from(badBsn), pseudonymiser);
    expect(o1.ok).toBe(false);
    if (!o1.ok) {
      expect(o1.rejection).toMatchObject({ rule: 'ijw-rule', path: '/Bericht/Client/Bsn', line: lineOf(badBsn, /<[\w:]*Bsn>/) });
      expect(o1.rejection.message).toMatch(/eleven-test/);
      expect(o1.rejection.message).not.toContain('999900007');
    }
    // a stop whose Einddatum lies before its Begindatum (the second StopProduct when there are two)
    const stop = /<([\w:]*)StopProduct>[\s\S]*?<\/\1StopProduct>/.exec(jw307)!;
    const begin = /<([\w:]*)Begindatum>([^<]*)</.exec(stop[0])!;
    const early = stop[0].replace(/(<([\w:]*)Einddatum>)[^<]*/, `$1${'2000-01-01'}`);
    const twoStops = jw307.replace(stop[0], stop[0] + '\n' + early);
    const o2 = prepareMessage('stop.xml', Buffer.from(twoStops), pseudonymiser);
    expect(validateMessage(Buffer.from(twoStops)).ok, 'valid by the XSD').toBe(true);
    expect(o2.ok).toBe(false);
    if (!o2.ok) {
      expect(o2.rejection.path).toBe('/Bericht/Client/StopProducten/StopProduct[2]/Einddatum');
      expect(o2.rejection.line).toBe(twoStops.slice(0, twoStops.indexOf(early)).split('\n').length + early.slice(0, early.search(/<[\w:]*Einddatum>/)).split('\n').length - 1);
      expect(o2.rejection.message).toBe(`StopProduct: Einddatum 2000-01-01 is before Begindatum ${begin[2]}`);
    }
    // an assignment whose Einddatum lies before its Ingangsdatum
    const from = /<([\w:]*)Ingangsdatum>([^<]*)</.exec(jw301)!;
    const assigned = /<([\w:]*)Einddatum>[^<]*</.test(jw301) ? jw301.replace(/(<([\w:]*)Einddatum>)[^<]*/, '$12000-01-01') : jw301;
    expect(assigned).not.toBe(jw301);
    const o3 = prepareMessage('assignment.xml', Buffer.from(assigned), pseudonymiser);
    expect(o3.ok).toBe(false);
    if (!o3.ok) {
      expect(o3.rejection.path).toBe('/Bericht/Client/ToegewezenProducten/ToegewezenProduct[1]/Einddatum');
      expect(o3.rejection.line).toBe(lineOf(assigned, /<[\w:]*Einddatum>2000-01-01/));
      expect(o3.rejection.message).toBe(`ToegewezenProduct: Einddatum 2000-01-01 is before Ingangsdatum ${from[2]}`);
    }
  });
});

describe('arrayElement', () => {
  it('makes array-literal elements that PostgreSQL reads back as the same text', async () => {
    const { PGlite } = await import('@electric-sql/pglite');
    const db = new PGlite();
    try {
      const values = ['plain', 'with "quotes"', 'back\\slash', '\\"', 'a,b', '{braces}', 'NULL', ' spaces ', '', 'é€😀', "it's"];
      const literal = `{${values.map(arrayElement).join(',')},${arrayElement(null)},${arrayElement(42)}}`;
      const r = await db.query<{ a: (string | null)[] }>('select $1::text[] as a', [literal]);
      expect(r.rows[0]!.a).toEqual([...values, null, '42']);
    } finally {
      await db.close();
    }
  });
});
