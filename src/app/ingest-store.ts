// Storing a batch of prepared messages in one transaction: duplicates and reused identifications
// are sorted out under the ingest lock, then each table gets its rows in bulk. Messages and events go
// in by COPY (store/copy.ts: a third of the database's CPU of `insert … select from unnest(…)`).
// COPY cannot skip a message that is already stored, so a batch is first copied in whole; when one
// of its identifications is taken (a second delivery), the transaction is rolled back and the batch
// is stored again, sorted out by `insert … on conflict do nothing` (docs/decisions.md §25).
import { sql, type Transaction } from 'kysely';
import { copyFrom, copyLine } from '../store/copy.ts';
import type { Database } from '../store/schema.ts';
import type { Workspace } from './workspace.ts';
import { INGEST_LOCK } from './trajectory-store.ts';
import { EVENT_COLUMNS, arrayElement, storedName, type PreparedMessage } from './ingest-prepare.ts';

export interface StoreCounts {
  accepted: number;
  duplicates: number;
}

/** A message whose identification was already used by a different message (reported after the batch). */
export interface ReusedIdentification {
  readonly file: string;
  readonly line: number;
  readonly path: string;
  readonly message: string;
}

/** Rows per insert statement: bounds the size of one statement for batches of very large messages. */
const MAX_ROWS_PER_STATEMENT = 20_000;

/** One column of `rows` as a PostgreSQL array literal, made in one pass (see arrayElement). */
function column<T>(rows: readonly T[], pick: (row: T) => string | number | null): string {
  const parts = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) parts[i] = arrayElement(pick(rows[i]!));
  return `{${parts.join(',')}}`;
}

const EVENT_COLUMN_NAMES = EVENT_COLUMNS.map((c) => c.name);
const MESSAGE_COLUMNS = ['sender', 'identification', 'sent_on', 'message_type', 'receiver', 'content_hash', 'source_file', 'received_at'];

/** PostgreSQL's unique_violation: the fast path met an identification already stored. */
const isUniqueViolation = (e: unknown): boolean => (e as { code?: unknown } | null)?.code === '23505';

/** The fast path met an identification that is already stored: the batch is stored again, sorted out. */
class IdentificationTaken extends Error {}

/**
 * Inserts the messages of `candidates` (one per identification) that are not stored yet; returns
 * the keys inserted. `sortOut` false: one COPY of all of them, which fails (IdentificationTaken) when
 * one is stored already; true: only the new ones go in.
 */
async function insertMessages(trx: Transaction<Database>, candidates: readonly PreparedMessage[], receivedAt: string, sortOut: boolean): Promise<Set<string>> {
  if (!sortOut) {
    let data = '';
    for (const b of candidates) data += copyLine([b.sender, b.identification, b.sentOn, b.type, b.receiver, b.hash, storedName(b.file), receivedAt]);
    try {
      await copyFrom(trx, 'ijw_message', MESSAGE_COLUMNS, data);
    } catch (e) {
      throw isUniqueViolation(e) ? new IdentificationTaken() : e;
    }
    return new Set(candidates.map((b) => b.key));
  }
  // Some are stored already: insert what is new, leave the rest alone, and learn which went in.
  const inserted = new Set<string>();
  for (let i = 0; i < candidates.length; i += MAX_ROWS_PER_STATEMENT) {
    const part = candidates.slice(i, i + MAX_ROWS_PER_STATEMENT);
    const r = await sql<{ k: string }>`
      insert into ijw_message (sender, identification, sent_on, message_type, receiver, content_hash, source_file, received_at)
      select s, i, d, t, r, h, f, ${receivedAt}::timestamptz
      from unnest(${column(part, (b) => b.sender)}::text[], ${column(part, (b) => b.identification)}::text[], ${column(part, (b) => b.sentOn)}::date[],
                  ${column(part, (b) => b.type)}::text[], ${column(part, (b) => b.receiver)}::text[], ${column(part, (b) => b.hash)}::text[],
                  ${column(part, (b) => storedName(b.file))}::text[]) as m (s, i, d, t, r, h, f)
      on conflict (sender, identification, sent_on) do nothing
      returning sender || '|' || identification || '|' || to_char(sent_on, 'YYYY-MM-DD') as k`.execute(trx);
    for (const row of r.rows) inserted.add(row.k);
  }
  return inserted;
}

/**
 * Stores the fresh messages of `batch` and their events, and queues their young people for the
 * trajectory rebuild, all in one transaction; returns what was accepted and which messages reuse an
 * identification. A second delivery of a stored message (same bytes) counts as a duplicate.
 *
 * `durable` false: the transaction commits without waiting for its WAL to reach the disk
 * (synchronous_commit off for this transaction only). An ingest stores its batches so and the last
 * one durably, which flushes the earlier ones with it; a crash in between can lose only batches
 * whose files a new ingest stores again (decisions §25). Atomicity is the same either way.
 */
export async function storeBatch(ws: Workspace, batch: readonly PreparedMessage[], receivedAt: string, durable = true): Promise<StoreCounts & { reused: ReusedIdentification[] }> {
  try {
    return await storeBatchOnce(ws, batch, receivedAt, durable, false);
  } catch (e) {
    if (!(e instanceof IdentificationTaken)) throw e;
    return storeBatchOnce(ws, batch, receivedAt, durable, true);
  }
}

async function storeBatchOnce(ws: Workspace, batch: readonly PreparedMessage[], receivedAt: string, durable: boolean, sortOut: boolean): Promise<StoreCounts & { reused: ReusedIdentification[] }> {
  const reused: ReusedIdentification[] = [];
  const counts: StoreCounts = { accepted: 0, duplicates: 0 };
  await ws.store.db.transaction().execute(async (trx) => {
    // One ingest at a time per database: concurrent ingests of overlapping folders then see each
    // other's messages and count them as duplicates, never twice. (One statement, also for the
    // commit setting: on the embedded database every statement costs a round trip.)
    await (durable
      ? sql`select pg_advisory_xact_lock(${sql.lit(INGEST_LOCK)})`
      : sql`select pg_advisory_xact_lock(${sql.lit(INGEST_LOCK)}), set_config('synchronous_commit', 'off', true)`
    ).execute(trx);
    // Within the batch, the first of two messages with one identification wins (as one by one).
    const firstOfKey = new Map<string, PreparedMessage>();
    for (const b of batch) if (!firstOfKey.has(b.key)) firstOfKey.set(b.key, b);
    // Insert what is new (insertMessages); an identification already stored is left alone, and only
    // those few are looked up afterwards.
    const candidates = [...firstOfKey.values()];
    const inserted = await insertMessages(trx, candidates, receivedAt, sortOut);
    const fresh = candidates.filter((b) => inserted.has(b.key));
    const known = new Map(fresh.map((b) => [b.key, b.hash]));
    const stored = candidates.filter((b) => !inserted.has(b.key));
    if (stored.length > 0) {
      // The key is made in SQL: PGlite drops a byte-order mark that starts a text value it returns,
      // and an identification may start with one (U+FEFF is not white space to the XSD).
      const existing = await sql<{ k: string; content_hash: string }>`
        select m.sender || '|' || m.identification || '|' || to_char(m.sent_on, 'YYYY-MM-DD') as k, m.content_hash
        from ijw_message m
        join (select distinct s, i from unnest(${column(stored, (b) => b.sender)}::text[], ${column(stored, (b) => b.identification)}::text[]) as u (s, i)) k (sender, identification)
          using (sender, identification)`.execute(trx);
      for (const e of existing.rows) known.set(e.k, e.content_hash);
    }
    // Duplicates and reused identifications, in the batch's order (as a one-by-one run reports them).
    const freshSet = new Set(fresh);
    for (const b of batch) {
      if (freshSet.has(b)) continue;
      if (known.get(b.key) === b.hash) counts.duplicates++;
      else reused.push({ file: b.file, line: b.identificationLine, path: b.identificationPath, message: `message identification ${b.identification} of ${b.sender} (${b.sentOn}) was already used by a different message` });
    }
    // Events in COPYs of at most MAX_ROWS_PER_STATEMENT rows (a message's rows stay together).
    let data = '';
    let rows = 0;
    const touched = new Set<string>();
    for (const b of fresh) {
      if (b.eventCount === 0) continue;
      if (rows + b.eventCount > MAX_ROWS_PER_STATEMENT && rows > 0) {
        await copyFrom(trx, 'care_event', EVENT_COLUMN_NAMES, data);
        data = '';
        rows = 0;
      }
      data += b.eventCopy;
      rows += b.eventCount;
      for (const p of b.pseudonyms) touched.add(p);
    }
    if (rows > 0) await copyFrom(trx, 'care_event', EVENT_COLUMN_NAMES, data);
    // The young people whose trajectories must be rebuilt (see trajectory-store.ts); in the same
    // transaction as their events, so a killed ingest never leaves figures behind its events.
    const people = [...touched];
    for (let i = 0; i < people.length; i += MAX_ROWS_PER_STATEMENT) {
      await sql`insert into trajectory_dirty (pseudonym) select * from unnest(${column(people.slice(i, i + MAX_ROWS_PER_STATEMENT), (p) => p)}::text[]) on conflict (pseudonym) do nothing`.execute(trx);
    }
    counts.accepted = fresh.length;
  });
  return { ...counts, reused };
}
