// The monitor side of the API. Every answer is bounded (period length, dimensions, a time limit on
// the server, a few queries at once: src/api/limits.ts) and says how far its data reach: the
// Data-Up-To header, and Data-Period / Data-Notice when the period asked for ran past the last
// message and was cut short there. Until users and roles exist the API counts as a view for others
// than the data's owner, so counts from 1 to 4 are suppressed (null with "suppressed": true) [DOMAIN.md §7].
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type, type Static, type TOptional, type TSchema, type TString } from '@sinclair/typebox';
import { dataCoverage, figuresWithinData, type CoveredFigures } from '../../app/coverage.ts';
import { describeIngestStatus, ingestStatus } from '../../app/ingest-runs.ts';
import { languageOf } from '../problem.ts';
import { messageCounts, reach, timelinessFigures, waiting } from '../../app/monitor.ts';
import type { Workspace } from '../../app/workspace.ts';
import { periodDays, periodOfQuery } from '../../domain/period.ts';
import { DIMENSIONS, SUPPRESS_BELOW, type Dimension, type Period } from '../../domain/reach-figures.ts';
import { stopReasonEntries } from '../../domain/stop-reasons.ts';
import { assignmentStartDeadlineDays } from '../../domain/region.ts';
import { PROBLEM_RESPONSES } from '../errors.ts';
import { Refusal } from '../../domain/errors.ts';
import { MAX_DIMENSIONS, MAX_PERIOD_DAYS, MAX_RUNNING_QUERIES, MAX_TEXT_PARAMETER, MAX_TIMELINESS_PERIOD_DAYS, MAX_WAITING_QUERIES } from '../limits.ts';
import { QueryGate } from '../query-gate.ts';
import { quote } from '../query-string.ts';
import { Nullable, NoQuery, Query } from '../schemas.ts';

/** The response headers that say what the figures cover (documented on every monitor route). */
const DataHeaders = {
  'Data-Up-To': Type.String({ description: 'the latest Dagtekening of an accepted message (YYYY-MM-DD): the figures say nothing about later days' }),
  'Data-Period': Type.String({ description: 'the period the figures are for, "from/to": the period asked for, or its part up to Data-Up-To' }),
  'Data-Notice': Type.String({ description: 'only when the period asked for ran past Data-Up-To: says that it was cut short there' }),
  'Data-Incomplete': Type.String({ description: 'only when an ingest did not finish, is still going, or left young people waiting for a refresh: says how the figures fall short' }),
};
/** A 200 answer with the coverage headers (@fastify/swagger reads `headers`; the serialiser ignores it). */
const withDataHeaders = <T extends TSchema>(schema: T): T => ({ ...schema, headers: DataHeaders });

const PeriodFields = {
  period: Type.Optional(
    Type.String({ minLength: 1, maxLength: MAX_TEXT_PARAMETER, description: 'instead of from and to: a year (2028), quarter (2028-Q1), month (2028-03), date, or "from..to" of these' }),
  ),
  from: Type.Optional(Type.String({ format: 'date', description: 'first day, YYYY-MM-DD (with to; or give period)' })),
  to: Type.Optional(Type.String({ format: 'date', description: 'last day, YYYY-MM-DD (with from; or give period)' })),
};
const By = Type.Optional(
  Type.String({ minLength: 1, maxLength: 200, description: `comma-separated, each once, at most ${MAX_DIMENSIONS}: ${DIMENSIONS.join(', ')} (default municipality)` }),
);
const MonitorQuery = Query({ ...PeriodFields, by: By });
const PeriodQuery = Query(PeriodFields);
const TimelinessQuery = Query({
  ...PeriodFields,
  startAfterDays: Type.Optional(
    Type.Integer({ minimum: 0, maximum: 3650, description: "an assignment counts as 'without a start' after this many days (default: the region's monitorPolicy, else 30)" }),
  ),
});

const Group = Object.fromEntries(DIMENSIONS.map((d) => [d, Type.Optional(Type.String())])) as Record<Dimension, TOptional<TString>>;
const Count = Nullable(Type.Integer({ minimum: 0 }), `null: from 1 to ${SUPPRESS_BELOW - 1}, suppressed`);
const ReachRows = Type.Array(
  Type.Object({
    ...Group,
    uniqueYouth: Count,
    starts: Count,
    stops: Count,
    stopsByReason: Type.Record(Type.String(), Count, { description: 'JZ588 reason → stops' }),
    inCareEnd: Count,
    suppressed: Type.Boolean(),
  }),
);
const WaitStats = Nullable(
  Type.Object({ count: Type.Integer(), median: Nullable(Type.Number()), p80: Nullable(Type.Number()), max: Nullable(Type.Number()) }),
  `null: fewer than ${SUPPRESS_BELOW} waits, suppressed`,
);
const WaitingRows = Type.Array(Type.Object({ ...Group, requestToAssignment: WaitStats, assignmentToStart: WaitStats }));
const MessageRows = Type.Array(
  Type.Object({ messageType: Type.String(), name: Type.String(), messages: Count, inFigures: Type.Boolean(), use: Type.String(), suppressed: Type.Boolean() }),
);
const TimelinessRows = Type.Array(
  Type.Object({
    provider: Type.String(),
    municipality: Type.String(),
    requests: Count,
    retroactiveRequests: Count,
    retroactiveSharePct: Nullable(Type.String()),
    retroactiveDaysBackMedian: Nullable(Type.Number()),
    retroactiveDaysBackMax: Nullable(Type.Number()),
    startMessages: Count,
    lateStartMessages: Count,
    stopMessages: Count,
    lateStopMessages: Count,
    assignmentsWithoutStart: Count,
    suppressed: Type.Boolean(),
  }),
);
const Coverage = Type.Object({
  dataUpTo: Nullable(Type.String({ format: 'date' }), 'the latest Dagtekening of an accepted message; null before the first message'),
  incomplete: Nullable(Type.String(), "how the figures fall short (an ingest that did not finish, is still going, or left a refresh undone), in the caller's language; null when they are whole"),
});

/** The period of a query, of at most `maxDays` (MAX_PERIOD_DAYS, MAX_TIMELINESS_PERIOD_DAYS). */
function periodOf(q: { period?: string | undefined; from?: string | undefined; to?: string | undefined }, maxDays = MAX_PERIOD_DAYS): Period {
  const p = periodOfQuery(q);
  const days = periodDays(p);
  if (days > maxDays) throw new Refusal('PERIOD_TOO_LONG', { from: p.from, to: p.to, days, max: maxDays, years: Math.floor(maxDays / 365) });
  return p;
}

/** The dimensions of `by`: known ones, each once, at most MAX_DIMENSIONS. */
function dimensionsOf(text: string | undefined): Dimension[] {
  const by = (text ?? 'municipality').split(',').map((s) => s.trim());
  if (by.some((d) => d === '')) {
    throw new Refusal('QUERY_INVALID', {
      en: `by ${quote(text ?? '')} has an empty name; write names separated by commas (by=municipality,care_form)`,
      nl: `by ${quote(text ?? '')} bevat een lege naam; schrijf namen gescheiden door komma's (by=municipality,care_form)`,
    });
  }
  const unknown = by.filter((d) => !(DIMENSIONS as readonly string[]).includes(d));
  if (unknown.length > 0) throw new Refusal('DIMENSION_UNKNOWN', { names: unknown.slice(0, 3).map((d) => quote(d)), known: DIMENSIONS });
  const twice = by.find((d, i) => by.indexOf(d) !== i);
  if (twice !== undefined) throw new Refusal('DIMENSION_REPEATED', { name: twice });
  if (by.length > MAX_DIMENSIONS) throw new Refusal('DIMENSIONS_TOO_MANY', { count: by.length, max: MAX_DIMENSIONS });
  return by as Dimension[];
}

function dataHeaders(c: CoveredFigures<unknown>): Record<string, string> {
  return {
    'Data-Up-To': c.dataUpTo,
    'Data-Period': `${c.period.from}/${c.period.to}`,
    ...(c.cutShort
      ? { 'Data-Notice': `the period asked for runs to ${c.asked.to}, but no messages after ${c.dataUpTo} have been received: the figures are up to ${c.dataUpTo}` }
      : {}),
  };
}

const small = (n: number) => (n > 0 && n < SUPPRESS_BELOW ? null : n);

export function monitorRoutes(app: FastifyInstance, ws: Workspace, queryTimeoutMs: number): void {
  const gate = new QueryGate(MAX_RUNNING_QUERIES[ws.store.kind], MAX_WAITING_QUERIES);
  /** The figures of `read` for the asked period as far as the data reach, bounded, with their headers. */
  const answer = async <T>(reply: FastifyReply, asked: Period, read: (ws: Workspace, period: Period) => Promise<T>): Promise<T> => {
    const covered = await gate.run(() => figuresWithinData(ws, asked, read, { timeoutMs: queryTimeoutMs }));
    void reply.headers(dataHeaders(covered));
    const incomplete = describeIngestStatus(await ingestStatus(ws), 'en');
    if (incomplete) void reply.header('Data-Incomplete', incomplete);
    return covered.figures;
  };

  app.get(
    '/api/monitor/coverage',
    { schema: { summary: "How far the monitor's data reach: the latest Dagtekening of an accepted message", querystring: NoQuery, response: { 200: Coverage, ...PROBLEM_RESPONSES } } },
    async (req, reply) => {
      const c = await dataCoverage(ws);
      void reply.header('Data-Up-To', c.dataUpTo ?? 'none');
      return { ...c, incomplete: describeIngestStatus(await ingestStatus(ws), languageOf(req.headers['accept-language'])) ?? null };
    },
  );

  app.get<{ Querystring: Static<typeof MonitorQuery> }>(
    '/api/monitor/reach',
    {
      schema: {
        summary: 'Reach: unique young people, starts, stops, in care at the end (counts below 5 suppressed)',
        description: 'A period that runs past Data-Up-To is cut short there: "in care at the end" is counted on that day.',
        querystring: MonitorQuery,
        response: { 200: withDataHeaders(ReachRows), ...PROBLEM_RESPONSES },
      },
    },
    async (req, reply) => {
      const asked = periodOf(req.query);
      const by = dimensionsOf(req.query.by);
      const rows = await answer(reply, asked, (w, p) => reach(w, p, by));
      return rows.map((r) => {
        const reasons = stopReasonEntries(r.stopsByReason);
        return {
          ...r.group,
          uniqueYouth: small(r.uniqueYouth),
          starts: small(r.starts),
          stops: small(r.stops),
          // JZ588 reason → stops (null: fewer than 5)
          stopsByReason: Object.fromEntries(reasons.map(([code, n]) => [code, small(n)])),
          inCareEnd: small(r.inCareEnd),
          suppressed: [r.uniqueYouth, r.starts, r.stops, r.inCareEnd, ...reasons.map(([, n]) => n)].some((n) => small(n) === null),
        };
      });
    },
  );

  app.get<{ Querystring: Static<typeof MonitorQuery> }>(
    '/api/monitor/waiting',
    {
      schema: {
        summary: 'Waiting times in days (groups with fewer than 5 waits are suppressed)',
        querystring: MonitorQuery,
        response: { 200: withDataHeaders(WaitingRows), ...PROBLEM_RESPONSES },
      },
    },
    async (req, reply) => {
      const asked = periodOf(req.query);
      const by = dimensionsOf(req.query.by);
      const rows = await answer(reply, asked, (w, p) => waiting(w, p, by));
      return rows.map((r) => ({
        ...r.group,
        requestToAssignment: r.requestToAssignment.count > 0 && r.requestToAssignment.count < SUPPRESS_BELOW ? null : r.requestToAssignment,
        assignmentToStart: r.assignmentToStart.count > 0 && r.assignmentToStart.count < SUPPRESS_BELOW ? null : r.assignmentToStart,
      }));
    },
  );

  app.get<{ Querystring: Static<typeof PeriodQuery> }>(
    '/api/monitor/messages',
    {
      schema: {
        summary: 'Accepted messages per type in the period and what the monitor does with each (declarations are not part of the task-based variant; counts below 5 suppressed)',
        querystring: PeriodQuery,
        response: { 200: withDataHeaders(MessageRows), ...PROBLEM_RESPONSES },
      },
    },
    async (req, reply) => {
      const rows = await answer(reply, periodOf(req.query), (w, p) => messageCounts(w, p));
      return rows.map((r) => ({ ...r, messages: small(r.messages), suppressed: small(r.messages) === null }));
    },
  );

  app.get<{ Querystring: Static<typeof TimelinessQuery> }>(
    '/api/monitor/timeliness',
    {
      schema: {
        summary: 'Timeliness per provider and municipality (message counts; counts below 5 suppressed; at most one year per request)',
        querystring: TimelinessQuery,
        response: { 200: withDataHeaders(TimelinessRows), ...PROBLEM_RESPONSES },
      },
    },
    async (req, reply) => {
      const days = req.query.startAfterDays ?? assignmentStartDeadlineDays(ws.region);
      const rows = await answer(reply, periodOf(req.query, MAX_TIMELINESS_PERIOD_DAYS), (w, p) => timelinessFigures(w, p, days));
      return rows.map((r) => {
        // Message counts are about young people too: 1 to 4 are suppressed like the reach figures,
        // and so is what would give a suppressed count away (the share and days back of few requests).
        const retroactiveHidden = small(r.retroactiveRequests) === null || small(r.requests) === null;
        return {
          ...r,
          requests: small(r.requests),
          retroactiveRequests: small(r.retroactiveRequests),
          retroactiveSharePct: retroactiveHidden ? null : r.retroactiveSharePct,
          retroactiveDaysBackMedian: retroactiveHidden ? null : r.retroactiveDaysBackMedian,
          retroactiveDaysBackMax: retroactiveHidden ? null : r.retroactiveDaysBackMax,
          startMessages: small(r.startMessages),
          lateStartMessages: small(r.lateStartMessages),
          stopMessages: small(r.stopMessages),
          lateStopMessages: small(r.lateStopMessages),
          assignmentsWithoutStart: small(r.assignmentsWithoutStart),
          suppressed: retroactiveHidden || [r.startMessages, r.lateStartMessages, r.stopMessages, r.lateStopMessages, r.assignmentsWithoutStart].some((n) => small(n) === null),
        };
      });
    },
  );
}
