import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { readXml } from './xml-reader.ts';
import { extractEvents, readBsn, readHeader } from './extract-events.ts';
import { Pseudonymiser } from './pseudonym.ts';

const examples = path.resolve('..', 'shared', 'ijw', 'examples');
const pseudo = new Pseudonymiser('test-key-that-is-long-enough-for-hmac-0123456789');

function load(name: string) {
  const r = readXml(fs.readFileSync(path.join(examples, name)));
  if (!r.ok) throw new Error(`cannot read ${name}`);
  return r.root;
}

describe.runIf(fs.existsSync(examples))('extracting what the monitor keeps from the official examples', () => {
  it('identifies a return message by its returner, IdentificatieRetour and DagtekeningRetour', () => {
    const root = load('JW302.xml');
    expect(readHeader(root, 'JW302')).toEqual({ type: 'JW302', sender: '42420001', receiver: '0384', identification: '9452b7eb-c87', sentOn: '2023-07-16' });
    expect(extractEvents(root, readHeader(root, 'JW302'), 'x')).toEqual([]);
  });

  it('keeps a pseudonym, birth month, gender and the start products of a JW305 — and no BSN or name', () => {
    const root = load('JW305.xml');
    const header = readHeader(root, 'JW305');
    expect(header).toEqual({ type: 'JW305', sender: '65656055', receiver: '0363', identification: '123456789012', sentOn: '2026-04-15' });
    const bsn = readBsn(root)!;
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
