// The monitor as each viewer sees it [issue 13 "Who uses it and what each may see"]. The viewer
// comes first; src/domain/access/scope.ts decides what it sees: the region everything unprotected,
// the others their own part (unprotected for its owner) beside everyone else's, protected as a
// publication of that part of the population (src/app/publication.ts).
import { assertMay } from '../domain/access/policy.ts';
import { monitorView, publishedBreakdowns, REGION, REST, scopedBreakdown, type MonitorView, type Population } from '../domain/access/scope.ts';
import type { Viewer } from '../domain/access/viewer.ts';
import { coveredPeriod } from '../domain/data-coverage.ts';
import { asPublishedPeriod, type Breakdown, type PublishedPeriodFigures, type PublishedReachRow, type PublishedTimelinessRow } from '../domain/disclosure/publication.ts';
import { Refusal } from '../domain/errors.ts';
import type { Dimension, Period, ReachRow } from '../domain/reach-figures.ts';
import { assignmentStartDeadlineDays } from '../domain/region.ts';
import type { TimelinessRow } from '../domain/timeliness.ts';
import type { WaitingRow, WaitStats } from '../domain/waiting-times.ts';
import { latestMessageDate } from '../store/coverage-repository.ts';
import { figuresWithinData, type CoveredFigures, type ReadLimits } from './coverage.ts';
import { messageCounts, reach, timelinessFigures, waiting } from './monitor.ts';
import { groupingOf, publishedFigures } from './publication.ts';
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

/** The period a scoped viewer asked for: one of its role's published periods, cut at the data's end. */
async function scopedPeriod(view: Scoped, ws: Workspace, asked: Period) {
  const named = asPublishedPeriod(asked);
  if (named === undefined || !view.periods.includes(named.name)) throw new Refusal('DISCLOSURE_PERIOD', { from: asked.from, to: asked.to });
  return coveredPeriod(asked, await latestMessageDate(ws.store.db));
}

/** The protected figures of a part of the population for a view's period. */
async function protectedPart(ws: Workspace, view: Scoped, population: Population, asked: Period, limits: ReadLimits): Promise<PublishedPeriodFigures> {
  return (await publishedFigures(ws, asked, limits, { population, breakdowns: publishedBreakdowns(view) })).figures;
}

const relabel = (group: Group, column: Dimension, label: string, extra: Partial<Record<Dimension, string>> = {}): Group => ({ ...group, [column]: label, ...extra });

const unprotectedReach = (r: ReachRow): ViewReachRow => ({ ...r, suppressed: false });
const unprotectedWaiting = (r: WaitingRow): ViewWaitingRow => ({ group: r.group, requestToAssignment: r.requestToAssignment, assignmentToStart: r.assignmentToStart, suppressed: false });
const unprotectedTimeliness = (r: TimelinessRow, by: TimelinessBy): ViewTimelinessRow => ({
  ...r,
  provider: by === 'provider' ? r.provider : undefined,
  municipality: by === 'municipality' ? r.municipality : undefined,
  suppressed: false,
});

/**
 * Reach for the viewer, by the dimensions asked (none: the total). The region: any period and
 * breakdown, nothing hidden. Others: see scope.ts.
 */
export async function monitorReach(viewer: Viewer, ws: Workspace, asked: Period, by: readonly Dimension[], limits: ReadLimits = {}): Promise<CoveredFigures<ViewReachRow[]>> {
  assertMay(viewer, 'monitor.read');
  const view = await viewOf(viewer, ws);
  if (view.kind === 'full') {
    const c = await figuresWithinData(ws, asked, (w, p) => reach(w, p, by), limits);
    return { ...c, figures: c.figures.map(unprotectedReach) };
  }
  const b = scopedBreakdown(view, by);
  const covered = await scopedPeriod(view, ws, asked);
  const own = view.ownProtected
    ? ((await protectedPart(ws, view, view.own, asked, limits)).reach[b] ?? [])
    : (await reach(ws, covered.period, groupingOf(b), view.own)).map(unprotectedReach);
  const ownRows = own.map((r) => ({ ...r, group: relabel(r.group, view.column, view.ownLabel) }));
  const others = await protectedPart(ws, view, view.others, asked, limits);
  let otherRows: ViewReachRow[];
  if (view.othersTotalOnly.includes(b as Dimension)) {
    otherRows = (others.reach.total ?? []).map((r) => ({ ...r, group: relabel(r.group, view.column, view.othersAs, { [b]: view.othersAs }) }));
  } else if (view.othersAs === REST) {
    otherRows = (others.reach[b] ?? []).map((r) => ({ ...r, group: relabel(r.group, view.column, REST) }));
  } else {
    // REGION: everyone's figures, shown where the other providers' part is shown.
    const everyone = new Map((await reach(ws, covered.period, groupingOf(b))).map((r) => [groupKey(r.group, b), r]));
    otherRows = (others.reach[b] ?? []).map((o) => regionRow(o, everyone.get(groupKey(o.group, b)), view.column));
    const seen = new Set((others.reach[b] ?? []).map((o) => groupKey(o.group, b)));
    // Groups only the viewer's own young people are in: the region's figure is its own.
    for (const r of ownRows) if (!seen.has(groupKey(r.group, b))) otherRows.push({ ...r, group: relabel(r.group, view.column, REGION) });
  }
  return { ...covered, figures: [...ownRows, ...otherRows] };
}

const groupKey = (g: Group, b: Breakdown) => (b === 'total' ? '' : groupingOf(b).map((d) => g[d] ?? '').join('/'));

/** A REGION row: everyone's value of each measure whose other providers' part is shown. */
function regionRow(others: PublishedReachRow, everyone: ReachRow | undefined, column: Dimension): ViewReachRow {
  const v = (o: number | null, e: number | undefined) => (o === null ? null : (e ?? o));
  const stopsByReason = Object.fromEntries(
    [...new Set([...Object.keys(others.stopsByReason), ...Object.keys(everyone?.stopsByReason ?? {})])].sort().map((c) => [c, c in others.stopsByReason ? v(others.stopsByReason[c]!, everyone?.stopsByReason[c]) : null]),
  );
  const row = {
    group: relabel(others.group, column, REGION),
    uniqueYouth: v(others.uniqueYouth, everyone?.uniqueYouth),
    starts: v(others.starts, everyone?.starts),
    stops: v(others.stops, everyone?.stops),
    stopsByReason,
    inCareEnd: v(others.inCareEnd, everyone?.inCareEnd),
  };
  return { ...row, suppressed: others.suppressed || Object.values(stopsByReason).some((x) => x === null) };
}

/** Waiting times for the viewer: counts, median and 80th percentile; the maximum for the region and a part's owner only. */
export async function monitorWaiting(viewer: Viewer, ws: Workspace, asked: Period, by: readonly Dimension[], limits: ReadLimits = {}): Promise<CoveredFigures<ViewWaitingRow[]>> {
  assertMay(viewer, 'monitor.read');
  const view = await viewOf(viewer, ws);
  if (view.kind === 'full') {
    const c = await figuresWithinData(ws, asked, (w, p) => waiting(w, p, by), limits);
    return { ...c, figures: c.figures.map(unprotectedWaiting) };
  }
  const b = scopedBreakdown(view, by);
  const covered = await scopedPeriod(view, ws, asked);
  const noMax = (w: { count: number; median: number | null; p80: number | null } | null): ViewWait => (w === null ? null : { ...w, max: null });
  const own: ViewWaitingRow[] = view.ownProtected
    ? ((await protectedPart(ws, view, view.own, asked, limits)).waiting[b] ?? []).map((r) => ({ ...r, requestToAssignment: noMax(r.requestToAssignment), assignmentToStart: noMax(r.assignmentToStart) }))
    : (await waiting(ws, covered.period, groupingOf(b), view.own)).map(unprotectedWaiting);
  const ownRows = own.map((r) => ({ ...r, group: relabel(r.group, view.column, view.ownLabel) }));
  const others = await protectedPart(ws, view, view.others, asked, limits);
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
    const everyone = new Map((await waiting(ws, covered.period, groupingOf(b))).map((r) => [groupKey(r.group, b), r]));
    // The region's statistics where the other providers' count is shown (a median of everyone is no
    // one young person's wait once the others' part is large enough to be shown).
    const region = (o: { count: number } | null, e: WaitStats | undefined): ViewWait => (o === null || e === undefined ? null : { count: e.count, median: e.median, p80: e.p80, max: null });
    otherRows = otherPublished.map((o) => {
      const e = everyone.get(groupKey(o.group, b));
      const row = { group: relabel(o.group, view.column, REGION), requestToAssignment: region(o.requestToAssignment, e?.requestToAssignment), assignmentToStart: region(o.assignmentToStart, e?.assignmentToStart) };
      return { ...row, suppressed: row.requestToAssignment === null || row.assignmentToStart === null };
    });
  }
  return { ...covered, figures: [...ownRows, ...otherRows] };
}

/** Timeliness for the viewer, by provider, municipality or for the whole (total). */
export async function monitorTimeliness(viewer: Viewer, ws: Workspace, asked: Period, by: TimelinessBy, limits: ReadLimits = {}): Promise<CoveredFigures<ViewTimelinessRow[]>> {
  assertMay(viewer, 'monitor.process');
  const view = await viewOf(viewer, ws);
  const days = assignmentStartDeadlineDays(ws.region);
  const grouping = (b: TimelinessBy) => (b === 'total' ? [] : [b]);
  if (view.kind === 'full') {
    const c = await figuresWithinData(ws, asked, (w, p) => timelinessFigures(w, p, days, grouping(by)), limits);
    return { ...c, figures: c.figures.map((r) => unprotectedTimeliness(r, by)) };
  }
  const covered = await scopedPeriod(view, ws, asked);
  const ownRows = (await timelinessFigures(ws, covered.period, days, grouping(by), view.own)).map((r) => ({ ...unprotectedTimeliness(r, by), [view.column]: view.ownLabel }));
  // The others' part by the view's own column would single out one other municipality or provider: their total.
  const othersBy: TimelinessBy = by === view.column ? 'total' : by;
  const others = (await protectedPart(ws, view, view.others, asked, limits)).timeliness[othersBy] ?? [];
  const label = view.othersAs;
  const otherRows: ViewTimelinessRow[] = others.map((r) => ({ ...r, [view.column]: label, retroactiveDaysBackMax: null }));
  if (view.othersAs === REGION) {
    // REGION: everyone's figures where the other providers' part is shown.
    const everyone = new Map((await timelinessFigures(ws, covered.period, days, grouping(othersBy))).map((r) => [r.municipality, r]));
    for (let i = 0; i < otherRows.length; i++) {
      const o = otherRows[i]!;
      const e = everyone.get(others[i]!.municipality ?? '');
      if (!e) continue;
      const pick = <K extends keyof TimelinessRow>(k: K, shown: unknown) => (shown === null ? null : e[k]);
      otherRows[i] = {
        ...o,
        requests: pick('requests', o.requests) as number | null,
        retroactiveRequests: pick('retroactiveRequests', o.retroactiveRequests) as number | null,
        retroactiveSharePct: pick('retroactiveSharePct', o.retroactiveSharePct) as string | null,
        retroactiveDaysBackMedian: pick('retroactiveDaysBackMedian', o.retroactiveDaysBackMedian) as number | null,
        startMessages: pick('startMessages', o.startMessages) as number | null,
        lateStartMessages: pick('lateStartMessages', o.lateStartMessages) as number | null,
        stopMessages: pick('stopMessages', o.stopMessages) as number | null,
        lateStopMessages: pick('lateStopMessages', o.lateStopMessages) as number | null,
        assignmentsWithoutStart: pick('assignmentsWithoutStart', o.assignmentsWithoutStart) as number | null,
      };
    }
  }
  return { ...covered, figures: [...ownRows, ...otherRows] };
}

/** Accepted messages per type: the region's all; a municipality's or provider's those it sent or received. */
export async function monitorMessages(viewer: Viewer, ws: Workspace, asked: Period, limits: ReadLimits = {}): Promise<CoveredFigures<ViewMessageRow[]>> {
  assertMay(viewer, 'monitor.process');
  const view = await viewOf(viewer, ws);
  const own = view.kind === 'full' ? undefined : view.own;
  const c = await figuresWithinData(ws, asked, (w, p) => messageCounts(w, p, own), limits);
  return { ...c, figures: c.figures.map((r) => ({ messageType: r.messageType, messages: r.messages })) };
}
