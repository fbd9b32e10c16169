// CLI commands of the money engine: init, budgets, allocation, keys, lump sums, payments,
// adjustments, settlement and the ledger.
import type { Command } from 'commander';
import { readSettings } from '../config/settings.ts';
import { readPlanFile } from '../config/plan-file.ts';
import { initWorkspace, openWorkspace, targetOf, type Workspace } from '../app/workspace.ts';
import { allocatedYears, budgetForYear, lumpSums, payments } from '../app/queries.ts';
import { explain } from '../app/explain.ts';
import { importBudgetFile, settleFromFile } from '../app/imports.ts';
import { RuleError } from '../domain/errors.ts';
import { formatEuros, parseCents, parseEuros, sum } from '../domain/money.ts';
import { monthLabel, parseMonth } from '../domain/payment-schedule.ts';
import type { StoreOptions } from '../store/database.ts';
import { renderRows, parseFormat, toJson, UsageError, type Column } from './output.ts';
import type { Io } from './main.ts';

export async function withWorkspace<T>(fn: (ws: Workspace) => Promise<T>, options: StoreOptions = {}): Promise<T> {
  const settings = readSettings();
  const ws = await openWorkspace(targetOf(settings), settings.actor, undefined, options);
  try {
    return await fn(ws);
  } finally {
    await ws.close();
  }
}

function year(text: string): number {
  const y = Number(text);
  if (!Number.isInteger(y) || y < 2000 || y > 2100) throw new UsageError(`--year must be a year like 2028 (got "${text}")`);
  return y;
}

function signedAmount(opts: { amount?: string; amountCents?: string }, what: string): bigint {
  if (opts.amountCents !== undefined) return parseCents(opts.amountCents);
  if (opts.amount !== undefined) return parseEuros(opts.amount.replace(/^\+/, ''));
  throw new UsageError(`give the ${what} with --amount <euros> or --amount-cents <cents>`);
}

const formatOption = ['--format <format>', 'table, csv or json', 'table'] as const;

export function registerMoneyCommands(program: Command, io: Io): void {
  program
    .command('init')
    .description('create the database for a region (embedded unless DATABASE_URL is set)')
    .option('--region <id>', 'a shipped region: amsterdam-amstelland or eemland')
    .option('--region-file <path>', 'a region file of your own (YAML or JSON, see regions/region.schema.json)')
    .option('--demo', 'also record the demo allocation of 2028 (fictional providers)')
    .action(async (opts: { region?: string; regionFile?: string; demo?: boolean }) => {
      if (!opts.region === !opts.regionFile) throw new UsageError('give either --region <id> or --region-file <path>');
      const settings = readSettings();
      const { region, seqs } = await initWorkspace(targetOf(settings), settings.actor, { regionId: opts.region, regionFile: opts.regionFile, demo: opts.demo });
      io.out(
        `Region ${region.name} (${region.id}) initialised in ${settings.databaseUrl ? 'the PostgreSQL database' : settings.dataDir}: ` +
          `${region.municipalities.length} municipalities, ${region.areas.length} areas, ${region.themes.length} themes, ${region.careForms.length} care forms; ` +
          `${seqs.length} ledger entr${seqs.length === 1 ? 'y' : 'ies'} recorded.\n`,
      );
    });

  const budget = program.command('budget').description('municipal budgets per year');
  budget
    .command('import <file>')
    .description('import adopted budgets from CSV or XLSX (columns year, municipality, [line], amount_eur or amount_cents); all or nothing')
    .option('--reason <text>', 'why (e.g. the council decision)', 'budget adopted by the council')
    .action(async (file: string, opts: { reason: string }) =>
      withWorkspace(async (ws) => {
        const r = await importBudgetFile(ws, file, opts.reason);
        const totals = (r.result.totals as { year: number; totalCents: string }[]) ?? [];
        io.out(`Imported as ledger entry #${r.seq}: ` + totals.map((t) => `${t.year} ${formatEuros(BigInt(t.totalCents))}`).join(', ') + '\n');
        if (typeof r.result.note === 'string') io.out(`Note: ${r.result.note}\n`);
      }),
    );
  budget
    .command('show')
    .description("the region's budget for a year, per municipality")
    .requiredOption('--year <year>', 'budget year')
    .option(...formatOption)
    .option('--lines', 'show the budget lines (table and csv)')
    .action(async (opts: { year: string; format: string; lines?: boolean }) =>
      withWorkspace(async (ws) => {
        const format = parseFormat(opts.format);
        const b = await budgetForYear(ws, year(opts.year));
        const name = (code: string) => ws.region.municipalities.find((m) => m.code === code)?.name ?? code;
        if (format === 'json') {
          io.out(
            toJson({
              region: ws.region.id,
              year: b.year,
              municipalities: b.municipalities.map((m) => ({ code: m.municipality, name: name(m.municipality), amountCents: m.amountCents })),
              totalCents: b.totalCents,
            }) + '\n',
          );
          return;
        }
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
        io.out(renderRows(columns, rows, format));
      }),
    );

  program
    .command('allocate')
    .description('allocate the year\'s budget over themes and providers (the lump sums); redo allowed until the first payment')
    .requiredOption('--year <year>', 'year')
    .option('--plan <file>', 'allocation plan (YAML/JSON); without it the latest earlier plan is used again')
    .option('--reason <text>', 'why', 'allocation agreed in the tender dialogue')
    .action(async (opts: { year: string; plan?: string; reason: string }) =>
      withWorkspace(async (ws) => {
        const y = year(opts.year);
        let plan;
        if (opts.plan) plan = await readPlanFile(opts.plan, y);
        else {
          const state = await ws.engine.state();
          const earlier = Object.values(state.years).filter((x) => x.year < y).sort((a, b) => b.year - a.year)[0];
          if (!earlier) throw new UsageError(`there is no earlier plan to reuse; give --plan <file> for ${y}`);
          plan = { ...earlier.plan, year: y };
        }
        const r = await ws.engine.record({ kind: 'allocation', plan }, opts.reason);
        io.out(`Allocated ${y} as ledger entry #${r.seq}: ${formatEuros(BigInt(r.result.totalCents as string))} over ${plan.providers.length} providers (keys: ${r.result.keysBasis as string}).\n`);
      }),
    );

  const keys = program.command('keys').description('contribution keys: each municipality\'s weight in every lump sum');
  keys
    .command('set')
    .description('set the keys for a year that has not started paying (e.g. 0363=8500 0362=700 …)')
    .requiredOption('--year <year>', 'year')
    .requiredOption('--basis <text>', 'what the keys are based on (e.g. "bereik en kosten 2028")')
    .option('--reason <text>', 'why', 'annual revision of contributions')
    .argument('<keys...>', 'municipality=weight pairs, whole non-negative numbers')
    .action(async (pairs: string[], opts: { year: string; basis: string; reason: string }) =>
      withWorkspace(async (ws) => {
        const map: Record<string, string> = {};
        for (const p of pairs) {
          const m = /^(\d{4})=(\d+)$/.exec(p.trim());
          if (!m) throw new UsageError(`"${p}" is not municipality=weight (like 0363=8500)`);
          map[m[1]!] = m[2]!;
        }
        const r = await ws.engine.record({ kind: 'keys.set', year: year(opts.year), keys: map, basis: opts.basis }, opts.reason);
        io.out(`Keys for ${opts.year} recorded as ledger entry #${r.seq}${r.result.reallocated ? '; the allocation follows them' : ''}.\n`);
      }),
    );

  program
    .command('lumpsums')
    .description('lump sums per provider, theme and municipality')
    .requiredOption('--year <year>', 'year')
    .option('--provider <code>', 'one provider')
    .option('--per-provider', 'one line per provider (table only)')
    .option(...formatOption)
    .action(async (opts: { year: string; provider?: string; perProvider?: boolean; format: string }) =>
      withWorkspace(async (ws) => {
        const format = parseFormat(opts.format);
        const y = year(opts.year);
        const rows = await lumpSums(ws, y, opts.provider);
        if (rows.length === 0 && !(await allocatedYears(ws)).includes(y)) throw new RuleError('YEAR_NOT_ALLOCATED', `no lump sums are allocated for ${y}; run "jeugdregie allocate --year ${y}"`);
        if (opts.perProvider && format === 'table') {
          const providers = [...new Set(rows.map((r) => r.provider))];
          const out = providers.map((p) => ({
            provider: p,
            name: rows.find((r) => r.provider === p)!.providerName,
            themes: [...new Set(rows.filter((r) => r.provider === p).map((r) => r.theme))].join(' '),
            amount_cents: sum(rows.filter((r) => r.provider === p).map((r) => r.amountCents)),
          }));
          out.push({ provider: '', name: 'Totaal', themes: '', amount_cents: sum(rows.map((r) => r.amountCents)) });
          io.out(
            renderRows(
              [
                { key: 'provider', label: 'Aanbieder' },
                { key: 'name', label: 'Naam' },
                { key: 'themes', label: 'Thema\'s' },
                { key: 'amount_cents', label: 'Lumpsum', money: true },
              ],
              out,
              format,
            ),
          );
          return;
        }
        io.out(
          renderRows(
            [
              { key: 'provider', label: 'Aanbieder' },
              { key: 'theme', label: 'Thema' },
              { key: 'municipality', label: 'Gemeente' },
              { key: 'amount_cents', label: 'Bedrag', money: true },
            ],
            rows.map((r) => ({ provider: r.provider, theme: r.theme, municipality: r.municipality, amount_cents: r.amountCents })),
            format,
          ),
        );
      }),
    );

  program
    .command('payments')
    .description('the monthly payment schedule: 12 instalments per provider per municipality')
    .requiredOption('--year <year>', 'year')
    .option('--provider <code>', 'one provider')
    .option(...formatOption)
    .action(async (opts: { year: string; provider?: string; format: string }) =>
      withWorkspace(async (ws) => {
        const format = parseFormat(opts.format);
        const rows = await payments(ws, year(opts.year), opts.provider);
        io.out(
          renderRows(
            [
              { key: 'provider', label: 'Aanbieder' },
              { key: 'municipality', label: 'Gemeente' },
              { key: 'month', label: 'Maand' },
              { key: 'amount_cents', label: 'Bedrag', money: true },
              ...(format === 'table' ? [{ key: 'status', label: 'Status' }] : []),
            ],
            rows.map((r) => ({ provider: r.provider, municipality: r.municipality, month: r.month, amount_cents: r.amountCents, status: r.paid ? 'betaald' : 'gepland' })),
            format,
          ),
        );
      }),
    );

  program
    .command('pay')
    .description('record the payment run of one month (months are paid in order, once)')
    .requiredOption('--month <YYYY-MM>', 'the month to pay')
    .option('--reason <text>', 'why', 'monthly payment run')
    .action(async (opts: { month: string; reason: string }) =>
      withWorkspace(async (ws) => {
        const y = Number(opts.month.slice(0, 4));
        const month = parseMonth(opts.month, y);
        const r = await ws.engine.record({ kind: 'payment.run', year: y, month }, opts.reason);
        io.out(`Paid ${monthLabel(y, month)} as ledger entry #${r.seq}: ${r.result.instalments as number} instalments, ${formatEuros(BigInt(r.result.totalCents as string))}.\n`);
      }),
    );

  program
    .command('adjust')
    .description("adjust a provider's lump sum during the year (at most once a year, never retroactively)")
    .requiredOption('--provider <code>', 'provider')
    .requiredOption('--year <year>', 'year')
    .option('--amount <euros>', 'change in euros, + or - (e.g. 250000 or -120000.50)')
    .option('--amount-cents <cents>', 'change in cents')
    .option('--from <YYYY-MM>', 'first month the new amount applies to (default: the first month not yet paid)')
    .requiredOption('--reason <text>', 'why')
    .option('--upward-reason <code>', 'for an increase: the unforeseen circumstance (see "jeugdregie adjust --help")')
    .option('--forecast <euros>', "for a decrease: the provider's forecast cost for the year")
    .option('--forecast-cents <cents>', 'the forecast in cents')
    .option('--deviating <codes>', 'municipalities whose costs deviate: the split is then given with --split')
    .option('--split <pairs>', 'explicit split in cents, e.g. 0363=100000,0362=0')
    .option('--split-reason <text>', 'why the split deviates from the contributions')
    .option('--date <YYYY-MM-DD>', 'decision date (default today)')
    .action(
      async (opts: {
        provider: string;
        year: string;
        amount?: string;
        amountCents?: string;
        from?: string;
        reason: string;
        upwardReason?: string;
        forecast?: string;
        forecastCents?: string;
        deviating?: string;
        split?: string;
        splitReason?: string;
        date?: string;
      }) =>
        withWorkspace(async (ws) => {
          const y = year(opts.year);
          const delta = signedAmount(opts, 'change');
          const state = await ws.engine.state();
          const paidThrough = state.years[y]?.paidThrough ?? 0;
          const fromMonth = opts.from ? parseMonth(opts.from, y) : Math.min(paidThrough + 1, 12);
          const forecast = opts.forecastCents !== undefined ? parseCents(opts.forecastCents) : opts.forecast !== undefined ? parseEuros(opts.forecast) : undefined;
          const date = opts.date ?? new Date().toISOString().slice(0, 10);
          if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new UsageError(`--date must be YYYY-MM-DD (got "${date}")`);
          let explicitSplit;
          if (opts.deviating || opts.split) {
            if (!opts.deviating || !opts.split) throw new UsageError('a deviating split needs both --deviating and --split');
            const amounts: Record<string, string> = {};
            for (const pair of opts.split.split(',')) {
              const m = /^(\d{4})=(-?\d+)$/.exec(pair.trim());
              if (!m) throw new UsageError(`"${pair}" is not municipality=cents`);
              amounts[m[1]!] = m[2]!;
            }
            explicitSplit = { deviating: opts.deviating.split(',').map((s) => s.trim()), amounts, reason: opts.splitReason ?? '' };
          }
          const r = await ws.engine.record(
            {
              kind: 'adjustment',
              request: {
                provider: opts.provider,
                year: y,
                deltaCents: delta.toString(),
                fromMonth,
                date,
                reason: opts.reason,
                ...(opts.upwardReason ? { upwardReason: opts.upwardReason } : {}),
                ...(forecast !== undefined ? { forecastCostCents: forecast.toString() } : {}),
                ...(explicitSplit ? { explicitSplit } : {}),
              },
            },
            opts.reason,
          );
          io.out(
            `Adjusted ${opts.provider} ${y} from ${monthLabel(y, fromMonth)} as ledger entry #${r.seq}: new lump sum ${formatEuros(BigInt(r.result.newLumpSumCents as string))}.\n`,
          );
        }),
    );

  program
    .command('settle')
    .description('settle a year: costs per provider and municipality (CSV/XLSX: provider, municipality, cost_eur or cost_cents)')
    .requiredOption('--year <year>', 'year')
    .requiredOption('--costs <file>', "the providers' 12-month cost reports")
    .option('--threshold <pct>', 'flag a municipality whose cost share deviates from its contribution share by more than this many percentage points')
    .option('--reason <text>', 'why', 'year-end settlement')
    .action(async (opts: { year: string; costs: string; threshold?: string; reason: string }) =>
      withWorkspace(async (ws) => {
        const r = await settleFromFile(ws, year(opts.year), opts.costs, opts.reason, opts.threshold);
        const flagged = r.result.flagged as string[];
        io.out(`Settled ${opts.year} as ledger entry #${r.seq}. ${flagged.length > 0 ? `Flagged for next year's keys: ${flagged.join(', ')}.` : 'No municipality deviates beyond the threshold.'}\n`);
      }),
    );

  program
    .command('settlement')
    .description('the settlement report of a year: per provider and per municipality')
    .requiredOption('--year <year>', 'year')
    .option('--by <part>', 'provider or municipality (csv shows one part; table shows both)')
    .option(...formatOption)
    .action(async (opts: { year: string; format: string; by?: string }) =>
      withWorkspace(async (ws) => {
        const format = parseFormat(opts.format);
        const y = year(opts.year);
        if (opts.by && opts.by !== 'provider' && opts.by !== 'municipality') throw new UsageError(`--by must be provider or municipality (got "${opts.by}")`);
        const parts = opts.by ? [opts.by] : format === 'csv' ? ['provider'] : ['provider', 'municipality'];
        const s = (await ws.engine.state()).years[y]?.settlement;
        if (!s) throw new RuleError('NOT_SETTLED', `${y} is not settled yet; run "jeugdregie settle --year ${y} --costs <file>"`);
        if (format === 'json') {
          io.out(toJson(s) + '\n');
          return;
        }
        if (parts.includes('provider')) io.out(
          renderRows(
            [
              { key: 'provider', label: 'Aanbieder' },
              { key: 'lump_sum_cents', label: 'Lumpsum', money: true },
              { key: 'cost_cents', label: 'Kosten', money: true },
              { key: 'result_cents', label: 'Resultaat', money: true },
            ],
            s.providers.map((p) => ({ provider: p.provider, lump_sum_cents: p.lumpSumCents, cost_cents: p.costCents, result_cents: p.resultCents })),
            format,
          ),
        );
        if (parts.length === 2) io.out('\n');
        if (parts.includes('municipality')) io.out(
          renderRows(
            [
              { key: 'municipality', label: 'Gemeente' },
              { key: 'contribution_cents', label: 'Bijdrage', money: true },
              { key: 'cost_cents', label: 'Kosten', money: true },
              { key: 'contribution_share_pct', label: 'Aandeel bijdrage %' },
              { key: 'cost_share_pct', label: 'Aandeel kosten %' },
              { key: 'deviation_pct', label: 'Afwijking %-punt' },
              { key: 'flagged', label: `Boven ${s.thresholdPct}%-punt` },
            ],
            s.municipalities.map((m) => ({
              municipality: m.municipality,
              contribution_cents: m.contributionCents,
              cost_cents: m.costCents,
              contribution_share_pct: m.contributionSharePct,
              cost_share_pct: m.costSharePct,
              deviation_pct: m.deviationPct,
              flagged: format === 'table' ? (m.flagged ? 'ja' : 'nee') : m.flagged,
            })),
            format,
          ),
        );
      }),
    );

  const ledger = program.command('ledger').description('the append-only ledger of decisions');
  ledger
    .command('list', { isDefault: true })
    .description('every decision: who, when, what, why')
    .option(...formatOption)
    .action(async (opts: { format: string }) =>
      withWorkspace(async (ws) => {
        const format = parseFormat(opts.format);
        const entries = await ws.engine.entries();
        if (format === 'json') {
          io.out(toJson(entries) + '\n');
          return;
        }
        io.out(
          renderRows(
            [
              { key: 'seq', label: '#' },
              { key: 'recorded_at', label: 'Vastgelegd' },
              { key: 'actor', label: 'Door' },
              { key: 'kind', label: 'Besluit' },
              { key: 'reason', label: 'Reden' },
            ],
            entries.map((e) => ({ seq: e.seq, recorded_at: e.recordedAt, actor: e.actor, kind: e.decision.kind, reason: e.reason })),
            format,
          ),
        );
      }),
    );
  ledger
    .command('explain')
    .description('the chain of decisions and the arithmetic behind a lump sum, a contribution or a payment')
    .requiredOption('--provider <code>', 'provider')
    .requiredOption('--year <year>', 'year')
    .option('--municipality <code>', "one municipality's contribution")
    .option('--month <YYYY-MM>', 'one monthly payment (with --municipality)')
    .option(...formatOption)
    .action(async (opts: { provider: string; year: string; municipality?: string; month?: string; format: string }) =>
      withWorkspace(async (ws) => {
        const format = parseFormat(opts.format);
        const e = await explain(ws, { provider: opts.provider, year: year(opts.year), municipality: opts.municipality, month: opts.month });
        if (format === 'json') {
          io.out(toJson(e) + '\n');
          return;
        }
        if (format === 'csv') {
          io.out(
            renderRows(
              [
                { key: 'seq', label: '#' },
                { key: 'kind', label: 'Besluit' },
                { key: 'recorded_at', label: 'Vastgelegd' },
                { key: 'actor', label: 'Door' },
                { key: 'reason', label: 'Reden' },
                { key: 'text', label: 'Toelichting' },
              ],
              e.steps.map((s) => ({ seq: s.seq, kind: s.kind, recorded_at: s.recordedAt, actor: s.actor, reason: s.reason, text: s.text })),
              format,
            ),
          );
          return;
        }
        io.out(`${e.subject}: ${formatEuros(e.amountCents)}\n`);
        for (const s of e.steps) {
          const who = s.seq === null ? '  rule ' : `  #${s.seq} ${s.kind}, ${s.recordedAt?.slice(0, 10)} by ${s.actor} ("${s.reason}")\n       `;
          io.out(`${who} ${s.text}\n`);
        }
      }),
    );
  ledger
    .command('verify')
    .description('replay the ledger and compare every derived figure with the stored one')
    .action(async () =>
      withWorkspace(async (ws) => {
        const differing = await ws.engine.verify();
        if (differing.length > 0) throw new RuleError('LEDGER_MISMATCH', `the stored figures differ from the ledger in: ${differing.join(', ')}; run "jeugdregie ledger rebuild"`);
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
