import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { AssignmentEvent, CareEvent, ClientFacts, RequestEvent, StartEvent, StopEvent } from './care-events.ts';
import { buildTrajectories, requestWaits } from './trajectories.ts';
import { ageGroup, reachFigures, type Resolvers } from './reach-figures.ts';

const client = (pseudonym: string, birthMonth = '2015-06'): ClientFacts => ({ pseudonym, birthMonth, gender: '1' });
let n = 0;
const start = (over: Partial<StartEvent> = {}): StartEvent => ({
  kind: 'start', messageKey: `m${n++}`, sentOn: '2028-01-10', municipality: '0363', provider: '99000001', client: client('p1'), category: '32', startDate: '2028-01-05', status: '1', ...over,
});
const stop = (over: Partial<StopEvent> = {}): StopEvent => ({
  kind: 'stop', messageKey: `m${n++}`, sentOn: '2028-03-10', municipality: '0363', provider: '99000001', client: client('p1'), category: '32', startDate: '2028-01-05', endDate: '2028-03-01', reason: '31', status: '1', ...over,
});

describe('trajectories', () => {
  it('links task-based start and stop by pseudonym, provider, category and Begindatum', () => {
    const t = buildTrajectories([start(), stop()]);
    expect(t).toHaveLength(1);
    expect(t[0]).toMatchObject({ basis: 'task', start: '2028-01-05', end: '2028-03-01', endReason: '31' });
  });

  it('links assignment-based messages by municipality and ToewijzingNummer', () => {
    const events: CareEvent[] = [
      { kind: 'assignment', messageKey: 'a', sentOn: '2028-01-02', municipality: '0363', provider: '99000001', client: { ...client('p1'), pc4: '1011' }, category: '35', assignmentNumber: '77', assignedOn: '2028-01-02', validFrom: '2028-01-03' },
      start({ assignmentNumber: '77', category: '35', client: client('p1') }),
    ];
    const t = buildTrajectories(events);
    expect(t).toHaveLength(1);
    expect(t[0]).toMatchObject({ basis: 'assignment', category: '35', assignedOn: '2028-01-02', client: { pc4: '1011' } });
  });

  it('lets StatusAanlevering 3 withdraw an earlier start or stop, whatever the arrival order', () => {
    const withdrawStop = stop({ status: '3', sentOn: '2028-03-12' });
    expect(buildTrajectories([start(), withdrawStop, stop()])[0]!.end).toBeUndefined();
    expect(buildTrajectories([start(), start({ status: '3' })])).toHaveLength(0);
  });

  it('continues the same trajectory after a temporary stop and a new start', () => {
    const t = buildTrajectories([start(), stop({ reason: '20', endDate: '2028-02-01' }), start({ startDate: '2028-02-15' }), stop({ startDate: '2028-02-15', endDate: '2028-05-01' })]);
    expect(t).toHaveLength(1);
    expect(t[0]).toMatchObject({ start: '2028-01-05', end: '2028-05-01', endReason: '31' });
  });

  it('gives the same trajectories in any arrival order (property)', () => {
    const events = [start(), stop({ reason: '20', endDate: '2028-02-01' }), start({ startDate: '2028-02-15' }), start({ client: client('p2') }), stop({ client: client('p2'), endDate: '2028-06-30' }), stop({ client: client('p2'), endDate: '2028-06-30', status: '3' })];
    const expected = buildTrajectories(events);
    fc.assert(fc.property(fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }), (shuffled) => {
      expect(buildTrajectories(shuffled)).toEqual(expected);
    }));
  });

  it('links requests to assignments the same way in any arrival order (property)', () => {
    const request = (sentOn: string, over: Partial<RequestEvent> = {}): RequestEvent => ({
      kind: 'request', messageKey: `r${n++}`, sentOn, municipality: '0363', provider: '99000001', client: client('p1'), category: '32', requestedStart: sentOn, ...over,
    });
    const assignment = (nr: string, assignedOn: string, over: Partial<AssignmentEvent> = {}): AssignmentEvent => ({
      kind: 'assignment', messageKey: `a${n++}`, sentOn: assignedOn, municipality: '0363', provider: '99000001', client: { ...client('p1'), pc4: '1011' }, category: '32', assignmentNumber: nr, assignedOn, validFrom: assignedOn, ...over,
    });
    const events: CareEvent[] = [
      request('2028-01-01'), request('2028-02-01'), request('2028-02-03', { category: '35' }),
      assignment('1', '2028-01-10'), assignment('1', '2028-05-01', { validUntil: '2028-06-30' }), assignment('2', '2028-02-20'), assignment('3', '2028-02-25'),
      assignment('4', '2028-02-10', { category: '35' }), start({ assignmentNumber: '2', startDate: '2028-03-01' }),
    ];
    const expected = requestWaits(events);
    // Two requests for category 32: the first to assignment 1 (first decided 10 January), the second to 2.
    expect(expected.map((w) => [w.assignmentNumber, w.requestedOn, w.assignedOn])).toEqual([
      ['1', '2028-01-01', '2028-01-10'], ['2', '2028-02-01', '2028-02-20'], ['4', '2028-02-03', '2028-02-10'],
    ]);
    fc.assert(fc.property(fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }), (shuffled) => {
      expect(requestWaits(shuffled)).toEqual(expected);
      expect(buildTrajectories(shuffled)).toEqual(buildTrajectories(events));
    }));
  });
});

const assignment = (nr: string, assignedOn: string, over: Partial<AssignmentEvent> = {}): AssignmentEvent => ({
  kind: 'assignment', messageKey: `a${n++}`, sentOn: assignedOn, municipality: '0363', provider: '99000001', client: { ...client('p1'), pc4: '1011' }, category: '32', assignmentNumber: nr, assignedOn, validFrom: assignedOn, ...over,
});

describe('an assignment bounds the care on it', () => {
  it("ends care on the assignment's Einddatum when no stop came", () => {
    const t = buildTrajectories([assignment('77', '2028-01-02', { validUntil: '2028-06-30' }), start({ assignmentNumber: '77' })]);
    expect(t).toEqual([expect.objectContaining({ start: '2028-01-05', end: '2028-06-30', endReason: '' })]);
  });

  it('lets a later JW301 shorten or end the assignment, with the reason for ending its RedenWijziging links to (JZ002 → JZ588)', () => {
    const first = assignment('77', '2028-01-02', { validUntil: '2028-12-31' });
    const shortened = assignment('77', '2028-03-01', { validUntil: '2028-03-31', changeReason: '07' });
    expect(buildTrajectories([first, start({ assignmentNumber: '77' })])[0]!.end).toBe('2028-12-31');
    expect(buildTrajectories([first, shortened, start({ assignmentNumber: '77' })])[0]).toMatchObject({ end: '2028-03-31', endReason: '35' });
    // an open-ended first decision, ended later by the municipality (05: shortening → 36)
    const open = assignment('78', '2028-01-02');
    expect(buildTrajectories([open, start({ assignmentNumber: '78' })])[0]!.end).toBeUndefined();
    expect(buildTrajectories([open, assignment('78', '2028-04-01', { validUntil: '2028-04-15', changeReason: '05' }), start({ assignmentNumber: '78' })])[0]).toMatchObject({ end: '2028-04-15', endReason: '36' });
  });

  it("keeps the stop's own end and reason when care stopped on or before the assignment's end", () => {
    const a = assignment('77', '2028-01-02', { validUntil: '2028-06-30', changeReason: '14' });
    expect(buildTrajectories([a, start({ assignmentNumber: '77' }), stop({ assignmentNumber: '77', endDate: '2028-06-30', reason: '34' })])[0]).toMatchObject({ end: '2028-06-30', endReason: '34' });
    expect(buildTrajectories([a, start({ assignmentNumber: '77' }), stop({ assignmentNumber: '77', endDate: '2028-09-30', reason: '34' })])[0]).toMatchObject({ end: '2028-06-30', endReason: '' });
  });

  it('counts care reported on an assignment that had already ended on its first day only', () => {
    const t = buildTrajectories([assignment('77', '2028-01-02', { validUntil: '2028-01-03' }), start({ assignmentNumber: '77', startDate: '2028-02-01' })]);
    expect(t[0]).toMatchObject({ start: '2028-02-01', end: '2028-02-01' });
  });

  it('takes the latest decision by Toewijzingsdatum, then by the day the message was made', () => {
    const extended = assignment('77', '2028-03-01', { sentOn: '2028-03-02', validUntil: '2028-12-31', changeReason: '04' });
    const ended = assignment('77', '2028-03-01', { sentOn: '2028-03-01', validUntil: '2028-03-31', changeReason: '05' });
    expect(buildTrajectories([ended, extended, start({ assignmentNumber: '77' })])[0]!.end).toBe('2028-12-31');
  });

  it('treats an assignment deleted with RedenWijziging 13 as never sent: no facts, no bound, no request answered', () => {
    const a = assignment('77', '2028-01-02', { validUntil: '2028-06-30' });
    const deleted = assignment('77', '2028-01-20', { validFrom: '2028-01-02', validUntil: '2028-01-02', changeReason: '13' });
    const t = buildTrajectories([a, deleted, start({ assignmentNumber: '77' })]);
    expect(t).toHaveLength(1);
    expect(t[0]!.end).toBeUndefined();
    expect(t[0]!.assignedOn).toBeUndefined();
    const request: RequestEvent = { kind: 'request', messageKey: 'r-del', sentOn: '2028-01-01', municipality: '0363', provider: '99000001', client: client('p1'), category: '32', requestedStart: '2028-01-01' };
    expect(requestWaits([request, a, deleted])).toEqual([]);
    // the corrected assignment with a new number answers the request instead
    expect(requestWaits([request, a, deleted, assignment('79', '2028-01-21')]).map((w) => w.assignmentNumber)).toEqual(['79']);
  });

  it('bounds task-based care (no number) by an assignment of the same young person, provider and category valid on its Begindatum', () => {
    const a = assignment('77', '2028-01-02', { validUntil: '2028-04-30', changeReason: '09' });
    expect(buildTrajectories([a, start()])[0]).toMatchObject({ basis: 'task', end: '2028-04-30', endReason: '38' });
    // another category, another provider, or not valid on the Begindatum: no bound
    expect(buildTrajectories([{ ...a, category: '33' }, start()])[0]!.end).toBeUndefined();
    expect(buildTrajectories([{ ...a, provider: '99000002' }, start()])[0]!.end).toBeUndefined();
    expect(buildTrajectories([{ ...a, validFrom: '2028-01-06' }, start()])[0]!.end).toBeUndefined();
    expect(buildTrajectories([{ ...a, validUntil: '2028-01-04' }, start()])[0]!.end).toBeUndefined();
  });

  it('gives the same trajectories in any arrival order, with extensions, shortenings and deletions (property)', () => {
    const events: CareEvent[] = [
      assignment('77', '2028-01-02', { validUntil: '2028-03-31' }), assignment('77', '2028-03-15', { validUntil: '2028-09-30', changeReason: '04' }),
      assignment('77', '2028-03-15', { validUntil: '2028-05-31', changeReason: '05', sentOn: '2028-03-16' }),
      start({ assignmentNumber: '77' }), stop({ assignmentNumber: '77', reason: '20', endDate: '2028-02-01' }), start({ assignmentNumber: '77', startDate: '2028-02-15' }),
      assignment('78', '2028-01-02'), assignment('78', '2028-02-01', { validUntil: '2028-01-02', changeReason: '13', validFrom: '2028-01-02' }), start({ assignmentNumber: '78', startDate: '2028-01-03' }),
      assignment('79', '2028-01-01', { validUntil: '2028-07-31', changeReason: '06' }), start({ startDate: '2028-02-03' }), start({ startDate: '2028-02-03', status: '3' }), start({ startDate: '2028-03-03' }),
    ];
    const expected = buildTrajectories(events);
    expect(expected.map((t) => [t.assignmentNumber ?? 'task', t.start, t.end, t.endReason])).toEqual([
      ['77', '2028-01-05', '2028-05-31', '36'], ['78', '2028-01-03', undefined, undefined], ['task', '2028-03-03', '2028-07-31', '39'],
    ]);
    fc.assert(fc.property(fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }), (shuffled) => {
      expect(buildTrajectories(shuffled)).toEqual(expected);
    }));
  });
});

describe('reach figures', () => {
  const resolvers: Resolvers = { area: () => 'unknown', careForm: (c) => c, theme: () => 'unassigned' };
  it('counts unique youth, starts, stops by reason and in care at the end of the period', () => {
    const t = buildTrajectories([
      start(), stop(),
      start({ client: client('p2'), startDate: '2027-11-01' }),
      start({ client: client('p2'), startDate: '2028-02-01', category: '33' }),
      start({ client: client('p3'), startDate: '2028-04-01' }),
    ]);
    const rows = reachFigures(t, { from: '2028-01-01', to: '2028-03-31' }, ['municipality'], resolvers);
    expect(rows).toEqual([{ group: { municipality: '0363' }, uniqueYouth: 2, starts: 2, stops: 1, stopsByReason: { '31': 1 }, inCareEnd: 1 }]);
  });
  it('puts ages in the groups 0–4, 4–12, 12–18, 18–23', () => {
    expect(ageGroup('2024-06', '2028-05-31')).toBe('0-4');
    expect(ageGroup('2024-06', '2028-06-01')).toBe('4-12');
    expect(ageGroup('2010-01', '2028-01-01')).toBe('18-23');
  });
});
