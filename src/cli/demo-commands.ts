// `demo generate`: realistic, fictional iJw traffic for a region (docs/demo-data.md).
import type { Command } from 'commander';
import { loadShippedRegion } from '../config/region-file.ts';
import { isValidDate } from '../domain/calendar.ts';
import { loadDemoProviders, writeDemoTraffic } from '../demo/write-demo.ts';
import { UsageError } from './output.ts';
import type { Io } from './main.ts';

export function registerDemoCommands(program: Command, io: Io): void {
  const demo = program.command('demo').description('demo data');
  demo
    .command('generate')
    .description('write realistic, fictional iJw message files (persons are invented; BSNs are test numbers 9999xxxxx)')
    .requiredOption('--region <id>', 'region (demo providers exist for amsterdam-amstelland)')
    .requiredOption('--from <date>', 'first day (YYYY-MM-DD)')
    .requiredOption('--to <date>', 'last day (YYYY-MM-DD)')
    .requiredOption('--out <folder>', 'output folder (one subfolder per month)')
    .option('--seed <n>', 'random seed: the same seed gives the same files', '1')
    .option('--faults <share>', 'share of faulty traffic, 0–1', '0.02')
    .option('--no-return-messages', 'leave out the return messages (302/306/308/316)')
    .action(async (opts: { region: string; from: string; to: string; out: string; seed: string; faults: string; returnMessages: boolean }) => {
      for (const d of [opts.from, opts.to]) if (!isValidDate(d)) throw new UsageError(`"${d}" is not a date; write YYYY-MM-DD`);
      const seed = Number(opts.seed);
      const faultShare = Number(opts.faults);
      if (!Number.isInteger(seed)) throw new UsageError(`--seed must be a whole number (got "${opts.seed}")`);
      if (!(faultShare >= 0 && faultShare <= 1)) throw new UsageError(`--faults must be a share between 0 and 1 (got "${opts.faults}")`);
      const counts = await writeDemoTraffic(opts.out, {
        region: await loadShippedRegion(opts.region),
        providers: await loadDemoProviders(),
        from: opts.from,
        to: opts.to,
        seed,
        faultShare,
        returnMessages: opts.returnMessages,
        onProgress: (n, date) => process.stderr.isTTY && process.stderr.write(`\r${n} messages, up to ${date}`),
      });
      if (process.stderr.isTTY) process.stderr.write('\n');
      io.out(
        `Wrote ${counts.messages} message files to ${opts.out} (${Object.entries(counts.byType).map(([t, n]) => `${t} ${n}`).join(', ')}); ` +
          `${counts.faulty} faulty on purpose${counts.faulty > 0 ? ` (${Object.entries(counts.faultyByKind).map(([k, n]) => `${k} ${n}`).join(', ')})` : ''}.\n`,
      );
    });
}
