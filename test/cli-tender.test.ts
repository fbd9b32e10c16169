// The interface contract of the tender commands [issue 16]: `tender list` and `tender rank` with their
// exact CSV headers (the demo's tender after `init --demo`), `tender plan` writing a plan that
// `allocate --plan` accepts with its ledger reference, and `tender import` refusing a file with every
// problem named by row and column, recording nothing. Run in-process against an embedded database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { main } from '../src/cli/main.ts';
import { tempDir } from './support/temp-dirs.ts';

const dir = tempDir('jeugdregie-cli-tender-');
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
  process.env.JEUGDREGIE_USER = 'cli-tender-test';
  const r = await run('init', '--region', 'amsterdam-amstelland', '--demo');
  expect(r.code).toBe(0);
}, 120_000);

afterAll(() => {
  process.env = saved;
});

describe('tender commands', () => {
  it('lists the demo tender with the header id,name,status exactly', async () => {
    const r = await run('tender', 'list', '--format', 'csv');
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toBe('id,name,status');
    expect(lines.slice(1)).toEqual(['AA-2028,Aanbesteding jeugdhulp Amsterdam-Amstelland 2028 (fictief),distributed']);
  });

  it('ranks with the header rank,bidder,status,total_score,tie_break exactly: 20 selected, the waiting room, the unranked, the tie at 20/21 drawn', async () => {
    const r = await run('tender', 'rank', '--tender', 'AA-2028', '--format', 'csv');
    expect(r.code).toBe(0);
    const [header, ...rows] = r.out.trim().split('\n');
    expect(header).toBe('rank,bidder,status,total_score,tie_break');
    const parsed = rows.map((l) => l.split(','));
    expect(parsed).toHaveLength(26);
    expect(parsed.filter((x) => x[2] === 'selected').map((x) => x[1])).toEqual(Array.from({ length: 20 }, (_, i) => `DEMO${String(i + 1).padStart(2, '0')}`));
    expect(parsed.filter((x) => x[2] === 'waiting_room').map((x) => [x[0], x[1]])).toEqual([['21', 'DEMO21'], ['22', 'DEMO22']]);
    expect(parsed.find((x) => x[1] === 'DEMO20')!.slice(3)).toEqual(['72', 'criterion tech']);
    expect(parsed.find((x) => x[1] === 'DEMO21')!.slice(3)).toEqual(['72', 'draw']);
    expect(parsed.filter((x) => x[0] === '').map((x) => [x[1], x[2]])).toEqual([['DEMO24', 'incomplete'], ['DEMO25', 'insufficient'], ['DEMO26', 'insufficient']]);
    for (const s of ['selected', 'waiting_room', 'not_selected', 'insufficient', 'incomplete']) expect(parsed.some((x) => x[2] === s)).toBe(true);
  });

  it('writes a plan that allocate --plan accepts, with its ledger reference; an edited share is refused', async () => {
    const file = path.join(dir, 'plan-2029.yaml');
    const p = await run('tender', 'plan', '--tender', 'AA-2028', '--year', '2029', '--out', file);
    expect(p.code).toBe(0);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toMatch(/source: \{ tender: 'AA-2028', ledgerEntry: \d+ \}/);
    // Edited by hand: the source no longer matches its shares.
    const edited = path.join(dir, 'plan-2029-edited.yaml');
    fs.writeFileSync(edited, text.replace("{ theme: 'A', sharePct: '24.2' }", "{ theme: 'A', sharePct: '25.2' }").replace("{ theme: 'A', sharePct: '14.5' }", "{ theme: 'A', sharePct: '13.5' }"));
    const refused = await run('allocate', '--year', '2029', '--plan', edited);
    expect(refused.code).not.toBe(0);
    expect(refused.err).toMatch(/AA-2028.*shares differ/);
    const a = await run('allocate', '--year', '2029', '--plan', file);
    expect(a.code, a.err).toBe(0);
    const explain = await run('ledger', 'explain', '--provider', 'DEMO01', '--year', '2029');
    expect(explain.out).toMatch(/selected in tender AA-2028: rank 1/);
    expect(explain.out).toMatch(/share of theme A, 24\.2%, is the tender's accepted distribution \(by capacity/);
    expect((await run('ledger', 'verify')).code).toBe(0);
  });

  it('refuses an import with mistakes as a whole, every problem with its row and column, and records nothing', async () => {
    const file = path.join(dir, 'facts-with-mistakes.csv');
    fs.writeFileSync(
      file,
      ['bidder,kind,item,assessor,value,reason', 'NEW1,bidder,Nieuwe inschrijver,,12345678,', 'NEW1,requirement,onbekend,,ja,x', 'NEW1,score,tech,,7,', 'NEW1,consensus,tech,,11,eens', 'NEW1,guess,tech,,7,'].join('\n') + '\n',
    );
    const before = (await run('ledger', 'list', '--format', 'csv')).out.trim().split('\n').length;
    const r = await run('tender', 'import', file, '--tender', 'AA-2028');
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/4 problem/);
    expect(r.err).toMatch(/row 3, column item: "onbekend" is not a suitability requirement/);
    expect(r.err).toMatch(/row 4, column assessor: /);
    expect(r.err).toMatch(/row 5, column value: a score on tech is a whole number from 0 to 10/);
    expect(r.err).toMatch(/row 6, column kind: "guess"/);
    expect((await run('ledger', 'list', '--format', 'csv')).out.trim().split('\n').length).toBe(before);
    // A clean file after the intended selection is refused by the record's order.
    const late = path.join(dir, 'facts-late.csv');
    fs.writeFileSync(late, 'bidder,kind,item,assessor,value,reason\nDEMO01,requirement,integriteit,,ja,nieuwe verklaring\n');
    const l = await run('tender', 'import', late, '--tender', 'AA-2028');
    expect(l.code).not.toBe(0);
    expect(l.err).toMatch(/intended selection is made known/);
  });

  it('imports an XLSX record into the only open tender, found without --tender', async () => {
    const def = path.join(dir, 'xlsx-tender.yaml');
    fs.writeFileSync(def, ['id: XL-1', 'name: Werkblad', 'year: 2030', "publishedOn: '2029-01-01'", 'maxSelected: 1', 'themes: [{ code: A, sharePct: "100" }]', 'assessors: [a1]', 'requirements: [{ id: r, label: Eis }]', 'criteria: [{ id: c, label: Crit, weight: 2, max: 10, sufficient: 6 }]', 'tieBreak: [draw]'].join('\n'));
    expect((await run('tender', 'define', def)).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('Inschrijvingen');
    sheet.addRow(['inschrijver', 'soort', 'onderdeel', 'beoordelaar', 'waarde', 'motivering']);
    sheet.addRow(['X1', 'inschrijver', 'Werkbladaanbieder', null, '-', null]);
    sheet.addRow(['X1', 'eis', 'r', null, 'ja', 'verklaring']);
    sheet.addRow(['X1', 'beoordeling', 'c', 'a1', 8, null]);
    sheet.addRow(['X1', 'consensus', 'c', null, 8, 'goed']);
    sheet.addRow(['X2', 'eis', 'r', null, 'nee', 'geen verklaring']);
    sheet.addRow(['X2', 'beoordeling', 'c', 'a1', 12, null]);
    sheet.addRow(['X2', 'consensus', 'c', null, 5, 'matig']);
    const file = path.join(dir, 'record.xlsx');
    await wb.xlsx.writeFile(file);
    const refused = await run('tender', 'import', file);
    expect(refused.code).not.toBe(0);
    expect(refused.err).toMatch(/record\.xlsx, sheet Inschrijvingen, row 7, column (value|waarde)/);
    sheet.getRow(7).getCell(5).value = 5;
    await wb.xlsx.writeFile(file);
    const ok = await run('tender', 'import', file);
    expect(ok.code, ok.err).toBe(0);
    // A fact the record's own rules refuse is named by its row too.
    const early = path.join(dir, 'early-consensus.csv');
    fs.writeFileSync(early, 'bidder,kind,item,assessor,value,reason\nX3,requirement,r,,ja,x\nX3,consensus,c,,7,samen\n');
    const e = await run('tender', 'import', early, '--tender', 'XL-1');
    expect(e.code).not.toBe(0);
    expect(e.err).toMatch(/early-consensus\.csv, row 3, column kind: tender XL-1: the consensus on c for X3 comes after every assessor's own score; missing: a1/);
    const rank = await run('tender', 'rank', '--tender', 'XL-1', '--format', 'csv');
    expect(rank.out.trim().split('\n').slice(1)).toEqual(['1,X1,selected,16,', ',X2,insufficient,,']);
  });

  it('writes the statement of reasons and a notice as HTML and PDF', async () => {
    const pv = path.join(dir, 'pv.html');
    expect((await run('tender', 'document', '--tender', 'AA-2028', '--kind', 'proces-verbaal', '--out', pv)).code).toBe(0);
    const html = fs.readFileSync(pv, 'utf8');
    expect(html).toContain('Proces-verbaal van selectie');
    expect(html).toContain('Voorbeeldinschrijver Hoekstee (fictief) (DEMO24): Niet gerangschikt: de inschrijving is onvolledig — geschiktheidseis &quot;Verzekeringen (aansprakelijkheid)&quot; niet beantwoord.');
    expect(html).toMatch(/loting/);
    const pdf = path.join(dir, 'n.pdf');
    expect((await run('tender', 'document', '--tender', 'AA-2028', '--kind', 'notice', '--bidder', 'DEMO21', '--out', pdf)).code).toBe(0);
    expect(fs.readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
