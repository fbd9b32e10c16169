// The monitor as each viewer sees it [issue 13 "Who uses it and what each may see"]. The viewer
// comes first; src/domain/access/scope.ts decides what it sees: the region everything unprotected,
// the others their own part (unprotected for its owner) beside everyone else's, protected as a
// publication of that part of the population (src/app/publication.ts).
import { assertMay } from '../domain/access/policy.ts';
import { EVERYONE, monitorView, populationKey, publishedBreakdowns, REGION, REST, scopedBreakdown, type MonitorView, type Population } from '../domain/access/scope.ts';
import type { Viewer } from '../domain/access/viewer.ts';
import { coveredPeriod, periodClosed } from '../domain/data-coverage.ts';
import { asPublishedPeriod, type Breakdown, type PublishedPeriodFigures, type PublishedReachRow, type PublishedTimelinessRow, type PublishedWait } from '../domain/disclosure/publication.ts';
import { Refusal } from '../domain/errors.ts';
import type { Dimension, Period, ReachRow } from '../domain/reach-figures.ts';
import { assignmentStartDeadlineDays } from '../domain/region.ts';
import { share, type TimelinessRow } from '../domain/timeliness.ts';
import type { WaitingRow, WaitStats } from '../domain/waiting-times.ts';
import { latestMessageDate } from '../store/coverage-repository.ts';
import { figuresWithinData, type CoveredFigures, type ReadLimits } from './coverage.ts';
import { messageCounts, reach, timelinessFigures, waiting } from './monitor.ts';
import { groupingOf, publishedFigures, themeLabelsOf, type PublicationScope } from './publication.ts';
import { byDataVersion } from './by-version.ts';
import { listAccountRows } from '../store/account-repository.ts';
import { viewerOf as viewerOfAccount } from '../domain/access/accounts.ts';
import type { Workspace } from './workspace.ts';

type Group = Readonly<Partial<Record<Dimension, string>>>;
export type ViewReachRow = PublishedReachRow;
export type ViewWait = { readonly count: number; readonly median: number | null; readonly p80: number | null; readonly max: number | null } | null;
export interface ViewWaitingRow {
  readonly group: Group;
  readonly requestToAssignment: ViewWait;
  readonly assignmentToStart: ViewWait;
  readonly suppressed: boolean;
}
export interface ViewTimelinessRow extends PublishedTimelinessRow {
  readonly retroactiveDaysBackMax: number | null;
}
export interface ViewMessageRow {
  readonly messageType: string;
  readonly messages: number | null;
}
export type TimelinessBy = 'provider' | 'municipality' | 'total';

/** The provider codes of the registry → their AGB codes. */
async function agbCodesOf(ws: Workspace): Promise<(provider: string) => readonly string[]> {
  const providers = (await ws.engine.state()).providers;
  return (p) => providers[p]?.agbCodes ?? [];
}

export async function viewOf(viewer: Viewer, ws: Workspace): Promise<MonitorView> {
  return monitorView(viewer, await agbCodesOf(ws));
}

type Scoped = Extract<MonitorView, { kind: 'own-and-others' }>;

/** The protected parts a viewer's views read (its REST or other providers; a council's own municipality too). */
async function scopesOf(ws: Workspace, viewer: Viewer): Promise<PublicationScope[]> {
  const view = await viewOf(viewer, ws);
  if (view.kind === 'full') return [];
  const parts: [Population, 'own' | 'others'][] = view.ownProtected ? [[view.own, 'own'], [view.others, 'others']] : [[view.others, 'others']];
  return parts.map(([population, part]) => scopeOf(view, population, part));
}

const distinct = (scopes: PublicationScope[]) => [...new Map(scopes.map((s) => [`${populationKey(s.population)}|${s.breakdowns.join(',')}`, s])).values()];

/**
 * Every protected part any viewer can be shown: the other municipalities of each municipality (its
 * REST, also its council's), each municipality for its council, the other providers of each provider.
 */
export async function everyScope(ws: Workspace): Promise<PublicationScope[]> {
  const providers = Object.keys((await ws.engine.state()).providers);
  const viewers: Viewer[] = [
    ...ws.region.municipalities.flatMap((m): Viewer[] => [
      { role: 'municipality', login: '', municipality: m.code },
      { role: 'council', login: '', municipality: m.code },
    ]),
    ...providers.map((p): Viewer => ({ role: 'provider', login: '', provider: p })),
  ];
  return distinct((await Promise.all(viewers.map((v) => scopesOf(ws, v)))).flat());
}

/**
 * The protected parts the enabled accounts can be shown: what the publisher computes when data
 * arrive (a part nobody can look at is computed when first asked, e.g. for a council report).
 */
export async function scopesOfAccounts(ws: Workspace): Promise<PublicationScope[]> {
  const accounts = (await listAccountRows(ws.store.db)).filter((a) => a.disabledAt === null && a.role !== 'region');
  const scopes: PublicationScope[] = [];
  for (const a of accounts) scopes.push(...(await scopesOf(ws, viewerOfAccount(a))));
  return distinct(scopes);
}

/**
 * The period a scoped viewer asked for: one of its role's published periods, over in the data (a
 * running period's answers would change by a few young people from one ingest to the next).
 */
async function scopedPeriod(view: Scoped, ws: Workspace, asked: Period) {
  const named = asPublishedPeriod(asked);
  if (named === undefined || !view.periods.includes(named.name)) throw new Refusal('DISCLOSURE_PERIOD', { from: asked.from, to: asked.to });
  const covered = coveredPeriod(asked, await latestMessageDate(ws.store.db));
  if (!periodClosed(asked, covered.dataUpTo)) throw new Refusal('DISCLOSURE_PERIOD_OPEN', { from: asked.from, to: asked.to, dataUpTo: covered.dataUpTo });
  return covered;
}

/** How a scope's figures are protected and grouped for others than the region. */
const scopeOf = (view: Scoped, population: Population, part: 'own' | 'others'): PublicationScope => ({ population, breakdowns: publishedBreakdowns(view, part), forOthers: true });

/** The protected figures of a part of the population for a view's period. */
async function protectedPart(ws: Workspace, view: Scoped, population: Population, part: 'own' | 'others', asked: Period, limits: ReadLimits): Promise<PublishedPeriodFigures> {
  return (await publishedFigures(ws, asked, limits, scopeOf(view, population, part))).figures;
}

const relabel = (group: Group, column: Dimension, label: string, extra: Partial<Record<Dimension, string>> = {}): Group => ({ ...group, [column]: label, ...extra });
const groupKey = (g: Group, b: Breakdown) => (b === 'total' ? '' : groupingOf(b).map((d) => g[d] ?? '').join('/'));

const unprotectedReach = (r: ReachRow): ViewReachRow => ({ ...r, suppressed: false });
const unprotectedWaiting = (r: WaitingRow): ViewWaitingRow => ({ group: r.group, requestToAssignment: r.requestToAssignment, assignmentToStart: r.assignmentToStart, suppressed: false });
const unprotectedTimeliness = (r: TimelinessRow, by: TimelinessBy): ViewTimelinessRow => ({
  ...r,
  provider: by === 'provider' ? r.provider : undefined,
  municipality: by === 'municipality' ? r.municipality : undefined,
  suppressed: false,
});

/** Figures of a part of the population for others' views (themes as disclosed), once per data version. */
const live = <T,>(ws: Workspace, what: string, period: Period, grouping: readonly string[], population: Population, compute: () => Promise<T>): Promise<T> =>
  byDataVersion(ws, `scoped|${what}|${period.from}|${period.to}|${grouping.join(',')}|${populationKey(population)}`, compute);

/** A measure of the region as a provider sees it: its own part plus the others' (null where theirs is hidden). */
const plus = (own: number | undefined, others: number | null): number | null => (others === null ? null : (own ?? 0) + others);

/**
 * Reach for the viewer, by the dimensions asked (none: the total). The region: any period and
 * breakdown, nothing hidden. Others: see scope.ts.
 */
export async function monitorReach(viewer: Viewer, ws: Workspace, asked: Period, by: readonly Dimension[], limits: ReadLimits = {}): Promise<CoveredFigures<ViewReachRow[]>> {
  assertMay(viewer, 'monitor.read');
  const view = await viewOf(viewer, ws);
  if (view.kind === 'full') {
    const c = await byDataVersion(ws, `full|reach|${asked.from}|${asked.to}|${by.join(',')}`, () => figuresWithinData(ws, asked, (w, p) => reach(w, p, by), limits));
    return { ...c, figures: c.figures.map(unprotectedReach) };
  }
  const b = scopedBreakdown(view, by);
  const covered = await scopedPeriod(view, ws, asked);
  const themes = await themeLabelsOf(ws, { forOthers: true });
  const ownLive = view.ownProtected ? undefined : await live(ws, 'reach', covered.period, groupingOf(b), view.own, () => reach(ws, covered.period, groupingOf(b), view.own, themes));
  const own = ownLive?.map(unprotectedReach) ?? ((await protectedPart(ws, view, view.own, 'own', asked, limits)).reach[b] ?? []);
  const ownRows = own.map((r) => ({ ...r, group: relabel(r.group, view.column, view.ownLabel) }));
  const others = await protectedPart(ws, view, view.others, 'others', asked, limits);
  let otherRows: ViewReachRow[];
  if (view.othersTotalOnly.includes(b as Dimension)) {
    otherRows = (others.reach.total ?? []).map((r) => ({ ...r, group: relabel(r.group, view.column, view.othersAs, { [b]: view.othersAs }) }));
  } else if (view.othersAs === REST) {
    otherRows = (others.reach[b] ?? []).map((r) => ({ ...r, group: relabel(r.group, view.column, REST) }));
  } else {
    // REGION: the viewer's own part plus the others' part, measure by measure — a young person with
    // the viewer and with another provider counts in both parts, so that REGION minus one's own is
    // exactly the others' part, which is protected (a count of everyone once would tell how many of
    // one's own young people are also with others).
    const mine = new Map((ownLive ?? []).map((r) => [groupKey(r.group, b), r]));
    otherRows = (others.reach[b] ?? []).map((o) => regionReachRow(o, mine.get(groupKey(o.group, b)), view.column));
    const seen = new Set((others.reach[b] ?? []).map((o) => groupKey(o.group, b)));
    // Groups only the viewer's own young people are in: the region's figure is its own.
    for (const r of ownRows) if (!seen.has(groupKey(r.group, b))) otherRows.push({ ...r, group: relabel(r.group, view.column, REGION) });
  }
  return { ...covered, figures: [...ownRows, ...otherRows] };
}

function regionReachRow(others: PublishedReachRow, own: ReachRow | undefined, column: Dimension): ViewReachRow {
  const reasons = [...new Set([...Object.keys(others.stopsByReason), ...Object.keys(own?.stopsByReason ?? {})])].sort();
  const stopsByReason = Object.fromEntries(reasons.map((c) => [c, plus(own?.stopsByReason[c], others.stopsByReason[c] ?? 0)]));
  const row = {
    group: relabel(others.group, column, REGION),
    uniqueYouth: plus(own?.uniqueYouth, others.uniqueYouth),
    starts: plus(own?.starts, others.starts),
    stops: plus(own?.stops, others.stops),
    stopsByReason,
    inCareEnd: plus(own?.inCareEnd, others.inCareEnd),
  };
  return { ...row, suppressed: [row.uniqueYouth, row.starts, row.stops, row.inCareEnd, ...Object.values(stopsByReason)].some((v) => v === null) };
}

/** Waiting times for the viewer: counts, median and 80th percentile; the maximum for the region and a part's owner only. */
export async function monitorWaiting(viewer: Viewer, ws: Workspace, asked: Period, by: readonly Dimension[], limits: ReadLimits = {}): Promise<CoveredFigures<ViewWaitingRow[]>> {
  assertMay(viewer, 'monitor.read');
  const view = await viewOf(viewer, ws);
  if (view.kind === 'full') {
    const c = await byDataVersion(ws, `full|waiting|${asked.from}|${asked.to}|${by.join(',')}`, () => figuresWithinData(ws, asked, (w, p) => waiting(w, p, by), limits));
    return { ...c, figures: c.figures.map(unprotectedWaiting) };
  }
  const b = scopedBreakdown(view, by);
  const covered = await scopedPeriod(view, ws, asked);
  const themes = await themeLabelsOf(ws, { forOthers: true });
  const noMax = (w: { count: number; median: number | null; p80: number | null } | null): ViewWait => (w === null ? null : { ...w, max: null });
  const ownLive = view.ownProtected ? undefined : await live(ws, 'waiting', covered.period, groupingOf(b), view.own, () => waiting(ws, covered.period, groupingOf(b), view.own, themes));
  const own: ViewWaitingRow[] =
    ownLive?.map(unprotectedWaiting) ??
    ((await protectedPart(ws, view, view.own, 'own', asked, limits)).waiting[b] ?? []).map((r) => ({ ...r, requestToAssignment: noMax(r.requestToAssignment), assignmentToStart: noMax(r.assignmentToStart) }));
  const ownRows = own.map((r) => ({ ...r, group: relabel(r.group, view.column, view.ownLabel) }));
  const others = await protectedPart(ws, view, view.others, 'others', asked, limits);
  const totalOnly = view.othersTotalOnly.includes(b as Dimension);
  const otherPublished = (totalOnly ? others.waiting.total : others.waiting[b]) ?? [];
  let otherRows: ViewWaitingRow[];
  if (view.othersAs === REST) {
    otherRows = otherPublished.map((r) => ({
      group: relabel(r.group, view.column, REST, totalOnly ? { [b]: REST } : {}),
      requestToAssignment: noMax(r.requestToAssignment),
      assignmentToStart: noMax(r.assignmentToStart),
      suppressed: r.suppressed,
    }));
  } else {
    // REGION: the count is the own part plus the others' (as for reach); the median and 80th
    // percentile are everyone's, shown where the others' part is (at least 5 waits, shown).
    const everyone = new Map((await live(ws, 'waiting', covered.period, groupingOf(b), EVERYONE, () => waiting(ws, covered.period, groupingOf(b), EVERYONE, themes))).map((r) => [groupKey(r.group, b), r]));
    const mine = new Map((ownLive ?? []).map((r) => [groupKey(r.group, b), r]));
    const region = (o: PublishedWait, own: WaitStats | undefined, e: WaitStats | undefined): ViewWait =>
      o === null ? null : { count: (own?.count ?? 0) + o.count, median: o.median === null ? null : (e?.median ?? null), p80: o.p80 === null ? null : (e?.p80 ?? null), max: null };
    otherRows = otherPublished.map((o) => {
      const k = groupKey(o.group, b);
      const e = everyone.get(k);
      const m = mine.get(k);
      const row = {
        group: relabel(o.group, view.column, REGION),
        requestToAssignment: region(o.requestToAssignment, m?.requestToAssignment, e?.requestToAssignment),
        assignmentToStart: region(o.assignmentToStart, m?.assignmentToStart, e?.assignmentToStart),
      };
      return { ...row, suppressed: row.requestToAssignment === null || row.assignmentToStart === null };
    });
  }
  return { ...covered, figures: [...ownRows, ...otherRows] };
}

/** Timeliness for the viewer, by provider, municipality or for the whole (total). */
export async function monitorTimeliness(viewer: Viewer, ws: Workspace, asked: Period, by: TimelinessBy, limits: ReadLimits = {}): Promise<CoveredFigures<ViewTimelinessRow[]>> {
  assertMay(viewer, 'monitor.timeliness');
  const view = await viewOf(viewer, ws);
  const days = assignmentStartDeadlineDays(ws.region);
  const grouping = (b: TimelinessBy) => (b === 'total' ? [] : [b]);
  if (view.kind === 'full') {
    const c = await byDataVersion(ws, `full|timeliness|${asked.from}|${asked.to}|${by}`, () => figuresWithinData(ws, asked, (w, p) => timelinessFigures(w, p, days, grouping(by)), limits));
    return { ...c, figures: c.figures.map((r) => unprotectedTimeliness(r, by)) };
  }
  // A breakdown the role may not see (a council by provider): refused as for reach.
  scopedBreakdown(view, by === 'total' ? [] : [by]);
  const covered = await scopedPeriod(view, ws, asked);
  const ownLive = await live(ws, 'timeliness', covered.period, grouping(by), view.own, () => timelinessFigures(ws, covered.period, days, grouping(by), view.own));
  // A council's own municipality is protected like everything it sees (its figures are public).
  const ownRows: ViewTimelinessRow[] = view.ownProtected
    ? ((await protectedPart(ws, view, view.own, 'own', asked, limits)).timeliness[by] ?? []).map((r) => ({ ...r, [view.column]: view.ownLabel, retroactiveDaysBackMax: null }))
    : ownLive.map((r) => ({ ...unprotectedTimeliness(r, by), [view.column]: view.ownLabel }));
  // The others' part by the view's own column would single out one other municipality or provider: their total.
  const othersBy: TimelinessBy = by === view.column ? 'total' : by;
  const others = (await protectedPart(ws, view, view.others, 'others', asked, limits)).timeliness[othersBy] ?? [];
  if (view.othersAs === REST) {
    return { ...covered, figures: [...ownRows, ...others.map((r) => ({ ...r, [view.column]: REST, retroactiveDaysBackMax: null }))] };
  }
  // REGION: the own part plus the others' part, count by count, where theirs is shown; the median
  // of days back is everyone's.
  const keyOf = (r: { municipality?: string | undefined }) => (othersBy === 'municipality' ? (r.municipality ?? '') : '');
  const mineBy = othersBy === by ? ownLive : await live(ws, 'timeliness', covered.period, grouping(othersBy), view.own, () => timelinessFigures(ws, covered.period, days, grouping(othersBy), view.own));
  const mine = new Map(mineBy.map((r) => [keyOf(r), r]));
  const everyone = new Map((await live(ws, 'timeliness', covered.period, grouping(othersBy), EVERYONE, () => timelinessFigures(ws, covered.period, days, grouping(othersBy)))).map((r) => [keyOf(r), r]));
  const regionRows: ViewTimelinessRow[] = others.map((o) => {
    const m = mine.get(keyOf(o));
    const e = everyone.get(keyOf(o));
    const requests = plus(m?.requests, o.requests);
    const retro = plus(m?.retroactiveRequests, o.retroactiveRequests);
    const retroShown = requests !== null && retro !== null && requests > 0 && o.retroactiveSharePct !== null;
    const row = {
      ...(othersBy === 'municipality' ? { municipality: o.municipality } : {}),
      [view.column]: REGION,
      requests,
      retroactiveRequests: retro,
      retroactiveSharePct: retroShown ? share(retro, requests) : null,
      retroactiveDaysBackMedian: retroShown && o.retroactiveDaysBackMedian !== null ? (e?.retroactiveDaysBackMedian ?? null) : null,
      retroactiveDaysBackMax: null,
      startMessages: plus(m?.startMessages, o.startMessages),
      lateStartMessages: plus(m?.lateStartMessages, o.lateStartMessages),
      stopMessages: plus(m?.stopMessages, o.stopMessages),
      lateStopMessages: plus(m?.lateStopMessages, o.lateStopMessages),
      assignmentsWithoutStart: plus(m?.assignmentsWithoutStart, o.assignmentsWithoutStart),
    };
    return { ...row, suppressed: Object.values(row).some((v) => v === null) };
  });
  return { ...covered, figures: [...ownRows, ...regionRows] };
}

/** Accepted messages per type: the region's all; a municipality's or provider's those it sent or received. */
export async function monitorMessages(viewer: Viewer, ws: Workspace, asked: Period, limits: ReadLimits = {}): Promise<CoveredFigures<ViewMessageRow[]>> {
  assertMay(viewer, 'monitor.process');
  const view = await viewOf(viewer, ws);
  const own = view.kind === 'full' ? undefined : view.own;
  const c = await byDataVersion(ws, `messages|${asked.from}|${asked.to}|${own ? populationKey(own) : 'all'}`, () => figuresWithinData(ws, asked, (w, p) => messageCounts(w, p, own), limits));
  return { ...c, figures: c.figures.map((r) => ({ messageType: r.messageType, messages: r.messages })) };
}
