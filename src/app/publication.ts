// The monitor's figures for others than their owner: the protected publication of a year
// (src/domain/disclosure/publication.ts), computed when the data change and then served as a lookup
// [issue 12 "Disclosure control"; docs/decisions.md §36]. Every view for others — the API's monitor
// routes, the first page, the CLI's --suppress-small — takes its counts from here and nowhere else.
import { coveredPeriod, periodClosed } from '../domain/data-coverage.ts';
import { UnprotectableError } from '../domain/disclosure/protect.ts';
import {
  asPublishedPeriod,
  CROSSINGS,
  crossedDimension,
  PUBLISHED_PERIODS,
  publishedPeriod,
  TIMELINESS_BREAKDOWNS,
  type AttackerFigures,
  type Breakdown,
  type PeriodFigures,
  type Publication,
  type PublishedBreakdown,
  type PublishedPeriod,
  type PublishedPeriodFigures,
} from '../domain/disclosure/publication.ts';
import { DIMENSIONS, type Dimension, type Period, type ReachRow } from '../domain/reach-figures.ts';
import type { WaitingRow } from '../domain/waiting-times.ts';
import { TIMELINESS_COUNTS, type TimelinessRow } from '../domain/timeliness.ts';
import { Refusal } from '../domain/errors.ts';
import { latestMessageDate, monitorDataVersion } from '../store/coverage-repository.ts';
import { readStoredPublication, writeStoredPublication } from '../store/publication-repository.ts';
import { protectOffThread } from './publication-thread.ts';
import { withStatementTimeout } from '../store/statement-timeout.ts';
import type { ReadLimits } from './coverage.ts';
import { yieldNow } from './yield.ts';
import { disclosedThemesOf, messageCounts, reach, themesByProvider, timelinessFigures, waiting, type ThemeLabels } from './monitor.ts';
import { assignmentStartDeadlineDays } from '../domain/region.ts';
import type { Workspace } from './workspace.ts';
import { COUNCIL_PERIODS, EVERYONE, populationKey, type Population } from '../domain/access/scope.ts';

/** A breakdown as the monitor groups it: an area is read with its municipality (an area lies in one), a crossing by both. */
export const groupingOf = (b: PublishedBreakdown): Dimension[] =>
  b === 'total' ? [] : b === 'area' ? ['municipality', 'area'] : b === 'municipality+theme' || b === 'municipality+care_form' ? ['municipality', crossedDimension(b)] : [b];

/** Every breakdown others may ask for of the whole region. */
export const ALL_BREAKDOWNS: readonly Breakdown[] = ['total', ...DIMENSIONS];

/** What a publication is of: a part of the young people, and the breakdowns published of it. */
export interface PublicationScope {
  readonly population: Population;
  readonly breakdowns: readonly PublishedBreakdown[];
  /**
   * For the roles other than the region (src/domain/access/scope.ts): theme groups drawn from too
   * few providers merged (disclosedThemes), and only periods the data cover to their last day — a
   * running period's answers would differ from one ingest to the next by a few young people.
   */
  readonly forOthers?: boolean;
  /**
   * The one public system (decisions §47): protected also against every municipality and provider
   * that knows its own part of the figures, with each municipality's REST as cells of it.
   */
  readonly joint?: boolean;
}
export const REGION_PUBLICATION: PublicationScope = { population: EVERYONE, breakdowns: ALL_BREAKDOWNS };
/**
 * The one publication everyone but the region is shown (decisions §47): the region by every single
 * breakdown and each municipality per theme and care form, with each municipality's REST, protected
 * against the public and against every municipality and provider with its own figures.
 */
export const PUBLIC_PUBLICATION: PublicationScope = { population: EVERYONE, breakdowns: [...ALL_BREAKDOWNS, ...CROSSINGS], forOthers: true, joint: true };
/** The key a scope is stored and cached under. */
export const scopeKey = (s: PublicationScope) => `${populationKey(s.population)}|${[...s.breakdowns].sort().join(',')}|${s.forOthers ? 'others' : 'plan'}${s.joint ? '|joint' : ''}`;

/** The theme labels of a scope's figures: the plan's, or those disclosed to others. */
export async function themeLabelsOf(ws: Workspace, scope: Pick<PublicationScope, 'forOthers'>): Promise<ThemeLabels> {
  return scope.forOthers ? disclosedThemesOf(ws) : themesByProvider(ws);
}

/** The scope of one period: the crossings only for the periods a council is shown (decisions §47). */
const inPeriod = (scope: PublicationScope, name: PublishedPeriod): PublicationScope =>
  scope.joint && !COUNCIL_PERIODS.includes(name) ? { ...scope, breakdowns: scope.breakdowns.filter((b) => !(CROSSINGS as readonly string[]).includes(b)) } : scope;

/** The figures of one published period of a part of the region, every breakdown of the scope. */
async function periodFigures(ws: Workspace, period: Period, scope: PublicationScope, themes: ThemeLabels): Promise<PeriodFigures> {
  const reachRows = new Map<PublishedBreakdown, ReachRow[]>();
  const waitingRows = new Map<PublishedBreakdown, WaitingRow[]>();
  for (const b of scope.breakdowns) {
    // Requests waiting in the server get a turn between two queries (src/app/yield.ts).
    await yieldNow();
    reachRows.set(b, await reach(ws, period, groupingOf(b), scope.population, themes));
    await yieldNow();
    waitingRows.set(b, await waiting(ws, period, groupingOf(b), scope.population, themes));
  }
  const timeliness = new Map<(typeof TIMELINESS_BREAKDOWNS)[number], TimelinessRow[]>();
  for (const b of TIMELINESS_BREAKDOWNS) {
    await yieldNow();
    timeliness.set(b, await timelinessFigures(ws, period, assignmentStartDeadlineDays(ws.region), b === 'total' ? [] : [b], scope.population));
  }
  return { period, reach: reachRows, waiting: waitingRows, timeliness, messages: await messageCounts(ws, period, scope.population) };
}


/**
 * Every owner's own figures of a period (the attackers of the public system): read once per breakdown
 * with the owner's dimension added — the municipality, or the provider's AGB code — and split; a
 * provider of several AGB codes is read as its own part of the population (its young people counted
 * once across its codes). Only the counts are used (protect's own parts).
 */
async function ownersFigures(ws: Workspace, period: Period, scope: PublicationScope, themes: ThemeLabels, owners: readonly (readonly [string, AttackerFigures['owns'], Population])[]): Promise<Map<string, PeriodFigures>> {
  const out = new Map<string, PeriodFigures>();
  const split = async (dimension: 'municipality' | 'provider', valueOf: (owns: AttackerFigures['owns']) => string | undefined) => {
    const mine = owners.flatMap(([name, owns]) => {
      const v = valueOf(owns);
      return v === undefined ? [] : [[name, v] as const];
    });
    if (mine.length === 0) return;
    const reachRows = new Map<string, Map<PublishedBreakdown, ReachRow[]>>(mine.map(([name]) => [name, new Map()]));
    const waitingRows = new Map<string, Map<PublishedBreakdown, WaitingRow[]>>(mine.map(([name]) => [name, new Map()]));
    const pick = <G extends Partial<Record<Dimension, string>>>(group: G, dims: readonly Dimension[]) => Object.fromEntries(dims.map((d) => [d, group[d]])) as G;
    for (const b of scope.breakdowns) {
      const dims = groupingOf(b);
      const grouping = [...new Set<Dimension>([dimension, ...dims])];
      await yieldNow();
      const r = await reach(ws, period, grouping, EVERYONE, themes);
      await yieldNow();
      const w = await waiting(ws, period, grouping, EVERYONE, themes);
      for (const [name, v] of mine) {
        reachRows.get(name)!.set(b, r.filter((x) => x.group[dimension] === v).map((x) => ({ ...x, group: pick(x.group, dims) })));
        waitingRows.get(name)!.set(b, w.filter((x) => x.group[dimension] === v).map((x) => ({ ...x, group: pick(x.group, dims) })));
      }
    }
    await yieldNow();
    const t = await timelinessFigures(ws, period, assignmentStartDeadlineDays(ws.region), ['provider', 'municipality']);
    for (const [name, v] of mine) {
      const rows = t.filter((x) => x[dimension] === v);
      // Counts of events add up over the rows of each breakdown (the other fields are not used).
      const summed = (key: (x: TimelinessRow) => string) => {
        const groups = new Map<string, TimelinessRow>();
        for (const x of rows) {
          const k = key(x);
          const g = groups.get(k);
          groups.set(k, g === undefined ? x : { ...g, ...Object.fromEntries(TIMELINESS_COUNTS.map((c) => [c, g[c] + x[c]])) });
        }
        return [...groups.values()];
      };
      const timeliness = new Map<(typeof TIMELINESS_BREAKDOWNS)[number], TimelinessRow[]>([
        ['total', summed(() => '').map((x) => ({ ...x, provider: '', municipality: '' }))],
        ['provider', summed((x) => x.provider).map((x) => ({ ...x, municipality: '' }))],
        ['municipality', summed((x) => x.municipality).map((x) => ({ ...x, provider: '' }))],
      ]);
      const population = owners.find(([n]) => n === name)![2];
      out.set(name, { period, reach: reachRows.get(name)!, waiting: waitingRows.get(name)!, timeliness, messages: await messageCounts(ws, period, population) });
    }
  };
  await split('municipality', (owns) => ('municipality' in owns ? owns.municipality : undefined));
  await split('provider', (owns) => ('agbCodes' in owns && owns.agbCodes.length === 1 ? owns.agbCodes[0] : undefined));
  for (const [name, owns, population] of owners) if ('agbCodes' in owns && owns.agbCodes.length !== 1) out.set(name, await periodFigures(ws, period, { ...scope, population }, themes));
  return out;
}

/** Computes the protected publication of a year from the stored data (what the cache below keeps). */
export async function computePublication(ws: Workspace, year: number, scope: PublicationScope = REGION_PUBLICATION, shownBefore?: ReadonlyMap<string, number>): Promise<Publication> {
  const dataUpTo = await latestMessageDate(ws.store.db);
  const themes = await themeLabelsOf(ws, scope);
  const periods = new Map<PublishedPeriod, PeriodFigures>();
  for (const name of PUBLISHED_PERIODS) {
    const asked = publishedPeriod(year, name);
    if (dataUpTo === null || asked.from > dataUpTo || (scope.forOthers && !periodClosed(asked, dataUpTo))) continue;
    periods.set(name, await periodFigures(ws, coveredPeriod(asked, dataUpTo).period, inPeriod(scope, name), themes));
  }
  // The owners' own figures, for the one public system: each municipality's and each provider's.
  const attackers: AttackerFigures[] = [];
  if (scope.joint) {
    const providers = (await ws.engine.state()).providers;
    const owners: [string, AttackerFigures['owns'], Population][] = [
      ...ws.region.municipalities.map((m): [string, AttackerFigures['owns'], Population] => [`municipality ${m.code}`, { municipality: m.code }, { kind: 'municipality', code: m.code, not: false }]),
      ...Object.entries(providers).map(([code, p]): [string, AttackerFigures['owns'], Population] => [`provider ${code}`, { agbCodes: p.agbCodes }, { kind: 'providers', agbCodes: p.agbCodes, not: false }]),
    ];
    const byOwner = new Map<string, Map<PublishedPeriod, PeriodFigures>>(owners.map(([name]) => [name, new Map()]));
    for (const [p, f] of periods) {
      const figures = await ownersFigures(ws, f.period, inPeriod(scope, p), themes, owners);
      for (const [name] of owners) byOwner.get(name)!.set(p, figures.get(name)!);
    }
    for (const [name, owns] of owners) attackers.push({ name, owns, periods: byOwner.get(name)! });
  }
  // Those in care on 31 December of the year before (known from that year's publication).
  const inCareBefore = new Map<PublishedBreakdown, ReachRow[]>();
  if (periods.size > 0) {
    const day = { from: `${year - 1}-12-31`, to: `${year - 1}-12-31` };
    for (const b of scope.breakdowns) if (b !== 'age_group') inCareBefore.set(b, await reach(ws, day, groupingOf(b), scope.population, themes));
  }
  // For others than the region, stops per reason only for the whole part (decisions §40).
  // Protected in a thread of its own, so that a server keeps answering meanwhile.
  return protectOffThread(
    {
      year,
      periods,
      themeOf: (p) => themes.get(p) ?? 'unassigned',
      inCareBefore,
      reasonsByGroup: !scope.forOthers,
      ...(shownBefore ? { shownBefore } : {}),
      ...(scope.joint ? { restOf: ws.region.municipalities.map((m) => m.code), attackers, crossingPeriods: COUNCIL_PERIODS } : {}),
    },
    themes,
  );
}

/**
 * The rules a stored publication was computed by: part of the version it is kept under, so that a
 * publication computed by an earlier release (other periods, groups or protection) is computed again.
 * Raise it with every change to what a publication holds or how it is protected.
 */
export const PUBLICATION_RULES = 7;

/** Where a publication that cannot be protected is told (the server's log); set by the server. */
let unprotectable: ((line: string) => void) | undefined;
export function onUnprotectable(tell: (line: string) => void): void {
  unprotectable = tell;
}

/** Publications by workspace, year and scope, each with the data version it was computed for. */
const cache = new WeakMap<Workspace['store'], Map<string, { version: string; publication: Promise<Publication> }>>();

const toStored = (p: Publication, dataVersion: string) => ({
  dataVersion,
  body: JSON.stringify({ year: p.year, periods: p.periods, audit: p.audit }),
  shown: JSON.stringify([...p.shown]),
});
const fromStored = (body: string, shown: string): Publication => ({ ...(JSON.parse(body) as Omit<Publication, 'shown'>), shown: new Map(JSON.parse(shown) as [string, number][]) });

/**
 * The publication of a year for the data as they are now: computed once per data version (after an
 * ingest, a decision or a rebuild) — by warmPublications when the data arrive, or else by the first
 * request — and kept in the database (publication_store), so that every server process and every
 * restart reads it as a lookup. What the publication of the version before showed is taken as known
 * (for others than the region), so that two versions' answers together tell no more than each alone.
 */
export async function publicationOf(ws: Workspace, year: number, limits: ReadLimits = {}, scope: PublicationScope = REGION_PUBLICATION): Promise<Publication> {
  const version = `rules ${PUBLICATION_RULES}|${await monitorDataVersion(ws.store.db)}`;
  let byYear = cache.get(ws.store);
  if (!byYear) cache.set(ws.store, (byYear = new Map()));
  const key = scopeKey(scope);
  const slot = `${year}|${key}`;
  const hit = byYear.get(slot);
  if (hit && hit.version === version) return hit.publication;
  const publication = (async () => {
    const stored = await readStoredPublication(ws.store.db, key, year);
    if (stored?.dataVersion === version) return fromStored(stored.body, stored.shown);
    const remembered = hit ? await hit.publication.then((p) => p.shown).catch(() => undefined) : undefined;
    const shownBefore = scope.forOthers ? (remembered ?? (stored ? new Map(JSON.parse(stored.shown) as [string, number][]) : undefined)) : undefined;
    // Computed under the caller's time limit per statement (a server's): a computation stopped by it
    // is forgotten, and the next request starts it again.
    const computed =
      limits.timeoutMs === undefined
        ? await computePublication(ws, year, scope, shownBefore)
        : await withStatementTimeout(ws.store, limits.timeoutMs, (db) => computePublication(db === ws.store.db ? ws : { ...ws, store: { ...ws.store, db } }, year, scope, shownBefore));
    // Kept for the other processes and the next start; a database role that may only read serves it
    // from memory.
    await writeStoredPublication(ws.store.db, key, year, toStored(computed, version)).catch(() => undefined);
    return computed;
  })();
  // A publication that cannot be protected stays refused for this data version (computing it again
  // gives the same); any other failure (a time limit, the database) is tried again by the next request.
  const answer = publication.catch((e: unknown) => {
    if (e instanceof UnprotectableError) {
      unprotectable?.(`${scopeKey(scope)} ${year}: ${e.message}`);
      throw new Refusal('DISCLOSURE_UNPROTECTABLE', { year });
    }
    byYear.delete(slot);
    throw e;
  });
  byYear.set(slot, { version, publication: answer });
  return answer;
}

/**
 * The published figures of the period others asked for: it must be a quarter, a half year or a year
 * (published periods), and its figures must exist (a period after the data's last day has none).
 */
export async function publishedFigures(
  ws: Workspace,
  asked: Period,
  limits: ReadLimits = {},
  scope: PublicationScope = REGION_PUBLICATION,
): Promise<{ figures: PublishedPeriodFigures; period: Period; cutShort: boolean; dataUpTo: string }> {
  const named = asPublishedPeriod(asked);
  if (named === undefined) throw new Refusal('DISCLOSURE_PERIOD', { from: asked.from, to: asked.to });
  const covered = coveredPeriod(asked, await latestMessageDate(ws.store.db));
  if (scope.forOthers && !periodClosed(asked, covered.dataUpTo)) throw new Refusal('DISCLOSURE_PERIOD_OPEN', { from: asked.from, to: asked.to, dataUpTo: covered.dataUpTo });
  const publication = await publicationOf(ws, named.year, limits, scope);
  const figures = publication.periods[named.name];
  if (figures === undefined) throw new Error(`publication of ${named.year} has no ${named.name} although data cover it`);
  return { figures, period: covered.period, cutShort: covered.cutShort, dataUpTo: covered.dataUpTo };
}

/**
 * Computes the publications of the year of the data's last day and the year before — the region's
 * and every scope of `scopes` (each role's parts, src/app/monitor-views.ts) — ahead of the first
 * request: after an ingest, a rebuild or a decision, and when a server starts. One after another,
 * so that requests meanwhile still get their turn. `progress` hears each one done.
 */
export async function warmPublication(ws: Workspace, scopes: readonly PublicationScope[] = [], progress?: (done: number, total: number) => void): Promise<void> {
  const dataUpTo = await latestMessageDate(ws.store.db);
  if (dataUpTo === null) return;
  const year = Number(dataUpTo.slice(0, 4));
  const work: [number, PublicationScope][] = [];
  for (const y of [year, year - 1]) for (const scope of [REGION_PUBLICATION, ...scopes]) work.push([y, scope]);
  let done = 0;
  for (const [y, scope] of work) {
    await publicationOf(ws, y, {}, scope);
    progress?.(++done, work.length);
    // Let waiting requests run between two publications.
    await new Promise((resolve) => setImmediate(resolve));
  }
}
