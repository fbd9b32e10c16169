// The `jeugdregie` command. Each subcommand parses its options, calls one use case and prints the
// result; a refusal prints one line per problem on stderr and exits non-zero.
import { Command, CommanderError } from 'commander';
import { readSettings, SettingsError } from '../config/settings.ts';
import { RegionFileError, listShippedRegions } from '../config/region-file.ts';
import { BudgetFileError } from '../config/budget-file.ts';
import { PlanFileError } from '../config/plan-file.ts';
import { BudgetError } from '../domain/budget-rules.ts';
import { RuleError } from '../domain/errors.ts';
import { WorkspaceError } from '../app/workspace.ts';
import { ImportRefused } from '../app/imports.ts';
import { UsageError } from './output.ts';
import { StoreBusyError } from '../store/database.ts';
import { registerMoneyCommands } from './money-commands.ts';
import { registerServerCommands } from './server-commands.ts';
import { registerMonitorCommands } from './monitor-commands.ts';
import { registerDemoCommands } from './demo-commands.ts';
import { ExitCode, registerIngestCommands } from './ingest-commands.ts';
import { IngestInputError } from '../app/ingest.ts';
import { PseudonymKeyError } from '../app/pseudonym-key.ts';

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

const processIo: Io = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};

/** Turns any refusal into the lines a person reads; unexpected errors keep their stack for a bug report. */
export function describeError(e: unknown): string[] {
  if (e instanceof ImportRefused) return [`refused: ${e.message}`, ...e.problems.map((p) => `  ${p}`)];
  if (e instanceof RegionFileError) return [`refused: the region file has ${e.problems.length} problem(s)`, ...e.message.split('\n').map((l) => `  ${l}`)];
  if (e instanceof SettingsError) return [`refused: ${e.message}`];
  if (
    e instanceof RuleError ||
    e instanceof BudgetError ||
    e instanceof BudgetFileError ||
    e instanceof PlanFileError ||
    e instanceof WorkspaceError ||
    e instanceof UsageError ||
    e instanceof StoreBusyError ||
    e instanceof IngestInputError ||
    e instanceof PseudonymKeyError
  ) {
    return [`refused: ${e.message}`];
  }
  if (e instanceof Error && 'code' in e && e.code === 'ENOENT') return [`refused: ${e.message.replace(/^ENOENT: /, '')}`];
  return [`failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`];
}

export function buildProgram(io: Io): Command {
  const program = new Command('jeugdregie')
    .description('Task-based funding and joint monitoring of regional youth care')
    .version('0.1.0')
    .showHelpAfterError()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
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
  program
    .command('regions')
    .description('list the region configurations that ship with Jeugdregie')
    .action(async () => io.out((await listShippedRegions()).join('\n') + '\n'));
  return program;
}

export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const program = buildProgram(io);
  try {
    readSettings();
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 1;
    if (e instanceof ExitCode) return e.code;
    for (const line of describeError(e)) io.err(line + '\n');
    return 1;
  }
}
