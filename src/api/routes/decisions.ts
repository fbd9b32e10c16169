// Decisions through the API, for the region role [issue 13 "Decisions through the web"]: the same
// rules and ledger entries as the CLI (src/app/decisions.ts), the refusals in Dutch (problem+json),
// and each answered with the ledger entry and the explanation of the figure it changed.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { adjustLumpSum, allocateYear, payInstalment, setKeys, settleYear } from '../../app/decisions.ts';
import { uploadName, withUpload } from '../../app/uploads.ts';
import { explainFor } from '../../app/money-views.ts';
import type { Workspace } from '../../app/workspace.ts';
import { parseYearMonth } from '../../domain/payment-schedule.ts';
import { viewerOf } from '../access.ts';
import { PROBLEM_RESPONSES } from '../errors.ts';
import { languageOf } from '../problem.ts';
import { Cents, NoQuery, Query, Year } from '../schemas.ts';
import { UPLOAD_BODY, UPLOAD_ROUTE, uploadedBytes } from '../uploads.ts';

const Reason = Type.String({ minLength: 1, maxLength: 500, description: 'why (recorded in the ledger)' });
const Recorded = Type.Object({
  seq: Type.Integer({ description: 'the ledger entry' }),
  kind: Type.String(),
  result: Type.Object({}, { additionalProperties: true, description: 'what the decision produced, as recorded' }),
  explanation: Type.Optional(Type.Object({ subject: Type.String(), amountCents: Cents, steps: Type.Array(Type.Object({ text: Type.String() }, { additionalProperties: true })) })),
});
const AllocationBody = Type.Object({ year: Year, reason: Type.Optional(Reason) }, { additionalProperties: false, description: "allocates the year by the latest earlier year's plan" });
const PaymentRunBody = Type.Object({ month: Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: 'the first month of the instalment to pay, YYYY-MM' }), reason: Type.Optional(Reason) }, { additionalProperties: false });
const AdjustmentBody = Type.Object(
  {
    provider: Type.String({ minLength: 1, maxLength: 40 }),
    year: Year,
    deltaCents: Type.String({ pattern: '^-?[0-9]{1,15}$', description: 'the change in cents, + or -' }),
    fromMonth: Type.Optional(Type.Integer({ minimum: 1, maximum: 12, description: 'default: the first month not yet paid' })),
    date: Type.Optional(Type.String({ format: 'date', description: "decision date (default today in the region's time zone)" })),
    reason: Reason,
    upwardReason: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
    forecastCostCents: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$' })),
    approval: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    explicitSplit: Type.Optional(
      Type.Object(
        {
          deviating: Type.Array(Type.String({ minLength: 1, maxLength: 10 }), { maxItems: 50 }),
          amounts: Type.Record(Type.String({ maxLength: 10 }), Type.String({ pattern: '^-?[0-9]{1,15}$' })),
          reason: Type.String({ maxLength: 500 }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
const KeysBody = Type.Object(
  {
    year: Year,
    basis: Type.String({ minLength: 1, maxLength: 200 }),
    keys: Type.Record(Type.String({ maxLength: 10 }), Type.String({ pattern: '^[0-9]{1,15}$' }), { description: 'weight per municipality (CBS code)' }),
    reason: Type.Optional(Reason),
  },
  { additionalProperties: false },
);

const SettlementQuery = Query({
  year: Year,
  thresholdPct: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}(\\.[0-9]{1,6})?$', description: "flag a municipality whose cost share deviates from its contribution share by more than this many percentage points (default: the region's settlementPolicy)" })),
  reason: Type.Optional(Reason),
  filename: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: "the file's name, ending in .csv or .xlsx (problems name it; default bestand.csv or bestand.xlsx by its contents)" })),
});

const answer = (r: { seq: number; decision: { kind: string }; result: unknown }) => ({ seq: r.seq, kind: r.decision.kind, result: JSON.parse(JSON.stringify(r.result, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as object });

export function decisionRoutes(app: FastifyInstance, ws: Workspace): void {
  const config = { access: 'decision.record' as const };

  app.post<{ Body: Static<typeof AllocationBody> }>(
    '/api/decisions/allocation',
    { config, schema: { summary: 'Allocate a year (by the latest earlier plan)', querystring: NoQuery, body: AllocationBody, response: { 200: Recorded, ...PROBLEM_RESPONSES } } },
    async (req) => answer(await allocateYear(viewerOf(req), ws, req.body.year, undefined, req.body.reason ?? 'allocation agreed in the tender dialogue')),
  );

  app.post<{ Body: Static<typeof PaymentRunBody> }>(
    '/api/decisions/payment-run',
    { config, schema: { summary: 'Record the payment run of one instalment (in order, once)', querystring: NoQuery, body: PaymentRunBody, response: { 200: Recorded, ...PROBLEM_RESPONSES } } },
    async (req) => {
      const { year, month } = parseYearMonth(req.body.month);
      return answer(await payInstalment(viewerOf(req), ws, year, month, req.body.reason ?? 'monthly payment run'));
    },
  );

  app.post<{ Body: Static<typeof AdjustmentBody> }>(
    '/api/decisions/adjustment',
    {
      config,
      schema: { summary: "Adjust a provider's lump sum during the year; answered with the new lump sum's explanation", querystring: NoQuery, body: AdjustmentBody, response: { 200: Recorded, ...PROBLEM_RESPONSES } },
    },
    async (req) => {
      const viewer = viewerOf(req);
      const r = await adjustLumpSum(viewer, ws, req.body, req.body.reason);
      const e = await explainFor(viewer, ws, { provider: req.body.provider, year: req.body.year }, languageOf(req.headers['accept-language']));
      return { ...answer(r), explanation: { ...e, amountCents: e.amountCents.toString() } };
    },
  );

  app.post<{ Querystring: Static<typeof SettlementQuery> }>(
    '/api/decisions/settlement',
    {
      ...UPLOAD_ROUTE,
      config,
      schema: {
        summary: "Settle a year from the providers' 12-month cost reports, as the CLI's settle (the lump sum stays; deviating municipalities are flagged)",
        description:
          'The body is the cost file itself, CSV or XLSX (columns provider, municipality, and cost_eur or cost_cents; Dutch names too), every provider of the year once per municipality. A file with problems is refused with every problem in `problems`.',
        querystring: SettlementQuery,
        body: UPLOAD_BODY,
        response: { 200: Recorded, ...PROBLEM_RESPONSES },
      },
    },
    async (req) => {
      const viewer = viewerOf(req);
      const bytes = uploadedBytes(req);
      const name = uploadName(bytes, req.query.filename);
      const { year, thresholdPct, reason } = req.query;
      return answer(await withUpload(bytes, name, (path) => settleYear(viewer, ws, year, path, reason ?? 'year-end settlement', thresholdPct)));
    },
  );

  app.post<{ Body: Static<typeof KeysBody> }>(
    '/api/decisions/keys',
    { config, schema: { summary: 'Set the contribution keys of a year', querystring: NoQuery, body: KeysBody, response: { 200: Recorded, ...PROBLEM_RESPONSES } } },
    async (req) => answer(await setKeys(viewerOf(req), ws, req.body.year, req.body.keys, req.body.basis, req.body.reason ?? 'annual revision of contributions')),
  );
}
