// Upkeep the embedded database does not do by itself. PGlite has no autovacuum and forgets its
// dead-row statistics when it closes, and its WAL lives in the process: statistics, vacuum and a
// checkpoint are asked for here, by the writers (an ingest's end, a rebuild), never by a read.
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

const TABLE_NAME = /^[a-z_][a-z0-9_]*$/;

function table(name: string) {
  // Names come from code, never from input; checked all the same, as they go into the SQL raw.
  if (!TABLE_NAME.test(name)) throw new Error(`not a table name: ${name}`);
  return sql.raw(name);
}

/** Brings the planner's statistics of a table up to date. */
export async function analyze(db: Kysely<Database>, name: string): Promise<void> {
  await sql`analyze ${table(name)}`.execute(db);
}

/** Vacuums a table (dead rows out, pages marked all-visible) and brings its statistics up to date. */
export async function vacuumAnalyze(db: Kysely<Database>, name: string): Promise<void> {
  await sql`vacuum (analyze) ${table(name)}`.execute(db);
}

/** Writes every dirty page and the WAL to disk (an embedded ingest's lazily committed batches). */
export async function checkpoint(db: Kysely<Database>): Promise<void> {
  await sql`checkpoint`.execute(db);
}

/** Pages a table may grow by beyond its size at the last vacuum or analyze before it is vacuumed. */
export function outgrown(pagesAtLastVacuum: number, pagesNow: number): boolean {
  return pagesNow > pagesAtLastVacuum * 1.2 + 128;
}

/**
 * Vacuums (and analyzes) a table when it has outgrown its size at the last vacuum or analyze
 * (pg_class.relpages, which PostgreSQL keeps across restarts, unlike its dead-row statistics, which
 * PGlite loses when it closes). Returns whether it did.
 */
export async function vacuumIfGrown(db: Kysely<Database>, name: string): Promise<boolean> {
  const { rows } = await sql<{ relpages: number; pages: string }>`
    select relpages, (pg_relation_size(oid) / current_setting('block_size')::int)::text as pages
    from pg_class where oid = to_regclass(${name})`.execute(db);
  const r = rows[0];
  if (r === undefined || !outgrown(Number(r.relpages), Number(r.pages))) return false;
  await vacuumAnalyze(db, name);
  return true;
}
