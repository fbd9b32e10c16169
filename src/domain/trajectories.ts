// Care trajectories from message events [ijw REFERENCE.md "A trajectory across messages"]:
// assignment-based ones linked by municipality + ToewijzingNummer, task-based ones (no number) by
// pseudonym + provider + category + Begindatum. Withdrawals (StatusAanlevering 3) cancel the delivery
// they repeat; a temporary stop (reason 20) followed by a new start continues the same trajectory.
// Care ends with its stop, or earlier with its assignment: the latest decision on an assignment
// (JW301, "the latest version counts", OP033x1) bounds the care on it by its Einddatum, and a
// deletion (RedenWijziging 13) makes it as if it was never sent (decisions.md §31).
// The result does not depend on the order in which messages arrived.
import type { AssignmentEvent, CareEvent, ClientFacts, RequestEvent, StartEvent, StopEvent } from './care-events.ts';

export const TEMPORARY_STOP = '20';

/** Code-unit order: the same in every locale and in PostgreSQL's and DuckDB's binary collation. */
export const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Order of two whole numbers in their canonical form (no sign, no leading zeros): 9 before 10. */
export const cmpNumber = (a: string, b: string): number => a.length - b.length || cmp(a, b);

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

/**
 * Whether decision `a` on an assignment came after `b`: by Toewijzingsdatum ("the latest version
 * counts", OP033x1), then by the day the message was made, then by message key (only to be
 * deterministic; the Toewijzingstijd is not kept).
 */
export function laterDecision(a: AssignmentEvent, b: AssignmentEvent): boolean {
  if (a.assignedOn !== b.assignedOn) return a.assignedOn > b.assignedOn;
  if (a.sentOn !== b.sentOn) return a.sentOn > b.sentOn;
  return a.messageKey > b.messageKey;
}

/** JZ002 13: the assignment was sent wrongly and counts as never sent. */
export const DELETED = '13';

/**
 * The reason for ending (JZ588) of care that ended with its assignment, after the assignment's last
 * RedenWijziging (JZ002), as the code list JZ002 links them; none ("") when the assignment simply ran
 * out or its reason has no link (04 extension, 14 administrative correction).
 */
export const END_REASON_OF_CHANGE: Readonly<Record<string, string>> = {
  '02': '02', '03': '36', '05': '36', '06': '39', '07': '35', '08': '36', '09': '38', '10': '36', '11': '36', '12': '37',
};

/**
 * Where care bounded by assignment `a` ends: its stop's Einddatum `end` (undefined while open) or
 * the assignment's Einddatum, whichever is earlier, never before the trajectory's `start` (care
 * reported on an assignment that had already ended counts on its first day only). A tie goes to the
 * stop message, which carries the provider's own reason.
 */
export function boundByAssignment(start: string, end: string | undefined, reason: string | undefined, a: AssignmentEvent | undefined): { end?: string; reason?: string } {
  if (a?.validUntil === undefined || (end !== undefined && end <= a.validUntil)) return end === undefined ? {} : { end, reason: reason ?? '' };
  return { end: a.validUntil < start ? start : a.validUntil, reason: END_REASON_OF_CHANGE[a.changeReason ?? ''] ?? '' };
}

interface Assignments {
  /** Per `A|municipality|number`: the latest decision (a later 301 may shorten the assignment); none when it deleted the assignment. */
  readonly latest: Map<string, AssignmentEvent>;
  /** Per `A|municipality|number`: the request it answered, when there was one. */
  readonly requests: Map<string, RequestEvent>;
  /** Per `A|municipality|number`: the first decision (of assignments not deleted). */
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
      if (!l || laterDecision(e, l)) latest.set(k, e);
      const f = first.get(k);
      if (!f || laterDecision(f, e)) first.set(k, e);
    } else if (e.kind === 'request') requests.push(e);
  }
  // A deleted assignment counts as never sent: no facts, no request answered, no bound on care.
  for (const [k, a] of latest) {
    if (a.changeReason === DELETED) {
      latest.delete(k);
      first.delete(k);
    }
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

/**
 * The assignment valid on `day` among `candidates` (same young person, municipality, provider and
 * category): the one that took effect last, then the highest number, so the choice does not depend
 * on the order of the events.
 */
function coveringAssignment(candidates: readonly AssignmentEvent[] | undefined, day: string): AssignmentEvent | undefined {
  let best: AssignmentEvent | undefined;
  for (const a of candidates ?? []) {
    if (a.validFrom > day || (a.validUntil !== undefined && a.validUntil < day)) continue;
    if (!best || a.validFrom > best.validFrom || (a.validFrom === best.validFrom && cmpNumber(a.assignmentNumber, best.assignmentNumber) > 0)) best = a;
  }
  return best;
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
  // Task-based care (no number) of a young person whom the municipality did assign to the provider
  // for the product category: bounded by that assignment when it was valid on the day care began.
  const assignedTo = new Map<string, AssignmentEvent[]>();
  for (const a of assignments.values()) {
    const k = `${a.client.pseudonym}|${a.municipality}|${a.provider}|${a.category}`;
    const list = assignedTo.get(k);
    if (list) list.push(a);
    else assignedTo.set(k, [a]);
  }
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
      const bound = a ?? (key.startsWith('T|') ? coveringAssignment(assignedTo.get(`${first.first.client.pseudonym}|${first.first.municipality}|${first.first.provider}|${first.first.category}`), first.start) : undefined);
      const ending = boundByAssignment(first.start, last.stop?.endDate, last.stop?.reason, bound);
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
        ...(ending.end !== undefined ? { end: ending.end, endReason: ending.reason ?? '' } : {}),
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
