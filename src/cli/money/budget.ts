// jeugdregie budget import | show: the municipalities' adopted budgets.
import type { Command } from 'commander';
import { importBudgetFile } from '../../app/imports.ts';
import { readSettings } from '../../config/settings.ts';
import { operator } from '../../domain/access/viewer.ts';
import { budgetForYear } from '../../app/queries.ts';
import { formatEuros } from '../../domain/money.ts';
import { parseFormat, printListing, type Column } from '../output.ts';
import { textOption, yearOption } from '../options.ts';
import { withWorkspace } from '../workspace.ts';
import type { Io } from '../main.ts';

export function registerBudget(program: Command, io: Io): void {
  const budget = program.command('budget').description('municipal budgets per year');
  budget
    .command('import <file>')
    .description('import adopted budgets from CSV or XLSX (columns year, municipality, [line], amount_eur or amount_cents); all or nothing')
    .option('--reason <text>', 'why (e.g. the council decision)', 'budget adopted by the council')
    .action(async (file: string, opts: { reason: string }) => {
      const reason = textOption(opts.reason, '--reason')!;
      await withWorkspace(async (ws) => {
        const r = await importBudgetFile(operator(readSettings().actor), ws, file, reason);
        io.out(`Imported as ledger entry #${r.seq}: ` + r.result.totals.map((t) => `${t.year} ${formatEuros(BigInt(t.totalCents))}`).join(', ') + '\n');
        if (r.result.reallocated.length > 0) io.out(`The lump sums of ${r.result.reallocated.join(', ')} follow the new budgets (allocated again with the same plan).\n`);
      });
    });
  budget
    .command('show')
    .description("the region's budget for a year, per municipality")
    .requiredOption('--year <year>', 'budget year')
    .option('--format <format>', 'table, csv or json', 'table')
    .option('--lines', 'show the budget lines (table and csv)')
    .action(async (opts: { year: string; format: string; lines?: boolean }) => {
      const format = parseFormat(opts.format);
      const year = yearOption(opts.year);
      await withWorkspace(async (ws) => {
        const b = await budgetForYear(ws, year);
        const name = (code: string) => ws.region.municipalities.find((m) => m.code === code)?.name ?? code;
        const columns: Column[] = [
          { key: 'code', label: 'Code' },
          { key: 'name', label: 'Gemeente' },
          ...(opts.lines ? [{ key: 'line', label: 'Begrotingsregel' }] : []),
          { key: 'amount_cents', label: 'Bedrag', money: true },
          { key: 'basis', label: 'Grondslag' },
        ];
        const rows = b.municipalities.flatMap((m) => {
          const basis = m.basis === 'adopted' ? `vastgesteld ${m.basedOnYear}` : `doorgetrokken van ${m.basedOnYear}`;
          return opts.lines
            ? m.lines.map((l) => ({ code: m.municipality, name: name(m.municipality), line: l.line, amount_cents: l.amountCents, basis }))
            : [{ code: m.municipality, name: name(m.municipality), amount_cents: m.amountCents, basis }];
        });
        rows.push({ code: '', name: 'Totaal', ...(opts.lines ? { line: '' } : {}), amount_cents: b.totalCents, basis: '' } as (typeof rows)[number]);
        printListing(io, format, {
          columns,
          rows,
          json: () => ({
            region: ws.region.id,
            year: b.year,
            municipalities: b.municipalities.map((m) => ({ code: m.municipality, name: name(m.municipality), amountCents: m.amountCents })),
            totalCents: b.totalCents,
          }),
        });
      });
    });
}
