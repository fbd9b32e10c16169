// Timeliness of information [DOMAIN.md §5 steering element 2; ijw REFERENCE.md "Deadlines"; seed 001]:
// retroactive requests, start and stop messages later than 5 working days (OP271, OP272) and
// assignments without a start after a configured number of days — per provider and municipality.
import { dayNumber, workingDaysBetween, addDays } from './calendar.ts';
import type { AssignmentEvent, CareEvent, RequestEvent, StartEvent, StopEvent } from './care-events.ts';
import type { Period } from './reach-figures.ts';
import { percentile } from './waiting-times.ts';
import { DELETED, laterDecision, type Trajectory } from './trajectories.ts';

export const DEADLINE_WORKING_DAYS = 5;

/** What the rows are per: provider and municipality (the default), one of them, or none (the region). */
export type TimelinessBreakdown = readonly ('provider' | 'municipality')[];

export interface TimelinessRow {
  readonly provider: string;
  readonly municipality: string;
  readonly requests: number;
  readonly retroactiveRequests: number;
  /** Share in percent with one decimal. */
  readonly retroactiveSharePct: string;
  readonly retroactiveDaysBackMedian: number | null;
  readonly retroactiveDaysBackMax: number | null;
  readonly startMessages: number;
  readonly lateStartMessages: number;
  readonly stopMessages: number;
  readonly lateStopMessages: number;
  readonly assignmentsWithoutStart: number;
}

/** The counts of a timeliness row (events: they add up over groups). */
export const TIMELINESS_COUNTS = ['requests', 'retroactiveRequests', 'startMessages', 'lateStartMessages', 'stopMessages', 'lateStopMessages', 'assignmentsWithoutStart'] as const satisfies readonly (keyof TimelinessRow)[];

/** A share in percent with one decimal, as text (0.0 for an empty whole). */
export const share = (part: number, whole: number) => (whole === 0 ? '0.0' : ((Math.round((part * 1000) / whole) / 10).toFixed(1)));

/**
 * Messages count in the period of their Dagtekening. A start is late when sent more than 5 working days
 * after the later of Begindatum and the day its assignment was first sent (care that began before the
 * assignment arrived); a stop when sent more than 5 working days after Einddatum. Withdrawals
 * (StatusAanlevering 3) are not judged. An assignment counts as "without start" when, at the end of the
 * period, `startAfterDays` have passed since its Ingangsdatum and no trajectory on it had started by then
 * (a Begindatum after the period's end does not count, even when the message is already in).
 */
export function timeliness(
  events: readonly CareEvent[],
  trajectories: readonly Trajectory[],
  period: Period,
  startAfterDays: number,
  by: TimelinessBreakdown = ['provider', 'municipality'],
): TimelinessRow[] {
  const rows = new Map<string, { provider: string; municipality: string; requests: number; retro: number[]; starts: number; lateStarts: number; stops: number; lateStops: number; noStart: number }>();
  const row = (p: string, m: string) => {
    // Without a breakdown by it, a field is '' in every row: the row is the sum over its values.
    const provider = by.includes('provider') ? p : '';
    const municipality = by.includes('municipality') ? m : '';
    const k = `${provider}|${municipality}`;
    let r = rows.get(k);
    if (!r) rows.set(k, (r = { provider, municipality, requests: 0, retro: [], starts: 0, lateStarts: 0, stops: 0, lateStops: 0, noStart: 0 }));
    return r;
  };
  const inPeriod = (d: string) => d >= period.from && d <= period.to;
  // When the provider first had the assignment: the earliest message that carried it (a later
  // change re-sends it) among those sent — and decided — by the day the start message was sent.
  // Judged per message, not per period: whether a start was late does not depend on the period it
  // is counted in, so a half year's late starts are its quarters' added up.
  const assignmentMessages = new Map<string, AssignmentEvent[]>();
  for (const e of events) {
    if (e.kind !== 'assignment') continue;
    const k = `${e.municipality}|${e.assignmentNumber}`;
    assignmentMessages.set(k, [...(assignmentMessages.get(k) ?? []), e]);
  }
  const firstSent = (key: string, by: string): string | undefined => {
    let first: string | undefined;
    for (const a of assignmentMessages.get(key) ?? []) if (a.sentOn <= by && a.assignedOn <= by && (first === undefined || a.sentOn < first)) first = a.sentOn;
    return first;
  };
  for (const e of events) {
    if (!inPeriod(e.sentOn)) continue;
    if (e.kind === 'request') {
      // One request message may ask several products; count each product.
      const r = row(e.provider, e.municipality);
      r.requests++;
      const back = dayNumber(e.sentOn) - dayNumber((e as RequestEvent).requestedStart);
      if (back > 0) r.retro.push(back);
    } else if (e.kind === 'start' && (e as StartEvent).status === '1') {
      const s = e as StartEvent;
      const r = row(e.provider, e.municipality);
      r.starts++;
      const received = s.assignmentNumber ? firstSent(`${s.municipality}|${s.assignmentNumber}`, s.sentOn) : undefined;
      const base = received !== undefined && received > s.startDate ? received : s.startDate;
      if (workingDaysBetween(base, s.sentOn) > DEADLINE_WORKING_DAYS) r.lateStarts++;
    } else if (e.kind === 'stop' && (e as StopEvent).status === '1') {
      const s = e as StopEvent;
      const r = row(e.provider, e.municipality);
      r.stops++;
      if (workingDaysBetween(s.endDate, s.sentOn) > DEADLINE_WORKING_DAYS) r.lateStops++;
    }
  }
  // Started by the end of the period: care that began later had not started then, however soon after.
  const started = new Set(trajectories.filter((t) => t.assignmentNumber && t.start <= period.to).map((t) => `${t.municipality}|${t.assignmentNumber}`));
  const latest = new Map<string, AssignmentEvent>();
  // The latest decision about an assignment by the period's end counts (a later one was not known
  // then), whatever the order the messages came in.
  for (const e of events) {
    if (e.kind !== 'assignment' || e.assignedOn > period.to) continue;
    const k = `${e.municipality}|${e.assignmentNumber}`;
    const prev = latest.get(k);
    if (!prev || laterDecision(e, prev)) latest.set(k, e);
  }
  for (const [k, a] of latest) {
    // A deleted assignment (JZ002 13) counts as never sent: nobody was waiting for care on it.
    if (started.has(k) || a.changeReason === DELETED) continue;
    if (addDays(a.validFrom, startAfterDays) <= period.to && (a.validUntil === undefined || a.validUntil >= period.from)) row(a.provider, a.municipality).noStart++;
  }
  return [...rows.values()]
    .map((r) => {
      const sorted = [...r.retro].sort((a, b) => a - b);
      return {
        provider: r.provider,
        municipality: r.municipality,
        requests: r.requests,
        retroactiveRequests: r.retro.length,
        retroactiveSharePct: share(r.retro.length, r.requests),
        retroactiveDaysBackMedian: percentile(sorted, 0.5),
        retroactiveDaysBackMax: sorted.length ? sorted[sorted.length - 1]! : null,
        startMessages: r.starts,
        lateStartMessages: r.lateStarts,
        stopMessages: r.stops,
        lateStopMessages: r.lateStops,
        assignmentsWithoutStart: r.noStart,
      };
    })
    .sort((a, b) => a.provider.localeCompare(b.provider) || a.municipality.localeCompare(b.municipality));
}
