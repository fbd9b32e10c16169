// The council report of a municipality for a half year [issue 13 "The council report"]: its figures
// are read through the same use cases a council member's browser calls, with that municipality's
// council as the viewer (policy.ts councilViewerFor) — so the domain applies the council's scope
// and disclosure control exactly as on the web, whoever makes the report (the region, the
// municipality, the council itself, or the operator at the command line). Made as HTML and PDF;
// every export is in the audit log.
import { councilViewerFor } from '../domain/access/policy.ts';
import type { Viewer } from '../domain/access/viewer.ts';
import { Refusal } from '../domain/errors.ts';
import { assignmentStartDeadlineDays } from '../domain/region.ts';
import { buildCouncilReport, type CouncilReport, type MoneyFigures } from '../domain/reports/council-report.ts';
import { parseHalfYear } from '../domain/reports/half-year.ts';
import { MAX_COMMENT_CHARS, parseMarkdown } from '../domain/reports/markdown.ts';
import { latestMessageDate } from '../store/coverage-repository.ts';
import { audit } from './accounts.ts';
import type { ReadLimits } from './coverage.ts';
import { budgetFor, lumpSumsFor, paymentsFor } from './money-views.ts';
import { monitorReach, monitorTimeliness, monitorWaiting } from './monitor-views.ts';
import { councilReportHtml } from './reports/council-report-html.ts';
import { councilReportPdf } from './reports/council-report-pdf.ts';
import type { Workspace } from './workspace.ts';

export interface CouncilReportRequest {
  /** CBS code of the municipality. */
  readonly municipality: string;
  /** "2028-H1" */
  readonly half: string;
  /** The college's own comment, as Markdown. */
  readonly comment?: string | undefined;
}

/** A money listing, or null when the year has none yet (no budget, no allocation). */
async function orNone<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (e) {
    if (e instanceof Refusal && (e.code === 'YEAR_NOT_ALLOCATED' || e.code === 'NO_BUDGET')) return null;
    throw e;
  }
}

/** The report's content for the municipality's council, read as that council sees it. */
export async function councilReport(viewer: Viewer, ws: Workspace, request: CouncilReportRequest, limits: ReadLimits = {}): Promise<CouncilReport> {
  const half = parseHalfYear(request.half);
  const council = councilViewerFor(viewer, request.municipality);
  const region = ws.region;
  if (!region.municipalities.some((m) => m.code === request.municipality)) {
    throw new Refusal('UNKNOWN_MUNICIPALITY', { municipality: request.municipality, region: region.id, known: region.municipalities.map((m) => m.code) });
  }
  if (request.comment !== undefined && request.comment.length > MAX_COMMENT_CHARS) throw new Refusal('REPORT_COMMENT_TOO_LONG', { chars: request.comment.length, max: MAX_COMMENT_CHARS });
  const dataUpTo = await latestMessageDate(ws.store.db);
  if (dataUpTo === null || dataUpTo < half.period.from) throw new Refusal('REPORT_NO_DATA', { half: half.code, dataUpTo });
  const p = half.period;
  const reachTotal = await monitorReach(council, ws, p, ['municipality'], limits);
  const timeliness = await monitorTimeliness(council, ws, p, 'municipality', limits);
  // A half before the first message: nobody in care, nothing sent
  if (reachTotal.figures.length === 0 && timeliness.figures.every((r) => !r.requests && !r.startMessages && !r.stopMessages && !r.assignmentsWithoutStart)) {
    throw new Refusal('REPORT_NO_DATA', { half: half.code, dataUpTo });
  }
  const money: MoneyFigures = {
    year: half.year,
    budget: (await orNone(budgetFor(council, ws, half.year)))?.municipalities ?? null,
    lumpSums: await orNone(lumpSumsFor(council, ws, half.year)),
    payments: await orNone(paymentsFor(council, ws, half.year)),
  };
  return buildCouncilReport({
    region,
    municipality: request.municipality,
    half,
    dataUpTo: reachTotal.dataUpTo,
    period: reachTotal.period,
    assignmentStartDeadlineDays: assignmentStartDeadlineDays(region),
    money,
    reach: {
      total: reachTotal.figures,
      theme: (await monitorReach(council, ws, p, ['municipality', 'theme'], limits)).figures,
      careForm: (await monitorReach(council, ws, p, ['municipality', 'care_form'], limits)).figures,
    },
    waiting: {
      total: (await monitorWaiting(council, ws, p, ['municipality'], limits)).figures,
      theme: (await monitorWaiting(council, ws, p, ['municipality', 'theme'], limits)).figures,
      careForm: (await monitorWaiting(council, ws, p, ['municipality', 'care_form'], limits)).figures,
    },
    timeliness: timeliness.figures,
    comment: request.comment === undefined || request.comment.trim() === '' ? null : parseMarkdown(request.comment),
  });
}

export type ReportFormat = 'pdf' | 'html';

export interface RenderedReport {
  readonly format: ReportFormat;
  readonly bytes: Buffer;
  readonly contentType: string;
  /** "raadsrapportage-0384-2028-H1.pdf" */
  readonly fileName: string;
}

/** A report written out in a format (no I/O: the bytes). */
export async function renderCouncilReport(report: CouncilReport, format: ReportFormat): Promise<RenderedReport> {
  const bytes = format === 'pdf' ? await councilReportPdf(report) : Buffer.from(councilReportHtml(report), 'utf8');
  return { format, bytes, contentType: format === 'pdf' ? 'application/pdf' : 'text/html; charset=utf-8', fileName: `raadsrapportage-${report.municipality.code}-${report.half}.${format}` };
}

/** The report rendered in each format asked, and the export written to the audit log (who, which report, which formats). */
export async function exportCouncilReport(viewer: Viewer, ws: Workspace, request: CouncilReportRequest, formats: readonly ReportFormat[], limits: ReadLimits = {}): Promise<{ report: CouncilReport; files: RenderedReport[] }> {
  const report = await councilReport(viewer, ws, request, limits);
  const files: RenderedReport[] = [];
  for (const format of formats) files.push(await renderCouncilReport(report, format));
  await audit(ws, viewer, 'export', { what: 'council-report', municipality: report.municipality.code, half: report.half, formats: [...formats], dataUpTo: report.asOf });
  return { report, files };
}
