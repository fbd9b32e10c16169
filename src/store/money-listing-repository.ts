// Reads of the money projections for the listings (lump sums, payments, the years' status): the
// tables projection-repository.ts writes from the ledger. Reads only.
import type { Kysely } from 'kysely';
import type { Database, YearStatusTable } from './schema.ts';

export interface LumpSumListingRow {
  readonly provider: string;
  readonly name: string;
  readonly theme: string;
  readonly municipality: string;
  readonly amount_cents: string;
}

/** Lump sums of a year (of one provider), ordered by provider, theme, municipality. */
export async function lumpSumRows(db: Kysely<Database>, year: number, provider?: string): Promise<LumpSumListingRow[]> {
  let q = db
    .selectFrom('lump_sum')
    .innerJoin('provider', 'provider.code', 'lump_sum.provider')
    .select(['lump_sum.provider', 'provider.name', 'lump_sum.theme', 'lump_sum.municipality', 'lump_sum.amount_cents'])
    .where('lump_sum.year', '=', year);
  if (provider) q = q.where('lump_sum.provider', '=', provider);
  return q.orderBy('lump_sum.provider').orderBy('lump_sum.theme').orderBy('lump_sum.municipality').execute();
}

/** The providers with a lump sum in a year, in code order. */
export async function providersWithLumpSums(db: Kysely<Database>, year: number): Promise<string[]> {
  return (await db.selectFrom('lump_sum').select('provider').distinct().where('year', '=', year).orderBy('provider').execute()).map((r) => r.provider);
}

export interface PaymentListingRow {
  readonly provider: string;
  readonly municipality: string;
  readonly month: number;
  readonly amount_cents: string;
  readonly paid: boolean;
}

/** The payment schedule of a year (of one provider), ordered by provider, municipality, month. */
export async function paymentRows(db: Kysely<Database>, year: number, provider?: string): Promise<PaymentListingRow[]> {
  let q = db.selectFrom('payment').select(['provider', 'municipality', 'month', 'amount_cents', 'paid']).where('year', '=', year);
  if (provider) q = q.where('provider', '=', provider);
  return q.orderBy('provider').orderBy('municipality').orderBy('month').execute();
}

export async function yearStatusRow(db: Kysely<Database>, year: number): Promise<YearStatusTable | undefined> {
  return db.selectFrom('year_status').selectAll().where('year', '=', year).executeTakeFirst();
}

/** The years with an allocation, in order. */
export async function allocatedYearList(db: Kysely<Database>): Promise<number[]> {
  return (await db.selectFrom('year_status').select('year').orderBy('year').execute()).map((r) => r.year);
}
