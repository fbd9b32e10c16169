// jeugdregie ledger list | explain | verify | rebuild: the append-only ledger of decisions.
import type { Command } from 'commander';
import { explain } from '../../app/explain.ts';
import { Refusal } from '../../domain/errors.ts';
import { formatEuros } from '../../domain/money.ts';
import { parseFormat, printListing } from '../output.ts';
import { monthOption, textOption, yearOption } from '../options.ts';
import { withWorkspace } from '../workspace.ts';
import type { Io } from '../main.ts';

export function registerLedger(program: Command, io: Io): void {
  const ledger = program.command('ledger').description('the append-only ledger of decisions');
  ledger
    .command('list', { isDefault: true })
    .description('every decision: who, when, what, why, under which rules version')
    .option('--format <format>', 'table, csv or json', 'table')
    .action(async (opts: { format: string }) => {
      const format = parseFormat(opts.format);
      await withWorkspace(async (ws) => {
        const entries = await ws.engine.entries();
        printListing(io, format, {
          columns: [
            { key: 'seq', label: '#' },
            { key: 'recorded_at', label: 'Vastgelegd' },
            { key: 'actor', label: 'Door' },
            { key: 'kind', label: 'Besluit' },
            { key: 'rules_version', label: 'Regels' },
            { key: 'reason', label: 'Reden' },
          ],
          rows: entries.map((e) => ({ seq: e.seq, recorded_at: e.recordedAt, actor: e.actor, kind: e.decision.kind, rules_version: e.rulesVersion, reason: e.reason })),
          json: () => entries,
        });
      });
    });
  ledger
    .command('explain')
    .description('the chain of decisions and the arithmetic behind a lump sum, a contribution or a payment')
    .requiredOption('--provider <code>', 'provider')
    .requiredOption('--year <year>', 'year')
    .option('--municipality <code>', "one municipality's contribution")
    .option('--month <YYYY-MM>', 'one payment (with --municipality)')
    .option('--format <format>', 'table, csv or json', 'table')
    .action(async (opts: { provider: string; year: string; municipality?: string; month?: string; format: string }) => {
      const format = parseFormat(opts.format);
      const year = yearOption(opts.year);
      const provider = textOption(opts.provider, '--provider')!;
      const municipality = textOption(opts.municipality, '--municipality');
      if (opts.month !== undefined) monthOption(opts.month, '--month', year);
      await withWorkspace(async (ws) => {
        const e = await explain(ws, { provider, year, ...(municipality ? { municipality } : {}), ...(opts.month ? { month: opts.month } : {}) });
        if (format === 'table') {
          io.out(`${e.subject}: ${formatEuros(e.amountCents)}\n`);
          for (const s of e.steps) {
            const who = s.seq === null ? '  rule ' : `  #${s.cites.join(', #')} ${s.kind}, ${s.recordedAt?.slice(0, 10)} by ${s.actor} ("${s.reason}")\n       `;
            io.out(`${who} ${s.text}\n`);
          }
          return;
        }
        printListing(io, format, {
          columns: [
            { key: 'seq', label: '#' },
            { key: 'cites', label: 'Besluiten' },
            { key: 'kind', label: 'Besluit' },
            { key: 'recorded_at', label: 'Vastgelegd' },
            { key: 'actor', label: 'Door' },
            { key: 'reason', label: 'Reden' },
            { key: 'text', label: 'Toelichting' },
          ],
          rows: e.steps.map((s) => ({ seq: s.seq, cites: s.cites.join(' '), kind: s.kind, recorded_at: s.recordedAt, actor: s.actor, reason: s.reason, text: s.text })),
          json: () => e,
        });
      });
    });
  ledger
    .command('verify')
    .description('replay the ledger and compare every derived figure with the stored one')
    .action(async () =>
      withWorkspace(async (ws) => {
        const differing = await ws.engine.verify();
        if (differing.length > 0) throw new Refusal('LEDGER_MISMATCH', { tables: differing });
        io.out(`The ledger (${(await ws.engine.entries()).length} entries) reproduces every stored figure.\n`);
      }),
    );
  ledger
    .command('rebuild')
    .description('rewrite every derived figure from the ledger')
    .action(async () =>
      withWorkspace(async (ws) => {
        await ws.engine.rebuild();
        io.out('Derived figures rebuilt from the ledger.\n');
      }),
    );
}
