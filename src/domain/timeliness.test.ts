import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { AssignmentEvent, CareEvent, RequestEvent, StartEvent, StopEvent } from './care-events.ts';
import { buildTrajectories, requestWaits } from './trajectories.ts';
import { timeliness } from './timeliness.ts';
import { percentile, stats, waitingTimes } from './waiting-times.ts';

const client = { pseudonym: 'p1', birthMonth: '2015-06', gender: '2' };
const base = { municipality: '0363', provider: '99000001', client, category: '32' };
const request = (sentOn: string, requestedStart: string): RequestEvent => ({ ...base, kind: 'request', messageKey: `r${sentOn}`, sentOn, requestedStart });
const assignment = (nr: string, assignedOn: string, validFrom: string): AssignmentEvent => ({ ...base, kind: 'assignment', messageKey: `a${nr}`, sentOn: assignedOn, assignmentNumber: nr, assignedOn, validFrom });
const start = (nr: string | undefined, startDate: string, sentOn: string): StartEvent => ({ ...base, kind: 'start', messageKey: `s${nr}${startDate}`, sentOn, startDate, status: '1', ...(nr ? { assignmentNumber: nr } : {}) });
const stop = (startDate: string, endDate: string, sentOn: string): StopEvent => ({ ...base, kind: 'stop', messageKey: `e${endDate}`, sentOn, startDate, endDate, reason: '31', status: '1' });

const year = { from: '2028-01-01', to: '2028-12-31' };
const resolvers = { area: () => 'x', careForm: (c: string) => c, theme: () => 'x' };

describe('waiting times', () => {
  it('measures request → assignment and assignment → start in days', () => {
    const events: CareEvent[] = [request('2028-03-01', '2028-03-15'), assignment('1', '2028-03-11', '2028-03-15'), start('1', '2028-03-25', '2028-03-26')];
    const rows = waitingTimes(buildTrajectories(events), requestWaits(events), year, ['municipality'], resolvers);
    expect(rows[0]!.requestToAssignment).toEqual({ count: 1, median: 10, p80: 10, max: 10 });
    expect(rows[0]!.assignmentToStart).toEqual({ count: 1, median: 10, p80: 10, max: 10 });
  });
  it('counts the wait for an assignment whose care has not started (yet)', () => {
    const events: CareEvent[] = [request('2028-03-01', '2028-03-15'), assignment('1', '2028-03-21', '2028-04-01')];
    expect(buildTrajectories(events)).toEqual([]);
    const rows = waitingTimes(buildTrajectories(events), requestWaits(events), year, ['municipality'], resolvers);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.requestToAssignment).toEqual({ count: 1, median: 20, p80: 20, max: 20 });
    expect(rows[0]!.assignmentToStart.count).toBe(0);
  });
  it('ends the request wait at the first decision, not at a later change of the assignment', () => {
    const changed = { ...assignment('1', '2028-06-01', '2028-03-15'), messageKey: 'a1-changed', validUntil: '2028-06-30' };
    const events: CareEvent[] = [request('2028-03-01', '2028-03-15'), changed, assignment('1', '2028-03-11', '2028-03-15'), start('1', '2028-03-25', '2028-03-26')];
    const waits = requestWaits(events);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toMatchObject({ requestedOn: '2028-03-01', assignedOn: '2028-03-11', assignmentNumber: '1' });
    // The trajectory still takes its period from the latest decision.
    expect(buildTrajectories(events)[0]).toMatchObject({ assignedOn: '2028-06-01', requestedOn: '2028-03-01' });
  });
  it('counts a request wait in the period of the decision and groups it by age on that day', () => {
    const events: CareEvent[] = [request('2027-12-20', '2028-01-01'), assignment('1', '2028-01-05', '2028-01-05'), start('1', '2028-01-10', '2028-01-10')];
    expect(waitingTimes(buildTrajectories(events), requestWaits(events), { from: '2027-12-01', to: '2027-12-31' }, [], resolvers)).toEqual([]);
    const rows = waitingTimes(buildTrajectories(events), requestWaits(events), year, ['age_group'], resolvers);
    expect(rows).toEqual([{ group: { age_group: '12-18' }, requestToAssignment: { count: 1, median: 16, p80: 16, max: 16 }, assignmentToStart: { count: 1, median: 5, p80: 5, max: 5 } }]);
  });
  it('uses nearest-rank percentiles', () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.8)).toBe(8);
    expect(stats([5, 1, 3])).toEqual({ count: 3, median: 3, p80: 5, max: 5 });
  });
});

describe('timeliness', () => {
  it('counts retroactive requests with how far back they reach', () => {
    const rows = timeliness([request('2028-07-01', '2028-01-01'), request('2028-07-01', '2028-08-01')], [], year, 30);
    expect(rows[0]).toMatchObject({ requests: 2, retroactiveRequests: 1, retroactiveSharePct: '50.0', retroactiveDaysBackMax: 182 });
  });
  it('flags start and stop messages sent more than 5 working days late, counting Dutch holidays', () => {
    // Begindatum Thursday 13 April 2028; Easter Monday the 17th is a holiday: the 21st is the 5th working day.
    const onTime = start(undefined, '2028-04-13', '2028-04-21');
    const late = { ...start(undefined, '2028-04-14', '2028-04-25'), messageKey: 'late' };
    const rows = timeliness([onTime, late, stop('2028-04-13', '2028-05-01', '2028-05-10')], [], year, 30);
    expect(rows[0]).toMatchObject({ startMessages: 2, lateStartMessages: 1, stopMessages: 1, lateStopMessages: 1 });
  });
  it('counts the deadline from receiving the assignment when care began before it arrived', () => {
    const events: CareEvent[] = [assignment('7', '2028-05-01', '2028-04-01'), start('7', '2028-04-01', '2028-05-05')];
    expect(timeliness(events, buildTrajectories(events), year, 30)[0]).toMatchObject({ lateStartMessages: 0 });
  });
  it('counts from the first message of an assignment, in whatever order the messages are read', () => {
    // Assigned on Monday 1 May, changed on Friday 12 May (the change re-sends the assignment); care
    // began 1 April and the start was sent on Monday 15 May: 10 working days after the assignment
    // first arrived (late), 1 after the change (which does not restart the deadline).
    const first = assignment('7', '2028-05-01', '2028-04-01');
    const change = { ...assignment('7', '2028-05-12', '2028-04-01'), messageKey: 'a7-change' };
    const s = start('7', '2028-04-01', '2028-05-15');
    for (const events of [[first, change, s], [change, first, s], [s, change, first]] as CareEvent[][]) {
      expect(timeliness(events, buildTrajectories(events), year, 30)[0]).toMatchObject({ startMessages: 1, lateStartMessages: 1 });
    }
  });
  it('judges a start only against assignment decisions known at the end of the period', () => {
    // Care began 2 January, the start was sent 20 January; the assignment was decided only in
    // February. For January the deadline counts from Begindatum: late, also once February's 301 is in.
    const s = start('9', '2028-01-02', '2028-01-20');
    const feb = { ...assignment('9', '2028-02-05', '2028-01-01'), sentOn: '2028-02-10' };
    const january = { from: '2028-01-01', to: '2028-01-31' };
    expect(timeliness([s], [], january, 30)[0]).toMatchObject({ startMessages: 1, lateStartMessages: 1 });
    expect(timeliness([s, feb], buildTrajectories([s, feb]), january, 30)[0]).toMatchObject({ startMessages: 1, lateStartMessages: 1 });
  });
  it('gives the same figures for any order of the events', () => {
    const pool: CareEvent[] = [
      request('2028-02-01', '2028-01-15'), request('2028-03-01', '2028-03-10'),
      assignment('1', '2028-02-10', '2028-02-01'), { ...assignment('1', '2028-06-10', '2028-02-01'), messageKey: 'a1-change', validUntil: '2028-09-30' },
      assignment('2', '2028-03-01', '2028-03-01'), assignment('3', '2028-11-25', '2028-11-25'),
      start('1', '2028-02-05', '2028-02-20'), start('2', '2028-03-15', '2028-03-18'), start(undefined, '2028-04-01', '2028-04-12'),
      stop('2028-02-05', '2028-08-31', '2028-09-02'), stop('2028-04-01', '2028-12-01', '2028-12-20'),
    ];
    const expected = timeliness(pool, buildTrajectories(pool), year, 30);
    fc.assert(
      fc.property(fc.shuffledSubarray(pool, { minLength: pool.length, maxLength: pool.length }), (events) => {
        expect(timeliness(events, buildTrajectories(events), year, 30)).toEqual(expected);
      }),
    );
  });
  it('judges an assignment by its latest decision known at the end of the period', () => {
    // Decided in October (valid from 1 October), changed in January 2029 to end before the period:
    // at the end of 2028 only the October decision was known, and it had no start.
    const october = assignment('5', '2028-10-01', '2028-10-01');
    const january = { ...assignment('5', '2029-01-10', '2028-10-01'), messageKey: 'a5-january', validUntil: '2028-10-02' };
    expect(timeliness([october, january], [], year, 30)[0]).toMatchObject({ assignmentsWithoutStart: 1 });
    // in 2029 the January decision counts: ended before 2029 began, so not without a start in 2029
    expect(timeliness([october, january], [], { from: '2029-01-01', to: '2029-12-31' }, 30)).toEqual([]);
  });
  it('does not count an assignment deleted with RedenWijziging 13 (JZ002: as never sent) as without a start', () => {
    const sent = assignment('6', '2028-03-01', '2028-03-01');
    const deleted = { ...assignment('6', '2028-03-20', '2028-03-01'), messageKey: 'a6-deleted', validUntil: '2028-03-01', changeReason: '13' };
    expect(timeliness([sent], [], year, 30)[0]).toMatchObject({ assignmentsWithoutStart: 1 });
    expect(timeliness([sent, deleted], [], year, 30)).toEqual([]);
    expect(timeliness([deleted, sent], [], year, 30)).toEqual([]);
    // known only after the period: it was without a start then
    expect(timeliness([sent, deleted], [], { from: '2028-01-01', to: '2028-03-19' }, 10)[0]).toMatchObject({ assignmentsWithoutStart: 1 });
  });
  it('counts assignments without a start after the configured number of days', () => {
    const events: CareEvent[] = [assignment('8', '2028-10-01', '2028-10-01'), assignment('9', '2028-12-10', '2028-12-10')];
    expect(timeliness(events, buildTrajectories(events), year, 30)[0]).toMatchObject({ assignmentsWithoutStart: 1 });
  });
  it('judges "without start" at the end of the period, also when the start came later', () => {
    // Assigned from 1 September 2028, care began only on 15 January 2029.
    const events: CareEvent[] = [assignment('8', '2028-09-01', '2028-09-01'), start('8', '2029-01-15', '2029-01-16')];
    const trajectories = buildTrajectories(events);
    expect(timeliness(events, trajectories, year, 30)[0]).toMatchObject({ assignmentsWithoutStart: 1 });
    expect(timeliness(events, trajectories, { from: '2029-01-01', to: '2029-03-31' }, 30)[0]).toMatchObject({ assignmentsWithoutStart: 0 });
  });
});
