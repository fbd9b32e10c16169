// Differential test: our verdict (valid / invalid) must equal `xmllint --noout --schema` on the
// official XSDs, for every published example and for deterministic mutations of the valid ones.
// Needs ../shared/ijw and xmllint (test/support/ijw-reference.ts: CI fails without them).
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { validateMessage, MESSAGE_TYPES, type MessageType } from '../../src/ijw/validator.ts';
import { mutate, valueSweep } from './mutations.ts';
import { IJW_EXAMPLES, IJW_XSD, haveXmllint } from '../support/ijw-reference.ts';

const XSD_DIR = IJW_XSD;
const EXAMPLES = IJW_EXAMPLES;

const MUTATIONS_PER_EXAMPLE = 120;
/** IJW_DIFF_EXTENDED=1 adds an exhaustive value sweep (~45,000 files) and 1,000 more mutations per example. */
const EXTENDED = process.env.IJW_DIFF_EXTENDED === '1';
const SEED = 20260415;

interface Case {
  type: MessageType;
  label: string;
  file: string;
  bytes: Uint8Array;
}

/** Runs xmllint once for many files of one message type; returns file -> valid. */
function xmllintVerdicts(type: MessageType, files: string[]): Map<string, boolean> {
  const out = new Map<string, boolean>();
  const xsd = path.join(XSD_DIR, `${type}.xsd`);
  for (let i = 0; i < files.length; i += 200) {
    const batch = files.slice(i, i + 200);
    const res = spawnSync('xmllint', ['--noout', '--schema', xsd, ...batch], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const lines = new Set(`${res.stdout}\n${res.stderr}`.split('\n'));
    // a document that is not well-formed gets neither line: it is invalid
    for (const f of batch) out.set(f, lines.has(`${f} validates`));
  }
  return out;
}

function compare(cases: Case[]): { total: number; mismatches: string[] } {
  const mismatches: string[] = [];
  for (const type of MESSAGE_TYPES) {
    const mine = cases.filter((c) => c.type === type);
    if (mine.length === 0) continue;
    const theirs = xmllintVerdicts(type, mine.map((c) => c.file));
    for (const c of mine) {
      const ours = validateMessage(c.bytes, { expect: type });
      const reference = theirs.get(c.file);
      if (ours.ok !== reference) {
        const why = ours.ok ? 'ours: valid' : `ours: invalid (${ours.errors[0]?.rule}: ${ours.errors[0]?.message} at line ${ours.errors[0]?.line})`;
        mismatches.push(`${c.label}\n    xmllint: ${reference ? 'valid' : 'invalid'}; ${why}\n    file: ${c.file}`);
      }
    }
  }
  return { total: cases.length, mismatches };
}

describe.runIf(haveXmllint)('iJw validator agrees with xmllint --schema', () => {
  const examples = haveXmllint ? fs.readdirSync(EXAMPLES).filter((f) => /^JW\d{3}\.xml$/.test(f)).sort() : [];

  it('on every published example', () => {
    const cases: Case[] = examples.map((f) => {
      const file = path.join(EXAMPLES, f);
      return { type: f.slice(0, 5) as MessageType, label: f, file, bytes: fs.readFileSync(file) };
    });
    expect(cases.length).toBe(14);
    const { mismatches } = compare(cases);
    expect(mismatches, mismatches.join('\n')).toEqual([]);
    // as published, JW315 (2027-06-31) and JW318 (element out of place) are invalid
    expect(validateMessage(fs.readFileSync(path.join(EXAMPLES, 'JW315.xml'))).ok).toBe(false);
    expect(validateMessage(fs.readFileSync(path.join(EXAMPLES, 'JW318.xml'))).ok).toBe(false);
  });

  function run(name: string, make: (source: string, k: number) => ReturnType<typeof mutate>, minimum: number): void {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ijw-diff-'));
    try {
      const cases: Case[] = [];
      examples.forEach((f, k) => {
        const type = f.slice(0, 5) as MessageType;
        const source = fs.readFileSync(path.join(EXAMPLES, f), 'utf8');
        if (!validateMessage(source).ok) return; // only the valid examples are mutated
        make(source, k).forEach((m, i) => {
          const file = path.join(dir, `${type}-${String(i).padStart(4, '0')}.xml`);
          fs.writeFileSync(file, m.bytes);
          cases.push({ type, label: `${type} #${i} ${m.description}`, file, bytes: m.bytes });
        });
      });
      expect(cases.length).toBeGreaterThanOrEqual(minimum);
      const { total, mismatches } = compare(cases);
      const invalid = cases.filter((c) => !validateMessage(c.bytes, { expect: c.type }).ok).length;
      console.log(`differential ${name}: ${total} cases, ${total - mismatches.length} agree, ${invalid} invalid / ${total - invalid} valid`);
      expect(mismatches, `${mismatches.length} verdicts differ:\n${mismatches.join('\n')}`).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  it(`on ${MUTATIONS_PER_EXAMPLE} deterministic mutations of every valid example`, () => {
    run('mutations', (source, k) => mutate(source, MUTATIONS_PER_EXAMPLE, SEED + k), 1000);
  });

  it.skipIf(!EXTENDED)('extended: every value of the banks in every distinct leaf, and 1,000 more mutations each', () => {
    run('sweep', (source) => valueSweep(source), 10000);
    run('extra mutations', (source, k) => mutate(source, 1000, SEED * 7 + k), 10000);
  }, 600_000);
});
