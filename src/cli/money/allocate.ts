// jeugdregie allocate: the year's budget over themes and providers (the lump sums).
import type { Command } from 'commander';
import { allocateYear } from '../../app/decisions.ts';
import { operator } from '../../domain/access/viewer.ts';
import { readSettings } from '../../config/settings.ts';
import { readPlanFile } from '../../config/plan-file.ts';
import { formatEuros } from '../../domain/money.ts';
import { textOption, yearOption } from '../options.ts';
import { withWorkspace } from '../workspace.ts';
import type { Io } from '../main.ts';

export function registerAllocate(program: Command, io: Io): void {
  program
    .command('allocate')
    .description("allocate the year's budget over themes and providers (the lump sums); redo allowed until the first payment")
    .requiredOption('--year <year>', 'year')
    .option('--plan <file>', 'allocation plan (YAML/JSON) for this year; without it the latest earlier plan is used again')
    .option('--reason <text>', 'why', 'allocation agreed in the tender dialogue')
    .action(async (opts: { year: string; plan?: string; reason: string }) => {
      const year = yearOption(opts.year);
      const reason = textOption(opts.reason, '--reason')!;
      const fromFile = opts.plan ? await readPlanFile(opts.plan, year) : undefined;
      await withWorkspace(async (ws) => {
        const r = await allocateYear(operator(readSettings().actor), ws, year, fromFile, reason);
        io.out(`Allocated ${year} as ledger entry #${r.seq}: ${formatEuros(BigInt(r.result.totalCents))} over ${r.decision.plan.providers.length} providers (keys: ${r.result.keysBasis}).\n`);
      });
    });
}
