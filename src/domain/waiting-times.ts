// Waiting times [DOMAIN.md §5 "client flows, including waiting times"]: request → assignment
// (JW315 Dagtekening → JW301 Toewijzingsdatum) and assignment start → actual start (JW301
// Ingangsdatum → JW305 Begindatum), in calendar days, per group. The first is measured on every
// assignment that answered a request, also when care on it has not started; the second on trajectories.
import { dayNumber } from './calendar.ts';
import type { ClientFacts } from './care-events.ts';
import type { RequestWait, Trajectory } from './trajectories.ts';
import type { Dimension, Period, Resolvers } from './reach-figures.ts';
import { ageGroup, byGroup } from './reach-figures.ts';

export interface WaitStats {
  readonly count: number;
  readonly median: number | null;
  readonly p80: number | null;
  readonly max: number | null;
}

export interface WaitingRow {
  readonly group: Readonly<Partial<Record<Dimension, string>>>;
  readonly requestToAssignment: WaitStats;
  readonly assignmentToStart: WaitStats;
}

/** Nearest-rank percentile of sorted values (the value at rank ⌈p·n⌉). */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}

export function stats(values: number[]): WaitStats {
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, median: percentile(sorted, 0.5), p80: percentile(sorted, 0.8), max: sorted.length ? sorted[sorted.length - 1]! : null };
}

/** What a wait is grouped by: a trajectory or a request wait. */
interface Subject {
  readonly municipality: string;
  readonly provider: string;
  readonly category: string;
  readonly client: ClientFacts;
}

function groupOf(t: Subject, by: readonly Dimension[], r: Resolvers, at: string): Partial<Record<Dimension, string>> {
  const value = (d: Dimension): string => {
    switch (d) {
      case 'municipality':
        return t.municipality;
      case 'area':
        return r.area(t.municipality, t.client.pc4);
      case 'provider':
        return t.provider;
      case 'care_form':
        return r.careForm(t.category);
      case 'theme':
        return r.theme(t.provider);
      case 'age_group':
        return ageGroup(t.client.birthMonth, at);
      case 'gender':
        return t.client.gender;
    }
  };
  return Object.fromEntries(by.map((d) => [d, value(d)]));
}

/**
 * A wait counts in the period in which it ended: request → assignment by the day the assignment was
 * first decided, assignment → start by the start date; the age group is the one on that day. Negative
 * waits (care that began before its assignment) count as 0.
 */
export function waitingTimes(
  trajectories: readonly Trajectory[],
  requests: readonly RequestWait[],
  period: Period,
  by: readonly Dimension[],
  r: Resolvers,
): WaitingRow[] {
  const groups = new Map<string, { group: Partial<Record<Dimension, string>>; req: number[]; start: number[] }>();
  const inPeriod = (d: string | undefined) => d !== undefined && d >= period.from && d <= period.to;
  const groupFor = (s: Subject, at: string) => {
    const group = groupOf(s, by, r, at);
    const key = by.map((d) => group[d]).join('\u0000');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { group, req: [], start: [] }));
    return g;
  };
  for (const w of requests) {
    if (inPeriod(w.assignedOn)) groupFor(w, w.assignedOn).req.push(Math.max(0, dayNumber(w.assignedOn) - dayNumber(w.requestedOn)));
  }
  for (const t of trajectories) {
    if (t.basis !== 'assignment' || t.assignmentFrom === undefined || !inPeriod(t.start)) continue;
    groupFor(t, t.start).start.push(Math.max(0, dayNumber(t.start) - dayNumber(t.assignmentFrom)));
  }
  return [...groups.values()]
    .map((g) => ({ group: g.group, requestToAssignment: stats(g.req), assignmentToStart: stats(g.start) }))
    .sort(byGroup(by));
}
