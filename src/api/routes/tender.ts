// The tender over HTTP [issue 16]: the tender team's record (submissions, ranking, coverage, the
// distribution what-if and its acceptance, the steps of the procedure and the documents), an
// assessor's own scores, and a bidder's own outcome. Every route only authenticates; the use cases
// decide who sees what (an assessor sees others' scores only once all have scored; a bidder sees
// nothing of the others).
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import {
  acceptDistribution,
  assessorSheet,
  awardTender,
  decideObjection,
  distributionWhatIf,
  importTenderFile,
  intendSelection,
  listTenders,
  ownTenderOutcomes,
  recordDraw,
  recordObjection,
  recordScores,
  tenderCoverageView,
  tenderDetail,
  tenderOf,
  tenderPlanYaml,
  withdrawBidder,
} from '../../app/tender.ts';
import { ownTenderNotice, tenderDocument } from '../../app/tender-documents.ts';
import { uploadName, withUpload } from '../../app/uploads.ts';
import type { Workspace } from '../../app/workspace.ts';
import { parseBases } from '../../domain/tender.ts';
import { viewerOf } from '../access.ts';
import { PROBLEM_RESPONSES } from '../errors.ts';
import { NoQuery, Query, Year } from '../schemas.ts';
import { UPLOAD_BODY, UPLOAD_ROUTE, uploadedBytes } from '../uploads.ts';

const Loose = (description: string) => Type.Object({}, { additionalProperties: true, description });
const Id = Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,40}$', description: 'the tender (AA-2028)' }) });
const Reason = Type.String({ minLength: 1, maxLength: 500, description: 'why (recorded in the ledger)' });
const DateField = Type.String({ format: 'date', description: "the date (default today in the region's time zone)" });
const Bidder = Type.String({ pattern: '^[A-Za-z0-9_-]{1,40}$', description: 'a bidder (its code)' });
const Basis = Type.String({ pattern: '^(capacity|score|mix:[0-9]{1,3}|[A-Za-z0-9]+=(capacity|score|mix:[0-9]{1,3})(,[A-Za-z0-9]+=(capacity|score|mix:[0-9]{1,3}))*)$', description: 'capacity, score or mix:N (N % by capacity), for all themes or per theme as A=mix:60,B=score' });

const ScoresBody = Type.Object(
  {
    scores: Type.Array(Type.Object({ bidder: Bidder, criterion: Type.String({ minLength: 1, maxLength: 40 }), value: Type.Integer({ minimum: 0, maximum: 100 }) }, { additionalProperties: false }), { minItems: 1, maxItems: 500 }),
    reason: Type.Optional(Reason),
  },
  { additionalProperties: false },
);
const DrawBody = Type.Object({ order: Type.Array(Bidder, { minItems: 2, maxItems: 100 }), witness: Type.String({ minLength: 1, maxLength: 500 }), reason: Type.Optional(Reason) }, { additionalProperties: false });
const DatedBody = Type.Object({ date: Type.Optional(DateField), reason: Type.Optional(Reason) }, { additionalProperties: false });
const ObjectionBody = Type.Object({ bidder: Bidder, text: Type.String({ minLength: 1, maxLength: 2000 }), date: Type.Optional(DateField), reason: Type.Optional(Reason) }, { additionalProperties: false });
const OutcomeBody = Type.Object({ objection: Type.Integer({ minimum: 1 }), outcome: Type.Union([Type.Literal('upheld'), Type.Literal('rejected')]), date: Type.Optional(DateField), reason: Reason }, { additionalProperties: false });
const WithdrawBody = Type.Object({ bidder: Bidder, date: Type.Optional(DateField), reason: Type.Optional(Reason) }, { additionalProperties: false });
const AcceptBody = Type.Object({ basis: Type.Optional(Basis), reason: Type.Optional(Reason) }, { additionalProperties: false });
const DistributionQuery = Query({ basis: Type.Optional(Basis), year: Type.Optional(Year) });
const PlanQuery = Query({ year: Year });
const Format = Type.Optional(Type.Union([Type.Literal('html'), Type.Literal('pdf')], { description: 'html (default) or pdf' }));
const DocumentQuery = Query({ format: Format });
const NoticeQuery = Query({ format: Format, bidder: Bidder });
const ImportQuery = Query({ filename: Type.Optional(Type.String({ maxLength: 200, description: 'the file name, to name it in problems (its extension says CSV or XLSX)' })), reason: Type.Optional(Reason) });

/** The basis asked for, or none (the accepted distribution, else by capacity): parsed by the domain. */
const basesOf = (text: string | undefined, themes: readonly string[]) => (text === undefined ? undefined : parseBases(text, themes));

const answer = (r: { seq: number; decision: { kind: string }; result: unknown }) => ({ seq: r.seq, kind: r.decision.kind, result: JSON.parse(JSON.stringify(r.result ?? {})) as object });
const Recorded = Type.Object({ seq: Type.Integer({ description: 'the ledger entry' }), kind: Type.String(), result: Loose('what the step produced, as recorded') });

export function tenderRoutes(app: FastifyInstance, ws: Workspace): void {
  const read = { access: 'tender.read' as const };
  const decide = { access: 'decision.record' as const };
  type WithId<B = unknown, Q = unknown> = { Params: Static<typeof Id>; Body: B; Querystring: Q };

  app.get('/api/tenders', { config: read, schema: { summary: 'Every tender: id, name, status, bidders, selected', querystring: NoQuery, response: { 200: Type.Array(Loose('a tender')), ...PROBLEM_RESPONSES } } }, async (req) => (await listTenders(viewerOf(req), ws)) as unknown as object[]);

  app.get<WithId>('/api/tenders/:id', { config: read, schema: { summary: "The tender's record: definition, submissions with requirements and scores, ranking, draws, standstill, objections, final selection, withdrawals", params: Id, querystring: NoQuery, response: { 200: Loose('the record'), ...PROBLEM_RESPONSES } } }, async (req) => (await tenderDetail(viewerOf(req), ws, req.params.id)) as unknown as object);

  app.get<WithId>(
    '/api/tenders/:id/assessor',
    { config: { access: 'tender.score' }, schema: { summary: "An assessor's sheet: its own scores, how many have scored, the others' scores only once all have", params: Id, querystring: NoQuery, response: { 200: Loose('the sheet'), ...PROBLEM_RESPONSES } } },
    async (req) => (await assessorSheet(viewerOf(req), ws, req.params.id)) as unknown as object,
  );

  app.post<WithId<Static<typeof ScoresBody>>>(
    '/api/tenders/:id/scores',
    { config: { access: 'tender.score' }, schema: { summary: "An assessor's own scores (recorded under its name; refused for anyone not an assessor of the tender)", params: Id, querystring: NoQuery, body: ScoresBody, response: { 200: Recorded, ...PROBLEM_RESPONSES } } },
    async (req) => answer(await recordScores(viewerOf(req), ws, req.params.id, req.body.scores, req.body.reason ?? 'eigen beoordeling')),
  );

  app.post<WithId<unknown, Static<typeof ImportQuery>>>(
    '/api/tenders/:id/import',
    {
      ...UPLOAD_ROUTE,
      config: decide,
      schema: {
        summary: 'Record submissions and scores from a file, as the CLI\'s tender import: all or nothing',
        description: 'The body is the file itself, CSV or XLSX, with the columns bidder, kind (bidder, theme, requirement, score, consensus, oral), item, assessor, value, reason. A file with problems is refused (422) with every problem and its row and column.',
        params: Id,
        querystring: ImportQuery,
        body: UPLOAD_BODY,
        response: { 200: Recorded, ...PROBLEM_RESPONSES },
      },
    },
    async (req) => {
      const bytes = uploadedBytes(req);
      return answer(await withUpload(bytes, uploadName(bytes, req.query.filename), (path) => importTenderFile(viewerOf(req), ws, path, req.params.id, req.query.reason ?? 'inschrijvingen en beoordelingen')));
    },
  );

  app.post<WithId<Static<typeof DrawBody>>>('/api/tenders/:id/draw', { config: decide, schema: { summary: 'Record the draw for bidders still tied after the tie rule', params: Id, querystring: NoQuery, body: DrawBody, response: { 200: Recorded, ...PROBLEM_RESPONSES } } }, async (req) =>
    answer(await recordDraw(viewerOf(req), ws, req.params.id, req.body.order, req.body.witness, req.body.reason ?? 'loting')),
  );
  app.post<WithId<Static<typeof DatedBody>>>('/api/tenders/:id/intend', { config: decide, schema: { summary: 'Make the intended selection known: the ranking is fixed, the standstill period starts', params: Id, querystring: NoQuery, body: DatedBody, response: { 200: Recorded, ...PROBLEM_RESPONSES } } }, async (req) =>
    answer(await intendSelection(viewerOf(req), ws, req.params.id, req.body.date, req.body.reason ?? 'voorgenomen selectie bekendgemaakt')),
  );
  app.post<WithId<Static<typeof ObjectionBody>>>('/api/tenders/:id/objections', { config: decide, schema: { summary: 'Record an objection of a bidder within the standstill period', params: Id, querystring: NoQuery, body: ObjectionBody, response: { 200: Recorded, ...PROBLEM_RESPONSES } } }, async (req) =>
    answer(await recordObjection(viewerOf(req), ws, req.params.id, req.body.bidder, req.body.text, req.body.date, req.body.reason ?? 'bezwaar ontvangen')),
  );
  app.post<WithId<Static<typeof OutcomeBody>>>('/api/tenders/:id/objection-outcome', { config: decide, schema: { summary: "Record an objection's outcome: rejected, or upheld (the intended selection is withdrawn)", params: Id, querystring: NoQuery, body: OutcomeBody, response: { 200: Recorded, ...PROBLEM_RESPONSES } } }, async (req) =>
    answer(await decideObjection(viewerOf(req), ws, req.params.id, req.body.objection, req.body.outcome, req.body.date, req.body.reason)),
  );
  app.post<WithId<Static<typeof DatedBody>>>('/api/tenders/:id/award', { config: decide, schema: { summary: 'Make the selection final after the standstill period (the selected become providers)', params: Id, querystring: NoQuery, body: DatedBody, response: { 200: Recorded, ...PROBLEM_RESPONSES } } }, async (req) =>
    answer(await awardTender(viewerOf(req), ws, req.params.id, req.body.date, req.body.reason ?? 'selectie definitief')),
  );
  app.post<WithId<Static<typeof WithdrawBody>>>('/api/tenders/:id/withdraw', { config: decide, schema: { summary: 'A selected bidder withdraws: the first of the waiting room takes its place', params: Id, querystring: NoQuery, body: WithdrawBody, response: { 200: Recorded, ...PROBLEM_RESPONSES } } }, async (req) =>
    answer(await withdrawBidder(viewerOf(req), ws, req.params.id, req.body.bidder, req.body.date, req.body.reason ?? 'terugtrekking')),
  );

  app.get<WithId>('/api/tenders/:id/coverage', { config: read, schema: { summary: 'Coverage per theme and area: demand against the selected providers’ capacity (gap, under, over, covered)', params: Id, querystring: NoQuery, response: { 200: Loose('the grid'), ...PROBLEM_RESPONSES } } }, async (req) => (await tenderCoverageView(viewerOf(req), ws, req.params.id)) as unknown as object);

  app.get<WithId<unknown, Static<typeof DistributionQuery>>>(
    '/api/tenders/:id/distribution',
    { config: read, schema: { summary: 'The distribution per theme (what-if, records nothing): shares and money as the allocation will split them', params: Id, querystring: DistributionQuery, response: { 200: Loose('the distribution'), ...PROBLEM_RESPONSES } } },
    async (req) => {
      const t = await tenderOf(ws, req.params.id);
      return (await distributionWhatIf(viewerOf(req), ws, req.params.id, basesOf(req.query.basis, t.definition.themes.map((x) => x.code)), req.query.year)) as unknown as object;
    },
  );
  app.post<WithId<Static<typeof AcceptBody>>>('/api/tenders/:id/distribution', { config: decide, schema: { summary: 'Accept the distribution (the final submission accepts it): the plan of the allocation', params: Id, querystring: NoQuery, body: AcceptBody, response: { 200: Recorded, ...PROBLEM_RESPONSES } } }, async (req) => {
    const t = await tenderOf(ws, req.params.id);
    const themes = t.definition.themes.map((x) => x.code);
    return answer(await acceptDistribution(viewerOf(req), ws, req.params.id, basesOf(req.body.basis ?? 'capacity', themes)!, req.body.reason ?? 'verdeling aanvaard'));
  });

  app.get<WithId<unknown, Static<typeof PlanQuery>>>(
    '/api/tenders/:id/plan',
    { config: read, schema: { summary: 'The allocation plan of the accepted distribution (YAML, for allocate --plan), with its ledger reference', params: Id, querystring: PlanQuery, response: { 200: { description: 'the plan', content: { 'application/yaml': { schema: Type.String() } } }, ...PROBLEM_RESPONSES } } },
    async (req, reply) => {
      const file = `verdeelplan-${req.query.year}.yaml`;
      const { yaml } = await tenderPlanYaml(viewerOf(req), ws, req.params.id, req.query.year, file);
      return reply.type('application/yaml; charset=utf-8').header('Content-Disposition', `attachment; filename="${file}"`).send(yaml);
    },
  );

  app.get<WithId<unknown, Static<typeof DocumentQuery>>>(
    '/api/tenders/:id/documents/proces-verbaal',
    { config: read, schema: { summary: "The region's statement of reasons (proces-verbaal), HTML or PDF", params: Id, querystring: DocumentQuery, response: { 200: { description: 'the document', content: { 'text/html': { schema: Type.String() }, 'application/pdf': { schema: Type.String({ format: 'binary' }) } } }, ...PROBLEM_RESPONSES } } },
    async (req, reply) => {
      const d = await tenderDocument(viewerOf(req), ws, req.params.id, { kind: 'proces-verbaal' }, req.query.format ?? 'html');
      return reply.type(d.contentType).header('Cache-Control', 'no-store').header('Content-Disposition', `${req.query.format === 'pdf' ? 'attachment' : 'inline'}; filename="proces-verbaal-${req.params.id}.${req.query.format ?? 'html'}"`).send(d.bytes);
    },
  );
  app.get<WithId<unknown, Static<typeof NoticeQuery>>>(
    '/api/tenders/:id/documents/notice',
    { config: read, schema: { summary: "A bidder's award notice with the reasons that concern it, HTML or PDF", params: Id, querystring: NoticeQuery, response: { 200: { description: 'the document', content: { 'text/html': { schema: Type.String() }, 'application/pdf': { schema: Type.String({ format: 'binary' }) } } }, ...PROBLEM_RESPONSES } } },
    async (req, reply) => {
      const d = await tenderDocument(viewerOf(req), ws, req.params.id, { kind: 'notice', bidder: req.query.bidder }, req.query.format ?? 'html');
      return reply.type(d.contentType).header('Cache-Control', 'no-store').header('Content-Disposition', `${req.query.format === 'pdf' ? 'attachment' : 'inline'}; filename="gunningsbericht-${req.query.bidder}.${req.query.format ?? 'html'}"`).send(d.bytes);
    },
  );

  // A bidder's own: its outcome in each tender, and its own notice.
  app.get('/api/tender-outcomes', { config: { access: 'tender.own' }, schema: { summary: "A bidder's own outcome in each tender (once the intended selection is known); nothing of the others", querystring: NoQuery, response: { 200: Type.Array(Loose('an outcome')), ...PROBLEM_RESPONSES } } }, async (req) => (await ownTenderOutcomes(viewerOf(req), ws)) as unknown as object[]);
  app.get<WithId<unknown, Static<typeof DocumentQuery>>>(
    '/api/tender-outcomes/:id/notice',
    { config: { access: 'tender.own' }, schema: { summary: "A bidder's own award notice, HTML or PDF", params: Id, querystring: DocumentQuery, response: { 200: { description: 'the document', content: { 'text/html': { schema: Type.String() }, 'application/pdf': { schema: Type.String({ format: 'binary' }) } } }, ...PROBLEM_RESPONSES } } },
    async (req, reply) => {
      const d = await ownTenderNotice(viewerOf(req), ws, req.params.id, req.query.format ?? 'html');
      return reply.type(d.contentType).header('Cache-Control', 'no-store').send(d.bytes);
    },
  );
}
