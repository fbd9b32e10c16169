// Storing one batch of prepared messages in one transaction: duplicates and reused identifications
// are sorted out under the ingest lock, then each table gets its rows in bulk (messages and events by
// COPY), the young people are queued for the trajectory refresh, and the run's counts move on — all
// or nothing. When one of the batch's identifications is taken (a second delivery), the fast COPY
// fails, the transaction is rolled back and the batch is stored again, sorted out (decisions §25).
import { copyEvents } from '../store/care-event-repository.ts';
import { addCounts } from '../store/ingest-run-repository.ts';
import {
  insertRequestAnswers, copyMessages, IdentificationTaken, inIngestTransaction, insertNewMessages, MAX_ROWS_PER_STATEMENT, storedHashes, type IngestTx, type MessageRow,
} from '../store/ingest-repository.ts';
import { markDirty } from '../store/trajectory-repository.ts';
import type { Workspace } from './workspace.ts';
import { storedName, type PreparedMessage } from './ingest-prepare.ts';

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

const messageRow = (b: PreparedMessage): MessageRow => ({
  sender: b.sender, identification: b.identification, sentOn: b.sentOn, type: b.type, receiver: b.receiver, hash: b.hash, sourceFile: storedName(b.file),
});

/**
 * Inserts the messages of `candidates` (one per identification) that are not stored yet; returns
 * the keys inserted. `sortOut` false: one COPY of all of them, which fails (IdentificationTaken) when
 * one is stored already; true: only the new ones go in.
 */
async function insertMessages(trx: IngestTx, candidates: readonly PreparedMessage[], receivedAt: string, sortOut: boolean): Promise<Set<string>> {
  const rows = candidates.map(messageRow);
  if (sortOut) return insertNewMessages(trx, rows, receivedAt);
  await copyMessages(trx, rows, receivedAt);
  return new Set(candidates.map((b) => b.key));
}

/**
 * Stores the fresh messages of `batch` and their events, and queues their young people for the
 * trajectory refresh, all in one transaction; returns what was accepted and which messages reuse an
 * identification. A second delivery of a stored message (same bytes) counts as a duplicate. With
 * `run`, that ingest run's counts are moved on in the same transaction, so its record always says
 * what is stored.
 *
 * `durable` false: the transaction commits without waiting for its WAL to reach the disk. An ingest
 * stores its batches so and the last one durably, which flushes the earlier ones with it; a crash in
 * between can lose only batches whose files a new ingest stores again (decisions §25). Atomicity is
 * the same either way.
 */
export async function storeBatch(
  ws: Workspace, batch: readonly PreparedMessage[], receivedAt: string, durable = true, run?: number,
): Promise<StoreCounts & { reused: ReusedIdentification[] }> {
  try {
    return await storeBatchOnce(ws, batch, receivedAt, durable, false, run);
  } catch (e) {
    if (!(e instanceof IdentificationTaken)) throw e;
    return storeBatchOnce(ws, batch, receivedAt, durable, true, run);
  }
}

async function storeBatchOnce(
  ws: Workspace, batch: readonly PreparedMessage[], receivedAt: string, durable: boolean, sortOut: boolean, run: number | undefined,
): Promise<StoreCounts & { reused: ReusedIdentification[] }> {
  const reused: ReusedIdentification[] = [];
  const counts: StoreCounts = { accepted: 0, duplicates: 0 };
  await inIngestTransaction(ws.store.db, durable, async (trx) => {
    // Within the batch, the first of two messages with one identification wins (as one by one).
    const firstOfKey = new Map<string, PreparedMessage>();
    for (const b of batch) if (!firstOfKey.has(b.key)) firstOfKey.set(b.key, b);
    // Insert what is new; an identification already stored is left alone, and only those few are
    // looked up afterwards.
    const candidates = [...firstOfKey.values()];
    const inserted = await insertMessages(trx, candidates, receivedAt, sortOut);
    const fresh = candidates.filter((b) => inserted.has(b.key));
    const known = new Map(fresh.map((b) => [b.key, b.hash]));
    const stored = candidates.filter((b) => !inserted.has(b.key));
    if (stored.length > 0) for (const [k, h] of await storedHashes(trx, stored)) known.set(k, h);
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
        await copyEvents(trx, data);
        data = '';
        rows = 0;
      }
      data += b.eventCopy;
      rows += b.eventCount;
      for (const p of b.pseudonyms) touched.add(p);
    }
    if (rows > 0) await copyEvents(trx, data);
    // The municipalities' answers (JW319) to the providers' requests, with their message.
    const answers = fresh.filter((b) => b.answer !== undefined);
    if (answers.length > 0) await insertRequestAnswers(trx, answers.map((b) => ({ sender: b.sender, identification: b.identification, sentOn: b.sentOn, provider: b.receiver, answer: b.answer!.answer, reason: b.answer!.reason })));
    // The young people whose trajectories must be rebuilt (trajectory-store.ts), queued with their
    // events: a killed ingest never leaves events that the next refresh would not see.
    await markDirty(trx, [...touched]);
    counts.accepted = fresh.length;
    if (run !== undefined) await addCounts(trx, run, { accepted: counts.accepted, duplicates: counts.duplicates, rejected: 0 });
  });
  return { ...counts, reused };
}
