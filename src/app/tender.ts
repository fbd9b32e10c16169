// The tender's use cases [issue 16]: define it, record the submissions' facts (a file, or an assessor's
// own scores on the page), draw, make the intended selection known, objections and their outcome,
// the final selection, withdrawals, the capacities and distribution of phase 2 and the plan that goes
// to the allocation. Every step is a ledger entry with the viewer as actor; reading is the tender
// team's (the region), a bidder reads only its own outcome.
import { basename } from 'node:path';
import { assertMay } from '../domain/access/policy.ts';
import type { Viewer } from '../domain/access/viewer.ts';
import { budgetTotals } from '../domain/engine.ts';
import { Refusal } from '../domain/errors.ts';
import { splitByWeights, sum, decimalsToWeights, type Cents } from '../domain/money.ts';
import type { DistributionBasis, RankLine } from '../domain/tender.ts';
import { capacityImport, tenderImport } from '../domain/tender-import.ts';
import {
  criteriaOfBidder,
  currentFacts,
  planOf,
  proposeDistribution,
  rankingOf,
  reasonNl,
  rulesOf,
  scoresSeenBy,
  selectedOf,
  submissionsIn,
  tenderCoverage,
  TENDER_STATUS_NL,
  type TenderDecision,
  type TenderState,
} from '../domain/tender-record.ts';
import { readTenderDefinition } from '../config/tender-file.ts';
import { planToYaml } from '../config/plan-file.ts';
import type { AllocationPlan } from '../domain/allocation-rules.ts';
import { audit } from './accounts.ts';
import { reach } from './monitor.ts';
import { latestMessageDate } from '../store/coverage-repository.ts';
import { decide } from './decisions.ts';
import { readImport } from './imports.ts';
import type { Workspace } from './workspace.ts';

async function tenders(ws: Workspace): Promise<Record<string, TenderState>> {
  return (await ws.engine.state()).tenders;
}

export async function tenderOf(ws: Workspace, id: string): Promise<TenderState> {
  const all = await tenders(ws);
  const t = all[id];
  if (!t) throw new Refusal('TENDER_UNKNOWN', { tender: id, known: Object.keys(all).sort() });
  return t;
}

/** The one tender a command means when it names none: the only one, else the one still open. */
export async function resolveTender(ws: Workspace, id: string | undefined): Promise<TenderState> {
  if (id !== undefined) return tenderOf(ws, id);
  const all = Object.values(await tenders(ws));
  const open = all.filter((t) => t.status === 'open');
  const only = all.length === 1 ? all[0] : open.length === 1 ? open[0] : undefined;
  if (!only) throw new Refusal('TENDER_UNKNOWN', { tender: '(none given)', known: all.map((t) => t.definition.id).sort() });
  return only;
}

const record = <D extends TenderDecision>(viewer: Viewer, ws: Workspace, d: D, reason: string) => decide(viewer, ws, d, reason);

export interface TenderListItem {
  readonly id: string;
  readonly name: string;
  readonly status: TenderState['status'];
  readonly statusNl: string;
  readonly year: number;
  readonly bidders: number;
  readonly selected: number;
}

export async function listTenders(viewer: Viewer, ws: Workspace): Promise<TenderListItem[]> {
  assertMay(viewer, 'tender.read');
  return Object.values(await tenders(ws))
    .sort((a, b) => a.defineSeq - b.defineSeq)
    .map((t) => ({ id: t.definition.id, name: t.definition.name, status: t.status, statusNl: TENDER_STATUS_NL[t.status], year: t.definition.year, bidders: submissionsIn(t).length, selected: selectedOf(t).length }));
}

export async function defineTender(viewer: Viewer, ws: Workspace, path: string, reason: string) {
  assertMay(viewer, 'decision.record');
  const definition = await readTenderDefinition(path, { areas: ws.region.areas.map((a) => a.id) });
  return record(viewer, ws, { kind: 'tender.define', tender: definition }, reason);
}

/** Imports a file of facts (CSV/XLSX): all or nothing, every problem with its sheet, row and column. */
export async function importTenderFile(viewer: Viewer, ws: Workspace, path: string, tenderId: string | undefined, reason: string) {
  assertMay(viewer, 'decision.record');
  const t = await resolveTender(ws, tenderId);
  let file = basename(path);
  try {
    const recorded = currentFacts(t).filter((f) => f.kind === 'consensus').map((f) => `${f.bidder}|${f.item}`);
    const { place, value } = await readImport(path, (p) => ((file = p.file), tenderImport(p, rulesOf(t.definition), recorded)), 'imported');
    const bidders = value.facts.filter((f) => f.kind === 'bidder').map((f) => ({ code: f.bidder, name: f.item, ...(f.value > 0 ? { agb: String(f.value).padStart(8, '0') } : {}) }));
    const kept = value.facts.filter((f) => f.kind !== 'bidder');
    const facts = kept.map(({ row: _row, ...f }) => f);
    let r;
    try {
      r = await record(viewer, ws, { kind: 'tender.facts', tender: t.definition.id, source: place.file, facts, bidders }, reason);
    } catch (e) {
      // The record's rule refused one fact: name its row, as the file's own checks do.
      const at = e instanceof Refusal && e.code === 'TENDER_STEP_REFUSED' ? (e.params as { fact?: number }).fact : undefined;
      if (at !== undefined && kept[at]) throw new Refusal('TENDER_STEP_REFUSED', (e as Refusal).params as never, { file: place.file, ...(place.sheet ? { sheet: place.sheet } : {}), row: kept[at]!.row, column: 'kind' });
      throw e;
    }
    await audit(ws, viewer, 'import', { kind: 'tender', file: place.file, seq: r.seq });
    return r;
  } catch (e) {
    if (e instanceof Refusal) await audit(ws, viewer, 'import-refused', { kind: 'tender', file, code: e.code });
    throw e;
  }
}

/** The ranking as the tender team sees it, each line with the bidder's name. */
export async function tenderRanking(viewer: Viewer, ws: Workspace, id: string) {
  assertMay(viewer, 'tender.read');
  const t = await tenderOf(ws, id);
  // In force: the intended (or final) ranking with its withdrawals; before that, the record as it stands.
  const ranking = t.lines ? { lines: t.lines, unresolved: [] as string[][] } : rankingOf(t);
  return { tender: t.definition.id, status: t.status, final: t.lines !== undefined, lines: ranking.lines.map((l) => ({ ...l, name: t.bidders[l.bidder]?.name ?? l.bidder, reasonsNl: l.reasons.map((r) => reasonNl(r, t)) })), unresolved: ranking.unresolved };
}

/** The whole record for the tender team's pages. */
export async function tenderDetail(viewer: Viewer, ws: Workspace, id: string) {
  assertMay(viewer, 'tender.read');
  const t = await tenderOf(ws, id);
  const ranking = await tenderRanking(viewer, ws, id);
  const facts = currentFacts(t);
  const submissions = submissionsIn(t).map((s) => {
    const line = ranking.lines.find((l) => l.bidder === s.bidder);
    return {
      bidder: s.bidder,
      name: t.bidders[s.bidder]?.name ?? s.bidder,
      themes: s.themes ?? [],
      requirements: t.definition.requirements.map((r) => ({ id: r.id, met: s.requirements[r.id] ?? null, evidence: facts.find((f) => f.kind === 'requirement' && f.bidder === s.bidder && f.item === r.id)?.reason ?? '' })),
      scores: criteriaOfBidder(t, s.bidder).map((c) => {
        const consensus = facts.find((f) => f.kind === 'consensus' && f.bidder === s.bidder && f.item === c.id);
        const oral = facts.find((f) => f.kind === 'oral' && f.bidder === s.bidder && f.item === c.id);
        const seen = scoresSeenBy(t, viewer.login, s.bidder, c.id);
        return { criterion: c.id, consensus: consensus?.value ?? null, consensusReason: consensus?.reason ?? '', oral: oral?.value ?? null, oralReason: oral?.reason ?? '', scored: seen.scored, of: seen.of, assessors: seen.all ?? null };
      }),
      status: line?.status ?? null,
      rank: line?.rank ?? null,
      totalScore: line?.totalScore ?? null,
      reasons: line?.reasons ?? [],
    };
  });
  return {
    definition: t.definition,
    status: t.status,
    statusNl: TENDER_STATUS_NL[t.status],
    ranking,
    submissions,
    draws: t.draws,
    intent: t.intent ? { seq: t.intent.seq, date: t.intent.date, standstillEnds: t.intent.standstillEnds } : null,
    objections: t.objections,
    award: t.award ?? null,
    withdrawals: t.withdrawals,
    distribution: t.distribution ?? null,
    entries: { define: t.defineSeq, facts: [...new Set(t.facts.map((f) => f.seq))] },
  };
}

/**
 * An assessor's sheet: per bidder and criterion that applies, its own score, how many of the
 * assessors have scored, and the others' scores only once all have. Refused for a viewer who is not
 * one of the tender's assessors.
 */
export async function assessorSheet(viewer: Viewer, ws: Workspace, id: string) {
  assertMay(viewer, 'tender.score');
  const t = await tenderOf(ws, id);
  return {
    tender: t.definition.id,
    assessor: viewer.login,
    /** Only the tender's assessors score; anyone else of the team sees who has scored, not what, until all have. */
    isAssessor: t.definition.assessors.includes(viewer.login),
    assessors: t.definition.assessors,
    open: !t.intent,
    criteria: t.definition.criteria,
    bidders: submissionsIn(t).map((s) => ({
      bidder: s.bidder,
      name: t.bidders[s.bidder]?.name ?? s.bidder,
      lines: criteriaOfBidder(t, s.bidder).map((c) => ({ criterion: c.id, label: c.label, max: c.max, ...scoresSeenBy(t, viewer.login, s.bidder, c.id) })),
    })),
  };
}

/** An assessor's own scores, recorded as one entry with the assessor as actor and author. */
export async function recordScores(viewer: Viewer, ws: Workspace, id: string, scores: readonly { bidder: string; criterion: string; value: number }[], reason: string) {
  assertMay(viewer, 'tender.score');
  const t = await tenderOf(ws, id);
  // A viewer who is not one of the tender's assessors is refused by the record's rule (tender-record.ts).
  const bidders = new Set(submissionsIn(t).map((s) => s.bidder));
  if (scores.length === 0) throw new Refusal('TENDER_STEP_REFUSED', { tender: id, what: 'no scores given', nl: 'geen scores gegeven' });
  for (const s of scores) {
    if (!bidders.has(s.bidder)) throw new Refusal('TENDER_STEP_REFUSED', { tender: id, what: `${s.bidder} is not a bidder`, nl: `${s.bidder} is geen inschrijver` });
    if (!criteriaOfBidder(t, s.bidder).some((c) => c.id === s.criterion)) throw new Refusal('TENDER_STEP_REFUSED', { tender: id, what: `${s.criterion} does not apply to ${s.bidder}`, nl: `${s.criterion} geldt niet voor ${s.bidder}` });
  }
  // Recorded for the assessor's own name only (the record refuses anyone not an assessor of the tender).
  try {
    const r = await ws.engine.record({ kind: 'tender.facts', tender: id, source: `beoordeling door ${viewer.login}`, byAssessor: viewer.login, facts: scores.map((s) => ({ bidder: s.bidder, kind: 'score' as const, item: s.criterion, assessor: viewer.login, value: s.value, reason: '' })) }, reason, viewer.login);
    await audit(ws, viewer, 'decision', { seq: r.seq, kind: 'tender.facts' });
    return r;
  } catch (e) {
    if (e instanceof Refusal) await audit(ws, viewer, 'decision-refused', { kind: 'tender.facts', code: e.code });
    throw e;
  }
}

/**
 * A step's date is the day it happened: not after today (a final selection dated ahead would slip past
 * the standstill period). The record's own rules keep the steps' dates in order.
 */
function happened(ws: Workspace, id: string, date: string | undefined): string {
  const today = ws.engine.today();
  const d = date ?? today;
  if (d > today) throw new Refusal('TENDER_STEP_REFUSED', { tender: id, what: `${d} is after today (${today}): record a step on or after the day it happens`, nl: `${d} ligt na vandaag (${today}): leg een stap vast op of na de dag waarop hij plaatsvindt` });
  return d;
}

export async function recordDraw(viewer: Viewer, ws: Workspace, id: string, order: readonly string[], witness: string, reason: string) {
  return record(viewer, ws, { kind: 'tender.draw', tender: id, order, witness }, reason);
}

export async function intendSelection(viewer: Viewer, ws: Workspace, id: string, date: string | undefined, reason: string) {
  return record(viewer, ws, { kind: 'tender.intend', tender: id, date: happened(ws, id, date) }, reason);
}

export async function recordObjection(viewer: Viewer, ws: Workspace, id: string, bidder: string, text: string, date: string | undefined, reason: string) {
  return record(viewer, ws, { kind: 'tender.objection', tender: id, bidder, text, date: happened(ws, id, date) }, reason);
}

export async function decideObjection(viewer: Viewer, ws: Workspace, id: string, objection: number, outcome: 'upheld' | 'rejected', date: string | undefined, reason: string) {
  return record(viewer, ws, { kind: 'tender.objection.outcome', tender: id, objection, outcome, date: happened(ws, id, date) }, reason);
}

export async function awardTender(viewer: Viewer, ws: Workspace, id: string, date: string | undefined, reason: string) {
  return record(viewer, ws, { kind: 'tender.award', tender: id, date: happened(ws, id, date) }, reason);
}

export async function withdrawBidder(viewer: Viewer, ws: Workspace, id: string, bidder: string, date: string | undefined, reason: string) {
  return record(viewer, ws, { kind: 'tender.withdraw', tender: id, bidder, date: happened(ws, id, date) }, reason);
}

export async function importCapacities(viewer: Viewer, ws: Workspace, id: string, path: string, reason: string) {
  assertMay(viewer, 'decision.record');
  const t = await tenderOf(ws, id);
  // The step's order first: a file is read against the final selection only.
  if (!t.award || t.distribution) return record(viewer, ws, { kind: 'tender.capacity', tender: id, source: basename(path), lines: [] }, reason);
  const { place, value } = await readImport(path, (p) => capacityImport(p, { themes: t.definition.themes.map((x) => x.code), areas: t.definition.areas, bidders: selectedOf(t) }), 'imported');
  return record(viewer, ws, { kind: 'tender.capacity', tender: id, source: place.file, lines: value.lines, expertise: value.expertise }, reason);
}

/** The tender's coverage grid (theme × area) of the selected providers' capacities against the demand. */
export async function tenderCoverageView(viewer: Viewer, ws: Workspace, id: string) {
  assertMay(viewer, 'tender.read');
  const t = await tenderOf(ws, id);
  // Beside the demand the tender published (the start photo): the latest figures of the traffic — young
  // people in care per area in the latest year with data, all themes together (a provider working in
  // two themes cannot be split between them).
  const dataUpTo = await latestMessageDate(ws.store.db);
  let latest: { from: string; to: string; areas: { area: string; youngPeople: number }[] } | null = null;
  if (dataUpTo !== null) {
    const from = `${dataUpTo.slice(0, 4)}-01-01`;
    const rows = await reach(ws, { from, to: dataUpTo }, ['area']);
    latest = { from, to: dataUpTo, areas: t.definition.areas.map((a) => ({ area: a, youngPeople: rows.filter((r) => r.group.area === a).reduce((n, r) => n + r.uniqueYouth, 0) })) };
  }
  return {
    tender: id,
    latest,
    areas: t.definition.areas.map((a) => ({ id: a, name: ws.region.areas.find((x) => x.id === a)?.name ?? a })),
    themes: t.definition.themes.map((x) => ({ code: x.code, name: ws.region.themes.find((y) => y.code === x.code)?.name ?? x.code })),
    cells: tenderCoverage(t),
    expertise: t.expertise,
  };
}

/**
 * A distribution per theme (what-if: records nothing): the shares of each selected provider with
 * capacity, and — when the year has adopted budgets — the money, split exactly as the allocation will
 * split it (the year's total over the themes, each theme over its providers, largest remainder).
 */
export async function distributionWhatIf(viewer: Viewer, ws: Workspace, id: string, bases: readonly { theme: string; basis: DistributionBasis }[] | undefined, year?: number) {
  assertMay(viewer, 'tender.read');
  const t = await tenderOf(ws, id);
  const state = await ws.engine.state();
  const y = year ?? t.definition.year;
  // Without bases: the accepted distribution when there is one, else by capacity. With bases: what-if.
  const accepted = bases === undefined && t.distribution ? t.distribution : undefined;
  const themes = proposeDistribution(t, accepted ? accepted.themes : (bases ?? []));
  let totalCents: Cents | undefined;
  try {
    const totals = budgetTotals(state, ws.region, y);
    totalCents = totals.length > 0 ? sum(totals.map((b) => b.amountCents)) : undefined;
  } catch {
    totalCents = undefined;
  }
  const themeAmounts = totalCents === undefined ? undefined : splitByWeights(totalCents, decimalsToWeights(t.definition.themes.map((x) => x.sharePct)));
  return {
    tender: id,
    year: y,
    /** The ledger entry of the accepted distribution, when one is accepted. */
    accepted: t.distribution ? t.distribution.seq : null,
    /** Whether these figures are the accepted distribution (not a what-if). */
    showsAccepted: accepted !== undefined,
    totalCents: totalCents?.toString() ?? null,
    themes: themes.map((x, i) => {
      const amount = themeAmounts?.[i];
      const parts = amount === undefined || x.shares.length === 0 ? undefined : splitByWeights(amount, decimalsToWeights(x.shares.map((s) => s.sharePct)));
      return {
        theme: x.theme,
        basis: x.basis,
        themeSharePct: t.definition.themes[i]!.sharePct,
        amountCents: amount?.toString() ?? null,
        providers: x.shares.map((s, k) => ({ bidder: s.bidder, name: t.bidders[s.bidder]?.name ?? s.bidder, sharePct: s.sharePct, capacity: s.capacity, score: s.score, cents: parts?.[k]?.toString() ?? null })),
      };
    }),
  };
}

export async function acceptDistribution(viewer: Viewer, ws: Workspace, id: string, bases: readonly { theme: string; basis: DistributionBasis }[], reason: string) {
  return record(viewer, ws, { kind: 'tender.distribution', tender: id, themes: bases.map((b) => ({ theme: b.theme, basis: b.basis })) }, reason);
}

/** The allocation plan of the accepted distribution for a year, with its source in the ledger. */
export async function tenderPlan(viewer: Viewer, ws: Workspace, id: string, year: number) {
  assertMay(viewer, 'tender.read');
  return planOf(await tenderOf(ws, id), year);
}

/** The plan as the YAML file `allocate --plan` reads, with a heading that says where it comes from. */
export async function tenderPlanYaml(viewer: Viewer, ws: Workspace, id: string, year: number, file: string): Promise<{ plan: AllocationPlan; yaml: string }> {
  const plan = await tenderPlan(viewer, ws, id, year);
  const yaml = planToYaml(plan, [
    `Allocation plan ${year} from tender ${id}: its accepted distribution (ledger entry #${plan.source!.seq}).`,
    `allocate --year ${year} --plan ${file} records it; the plan names its source, so the lump sums trace back to the tender.`,
  ]);
  return { plan, yaml };
}

/**
 * A bidder's own outcome (a provider viewer whose code is the bidder's): its status, rank, total and
 * reasons once the intended selection is known — nothing of the other bidders, not even how many.
 */
export async function ownTenderOutcomes(viewer: Viewer, ws: Workspace) {
  assertMay(viewer, 'tender.own');
  if (viewer.role !== 'provider') return [];
  return Object.values(await tenders(ws)).flatMap((t) => {
    const line: RankLine | undefined = t.lines?.find((l) => l.bidder === viewer.provider);
    if (!line) return [];
    return [{ tender: t.definition.id, name: t.definition.name, status: t.status, statusNl: TENDER_STATUS_NL[t.status], outcome: line.status, totalScore: line.totalScore ?? null, reasons: line.reasons.map((r) => reasonNl(r, t)), standstillEnds: t.intent?.standstillEnds ?? null }];
  });
}
