// jeugdregie adjust: the one in-year adjustment of a provider's lump sum [DOMAIN.md §4 rules 1–5].
import type { Command } from 'commander';
import { adjustLumpSum } from '../../app/decisions.ts';
import { forecastFromReport, parsePeriodText } from '../../app/financial-reports.ts';
import { operator } from '../../domain/access/viewer.ts';
import { readSettings } from '../../config/settings.ts';
import type { AdjustmentRequestJson } from '../../domain/decisions.ts';
import { formatEuros } from '../../domain/money.ts';
import { monthLabel } from '../../domain/payment-schedule.ts';
import { usage } from '../output.ts';
import { amountOption, dateOption, monthOption, pairsOption, textOption, yearOption } from '../options.ts';
import { withWorkspace } from '../workspace.ts';
import type { Io } from '../main.ts';

interface AdjustOptions {
  provider: string;
  year: string;
  amount?: string;
  amountCents?: string;
  from?: string;
  reason: string;
  upwardReason?: string;
  forecast?: string;
  forecastCents?: string;
  deviating?: string;
  split?: string;
  splitReason?: string;
  date?: string;
  approval?: string;
  forecastFrom?: string;
}

export function registerAdjust(program: Command, io: Io): void {
  program
    .command('adjust')
    .description("adjust a provider's lump sum during the year (at most once a year, never retroactively)")
    .requiredOption('--provider <code>', 'provider')
    .requiredOption('--year <year>', 'year')
    .option('--amount <euros>', 'change in euros, + or - (e.g. 250000 or -120000.50)')
    .option('--amount-cents <cents>', 'change in cents')
    .option('--from <YYYY-MM>', 'first month the new amount applies to (default: the first month not yet paid)')
    .requiredOption('--reason <text>', 'why')
    .option('--upward-reason <code>', "for an increase: the unforeseen circumstance (the region file's upwardReasons)")
    .option('--forecast <euros>', "for a decrease: the provider's forecast cost for the year")
    .option('--forecast-cents <cents>', 'the forecast in cents')
    .option('--forecast-from <period>', "for a decrease: take the forecast from the provider's M4 or M8 report (recorded with the report used)")
    .option('--deviating <codes>', 'municipalities whose costs deviate (comma-separated); they get the amounts of --split, the others share the rest')
    .option('--split <pairs>', 'the deviating municipalities\' parts in cents, e.g. 0363=100000,0362=0')
    .option('--split-reason <text>', 'why the split deviates from the contributions')
    .option('--approval <reference>', 'reference of the approval to exceed the contract value (seed 003 §3.3.1)')
    .option('--date <YYYY-MM-DD>', "decision date (default today, in the region's time zone)")
    .action(async (opts: AdjustOptions) => {
      const year = yearOption(opts.year);
      const provider = textOption(opts.provider, '--provider')!;
      const reason = textOption(opts.reason, '--reason')!;
      const delta = amountOption(opts.amount, opts.amountCents, '--amount', { required: true, signed: true })!;
      const forecast = amountOption(opts.forecast, opts.forecastCents, '--forecast', { required: false, signed: false });
      const from = opts.from === undefined ? undefined : monthOption(opts.from, '--from', year).month;
      const date = opts.date === undefined ? undefined : dateOption(opts.date, '--date');
      let explicitSplit: AdjustmentRequestJson['explicitSplit'];
      if (opts.deviating !== undefined || opts.split !== undefined) {
        if (opts.deviating === undefined || opts.split === undefined) {
          throw usage('a deviating split needs both --deviating and --split', 'een afwijkende verdeling vraagt zowel --deviating als --split');
        }
        const amounts = pairsOption(opts.split.split(','), '--split', /^-?\d+$/, { en: 'municipality=cents pairs, like 0363=100000', nl: 'paren gemeente=centen, zoals 0363=100000' });
        explicitSplit = { deviating: opts.deviating.split(',').map((s) => s.trim()), amounts, reason: opts.splitReason ?? '' };
      }
      if (opts.forecastFrom !== undefined && forecast !== undefined) {
        throw usage('give the forecast either with --forecast/--forecast-cents or with --forecast-from, not both', 'geef de prognose óf met --forecast/--forecast-cents óf met --forecast-from, niet allebei');
      }
      const forecastFrom = opts.forecastFrom === undefined ? undefined : parsePeriodText(opts.forecastFrom);
      await withWorkspace(async (ws) => {
        const fromReport = forecastFrom === undefined ? undefined : await forecastFromReport(ws, provider, year, forecastFrom);
        const r = await adjustLumpSum(
          operator(readSettings().actor),
          ws,
          {
            provider,
            year,
            deltaCents: delta.toString(),
            ...(from !== undefined ? { fromMonth: from } : {}),
            ...(date ? { date } : {}),
            reason,
            ...(opts.upwardReason ? { upwardReason: opts.upwardReason } : {}),
            ...(forecast !== undefined ? { forecastCostCents: forecast.toString() } : {}),
            ...(fromReport ? { forecastCostCents: fromReport.forecastCents.toString(), forecastSource: fromReport.source } : {}),
            ...(explicitSplit ? { explicitSplit } : {}),
            ...(opts.approval?.trim() ? { approval: opts.approval.trim() } : {}),
          },
          reason,
        );
        const fromMonth = r.decision.request.fromMonth;
        io.out(
          `Adjusted ${provider} ${year} from ${monthLabel(year, fromMonth)} as ledger entry #${r.seq} (decided ${r.result.date}): new lump sum ${formatEuros(BigInt(r.result.newLumpSumCents))}` +
            (r.result.approval ? `; above the contract value ${formatEuros(BigInt(r.result.contractValueCents))} with approval ${r.result.approval}` : '') +
            (fromReport ? `; forecast ${formatEuros(fromReport.forecastCents)} from the ${fromReport.source.period} report (ledger entry #${fromReport.source.reportSeq}, delivered ${fromReport.source.submittedOn})` : '') +
            '.\n',
        );
      });
    });
}
