import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatWhere } from './errors.ts';
import { MAX_CENTS } from './money.ts';
import { codeCell, columnLetters, eurosCell, textCell, yearCell, type RawCell } from './table-cells.ts';
import { MAX_PROBLEMS_SHOWN, TableCheck, feedRows, form, oneOf, optional, required, tableRefusal, type ImportResult, type TablePlace, type TableSpec } from './table-import.ts';
import { centsCell } from './table-cells.ts';

// A table like the providers' financial reports to come: a new import is a spec like this one.
interface ReportValues {
  readonly provider: string;
  readonly careForm: string;
  readonly year: number;
  readonly note: string;
  readonly amount: bigint;
}

const CARE_FORMS = ['32', '33', '34', '35', '36', '37', '38'];
const SPEC: TableSpec<ReportValues> = {
  columns: {
    provider: required(['provider', 'aanbieder'], textCell({ expected: { en: 'a provider code', nl: 'een aanbiederscode' } })),
    careForm: required(['care_form', 'zorgvorm'], codeCell({ expected: { en: 'a care form 32–38', nl: 'een zorgvorm 32–38' }, find: (t) => CARE_FORMS.find((c) => c === t), unknown: (t) => ({ en: `unknown care form "${t}"`, nl: `onbekende zorgvorm "${t}"` }) })),
    year: required('year', yearCell(2000, 2100)),
    note: optional('note', textCell({ expected: { en: 'a note', nl: 'een toelichting' }, ifEmpty: '' }), ''),
    amount: oneOf(form(['cost_eur', 'kosten_eur'], eurosCell({ nonNegative: { en: 'costs are zero or more', nl: 'kosten zijn nul of meer' } })), form('cost_cents', centsCell())),
  },
  unique: [
    {
      columns: ['provider', 'careForm', 'year'],
      key: (v) => `${v.provider}|${v.careForm}|${v.year}`,
      describe: (v) => ({ en: `${v.provider} care form ${v.careForm} in ${v.year}`, nl: `${v.provider} zorgvorm ${v.careForm} in ${v.year}` }),
      advice: { en: 'give each once', nl: 'geef elk één keer' },
    },
  ],
};

const CSV: TablePlace = { file: 'report.csv' };
const XLSX: TablePlace = { file: 'report.xlsx', sheet: 'Rapportage' };

function run(rows: readonly (readonly (RawCell | undefined)[])[], place: TablePlace = CSV): ImportResult<readonly ReportValues[]> {
  const check = new TableCheck(SPEC, place);
  feedRows(check, rows);
  check.end();
  return check.result((values) => values);
}

/** Each problem as the one line a person reads. */
function lines(result: ImportResult<unknown>): string[] {
  if (result.ok) throw new Error('expected problems');
  return result.problems.map((p) => `${formatWhere(p.where, 'en')}: ${p.said.en}`);
}

const HEADER = ['provider', 'care_form', 'year', 'cost_eur'];

describe('TableCheck: header', () => {
  it('matches names and aliases without case, with spaces or hyphens for "_", in any order; optional columns take their value', () => {
    const result = run([
      ['  YEAR ', 'ZORGVORM', 'Aanbieder', 'Kosten-EUR'],
      ['2028', '32', 'DEMO01', '1.234,56'],
    ]);
    expect(result).toEqual({ ok: true, value: [{ year: 2028, careForm: '32', provider: 'DEMO01', amount: 123456n, note: '' }] });
  });

  it('refuses unknown, doubled and missing columns, and two forms of one column, naming each', () => {
    expect(lines(run([['provider', 'toelichting', 'Provider', 'cost_eur', 'cost_cents'], ['x', '', 'y', '1', '1']]))).toEqual([
      'report.csv, row 1, column toelichting: unknown column "toelichting"; the columns are provider/aanbieder, care_form/zorgvorm, year, note (optional) and cost_eur/kosten_eur or cost_cents: rename or delete it',
      'report.csv, row 1, column Provider: column "Provider" appears twice in the header (columns 1 and 3); delete one',
      'report.csv, row 1, column cost_cents: columns "cost_eur" and "cost_cents" both give amount; keep one of them',
      'report.csv, row 1, column care_form: required column "care_form" is missing; the columns are provider/aanbieder, care_form/zorgvorm, year, note (optional) and cost_eur/kosten_eur or cost_cents',
      'report.csv, row 1, column year: required column "year" is missing; the columns are provider/aanbieder, care_form/zorgvorm, year, note (optional) and cost_eur/kosten_eur or cost_cents',
    ]);
  });

  it('says what a missing "one of" column could be', () => {
    expect(lines(run([['provider', 'care_form', 'year'], ['x', '32', '2028']]))).toEqual([expect.stringMatching(/^report\.csv, row 1, column cost_eur: required column "cost_eur" or "cost_cents" is missing/)]);
  });

  it('takes the first row that is not blank as the header, and refuses a file without rows or without anything', () => {
    expect(run([[], ['', ' '], HEADER, ['DEMO01', '32', '2028', '5']]).ok).toBe(true);
    expect(lines(run([HEADER]))).toEqual(['report.csv, row 1: the file has a header but no rows under it; add the rows to import']);
    expect(lines(run([[''], []]))).toEqual([expect.stringMatching(/^report\.csv: the file holds no table; expected a header row with provider\/aanbieder, /)]);
  });

  it('refuses a formula in the header, by its cell', () => {
    expect(lines(run([['provider', { kind: 'formula' }, 'year', 'cost_eur', 'care_form'], ['x', '', '2028', '1', '32']], XLSX))).toEqual([
      'report.xlsx, sheet Rapportage, row 1, column B: cell B1 holds a formula or an error, not a column name: type the name',
    ]);
  });
});

describe('TableCheck: cells', () => {
  it('reports every problem of every row, in row and column order, not only the first', () => {
    const result = run([HEADER, ['DEMO01', '39', '20x8', 'abc'], ['DEMO02', '32', '2028', '12.345'], ['', '33', '1999', '-5']]);
    expect(lines(result)).toEqual([
      'report.csv, row 2, column care_form: unknown care form "39"',
      'report.csv, row 2, column year: "20x8" is not a year like 2028',
      expect.stringMatching(/^report\.csv, row 2, column cost_eur: "abc" is not an amount in euros; write it like 1234,56/),
      expect.stringMatching(/^report\.csv, row 3, column cost_eur: "12\.345" is ambiguous: 12345 euros if "\." separates thousands, or 12\.345 euros \(fractions of a cent\) if it is a decimal mark; write 12345 or 12345,00$/),
      'report.csv, row 4, column provider: the cell is empty; give a provider code',
      'report.csv, row 4, column year: year 1999 is outside 2000–2100; is it a typo?',
      'report.csv, row 4, column cost_eur: -5 is negative; costs are zero or more',
    ]);
  });

  it('refuses formulas, errors, yes/no values and dates in spreadsheets, naming the cell', () => {
    const result = run(
      [
        HEADER,
        ['DEMO01', '32', '2028', { kind: 'formula' }],
        ['DEMO02', '32', { kind: 'date', text: '1905-07-20' }, { kind: 'error', text: '#REF!' }],
        ['DEMO03', '32', '2028', { kind: 'boolean', value: true }],
      ],
      XLSX,
    );
    expect(lines(result)).toEqual([
      "report.xlsx, sheet Rapportage, row 2, column cost_eur: cell D2 holds a formula: paste values (a formula's saved result can be out of date)",
      'report.xlsx, sheet Rapportage, row 3, column year: cell C3 holds a date (1905-07-20); give a year like 2028 and format the cell as a number or text',
      'report.xlsx, sheet Rapportage, row 3, column cost_eur: cell D3 holds the error #REF!: correct it and paste values',
      'report.xlsx, sheet Rapportage, row 4, column cost_eur: cell D4 holds TRUE (a yes/no value); give an amount in euros like 1234,56',
    ]);
    if (!result.ok) expect(result.problems[0]!.said.nl).toBe('cel D2 bevat een formule: plak de waarden (de bewaarde uitkomst van een formule kan verouderd zijn)');
  });

  it('reads spreadsheet numbers exactly: 12.345 as a number is a fraction of a cent, not twelve thousand', () => {
    const result = run([HEADER, ['DEMO01', { kind: 'number', text: '32' }, { kind: 'number', text: '2028' }, { kind: 'number', text: '12.345' }], ['DEMO02', '32', '2028', { kind: 'number', text: '1234.5' }]], XLSX);
    expect(lines(result)).toEqual(['report.xlsx, sheet Rapportage, row 2, column cost_eur: 12.345 has more than two decimals (fractions of a cent); round it to whole cents']);
  });

  it('refuses a value in a column without a header once, at the first row that has one', () => {
    expect(lines(run([HEADER, ['DEMO01', '32', '2028', '1', '', 'x'], ['DEMO02', '32', '2028', '1', '', 'y']]))).toEqual([
      'report.csv, row 2, column 6: column 6 has no header but holds a value from this row on; add a header or delete the column',
    ]);
    expect(lines(run([HEADER, ['DEMO01', '32', '2028', '1', '', 'x']], XLSX))).toEqual([expect.stringMatching(/^report\.xlsx, sheet Rapportage, row 2, column F: column F has no header/)]);
  });

  it('refuses text with a control character, which the database cannot hold', () => {
    expect(lines(run([HEADER, ['DEMO\u000001', '32', '2028', '1']]))).toEqual([expect.stringMatching(/column provider: holds a control character/)]);
  });
});

describe('TableCheck: keys and sums', () => {
  it('refuses a key given twice, naming both rows', () => {
    expect(lines(run([HEADER, ['DEMO01', '32', '2028', '1'], ['DEMO02', '32', '2028', '1'], ['DEMO01', '32', '2028', '2']]))).toEqual([
      'report.csv, row 4, column year: DEMO01 care form 32 in 2028 is given twice, on rows 2 and 4; give each once',
    ]);
  });

  it('checks keys on rows whose other cells have problems too', () => {
    expect(lines(run([HEADER, ['DEMO01', '32', '2028', 'x'], ['DEMO01', '32', '2028', 'y']]))).toHaveLength(3);
  });

  it('refuses amounts whose sum over the file is more than the database holds, at the row where it is', () => {
    const max = (MAX_CENTS / 100n).toString();
    const result = run([['provider', 'care_form', 'year', 'cost_eur'], ['A', '32', '2028', max], ['B', '32', '2028', max], ['C', '32', '2028', '1']]);
    expect(lines(result)).toEqual([
      'report.csv, row 3, column cost_eur: by this row the amounts of this column add up to more than Jeugdregie can hold (92.233.720.368.547.758,07 euro); check the amounts',
    ]);
  });
});

describe('TableCheck: all or nothing', () => {
  it('gives the rows only when no cell, key or rule has a problem', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('DEMO01', 'DEMO02', ''), fc.constantFrom('32', '39'), fc.constantFrom('2028', '2029'), fc.constantFrom('1', '12.345', '1,50')), { maxLength: 6 }), (rows) => {
        const result = run([HEADER, ...rows]);
        const keys = rows.map((r) => `${r[0]}|${r[1]}|${r[2]}`);
        const clean = rows.length > 0 && rows.every((r) => r[0] !== '' && r[1] === '32' && r[3] !== '12.345') && new Set(keys).size === keys.length;
        expect(result.ok).toBe(clean);
        if (result.ok) expect(result.value).toHaveLength(rows.length);
      }),
    );
  });

  it(`keeps the first ${MAX_PROBLEMS_SHOWN} problems to show and counts the rest, and the refusal says so`, () => {
    const rows = Array.from({ length: MAX_PROBLEMS_SHOWN + 10 }, (_, i) => [`P${i}`, '32', '2028', 'x']);
    const result = run([HEADER, ...rows]);
    if (result.ok) throw new Error('expected problems');
    expect(result.count).toBe(MAX_PROBLEMS_SHOWN + 10);
    expect(result.problems).toHaveLength(MAX_PROBLEMS_SHOWN);
    const refusal = tableRefusal(CSV, result.problems, result.count, 'imported');
    expect(refusal.text('en')).toBe(`report.csv has ${MAX_PROBLEMS_SHOWN + 10} problem(s); nothing was imported`);
    expect(refusal.problems.at(-1)!.text('en')).toBe('report.csv: … and 10 more problem(s) not shown; correct these first');
    expect(refusal.problems[0]!.text('nl')).toMatch(/^report\.csv, rij 2, kolom cost_eur: "x" is geen bedrag in euro/);
  });
});

describe('columnLetters', () => {
  it('names columns as spreadsheets do', () => {
    expect([1, 3, 26, 27, 52, 703, 16384].map(columnLetters)).toEqual(['A', 'C', 'Z', 'AA', 'AZ', 'AAA', 'XFD']);
  });
});
