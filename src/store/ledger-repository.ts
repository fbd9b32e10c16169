// The ledger table: append and read. The database itself refuses updates and deletes (see the
// migration's trigger); this repository offers no way to attempt them.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Decision, LedgerEntry } from '../domain/decisions.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** Serialises writers across processes: one decision at a time sees the whole ledger. */
export async function lockLedger(trx: Transaction<Database>): Promise<void> {
  await sql`select pg_advisory_xact_lock(4242001)`.execute(trx);
}

export async function appendEntry(
  db: Db,
  entry: { recordedAt: string; actor: string; reason: string; decision: Decision; result: unknown },
): Promise<number> {
  const row = await db
    .insertInto('ledger_entry')
    .values({
      recorded_at: entry.recordedAt,
      actor: entry.actor,
      kind: entry.decision.kind,
      reason: entry.reason,
      decision: JSON.stringify(entry.decision),
      result: JSON.stringify(entry.result ?? {}),
    })
    .returning('seq')
    .executeTakeFirstOrThrow();
  return Number(row.seq);
}

export async function readEntries(db: Db): Promise<LedgerEntry[]> {
  const rows = await db
    .selectFrom('ledger_entry')
    .select(['seq', 'recorded_at', 'actor', 'reason', 'decision', 'result'])
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    seq: Number(r.seq),
    recordedAt: new Date(r.recorded_at).toISOString(),
    actor: r.actor,
    reason: r.reason,
    decision: r.decision as Decision,
    result: r.result,
  }));
}
