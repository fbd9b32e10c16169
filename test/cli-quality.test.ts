// The interface contract of the CBS delivery, coverage and outcome commands [issue 15]: `bij submit`
// exit codes and its JSON, the template, and the exact CSV headers of `coverage` and `outcomes`.
// Run in-process against an embedded database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { main } from '../src/cli/main.ts';
import { tempDir } from './support/temp-dirs.ts';

const dir = tempDir('jeugdregie-cli-quality-');
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
  process.env.JEUGDREGIE_USER = 'cli-quality-test';
  process.env.JEUGDREGIE_PSEUDONYM_KEY = 'q'.repeat(40);
  const r = await run('init', '--region', 'amsterdam-amstelland', '--demo');
  expect(r.code).toBe(0);
}, 120_000);

afterAll(() => {
  process.env = saved;
});

describe('CBS delivery commands', () => {
  it('refuses the example with mistakes: exit 2, accepted/merged/rejected and every problem with row and column', async () => {
    const r = await run('bij', 'submit', path.join(examples, 'bij-DEMO01-2028-H1-with-mistakes.csv'), '--provider', 'DEMO01', '--period', '2028-H1', '--as-of', '2028-07-10', '--format', 'json');
    expect(r.code).toBe(2);
    const json = JSON.parse(r.out) as { accepted: number; merged: number; rejected: number; problems: { sheet: string | null; row: number | null; column: string | null; message: string }[] };
    expect(Object.keys(json)).toEqual(['accepted', 'merged', 'rejected', 'problems']);
    expect(json).toMatchObject({ accepted: 0, merged: 0, rejected: 9 });
    expect(json.problems.map((p) => `${p.row}:${p.column}`)).toEqual(['3:bsn', '4:gender', '5:referrer', '6:care_form', '7:start_date', '8:end_reason', '9:satisfaction', '10:postcode']);
    for (const p of json.problems) expect(Object.keys(p)).toEqual(['sheet', 'row', 'column', 'message']);
    expect(json.problems[0]!.message).toContain('elfproef');
    const text = await run('bij', 'submit', path.join(examples, 'bij-DEMO01-2028-H1-with-mistakes.csv'), '--provider', 'DEMO01', '--period', '2028-H1', '--as-of', '2028-07-10');
    expect(text.code).toBe(2);
    expect(text.err.trim().split('\n')).toHaveLength(9);
    expect((await run('bij', 'list', '--format', 'csv')).out.trim().split('\n')).toHaveLength(1);
  });

  it('accepts the clean example (exit 0) by an AGB code, merging the record given twice', async () => {
    const r = await run('bij', 'submit', path.join(examples, 'bij-DEMO01-2028-H1.csv'), '--provider', '99000001', '--period', '2028-H1', '--as-of', '2028-07-10', '--format', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ accepted: 6, merged: 1, rejected: 0, problems: [], provider: 'DEMO01', late: false });
    const list = await run('bij', 'list', '--format', 'csv');
    expect(list.out.split('\n')[0]).toBe('provider,period,delivered_on,records,merged,replaced,late,source');
    const mirror = await run('bij', 'mirror', '--provider', 'DEMO01', '--period', '2028-H1', '--format', 'csv');
    expect(mirror.out.split('\n')[0]).toBe('municipality,care_form,records,young_people,started,ended');
  });

  it('refuses an open period, an unknown provider and a wrong period, each on one line', async () => {
    const file = path.join(examples, 'bij-DEMO01-2028-H1.csv');
    const open = await run('bij', 'submit', file, '--provider', 'DEMO01', '--period', '2028-H2', '--as-of', '2028-07-10');
    expect(open.code).toBe(2);
    expect(open.err).toContain('2028-12-31');
    expect((await run('bij', 'submit', file, '--provider', 'NOPE', '--period', '2028-H1', '--as-of', '2028-07-10')).err).toContain('NOPE');
    expect((await run('bij', 'submit', file, '--provider', 'DEMO01', '--period', '2028-Q1')).err).toContain('2028-Q1');
  });

  it('prints coverage and outcomes with the contracted headers', async () => {
    const c = await run('coverage', '--period', '2028-H1', '--by', 'provider', '--format', 'csv');
    expect(c.code).toBe(0);
    const [header, ...rows] = c.out.trim().split('\n');
    expect(header).toBe('provider,both,only_bij,only_ijw,ijw_confirmed_pct,bij_confirmed_pct');
    // Without traffic every delivered young person is "only in the CBS delivery".
    expect(rows).toEqual(['DEMO01,0,6,0,,0.0']);
    const o = await run('outcomes', '--period', '2028', '--by', 'provider', '--format', 'csv');
    expect(o.code).toBe(0);
    const [oh, ...orows] = o.out.trim().split('\n');
    expect(oh).toBe('provider,ended,dropout,dropout_pct,no_new_start_eligible,no_new_start,no_new_start_pct');
    expect(orows).toEqual(['DEMO01,2,1,50.0,,,']);
    expect((await run('outcomes', '--period', '2028', '--by', 'gender')).code).not.toBe(0);
  });

  it('writes the template as CSV with the contract columns and as XLSX with Dutch labels', async () => {
    const csv = path.join(dir, 't.csv');
    expect((await run('bij', 'template', '--out', csv)).code).toBe(0);
    expect(fs.readFileSync(csv, 'utf8').trim()).toBe('bsn,birth_date,gender,postcode,referrer,care_form,crisis,start_date,end_date,end_reason,satisfaction,without_help,informant');
    const xlsx = path.join(dir, 't.xlsx');
    expect((await run('bij', 'template', '--out', xlsx)).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    expect(wb.worksheets[0]!.getRow(1).getCell(2).value).toBe('geboortedatum');
  });
});
