// The multi-year outlook to 2034 [issue 14; DOMAIN.md §3]: per municipality and for the region, the
// budget path (adopted, extended, indexed) against the cost trend from the providers' reports and
// the reach trend from the traffic, with the gap per year, under scenario parameters (growth of
// demand, price index). Years with M12 reports show realised cost; the year in progress the
// providers' latest forecast; later years a projection of the last known year. All in cents, exact:
// each projection is rounded once, half to even.
import { assertMay } from '../domain/access/policy.ts';
import type { Viewer } from '../domain/access/viewer.ts';
import { contributionOf } from '../domain/allocation-rules.ts';
import { regionBudget } from '../domain/budget-rules.ts';
import { attributeCosts } from '../domain/cost-attribution.ts';
import { municipalityCodes, reportOf, type EngineState } from '../domain/engine.ts';
import { Refusal } from '../domain/errors.ts';
import { forecastOf, type FinancialReport } from '../domain/financial-reports.ts';
import { splitByWeights, type Cents } from '../domain/money.ts';
import { SUPPRESS_BELOW } from '../domain/reach-figures.ts';
import { divideHalfEven } from '../domain/utilisation.ts';
import { reachInDatabase } from '../store/reach-query.ts';
import { providerCareDays } from './financial-reports.ts';
import { dataCoverage } from './coverage.ts';
import { periodClosed } from '../domain/data-coverage.ts';
import type { Workspace } from './workspace.ts';

/** The last year of the outlook (DOMAIN.md §3: the lump-sum period runs to 2034). */
export const OUTLOOK_TO = 2034;

export interface OutlookParameters {
  /** Yearly growth of demand in percent ("1.5"); default 0. */
  readonly demandGrowthPct?: string;
  /** Yearly price index in percent; default the region file's indexation of each year. */
  readonly priceIndexPct?: string;
}

export type CostBasis = 'realised' | 'forecast' | 'projected' | 'none';

export interface OutlookCell {
  readonly budgetCents: Cents | null;
  readonly budgetBasis: 'adopted' | 'extended' | 'none';
  readonly costCents: Cents | null;
  readonly costBasis: CostBasis;
  /** Budget − cost: positive is room, negative a shortfall. */
  readonly gapCents: Cents | null;
  /** Young people in care in the year (traffic), or projected; null where not shown. */
  readonly youngPeople: number | null;
  readonly youngBasis: 'traffic' | 'projected' | 'none' | 'withheld';
}

export interface OutlookRow extends OutlookCell {
  readonly year: number;
  /** A municipality's CBS code, or '' for the region. */
  readonly municipality: string;
}

export interface Outlook {
  readonly from: number;
  readonly to: number;
  readonly parameters: { readonly demandGrowthPct: string; readonly priceIndexPct: string | null };
  readonly rows: readonly OutlookRow[];
  readonly notes: readonly string[];
}

/** "1.5" → 1 + 1.5/100 as num/den. */
function factorOf(pct: string): { num: bigint; den: bigint } {
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(pct.trim());
  if (!m) throw new Refusal('OPTION_INVALID', { option: 'percentage', value: pct, expected: { en: 'a percentage like 1.5 or -0.5', nl: 'een percentage zoals 1,5 of -0,5' } });
  const decimals = m[3] ?? '';
  const scale = 10n ** BigInt(decimals.length);
  const p = BigInt(m[2]! + decimals) * (m[1] ? -1n : 1n);
  return { num: 100n * scale + p, den: 100n * scale };
}

/** The cost of a provider's report year per municipality: attributed by days in care, else by contributions. */
async function costPerMunicipality(ws: Workspace, state: EngineState, report: FinancialReport, amount: Cents): Promise<Map<string, Cents>> {
  const codes = municipalityCodes(ws.region);
  const days = await providerCareDays(ws, state, report.provider, report.year, report.period);
  const a = attributeCosts(report.lines, days, codes, ws.region.areas.map((x) => x.id));
  const weights = codes.map((m) => a.municipalities.find((x) => x.municipality === m)?.costCents ?? 0n);
  const y = state.years[report.year]!;
  const fallback = codes.map((m) => contributionOf(y.cells, report.provider, m));
  const parts = weights.some((w) => w > 0n) ? splitByWeights(amount, weights) : fallback.some((w) => w > 0n) ? splitByWeights(amount, fallback) : codes.map(() => 0n);
  return new Map(codes.map((m, i) => [m, parts[i]!]));
}

export async function outlookOf(viewer: Viewer, ws: Workspace, parameters: OutlookParameters = {}): Promise<Outlook> {
  assertMay(viewer, 'money.read');
  const state = await ws.engine.state();
  if (state.budgets.length === 0) throw new Refusal('NO_BUDGET', {});
  const codes = municipalityCodes(ws.region);
  const from = Math.min(...state.budgets.map((b) => b.year));
  const to = Math.max(OUTLOOK_TO, from);
  const growth = factorOf(parameters.demandGrowthPct ?? '0');
  const notes: string[] = [];

  // Cost per year and municipality where reports exist: realised (every M12) or forecast (latest M8/M4).
  const known = new Map<number, { basis: CostBasis; perMunicipality: Map<string, Cents> }>();
  for (const y of Object.values(state.years).sort((a, b) => a.year - b.year)) {
    const providers = y.plan.providers;
    const m12 = providers.map((p) => reportOf(state, y.year, p.code, 'M12'));
    const latest = providers.map((p) => reportOf(state, y.year, p.code, 'M12') ?? reportOf(state, y.year, p.code, 'M8') ?? reportOf(state, y.year, p.code, 'M4'));
    if (latest.every((r) => r === undefined)) continue;
    const basis: CostBasis = m12.every((r) => r !== undefined) ? 'realised' : 'forecast';
    const per = new Map(codes.map((m) => [m, 0n]));
    let standIns = 0;
    for (const [i, p] of providers.entries()) {
      const r = latest[i];
      if (!r) {
        // No report yet: the lump sum stands in for the provider's cost.
        standIns++;
        for (const m of codes) per.set(m, per.get(m)! + contributionOf(y.cells, p.code, m));
        continue;
      }
      const amount = r.period === 'M12' ? r.lines.reduce((t, l) => t + l.costCents, 0n) : forecastOf(r);
      for (const [m, c] of await costPerMunicipality(ws, state, r, amount)) per.set(m, per.get(m)! + c);
    }
    if (standIns > 0) notes.push(`${y.year}: voor ${standIns} aanbieder(s) zonder rapportage telt de lumpsum als kosten.`);
    known.set(y.year, { basis, perMunicipality: per });
  }
  const lastKnown = [...known.keys()].sort((a, b) => b - a)[0];

  // Young people per year and municipality from the traffic.
  const reach = new Map<number, Map<string, number>>();
  // Only years the traffic covers (data reaching into their December): an open trajectory would
  // otherwise count in every later year.
  const upTo = (await dataCoverage(ws)).dataUpTo;
  for (let year = from; year <= to; year++) {
    if (upTo === null || upTo < `${year}-12-01`) break; // data into December: the year is covered
    // Others than the region: only a year the data cover to its last working day; a running year's
    // count changes with every ingest, and the difference would be a count of new young people (§40).
    if (viewer.role !== 'region' && !periodClosed({ from: `${year}-01-01`, to: `${year}-12-31` }, upTo)) break;
    const rows = await reachInDatabase(ws.store.db, { region: ws.region, themes: new Map() }, { from: `${year}-01-01`, to: `${year}-12-31` }, ['municipality']);
    if (rows.length === 0) continue;
    reach.set(year, new Map(rows.map((r) => [r.group.municipality!, r.uniqueYouth])));
  }
  const lastReach = [...reach.keys()].sort((a, b) => b - a)[0];

  const priceOf = (year: number) => factorOf(parameters.priceIndexPct ?? ws.region.budgetPolicy.indexation[String(year)] ?? '0');
  const rows: OutlookRow[] = [];
  const mayCount = (m: string) => viewer.role === 'region' || ((viewer.role === 'municipality' || viewer.role === 'council') && viewer.municipality === m);
  for (let year = from; year <= to; year++) {
    let budget: Map<string, { cents: Cents; basis: 'adopted' | 'extended' }> | undefined;
    try {
      const b = regionBudget(state.budgets, ws.region.budgetPolicy, codes, year);
      budget = new Map(b.municipalities.map((x) => [x.municipality, { cents: x.amountCents, basis: x.basis }]));
    } catch (e) {
      if (!(e instanceof Refusal)) throw e;
    }
    const cell = (m: string): OutlookCell => {
      const b = budget?.get(m);
      let cost: Cents | null = null;
      let costBasis: CostBasis = 'none';
      const k = known.get(year);
      if (k) {
        cost = k.perMunicipality.get(m) ?? 0n;
        costBasis = k.basis;
      } else if (lastKnown !== undefined && year > lastKnown) {
        // Projected: the last known year × (demand growth × price index) per year after it.
        let num = 1n;
        let den = 1n;
        for (let y = lastKnown + 1; y <= year; y++) {
          const p = priceOf(y);
          num *= growth.num * p.num;
          den *= growth.den * p.den;
        }
        cost = divideHalfEven((known.get(lastKnown)!.perMunicipality.get(m) ?? 0n) * num, den);
        costBasis = 'projected';
      }
      const counted = reach.get(year);
      let young: number | null = counted ? (counted.get(m) ?? 0) : null;
      let youngBasis: OutlookCell['youngBasis'] = young === null ? 'none' : 'traffic';
      if (young === null && lastReach !== undefined && year > lastReach) {
        const base = BigInt(reach.get(lastReach)!.get(m) ?? 0);
        young = Number(divideHalfEven(base * growth.num ** BigInt(year - lastReach), growth.den ** BigInt(year - lastReach)));
        youngBasis = 'projected';
      }
      // A count of 1–4 is not shown to others; nor is a projection from such a count (it could be undone).
      const base = youngBasis === 'projected' && lastReach !== undefined ? (reach.get(lastReach)!.get(m) ?? 0) : young;
      if (young !== null && !mayCount(m) && base !== null && base > 0 && base < SUPPRESS_BELOW) {
        young = null;
        youngBasis = 'withheld';
      }
      return {
        budgetCents: b?.cents ?? null,
        budgetBasis: b?.basis ?? 'none',
        costCents: cost,
        costBasis,
        gapCents: b && cost !== null ? b.cents - cost : null,
        youngPeople: young,
        youngBasis,
      };
    };
    const cells = codes.map((m) => ({ m, c: cell(m) }));
    for (const { m, c } of cells) rows.push({ year, municipality: m, ...c });
    const totalOf = (f: (c: OutlookCell) => Cents | null): Cents | null => (cells.every(({ c }) => f(c) !== null) ? cells.reduce((t, { c }) => t + f(c)!, 0n) : null);
    const budgetTotal = totalOf((c) => c.budgetCents);
    const costTotal = totalOf((c) => c.costCents);
    // The region's total is withheld in a year where a municipality's count is: else it would follow by subtraction.
    const anyWithheld = cells.some(({ c }) => c.youngBasis === 'withheld');
    const youngAll = anyWithheld || cells.some(({ c }) => c.youngPeople === null) ? null : cells.reduce((t, { c }) => t + (c.youngPeople ?? 0), 0);
    rows.push({
      year,
      municipality: '',
      budgetCents: budgetTotal,
      budgetBasis: cells[0]?.c.budgetBasis ?? 'none',
      costCents: costTotal,
      costBasis: cells[0]?.c.costBasis ?? 'none',
      gapCents: budgetTotal !== null && costTotal !== null ? budgetTotal - costTotal : null,
      youngPeople: youngAll,
      youngBasis: anyWithheld ? 'withheld' : (cells.find(({ c }) => c.youngBasis !== 'none')?.c.youngBasis ?? 'none'),
    });
  }
  if (lastKnown === undefined) notes.push('Er zijn nog geen financiële rapportages: de kostenlijn begint bij de eerste rapportage.');
  // Who sees which rows: the region every municipality; a municipality's officer or council its own
  // and the region; a provider the region. A municipality's count less a provider's own young people
  // there would otherwise give the other providers' count (decisions §40, §55).
  const own = viewer.role === 'municipality' || viewer.role === 'council' ? viewer.municipality : undefined;
  const shown = viewer.role === 'region' ? rows : rows.filter((r) => r.municipality === '' || r.municipality === own);
  return { from, to, parameters: { demandGrowthPct: parameters.demandGrowthPct ?? '0', priceIndexPct: parameters.priceIndexPct ?? null }, rows: shown, notes };
}
