// jeugdregie providers [list] | register: the one provider registry (code, name, AGB codes; themes
// and years from the allocations) that lump sums and monitor figures both name providers by.
import type { Command } from 'commander';
import { registerProvider } from '../../app/decisions.ts';
import { providerRegistry } from '../../app/queries.ts';
import { readSettings } from '../../config/settings.ts';
import { operator } from '../../domain/access/viewer.ts';
import { Refusal } from '../../domain/errors.ts';
import { parseFormat, printListing } from '../output.ts';
import { textOption } from '../options.ts';
import { withWorkspace } from '../workspace.ts';
import type { Io } from '../main.ts';

export function registerProviders(program: Command, io: Io): void {
  const providers = program.command('providers').description('the provider registry: code, name, AGB codes, themes and years');
  providers
    .command('list', { isDefault: true })
    .description('every registered provider')
    .option('--format <format>', 'table, csv or json', 'table')
    .action(async (opts: { format: string }) => {
      const format = parseFormat(opts.format);
      await withWorkspace(async (ws) => {
        const list = await providerRegistry(ws);
        printListing(io, format, {
          columns: [
            { key: 'code', label: 'Code' },
            { key: 'name', label: 'Naam' },
            { key: 'agb_codes', label: 'AGB-codes' },
            { key: 'themes', label: "Thema's" },
            { key: 'years', label: 'Jaren' },
          ],
          rows: list.map((p) => ({ code: p.code, name: p.name, agb_codes: p.agbCodes.join(' '), themes: p.themes.join(' '), years: p.years.join(' ') })),
          json: () => list,
        });
      });
    });
  providers
    .command('register')
    .description('register a provider, or change its name or AGB codes (recorded in the ledger)')
    .requiredOption('--code <code>', 'provider code, e.g. DEMO03')
    .requiredOption('--name <name>', "the provider's name")
    .option('--agb <codes>', 'AGB codes (8 digits) under which it sends iJw messages, comma-separated; replaces its AGB codes (left out: kept)')
    .option('--reason <text>', 'why', 'provider registered')
    .action(async (opts: { code: string; name: string; agb?: string; reason: string }) => {
      const code = textOption(opts.code, '--code')!;
      const name = textOption(opts.name, '--name')!;
      const reason = textOption(opts.reason, '--reason')!;
      const agbCodes = opts.agb === undefined ? undefined : opts.agb.split(',').map((s) => s.trim()).filter(Boolean);
      for (const agb of agbCodes ?? []) {
        if (!/^\d{8}$/.test(agb)) throw new Refusal('OPTION_INVALID', { option: '--agb', value: agb, expected: { en: 'AGB codes of 8 digits, comma-separated', nl: 'AGB-codes van 8 cijfers, gescheiden door komma’s' } });
      }
      await withWorkspace(async (ws) => {
        const r = await registerProvider(operator(readSettings().actor), ws, { code, name, ...(agbCodes ? { agbCodes } : {}) }, reason);
        const p = r.result.providers[0]!;
        io.out(`Registered ${p.code} "${p.name}"${p.agbCodes.length > 0 ? ` with AGB ${p.agbCodes.join(', ')}` : ''} as ledger entry #${r.seq}.\n`);
      });
    });
}
