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
