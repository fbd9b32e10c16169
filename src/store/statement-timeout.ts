// A time limit on the statements of one read, on the PostgreSQL server (decisions, "The API's
// bounds"). The embedded database cannot honour one: PGlite runs a statement on the main thread and
// its timers fire only when the statement has finished, so there the work is bounded by the size of
// what may be asked instead.
import { sql, type Kysely } from 'kysely';
import { Refusal } from '../domain/errors.ts';
import type { Database } from './schema.ts';
import type { Store } from './database.ts';

/** A statement ran past its time limit and was stopped by the server. */
export class QueryTimeoutError extends Refusal<'QUERY_TIMEOUT'> {
  constructor(readonly timeoutMs: number) {
    super('QUERY_TIMEOUT', { seconds: timeoutMs / 1000 });
  }
}

/** PostgreSQL's query_canceled: what a statement stopped by statement_timeout fails with. */
const QUERY_CANCELED = '57014';

/**
 * Runs `read` on one connection whose statements stop after `timeoutMs` each. The setting is the
 * session's, not a transaction's (SET LOCAL), so `read` needs no transaction of its own (the
 * monitor's reads write nothing: decisions, "The monitor's reads do not write"). It is reset before
 * the connection goes back to the pool, so the ingest never inherits it.
 * On the embedded database `read` runs as it is.
 */
export async function withStatementTimeout<T>(store: Store, timeoutMs: number, read: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  if (store.kind === 'embedded') return read(store.db);
  return store.db.connection().execute(async (db) => {
    await sql`select set_config('statement_timeout', ${String(timeoutMs)}, false)`.execute(db);
    try {
      return await read(db);
    } catch (e) {
      throw (e as { code?: unknown }).code === QUERY_CANCELED ? new QueryTimeoutError(timeoutMs) : e;
    } finally {
      await sql`reset statement_timeout`.execute(db);
    }
  });
}
