// The interface contract of the report commands [issue 14]: `reports submit` exit codes and JSON
// problems, the `utilisation` and `keys propose` CSV headers, the template, and `keys set
// --from-proposal`. Run in-process against an embedded database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { main } from '../src/cli/main.ts';
import { tempDir } from './support/temp-dirs.ts';

const dir = tempDir('jeugdregie-cli-reports-');
const examples = path.join(import.meta.dirname, '..', 'examples');

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

let saved: NodeJS.ProcessEnv;
beforeAll(async () => {
  saved = { ...process.env };
  process.env.JEUGDREGIE_DATA_DIR = path.join(dir, 'data');
  delete process.env.DATABASE_URL;
  process.env.JEUGDREGIE_USER = 'cli-reports-test';
  const r = await run('init', '--region', 'amsterdam-amstelland', '--demo');
  expect(r.code).toBe(0);
}, 120_000);

afterAll(() => {
  process.env = saved;
});

describe('report commands', () => {
  it('refuses the example file with mistakes: exit 2, every problem as JSON with row and column, nothing recorded', async () => {
    const before = (await run('ledger', 'list', '--format', 'json')).out;
    const r = await run('reports', 'submit', path.join(examples, 'report-DEMO01-2028-M8-with-mistakes.csv'), '--as-of', '2028-10-01', '--format', 'json');
    expect(r.code).toBe(2);
    const json = JSON.parse(r.out) as { problems: { sheet: string | null; row: number | null; column: string | null; message: string }[] };
    expect(json.problems.map((p) => `${p.row}:${p.column}`)).toEqual(['3:cost_eur', '4:forecast_year_eur', '5:care_form', '6:cost_eur', '7:period', '8:care_form', '10:area', '11:cost_eur', '11:fte']);
    for (const p of json.problems) expect(Object.keys(p)).toEqual(['sheet', 'row', 'column', 'message']);
    expect(json.problems[1]!.message).toContain('prognose');
    expect((await run('ledger', 'list', '--format', 'json')).out).toBe(before);
    // Without --format json: the same problems on stderr, one per line.
    const text = await run('reports', 'submit', path.join(examples, 'report-DEMO01-2028-M8-with-mistakes.csv'), '--as-of', '2028-10-01');
    expect(text.code).toBe(2);
    expect(text.err.trim().split('\n')).toHaveLength(10);
  });

  it('accepts the example report (exit 0), marks a later delivery late and replacing, and lists both', async () => {
    const ok = await run('reports', 'submit', path.join(examples, 'report-DEMO01-2028-M8.csv'), '--as-of', '2028-10-10', '--format', 'json');
    expect(ok.code).toBe(0);
    const first = JSON.parse(ok.out);
    expect(first).toMatchObject({ provider: 'DEMO01', period: 'M8', late: false, costCents: '1986688252' });
    const late = await run('reports', 'submit', path.join(examples, 'report-DEMO01-2028-M8.csv'), '--as-of', '2028-10-16', '--format', 'json');
    expect(JSON.parse(late.out)).toMatchObject({ late: true, replaces: first.seq });
    const list = await run('reports', 'list', '--year', '2028', '--format', 'csv');
    expect(list.out.split('\n')[0]).toBe('provider,period,seq,submitted_on,deadline,late,in_force,cost_cents,forecast_cents,source');
    expect(list.out.trim().split('\n')).toHaveLength(3);
  });

  it('refuses a missing file with exit 2 too', async () => {
    const r = await run('reports', 'submit', path.join(dir, 'nope.csv'), '--format', 'json');
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out).problems[0].message).toContain('nope.csv');
  });

  it('prints utilisation with the contracted header, one decimal, and the signals', async () => {
    const r = await run('utilisation', '--year', '2028', '--period', 'M8', '--as-of', '2028-10-20', '--format', 'csv');
    expect(r.code).toBe(0);
    const [header, ...rows] = r.out.trim().split('\n');
    expect(header).toBe('provider,lump_sum_cents,cost_cents,provider_forecast_cents,linear_forecast_cents,utilisation_pct,signals');
    const demo01 = rows.find((l) => l.startsWith('DEMO01,'))!.split(',');
    expect(demo01[2]).toBe('1986688252');
    expect(demo01[4]).toBe('2980032378'); // 1986688252 × 12 ÷ 8
    expect(demo01[5]).toMatch(/^\d+\.\d$/);
    expect(demo01[6]!.split(';')).toContain('late_report');
    expect(rows.find((l) => l.startsWith('DEMO02,'))!.endsWith(',missing_report')).toBe(true);
  });

  it('proposes keys with the contracted header, cents adding up to the budget, recording nothing; keys set --from-proposal records it', async () => {
    const r = await run('keys', 'propose', '--year', '2029', '--method', 'reach-cost=0,budget=100', '--format', 'csv');
    expect(r.code).toBe(0);
    const [header, ...rows] = r.out.trim().split('\n');
    expect(header).toBe('municipality,current_share_pct,proposed_share_pct,current_cents,proposed_cents,difference_cents');
    expect(rows.reduce((t, l) => t + BigInt(l.split(',')[4]!), 0n)).toBe(29_207_000_000n);
    expect(rows.reduce((t, l) => t + BigInt(l.split(',')[3]!), 0n)).toBe(29_207_000_000n);
    const bad = await run('keys', 'propose', '--year', '2029', '--method', 'inwoners');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('not a key method');
    const set = await run('keys', 'set', '--year', '2029', '--from-proposal', 'budget', '--format', 'json');
    expect(set.code).toBe(0);
    const explain = await run('ledger', 'list', '--format', 'json');
    expect(explain.out).toContain('"method": "budget"');
  });

  it('writes the XLSX template: the report sheet first, pre-filled, then the instructions', async () => {
    const out = path.join(dir, 'template.xlsx');
    const r = await run('reports', 'template', '--provider', 'DEMO01', '--year', '2028', '--period', 'M4', '--out', out);
    expect(r.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Rapportage', 'Toelichting']);
    const sheet = wb.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'provider', 'year', 'period', 'care_form', 'cost_eur', 'forecast_year_eur', 'young_people', 'explanation', 'area', 'fte']);
    expect(sheet.rowCount).toBe(1 + 7 + 8);
    expect(fs.existsSync(out)).toBe(true);
  });
});
