// The money side of the API: the region, budgets, lump sums, payments, the ledger and `explain`.
// Read-only; amounts are euro cents as strings of digits.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { budgetFor, explainFor, ledgerFor, lumpSumsFor, paymentsFor, regionFor } from '../../app/money-views.ts';
import { viewerOf } from '../access.ts';
import type { Workspace } from '../../app/workspace.ts';
import { PROBLEM_RESPONSES } from '../errors.ts';
import { languageOf } from '../problem.ts';
import { Cents, Code, NoQuery, Nullable, Query, Year } from '../schemas.ts';

const YearParams = Type.Object({ year: Year }, { additionalProperties: false });
const ProviderQuery = Query({ provider: Type.Optional(Code('a provider code from the allocation plan (DEMO01)')) });

const Named = Type.Object({ code: Type.String(), name: Type.String() });
const Region = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    maxProviders: Type.Optional(Type.Integer()),
    municipalities: Type.Array(Named),
    areas: Type.Array(
      Type.Object({
        id: Type.String(),
        name: Type.String(),
        description: Type.Optional(Type.String()),
        municipalities: Type.Array(Type.String()),
        within: Type.Optional(Type.Object({ municipality: Type.String(), pc4: Type.Array(Type.String()) })),
      }),
    ),
    themes: Type.Array(Named),
    careForms: Type.Array(Type.Object({ category: Type.String(), name: Type.String() })),
    careFormMapping: Type.Record(Type.String(), Type.String()),
    budgetPolicy: Type.Object({ indexation: Type.Record(Type.String(), Type.String()) }),
    settlementPolicy: Type.Object({ deviationThresholdPct: Type.String() }),
    monitorPolicy: Type.Optional(Type.Object({ assignmentStartDeadlineDays: Type.Optional(Type.Integer()) })),
    upwardReasons: Type.Array(Type.Object({ code: Type.String(), description: Type.String() })),
  },
  { description: 'the region configuration (adopted budgets: /api/budgets/{year})' },
);
const Budget = Type.Object({
  region: Type.String(),
  year: Type.Integer(),
  municipalities: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), amountCents: Cents, basis: Type.String(), basedOnYear: Type.Integer() })),
  totalCents: Cents,
});
const LumpSums = Type.Array(Type.Object({ provider: Type.String(), providerName: Type.String(), theme: Type.String(), municipality: Type.String(), amountCents: Cents }));
const Payments = Type.Array(Type.Object({ provider: Type.String(), municipality: Type.String(), month: Type.String(), amountCents: Cents, paid: Type.Boolean() }));
const Ledger = Type.Array(
  Type.Object({
    seq: Type.Integer(),
    recordedAt: Type.String(),
    actor: Type.String(),
    reason: Type.String(),
    decision: Type.Object({ kind: Type.String() }, { additionalProperties: true, description: 'the decision as recorded; its fields depend on kind' }),
    result: Type.Object({}, { additionalProperties: true, description: 'a summary of the figures the decision produced' }),
  }),
);
const ExplainQuery = Query({
  provider: Code('a provider code from the allocation plan (DEMO01)'),
  year: Year,
  municipality: Type.Optional(Code('a CBS municipality code (0363): explain its contribution')),
  month: Type.Optional(Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: 'a month of that year, written YYYY-MM (with municipality: explain that payment)' })),
});
const Explanation = Type.Object({
  subject: Type.String(),
  amountCents: Cents,
  steps: Type.Array(
    Type.Object({
      seq: Nullable(Type.Integer()),
      kind: Type.String(),
      recordedAt: Nullable(Type.String()),
      actor: Nullable(Type.String()),
      reason: Nullable(Type.String()),
      text: Type.String(),
    }),
  ),
});

export function moneyRoutes(app: FastifyInstance, ws: Workspace): void {
  app.get('/api/region', { config: { access: 'region.read', answers: 'by-data-version' }, schema: { summary: 'The region configuration', querystring: NoQuery, response: { 200: Region, ...PROBLEM_RESPONSES } } }, async (req) => ({
    ...regionFor(viewerOf(req), ws),
    budgets: undefined,
  }));

  app.get<{ Params: Static<typeof YearParams> }>(
    '/api/budgets/:year',
    { config: { access: 'money.read', answers: 'by-data-version' }, schema: { summary: "The region's budget for a year, per municipality", params: YearParams, querystring: NoQuery, response: { 200: Budget, ...PROBLEM_RESPONSES } } },
    async (req) => {
      const b = await budgetFor(viewerOf(req), ws, req.params.year);
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
    { config: { access: 'money.read', answers: 'by-data-version' }, schema: { summary: 'Lump sums per provider, theme and municipality', params: YearParams, querystring: ProviderQuery, response: { 200: LumpSums, ...PROBLEM_RESPONSES } } },
    async (req) => (await lumpSumsFor(viewerOf(req), ws, req.params.year, req.query.provider)).map((r) => ({ ...r, amountCents: r.amountCents.toString() })),
  );

  app.get<{ Params: Static<typeof YearParams>; Querystring: Static<typeof ProviderQuery> }>(
    '/api/payments/:year',
    { config: { access: 'money.read', answers: 'by-data-version' }, schema: { summary: 'The monthly payment schedule', params: YearParams, querystring: ProviderQuery, response: { 200: Payments, ...PROBLEM_RESPONSES } } },
    async (req) => (await paymentsFor(viewerOf(req), ws, req.params.year, req.query.provider)).map((r) => ({ ...r, amountCents: r.amountCents.toString() })),
  );

  app.get('/api/ledger', { config: { access: 'ledger.read' }, schema: { summary: 'Every decision in the ledger', querystring: NoQuery, response: { 200: Ledger, ...PROBLEM_RESPONSES } } }, async (req) =>
    JSON.parse(JSON.stringify(await ledgerFor(viewerOf(req), ws))) as unknown,
  );

  app.get<{ Querystring: Static<typeof ExplainQuery> }>(
    '/api/explain',
    {
      config: { access: 'money.explain' },
      schema: {
        summary: 'The decisions and arithmetic behind a lump sum, contribution or payment (texts in Dutch, or English with Accept-Language: en)',
        querystring: ExplainQuery,
        response: { 200: Explanation, ...PROBLEM_RESPONSES },
      },
    },
    async (req) => {
      const e = await explainFor(viewerOf(req), ws, req.query, languageOf(req.headers['accept-language']));
      return { ...e, amountCents: e.amountCents.toString() };
    },
  );
}
