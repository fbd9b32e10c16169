// The ledger table: append and read. The database itself refuses updates and deletes (see the
// migration's trigger); this repository offers no way to attempt them. Numbers are gapless: an entry
// takes max(seq) + 1 under the ledger's lock, inside the transaction that records it, so a refused or
// failed decision leaves no hole.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Decision, LedgerEntry } from '../domain/decisions.ts';
import type { Region } from '../domain/region.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** Serialises writers across processes: one decision at a time sees the whole ledger. */
export async function lockLedger(trx: Transaction<Database>): Promise<void> {
  await sql`select pg_advisory_xact_lock(4242001)`.execute(trx);
}

/** Appends an entry as number max + 1; call under lockLedger in the same transaction. Returns its number. */
export async function appendEntry(
  trx: Transaction<Database>,
  entry: { recordedAt: string; actor: string; reason: string; rulesVersion: number; decision: Decision; result: unknown },
): Promise<number> {
  const { rows } = await sql<{ seq: string }>`
    insert into ledger_entry (seq, recorded_at, actor, kind, reason, rules_version, decision, result)
    select coalesce(max(seq), 0) + 1, ${entry.recordedAt}::timestamptz, ${entry.actor}::text, ${entry.decision.kind}::text, ${entry.reason}::text, ${entry.rulesVersion}::integer,
           ${JSON.stringify(entry.decision)}::jsonb, ${JSON.stringify(entry.result ?? {}, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}::jsonb
    from ledger_entry
    returning seq`.execute(trx);
  return Number(rows[0]!.seq);
}

/** The number of the ledger's last entry (0 when empty): the ledger's version, since it only grows, without gaps. */
export async function ledgerHead(db: Db): Promise<number> {
  const row = await db.selectFrom('ledger_entry').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
  return Number(row?.seq ?? 0);
}

export async function readEntries(db: Db): Promise<LedgerEntry[]> {
  const rows = await db
    .selectFrom('ledger_entry')
    .select(['seq', 'recorded_at', 'actor', 'reason', 'rules_version', 'decision', 'result'])
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    seq: Number(r.seq),
    recordedAt: new Date(r.recorded_at).toISOString(),
    actor: r.actor,
    reason: r.reason,
    rulesVersion: Number(r.rules_version),
    decision: r.decision as Decision,
    result: r.result,
  }));
}

/** Every version of the region's rules, oldest first. */
export async function readRulesVersions(db: Db): Promise<{ version: number; region: Region }[]> {
  const rows = await db.selectFrom('region_rules').select(['version', 'config']).orderBy('version').execute();
  return rows.map((r) => ({ version: Number(r.version), region: Object.freeze(r.config) as Region }));
}

/** Records a version of the region's rules (init stores version 1). */
export async function recordRulesVersion(db: Db, version: number, region: Region): Promise<void> {
  // Adopted budgets live in the ledger (budget.import entries), not in the rules.
  await db.insertInto('region_rules').values({ version, config: JSON.stringify({ ...region, budgets: [] }) }).execute();
}
