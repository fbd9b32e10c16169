// The tender as a record in the ledger [issue 16; DOMAIN.md §6; seed 003 §5]: every step — the tender
// published with its criteria, the submissions' facts (each assessor's own score, the consensus with
// its reasoning, the oral adjustment with the protocol's reason), a recorded draw, the intended
// selection with its standstill period, objections and their outcome, the final selection, a
// withdrawal drawn from the waiting room, the capacities of phase 2 and the accepted distribution —
// is an append-only entry: who, when, why. The state here is the fold of those entries; the rules
// that refuse a step out of order live here too. Pure.
import { Refusal } from './errors.ts';
import { dayOf, isoOf } from './calendar-days.ts';
import { rank, withdraw, criteriaOf, coverageGrid, distributeShares, exactTotal, type CapacityLine, type Criterion, type DemandLine, type DistributionBasis, type RankLine, type Ranking, type Submission, type TenderRules, type TieStep } from './tender.ts';
import { submissionsOf, type TenderKind } from './tender-import.ts';
import { PROVIDER_CODE } from './provider-registry.ts';
import { decimalsToWeights } from './money.ts';
import type { AllocationPlan } from './allocation-rules.ts';

/** A tender as published: what it asks and how it ranks. */
export interface TenderDefinition {
  readonly id: string;
  readonly name: string;
  /** The first year of the contracts it awards. */
  readonly year: number;
  readonly publishedOn: string;
  /** The themes with their share of the region's budget (the plan's theme shares). */
  readonly themes: readonly { readonly code: string; readonly sharePct: string }[];
  readonly areas: readonly string[];
  readonly requirements: readonly { readonly id: string; readonly label: string }[];
  readonly criteria: readonly (Criterion & { readonly label: string })[];
  readonly maxSelected: number;
  readonly waitingRoom: number;
  readonly tieBreak: readonly TieStep[];
  /** Calendar days between the intended selection and the final one (default 20). */
  readonly standstillDays: number;
  /** The assessors' names (logins): each scores independently; others' scores stay hidden until all have scored. */
  readonly assessors: readonly string[];
  /** The demand per theme and area the tender publishes (young people a year; the start photo). */
  readonly demand: readonly DemandLine[];
}

/** One fact of a submission as recorded (the import's row without its row number). */
export interface TenderFactJson {
  readonly bidder: string;
  readonly kind: TenderKind;
  readonly item: string;
  readonly assessor: string;
  readonly value: number;
  readonly reason: string;
}

export interface TenderDefineDecision {
  readonly kind: 'tender.define';
  readonly tender: TenderDefinition;
}
/** Facts of submissions: a file of them, or one assessor's scores given on the page. */
export interface TenderFactsDecision {
  readonly kind: 'tender.facts';
  readonly tender: string;
  readonly source: string;
  readonly facts: readonly TenderFactJson[];
  /** Bidders' names and AGB codes (from the bidder rows). */
  readonly bidders?: readonly { readonly code: string; readonly name: string; readonly agb?: string }[];
  /** Set when an assessor gives its own scores on the page: every score in it is that assessor's. */
  readonly byAssessor?: string;
}
/** The recorded draw for a group still tied after the rule's criteria: their order, first wins. */
export interface TenderDrawDecision {
  readonly kind: 'tender.draw';
  readonly tender: string;
  readonly order: readonly string[];
  /** Who drew and who witnessed (e.g. the notary). */
  readonly witness: string;
}
/** The intended selection: the ranking made known to the bidders; the standstill period starts. */
export interface TenderIntendDecision {
  readonly kind: 'tender.intend';
  readonly tender: string;
  readonly date: string;
}
export interface TenderObjectionDecision {
  readonly kind: 'tender.objection';
  readonly tender: string;
  readonly bidder: string;
  readonly date: string;
  readonly text: string;
}
/** The outcome of an objection: rejected, or upheld — then the intended selection is withdrawn and the record can be corrected. */
export interface TenderObjectionOutcomeDecision {
  readonly kind: 'tender.objection.outcome';
  readonly tender: string;
  /** The ledger entry of the objection. */
  readonly objection: number;
  readonly outcome: 'upheld' | 'rejected';
  readonly date: string;
}
/** The final selection after the standstill period: the selected bidders become providers in the registry. */
export interface TenderAwardDecision {
  readonly kind: 'tender.award';
  readonly tender: string;
  readonly date: string;
}
export interface TenderWithdrawDecision {
  readonly kind: 'tender.withdraw';
  readonly tender: string;
  readonly bidder: string;
  readonly date: string;
}
/** Phase 2: selected providers' minimum and maximum capacity per theme and area, and their expertise. */
export interface TenderCapacityDecision {
  readonly kind: 'tender.capacity';
  readonly tender: string;
  readonly source: string;
  readonly lines: readonly CapacityLine[];
  readonly expertise?: readonly { readonly bidder: string; readonly theme: string; readonly text: string }[];
}
/** The accepted distribution per theme (the final submission accepts it): the allocation plan's provider shares. */
export interface TenderDistributionDecision {
  readonly kind: 'tender.distribution';
  readonly tender: string;
  readonly themes: readonly { readonly theme: string; readonly basis: DistributionBasis }[];
}

export type TenderDecision =
  | TenderDefineDecision
  | TenderFactsDecision
  | TenderDrawDecision
  | TenderIntendDecision
  | TenderObjectionDecision
  | TenderObjectionOutcomeDecision
  | TenderAwardDecision
  | TenderWithdrawDecision
  | TenderCapacityDecision
  | TenderDistributionDecision;

/** Whether a decision is a step of a tender (they touch no year's figures). */
export const isTenderDecision = (d: { readonly kind: string }): d is TenderDecision => d.kind.startsWith('tender.');

export type TenderStatus = 'open' | 'intended' | 'awarded' | 'distributed';

export const TENDER_STATUS_NL: Readonly<Record<TenderStatus, string>> = {
  open: 'inschrijving en beoordeling',
  intended: 'voorgenomen selectie (opschortende termijn)',
  awarded: 'selectie definitief',
  distributed: 'verdeling aanvaard',
};

export interface TenderObjection {
  readonly seq: number;
  readonly bidder: string;
  readonly date: string;
  readonly text: string;
  readonly outcome?: { readonly seq: number; readonly outcome: 'upheld' | 'rejected'; readonly date: string };
}

export interface TenderState {
  readonly definition: TenderDefinition;
  readonly defineSeq: number;
  readonly bidders: Readonly<Record<string, { readonly name: string; readonly agb?: string; readonly seq: number }>>;
  /** Every fact in the order recorded; a later fact on the same point replaces an earlier one. */
  readonly facts: readonly (TenderFactJson & { readonly seq: number })[];
  readonly draws: readonly { readonly seq: number; readonly order: readonly string[]; readonly witness: string }[];
  readonly intent?: { readonly seq: number; readonly date: string; readonly standstillEnds: string; readonly lines: readonly RankLine[] };
  readonly objections: readonly TenderObjection[];
  readonly award?: { readonly seq: number; readonly date: string };
  readonly withdrawals: readonly { readonly seq: number; readonly bidder: string; readonly date: string; readonly promoted?: string }[];
  /** The ranking in force: the intended one with the withdrawals since. */
  readonly lines?: readonly RankLine[];
  readonly capacities: readonly (CapacityLine & { readonly seq: number })[];
  readonly expertise: readonly { readonly bidder: string; readonly theme: string; readonly text: string; readonly seq: number }[];
  readonly distribution?: { readonly seq: number; readonly themes: readonly { readonly theme: string; readonly basis: DistributionBasis; readonly shares: readonly { readonly bidder: string; readonly sharePct: string }[] }[] };
  readonly status: TenderStatus;
}

export const rulesOf = (d: TenderDefinition): TenderRules => ({
  criteria: d.criteria,
  requirements: d.requirements.map((r) => r.id),
  maxSelected: d.maxSelected,
  waitingRoom: d.waitingRoom,
  tieBreak: d.tieBreak,
});

const factKey = (f: Pick<TenderFactJson, 'bidder' | 'kind' | 'item' | 'assessor'>) => `${f.bidder}|${f.kind}|${f.item}|${f.kind === 'score' ? f.assessor : ''}`;

/** The facts in force: the last one on each point. */
export function currentFacts(t: Pick<TenderState, 'facts'>): (TenderFactJson & { seq: number })[] {
  const last = new Map<string, TenderFactJson & { seq: number }>();
  for (const f of t.facts) last.set(factKey(f), f);
  return [...last.values()];
}

export function submissionsIn(t: TenderState): Submission[] {
  return submissionsOf(currentFacts(t), rulesOf(t.definition));
}

/** The criteria that apply to a bidder (its themes' and those of the whole submission). */
export function criteriaOfBidder(t: TenderState, bidder: string): (Criterion & { label: string })[] {
  const s = submissionsIn(t).find((x) => x.bidder === bidder);
  if (!s) return [];
  const ids = new Set(criteriaOf(s, rulesOf(t.definition)).map((c) => c.id));
  return t.definition.criteria.filter((c) => ids.has(c.id));
}

/**
 * The ranking of the record as it stands, with the recorded draws. A bidder that withdrew stays out
 * (after an upheld objection the new ranking keeps its withdrawal), listed last as not selected.
 */
export function rankingOf(t: TenderState): Ranking {
  const gone = new Set(t.withdrawals.map((w) => w.bidder));
  const r = rank(submissionsIn(t).filter((s) => !gone.has(s.bidder)), rulesOf(t.definition), t.draws.map((d) => d.order));
  return { lines: [...r.lines, ...[...gone].sort().map((bidder): RankLine => ({ bidder, status: 'not_selected', reasons: ['withdrawn'] }))], unresolved: r.unresolved };
}

/** Checks a definition; every problem, not just the first. */
export function checkDefinition(d: TenderDefinition, themeCodes: readonly string[], areaCodes: readonly string[]): string[] {
  const problems: string[] = [];
  if (!PROVIDER_CODE.test(d.id)) problems.push(`id "${d.id}" must be 1–40 letters, digits, - or _`);
  if (!d.name.trim()) problems.push('name: missing');
  if (!Number.isInteger(d.year) || d.year < 2000 || d.year > 2100) problems.push(`year: ${d.year} is not a year`);
  try {
    dayOf(d.publishedOn);
  } catch {
    problems.push(`publishedOn: "${d.publishedOn}" is not a date (YYYY-MM-DD)`);
  }
  for (const t of d.themes) if (!themeCodes.includes(t.code)) problems.push(`themes: "${t.code}" is not a theme of the region (${themeCodes.join(', ')})`);
  if (d.themes.length === 0) problems.push('themes: none; a tender distributes at least one theme');
  if (new Set(d.themes.map((t) => t.code)).size !== d.themes.length) problems.push('themes: a theme is listed twice');
  const badShare = d.themes.find((t) => !/^\d{1,3}(\.\d{1,6})?$/.test(t.sharePct));
  if (badShare) problems.push(`themes: share "${badShare.sharePct}" of ${badShare.code} is not a percentage like 18 or 37.5`);
  else if (d.themes.length > 0) {
    const w = decimalsToWeights(d.themes.map((t) => t.sharePct));
    const digits = Math.max(0, ...d.themes.map((t) => (t.sharePct.split('.')[1] ?? '').length));
    if (w.reduce((a, b) => a + b, 0n) !== 100n * 10n ** BigInt(digits)) problems.push(`themes: the shares add up to ${d.themes.map((t) => t.sharePct).join(' + ')}, not 100`);
  }
  if (d.assessors.length === 0) problems.push('assessors: none; each criterion is scored by each assessor on its own (name at least one)');
  if (new Set(d.assessors).size !== d.assessors.length) problems.push('assessors: an assessor is listed twice');
  for (const a of d.areas) if (!areaCodes.includes(a)) problems.push(`areas: "${a}" is not an area of the region (${areaCodes.join(', ')})`);
  const ids = [...d.requirements.map((r) => r.id), ...d.criteria.map((c) => c.id)];
  for (const id of new Set(ids)) if (ids.filter((x) => x === id).length > 1) problems.push(`"${id}" is used twice among the requirements and criteria`);
  for (const c of d.criteria) {
    if (!(Number.isInteger(c.weight) && c.weight > 0 && c.weight <= 1000)) problems.push(`criterion ${c.id}: weight ${c.weight} is not a whole number from 1 to 1000`);
    if (!(Number.isInteger(c.max) && c.max > 0 && c.max <= 100 && Number.isInteger(c.sufficient) && c.sufficient >= 0 && c.sufficient <= c.max)) problems.push(`criterion ${c.id}: the scale 0–${c.max} with sufficient ${c.sufficient} is not a scale (at most 0–100)`);
    if (c.theme !== undefined && !d.themes.some((t) => t.code === c.theme)) problems.push(`criterion ${c.id}: theme "${c.theme}" is not a theme of the tender`);
  }
  if (d.criteria.length === 0) problems.push('criteria: none; a tender ranks by at least one criterion');
  if (!(Number.isInteger(d.maxSelected) && d.maxSelected > 0)) problems.push(`maxSelected: ${d.maxSelected} is not a number of providers`);
  if (!(Number.isInteger(d.waitingRoom) && d.waitingRoom >= 0)) problems.push(`waitingRoom: ${d.waitingRoom} is not a number`);
  if (!(Number.isInteger(d.standstillDays) && d.standstillDays >= 0 && d.standstillDays <= 365)) problems.push(`standstillDays: ${d.standstillDays} is not a number of days from 0 to 365`);
  if (!(Number.isInteger(d.maxSelected) && d.maxSelected <= 1000 && Number.isInteger(d.waitingRoom) && d.waitingRoom <= 1000)) problems.push('maxSelected and waitingRoom: at most 1000');
  for (const s of d.tieBreak) if (s.kind === 'criterion' && !d.criteria.some((c) => c.id === s.criterion)) problems.push(`tieBreak: "${s.criterion}" is not a criterion of the tender`);
  if (!d.tieBreak.some((s) => s.kind === 'draw')) problems.push('tieBreak: ends with a draw, so that no tie is left to chance without a record');
  for (const l of d.demand) {
    if (!d.themes.some((t) => t.code === l.theme)) problems.push(`demand: theme "${l.theme}" is not a theme of the tender`);
    if (!d.areas.includes(l.area)) problems.push(`demand: area "${l.area}" is not an area of the tender`);
    if (!(Number.isInteger(l.youngPeople) && l.youngPeople >= 0)) problems.push(`demand ${l.theme} ${l.area}: ${l.youngPeople} is not a number of young people`);
  }
  return problems;
}

const refuse = (tender: string, what: string, nl: string): never => {
  throw new Refusal('TENDER_STEP_REFUSED', { tender, what, nl });
};

function need(tenders: Readonly<Record<string, TenderState>>, id: string): TenderState {
  const t = tenders[id];
  if (!t) throw new Refusal('TENDER_UNKNOWN', { tender: id, known: Object.keys(tenders).sort() });
  return t;
}

/** The result each step records (figures for reading; replay recomputes them). */
export type TenderResult = Record<string, unknown>;

/**
 * Applies a tender step. Steps out of order are refused: facts only before the intended selection;
 * the intended selection only with every tie that matters drawn; objections only within the
 * standstill; the final selection only after it, with every objection answered; capacities and the
 * distribution only for the selected.
 */
export function applyTender(
  tenders: Readonly<Record<string, TenderState>>,
  decision: TenderDecision,
  seq: number,
  region: { themes: readonly string[]; areas: readonly string[] },
): { tenders: Record<string, TenderState>; result: TenderResult } {
  const out = (t: TenderState, result: TenderResult) => ({ tenders: { ...tenders, [t.definition.id]: t }, result });
  if (decision.kind === 'tender.define') {
    const d = decision.tender;
    const problems = checkDefinition(d, region.themes, region.areas);
    if (problems.length > 0) throw new Refusal('TENDER_DEFINITION_INVALID', { tender: d.id, problems });
    const before = tenders[d.id];
    if (before && (before.facts.length > 0 || before.intent)) refuse(d.id, 'its criteria cannot change once submissions are recorded', 'de criteria kunnen niet meer veranderen zodra er inschrijvingen zijn vastgelegd');
    return out({ definition: d, defineSeq: seq, bidders: {}, facts: [], draws: [], objections: [], withdrawals: [], capacities: [], expertise: [], status: 'open' }, { tender: d.id, criteria: d.criteria.length, requirements: d.requirements.length });
  }
  const t = need(tenders, decision.tender);
  const id = t.definition.id;
  const rules = rulesOf(t.definition);
  switch (decision.kind) {
    case 'tender.facts': {
      if (t.intent) refuse(id, 'the intended selection is made known: facts can no longer change (an upheld objection reopens the record)', 'de voorgenomen selectie is bekendgemaakt: gegevens kunnen niet meer veranderen (een gegrond bezwaar opent het dossier weer)');
      if (decision.facts.length === 0) refuse(id, 'no facts to record', 'geen gegevens om vast te leggen');
      const assessors = t.definition.assessors;
      const before = currentFacts(t);
      const facts = [...t.facts, ...decision.facts.map((f) => ({ ...f, seq }))];
      const scorers = (list: readonly TenderFactJson[], bidder: string, item: string) => new Set(list.filter((g) => g.kind === 'score' && g.bidder === bidder && g.item === item).map((g) => g.assessor));
      const complete = (list: readonly TenderFactJson[], bidder: string, item: string) => {
        const done = scorers(list, bidder, item);
        return assessors.every((a) => done.has(a));
      };
      for (const [index, f] of decision.facts.entries()) {
        const refuse = (tender: string, what: string, nl: string): never => {
          throw new Refusal('TENDER_STEP_REFUSED', { tender, what, nl, fact: index });
        };
        if (!PROVIDER_CODE.test(f.bidder)) refuse(id, `"${f.bidder}" is not a bidder code (1–40 letters, digits, - or _)`, `"${f.bidder}" is geen code van een inschrijver (1–40 letters, cijfers, - of _)`);
        if (f.kind === 'score') {
          if (!assessors.includes(f.assessor)) refuse(id, `${f.assessor} is not an assessor of this tender (${assessors.join(', ')})`, `${f.assessor} is geen beoordelaar van deze aanbesteding (${assessors.join(', ')})`);
          // Each assessor scores for itself: on the page only its own scores; a point every assessor
          // has scored is closed (its scores are seen: a new one would be given knowing the others').
          if (decision.byAssessor !== undefined && f.assessor !== decision.byAssessor) refuse(id, `${decision.byAssessor} gives its own scores only, not those of ${f.assessor}`, `${decision.byAssessor} geeft alleen de eigen scores, niet die van ${f.assessor}`);
          if (complete(before, f.bidder, f.item)) refuse(id, `every assessor has scored ${f.item} for ${f.bidder}: the scores are known, so none can change any more; the consensus records the outcome`, `elke beoordelaar heeft ${f.item} voor ${f.bidder} gescoord: de scores zijn bekend en kunnen niet meer veranderen; de consensus legt de uitkomst vast`);
          // Scores from a file (paper scoring) come as a whole: every assessor's on a point no one has scored yet —
          // so a file cannot complete a point someone else began and reveal the others' scores.
          if (decision.byAssessor === undefined) {
            if (before.some((g) => g.kind === 'score' && g.bidder === f.bidder && g.item === f.item)) refuse(id, `${f.item} for ${f.bidder} is being scored on the page; a file brings the scores of a point as a whole, before anyone has scored it`, `${f.item} voor ${f.bidder} wordt al op de pagina beoordeeld; een bestand brengt de scores van een onderdeel in één keer, voordat iemand het heeft gescoord`);
            if (!complete(decision.facts, f.bidder, f.item)) refuse(id, `the file gives some assessors' scores on ${f.item} for ${f.bidder}, not all (${assessors.join(', ')}): give all, or let each assessor score on the page`, `het bestand geeft de scores van een deel van de beoordelaars op ${f.item} voor ${f.bidder}, niet van allen (${assessors.join(', ')}): geef ze allemaal, of laat elke beoordelaar op de pagina scoren`);
          }
        }
        if (f.kind === 'consensus') {
          const missing = assessors.filter((a) => !scorers(currentFacts({ facts }), f.bidder, f.item).has(a));
          if (missing.length > 0) refuse(id, `the consensus on ${f.item} for ${f.bidder} comes after every assessor's own score; missing: ${missing.join(', ')}`, `de consensus over ${f.item} voor ${f.bidder} komt na de eigen score van elke beoordelaar; ontbreekt: ${missing.join(', ')}`);
        }
        if (f.kind === 'oral' && !currentFacts({ facts }).some((g) => g.kind === 'consensus' && g.bidder === f.bidder && g.item === f.item)) refuse(id, `an oral adjustment of ${f.item} for ${f.bidder} without its consensus score`, `een bijstelling na de mondelinge toelichting van ${f.item} voor ${f.bidder} zonder consensusscore`);
        const criterion = t.definition.criteria.find((c) => c.id === f.item);
        if ((f.kind === 'score' || f.kind === 'consensus' || f.kind === 'oral') && (!criterion || !Number.isInteger(f.value) || f.value < 0 || f.value > criterion.max)) refuse(id, `${f.value} is not a score on ${f.item}`, `${f.value} is geen score op ${f.item}`);
        if (decision.byAssessor !== undefined && f.kind !== 'score') refuse(id, 'an assessor gives scores only', 'een beoordelaar geeft alleen scores');
      }
      const bidders = { ...t.bidders };
      for (const b of decision.bidders ?? []) bidders[b.code] = { name: b.name, ...(b.agb ? { agb: b.agb } : {}), seq };
      return out({ ...t, facts, bidders }, { facts: decision.facts.length, bidders: new Set(decision.facts.map((f) => f.bidder)).size, source: decision.source });
    }
    case 'tender.draw': {
      if (t.intent) refuse(id, 'the intended selection is made known: a draw comes before it', 'de voorgenomen selectie is bekendgemaakt: een loting gaat daaraan vooraf');
      const unresolved = rankingOf(t).unresolved;
      const members = [...decision.order].sort();
      const group = unresolved.find((g) => g.length === members.length && g.every((b, i) => b === members[i]));
      if (!group) refuse(id, `${decision.order.join(', ')} is not a group tied after the tie rule's criteria (${unresolved.map((g) => g.join(' = ')).join('; ') || 'none'})`, `${decision.order.join(', ')} is geen groep die na de criteria van de beslisregel nog gelijk staat (${unresolved.map((g) => g.join(' = ')).join('; ') || 'geen'})`);
      if (!decision.witness.trim()) refuse(id, 'a draw names who drew and who witnessed it', 'een loting noemt wie loot en wie getuige is');
      return out({ ...t, draws: [...t.draws, { seq, order: decision.order, witness: decision.witness }] }, { order: decision.order });
    }
    case 'tender.intend': {
      if (t.intent) refuse(id, `the intended selection was made known on ${t.intent.date}`, `de voorgenomen selectie is al bekendgemaakt op ${t.intent.date}`);
      const ranking = rankingOf(t);
      if (ranking.lines.length === 0) refuse(id, 'no submissions recorded', 'geen inschrijvingen vastgelegd');
      if (decision.date < t.definition.publishedOn) refuse(id, `the intended selection of ${decision.date} comes before the publication of ${t.definition.publishedOn}`, `de voorgenomen selectie van ${decision.date} valt vóór de publicatie van ${t.definition.publishedOn}`);
      // Scoring the team has not finished is not the bidder's incompleteness: the selection waits for it.
      const unscored = submissionsIn(t).flatMap((s) => criteriaOf(s, rules).filter((c) => s.scores[c.id] === undefined).map((c) => `${c.id} for ${s.bidder}`));
      if (unscored.length > 0) refuse(id, `scoring is not finished (no consensus yet): ${unscored.slice(0, 10).join(', ')}${unscored.length > 10 ? ` and ${unscored.length - 10} more` : ''}`, `de beoordeling is niet af (nog geen consensus): ${unscored.slice(0, 10).join(', ')}${unscored.length > 10 ? ` en nog ${unscored.length - 10}` : ''}`.replace(/ for /g, ' voor '));
      // A tie matters when it straddles a boundary (selected / waiting room / not selected) or lies in
      // the waiting room (whose order decides who moves up) — then it needs a draw.
      const open = ranking.unresolved.filter((g) => {
        const statuses = new Set(ranking.lines.filter((l) => g.includes(l.bidder)).map((l) => l.status));
        return statuses.size > 1 || statuses.has('waiting_room');
      });
      if (open.length > 0) refuse(id, `tied across a boundary or in the waiting room without a recorded draw: ${open.map((g) => g.join(' = ')).join('; ')}`, `gelijk over een grens of in de wachtkamer zonder vastgelegde loting: ${open.map((g) => g.join(' = ')).join('; ')}`);
      const standstillEnds = isoOf(dayOf(decision.date) + t.definition.standstillDays);
      return out({ ...t, intent: { seq, date: decision.date, standstillEnds, lines: ranking.lines }, lines: ranking.lines, status: 'intended' }, { standstillEnds, selected: ranking.lines.filter((l) => l.status === 'selected').map((l) => l.bidder), waitingRoom: ranking.lines.filter((l) => l.status === 'waiting_room').map((l) => l.bidder) });
    }
    case 'tender.objection': {
      if (!t.intent || t.award) refuse(id, 'an objection is made against the intended selection, within the standstill period', 'bezwaar wordt gemaakt tegen de voorgenomen selectie, binnen de opschortende termijn');
      if (decision.date > t.intent!.standstillEnds) refuse(id, `the standstill period ended on ${t.intent!.standstillEnds}; an objection of ${decision.date} is late`, `de opschortende termijn eindigde op ${t.intent!.standstillEnds}; een bezwaar van ${decision.date} is te laat`);
      if (decision.date < t.intent!.date) refuse(id, `an objection of ${decision.date} comes before the intended selection of ${t.intent!.date}`, `een bezwaar van ${decision.date} valt vóór de voorgenomen selectie van ${t.intent!.date}`);
      if (!t.lines!.some((l) => l.bidder === decision.bidder)) refuse(id, `${decision.bidder} is not a bidder in this tender`, `${decision.bidder} is geen inschrijver in deze aanbesteding`);
      if (!decision.text.trim()) refuse(id, 'an objection says what it objects to', 'een bezwaar zegt waartegen het zich richt');
      return out({ ...t, objections: [...t.objections, { seq, bidder: decision.bidder, date: decision.date, text: decision.text }] }, { objection: seq });
    }
    case 'tender.objection.outcome': {
      const o = t.objections.find((x) => x.seq === decision.objection);
      if (!o) refuse(id, `entry #${decision.objection} is not an objection in this tender`, `regel #${decision.objection} is geen bezwaar in deze aanbesteding`);
      if (o!.outcome) refuse(id, `the objection #${o!.seq} was answered in entry #${o!.outcome.seq}`, `het bezwaar #${o!.seq} is al beantwoord in regel #${o!.outcome.seq}`);
      if (decision.date < o!.date) refuse(id, `an outcome of ${decision.date} comes before the objection of ${o!.date}`, `een uitkomst van ${decision.date} valt vóór het bezwaar van ${o!.date}`);
      const objections = t.objections.map((x) => (x.seq === o!.seq ? { ...x, outcome: { seq, outcome: decision.outcome, date: decision.date } } : x));
      if (decision.outcome === 'upheld') {
        // The intended selection is withdrawn: the record can be corrected and a new one made known.
        const { intent: _i, lines: _l, ...rest } = t;
        return out({ ...rest, objections, status: 'open' }, { outcome: 'upheld', reopened: true });
      }
      return out({ ...t, objections }, { outcome: 'rejected' });
    }
    case 'tender.award': {
      if (!t.intent) refuse(id, 'there is no intended selection to make final', 'er is geen voorgenomen selectie om definitief te maken');
      if (t.award) refuse(id, `the selection was made final on ${t.award.date}`, `de selectie is al definitief sinds ${t.award.date}`);
      const lastAnswer = t.objections.map((o) => o.outcome?.date ?? '').sort().at(-1) ?? '';
      if (decision.date < lastAnswer) refuse(id, `the final selection of ${decision.date} comes before the answer to an objection of ${lastAnswer}`, `de definitieve selectie van ${decision.date} valt vóór het antwoord op een bezwaar van ${lastAnswer}`);
      if (decision.date <= t.intent!.standstillEnds) refuse(id, `the standstill period runs until ${t.intent!.standstillEnds} inclusive; the selection is final from the day after`, `de opschortende termijn loopt tot en met ${t.intent!.standstillEnds}; de selectie wordt de dag daarna definitief`);
      const open = t.objections.filter((o) => !o.outcome);
      if (open.length > 0) refuse(id, `objections without an outcome: ${open.map((o) => `#${o.seq} (${o.bidder})`).join(', ')}`, `bezwaren zonder uitkomst: ${open.map((o) => `#${o.seq} (${o.bidder})`).join(', ')}`);
      return out({ ...t, award: { seq, date: decision.date }, status: 'awarded' }, { selected: selectedOf(t) });
    }
    case 'tender.withdraw': {
      if (!t.lines) refuse(id, 'a withdrawal comes after the intended selection', 'een terugtrekking komt na de voorgenomen selectie');
      if (t.distribution) refuse(id, 'the distribution is accepted: a provider that stops now is a matter for the contract, not the tender', 'de verdeling is aanvaard: een aanbieder die nu stopt is een zaak van het contract, niet van de aanbesteding');
      if (decision.date < t.intent!.date) refuse(id, `a withdrawal of ${decision.date} comes before the intended selection of ${t.intent!.date}`, `een terugtrekking van ${decision.date} valt vóór de voorgenomen selectie van ${t.intent!.date}`);
      let next: ReturnType<typeof withdraw>;
      try {
        next = withdraw(t.lines!, decision.bidder);
      } catch {
        return refuse(id, `${decision.bidder} is not selected`, `${decision.bidder} is niet geselecteerd`);
      }
      const capacities = t.capacities.filter((c) => c.bidder !== decision.bidder);
      return out({ ...t, lines: next.lines, capacities, withdrawals: [...t.withdrawals, { seq, bidder: decision.bidder, date: decision.date, ...(next.promoted ? { promoted: next.promoted } : {}) }] }, { withdrawn: decision.bidder, promoted: next.promoted ?? null });
    }
    case 'tender.capacity': {
      if (!t.award) refuse(id, 'capacities are given in the dialogue after the final selection', 'capaciteiten worden gegeven in de dialoog na de definitieve selectie');
      if (t.distribution) refuse(id, 'the distribution is accepted; capacities can no longer change', 'de verdeling is aanvaard; capaciteiten kunnen niet meer veranderen');
      const selected = selectedOf(t);
      for (const l of decision.lines) {
        if (!selected.includes(l.bidder)) refuse(id, `${l.bidder} is not a selected provider`, `${l.bidder} is geen geselecteerde aanbieder`);
        if (!t.definition.themes.some((x) => x.code === l.theme)) refuse(id, `${l.theme} is not a theme of the tender`, `${l.theme} is geen thema van de aanbesteding`);
        const bid = submissionsIn(t).find((x) => x.bidder === l.bidder)?.themes;
        if (bid !== undefined && !bid.includes(l.theme)) refuse(id, `${l.bidder} did not bid on theme ${l.theme} (${bid.join(', ')}): it has no capacity there in this tender`, `${l.bidder} schreef niet in op thema ${l.theme} (${bid.join(', ')}): het heeft daar geen capaciteit in deze aanbesteding`);
        if (!t.definition.areas.includes(l.area)) refuse(id, `${l.area} is not an area of the tender`, `${l.area} is geen gebied van de aanbesteding`);
        if (!(Number.isInteger(l.min) && Number.isInteger(l.max) && l.min >= 0 && l.max >= l.min)) refuse(id, `${l.bidder} ${l.theme} ${l.area}: ${l.min}–${l.max} is not a range of young people from low to high`, `${l.bidder} ${l.theme} ${l.area}: ${l.min}–${l.max} is geen bereik van jeugdigen van laag naar hoog`);
      }
      // A bidder's lines replace its earlier ones.
      const named = new Set(decision.lines.map((l) => l.bidder));
      const capacities = [...t.capacities.filter((c) => !named.has(c.bidder)), ...decision.lines.map((l) => ({ ...l, seq }))];
      const expertise = [...t.expertise.filter((e) => !named.has(e.bidder)), ...(decision.expertise ?? []).map((e) => ({ ...e, seq }))];
      return out({ ...t, capacities, expertise }, { lines: decision.lines.length, providers: named.size });
    }
    case 'tender.distribution': {
      if (!t.award) refuse(id, 'the distribution follows the final selection', 'de verdeling volgt op de definitieve selectie');
      if (t.distribution) refuse(id, `the distribution was accepted in entry #${t.distribution.seq}`, `de verdeling is al aanvaard in regel #${t.distribution.seq}`);
      const themes = proposeDistribution(t, decision.themes);
      for (const th of t.definition.themes) if (!themes.some((x) => x.theme === th.code && x.shares.length > 0)) refuse(id, `theme ${th.code} has no provider with capacity`, `thema ${th.code} heeft geen aanbieder met capaciteit`);
      return out({ ...t, distribution: { seq, themes }, status: 'distributed' }, { themes: themes.map((x) => ({ theme: x.theme, providers: x.shares.length })) });
    }
  }
}

/** The bidders selected in the ranking in force. */
export function selectedOf(t: TenderState): string[] {
  return (t.lines ?? []).filter((l) => l.status === 'selected').map((l) => l.bidder);
}

/** The score a theme's distribution goes by: the bidder's weighted score on the theme's criteria, else its total. */
function themeScore(t: TenderState, bidder: string, theme: string): number {
  const s = submissionsIn(t).find((x) => x.bidder === bidder);
  if (!s) return 0;
  const rules = rulesOf(t.definition);
  const own = criteriaOf(s, rules).filter((c) => c.theme === theme);
  if (own.length === 0) {
    const total = exactTotal(s, rules);
    return Math.round(total.num / total.den);
  }
  return own.reduce((sum, c) => sum + c.weight * (s.scores[c.id] ?? 0), 0);
}

/**
 * A distribution per theme over the selected providers with capacity in it (the sum of their
 * maximum over the areas): shares that add up to exactly 100. What-if: records nothing.
 */
export function proposeDistribution(t: TenderState, bases: readonly { theme: string; basis: DistributionBasis }[]): { theme: string; basis: DistributionBasis; shares: { bidder: string; sharePct: string; capacity: number; score: number }[] }[] {
  const selected = selectedOf(t);
  return t.definition.themes.map((th) => {
    const basis = bases.find((b) => b.theme === th.code)?.basis ?? { kind: 'capacity' as const };
    const providers = selected
      .map((bidder) => ({ bidder, capacity: t.capacities.filter((c) => c.bidder === bidder && c.theme === th.code).reduce((s, c) => s + c.max, 0) }))
      .filter((p) => p.capacity > 0)
      .map((p) => ({ ...p, score: themeScore(t, p.bidder, th.code) }));
    const shares = distributeShares(providers, basis);
    return { theme: th.code, basis, shares: shares.map((s, i) => ({ ...s, capacity: providers[i]!.capacity, score: providers[i]!.score })) };
  });
}

/** The coverage grid of the selected providers' capacities against the tender's demand. */
export function tenderCoverage(t: TenderState, demand?: readonly DemandLine[]) {
  const selected = new Set(selectedOf(t));
  return coverageGrid(t.capacities.filter((c) => selected.has(c.bidder)), demand ?? t.definition.demand);
}

/**
 * The allocation plan the accepted distribution makes for a year: the tender's theme shares, and per
 * provider its shares of the themes it works in, with the provider's name and AGB code from its
 * submission. `source` points back to the ledger entry of the distribution.
 */
export function planOf(t: TenderState, year: number): AllocationPlan {
  if (!t.distribution) throw new Refusal('TENDER_STEP_REFUSED', { tender: t.definition.id, what: 'no distribution is accepted yet: there is no plan', nl: 'er is nog geen verdeling aanvaard: er is geen plan' });
  const codes = [...new Set(t.distribution.themes.flatMap((x) => x.shares.map((s) => s.bidder)))].sort();
  return {
    year,
    themes: t.definition.themes.map((x) => ({ theme: x.code, sharePct: x.sharePct })),
    providers: codes.map((code) => {
      const b = t.bidders[code];
      return {
        code,
        name: b?.name ?? code,
        ...(b?.agb ? { agb: b.agb } : {}),
        themes: t.distribution!.themes.flatMap((x) => x.shares.filter((s) => s.bidder === code).map((s) => ({ theme: x.theme, sharePct: s.sharePct }))),
      };
    }),
    source: { tender: t.definition.id, seq: t.distribution.seq },
  };
}

/**
 * What an assessor sees of the scores on one bidder and criterion: its own score always; the others'
 * only once every assessor has scored (until then how many have). Anyone not an assessor sees the
 * same as an assessor who has not scored: who has scored, not what.
 */
export function scoresSeenBy(t: TenderState, login: string, bidder: string, criterion: string): { own?: number; all?: { assessor: string; value: number }[]; scored: number; of: number } {
  const scores = currentFacts(t).filter((f) => f.kind === 'score' && f.bidder === bidder && f.item === criterion);
  const assessors = t.definition.assessors;
  const done = assessors.length > 0 && assessors.every((a) => scores.some((s) => s.assessor === a));
  const own = scores.find((s) => s.assessor === login);
  return {
    ...(own ? { own: own.value } : {}),
    ...(done ? { all: scores.map((s) => ({ assessor: s.assessor, value: s.value })).sort((a, b) => a.assessor.localeCompare(b.assessor)) } : {}),
    scored: scores.length,
    of: assessors.length,
  };
}

/** A reason of the ranking in Dutch (the domain words them in English for logs and the CLI). */
export function reasonNl(reason: string, t: Pick<TenderState, 'definition'>): string {
  const req = (id: string) => t.definition.requirements.find((r) => r.id === id)?.label ?? id;
  const crit = (id: string) => t.definition.criteria.find((c) => c.id === id)?.label ?? id;
  let m: RegExpExecArray | null;
  if ((m = /^requirement (\S+) not answered$/.exec(reason))) return `geschiktheidseis "${req(m[1]!)}" niet beantwoord`;
  if ((m = /^requirement (\S+) not met$/.exec(reason))) return `voldoet niet aan geschiktheidseis "${req(m[1]!)}"`;
  if ((m = /^criterion (\S+) not scored$/.exec(reason))) return `criterium "${crit(m[1]!)}" niet beoordeeld`;
  if ((m = /^criterion (\S+): (\d+) below (\d+)$/.exec(reason))) return `score ${m[2]} op "${crit(m[1]!)}", onder de voldoende-grens van ${m[3]}`;
  if (reason === 'no theme bid on') return 'op geen enkel thema ingeschreven';
  if (reason === 'withdrawn') return 'teruggetrokken';
  return reason;
}


/**
 * The ledger as others than the operator read it: an assessor's score on a point not every assessor
 * has scored yet is shown without its value (the ledger itself keeps it; the tender's rule is that
 * no one sees another's score before scoring themselves). The operator's CLI reads the ledger whole.
 */
export function withHiddenScores<E extends { decision: { kind: string } }>(entries: readonly E[], tenders: Readonly<Record<string, TenderState>>): E[] {
  return entries.map((e) => {
    if (e.decision.kind !== 'tender.facts') return e;
    const d = e.decision as unknown as TenderFactsDecision;
    const t = tenders[d.tender];
    if (!t) return e;
    const complete = (bidder: string, item: string) => {
      const scored = new Set(currentFacts(t).filter((f) => f.kind === 'score' && f.bidder === bidder && f.item === item).map((f) => f.assessor));
      return t.definition.assessors.every((a) => scored.has(a));
    };
    if (!d.facts.some((f) => f.kind === 'score' && !complete(f.bidder, f.item))) return e;
    const facts = d.facts.map((f) => (f.kind === 'score' && !complete(f.bidder, f.item) ? { ...f, value: null, reason: '', hidden: 'verborgen tot elke beoordelaar heeft gescoord' } : f));
    return { ...e, decision: { ...d, facts } as unknown as E['decision'] };
  });
}
