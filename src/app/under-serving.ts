// The under-serving panel of the provider page [issue 15 "Signals against under-serving"; decisions
// §61]: a lump sum pays the same whatever a provider does, so the region watches for a provider
// doing less — refusals (the municipalities' JW319 answers to its requests, per reason), waits above the region's
// threshold, dropout above the region's, and its young people in care falling while its lump sum
// stays. Each with the figures behind it. For the region and the provider itself only: the figures
// are the provider's, of young people of every municipality.
import { assertMay, outOfScope } from '../domain/access/policy.ts';
import type { Viewer } from '../domain/access/viewer.ts';
import { lumpSumOf } from '../domain/allocation-rules.ts';
import { bijPeriodEnd, bijPeriodName, bijPeriodStart, previousBijPeriod, recordOverlaps, type BijPeriod } from '../domain/bij.ts';
import { dayNumber } from '../domain/calendar.ts';
import { Refusal } from '../domain/errors.ts';
import { formatEuros } from '../domain/money.ts';
import { percentOneDecimal } from '../domain/utilisation.ts';
import { messageCountsByType, requestAnswerCounts } from '../store/ingest-repository.ts';
import { requestWaitsEndingIn, trajectoriesOverlapping } from '../store/trajectory-repository.ts';
import { outcomesView, parsePeriodOption } from './bij.ts';
import type { Workspace } from './workspace.ts';

export const DEFAULT_WAITING_THRESHOLD_DAYS = 42;

/** Reasons for refusing a request (iJw code list WJ759). */
export const REFUSAL_REASONS: Readonly<Record<string, string>> = {
  '1': 'geen wijziging maar nieuwe aanvraag',
  '2': 'past niet binnen budget',
  '3': 'geen contract',
  '4': 'past niet binnen contract',
  '5': 'andere gemeente',
  '6': 'stapeling',
  '7': 'zorginhoudelijke afkeur',
  '8': 'woonplaatsbeginsel',
  '9': 'leeftijdsgrens bereikt',
};
export const DEFAULT_REACH_DROP_PCT = 10;

export interface UnderServingItem {
  readonly code: 'refusals' | 'waiting' | 'dropout' | 'reach';
  readonly signal: boolean;
  /** What the item says, with its figures, in Dutch. */
  readonly nl: string;
  readonly figures: Readonly<Record<string, string | number | null>>;
}

export interface UnderServingView {
  readonly provider: string;
  readonly period: string;
  readonly items: readonly UnderServingItem[];
}

const pctNl = (t: string | undefined | null) => (t === undefined || t === null ? '—' : `${t.replace('.', ',')}%`);

export async function underServing(viewer: Viewer, ws: Workspace, provider: string, halfText: string): Promise<UnderServingView> {
  assertMay(viewer, 'underserving.read');
  if (viewer.role === 'provider' && viewer.provider !== provider) {
    throw outOfScope(viewer, { en: "read a provider's under-serving panel (the region and the provider itself only)", nl: 'het onderbedieningspaneel van een aanbieder lezen (alleen het regioteam en de aanbieder zelf)' });
  }
  const state = await ws.engine.state();
  const registered = state.providers[provider];
  if (!registered) throw new Refusal('BIJ_PROVIDER_UNKNOWN', { provider });
  const agbCodes = registered.agbCodes;
  const half: BijPeriod = parsePeriodOption(halfText);
  const from = bijPeriodStart(half);
  const to = bijPeriodEnd(half);
  const policy = ws.region.monitorPolicy ?? {};
  const items: UnderServingItem[] = [];

  // Refusals: the municipalities' answers (JW319) to the provider's requests in the half year, per reason.
  const messages = await messageCountsByType(ws.store.db, { from, to }, { kind: 'providers', agbCodes: [...agbCodes], not: false });
  const requests = messages.get('JW315') ?? 0;
  const answers = await requestAnswerCounts(ws.store.db, agbCodes, from, to);
  const refused = answers.filter((a) => a.answer === '1');
  const refusals = refused.reduce((s, a) => s + a.n, 0);
  const byReason = refused.map((a) => `${a.n} ${REFUSAL_REASONS[a.reason] ?? `reden ${a.reason || 'onbekend'}`}`).join(', ');
  const investigating = answers.filter((a) => a.answer === '2').reduce((s, a) => s + a.n, 0);
  items.push({
    code: 'refusals',
    signal: false,
    nl:
      `${refusals} verzoek(en) om toewijzing of wijziging afgewezen (JW319) op ${requests} verzoek(en) om toewijzing (JW315)${byReason ? `: ${byReason}` : ''}` +
      `${investigating > 0 ? `; ${investigating} in onderzoek` : ''}. In de taakgerichte variant doet de aanbieder zelf de toegang: wie hij niet helpt, staat niet in het berichtenverkeer.`,
    figures: { refused: refusals, investigating, jw315: requests, ...Object.fromEntries(refused.map((a) => [`reason:${a.reason}`, a.n])) },
  });

  // Waits above the region's threshold (request to assignment, assignment-based care).
  const threshold = policy.waitingThresholdDays ?? DEFAULT_WAITING_THRESHOLD_DAYS;
  const waits = (await requestWaitsEndingIn(ws.store.db, { from, to })).filter((w) => agbCodes.includes(w.provider)).map((w) => dayNumber(w.assignedOn) - dayNumber(w.requestedOn));
  const over = waits.filter((d) => d > threshold).length;
  const sorted = [...waits].sort((a, b) => a - b);
  const median = sorted.length === 0 ? null : sorted[Math.floor((sorted.length - 1) / 2)]!;
  items.push({
    code: 'waiting',
    signal: over > 0,
    nl: waits.length === 0 ? 'Geen wachttijden in dit halfjaar (geen verzoeken om toewijzing beantwoord).' : `${over} van ${waits.length} wachttijden langer dan ${threshold} dagen; mediaan ${median} dagen.`,
    figures: { waits: waits.length, over, thresholdDays: threshold, medianDays: median },
  });

  // Dropout above the region's, the region's figure as this viewer may see it (a provider: protected,
  // so that its own counts beside the region's percentage tell nothing of the others').
  const out = await outcomesView(viewer, ws, bijPeriodName(half), 'provider');
  const mine = out.rows.find((r) => r.group === provider);
  const above = mine?.dropoutPct !== null && mine?.dropoutPct !== undefined && out.region.dropoutPct !== null && Number(mine.dropoutPct) > Number(out.region.dropoutPct);
  const regionText = out.region.dropoutPct === null ? 'de regio is afgeschermd' : `${pctNl(out.region.dropoutPct)} in de regio`;
  items.push({
    code: 'dropout',
    signal: above,
    nl: mine ? `Uitval ${pctNl(mine.dropoutPct)} (${mine.dropout} van ${mine.ended}) tegen ${regionText}.` : 'Geen beëindigde trajecten in dit halfjaar.',
    figures: { dropout: mine?.dropout ?? null, ended: mine?.ended ?? null, dropoutPct: mine?.dropoutPct ?? null, regionDropoutPct: out.region.dropoutPct },
  });

  // Young people in care against the half year before, beside the lump sum of each half's year.
  const before = previousBijPeriod(half);
  const reachOf = async (h: BijPeriod) =>
    new Set((await trajectoriesOverlapping(ws.store.db, { from: bijPeriodStart(h), to: bijPeriodEnd(h) })).filter((t) => agbCodes.includes(t.provider) && recordOverlaps(t, bijPeriodStart(h), bijPeriodEnd(h))).map((t) => t.client.pseudonym)).size;
  const [now, then] = [await reachOf(half), await reachOf(before)];
  const lumpOf = (year: number) => (state.years[year] ? lumpSumOf(state.years[year]!.cells, provider) : undefined);
  const lumpNow = lumpOf(half.year);
  const lumpThen = lumpOf(before.year);
  const change = then > 0 ? percentOneDecimal(BigInt(now - then), BigInt(then)) : undefined;
  const dropPct = policy.reachDropPct ?? DEFAULT_REACH_DROP_PCT;
  const falling = change !== undefined && Number(change) <= -dropPct && lumpNow !== undefined && lumpThen !== undefined && lumpNow >= lumpThen;
  items.push({
    code: 'reach',
    signal: falling,
    nl:
      then === 0
        ? `${now} jeugdigen in zorg; geen halfjaar ervoor om mee te vergelijken.`
        : `${now} jeugdigen in zorg tegen ${then} in ${bijPeriodName(before)} (${pctNl(change)}); lumpsum ${lumpNow === undefined ? 'onbekend' : formatEuros(lumpNow)}${lumpThen !== undefined && before.year !== half.year ? ` tegen ${formatEuros(lumpThen)}` : ' (hetzelfde jaar)'}.${falling ? ` Het bereik daalt met ${dropPct}% of meer terwijl de lumpsum blijft.` : ''}`,
    figures: { youngPeople: now, youngPeopleBefore: then, changePct: change ?? null, lumpSumCents: lumpNow === undefined ? null : lumpNow.toString(), lumpSumBeforeCents: lumpThen === undefined ? null : lumpThen.toString(), dropPct },
  });
  return { provider, period: bijPeriodName(half), items };
}
