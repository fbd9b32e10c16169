// Derived tables: what the ledger's decisions add up to, stored for fast reading. They are rewritten
// per affected year after every decision and can be rebuilt from the ledger at any time.
import type { Kysely, Transaction } from 'kysely';
import { paymentRulesOf, paymentsOf, type EngineState } from '../domain/engine.ts';
import type { Region } from '../domain/region.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface ProjectionRows {
  budgetLines: { year: number; municipality: string; line: string; amount_cents: string; ledger_seq: number }[];
  providers: { code: string; name: string }[];
  providerAgbs: { agb: string; provider: string }[];
  yearStatus: { year: number; allocation_seq: number; keys_basis: string; paid_through: number; settlement_seq: number | null }[];
  lumpSums: { year: number; provider: string; theme: string; municipality: string; amount_cents: string }[];
  payments: { year: number; provider: string; municipality: string; month: number; amount_cents: string; paid: boolean }[];
  adjustments: { ledger_seq: number; year: number; provider: string; decided_on: string; reason: string; delta_cents: string; from_month: number; explicit_split: boolean }[];
  settlementLines: { year: number; provider: string; municipality: string; contribution_cents: string; cost_cents: string }[];
  settlementMunicipalities: {
    year: number;
    municipality: string;
    contribution_cents: string;
    cost_cents: string;
    contribution_share_pct: string;
    cost_share_pct: string;
    deviation_pct: string;
    flagged: boolean;
  }[];
}

/** The rows the state implies, in a canonical order (so two projections compare with deep equality). */
export function projectionOf(state: EngineState, region: Region): ProjectionRows {
  const rules = paymentRulesOf(region);
  const years = Object.values(state.years).sort((a, b) => a.year - b.year);
  const rows: ProjectionRows = {
    budgetLines: state.budgets.flatMap((b) =>
      b.lines.map((l) => ({ year: b.year, municipality: b.municipality, line: l.line, amount_cents: l.amountCents.toString(), ledger_seq: b.seq })),
    ),
    providers: Object.values(state.providers).map((p) => ({ code: p.code, name: p.name })),
    providerAgbs: Object.values(state.providers).flatMap((p) => p.agbCodes.map((agb) => ({ agb, provider: p.code }))),
    yearStatus: years.map((y) => ({
      year: y.year,
      allocation_seq: y.allocationSeq,
      keys_basis: y.keysBasis,
      paid_through: y.paidThrough,
      settlement_seq: y.settlement?.seq ?? null,
    })),
    lumpSums: years.flatMap((y) => y.cells.map((c) => ({ year: y.year, provider: c.provider, theme: c.theme, municipality: c.municipality, amount_cents: c.amountCents.toString() }))),
    payments: years.flatMap((y) =>
      paymentsOf(y, rules).map((p) => ({ year: y.year, provider: p.provider, municipality: p.municipality, month: p.month, amount_cents: p.amountCents.toString(), paid: p.paid })),
    ),
    adjustments: years.flatMap((y) =>
      y.adjustments.map((a) => ({
        ledger_seq: a.seq,
        year: y.year,
        provider: a.provider,
        decided_on: a.date,
        reason: a.reason,
        delta_cents: a.deltaCents.toString(),
        from_month: a.fromMonth,
        explicit_split: a.explicit,
      })),
    ),
    settlementLines: years.flatMap((y) =>
      (y.settlement?.cells ?? []).map((c) => ({ year: y.year, provider: c.provider, municipality: c.municipality, contribution_cents: c.contributionCents.toString(), cost_cents: c.costCents.toString() })),
    ),
    settlementMunicipalities: years.flatMap((y) =>
      (y.settlement?.municipalities ?? []).map((m) => ({
        year: y.year,
        municipality: m.municipality,
        contribution_cents: m.contributionCents.toString(),
        cost_cents: m.costCents.toString(),
        contribution_share_pct: m.contributionSharePct,
        cost_share_pct: m.costSharePct,
        deviation_pct: m.deviationPct,
        flagged: m.flagged,
      })),
    ),
  };
  return sortRows(rows);
}

function sortRows(rows: ProjectionRows): ProjectionRows {
  const by = <T>(keys: (keyof T)[]) => (a: T, b: T) => {
    for (const k of keys) {
      const x = a[k] as unknown as string | number;
      const y = b[k] as unknown as string | number;
      if (x < y) return -1;
      if (x > y) return 1;
    }
    return 0;
  };
  rows.budgetLines.sort(by(['year', 'municipality', 'line']));
  rows.providers.sort(by(['code']));
  rows.providerAgbs.sort(by(['agb']));
  rows.yearStatus.sort(by(['year']));
  rows.lumpSums.sort(by(['year', 'provider', 'theme', 'municipality']));
  rows.payments.sort(by(['year', 'provider', 'municipality', 'month']));
  rows.adjustments.sort(by(['ledger_seq']));
  rows.settlementLines.sort(by(['year', 'provider', 'municipality']));
  rows.settlementMunicipalities.sort(by(['year', 'municipality']));
  return rows;
}

const YEAR_TABLES = ['year_status', 'lump_sum', 'payment', 'adjustment', 'settlement_line', 'settlement_municipality'] as const;

async function insertChunked<T extends keyof Database>(db: Db, table: T, rows: readonly object[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await db.insertInto(table).values(rows.slice(i, i + 500) as never).execute();
  }
}

/** Rewrites the projection for the given years (budget lines and providers always in full: they are small). */
export async function writeProjection(db: Db, state: EngineState, years: readonly number[] | 'all', region: Region): Promise<void> {
  const rows = projectionOf(state, region);
  const inScope = <T extends { year: number }>(list: T[]) => (years === 'all' ? list : list.filter((r) => years.includes(r.year)));
  await db.deleteFrom('budget_line').execute();
  await insertChunked(db, 'budget_line', rows.budgetLines);
  await db.deleteFrom('provider').execute();
  await insertChunked(db, 'provider', rows.providers);
  await db.deleteFrom('provider_agb').execute();
  await insertChunked(db, 'provider_agb', rows.providerAgbs);
  for (const table of YEAR_TABLES) {
    if (years === 'all') await db.deleteFrom(table).execute();
    else if (years.length > 0) await db.deleteFrom(table).where('year', 'in', [...years]).execute();
  }
  await insertChunked(db, 'year_status', inScope(rows.yearStatus));
  await insertChunked(db, 'lump_sum', inScope(rows.lumpSums));
  await insertChunked(db, 'payment', inScope(rows.payments));
  await insertChunked(db, 'adjustment', inScope(rows.adjustments));
  await insertChunked(db, 'settlement_line', inScope(rows.settlementLines));
  await insertChunked(db, 'settlement_municipality', inScope(rows.settlementMunicipalities));
}

/** A calendar date as YYYY-MM-DD, whether the driver gave text or a Date at UTC midnight. */
function dateText(v: unknown): string {
  return v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10);
}

/** Reads the stored projection back in the canonical form of projectionOf. */
export async function readProjection(db: Db): Promise<ProjectionRows> {
  const num = (v: string | number | null) => (v === null ? null : Number(v));
  const rows: ProjectionRows = {
    budgetLines: (await db.selectFrom('budget_line').selectAll().execute()).map((r) => ({ ...r, amount_cents: String(r.amount_cents), ledger_seq: Number(r.ledger_seq) })),
    providers: await db.selectFrom('provider').selectAll().execute(),
    providerAgbs: await db.selectFrom('provider_agb').selectAll().execute(),
    yearStatus: (await db.selectFrom('year_status').selectAll().execute()).map((r) => ({
      ...r,
      allocation_seq: Number(r.allocation_seq),
      settlement_seq: num(r.settlement_seq),
    })),
    lumpSums: (await db.selectFrom('lump_sum').selectAll().execute()).map((r) => ({ ...r, amount_cents: String(r.amount_cents) })),
    payments: (await db.selectFrom('payment').selectAll().execute()).map((r) => ({ ...r, amount_cents: String(r.amount_cents) })),
    adjustments: (await db.selectFrom('adjustment').selectAll().execute()).map((r) => ({
      ...r,
      ledger_seq: Number(r.ledger_seq),
      delta_cents: String(r.delta_cents),
      decided_on: dateText(r.decided_on),
    })),
    settlementLines: (await db.selectFrom('settlement_line').selectAll().execute()).map((r) => ({
      ...r,
      contribution_cents: String(r.contribution_cents),
      cost_cents: String(r.cost_cents),
    })),
    settlementMunicipalities: (await db.selectFrom('settlement_municipality').selectAll().execute()).map((r) => ({
      ...r,
      contribution_cents: String(r.contribution_cents),
      cost_cents: String(r.cost_cents),
      contribution_share_pct: Number(r.contribution_share_pct).toFixed(2),
      cost_share_pct: Number(r.cost_share_pct).toFixed(2),
      deviation_pct: Number(r.deviation_pct).toFixed(2),
    })),
  };
  return sortRows(rows);
}
