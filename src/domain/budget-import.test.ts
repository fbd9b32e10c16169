import { describe, expect, it } from 'vitest';
import { findMunicipality, unnamedColumnKey, validateBudgetRows, type BudgetImportResult, type BudgetRow } from './budget-import.ts';

const MUNICIPALITIES = [
  { code: '0358', name: 'Aalsmeer' },
  { code: '0362', name: 'Amstelveen' },
  { code: '0363', name: 'Amsterdam' },
  { code: '0384', name: 'Diemen' },
  { code: '0437', name: 'Ouder-Amstel' },
  { code: '0451', name: 'Uithoorn' },
];
const CTX = { file: 'budgets.csv', municipalities: MUNICIPALITIES };

/** Rows as a reader gives them: a header line, then data lines numbered from row 2. */
function table(header: string[], ...lines: string[][]): BudgetRow[] {
  return lines.map((values, i) => ({
    row: i + 2,
    cells: Object.fromEntries(header.map((h, c) => [h, values[c] ?? ''])),
  }));
}

function problemsOf(result: BudgetImportResult): { row: number; column: string; message: string }[] {
  if (result.ok) throw new Error('expected the import to be refused');
  for (const p of result.problems) expect(p.file).toBe('budgets.csv');
  return result.problems.map(({ row, column, message }) => ({ row, column, message }));
}

describe('validateBudgetRows: accepting', () => {
  it('accepts a file with budget lines, euros with either decimal mark, codes and names', () => {
    const result = validateBudgetRows(
      table(
        [' Year ', 'MUNICIPALITY', 'Line', 'amount_eur'],
        ['2028', 'Amsterdam', 'HSJH', '200000000'],
        ['2028', '0363', 'ESJH', '15786000,00'],
        ['2028', 'amsterdam', 'Aanvullende  contracten', '7080000.5'],
        ['2028', '363', 'Individuele betaalovereenkomsten', '€ 30448999,50'],
        ['2028', 'GM0358', '', '6600000'],
        ['2029', 'Ouder-Amstel', '', '2600000'],
        ['2028', 'ouder-amstel', '', '2600000'],
      ),
      CTX,
    );
    expect(result).toEqual({
      ok: true,
      budgets: [
        { year: 2028, municipality: '0358', lines: [{ line: 'AJH', amountCents: 660_000_000n }] },
        {
          year: 2028,
          municipality: '0363',
          lines: [
            { line: 'HSJH', amountCents: 20_000_000_000n },
            { line: 'ESJH', amountCents: 1_578_600_000n },
            { line: 'Aanvullende contracten', amountCents: 708_000_050n },
            { line: 'Individuele betaalovereenkomsten', amountCents: 3_044_899_950n },
          ],
        },
        { year: 2028, municipality: '0437', lines: [{ line: 'AJH', amountCents: 260_000_000n }] },
        { year: 2029, municipality: '0437', lines: [{ line: 'AJH', amountCents: 260_000_000n }] },
      ],
    });
  });

  it('accepts whole cents in amount_cents and gives AJH as the line when there is no line column', () => {
    const result = validateBudgetRows(table(['year', 'municipality', 'amount_cents'], ['2030', '0384', '550000000']), CTX);
    expect(result).toEqual({ ok: true, budgets: [{ year: 2030, municipality: '0384', lines: [{ line: 'AJH', amountCents: 550_000_000n }] }] });
  });

  it('allows a zero line when the municipal total stays positive', () => {
    const result = validateBudgetRows(
      table(['year', 'municipality', 'line', 'amount_eur'], ['2028', 'Diemen', 'HSJH', '5500000'], ['2028', 'Diemen', 'ESJH', '0']),
      CTX,
    );
    expect(result.ok).toBe(true);
  });

  it('ignores blank rows', () => {
    const rows = table(['year', 'municipality', 'amount_eur'], ['2028', 'Diemen', '5500000'], ['', '', ' ']);
    expect(validateBudgetRows(rows, CTX).ok).toBe(true);
  });
});

describe('validateBudgetRows: refusing, with file, row and column', () => {
  const header = ['year', 'municipality', 'line', 'amount_eur'];

  it('refuses an unknown municipality', () => {
    const problems = problemsOf(validateBudgetRows(table(header, ['2028', 'Weesp', '', '100'], ['2028', '0999', '', '100']), CTX));
    expect(problems).toEqual([
      { row: 2, column: 'municipality', message: expect.stringContaining('unknown municipality "Weesp"') },
      { row: 3, column: 'municipality', message: expect.stringContaining('unknown municipality "0999"') },
    ]);
    expect(problems[0]!.message).toContain('Amsterdam (0363)');
  });

  it('refuses a non-numeric amount, thousands separators and fractions of a cent', () => {
    const problems = problemsOf(
      validateBudgetRows(
        table(header, ['2028', 'Amsterdam', 'a', 'veel'], ['2028', 'Amsterdam', 'b', '6.600.000'], ['2028', 'Amsterdam', 'c', '12,345'], ['2028', 'Amsterdam', 'd', '']),
        CTX,
      ),
    );
    expect(problems).toEqual([
      { row: 2, column: 'amount_eur', message: expect.stringContaining('is not an amount in euros') },
      { row: 3, column: 'amount_eur', message: expect.stringContaining('thousands separators') },
      { row: 4, column: 'amount_eur', message: expect.stringMatching(/thousands separators or more than two decimals/) },
      { row: 5, column: 'amount_eur', message: 'amount is empty' },
    ]);
  });

  it('refuses cents that are not whole', () => {
    const problems = problemsOf(validateBudgetRows(table(['year', 'municipality', 'Amount_Cents'], ['2028', 'Diemen', '55000000.5'], ['2028', 'Uithoorn', 'x']), CTX));
    expect(problems).toEqual([
      { row: 2, column: 'Amount_Cents', message: expect.stringContaining('not a whole number of cents') },
      { row: 3, column: 'Amount_Cents', message: expect.stringContaining('is not a number') },
    ]);
  });

  it('refuses a negative amount, also on a savings-task line', () => {
    const problems = problemsOf(
      validateBudgetRows(table(header, ['2028', 'Diemen', 'HSJH', '4500000'], ['2028', 'Diemen', 'Taakstelling', '-1051000'], ['2028', 'Uithoorn', '', '€ -5']), CTX),
    );
    expect(problems).toEqual([
      { row: 3, column: 'amount_eur', message: expect.stringContaining('negative') },
      { row: 4, column: 'amount_eur', message: expect.stringContaining('negative') },
    ]);
    expect(problemsOf(validateBudgetRows(table(['year', 'municipality', 'amount_cents'], ['2028', 'Diemen', '-1']), CTX))).toEqual([
      { row: 2, column: 'amount_cents', message: expect.stringContaining('negative') },
    ]);
  });

  it('refuses a non-integer or implausible year', () => {
    const problems = problemsOf(
      validateBudgetRows(
        table(header, ['2028.5', 'Diemen', '', '1'], ['1999', 'Diemen', '', '1'], ['2101', 'Uithoorn', '', '1'], ['twintig', 'Aalsmeer', '', '1'], ['', 'Amstelveen', '', '1']),
        CTX,
      ),
    );
    expect(problems).toEqual([
      { row: 2, column: 'year', message: expect.stringContaining('not a whole number') },
      { row: 3, column: 'year', message: expect.stringContaining('outside 2000–2100') },
      { row: 4, column: 'year', message: expect.stringContaining('outside 2000–2100') },
      { row: 5, column: 'year', message: expect.stringContaining('not a whole number') },
      { row: 6, column: 'year', message: 'year is empty' },
    ]);
  });

  it('refuses a duplicate year + municipality + line, however the municipality and line are written', () => {
    const problems = problemsOf(
      validateBudgetRows(table(header, ['2028', 'Amsterdam', 'HSJH', '1'], ['2028', 'Amsterdam', 'ESJH', '1'], ['2028', '0363', 'hsjh', '2'], ['2028', 'Diemen', '', '1'], ['2028', 'diemen', 'AJH', '1']), CTX),
    );
    expect(problems).toEqual([
      { row: 4, column: 'line', message: 'duplicate: Amsterdam 2028 line "hsjh" is already on row 2' },
      { row: 6, column: 'line', message: 'duplicate: Diemen 2028 line "AJH" is already on row 5' },
    ]);
  });

  it('refuses a hole in the years of the file', () => {
    const problems = problemsOf(
      validateBudgetRows(table(header, ['2028', 'Diemen', '', '1'], ['2031', 'Diemen', '', '1'], ['2031', 'Uithoorn', '', '1']), CTX),
    );
    expect(problems).toEqual([{ row: 3, column: 'year', message: expect.stringContaining('years 2029–2030 are missing from the file') }]);
  });

  it('refuses a hole in the years of one municipality', () => {
    const problems = problemsOf(
      validateBudgetRows(
        table(header, ['2028', 'Diemen', '', '1'], ['2029', 'Uithoorn', '', '1'], ['2030', 'Diemen', '', '1'], ['2028', 'Uithoorn', '', '1']),
        CTX,
      ),
    );
    expect(problems).toEqual([{ row: 4, column: 'year', message: expect.stringContaining('Diemen has no rows for 2029') }]);
  });

  it('refuses a municipal year total of zero', () => {
    const problems = problemsOf(
      validateBudgetRows(table(header, ['2028', 'Diemen', 'HSJH', '0'], ['2028', 'Diemen', 'ESJH', '0,00'], ['2028', 'Uithoorn', '', '1']), CTX),
    );
    expect(problems).toEqual([{ row: 2, column: 'amount_eur', message: expect.stringContaining('total budget of Diemen for 2028 is zero') }]);
  });

  it('refuses missing required columns on the header row', () => {
    const problems = problemsOf(validateBudgetRows(table(['jaar', 'gemeente', 'bedrag']), CTX));
    expect(problems).toEqual([{ row: 1, column: '', message: expect.stringContaining('no budget rows') }]);
    const missing = problemsOf(validateBudgetRows(table(['municipality', 'line'], ['Diemen', 'HSJH']), CTX));
    expect(missing).toEqual([
      { row: 1, column: 'year', message: expect.stringContaining('required column "year" is missing') },
      { row: 1, column: 'amount_cents/amount_eur', message: expect.stringContaining('amount column is missing') },
    ]);
  });

  it('refuses unknown extra columns, doubled columns, two amount columns and values without a header', () => {
    const problems = problemsOf(
      validateBudgetRows(
        table(['year', 'municipality', 'amount_eur', 'amount_cents', 'toelichting', 'YEAR ', unnamedColumnKey(7)], ['2028', 'Diemen', '5500000', '550000000', 'x', '2028', ''], ['2028', 'Uithoorn', '1', '100', '', '2028', 'oops']),
        CTX,
      ),
    );
    expect(problems).toEqual([
      { row: 1, column: 'toelichting', message: expect.stringContaining('unknown column "toelichting"') },
      { row: 1, column: 'YEAR ', message: expect.stringContaining('appears twice') },
      { row: 1, column: 'amount_eur', message: expect.stringContaining('not both') },
      { row: 3, column: '(column 7)', message: expect.stringContaining('without a header') },
    ]);
  });

  it('collects every problem of the file, not just the first', () => {
    const problems = problemsOf(
      validateBudgetRows(
        table(['year', 'municipality', 'line', 'amount_eur', 'extra'], ['2028', 'Weesp', '', '1', ''], ['20x8', 'Diemen', '', '-1', ''], ['2028', 'Uithoorn', '', 'abc', '']),
        CTX,
      ),
    );
    expect(problems.map((p) => `${p.row}:${p.column}`)).toEqual(['1:extra', '2:municipality', '3:year', '3:amount_eur', '4:amount_eur']);
  });
});

describe('findMunicipality', () => {
  it('matches CBS codes with or without leading zeros or GM prefix, and names case-insensitively', () => {
    for (const text of ['0363', '363', 'GM0363', 'gm363', 'Amsterdam', ' AMSTERDAM ']) {
      expect(findMunicipality(text, MUNICIPALITIES)?.code).toBe('0363');
    }
    for (const text of ['03630', 'Amsterdam-Amstelland', '', '0']) {
      expect(findMunicipality(text, MUNICIPALITIES)).toBeUndefined();
    }
  });
});
