// The money side as each viewer sees it [issue 13]: budgets, contributions, lump sums and payments
// are adopted in public and visible to every role, a provider's only its own; the ledger (who decided
// what, and why) is the region's; an explanation cites the ledger and is for the region, the
// municipalities and a provider about its own lump sum.
import { withHiddenScores } from '../domain/tender-record.ts';
import { assertMay, outOfScope } from '../domain/access/policy.ts';
import type { Viewer } from '../domain/access/viewer.ts';
import type { Region } from '../domain/region.ts';
import type { Lang } from '../domain/errors.ts';
import { explain, type ExplainQuery } from './explain.ts';
import { budgetForYear, lumpSums, payments, type LumpSumRow, type PaymentRow } from './queries.ts';
import type { Workspace } from './workspace.ts';

const OTHER_PROVIDER = { en: "see another provider's money", nl: 'het geld van een andere aanbieder zien' };

/** The provider a viewer may ask about: a provider viewer only its own (and that one when none is given). */
function providerFor(viewer: Viewer, asked: string | undefined): string | undefined {
  if (viewer.role !== 'provider') return asked;
  if (asked !== undefined && asked !== viewer.provider) throw outOfScope(viewer, OTHER_PROVIDER);
  return viewer.provider;
}

export function regionFor(viewer: Viewer, ws: Workspace): Region {
  assertMay(viewer, 'region.read');
  return ws.region;
}

export async function budgetFor(viewer: Viewer, ws: Workspace, year: number) {
  assertMay(viewer, 'money.read');
  return budgetForYear(ws, year);
}

export async function lumpSumsFor(viewer: Viewer, ws: Workspace, year: number, provider?: string): Promise<LumpSumRow[]> {
  assertMay(viewer, 'money.read');
  return lumpSums(ws, year, providerFor(viewer, provider));
}

export async function paymentsFor(viewer: Viewer, ws: Workspace, year: number, provider?: string): Promise<PaymentRow[]> {
  assertMay(viewer, 'money.read');
  return payments(ws, year, providerFor(viewer, provider));
}

export async function ledgerFor(viewer: Viewer, ws: Workspace) {
  assertMay(viewer, 'ledger.read');
  // An assessor reads the ledger too: scores not every assessor has given yet are shown without their value.
  return withHiddenScores(await ws.engine.entries(), (await ws.engine.state()).tenders);
}

export async function explainFor(viewer: Viewer, ws: Workspace, q: ExplainQuery, lang: Lang = 'nl') {
  assertMay(viewer, 'money.explain');
  return explain(ws, { ...q, provider: providerFor(viewer, q.provider)! }, lang);
}
