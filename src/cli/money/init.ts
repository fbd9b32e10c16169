// jeugdregie init: create the database for a region.
import type { Command } from 'commander';
import { readSettings } from '../../config/settings.ts';
import { initWorkspace, targetOf } from '../../app/workspace.ts';
import { usage } from '../output.ts';
import type { Io } from '../main.ts';

export function registerInit(program: Command, io: Io): void {
  program
    .command('init')
    .description('create the database for a region (embedded unless DATABASE_URL is set)')
    .option('--region <id>', 'a shipped region: amsterdam-amstelland or eemland')
    .option('--region-file <path>', 'a region file of your own (YAML or JSON, see regions/region.schema.json)')
    .option('--demo', 'also record the demo allocation of 2028 (fictional providers)')
    .action(async (opts: { region?: string; regionFile?: string; demo?: boolean }) => {
      if (!opts.region === !opts.regionFile) throw usage('give either --region <id> or --region-file <path>', 'geef --region <id> of --region-file <pad>');
      const settings = readSettings();
      const { region, seqs } = await initWorkspace(targetOf(settings), settings.actor, { regionId: opts.region, regionFile: opts.regionFile, demo: opts.demo });
      io.out(
        `Region ${region.name} (${region.id}) initialised in ${settings.databaseUrl ? 'the PostgreSQL database' : settings.dataDir}: ` +
          `${region.municipalities.length} municipalities, ${region.areas.length} areas, ${region.themes.length} themes, ${region.careForms.length} care forms; ` +
          `${seqs.length} ledger entr${seqs.length === 1 ? 'y' : 'ies'} recorded.\n`,
      );
    });
}
