// The record of every ingest run (ingest_run): started, how far it got, finished. Progress is written
// in the transaction of each batch it counts, so after a crash the record says exactly what was
// stored. Times are the database's clock: they are facts about the run, and a fixed "now" given to
// an ingest (tests, rehearsals) must not make a live run look stale.
import { sql, type Kysely } from 'kysely';
import type { IngestTx } from './ingest-repository.ts';
import type { Database, IngestRunTable } from './schema.ts';

type Db = Kysely<Database> | IngestTx;

export type RunStatus = IngestRunTable['status'];
export type RunPhase = IngestRunTable['phase'];

export interface NewRun {
  readonly command: string;
  readonly inputs: number;
  readonly inputsKey: string | null;
  readonly demo: unknown;
  readonly phase: RunPhase;
  readonly host: string;
  readonly pid: number;
  readonly token: string;
}

export interface RunRow {
  readonly id: number;
  readonly command: string;
  readonly inputs: number;
  readonly inputsKey: string | null;
  readonly demo: unknown;
  readonly messages: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly duplicates: number;
  readonly refreshed: number | null;
  readonly status: RunStatus;
  readonly phase: RunPhase;
  readonly failure: string | null;
  readonly host: string;
  readonly pid: number;
  readonly token: string;
  /** ISO 8601, UTC. */
  readonly startedAt: string;
  readonly heartbeatAt: string;
  readonly storedAt: string | null;
  readonly finishedAt: string | null;
  /** Seconds since the last sign of life, by the database's clock. */
  readonly silentForSeconds: number;
  readonly completedBy: number | null;
}

/** Records a new run; returns its number. */
export async function insertRun(db: Db, run: NewRun): Promise<number> {
  const r = await db
    .insertInto('ingest_run')
    .values({
      command: run.command,
      inputs: run.inputs,
      inputs_key: run.inputsKey,
      demo: run.demo === undefined || run.demo === null ? null : JSON.stringify(run.demo),
      status: 'running',
      phase: run.phase,
      host: run.host,
      pid: run.pid,
      token: run.token,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

/** The messages the run is about to read; it now stores. */
export async function startStoring(db: Db, id: number, messages: number): Promise<void> {
  await sql`update ingest_run set messages = ${messages}, phase = 'storing', heartbeat_at = clock_timestamp() where id = ${id}`.execute(db);
}

/** Adds what a batch (or a set of rejections) did to the run's counts; in the same transaction as what it counts. */
export async function addCounts(db: Db, id: number, counts: { accepted: number; duplicates: number; rejected: number }): Promise<void> {
  await sql`update ingest_run set accepted = accepted + ${counts.accepted}, duplicates = duplicates + ${counts.duplicates},
    rejected = rejected + ${counts.rejected}, heartbeat_at = clock_timestamp() where id = ${id}`.execute(db);
}

/** A sign of life (during a long refresh). */
export async function touchRun(db: Db, id: number): Promise<void> {
  await sql`update ingest_run set heartbeat_at = clock_timestamp() where id = ${id}`.execute(db);
}

/** Every batch is stored; the trajectories are being refreshed. */
export async function startRefreshing(db: Db, id: number): Promise<void> {
  await sql`update ingest_run set phase = 'refreshing', stored_at = clock_timestamp(), heartbeat_at = clock_timestamp() where id = ${id}`.execute(db);
}

/**
 * The run finished: its delivery is stored and the figures are up to date. Earlier runs of the same
 * inputs that did not finish are completed by it (their messages are now all stored: ingest is
 * idempotent per message).
 */
export async function finishRun(db: Kysely<Database>, id: number, refreshed: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`update ingest_run set status = 'finished', phase = 'done', refreshed = ${refreshed}, finished_at = clock_timestamp(),
      heartbeat_at = clock_timestamp() where id = ${id}`.execute(trx);
    await sql`update ingest_run o set completed_by = ${id}
      from ingest_run me where me.id = ${id} and me.inputs_key is not null and o.inputs_key = me.inputs_key
        and o.id < me.id and o.status <> 'finished' and o.completed_by is null`.execute(trx);
  });
}

/** The run stopped on an error; `failure` is its kind (a name or code), never its text. */
export async function failRun(db: Db, id: number, failure: string): Promise<void> {
  await sql`update ingest_run set status = 'failed', failure = ${failure}, finished_at = clock_timestamp() where id = ${id}`.execute(db);
}

/** A timestamp column as ISO 8601 text in UTC. */
const utc = (column: string) => sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as ${column}`);

const SELECT_RUN = sql`select id, command, inputs, inputs_key, demo, messages, accepted, rejected, duplicates, refreshed, status, phase, failure, host, pid, token,
    ${utc('started_at')}, ${utc('heartbeat_at')}, ${utc('stored_at')}, ${utc('finished_at')}, completed_by,
    extract(epoch from clock_timestamp() - heartbeat_at)::float8 as silent_for
  from ingest_run`;

interface RawRun {
  id: number;
  command: string;
  inputs: number;
  inputs_key: string | null;
  demo: unknown;
  messages: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  refreshed: number | null;
  status: RunStatus;
  phase: RunPhase;
  failure: string | null;
  host: string;
  pid: number;
  token: string;
  started_at: string;
  heartbeat_at: string;
  stored_at: string | null;
  finished_at: string | null;
  completed_by: number | null;
  silent_for: number;
}

function runOf(r: RawRun): RunRow {
  return {
    id: Number(r.id),
    command: r.command,
    inputs: Number(r.inputs),
    inputsKey: r.inputs_key,
    demo: r.demo,
    messages: Number(r.messages),
    accepted: Number(r.accepted),
    rejected: Number(r.rejected),
    duplicates: Number(r.duplicates),
    refreshed: r.refreshed === null ? null : Number(r.refreshed),
    status: r.status,
    phase: r.phase,
    failure: r.failure,
    host: r.host,
    pid: Number(r.pid),
    token: r.token,
    startedAt: r.started_at,
    heartbeatAt: r.heartbeat_at,
    storedAt: r.stored_at,
    finishedAt: r.finished_at,
    silentForSeconds: Number(r.silent_for),
    completedBy: r.completed_by === null ? null : Number(r.completed_by),
  };
}

/** The latest runs, newest first. */
export async function latestRuns(db: Db, limit: number): Promise<RunRow[]> {
  return (await sql<RawRun>`${SELECT_RUN} order by id desc limit ${limit}`.execute(db)).rows.map(runOf);
}

/** Runs that did not finish and that no later run completed, oldest first. */
export async function openRuns(db: Db): Promise<RunRow[]> {
  return (await sql<RawRun>`${SELECT_RUN} where status <> 'finished' and completed_by is null order by id`.execute(db)).rows.map(runOf);
}

/** The latest run that finished. */
export async function lastFinishedRun(db: Db): Promise<RunRow | undefined> {
  return (await sql<RawRun>`${SELECT_RUN} where status = 'finished' order by id desc limit 1`.execute(db)).rows.map(runOf)[0];
}

/** How many runs each command started ("ingest", "start --demo", …). */
export async function runsByCommand(db: Db): Promise<Map<string, number>> {
  const rows = (await sql<{ command: string; n: string | number }>`select command, count(*) as n from ingest_run group by command`.execute(db)).rows;
  return new Map(rows.map((r) => [r.command, Number(r.n)]));
}
