// The providers' CBS deliveries as a second source: delivering one, how complete each source is,
// and the outcome indicators [issue 15; decisions §56–§58]. Every use case takes the viewer first;
// what others than the region see of others is one protected system per period (protectedRegion).
import { basename } from 'node:path';
import { assertMay, outOfScope } from '../domain/access/policy.ts';
import type { Viewer } from '../domain/access/viewer.ts';
import {
  bijMapping,
  bijPeriodEnd,
  bijPeriodName,
  bijPeriodStart,
  compareBijPeriods,
  currentBijPeriod,
  bijDeadline,
  endReasonOfStop,
  parseBijPeriod,
  previousBijPeriod,
  type BijMapping,
  type BijPeriod,
} from '../domain/bij.ts';
import { bijImport } from '../domain/bij-import.ts';
import { protect, UnprotectableError, type Attacker, type CellSystem, type Relation } from '../domain/disclosure/protect.ts';
import { Refusal } from '../domain/errors.ts';
import { outcomes, windowPassed, type EndedTrajectory, type OutcomeBy, type OutcomeRow } from '../domain/outcomes.ts';
import { areaResolver, municipalityOfPc4Resolver } from '../domain/region-lookup.ts';
import { TEMPORARY_STOP } from '../domain/trajectories.ts';
import { combinedReach, coverage, mirror, placements, UNKNOWN_MUNICIPALITY, type CoverageInput, type CombinedReachRow, type CoverageBy, type CoverageRecord, type CoverageRow, type CoverageTrajectory, type MirrorRow } from '../domain/source-coverage.ts';
import { agbInTraffic, latestBijDeliveryDate, bijDeliveries, bijRecordsOf, bijStarts, deliveredPeriods, replaceBijPeriod, type BijDeliveryLog, type StoredBijRecord } from '../store/bij-repository.ts';
import { latestMessageDate } from '../store/coverage-repository.ts';
import { trajectoriesOverlapping } from '../store/trajectory-repository.ts';
import { audit } from './accounts.ts';
import { byDataVersion } from './by-version.ts';
import { readImport } from './imports.ts';
import { highsSolver } from './lp-solver.ts';
import type { Workspace } from './workspace.ts';

export function bijMappingOf(ws: Workspace): BijMapping {
  return bijMapping(ws.region.bijPolicy, ws.region.careFormMapping);
}

export function parsePeriodOption(text: string): BijPeriod {
  const p = parseBijPeriod(text);
  if (!p) throw new Refusal('BIJ_PERIOD_INVALID', { text });
  return p;
}

// ---- delivering ---------------------------------------------------------------------------

export interface BijSubmitted {
  readonly provider: string;
  /** The AGB code was known from the traffic only (no registry entry). */
  readonly unregistered: boolean;
  readonly period: string;
  readonly accepted: number;
  readonly merged: number;
  readonly rejected: number;
  readonly rows: number;
  /** Records of an earlier delivery of the period that this one replaced. */
  readonly replaced: number;
  readonly late: boolean;
  readonly deadline: string;
  readonly deliveredOn: string;
}

/** A provider's code, or one of its AGB codes; an AGB code of the traffic in no registry entry stands for itself. */
export async function resolveBijProvider(ws: Workspace, given: string): Promise<{ provider: string; unregistered: boolean }> {
  const state = await ws.engine.state();
  const upper = given.trim().toUpperCase();
  const byCode = Object.values(state.providers).find((p) => p.code.toUpperCase() === upper);
  if (byCode) return { provider: byCode.code, unregistered: false };
  const byAgb = Object.values(state.providers).find((p) => p.agbCodes.includes(given.trim()));
  if (byAgb) return { provider: byAgb.code, unregistered: false };
  if (/^\d{8}$/.test(given.trim()) && (await agbInTraffic(ws.store.db, given.trim()))) return { provider: given.trim(), unregistered: true };
  throw new Refusal('BIJ_PROVIDER_UNKNOWN', { provider: given });
}

/**
 * Reads a CBS delivery file (CSV or XLSX) for one provider and half year and replaces the period's
 * records by it. All or nothing. The period must have ended; a period delivered before can be
 * corrected only while it is the current period or the one before (as at CBS).
 */
export async function submitBijFile(
  viewer: Viewer,
  ws: Workspace,
  path: string,
  options: { provider: string; period: string; pseudonym: (bsn: string) => string; asOf?: string; onRow?: (row: number) => void },
): Promise<BijSubmitted> {
  assertMay(viewer, 'bij.submit');
  if (options.asOf !== undefined && viewer.role !== 'region') throw outOfScope(viewer, { en: 'choose the delivery date of a CBS delivery', nl: 'de leverdatum van een CBS-levering kiezen' });
  const period = parsePeriodOption(options.period);
  const { provider, unregistered } = await resolveBijProvider(ws, options.provider);
  if (viewer.role === 'provider' && viewer.provider !== provider) throw outOfScope(viewer, { en: "deliver another provider's CBS delivery", nl: 'de CBS-levering van een andere aanbieder inleveren' });
  // Delivered today — or, where the log already holds a later delivery date (the demo lives in
  // 2028–2029 whatever the clock says), on that date, as the financial reports are (judgedAt).
  const latest = await latestBijDeliveryDate(ws.store.db);
  const today = ws.engine.today();
  const asOf = options.asOf ?? (latest !== null && latest > today ? latest : today);
  const name = bijPeriodName(period);
  if (asOf <= bijPeriodEnd(period)) throw new Refusal('BIJ_PERIOD_OPEN', { period: name, end: bijPeriodEnd(period), asOf });
  const current = currentBijPeriod(asOf);
  const previous = previousBijPeriod(current);
  const delivered = (await bijDeliveries(ws.store.db, provider)).some((d) => d.period === name);
  if (delivered && compareBijPeriods(period, previous) < 0) throw new Refusal('BIJ_PERIOD_CLOSED', { period: name, current: bijPeriodName(current), previous: bijPeriodName(previous) });
  let file = basename(path);
  let rows = 0;
  try {
    const municipalityOfPc4 = municipalityOfPc4Resolver(ws.region);
    const { place, value } = await readImport(
      path,
      (p) => ((file = p.file), bijImport(p, { period, asOf, pseudonym: options.pseudonym, municipalityOfPc4 })),
      'submitted',
      (row) => {
        rows = row;
        options.onRow?.(row);
      },
    );
    const late = asOf > bijDeadline(period);
    const replaced = await replaceBijPeriod(
      ws.store.db,
      { provider, period: name, deliveredOn: asOf, login: viewer.login, source: place.file, rowsRead: value.rows, merged: value.merged, late },
      value.records,
    );
    await audit(ws, viewer, 'bij', { provider, period: name, records: value.records.length, merged: value.merged, replaced, late });
    return { provider, unregistered, period: name, accepted: value.records.length, merged: value.merged, rejected: 0, rows: value.rows, replaced, late, deadline: bijDeadline(period), deliveredOn: asOf };
  } catch (e) {
    if (e instanceof Refusal) await audit(ws, viewer, 'bij-refused', { file, provider, period: name, code: e.code, problems: e.problems.length, rows });
    throw e;
  }
}

/** The delivery log: the region every delivery, a provider its own. */
export async function bijDeliveryLog(viewer: Viewer, ws: Workspace): Promise<BijDeliveryLog[]> {
  assertMay(viewer, 'bij.submit');
  return bijDeliveries(ws.store.db, viewer.role === 'provider' ? viewer.provider : undefined);
}

// ---- the sources, read once per period and data version -----------------------------------

interface Sources {
  readonly records: readonly (CoverageRecord & { readonly period: string; readonly source: StoredBijRecord })[];
  readonly trajectories: readonly (CoverageTrajectory & { readonly pc4?: string; readonly endReason?: string })[];
  readonly delivered: ReadonlyMap<string, ReadonlySet<string>>;
}

async function providerOfAgbMap(ws: Workspace): Promise<Map<string, string>> {
  const state = await ws.engine.state();
  const map = new Map<string, string>();
  for (const p of Object.values(state.providers)) for (const agb of p.agbCodes) map.set(agb, p.code);
  return map;
}

export async function sourcesOf(ws: Workspace, periods: readonly BijPeriod[], to: string): Promise<Sources> {
  const from = bijPeriodStart(periods[0]!);
  const providerOf = await providerOfAgbMap(ws);
  const records = (await bijRecordsOf(ws.store.db, periods.map(bijPeriodName))).map((r) => ({
    provider: r.provider,
    person: r.person,
    careForm: r.careForm,
    ...(r.municipality ? { municipality: r.municipality } : {}),
    start: r.start,
    ...(r.end ? { end: r.end } : {}),
    period: r.period,
    source: r,
  }));
  const trajectories = (await trajectoriesOverlapping(ws.store.db, { from, to })).map((t) => ({
    provider: providerOf.get(t.provider) ?? t.provider,
    person: t.client.pseudonym,
    category: t.category,
    municipality: t.municipality,
    start: t.start,
    ...(t.end ? { end: t.end } : {}),
    ...(t.client.pc4 ? { pc4: t.client.pc4 } : {}),
    ...(t.endReason !== undefined ? { endReason: t.endReason } : {}),
  }));
  return { records, trajectories, delivered: await deliveredPeriods(ws.store.db) };
}

// ---- coverage --------------------------------------------------------------------------------

/** A count others may not see: null, with the field named in `hidden`. */
export interface Protected {
  readonly hidden?: readonly string[];
}
export type CoverageViewRow = Omit<CoverageRow, 'both' | 'onlyBij' | 'onlyIjw' | 'ijwConfirmedPct' | 'bijConfirmedPct' | 'datesDiffer'> &
  Protected & { both: number | null; onlyBij: number | null; onlyIjw: number | null; ijwConfirmedPct: string | null; bijConfirmedPct: string | null; datesDiffer: number | null };

export interface CoverageView {
  readonly period: string;
  readonly by: CoverageBy;
  /** Whose rows these are: everyone's (region), or the viewer's own young people. */
  readonly scope: 'all' | { readonly provider: string } | { readonly municipality: string };
  readonly rows: readonly CoverageViewRow[];
  /** The region's row: protected for others than the region. */
  readonly region: CoverageViewRow;
  /** Providers that delivered for the period (compared), and those with traffic that did not. */
  readonly delivered: readonly string[];
  readonly notDelivered: readonly string[];
  readonly dateToleranceDays: number;
  /** Reach per municipality from the traffic alone and from both sources (region: all; municipality: its own). */
  readonly reach?: { readonly rows: readonly CombinedReachRow[]; readonly total?: CombinedReachRow };
}

function ownFilter(viewer: Viewer): ((provider: string, municipality: string) => boolean) | undefined {
  if (viewer.role === 'provider') return (p) => p === viewer.provider;
  if (viewer.role === 'municipality' || viewer.role === 'council') return (_p, m) => m === viewer.municipality;
  return undefined;
}

/** Places every record where the traffic places its young person with that provider (else its own municipality). */
function placed(s: Sources): { records: (CoverageRecord & { municipality: string })[]; trajectories: (Sources['trajectories'][number] & { placed: string })[] } {
  const place = placements(s.trajectories);
  return {
    records: s.records.map((r) => ({ ...r, municipality: place.get(`${r.provider}|${r.person}`) ?? r.municipality ?? UNKNOWN_MUNICIPALITY })),
    trajectories: s.trajectories.map((t) => ({ ...t, placed: place.get(`${t.provider}|${t.person}`) ?? t.municipality })),
  };
}

export async function coverageView(viewer: Viewer, ws: Workspace, periodText: string, by: CoverageBy): Promise<CoverageView> {
  assertMay(viewer, 'coverage.read');
  const period = parsePeriodOption(periodText);
  const name = bijPeriodName(period);
  const from = bijPeriodStart(period);
  const to = bijPeriodEnd(period);
  const mapping = bijMappingOf(ws);
  const computed = await byDataVersion(ws, `coverage|${name}`, async () => {
    const s = placed(await sourcesOf(ws, [period], to));
    const delivered = new Set<string>((await deliveredPeriods(ws.store.db)).get(name) ?? []);
    const withTraffic = new Set(s.trajectories.filter((t) => t.start <= to && (t.end ?? '9999') >= from).map((t) => t.provider));
    const input = { from, to, records: s.records, trajectories: s.trajectories, mapping, delivered };
    const all = { provider: coverage(input, 'provider'), municipality: coverage(input, 'municipality'), care_form: coverage(input, 'care_form') };
    const hidden = await protectCoverage(input, all);
    return { s, input, all, hidden, delivered: [...delivered].sort(), notDelivered: [...withTraffic].filter((p) => !delivered.has(p)).sort() };
  });
  const own = ownFilter(viewer);
  let rows: CoverageRow[];
  if (!own) rows = computed.all[by].rows;
  else rows = coverage(ownPart(computed.input, own), by).rows;
  const regionRow = computed.all[by].total;
  const reach =
    viewer.role === 'region'
      ? combinedReach({ from, to, records: computed.input.records, trajectories: computed.input.trajectories })
      : viewer.role === 'municipality'
        ? { rows: combinedReach({ from, to, records: computed.input.records, trajectories: computed.input.trajectories }).rows.filter((r) => r.municipality === viewer.municipality) }
        : undefined;
  return {
    period: name,
    by,
    scope: viewer.role === 'region' ? 'all' : viewer.role === 'provider' ? { provider: viewer.provider } : { municipality: viewer.municipality },
    rows: rows.map((r) => ({ ...r })),
    region: viewer.role === 'region' ? { ...regionRow } : hideCoverage(regionRow, by === 'care_form' ? computed.hidden.slice(3) : computed.hidden.slice(0, 3)),
    delivered: computed.delivered,
    notDelivered: computed.notDelivered,
    dateToleranceDays: mapping.dateToleranceDays,
    ...(reach ? { reach } : {}),
  };
}

const COVERAGE_FIELDS = ['both', 'onlyBij', 'onlyIjw'] as const;

interface PlacedInput extends Omit<CoverageInput, 'records' | 'trajectories'> {
  readonly records: readonly (CoverageRecord & { municipality: string })[];
  readonly trajectories: readonly (CoverageTrajectory & { placed: string })[];
}

/** The young people a viewer owns: a provider its own, a municipality those placed in it (as the region's rows place them). */
function ownPart(input: PlacedInput, own: (provider: string, municipality: string) => boolean): PlacedInput {
  return { ...input, records: input.records.filter((r) => own(r.provider, r.municipality)), trajectories: input.trajectories.filter((t) => own(t.provider, t.placed)) };
}

/**
 * The region's coverage rows as others may see them — the total per provider unit and the total per
 * care form unit, one system: a count whose others' part is 1–4 for the public, a provider or a
 * municipality (each knows its own part, computed as its own view computes it) is hidden, and with it
 * the shares it enters.
 */
async function protectCoverage(input: PlacedInput, all: Record<CoverageBy, { rows: CoverageRow[]; total: CoverageRow }>): Promise<boolean[]> {
  const totals = (i: CoverageInput) => [coverage(i, 'provider').total, coverage(i, 'care_form').total];
  const cells = (rows: CoverageRow[]) => rows.flatMap((r) => COVERAGE_FIELDS.map((f) => r[f]));
  const values = cells([all.provider.total, all.care_form.total]);
  const attackers: Attacker[] = [
    ...all.provider.rows.map((r) => ({ name: `provider ${r.group}`, knows: [], own: cells(totals(ownPart(input, (p) => p === r.group))) })),
    ...all.municipality.rows.map((r) => ({ name: `municipality ${r.group}`, knows: [], own: cells(totals(ownPart(input, (_p, m) => m === r.group))) })),
  ];
  const names = ['provider', 'care_form'].flatMap((u) => COVERAGE_FIELDS.map((f) => `${u}.${f}`));
  return protectedOrAllHidden({ values, relations: [], names, attackers });
}

/** The hidden cells; where figures cannot be protected at all (a property of the data), every one of them. */
async function protectedOrAllHidden(system: CellSystem): Promise<boolean[]> {
  try {
    return [...(await protect(system, highsSolver)).hidden];
  } catch (e) {
    if (e instanceof UnprotectableError) return system.values.map(() => true);
    throw e;
  }
}

function hideCoverage(row: CoverageRow, hidden: readonly boolean[]): CoverageViewRow {
  const h = COVERAGE_FIELDS.filter((_, i) => hidden[i]);
  // Dates that disagree are counted for the region and the owners only: not a cell of the protected system.
  if (h.length === 0) return { ...row, datesDiffer: null };
  const out: CoverageViewRow = { ...row, datesDiffer: null, hidden: h };
  for (const f of h) out[f] = null;
  if (h.includes('both') || h.includes('onlyIjw')) out.ijwConfirmedPct = null;
  if (h.includes('both') || h.includes('onlyBij')) out.bijConfirmedPct = null;
  return out;
}

/** A provider's mirror (its records per municipality and care form): the provider its own, the region any. */
export async function bijMirror(viewer: Viewer, ws: Workspace, periodText: string, providerGiven?: string): Promise<{ provider: string; period: string; rows: MirrorRow[] }> {
  assertMay(viewer, 'bij.submit');
  const period = parsePeriodOption(periodText);
  const provider = viewer.role === 'provider' ? viewer.provider : (await resolveBijProvider(ws, providerGiven ?? '')).provider;
  if (viewer.role === 'provider' && providerGiven !== undefined && (await resolveBijProvider(ws, providerGiven)).provider !== provider) {
    throw outOfScope(viewer, { en: "read another provider's mirror", nl: 'de spiegel van een andere aanbieder lezen' });
  }
  const s = placed(await sourcesOf(ws, [period], bijPeriodEnd(period)));
  return { provider, period: bijPeriodName(period), rows: mirror(s.records.filter((r) => r.provider === provider), bijPeriodStart(period), bijPeriodEnd(period)) };
}

// ---- outcome indicators ------------------------------------------------------------------------

/** A year ("2028") or a half year ("2028-H1"). */
export function parseOutcomePeriod(text: string): { name: string; halves: BijPeriod[]; from: string; to: string } {
  const t = text.trim();
  if (/^\d{4}$/.test(t) && Number(t) >= 2000 && Number(t) <= 2100) {
    const year = Number(t);
    return { name: t, halves: [{ year, half: 1 }, { year, half: 2 }], from: `${year}-01-01`, to: `${year}-12-31` };
  }
  const half = parseBijPeriod(t);
  if (!half) throw new Refusal('OUTCOME_PERIOD_INVALID', { text });
  return { name: bijPeriodName(half), halves: [half], from: bijPeriodStart(half), to: bijPeriodEnd(half) };
}

export type OutcomeViewRow = Omit<OutcomeRow, 'ended' | 'endedReasonUnknown' | 'dropout' | 'dropoutPct' | 'noNewStartEligible' | 'noNewStart' | 'noNewStartPct' | 'satisfactionMean' | 'satisfactionCount' | 'withoutHelp' | 'withoutHelpCount' | 'fromBij' | 'fromIjw'> &
  Protected & {
    ended: number | null;
    endedReasonUnknown: number | null;
    fromBij: number | null;
    fromIjw: number | null;
    dropout: number | null;
    dropoutPct: string | null;
    noNewStartEligible: number | null;
    noNewStart: number | null;
    noNewStartPct: string | null;
    satisfactionCount: number | null;
    satisfactionMean: string | null;
    withoutHelpCount: number | null;
    withoutHelp: Readonly<Record<string, number>> | null;
  };

export interface OutcomesView {
  readonly period: string;
  readonly by: OutcomeBy;
  readonly scope: 'all' | { readonly provider: string } | { readonly municipality: string };
  readonly rows: readonly OutcomeViewRow[];
  readonly region: OutcomeViewRow;
  readonly dropoutReasons: readonly string[];
  readonly windowMonths: number;
  /** Whether the window after the period has passed by the data's last day (else no "no new start"). */
  readonly windowPassed: boolean;
  /** The last day the traffic covers. */
  readonly horizon: string | null;
}

async function themeOfProvider(ws: Workspace): Promise<Map<string, string>> {
  const state = await ws.engine.state();
  const map = new Map<string, string>();
  for (const y of Object.values(state.years).sort((a, b) => a.year - b.year)) {
    for (const p of y.plan.providers) {
      const theme = p.themes.map((t) => t.theme).sort().join('+');
      map.set(p.code, theme);
      if (p.agb) map.set(p.agb, theme);
    }
  }
  return map;
}

async function endedTrajectories(ws: Workspace, p: ReturnType<typeof parseOutcomePeriod>, horizon: string): Promise<{ ended: EndedTrajectory[]; startsOf: (person: string) => readonly string[] }> {
  const mapping = bijMappingOf(ws);
  const until = horizon > p.to ? horizon : p.to;
  const s = await sourcesOf(ws, p.halves, until);
  const themes = await themeOfProvider(ws);
  const areaOf = areaResolver(ws.region);
  const place = placements(s.trajectories);
  const ended: EndedTrajectory[] = [];
  for (const half of p.halves) {
    const name = bijPeriodName(half);
    const from = bijPeriodStart(half);
    const to = bijPeriodEnd(half);
    const delivered = s.delivered.get(name) ?? new Set<string>();
    for (const r of s.records) {
      if (r.period !== name || r.end === undefined || r.end < from || r.end > to) continue;
      const municipality = place.get(`${r.provider}|${r.person}`) ?? r.municipality ?? UNKNOWN_MUNICIPALITY;
      ended.push({
        provider: r.provider,
        person: r.person,
        municipality,
        area: areaOf(municipality, r.source.pc4),
        theme: themes.get(r.provider) ?? 'unassigned',
        end: r.end,
        ...(r.source.endReason ? { endReason: r.source.endReason } : {}),
        source: 'bij',
        measurements: r.source.measurements,
      });
    }
    for (const t of s.trajectories) {
      if (delivered.has(t.provider) || t.end === undefined || t.end < from || t.end > to || t.endReason === TEMPORARY_STOP) continue;
      const reason = endReasonOfStop(mapping, t.endReason);
      ended.push({
        provider: t.provider,
        person: t.person,
        municipality: t.municipality,
        area: areaOf(t.municipality, t.pc4),
        theme: themes.get(t.provider) ?? 'unassigned',
        end: t.end,
        ...(reason ? { endReason: reason } : {}),
        source: 'ijw',
        measurements: [],
      });
    }
  }
  const starts = new Map<string, string[]>();
  const add = (person: string, start: string) => {
    const list = starts.get(person);
    if (list) list.push(start);
    else starts.set(person, [start]);
  };
  for (const t of s.trajectories) if (t.start > p.from) add(t.person, t.start);
  for (const r of await bijStarts(ws.store.db, p.from, until)) add(r.person, r.start);
  return { ended, startsOf: (person) => starts.get(person) ?? [] };
}

const OUTCOME_CELLS = ['ended', 'dropout', 'kept', 'eligible', 'noNewStart', 'newStart', 'satisfaction', 'withoutHelp', 'reasonUnknown'] as const;
const HALVES = ['H1', 'H2', 'Y'] as const;
type Half = (typeof HALVES)[number];

function cellsOf(r: OutcomeRow | undefined): number[] {
  if (!r) return OUTCOME_CELLS.map(() => 0);
  const eligible = r.noNewStartEligible ?? 0;
  const nns = r.noNewStart ?? 0;
  return [r.ended, r.dropout, r.ended - r.dropout, eligible, nns, eligible - nns, r.satisfactionCount, r.withoutHelpCount, r.endedReasonUnknown];
}

interface HalfFigures {
  readonly passed: boolean;
  readonly total: OutcomeRow;
  readonly byMunicipality: ReadonlyMap<string, OutcomeRow>;
  /** Per provider, its part per municipality. */
  readonly byProvider: ReadonlyMap<string, ReadonlyMap<string, OutcomeRow>>;
}

/**
 * The outcome figures others see — the region and each municipality (a council's own), for both half
 * years and the year — as one protected system: per scope ended = dropout + the rest, and once the
 * window has passed eligible = no new start + new start = ended + those without a known reason; the
 * region the sum of the municipalities; the year the sum of its halves (ended trajectories are
 * events). The attackers are the public, every provider (its part of every cell) and every
 * municipality (its own cells, and its part of the region's). Gives the hidden cells per half and scope.
 */
async function protectOutcomeYear(figures: Readonly<Record<Half, HalfFigures>>): Promise<Map<string, boolean[]>> {
  const municipalities = [...new Set(HALVES.flatMap((h) => [...figures[h].byMunicipality.keys()]))].sort();
  const scopes = ['', ...municipalities];
  const k = OUTCOME_CELLS.length;
  const at = (h: number, s: number, c: number) => (h * scopes.length + s) * k + c;
  const rowOf = (h: Half, scope: string) => (scope === '' ? figures[h].total : figures[h].byMunicipality.get(scope));
  const values: number[] = [];
  const names: string[] = [];
  HALVES.forEach((h) => scopes.forEach((scope) => (values.push(...cellsOf(rowOf(h, scope))), names.push(...OUTCOME_CELLS.map((c) => `${h}.${scope || 'regio'}.${c}`)))));
  const relations: Relation[] = [];
  HALVES.forEach((h, hi) => {
    scopes.forEach((_scope, si) => {
      relations.push({ kind: 'sum', total: at(hi, si, 0), parts: [at(hi, si, 1), at(hi, si, 2)] });
      if (figures[h].passed) {
        relations.push({ kind: 'sum', total: at(hi, si, 3), parts: [at(hi, si, 4), at(hi, si, 5)] });
        relations.push({ kind: 'sum', total: at(hi, si, 3), parts: [at(hi, si, 0), at(hi, si, 8)] });
      }
    });
    for (let c = 0; c < k; c++) relations.push({ kind: 'sum', total: at(hi, 0, c), parts: municipalities.map((_, i) => at(hi, i + 1, c)) });
  });
  // The year is its two halves; the cells of "no new start" only once the year's window has passed (then the halves' have too).
  scopes.forEach((_scope, si) => {
    for (let c = 0; c < k; c++) {
      if (c >= 3 && c <= 5 && !figures.Y.passed) continue;
      relations.push({ kind: 'sum', total: at(2, si, c), parts: [at(0, si, c), at(1, si, c)] });
    }
  });
  const attackers: Attacker[] = [];
  municipalities.forEach((m, i) => {
    const si = i + 1;
    const knows = values.map((_, idx) => Math.floor(idx / k) % scopes.length === si);
    const own = values.map((v, idx) => {
      const s = Math.floor(idx / k) % scopes.length;
      return s === si ? v : s === 0 ? values[idx + si * k]! : 0;
    });
    attackers.push({ name: `municipality ${m}`, knows, own });
  });
  const providers = [...new Set(HALVES.flatMap((h) => [...figures[h].byProvider.keys()]))].sort();
  for (const p of providers) {
    const own = values.map((_, idx) => {
      const c = idx % k;
      const s = Math.floor(idx / k) % scopes.length;
      const h = HALVES[Math.floor(idx / (k * scopes.length))]!;
      const parts = figures[h].byProvider.get(p);
      if (!parts) return 0;
      const rows = s === 0 ? [...parts.values()] : [parts.get(scopes[s]!)];
      return rows.reduce((sum, r) => sum + cellsOf(r)[c]!, 0);
    });
    attackers.push({ name: `provider ${p}`, knows: [], own });
  }
  const hidden = await protectedOrAllHidden({ values, relations, names, attackers });
  const out = new Map<string, boolean[]>();
  HALVES.forEach((h, hi) => scopes.forEach((scope, si) => out.set(`${h}|${scope}`, hidden.slice(at(hi, si, 0), at(hi, si, 0) + k))));
  return out;
}

function hideOutcome(row: OutcomeRow, hidden: readonly boolean[] | undefined): OutcomeViewRow {
  const out: OutcomeViewRow = { ...row };
  const h: string[] = [];
  const [ended, dropout, kept, eligible, nns, ns, satisfaction, withoutHelp] = hidden ?? OUTCOME_CELLS.map(() => false);
  if (ended) (out.ended = null), h.push('ended');
  if (dropout) (out.dropout = null), h.push('dropout');
  if (ended || dropout || kept) out.dropoutPct = null;
  if (eligible) (out.noNewStartEligible = null), h.push('noNewStartEligible');
  if (nns) (out.noNewStart = null), h.push('noNewStart');
  if (eligible || nns || ns) out.noNewStartPct = null;
  // Measurements are counts of young people too, protected as cells; a mean only beside its count.
  if (satisfaction) (out.satisfactionCount = null), (out.satisfactionMean = null), h.push('satisfaction');
  if (withoutHelp) (out.withoutHelpCount = null), h.push('withoutHelp');
  // Not cells of the protected system, so not shown to others: the breakdowns by code and by source.
  out.withoutHelp = null;
  out.endedReasonUnknown = null;
  out.fromBij = null;
  out.fromIjw = null;
  return h.length ? { ...out, hidden: h } : out;
}

export async function outcomesView(viewer: Viewer, ws: Workspace, periodText: string, by: OutcomeBy): Promise<OutcomesView> {
  assertMay(viewer, 'quality.read');
  const p = parseOutcomePeriod(periodText);
  const year = Number(p.name.slice(0, 4));
  const half: Half = p.halves.length === 2 ? 'Y' : p.halves[0]!.half === 1 ? 'H1' : 'H2';
  const mapping = bijMappingOf(ws);
  // One computation per year: the halves and the year are protected together (the year is their sum).
  const computed = await byDataVersion(ws, `outcomes|${year}`, async () => {
    const yp = parseOutcomePeriod(String(year));
    const horizon = (await latestMessageDate(ws.store.db)) ?? yp.from;
    const data = await endedTrajectories(ws, yp, horizon);
    const base = { ended: data.ended, startsOf: data.startsOf, mapping, horizon };
    const bounds: Record<Half, { from: string; to: string }> = { H1: { from: `${year}-01-01`, to: `${year}-06-30` }, H2: { from: `${year}-07-01`, to: `${year}-12-31` }, Y: { from: yp.from, to: yp.to } };
    const figures = {} as Record<Half, HalfFigures>;
    for (const h of HALVES) {
      const input = { ...base, ...bounds[h] };
      const byMunicipality = outcomes(input, (e) => e.municipality);
      const byProvider = new Map<string, Map<string, OutcomeRow>>();
      for (const provider of new Set(data.ended.map((e) => e.provider))) {
        const rows = outcomes({ ...input, ended: data.ended.filter((e) => e.provider === provider) }, (e) => e.municipality).rows;
        if (rows.length > 0) byProvider.set(provider, new Map(rows.map((r) => [r.group, r])));
      }
      figures[h] = { passed: windowPassed(input.to, mapping, horizon), total: byMunicipality.total, byMunicipality: new Map(byMunicipality.rows.map((r) => [r.group, r])), byProvider };
    }
    const hidden = await protectOutcomeYear(figures);
    return { horizon, base, figures, hidden };
  });
  const input = { ...computed.base, from: p.from, to: p.to };
  const figures = computed.figures[half];
  const groupOf = (e: EndedTrajectory) => e[by];
  const own = ownFilter(viewer);
  const view = (rows: OutcomeRow[]): OutcomeViewRow[] => rows.map((r) => ({ ...r }));
  let rows: OutcomeViewRow[];
  if (viewer.role === 'council') {
    // A council: its own municipality as the public sees it (protected), whatever the breakdown.
    const mine = figures.byMunicipality.get(viewer.municipality);
    rows = mine ? [hideOutcome(mine, computed.hidden.get(`${half}|${viewer.municipality}`))] : [];
  } else if (!own) rows = view(outcomes(input, groupOf).rows);
  else rows = view(outcomes({ ...input, ended: input.ended.filter((e) => own(e.provider, e.municipality)) }, groupOf).rows);
  return {
    period: p.name,
    by: viewer.role === 'council' ? 'municipality' : by,
    scope: viewer.role === 'region' ? 'all' : viewer.role === 'provider' ? { provider: viewer.provider } : { municipality: viewer.municipality },
    rows,
    region: viewer.role === 'region' ? { ...figures.total } : hideOutcome(figures.total, computed.hidden.get(`${half}|`)),
    dropoutReasons: mapping.dropoutReasons,
    windowMonths: mapping.noNewStartWindowMonths,
    windowPassed: figures.passed,
    horizon: computed.horizon,
  };
}
