// Use cases of the providers' financial reports [issue 14]: delivering a report (file or API),
// utilisation and forecasts with their signals, the signals' status, the attribution of reported
// cost to municipalities and areas, settlement and adjustment fed from the reports, and the
// proposal for next year's contribution keys. Every use case takes the viewer first.
import { basename } from 'node:path';
import { assertMay, outOfScope } from '../domain/access/policy.ts';
import type { Viewer } from '../domain/access/viewer.ts';
import { contributionOf, lumpSumOf } from '../domain/allocation-rules.ts';
import { attributeCosts, type Attribution, type CareDays } from '../domain/cost-attribution.ts';
import type { KeyProposalJson, ReportSubmitResult, SettlementDecision, SignalStatus } from '../domain/decisions.ts';
import { budgetTotals, keysFor, municipalityCodes, reportOf, requireYear, type EngineState, type RecordedReport } from '../domain/engine.ts';
import { reportToDecision } from '../domain/engine-reports.ts';
import { Refusal } from '../domain/errors.ts';
import { costOf, forecastOf, MONTHS_OF, periodEnd, REPORT_PERIODS, reportRules, reportWarnings, type FinancialReport, type ReportKind, type ReportPeriod, type ReportWarning } from '../domain/financial-reports.ts';
import { methodText as specText, parseKeyMethod, proposeKeys, type KeyFigures, type KeyMethodSpec, type KeyProposal } from '../domain/key-proposals.ts';
import { SUPPRESS_BELOW } from '../domain/reach-figures.ts';
import { moneyRules } from '../domain/region.ts';
import { reportImport } from '../domain/report-import.ts';
import { divideHalfEven, percentOneDecimal, utilisationRow, type UtilisationRow } from '../domain/utilisation.ts';
import { careDaysInDatabase } from '../store/care-days-query.ts';
import { reachInDatabase } from '../store/reach-query.ts';
import { audit } from './accounts.ts';
import { decide } from './decisions.ts';
import { readImport } from './imports.ts';
import { themesByProvider } from './monitor.ts';
import { dataCoverage } from './coverage.ts';
import { periodClosed } from '../domain/data-coverage.ts';
import type { Workspace } from './workspace.ts';

export interface SubmittedReport {
  readonly seq: number;
  readonly result: ReportSubmitResult;
  readonly warnings: readonly ReportWarning[];
}

/** The providers with a lump sum per allocated year: a report is for one of them. */
function lumpSumProviders(state: EngineState): Map<number, string[]> {
  return new Map(Object.values(state.years).map((y) => [y.year, y.plan.providers.map((p) => p.code)]));
}

const previousPeriod = (p: ReportKind): ReportPeriod | undefined => (p === 'M8' ? 'M4' : p === 'M12' ? 'M8' : undefined);

/** A provider's AGB codes: the registry's and the plans'. */
function agbCodesOf(state: EngineState, provider: string): string[] {
  const codes = new Set(state.providers[provider]?.agbCodes ?? []);
  for (const y of Object.values(state.years)) for (const p of y.plan.providers) if (p.code === provider && p.agb) codes.add(p.agb);
  return [...codes].sort();
}

/** Days in care of a provider's young people from 1 January to the end of the period (an annual plan: the year). */
export async function providerCareDays(ws: Workspace, state: EngineState, provider: string, year: number, period: ReportKind): Promise<CareDays[]> {
  return careDaysInDatabase(ws.store.db, { region: ws.region, themes: new Map() }, { from: `${year}-01-01`, to: periodEnd(year, period === 'PLAN' ? 'M12' : period) }, agbCodesOf(state, provider));
}

async function attributionOf(ws: Workspace, state: EngineState, report: FinancialReport): Promise<Attribution> {
  const days = await providerCareDays(ws, state, report.provider, report.year, report.period);
  return attributeCosts(report.lines, days, municipalityCodes(ws.region), ws.region.areas.map((a) => a.id));
}

/**
 * Delivers a report read from a CSV or XLSX file: all or nothing, refused with every problem of the
 * file. A provider delivers its own; the region any provider's. Recorded as a report.submit entry.
 */
export async function submitReportFile(viewer: Viewer, ws: Workspace, path: string, options: { asOf?: string; reason?: string } = {}): Promise<SubmittedReport> {
  assertMay(viewer, 'report.submit');
  assertMayDate(viewer, options.asOf);
  let file = basename(path);
  try {
    const state = await ws.engine.state();
    // Delivered today — or, where the ledger already holds a later delivery date (the demo lives in
    // 2028–2029 whatever the clock says), on that date, as missing reports are judged (judgedAt).
    // A provider's file is checked against its own scope first: another's problems are not its to read.
    const asOf = options.asOf ?? judgedAt(state, ws.engine.today());
    const { place, value } = await readImport(path, (p) => ((file = p.file), reportImport(p, { lumpSumProviders: lumpSumProviders(state), careForms: ws.region.careForms, areas: ws.region.areas, asOf })), 'submitted');
    return await submitReport(viewer, ws, value, { source: place.file, ...(options.asOf ? { asOf } : {}), ...(options.reason ? { reason: options.reason } : {}) });
  } catch (e) {
    if (e instanceof Refusal) await audit(ws, viewer, 'report-refused', { file, code: e.code, problems: e.problems.length });
    throw e;
  }
}

/** Records a checked report (from a file or the API) as the viewer; gives the warnings beside it. */
/** Only the region may give a delivery date: a provider delivers today (it cannot back-date a late report). */
function assertMayDate(viewer: Viewer, asOf: string | undefined): void {
  if (asOf !== undefined && viewer.role !== 'region') throw outOfScope(viewer, { en: 'choose the delivery date of a report', nl: 'de leverdatum van een rapportage kiezen' });
}

export async function submitReport(viewer: Viewer, ws: Workspace, report: FinancialReport, options: { source: string; asOf?: string; reason?: string }): Promise<SubmittedReport> {
  assertMay(viewer, 'report.submit');
  assertMayDate(viewer, options.asOf);
  if (viewer.role === 'provider' && viewer.provider !== report.provider) {
    throw outOfScope(viewer, { en: "deliver another provider's report", nl: 'de rapportage van een andere aanbieder inleveren' });
  }
  const state = await ws.engine.state();
  const asOf = options.asOf ?? judgedAt(state, ws.engine.today());
  const before = previousPeriod(report.period);
  const earlier = before ? reportOf(state, report.year, report.provider, before) : undefined;
  const name = (c: string) => ws.region.careForms.find((f) => f.category === c)?.name ?? c;
  // An annual plan is written before the year: there is no traffic to hold it against yet.
  const warnings =
    report.period === 'PLAN'
      ? []
      : reportWarnings(report, earlier, new Set((await providerCareDays(ws, state, report.provider, report.year, report.period)).filter((d) => d.days > 0).map((d) => d.careForm)), name);
  const r = await ws.engine.record(reportToDecision(report, asOf, options.source), options.reason ?? (report.period === 'PLAN' ? `jaarplan ${report.year}` : `${report.period}-rapportage ${report.year}`), viewer.login);
  await audit(ws, viewer, 'report', { seq: r.seq, provider: report.provider, year: report.year, period: report.period, late: r.result.late });
  return { seq: r.seq, result: r.result, warnings };
}

/** The reports of a year as the viewer may see them: every delivery, the one in force last. */
export async function reportsOf(viewer: Viewer, ws: Workspace, year: number): Promise<RecordedReport[][]> {
  assertMay(viewer, 'utilisation.read');
  const state = await ws.engine.state();
  return Object.entries(state.reports)
    .filter(([k]) => k.startsWith(`${year}|`))
    .filter(([, list]) => viewer.role !== 'provider' || list[0]!.provider === viewer.provider)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    // A provider's own count of young people per care form is for it and the region only.
    .map(([, list]) => (viewer.role === 'region' || viewer.role === 'provider' ? list : list.map((r) => ({ ...r, lines: r.lines.map(({ youngPeople: _y, ...l }) => l) }))));
}

export interface UtilisationLine extends UtilisationRow {
  readonly name: string;
  /** The status the region gave each signal (open when it gave none). */
  readonly statuses: Readonly<Record<string, { status: SignalStatus; date?: string; note?: string }>>;
  /** The cost to date attributed per care form, municipality and area, with the days behind it. */
  readonly attribution?: Attribution;
  readonly reportDetail?: RecordedReport;
  /** The provider's annual plan of the year: planned spending per care form (and its total). */
  readonly plan?: { readonly seq: number; readonly submittedOn: string; readonly late: boolean; readonly totalCents: bigint; readonly lines: readonly { careForm: string; plannedCents: bigint }[] };
}

export interface UtilisationView {
  readonly year: number;
  readonly period: ReportPeriod;
  readonly asOf: string;
  readonly lines: readonly UtilisationLine[];
  readonly totals: { lumpSumCents: bigint; costCents: bigint; providerForecastCents: bigint; linearForecastCents: bigint; reports: number; providers: number };
  /** True when young people and days are left out of the attribution (a viewer that does not own them). */
  readonly countsWithheld: boolean;
  /**
   * Per municipality (a municipality: its own): its contributions to the lump sums, those to the
   * providers that reported, the cost attributed to it from their reports, and utilisation — the
   * attributed cost ÷ the contributions of the reporting providers (and ÷ their pro-rata part).
   */
  readonly municipalities: readonly MunicipalityUtilisation[];
  /** Cost attributed per area (a municipality: the areas of its own cells). */
  readonly areas: readonly { readonly area: string; readonly costCents: bigint }[];
}

export interface MunicipalityUtilisation {
  readonly municipality: string;
  readonly contributionCents: bigint;
  readonly reportingContributionCents: bigint;
  readonly attributedCostCents: bigint;
  readonly utilisationPct?: string;
  readonly proRataUtilisationPct?: string;
}

export function parsePeriodText(text: string): ReportPeriod {
  const t = text.trim().toUpperCase();
  const found = REPORT_PERIODS.find((p) => p === t);
  if (!found) throw new Refusal('PERIOD_INVALID', { text });
  return found;
}

/** A report period, or PLAN (also JP, jaarplan) for the annual plan. */
export function parseReportKindText(text: string): ReportKind {
  const t = text.trim().toUpperCase().replace(/^(JP|JAARPLAN)$/, 'PLAN');
  return t === 'PLAN' ? 'PLAN' : parsePeriodText(text);
}

/**
 * The date a missing report is judged at: today, or the latest delivery date in the ledger when
 * that is later — a delivery dated then shows the figures live at least that far (the demo lives in
 * 2028 whatever the clock says).
 */
export function judgedAt(state: EngineState, today: string): string {
  let latest = today;
  for (const list of Object.values(state.reports)) for (const r of list) if (r.submittedOn > latest) latest = r.submittedOn;
  return latest;
}

/**
 * Utilisation and forecasts of a year at a period, per provider, with signals and their status. A
 * provider sees its own line; a municipality and the region every provider's. Young people and days
 * behind an attribution are shown to the region and the owning provider only: for others a count of
 * 1–4 young people could be read off (the rule of DOMAIN.md §5), so they see the cost only.
 */
export async function utilisationOf(viewer: Viewer, ws: Workspace, year: number, period: ReportPeriod, asOfText?: string): Promise<UtilisationView> {
  assertMay(viewer, 'utilisation.read');
  const state = await ws.engine.state();
  const y = requireYear(state, year);
  const asOf = asOfText ?? judgedAt(state, ws.engine.today());
  const codes = municipalityCodes(ws.region);
  const rules = { ...reportRules(ws.region), downwardThresholdPct: moneyRules(ws.region).downwardThresholdPct, deviationThresholdPct: ws.region.settlementPolicy.deviationThresholdPct };
  const providers = y.plan.providers.filter((p) => viewer.role !== 'provider' || p.code === viewer.provider);
  const withhold = viewer.role === 'municipality';
  const lines: UtilisationLine[] = [];
  for (const p of providers) {
    const report = reportOf(state, year, p.code, period);
    const history = Object.values(state.years)
      .filter((ey) => ey.year < year)
      .flatMap((ey) => {
        const r = reportOf(state, ey.year, p.code, period);
        const m12 = reportOf(state, ey.year, p.code, 'M12');
        return r && m12 ? [{ year: ey.year, periodCents: costOf(r), yearCents: costOf(m12) }] : [];
      });
    const attribution = report ? await attributionOf(ws, state, report) : undefined;
    const row = utilisationRow(
      {
        provider: p.code,
        year,
        period,
        lumpSumCents: lumpSumOf(y.cells, p.code),
        contributions: codes.map((m) => ({ municipality: m, amountCents: contributionOf(y.cells, p.code, m) })),
        ...(report ? { report } : {}),
        history,
        ...(attribution ? { attributed: attribution.municipalities } : {}),
        asOf,
      },
      rules,
    );
    // A municipality: the signals about its own cost share (and the provider-wide ones), not others'.
    const shownSignals = withhold && viewer.role === 'municipality' ? row.signals.filter((s) => s.municipality === undefined || s.municipality === viewer.municipality) : row.signals;
    const statuses = Object.fromEntries(
      shownSignals.map((s) => {
        const st = state.signals[s.key];
        return [s.key, st ? { status: st.status, date: st.date, ...(st.note ? { note: st.note } : {}) } : { status: 'open' as const }];
      }),
    );
    const plan = reportOf(state, year, p.code, 'PLAN');
    lines.push({
      ...row,
      signals: shownSignals,
      name: p.name,
      statuses,
      ...(plan ? { plan: { seq: plan.seq, submittedOn: plan.submittedOn, late: plan.late, totalCents: costOf(plan), lines: plan.lines.map((l) => ({ careForm: l.careForm, plannedCents: l.costCents })) } } : {}),
      ...(attribution ? { attribution: withhold ? ownPartOf(attribution, viewer.role === 'municipality' ? viewer.municipality : '', ws.region) : attribution } : {}),
      ...(report ? { reportDetail: withhold ? { ...report, lines: report.lines.map(({ youngPeople: _y, ...l }) => l) } : report } : {}),
    });
  }
  const total = (f: (l: UtilisationLine) => bigint | undefined) => lines.reduce((t, l) => t + (f(l) ?? 0n), 0n);
  const months = BigInt(MONTHS_OF[period]);
  const ownMunicipality = viewer.role === 'municipality' ? viewer.municipality : undefined;
  const municipalities = codes
    .filter((m) => ownMunicipality === undefined || m === ownMunicipality)
    .map((m) => {
      const contribution = providers.reduce((t, p) => t + contributionOf(y.cells, p.code, m), 0n);
      const reporting = lines.filter((l) => l.report).reduce((t, l) => t + contributionOf(y.cells, l.provider, m), 0n);
      const cost = lines.reduce((t, l) => t + (l.attribution?.municipalities.find((x) => x.municipality === m)?.costCents ?? 0n), 0n);
      const util = percentOneDecimal(cost, reporting);
      const proRata = percentOneDecimal(cost, divideHalfEven(reporting * months, 12n));
      return { municipality: m, contributionCents: contribution, reportingContributionCents: reporting, attributedCostCents: cost, ...(util ? { utilisationPct: util } : {}), ...(proRata ? { proRataUtilisationPct: proRata } : {}) };
    });
  const areaCost = new Map<string, bigint>();
  for (const l of lines) for (const a of l.attribution?.areas ?? []) areaCost.set(a.area, (areaCost.get(a.area) ?? 0n) + a.costCents);
  const areas = ws.region.areas.filter((a) => areaCost.has(a.id)).map((a) => ({ area: a.id, costCents: areaCost.get(a.id)! }));
  return {
    year,
    period,
    asOf,
    lines,
    countsWithheld: withhold,
    municipalities,
    areas,
    totals: {
      lumpSumCents: total((l) => l.lumpSumCents),
      costCents: total((l) => l.costCents),
      providerForecastCents: total((l) => l.providerForecastCents),
      linearForecastCents: total((l) => l.linearForecastCents),
      reports: lines.filter((l) => l.report).length,
      providers: lines.length,
    },
  };
}

/**
 * A municipality's part of an attribution: its own cells' cost, without the days and young people
 * behind them, and nothing of other municipalities' cells (whose cost would give the ratio of days).
 */
function ownPartOf(a: Attribution, municipality: string, region: Workspace['region']): Attribution {
  const careForms = a.careForms.map((c) => ({ ...c, totalDays: 0, cells: c.cells.filter((cell) => cell.municipality === municipality).map((cell) => ({ ...cell, days: 0, youngPeople: 0 })) }));
  const cells = careForms.flatMap((c) => c.cells);
  const areaIds = [...new Set(cells.map((c) => c.area))];
  return {
    careForms,
    municipalities: a.municipalities.filter((m) => m.municipality === municipality).map((m) => ({ ...m, days: 0 })),
    areas: region.areas.filter((x) => areaIds.includes(x.id)).map((x) => ({ area: x.id, costCents: cells.filter((c) => c.area === x.id).reduce((t, c) => t + c.costCents, 0n), days: 0 })),
    unattributedCents: a.unattributedCents,
  };
}

/** The region sets a signal's status: open, in discussion (with a note), closed. */
export async function setSignalStatus(viewer: Viewer, ws: Workspace, input: { signal: string; status: SignalStatus; note?: string; date?: string }, reason: string) {
  assertMay(viewer, 'decision.record');
  const [yearText, period] = input.signal.split('|');
  const year = Number(yearText);
  const known =
    Number.isInteger(year) && period !== undefined && (REPORT_PERIODS as readonly string[]).includes(period)
      ? (await utilisationOf(viewer, ws, year, period as ReportPeriod)).lines.some((l) => l.signals.some((s) => s.key === input.signal)) ||
        (await ws.engine.state()).signals[input.signal] !== undefined
      : false;
  if (!known) throw new Refusal('SIGNAL_UNKNOWN', { signal: input.signal });
  return decide(viewer, ws, { kind: 'signal.status', year, signal: input.signal, status: input.status, date: input.date ?? ws.engine.today(), ...(input.note ? { note: input.note } : {}) }, reason);
}

/** The provider's reported year-end forecast of a period, for the adjustment rule (adjust --forecast-from). */
export async function forecastFromReport(ws: Workspace, provider: string, year: number, period: ReportPeriod): Promise<{ forecastCents: bigint; source: { period: ReportPeriod; reportSeq: number; submittedOn: string } }> {
  const state = await ws.engine.state();
  const r = reportOf(state, year, provider, period);
  if (!r) throw new Refusal('NO_REPORT', { provider, year, period });
  if (period === 'M12') throw new Refusal('NO_FORECAST_IN_REPORT', { provider, year, period });
  return { forecastCents: forecastOf(r), source: { period, reportSeq: r.seq, submittedOn: r.submittedOn } };
}

/**
 * The settlement of a year from the M12 reports, attributed per municipality by days in care. Every
 * provider needs its M12 report, and all its cost must be attributable; otherwise refused, naming
 * what is missing (the cost file stays as an explicit override).
 */
export async function settlementFromReports(ws: Workspace, year: number, thresholdPct?: string): Promise<SettlementDecision> {
  const state = await ws.engine.state();
  const y = requireYear(state, year);
  const threshold = thresholdPct ?? ws.region.settlementPolicy.deviationThresholdPct;
  if (!/^\d+(\.\d+)?$/.test(threshold)) throw new Refusal('THRESHOLD_INVALID', { text: threshold });
  const missing = y.plan.providers.filter((p) => !reportOf(state, year, p.code, 'M12')).map((p) => p.code);
  if (missing.length > 0) throw new Refusal('REPORTS_MISSING_FOR_SETTLEMENT', { year, missing });
  const costs: { provider: string; municipality: string; costCents: string }[] = [];
  const reports: { provider: string; seq: number }[] = [];
  const unattributed: string[] = [];
  const name = (c: string) => ws.region.careForms.find((f) => f.category === c)?.name ?? c;
  for (const p of y.plan.providers) {
    const r = reportOf(state, year, p.code, 'M12')!;
    reports.push({ provider: p.code, seq: r.seq });
    const a = await attributionOf(ws, state, r);
    for (const c of a.careForms.filter((c) => c.unattributed)) unattributed.push(`${p.code} ${name(c.careForm)}`);
    for (const m of municipalityCodes(ws.region)) {
      const cost = a.municipalities.find((x) => x.municipality === m)?.costCents ?? 0n;
      costs.push({ provider: p.code, municipality: m, costCents: cost.toString() });
    }
  }
  if (unattributed.length > 0) throw new Refusal('COST_UNATTRIBUTED', { year, items: unattributed });
  return { kind: 'settlement', year, thresholdPct: threshold, costs, source: { kind: 'reports', reports } };
}

async function clientsPerMunicipality(ws: Workspace, year: number): Promise<Record<string, number>> {
  const rows = await reachInDatabase(ws.store.db, { region: ws.region, themes: await themesByProvider(ws) }, { from: `${year}-01-01`, to: `${year}-12-31` }, ['municipality']);
  return Object.fromEntries(rows.map((r) => [r.group.municipality!, r.uniqueYouth]));
}

/** The figures a key proposal weighs: budgets, current keys, young people from the traffic, M12 costs. */
async function keyFigures(ws: Workspace, state: EngineState, year: number, basisYear: number, needs: { clients: number[]; reachCost: boolean }): Promise<KeyFigures> {
  const codes = municipalityCodes(ws.region);
  const budgets = budgetTotals(state, ws.region, year);
  const current = keysFor(state, ws.region, year);
  const clientsByYear: Record<number, Record<string, number>> = {};
  for (const y of needs.clients) clientsByYear[y] = await clientsPerMunicipality(ws, y);
  const clientsByCareForm: Record<string, Record<string, number>> = {};
  const m12CostByCareForm: Record<string, bigint> = {};
  const missingM12: string[] = [];
  if (needs.reachCost) {
    const rows = await reachInDatabase(ws.store.db, { region: ws.region, themes: new Map() }, { from: `${basisYear}-01-01`, to: `${basisYear}-12-31` }, ['municipality', 'care_form']);
    for (const r of rows) (clientsByCareForm[r.group.care_form!] ??= {})[r.group.municipality!] = r.uniqueYouth;
    const basis = state.years[basisYear];
    for (const p of basis?.plan.providers ?? []) {
      const r = reportOf(state, basisYear, p.code, 'M12');
      if (!r) missingM12.push(p.code);
      else for (const l of r.lines) m12CostByCareForm[l.careForm] = (m12CostByCareForm[l.careForm] ?? 0n) + l.costCents;
    }
  }
  return {
    year,
    basisYear,
    municipalities: codes,
    totalCents: budgets.reduce((t, b) => t + b.amountCents, 0n),
    budgets: Object.fromEntries(budgets.map((b) => [b.municipality, b.amountCents])),
    currentKeys: current.keys,
    currentBasis: current.basis,
    clientsByYear,
    clientsByCareForm,
    m12CostByCareForm,
    missingM12,
  };
}

/** A proposal for the keys of a year by a method (or mix), recording nothing. */
export async function keyProposal(viewer: Viewer, ws: Workspace, year: number, methodText: string, basisYear?: number): Promise<KeyProposal> {
  assertMay(viewer, 'keys.propose');
  const spec = parseKeyMethod(methodText);
  const basis = basisYear ?? year - 1;
  const state = await ws.engine.state();
  const clients = new Set<number>();
  for (const s of spec) {
    if (s.method === 'clients-previous-year') clients.add(basis);
    if (s.method === 'clients-three-year') for (const y of [basis - 2, basis - 1, basis]) clients.add(y);
    // reach-cost also needs the distinct count, to see young people in more than one care form.
    if (s.method === 'reach-cost') clients.add(basis);
  }
  const figures = await keyFigures(ws, state, year, basis, { clients: [...clients], reachCost: spec.some((s) => s.method === 'reach-cost') });
  // Others than the region: the proposal's inputs, shares and cents would let a count of 1–4 be read
  // or worked out (from one's own count and the shares, or from a weighted sum and the averages), so
  // a proposal that weighs such a count is refused to them (DOMAIN.md §5; decisions §53).
  const small = weighsSmallCount(spec, figures);
  if (viewer.role !== 'region') {
    if (small) throw new Refusal('KEYS_SMALL_COUNTS', { method: specText(spec), basisYear: basis });
    // A running year's counts change from one ingest to the next: their difference is a count of new
    // young people (decisions §40). Others get proposals on years the data cover to their end only.
    const upTo = (await dataCoverage(ws)).dataUpTo;
    for (const y of countedYears(spec, basis)) {
      if (!periodClosed({ from: `${y}-01-01`, to: `${y}-12-31` }, upTo)) throw new Refusal('KEYS_YEAR_OPEN', { year: y });
    }
  }
  const proposal = { ...proposeKeys(spec, figures), weighsSmallCount: small };
  // The per-care-form averages and reach-cost weights are sums of counts that can be taken apart: the region's only.
  return viewer.role === 'region' ? proposal : { ...proposal, inputs: proposal.inputs.map(({ averageCostPerCareForm: _a, ...i }) => (i.method === 'reach-cost' ? { ...i, perMunicipality: {} } : i)) };
}

/** The years whose young people a method counts. */
function countedYears(spec: KeyMethodSpec, basis: number): number[] {
  const used = spec.filter((s) => s.weight > 0n).map((s) => s.method);
  return [...new Set(used.flatMap((m) => (m === 'clients-previous-year' || m === 'reach-cost' ? [basis] : m === 'clients-three-year' ? [basis - 2, basis - 1, basis] : [])))].sort();
}

/** Whether a method of the spec weighs a count of young people of 1–4 (per municipality, care form or year). */
export function weighsSmallCount(spec: KeyMethodSpec, f: KeyFigures): boolean {
  const small = (n: number) => n > 0 && n < SUPPRESS_BELOW;
  const used = spec.filter((s) => s.weight > 0n).map((s) => s.method);
  const years = [...new Set(used.flatMap((m) => (m === 'clients-previous-year' ? [f.basisYear] : m === 'clients-three-year' ? [f.basisYear - 2, f.basisYear - 1, f.basisYear] : [])))];
  for (const y of years) if (Object.values(f.clientsByYear[y] ?? {}).some(small)) return true;
  if (used.includes('reach-cost')) {
    for (const [careForm, byM] of Object.entries(f.clientsByCareForm)) {
      if (!(careForm in f.m12CostByCareForm)) continue;
      const counts = Object.values(byM);
      if (counts.some(small) || small(counts.reduce((t, n) => t + n, 0))) return true;
    }
    // Young people in more than one care form: Σ over care forms − the distinct count, per municipality.
    const distinct = f.clientsByYear[f.basisYear];
    if (distinct) {
      for (const m of f.municipalities) {
        const sumForms = Object.values(f.clientsByCareForm).reduce((t, byM) => t + (byM[m] ?? 0), 0);
        if (small(sumForms - (distinct[m] ?? 0))) return true;
      }
    }
  }
  return false;
}

export function proposalToJson(p: KeyProposal): KeyProposalJson {
  return {
    method: p.method,
    basisYear: p.basisYear,
    inputs: p.inputs.map((i) => ({ method: i.method, weightPct: i.weight.toString(), description: i.description, perMunicipality: i.perMunicipality })),
  };
}

/** Records the keys of a year from a proposal, with the method and every input in the ledger. */
export async function setKeysFromProposal(viewer: Viewer, ws: Workspace, year: number, methodText: string, reason: string, basisYear?: number) {
  assertMay(viewer, 'decision.record');
  const p = await keyProposal(viewer, ws, year, methodText, basisYear);
  // Keys are public: every role reads the contributions, which follow them. A key that weighs a count
  // of 1–4 would disclose it to all (with one's own count and the shares), so it is not recorded.
  if (p.weighsSmallCount) throw new Refusal('KEYS_SMALL_COUNTS', { method: p.method, basisYear: p.basisYear });
  const keys = Object.fromEntries(p.rows.map((r) => [r.municipality, r.proposedCents.toString()]));
  return decide(viewer, ws, { kind: 'keys.set', year, keys, basis: `voorstel ${p.method} (basisjaar ${p.basisYear})`, proposal: proposalToJson(p) }, reason);
}
