// jeugdregie settle | settlement: the year-end settlement and its report [DOMAIN.md §4 rule 6].
import type { Command } from 'commander';
import { settleYear } from '../../app/decisions.ts';
import { readSettings } from '../../config/settings.ts';
import { operator } from '../../domain/access/viewer.ts';
import { requireYear } from '../../domain/engine.ts';
import { Refusal } from '../../domain/errors.ts';
import { formatEuros } from '../../domain/money.ts';
import { parseFormat, printListing } from '../output.ts';
import { textOption, yearOption } from '../options.ts';
import { withWorkspace } from '../workspace.ts';
import type { Io } from '../main.ts';

export function registerSettle(program: Command, io: Io): void {
  program
    .command('settle')
    .description("settle a year from the providers' M12 reports, attributed per municipality by days in care (or from a cost file given with --costs)")
    .requiredOption('--year <year>', 'year')
    .option('--costs <file>', 'override: costs per provider and municipality (CSV/XLSX: provider, municipality, cost_eur or cost_cents), recorded as an explicit override of the reports')
    .option('--threshold <pct>', 'flag a municipality whose cost share deviates from its contribution share by more than this many percentage points')
    .option('--reason <text>', 'why', 'year-end settlement')
    .action(async (opts: { year: string; costs?: string; threshold?: string; reason: string }) => {
      const year = yearOption(opts.year);
      const reason = textOption(opts.reason, '--reason')!;
      if (opts.threshold !== undefined && !/^\d+(\.\d+)?$/.test(opts.threshold)) throw new Refusal('THRESHOLD_INVALID', { text: opts.threshold }, { option: '--threshold' });
      await withWorkspace(async (ws) => {
        const r = await settleYear(operator(readSettings().actor), ws, year, opts.costs, reason, opts.threshold);
        const flagged = r.result.flagged;
        if ('trueUp' in r && r.trueUp) {
          io.out(`Trued up the municipalities' contributions to their attributed realised costs as ledger entry #${r.trueUp.seq}:\n`);
          for (const l of r.trueUp.result.lines) {
            const cents = BigInt(l.trueUpCents);
            io.out(`  ${l.municipality}: ${cents > 0n ? `owes ${formatEuros(cents)}` : cents < 0n ? `receives ${formatEuros(-cents)}` : 'nothing'}\n`);
          }
        }
        io.out(`Settled ${year} as ledger entry #${r.seq}, ${opts.costs === undefined ? 'from the M12 reports' : `from ${opts.costs} (override of the reports)`}. ${flagged.length > 0 ? `Flagged for next year's keys: ${flagged.join(', ')}.` : 'No municipality deviates beyond the threshold.'}\n`);
      });
    });

  program
    .command('settlement')
    .description('the settlement report of a year: per provider and per municipality')
    .requiredOption('--year <year>', 'year')
    .option('--by <part>', 'provider or municipality (csv shows one part; table shows both)')
    .option('--format <format>', 'table, csv or json', 'table')
    .action(async (opts: { year: string; format: string; by?: string }) => {
      const format = parseFormat(opts.format);
      const year = yearOption(opts.year);
      if (opts.by !== undefined && opts.by !== 'provider' && opts.by !== 'municipality') {
        throw new Refusal('OPTION_INVALID', { option: '--by', value: opts.by, expected: { en: 'provider or municipality', nl: 'provider of municipality' } });
      }
      const parts = opts.by ? [opts.by] : format === 'csv' ? ['provider'] : ['provider', 'municipality'];
      await withWorkspace(async (ws) => {
        const s = requireYear(await ws.engine.state(), year).settlement;
        if (!s) throw new Refusal('NOT_SETTLED', { year });
        if (format === 'json') {
          printListing(io, format, { columns: [], rows: [], json: () => s });
          return;
        }
        if (parts.includes('provider')) {
          printListing(io, format, {
            columns: [
              { key: 'provider', label: 'Aanbieder' },
              { key: 'lump_sum_cents', label: 'Lumpsum', money: true },
              { key: 'cost_cents', label: 'Kosten', money: true },
              { key: 'result_cents', label: 'Resultaat', money: true },
            ],
            rows: s.providers.map((p) => ({ provider: p.provider, lump_sum_cents: p.lumpSumCents, cost_cents: p.costCents, result_cents: p.resultCents })),
          });
        }
        if (parts.length === 2) io.out('\n');
        if (parts.includes('municipality')) {
          printListing(io, format, {
            columns: [
              { key: 'municipality', label: 'Gemeente' },
              { key: 'contribution_cents', label: 'Bijdrage', money: true },
              { key: 'cost_cents', label: 'Kosten', money: true },
              { key: 'contribution_share_pct', label: 'Aandeel bijdrage %' },
              { key: 'cost_share_pct', label: 'Aandeel kosten %' },
              { key: 'deviation_pct', label: 'Afwijking %-punt' },
              { key: 'flagged', label: `Boven ${s.thresholdPct}%-punt` },
            ],
            rows: s.municipalities.map((m) => ({
              municipality: m.municipality,
              contribution_cents: m.contributionCents,
              cost_cents: m.costCents,
              contribution_share_pct: m.contributionSharePct,
              cost_share_pct: m.costSharePct,
              deviation_pct: m.deviationPct,
              flagged: format === 'table' ? (m.flagged ? 'ja' : 'nee') : m.flagged,
            })),
          });
        }
      });
    });
}
