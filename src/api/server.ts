// The HTTP API: read access to budgets, lump sums, payments and the ledger, with an OpenAPI document
// at /openapi.json and a plain first page at /. Built with buildServer() so tests use inject().
import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import { Type, type Static } from '@sinclair/typebox';
import { allocatedYears, budgetForYear, lumpSums, payments } from '../app/queries.ts';
import { explain } from '../app/explain.ts';
import type { Workspace } from '../app/workspace.ts';
import { Refusal } from '../domain/errors.ts';
import { languageOf, problemOfRefusal } from './problem.ts';
import { renderHomePage } from './home-page.ts';
import { messageCounts, reach, timelinessFigures, waiting } from '../app/monitor.ts';
import { periodOfQuery, PeriodError } from '../domain/period.ts';
import { DIMENSIONS, SUPPRESS_BELOW, type Dimension } from '../domain/reach-figures.ts';
import { stopReasonEntries } from '../domain/stop-reasons.ts';
import { assignmentStartDeadlineDays } from '../domain/region.ts';

const Cents = Type.String({ pattern: '^-?[0-9]+$', description: 'amount in euro cents, as a string of digits' });
const YearParams = Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) });
const ProviderQuery = Type.Object({ provider: Type.Optional(Type.String()) });
const Problem = Type.Object({ type: Type.String(), title: Type.String(), status: Type.Integer(), detail: Type.String(), code: Type.Optional(Type.String()) });

const BudgetResponse = Type.Object({
  region: Type.String(),
  year: Type.Integer(),
  municipalities: Type.Array(
    Type.Object({ code: Type.String(), name: Type.String(), amountCents: Cents, basis: Type.String(), basedOnYear: Type.Integer() }),
  ),
  totalCents: Cents,
});
const LumpSumResponse = Type.Array(Type.Object({ provider: Type.String(), providerName: Type.String(), theme: Type.String(), municipality: Type.String(), amountCents: Cents }));
const PaymentResponse = Type.Array(Type.Object({ provider: Type.String(), municipality: Type.String(), month: Type.String(), amountCents: Cents, paid: Type.Boolean() }));

function problem(status: number, title: string, detail: string, code?: string): Static<typeof Problem> {
  return { type: 'about:blank', title, status, detail, ...(code ? { code } : {}) };
}

export async function buildServer(ws: Workspace, options: { logLevel?: string } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logLevel && options.logLevel !== 'silent' ? { level: options.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie'] } : false,
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Jeugdregie API', version: '0.1.0', description: `Region ${ws.region.name}: budgets, lump sums, payments and the ledger. Amounts are euro cents as strings.` },
    },
  });

  app.setErrorHandler((error, _req, reply) => {
    // Refusals by a rule are the caller's to fix (409/404/400); anything else never leaks internals.
    if (error instanceof Refusal) {
      const p = problemOfRefusal(error, languageOf(_req.headers['accept-language']));
      return reply.status(p.status).type('application/problem+json').send(p);
    }
    const e = error as { validation?: unknown; statusCode?: number; message?: string };
    if (e.validation) return reply.status(400).type('application/problem+json').send(problem(400, 'Bad request', e.message ?? 'bad request'));
    if (e.statusCode === 404) return reply.status(404).type('application/problem+json').send(problem(404, 'Not found', 'no such resource'));
    app.log.error(error);
    return reply.status(500).type('application/problem+json').send(problem(500, 'Internal error', 'something went wrong; the error was logged'));
  });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.get<{ Querystring: { year?: string } }>('/', { schema: { hide: true } }, async (req, reply) => {
    const years = await allocatedYears(ws);
    const asked = Number(req.query.year);
    const year = Number.isInteger(asked) && asked >= 2000 && asked <= 2100 ? asked : (years[0] ?? 2028);
    const html = await renderHomePage(ws, year, years);
    return reply.type('text/html; charset=utf-8').send(html);
  });

  app.get('/api/region', { schema: { summary: 'The region configuration', response: { 200: Type.Any() } } }, async () => ({
    ...ws.region,
    budgets: undefined,
  }));

  app.get<{ Params: Static<typeof YearParams> }>(
    '/api/budgets/:year',
    { schema: { summary: "The region's budget for a year, per municipality", params: YearParams, response: { 200: BudgetResponse, 404: Problem } } },
    async (req) => {
      const b = await budgetForYear(ws, req.params.year);
      return {
        region: ws.region.id,
        year: b.year,
        municipalities: b.municipalities.map((m) => ({
          code: m.municipality,
          name: ws.region.municipalities.find((x) => x.code === m.municipality)?.name ?? m.municipality,
          amountCents: m.amountCents.toString(),
          basis: m.basis,
          basedOnYear: m.basedOnYear,
        })),
        totalCents: b.totalCents.toString(),
      };
    },
  );

  app.get<{ Params: Static<typeof YearParams>; Querystring: Static<typeof ProviderQuery> }>(
    '/api/lumpsums/:year',
    { schema: { summary: 'Lump sums per provider, theme and municipality', params: YearParams, querystring: ProviderQuery, response: { 200: LumpSumResponse } } },
    async (req) => (await lumpSums(ws, req.params.year, req.query.provider)).map((r) => ({ ...r, amountCents: r.amountCents.toString() })),
  );

  app.get<{ Params: Static<typeof YearParams>; Querystring: Static<typeof ProviderQuery> }>(
    '/api/payments/:year',
    { schema: { summary: 'The monthly payment schedule', params: YearParams, querystring: ProviderQuery, response: { 200: PaymentResponse } } },
    async (req) => (await payments(ws, req.params.year, req.query.provider)).map((r) => ({ ...r, amountCents: r.amountCents.toString() })),
  );

  app.get('/api/ledger', { schema: { summary: 'Every decision in the ledger', response: { 200: Type.Array(Type.Any()) } } }, async () =>
    JSON.parse(JSON.stringify(await ws.engine.entries())),
  );

  const ExplainQuery = Type.Object({
    provider: Type.String(),
    year: Type.Integer({ minimum: 2000, maximum: 2100 }),
    municipality: Type.Optional(Type.String()),
    month: Type.Optional(Type.String({ pattern: '^[0-9]{4}-[0-9]{2}$' })),
  });
  app.get<{ Querystring: Static<typeof ExplainQuery> }>(
    '/api/explain',
    { schema: { summary: 'The decisions and arithmetic behind a lump sum, contribution or payment', querystring: ExplainQuery, response: { 200: Type.Any(), 404: Problem } } },
    async (req) => JSON.parse(JSON.stringify(await explain(ws, req.query), (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))),
  );

  // The monitor. Until users and roles exist the API counts as a view for others than the data's
  // owner, so counts from 1 to 4 are suppressed (null with "suppressed": true) [DOMAIN.md §7].
  const PeriodFields = {
    period: Type.Optional(Type.String({ description: 'instead of from and to: a year (2028), quarter (2028-Q1), month (2028-03), date, or "from..to" of these' })),
    from: Type.Optional(Type.String({ format: 'date', description: 'first day (with to; or give period)' })),
    to: Type.Optional(Type.String({ format: 'date', description: 'last day (with from; or give period)' })),
  };
  const MonitorQuery = Type.Object({
    ...PeriodFields,
    by: Type.Optional(Type.String({ description: `comma-separated: ${DIMENSIONS.join(', ')}` })),
  });
  const TimelinessQuery = Type.Object({
    ...PeriodFields,
    startAfterDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 3650, description: "an assignment counts as 'without a start' after this many days (default: the region's monitorPolicy, else 30)" })),
  });
  const periodOf = (q: { period?: string; from?: string; to?: string }) => {
    try {
      return periodOfQuery(q);
    } catch (e) {
      throw e instanceof PeriodError ? new Refusal('QUERY_INVALID', { en: e.message, nl: e.message }) : e;
    }
  };
  const dimsOf = (text: string | undefined): Dimension[] => {
    const by = (text ?? 'municipality').split(',').map((s) => s.trim()).filter(Boolean);
    const bad = by.filter((d) => !(DIMENSIONS as readonly string[]).includes(d));
    if (bad.length > 0) throw new Refusal('DIMENSION_UNKNOWN', { names: bad, known: DIMENSIONS });
    return by as Dimension[];
  };
  const small = (n: number) => (n > 0 && n < SUPPRESS_BELOW ? null : n);
  app.get<{ Querystring: Static<typeof MonitorQuery> }>(
    '/api/monitor/reach',
    { schema: { summary: 'Reach: unique young people, starts, stops, in care at the end (counts below 5 suppressed)', querystring: MonitorQuery, response: { 200: Type.Any(), 400: Problem } } },
    async (req) =>
      (await reach(ws, periodOf(req.query), dimsOf(req.query.by))).map((r) => {
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
      }),
  );
  app.get<{ Querystring: Static<typeof MonitorQuery> }>(
    '/api/monitor/waiting',
    { schema: { summary: 'Waiting times in days (groups with fewer than 5 waits are suppressed)', querystring: MonitorQuery, response: { 200: Type.Any(), 400: Problem } } },
    async (req) =>
      (await waiting(ws, periodOf(req.query), dimsOf(req.query.by))).map((r) => ({
        ...r.group,
        requestToAssignment: r.requestToAssignment.count > 0 && r.requestToAssignment.count < SUPPRESS_BELOW ? null : r.requestToAssignment,
        assignmentToStart: r.assignmentToStart.count > 0 && r.assignmentToStart.count < SUPPRESS_BELOW ? null : r.assignmentToStart,
      })),
  );
  const PeriodQuery = Type.Object(PeriodFields);
  app.get<{ Querystring: Static<typeof PeriodQuery> }>(
    '/api/monitor/messages',
    {
      schema: {
        summary: 'Accepted messages per type in the period and what the monitor does with each (declarations are not part of the task-based variant; counts below 5 suppressed)',
        querystring: PeriodQuery,
        response: { 200: Type.Any(), 400: Problem },
      },
    },
    async (req) => (await messageCounts(ws, periodOf(req.query))).map((r) => ({ ...r, messages: small(r.messages), suppressed: small(r.messages) === null })),
  );
  app.get<{ Querystring: Static<typeof TimelinessQuery> }>(
    '/api/monitor/timeliness',
    { schema: { summary: 'Timeliness per provider and municipality (message counts; counts below 5 suppressed)', querystring: TimelinessQuery, response: { 200: Type.Any(), 400: Problem } } },
    async (req) =>
      (await timelinessFigures(ws, periodOf(req.query), req.query.startAfterDays ?? assignmentStartDeadlineDays(ws.region))).map((r) => {
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
      }),
  );

  return app;
}
