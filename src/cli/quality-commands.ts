// The CBS deliveries, coverage and outcome indicators at the command line [issue 15]: `bij template`,
// `bij submit`, `bij list`, `bij mirror`, `coverage`, `outcomes`.
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { bijDeliveryLog, bijMirror, coverageView, outcomesView, submitBijFile } from '../app/bij.ts';
import { bijTemplate } from '../app/bij-template.ts';
import { goalsView } from '../app/goals.ts';
import { importStatlineFile, nationalComparison } from '../app/national.ts';
import { underServing } from '../app/under-serving.ts';
import { resolvePseudonymKey } from '../app/pseudonym-key.ts';
import { readSettings } from '../config/settings.ts';
import { operator } from '../domain/access/viewer.ts';
import { Refusal } from '../domain/errors.ts';
import { BIJ_CARE_FORMS } from '../domain/bij.ts';
import { OUTCOME_BREAKDOWNS, type OutcomeBy } from '../domain/outcomes.ts';
import { COVERAGE_BREAKDOWNS, type CoverageBy } from '../domain/source-coverage.ts';
import { Pseudonymiser } from '../ijw/pseudonym.ts';
import { asRefusal, describeError } from './errors.ts';
import { SUBMIT_EXIT } from './financial-commands.ts';
import { ExitCode } from './ingest-commands.ts';
import { parseFormat, printListing, toJson, usage } from './output.ts';
import { dateOption } from './options.ts';
import { withWorkspace } from './workspace.ts';
import type { Io } from './main.ts';

function breakdown<T extends string>(text: string, allowed: readonly T[]): T {
  const t = text.trim().toLowerCase().replace('-', '_');
  if ((allowed as readonly string[]).includes(t)) return t as T;
  throw new Refusal('BREAKDOWN_INVALID', { text, allowed: allowed.join(', ') }, { option: '--by' });
}

/** The problems of a refused delivery as `--format json` gives them (the contract of issue 15). */
function refusedJson(e: Refusal, rows: number): unknown {
  const list = e.problems.length > 0 ? e.problems : [e];
  return {
    accepted: 0,
    merged: 0,
    rejected: Math.max(0, rows - 1),
    problems: list.map((p) => ({ sheet: p.where?.sheet ?? null, row: p.where?.row ?? null, column: p.where?.column ?? null, message: new Refusal(p.code, p.params as never).text('nl') })),
  };
}

export function registerQualityCommands(program: Command, io: Io): void {
  const bij = program.command('bij').description("the providers' CBS deliveries (Beleidsinformatie Jeugd v7) as a second source");

  bij
    .command('template')
    .description('write the delivery template: CSV with the protocol fields by name, or XLSX with Dutch labels and the code lists')
    .requiredOption('--out <file>', 'the .csv or .xlsx file to write')
    .action(async (opts: { out: string }) => {
      const t = await bijTemplate(operator(readSettings().actor), opts.out.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv');
      await writeFile(opts.out, t.bytes);
      io.out(`Wrote the CBS delivery template to ${opts.out}.\n`);
    });

  bij
    .command('submit')
    .description("deliver a provider's CBS delivery for a half year (CSV or XLSX): all or nothing, replacing the period; exit 0 accepted, 2 refused, 1 failed")
    .argument('<file>', 'the delivery (.csv or .xlsx)')
    .requiredOption('--provider <code>', "the provider's code, or one of its AGB codes")
    .requiredOption('--period <half-year>', 'the half year, e.g. 2028-H1 (JH-1: January–June)')
    .option('--as-of <YYYY-MM-DD>', 'the delivery date (default today); decides lateness and which periods can be corrected')
    .option('--format <format>', 'table or json', 'table')
    .action(async (file: string, opts: { provider: string; period: string; asOf?: string; format: string }) => {
      const format = parseFormat(opts.format);
      const settings = readSettings();
      let rows = 0;
      try {
        const asOf = opts.asOf === undefined ? undefined : dateOption(opts.asOf, '--as-of');
        const pseudonymiser = new Pseudonymiser(resolvePseudonymKey(settings, (l) => io.err(l + '\n')));
        await withWorkspace(async (ws) => {
          const r = await submitBijFile(operator(settings.actor), ws, file, {
            provider: opts.provider,
            period: opts.period,
            pseudonym: (s) => pseudonymiser.pseudonym(s),
            ...(asOf ? { asOf } : {}),
            onRow: (n) => (rows = n),
          });
          if (format === 'json') {
            io.out(toJson({ accepted: r.accepted, merged: r.merged, rejected: r.rejected, problems: [], provider: r.provider, unregistered: r.unregistered, period: r.period, replaced: r.replaced, late: r.late, deadline: r.deadline }) + '\n');
            return;
          }
          io.out(
            `Accepted the CBS delivery ${r.period} of ${r.provider}${r.unregistered ? ' (an AGB code of the traffic, not in the registry)' : ''}: ${r.accepted} records from ${r.rows} rows` +
              (r.merged > 0 ? `, ${r.merged} merged into another (same young person and care form, overlapping)` : '') +
              (r.replaced > 0 ? `; it replaces the earlier delivery's ${r.replaced} records` : '') +
              (r.late ? `; LATE: due ${r.deadline}` : `; on time (due ${r.deadline})`) +
              '.\n',
          );
        });
      } catch (thrown) {
        const e = asRefusal(thrown);
        if (!e) throw thrown;
        if (format === 'json') io.out(toJson(refusedJson(e, rows)) + '\n');
        else for (const line of describeError(e, { lang: settings.language, debug: settings.debug })) io.err(line + '\n');
        throw new ExitCode(SUBMIT_EXIT.refused);
      }
    });

  bij
    .command('list')
    .description('every CBS delivery: provider, half year, date, records, lateness')
    .option('--format <format>', 'table, csv or json', 'table')
    .action(async (opts: { format: string }) => {
      const format = parseFormat(opts.format);
      await withWorkspace(async (ws) => {
        const log = await bijDeliveryLog(operator(readSettings().actor), ws);
        printListing(io, format, {
          columns: [
            { key: 'provider', label: 'Aanbieder' },
            { key: 'period', label: 'Halfjaar' },
            { key: 'delivered_on', label: 'Geleverd' },
            { key: 'records', label: 'Records' },
            { key: 'merged', label: 'Samengevoegd' },
            { key: 'replaced', label: 'Vervangen' },
            { key: 'late', label: 'Te laat' },
            { key: 'source', label: 'Bestand' },
          ],
          rows: log.map((d) => ({ provider: d.provider, period: d.period, delivered_on: d.deliveredOn, records: d.records, merged: d.merged, replaced: d.replaced, late: format === 'table' ? (d.late ? 'ja' : 'nee') : d.late, source: d.source })),
          json: () => log,
        });
      });
    });

  bij
    .command('mirror')
    .description("a provider's mirror: its delivered records per municipality and care form, as CBS returns them")
    .requiredOption('--provider <code>', "the provider's code or AGB code")
    .requiredOption('--period <half-year>', 'e.g. 2028-H1')
    .option('--format <format>', 'table, csv or json', 'table')
    .action(async (opts: { provider: string; period: string; format: string }) => {
      const format = parseFormat(opts.format);
      await withWorkspace(async (ws) => {
        const m = await bijMirror(operator(readSettings().actor), ws, opts.period, opts.provider);
        printListing(io, format, {
          columns: [
            { key: 'municipality', label: 'Gemeente' },
            { key: 'care_form', label: 'Hulpvorm' },
            { key: 'records', label: 'Records' },
            { key: 'young_people', label: 'Jeugdigen' },
            { key: 'started', label: 'Gestart' },
            { key: 'ended', label: 'Beëindigd' },
          ],
          rows: m.rows.map((r) => ({ municipality: r.municipality, care_form: format === 'table' ? `${r.careForm} ${BIJ_CARE_FORMS[r.careForm] ?? ''}` : r.careForm, records: r.records, young_people: r.youngPeople, started: r.started, ended: r.ended })),
          json: () => m,
        });
      });
    });

  program
    .command('coverage')
    .description('how complete each source is for a half year: young people in both the CBS deliveries and the traffic, only in one; per provider, municipality or care form')
    .requiredOption('--period <half-year>', 'e.g. 2028-H1')
    .option('--by <breakdown>', COVERAGE_BREAKDOWNS.join(', '), 'provider')
    .option('--format <format>', 'table, csv or json', 'table')
    .action(async (opts: { period: string; by: string; format: string }) => {
      const format = parseFormat(opts.format);
      const by = breakdown<CoverageBy>(opts.by, COVERAGE_BREAKDOWNS);
      await withWorkspace(async (ws) => {
        const v = await coverageView(operator(readSettings().actor), ws, opts.period, by);
        const rows = (format === 'csv' ? v.rows : [...v.rows, { ...v.region, group: 'REGIO' }]).map((r) => ({
          [by]: r.group,
          both: r.both,
          only_bij: r.onlyBij,
          only_ijw: r.onlyIjw,
          ijw_confirmed_pct: r.ijwConfirmedPct,
          bij_confirmed_pct: r.bijConfirmedPct,
          ...(format === 'table' ? { dates_differ: r.datesDiffer } : {}),
        }));
        printListing(io, format, {
          columns: [
            { key: by, label: by === 'provider' ? 'Aanbieder' : by === 'municipality' ? 'Gemeente' : 'Hulpvorm' },
            { key: 'both', label: 'Beide' },
            { key: 'only_bij', label: 'Alleen CBS' },
            { key: 'only_ijw', label: 'Alleen iJw' },
            { key: 'ijw_confirmed_pct', label: 'iJw bevestigd %' },
            { key: 'bij_confirmed_pct', label: 'CBS bevestigd %' },
            ...(format === 'table' ? [{ key: 'dates_differ', label: `Data wijken > ${v.dateToleranceDays} d af` }] : []),
          ],
          rows,
          json: () => v,
        });
        if (format === 'table' && v.notDelivered.length > 0) io.out(`Not compared (traffic but no CBS delivery for ${v.period}): ${v.notDelivered.join(', ')}\n`);
      });
    });

  program
    .command('outcomes')
    .description('the national outcome indicators for a year or half year: dropout, no new start within the window, satisfaction and continuing without help where delivered')
    .requiredOption('--period <period>', 'a year (2028) or half year (2028-H1)')
    .option('--by <breakdown>', OUTCOME_BREAKDOWNS.join(', '), 'provider')
    .option('--format <format>', 'table, csv or json', 'table')
    .action(async (opts: { period: string; by: string; format: string }) => {
      const format = parseFormat(opts.format);
      const by = breakdown<OutcomeBy>(opts.by, OUTCOME_BREAKDOWNS);
      await withWorkspace(async (ws) => {
        const v = await outcomesView(operator(readSettings().actor), ws, opts.period, by);
        const rows = (format === 'csv' ? v.rows : [...v.rows, { ...v.region, group: 'REGIO' }]).map((r) => ({
          [by]: r.group,
          ended: r.ended,
          dropout: r.dropout,
          dropout_pct: r.dropoutPct,
          no_new_start_eligible: r.noNewStartEligible,
          no_new_start: r.noNewStart,
          no_new_start_pct: r.noNewStartPct,
          ...(format === 'table' ? { satisfaction: r.satisfactionMean === null ? null : `${r.satisfactionMean} (${r.satisfactionCount})` } : {}),
        }));
        printListing(io, format, {
          columns: [
            { key: by, label: { provider: 'Aanbieder', theme: 'Thema', municipality: 'Gemeente', area: 'Gebied' }[by] },
            { key: 'ended', label: 'Beëindigd' },
            { key: 'dropout', label: 'Uitval' },
            { key: 'dropout_pct', label: 'Uitval %' },
            { key: 'no_new_start_eligible', label: 'Te volgen' },
            { key: 'no_new_start', label: 'Geen nieuwe start' },
            { key: 'no_new_start_pct', label: 'Geen nieuwe start %' },
            ...(format === 'table' ? [{ key: 'satisfaction', label: 'Tevredenheid (n)' }] : []),
          ],
          rows,
          json: () => v,
        });
        if (format === 'table') {
          io.out(`Dropout counts reasons ${v.dropoutReasons.join(' and ')}; "no new start" looks ${v.windowMonths} months after each end`);
          io.out(v.windowPassed ? '.\n' : ` — that window has not passed for ${v.period} yet (data up to ${v.horizon ?? 'none'}).\n`);
        }
      });
    });

  program
    .command('goals')
    .description("the themes' goals: each KPI per year and scope against its baseline and the path to its targets, with the signals of KPIs off their path")
    .option('--scope <scope>', 'region, a municipality code, or area:<id> (default: every scope)')
    .option('--format <format>', 'table, csv or json', 'table')
    .action(async (opts: { scope?: string; format: string }) => {
      const format = parseFormat(opts.format);
      await withWorkspace(async (ws) => {
        const g = await goalsView(operator(readSettings().actor), ws);
        const rows = g.kpis.flatMap((k) =>
          k.scopes
            .filter((s) => opts.scope === undefined || s.scope === opts.scope)
            .flatMap((s) =>
              s.points.map((p) => ({
                kpi: k.id,
                theme: k.theme,
                scope: s.scope,
                year: p.year,
                value: p.value,
                baseline_year: s.baseline?.year ?? null,
                baseline: s.baseline?.value ?? null,
                path: p.path,
                off_path: format === 'table' ? (p.offPath ? 'ja' : '') : p.offPath,
              })),
            ),
        );
        printListing(io, format, {
          columns: [
            { key: 'kpi', label: 'Indicator' },
            { key: 'theme', label: 'Thema' },
            { key: 'scope', label: 'Gebied' },
            { key: 'year', label: 'Jaar' },
            { key: 'value', label: 'Waarde' },
            { key: 'baseline_year', label: 'Nulmeting' },
            { key: 'baseline', label: 'Waarde nulmeting' },
            { key: 'path', label: 'Pad' },
            { key: 'off_path', label: 'Naast pad' },
          ],
          rows,
          json: () => g,
        });
        if (format === 'table') {
          for (const k of g.kpis.filter((x) => x.needs)) io.out(`${k.id}: ${k.name} — needs ${k.needs}\n`);
          if (g.population?.placeholder) io.out(`Population: ${g.population.source} — PLACEHOLDER values, not CBS figures.\n`);
          for (const s of g.signals) io.out(`signal: ${s.nl}\n`);
        }
      });
    });

  const statline = program.command('statline').description('CBS StatLine tables: for the national comparison (85097NED, 85094NED, 85098NED) and the population (03759NED)');
  statline
    .command('import')
    .description('import one measure of a StatLine table as downloaded (OData TypedDataSet JSON or CSV), per municipality of the region and half year; all or nothing')
    .argument('<file>', 'the downloaded table (.json or .csv)')
    .requiredOption('--table <id>', '85097NED, 85094NED, 85098NED, or 03759NED (the population: add the ages with --filter Leeftijd=<key>+<key>…)')
    .option('--measure <key>', 'the measure (topic) column to read; needed when the table has more than one')
    .option('--filter <dimension=key...>', 'fix a breakdown dimension (e.g. Verwijzer=T001070), or add several keys (Leeftijd=10010+10110); without one, each is read at its total')
    .action(async (file: string, opts: { table: string; measure?: string; filter?: string[] }) => {
      const filters: Record<string, string> = {};
      for (const f of opts.filter ?? []) {
        const [d, ...rest] = f.split('=');
        if (!d || rest.length === 0) throw usage(`--filter takes dimension=key, not "${f}"`, `--filter neemt dimensie=sleutel, niet "${f}"`);
        filters[d.trim()] = rest.join('=').trim();
      }
      await withWorkspace(async (ws) => {
        const r = await importStatlineFile(operator(readSettings().actor), ws, file, { table: opts.table, ...(opts.measure ? { measure: opts.measure } : {}), filters });
        io.out(`Imported ${r.table} ${r.measure}: ${r.figures} figures of the region's municipalities${r.replaced > 0 ? `, replacing ${r.replaced}` : ''}${r.skipped > 0 ? ` (${r.skipped} rows of other regions or periods skipped)` : ''}.\n`);
      });
    });

  program
    .command('compare')
    .description("our counts per municipality beside CBS's StatLine figures for the same half year or year, with the difference and why the definitions differ")
    .requiredOption('--period <period>', 'a half year (2028-H1) or a year (2028)')
    .option('--format <format>', 'table, csv or json', 'table')
    .action(async (opts: { period: string; format: string }) => {
      const format = parseFormat(opts.format);
      await withWorkspace(async (ws) => {
        const c = await nationalComparison(operator(readSettings().actor), ws, opts.period);
        printListing(io, format, {
          columns: [
            { key: 'table', label: 'Tabel' },
            { key: 'measure', label: 'Onderwerp' },
            { key: 'municipality', label: 'Gemeente' },
            { key: 'cbs', label: 'CBS' },
            { key: 'ours', label: 'Jeugdregie' },
            { key: 'difference', label: 'Verschil (wij − CBS)' },
            { key: 'traffic_trajectories', label: 'Trajecten iJw' },
            { key: 'young_people', label: 'Jeugdigen' },
          ],
          rows: c.tables.flatMap((t) => t.rows.map((r) => ({ table: t.table, measure: t.measure, municipality: r.municipality || 'REGIO', cbs: r.cbs, ours: r.ours, difference: r.difference, traffic_trajectories: r.trafficTrajectories, young_people: r.youngPeople }))),
          json: () => c,
        });
        if (format === 'table') for (const t of c.tables) io.out(`${t.table}: ${t.note}${t.notDelivered > 0 ? ` ${t.notDelivered} provider(s) with traffic did not deliver to Jeugdregie for ${c.period}.` : ''}\n`);
        if (format === 'table' && c.tables.length === 0) io.out(`No StatLine figures for ${c.period}; import them with "jeugdregie statline import".\n`);
      });
    });

  program
    .command('underserving')
    .description("a provider's signals against under-serving for a half year: refusals, waits above the threshold, dropout above the region's, reach falling while the lump sum stays")
    .requiredOption('--provider <code>', 'the provider')
    .requiredOption('--period <half-year>', 'e.g. 2028-H2')
    .option('--format <format>', 'table, csv or json', 'table')
    .action(async (opts: { provider: string; period: string; format: string }) => {
      const format = parseFormat(opts.format);
      await withWorkspace(async (ws) => {
        const u = await underServing(operator(readSettings().actor), ws, opts.provider.trim(), opts.period);
        printListing(io, format, {
          columns: [
            { key: 'signal', label: 'Signaal' },
            { key: 'attention', label: 'Aandacht' },
            { key: 'figures', label: 'Cijfers' },
          ],
          rows: u.items.map((i) => ({ signal: i.code, attention: format === 'table' ? (i.signal ? 'ja' : '') : i.signal, figures: i.nl })),
          json: () => u,
        });
      });
    });
}
