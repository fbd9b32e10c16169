// Every listing can be printed as an aligned table, CSV or JSON. Amounts stay integer cents in CSV and
// JSON (as strings in JSON, so no consumer turns them into floats); tables show them in euros.
import { Refusal } from '../domain/errors.ts';
import { formatEuros } from '../domain/money.ts';
import type { Io } from './main.ts';

export type Format = 'table' | 'csv' | 'json';

export function parseFormat(text: string | undefined): Format {
  const f = (text ?? 'table').toLowerCase();
  if (f === 'table' || f === 'csv' || f === 'json') return f;
  throw new Refusal('OPTION_INVALID', { option: '--format', value: String(text), expected: { en: 'table, csv or json', nl: 'table, csv of json' } });
}

/**
 * A refusal of how a command was used, with an English message only.
 * @deprecated give the refusal its own catalogue entry, or use `usage(en, nl)`.
 */
export class UsageError extends Refusal<'USAGE'> {
  constructor(message: string) {
    super('USAGE', { en: message, nl: message });
  }
}

/** A refusal of how a command was used, in both languages. */
export const usage = (en: string, nl: string): Refusal<'USAGE'> => new Refusal('USAGE', { en, nl });

export type Cell = string | number | bigint | boolean | null;

export interface Column {
  /** Header in CSV and JSON (snake_case, part of the interface contract). */
  readonly key: string;
  /** Header in the table view (Dutch, for people). */
  readonly label: string;
  readonly money?: boolean;
}

function csvEscape(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function plain(v: Cell): string {
  return v === null ? '' : String(v);
}

export function renderRows(columns: readonly Column[], rows: readonly Record<string, Cell>[], format: Format): string {
  if (format === 'csv') {
    return [columns.map((c) => c.key).join(','), ...rows.map((r) => columns.map((c) => csvEscape(plain(r[c.key] ?? null))).join(','))].join('\n') + '\n';
  }
  if (format === 'json') return toJson(rows) + '\n';
  const text = rows.map((r) => columns.map((c) => (c.money && typeof r[c.key] === 'bigint' ? formatEuros(r[c.key] as bigint) : plain(r[c.key] ?? null))));
  const widths = columns.map((c, i) => Math.max(c.label.length, ...text.map((t) => t[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((v, i) => (columns[i]!.money || /^-?\d+$/.test(v) ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(columns.map((c) => c.label)), widths.map((w) => '-'.repeat(w)).join('  '), ...text.map(line)].join('\n') + '\n';
}

/** JSON with bigints written as strings of digits. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2);
}

/**
 * The one listing printer of the CLI: rows as table, CSV or JSON; `json` gives another shape for
 * JSON where a listing has one (e.g. an object with totals), otherwise JSON is the rows.
 */
export function printListing(io: Io, format: Format, listing: { columns: readonly Column[]; rows: readonly Record<string, Cell>[]; json?: () => unknown }): void {
  if (format === 'json' && listing.json) {
    io.out(toJson(listing.json()) + '\n');
    return;
  }
  io.out(renderRows(listing.columns, listing.rows, format));
}
