// Which monitor figures a viewer sees, and how they are protected [issue 13 "Who uses it and what
// each may see"; docs/access.md]. One module decides it for the API, the pages and the reports:
// - region: everything at every detail, any period, nothing hidden;
// - municipality: its own municipality at every detail (nothing hidden: its own figures), the other
//   municipalities only together as REST, protected like any view for others;
// - provider: its own young people at every detail, and the region (REGION, all providers together)
//   beside them, hidden wherever it could tell the provider 1 to 4 of the others' young people;
// - council: its own municipality and REST per theme and care form, per half year and year, both
//   protected (a council's figures are public).
// What others see of others is read from one public publication (src/app/publication.ts,
// decisions §47): the region by every breakdown, each municipality per theme and care form and its
// REST, protected against the public and against every municipality and provider with its own
// figures. Populations below name the own parts and the live figures beside them.
import { Refusal } from '../errors.ts';
import { DIMENSIONS, type Dimension } from '../reach-figures.ts';
import type { Breakdown, PublishedPeriod } from '../disclosure/publication.ts';
import type { Viewer } from './viewer.ts';

/** A part of the young people (their trajectories, waits and messages), by municipality or provider. */
export type Population =
  | { readonly kind: 'all' }
  | { readonly kind: 'municipality'; readonly code: string; readonly not: boolean }
  | { readonly kind: 'providers'; readonly agbCodes: readonly string[]; readonly not: boolean };

export const EVERYONE: Population = { kind: 'all' };

/** A stable key of a population (for caches). */
export function populationKey(p: Population): string {
  if (p.kind === 'all') return 'all';
  const op = p.not ? '!=' : '=';
  return p.kind === 'municipality' ? `municipality${op}${p.code}` : `providers${op}${[...p.agbCodes].sort().join('+')}`;
}

/** Whether a trajectory, wait or event of this municipality and provider (AGB code) is in the population. */
export function inPopulation(p: Population, municipality: string, provider: string): boolean {
  if (p.kind === 'all') return true;
  const hit = p.kind === 'municipality' ? municipality === p.code : p.agbCodes.includes(provider);
  return hit !== p.not;
}

/** The label of the other municipalities together (municipality viewers, councils). */
export const REST = 'REST';
/** The label of all providers together (provider viewers). */
export const REGION = 'REGION';

export type MonitorView =
  | { readonly kind: 'full' }
  | {
      readonly kind: 'own-and-others';
      readonly role: 'municipality' | 'provider' | 'council';
      /** Its own part: shown unprotected to its owner, protected for a council. */
      readonly own: Population;
      readonly ownProtected: boolean;
      /** Everyone else, protected; shown as REST, or added to the own part as REGION. */
      readonly others: Population;
      readonly othersAs: 'REST' | 'REGION';
      /** The column that says whose a row is, and the value of the own rows. */
      readonly column: 'municipality' | 'provider';
      readonly ownLabel: string;
      /** Breakdowns this role may ask for besides its column. */
      readonly breakdowns: readonly Dimension[];
      /** Published periods this role may ask for (all others: none besides these). */
      readonly periods: readonly PublishedPeriod[];
      /** Breakdowns of the others' part that would single out one other municipality: shown as their total. */
      readonly othersTotalOnly: readonly Dimension[];
    };

const ALL_PERIODS: readonly PublishedPeriod[] = ['Q1', 'Q2', 'Q3', 'Q4', 'H1', 'H2', 'Y'];
export const COUNCIL_BREAKDOWNS: readonly Dimension[] = ['theme', 'care_form'];
/** The periods a council is shown: half years and the year. */
export const COUNCIL_PERIODS: readonly PublishedPeriod[] = ['H1', 'H2', 'Y'];

/** The monitor view of a viewer; `agbCodesOf` gives a provider's AGB codes from the registry. */
export function monitorView(viewer: Viewer, agbCodesOf: (provider: string) => readonly string[]): MonitorView {
  switch (viewer.role) {
    case 'region':
      return { kind: 'full' };
    case 'municipality':
      return {
        kind: 'own-and-others',
        role: 'municipality',
        own: { kind: 'municipality', code: viewer.municipality, not: false },
        ownProtected: false,
        others: { kind: 'municipality', code: viewer.municipality, not: true },
        othersAs: REST,
        column: 'municipality',
        ownLabel: viewer.municipality,
        breakdowns: DIMENSIONS.filter((d) => d !== 'municipality'),
        periods: ALL_PERIODS,
        othersTotalOnly: ['area'],
      };
    case 'council':
      return {
        kind: 'own-and-others',
        role: 'council',
        own: { kind: 'municipality', code: viewer.municipality, not: false },
        ownProtected: true,
        others: { kind: 'municipality', code: viewer.municipality, not: true },
        othersAs: REST,
        column: 'municipality',
        ownLabel: viewer.municipality,
        breakdowns: COUNCIL_BREAKDOWNS,
        periods: COUNCIL_PERIODS,
        othersTotalOnly: [],
      };
    case 'provider': {
      const agbCodes = agbCodesOf(viewer.provider);
      return {
        kind: 'own-and-others',
        role: 'provider',
        own: { kind: 'providers', agbCodes, not: false },
        ownProtected: false,
        others: { kind: 'providers', agbCodes, not: true },
        othersAs: REGION,
        column: 'provider',
        ownLabel: viewer.provider,
        breakdowns: DIMENSIONS.filter((d) => d !== 'provider'),
        periods: ALL_PERIODS,
        othersTotalOnly: [],
      };
    }
  }
}

/**
 * What a scoped viewer asked for: `by` may name the view's column (implied anyway) and at most one
 * breakdown the role may see. Returns that breakdown, or 'total'.
 */
export function scopedBreakdown(view: Extract<MonitorView, { kind: 'own-and-others' }>, by: readonly Dimension[]): Breakdown {
  const rest = by.filter((d) => d !== view.column);
  const refused = rest.find((d) => !view.breakdowns.includes(d));
  if (refused !== undefined) throw new Refusal('BREAKDOWN_NOT_FOR_ROLE', { role: view.role, by: refused, allowed: [view.column, ...view.breakdowns] });
  if (rest.length > 1) throw new Refusal('DISCLOSURE_BREAKDOWN', { count: by.length });
  return rest[0] ?? 'total';
}

/** A group of others' figures must be drawn from at least this many providers (else it is one provider's figures, or, next to one's own, another's). */
export const MIN_PROVIDERS_PER_GROUP = 3;
/** The label of the theme groups merged because too few providers work in them. */
export const OTHER_THEMES = 'OVERIG';

/**
 * The theme labels shown to others than the region. A provider's theme is its combination of plan
 * themes ("A+C"), which may be one provider's alone: such a row would be that provider's figures.
 * Every combination drawn from fewer than MIN_PROVIDERS_PER_GROUP providers is merged into
 * OTHER_THEMES; while that group itself has some but too few providers, the smallest remaining
 * combination joins it. Decided from the plan (which provider works in which themes), never from
 * counts, so the merging tells nothing about the young people.
 * @param themes AGB code → its provider's theme combination
 * @param providerOfAgb AGB code → provider code (a provider may have several AGB codes)
 */
export function disclosedThemes(themes: ReadonlyMap<string, string>, providerOfAgb: ReadonlyMap<string, string>): Map<string, string> {
  const providersOf = new Map<string, Set<string>>();
  for (const [agb, theme] of themes) {
    const set = providersOf.get(theme) ?? new Set<string>();
    set.add(providerOfAgb.get(agb) ?? `agb:${agb}`);
    providersOf.set(theme, set);
  }
  const merged = new Set<string>();
  const other = new Set<string>();
  for (const [theme, ps] of providersOf) {
    if (ps.size < MIN_PROVIDERS_PER_GROUP) {
      merged.add(theme);
      for (const p of ps) other.add(p);
    }
  }
  while (other.size > 0 && other.size < MIN_PROVIDERS_PER_GROUP) {
    const remaining = [...providersOf].filter(([t]) => !merged.has(t)).sort(([ta, a], [tb, b]) => a.size - b.size || ta.localeCompare(tb));
    if (remaining.length === 0) break;
    const [theme, ps] = remaining[0]!;
    merged.add(theme);
    for (const p of ps) other.add(p);
  }
  return new Map([...themes].map(([agb, theme]) => [agb, merged.has(theme) ? OTHER_THEMES : theme]));
}
