// jeugdregie keys set: each municipality's weight in every lump sum of a year, shown against the
// budget its council adopted.
import type { Command } from 'commander';
import { setKeys } from '../../app/decisions.ts';
import { setKeysFromProposal } from '../../app/financial-reports.ts';
import { registerKeysPropose } from '../financial-commands.ts';
import { usage } from '../output.ts';
import { operator } from '../../domain/access/viewer.ts';
import { readSettings } from '../../config/settings.ts';
import { formatEuros } from '../../domain/money.ts';
import { parseFormat, printListing } from '../output.ts';
import { pairsOption, textOption, yearOption } from '../options.ts';
import { withWorkspace } from '../workspace.ts';
import type { Io } from '../main.ts';

export function registerKeys(program: Command, io: Io): void {
  const keys = program.command('keys').description("contribution keys: each municipality's weight in every lump sum");
  keys
    .command('set')
    .description('set the keys for a year that has not started paying (e.g. 0363=8500 0362=700 …), or from a computed proposal (--from-proposal)')
    .requiredOption('--year <year>', 'year')
    .option('--basis <text>', 'what the keys are based on (e.g. "bereik en kosten 2028"); with --from-proposal the method and its inputs')
    .option('--from-proposal <method>', 'record the proposal of "keys propose" by this method (or mix), with every input in the ledger')
    .option('--basis-year <year>', 'with --from-proposal: the year the figures are taken from (default the year before)')
    .option('--reason <text>', 'why', 'annual revision of contributions')
    .option('--format <format>', 'table, csv or json (the contributions against the budgets)', 'table')
    .argument('[keys...]', 'municipality=weight pairs, whole non-negative numbers, each municipality once')
    .action(async (pairs: string[], opts: { year: string; basis?: string; fromProposal?: string; basisYear?: string; reason: string; format: string }) => {
      const year = yearOption(opts.year);
      const format = parseFormat(opts.format);
      const reason = textOption(opts.reason, '--reason')!;
      if (opts.fromProposal !== undefined && pairs.length > 0) throw usage('give keys either as pairs or with --from-proposal, not both', 'geef de sleutels óf als paren óf met --from-proposal, niet allebei');
      if (opts.fromProposal === undefined && pairs.length === 0) throw usage('give the keys as municipality=weight pairs, or --from-proposal <method>', 'geef de sleutels als paren gemeente=gewicht, of --from-proposal <methode>');
      if (opts.fromProposal === undefined && opts.basis === undefined) throw usage('keys given as pairs need --basis: what they are based on', 'sleutels als paren vragen --basis: waarop ze gebaseerd zijn');
      const basisYear = opts.basisYear === undefined ? undefined : yearOption(opts.basisYear, '--basis-year');
      await withWorkspace(async (ws) => {
        const viewer = operator(readSettings().actor);
        const r =
          opts.fromProposal !== undefined
            ? await setKeysFromProposal(viewer, ws, year, opts.fromProposal, reason, basisYear)
            : await setKeys(viewer, ws, year, pairsOption(pairs, '<keys>', /^\d+$/, { en: 'municipality=weight, like 0363=8500', nl: 'gemeente=gewicht, zoals 0363=8500' }), textOption(opts.basis, '--basis')!, reason);
        const name = (code: string) => ws.region.municipalities.find((m) => m.code === code)?.name ?? code;
        if (format === 'table') io.out(`Keys for ${year} recorded as ledger entry #${r.seq}${r.result.reallocated ? '; the allocation follows them' : ''}.\n`);
        if (r.result.perMunicipality.length === 0) {
          if (format === 'table') io.out(`${year} has no budget yet, so the contributions cannot be compared with the budgets.\n`);
          else printListing(io, format, { columns: [], rows: [], json: () => r.result });
          return;
        }
        printListing(io, format, {
          columns: [
            { key: 'municipality', label: 'Gemeente' },
            { key: 'name', label: 'Naam' },
            { key: 'contribution_cents', label: 'Bijdrage', money: true },
            { key: 'budget_cents', label: 'Begroting', money: true },
            { key: 'difference_cents', label: 'Verschil', money: true },
            { key: 'above_budget', label: 'Boven begroting' },
          ],
          rows: r.result.perMunicipality.map((p) => ({
            municipality: p.municipality,
            name: name(p.municipality),
            contribution_cents: BigInt(p.contributionCents),
            budget_cents: BigInt(p.budgetCents),
            difference_cents: BigInt(p.differenceCents),
            above_budget: format === 'table' ? (p.aboveBudget ? 'JA' : 'nee') : p.aboveBudget,
          })),
          json: () => ({ seq: r.seq, ...r.result }),
        });
        if (format === 'table' && 'proposal' in r.decision) io.out(`Basis: ${r.decision.basis}; the method's inputs are in the ledger entry.\n`);
        if (format === 'table' && r.result.aboveBudget.length > 0) {
          io.out(
            `Note: the keys ask more than the council adopted of ${r.result.aboveBudget.map((m) => `${name(m)} (+${formatEuros(BigInt(r.result.perMunicipality.find((p) => p.municipality === m)!.differenceCents))})`).join(', ')}; this is recorded with the decision.\n`,
          );
        }
      });
    });
  registerKeysPropose(keys, io);
}
