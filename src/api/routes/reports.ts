// Reports as files [issue 13 "The council report"]: the council report of a municipality for a half
// year, as PDF or HTML, answered as a download. Who may make which municipality's report is decided
// in src/domain/access/policy.ts (assertMayReportOn); its figures are read as that municipality's
// council sees them (src/app/council-report.ts); every download is an 'export' in the audit log.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { exportCouncilReport } from '../../app/council-report.ts';
import type { Workspace } from '../../app/workspace.ts';
import { viewerOf } from '../access.ts';
import { PROBLEM_RESPONSES } from '../errors.ts';
import { Code, Query } from '../schemas.ts';

const CouncilReportQuery = Query({
  municipality: Code('the CBS code of the municipality (0384); a municipality or council account: its own'),
  half: Type.String({ minLength: 1, maxLength: 16, description: 'the half year: 2028-H1 (January–June) or 2028-H2 (July–December), once the data cover its last day' }),
  format: Type.Optional(Type.Union([Type.Literal('pdf'), Type.Literal('html')], { description: 'pdf (default) or html' })),
});

const ReportFile = Type.String({
  format: 'binary',
  description: 'the report as a download (Content-Disposition: attachment): application/pdf, or text/html with styles and charts inline',
});

export function reportRoutes(app: FastifyInstance, ws: Workspace, queryTimeoutMs: number): void {
  app.get<{ Querystring: Static<typeof CouncilReportQuery> }>(
    '/api/reports/council',
    {
      config: { access: 'report.council' },
      schema: {
        summary: "The council report of a municipality for a half year (PDF or HTML): its figures beside the rest of the region's, as its council sees them (counts that could tell 1 to 4 young people hidden)",
        querystring: CouncilReportQuery,
        response: { 200: ReportFile, ...PROBLEM_RESPONSES },
      },
    },
    async (req, reply) => {
      const format = req.query.format ?? 'pdf';
      const { report, files } = await exportCouncilReport(viewerOf(req), ws, { municipality: req.query.municipality, half: req.query.half }, [format], { timeoutMs: queryTimeoutMs });
      const file = files[0]!;
      return reply
        .type(file.contentType)
        .header('Content-Disposition', `attachment; filename="${file.fileName}"`)
        .header('Data-Up-To', report.asOf)
        .header('Cache-Control', 'private, no-store')
        .send(file.bytes);
    },
  );
}
