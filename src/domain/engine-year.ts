// Decisions on one year's lump sums: allocation, payment runs, the in-year adjustment and the
// settlement [DOMAIN.md §3–4].
import { allocate, contributionOf, lumpSumOf, type AllocationPlan } from './allocation-rules.ts';
import { decideAdjustment } from './adjustment-rules.ts';
import type { AdjustmentDecision, AdjustmentResult, AllocationSummary, PaymentRunDecision, PaymentRunResult, SettlementDecision, SettlementResult } from './decisions.ts';
import { planOf } from './tender-record.ts';
import { Refusal } from './errors.ts';
import { fitsInDatabase, formatEuros, splitByWeights, sum } from './money.ts';
import { instalmentCovering, instalmentEndMonth, instalmentStartMonth, instalmentStartingIn, MONTHS, reschedule } from './payment-schedule.ts';
import { moneyRules, type Region } from './region.ts';
import { settle } from './settlement-rules.ts';
import { registerPlan } from './provider-registry.ts';
import { budgetInputs, buildSchedule, keysFor, municipalityCodes, paymentRulesOf, scheduleKey, type EngineState, type YearState } from './engine-state.ts';

export function requireYear(state: EngineState, year: number): YearState {
  const y = state.years[year];
  if (!y) throw new Refusal('YEAR_NOT_ALLOCATED', { year });
  return y;
}

/** A plan that names a tender as its source must be that tender's accepted distribution, share for share. */
function checkPlanSource(state: EngineState, plan: AllocationPlan): void {
  const { tender, seq } = plan.source!;
  const mismatch = (why: string, nl: string) => new Refusal('PLAN_SOURCE_MISMATCH', { tender, seq, why, nl });
  const t = state.tenders[tender];
  if (!t) throw mismatch('there is no such tender', 'die aanbesteding bestaat niet');
  if (!t.distribution || t.distribution.seq !== seq) throw mismatch(`its accepted distribution is ${t.distribution ? `entry #${t.distribution.seq}` : 'not there yet'}`, `de aanvaarde verdeling is ${t.distribution ? `regel #${t.distribution.seq}` : 'er nog niet'}`);
  const want = planOf(t, plan.year);
  const key = (p: AllocationPlan) => JSON.stringify([p.themes.map((x) => [x.theme, x.sharePct]).sort(), p.providers.map((x) => [x.code, x.themes.map((y) => [y.theme, y.sharePct]).sort()]).sort()]);
  if (key(want) !== key(plan)) throw mismatch('its shares differ from the accepted distribution', 'de aandelen wijken af van de aanvaarde verdeling');
  const who = (p: AllocationPlan) => JSON.stringify(p.providers.map((x) => [x.code, x.name, x.agb ?? '']).sort());
  if (who(want) !== who(plan)) throw mismatch("a provider's name or AGB code differs from its submission", 'de naam of AGB-code van een aanbieder wijkt af van de inschrijving');
}

export function applyAllocation(before: EngineState, region: Region, plan: AllocationPlan, seq: number): { state: EngineState; result: AllocationSummary } {
  const state = structuredClone(before);
  const year = plan.year;
  const existing = state.years[year];
  if (existing?.settlement) throw new Refusal('YEAR_SETTLED', { year, seq: existing.settlement.seq });
  if (existing && existing.paidThrough > 0) throw new Refusal('YEAR_ALREADY_PAYING', { year, what: 'allocation', paidThrough: existing.paidThrough });
  if (existing && existing.adjustments.length > 0) throw new Refusal('YEAR_ALREADY_PAYING', { year, what: 'allocation', adjustmentSeq: existing.adjustments[0]!.seq });
  if (plan.source) checkPlanSource(state, plan);
  const codes = municipalityCodes(region);
  const budgets = budgetInputs(state, region, year);
  const total = sum(budgets.map((b) => b.amountCents));
  if (!fitsInDatabase(total)) throw new Refusal('AMOUNT_TOO_LARGE', { text: `the budget of ${year} (${formatEuros(total)})` });
  const { keys, basis, seq: keysSeq } = keysFor(state, region, year);
  const allocation = allocate(plan, total, keys, codes, region.themes.map((t) => t.code), region.maxProviders);
  state.providers = registerPlan(state.providers, plan, seq);
  state.years[year] = {
    year,
    plan,
    allocationSeq: seq,
    keys,
    keysBasis: basis,
    inputs: { totalCents: total, budgets, ...(keysSeq !== undefined ? { keysSeq } : {}) },
    allocation,
    cells: [...allocation.cells],
    schedule: buildSchedule(allocation.cells, codes, paymentRulesOf(region)),
    paidThrough: 0,
    paymentRuns: [],
    adjustments: [],
  };
  return {
    state,
    result: {
      year,
      totalCents: total.toString(),
      keysBasis: basis,
      providers: plan.providers.map((p) => ({ provider: p.code, lumpSumCents: lumpSumOf(allocation.cells, p.code).toString() })),
      municipalities: allocation.municipalityTotals.map((m) => ({ municipality: m.municipality, amountCents: m.amountCents.toString() })),
    },
  };
}

export function applyPaymentRun(before: EngineState, region: Region, d: PaymentRunDecision, seq: number): { state: EngineState; result: PaymentRunResult } {
  const state = structuredClone(before);
  const rules = paymentRulesOf(region);
  const y = requireYear(state, d.year);
  const next = y.paidThrough >= MONTHS ? undefined : instalmentCovering(y.paidThrough + 1, rules);
  if (next === undefined || instalmentStartingIn(d.month, rules) !== next) {
    throw new Refusal('PAYMENT_RUN_INVALID', { year: d.year, ...(next !== undefined ? { next: instalmentStartMonth(next, rules) } : {}), instalments: rules.instalments });
  }
  y.paidThrough = instalmentEndMonth(next, rules);
  y.paymentRuns.push({ seq, month: d.month });
  const paid = Object.values(y.schedule).map((s) => s[next - 1]!);
  return { state, result: { year: d.year, month: d.month, instalment: next, payments: paid.length, totalCents: sum(paid).toString() } };
}

export function applyAdjustment(before: EngineState, region: Region, d: AdjustmentDecision, seq: number): { state: EngineState; result: AdjustmentResult } {
  const state = structuredClone(before);
  const r = d.request;
  const codes = municipalityCodes(region);
  const rules = moneyRules(region);
  const payment = paymentRulesOf(region);
  const y = requireYear(state, r.year);
  if (!y.plan.providers.some((p) => p.code === r.provider)) throw new Refusal('UNKNOWN_PROVIDER', { provider: r.provider, year: r.year, known: y.plan.providers.map((p) => p.code) });
  if (r.date === undefined) throw new Refusal('DATE_INVALID', { text: '(none)' });
  const prior = y.adjustments.find((a) => a.provider === r.provider);
  const { forecastCostCents, ...rest } = r;
  const request = {
    ...rest,
    date: r.date,
    deltaCents: BigInt(r.deltaCents),
    ...(forecastCostCents === undefined ? {} : { forecastCostCents: BigInt(forecastCostCents) }),
  };
  const regionTotal = sum(y.cells.map((c) => c.amountCents));
  const perMunicipality = decideAdjustment(request, {
    regionId: region.id,
    lumpSumCents: lumpSumOf(y.cells, r.provider),
    contributions: codes.map((m) => ({ municipality: m, amountCents: contributionOf(y.cells, r.provider, m) })),
    paidThrough: y.paidThrough,
    settled: y.settlement !== undefined,
    ...(prior ? { prior: { seq: prior.seq, date: prior.date, reason: prior.reason } } : {}),
    upwardReasonCodes: region.upwardReasons.map((u) => u.code),
    downwardThresholdPct: rules.downwardThresholdPct,
    payment,
    regionTotalCents: regionTotal,
    contractValueCents: y.allocation.totalCents,
  });
  const from = instalmentStartingIn(r.fromMonth, payment)!;
  for (const { municipality, deltaCents } of perMunicipality) {
    if (deltaCents === 0n) continue;
    // Within a municipality the change follows the provider's themes in proportion to their amounts.
    const themeCells = y.cells.filter((c) => c.provider === r.provider && c.municipality === municipality);
    const weights = themeCells.map((c) => c.amountCents);
    const parts = sum(weights) > 0n ? splitByWeights(deltaCents, weights) : splitByWeights(deltaCents, themeCells.map(() => 1n));
    y.cells = y.cells.map((c) => {
      const k = themeCells.indexOf(c);
      return k === -1 ? c : { ...c, amountCents: c.amountCents + parts[k]! };
    });
    const key = scheduleKey(r.provider, municipality);
    y.schedule[key] = reschedule(y.schedule[key]!, contributionOf(y.cells, r.provider, municipality), from, payment);
  }
  const newLumpSum = lumpSumOf(y.cells, r.provider);
  const newTotal = sum(y.cells.map((c) => c.amountCents));
  if (!fitsInDatabase(newTotal)) throw new Refusal('AMOUNT_TOO_LARGE', { text: `the lump sums of ${r.year} (${formatEuros(newTotal)})` });
  y.adjustments.push({
    seq,
    provider: r.provider,
    date: r.date,
    reason: r.reason,
    deltaCents: request.deltaCents,
    fromMonth: r.fromMonth,
    perMunicipality,
    explicit: r.explicitSplit !== undefined,
    ...(r.approval ? { approval: r.approval } : {}),
  });
  return {
    state,
    result: {
      provider: r.provider,
      year: r.year,
      date: r.date,
      newLumpSumCents: newLumpSum.toString(),
      perMunicipality: perMunicipality.map((p) => ({ municipality: p.municipality, deltaCents: p.deltaCents.toString() })),
      regionTotalCents: newTotal.toString(),
      contractValueCents: y.allocation.totalCents.toString(),
      ...(r.approval ? { approval: r.approval } : {}),
    },
  };
}

export function applySettlement(before: EngineState, region: Region, d: SettlementDecision, seq: number): { state: EngineState; result: SettlementResult } {
  const state = structuredClone(before);
  const codes = municipalityCodes(region);
  const y = requireYear(state, d.year);
  if (y.settlement) throw new Refusal('YEAR_SETTLED', { year: d.year, seq: y.settlement.seq });
  if (y.paidThrough < MONTHS) throw new Refusal('SETTLEMENT_NOT_PAID', { year: d.year, paidThrough: y.paidThrough });
  const contributions = y.plan.providers.flatMap((p) => codes.map((m) => ({ provider: p.code, municipality: m, amountCents: contributionOf(y.cells, p.code, m) })));
  const s = settle(d.year, contributions, d.costs.map((c) => ({ ...c, costCents: BigInt(c.costCents) })), codes, d.thresholdPct);
  y.settlement = { ...s, seq };
  return {
    state,
    result: {
      year: d.year,
      totalLumpSumCents: s.totalLumpSumCents.toString(),
      totalCostCents: s.totalCostCents.toString(),
      flagged: s.municipalities.filter((m) => m.flagged).map((m) => m.municipality),
      deficits: s.providers.filter((p) => p.resultCents < 0n).map((p) => p.provider),
    },
  };
}
