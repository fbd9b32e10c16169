// The money engine as a fold over the ledger: state = decisions applied in order. The same function
// records a new decision and replays the ledger, so a rebuild gives exactly the stored figures.
import type { Decision, ResultOf } from './decisions.ts';
import type { Region } from './region.ts';
import { applyBudgetImport, applyKeys } from './engine-budget.ts';
import { applyAdjustment, applyAllocation, applyPaymentRun, applySettlement } from './engine-year.ts';
import { emptyState, type EngineState } from './engine-state.ts';
import { register } from './provider-registry.ts';
import { applyTender, isTenderDecision, selectedOf, type TenderDecision } from './tender-record.ts';
import { applyReportSubmit, applySignalStatus, applyTrueUp } from './engine-reports.ts';

export * from './engine-state.ts';
export { requireYear } from './engine-year.ts';

export interface Applied<D extends Decision = Decision> {
  readonly state: EngineState;
  /** The figures the decision produced, as recorded in the ledger (amounts as strings). */
  readonly result: ResultOf<D['kind']>;
}

/** Reallocates a year with its own plan, keeping the seq of its allocation entry. */
function reallocate(state: EngineState, region: Region, year: number): EngineState {
  const y = state.years[year]!;
  return applyAllocation(state, region, y.plan, y.allocationSeq).state;
}

/** Applies one decision; refuses (throws a Refusal) when a rule forbids it. Never mutates `before`. */
export function applyDecision<D extends Decision>(before: EngineState, region: Region, decision: D, seq: number): Applied<D> {
  return dispatch(before, region, decision, seq) as Applied<D>;
}

function dispatch(before: EngineState, region: Region, decision: Decision, seq: number): Applied {
  if (isTenderDecision(decision)) return applyTenderStep(before, region, decision, seq);
  switch (decision.kind) {
    case 'budget.import':
      return applyBudgetImport(before, region, decision, seq, reallocate);
    case 'keys.set':
      return applyKeys(before, region, decision, seq, reallocate);
    case 'allocation':
      return applyAllocation(before, region, decision.plan, seq);
    case 'payment.run':
      return applyPaymentRun(before, region, decision, seq);
    case 'adjustment':
      return applyAdjustment(before, region, decision, seq);
    case 'settlement':
      return applySettlement(before, region, decision, seq);
    case 'report.submit':
      return applyReportSubmit(before, region, decision, seq);
    case 'settlement.trueup':
      return applyTrueUp(before, region, decision, seq);
    case 'signal.status':
      return applySignalStatus(before, decision, seq);
    case 'provider.register': {
      const providers = register(before.providers, decision.providers, seq);
      return {
        state: { ...before, providers },
        result: { providers: decision.providers.map((p) => ({ code: p.code, name: providers[p.code]!.name, agbCodes: [...providers[p.code]!.agbCodes] })) },
      };
    }
  }
}

/** A step of a tender; the final selection also registers the selected bidders as providers. */
function applyTenderStep(before: EngineState, region: Region, decision: TenderDecision, seq: number): Applied {
  const areas = region.areas.map((a) => a.id);
  const { tenders, result } = applyTender(before.tenders, decision, seq, { themes: region.themes.map((t) => t.code), areas });
  let providers = before.providers;
  if (decision.kind === 'tender.award') {
    const t = tenders[decision.tender]!;
    providers = register(providers, selectedOf(t).map((code) => ({ code, name: t.bidders[code]?.name ?? code, ...(t.bidders[code]?.agb ? { agbCodes: [...new Set([...(providers[code]?.agbCodes ?? []), t.bidders[code]!.agb!])] } : {}) })), seq);
  }
  return { state: { ...before, tenders, providers }, result };
}

/** Replays a whole ledger; `regionOf` gives the rules each entry was decided under. */
export function replay(region: Region | ((rulesVersion: number | undefined) => Region), entries: readonly { seq: number; decision: Decision; rulesVersion?: number }[]): EngineState {
  const regionOf = typeof region === 'function' ? region : () => region;
  let state = emptyState(regionOf(undefined));
  for (const e of entries) state = applyDecision(state, regionOf(e.rulesVersion), e.decision, e.seq).state;
  return state;
}
