// `monitor`: reach figures from the iJw message traffic for any period, broken down by dimensions.
import type { Command } from 'commander';
import { messageCounts, reach, timelinessFigures, waiting } from '../app/monitor.ts';
import { rebuildTrajectories, storedTrajectoryCount } from '../app/trajectory-store.ts';
import { describeIngestStatus, ingestStatus } from '../app/ingest-runs.ts';
import type { Workspace } from '../app/workspace.ts';
import { periodOfQuery } from '../domain/period.ts';
import { DIMENSIONS, SUPPRESS_BELOW, type Dimension, type Period, type ReachRow } from '../domain/reach-figures.ts';
import { stopReasonEntries, stopReasonLabel } from '../domain/stop-reasons.ts';
import { assignmentStartDeadlineDays } from '../domain/region.ts';
import { withWorkspace } from './money-commands.ts';
import { parseFormat, renderRows, toJson, UsageError, type Column, type Format } from './output.ts';
import type { Io } from './main.ts';
import { figuresWithinData } from '../app/coverage.ts';
import { publishedFigures } from '../app/publication.ts';
import { providerNames } from '../app/queries.ts';
import { Refusal } from '../domain/errors.ts';


/** The options of a period: --period, or --from and --to. */
interface PeriodOptions { period?: string; from?: string; to?: string }

function periodOptions(command: Command): Command {
  return command
    .option('--period <period>', 'the period: a year (2028), quarter (2028-Q1), month (2028-03), date, or "from..to" of these; instead of --from/--to')
    .option('--from <date>', 'first day of the period (YYYY-MM-DD)')
    .option('--to <date>', 'last day of the period (YYYY-MM-DD)');
}

/** The columns of a breakdown; a provider is followed by its registry code and name (one provider, one identity). */
function groupColumns(by: readonly Dimension[]): Column[] {
  return by.flatMap((d) => (d === 'provider' ? [{ key: d, label: d }, { key: 'provider_code', label: 'provider_code' }, { key: 'provider_name', label: 'provider_name' }] : [{ key: d, label: d }]));
}

/** Rows whose group names a provider get its code and name beside the AGB code. */
async function withProviderNames<R extends { group: Readonly<Partial<Record<Dimension, string>>> }>(ws: Workspace, rows: readonly R[]): Promise<R[]> {
  if (!rows.some((r) => r.group.provider !== undefined)) return [...rows];
  const names = await providerNames(ws);
  return rows.map((r) => {
    if (r.group.provider === undefined) return r;
    const n = names(r.group.provider);
    return { ...r, group: { ...r.group, provider_code: n.providerCode, provider_name: n.providerName ?? '' } };
  });
}

function period(opts: PeriodOptions): Period {
  return periodOfQuery(opts, { period: '--period', from: '--from', to: '--to' });
}

function dimensions(text: string): Dimension[] {
  const by = text.split(',').map((s) => s.trim()).filter(Boolean) as Dimension[];
  const unknown = by.filter((d) => !(DIMENSIONS as readonly string[]).includes(d));
  if (unknown.length > 0) throw new UsageError(`unknown dimension(s) ${unknown.join(', ')}; choose from ${DIMENSIONS.join(', ')}`);
  return by;
}

/** The figures are read as they are; when an ingest did not finish or is going on, one line on stderr says how they fall short. */
async function warnIfIncomplete(ws: Workspace, io: Io): Promise<void> {
  const line = describeIngestStatus(await ingestStatus(ws));
  if (line !== undefined) io.err(`warning: ${line}\n`);
}

export function registerMonitorCommands(program: Command, io: Io): void {
  /**
   * The figures of a period as far as the data reach (src/app/coverage.ts); how far that is goes to
   * stderr, so the CSV or JSON on stdout keeps its shape.
   */
  async function withinData<T>(ws: Workspace, asked: Period, read: (ws: Workspace, period: Period) => Promise<T>): Promise<T> {
    await warnIfIncomplete(ws, io);
    const c = await figuresWithinData(ws, asked, read);
    io.err(`data up to ${c.dataUpTo}${c.cutShort ? `: the period is cut short there (no messages after ${c.dataUpTo} have been received)` : ''}\n`);
    return c.figures;
  }
  const monitor = program.command('monitor').description('the monitor: reach (default), waiting times and timeliness from the iJw traffic');
  monitor
    .command('rebuild')
    .description("throw the monitor's trajectories away and build them again from the stored messages (normally not needed: ingest keeps them up to date)")
    .action(async () => {
      await withWorkspace(async (ws) => {
        const t0 = performance.now();
        const people = await rebuildTrajectories(ws);
        const n = await storedTrajectoryCount(ws);
        io.out(`Rebuilt ${n} trajectories of ${people} young people in ${((performance.now() - t0) / 1000).toFixed(1)} s.\n`);
      });
    });
  periodOptions(monitor
    .command('timeliness'))
    .description('per provider and municipality: retroactive requests, late start/stop messages (OP271/OP272), assignments without a start')
    .option('--start-after-days <n>', 'an assignment counts as "without start" after this many days (default: the region\'s monitorPolicy, else 30)')
    .option('--format <format>', 'table, csv or json', 'table')
    .action(async (opts: PeriodOptions & { startAfterDays?: string; format: string }) => {
      const format = parseFormat(opts.format);
      const p = period(opts);
      const given = opts.startAfterDays === undefined ? undefined : Number(opts.startAfterDays);
      if (given !== undefined && (!Number.isInteger(given) || given < 0)) throw new UsageError(`--start-after-days must be a whole number of days (got "${opts.startAfterDays}")`);
      await withWorkspace(async (ws) => {
        const days = given ?? assignmentStartDeadlineDays(ws.region);
        const names = await providerNames(ws);
        const rows = (await withinData(ws, p, (w, q) => timelinessFigures(w, q, days))).map((r) => ({ ...r, ...names(r.provider) }));
        if (format === 'json') return void io.out(toJson(rows) + '\n');
        io.out(
          renderRows(
            [
              { key: 'provider', label: 'Aanbieder' },
              { key: 'provider_code', label: 'Code' },
              { key: 'provider_name', label: 'Naam' },
              { key: 'municipality', label: 'Gemeente' },
              { key: 'requests', label: 'Verzoeken' },
              { key: 'retroactive_requests', label: 'Met terugwerkende kracht' },
              { key: 'retroactive_share_pct', label: '%' },
              { key: 'retroactive_days_back_median', label: 'Dagen terug (mediaan)' },
              { key: 'retroactive_days_back_max', label: 'Dagen terug (max)' },
              { key: 'start_messages', label: 'Startberichten' },
              { key: 'late_start_messages', label: 'Te laat (OP271)' },
              { key: 'stop_messages', label: 'Stopberichten' },
              { key: 'late_stop_messages', label: 'Te laat (OP272)' },
              { key: 'assignments_without_start', label: `Toewijzing zonder start > ${days} d` },
            ],
            rows.map((r) => ({
              provider: r.provider,
              provider_code: r.providerCode,
              provider_name: r.providerName ?? '',
              municipality: r.municipality,
              requests: r.requests,
              retroactive_requests: r.retroactiveRequests,
              retroactive_share_pct: r.retroactiveSharePct,
              retroactive_days_back_median: r.retroactiveDaysBackMedian,
              retroactive_days_back_max: r.retroactiveDaysBackMax,
              start_messages: r.startMessages,
              late_start_messages: r.lateStartMessages,
              stop_messages: r.stopMessages,
              late_stop_messages: r.lateStopMessages,
              assignments_without_start: r.assignmentsWithoutStart,
            })),
            format,
          ),
        );
      });
    });
  periodOptions(monitor
    .command('messages'))
    .description('accepted messages per type in a period, and what the monitor does with each type (declarations JW323/325: recorded, not part of the task-based variant)')
    .option('--format <format>', 'table, csv or json', 'table')
    .action(async (opts: PeriodOptions & { format: string }) => {
      const format = parseFormat(opts.format);
      const p = period(opts);
      await withWorkspace(async (ws) => {
        const rows = await withinData(ws, p, messageCounts);
        if (format === 'json') return void io.out(toJson(rows) + '\n');
        io.out(
          renderRows(
            [
              { key: 'message_type', label: 'Bericht' },
              { key: 'name', label: 'Naam' },
              { key: 'messages', label: 'Aantal' },
              { key: 'in_figures', label: 'Telt mee' },
              { key: 'use', label: 'Gebruik in de monitor' },
            ],
            rows.map((r) => ({ message_type: r.messageType, name: r.name, messages: r.messages, in_figures: r.inFigures ? 'ja' : 'nee', use: r.use })),
            format,
          ),
        );
      });
    });
  periodOptions(monitor
    .command('waiting'))
    .description('waiting times in days: request → assignment and assignment → start (median, 80th percentile, max, count)')
    .option('--by <dims>', `comma-separated: ${DIMENSIONS.join(', ')}`, 'municipality')
    .option('--format <format>', 'table, csv or json', 'table')
    .action(async (opts: PeriodOptions & { by: string; format: string }) => {
      const format = parseFormat(opts.format);
      const p = period(opts);
      const by = dimensions(opts.by);
      await withWorkspace(async (ws) => {
        const rows = await withProviderNames(ws, await withinData(ws, p, (w, q) => waiting(w, q, by)));
        if (format === 'json') return void io.out(toJson(rows) + '\n');
        const cols = (prefix: string, label: string): Column[] => [
          { key: `${prefix}_count`, label: `${label} n` },
          { key: `${prefix}_median`, label: `${label} mediaan` },
          { key: `${prefix}_p80`, label: `${label} p80` },
          { key: `${prefix}_max`, label: `${label} max` },
        ];
        io.out(
          renderRows(
            [...groupColumns(by), ...cols('request_to_assignment', 'Verzoek→toewijzing'), ...cols('assignment_to_start', 'Toewijzing→start')],
            rows.map((r) => ({
              ...r.group,
              request_to_assignment_count: r.requestToAssignment.count,
              request_to_assignment_median: r.requestToAssignment.median,
              request_to_assignment_p80: r.requestToAssignment.p80,
              request_to_assignment_max: r.requestToAssignment.max,
              assignment_to_start_count: r.assignmentToStart.count,
              assignment_to_start_median: r.assignmentToStart.median,
              assignment_to_start_p80: r.assignmentToStart.p80,
              assignment_to_start_max: r.assignmentToStart.max,
            })),
            format,
          ),
        );
      });
    });
  reachCommand(monitor.command('reach', { isDefault: true }).description('reach: unique young people, starts, stops and in care at the end of a period'), (rows, by, format, count) => {
    const columns: Column[] = [
      ...groupColumns(by),
      { key: 'unique_youth', label: 'Unieke jeugdigen' },
      { key: 'starts', label: 'Starts' },
      { key: 'stops', label: 'Stops' },
      { key: 'in_care_end', label: 'In zorg op einddatum' },
    ];
    const out = rows.map((r) => ({ ...r.group, unique_youth: count(r.uniqueYouth), starts: count(r.starts), stops: count(r.stops), in_care_end: count(r.inCareEnd) }));
    // JSON carries the stops per reason as well (CSV and table keep their columns; see `monitor stops`)
    if (format === 'json') {
      const byReason = (r: (typeof rows)[number]) => Object.fromEntries(stopReasonEntries(r.stopsByReason).map(([code, n]) => [code, count(n)]));
      return toJson(out.map((o, i) => ({ ...o, stops_by_reason: byReason(rows[i]!) }))) + '\n';
    }
    return renderRows(columns, out, format);
  });
  reachCommand(monitor.command('stops').description('stops in a period by reason for ending (JZ588: planned, early by client or provider, transfer, …)'), (rows, by, format, count) => {
    const columns: Column[] = [
      ...groupColumns(by),
      { key: 'reason', label: 'Reden' },
      { key: 'reason_label', label: 'Omschrijving' },
      { key: 'stops', label: 'Stops' },
      { key: 'share_pct', label: '% van de stops' },
    ];
    const out = rows.flatMap((r) =>
      stopReasonEntries(r.stopsByReason).map(([code, n]) => ({
        ...r.group,
        reason: code,
        reason_label: stopReasonLabel(code),
        stops: count(n),
        share_pct: count(n) !== n || count(r.stops) !== r.stops ? null : Math.round((n / r.stops) * 1000) / 10,
      })),
    );
    return renderRows(columns, out, format);
  });

  /** A command over the reach figures of a period: --from, --to, --by, --suppress-small, --format. */
  function reachCommand(command: Command, render: (rows: ReachRow[], by: Dimension[], format: Format, count: (n: number) => number | string) => string): void {
    periodOptions(command)
      .option('--by <dims>', `comma-separated: ${DIMENSIONS.join(', ')}`, 'municipality')
      .option(
        '--suppress-small',
        `the figures as others than the region may see them (docs/decisions.md §36): a quarter, half year or year, by one dimension at most, with "x" for every count that could tell fewer than ${SUPPRESS_BELOW} young people`,
      )
      .option('--format <format>', 'table, csv or json', 'table')
      .action(async (opts: PeriodOptions & { by: string; format: string; suppressSmall?: boolean }) => {
        const format = parseFormat(opts.format);
        const p = period(opts);
        const by = dimensions(opts.by);
        if (!opts.suppressSmall) {
          await withWorkspace(async (ws) => io.out(render(await withProviderNames(ws, await withinData(ws, p, (w, q) => reach(w, q, by))), by, format, (n) => n)));
          return;
        }
        // For others: the protected publication, where a hidden count is null (shown as "x").
        if (by.length > 1) throw new Refusal('DISCLOSURE_BREAKDOWN', { count: by.length });
        await withWorkspace(async (ws) => {
          const published = await publishedFigures(ws, p);
          const hidden = -1;
          const n = (v: number | null) => v ?? hidden;
          const rows: ReachRow[] = (published.figures.reach[by[0] ?? 'total'] ?? []).map((r) => ({
            group: r.group,
            uniqueYouth: n(r.uniqueYouth),
            starts: n(r.starts),
            stops: n(r.stops),
            inCareEnd: n(r.inCareEnd),
            stopsByReason: Object.fromEntries(Object.entries(r.stopsByReason).map(([c, v]) => [c, n(v)])),
          }));
          io.out(render(await withProviderNames(ws, rows), by, format, (v) => (v === hidden ? 'x' : v)));
        });
      });
  }
}
