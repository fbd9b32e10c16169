import { describe, expect, it } from 'vitest';
import { formatWhere } from './errors.ts';
import { budgetImport, findMunicipality, type BudgetImportContext } from './budget-import.ts';
import type { AdoptedBudget } from './region.ts';
import { feedRows, type ImportResult } from './table-import.ts';

const MUNICIPALITIES = [
  { code: '0358', name: 'Aalsmeer' },
  { code: '0362', name: 'Amstelveen' },
  { code: '0363', name: 'Amsterdam' },
  { code: '0384', name: 'Diemen' },
  { code: '0437', name: 'Ouder-Amstel' },
  { code: '0451', name: 'Uithoorn' },
];
const CTX: BudgetImportContext = { municipalities: MUNICIPALITIES, storedYears: [] };

function check(header: string[], rows: string[][], ctx: BudgetImportContext = CTX): ImportResult<AdoptedBudget[]> {
  const imp = budgetImport({ file: 'budgets.csv' }, ctx);
  feedRows(imp, [header, ...rows]);
  return imp.finish();
}

/** Each problem as "row:column: message". */
function problems(result: ImportResult<unknown>): string[] {
  if (result.ok) throw new Error('expected the import to be refused');
  for (const p of result.problems) expect(p.where.file).toBe('budgets.csv');
  return result.problems.map((p) => `${p.where.row ?? '-'}:${p.where.column ?? '-'}: ${p.said.en}`);
}

const stored = (years: number[], codes = MUNICIPALITIES.map((m) => m.code)) => codes.flatMap((municipality) => years.map((year) => ({ municipality, year })));

describe('budget import: accepting', () => {
  it('accepts a file with budget lines, euros in either notation, codes and names', () => {
    const result = check(
      [' Year ', 'MUNICIPALITY', 'Line', 'amount_eur'],
      [
        ['2028', 'Amsterdam', 'HSJH', '200.000.000'],
        ['2028', '0363', 'ESJH', '15786000,00'],
        ['2028', 'amsterdam', 'Aanvullende  contracten', '7080000.5'],
        ['2028', '363', 'Individuele\r\nbetaalovereenkomsten', '€ 30.448.999,50'],
        ['2028', 'GM0358', '', '6600000'],
        ['2029', 'Ouder-Amstel', '', '2,600,000'],
        ['2028', 'ouder-amstel', '', '2600000'],
      ],
    );
    expect(result).toEqual({
      ok: true,
      value: [
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

  it('accepts whole cents and Dutch column names, and gives AJH as the line when there is no line column', () => {
    expect(check(['jaar', 'gemeente', 'bedrag_centen'], [['2030', '0384', '550000000']])).toEqual({
      ok: true,
      value: [{ year: 2030, municipality: '0384', lines: [{ line: 'AJH', amountCents: 550_000_000n }] }],
    });
  });

  it('allows a zero line when the municipal total stays positive, and ignores blank rows', () => {
    expect(check(['year', 'municipality', 'line', 'amount_eur'], [['2028', 'Diemen', 'HSJH', '5500000'], ['', '', '', ' '], ['2028', 'Diemen', 'ESJH', '0']]).ok).toBe(true);
  });
});

describe('budget import: refusing, with file, row and column', () => {
  const header = ['year', 'municipality', 'line', 'amount_eur'];

  it('refuses an unknown municipality, listing the region', () => {
    const found = problems(check(header, [['2028', 'Weesp', '', '100'], ['2028', '0999', '', '100']]));
    expect(found).toEqual([expect.stringMatching(/^2:municipality: unknown municipality "Weesp"; use a CBS code or name of this region: Aalsmeer \(0358\), /), expect.stringMatching(/^3:municipality: unknown municipality "0999"/)]);
  });

  it('refuses malformed amounts with the reason: not a number, ambiguous, fractions of a cent, empty', () => {
    expect(problems(check(header, [['2028', 'Amsterdam', 'a', 'veel'], ['2028', 'Amsterdam', 'b', '6.600'], ['2028', 'Amsterdam', 'c', '12,3456'], ['2028', 'Amsterdam', 'd', '']]))).toEqual([
      expect.stringMatching(/^2:amount_eur: "veel" is not an amount in euros/),
      expect.stringMatching(/^3:amount_eur: "6\.600" is ambiguous/),
      expect.stringMatching(/^4:amount_eur: "12,3456" has more than two decimals/),
      '5:amount_eur: the cell is empty; give an amount in euros like 1234,56',
    ]);
  });

  it('refuses cents that are not whole', () => {
    expect(problems(check(['year', 'municipality', 'Amount_Cents'], [['2028', 'Diemen', '1.5'], ['2028', 'Uithoorn', 'x']]))).toEqual([
      expect.stringMatching(/^2:Amount_Cents: "1\.5" is not a whole number of cents/),
      expect.stringMatching(/^3:Amount_Cents: "x" is not a number of cents/),
    ]);
  });

  it('accepts a negative savings-task line (decisions §11) while the municipal total stays above zero, and refuses a total of zero or less', () => {
    expect(check(header, [['2028', 'Diemen', 'HSJH', '4500000'], ['2028', 'Diemen', 'Taakstelling', '-1051000'], ['2028', 'Uithoorn', '', '1']]).ok).toBe(true);
    expect(problems(check(header, [['2028', 'Diemen', 'HSJH', '4500000'], ['2028', 'Diemen', 'Taakstelling', '-4500000'], ['2028', 'Uithoorn', '', '€ -5']]))).toEqual([
      "2:amount_eur: the total budget of Diemen for 2028 is zero or less; a municipality's yearly budget is more than zero (a savings line may be negative, the total not)",
      "4:amount_eur: the total budget of Uithoorn for 2028 is zero or less; a municipality's yearly budget is more than zero (a savings line may be negative, the total not)",
    ]);
  });

  it('refuses an amount beyond the database, and a file whose amounts add up beyond it', () => {
    expect(problems(check(header, [['2028', 'Diemen', '', '92233720368547758,08']]))).toEqual([expect.stringMatching(/^2:amount_eur: 92233720368547758,08 is larger than Jeugdregie can hold/)]);
    expect(problems(check(header, [['2028', 'Diemen', 'a', '92233720368547758'], ['2028', 'Diemen', 'b', '1']]))).toEqual([expect.stringMatching(/^3:amount_eur: by this row the amounts of this column add up to more than Jeugdregie can hold/)]);
  });

  it('refuses a non-integer or implausible year', () => {
    expect(problems(check(header, [['2028.5', 'Diemen', '', '1'], ['1999', 'Diemen', '', '1'], ['2101', 'Uithoorn', '', '1'], ['twintig', 'Aalsmeer', '', '1'], ['', 'Amstelveen', '', '1']]))).toEqual([
      '2:year: "2028.5" is not a year like 2028',
      '3:year: year 1999 is outside 2000–2100; is it a typo?',
      '4:year: year 2101 is outside 2000–2100; is it a typo?',
      '5:year: "twintig" is not a year like 2028',
      '6:year: the cell is empty; give a year like 2028',
    ]);
  });

  it('refuses a year, municipality and line given twice, however written, naming both rows', () => {
    expect(problems(check(header, [['2028', 'Amsterdam', 'HSJH', '1'], ['2028', 'Amsterdam', 'ESJH', '1'], ['2028', '0363', 'hsjh', '2'], ['2028', 'Diemen', '', '1'], ['2028', 'diemen', 'AJH', '1']]))).toEqual([
      '4:line: Amsterdam 2028 line "hsjh" is given twice, on rows 2 and 4; give each year, municipality and line once',
      '6:line: Diemen 2028 line "AJH" is given twice, on rows 5 and 6; give each year, municipality and line once',
    ]);
    // Without a line column, a municipality named twice in a year is the same key.
    expect(problems(check(['year', 'municipality', 'amount_eur'], [['2028', 'Diemen', '1'], ['2028', 'GM0384', '1']]))).toEqual([
      '3:municipality: Diemen 2028 line "AJH" is given twice, on rows 2 and 3; give each year, municipality and line once',
    ]);
  });

  it('refuses a municipal year total of zero', () => {
    expect(problems(check(header, [['2028', 'Diemen', 'HSJH', '0'], ['2028', 'Diemen', 'ESJH', '0,00'], ['2028', 'Uithoorn', '', '1']]))).toEqual([
      "2:amount_eur: the total budget of Diemen for 2028 is zero or less; a municipality's yearly budget is more than zero (a savings line may be negative, the total not)",
    ]);
  });

  it('refuses missing, unknown and doubled columns on the header row', () => {
    expect(problems(check(['municipality', 'line', 'toelichting', 'amount_eur', 'amount_cents', 'MUNICIPALITY'], [['Diemen', 'HSJH', '', '1', '100', 'Diemen']]))).toEqual([
      expect.stringMatching(/^1:toelichting: unknown column "toelichting"; the columns are year\/jaar, municipality\/gemeente, line\/regel \(optional\) and amount_eur\/bedrag_eur or amount_cents\/bedrag_centen: rename or delete it$/),
      '1:amount_cents: columns "amount_eur" and "amount_cents" both give amount; keep one of them',
      '1:MUNICIPALITY: column "MUNICIPALITY" appears twice in the header (columns 1 and 6); delete one',
      expect.stringMatching(/^1:year: required column "year" is missing/),
    ]);
  });

  it('collects every problem of the file, not just the first', () => {
    const found = problems(check(['year', 'municipality', 'line', 'amount_eur', 'extra'], [['2028', 'Weesp', '', '1', ''], ['20x8', 'Diemen', '', '-1', ''], ['2028', 'Uithoorn', '', 'abc', '']]));
    // -1 is a negative line, not a problem of its own: only the total must stay above zero (its row's year is unreadable).
    expect(found.map((p) => p.split(': ')[0])).toEqual(['1:extra', '2:municipality', '3:year', '4:amount_eur']);
  });
});

describe('budget import: the years follow each other without holes, together with the years stored', () => {
  const header = ['year', 'municipality', 'amount_eur'];

  it('refuses a year missing from the whole file once', () => {
    expect(problems(check(header, [['2028', 'Diemen', '1'], ['2031', 'Diemen', '1'], ['2031', 'Uithoorn', '1'], ['2028', 'Uithoorn', '1']]))).toEqual([
      '3:year: years 2029–2030 are missing from the file; the years of a budget follow each other without holes: add 2029–2030',
    ]);
  });

  it('refuses a hole in the years of one municipality', () => {
    expect(problems(check(header, [['2028', 'Diemen', '1'], ['2029', 'Uithoorn', '1'], ['2030', 'Diemen', '1'], ['2028', 'Uithoorn', '1']]))).toEqual([
      "4:year: Diemen has rows for 2028 and 2030 but not for 2029; a municipality's budget years follow each other without holes: add 2029",
    ]);
  });

  it('refuses a file that leaves a hole against the years already stored, after or before them', () => {
    const ctx = { municipalities: MUNICIPALITIES, storedYears: stored([2028, 2029, 2030]) };
    expect(problems(check(header, [['2032', 'Amsterdam', '1'], ['2031', 'Diemen', '1']], ctx))).toEqual([
      "2:year: Amsterdam already has adopted budgets for 2028–2030; with this file's 2032, 2031 would have no budget: add 2031 to the file",
    ]);
    expect(problems(check(header, [['2025', 'Uithoorn', '1']], ctx))).toEqual([
      "2:year: Uithoorn already has adopted budgets for 2028–2030; with this file's 2025, 2026–2027 would have no budget: add 2026–2027 to the file",
    ]);
  });

  it('accepts a file that goes on from the stored years, replaces some of them, or names a new municipality', () => {
    const ctx = { municipalities: MUNICIPALITIES, storedYears: stored([2028, 2029, 2030], ['0363', '0384']) };
    expect(check(header, [['2031', 'Amsterdam', '1'], ['2029', 'Diemen', '2'], ['2033', 'Uithoorn', '1']], ctx).ok).toBe(true);
    expect(check(header, [['2027', 'Amsterdam', '1'], ['2028', 'Amsterdam', '1'], ['2030', 'Amsterdam', '1']], ctx).ok).toBe(true);
    // Years stored between two of the file's years fill the hole the file alone would have.
    expect(check(header, [['2027', 'Diemen', '1'], ['2031', 'Diemen', '1']], ctx).ok).toBe(true);
  });

  it('places every problem on one line with file, row and column', () => {
    const result = check(header, [['2032', 'Amsterdam', '1']], { municipalities: MUNICIPALITIES, storedYears: stored([2028]) });
    if (result.ok) throw new Error('expected a refusal');
    expect(`${formatWhere(result.problems[0]!.where, 'nl')}: ${result.problems[0]!.said.nl}`).toBe(
      'budgets.csv, rij 2, kolom year: Amsterdam heeft al vastgestelde begrotingen voor 2028; met 2032 uit dit bestand zou 2029–2031 geen begroting hebben: voeg 2029–2031 toe aan het bestand',
    );
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
