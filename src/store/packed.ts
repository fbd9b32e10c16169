// Bulk rows through one text value. The embedded database (PGlite, WebAssembly) spends most of a large
// query's time handing over rows and parameters one value at a time: 13,000 rows of 16 columns take
// about 0.9 s as rows and under 0.02 s packed into one string (docs/benchmarks.md). So bulk reads
// pack each row with string_agg and bulk writes send one packed parameter that SQL unpacks. Fields
// are separated by U+001F and rows by U+001E, characters that XML 1.0 (and so iJw) cannot carry.
// An empty field is NULL: no column packed this way holds an empty string as a value.
import { sql, type Kysely, type RawBuilder } from 'kysely';

const FIELD = '\u001f';
const RECORD = '\u001e';

export interface PackedColumn {
  readonly name: string;
  /** SQL type for unpacking on insert. */
  readonly type: 'text' | 'date' | 'integer';
}

/**
 * `select string_agg(<packed row>, … [order by …]) from (<inner>) p`: one text value with every row of
 * `inner`, in the order of the columns `order` when given.
 */
export function packedSelect(columns: readonly PackedColumn[], inner: RawBuilder<unknown>, order: readonly string[] = []): RawBuilder<{ packed: string | null }> {
  const row = columns.map((c) => `coalesce(p.${c.name}::text, '')`).join(` || chr(31) || `);
  const orderBy = order.length > 0 ? ` order by ${order.map((k) => `p.${k}`).join(', ')}` : '';
  return sql<{ packed: string | null }>`select string_agg(${sql.raw(row)}, chr(30)${sql.raw(orderBy)}) as packed from (${inner}) p`;
}

/** Rows of a packedSelect as arrays of strings (undefined for NULL), in column order. */
export function unpackRows(packed: string | null | undefined): (string | undefined)[][] {
  if (!packed) return [];
  return packed.split(RECORD).map((r) => r.split(FIELD).map((v) => (v === '' ? undefined : v)));
}

/** One text parameter holding the rows, for packedInsert. */
export function packRows(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return rows.map((r) => r.map((v) => (v === null || v === undefined ? '' : String(v))).join(FIELD)).join(RECORD);
}

/** `insert into <table> (<columns>) select … from unnest(<packed rows>)`. */
export function packedInsert(table: string, columns: readonly PackedColumn[], packed: string): RawBuilder<unknown> {
  const fields = columns.map((c, i) => `nullif(split_part(r, chr(31), ${i + 1}), '')${c.type === 'text' ? '' : `::${c.type}`}`).join(', ');
  return sql`insert into ${sql.raw(table)} (${sql.raw(columns.map((c) => c.name).join(', '))}) select ${sql.raw(fields)} from unnest(string_to_array(${packed}::text, chr(30))) r`;
}

/**
 * Every row of `table` matching `where`, read packed in pages of `pageSize` rows in the order of the
 * table's primary key `key` (keyset paging: memory holds one page's text at a time).
 */
export async function selectPacked<T>(
  db: Kysely<any>,
  table: string,
  columns: readonly PackedColumn[],
  key: readonly string[],
  where: RawBuilder<unknown>,
  pageSize: number | 'all' = 50_000,
): Promise<T[]> {
  const out: T[] = [];
  const keyAt = key.map((k) => columns.findIndex((c) => c.name === k));
  if (keyAt.some((i) => i < 0)) throw new Error(`selectPacked: key ${key.join(', ')} must be among the columns`);
  let after: (string | undefined)[] | undefined;
  const toRecord = (values: (string | undefined)[]): T => {
    const r: Record<string, string | number | null> = {};
    columns.forEach((c, i) => (r[c.name] = values[i] === undefined ? null : c.type === 'integer' ? Number(values[i]) : values[i]!));
    return r as T;
  };
  if (pageSize === 'all') {
    // One query, no order: for reads already bounded by their condition (e.g. a chunk of people).
    const { rows } = await packedSelect(columns, sql`select * from ${sql.raw(table)} where ${where}`).execute(db);
    return unpackRows(rows[0]?.packed).map(toRecord);
  }
  for (;;) {
    const from = after
      ? sql`(${sql.raw(key.join(', '))}) > (${sql.join(after.map((v, i) => sql`${v ?? ''}::${sql.raw(columns[keyAt[i]!]!.type)}`))})`
      : sql`true`;
    const inner = sql`select * from ${sql.raw(table)} where (${where}) and ${from} order by ${sql.raw(key.join(', '))} limit ${pageSize}`;
    const { rows } = await packedSelect(columns, inner, key).execute(db);
    const page = unpackRows(rows[0]?.packed);
    for (const values of page) out.push(toRecord(values));
    if (page.length < pageSize) return out;
    const last = page[page.length - 1]!;
    after = keyAt.map((i) => last[i]);
  }
}

/** A `text[]` value of the given strings, for `column = any(<array>)` (uses the column's index). */
export function textArray(values: readonly string[]): RawBuilder<unknown> {
  const literal = `{${values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
  return sql`${literal}::text[]`;
}

/** A SQL list `(select …)` of the given strings, for `column in <list>`; any strings, empty ones too. */
export function textList(values: readonly string[]): RawBuilder<unknown> {
  return sql`(select substr(v, 2) from unnest(string_to_array(${values.map((v) => FIELD + v).join(RECORD)}::text, chr(30))) v)`;
}
