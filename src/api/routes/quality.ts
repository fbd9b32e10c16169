// The CBS deliveries, coverage and outcome indicators over HTTP [issue 15]: the template, delivering
// (a provider its own, with its token or in the browser), the delivery log, a provider's mirror,
// coverage and outcomes. Every route only authenticates; the use cases decide who sees what.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { bijDeliveryLog, bijMirror, coverageView, outcomesView, submitBijFile } from '../../app/bij.ts';
import { bijTemplate } from '../../app/bij-template.ts';
import { goalsView } from '../../app/goals.ts';
import { nationalComparison } from '../../app/national.ts';
import { underServing } from '../../app/under-serving.ts';
import { CONTENT_TYPES } from '../../app/exports.ts';
import { PseudonymKeyError } from '../../app/pseudonym-key.ts';
import { uploadName, withUpload } from '../../app/uploads.ts';
import type { Workspace } from '../../app/workspace.ts';
import { OUTCOME_BREAKDOWNS } from '../../domain/outcomes.ts';
import { COVERAGE_BREAKDOWNS } from '../../domain/source-coverage.ts';
import { viewerOf } from '../access.ts';
import { PROBLEM_RESPONSES } from '../errors.ts';
import { Code, NoQuery, Query, Year } from '../schemas.ts';
import { UPLOAD_BODY, UPLOAD_ROUTE, uploadedBytes } from '../uploads.ts';

const HalfYear = Type.String({ pattern: '^[0-9]{4}-H[12]$', description: 'a half year: 2028-H1 (January–June) or 2028-H2 (July–December)' });
const Loose = (description: string) => Type.Object({}, { additionalProperties: true, description });

const SubmitQuery = Query({
  provider: Type.String({ minLength: 1, maxLength: 40, description: "the provider's code or one of its AGB codes (a provider: its own)" }),
  half: HalfYear,
  filename: Type.Optional(Type.String({ maxLength: 200, description: 'the file name, to name it in problems (its extension says CSV or XLSX)' })),
  asOf: Type.Optional(Type.String({ format: 'date', description: 'the delivery date (region role only; others deliver today)' })),
});
const TemplateQuery = Query({ format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('xlsx')], { description: 'csv (the contract columns) or xlsx (Dutch labels and the code lists; default)' })) });
const MirrorQuery = Query({ half: HalfYear, provider: Code('the provider: its code or an AGB code (a provider: its own)') });
const CoverageQuery = Query({ half: HalfYear, by: Type.Optional(Type.Union(COVERAGE_BREAKDOWNS.map((b) => Type.Literal(b)), { description: 'breakdown (default provider)' })) });
const OutcomesPeriodQuery = Query({ year: Year, half: Type.Optional(Type.Union([Type.Literal('H1'), Type.Literal('H2')], { description: 'only this half of the year' })) });
const UnderServingQuery = Query({ provider: Code('the provider (DEMO01)'), half: HalfYear });
const OutcomesQuery = Query({ year: Year, half: Type.Optional(Type.Union([Type.Literal('H1'), Type.Literal('H2')], { description: 'only this half of the year' })), by: Type.Optional(Type.Union(OUTCOME_BREAKDOWNS.map((b) => Type.Literal(b)), { description: 'breakdown (default provider)' })) });

export function qualityRoutes(app: FastifyInstance, ws: Workspace, pseudonym: ((bsn: string) => string) | undefined): void {
  app.get<{ Querystring: Static<typeof TemplateQuery> }>(
    '/api/bij/template',
    {
      config: { access: 'bij.submit' },
      schema: { summary: 'The CBS delivery template: CSV with the protocol fields by name, or XLSX with Dutch labels and the code lists', querystring: TemplateQuery, response: { 200: { description: 'the template', content: { [CONTENT_TYPES.xlsx]: { schema: Type.String({ format: 'binary' }) }, 'text/csv': { schema: Type.String() } } }, ...PROBLEM_RESPONSES } },
    },
    async (req, reply) => {
      const t = await bijTemplate(viewerOf(req), req.query.format ?? 'xlsx');
      return reply.type(t.format === 'csv' ? 'text/csv; charset=utf-8' : CONTENT_TYPES.xlsx).header('Content-Disposition', `attachment; filename="cbs-levering.${t.format}"`).header('Cache-Control', 'no-store').send(t.bytes);
    },
  );

  app.post<{ Querystring: Static<typeof SubmitQuery> }>(
    '/api/bij',
    {
      ...UPLOAD_ROUTE,
      config: { access: 'bij.submit' },
      schema: {
        summary: "Deliver a provider's CBS delivery (Beleidsinformatie Jeugd) for a half year, as the CLI's bij submit: all or nothing, replacing the period",
        description:
          'The body is the file itself, CSV or XLSX: bsn, birth_date, gender, postcode, referrer, care_form, crisis, start_date, end_date, end_reason, and optionally satisfaction, without_help, informant (codes and JJJJMMDD dates as the protocol). BSNs become keyed pseudonyms at the door; nothing identifying is stored. A file with problems is refused (422) with every problem and its row and column.',
        querystring: SubmitQuery,
        body: UPLOAD_BODY,
        response: { 200: Loose('accepted, merged, rejected, the period, lateness and what it replaced'), ...PROBLEM_RESPONSES },
      },
    },
    async (req) => {
      const viewer = viewerOf(req);
      if (!pseudonym) throw new PseudonymKeyError();
      const bytes = uploadedBytes(req);
      const name = uploadName(bytes, req.query.filename);
      const r = await withUpload(bytes, name, (path) =>
        submitBijFile(viewer, ws, path, { provider: req.query.provider, period: req.query.half, pseudonym, ...(req.query.asOf ? { asOf: req.query.asOf } : {}) }),
      );
      return { ...r, problems: [] };
    },
  );

  app.get(
    '/api/bij/deliveries',
    { config: { access: 'bij.submit', answers: 'by-data-version' }, schema: { summary: 'Every CBS delivery (a provider: its own): half year, date, records, lateness', querystring: NoQuery, response: { 200: Type.Array(Loose('a delivery')), ...PROBLEM_RESPONSES } } },
    async (req) => (await bijDeliveryLog(viewerOf(req), ws)) as unknown as object[],
  );

  app.get<{ Querystring: Static<typeof MirrorQuery> }>(
    '/api/bij/mirror',
    { config: { access: 'bij.submit', answers: 'by-data-version' }, schema: { summary: "A provider's mirror: its delivered records per municipality and care form, as CBS returns them", querystring: MirrorQuery, response: { 200: Loose('provider, period, rows'), ...PROBLEM_RESPONSES } } },
    async (req) => (await bijMirror(viewerOf(req), ws, req.query.half, req.query.provider)) as unknown as object,
  );

  app.get<{ Querystring: Static<typeof CoverageQuery> }>(
    '/api/coverage',
    {
      config: { access: 'coverage.read', answers: 'by-data-version' },
      schema: {
        summary: 'How complete each source is for a half year: young people in both the CBS deliveries and the traffic, only in one, the shares each confirms, dates that disagree; the reach of both together',
        querystring: CoverageQuery,
        response: { 200: Loose('rows in the viewer’s scope and the region’s row (protected for others than the region)'), ...PROBLEM_RESPONSES },
      },
    },
    async (req) => (await coverageView(viewerOf(req), ws, req.query.half, req.query.by ?? 'provider')) as unknown as object,
  );

  app.get<{ Querystring: Static<typeof OutcomesQuery> }>(
    '/api/outcomes',
    {
      config: { access: 'quality.read', answers: 'by-data-version' },
      schema: {
        summary: 'The national outcome indicators: dropout, no new start within the window, satisfaction and continuing without help where delivered',
        querystring: OutcomesQuery,
        response: { 200: Loose('rows in the viewer’s scope and the region’s row (protected for others than the region)'), ...PROBLEM_RESPONSES },
      },
    },
    async (req) => (await outcomesView(viewerOf(req), ws, req.query.half ? `${req.query.year}-${req.query.half}` : String(req.query.year), req.query.by ?? 'provider')) as unknown as object,
  );

  app.get(
    '/api/goals',
    {
      config: { access: 'monitor.read', answers: 'by-data-version' },
      schema: {
        summary: "The themes' goals: each KPI per year against its baseline and the path to the 2028 and 2034 targets, per scope (the region; a municipality its own and its areas), with signals where a KPI is off its path",
        querystring: NoQuery,
        response: { 200: Loose('years, KPIs with their scopes and points, signals, the population source and the start photo'), ...PROBLEM_RESPONSES },
      },
    },
    async (req) => (await goalsView(viewerOf(req), ws)) as unknown as object,
  );

  app.get<{ Querystring: Static<typeof OutcomesPeriodQuery> }>(
    '/api/national',
    {
      config: { access: 'monitor.read', answers: 'by-data-version' },
      schema: {
        summary: "Our counts per municipality beside CBS's StatLine figures (85097NED, 85094NED, 85098NED) for the same half year or year, with the difference and why the definitions differ",
        querystring: OutcomesPeriodQuery,
        response: { 200: Loose('period and a table per StatLine table and measure imported'), ...PROBLEM_RESPONSES },
      },
    },
    async (req) => (await nationalComparison(viewerOf(req), ws, req.query.half ? `${req.query.year}-${req.query.half}` : String(req.query.year))) as unknown as object,
  );

  app.get<{ Querystring: Static<typeof UnderServingQuery> }>(
    '/api/under-serving',
    {
      config: { access: 'underserving.read', answers: 'by-data-version' },
      schema: {
        summary: "A provider's under-serving panel for a half year: refusals (JW319), waits above the region's threshold, dropout above the region's, young people in care falling while the lump sum stays (the region and the provider itself only)",
        querystring: UnderServingQuery,
        response: { 200: Loose('provider, period and the four items with their figures'), ...PROBLEM_RESPONSES },
      },
    },
    async (req) => (await underServing(viewerOf(req), ws, req.query.provider, req.query.half)) as unknown as object,
  );
}
