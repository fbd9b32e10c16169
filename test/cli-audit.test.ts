// The CLI writes the audit log too [issue 13 "Every sign-in, failed sign-in, export and decision is in
// an audit log"]: a budget import, a settlement and a provider registration by the operator
// (operator(JEUGDREGIE_USER)) are there as the web's are, refused ones included.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../src/cli/main.ts';
import { auditLog } from '../src/app/accounts.ts';
import { openWorkspace } from '../src/app/workspace.ts';
import { operator } from '../src/domain/access/viewer.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jeugdregie-cli-audit-'));
const run = async (...argv: string[]) => {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
};
const MUNICIPALITIES = ['0358', '0362', '0363', '0384', '0437', '0451'];

beforeAll(async () => {
  process.env.JEUGDREGIE_DATA_DIR = path.join(dir, 'data');
  delete process.env.DATABASE_URL;
  process.env.JEUGDREGIE_USER = 'c.jansen';
  expect((await run('init', '--region', 'amsterdam-amstelland', '--demo')).code).toBe(0);
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function events() {
  const ws = await openWorkspace({ dataDir: path.join(dir, 'data') }, 'test');
  try {
    return await auditLog(operator('test'), ws, 100);
  } finally {
    await ws.close();
  }
}

describe('the CLI in the audit log', () => {
  it('records a provider registration, a budget import and a settlement as the operator, and their refusals', { timeout: 300_000 }, async () => {
    expect((await run('providers', 'register', '--code', 'DEMO21', '--name', 'Nieuwe Kern')).code).toBe(0);
    const budget = path.join(dir, 'begroting-2031.csv');
    fs.writeFileSync(budget, 'year,municipality,amount_eur\n' + MUNICIPALITIES.map((m) => `2031,${m},1000`).join('\n') + '\n');
    expect((await run('budget', 'import', budget)).code).toBe(0);
    const wrong = path.join(dir, 'fout.csv');
    fs.writeFileSync(wrong, 'year,municipality,amount_eur\n2031,Atlantis,1\n');
    expect((await run('budget', 'import', wrong)).code).not.toBe(0);
    const costs = path.join(dir, 'kosten.csv');
    const providers = Array.from({ length: 20 }, (_, i) => `DEMO${String(i + 1).padStart(2, '0')}`);
    fs.writeFileSync(costs, 'provider,municipality,cost_eur\n' + providers.flatMap((p) => MUNICIPALITIES.map((m) => `${p},${m},100`)).join('\n') + '\n');
    expect((await run('settle', '--year', '2028', '--costs', costs)).code).not.toBe(0); // nothing paid yet
    for (let m = 1; m <= 12; m++) expect((await run('pay', '--month', `2028-${String(m).padStart(2, '0')}`)).code).toBe(0);
    const settled = await run('settle', '--year', '2028', '--costs', costs);
    expect(settled.err).toBe('');

    const log = (await events()).reverse(); // oldest first
    const mine = log.filter((e) => ['decision', 'decision-refused', 'import', 'import-refused'].includes(e.kind) && (e.detail.kind !== 'payment.run'));
    expect(mine.map((e) => [e.actor, e.kind, e.detail.kind, e.detail.code ?? null])).toEqual([
      ['c.jansen', 'decision', 'provider.register', null],
      ['c.jansen', 'import', 'budget', null],
      ['c.jansen', 'import-refused', 'budget', 'IMPORT_REFUSED'],
      ['c.jansen', 'decision-refused', 'settlement', 'SETTLEMENT_NOT_PAID'],
      ['c.jansen', 'decision', 'settlement', null],
    ]);
    expect(mine[1]!.detail).toMatchObject({ file: 'begroting-2031.csv', years: [2031] });
    expect(mine[2]!.detail).toMatchObject({ file: 'fout.csv', problems: 1 });
  });

  it("refuses start --demo on a database that start --demo did not make, before a demo account exists in it", { timeout: 120_000 }, async () => {
    process.env.PORT = '39517'; // not listened on: the refusal comes first
    try {
      const r = await run('start', '--demo');
      expect(r.code).not.toBe(0);
      expect(r.err).toMatch(/start --demo (refuses|weigert)/);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    } finally {
      delete process.env.PORT;
    }
    const ws = await openWorkspace({ dataDir: path.join(dir, 'data') }, 'test');
    try {
      const { listAccounts } = await import('../src/app/accounts.ts');
      expect((await listAccounts(operator('test'), ws)).filter((a) => a.login.startsWith('demo-'))).toEqual([]);
    } finally {
      await ws.close();
    }
  });
});
