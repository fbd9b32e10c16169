// `ingest`: iJw messages from files and folders. Exit 0 when nothing was rejected, 2 when some
// messages were rejected, 1 when the command itself failed. `ingest runs`: the recorded runs.
import type { Command } from 'commander';
import { readSettings } from '../config/settings.ts';
import { expandInputs, ingestFiles, inputsKeyOf, LONG_INGEST_MESSAGES, readSpilledErrors, removeSpilledErrors, type IngestError, type IngestSummary } from '../app/ingest.ts';
import { describeIngestStatus, handledOf, IngestRun, ingestStatus, listIngestRuns } from '../app/ingest-runs.ts';
import { resolvePseudonymKey } from '../app/pseudonym-key.ts';
import { Pseudonymiser } from '../ijw/pseudonym.ts';
import { withWorkspace } from './workspace.ts';
import { parseFormat, renderRows, toJson } from './output.ts';
import type { Io } from './main.ts';
import { Refusal } from '../domain/errors.ts';

export class ExitCode extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
    this.name = 'ExitCode';
  }
}

/** Messages between two lines of --progress-lines. */
const PROGRESS_LINE_EVERY = 1000;

export function registerIngestCommands(program: Command, io: Io): void {
  const ingest = program
    .command('ingest')
    .description('read iJw 3.2 messages (files, folders or zip archives) into the monitor; exit 2 when some were rejected')
    .argument('<paths...>', 'message files, folders or .zip archives')
    .option('--format <format>', 'table (summary) or json', 'table')
    .option('--progress-lines', 'report progress on stderr as a line every 1,000 messages (for the log of a scheduled run; a terminal shows a bar)')
    .action(async (paths: string[], opts: { format: string; progressLines?: boolean }) => {
      const format = parseFormat(opts.format);
      const settings = readSettings();
      const key = resolvePseudonymKey(settings, (l) => io.err(l + '\n'));
      const pseudonymiser = new Pseudonymiser(key);
      const plan = await expandInputs(paths);
      const tty = process.stderr.isTTY === true && format !== 'json';
      let lastDraw = 0;
      let reported = 0;
      const summary = await withWorkspace(async (ws) => {
        // A run that did not finish is said before this one starts: delivering the same files completes it.
        const before = describeIngestStatus(await ingestStatus(ws));
        if (before !== undefined) io.err(`note: ${before}\n`);
        const run = await IngestRun.start(ws.store, { command: 'ingest', inputs: paths.length, inputsKey: inputsKeyOf(paths, pseudonymiser) });
        return ingestFiles(ws, plan, pseudonymiser, () => new Date(), (done, total) => {
          if (opts.progressLines) {
            if (Math.floor(done / PROGRESS_LINE_EVERY) > reported || done === total) {
              reported = Math.floor(done / PROGRESS_LINE_EVERY);
              process.stderr.write(`ingest: ${done}/${total} messages handled\n`);
            }
            return;
          }
          if (!tty) return;
          const t = Date.now();
          if (t - lastDraw < 100 && done < total) return;
          lastDraw = t;
          const width = 30;
          const filled = total === 0 ? width : Math.round((done / total) * width);
          process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
          if (done === total) process.stderr.write('\n');
        }, {
          run,
          onRefreshing: () => {
            if (opts.progressLines) process.stderr.write(`ingest: every message stored; refreshing the monitor's trajectories\n`);
          },
        });
      }, { longRunning: plan.total >= LONG_INGEST_MESSAGES });
      try {
        if (format === 'json') await writeSummaryJson(summary, io);
        else {
          io.out(`${plan.total} message file(s): ${summary.accepted} accepted, ${summary.duplicates} duplicate(s), ${summary.rejected} rejected.\n`);
          for (const e of summary.errors.slice(0, 50)) io.out(`  ${e.file}${e.line ? `:${e.line}` : ''}: ${e.path ? `${e.path}: ` : ''}${e.message}\n`);
          if (summary.rejected > 50) io.out(`  … and ${summary.rejected - 50} more (use --format json for all)\n`);
        }
      } finally {
        removeSpilledErrors(summary);
      }
      if (summary.rejected > 0) throw new ExitCode(2);
    });

  ingest
    .command('runs')
    .description('the recorded ingest runs, newest first: when, what started them, how far they got (a run that did not finish shows as interrupted)')
    .option('--format <format>', 'table, csv or json', 'table')
    .option('--limit <n>', 'at most this many runs', '100')
    .action(async (opts: { format: string; limit: string }, command: Command) => {
      // `ingest` has a --format of its own, and commander hands it the value when it follows `runs`.
      const given = command.parent?.getOptionValueSource('format') === 'cli' ? (command.parent.opts() as { format: string }).format : undefined;
      const format = parseFormat(given ?? opts.format);
      const limit = /^\d{1,6}$/.test(opts.limit.trim()) ? Number(opts.limit) : NaN;
      if (!Number.isInteger(limit) || limit < 1) throw limitRefusal(opts.limit);
      await withWorkspace(async (ws) => {
        const runs = await listIngestRuns(ws, limit);
        const rows = runs.map((r) => ({
          run: r.id,
          command: r.command,
          state: r.state,
          phase: r.phase,
          started_at: r.startedAt,
          finished_at: r.finishedAt,
          messages: r.messages,
          handled: handledOf(r),
          accepted: r.accepted,
          duplicates: r.duplicates,
          rejected: r.rejected,
          refreshed: r.refreshed,
          completed_by: r.completedBy,
          failure: r.failure,
        }));
        if (format === 'json') return void io.out(toJson(rows) + '\n');
        io.out(
          renderRows(
            [
              { key: 'run', label: 'Run' },
              { key: 'command', label: 'Opdracht' },
              { key: 'state', label: 'Toestand' },
              { key: 'phase', label: 'Fase' },
              { key: 'started_at', label: 'Begonnen' },
              { key: 'finished_at', label: 'Klaar' },
              { key: 'messages', label: 'Berichten' },
              { key: 'handled', label: 'Verwerkt' },
              { key: 'accepted', label: 'Aanvaard' },
              { key: 'duplicates', label: 'Dubbel' },
              { key: 'rejected', label: 'Geweigerd' },
              { key: 'refreshed', label: 'Jeugdigen ververst' },
              { key: 'completed_by', label: 'Voltooid door run' },
              { key: 'failure', label: 'Fout' },
            ],
            rows,
            format,
          ),
        );
      });
    });
}

const limitRefusal = (value: string) =>
  new Refusal('OPTION_INVALID', { option: '--limit', value, expected: { en: 'a whole number from 1 to 999999', nl: 'een geheel getal van 1 tot en met 999999' } });

/**
 * The `--format json` summary: {"accepted","rejected","duplicates","errors":[…]} with every error, the
 * spilled ones (beyond those kept in memory) streamed from their file in the same layout.
 */
export async function writeSummaryJson(summary: IngestSummary, io: Io): Promise<void> {
  const { accepted, rejected, duplicates, errors } = summary;
  if (summary.moreErrors === undefined) {
    io.out(toJson({ accepted, rejected, duplicates, errors }) + '\n');
    return;
  }
  // The same layout as toJson gives for the whole list, written a block at a time.
  const head = toJson({ accepted, rejected, duplicates, errors: [] });
  let block = head.slice(0, head.lastIndexOf('[]')) + '[';
  let first = true;
  const add = (e: IngestError) => {
    // indent on \n only: JSON.stringify leaves U+2028/U+2029 unescaped and /^/m would split there too
    block += (first ? '\n' : ',\n') + '    ' + toJson(e).split('\n').join('\n    ');
    first = false;
    if (block.length > 64 * 1024) {
      io.out(block);
      block = '';
    }
  };
  for (const e of errors) add(e);
  for await (const e of readSpilledErrors(summary)) add(e);
  io.out(block + (first ? ']\n}\n' : '\n  ]\n}\n'));
}
