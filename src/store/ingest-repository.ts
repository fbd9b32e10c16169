// The received iJw messages (ijw_message) and the refused ones (ijw_rejection), and the transaction
// an ingest batch is stored in. Messages go in by COPY (copy.ts: a third of the database's CPU of
// `insert … select from unnest(…)`); COPY cannot skip a message that is already stored, so a batch
// whose identification is taken fails with IdentificationTaken and is stored again, sorted out by
// `insert … on conflict do nothing` (docs/decisions.md §25).
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Period } from '../domain/reach-figures.ts';
import { copyFrom, copyLine } from './copy.ts';
import { addCounts } from './ingest-run-repository.ts';
import { textArray } from './packed.ts';
import type { Database } from './schema.ts';
import type { Population } from '../domain/access/scope.ts';

/** A transaction of the ingest's (a batch, a refresh chunk); repository functions take it as their first argument. */
export type IngestTx = Transaction<Database>;

/** The advisory lock an ingest batch holds; a trajectory refresh holds it too, so they take turns. */
export const INGEST_LOCK = 4242002;

/** One row of ijw_message as ingest stores it. */
export interface MessageRow {
  readonly sender: string;
  readonly identification: string;
  readonly sentOn: string;
  readonly type: string;
  readonly receiver: string;
  readonly hash: string;
  /** The file's base name (a name, not a path). */
  readonly sourceFile: string;
}

/** A rejection as stored: where and which rule, never the person data of the message. */
export interface RejectionRow {
  readonly sourceFile: string;
  readonly line: number;
  readonly path: string;
  readonly rule: string;
  readonly message: string;
  readonly receivedAt: string;
}

/** The fast path met an identification that is already stored: store the batch again, sorted out. */
export class IdentificationTaken extends Error {
  constructor() {
    super('a message identification of the batch is already stored');
    this.name = 'IdentificationTaken';
  }
}

/** Rows per statement: bounds the size of one statement for batches of very large messages. */
export const MAX_ROWS_PER_STATEMENT = 20_000;

const MESSAGE_COLUMNS = ['sender', 'identification', 'sent_on', 'message_type', 'receiver', 'content_hash', 'source_file', 'received_at'];

/** PostgreSQL's unique_violation. */
const isUniqueViolation = (e: unknown): boolean => (e as { code?: unknown } | null)?.code === '23505';

/**
 * Runs `fn` in one transaction under the ingest lock: one ingest batch at a time per database, so
 * concurrent ingests of overlapping folders see each other's messages and count them as duplicates,
 * never twice. `durable` false: the transaction commits without waiting for its WAL to reach the
 * disk (synchronous_commit off for this transaction only; decisions §25). The lock and the setting
 * are one statement: on the embedded database every statement costs a round trip.
 */
export function inIngestTransaction<T>(db: Kysely<Database>, durable: boolean, fn: (trx: IngestTx) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await (durable
      ? sql`select pg_advisory_xact_lock(${sql.lit(INGEST_LOCK)})`
      : sql`select pg_advisory_xact_lock(${sql.lit(INGEST_LOCK)}), set_config('synchronous_commit', 'off', true)`
    ).execute(trx);
    return fn(trx);
  });
}

/** Takes the ingest lock for the rest of the transaction. */
export async function lockIngest(trx: IngestTx): Promise<void> {
  await sql`select pg_advisory_xact_lock(${sql.lit(INGEST_LOCK)})`.execute(trx);
}

/** Copies the messages in; fails with IdentificationTaken (and a transaction that must be rolled back) when one is stored already. */
export async function copyMessages(trx: IngestTx, rows: readonly MessageRow[], receivedAt: string): Promise<void> {
  let data = '';
  for (const m of rows) data += copyLine([m.sender, m.identification, m.sentOn, m.type, m.receiver, m.hash, m.sourceFile, receivedAt]);
  try {
    await copyFrom(trx, 'ijw_message', MESSAGE_COLUMNS, data);
  } catch (e) {
    throw isUniqueViolation(e) ? new IdentificationTaken() : e;
  }
}

/** Inserts the messages that are not stored yet and leaves the others alone; returns the keys (sender|identification|sentOn) inserted. */
export async function insertNewMessages(trx: IngestTx, rows: readonly MessageRow[], receivedAt: string): Promise<Set<string>> {
  const inserted = new Set<string>();
  for (let i = 0; i < rows.length; i += MAX_ROWS_PER_STATEMENT) {
    const part = rows.slice(i, i + MAX_ROWS_PER_STATEMENT);
    const col = (pick: (m: MessageRow) => string) => textArray(part.map(pick));
    const r = await sql<{ k: string }>`
      insert into ijw_message (sender, identification, sent_on, message_type, receiver, content_hash, source_file, received_at)
      select s, i, d, t, r, h, f, ${receivedAt}::timestamptz
      from unnest(${col((m) => m.sender)}, ${col((m) => m.identification)}, ${col((m) => m.sentOn)}::date[],
                  ${col((m) => m.type)}, ${col((m) => m.receiver)}, ${col((m) => m.hash)}, ${col((m) => m.sourceFile)}) as m (s, i, d, t, r, h, f)
      on conflict (sender, identification, sent_on) do nothing
      returning sender || '|' || identification || '|' || to_char(sent_on, 'YYYY-MM-DD') as k`.execute(trx);
    for (const row of r.rows) inserted.add(row.k);
  }
  return inserted;
}

/** The content hashes of the stored messages of these senders and identifications, by key (sender|identification|sentOn). */
export async function storedHashes(trx: IngestTx, ids: readonly { readonly sender: string; readonly identification: string }[]): Promise<Map<string, string>> {
  // The key is made in SQL: PGlite drops a byte-order mark that starts a text value it returns,
  // and an identification may start with one (U+FEFF is not white space to the XSD).
  const { rows } = await sql<{ k: string; content_hash: string }>`
    select m.sender || '|' || m.identification || '|' || to_char(m.sent_on, 'YYYY-MM-DD') as k, m.content_hash
    from ijw_message m
    join (select distinct s, i from unnest(${textArray(ids.map((x) => x.sender))}, ${textArray(ids.map((x) => x.identification))}) as u (s, i)) k (sender, identification)
      using (sender, identification)`.execute(trx);
  return new Map(rows.map((e) => [e.k, e.content_hash]));
}

/** Records rejections (one statement); with `run`, that ingest run's count of rejections moves on in the same transaction. */
export async function insertRejections(db: Kysely<Database>, rows: readonly RejectionRow[], run?: number): Promise<void> {
  if (rows.length === 0) return;
  const insert = (tx: Kysely<Database>) =>
    tx
      .insertInto('ijw_rejection')
      .values(rows.map((r) => ({ source_file: r.sourceFile, line: r.line, path: r.path, rule: r.rule, message: r.message, received_at: r.receivedAt })))
      .execute();
  if (run === undefined) {
    await insert(db);
    return;
  }
  await db.transaction().execute(async (trx) => {
    await insert(trx);
    await addCounts(trx, run, { accepted: 0, duplicates: 0, rejected: rows.length });
  });
}

/** Accepted messages per type, by their date (Dagtekening) in the period. */
/**
 * Accepted messages per type sent in the period; of a population, the messages a municipality or
 * provider in it sent or received (iJw: the sender and receiver are a municipality's CBS code and a
 * provider's AGB code).
 */
export async function messageCountsByType(db: Kysely<Database>, period: Period, population: Population = { kind: 'all' }): Promise<Map<string, number>> {
  let of = sql`true`;
  if (population.kind !== 'all') {
    const codes = population.kind === 'municipality' ? [population.code] : population.agbCodes;
    const hit = codes.length === 0 ? sql`false` : sql`(sender in (${sql.join(codes)}) or receiver in (${sql.join(codes)}))`;
    of = population.not ? sql`not ${hit}` : hit;
  }
  const { rows } = await sql<{ message_type: string; n: string }>`
    select message_type, count(*)::text as n from ijw_message
    where sent_on between ${period.from}::date and ${period.to}::date and ${of}
    group by message_type`.execute(db);
  return new Map(rows.map((r) => [r.message_type, Number(r.n)]));
}

/** The answers (JW319) of messages just stored: one row per message. */
export async function insertRequestAnswers(trx: IngestTx, rows: readonly { sender: string; identification: string; sentOn: string; provider: string; answer: string; reason: string }[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 5000) {
    await trx
      .insertInto('request_answer')
      .values(rows.slice(i, i + 5000).map((r) => ({ sender: r.sender, identification: r.identification, sent_on: r.sentOn, provider: r.provider, answer: r.answer, reason: r.reason })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

/** The answers to a provider's requests sent in a period, per answer and reason. */
export async function requestAnswerCounts(db: Kysely<Database>, agbCodes: readonly string[], from: string, to: string): Promise<{ answer: string; reason: string; n: number }[]> {
  if (agbCodes.length === 0) return [];
  const rows = await db
    .selectFrom('request_answer')
    .select(['answer', 'reason', (eb) => eb.fn.countAll<string>().as('n')])
    .where('provider', 'in', [...agbCodes])
    .where('sent_on', '>=', from)
    .where('sent_on', '<=', to)
    .groupBy(['answer', 'reason'])
    .orderBy('answer')
    .orderBy('reason')
    .execute();
  return rows.map((r) => ({ answer: r.answer, reason: r.reason, n: Number(r.n) }));
}
