// A small Kysely dialect over embedded PGlite: one in-process connection, so transactions are
// serialised with a mutex rather than a pool.
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import { isCopyFromStdin } from './copy.ts';
import { OwnSchemaIntrospector } from './introspector.ts';

/** What the dialect uses of PGlite: PGlite itself, or PGlite in a thread of its own (pglite-thread.ts). */
export interface PgliteLike {
  readonly waitReady: Promise<void>;
  query<R>(sql: string, params?: unknown[], options?: { blob?: Blob }): Promise<{ rows: R[]; affectedRows?: number }>;
  close(): Promise<void>;
}

class PgliteConnection implements DatabaseConnection {
  constructor(private readonly db: PgliteLike) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    if (isCopyFromStdin(compiled.sql, compiled.parameters)) {
      // COPY data reaches PGlite as a blob read from its virtual /dev/blob (see copy.ts)
      const sql = compiled.sql.replace(/stdin$/i, "'/dev/blob'");
      const result = await this.db.query<R>(sql, [], { blob: new Blob([compiled.parameters[0]]) });
      return { rows: [], numAffectedRows: BigInt(result.affectedRows ?? 0) };
    }
    const result = await this.db.query<R>(compiled.sql, compiled.parameters as unknown[]);
    return {
      rows: result.rows,
      ...(result.affectedRows !== undefined ? { numAffectedRows: BigInt(result.affectedRows) } : {}),
    };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not supported on the embedded database');
  }
}

class PgliteDriver implements Driver {
  #queue: Promise<void> = Promise.resolve();
  #release: (() => void) | undefined;
  readonly #connection: PgliteConnection;

  constructor(private readonly db: PgliteLike) {
    this.#connection = new PgliteConnection(db);
  }

  async init(): Promise<void> {
    await this.db.waitReady;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.#queue;
    let release!: () => void;
    this.#queue = new Promise<void>((resolve) => (release = resolve));
    await previous;
    this.#release = release;
    return this.#connection;
  }

  async beginTransaction(conn: DatabaseConnection, _settings: TransactionSettings): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('begin'));
  }

  async commitTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(): Promise<void> {
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }

  async destroy(): Promise<void> {
    // The statement or transaction under way ends first (at most a few seconds: a server stopping
    // mid-way through an ingest batch); then the database closes.
    await Promise.race([this.#queue, new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
    await this.db.close();
  }
}

export class PgliteDialect implements Dialect {
  constructor(private readonly db: PgliteLike) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PgliteDriver(this.db);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
  createIntrospector(db: Kysely<unknown>) {
    return new OwnSchemaIntrospector(db);
  }
}
