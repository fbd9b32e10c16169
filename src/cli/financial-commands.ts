// The providers' financial reports at the command line [issue 14]: the template, delivering a
// report, the utilisation view with its signals, a signal's status, and the key proposal.
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { keyProposal, parsePeriodText, parseReportKindText, reportsOf, setSignalStatus, submitReportFile, utilisationOf } from '../app/financial-reports.ts';
import { reportTemplate } from '../app/report-template.ts';
import { outlookOf } from '../app/outlook.ts';
import { readSettings } from '../config/settings.ts';
import { operator } from '../domain/access/viewer.ts';
import { SIGNAL_STATUSES, type SignalStatus } from '../domain/decisions.ts';
import { Refusal } from '../domain/errors.ts';
import { costOf, forecastOf } from '../domain/financial-reports.ts';
import { ExitCode } from './ingest-commands.ts';
import { asRefusal, describeError } from './errors.ts';
import { parseFormat, printListing, toJson } from './output.ts';
import { dateOption, textOption, yearOption } from './options.ts';
import { withWorkspace } from './workspace.ts';
import type { Io } from './main.ts';

/** Exit codes of `reports submit` (the interface contract): accepted, failed, refused. */
export const SUBMIT_EXIT = { accepted: 0, failed: 1, refused: 2 } as const;

/** A refusal as the problems list of `--format json`: each problem's place and its message in Dutch. */
function problemsJson(r: Refusal): { problems: { sheet: string | null; row: number | null; column: string | null; message: string }[] } {
  const list = r.problems.length > 0 ? r.problems : [r];
  return {
    problems: list.map((p) => ({
      sheet: p.where?.sheet ?? null,
      row: p.where?.row ?? null,
      column: p.where?.column ?? null,
      message: new Refusal(p.code, p.params as never).text('nl'),
    })),
  };
}

export function registerFinancialCommands(program: Command, io: Io): void {
  registerOutlook(program, io);
  const reports = program.command('reports').description("providers' financial reports (M4, M8, M12): template, delivery, listing");

  reports
    .command('template')
    .description("write the region's XLSX report template, pre-filled with the provider, care forms and areas")
    .requiredOption('--provider <code>', 'provider')
    .requiredOption('--year <year>', 'year')
    .requiredOption('--period <period>', 'M4, M8 or M12, or PLAN for the annual plan')
    .requiredOption('--out <file>', 'the .xlsx file to write')
    .action(async (opts: { provider: string; year: string; period: string; out: string }) => {
      const year = yearOption(opts.year);
      const period = parseReportKindText(opts.period);
      await withWorkspace(async (ws) => {
        const bytes = await reportTemplate(operator(readSettings().actor), ws, opts.provider.trim(), year, period);
        await writeFile(opts.out, bytes);
        io.out(`Wrote the ${period} ${year} report template of ${opts.provider.trim()} to ${opts.out}.\n`);
      });
    });

  reports
    .command('submit')
    .description("deliver a provider's report (CSV or XLSX): all or nothing; exit 0 accepted, 2 refused, 1 failed")
    .argument('<file>', 'the report (.csv or .xlsx)')
    .option('--as-of <YYYY-MM-DD>', "the delivery date (default today, in the region's time zone); decides whether it is late")
    .option('--reason <text>', 'why (default: the period and year)')
    .option('--format <format>', 'table or json', 'table')
    .action(async (file: string, opts: { asOf?: string; reason?: string; format: string }) => {
      const format = parseFormat(opts.format);
      const settings = readSettings();
      try {
        const asOf = opts.asOf === undefined ? undefined : dateOption(opts.asOf, '--as-of');
        await withWorkspace(async (ws) => {
          const r = await submitReportFile(operator(settings.actor), ws, file, { ...(asOf ? { asOf } : {}), ...(opts.reason ? { reason: textOption(opts.reason, '--reason')! } : {}) });
          if (format === 'json') {
            io.out(toJson({ seq: r.seq, ...r.result, warnings: r.warnings.map((w) => ({ code: w.code, care_form: w.careForm, message: w.nl })) }) + '\n');
            return;
          }
          const res = r.result;
          io.out(
            `Recorded the ${res.period === 'PLAN' ? 'annual plan' : `${res.period} report`} ${res.year} of ${res.provider} as ledger entry #${r.seq}` +
              (res.replaces !== undefined ? `, replacing #${res.replaces}` : '') +
              (res.late ? `; LATE: the deadline was ${res.deadline}` : `; on time (deadline ${res.deadline})`) +
              '.\n',
          );
          for (const w of r.warnings) io.out(`warning: ${settings.language === 'nl' ? w.nl : w.en}\n`);
        });
      } catch (thrown) {
        const e = asRefusal(thrown);
        if (!e) throw thrown;
        if (format === 'json') io.out(toJson(problemsJson(e)) + '\n');
        else for (const line of describeError(e, { lang: settings.language, debug: settings.debug })) io.err(line + '\n');
        throw new ExitCode(SUBMIT_EXIT.refused);
      }
    });

  reports
    .command('list')
    .description('the reports of a year: every delivery, with its date, lateness and totals')
    .requiredOption('--year <year>', 'year')
    .option('--format <format>', 'table, csv or json', 'table')
    .action(async (opts: { year: string; format: string }) => {
      const year = yearOption(opts.year);
      const format = parseFormat(opts.format);
      await withWorkspace(async (ws) => {
        const lists = await reportsOf(operator(readSettings().actor), ws, year);
        const rows = lists.flatMap((list) =>
          list.map((r, i) => ({
            provider: r.provider,
            period: r.period,
            seq: r.seq,
            submitted_on: r.submittedOn,
            deadline: r.deadline,
            late: format === 'table' ? (r.late ? 'ja' : 'nee') : r.late,
            in_force: format === 'table' ? (i === list.length - 1 ? 'ja' : 'vervangen') : i === list.length - 1,
            cost_cents: costOf(r),
            forecast_cents: forecastOf(r),
            source: r.source,
          })),
        );
        printListing(io, format, {
          columns: [
            { key: 'provider', label: 'Aanbieder' },
            { key: 'period', label: 'Periode' },
            { key: 'seq', label: 'Besluit' },
            { key: 'submitted_on', label: 'Ingeleverd' },
            { key: 'deadline', label: 'Termijn' },
            { key: 'late', label: 'Te laat' },
            { key: 'in_force', label: 'Geldt' },
            { key: 'cost_cents', label: 'Kosten', money: true },
            { key: 'forecast_cents', label: 'Prognose', money: true },
            { key: 'source', label: 'Bron' },
          ],
          rows,
        });
      });
    });

  program
    .command('utilisation')
    .description('utilisation and forecasts per provider at a report period, with signals (steering element 1)')
    .requiredOption('--year <year>', 'year')
    .requiredOption('--period <period>', 'M4, M8 or M12')
    .option('--as-of <YYYY-MM-DD>', 'the date a missing report is judged at (default today)')
    .option('--format <format>', 'table, csv or json', 'table')
    .action(async (opts: { year: string; period: string; asOf?: string; format: string }) => {
      const year = yearOption(opts.year);
      const period = parsePeriodText(opts.period);
      const format = parseFormat(opts.format);
      const asOf = opts.asOf === undefined ? undefined : dateOption(opts.asOf, '--as-of');
      await withWorkspace(async (ws) => {
        const v = await utilisationOf(operator(readSettings().actor), ws, year, period, asOf);
        printListing(io, format, {
          columns: [
            { key: 'provider', label: 'Aanbieder' },
            { key: 'lump_sum_cents', label: 'Lumpsum', money: true },
            { key: 'cost_cents', label: 'Kosten', money: true },
            { key: 'provider_forecast_cents', label: 'Prognose aanbieder', money: true },
            { key: 'linear_forecast_cents', label: 'Lineaire prognose', money: true },
            { key: 'utilisation_pct', label: 'Uitnutting %' },
            { key: 'signals', label: 'Signalen' },
          ],
          rows: v.lines.map((l) => ({
            provider: l.provider,
            lump_sum_cents: l.lumpSumCents,
            cost_cents: l.costCents ?? null,
            provider_forecast_cents: l.providerForecastCents ?? null,
            linear_forecast_cents: l.linearForecastCents ?? null,
            utilisation_pct: l.utilisationPct ?? null,
            signals: [...new Set(l.signals.map((s) => s.code))].join(';'),
          })),
          json: () => v,
        });
        if (format === 'table') {
          for (const l of v.lines) {
            for (const s of l.signals) io.out(`${l.provider} [${s.code}] ${l.statuses[s.key]?.status ?? 'open'}: ${s.en} (key ${s.key})\n`);
          }
        }
      });
    });

  const signals = program.command('signals').description('signals from the reports: set their status');
  signals
    .command('status')
    .description('set a signal\'s status: open, discussion (with --note), closed')
    .requiredOption('--signal <key>', 'the signal key, as `utilisation` shows it (e.g. "2028|M8|P03|forecast_over_lump_sum")')
    .requiredOption('--status <status>', 'open, discussion or closed')
    .option('--note <text>', 'with whom and what was agreed (required for discussion)')
    .option('--date <YYYY-MM-DD>', 'date of the status (default today)')
    .option('--reason <text>', 'why', 'signal status')
    .action(async (opts: { signal: string; status: string; note?: string; date?: string; reason: string }) => {
      if (!(SIGNAL_STATUSES as readonly string[]).includes(opts.status)) throw new Refusal('SIGNAL_STATUS_INVALID', { text: opts.status }, { option: '--status' });
      const date = opts.date === undefined ? undefined : dateOption(opts.date, '--date');
      const note = textOption(opts.note, '--note');
      await withWorkspace(async (ws) => {
        const r = await setSignalStatus(operator(readSettings().actor), ws, { signal: opts.signal, status: opts.status as SignalStatus, ...(note ? { note } : {}), ...(date ? { date } : {}) }, textOption(opts.reason, '--reason')!);
        io.out(`Signal ${r.result.signal} is ${r.result.status}${r.result.previous ? ` (was ${r.result.previous})` : ''}: ledger entry #${r.seq}.\n`);
      });
    });
}

/** `outlook`: the multi-year outlook to 2034. */
export function registerOutlook(program: Command, io: Io): void {
  program
    .command('outlook')
    .description('the multi-year outlook to 2034: budget path against the cost trend (reports) and the reach trend (traffic), with the gap per year')
    .option('--demand-growth <pct>', 'yearly growth of demand in percent (default 0)')
    .option('--price-index <pct>', "yearly price index in percent (default: the region file's indexation of each year)")
    .option('--municipality <code>', 'one municipality (default: the region)')
    .option('--format <format>', 'table, csv or json', 'table')
    .action(async (opts: { demandGrowth?: string; priceIndex?: string; municipality?: string; format: string }) => {
      const format = parseFormat(opts.format);
      await withWorkspace(async (ws) => {
        const o = await outlookOf(operator(readSettings().actor), ws, { ...(opts.demandGrowth ? { demandGrowthPct: opts.demandGrowth } : {}), ...(opts.priceIndex ? { priceIndexPct: opts.priceIndex } : {}) });
        const m = opts.municipality ?? '';
        if (m && !ws.region.municipalities.some((x) => x.code === m)) throw new Refusal('UNKNOWN_MUNICIPALITY', { municipality: m, region: ws.region.id, known: ws.region.municipalities.map((x) => x.code) }, { option: '--municipality' });
        printListing(io, format, {
          columns: [
            { key: 'year', label: 'Jaar' },
            { key: 'budget_cents', label: 'Begroting', money: true },
            { key: 'budget_basis', label: 'Basis' },
            { key: 'cost_cents', label: 'Kosten', money: true },
            { key: 'cost_basis', label: 'Kostenbasis' },
            { key: 'gap_cents', label: 'Ruimte (+) / tekort (-)', money: true },
            { key: 'young_people', label: 'Jeugdigen' },
          ],
          rows: o.rows
            .filter((r) => r.municipality === m)
            .map((r) => ({ year: r.year, budget_cents: r.budgetCents, budget_basis: r.budgetBasis, cost_cents: r.costCents, cost_basis: r.costBasis, gap_cents: r.gapCents, young_people: r.youngPeople })),
          json: () => o,
        });
        if (format === 'table') for (const n of o.notes) io.out(`${n}\n`);
      });
    });
}

/** `keys propose`: registered with the keys group (src/cli/money/keys.ts). */
export function registerKeysPropose(keys: Command, io: Io): void {
  keys
    .command('propose')
    .description("compute next year's contribution keys by a method, recording nothing; the cents add up to the year's region budget")
    .requiredOption('--year <year>', 'the year the keys are for')
    .requiredOption('--method <method>', 'reach-cost, clients-previous-year, clients-three-year, budget, or a mix like reach-cost=50,budget=50')
    .option('--basis-year <year>', 'the year the figures are taken from (default the year before)')
    .option('--format <format>', 'table, csv or json', 'table')
    .action(async (opts: { year: string; method: string; basisYear?: string; format: string }) => {
      const year = yearOption(opts.year);
      const basisYear = opts.basisYear === undefined ? undefined : yearOption(opts.basisYear, '--basis-year');
      const format = parseFormat(opts.format);
      await withWorkspace(async (ws) => {
        const p = await keyProposal(operator(readSettings().actor), ws, year, opts.method, basisYear);
        printListing(io, format, {
          columns: [
            { key: 'municipality', label: 'Gemeente' },
            { key: 'current_share_pct', label: 'Aandeel nu %' },
            { key: 'proposed_share_pct', label: 'Aandeel voorstel %' },
            { key: 'current_cents', label: 'Bijdrage nu', money: true },
            { key: 'proposed_cents', label: 'Bijdrage voorstel', money: true },
            { key: 'difference_cents', label: 'Verschil', money: true },
          ],
          rows: p.rows.map((r) => ({
            municipality: r.municipality,
            current_share_pct: r.currentSharePct,
            proposed_share_pct: r.proposedSharePct,
            current_cents: r.currentCents,
            proposed_cents: r.proposedCents,
            difference_cents: r.differenceCents,
          })),
          json: () => p,
        });
        if (format === 'table') {
          io.out(`Method ${p.method}, basis year ${p.basisYear}; current keys: ${p.currentBasis}. Nothing was recorded; record with "jeugdregie keys set --year ${year} --from-proposal ${p.method}".\n`);
          for (const i of p.inputs) io.out(`  ${i.method}${p.inputs.length > 1 ? ` (weight ${i.weight})` : ''}: ${i.description}\n`);
          const above = p.rows.filter((r) => r.aboveBudget).map((r) => r.municipality);
          if (above.length > 0) io.out(`Note: the proposal asks more than the council budgeted of ${above.join(', ')}.\n`);
          for (const w of p.warnings) io.out(`warning: ${w.en}\n`);
        }
      });
    });
}
