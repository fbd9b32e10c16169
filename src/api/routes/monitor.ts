// The monitor side of the API. Every answer is bounded (period length, dimensions, a time limit on
// the server, a few queries at once: src/api/limits.ts) and says how far its data reach: the
// Data-Up-To header, and Data-Period / Data-Notice when the period asked for ran past the last
// message and was cut short there. What a viewer sees is decided by the use cases
// (src/app/monitor-views.ts, src/domain/access/scope.ts): the region every figure at every detail;
// a municipality its own figures and the other municipalities together (REST); a provider its own
// young people and the region (REGION); a council its municipality and REST per theme and care form.
// Figures for others are the protected publication (docs/decisions.md §36): a count that could tell
// 1 to 4 young people is null, and "suppressed": true on its row.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type, type Static, type TOptional, type TSchema, type TString } from '@sinclair/typebox';
import { dataCoverage, type CoveredFigures } from '../../app/coverage.ts';
import { messageRole } from '../../domain/message-roles.ts';
import { describeIngestStatus, ingestStatus, type IngestStatus } from '../../app/ingest-runs.ts';
import { languageOf } from '../problem.ts';
import { monitorMessages, monitorReach, monitorTimeliness, monitorWaiting } from '../../app/monitor-views.ts';
import { REGION, REST } from '../../domain/access/scope.ts';
import type { Viewer } from '../../domain/access/viewer.ts';
import type { CoveredPeriod } from '../../domain/data-coverage.ts';
import { viewerOf } from '../access.ts';
import { providerNames } from '../../app/queries.ts';
import type { Workspace } from '../../app/workspace.ts';
import { periodDays, periodOfQuery } from '../../domain/period.ts';
import { DIMENSIONS, SUPPRESS_BELOW, type Dimension, type Period } from '../../domain/reach-figures.ts';
import { PROBLEM_RESPONSES } from '../errors.ts';
import { Refusal } from '../../domain/errors.ts';
import { MAX_DIMENSIONS, MAX_PERIOD_DAYS, MAX_RUNNING_QUERIES, MAX_TEXT_PARAMETER, MAX_WAITING_QUERIES } from '../limits.ts';
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

export const PeriodFields = {
  period: Type.Optional(
    Type.String({ minLength: 1, maxLength: MAX_TEXT_PARAMETER, description: 'instead of from and to: a year (2028), a half year (2028-H1) or a quarter (2028-Q1): the periods whose figures are published' }),
  ),
  from: Type.Optional(Type.String({ format: 'date', description: 'first day, YYYY-MM-DD (with to; or give period)' })),
  to: Type.Optional(Type.String({ format: 'date', description: 'last day, YYYY-MM-DD (with from; or give period)' })),
};
export const By = Type.Optional(
  Type.String({ minLength: 1, maxLength: 200, description: `one of ${DIMENSIONS.join(', ')}, or "total" for the region as a whole (default municipality); comma-separated: the region role any combination; a municipality or provider its own column and one more; a council municipality with theme or care_form` }),
);
export const MonitorQuery = Query({ ...PeriodFields, by: By });
export const PeriodQuery = Query(PeriodFields);
export const TimelinessBy = Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'provider (default), municipality, or total for the region as a whole' }));
export const TimelinessQuery = Query({ ...PeriodFields, by: TimelinessBy });

const Group = {
  ...(Object.fromEntries(DIMENSIONS.map((d) => [d, Type.Optional(Type.String())])) as Record<Dimension, TOptional<TString>>),
  providerCode: Type.Optional(Type.String({ description: "with provider: the provider's code in the registry (AGB-<code> when not registered)" })),
  providerName: Type.Optional(Nullable(Type.String(), "with provider: the provider's name (null when not registered)")),
};
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
  Type.Object({
    count: Type.Integer(),
    median: Nullable(Type.Number()),
    p80: Nullable(Type.Number()),
    max: Nullable(Type.Number(), "the longest wait: for the region role and a part's owner only (null for others: one young person's wait)"),
  }),
  `null: suppressed (fewer than ${SUPPRESS_BELOW} waits, or a count that would give such a group away)`,
);
const WaitingRows = Type.Array(Type.Object({ ...Group, requestToAssignment: WaitStats, assignmentToStart: WaitStats, suppressed: Type.Boolean() }));
const MessageRows = Type.Array(
  Type.Object({ messageType: Type.String(), name: Type.String(), messages: Count, inFigures: Type.Boolean(), use: Type.String(), suppressed: Type.Boolean() }),
);
const TimelinessRows = Type.Array(
  Type.Object({
    provider: Type.Optional(Type.String()),
    providerCode: Type.Optional(Type.String()),
    providerName: Type.Optional(Nullable(Type.String())),
    municipality: Type.Optional(Type.String()),
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

/** The period of a query, of at most `maxDays` (MAX_PERIOD_DAYS). */
function periodOf(q: { period?: string | undefined; from?: string | undefined; to?: string | undefined }, maxDays = MAX_PERIOD_DAYS): Period {
  const p = periodOfQuery(q);
  const days = periodDays(p);
  if (days > maxDays) throw new Refusal('PERIOD_TOO_LONG', { from: p.from, to: p.to, days, max: maxDays, years: Math.floor(maxDays / 365) });
  return p;
}

/** The dimensions of `by` (none for 'total', the whole); how many a viewer may combine is the use case's to say. */
function breakdownOf(text: string | undefined): Dimension[] {
  const by = (text ?? 'municipality').split(',').map((s) => s.trim());
  if (by.some((d) => d === '')) {
    throw new Refusal('QUERY_INVALID', {
      en: `by ${quote(text ?? '')} has an empty name; name one dimension (by=municipality)`,
      nl: `by ${quote(text ?? '')} bevat een lege naam; noem één indeling (by=municipality)`,
    });
  }
  const unknown = by.filter((d) => d !== 'total' && !(DIMENSIONS as readonly string[]).includes(d));
  if (unknown.length > 0) throw new Refusal('DIMENSION_UNKNOWN', { names: unknown.slice(0, 3).map((d) => quote(d)), known: ['total', ...DIMENSIONS] });
  const twice = by.find((d, i) => by.indexOf(d) !== i);
  if (twice !== undefined) throw new Refusal('DIMENSION_REPEATED', { name: twice });
  if (by.length > MAX_DIMENSIONS) throw new Refusal('DIMENSIONS_TOO_MANY', { count: by.length, max: MAX_DIMENSIONS });
  if (by.includes('total')) {
    if (by.length > 1) throw new Refusal('QUERY_INVALID', { en: 'by=total is the whole: give it alone', nl: 'by=total is het geheel: geef het alleen' });
    return [];
  }
  return by as Dimension[];
}

function dataHeaders(c: CoveredPeriod): Record<string, string> {
  return {
    'Data-Up-To': c.dataUpTo,
    'Data-Period': `${c.period.from}/${c.period.to}`,
    ...(c.cutShort
      ? { 'Data-Notice': `the period asked for runs to ${c.asked.to}, but no messages after ${c.dataUpTo} have been received: the figures are up to ${c.dataUpTo}` }
      : {}),
  };
}


/** A monitor table as a viewer sees it, with what its figures cover (the Data-* headers, an export's filters). */
export interface MonitorAnswer<R> {
  readonly rows: R[];
  readonly covered: CoveredPeriod;
  readonly ingest: IngestStatus;
}

/**
 * The monitor's tables as the routes answer them, for a viewer and a query: the JSON routes and the
 * exports (routes/exports.ts) read through these, so an export holds exactly the JSON route's rows.
 */
export function monitorReaders(ws: Workspace, queryTimeoutMs: number) {
  const gate = new QueryGate(MAX_RUNNING_QUERIES[ws.store.kind], MAX_WAITING_QUERIES);
  /** The viewer's figures for the asked period as far as the data reach, bounded. */
  const read = async <T,>(read: (limits: { timeoutMs: number }) => Promise<CoveredFigures<T>>) => {
    const { figures, ...covered } = await gate.run(() => read({ timeoutMs: queryTimeoutMs }));
    return { figures, covered, ingest: await ingestStatus(ws) };
  };
  /**
   * The registry's code and name beside a provider: rows carry an AGB code (from the messages), or a
   * provider viewer's own code, or REGION (one provider, one identity).
   */
  const providerFields = async () => {
    const names = await providerNames(ws);
    const providers = (await ws.engine.state()).providers;
    return (value: string) =>
      value === REGION || value === REST
        ? { providerCode: value, providerName: null }
        : providers[value] !== undefined && !/^\d{8}$/.test(value)
          ? { providerCode: value, providerName: providers[value]!.name }
          : names(value);
  };
  const withProvider = async <R extends { group: Partial<Record<Dimension, string>> }>(rows: readonly R[]) => {
    const fields = await providerFields();
    return rows.map(({ group, ...r }) => ({ ...group, ...(group.provider === undefined ? {} : fields(group.provider)), ...r }));
  };
  return {
    reach: async (viewer: Viewer, q: Static<typeof MonitorQuery>) => {
      const asked = periodOf(q);
      const by = breakdownOf(q.by);
      const { figures, ...rest } = await read((limits) => monitorReach(viewer, ws, asked, by, limits));
      return { ...rest, rows: await withProvider(figures) };
    },
    waiting: async (viewer: Viewer, q: Static<typeof MonitorQuery>) => {
      const asked = periodOf(q);
      const by = breakdownOf(q.by);
      const { figures, ...rest } = await read((limits) => monitorWaiting(viewer, ws, asked, by, limits));
      return { ...rest, rows: await withProvider(figures) };
    },
    messages: async (viewer: Viewer, q: Static<typeof PeriodQuery>) => {
      const asked = periodOf(q);
      const { figures, ...rest } = await read((limits) => monitorMessages(viewer, ws, asked, limits));
      const rows = figures.map((r) => {
        const role = messageRole(r.messageType);
        return { messageType: r.messageType, name: role.name, messages: r.messages, inFigures: role.inFigures, use: role.use, suppressed: r.messages === null };
      });
      return { ...rest, rows };
    },
    timeliness: async (viewer: Viewer, q: Static<typeof TimelinessQuery>) => {
      const asked = periodOf(q);
      const dims = breakdownOf(q.by ?? 'provider');
      const by = dims.length === 0 ? 'total' : dims.length === 1 ? dims[0]! : undefined;
      if (by !== 'total' && by !== 'provider' && by !== 'municipality') throw new Refusal('DIMENSION_UNKNOWN', { names: [quote(q.by ?? '')], known: ['provider', 'municipality', 'total'] });
      const { figures, ...rest } = await read((limits) => monitorTimeliness(viewer, ws, asked, by, limits));
      const fields = await providerFields();
      return { ...rest, rows: figures.map((r) => ({ ...r, ...(r.provider === undefined ? {} : fields(r.provider)) })) };
    },
  };
}

export type MonitorReaders = ReturnType<typeof monitorReaders>;

export function monitorRoutes(app: FastifyInstance, ws: Workspace, queryTimeoutMs: number): MonitorReaders {
  const readers = monitorReaders(ws, queryTimeoutMs);
  /** The rows of an answer, its coverage in the Data-* headers. */
  const send = <R,>(reply: FastifyReply, a: MonitorAnswer<R>): R[] => {
    void reply.headers(dataHeaders(a.covered));
    const incomplete = describeIngestStatus(a.ingest, 'en');
    if (incomplete) void reply.header('Data-Incomplete', incomplete);
    return a.rows;
  };

  app.get(
    '/api/monitor/coverage',
    { config: { access: 'monitor.status', answers: 'by-data-version' }, schema: { summary: "How far the monitor's data reach: the latest Dagtekening of an accepted message", querystring: NoQuery, response: { 200: Coverage, ...PROBLEM_RESPONSES } } },
    async (req, reply) => {
      const c = await dataCoverage(ws);
      void reply.header('Data-Up-To', c.dataUpTo ?? 'none');
      return { ...c, incomplete: describeIngestStatus(await ingestStatus(ws), languageOf(req.headers['accept-language'])) ?? null };
    },
  );

  app.get<{ Querystring: Static<typeof MonitorQuery> }>(
    '/api/monitor/reach',
    {
      config: { access: 'monitor.read', answers: 'by-data-version' },
      schema: {
        summary: 'Reach: unique young people, starts, stops, in care at the end (a quarter, half year or year; counts that could tell 1 to 4 young people are null)',
        description: 'A period that runs past Data-Up-To is cut short there: "in care at the end" is counted on that day. Age group: the age on 31 December of the year (or at the end of care).',
        querystring: MonitorQuery,
        response: { 200: withDataHeaders(ReachRows), ...PROBLEM_RESPONSES },
      },
    },
    async (req, reply) => send(reply, await readers.reach(viewerOf(req), req.query)),
  );

  app.get<{ Querystring: Static<typeof MonitorQuery> }>(
    '/api/monitor/waiting',
    {
      config: { access: 'monitor.read', answers: 'by-data-version' },
      schema: {
        summary: 'Waiting times in days (a quarter, half year or year; groups whose number of waits could tell 1 to 4 young people are null)',
        querystring: MonitorQuery,
        response: { 200: withDataHeaders(WaitingRows), ...PROBLEM_RESPONSES },
      },
    },
    async (req, reply) => send(reply, await readers.waiting(viewerOf(req), req.query)),
  );

  app.get<{ Querystring: Static<typeof PeriodQuery> }>(
    '/api/monitor/messages',
    {
      config: { access: 'monitor.process', answers: 'by-data-version' },
      schema: {
        summary: 'Accepted messages per type in the period and what the monitor does with each (declarations are not part of the task-based variant; counts that could tell 1 to 4 young people are null)',
        querystring: PeriodQuery,
        response: { 200: withDataHeaders(MessageRows), ...PROBLEM_RESPONSES },
      },
    },
    async (req, reply) => send(reply, await readers.messages(viewerOf(req), req.query)),
  );

  app.get<{ Querystring: Static<typeof TimelinessQuery> }>(
    '/api/monitor/timeliness',
    {
      config: { access: 'monitor.timeliness', answers: 'by-data-version' },
      schema: {
        summary: "Timeliness per provider, per municipality or for the region (message counts; a quarter, half year or year; counts that could tell 1 to 4 young people are null; an assignment is 'without a start' after the region's monitorPolicy days, else 30)",
        querystring: TimelinessQuery,
        response: { 200: withDataHeaders(TimelinessRows), ...PROBLEM_RESPONSES },
      },
    },
    async (req, reply) => send(reply, await readers.timeliness(viewerOf(req), req.query)),
  );
  return readers;
}
