// The tender that selects the providers [issue 16; DOMAIN.md §6; seed 003 §5]: the ranking of the
// submissions — only complete ones with a sufficient score on every criterion, by total weighted
// score, ties broken by the tender's own stated rule and never silently — the best N selected, the
// next ones in the waiting room in rank order; and the distribution of a theme's budget over the
// selected providers, exact to the cent. Pure: the record (who scored what, when, why) is the ledger's.

import { decimalsToWeights, splitByWeights, type Cents } from './money.ts';
import { Refusal } from './errors.ts';

/** A scored criterion: a theme's vision (or technical competence) with its weight and scale. */
export interface Criterion {
  readonly id: string;
  /** The theme it belongs to, or undefined for a criterion of the whole submission. */
  readonly theme?: string;
  /** Weight in the total, a whole number (points per scale point). */
  readonly weight: number;
  /** The scale's highest score (e.g. 10). */
  readonly max: number;
  /** The lowest score that is sufficient (e.g. 6). */
  readonly sufficient: number;
}

/** How a tie is broken, in order: the higher score on a named criterion; at the end a recorded draw. */
export type TieStep = { readonly kind: 'criterion'; readonly criterion: string } | { readonly kind: 'draw' };

export interface TenderRules {
  readonly criteria: readonly Criterion[];
  /** Suitability requirements: each must be met. */
  readonly requirements: readonly string[];
  readonly maxSelected: number;
  readonly waitingRoom: number;
  readonly tieBreak: readonly TieStep[];
}

export interface Submission {
  readonly bidder: string;
  /** Requirement id → met (with evidence elsewhere); a requirement missing here is not answered. */
  readonly requirements: Readonly<Record<string, boolean>>;
  /** Criterion id → the score after consensus and the oral explanation's adjustment; missing: not scored. */
  readonly scores: Readonly<Record<string, number>>;
  /**
   * The themes it bids on: only their criteria apply to it (and must be scored). Left out: every
   * theme of the criteria.
   */
  readonly themes?: readonly string[];
}

/** The criteria that apply to a submission: those of the whole submission and those of its themes. */
export function criteriaOf(s: Submission, rules: TenderRules): Criterion[] {
  return rules.criteria.filter((c) => c.theme === undefined || s.themes === undefined || s.themes.includes(c.theme));
}

/**
 * A total as an exact fraction: the criteria of the whole submission count in full, the themes'
 * criteria as their mean over the themes bid on — a bidder on one theme and one on three are judged
 * on the same scale. `num / den`, den the number of themes (1 without theme criteria).
 */
export interface Total {
  readonly num: number;
  readonly den: number;
}

export function exactTotal(s: Submission, rules: TenderRules): Total {
  const applying = criteriaOf(s, rules);
  const themes = new Set(applying.filter((c) => c.theme !== undefined).map((c) => c.theme!));
  const den = Math.max(1, themes.size);
  const general = applying.filter((c) => c.theme === undefined).reduce((t, c) => t + c.weight * s.scores[c.id]!, 0);
  const themed = applying.filter((c) => c.theme !== undefined).reduce((t, c) => t + c.weight * s.scores[c.id]!, 0);
  return { num: general * den + themed, den };
}

/** Compares totals exactly: negative when a is the higher (better first). */
export const compareTotals = (a: Total, b: Total): number => b.num * a.den - a.num * b.den;

/** A total as text: a whole number, or two decimals (rounded half up) when the mean is not whole. */
export function totalText(t: Total): string {
  if (t.num % t.den === 0) return String(t.num / t.den);
  const hundredths = Math.floor((t.num * 100 * 2 + t.den) / (2 * t.den));
  return `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;
}

export type RankStatus = 'selected' | 'waiting_room' | 'not_selected' | 'insufficient' | 'incomplete';

export interface RankLine {
  readonly bidder: string;
  /** 1-based rank among the ranked submissions; undefined for incomplete or insufficient ones. */
  readonly rank?: number;
  readonly status: RankStatus;
  /** Σ weight × score (the themes' part as its mean over the themes bid on), as text: "417" or "412.33". */
  readonly totalScore?: string;
  /** How it was told apart from the one above it with the same total: "criterion B", "draw". */
  readonly tieBreak?: string;
  /** Why it is not ranked. */
  readonly reasons: readonly string[];
}

export interface Ranking {
  readonly lines: readonly RankLine[];
  /**
   * Bidders still tied after every criterion of the rule, whose order needs a recorded draw: the
   * ranking is not final while this is not empty (the software never breaks a tie silently).
   */
  readonly unresolved: readonly (readonly string[])[];
}

/** Why a submission is not ranked: incomplete (something not answered or scored), else insufficient. */
export function assess(s: Submission, rules: TenderRules): { status: 'ranked' | 'incomplete' | 'insufficient'; reasons: string[] } {
  const applying = criteriaOf(s, rules);
  const missing = [
    ...(s.themes !== undefined && s.themes.length === 0 ? ['no theme bid on'] : []),
    ...rules.requirements.filter((r) => s.requirements[r] === undefined).map((r) => `requirement ${r} not answered`),
    ...applying.filter((c) => s.scores[c.id] === undefined).map((c) => `criterion ${c.id} not scored`),
  ];
  if (missing.length > 0) return { status: 'incomplete', reasons: missing };
  for (const c of applying) {
    const v = s.scores[c.id]!;
    if (!Number.isInteger(v) || v < 0 || v > c.max) throw new RangeError(`score ${v} of ${s.bidder} on ${c.id} is not a whole number from 0 to ${c.max}`);
  }
  const short = [...rules.requirements.filter((r) => s.requirements[r] === false).map((r) => `requirement ${r} not met`), ...applying.filter((c) => s.scores[c.id]! < c.sufficient).map((c) => `criterion ${c.id}: ${s.scores[c.id]} below ${c.sufficient}`)];
  return short.length > 0 ? { status: 'insufficient', reasons: short } : { status: 'ranked', reasons: [] };
}

/** The total as a number (for charts and sorting by eye); the ranking compares exactTotal. */
export const totalScore = (s: Submission, rules: TenderRules): number => {
  const t = exactTotal(s, rules);
  return t.num / t.den;
};

/**
 * Ranks the submissions. `draws` is the recorded draw: for a group of bidders still tied after the
 * rule's criteria, their order (each draw a list of the group's bidders, first wins). A group without
 * a draw stays tied: listed in `unresolved`, its members ranked together in bidder order only so the
 * listing is stable — not a decision.
 */
export function rank(submissions: readonly Submission[], rules: TenderRules, draws: readonly (readonly string[])[] = []): Ranking {
  const assessed = submissions.map((s) => ({ s, a: assess(s, rules) }));
  const ranked = assessed.filter((x) => x.a.status === 'ranked').map((x) => x.s);
  const criterionSteps = rules.tieBreak.filter((t): t is Extract<TieStep, { kind: 'criterion' }> => t.kind === 'criterion');
  const drawAllowed = rules.tieBreak.some((t) => t.kind === 'draw');
  const key = (s: Submission) => ({ total: exactTotal(s, rules), steps: criterionSteps.map((t) => s.scores[t.criterion] ?? 0) });
  const cmpKeys = (a: ReturnType<typeof key>, b: ReturnType<typeof key>) => {
    const byTotal = compareTotals(a.total, b.total);
    if (byTotal !== 0) return byTotal;
    for (let i = 0; i < a.steps.length; i++) if (a.steps[i] !== b.steps[i]) return b.steps[i]! - a.steps[i]!;
    return 0;
  };
  // Groups of equal keys, best first.
  const sorted = [...ranked].sort((a, b) => cmpKeys(key(a), key(b)) || (a.bidder < b.bidder ? -1 : a.bidder > b.bidder ? 1 : 0));
  const groups: Submission[][] = [];
  for (const s of sorted) {
    const last = groups.at(-1);
    if (last && cmpKeys(key(last[0]!), key(s)) === 0) last.push(s);
    else groups.push([s]);
  }
  const unresolved: string[][] = [];
  const order: { s: Submission; tieBreak?: string }[] = [];
  for (const g of groups) {
    if (g.length === 1) {
      order.push({ s: g[0]! });
      continue;
    }
    const members = g.map((s) => s.bidder).sort();
    const draw = drawAllowed ? draws.find((d) => d.length === members.length && [...d].sort().every((b, i) => b === members[i])) : undefined;
    if (draw) {
      for (const [i, b] of draw.entries()) order.push({ s: g.find((s) => s.bidder === b)!, ...(i > 0 ? { tieBreak: 'draw' } : {}) });
    } else {
      unresolved.push(members);
      for (const s of [...g].sort((a, b) => (a.bidder < b.bidder ? -1 : 1))) order.push({ s, tieBreak: 'unresolved' });
    }
  }
  // How each was told apart from the one above with the same total.
  const lines: RankLine[] = order.map(({ s, tieBreak }, i) => {
    const above = order[i - 1]?.s;
    let how = tieBreak;
    if (!how && above && compareTotals(exactTotal(above, rules), exactTotal(s, rules)) === 0) {
      const step = criterionSteps.find((t) => (above.scores[t.criterion] ?? 0) !== (s.scores[t.criterion] ?? 0));
      how = step ? `criterion ${step.criterion}` : undefined;
    }
    const place = i + 1;
    const status: RankStatus = place <= rules.maxSelected ? 'selected' : place <= rules.maxSelected + rules.waitingRoom ? 'waiting_room' : 'not_selected';
    return { bidder: s.bidder, rank: place, status, totalScore: totalText(exactTotal(s, rules)), ...(how ? { tieBreak: how } : {}), reasons: [] };
  });
  // The unranked after the ranked, incomplete before insufficient, each by bidder: the same listing whatever the order of the submissions.
  const unranked = assessed.filter((x) => x.a.status !== 'ranked').sort((a, b) => (a.a.status === b.a.status ? (a.s.bidder < b.s.bidder ? -1 : a.s.bidder > b.s.bidder ? 1 : 0) : a.a.status === 'incomplete' ? -1 : 1));
  for (const x of unranked) lines.push({ bidder: x.s.bidder, status: x.a.status as RankStatus, reasons: x.a.reasons });
  return { lines, unresolved };
}

/**
 * A withdrawal: the selected bidder leaves, and the first of the waiting room (in rank order) takes
 * its place. Gives the new statuses, or the waiting room's emptiness.
 */
export function withdraw(lines: readonly RankLine[], bidder: string): { lines: RankLine[]; promoted?: string } {
  const leaving = lines.find((l) => l.bidder === bidder);
  if (!leaving || leaving.status !== 'selected') throw new RangeError(`${bidder} is not selected`);
  const next = lines.filter((l) => l.status === 'waiting_room').sort((a, b) => a.rank! - b.rank!)[0];
  const out = lines.map((l): RankLine => (l.bidder === bidder ? { ...l, status: 'not_selected', reasons: ['withdrawn'] } : next && l.bidder === next.bidder ? { ...l, status: 'selected' } : l));
  return next ? { lines: out, promoted: next.bidder } : { lines: out };
}

/** How a theme's budget is distributed over its selected providers. */
export type DistributionBasis = { readonly kind: 'capacity' } | { readonly kind: 'score' } | { readonly kind: 'mix'; readonly capacityPct: number };

export interface DistributionInput {
  readonly budgetCents: Cents;
  readonly providers: readonly { readonly bidder: string; readonly capacity: number; readonly score: number }[];
  readonly basis: DistributionBasis;
}

/** Digits after the decimal point of a distribution's shares (in percent): 0.000001 % of €100 million is €1. */
export const SHARE_DIGITS = 6;

/**
 * The theme over the providers by capacity (young people a year), by score, or a mix (the
 * capacity's share in percent, the rest by score): each provider's weight is its share of the basis.
 * The shares are percentages with SHARE_DIGITS decimals, split by largest remainder so they add up to
 * exactly 100 — the form an allocation plan takes them in (trailing zeros left off: 24.2, not 24.200000).
 */
export function distributeShares(providers: DistributionInput['providers'], basis: DistributionBasis): { bidder: string; sharePct: string }[] {
  if (providers.length === 0) return [];
  const capTotal = BigInt(providers.reduce((s, p) => s + p.capacity, 0));
  const scoreTotal = BigInt(providers.reduce((s, p) => s + p.score, 0));
  const capPct = BigInt(basis.kind === 'capacity' ? 100 : basis.kind === 'score' ? 0 : basis.capacityPct);
  if (capPct < 0n || capPct > 100n) throw new RangeError(`the capacity's part of a mix is a percentage from 0 to 100, not ${capPct}`);
  // weight = capPct × cap/capTotal + (100 − capPct) × score/scoreTotal, over the common denominator.
  let weights = providers.map((p) => {
    const byCap = capTotal === 0n ? 0n : capPct * BigInt(p.capacity) * (scoreTotal === 0n ? 1n : scoreTotal);
    const byScore = scoreTotal === 0n ? 0n : (100n - capPct) * BigInt(p.score) * (capTotal === 0n ? 1n : capTotal);
    return byCap + byScore;
  });
  // Nothing to go by (no capacity and no score): equal parts, said so by the shares.
  if (weights.every((w) => w === 0n)) weights = providers.map(() => 1n);
  const unit = 10n ** BigInt(SHARE_DIGITS);
  const parts = splitByWeights(100n * unit, weights);
  return providers.map((p, i) => ({ bidder: p.bidder, sharePct: decimalText(parts[i]!, SHARE_DIGITS) }));
}

/** An integer in units of 10^-digits as a decimal text without trailing zeros. */
export function decimalText(units: bigint, digits: number): string {
  const unit = 10n ** BigInt(digits);
  const whole = units / unit;
  const frac = (units % unit).toString().padStart(digits, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : `${whole}`;
}

/**
 * The theme's budget over the providers: the shares of distributeShares, and the cents split on
 * those shares by largest remainder — the same arithmetic the allocation does with a plan, so the
 * money shown here is the money the plan gives. The parts add up to the budget exactly.
 */
export function distribute(input: DistributionInput): { bidder: string; sharePct: string; cents: Cents }[] {
  const shares = distributeShares(input.providers, input.basis);
  if (shares.length === 0) return [];
  const parts = splitByWeights(input.budgetCents, decimalsToWeights(shares.map((s) => s.sharePct)));
  return shares.map((s, i) => ({ ...s, cents: parts[i]! }));
}

// ---- phase 2: coverage of the demand by the selected providers' capacity ----------------------

/** A selected provider's capacity in a theme and area: young people a year, at least and at most. */
export interface CapacityLine {
  readonly bidder: string;
  readonly theme: string;
  readonly area: string;
  readonly min: number;
  readonly max: number;
}

/** The demand in a theme and area (young people a year: the start photo, or the latest figures). */
export interface DemandLine {
  readonly theme: string;
  readonly area: string;
  readonly youngPeople: number;
}

export type CoverageStatus = 'gap' | 'under' | 'over' | 'covered';

export interface CoverageCell {
  readonly theme: string;
  readonly area: string;
  readonly demand: number;
  readonly minTotal: number;
  readonly maxTotal: number;
  readonly providers: readonly string[];
  /** gap: demand and nobody; under: the most all can do is less than the demand; over: the least they must do is more. */
  readonly status: CoverageStatus;
}

/** Coverage per theme × area: every pair that has demand or capacity. */
export function coverageGrid(capacities: readonly CapacityLine[], demand: readonly DemandLine[]): CoverageCell[] {
  for (const c of capacities) if (!(c.min >= 0 && c.max >= c.min)) throw new RangeError(`${c.bidder} ${c.theme} ${c.area}: capacity ${c.min}–${c.max} is not a range from low to high`);
  const keys = new Set([...capacities.map((c) => `${c.theme}|${c.area}`), ...demand.map((d) => `${d.theme}|${d.area}`)]);
  return [...keys].sort().map((k) => {
    const [theme, area] = k.split('|') as [string, string];
    const here = capacities.filter((c) => c.theme === theme && c.area === area && c.max > 0);
    const need = demand.filter((d) => d.theme === theme && d.area === area).reduce((s, d) => s + d.youngPeople, 0);
    const minTotal = here.reduce((s, c) => s + c.min, 0);
    const maxTotal = here.reduce((s, c) => s + c.max, 0);
    const status: CoverageStatus = need > 0 && here.length === 0 ? 'gap' : maxTotal < need ? 'under' : minTotal > need ? 'over' : 'covered';
    return { theme, area, demand: need, minTotal, maxTotal, providers: [...new Set(here.map((c) => c.bidder))].sort(), status };
  });
}

/**
 * A distribution's basis as written: "capacity", "score" or "mix:N" (N % by capacity) for every theme,
 * or per theme as "A=mix:60,B=score" (the themes not named by capacity). Refuses anything else.
 */
export function parseBases(text: string, themes: readonly string[]): { theme: string; basis: DistributionBasis }[] {
  const refuse = (en: string, nl: string) => new Refusal('USAGE', { en: `basis: ${en}`, nl: `grondslag: ${nl}` });
  const one = (t: string): DistributionBasis => {
    const s = t.trim().toLowerCase();
    if (s === 'capacity' || s === 'capaciteit') return { kind: 'capacity' };
    if (s === 'score') return { kind: 'score' };
    const m = /^mix:(\d{1,3})$/.exec(s);
    if (m && Number(m[1]) <= 100) return { kind: 'mix', capacityPct: Number(m[1]) };
    throw refuse(`"${t}" is not capacity, score or mix:N (N the percentage by capacity, 0–100)`, `"${t}" is geen capacity, score of mix:N (N het percentage naar capaciteit, 0–100)`);
  };
  if (!text.includes('=')) return themes.map((theme) => ({ theme, basis: one(text) }));
  const given = new Map<string, DistributionBasis>();
  for (const part of text.split(',')) {
    const [theme, basis] = part.split('=').map((x) => x.trim());
    if (!theme || !basis || !themes.includes(theme)) throw refuse(`"${part}" is not THEME=BASIS with a theme of the tender (${themes.join(', ')})`, `"${part}" is geen THEMA=GRONDSLAG met een thema van de aanbesteding (${themes.join(', ')})`);
    if (given.has(theme)) throw refuse(`theme ${theme} is given twice`, `thema ${theme} staat er twee keer in`);
    given.set(theme, one(basis));
  }
  return themes.map((theme) => ({ theme, basis: given.get(theme) ?? { kind: 'capacity' } }));
}
