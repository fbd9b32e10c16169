// Reads the providers' 12-month cost reports for the year-end settlement [DOMAIN.md §5 "financial
// reports"; §4 rule 6]: one row per provider and municipality. All problems are listed; all or nothing.
import type { Cents } from './money.ts';
import type { Municipality } from './region.ts';
import { municipalityCell, providerCell } from './import-columns.ts';
import { centsCell, eurosCell } from './table-cells.ts';
import { TableCheck, form, oneOf, required, type TableImport, type TablePlace, type TableSpec } from './table-import.ts';
import type { CostLine } from './settlement-rules.ts';

export interface CostImportContext {
  readonly year: number;
  readonly municipalities: readonly Municipality[];
  /** The providers with a lump sum in the year: each needs its costs. */
  readonly providers: readonly string[];
}

interface CostValues {
  readonly provider: string;
  readonly municipality: Municipality;
  readonly cost: Cents;
}

const NON_NEGATIVE = { en: 'a cost is zero or more', nl: 'kosten zijn nul of meer' };

export function costSpec(ctx: CostImportContext): TableSpec<CostValues> {
  return {
    columns: {
      provider: required(['provider', 'aanbieder'], providerCell(ctx.providers, { en: `with a lump sum in ${ctx.year}`, nl: `met een lumpsum in ${ctx.year}` })),
      municipality: required(['municipality', 'gemeente'], municipalityCell(ctx.municipalities)),
      cost: oneOf(form(['cost_eur', 'kosten_eur'], eurosCell({ nonNegative: NON_NEGATIVE })), form(['cost_cents', 'kosten_centen'], centsCell({ nonNegative: NON_NEGATIVE }))),
    },
    unique: [
      {
        columns: ['provider', 'municipality'],
        key: (v) => `${v.provider}|${v.municipality.code}`,
        describe: (v) => ({ en: `the cost of ${v.provider} for ${v.municipality.name}`, nl: `de kosten van ${v.provider} voor ${v.municipality.name}` }),
        advice: { en: 'give each provider and municipality once', nl: 'geef elke aanbieder en gemeente één keer' },
      },
    ],
  };
}

export function costImport(place: TablePlace, ctx: CostImportContext): TableImport<CostLine[]> {
  const check = new TableCheck(costSpec(ctx), place);
  return {
    add: (row, cells) => check.add(row, cells),
    finish() {
      const rows = check.end();
      // Settling needs every provider's report; say so with the other problems instead of after them.
      const named = new Set(rows.map((r) => r.values.provider).filter((p) => p !== undefined));
      const missing = ctx.providers.filter((p) => !named.has(p));
      if (named.size > 0 && missing.length > 0) {
        check.report(undefined, 'provider', {
          en: `no rows for provider(s) ${missing.join(', ')}; settling ${ctx.year} needs every provider's 12-month costs`,
          nl: `geen rijen voor aanbieder(s) ${missing.join(', ')}; de afrekening van ${ctx.year} heeft de 12-maandskosten van elke aanbieder nodig`,
        });
      }
      return check.result((values) => values.map((v) => ({ provider: v.provider, municipality: v.municipality.code, costCents: v.cost })));
    },
  };
}
