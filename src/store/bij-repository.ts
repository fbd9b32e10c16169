// The providers' CBS deliveries: a log of every delivery, and the records of each provider's half
// year, replaced as a whole by its latest delivery [issue 15; migration 019].
import type { Kysely, Transaction } from 'kysely';
import type { BijRecord, Measurement } from '../domain/bij.ts';
import type { Database } from './schema.ts';
import { noteMonitorChange } from './coverage-repository.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface StoredBijRecord extends BijRecord {
  readonly provider: string;
  readonly period: string;
}

export interface BijDeliveryLog {
  readonly id: string;
  readonly provider: string;
  readonly period: string;
  readonly deliveredOn: string;
  readonly deliveredAt: string;
  readonly login: string;
  readonly source: string;
  readonly rowsRead: number;
  readonly records: number;
  readonly merged: number;
  readonly replaced: number;
  readonly late: boolean;
}

/** Rows per insert statement: well under PostgreSQL's 65,535 parameters (16 columns). */
const CHUNK = 1000;

/**
 * Replaces a provider's records of a half year by a delivery's, and logs the delivery, in one
 * transaction; the monitor's data version moves on. Gives how many records were replaced.
 */
export async function replaceBijPeriod(
  db: Kysely<Database>,
  delivery: { provider: string; period: string; deliveredOn: string; login: string; source: string; rowsRead: number; merged: number; late: boolean },
  records: readonly BijRecord[],
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const gone = await trx.deleteFrom('bij_record').where('provider', '=', delivery.provider).where('period', '=', delivery.period).executeTakeFirst();
    const replaced = Number(gone.numDeletedRows ?? 0n);
    for (let i = 0; i < records.length; i += CHUNK) {
      await trx
        .insertInto('bij_record')
        .values(
          records.slice(i, i + CHUNK).map((r) => ({
            provider: delivery.provider,
            period: delivery.period,
            person: r.person,
            care_form: r.careForm,
            start_date: r.start,
            has_bsn: r.hasBsn,
            birth_month: r.birthMonth,
            gender: r.gender,
            pc4: r.pc4 ?? null,
            municipality: r.municipality ?? null,
            referrer: r.referrer,
            crisis: r.crisis,
            end_date: r.end ?? null,
            end_reason: r.endReason ?? null,
            measurements: JSON.stringify(r.measurements),
          })),
        )
        .execute();
    }
    await trx
      .insertInto('bij_delivery')
      .values({
        provider: delivery.provider,
        period: delivery.period,
        delivered_on: delivery.deliveredOn,
        login: delivery.login,
        source: delivery.source,
        rows_read: delivery.rowsRead,
        records: records.length,
        merged: delivery.merged,
        replaced,
        late: delivery.late,
      })
      .execute();
    await noteMonitorChange(trx, `bij ${delivery.provider} ${delivery.period}`);
    return replaced;
  });
}

function fromRow(r: Database['bij_record'] extends infer T ? { [K in keyof T]: T[K] } : never): StoredBijRecord {
  return {
    provider: r.provider,
    period: r.period,
    person: r.person,
    hasBsn: r.has_bsn,
    birthMonth: r.birth_month,
    gender: r.gender as BijRecord['gender'],
    ...(r.pc4 ? { pc4: r.pc4 } : {}),
    ...(r.municipality ? { municipality: r.municipality } : {}),
    referrer: r.referrer,
    careForm: r.care_form,
    crisis: r.crisis,
    start: r.start_date,
    ...(r.end_date ? { end: r.end_date, endReason: r.end_reason ?? undefined } : {}),
    measurements: JSON.parse(r.measurements) as Measurement[],
  } as StoredBijRecord;
}

/** The records of the given half years (every provider). */
export async function bijRecordsOf(db: Db, periods: readonly string[]): Promise<StoredBijRecord[]> {
  if (periods.length === 0) return [];
  const rows = await db.selectFrom('bij_record').selectAll().where('period', 'in', periods).execute();
  return rows.map(fromRow);
}

/** Every record's young person and start (both of every half year): the starts "no new start" looks for. */
export async function bijStarts(db: Db, from: string, to: string): Promise<{ person: string; start: string }[]> {
  return db.selectFrom('bij_record').select(['person', 'start_date as start']).where('start_date', '>=', from).where('start_date', '<=', to).execute();
}

/** The delivery log, newest first; for one provider when given. */
export async function bijDeliveries(db: Db, provider?: string): Promise<BijDeliveryLog[]> {
  let q = db.selectFrom('bij_delivery').selectAll().orderBy('id', 'desc');
  if (provider !== undefined) q = q.where('provider', '=', provider);
  return (await q.execute()).map((r) => ({
    id: r.id,
    provider: r.provider,
    period: r.period,
    deliveredOn: r.delivered_on,
    deliveredAt: r.delivered_at,
    login: r.login,
    source: r.source,
    rowsRead: r.rows_read,
    records: r.records,
    merged: r.merged,
    replaced: r.replaced,
    late: r.late,
  }));
}

/** The half years each provider has delivered (latest delivery counts). */
export async function deliveredPeriods(db: Db): Promise<Map<string, Set<string>>> {
  const rows = await db.selectFrom('bij_delivery').select(['provider', 'period']).distinct().execute();
  const map = new Map<string, Set<string>>();
  for (const r of rows) {
    const s = map.get(r.period) ?? new Set<string>();
    s.add(r.provider);
    map.set(r.period, s);
  }
  return map;
}

/** Whether an AGB code sends messages in the traffic (its trajectories). */
export async function agbInTraffic(db: Db, agb: string): Promise<boolean> {
  const row = await db.selectFrom('trajectory').select('provider').where('provider', '=', agb).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** The latest delivery date in the log (null before the first delivery). */
export async function latestBijDeliveryDate(db: Db): Promise<string | null> {
  const row = await db.selectFrom('bij_delivery').select((eb) => eb.fn.max('delivered_on').as('latest')).executeTakeFirst();
  return (row?.latest as string | null | undefined) ?? null;
}
