// jeugdregie lumpsums | payments | pay: the lump sums of a year, the payment schedule, and recording
// a payment run.
import type { Command } from 'commander';
import { payInstalment } from '../../app/decisions.ts';
import { operator } from '../../domain/access/viewer.ts';
import { readSettings } from '../../config/settings.ts';
import { lumpSums, payments } from '../../app/queries.ts';
import { formatEuros, sum } from '../../domain/money.ts';
import { monthLabel } from '../../domain/payment-schedule.ts';
import { parseFormat, printListing } from '../output.ts';
import { monthOption, textOption, yearOption } from '../options.ts';
import { withWorkspace } from '../workspace.ts';
import type { Io } from '../main.ts';

export function registerListings(program: Command, io: Io): void {
  program
    .command('lumpsums')
    .description('lump sums per provider, theme and municipality')
    .requiredOption('--year <year>', 'year')
    .option('--provider <code>', 'one provider')
    .option('--per-provider', 'one line per provider (table only)')
    .option('--format <format>', 'table, csv or json', 'table')
    .action(async (opts: { year: string; provider?: string; perProvider?: boolean; format: string }) => {
      const format = parseFormat(opts.format);
      const year = yearOption(opts.year);
      const provider = textOption(opts.provider, '--provider');
      await withWorkspace(async (ws) => {
        const rows = await lumpSums(ws, year, provider);
        if (opts.perProvider && format === 'table') {
          const providers = [...new Set(rows.map((r) => r.provider))];
          const out = providers.map((p) => ({
            provider: p,
            name: rows.find((r) => r.provider === p)!.providerName,
            themes: [...new Set(rows.filter((r) => r.provider === p).map((r) => r.theme))].join(' '),
            amount_cents: sum(rows.filter((r) => r.provider === p).map((r) => r.amountCents)),
          }));
          out.push({ provider: '', name: 'Totaal', themes: '', amount_cents: sum(rows.map((r) => r.amountCents)) });
          printListing(io, format, {
            columns: [
              { key: 'provider', label: 'Aanbieder' },
              { key: 'name', label: 'Naam' },
              { key: 'themes', label: "Thema's" },
              { key: 'amount_cents', label: 'Lumpsum', money: true },
            ],
            rows: out,
          });
          return;
        }
        printListing(io, format, {
          columns: [
            { key: 'provider', label: 'Aanbieder' },
            { key: 'theme', label: 'Thema' },
            { key: 'municipality', label: 'Gemeente' },
            { key: 'amount_cents', label: 'Bedrag', money: true },
          ],
          rows: rows.map((r) => ({ provider: r.provider, theme: r.theme, municipality: r.municipality, amount_cents: r.amountCents })),
        });
      });
    });

  program
    .command('payments')
    .description('the payment schedule: the instalments per provider per municipality (12 a year unless the region says otherwise)')
    .requiredOption('--year <year>', 'year')
    .option('--provider <code>', 'one provider')
    .option('--format <format>', 'table, csv or json', 'table')
    .action(async (opts: { year: string; provider?: string; format: string }) => {
      const format = parseFormat(opts.format);
      const year = yearOption(opts.year);
      const provider = textOption(opts.provider, '--provider');
      await withWorkspace(async (ws) => {
        const rows = await payments(ws, year, provider);
        printListing(io, format, {
          columns: [
            { key: 'provider', label: 'Aanbieder' },
            { key: 'municipality', label: 'Gemeente' },
            { key: 'month', label: 'Maand' },
            { key: 'amount_cents', label: 'Bedrag', money: true },
            ...(format === 'table' ? [{ key: 'status', label: 'Status' }] : []),
          ],
          rows: rows.map((r) => ({ provider: r.provider, municipality: r.municipality, month: r.month, amount_cents: r.amountCents, status: r.paid ? 'betaald' : 'gepland' })),
        });
      });
    });

  program
    .command('pay')
    .description('record the payment run of one instalment (in order, once): give its first month')
    .requiredOption('--month <YYYY-MM>', 'the month to pay')
    .option('--reason <text>', 'why', 'monthly payment run')
    .action(async (opts: { month: string; reason: string }) => {
      const { year, month } = monthOption(opts.month, '--month');
      const reason = textOption(opts.reason, '--reason')!;
      await withWorkspace(async (ws) => {
        const r = await payInstalment(operator(readSettings().actor), ws, year, month, reason);
        io.out(`Paid ${monthLabel(year, month)} as ledger entry #${r.seq}: ${r.result.payments} instalments, ${formatEuros(BigInt(r.result.totalCents))}.\n`);
      });
    });
}
