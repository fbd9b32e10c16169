// The monitor's figures for a period, from the stored trajectories (brought up to date at the end of
// every ingest and by `monitor rebuild`, see trajectory-store.ts) and the stored messages. These
// reads never write: a database role with SELECT rights alone can serve them. Whether the figures
// lag behind an ingest that did not finish is told by ingestStatus (ingest-runs.ts).
import { UNASSIGNED_THEME, reachFigures, type Dimension, type Period, type ReachRow, type Resolvers } from '../domain/reach-figures.ts';
import { areaResolver, careFormResolver } from '../domain/region-lookup.ts';
import { waitingTimes, type WaitingRow } from '../domain/waiting-times.ts';
import { timeliness, type TimelinessBreakdown, type TimelinessRow } from '../domain/timeliness.ts';
import type { CareEvent } from '../domain/care-events.ts';
import { reachInDatabase } from '../store/reach-query.ts';
import { MESSAGE_ORDER, messageRole } from '../domain/message-roles.ts';
import { allEvents, timelinessAssignments, timelinessEvents } from '../store/care-event-repository.ts';
import { messageCountsByType } from '../store/ingest-repository.ts';
import { assignmentTrajectoriesStartedIn, requestWaitsEndingIn, startedAssignments, trajectoriesOverlapping } from '../store/trajectory-repository.ts';
import type { Workspace } from './workspace.ts';
import { disclosedThemes, EVERYONE, inPopulation, type Population } from '../domain/access/scope.ts';

/** Every stored event (tests and tools; the monitor itself reads trajectories). */
export function loadEvents(ws: Workspace): Promise<CareEvent[]> {
  return allEvents(ws.store.db);
}

/** Provider AGB code → its themes in the latest allocation that names the code. */
export async function themesByProvider(ws: Workspace): Promise<Map<string, string>> {
  const state = await ws.engine.state();
  const map = new Map<string, string>();
  for (const y of Object.values(state.years).sort((a, b) => a.year - b.year)) {
    for (const p of y.plan.providers) if (p.agb) map.set(p.agb, p.themes.map((t) => t.theme).sort().join('+'));
  }
  return map;
}

/**
 * The theme groups others than the region see: a theme group drawn from fewer than
 * MIN_PROVIDERS_PER_GROUP providers is merged into OTHER_THEMES (src/domain/access/scope.ts), so
 * that no theme row is one provider's figures.
 */
export async function disclosedThemesOf(ws: Workspace): Promise<Map<string, string>> {
  const state = await ws.engine.state();
  const providerOfAgb = new Map<string, string>();
  for (const [code, p] of Object.entries(state.providers)) for (const agb of p.agbCodes) providerOfAgb.set(agb, code);
  return disclosedThemes(await themesByProvider(ws), providerOfAgb);
}

/** Theme labels: the plan's (a provider's combination of themes) or those disclosed to others. */
export type ThemeLabels = ReadonlyMap<string, string>;

async function resolversFor(ws: Workspace, labels?: ThemeLabels): Promise<Resolvers> {
  const themes = labels ?? (await themesByProvider(ws));
  return { area: areaResolver(ws.region), careForm: careFormResolver(ws.region), theme: (provider) => themes.get(provider) ?? UNASSIGNED_THEME };
}

/** Reach figures, computed in the database (only the result rows travel). */
export async function reach(ws: Workspace, period: Period, by: readonly Dimension[], population: Population = EVERYONE, themes?: ThemeLabels): Promise<ReachRow[]> {
  return reachInDatabase(ws.store.db, { region: ws.region, themes: themes ?? (await themesByProvider(ws)) }, period, by, population);
}

/** The same figures by the domain function over the trajectories read into memory (the reference). */
export async function reachInMemory(ws: Workspace, period: Period, by: readonly Dimension[]): Promise<ReachRow[]> {
  return reachFigures(await trajectoriesOverlapping(ws.store.db, period), period, by, await resolversFor(ws));
}

export async function waiting(ws: Workspace, period: Period, by: readonly Dimension[], population: Population = EVERYONE, themes?: ThemeLabels): Promise<WaitingRow[]> {
  const of = <T extends { municipality: string; provider: string }>(xs: readonly T[]) => (population.kind === 'all' ? xs : xs.filter((x) => inPopulation(population, x.municipality, x.provider)));
  return waitingTimes(of(await assignmentTrajectoriesStartedIn(ws.store.db, period)), of(await requestWaitsEndingIn(ws.store.db, period)), period, by, await resolversFor(ws, themes));
}

export async function timelinessFigures(ws: Workspace, period: Period, startAfterDays: number, by?: TimelinessBreakdown, population: Population = EVERYONE): Promise<TimelinessRow[]> {
  const of = <T extends { municipality: string; provider: string }>(xs: readonly T[]) => (population.kind === 'all' ? xs : xs.filter((x) => inPopulation(population, x.municipality, x.provider)));
  // The messages of the period, and the decisions on the assignments its figures can depend on
  // (timelinessEvents): the same figures as over every stored event (test/monitor-store.test.ts).
  const keys = await timelinessAssignments(ws.store.db, period);
  const events = await timelinessEvents(ws.store.db, period, keys);
  return timeliness(of(events), of(await startedAssignments(ws.store.db, period, keys)), period, startAfterDays, by);
}

export interface MessageCountRow {
  readonly messageType: string;
  readonly name: string;
  readonly messages: number;
  readonly inFigures: boolean;
  readonly use: string;
}

/**
 * Accepted messages per type sent (Dagtekening) in the period, with what the monitor does with each
 * type: the declarations (JW323/325) are shown as recorded but not part of the task-based variant.
 * Every type of the standard is listed, also with 0.
 */
export async function messageCounts(ws: Workspace, period: Period, population: Population = EVERYONE): Promise<MessageCountRow[]> {
  const counts = await messageCountsByType(ws.store.db, period, population);
  const types = [...MESSAGE_ORDER, ...[...counts.keys()].filter((t) => !MESSAGE_ORDER.includes(t)).sort()];
  return types.map((t) => {
    const role = messageRole(t);
    return { messageType: t, name: role.name, messages: counts.get(t) ?? 0, inFigures: role.inFigures, use: role.use };
  });
}
