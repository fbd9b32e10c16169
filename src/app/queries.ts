// Read-side use cases: budgets, lump sums, payments and the ledger, shaped for the CLI and the API.
import { regionBudget, type RegionBudget } from '../domain/budget-rules.ts';
import { monthLabel } from '../domain/payment-schedule.ts';
import { Refusal } from '../domain/errors.ts';
import type { Workspace } from './workspace.ts';
import { providerByAgb, unregisteredProviderCode } from '../domain/provider-registry.ts';
import { allocatedYearList, lumpSumRows, paymentRows, providersWithLumpSums, yearStatusRow } from '../store/money-listing-repository.ts';

/** A listing of a year refuses a year without lump sums and a provider without one in that year (instead of an empty table). */
async function requireListing(ws: Workspace, year: number, provider: string | undefined): Promise<void> {
  if (!(await allocatedYears(ws)).includes(year)) throw new Refusal('YEAR_NOT_ALLOCATED', { year });
  if (provider === undefined) return;
  const known = await providersWithLumpSums(ws.store.db, year);
  if (!known.includes(provider)) throw new Refusal('UNKNOWN_PROVIDER', { provider, year, known });
}

export async function budgetForYear(ws: Workspace, year: number): Promise<RegionBudget> {
  const state = await ws.engine.state();
  return regionBudget(state.budgets, ws.region.budgetPolicy, ws.region.municipalities.map((m) => m.code), year);
}

export interface LumpSumRow {
  provider: string;
  providerName: string;
  theme: string;
  municipality: string;
  amountCents: bigint;
}

export async function lumpSums(ws: Workspace, year: number, provider?: string): Promise<LumpSumRow[]> {
  await requireListing(ws, year, provider);
  const rows = await lumpSumRows(ws.store.db, year, provider);
  return rows.map((r) => ({ provider: r.provider, providerName: r.name, theme: r.theme, municipality: r.municipality, amountCents: BigInt(r.amount_cents) }));
}

export interface PaymentRow {
  provider: string;
  municipality: string;
  month: string;
  amountCents: bigint;
  paid: boolean;
}

export async function payments(ws: Workspace, year: number, provider?: string): Promise<PaymentRow[]> {
  await requireListing(ws, year, provider);
  const rows = await paymentRows(ws.store.db, year, provider);
  return rows.map((r) => ({ provider: r.provider, municipality: r.municipality, month: monthLabel(year, r.month), amountCents: BigInt(r.amount_cents), paid: r.paid }));
}

export async function yearStatus(ws: Workspace, year: number) {
  return yearStatusRow(ws.store.db, year);
}

export async function allocatedYears(ws: Workspace): Promise<number[]> {
  return allocatedYearList(ws.store.db);
}

export interface ProviderListing {
  readonly code: string;
  readonly name: string;
  readonly agbCodes: readonly string[];
  /** Years with a lump sum, and the themes of the latest of them. */
  readonly years: readonly number[];
  readonly themes: readonly string[];
}

/** The provider registry with what the allocations say of each provider. */
export async function providerRegistry(ws: Workspace): Promise<ProviderListing[]> {
  const state = await ws.engine.state();
  const years = Object.values(state.years).sort((a, b) => a.year - b.year);
  return Object.values(state.providers)
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((p) => {
      const active = years.filter((y) => y.plan.providers.some((x) => x.code === p.code));
      const latest = active.at(-1)?.plan.providers.find((x) => x.code === p.code);
      return { code: p.code, name: p.name, agbCodes: p.agbCodes, years: active.map((y) => y.year), themes: latest ? latest.themes.map((t) => t.theme) : [] };
    });
}

/**
 * The registry's code and name of a provider known in the messages by its AGB code: every monitor
 * figure by provider shows them (one provider, one identity). An AGB code no provider in the registry
 * carries shows as AGB-<code> without a name.
 */
export async function providerNames(ws: Workspace): Promise<(agb: string) => { providerCode: string; providerName: string | null }> {
  const byAgb = providerByAgb((await ws.engine.state()).providers);
  return (agb) => {
    const p = byAgb.get(agb);
    return p ? { providerCode: p.code, providerName: p.name } : { providerCode: unregisteredProviderCode(agb), providerName: null };
  };
}
