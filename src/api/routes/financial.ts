// The providers' financial reports over HTTP [issue 14]: the template, delivery (a provider its own,
// with its token or in the browser), the deliveries of a year, utilisation with forecasts and
// signals, a signal's status, the key proposal and recording it, and settlement from the reports.
// Every route only authenticates; the use cases decide who sees what.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { keyProposal, parsePeriodText, reportsOf, setKeysFromProposal, setSignalStatus, submitReportFile, utilisationOf } from '../../app/financial-reports.ts';
import { reportTemplate } from '../../app/report-template.ts';
import { settleYear } from '../../app/decisions.ts';
import { uploadName, withUpload } from '../../app/uploads.ts';
import type { Workspace } from '../../app/workspace.ts';
import { CONTENT_TYPES } from '../../app/exports.ts';
import { SIGNAL_STATUSES } from '../../domain/decisions.ts';
import { Refusal } from '../../domain/errors.ts';
import { costOf, forecastOf } from '../../domain/financial-reports.ts';
import { outlookOf } from '../../app/outlook.ts';
import { viewerOf } from '../access.ts';
import { PROBLEM_RESPONSES } from '../errors.ts';
import { Code, NoQuery, Query, Year } from '../schemas.ts';
import { UPLOAD_BODY, UPLOAD_ROUTE, uploadedBytes } from '../uploads.ts';

const Report = Type.Union([Type.Literal('M4'), Type.Literal('M8'), Type.Literal('M12')], { description: 'the report period: M4 (January–April), M8 (January–August) or M12 (the year)' });
const AsOf = Type.String({ format: 'date', description: 'the date a missing report is judged at (default today, or the latest delivery date when later)' });
const Loose = (description: string) => Type.Object({}, { additionalProperties: true, description });
const Reason = Type.String({ minLength: 1, maxLength: 500, description: 'why (recorded in the ledger)' });

/** bigint → string, for JSON. */
const plain = <T>(v: T): unknown => JSON.parse(JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x)));

const TemplateQuery = Query({ provider: Code('the provider (DEMO01)'), year: Year, report: Type.Union([Report, Type.Literal('PLAN')], { description: 'M4, M8, M12, or PLAN for the annual plan' }) });
const SubmitQuery = Query({
  filename: Type.Optional(Type.String({ maxLength: 200, description: 'the file name, to name it in problems (its extension says CSV or XLSX)' })),
  asOf: Type.Optional(Type.String({ format: 'date', description: 'the delivery date (region role only; others deliver today)' })),
  reason: Type.Optional(Reason),
});
const YearQuery = Query({ year: Year });
const UtilisationQuery = Query({ year: Year, report: Report, asOf: Type.Optional(AsOf) });
const SignalBody = Type.Object(
  {
    signal: Type.String({ minLength: 1, maxLength: 200, description: 'the signal key, as the utilisation answer gives it' }),
    status: Type.Union(SIGNAL_STATUSES.map((s) => Type.Literal(s))),
    note: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
    date: Type.Optional(Type.String({ format: 'date' })),
    reason: Type.Optional(Reason),
  },
  { additionalProperties: false },
);
const ProposalQuery = Query({
  year: Year,
  method: Type.String({ minLength: 1, maxLength: 200, description: 'reach-cost, clients-previous-year, clients-three-year, budget, or a mix like reach-cost=50,budget=50' }),
  basisYear: Type.Optional(Year),
});
const FromProposalBody = Type.Object({ year: Year, method: Type.String({ minLength: 1, maxLength: 200 }), basisYear: Type.Optional(Year), reason: Type.Optional(Reason) }, { additionalProperties: false });
const SettleBody = Type.Object(
  { year: Year, thresholdPct: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}(\\.[0-9]{1,4})?$' })), reason: Type.Optional(Reason) },
  { additionalProperties: false, description: "settles the year from the providers' M12 reports, attributed per municipality by days in care" },
);
const OutlookQuery = Query({
  demandGrowthPct: Type.Optional(Type.String({ pattern: '^-?[0-9]{1,2}(\\.[0-9]{1,2})?$', description: 'yearly growth of demand in percent (default 0)' })),
  priceIndexPct: Type.Optional(Type.String({ pattern: '^-?[0-9]{1,2}(\\.[0-9]{1,2})?$', description: 'yearly price index in percent (default: the region file’s indexation)' })),
});
const Recorded = Type.Object({ seq: Type.Integer(), kind: Type.String(), result: Loose('what the decision produced, as recorded') }, { additionalProperties: true });

export function financialRoutes(app: FastifyInstance, ws: Workspace): void {
  app.get<{ Querystring: Static<typeof TemplateQuery> }>(
    '/api/financial-reports/template',
    {
      config: { access: 'report.submit' },
      schema: {
        summary: "The region's XLSX report template, pre-filled with the provider, care forms and areas, with an instructions sheet",
        querystring: TemplateQuery,
        response: { 200: { description: 'the template', content: { [CONTENT_TYPES.xlsx]: { schema: Type.String({ format: 'binary' }) } } }, ...PROBLEM_RESPONSES },
      },
    },
    async (req, reply) => {
      const { provider, year, report } = req.query;
      const bytes = await reportTemplate(viewerOf(req), ws, provider, year, report);
      return reply
        .type(CONTENT_TYPES.xlsx)
        .header('Content-Disposition', `attachment; filename="rapportage-${provider}-${year}-${report}.xlsx"`)
        .header('Cache-Control', 'no-store')
        .send(bytes);
    },
  );

  app.post<{ Querystring: Static<typeof SubmitQuery> }>(
    '/api/financial-reports',
    {
      ...UPLOAD_ROUTE,
      config: { access: 'report.submit' },
      schema: {
        summary: "Deliver a provider's financial report (M4, M8, M12) as the CLI's reports submit: all or nothing",
        description:
          'The body is the file itself, CSV or XLSX (the template): provider, year, period, care_form, cost_eur, forecast_year_eur, and optionally young_people, explanation, area and fte. A provider delivers its own report. A file with problems is refused (422) with every problem in `problems`, with its row and column. A new delivery for the same period replaces the previous one; both stay in the ledger.',
        querystring: SubmitQuery,
        body: UPLOAD_BODY,
        response: { 200: Loose('the ledger entry, the report as recorded (late or on time, what it replaces) and warnings that did not refuse it'), ...PROBLEM_RESPONSES },
      },
    },
    async (req) => {
      const viewer = viewerOf(req);
      const bytes = uploadedBytes(req);
      const name = uploadName(bytes, req.query.filename);
      if (req.query.asOf !== undefined && viewer.role !== 'region') {
        throw new Refusal('FORBIDDEN', { role: viewer.role, what: 'choose the delivery date of a report', whatNl: 'de leverdatum van een rapportage kiezen' });
      }
      const r = await withUpload(bytes, name, (path) => submitReportFile(viewer, ws, path, { ...(req.query.asOf ? { asOf: req.query.asOf } : {}), ...(req.query.reason ? { reason: req.query.reason } : {}) }));
      return plain({ seq: r.seq, kind: 'report.submit', result: r.result, warnings: r.warnings }) as object;
    },
  );

  app.get<{ Querystring: Static<typeof YearQuery> }>(
    '/api/financial-reports',
    {
      config: { access: 'utilisation.read', answers: 'by-data-version' },
      schema: { summary: 'The financial reports of a year: every delivery, the one in force last (a provider: its own)', querystring: YearQuery, response: { 200: Type.Array(Loose('a delivery')), ...PROBLEM_RESPONSES } },
    },
    async (req) => {
      const lists = await reportsOf(viewerOf(req), ws, req.query.year);
      return plain(
        lists.flatMap((list) =>
          list.map((r, i) => ({
            provider: r.provider,
            year: r.year,
            period: r.period,
            seq: r.seq,
            submittedOn: r.submittedOn,
            deadline: r.deadline,
            late: r.late,
            inForce: i === list.length - 1,
            source: r.source,
            costCents: costOf(r),
            forecastCents: forecastOf(r),
            lines: viewerOf(req).role === 'municipality' ? r.lines.map(({ youngPeople: _y, ...l }) => l) : r.lines,
            fte: r.fte,
            ...(r.explanation ? { explanation: r.explanation } : {}),
          })),
        ),
      ) as object[];
    },
  );

  app.get<{ Querystring: Static<typeof UtilisationQuery> }>(
    '/api/utilisation',
    {
      config: { access: 'utilisation.read', answers: 'by-data-version' },
      schema: {
        summary: 'Utilisation and forecasts per provider at a report period, with the signals and their status, and the cost attributed per municipality and area (steering element 1)',
        querystring: UtilisationQuery,
        response: { 200: Loose('year, period, asOf, lines per provider, totals'), ...PROBLEM_RESPONSES },
      },
    },
    async (req) => plain(await utilisationOf(viewerOf(req), ws, req.query.year, parsePeriodText(req.query.report), req.query.asOf)) as object,
  );

  app.post<{ Body: Static<typeof SignalBody> }>(
    '/api/signals/status',
    { config: { access: 'decision.record' }, schema: { summary: "Set a signal's status: open, discussion (with a note), closed", querystring: NoQuery, body: SignalBody, response: { 200: Recorded, ...PROBLEM_RESPONSES } } },
    async (req) => {
      const { reason, ...input } = req.body;
      const r = await setSignalStatus(viewerOf(req), ws, input, reason ?? 'signaalstatus');
      return plain({ seq: r.seq, kind: r.decision.kind, result: r.result }) as object;
    },
  );

  app.get<{ Querystring: Static<typeof ProposalQuery> }>(
    '/api/keys/proposal',
    {
      config: { access: 'keys.propose', answers: 'by-data-version' },
      schema: { summary: "A proposal for a year's contribution keys by a method (or mix), with its inputs and the effect per municipality; records nothing", querystring: ProposalQuery, response: { 200: Loose('the proposal'), ...PROBLEM_RESPONSES } },
    },
    async (req) => plain(await keyProposal(viewerOf(req), ws, req.query.year, req.query.method, req.query.basisYear)) as object,
  );

  app.post<{ Body: Static<typeof FromProposalBody> }>(
    '/api/decisions/keys-from-proposal',
    { config: { access: 'decision.record' }, schema: { summary: "Record a year's contribution keys from a proposal, with the method and its inputs in the ledger", querystring: NoQuery, body: FromProposalBody, response: { 200: Recorded, ...PROBLEM_RESPONSES } } },
    async (req) => {
      const r = await setKeysFromProposal(viewerOf(req), ws, req.body.year, req.body.method, req.body.reason ?? 'jaarlijkse herziening van de bijdragen', req.body.basisYear);
      return plain({ seq: r.seq, kind: r.decision.kind, result: r.result }) as object;
    },
  );

  app.post<{ Body: Static<typeof SettleBody> }>(
    '/api/decisions/settlement-from-reports',
    { config: { access: 'decision.record' }, schema: { summary: "Settle a year from the providers' M12 reports (and, where the region says so, true up the municipalities)", querystring: NoQuery, body: SettleBody, response: { 200: Recorded, ...PROBLEM_RESPONSES } } },
    async (req) => {
      const r = await settleYear(viewerOf(req), ws, req.body.year, undefined, req.body.reason ?? 'jaarafrekening', req.body.thresholdPct);
      return plain({ seq: r.seq, kind: r.decision.kind, result: r.result, ...('trueUp' in r ? { trueUp: { seq: r.trueUp.seq, result: r.trueUp.result } } : {}) }) as object;
    },
  );

  app.get<{ Querystring: Static<typeof OutlookQuery> }>(
    '/api/outlook',
    {
      config: { access: 'money.read', answers: 'by-data-version' },
      schema: { summary: 'The multi-year outlook to 2034: budget path against the cost and reach trend, with the gap per year, under scenario parameters', querystring: OutlookQuery, response: { 200: Loose('the outlook'), ...PROBLEM_RESPONSES } },
    },
    async (req) => plain(await outlookOf(viewerOf(req), ws, { ...(req.query.demandGrowthPct ? { demandGrowthPct: req.query.demandGrowthPct } : {}), ...(req.query.priceIndexPct ? { priceIndexPct: req.query.priceIndexPct } : {}) })) as object,
  );

}
