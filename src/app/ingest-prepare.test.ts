// On top of the XSD: what the monitor cannot use is refused per message, with every problem at its
// element and line, without repeating person data, instead of failing the batch it is stored in.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { validateMessage } from '../ijw/validator.ts';
import { arrayElement, prepareMessage } from './ingest-prepare.ts';
import { IJW_EXAMPLES, haveIjwReference } from '../../test/support/ijw-reference.ts';
import { regionScope } from '../../test/support/prepare-scope.ts';

const examples = IJW_EXAMPLES;
const scope = await regionScope('prepare-test-key-0123456789abcdef0123456789');

describe.runIf(haveIjwReference)('prepareMessage', () => {
  const jw305 = haveIjwReference ? fs.readFileSync(path.join(examples, 'JW305.xml'), 'utf8') : '';

  it('accepts the example and refuses XSD-valid dates outside the years 0001–9999', () => {
    expect(prepareMessage('JW305.xml', Buffer.from(jw305), scope).ok).toBe(true);
    const cases: [string, RegExp][] = [
      [jw305.replace('2026-04-03', '12345-04-03'), /StartProduct\/Begindatum: the date 12345-04-03 is outside the years 0001–9999/],
      [jw305.replace(/(<ijw:Dagtekening>)[^<]*/, '$1-2026-04-01'), /Header\/Dagtekening: the date -2026-04-01 is outside/],
    ];
    for (const [xml, message] of cases) {
      expect(validateMessage(Buffer.from(xml)).ok, 'valid by the XSD').toBe(true);
      const o = prepareMessage('x.xml', Buffer.from(xml), scope);
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
    const o1 = prepareMessage('bsn.xml', Buffer.from(badBsn), scope);
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
    const o2 = prepareMessage('stop.xml', Buffer.from(twoStops), scope);
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
    const o3 = prepareMessage('assignment.xml', Buffer.from(assigned), scope);
    expect(o3.ok).toBe(false);
    if (!o3.ok) {
      expect(o3.rejection.path).toBe('/Bericht/Client/ToegewezenProducten/ToegewezenProduct[1]/Einddatum');
      expect(o3.rejection.line).toBe(lineOf(assigned, /<[\w:]*Einddatum>2000-01-01/));
      expect(o3.rejection.message).toBe(`ToegewezenProduct: Einddatum 2000-01-01 is before Ingangsdatum ${from[2]}`);
    }
  });
});

describe.runIf(haveIjwReference)('what a rejection tells', () => {
  const text = (type: string) => fs.readFileSync(path.join(examples, `${type}.xml`), 'utf8');
  const lineOf = (xml: string, needle: string) => xml.split('\n').findIndex((l) => l.includes(needle)) + 1;
  /** The line of the n-th (1-based) line holding `needle`. */
  const lineOfNth = (xml: string, needle: string, n: number) => xml.split('\n').map((l, i) => [l, i + 1] as const).filter(([l]) => l.includes(needle))[n - 1]![1];
  const refused = (file: string, xml: string) => {
    const o = prepareMessage(file, Buffer.from(xml), scope);
    if (o.ok) throw new Error('accepted');
    return o.rejection;
  };

  it('places a header date error at its own line and path, also DagtekeningRetour in a return message', () => {
    const jw305 = text('JW305').replace(/(<ijw:Dagtekening>)[^<]*/, '$1-2026-04-01');
    expect(refused('a.xml', jw305)).toMatchObject({ line: lineOf(jw305, '-2026-04-01'), path: '/Bericht/Header/BerichtIdentificatie/Dagtekening' });
    const jw302 = text('JW302').replace(/(<(\w+:)?DagtekeningRetour>)[^<]*/, '$1-2023-07-16');
    expect(validateMessage(Buffer.from(jw302)).ok).toBe(true);
    expect(refused('b.xml', jw302)).toMatchObject({ line: lineOf(jw302, '-2023-07-16'), path: '/Bericht/Header/DagtekeningRetour', message: expect.stringMatching(/^Header\/DagtekeningRetour: the date -2023-07-16/) });
  });

  it('reports every problem of a file, each at its line and path, on one line', () => {
    const xml = text('JW307')
      .replace('>999900006<', '>999900007<')
      .replace(/(<jw307:StatusAanlevering>)1(<)/, '$19$2')
      .replace(/(<jw307:Einddatum>)2026-07-17(<)/g, '$12000-01-01$2');
    const r = refused('many.xml', xml);
    expect(r.line).toBe(lineOf(xml, 'Bsn>'));
    expect(r.message).not.toContain('\n');
    for (const [needle, path_] of [['Einddatum>2000-01-01', 'StopProduct[1]/Einddatum'], ['StatusAanlevering>9', 'StopProduct[1]/StatusAanlevering']] as const) {
      expect(r.message).toContain(`line ${lineOf(xml, needle)} /Bericht/Client/StopProducten/${path_}: `);
    }
    // the second StopProduct's Einddatum too (a later line)
    const second = lineOfNth(xml, 'Einddatum>2000-01-01', 2);
    expect(r.message).toContain(`line ${second} /Bericht/Client/StopProducten/StopProduct[2]/Einddatum: `);
    // and the XSD errors of an invalid message, all of them (up to 20)
    const invalid = text('JW305').replace(/(<jw305:Geslacht>)[^<]*/, '$17').replace(/(<jw305:StatusAanlevering>)1/g, '$15');
    const e = refused('invalid.xml', invalid);
    expect(e.path).toBe('/Bericht/Client/Geslacht');
    for (const i of [1, 2]) expect(e.message).toContain(`line ${lineOfNth(invalid, 'StatusAanlevering>5', i)} /Bericht/Client/StartProducten/StartProduct[${i}]/StatusAanlevering: StatusAanlevering: value is not in the list of allowed codes (value "5")`);
  });

  it('never repeats a person value in an error, and never garbles the rest of the message (property)', () => {
    const jw301 = text('JW301');
    // elements of person data whose value can be made invalid without breaking the rest
    const targets = ['Huisnummer', 'Postcode', 'Achternaam', 'Voorletters', 'Emailadres', 'Telefoonnummer', 'Geslacht', 'Datum'];
    const value = fc.oneof(fc.constantFrom('x', 'a', 's', 'e', 'i', '1', ':', 'valid', 'xs:integer', 'length'), fc.string({ minLength: 1, maxLength: 12 }).filter((v) => !/[<&\]\r]/.test(v)));
    fc.assert(fc.property(fc.constantFrom(...targets), value, (element, v) => {
      const xml = jw301.replace(new RegExp(`(<(?:\\w+:)?${element}>)[^<]*`), `$1${v.replace(/>/g, '&gt;')}`);
      const check = validateMessage(Buffer.from(xml));
      fc.pre(!check.ok);
      const r = refused('p.xml', xml);
      const first = check.ok ? undefined : check.errors[0]!;
      // the validator's own message, whole: nothing cut out of it, nothing added to it
      expect(r.message.startsWith(first!.message)).toBe(true);
      expect(r.message).not.toContain('«weggelaten»');
      expect(r.message.slice(first!.message.length)).not.toContain('value ');
    }), { numRuns: 300 });
  });

  it('does not repeat a name written as text where no text belongs', () => {
    const xml = text('JW305').replace(/(<jw305:Client>)/, '$1Janssen-Verhoef');
    const r = refused('t.xml', xml);
    expect(r.message).toMatch(/text is not allowed directly inside Client/);
    expect(JSON.stringify(r)).not.toMatch(/Janss|Verhoef/);
  });

  it('repeats a value that is not person data, quoted', () => {
    const r = refused('c.xml', text('JW305').replace(/(<jw305:StatusAanlevering>)1/, '$17'));
    expect(r.message).toMatch(/StatusAanlevering: value is not in the list of allowed codes \(value "7"\)/);
    // a number that passes the eleven-test is left out even there
    const n = refused('n.xml', text('JW305').replace(/(<jw305:ToewijzingNummer>)[^<]*/, '$1999900006x'));
    expect(n.message).toMatch(/ToewijzingNummer: not a valid xs:integer \(value "«weggelaten»x"\)/);
  });

  it("leaves the message's person data and any BSN out of the file name it reports and stores", () => {
    const jw305 = text('JW305');
    const bsn = /Bsn>(\d+)</.exec(jw305)![1]!;
    const surname = /Achternaam>([^<]+)</.exec(jw305)![1]!;
    const birth = /Datum>([^<]+)</.exec(jw305)![1]!;
    const name = `/data/clienten/${surname}/JW305 ${bsn} ${birth.replace(/-/g, '')} ${surname.toUpperCase()}.xml`;
    const ok = prepareMessage(name, Buffer.from(jw305), scope);
    expect(ok.ok).toBe(true);
    if (ok.ok) expect(ok.message.file).toBe('/data/clienten/«weggelaten»/JW305 «weggelaten» «weggelaten» «weggelaten».xml');
    // refused, and not even well-formed: the name is still checked against what the text holds
    const broken = jw305.slice(0, jw305.indexOf('</jw305:Client>'));
    const r = refused(name, broken);
    expect(r.file).not.toMatch(new RegExp(`${bsn}|${surname}|${birth.replace(/-/g, '')}`, 'i'));
    // any other BSN-shaped number (nine digits passing the eleven-test) too; other numbers stay
    const other = refused('JW305_999900018_123456789.xml', broken);
    expect(other.file).toBe('JW305_«weggelaten»_123456789.xml');
  });

  it("refuses a message for a municipality outside the region, at the header element, whatever its type", () => {
    for (const f of fs.readdirSync(examples).filter((n) => n.endsWith('.xml')).sort()) {
      const xml = fs.readFileSync(path.join(examples, f), 'utf8');
      if (!validateMessage(Buffer.from(xml)).ok) continue;
      expect(prepareMessage(f, Buffer.from(xml), scope).ok, f).toBe(true);
      const elsewhere = xml.replace(/>(0363|0384)</, '>0344<');
      const r = refused(f, elsewhere);
      expect(r.path, f).toMatch(/^\/Bericht\/Header\/(Afzender|Ontvanger)$/);
      expect(r.line, f).toBe(lineOf(elsewhere, '>0344<'));
      expect(r.message, f).toMatch(/municipality "0344" is not one of the region's \(0358, 0362, 0363, 0384, 0437, 0451\)/);
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
