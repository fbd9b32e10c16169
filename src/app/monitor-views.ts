// The monitor as each viewer sees it [issue 13 "Who uses it and what each may see"]. The viewer
// comes first; src/domain/access/scope.ts decides what it sees: the region everything unprotected,
// the others their own part (unprotected for its owner) beside everyone else's, read from the one
// public publication (src/app/publication.ts, decisions §47).
import { assertMay } from '../domain/access/policy.ts';
import { monitorView, populationKey, REGION, REST, scopedBreakdown, type MonitorView, type Population } from '../domain/access/scope.ts';
import type { Viewer } from '../domain/access/viewer.ts';
import { coveredPeriod, periodClosed } from '../domain/data-coverage.ts';
import { asPublishedPeriod, THRESHOLD, type Breakdown, type PublishedBreakdown, type PublishedPeriodFigures, type PublishedReachRow, type PublishedTimelinessRow, type PublishedWait, type PublishedWaitingRow, type RestBreakdown } from '../domain/disclosure/publication.ts';
import { Refusal } from '../domain/errors.ts';
import type { Dimension, Period, ReachRow } from '../domain/reach-figures.ts';
import { assignmentStartDeadlineDays } from '../domain/region.ts';
import { share, TIMELINESS_COUNTS, type TimelinessRow } from '../domain/timeliness.ts';
import type { WaitingRow, WaitStats } from '../domain/waiting-times.ts';
import { latestMessageDate } from '../store/coverage-repository.ts';
import { figuresWithinData, type CoveredFigures, type ReadLimits } from './coverage.ts';
import { messageCounts, reach, timelinessFigures, waiting } from './monitor.ts';
import { groupingOf, PUBLIC_PUBLICATION, publishedFigures, themeLabelsOf, type PublicationScope } from './publication.ts';
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

/** The protected parts a viewer's views read: the one public publication for everyone but the region (decisions §47). */
async function scopesOf(ws: Workspace, viewer: Viewer): Promise<PublicationScope[]> {
  return (await viewOf(viewer, ws)).kind === 'full' ? [] : [PUBLIC_PUBLICATION];
}

/** Every protected part any viewer can be shown: since §47 one, the public publication. */
export async function everyScope(ws: Workspace): Promise<PublicationScope[]> {
  void ws;
  return [PUBLIC_PUBLICATION];
}

/**
 * The protected parts the enabled accounts can be shown: what the publisher computes when data
 * arrive (the public publication as soon as one account is not the region's).
 */
export async function scopesOfAccounts(ws: Workspace): Promise<PublicationScope[]> {
  const accounts = (await listAccountRows(ws.store.db)).filter((a) => a.disabledAt === null && a.role !== 'region');
  for (const a of accounts) if ((await scopesOf(ws, viewerOfAccount(a))).length > 0) return [PUBLIC_PUBLICATION];
  return [];
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

/** The public figures of the period asked (the one public publication, protected for everyone). */
async function publicFigures(ws: Workspace, asked: Period, limits: ReadLimits): Promise<PublishedPeriodFigures> {
  return (await publishedFigures(ws, asked, limits, PUBLIC_PUBLICATION)).figures;
}

/** A council's own municipality in the public publication: its row, or its rows per theme or care form. */
const councilBreakdown = (b: Breakdown): PublishedBreakdown => (b === 'theme' ? 'municipality+theme' : b === 'care_form' ? 'municipality+care_form' : 'municipality');

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

/** A public count less the viewer's own part of it (hidden where the public count is). */
const minus = (shown: number | null, own: number | undefined): number | null => (shown === null ? null : shown - (own ?? 0));
const allZero = (values: readonly (number | null)[]) => values.every((v) => v === 0);

/** REST as a municipality sees it: the region's public row less its own, measure by measure. */
function restReachRow(pub: PublishedReachRow, own: ReachRow | undefined, group: Group): ViewReachRow {
  const stopsByReason = Object.fromEntries(Object.entries(pub.stopsByReason).map(([c, v]) => [c, minus(v, own?.stopsByReason[c])]));
  const row = { group, uniqueYouth: minus(pub.uniqueYouth, own?.uniqueYouth), starts: minus(pub.starts, own?.starts), stops: minus(pub.stops, own?.stops), stopsByReason, inCareEnd: minus(pub.inCareEnd, own?.inCareEnd) };
  return { ...row, suppressed: [row.uniqueYouth, row.starts, row.stops, row.inCareEnd, ...Object.values(stopsByReason)].some((v) => v === null) };
}
const countsOfReach = (r: ViewReachRow) => [r.uniqueYouth, r.starts, r.stops, r.inCareEnd, ...Object.values(r.stopsByReason)];

/**
 * Reach for the viewer, by the dimensions asked (none: the total). The region: any period and
 * breakdown, nothing hidden. Others: see scope.ts; what they see of others is read from the one public
 * publication (decisions §47): a provider's REGION is its row, a municipality's REST its row less the
 * municipality's own, a council's own municipality and REST are rows of it.
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
  const pub = await publicFigures(ws, asked, limits);
  if (view.role === 'council') {
    const own = (pub.reach[councilBreakdown(b)] ?? []).filter((r) => r.group.municipality === view.ownLabel);
    const rest = (pub.rest?.[view.ownLabel]?.reach[b as RestBreakdown] ?? []).map((r) => ({ ...r, group: relabel(r.group, 'municipality', REST) }));
    return { ...covered, figures: [...own, ...rest.filter((r) => !allZero(countsOfReach(r)))] };
  }
  const themes = await themeLabelsOf(ws, { forOthers: true });
  const ownLive = await live(ws, 'reach', covered.period, groupingOf(b), view.own, () => reach(ws, covered.period, groupingOf(b), view.own, themes));
  const ownRows = ownLive.map((r) => ({ ...unprotectedReach(r), group: relabel(r.group, view.column, view.ownLabel) }));
  if (view.othersAs === REGION) {
    // A provider: the region's public rows (everyone once); the region less its own is the others' part,
    // protected against this provider in particular.
    return { ...covered, figures: [...ownRows, ...(pub.reach[b] ?? []).map((r) => ({ ...r, group: relabel(r.group, view.column, REGION) }))] };
  }
  let otherRows: ViewReachRow[];
  if (view.othersTotalOnly.includes(b as Dimension)) {
    // By area: REST as one row (another municipality's areas would single it out).
    const ownTotal = (await live(ws, 'reach', covered.period, [], view.own, () => reach(ws, covered.period, [], view.own, themes)))[0];
    otherRows = (pub.reach.total ?? []).map((r) => restReachRow(r, ownTotal, relabel(r.group, view.column, REST, { [b]: REST })));
  } else {
    const mine = new Map(ownLive.map((r) => [groupKey(r.group, b), r]));
    otherRows = (pub.reach[b] ?? []).map((r) => restReachRow(r, mine.get(groupKey(r.group, b)), relabel(r.group, view.column, REST)));
  }
  return { ...covered, figures: [...ownRows, ...otherRows.filter((r) => !allZero(countsOfReach(r)))] };
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
  const pub = await publicFigures(ws, asked, limits);
  const themes = await themeLabelsOf(ws, { forOthers: true });
  const noMax = (w: PublishedWait): ViewWait => (w === null ? null : { ...w, max: null });
  const published = (r: PublishedWaitingRow, group: Group): ViewWaitingRow => ({ group, requestToAssignment: noMax(r.requestToAssignment), assignmentToStart: noMax(r.assignmentToStart), suppressed: r.suppressed });
  if (view.othersAs === REGION) {
    const ownRows = (await live(ws, 'waiting', covered.period, groupingOf(b), view.own, () => waiting(ws, covered.period, groupingOf(b), view.own, themes))).map((r) => ({ ...unprotectedWaiting(r), group: relabel(r.group, view.column, view.ownLabel) }));
    return { ...covered, figures: [...ownRows, ...(pub.waiting[b] ?? []).map((r) => published(r, relabel(r.group, view.column, REGION)))] };
  }
  // REST: a count of the public figures (less the municipality's own); its median and 80th
  // percentile are the other municipalities' waits', shown where that count is and at least 5.
  const restBy = view.othersTotalOnly.includes(b as Dimension) ? 'total' : b;
  const others = new Map((await live(ws, 'waiting', covered.period, groupingOf(restBy), view.others, () => waiting(ws, covered.period, groupingOf(restBy), view.others, themes))).map((r) => [groupKey(r.group, restBy), r]));
  const restWait = (count: number | null, stats: WaitStats | undefined): ViewWait =>
    count === null ? null : { count, median: count >= THRESHOLD ? (stats?.median ?? null) : null, p80: count >= THRESHOLD ? (stats?.p80 ?? null) : null, max: null };
  const restRow = (group: Group, k: string, request: number | null, start: number | null): ViewWaitingRow => {
    const o = others.get(k);
    const row = { group, requestToAssignment: restWait(request, o?.requestToAssignment), assignmentToStart: restWait(start, o?.assignmentToStart) };
    return { ...row, suppressed: row.requestToAssignment === null || row.assignmentToStart === null };
  };
  const nonZero = (r: ViewWaitingRow) => !allZero([r.requestToAssignment?.count ?? null, r.assignmentToStart?.count ?? null]);
  if (view.role === 'council') {
    const own = (pub.waiting[councilBreakdown(b)] ?? []).filter((r) => r.group.municipality === view.ownLabel).map((r) => published(r, r.group));
    const rest = (pub.rest?.[view.ownLabel]?.waiting[b as RestBreakdown] ?? []).map((r) => restRow(relabel(r.group, 'municipality', REST), groupKey(r.group, b), r.requestToAssignment?.count ?? null, r.assignmentToStart?.count ?? null));
    return { ...covered, figures: [...own, ...rest.filter(nonZero)] };
  }
  const ownLive = await live(ws, 'waiting', covered.period, groupingOf(b), view.own, () => waiting(ws, covered.period, groupingOf(b), view.own, themes));
  const ownRows = ownLive.map((r) => ({ ...unprotectedWaiting(r), group: relabel(r.group, view.column, view.ownLabel) }));
  const mineBy = restBy === b ? ownLive : await live(ws, 'waiting', covered.period, [], view.own, () => waiting(ws, covered.period, [], view.own, themes));
  const mine = new Map(mineBy.map((r) => [groupKey(r.group, restBy), r]));
  const rest = (pub.waiting[restBy] ?? []).map((r) => {
    const k = groupKey(r.group, restBy);
    const m = mine.get(k);
    const group = relabel(r.group, view.column, REST, restBy === b ? {} : { [b]: REST });
    return restRow(group, k, minus(r.requestToAssignment?.count ?? null, m?.requestToAssignment.count), minus(r.assignmentToStart?.count ?? null, m?.assignmentToStart.count));
  });
  return { ...covered, figures: [...ownRows, ...rest.filter(nonZero)] };
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
  const pub = await publicFigures(ws, asked, limits);
  // The others' part by the view's own column would single out one other municipality or provider: their total.
  const othersBy: TimelinessBy = by === view.column ? 'total' : by;
  const keyOf = (r: { municipality?: string | undefined; provider?: string | undefined }) => (othersBy === 'municipality' ? (r.municipality ?? '') : othersBy === 'provider' ? (r.provider ?? '') : '');
  // The median of days back of the other municipalities' retroactive requests, where their count is shown and at least 5.
  const othersMedian = async () => {
    const rows = await live(ws, 'timeliness', covered.period, grouping(othersBy), view.others, () => timelinessFigures(ws, covered.period, days, grouping(othersBy), view.others));
    const byKey = new Map(rows.map((r) => [keyOf(r), r]));
    return (r: { municipality?: string | undefined; provider?: string | undefined }, retro: number | null) => (retro !== null && retro >= THRESHOLD ? (byKey.get(keyOf(r))?.retroactiveDaysBackMedian ?? null) : null);
  };
  const withShare = <R extends Record<(typeof TIMELINESS_COUNTS)[number], number | null>>(row: R) => ({
    ...row,
    retroactiveSharePct: row.requests !== null && row.retroactiveRequests !== null && row.requests > 0 ? share(row.retroactiveRequests, row.requests) : null,
  });
  if (view.role === 'council') {
    // Its municipality and REST, both rows of the public publication.
    const own = (pub.timeliness.municipality ?? []).filter((r) => r.municipality === view.ownLabel).map((r) => ({ ...r, retroactiveDaysBackMax: null }));
    const median = await othersMedian();
    const rest = (pub.rest?.[view.ownLabel]?.timeliness ?? []).map((r) => ({ ...r, municipality: REST, retroactiveDaysBackMedian: median({}, r.retroactiveRequests), retroactiveDaysBackMax: null }));
    return { ...covered, figures: [...own, ...rest] };
  }
  const ownLive = await live(ws, 'timeliness', covered.period, grouping(by), view.own, () => timelinessFigures(ws, covered.period, days, grouping(by), view.own));
  const ownRows: ViewTimelinessRow[] = ownLive.map((r) => ({ ...unprotectedTimeliness(r, by), [view.column]: view.ownLabel }));
  const published = pub.timeliness[othersBy] ?? [];
  if (view.othersAs === REGION) {
    // A provider: the region's public rows.
    return { ...covered, figures: [...ownRows, ...published.map((r) => ({ ...r, [view.column]: REGION, retroactiveDaysBackMax: null }))] };
  }
  // REST: the public rows less the municipality's own.
  const mineBy = othersBy === by ? ownLive : await live(ws, 'timeliness', covered.period, grouping(othersBy), view.own, () => timelinessFigures(ws, covered.period, days, grouping(othersBy), view.own));
  const mine = new Map(mineBy.map((r) => [keyOf(unprotectedTimeliness(r, othersBy)), r]));
  const median = await othersMedian();
  const rest: ViewTimelinessRow[] = published.map((o) => {
    const m = mine.get(keyOf(o));
    const counts = Object.fromEntries(TIMELINESS_COUNTS.map((k) => [k, minus(o[k], m?.[k])])) as Record<(typeof TIMELINESS_COUNTS)[number], number | null>;
    const row = {
      ...(othersBy === 'provider' ? { provider: o.provider } : {}),
      [view.column]: REST,
      ...withShare(counts),
      retroactiveDaysBackMedian: median(o, counts.retroactiveRequests),
      retroactiveDaysBackMax: null,
    };
    return { ...row, suppressed: TIMELINESS_COUNTS.some((k) => counts[k] === null) };
  });
  return { ...covered, figures: [...ownRows, ...rest.filter((r) => !allZero(TIMELINESS_COUNTS.map((k) => r[k])))] };
}

/** Accepted messages per type: the region's all; a municipality's or provider's those it sent or received. */
export async function monitorMessages(viewer: Viewer, ws: Workspace, asked: Period, limits: ReadLimits = {}): Promise<CoveredFigures<ViewMessageRow[]>> {
  assertMay(viewer, 'monitor.process');
  const view = await viewOf(viewer, ws);
  const own = view.kind === 'full' ? undefined : view.own;
  const c = await byDataVersion(ws, `messages|${asked.from}|${asked.to}|${own ? populationKey(own) : 'all'}`, () => figuresWithinData(ws, asked, (w, p) => messageCounts(w, p, own), limits));
  return { ...c, figures: c.figures.map((r) => ({ messageType: r.messageType, messages: r.messages })) };
}
