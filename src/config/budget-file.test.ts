import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { BudgetFileError, numberText, readBudgetFile } from './budget-file.ts';
import { validateBudgetRows } from '../domain/budget-import.ts';
import { CsvError, detectSeparator, parseCsv } from '../domain/csv.ts';
import { regionBudget } from '../domain/budget-rules.ts';

const MUNICIPALITIES = [
  { code: '0358', name: 'Aalsmeer' },
  { code: '0362', name: 'Amstelveen' },
  { code: '0363', name: 'Amsterdam' },
  { code: '0384', name: 'Diemen' },
  { code: '0437', name: 'Ouder-Amstel' },
  { code: '0451', name: 'Uithoorn' },
];
const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jeugdregie-budget-file-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function refusal(promise: Promise<unknown>): Promise<BudgetFileError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof BudgetFileError) return e;
    throw e;
  }
  throw new Error('expected a BudgetFileError');
}

describe('parseCsv (the pure parser under readBudgetFile)', () => {
  it('follows RFC 4180 and detects the separator from the header line', () => {
    expect(parseCsv('a,b\n1,2\n')).toEqual([['a', 'b'], ['1', '2']]);
    expect(parseCsv('a;b\r1;"2,5"\r\n"";x;')).toEqual([['a', 'b'], ['1', '2,5'], ['', 'x', '']]);
    expect(parseCsv('single\n"x"')).toEqual([['single'], ['x']]);
    expect(detectSeparator('"a;b",c,d\n1;2;3;4')).toBe(',');
    expect(detectSeparator('year;municipality;amount_eur')).toBe(';');
    expect(parseCsv('')).toEqual([]);
  });

  it('refuses text after a closing quote, with the line number', () => {
    expect(() => parseCsv('a;b\n"x"y;z')).toThrow(CsvError);
    expect(() => parseCsv('a;b\n"x"y;z')).toThrow(/line 2/);
  });
});

describe('readBudgetFile: CSV', () => {
  it('reads a Dutch Excel export: BOM, ";" separator, CRLF, quoted fields, file line numbers', async () => {
    const path = join(dir, 'begroting.csv');
    const text =
      '\uFEFFyear;municipality;line;amount_eur\r\n' +
      '2028;Amsterdam;"HSJH; incl. ""wachtenden""";200000000,00\r\n' +
      '2028;Amsterdam;"Individuele\r\nbetaalovereenkomsten";30449000\r\n' +
      ';;;\r\n' +
      '2028;0384;;5500000\r\n' +
      '2028;Diemen\r\n';
    await writeFile(path, text, 'utf8');
    expect(await readBudgetFile(path)).toEqual([
      { row: 2, cells: { year: '2028', municipality: 'Amsterdam', line: 'HSJH; incl. "wachtenden"', amount_eur: '200000000,00' } },
      { row: 3, cells: { year: '2028', municipality: 'Amsterdam', line: 'Individuele\r\nbetaalovereenkomsten', amount_eur: '30449000' } },
      // Row 4 of the file was the second line of the quoted field, row 5 was blank.
      { row: 6, cells: { year: '2028', municipality: '0384', line: '', amount_eur: '5500000' } },
      { row: 7, cells: { year: '2028', municipality: 'Diemen', line: '', amount_eur: '' } },
    ]);
  });

  it('reads a comma-separated file without BOM, and names a header-less column that holds values', async () => {
    const path = join(dir, 'comma.CSV');
    await writeFile(path, 'year,municipality,amount_cents\n2029,0358,660000000,oops\n2030,0358,660000000\n', 'utf8');
    expect(await readBudgetFile(path)).toEqual([
      { row: 2, cells: { year: '2029', municipality: '0358', amount_cents: '660000000', '(column 4)': 'oops' } },
      { row: 3, cells: { year: '2030', municipality: '0358', amount_cents: '660000000', '(column 4)': '' } },
    ]);
  });

  it('refuses text that is not UTF-8, an unclosed quote and a doubled header', async () => {
    const latin1 = join(dir, 'latin1.csv');
    await writeFile(latin1, Buffer.from('year;municipality;line;amount_eur\n2028;Diemen;\x80 extra;1\n', 'latin1'));
    expect((await refusal(readBudgetFile(latin1))).message).toContain('UTF-8');

    const unclosed = join(dir, 'unclosed.csv');
    await writeFile(unclosed, 'year;municipality;line;amount_eur\n2028;Diemen;"HSJH;1\n2029;Diemen;x;1\n');
    const e = await refusal(readBudgetFile(unclosed));
    expect(e.row).toBe(2);
    expect(e.message).toContain('never closed');

    const doubled = join(dir, 'doubled.csv');
    await writeFile(doubled, 'year;municipality;year;amount_eur\n2028;Diemen;2028;1\n');
    expect((await refusal(readBudgetFile(doubled))).message).toContain('appears twice');
  });

  it('refuses other file types with a clear message', async () => {
    const e = await refusal(readBudgetFile(join(dir, 'begroting.xls')));
    expect(e.message).toBe('begroting.xls: cannot read ".xls" files; save the budget table as .csv (UTF-8) or .xlsx');
    expect((await refusal(readBudgetFile(join(dir, 'begroting')))).message).toContain('no extension');
  });
});

describe('readBudgetFile: XLSX', () => {
  it('reads the first worksheet with numbers as exact text and formula results', async () => {
    const path = join(dir, 'begroting.xlsx');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Begroting');
    workbook.addWorksheet('Toelichting').addRow(['not read']);
    sheet.addRow(['Year', 'Municipality', 'Line', 'amount_eur']);
    sheet.addRow([2028, 'Amsterdam', 'HSJH', 6600000]);
    sheet.addRow([2028, 363, { richText: [{ text: 'ES' }, { text: 'JH' }] }, 1234.56]);
    sheet.addRow([2028, 'Diemen', null, { formula: 'D2/2', result: 3300000 }]);
    sheet.addRow([]);
    sheet.addRow([2028, 'Uithoorn', 'x', 6600000.123]);
    await workbook.xlsx.writeFile(path);

    const rows = await readBudgetFile(path);
    expect(rows).toEqual([
      { row: 2, cells: { Year: '2028', Municipality: 'Amsterdam', Line: 'HSJH', amount_eur: '6600000' } },
      { row: 3, cells: { Year: '2028', Municipality: '363', Line: 'ESJH', amount_eur: '1234.56' } },
      { row: 4, cells: { Year: '2028', Municipality: 'Diemen', Line: '', amount_eur: '3300000' } },
      { row: 6, cells: { Year: '2028', Municipality: 'Uithoorn', Line: 'x', amount_eur: '6600000.123' } },
    ]);
    // Fractions of a cent reach the validator unrounded and are refused there.
    const result = validateBudgetRows(rows, { file: 'begroting.xlsx', municipalities: MUNICIPALITIES });
    expect(result).toEqual({
      ok: false,
      problems: [{ file: 'begroting.xlsx', row: 6, column: 'amount_eur', message: expect.stringContaining('6600000.123') }],
    });
  });

  it('refuses a workbook whose header is not in row 1, and a file that is not a workbook', async () => {
    const path = join(dir, 'late-header.xlsx');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Begroting');
    sheet.getRow(3).values = ['year', 'municipality', 'amount_eur'];
    await workbook.xlsx.writeFile(path);
    expect((await refusal(readBudgetFile(path))).message).toContain('header in row 1');

    const fake = join(dir, 'fake.xlsx');
    await writeFile(fake, 'year;municipality\n');
    expect((await refusal(readBudgetFile(fake))).message).toContain('cannot open as an Excel workbook');
  });

  it('writes numbers without exponent and without rounding', () => {
    expect(numberText(6600000)).toBe('6600000');
    expect(numberText(1e21)).toBe('1000000000000000000000');
    expect(numberText(1234.5)).toBe('1234.5');
    expect(numberText(1.5e-7)).toBe('0.00000015');
    expect(numberText(-2.5e-7)).toBe('-0.00000025');
  });
});

describe('the example budget files', () => {
  const ctx = (file: string) => ({ file, municipalities: MUNICIPALITIES });

  it('examples/budgets-2028-2030.csv holds the DOMAIN.md §3 table', async () => {
    const result = validateBudgetRows(await readBudgetFile(join(EXAMPLES, 'budgets-2028-2030.csv')), ctx('budgets-2028-2030.csv'));
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const codes = MUNICIPALITIES.map((m) => m.code);
    const totals = [2028, 2029, 2030, 2031, 2032, 2033].map((y) => regionBudget(result.budgets, { indexation: {} }, codes, y).totalCents);
    expect(totals).toEqual([29_601_500_000n, ...Array<bigint>(5).fill(29_207_000_000n)]);
  });

  it('examples/budget-lines-2028.csv splits Amsterdam into lines with the same 2028 totals', async () => {
    const result = validateBudgetRows(await readBudgetFile(join(EXAMPLES, 'budget-lines-2028.csv')), ctx('budget-lines-2028.csv'));
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const amsterdam = result.budgets.find((b) => b.municipality === '0363')!;
    expect(amsterdam.lines.length).toBeGreaterThan(1);
    expect(amsterdam.lines.reduce((s, l) => s + l.amountCents, 0n)).toBe(25_331_500_000n);
    const total = regionBudget(result.budgets, { indexation: {} }, MUNICIPALITIES.map((m) => m.code), 2028).totalCents;
    expect(total).toBe(29_601_500_000n);
  });
});
