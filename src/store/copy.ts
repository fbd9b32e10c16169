// Bulk inserts through COPY … FROM STDIN, on both databases. COPY parses its text format far faster
// than PostgreSQL parses array literals for `insert … select from unnest(…)`, and inserts its rows
// in batches: a third of the CPU for the same rows on the embedded database (docs/benchmarks.md).
// Kysely has no COPY, so the statement travels as an ordinary raw query whose one parameter is the
// data; the two connections (pglite-dialect.ts, and copyingPool in database.ts for the server)
// recognise it and hand the text over as COPY data.
import { CompiledQuery, type Kysely, type Transaction } from 'kysely';

/** `copy <table> (<columns>) from stdin`: the statement the connections recognise. */
export const COPY_FROM_STDIN = /^copy\s+[a-z_][a-z0-9_]*\s*\([a-z0-9_,\s]+\)\s+from\s+stdin$/i;

/** A statement for copyFrom; `data` is in COPY's text format (copyLine). */
export function isCopyFromStdin(sql: string, parameters: readonly unknown[]): parameters is readonly [string] {
  return parameters.length === 1 && typeof parameters[0] === 'string' && COPY_FROM_STDIN.test(sql);
}

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One value in COPY's text format: NULL as \N; backslash, tab, LF and CR escaped. */
export function copyField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'number') return String(v);
  return NEEDS_ESCAPE.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : v;
}

/** One row in COPY's text format, with its line end. */
export function copyLine(values: readonly (string | number | null | undefined)[]): string {
  let line = copyField(values[0]);
  for (let i = 1; i < values.length; i++) line += '\t' + copyField(values[i]);
  return line + '\n';
}

/** Copies `data` (lines made by copyLine) into `table`; returns the number of rows. */
export async function copyFrom(db: Kysely<any> | Transaction<any>, table: string, columns: readonly string[], data: string): Promise<number> {
  if (data === '') return 0;
  const r = await db.executeQuery(CompiledQuery.raw(`copy ${table} (${columns.join(', ')}) from stdin`, [data]));
  return Number(r.numAffectedRows ?? 0n);
}
