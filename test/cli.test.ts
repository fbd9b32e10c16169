// The CLI's interface contract, run in-process against an embedded database in a temporary folder.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { main } from '../src/cli/main.ts';
import { IJW_EXAMPLES, haveIjwReference } from './support/ijw-reference.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jeugdregie-cli-'));

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

beforeAll(async () => {
  process.env.JEUGDREGIE_DATA_DIR = path.join(dir, 'data');
  delete process.env.DATABASE_URL;
  process.env.JEUGDREGIE_USER = 'cli-test';
  const r = await run('init', '--region', 'amsterdam-amstelland', '--demo');
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('jeugdregie CLI', () => {
  it('prints the budget as the contracted JSON', async () => {
    const r = await run('budget', 'show', '--year', '2028', '--format', 'json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(Object.keys(json)).toEqual(['region', 'year', 'municipalities', 'totalCents']);
    expect(json.region).toBe('amsterdam-amstelland');
    expect(json.totalCents).toBe('29601500000');
    expect(json.municipalities).toContainEqual({ code: '0363', name: 'Amsterdam', amountCents: '25331500000' });
  });

  it('carries the last adopted budget on to 2031–2033', async () => {
    for (const year of ['2031', '2032', '2033']) {
      const json = JSON.parse((await run('budget', 'show', '--year', year, '--format', 'json')).out);
      expect(json.totalCents).toBe('29207000000');
      expect(json.municipalities.find((m: { code: string }) => m.code === '0363').amountCents).toBe('24937000000');
    }
  });

  it('lists lump sums as CSV with the contracted header, adding up to the budget', async () => {
    const r = await run('lumpsums', '--year', '2028', '--format', 'csv');
    const [header, ...rows] = r.out.trim().split('\n');
    expect(header).toBe('provider,theme,municipality,amount_cents');
    const total = rows.reduce((s, l) => s + BigInt(l.split(',')[3]!), 0n);
    expect(total).toBe(29_601_500_000n);
    const amsterdam = rows.filter((l) => l.split(',')[2] === '0363').reduce((s, l) => s + BigInt(l.split(',')[3]!), 0n);
    expect(amsterdam).toBe(25_331_500_000n);
  });

  it('lists payments as CSV with the contracted header: 12 months per provider and municipality', async () => {
    const r = await run('payments', '--year', '2028', '--format', 'csv');
    const [header, ...rows] = r.out.trim().split('\n');
    expect(header).toBe('provider,municipality,month,amount_cents');
    expect(rows).toHaveLength(20 * 6 * 12);
    expect(rows[0]).toMatch(/^DEMO01,0358,2028-01,\d+$/);
    expect(rows.reduce((s, l) => s + BigInt(l.split(',')[3]!), 0n)).toBe(29_601_500_000n);
  });

  it('pays, adjusts once, refuses a second adjustment and a retroactive one with one clear line', async () => {
    expect((await run('pay', '--month', '2028-01')).code).toBe(0);
    const retro = await run('adjust', '--provider', 'DEMO02', '--year', '2028', '--amount', '1000', '--from', '2028-01', '--reason', 'groei', '--upward-reason', 'autonome-groei', '--date', '2028-01-20');
    expect(retro.code).not.toBe(0);
    expect(retro.err.trim().split('\n')).toHaveLength(1);
    expect(retro.err).toMatch(/^refused: .*2028-02 or later/);
    const noApproval = await run('adjust', '--provider', 'DEMO02', '--year', '2028', '--amount', '1000', '--reason', 'nieuwbouw', '--upward-reason', 'autonome-groei', '--date', '2028-01-20');
    expect(noApproval.err).toMatch(/^refused: .*above the contract value .*--approval/);
    const ok = await run('adjust', '--provider', 'DEMO02', '--year', '2028', '--amount', '1000', '--reason', 'nieuwbouw', '--upward-reason', 'autonome-groei', '--date', '2028-01-20', '--approval', 'AB 2028-03');
    expect(ok.err).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/with approval AB 2028-03/);
    const ledger = JSON.parse((await run('ledger', '--format', 'json')).out) as { decision: { kind: string; request?: { approval?: string } } }[];
    expect(ledger.at(-1)!.decision.request!.approval).toBe('AB 2028-03');
    const again = await run('adjust', '--provider', 'DEMO02', '--year', '2028', '--amount', '5', '--reason', 'nog meer', '--upward-reason', 'autonome-groei', '--date', '2028-02-01', '--approval', 'AB 2028-04');
    expect(again.code).not.toBe(0);
    expect(again.err).toMatch(/refused: .*2028-01-20 \(#\d+, "nieuwbouw"\)/);
  });

  it('explains a payment with the chain of decisions', async () => {
    const r = await run('ledger', 'explain', '--provider', 'DEMO02', '--year', '2028', '--municipality', '0363', '--month', '2028-03');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/budget\.import/);
    expect(r.out).toMatch(/allocation/);
    expect(r.out).toMatch(/adjustment/);
    expect(r.out).toMatch(/Payment 2028-03/);
  });

  it('lists the provider registry and registers a provider in the ledger', async () => {
    const list = await run('providers', '--format', 'csv');
    expect(list.out.split('\n')[0]).toBe('code,name,agb_codes,themes,years');
    expect(list.out).toMatch(/^DEMO03,Voorbeeldaanbieder Havenkind \(fictief\),99000003,B C,2028$/m);
    const r = await run('providers', 'register', '--code', 'NEW01', '--name', 'Nieuwe Aanbieder', '--agb', '12345678');
    expect(r.err).toBe('');
    expect(r.out).toMatch(/Registered NEW01 "Nieuwe Aanbieder" with AGB 12345678 as ledger entry #\d+/);
    const taken = await run('providers', 'register', '--code', 'NEW02', '--name', 'Ander', '--agb', '99000003');
    expect(taken.err).toMatch(/^refused: AGB code 99000003 belongs to provider DEMO03 already/);
  });

  it('refuses a bad budget file with file, row, column and reason, and imports nothing', async () => {
    const file = path.join(dir, 'bad.csv');
    fs.writeFileSync(file, 'year,municipality,amount_eur\n2029,0363,abc\n2029,9999,100\n2029,0358,-5\n');
    const r = await run('budget', 'import', file);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/bad\.csv, row 2, column amount_eur/);
    expect(r.err).toMatch(/bad\.csv, row 3, column municipality/);
    expect(r.err).toMatch(/bad\.csv, row 4, column amount_eur/);
    const json = JSON.parse((await run('budget', 'show', '--year', '2029', '--format', 'json')).out);
    expect(json.totalCents).toBe('29207000000');
  });

  it('refuses a spreadsheet with a formula, an ambiguous amount and a year that leaves a hole against the stored years, each on its own line, and imports nothing', async () => {
    const file = path.join(dir, 'begroting.xlsx');
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('Begroting');
    sheet.addRow(['jaar', 'gemeente', 'bedrag_eur']);
    sheet.addRow([2032, 'Amsterdam', { formula: '2*12000000', result: 24000000 }]);
    sheet.addRow([2031, 'Diemen', '12.345']);
    sheet.addRow([2031, 'Diemen', '5500000']);
    await wb.xlsx.writeFile(file);
    const r = await run('budget', 'import', file);
    expect(r.code).not.toBe(0);
    expect(r.err.split('\n').filter((l) => l !== '')).toEqual([
      'refused: begroting.xlsx has 4 problem(s); nothing was imported',
      "  begroting.xlsx, sheet Begroting, row 2, column jaar: Amsterdam already has adopted budgets for 2028–2030; with this file's 2032, 2031 would have no budget: add 2031 to the file",
      "  begroting.xlsx, sheet Begroting, row 2, column bedrag_eur: cell C2 holds a formula: paste values (a formula's saved result can be out of date)",
      expect.stringMatching(/^  begroting\.xlsx, sheet Begroting, row 3, column bedrag_eur: "12\.345" is ambiguous: 12345 euros if "\." separates thousands/),
      '  begroting.xlsx, sheet Begroting, row 4, column gemeente: Diemen 2031 line "AJH" is given twice, on rows 3 and 4; give each year, municipality and line once',
    ]);
    const json = JSON.parse((await run('budget', 'show', '--year', '2031', '--format', 'json')).out);
    expect(json.totalCents).toBe('29207000000');

    const big = path.join(dir, 'big.csv');
    fs.writeFileSync(big, 'year,municipality,amount_eur\n' + '2029,0363,1\n'.repeat(1_000_000));
    const tooBig = await run('budget', 'import', big);
    expect(tooBig.err).toBe('refused: big.csv has 1 problem(s); nothing was imported\n  big.csv: the file is larger than 10 MB, the most an import reads; split the table over several files\n');
  });

  it('imports a budget file with lines', async () => {
    const r = await run('budget', 'import', path.resolve('examples/budget-lines-2028.csv'), '--reason', 'raadsbesluit');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const lines = await run('budget', 'show', '--year', '2028', '--lines', '--format', 'csv');
    expect(lines.out).toMatch(/HSJH/);
  });

  it('keeps the stored figures equal to a replay of the ledger', async () => {
    const r = await run('ledger', 'verify');
    expect(r.err).toBe('');
    expect(r.out).toMatch(/reproduces every stored figure/);
  });

  it('settles a year and flags deviating municipalities', async () => {
    const costs = path.join(dir, 'costs.csv');
    const providers = Array.from({ length: 20 }, (_, i) => `DEMO${String(i + 1).padStart(2, '0')}`);
    const munis = ['0358', '0362', '0363', '0384', '0437', '0451'];
    fs.writeFileSync(costs, 'provider,municipality,cost_eur\n' + providers.flatMap((p) => munis.map((m) => `${p},${m},${m === '0358' ? '900000' : '100000'}`)).join('\n') + '\n');
    const early = await run('settle', '--year', '2028', '--costs', costs);
    expect(early.err).toMatch(/refused: 2028 is paid through month 1; a year is settled after all its instalments are paid/);
    for (let m = 2; m <= 12; m++) expect((await run('pay', '--month', `2028-${String(m).padStart(2, '0')}`)).code).toBe(0);
    const bad = path.join(dir, 'bad-costs.csv');
    fs.writeFileSync(bad, 'provider;municipality;cost_eur\nDEMO01;0363;1.000\nDEMO99;0363;5\nDEMO01;Amsterdam;7\n');
    const refused = await run('settle', '--year', '2028', '--costs', bad);
    expect(refused.code).not.toBe(0);
    const lines = refused.err.trim().split('\n');
    expect(lines[0]).toBe('refused: bad-costs.csv has 4 problem(s); nothing was recorded and the year was not settled');
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/^  bad-costs\.csv, column provider: no rows for provider\(s\) DEMO02, .*DEMO20; settling 2028 needs every provider's 12-month costs$/),
      expect.stringMatching(/^  bad-costs\.csv, row 2, column cost_eur: "1\.000" is ambiguous/),
      expect.stringMatching(/^  bad-costs\.csv, row 3, column provider: unknown provider "DEMO99"; the providers with a lump sum in 2028 are DEMO01, /),
      '  bad-costs.csv, row 4, column municipality: the cost of DEMO01 for Amsterdam is given twice, on rows 2 and 4; give each provider and municipality once',
    ]);
    expect((await run('settlement', '--year', '2028')).err).toMatch(/2028 is not settled yet/);
    const r = await run('settle', '--year', '2028', '--costs', costs);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/Flagged for next year's keys: .*0358/);
    const s = await run('settlement', '--year', '2028', '--format', 'csv');
    expect(s.out).toMatch(/^provider,lump_sum_cents,cost_cents,result_cents/);
    const adjustAfter = await run('adjust', '--provider', 'DEMO03', '--year', '2028', '--amount', '5', '--reason', 'x', '--upward-reason', 'autonome-groei');
    expect(adjustAfter.err).toMatch(/settled/);
  }, 240_000); // fourteen commands, each opening the embedded database: slow on a busy machine

  it('refuses a malformed option with one line saying what to do', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    const bad = await run('budget', 'show', '--year', 'twenty', '--format', 'json');
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/--year must be a year/);
  });

  it('refuses a region file with a PC4 in two areas, naming file, path and reason, and writes nothing', async () => {
    const text = fs.readFileSync('regions/amsterdam-amstelland.yaml', 'utf8');
    const pc4 = /pc4:\s*\[\s*"(\d{4})"/.exec(text) ?? /-\s*"(\d{4})"/.exec(text);
    expect(pc4).not.toBeNull();
    // Put the first PC4 of the table into the last list of postcodes as well.
    const lastPc4 = [...text.matchAll(/"(1\d{3})"/g)].at(-1)!;
    const broken = text.slice(0, lastPc4.index!) + `"${pc4![1]}"` + text.slice(lastPc4.index! + lastPc4[0].length);
    const file = path.join(dir, 'broken-region.yaml');
    fs.writeFileSync(file, broken);
    const before = process.env.JEUGDREGIE_DATA_DIR;
    process.env.JEUGDREGIE_DATA_DIR = path.join(dir, 'other');
    try {
      const r = await run('init', '--region-file', file);
      expect(r.code).not.toBe(0);
      expect(r.err).toMatch(/broken-region\.yaml, line \d+, areas\[\d+\]\.within\.pc4\[\d+\]: .*/);
      expect(fs.existsSync(path.join(dir, 'other'))).toBe(false);
    } finally {
      process.env.JEUGDREGIE_DATA_DIR = before;
    }
  });

  it.runIf(haveIjwReference)('ingests iJw messages: JSON summary, exit 2 on rejections, then the monitor', async () => {
    process.env.JEUGDREGIE_PSEUDONYM_KEY = 'cli-test-key-0123456789abcdef0123456789abcdef';
    const r = await run('ingest', IJW_EXAMPLES, '--format', 'json');
    expect(r.code).toBe(2);
    const json = JSON.parse(r.out);
    expect(Object.keys(json)).toEqual(['accepted', 'rejected', 'duplicates', 'errors']);
    expect(json).toMatchObject({ accepted: 12, rejected: 2, duplicates: 0 });
    expect(Object.keys(json.errors[0])).toEqual(['file', 'line', 'path', 'message']);
    const m = await run('monitor', '--from', '2026-01-01', '--to', '2026-12-31', '--by', 'municipality,care_form', '--format', 'csv');
    expect(m.code).toBe(0);
    expect(m.out.split('\n')[0]).toBe('municipality,care_form,unique_youth,starts,stops,in_care_end');
    expect(m.out.split('\n')[1]).toBe('0363,55,1,2,2,0');
    // the same period by name: a year, or a range of quarters
    expect((await run('monitor', '--period', '2026', '--by', 'municipality,care_form', '--format', 'csv')).out).toBe(m.out);
    expect((await run('monitor', '--period', '2026-Q1..2026-Q4', '--by', 'municipality,care_form', '--format', 'csv')).out).toBe(m.out);
    const mixed = await run('monitor', '--period', '2026', '--from', '2026-01-01', '--by', 'municipality');
    expect(mixed.code).not.toBe(0);
    expect(mixed.err).toMatch(/either --period or --from and --to, not both/);
    const badPeriod = await run('monitor', 'waiting', '--period', '2026-13');
    expect(badPeriod.code).not.toBe(0);
    expect(badPeriod.err).toMatch(/"2026-13" is not a month; write a year \(2028\), a half year \(2028-H1\), a quarter \(2028-Q1\)/);
    const none = await run('monitor', 'timeliness');
    expect(none.code).not.toBe(0);
    expect(none.err).toMatch(/give --period .* or both --from and --to/);
    const reachJson = JSON.parse((await run('monitor', '--from', '2026-01-01', '--to', '2026-12-31', '--by', 'municipality', '--format', 'json')).out);
    expect(reachJson).toEqual([{ municipality: '0363', unique_youth: 1, starts: 2, stops: 2, in_care_end: 0, stops_by_reason: { '31': 2 } }]);
    const stops = await run('monitor', 'stops', '--from', '2026-01-01', '--to', '2026-12-31', '--by', 'municipality', '--format', 'csv');
    expect(stops.out).toBe('municipality,reason,reason_label,stops,share_pct\n0363,31,Levering is volgens plan beëindigd,2,100\n');
    const suppressed = await run('monitor', 'stops', '--from', '2026-01-01', '--to', '2026-12-31', '--by', 'municipality', '--suppress-small', '--format', 'csv');
    expect(suppressed.out.split('\n')[1]).toBe('0363,31,Levering is volgens plan beëindigd,x,');
    // for others: only the published periods, one dimension at most (docs/decisions.md §36)
    const month = await run('monitor', '--period', '2026-03', '--suppress-small');
    expect(month.code).not.toBe(0);
    expect(month.err.trim().split('\n')).toHaveLength(1);
    expect(month.err).toMatch(/not a period whose figures are published/);
    const cross = await run('monitor', '--period', '2026', '--by', 'municipality,care_form', '--suppress-small');
    expect(cross.code).not.toBe(0);
    expect(cross.err).toMatch(/2 dimensions at once are not published/);
    const waitingCsv = await run('monitor', 'waiting', '--from', '2026-01-01', '--to', '2026-12-31', '--by', 'provider', '--format', 'csv');
    expect(waitingCsv.code).toBe(0);
    expect(waitingCsv.out.split('\n')[0]).toBe('provider,provider_code,provider_name,request_to_assignment_count,request_to_assignment_median,request_to_assignment_p80,request_to_assignment_max,assignment_to_start_count,assignment_to_start_median,assignment_to_start_p80,assignment_to_start_max');
    const timely = await run('monitor', 'timeliness', '--from', '2026-01-01', '--to', '2026-12-31', '--format', 'json');
    expect(timely.code).toBe(0);
    const rows = JSON.parse(timely.out) as { provider: string; municipality: string; startMessages: number; assignmentsWithoutStart: number }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.reduce((n, r) => n + r.startMessages, 0)).toBe(2);
    const badDays = await run('monitor', 'timeliness', '--from', '2026-01-01', '--to', '2026-12-31', '--start-after-days', '-3');
    expect(badDays.code).not.toBe(0);
    expect(badDays.err).toMatch(/--start-after-days must be a whole number/);
    // what came in per message type; the declarations are recorded but not part of the task-based variant
    const messages = JSON.parse((await run('monitor', 'messages', '--from', '2020-01-01', '--to', '2026-12-31', '--format', 'json')).out) as { messageType: string; messages: number; inFigures: boolean; use: string }[];
    expect(messages.reduce((n, r) => n + r.messages, 0)).toBe(12);
    const jw323 = messages.find((r) => r.messageType === 'JW323')!;
    expect(jw323).toMatchObject({ messages: 1, inFigures: false, use: expect.stringMatching(/geen onderdeel van de taakgerichte variant/) });
    expect(messages.find((r) => r.messageType === 'JW305')).toMatchObject({ inFigures: true });
    const messagesCsv = await run('monitor', 'messages', '--period', '2026', '--format', 'csv');
    expect(messagesCsv.out.split('\n')[0]).toBe('message_type,name,messages,in_figures,use');
    const rebuilt = await run('monitor', 'rebuild');
    expect(rebuilt.out).toMatch(/^Rebuilt 2 trajectories of 1 young people in [\d.]+ s\.$/m);
    expect((await run('monitor', '--from', '2026-01-01', '--to', '2026-12-31', '--by', 'municipality,care_form', '--format', 'csv')).out).toBe(m.out);
    const missing = await run('ingest', path.join(dir, 'does-not-exist'));
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/does not exist/);
  });
});

