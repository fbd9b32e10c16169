// Every command, fed malformed values in every option and argument: it either does its work or
// refuses with exactly one line that says what was wrong — never a stack trace, never "failed" (a
// bug), never NaN or undefined in what it prints. The commands and their options are read from the
// program itself, so a new command or option is covered without changing this test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command, Option } from 'commander';
import { buildProgram, main } from '../src/cli/main.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jeugdregie-refusals-'));
const costs = path.join(dir, 'costs.csv');
const plan2029 = path.join(dir, 'plan-2029.yaml');

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

/** Values that are wrong for most options: not numbers, broken numbers, impossible dates, huge, empty. */
const MALFORMED = ['', ' ', 'abc', '12.345', '1.5', '-1', '0', '2028-13-45', '2028-13', 'foo', '9'.repeat(25), 'NaN', '../../etc/passwd', '2028-02-30', '0000'];

/** A value each option accepts, so that one option at a time can be made wrong. */
const VALID: Record<string, string> = {
  '--year': '2028',
  '--month': '2028-02',
  '--provider': 'DEMO01',
  '--municipality': '0363',
  '--format': 'csv',
  '--reason': 'test',
  '--basis': 'test',
  '--amount': '100',
  '--amount-cents': '100',
  '--forecast': '1',
  '--forecast-cents': '1',
  '--from': '2028-01-01',
  '--to': '2028-01-01',
  '--period': '2028-01',
  '--by': 'municipality',
  '--costs': costs,
  '--plan': plan2029,
  '--region': 'amsterdam-amstelland',
  '--out': path.join(dir, 'out'),
  '--seed': '1',
  '--faults': '0',
  '--threshold': '2',
  '--date': '2028-05-01',
  '--upward-reason': 'autonome-groei',
  '--approval': 'AB 1',
  '--start-after-days': '30',
  '--code': 'NEW01',
  '--name': 'Nieuwe aanbieder',
  '--agb': '12345678',
  '--half': '2028-H1',
};

/** Commands that keep running (a server) are tested on their own below. */
const LONG_RUNNING = new Set(['serve', 'start']);

function leaves(cmd: Command, prefix: string[] = []): { path: string[]; cmd: Command }[] {
  const subs = cmd.commands as Command[];
  const here = prefix.length > 0 ? [{ path: prefix, cmd }] : [];
  if (subs.length === 0) return here;
  return [...(prefix.length > 0 && (cmd as unknown as { _actionHandler: unknown })._actionHandler ? here : []), ...subs.flatMap((c) => leaves(c, [...prefix, c.name()]))];
}

function takesValue(o: Option): boolean {
  return o.required || o.optional;
}

/** Options that name a path to write to: a malformed value still lands in the test's own folder. */
const WRITES = new Set(['--out']);

function argvFor(words: string[], cmd: Command, replace?: { option: string; value: string }): string[] {
  const argv = [...words];
  for (const o of cmd.options as Option[]) {
    if (!takesValue(o) || !o.long) continue;
    if (replace?.option === o.long) argv.push(o.long, WRITES.has(o.long) ? path.join(dir, 'written', replace.value) : replace.value);
    else if (o.mandatory) argv.push(o.long, VALID[o.long] ?? 'x');
  }
  for (const a of cmd.registeredArguments) {
    if (!a.required) continue;
    argv.push(a.name() === 'keys' ? '0363=1' : a.name() === 'file' ? costs : 'x');
  }
  return argv;
}

/**
 * A refusal is one line; a refused file adds one indented line per problem in it (every problem of a
 * file, each with its place). Nothing may echo NaN, undefined or an object that the input did not hold.
 */
function assertOneLine(label: string, r: { code: number; out: string; err: string }, input = label): void {
  const lines = r.err.trimEnd().split('\n').filter((l) => l !== '');
  const where = `${label} → exit ${r.code}, stderr: ${r.err.slice(0, 300)}`;
  expect(r.err, where).not.toMatch(/^\s+at /m);
  expect(r.err, where).not.toMatch(/^failed/m);
  for (const bad of ['NaN', 'undefined', '[object ']) if (!input.includes(bad)) expect(`${r.out}${r.err}`, where).not.toContain(bad);
  // ingest's contract: exit 2 when some messages were refused, with the summary on stdout.
  if (r.code !== 0 && !(label.startsWith('ingest') && r.code === 2)) {
    expect(lines[0], where).toMatch(/^refused: |^error: /);
    for (const l of lines.slice(1)) expect(l, where).toMatch(/^ {2}\S/);
  }
}

beforeAll(async () => {
  process.env.JEUGDREGIE_DATA_DIR = path.join(dir, 'data');
  delete process.env.DATABASE_URL;
  process.env.JEUGDREGIE_USER = 'cli-refusals';
  process.env.JEUGDREGIE_PSEUDONYM_KEY = 'cli-refusals-key-0123456789abcdef0123456789abcdef';
  fs.writeFileSync(costs, 'provider,municipality,cost_eur\nDEMO01,0363,1\n');
  fs.writeFileSync(plan2029, fs.readFileSync('examples/allocation-plan-2028.yaml', 'utf8').replace(/^year: 2028$/m, 'year: 2029'));
  const r = await run('init', '--region', 'amsterdam-amstelland', '--demo');
  expect(r.err).toBe('');
}, 60_000);

const workingFolder = fs.readdirSync('.').sort();

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  // Nothing a command was given may have landed in the working folder.
  expect(fs.readdirSync('.').sort()).toEqual(workingFolder);
});

describe('every command refuses malformed values with one line', () => {
  const program = buildProgram({ out: () => undefined, err: () => undefined });
  const commands = leaves(program).filter((c) => !LONG_RUNNING.has(c.path[0]!) && c.path.join(' ') !== 'init');
  it('finds the commands to test', () => {
    expect(commands.map((c) => c.path.join(' '))).toEqual(expect.arrayContaining(['budget import', 'adjust', 'pay', 'keys set', 'ledger explain', 'monitor reach']));
  });
  for (const { path: p, cmd } of commands) {
    const options = (cmd.options as Option[]).filter((o) => takesValue(o) && o.long);
    it(`${p.join(' ')}: ${options.map((o) => o.long).join(' ') || 'no options with values'}`, async () => {
      for (const o of options) {
        for (const value of MALFORMED) {
          const argv = argvFor(p, cmd, { option: o.long!, value });
          assertOneLine(argv.join(' '), await run(...argv));
        }
      }
      for (const a of cmd.registeredArguments) {
        for (const value of MALFORMED) {
          const argv = [...argvFor(p, cmd).slice(0, -cmd.registeredArguments.filter((x) => x.required).length || undefined), value];
          assertOneLine(argv.join(' '), await run(...argv));
        }
      }
    }, 240_000);
  }
});

describe('the refusals the hardening issue names', () => {
  const cases: [string, string[], RegExp][] = [
    ['amount with three decimals', ['adjust', '--provider', 'DEMO01', '--year', '2028', '--amount', '12.345', '--reason', 'x'], /"12\.345" is not an amount/],
    ['amount that is not a number', ['adjust', '--provider', 'DEMO01', '--year', '2028', '--amount', 'abc', '--reason', 'x'], /"abc" is not an amount/],
    ['cents with a fraction', ['adjust', '--provider', 'DEMO01', '--year', '2028', '--amount-cents', '1.5', '--reason', 'x'], /--amount-cents: "1\.5" is not an amount: expected a whole number of cents/],
    ['an amount beyond what the database holds', ['adjust', '--provider', 'DEMO01', '--year', '2028', '--amount-cents', '99999999999999999999', '--reason', 'x'], /larger than Jeugdregie can hold/],
    ['an impossible date', ['adjust', '--provider', 'DEMO01', '--year', '2028', '--amount', '1', '--reason', 'x', '--date', '2028-13-45'], /--date: "2028-13-45" is not a calendar date/],
    ['a month that is not a month', ['pay', '--month', 'foo'], /--month: "foo" is not a month; write it as YYYY-MM/],
    ['a negative forecast', ['adjust', '--provider', 'DEMO01', '--year', '2028', '--amount', '-1', '--forecast', '-5', '--reason', 'x'], /--forecast must be an amount of 0 or more/],
    ['a plan for another year', ['allocate', '--year', '2030', '--plan', 'examples/allocation-plan-2028.yaml'], /allocation-plan-2028\.yaml is the plan for 2028, not for 2030/],
    ['an unknown provider', ['lumpsums', '--year', '2028', '--provider', 'NOPE'], /provider NOPE has no lump sum in 2028; known: DEMO01/],
    ['a year without allocation', ['payments', '--year', '2031'], /no lump sums are allocated for 2031/],
    ['a municipality named twice', ['keys', 'set', '--year', '2031', '--basis', 'x', '0363=1', '0363=2'], /municipality 0363 is given twice/],
    ['a year that is not a year', ['budget', 'show', '--year', '20x8'], /--year must be a year like 2028/],
    ['an empty reason', ['pay', '--month', '2028-01', '--reason', ' '], /--reason must be a text that is not empty/],
    ['a missing required option', ['adjust', '--year', '2028', '--reason', 'x'], /^error: required option '--provider <code>' not specified \(see --help\)$/m],
    ['an unknown option', ['payments', '--year', '2028', '--colour', 'red'], /^error: unknown option '--colour' \(see --help\)$/m],
    ['an unknown command', ['paymnets'], /^error: unknown command 'paymnets'/m],
  ];
  for (const [what, argv, message] of cases) {
    it(`refuses ${what}`, async () => {
      const r = await run(...argv);
      expect(r.code).toBe(1);
      expect(r.err.trimEnd().split('\n')).toHaveLength(1);
      expect(r.err).toMatch(message);
    });
  }
});

describe('servers refuse bad options before they listen', () => {
  for (const argv of [['serve', '--port', 'abc'], ['serve', '--port', '-1'], ['serve', '--port', '70000'], ['start', '--region', '../x']]) {
    it(argv.join(' '), async () => {
      // start creates a database when there is none: give it an empty folder, so --region is read.
      const before = process.env.JEUGDREGIE_DATA_DIR;
      if (argv[0] === 'start') process.env.JEUGDREGIE_DATA_DIR = path.join(dir, 'empty');
      try {
        const r = await Promise.race([run(...argv), new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${argv.join(' ')} did not refuse`)), 20_000))]);
        assertOneLine(argv.join(' '), r);
        expect(r.code).toBe(1);
      } finally {
        process.env.JEUGDREGIE_DATA_DIR = before;
      }
    }, 30_000);
  }
});
