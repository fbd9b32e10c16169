// Care trajectories from message events [ijw REFERENCE.md "A trajectory across messages"]:
// assignment-based ones linked by municipality + ToewijzingNummer, task-based ones (no number) by
// pseudonym + provider + category + Begindatum. Withdrawals (StatusAanlevering 3) cancel the delivery
// they repeat; a temporary stop (reason 20) followed by a new start continues the same trajectory.
// The result does not depend on the order in which messages arrived.
import type { AssignmentEvent, CareEvent, ClientFacts, RequestEvent, StartEvent, StopEvent } from './care-events.ts';

export const TEMPORARY_STOP = '20';

/** Code-unit order: the same in every locale and in PostgreSQL's and DuckDB's binary collation. */
export const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export interface Trajectory {
  readonly key: string;
  readonly basis: 'assignment' | 'task';
  readonly municipality: string;
  readonly provider: string;
  readonly category: string;
  readonly client: ClientFacts;
  readonly start: string;
  /** Last day of care; undefined while care goes on. */
  readonly end?: string;
  readonly endReason?: string;
  readonly assignmentNumber?: string;
  /** From the JW301 (assignment-based only). */
  readonly assignedOn?: string;
  readonly assignmentFrom?: string;
  /** From a JW315 for the same assignment number, when there was one. */
  readonly requestedOn?: string;
}

interface Segment {
  start: string;
  stop?: StopEvent;
  first: StartEvent;
}

/** Removes, for every withdrawal, one earlier-or-later delivery it matches. */
function net<T extends StartEvent | StopEvent>(events: readonly T[], identity: (e: T) => string): T[] {
  const withdrawals = new Map<string, number>();
  for (const e of events) if (e.status === '3') withdrawals.set(identity(e), (withdrawals.get(identity(e)) ?? 0) + 1);
  const kept: T[] = [];
  // Deterministic regardless of arrival: sort deliveries by their content before cancelling.
  const firsts = events.filter((e) => e.status === '1').sort((a, b) => (a.sentOn === b.sentOn ? cmp(a.messageKey, b.messageKey) : cmp(a.sentOn, b.sentOn)));
  for (const e of firsts) {
    const id = identity(e);
    const w = withdrawals.get(id) ?? 0;
    if (w > 0) withdrawals.set(id, w - 1);
    else kept.push(e);
  }
  return kept;
}

const groupKeyOf = (e: StartEvent | StopEvent): string =>
  e.assignmentNumber ? `A|${e.municipality}|${e.assignmentNumber}` : `T|${e.client.pseudonym}|${e.provider}|${e.category}`;

/** The wait from a request (JW315) to the assignment (JW301) that answered it. */
export interface RequestWait {
  readonly municipality: string;
  readonly provider: string;
  readonly category: string;
  /** As on the assignment, with its postcode area. */
  readonly client: ClientFacts;
  readonly assignmentNumber: string;
  /** Dagtekening of the request. */
  readonly requestedOn: string;
  /** Toewijzingsdatum of the first decision on the assignment. */
  readonly assignedOn: string;
}

const later = (a: AssignmentEvent, b: AssignmentEvent) => a.assignedOn > b.assignedOn || (a.assignedOn === b.assignedOn && a.messageKey > b.messageKey);

interface Assignments {
  /** Per `A|municipality|number`: the latest decision (a later 301 may shorten the assignment). */
  readonly latest: Map<string, AssignmentEvent>;
  /** Per `A|municipality|number`: the request it answered, when there was one. */
  readonly requests: Map<string, RequestEvent>;
  /** Per `A|municipality|number`: the first decision. */
  readonly first: Map<string, AssignmentEvent>;
}

/**
 * Assignments and the requests they answered. A JW315 carries no ToewijzingNummer: it belongs to the
 * first assignment for the same young person, municipality, provider and category decided on or after
 * the request (each request used once), judged by the day the assignment was first decided.
 */
function assignmentsOf(events: readonly CareEvent[]): Assignments {
  const latest = new Map<string, AssignmentEvent>();
  const first = new Map<string, AssignmentEvent>();
  const requests: RequestEvent[] = [];
  for (const e of events) {
    if (e.kind === 'assignment') {
      const k = `A|${e.municipality}|${e.assignmentNumber}`;
      const l = latest.get(k);
      if (!l || later(e, l)) latest.set(k, e);
      const f = first.get(k);
      if (!f || later(f, e)) first.set(k, e);
    } else if (e.kind === 'request') requests.push(e);
  }
  const requestKey = (e: RequestEvent | AssignmentEvent) => `${e.client.pseudonym}|${e.municipality}|${e.provider}|${e.category}`;
  const pending = new Map<string, RequestEvent[]>();
  requests.sort((a, b) => cmp(a.sentOn, b.sentOn) || cmp(a.messageKey, b.messageKey));
  for (const r of requests) {
    const k = requestKey(r);
    const queue = pending.get(k);
    if (queue) queue.push(r);
    else pending.set(k, [r]);
  }
  const linked = new Map<string, RequestEvent>();
  const decided = [...first.entries()].sort(([, x], [, y]) => cmp(x.assignedOn, y.assignedOn) || cmp(x.messageKey, y.messageKey));
  for (const [k, a] of decided) {
    const queue = pending.get(requestKey(a));
    if (queue && queue.length > 0 && queue[0]!.sentOn <= a.assignedOn) linked.set(k, queue.shift()!);
  }
  return { latest, first, requests: linked };
}

/** Every assignment that answered a request, whether or not care on it has started. */
export function requestWaits(events: readonly CareEvent[]): RequestWait[] {
  const { latest, first, requests } = assignmentsOf(events);
  const out: RequestWait[] = [];
  for (const [k, r] of requests) {
    const a = latest.get(k)!;
    out.push({
      municipality: a.municipality,
      provider: a.provider,
      category: a.category,
      client: a.client,
      assignmentNumber: a.assignmentNumber,
      requestedOn: r.sentOn,
      assignedOn: first.get(k)!.assignedOn,
    });
  }
  return out.sort((x, y) => cmp(x.municipality, y.municipality) || cmp(x.assignmentNumber, y.assignmentNumber));
}

export function buildTrajectories(events: readonly CareEvent[]): Trajectory[] {
  const groups = new Map<string, { starts: StartEvent[]; stops: StopEvent[] }>();
  for (const e of events) {
    if (e.kind === 'start' || e.kind === 'stop') {
      const k = groupKeyOf(e);
      const g = groups.get(k) ?? { starts: [], stops: [] };
      if (e.kind === 'start') g.starts.push(e);
      else g.stops.push(e);
      groups.set(k, g);
    }
  }
  const { latest: assignments, requests } = assignmentsOf(events);
  const out: Trajectory[] = [];
  for (const [key, g] of groups) {
    const starts = net(g.starts, (e) => e.startDate);
    const stops = net(g.stops, (e) => `${e.startDate}|${e.endDate}|${e.reason}`);
    const byStart = new Map<string, Segment>();
    for (const s of starts) if (!byStart.has(s.startDate)) byStart.set(s.startDate, { start: s.startDate, first: s });
    for (const s of stops.sort((a, b) => cmp(a.endDate, b.endDate))) {
      const seg = byStart.get(s.startDate);
      // A stop whose start never arrived still tells that care ran from its Begindatum.
      if (!seg) byStart.set(s.startDate, { start: s.startDate, stop: s, first: { ...s, kind: 'start', status: '1' } as StartEvent });
      else if (!seg.stop || seg.stop.endDate < s.endDate) seg.stop = s;
    }
    const segments = [...byStart.values()].sort((a, b) => cmp(a.start, b.start));
    let current: Segment[] = [];
    const flush = () => {
      if (current.length === 0) return;
      const first = current[0]!;
      const last = current[current.length - 1]!;
      const a = key.startsWith('A|') ? assignments.get(key) : undefined;
      const r = a ? requests.get(key) : undefined;
      // Area comes from the assignment's address only; a start or stop carries none.
      const { pc4: _ignored, ...latestClient } = a?.client ?? last.first.client;
      out.push({
        key: `${key}|${first.start}`,
        basis: key.startsWith('A|') ? 'assignment' : 'task',
        municipality: first.first.municipality,
        provider: first.first.provider,
        category: a?.category ?? first.first.category,
        client: a?.client.pc4 ? { ...latestClient, pc4: a.client.pc4 } : latestClient,
        start: first.start,
        ...(last.stop ? { end: last.stop.endDate, endReason: last.stop.reason } : {}),
        ...(first.first.assignmentNumber ? { assignmentNumber: first.first.assignmentNumber } : {}),
        ...(a ? { assignedOn: a.assignedOn, assignmentFrom: a.validFrom } : {}),
        ...(r ? { requestedOn: r.sentOn } : {}),
      });
      current = [];
    };
    for (const seg of segments) {
      const prev = current[current.length - 1];
      // Continue after a temporary stop; anything else that follows a stop is a new trajectory.
      if (prev && !(prev.stop && prev.stop.reason === TEMPORARY_STOP && prev.stop.endDate <= seg.start) && prev.stop) flush();
      current.push(seg);
    }
    flush();
  }
  return out.sort((a, b) => cmp(a.key, b.key));
}
