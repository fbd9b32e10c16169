// Imports through the web and the jobs that run them [issue 13 "Long work (imports, rebuilds) shows
// progress in the page"]: POST /api/imports/budget takes the file as its body and answers 202 with
// a job at once; GET /api/jobs/{id} says how far it is, and at the end the result or every problem
// of the file, one Dutch line each. The import is the CLI's (src/app/imports.ts), as the viewer.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { BUDGET_IMPORT_STEPS, importBudgetFile } from '../../app/imports.ts';
import { jobFor, jobsOf } from '../../app/jobs.ts';
import { uploadName, withUpload } from '../../app/uploads.ts';
import type { Workspace } from '../../app/workspace.ts';
import { euros } from '../../domain/catalogue/entry.ts';
import { viewerOf } from '../access.ts';
import { PROBLEM_RESPONSES } from '../errors.ts';
import { UPLOAD_BODY, UPLOAD_ROUTE, uploadedBytes } from '../uploads.ts';
import { Nullable, Query } from '../schemas.ts';

export const Job = Type.Object(
  {
    id: Type.String({ description: 'follow it at /api/jobs/{id}' }),
    kind: Type.String({ description: 'budget-import' }),
    state: Type.Union([Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
    done: Type.Integer({ minimum: 0, description: 'steps done' }),
    total: Type.Integer({ minimum: 1, description: 'steps in all' }),
    message: Type.String({ description: 'what it does now, or how it ended; when it failed every problem on its own line (Dutch)' }),
    result: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'once done: what the work produced (a budget import: the ledger entry, its years and totals)' })),
    startedBy: Type.String(),
    startedAt: Type.String({ format: 'date-time' }),
    finishedAt: Nullable(Type.String({ format: 'date-time' })),
  },
  { description: 'long work started through the web; kept in the server’s memory until a day after it ends' },
);
const ImportQuery = Query({
  reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: 'why (recorded in the ledger; default "budget adopted by the council", as the CLI)' })),
  filename: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: "the file's name, ending in .csv or .xlsx (problems name it; default bestand.csv or bestand.xlsx by its contents)" })),
});
const JobParams = Type.Object({ id: Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$', description: 'the id the import answered with' }) }, { additionalProperties: false });

export function importRoutes(app: FastifyInstance, ws: Workspace): void {
  app.post<{ Querystring: Static<typeof ImportQuery> }>(
    '/api/imports/budget',
    {
      ...UPLOAD_ROUTE,
      config: { access: 'decision.record' },
      schema: {
        summary: "Import adopted budgets from a CSV or XLSX file, as the CLI's budget import (all or nothing); answered at once with the job that runs it",
        description:
          'The body is the file itself (columns year, municipality, [line], amount_eur or amount_cents; Dutch names too). Follow the job at /api/jobs/{id} (also the Location header): a file with problems fails with every problem on its own line.',
        querystring: ImportQuery,
        body: UPLOAD_BODY,
        response: { 202: Job, ...PROBLEM_RESPONSES },
      },
    },
    async (req, reply) => {
      const viewer = viewerOf(req);
      const bytes = uploadedBytes(req);
      const name = uploadName(bytes, req.query.filename);
      const reason = req.query.reason ?? 'budget adopted by the council';
      const job = jobsOf(ws).start(
        viewer,
        'budget-import',
        BUDGET_IMPORT_STEPS,
        'wacht op de start',
        (progress) =>
          withUpload(bytes, name, async (path) => {
            const r = await importBudgetFile(viewer, ws, path, reason, progress);
            const totals = r.result.totals.map((t) => `${t.year} ${euros(t.totalCents)}`).join(', ');
            const reallocated = r.result.reallocated.length > 0 ? `; de lumpsums van ${r.result.reallocated.join(', ')} volgen de nieuwe begrotingen` : '';
            return { result: { seq: r.seq, ...r.result }, message: `vastgelegd als besluit #${r.seq}: ${totals}${reallocated}` };
          }),
        (e) => req.log.error(e),
      );
      return reply.code(202).header('Location', `/api/jobs/${job.id}`).send(job);
    },
  );

  app.get<{ Params: Static<typeof JobParams> }>(
    '/api/jobs/:id',
    { config: { access: 'decision.record' }, schema: { summary: 'How far a job is (an import), and how it ended', params: JobParams, querystring: Query({}), response: { 200: Job, ...PROBLEM_RESPONSES } } },
    async (req) => jobFor(viewerOf(req), ws, req.params.id),
  );
}
