// The `jeugdregie` command. Each subcommand parses its options, calls one use case and prints the
// result; a refusal prints one line per problem on stderr and exits non-zero.
import { Command, CommanderError } from 'commander';
import { readSettings } from '../config/settings.ts';
import { listShippedRegions } from '../config/region-file.ts';
import { registerMoneyCommands } from './money/index.ts';
import { registerServerCommands } from './server-commands.ts';
import { registerMonitorCommands } from './monitor-commands.ts';
import { registerDemoCommands } from './demo-commands.ts';
import { registerUserCommands } from './user-commands.ts';
import { registerReportCommands } from './report-commands.ts';
import { registerFinancialCommands } from './financial-commands.ts';
import { registerQualityCommands } from './quality-commands.ts';
import { registerTenderCommands } from './tender-commands.ts';
import { ExitCode, registerIngestCommands } from './ingest-commands.ts';
import { describeError } from './errors.ts';

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

const processIo: Io = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};

export { describeError };

export function buildProgram(io: Io): Command {
  const program = new Command('jeugdregie')
    .description('Task-based funding and joint monitoring of regional youth care')
    .version('0.1.0')
    // A usage error is one line, with where to find the options (not the whole help text).
    .configureOutput({ writeOut: io.out, writeErr: io.err, outputError: (text, write) => write(`${text.trimEnd().replace(/\n+/g, ' ')} (see --help)\n`) })
    .exitOverride();
  program.addHelpText(
    'after',
    `
Database: embedded in $JEUGDREGIE_DATA_DIR (default ./data), or a PostgreSQL server when $DATABASE_URL is set.
Every decision is recorded in the ledger with who ($JEUGDREGIE_USER), when and why.`,
  );
  registerMoneyCommands(program, io);
  registerIngestCommands(program, io);
  registerMonitorCommands(program, io);
  registerDemoCommands(program, io);
  registerServerCommands(program, io);
  registerUserCommands(program, io);
  registerReportCommands(program, io);
  registerFinancialCommands(program, io);
  registerQualityCommands(program, io);
  registerTenderCommands(program, io);
  program
    .command('regions')
    .description('list the region configurations that ship with Jeugdregie')
    .action(async () => io.out((await listShippedRegions()).join('\n') + '\n'));
  return program;
}

export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const program = buildProgram(io);
  let out = { lang: 'en' as const as 'en' | 'nl', debug: false };
  try {
    const settings = readSettings();
    out = { lang: settings.language, debug: settings.debug };
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 1;
    if (e instanceof ExitCode) return e.code;
    for (const line of describeError(e, out)) io.err(line + '\n');
    return 1;
  }
}
