// The demo's financial reports [issue 14 "Demo"]: for every allocated year the demo traffic covers,
// each provider's M4, M8 and M12 report, consistent with its traffic — cost per care form in
// proportion to its young people's days in care at a day price per care form, to a year total near
// its lump sum — so that every signal can be seen: one provider heading for an overrun, one at least
// 5% under, one late report, one report missing. Deterministic: no randomness, the same figures on
// every machine.
import { operator } from '../domain/access/viewer.ts';
import type { CareDays } from '../domain/cost-attribution.ts';
import { lumpSumOf } from '../domain/allocation-rules.ts';
import { periodEnd, reportDeadline, reportRules, REPORT_PERIODS, type FinancialReport, type ReportPeriod } from '../domain/financial-reports.ts';
import { splitByWeights } from '../domain/money.ts';
import { divideHalfEven } from '../domain/utilisation.ts';
import { providerCareDays, submitReport } from './financial-reports.ts';
import type { Workspace } from './workspace.ts';

/** Day price per care form in cents: residential care costs many times ambulant care. */
const DAY_PRICE: Readonly<Record<string, bigint>> = { '32': 4_500n, '33': 9_000n, '34': 6_000n, '35': 7_500n, '36': 22_000n, '37': 45_000n, '38': 30_000n };

/** The demo's story: year cost as per mille of the lump sum, and the deliveries that go wrong. */
export const DEMO_REPORT_STORY = {
  overrun: 'DEMO03',
  under: 'DEMO05',
  late: { provider: 'DEMO07', period: 'M8' as ReportPeriod, daysLate: 9 },
  missing: { provider: 'DEMO11', period: 'M8' as ReportPeriod },
} as const;

function perMille(provider: string, index: number): bigint {
  if (provider === DEMO_REPORT_STORY.overrun) return 1_080n;
  if (provider === DEMO_REPORT_STORY.under) return 900n;
  // The others between 97% and 100.5%, spread by their place in the plan.
  return 970n + BigInt((index * 7) % 36);
}

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The weighted days (days × day price) per care form of a provider up to a period's end. */
function weighted(days: readonly CareDays[]): Map<string, bigint> {
  const m = new Map<string, bigint>();
  for (const d of days) m.set(d.careForm, (m.get(d.careForm) ?? 0n) + BigInt(d.days) * (DAY_PRICE[d.careForm] ?? 5_000n));
  return m;
}

/**
 * Records the demo's reports for the allocated years whose periods the traffic (ending `trafficTo`)
 * covers. Does nothing when the ledger already holds reports.
 */
export async function populateDemoReports(ws: Workspace, trafficTo: string, say: (line: string) => void): Promise<number> {
  const state = await ws.engine.state();
  if (Object.keys(state.reports).length > 0) return 0;
  const viewer = operator('demo');
  const rules = reportRules(ws.region);
  let count = 0;
  for (const y of Object.values(state.years).sort((a, b) => a.year - b.year)) {
    const periods = REPORT_PERIODS.filter((p) => periodEnd(y.year, p) <= trafficTo);
    if (periods.length === 0) continue;
    const providers = y.plan.providers;
    const yearDays = new Map<string, CareDays[]>();
    for (const p of providers) yearDays.set(p.code, await providerCareDays(ws, state, p.code, y.year, 'M12'));
    const fteOf = (provider: string) =>
      ws.region.areas
        .map((a) => ({ area: a.id, days: (yearDays.get(provider) ?? []).filter((d) => d.area === a.id).reduce((t, d) => t + d.days, 0) }))
        .filter((a) => a.days > 0)
        .map((a) => ({ area: a.area, fte: (Math.round(a.days / 300) / 10).toFixed(1).replace(/\.0$/, '') }));
    // The annual plans, delivered in the second half of November before the year: the lump sum over
    // the care forms as the traffic will show them.
    for (const [index, p] of providers.entries()) {
      const full = weighted(yearDays.get(p.code)!);
      const careForms = [...full.keys()].sort();
      if (careForms.length === 0) continue;
      const planned = splitByWeights(lumpSumOf(y.cells, p.code), careForms.map((c) => full.get(c)!));
      const plan: FinancialReport = { provider: p.code, year: y.year, period: 'PLAN', lines: careForms.map((careForm, i) => ({ careForm, costCents: planned[i]! })), fte: fteOf(p.code) };
      await submitReport(viewer, ws, plan, { source: 'demo', asOf: addDays(reportDeadline(y.year, 'PLAN', rules.deadlines), -5 - (index % 10)), reason: `demo: jaarplan ${y.year}` });
      count++;
    }
    for (const period of periods) {
      for (const [index, p] of providers.entries()) {
        if (DEMO_REPORT_STORY.missing.provider === p.code && DEMO_REPORT_STORY.missing.period === period) continue;
        const yearCost = divideHalfEven(lumpSumOf(y.cells, p.code) * perMille(p.code, index), 1000n);
        const full = weighted(yearDays.get(p.code)!);
        const careForms = [...full.keys()].sort();
        const totalWeight = [...full.values()].reduce((t, w) => t + w, 0n);
        if (totalWeight === 0n) continue;
        // The year's cost per care form by weighted days; to date, by the share of those days passed.
        const yearByForm = splitByWeights(yearCost, careForms.map((c) => full.get(c)!));
        const soFar = weighted(await providerCareDays(ws, state, p.code, y.year, period));
        const lines = careForms.map((careForm, i) => {
          const whole = full.get(careForm)!;
          const cost = whole === 0n ? 0n : divideHalfEven(yearByForm[i]! * (soFar.get(careForm) ?? 0n), whole);
          // The provider's forecast: in M4 a little off its year's cost, in M8 close.
          const bias = period === 'M4' ? 1_000n + BigInt((index % 5) - 2) * 10n : 1_000n;
          return { careForm, costCents: cost, ...(period === 'M12' ? {} : { forecastCents: divideHalfEven(yearByForm[i]! * bias, 1000n) }) };
        });
        const fte = fteOf(p.code);
        const report: FinancialReport = {
          provider: p.code,
          year: y.year,
          period,
          lines,
          fte,
          ...(p.code === DEMO_REPORT_STORY.overrun && period !== 'M4' ? { explanation: 'Meer jeugdigen met zware problematiek in verblijf; wachtlijst niet verder laten oplopen.' } : {}),
        };
        const deadline = reportDeadline(y.year, period, rules.deadlines);
        const late = DEMO_REPORT_STORY.late.provider === p.code && DEMO_REPORT_STORY.late.period === period;
        const asOf = late ? addDays(deadline, DEMO_REPORT_STORY.late.daysLate) : addDays(deadline, -3 - (index % 10));
        await submitReport(viewer, ws, report, { source: 'demo', asOf, reason: `demo: ${period}-rapportage ${y.year}` });
        count++;
      }
    }
  }
  if (count > 0) say(`Demo financial reports: ${count} (annual plans, M4, M8, M12 of the allocated year), with an overrun (${DEMO_REPORT_STORY.overrun}), an underspend (${DEMO_REPORT_STORY.under}), a late report and a missing one.`);
  return count;
}
