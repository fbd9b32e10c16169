import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { MAX_TABLE_BYTES, MAX_TABLE_ROWS, TABLE_LIMITS, TableFileError, readTableFile, type TableLimits } from './table-file.ts';
import { isDateFormat } from './xlsx-file.ts';
import { serialDate, unescapeOoxml } from './xlsx-sheet.ts';
import { budgetImport } from '../domain/budget-import.ts';
import { regionBudget } from '../domain/budget-rules.ts';
import { formatWhere } from '../domain/errors.ts';
import type { RawCell } from '../domain/table-cells.ts';
import type { TablePlace } from '../domain/table-import.ts';

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
  dir = await mkdtemp(join(tmpdir(), 'jeugdregie-table-file-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Read {
  place: TablePlace;
  rows: [number, (RawCell | undefined)[]][];
}

async function read(path: string, limits: TableLimits = TABLE_LIMITS): Promise<Read> {
  const seen: Read = { place: { file: '' }, rows: [] };
  await readTableFile(
    path,
    (place) => {
      seen.place = place;
      return { add: (row, cells) => seen.rows.push([row, [...cells]]) };
    },
    limits,
  );
  return seen;
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof TableFileError) return e.text('en');
    throw e;
  }
  throw new Error('expected a TableFileError');
}

async function workbook(name: string, fill: (wb: ExcelJS.Workbook) => void, options?: { useSharedStrings?: boolean }): Promise<string> {
  const path = join(dir, name);
  const wb = new ExcelJS.Workbook();
  fill(wb);
  await wb.xlsx.writeFile(path, options as ExcelJS.XlsxWriteOptions);
  return path;
}

describe('readTableFile: CSV', () => {
  it('reads a Dutch Excel export: BOM, ";" separator, CRLF, quoted fields, file line numbers', async () => {
    const path = join(dir, 'begroting.csv');
    const text = '\uFEFFyear;municipality;line;amount_eur\r\n2028;Amsterdam;"HSJH; incl. ""wachtenden""";200000000,00\r\n2028;Amsterdam;"Individuele\r\nbetaalovereenkomsten";30449000\r\n;;;\r\n2028;Diemen\r\n';
    await writeFile(path, text, 'utf8');
    const { place, rows } = await read(path);
    expect(place).toEqual({ file: 'begroting.csv' });
    expect(rows).toEqual([
      [1, ['year', 'municipality', 'line', 'amount_eur']],
      [2, ['2028', 'Amsterdam', 'HSJH; incl. "wachtenden"', '200000000,00']],
      [3, ['2028', 'Amsterdam', 'Individuele\r\nbetaalovereenkomsten', '30449000']],
      [5, ['', '', '', '']],
      [6, ['2028', 'Diemen']],
    ]);
  });

  it('reads a file in chunks: a quoted field and a multi-byte character across chunk edges come out whole', async () => {
    const path = join(dir, 'long.csv');
    const long = 'ë'.repeat(100_000);
    await writeFile(path, `a,b\n"${long}\n${long}",€\n`, 'utf8');
    const { rows } = await read(path);
    expect(rows[1]).toEqual([2, [`${long}\n${long}`, '€']]);
  });

  it('refuses text that is not UTF-8 (naming the line), UTF-16, and an unclosed quote', async () => {
    const latin1 = join(dir, 'latin1.csv');
    await writeFile(latin1, Buffer.from('year;municipality;line;amount_eur\n2028;Diemen;x;1\n2028;Diemen;\x80 extra;1\n', 'latin1'));
    expect(await refusal(read(latin1))).toBe('latin1.csv, line 3: the file is not UTF-8 text (a byte on this line is not); in Excel choose "CSV UTF-8" when saving');

    const utf16 = join(dir, 'unicode.csv');
    await writeFile(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('year\tmunicipality\n', 'utf16le')]));
    expect(await refusal(read(utf16))).toMatch(/^unicode\.csv, line 1: the file is UTF-16 text/);

    const unclosed = join(dir, 'unclosed.csv');
    await writeFile(unclosed, 'year;municipality;line;amount_eur\n2028;Diemen;"HSJH;1\n2029;Diemen;x;1\n');
    expect(await refusal(read(unclosed))).toBe('unclosed.csv, line 2: a quoted field is never closed (missing ")');
  });

  it('refuses a path that names no file, on one line', async () => {
    for (const path of ['', '  ']) {
      await expect(read(path)).rejects.toThrow(/^no file was named; give the path of a \.csv or \.xlsx file$/);
    }
  });

  it('refuses other file types with a clear message', async () => {
    expect(await refusal(read(join(dir, 'begroting.xls')))).toBe('begroting.xls: cannot read ".xls" files; save the table as .xlsx or as CSV UTF-8 (.csv)');
    expect(await refusal(read(join(dir, 'begroting')))).toContain('no extension');
  });
});

describe('readTableFile: bounds', () => {
  it(`refuses a file over ${MAX_TABLE_BYTES} bytes before reading it`, async () => {
    const path = join(dir, 'big.csv');
    await writeFile(path, Buffer.alloc(MAX_TABLE_BYTES + 1, 'a'));
    let opened = false;
    const text = await refusal(readTableFile(path, () => ((opened = true), { add: () => {} })));
    expect(text).toBe('big.csv: the file is larger than 10 MB, the most an import reads; split the table over several files');
    expect(opened).toBe(false);
  });

  it(`stops reading a CSV at the row after the ${MAX_TABLE_ROWS.toLocaleString('en')}th under the header`, async () => {
    const path = join(dir, 'rows.csv');
    const at = 'a\n' + '1\n'.repeat(MAX_TABLE_ROWS);
    await writeFile(path, at);
    expect((await read(path)).rows).toHaveLength(MAX_TABLE_ROWS + 1);
    await writeFile(path, at + '1\n'.repeat(MAX_TABLE_ROWS));
    let seen = 0;
    const text = await refusal(readTableFile(path, () => ({ add: () => void seen++ })));
    expect(text).toBe(`rows.csv, line ${MAX_TABLE_ROWS + 2}: the file has more than 50,000 rows under the header; split it over several files`);
    expect(seen).toBe(MAX_TABLE_ROWS + 1);
  });

  it('stops reading a workbook at the first row beyond the bound, wherever it lies', async () => {
    const path = await workbook('far.xlsx', (wb) => {
      const s = wb.addWorksheet('Blad1');
      s.addRow(['year']);
      for (let i = 0; i < 20; i++) s.addRow([2028]);
      s.getCell('A1000').value = 'far below';
    });
    const limits = { ...TABLE_LIMITS, maxRows: 20 };
    expect((await read(path, { ...limits, maxRows: 999 })).rows).toHaveLength(22);
    expect(await refusal(read(path, limits))).toBe('far.xlsx, sheet Blad1, row 1000: the sheet has values below row 21; an import takes at most 20 rows under the header: split the table over several files');
  });

  it('refuses a workbook whose sheet unpacks beyond its bound (a zip bomb stops there)', async () => {
    const path = await workbook('packed.xlsx', (wb) => {
      const s = wb.addWorksheet('Blad1');
      for (let i = 0; i < 2000; i++) s.addRow(['x'.repeat(10), i]);
    });
    expect(await refusal(read(path, { ...TABLE_LIMITS, maxSheetBytes: 10_000 }))).toBe(
      'packed.xlsx: the workbook\'s part xl/worksheets/sheet1.xml unpacks to more than 10,000 bytes; an import takes a plain table of at most that size',
    );
  });
});

describe('readTableFile: XLSX', () => {
  it('reads the first visible worksheet: numbers as stored, text, rich text, inline strings, hyperlinks', async () => {
    const path = await workbook('begroting.xlsx', (wb) => {
      wb.addWorksheet('Verborgen', { state: 'hidden' }).addRow(['not read']);
      const sheet = wb.addWorksheet('Begroting');
      wb.addWorksheet('Toelichting').addRow(['not read']);
      sheet.addRow(['Year', 'Municipality', 'Line', 'amount_eur']);
      sheet.addRow([2028, 'Amsterdam', { richText: [{ text: 'ES' }, { text: 'JH', font: { bold: true } }] }, 1234.56]);
      sheet.addRow([2028, 363, { text: 'HSJH', hyperlink: 'https://example.org' }, 6600000.123]);
      sheet.addRow([]);
      sheet.addRow([2028, 'Uithoorn_x000D_', null, 1e21]);
    });
    const { place, rows } = await read(path);
    expect(place).toEqual({ file: 'begroting.xlsx', sheet: 'Begroting' });
    expect(rows).toEqual([
      [1, ['Year', 'Municipality', 'Line', 'amount_eur']],
      [2, [{ kind: 'number', text: '2028' }, 'Amsterdam', 'ESJH', { kind: 'number', text: '1234.56' }]],
      [3, [{ kind: 'number', text: '2028' }, { kind: 'number', text: '363' }, 'HSJH', { kind: 'number', text: '6600000.123' }]],
      [5, [{ kind: 'number', text: '2028' }, 'Uithoorn\r', undefined, { kind: 'number', text: '1e+21' }]],
    ]);
    const inline = await workbook('inline.xlsx', (wb) => wb.addWorksheet('S').addRow(['plain', { richText: [{ text: 'ri' }, { text: 'ch' }] }]), { useSharedStrings: false });
    expect((await read(inline)).rows).toEqual([[1, ['plain', 'rich']]]);
  });

  it('marks every formula as such: plain, shared, array (each cell it fills) and data table', async () => {
    const path = await workbook('formulas.xlsx', (wb) => {
      const s = wb.addWorksheet('Begroting');
      s.addRow(['year', 'municipality', 'amount_eur', 'plain', 'shared']);
      s.addRow([2028, 'Diemen', 0]);
      s.addRow([2028, 'Uithoorn', 0]);
      s.addRow([2028, 'Aalsmeer', 0]);
      // exceljs' types omit the fourth argument, the kind of formula.
      const fillArray = s.fillFormula as unknown as (this: ExcelJS.Worksheet, range: string, formula: string, results: number[], shareType: 'array') => void;
      fillArray.call(s, 'C2:C4', 'A2:A4*2', [4056, 4056, 4056], 'array');
      s.getCell('D2').value = { formula: 'C2*2', result: 1 };
      s.fillFormula('E2:E4', 'C2*2', [1, 2, 3]);
      s.getCell('F2').value = { formula: 'NA()', result: { error: '#N/A' } };
    });
    const { rows } = await read(path);
    const formula = { kind: 'formula' };
    expect(rows.slice(1).map(([, cells]) => cells.slice(2))).toEqual([
      [formula, formula, formula, formula],
      [formula, undefined, formula],
      [formula, undefined, formula],
    ]);
  });

  it('gives errors, yes/no values and dates their own kind, and end to end refuses them by cell', async () => {
    const path = await workbook('kinds.xlsx', (wb) => {
      const s = wb.addWorksheet('Begroting');
      s.addRow(['year', 'municipality', 'amount_eur']);
      s.addRow([new Date(Date.UTC(2028, 0, 1)), 'Diemen', { error: '#REF!' }]);
      s.addRow([2028, true, { formula: 'SUM(1,2)', result: 3 }]);
      s.getCell('A4').value = 2028;
      s.getCell('A4').numFmt = 'dd-mm-yyyy';
      s.getCell('B4').value = 'Aalsmeer';
      s.getCell('C4').value = 5;
    });
    const { rows } = await read(path);
    expect(rows[1]![1]).toEqual([{ kind: 'date', text: '2028-01-01' }, 'Diemen', { kind: 'error', text: '#REF!' }]);
    expect(rows[2]![1]).toEqual([{ kind: 'number', text: '2028' }, { kind: 'boolean', value: true }, { kind: 'formula' }]);
    expect(rows[3]![1][0]).toEqual({ kind: 'date', text: '1905-07-20' });

    const imp = await readTableFile(path, (place) => budgetImport(place, { municipalities: MUNICIPALITIES, storedYears: [] }));
    const result = imp.finish();
    if (result.ok) throw new Error('expected a refusal');
    expect(result.problems.map((p) => `${formatWhere(p.where, 'en')}: ${p.said.en}`)).toEqual([
      'kinds.xlsx, sheet Begroting, row 2, column year: cell A2 holds a date (2028-01-01); give a year like 2028 and format the cell as a number or text',
      'kinds.xlsx, sheet Begroting, row 2, column amount_eur: cell C2 holds the error #REF!: correct it and paste values',
      'kinds.xlsx, sheet Begroting, row 3, column municipality: cell B3 holds TRUE (a yes/no value); give a municipality of the region (CBS code or name)',
      "kinds.xlsx, sheet Begroting, row 3, column amount_eur: cell C3 holds a formula: paste values (a formula's saved result can be out of date)",
      'kinds.xlsx, sheet Begroting, row 4, column year: cell A4 holds a date (1905-07-20); give a year like 2028 and format the cell as a number or text',
    ]);
  });

  it('refuses a file that is not a workbook, and a password-protected one', async () => {
    const fake = join(dir, 'fake.xlsx');
    await writeFile(fake, 'year;municipality\n');
    expect(await refusal(read(fake))).toBe('fake.xlsx: the file is not an Excel workbook (.xlsx); save the table as .xlsx or as CSV UTF-8');
    const ole = join(dir, 'protected.xlsx');
    await writeFile(ole, Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]));
    expect(await refusal(read(ole))).toMatch(/^protected\.xlsx: the workbook is password-protected or an old Excel 97–2003 file/);
    const truncated = join(dir, 'truncated.xlsx');
    await writeFile(truncated, Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100)]));
    expect(await refusal(read(truncated))).toMatch(/^truncated\.xlsx: the workbook is damaged \(.*\); open it in Excel and save it again as \.xlsx$/);
  });
});

describe('XLSX details', () => {
  it('tells date formats from number formats', () => {
    for (const code of ['dd-mm-yyyy', 'd mmmm yyyy', '[$-413]d/m/yy', 'h:mm', 'mm:ss', '[h]:mm']) expect(isDateFormat(code), code).toBe(true);
    for (const code of ['General', '0.00', '€ #,##0.00', '#,##0 "m"', '0.00E+00', '[Red]0', '"dagen" 0', '_-€ * #,##0.00_-']) expect(isDateFormat(code), code).toBe(false);
  });

  it('turns date serials into dates in both date systems', () => {
    expect(serialDate(46753, false)).toBe('2028-01-01');
    expect(serialDate(45291, true)).toBe('2028-01-01');
    expect(serialDate(46753.5, false)).toBe('2028-01-01 12:00');
  });

  it('unescapes the _xHHHH_ escapes of spreadsheet text', () => {
    expect(unescapeOoxml('a_x000D__x000A_b_x005F_x')).toBe('a\r\nb_x');
  });
});

describe('the example budget files', () => {
  async function budgets(file: string) {
    const imp = await readTableFile(join(EXAMPLES, file), (place) => budgetImport(place, { municipalities: MUNICIPALITIES, storedYears: [] }));
    const result = imp.finish();
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    return result.value;
  }

  it('examples/budgets-2028-2030.csv holds the DOMAIN.md §3 table', async () => {
    const value = await budgets('budgets-2028-2030.csv');
    const codes = MUNICIPALITIES.map((m) => m.code);
    const totals = [2028, 2029, 2030, 2031, 2032, 2033].map((y) => regionBudget(value, { indexation: {} }, codes, y).totalCents);
    expect(totals).toEqual([29_601_500_000n, ...Array<bigint>(5).fill(29_207_000_000n)]);
  });

  it('examples/budget-lines-2028.csv splits Amsterdam into lines with the same 2028 totals', async () => {
    const value = await budgets('budget-lines-2028.csv');
    const amsterdam = value.find((b) => b.municipality === '0363')!;
    expect(amsterdam.lines.length).toBeGreaterThan(1);
    expect(amsterdam.lines.reduce((s, l) => s + l.amountCents, 0n)).toBe(25_331_500_000n);
    expect(regionBudget(value, { indexation: {} }, MUNICIPALITIES.map((m) => m.code), 2028).totalCents).toBe(29_601_500_000n);
  });
});
