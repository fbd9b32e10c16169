// Opens the one PostgreSQL schema: embedded PGlite in a data folder by default, a PostgreSQL server
// when DATABASE_URL is set. Both are set up so bigint, numeric, date and timestamp values arrive as
// strings: money never passes through a float and dates carry no time zone.
import { Kysely, Migrator, sql, type LogEvent, PostgresDialect, type Migration, type MigrationProvider, type PostgresPool, type PostgresPoolClient } from 'kysely';
import pg from 'pg';
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { Refusal } from '../domain/errors.ts';
import { PgliteDialect } from './pglite-dialect.ts';
import { WriteWatch } from './write-watch.ts';
import { pgliteInThread } from './pglite-thread.ts';
import { OwnSchemaIntrospector } from './introspector.ts';
import { isCopyFromStdin } from './copy.ts';
import { from as copyStreamFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Database } from './schema.ts';
import * as m001 from './migrations/2026-11-23-001-money-engine.ts';
import * as m002 from './migrations/2026-11-23-002-ijw-ingest.ts';
import * as m003 from './migrations/2026-11-23-003-trajectories.ts';
import * as m004 from './migrations/2026-11-23-004-trajectory-open-end.ts';
import * as m005 from './migrations/2026-11-23-005-drop-care-event-sent-on.ts';
import * as m006 from './migrations/2026-12-03-006-request-wait.ts';
import * as m007 from './migrations/2026-12-03-007-trajectory-reach-covering.ts';
import * as m010 from './migrations/2026-12-04-010-ledger-gapless-rules.ts';
import * as m011 from './migrations/2026-12-04-011-provider-registry.ts';
import * as m012 from './migrations/2026-12-05-012-message-sent-on.ts';
import * as m013 from './migrations/2026-12-05-013-ingest-run.ts';
import * as m014 from './migrations/2026-12-05-014-accounts.ts';
import * as m015 from './migrations/2026-12-05-015-sign-in-flow.ts';
import * as m016 from './migrations/2026-12-05-016-publications.ts';
import * as m017 from './migrations/2026-12-05-017-sign-in-attempt.ts';
import * as m018 from './migrations/2026-12-06-018-negative-budget-lines.ts';
import * as m019 from './migrations/2026-12-06-019-bij-deliveries.ts';
import * as m020 from './migrations/2026-12-06-020-statline.ts';
import * as m021 from './migrations/2026-12-06-021-request-answers.ts';

const AS_TEXT_OIDS = [20, 1082, 1114, 1184, 1700]; // int8, date, timestamp, timestamptz, numeric

/**
 * The embedded database's postgresql.conf. PGlite writes this list as the whole file, so it repeats
 * what initdb sets (UTC, ISO dates, C locale) and changes one thing: a 16 MB buffer cache instead of
 * 128 MB. The cache lives in the process's memory; the files stay in the OS page cache anyway. On ten
 * years of the region the monitor's queries are as fast, and an ingest's peak RSS is ~100–150 MB lower
 * (docs/benchmarks.md).
 */
const PGLITE_CONF = [
  'shared_buffers = 16MB',
  'max_connections = 100',
  'dynamic_shared_memory_type = posix',
  'max_wal_size = 1GB',
  'min_wal_size = 80MB',
  'log_timezone = UTC',
  "datestyle = 'iso, mdy'",
  'timezone = UTC',
  "lc_messages = 'C'",
  "lc_monetary = 'C'",
  "lc_numeric = 'C'",
  "lc_time = 'C'",
  "default_text_search_config = 'pg_catalog.english'",
];

const migrations: Record<string, Migration> = {
  '2026-11-23-001-money-engine': m001,
  '2026-11-23-002-ijw-ingest': m002,
  '2026-11-23-003-trajectories': m003,
  '2026-11-23-004-trajectory-open-end': m004,
  '2026-11-23-005-drop-care-event-sent-on': m005,
  '2026-12-03-006-request-wait': m006,
  '2026-12-03-007-trajectory-reach-covering': m007,
  '2026-12-04-010-ledger-gapless-rules': m010,
  '2026-12-04-011-provider-registry': m011,
  '2026-12-05-012-message-sent-on': m012,
  '2026-12-05-013-ingest-run': m013,
  '2026-12-05-014-accounts': m014,
  '2026-12-05-015-sign-in-flow': m015,
  '2026-12-05-016-publications': m016,
  '2026-12-05-017-sign-in-attempt': m017,
  '2026-12-06-018-negative-budget-lines': m018,
  '2026-12-06-019-bij-deliveries': m019,
  '2026-12-06-020-statline': m020,
  '2026-12-06-021-request-answers': m021,
};

class StaticMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  }
}

export interface DatabaseTarget {
  /** postgres://… for a server; otherwise the embedded database. */
  readonly url?: string | undefined;
  /** Folder of the embedded database; undefined means in memory (tests). */
  readonly dataDir?: string | undefined;
  /** Server only: a schema to use instead of public (tests isolate themselves this way). */
  readonly schema?: string | undefined;
}

export interface Store {
  readonly db: Kysely<Database>;
  readonly kind: 'embedded' | 'server';
  /** The schema the tables live in, when not the default one. */
  readonly schema?: string | undefined;
  /** What this process has written: moves on with every write and commit (write-watch.ts). */
  readonly writes: WriteWatch;
  close(): Promise<void>;
}

export interface StoreOptions {
  /**
   * A job that runs long (an ingest, the server): the embedded database's code is compiled with
   * V8's optimising compiler before it starts (see optimiseEmbeddedDatabaseCode). No effect on a server.
   */
  readonly longRunning?: boolean;
  /** Called with the text of every statement sent (tests: which statements a use case issues). */
  readonly log?: (sql: string) => void;
  /**
   * The embedded database in a thread of its own (pglite-thread.ts): the server's, so that a long
   * statement does not keep its thread from answering. No effect on a server database.
   */
  readonly ownThread?: boolean;
}

/**
 * PGlite is PostgreSQL compiled to WebAssembly (9 MB). V8 first compiles it with its baseline
 * compiler (Liftoff) in ~0.6 s and then again, function by function, with its optimising compiler
 * (TurboFan) as they get hot, keeping both versions: a long job carries ~60 MB more code, and runs on
 * slow code until it is warm. Compiling everything with TurboFan at once (`--no-liftoff`) takes
 * ~1.5 s longer to open but holds one version only: an ingest of 250,000 messages peaks at 280 MB
 * instead of 333 MB, no slower (docs/benchmarks.md). So a long job pays the extra second and a
 * short command (a listing) does not. The flag is process-wide and stays set: later opens in the
 * same process compile the same way. Node warns that flags set after start-up may behave
 * unpredictably; V8 reads this one when it compiles a module, which is after this call.
 */
/** The server dialect with an introspector that reads the store's own schema only (see introspector.ts). */
class OwnSchemaPostgresDialect extends PostgresDialect {
  override createIntrospector(db: Kysely<unknown>): OwnSchemaIntrospector {
    return new OwnSchemaIntrospector(db);
  }
}

let optimised = false;
function optimiseEmbeddedDatabaseCode(): void {
  if (optimised) return;
  optimised = true;
  v8.setFlagsFromString('--no-liftoff');
}

export async function openStore(target: DatabaseTarget, options: StoreOptions = {}): Promise<Store> {
  if (target.url) {
    const types = {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        AS_TEXT_OIDS.includes(oid) ? (v: string) => v : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    };
    const pool = new pg.Pool({
      connectionString: target.url,
      types,
      max: 4,
      ...(target.schema ? { options: `-c search_path=${target.schema}` } : {}),
    });
    if (target.schema) {
      const client = await pool.connect();
      try {
        // Looked up first: `create schema if not exists` needs the right to create schemas even when
        // the schema is there, and a read-only role has no such right.
        const found = await client.query('select 1 from pg_namespace where nspname = $1', [target.schema]);
        if (found.rowCount === 0) await client.query(`create schema if not exists "${target.schema.replace(/"/g, '')}"`);
      } finally {
        client.release();
      }
    }
    const writes = new WriteWatch();
    const db = new Kysely<Database>({ dialect: new OwnSchemaPostgresDialect({ pool: copyingPool(pool) }), ...logOf(options, writes) });
    return { db, kind: 'server', schema: target.schema, writes, close: () => db.destroy() };
  }
  const releaseLock = target.dataDir ? lockDataDir(target.dataDir) : () => undefined;
  const parsers = Object.fromEntries(AS_TEXT_OIDS.map((oid) => [oid, (v: string) => v]));
  if (options.longRunning) optimiseEmbeddedDatabaseCode();
  // Loaded only here: a process on a server never carries the embedded database's code (~40 MB RSS).
  const lite = options.ownThread
    ? await pgliteInThread(target.dataDir, AS_TEXT_OIDS, PGLITE_CONF).catch((e: unknown) => {
        releaseLock();
        throw e;
      })
    : new (await import('@electric-sql/pglite')).PGlite(target.dataDir, { parsers, postgresqlconf: PGLITE_CONF });
  const writes = new WriteWatch();
  const db = new Kysely<Database>({ dialect: new PgliteDialect(lite), ...logOf(options, writes) });
  return {
    db,
    kind: 'embedded',
    writes,
    close: async () => {
      await db.destroy();
      releaseLock();
    },
  };
}

/** Every statement is heard by the store's write watch, and by the caller's log when it has one. */
function logOf(options: StoreOptions, writes: WriteWatch): { log: (event: LogEvent) => void } {
  const log = options.log;
  return {
    log: log
      ? (event) => {
          writes.statement(event.query.sql);
          log(event.query.sql);
        }
      : (event) => writes.statement(event.query.sql),
  };
}

/**
 * The server's pool for Kysely, with one addition: a `copy … from stdin` statement whose parameter
 * is the data (store/copy.ts) runs as COPY through pg-copy-streams on the same connection.
 */
function copyingPool(pool: pg.Pool): PostgresPool {
  // One wrapper per pooled client, so Kysely sees the same connection object each time it is lent.
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      let wrapper = wrappers.get(client);
      if (wrapper === undefined) {
        const query = (sql: unknown, parameters?: readonly unknown[]): unknown => {
          if (typeof sql === 'string' && parameters !== undefined && isCopyFromStdin(sql, parameters)) return copyText(client, sql, parameters[0]);
          return (client.query as (a: unknown, b?: unknown) => unknown)(sql, parameters);
        };
        wrapper = { query: query as PostgresPoolClient['query'], release: () => client.release() };
        wrappers.set(client, wrapper);
      }
      return wrapper;
    },
    end: () => pool.end(),
  };
}

async function copyText(client: pg.PoolClient, sql: string, data: string): Promise<{ command: string; rowCount: number; rows: never[] }> {
  const stream = client.query(copyStreamFrom(sql));
  await pipeline(Readable.from([Buffer.from(data, 'utf8')]), stream);
  // Kysely reports rowCount as numAffectedRows for INSERT (not for COPY): the rows were inserted.
  return { command: 'INSERT', rowCount: stream.rowCount, rows: [] };
}

export class StoreBusyError extends Refusal<'STORE_BUSY'> {
  constructor(readonly dataDir: string, readonly pid: number) {
    super('STORE_BUSY', { dataDir, pid });
  }
}

/**
 * The embedded database is a folder that only one process may have open at a time; a second one would
 * corrupt it. A pid file guards it; a file left by a process that no longer runs is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'jeugdregie.pid');
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isRunning(pid)) throw new StoreBusyError(dataDir, pid);
  } catch (e) {
    if (e instanceof StoreBusyError) throw e;
  }
  fs.writeFileSync(file, String(process.pid));
  return () => {
    try {
      if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.unlinkSync(file);
    } catch {
      // Already gone: nothing to release.
    }
  };
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Migrations this code knows that the database has not had yet, and ones it has had that this code does not know. */
async function migrationState(store: Store): Promise<{ pending: string[]; unknown: string[] }> {
  const table = store.schema ? sql`${sql.id(store.schema, 'kysely_migration')}` : sql`kysely_migration`;
  const name = store.schema ? `"${store.schema}".kysely_migration` : 'kysely_migration';
  const exists = (await sql<{ t: string | null }>`select to_regclass(${name})::text as t`.execute(store.db)).rows[0]?.t;
  const done = exists ? new Set((await sql<{ name: string }>`select name from ${table}`.execute(store.db)).rows.map((r) => r.name)) : new Set<string>();
  const known = Object.keys(migrations);
  return { pending: known.filter((m) => !done.has(m)), unknown: [...done].filter((m) => !known.includes(m)).sort() };
}

/** Whether the connected role may change the schema (create tables, record migrations). */
async function mayChangeSchema(store: Store): Promise<{ may: boolean; role: string }> {
  const { rows } = await sql<{ may: boolean; role: string }>`
    select has_schema_privilege(current_schema(), 'CREATE') as may, current_user::text as role`.execute(store.db);
  return { may: rows[0]?.may === true, role: rows[0]?.role ?? '?' };
}

/**
 * Brings the schema up to date; returns the names of the migrations it ran. The state is read first
 * and the migrator (which takes a lock by writing) runs only when something is missing: an
 * up-to-date database opens with reads alone, so a role with SELECT rights only can open it. A role
 * that cannot change a schema that is behind is refused in one line.
 */
export async function migrate(store: Store): Promise<string[]> {
  const state = await migrationState(store);
  if (state.unknown.length > 0) {
    throw new Refusal('SCHEMA_NEWER', { migration: state.unknown.at(-1)! });
  }
  if (state.pending.length === 0) return [];
  const { may, role } = await mayChangeSchema(store);
  if (!may) {
    throw new Refusal('SCHEMA_BEHIND', { pending: state.pending.length, first: state.pending[0]!, role });
  }
  return runMigrations(store);
}

async function runMigrations(store: Store): Promise<string[]> {
  // The migration bookkeeping must live in the store's own schema: Kysely looks tables up across all
  // schemas, and would otherwise find another schema's bookkeeping on a shared server.
  const migrator = new Migrator({
    db: store.db,
    provider: new StaticMigrationProvider(),
    ...(store.schema ? { migrationTableSchema: store.schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
