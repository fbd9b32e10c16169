// Reads the providers' 12-month cost reports for the year-end settlement [DOMAIN.md §5 "financial
// reports"; §4 rule 6]: one row per provider and municipality. All problems are listed; all or nothing.
import { MoneyFormatError, parseCents, parseEuros } from './money.ts';
import type { Municipality } from './region.ts';
import type { BudgetRow } from './budget-import.ts';
import { findMunicipality } from './budget-import.ts';
import type { CostLine } from './settlement-rules.ts';

export interface CostProblem {
  readonly file: string;
  readonly row: number;
  readonly column: string;
  readonly message: string;
}

export function validateCostRows(
  rows: readonly BudgetRow[],
  ctx: { file: string; municipalities: readonly Municipality[]; providers: readonly string[] },
): { ok: true; costs: CostLine[] } | { ok: false; problems: CostProblem[] } {
  const problems: CostProblem[] = [];
  const costs: CostLine[] = [];
  const header = Object.keys(rows[0]?.cells ?? {}).map((h) => h.trim().toLowerCase());
  const col = (name: string) => Object.keys(rows[0]?.cells ?? {}).find((h) => h.trim().toLowerCase() === name);
  const amountCol = col('cost_cents') ?? col('cost_eur');
  for (const required of ['provider', 'municipality']) {
    if (!header.includes(required)) problems.push({ file: ctx.file, row: 1, column: required, message: `missing column "${required}"; expected provider, municipality and cost_cents or cost_eur` });
  }
  if (!amountCol) problems.push({ file: ctx.file, row: 1, column: 'cost_cents', message: 'missing column "cost_cents" or "cost_eur"' });
  if (rows.length === 0) problems.push({ file: ctx.file, row: 1, column: '', message: 'the file has no rows' });
  if (problems.length > 0) return { ok: false, problems };
  const pCol = col('provider')!;
  const mCol = col('municipality')!;
  const seen = new Map<string, number>();
  for (const r of rows) {
    const provider = (r.cells[pCol] ?? '').trim();
    const mText = (r.cells[mCol] ?? '').trim();
    const amountText = (r.cells[amountCol!] ?? '').trim();
    if (!ctx.providers.includes(provider)) problems.push({ file: ctx.file, row: r.row, column: pCol, message: `unknown provider "${provider}"` });
    const m = findMunicipality(mText, ctx.municipalities);
    if (!m) problems.push({ file: ctx.file, row: r.row, column: mCol, message: `unknown municipality "${mText}"` });
    let cents: bigint | undefined;
    try {
      cents = amountCol === col('cost_cents') ? parseCents(amountText) : parseEuros(amountText);
      if (cents < 0n) {
        problems.push({ file: ctx.file, row: r.row, column: amountCol!, message: `cost ${amountText} is negative` });
        cents = undefined;
      }
    } catch (e) {
      if (!(e instanceof MoneyFormatError)) throw e;
      problems.push({ file: ctx.file, row: r.row, column: amountCol!, message: e.message });
    }
    if (m && provider) {
      const key = `${provider}|${m.code}`;
      const first = seen.get(key);
      if (first !== undefined) problems.push({ file: ctx.file, row: r.row, column: mCol, message: `provider ${provider} and municipality ${m.code} already on row ${first}` });
      seen.set(key, r.row);
    }
    if (m && cents !== undefined && ctx.providers.includes(provider)) costs.push({ provider, municipality: m.code, costCents: cents });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, costs };
}
