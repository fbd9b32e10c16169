import { describe, expect, it } from 'vitest';
import { costImport, type CostImportContext } from './cost-import.ts';
import type { CostLine } from './settlement-rules.ts';
import { feedRows, type ImportResult } from './table-import.ts';

const CTX: CostImportContext = {
  year: 2028,
  municipalities: [
    { code: '0358', name: 'Aalsmeer' },
    { code: '0363', name: 'Amsterdam' },
  ],
  providers: ['DEMO01', 'DEMO02'],
};

function check(rows: string[][]): ImportResult<CostLine[]> {
  const imp = costImport({ file: 'costs.csv' }, CTX);
  feedRows(imp, rows);
  return imp.finish();
}

function problems(result: ImportResult<unknown>): string[] {
  if (result.ok) throw new Error('expected the import to be refused');
  return result.problems.map((p) => `${p.where.row ?? '-'}:${p.where.column ?? '-'}: ${p.said.en}`);
}

describe('cost import (settlement)', () => {
  it('reads costs per provider and municipality, in euros or cents, with Dutch column names', () => {
    expect(check([['provider', 'municipality', 'cost_eur'], ['DEMO01', '0363', '1.000.000,50'], ['demo02', 'Aalsmeer', '0'], ['DEMO01', '358', '12']])).toEqual({
      ok: true,
      value: [
        { provider: 'DEMO01', municipality: '0363', costCents: 100_000_050n },
        { provider: 'DEMO02', municipality: '0358', costCents: 0n },
        { provider: 'DEMO01', municipality: '0358', costCents: 1200n },
      ],
    });
    expect(check([['aanbieder', 'gemeente', 'kosten_centen'], ['DEMO01', '0363', '5'], ['DEMO02', '0363', '5']]).ok).toBe(true);
  });

  it('refuses every problem of the file at once: unknown provider, municipality, bad and negative amounts', () => {
    expect(problems(check([['provider', 'municipality', 'cost_eur'], ['DEMO09', 'Weesp', '1'], ['DEMO01', '0363', '12.345'], ['DEMO02', '0363', '-1'], ['DEMO02', '0358', '1.5 cent']]))).toEqual([
      '2:provider: unknown provider "DEMO09"; the providers with a lump sum in 2028 are DEMO01, DEMO02',
      expect.stringMatching(/^2:municipality: unknown municipality "Weesp"/),
      expect.stringMatching(/^3:cost_eur: "12\.345" is ambiguous/),
      '4:cost_eur: -1 is negative; a cost is zero or more',
      expect.stringMatching(/^5:cost_eur: "1\.5 cent" is not an amount in euros/),
    ]);
  });

  it('refuses a provider and municipality given twice, naming both rows, however the municipality is written', () => {
    expect(problems(check([['provider', 'municipality', 'cost_cents'], ['DEMO01', '0363', '1'], ['DEMO02', '0363', '1'], ['DEMO01', 'Amsterdam', '2']]))).toEqual([
      '4:municipality: the cost of DEMO01 for Amsterdam is given twice, on rows 2 and 4; give each provider and municipality once',
    ]);
  });

  it("refuses a file without some provider's costs, with the other problems", () => {
    expect(problems(check([['provider', 'municipality', 'cost_cents'], ['DEMO01', '0363', 'x']]))).toEqual([
      "-:provider: no rows for provider(s) DEMO02; settling 2028 needs every provider's 12-month costs",
      expect.stringMatching(/^2:cost_cents: "x" is not a number of cents/),
    ]);
  });

  it('refuses a file without the needed columns, and an empty one', () => {
    expect(problems(check([['provider', 'gemeente'], ['DEMO01', '0363'], ['DEMO02', '0363']]))).toEqual([expect.stringMatching(/^1:cost_eur: required column "cost_eur" or "cost_cents" is missing/)]);
    expect(problems(check([]))).toEqual([expect.stringMatching(/^-:-: the file holds no table; expected a header row with provider\/aanbieder, municipality\/gemeente and cost_eur\/kosten_eur or cost_cents\/kosten_centen/)]);
  });
});
