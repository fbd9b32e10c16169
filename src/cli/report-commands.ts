// `report council`: the half-year report for one municipality's council, as PDF (and HTML)
// [issue 13 "The council report"]. The operator runs it; the figures are read as that
// municipality's council sees them (src/app/council-report.ts), so the same figures are hidden as on
// the web. The export is written to the audit log.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { readSettings } from '../config/settings.ts';
import { exportCouncilReport, type ReportFormat } from '../app/council-report.ts';
import { operator } from '../domain/access/viewer.ts';
import { Refusal } from '../domain/errors.ts';
import { dutchDate, parseHalfYear } from '../domain/reports/half-year.ts';
import { MAX_COMMENT_CHARS } from '../domain/reports/markdown.ts';
import { withWorkspace } from './workspace.ts';
import type { Io } from './main.ts';

interface CouncilOptions {
  municipality: string;
  half: string;
  out: string;
  html?: string;
  comment?: string;
}

/** The comment file as text (UTF-8), bounded before it is read whole. */
function readComment(file: string): string {
  const size = fs.statSync(file).size;
  // a character takes at most 4 bytes in UTF-8
  if (size > MAX_COMMENT_CHARS * 4) throw new Refusal('REPORT_COMMENT_TOO_LONG', { chars: size, max: MAX_COMMENT_CHARS }, { option: '--comment' });
  return fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
}

/** Writes a file whole or not at all: to a temporary name beside it, then renamed. */
function writeWhole(file: string, bytes: Buffer): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, bytes);
  fs.renameSync(tmp, file);
}

export function registerReportCommands(program: Command, io: Io): void {
  const report = program.command('report').description('reports for others: the council report (PDF and HTML)');
  report
    .command('council')
    .description("the half-year report for one municipality's council, with the rest of the region beside it: money, reach and flows, waiting times, timeliness (figures as that council sees them: counts of 1–4 young people hidden)")
    .requiredOption('--municipality <code>', 'the CBS code of the municipality (0384)')
    .requiredOption('--half <half>', 'the half year: 2028-H1 (January–June) or 2028-H2 (July–December)')
    .requiredOption('--out <file.pdf>', 'where to write the PDF')
    .option('--html <file.html>', 'also write the report as one HTML file')
    .option('--comment <file.md>', "the college's own comment (Markdown: paragraphs, headings, lists)")
    .action(async (opts: CouncilOptions) => {
      // everything that can be refused without the database is refused before it is opened
      const half = parseHalfYear(opts.half);
      const comment = opts.comment === undefined ? undefined : readComment(opts.comment);
      for (const [file, option] of [[opts.out, '--out'], [opts.html, '--html']] as const) {
        if (file !== undefined && !fs.existsSync(path.dirname(path.resolve(file)))) throw new Refusal('FILE_NOT_FOUND', { path: path.dirname(path.resolve(file)) }, { option });
      }
      const formats: ReportFormat[] = opts.html === undefined ? ['pdf'] : ['pdf', 'html'];
      await withWorkspace(async (ws) => {
        const { report: r, files } = await exportCouncilReport(operator(readSettings().actor), ws, { municipality: opts.municipality, half: half.code, comment }, formats);
        for (const f of files) {
          const file = f.format === 'pdf' ? opts.out : opts.html!;
          writeWhole(file, f.bytes);
          io.out(`${file}: ${f.format.toUpperCase()}, ${Math.ceil(f.bytes.length / 1024)} kB\n`);
        }
        io.err(`council report ${r.municipality.name} (${r.municipality.code}) ${r.half}: data up to ${r.asOf} (${dutchDate(r.asOf)})\n`);
      });
    });
}
