// What a table's download asks for: GET /api/export/<table>?format=csv|xlsx with exactly the query of
// the table on screen — its period (or a trend's periods) or year, its breakdown, and the filters it
// applies to the rows — so that the file holds the rows the page shows (issue 13). The server keeps
// the rows of a filtered code as the page does, beside the others' row (REST, REGION) of a scoped role.
import { withQuery } from './api.ts';
import type { Dimension, TimelinessBy } from './roles.ts';
import type { Filters } from './filters.ts';

export type ExportTable = 'reach' | 'trend' | 'waiting' | 'timeliness' | 'messages' | 'lumpsums' | 'payments' | 'budgets' | 'ledger' | 'coverage' | 'outcomes';

export interface ExportTarget {
  readonly table: ExportTable;
  readonly query: Readonly<Record<string, string | number | undefined>>;
}

export function exportHref(target: ExportTarget, format: 'csv' | 'xlsx'): string {
  return withQuery(`/api/export/${target.table}`, { ...target.query, format });
}

/** A table of the monitor (reach, waiting times, stops per reason): its period, breakdown and kept rows. */
export function monitorExport(table: 'reach' | 'waiting', period: string | null, plan: { readonly by: string; readonly keep: Partial<Record<Dimension, string>> }): ExportTarget {
  return { table, query: { period: period ?? undefined, by: plan.by, ...plan.keep } };
}

/**
 * A trend: every period the chart and table show, with the breakdown and kept rows of the whole. The
 * periods of a trend follow each other (trendPeriods), so they go as a range first..last: a year of
 * months written out would pass the server's 64 characters of a parameter.
 */
export function trendExport(periods: readonly string[], whole: { readonly by: string; readonly keep: Partial<Record<Dimension, string>> }): ExportTarget {
  const range = periods.length > 1 ? `${periods[0]}..${periods[periods.length - 1]}` : (periods[0] ?? '');
  return { table: 'trend', query: { periods: range, by: whole.by, ...whole.keep } };
}

/** The rows a timeliness table keeps: the filtered provider (or municipality) of its breakdown. */
export function timelinessKeep(filters: Filters, by: TimelinessBy): Partial<Record<Dimension, string>> {
  if (by === 'provider' && filters.provider) return { provider: filters.provider };
  if (by === 'municipality' && filters.municipality) return { municipality: filters.municipality };
  return {};
}

export function timelinessExport(period: string | null, by: TimelinessBy, filters: Filters): ExportTarget {
  return { table: 'timeliness', query: { period: period ?? undefined, by, ...timelinessKeep(filters, by) } };
}

/**
 * A money table of a year: lump sums kept by provider, municipality and theme ("A+B": either); the
 * payment schedule by provider and municipality (its rows have no theme); the budgets with the
 * contributions to the filtered provider or theme.
 */
export function moneyExport(table: 'lumpsums' | 'payments' | 'budgets', year: number, filters: Filters, provider?: string): ExportTarget {
  const p = provider ?? filters.provider;
  if (table === 'budgets') return { table, query: { year, provider: p, theme: filters.theme } };
  if (table === 'payments') return { table, query: { year, provider: p, municipality: filters.municipality } };
  return { table, query: { year, provider: p, municipality: filters.municipality, theme: filters.theme } };
}
