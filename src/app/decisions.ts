// Decisions taken by a viewer (the region role), through the web or the CLI, with the same rules and
// ledger entries [issue 13 "Decisions through the web"]: allocation, payment run, adjustment, keys,
// settlement, provider registration.
// The viewer is the ledger's actor; every decision, and every refused one, is in the audit log.
import { assertMay } from '../domain/access/policy.ts';
import type { Viewer } from '../domain/access/viewer.ts';
import type { AllocationPlan } from '../domain/allocation-rules.ts';
import type { AdjustmentRequestJson, Decision } from '../domain/decisions.ts';
import { Refusal } from '../domain/errors.ts';
import { audit } from './accounts.ts';
import { settlementFromFile } from './imports.ts';
import { settlementFromReports } from './financial-reports.ts';
import type { Recorded } from './money-engine.ts';
import type { Workspace } from './workspace.ts';

/** Records a decision as the viewer: refused unless its role records decisions; audited either way. */
export async function decide<D extends Decision>(viewer: Viewer, ws: Workspace, decision: D, reason: string): Promise<Recorded<D>> {
  assertMay(viewer, 'decision.record');
  try {
    const r = await ws.engine.record(decision, reason, viewer.login);
    await audit(ws, viewer, 'decision', { seq: r.seq, kind: decision.kind });
    return r;
  } catch (e) {
    if (e instanceof Refusal) await audit(ws, viewer, 'decision-refused', { kind: decision.kind, code: e.code });
    throw e;
  }
}

/** Allocates a year by a plan, or by the latest earlier year's plan again. */
export async function allocateYear(viewer: Viewer, ws: Workspace, year: number, plan: AllocationPlan | undefined, reason: string) {
  assertMay(viewer, 'decision.record');
  let p = plan;
  if (!p) {
    const state = await ws.engine.state();
    const earlier = Object.values(state.years).filter((x) => x.year < year).sort((a, b) => b.year - a.year)[0];
    if (!earlier) throw new Refusal('NO_EARLIER_PLAN', { year });
    p = { ...earlier.plan, year };
  }
  return decide(viewer, ws, { kind: 'allocation', plan: p }, reason);
}

export function payInstalment(viewer: Viewer, ws: Workspace, year: number, month: number, reason: string) {
  return decide(viewer, ws, { kind: 'payment.run', year, month }, reason);
}

/** An adjustment; without fromMonth it applies from the first month not yet paid. */
export async function adjustLumpSum(viewer: Viewer, ws: Workspace, request: Omit<AdjustmentRequestJson, 'fromMonth'> & { fromMonth?: number }, reason: string) {
  assertMay(viewer, 'decision.record');
  const paidThrough = (await ws.engine.state()).years[request.year]?.paidThrough ?? 0;
  const fromMonth = request.fromMonth ?? Math.min(paidThrough + 1, 12);
  return decide(viewer, ws, { kind: 'adjustment', request: { ...request, fromMonth } }, reason);
}

export function setKeys(viewer: Viewer, ws: Workspace, year: number, keys: Readonly<Record<string, string>>, basis: string, reason: string) {
  return decide(viewer, ws, { kind: 'keys.set', year, keys, basis }, reason);
}

/**
 * Settles a year: from the providers' M12 reports, attributed per municipality by days in care; or,
 * with a cost file (CSV or XLSX: provider, municipality, cost_eur or cost_cents), from that file as
 * an explicit override, recorded as such. A file with problems is refused with all of them, and
 * audited as a refused decision like a rule's refusal.
 */
export async function settleYear(viewer: Viewer, ws: Workspace, year: number, costFile: string | undefined, reason: string, thresholdPct?: string) {
  assertMay(viewer, 'decision.record');
  let decision;
  try {
    decision = costFile === undefined ? await settlementFromReports(ws, year, thresholdPct) : await settlementFromFile(ws, year, costFile, thresholdPct);
  } catch (e) {
    if (e instanceof Refusal) await audit(ws, viewer, 'decision-refused', { kind: 'settlement', code: e.code });
    throw e;
  }
  const settled = await decide(viewer, ws, decision, reason);
  // A region that settles between municipalities by realisation (Eemland) trues up right after.
  if (!ws.region.settlementPolicy.municipalityTrueUp) return settled;
  const costs = new Map<string, bigint>();
  for (const c of decision.costs) costs.set(c.municipality, (costs.get(c.municipality) ?? 0n) + BigInt(c.costCents));
  const trueUp = await decide(
    viewer,
    ws,
    {
      kind: 'settlement.trueup',
      year,
      costs: [...costs].map(([municipality, cents]) => ({ municipality, costCents: cents.toString() })),
      reports: decision.source?.kind === 'reports' ? decision.source.reports : [],
    },
    `${reason}: verrekening tussen gemeenten naar realisatie`,
  );
  return { ...settled, trueUp };
}

/** Registers a provider in the one registry, or changes its name or AGB codes (left out: kept). */
export function registerProvider(viewer: Viewer, ws: Workspace, provider: { code: string; name: string; agbCodes?: readonly string[] }, reason: string) {
  return decide(viewer, ws, { kind: 'provider.register', providers: [provider] }, reason);
}
