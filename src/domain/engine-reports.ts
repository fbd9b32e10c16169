// Decisions on the providers' financial reports and on the signals they raise [issue 14]: a report
// delivered for a period replaces the one before (both stay in the ledger), and is marked late after
// the region's deadline; the region role sets a signal's status.
import type { ReportSubmitDecision, ReportSubmitResult, SignalStatusDecision, SignalStatusResult, TrueUpDecision, TrueUpResult } from './decisions.ts';
import { contributionOf } from './allocation-rules.ts';
import { MONTHS } from './payment-schedule.ts';
import { trueUp } from './true-up.ts';
import { municipalityCodes } from './engine-state.ts';
import { Refusal } from './errors.ts';
import { costOf, forecastOf, isLate, reportDeadline, reportRules, type FinancialReport } from './financial-reports.ts';
import type { Region } from './region.ts';
import { reportKey, type EngineState } from './engine-state.ts';
import { requireYear } from './engine-year.ts';

export function reportFromDecision(d: ReportSubmitDecision): FinancialReport {
  return {
    provider: d.provider,
    year: d.year,
    period: d.period,
    lines: d.lines.map((l) => ({
      careForm: l.careForm,
      costCents: BigInt(l.costCents),
      ...(l.forecastCents !== undefined ? { forecastCents: BigInt(l.forecastCents) } : {}),
      ...(l.youngPeople !== undefined ? { youngPeople: l.youngPeople } : {}),
    })),
    fte: d.fte.map((f) => ({ ...f })),
    ...(d.explanation !== undefined ? { explanation: d.explanation } : {}),
  };
}

export function reportToDecision(r: FinancialReport, submittedOn: string, source: string): ReportSubmitDecision {
  return {
    kind: 'report.submit',
    provider: r.provider,
    year: r.year,
    period: r.period,
    submittedOn,
    source,
    lines: r.lines.map((l) => ({
      careForm: l.careForm,
      costCents: l.costCents.toString(),
      ...(l.forecastCents !== undefined ? { forecastCents: l.forecastCents.toString() } : {}),
      ...(l.youngPeople !== undefined ? { youngPeople: l.youngPeople } : {}),
    })),
    fte: r.fte.map((f) => ({ ...f })),
    ...(r.explanation !== undefined ? { explanation: r.explanation } : {}),
  };
}

export function applyReportSubmit(before: EngineState, region: Region, d: ReportSubmitDecision, seq: number): { state: EngineState; result: ReportSubmitResult } {
  const y = requireYear(before, d.year);
  if (!y.plan.providers.some((p) => p.code === d.provider)) throw new Refusal('UNKNOWN_PROVIDER', { provider: d.provider, year: d.year, known: y.plan.providers.map((p) => p.code) });
  const known = new Set(region.careForms.map((c) => c.category));
  for (const l of d.lines) {
    if (!known.has(l.careForm)) throw new Refusal('REPORT_INVALID', { text: `care form ${l.careForm} is not one of the region's`, textNl: `zorgvorm ${l.careForm} is geen zorgvorm van de regio` });
    if (BigInt(l.costCents) < 0n || (l.forecastCents !== undefined && BigInt(l.forecastCents) < 0n)) {
      throw new Refusal('REPORT_INVALID', { text: 'amounts are zero or more', textNl: 'bedragen zijn nul of meer' });
    }
  }
  const report = reportFromDecision(d);
  const { deadlines } = reportRules(region);
  const deadline = reportDeadline(d.year, d.period, deadlines);
  const late = isLate(d.submittedOn, d.year, d.period, deadlines);
  const key = reportKey(d.year, d.provider, d.period);
  const history = before.reports[key] ?? [];
  const replaces = history.at(-1)?.seq;
  const state: EngineState = {
    ...before,
    reports: { ...before.reports, [key]: [...history, { ...report, seq, submittedOn: d.submittedOn, source: d.source, deadline, late }] },
  };
  return {
    state,
    result: {
      provider: d.provider,
      year: d.year,
      period: d.period,
      deadline,
      late,
      ...(replaces !== undefined ? { replaces } : {}),
      costCents: costOf(report).toString(),
      forecastCents: forecastOf(report).toString(),
    },
  };
}

export function applySignalStatus(before: EngineState, d: SignalStatusDecision, seq: number): { state: EngineState; result: SignalStatusResult } {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d.date)) throw new Refusal('DATE_INVALID', { text: d.date });
  if (d.status === 'discussion' && !d.note) throw new Refusal('SIGNAL_NOTE_MISSING', { signal: d.signal });
  const previous = before.signals[d.signal]?.status;
  const state: EngineState = {
    ...before,
    signals: { ...before.signals, [d.signal]: { seq, status: d.status, date: d.date, ...(d.note ? { note: d.note } : {}) } },
  };
  return { state, result: { signal: d.signal, status: d.status, ...(previous ? { previous } : {}) } };
}

/** The true-up between municipalities of a paid year, in a region that settles that way. */
export function applyTrueUp(before: EngineState, region: Region, d: TrueUpDecision, seq: number): { state: EngineState; result: TrueUpResult } {
  if (!region.settlementPolicy.municipalityTrueUp) throw new Refusal('TRUEUP_NOT_IN_REGION', { region: region.name });
  const state = structuredClone(before);
  const y = requireYear(state, d.year);
  if (y.trueUp) throw new Refusal('TRUEUP_DONE', { year: d.year, seq: y.trueUp.seq });
  if (y.paidThrough < MONTHS) throw new Refusal('SETTLEMENT_NOT_PAID', { year: d.year, paidThrough: y.paidThrough });
  const codes = municipalityCodes(region);
  const contributions = codes.map((m) => ({ municipality: m, amountCents: y.plan.providers.reduce((t, p) => t + contributionOf(y.cells, p.code, m), 0n) }));
  const lines = trueUp(contributions, d.costs.map((c) => ({ municipality: c.municipality, costCents: BigInt(c.costCents) })));
  y.trueUp = { seq, lines };
  return {
    state,
    result: {
      year: d.year,
      lines: lines.map((l) => ({
        municipality: l.municipality,
        contributionCents: l.contributionCents.toString(),
        attributedCostCents: l.attributedCostCents.toString(),
        targetCents: l.targetCents.toString(),
        trueUpCents: l.trueUpCents.toString(),
      })),
    },
  };
}
