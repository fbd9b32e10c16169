import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { readXml } from './xml-reader.ts';
import { extractEvents, messageKey, readBsn, readEvents, readHeader, readMunicipality, readPaths } from './extract-events.ts';
import { validateMessage, type MessageType } from './validator.ts';
import { Pseudonymiser } from './pseudonym.ts';
import { IJW_EXAMPLES, haveIjwReference } from '../../test/support/ijw-reference.ts';

const examples = IJW_EXAMPLES;
const pseudo = new Pseudonymiser('test-key-that-is-long-enough-for-hmac-0123456789');

function load(name: string) {
  const r = readXml(fs.readFileSync(path.join(examples, name)));
  if (!r.ok) throw new Error(`cannot read ${name}`);
  return r.root;
}

describe.runIf(haveIjwReference)('extracting what the monitor keeps from the official examples', () => {
  it('identifies a return message by its returner, IdentificatieRetour and DagtekeningRetour', () => {
    const root = load('JW302.xml');
    expect(readHeader(root, 'JW302')).toEqual({ type: 'JW302', sender: '42420001', receiver: '0384', identification: '9452b7eb-c87', sentOn: '2023-07-16' });
    expect(extractEvents(root, readHeader(root, 'JW302'), 'x')).toEqual([]);
  });

  it('keeps a pseudonym, birth month, gender and the start products of a JW305 — and no BSN or name', () => {
    const root = load('JW305.xml');
    const header = readHeader(root, 'JW305');
    expect(header).toEqual({ type: 'JW305', sender: '65656055', receiver: '0363', identification: '123456789012', sentOn: '2026-04-15' });
    const bsn = readBsn(root, 'JW305')!;
    const events = extractEvents(root, header, pseudo.pseudonym(bsn));
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ kind: 'start', municipality: '0363', provider: '65656055', assignmentNumber: '300201', category: '55', startDate: '2026-04-03', status: '1' });
    expect(events[0]!.client).toEqual({ pseudonym: pseudo.pseudonym(bsn), birthMonth: '2010-02', gender: '1' });
    const json = JSON.stringify(events);
    expect(json).not.toContain(bsn);
    expect(json).not.toMatch(/Wit|Tom|2010-02-14/);
  });

  it('keeps only the 4-digit postcode of a JW301 address', () => {
    const root = load('JW301.xml');
    const events = extractEvents(root, readHeader(root, 'JW301'), 'p');
    expect(events.length).toBeGreaterThan(0);
    expect(events[0]).toMatchObject({ kind: 'assignment', assignmentNumber: '300201', assignedOn: '2026-04-01', validFrom: '2026-04-01' });
    expect(events[0]!.client.pc4).toMatch(/^\d{4}$/);
    expect(JSON.stringify(events)).not.toMatch(/Woustraat|0201234567|abc@def|Galen|9999XX/);
  });

  it('reads stops with their reason', () => {
    const root = load('JW307.xml');
    const events = extractEvents(root, readHeader(root, 'JW307'), 'p');
    expect(events[0]).toMatchObject({ kind: 'stop', startDate: '2026-04-03', endDate: '2026-07-17', reason: '31' });
  });
});

/** Reads a (valid) message text: header, events and the problems found while reading. */
function read(xml: string) {
  const v = validateMessage(Buffer.from(xml));
  if (!v.ok) throw new Error(`not valid: ${v.errors[0]!.message} at ${v.errors[0]!.path}`);
  const header = readHeader(v.root, v.messageType);
  return { header, ...readEvents(v.root, header, 'p') };
}

/** Every occurrence of element `local` (any prefix) in `xml` with its text replaced by `f(text)`. */
const replaceValues = (xml: string, local: string, f: (v: string) => string) =>
  xml.replace(new RegExp(`(<(?:[\\w.-]+:)?${local}>)([^<]*)(</)`, 'g'), (_m, open: string, v: string, close: string) => open + f(v) + close);

describe.runIf(haveIjwReference)('values are read by the type the XSD declares', () => {
  // the published JW315 example is not valid (2027-06-31), and a JW315 holds no integer the monitor reads
  const withProducts: MessageType[] = ['JW301', 'JW305', 'JW307'];
  /** An integer in another lexical form: leading zeros, a plus sign, white space the type collapses. */
  const integerForm = fc.record({ zeros: fc.integer({ min: 0, max: 6 }), plus: fc.boolean(), before: fc.constantFrom('', ' ', '\t', '\n  '), after: fc.constantFrom('', ' ', '\t', '\n') });

  it('reads every integer element the monitor keeps in any of its forms as one value (property)', () => {
    let checked = 0;
    for (const type of withProducts) {
      const xml = fs.readFileSync(path.join(examples, `${type}.xml`), 'utf8');
      const expected = read(xml);
      for (const { path: at, type: t } of readPaths(type)) {
        if (t.builtin !== 'integer') continue;
        const local = at.split('/').pop()!;
        if (!new RegExp(`<(?:[\\w.-]+:)?${local}>`).test(xml)) continue;
        checked++;
        fc.assert(fc.property(integerForm, (f) => {
          const other = replaceValues(xml, local, (v) => `${f.before}${f.plus ? '+' : ''}${'0'.repeat(f.zeros)}${v}${f.after}`);
          expect(read(other)).toEqual(expected);
        }), { numRuns: 40 });
      }
    }
    // ToewijzingNummer in the JW301, JW305 and JW307 examples: a test that checks nothing proves nothing
    expect(checked).toBeGreaterThanOrEqual(3);
  });

  it('links a start written 05000001 or +5000003 to its assignment 5000001 or 5000003', () => {
    const number = (type: string, value: string) => replaceValues(fs.readFileSync(path.join(examples, `${type}.xml`), 'utf8'), 'ToewijzingNummer', () => value);
    const numbers = (xml: string) => read(xml).events.map((e) => ('assignmentNumber' in e ? e.assignmentNumber : undefined));
    expect(numbers(number('JW301', '5000001'))).toEqual(['5000001', '5000001']);
    expect(numbers(number('JW305', '05000001'))).toEqual(['5000001', '5000001']);
    expect(numbers(number('JW307', '+5000003'))).toEqual(['5000003', '5000003']);
    expect(numbers(number('JW305', '-0'))).toEqual(['0', '0']);
  });

  it('keeps an identification exactly as the XSD type preserves it: white space of any kind is part of it (property)', () => {
    const xml = fs.readFileSync(path.join(examples, 'JW305.xml'), 'utf8').replace('>123456789012<', '>A1<');
    const plain = read(xml).header;
    expect(plain.identification).toBe('A1');
    const space = fc.constantFrom(' ', '\u00A0', '\uFEFF', '\t', '\u2007', '\u3000');
    fc.assert(fc.property(fc.array(space, { maxLength: 3 }), fc.array(space, { maxLength: 3 }), (before, after) => {
      fc.pre(before.length + after.length > 0);
      const id = `${before.join('')}A1${after.join('')}`;
      const h = read(xml.replace('>A1<', `>${id}<`)).header;
      expect(h.identification).toBe(id);
      expect(messageKey(h)).not.toBe(messageKey(plain));
    }));
    // an identification of only a no-break space or a byte-order mark is valid, and not empty
    for (const id of ['\u00A0', '\uFEFF']) expect(read(xml.replace('>A1<', `>${id}<`)).header.identification).toBe(id);
  });

  it("identifies a return message by its own IdentificatieRetour, also when that is a no-break space", () => {
    const jw302 = fs.readFileSync(path.join(examples, 'JW302.xml'), 'utf8');
    const h = read(jw302.replace('>9452b7eb-c87<', '>\u00A0<')).header;
    expect(h).toMatchObject({ sender: '42420001', identification: '\u00A0' });
  });

  it('names the municipality of every message type by the header element the XSD types LDT_Gemeente', () => {
    const seen: string[] = [];
    for (const f of fs.readdirSync(examples).filter((n) => n.endsWith('.xml')).sort()) {
      const v = validateMessage(fs.readFileSync(path.join(examples, f)));
      if (!v.ok) continue;
      const m = readMunicipality(v.root, v.messageType);
      expect(m.code, f).toMatch(/^\d{4}$/);
      expect(m.place.line, f).toBeGreaterThan(0);
      seen.push(`${v.messageType}:${m.place.path.split('/').pop()}`);
    }
    expect(seen).toEqual(expect.arrayContaining(['JW301:Afzender', 'JW302:Afzender', 'JW305:Ontvanger', 'JW306:Ontvanger', 'JW319:Afzender', 'JW323:Ontvanger', 'JW325:Afzender']));
  });
});

describe.runIf(haveIjwReference)('codes that the XSD allows but the standard does not allow where they stand', () => {
  const example = (type: string) => fs.readFileSync(path.join(examples, `${type}.xml`), 'utf8');
  const first = (xml: string, local: string, value: string) => xml.replace(new RegExp(`(<(?:[\\w.-]+:)?${local}>)[^<]*`), `$1${value}`);

  it.each(['JW305', 'JW307'])('refuses StatusAanlevering 2 and 9 in a %s (CS058), at its line and path', (type) => {
    for (const code of ['2', '9']) {
      const xml = first(example(type), 'StatusAanlevering', code);
      const r = read(xml);
      const which = type === 'JW305' ? 'StartProduct' : 'StopProduct';
      expect(r.problems).toEqual([{
        line: xml.split('\n').findIndex((l) => l.includes(`StatusAanlevering>${code}<`)) + 1,
        path: `/Bericht/Client/${which}en/${which}[1]/StatusAanlevering`,
        message: expect.stringMatching(new RegExp(`^${which}/StatusAanlevering: code ${code} is not allowed in a ${type} \\(COD467, CS058`)),
      }]);
    }
    expect(read(first(example(type), 'StatusAanlevering', '3')).problems).toEqual([]);
  });

  it('refuses RedenWijziging 01 (obsolete) and a deletion (13) whose Einddatum is not its Ingangsdatum; accepts a proper deletion', () => {
    const jw301 = example('JW301');
    const withReason = (xml: string, code: string) => xml.replace(/(<(\w+:)?Einddatum>[^<]*<\/(\w+:)?Einddatum>)/, `$1<jw301:RedenWijziging>${code}</jw301:RedenWijziging>`);
    expect(read(withReason(jw301, '14')).problems).toEqual([]);
    expect(read(withReason(jw301, '01')).problems).toEqual([expect.objectContaining({ path: '/Bericht/Client/ToegewezenProducten/ToegewezenProduct[1]/RedenWijziging', message: expect.stringMatching(/code 01 is obsolete/) })]);
    const deletion = read(withReason(jw301, '13'));
    expect(deletion.problems).toEqual([expect.objectContaining({ path: '/Bericht/Client/ToegewezenProducten/ToegewezenProduct[1]/Einddatum', message: expect.stringMatching(/RedenWijziging 13 \(deleted\) needs Einddatum equal to Ingangsdatum 2026-04-01/) })]);
    const proper = read(first(withReason(jw301, '13'), 'Einddatum', '2026-04-01'));
    expect(proper.problems).toEqual([]);
    expect(proper.events[0]).toMatchObject({ kind: 'assignment', validFrom: '2026-04-01', validUntil: '2026-04-01', changeReason: '13' });
  });

  it('refuses a start or stop without ToewijzingNummer and without a product category: the task-based key is incomplete (IV096)', () => {
    for (const type of ['JW305', 'JW307']) {
      const xml = example(type).replace(/<(\w+:)?ToewijzingNummer>[^<]*<\/(\w+:)?ToewijzingNummer>/g, '');
      expect(read(xml).problems).toEqual([]);
      const noProduct = xml.replace(/<(\w+:)?Product>[\s\S]*?<\/(\w+:)?Product>/, '');
      expect(read(noProduct).problems).toEqual([expect.objectContaining({ message: expect.stringMatching(/Product\/Categorie is missing/) })]);
    }
  });
});

describe('pseudonyms', () => {
  it('are stable per key and differ between keys', () => {
    const other = new Pseudonymiser('another-key-that-is-long-enough-for-hmac-987654');
    expect(pseudo.pseudonym('999900006')).toBe(pseudo.pseudonym('999900006'));
    expect(pseudo.pseudonym('999900006')).not.toBe(other.pseudonym('999900006'));
    expect(pseudo.pseudonym('999900006')).not.toContain('999900006');
  });
  it('refuse a short key', () => {
    expect(() => new Pseudonymiser('short')).toThrow(/at least 32/);
  });
});
