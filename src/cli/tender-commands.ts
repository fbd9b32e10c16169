// The tender at the command line [issue 16]: define, import, rank, draw, intend, object, award,
// withdraw, capacity, coverage, distribute (what-if or accept), plan, list and the documents.
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import {
  acceptDistribution,
  awardTender,
  decideObjection,
  defineTender,
  distributionWhatIf,
  importCapacities,
  importTenderFile,
  intendSelection,
  listTenders,
  recordDraw,
  recordObjection,
  tenderCoverageView,
  tenderPlanYaml,
  tenderRanking,
  withdrawBidder,
} from '../app/tender.ts';
import { tenderDocument } from '../app/tender-documents.ts';
import { readSettings } from '../config/settings.ts';
import { operator } from '../domain/access/viewer.ts';
import { parseBases, type DistributionBasis } from '../domain/tender.ts';
import { formatEuros } from '../domain/money.ts';
import { parseFormat, printListing, usage } from './output.ts';
import { dateOption, textOption, yearOption } from './options.ts';
import { withWorkspace } from './workspace.ts';
import type { Io } from './main.ts';

const basisText = (b: DistributionBasis) => (b.kind === 'mix' ? `mix:${b.capacityPct}` : b.kind);

export function registerTenderCommands(program: Command, io: Io): void {
  const tender = program.command('tender').description('the tender that selects the providers: submissions, scores, ranking, waiting room, coverage, distribution, plan');
  const me = () => operator(readSettings().actor);
  const reasonOpt = (c: Command, d: string) => c.option('--reason <text>', 'why (in the ledger)', d);

  tender
    .command('list')
    .description('every tender: id, name, status')
    .option('--format <format>', 'table, csv or json', 'table')
    .action(async (opts: { format: string }) => {
      const format = parseFormat(opts.format);
      await withWorkspace(async (ws) => {
        const list = await listTenders(me(), ws);
        printListing(io, format, {
          // The CSV header is the contract's, exactly: id,name,status; the table shows more.
          columns: [
            { key: 'id', label: 'Id' },
            { key: 'name', label: 'Naam' },
            { key: 'status', label: 'Status' },
            ...(format === 'table' ? [{ key: 'year', label: 'Jaar' }, { key: 'bidders', label: 'Inschrijvers' }, { key: 'selected', label: 'Geselecteerd' }] : []),
          ],
          rows: list.map((t) => ({ id: t.id, name: t.name, status: t.status, year: t.year, bidders: t.bidders, selected: t.selected })),
          json: () => list,
        });
      });
    });

  reasonOpt(tender.command('define').description('record a tender as published (YAML: themes, areas, requirements, criteria, tie rule, assessors, demand)').argument('<file>', 'the definition (.yaml or .json)'), 'aanbesteding gepubliceerd').action(async (file: string, opts: { reason: string }) => {
    await withWorkspace(async (ws) => {
      const r = await defineTender(me(), ws, file, textOption(opts.reason, '--reason')!);
      io.out(`Recorded tender ${r.decision.tender.id} as ledger entry #${r.seq}.\n`);
    });
  });

  reasonOpt(
    tender
      .command('import')
      .description("record submissions and scores (CSV/XLSX: bidder,kind,item,assessor,value,reason): all or nothing, every problem with sheet, row and column")
      .argument('<file>', 'the record (.csv or .xlsx)')
      .option('--tender <id>', 'the tender (default: the only one, or the only open one)'),
    'inschrijvingen en beoordelingen',
  ).action(async (file: string, opts: { tender?: string; reason: string }) => {
    await withWorkspace(async (ws) => {
      const r = await importTenderFile(me(), ws, file, opts.tender, textOption(opts.reason, '--reason')!);
      io.out(`Recorded ${r.decision.facts.length} facts of ${new Set(r.decision.facts.map((f) => f.bidder)).size} bidders in tender ${r.decision.tender} as ledger entry #${r.seq}.\n`);
    });
  });

  tender
    .command('rank')
    .description('the ranking: rank, bidder, status (selected, waiting_room, not_selected, insufficient, incomplete), total score, how a tie was broken')
    .requiredOption('--tender <id>', 'the tender')
    .option('--format <format>', 'table, csv or json', 'table')
    .action(async (opts: { tender: string; format: string }) => {
      const format = parseFormat(opts.format);
      await withWorkspace(async (ws) => {
        const r = await tenderRanking(me(), ws, opts.tender);
        printListing(io, format, {
          columns: [
            { key: 'rank', label: 'Rang' },
            { key: 'bidder', label: 'Inschrijver' },
            { key: 'status', label: 'Status' },
            { key: 'total_score', label: 'Totaalscore' },
            { key: 'tie_break', label: 'Beslist door' },
          ],
          rows: r.lines.map((l) => ({ rank: l.rank ?? null, bidder: l.bidder, status: l.status, total_score: l.totalScore ?? null, tie_break: l.tieBreak ?? null })),
          json: () => r,
        });
        if (format === 'table' && r.unresolved.length > 0) io.err(`Still tied after the tie rule's criteria, a draw is needed (jeugdregie tender draw): ${r.unresolved.map((g) => g.join(' = ')).join('; ')}\n`);
      });
    });

  reasonOpt(
    tender
      .command('draw')
      .description('record the draw for bidders still tied after the tie rule: their order, first wins')
      .requiredOption('--tender <id>', 'the tender')
      .requiredOption('--order <bidders>', 'the tied bidders in the order drawn, comma-separated')
      .requiredOption('--witness <text>', 'who drew and who witnessed it'),
    'loting',
  ).action(async (opts: { tender: string; order: string; witness: string; reason: string }) => {
    await withWorkspace(async (ws) => {
      const r = await recordDraw(me(), ws, opts.tender, opts.order.split(',').map((s) => s.trim()).filter(Boolean), opts.witness, textOption(opts.reason, '--reason')!);
      io.out(`Recorded the draw ${opts.order} as ledger entry #${r.seq}.\n`);
    });
  });

  const dated = (c: Command) => c.option('--date <YYYY-MM-DD>', "the date (default today in the region's time zone)");
  reasonOpt(dated(tender.command('intend').description('make the intended selection known: the ranking is fixed and the standstill period starts').requiredOption('--tender <id>', 'the tender')), 'voorgenomen selectie bekendgemaakt').action(async (opts: { tender: string; date?: string; reason: string }) => {
    await withWorkspace(async (ws) => {
      const r = await intendSelection(me(), ws, opts.tender, opts.date === undefined ? undefined : dateOption(opts.date, '--date'), textOption(opts.reason, '--reason')!);
      io.out(`Made the intended selection known as ledger entry #${r.seq}; the standstill period runs until ${String(r.result.standstillEnds)} inclusive.\n`);
    });
  });

  reasonOpt(
    dated(tender.command('object').description('record an objection of a bidder within the standstill period').requiredOption('--tender <id>', 'the tender').requiredOption('--bidder <code>', 'the bidder').requiredOption('--text <text>', 'what it objects to')),
    'bezwaar ontvangen',
  ).action(async (opts: { tender: string; bidder: string; text: string; date?: string; reason: string }) => {
    await withWorkspace(async (ws) => {
      const r = await recordObjection(me(), ws, opts.tender, opts.bidder, opts.text, opts.date === undefined ? undefined : dateOption(opts.date, '--date'), textOption(opts.reason, '--reason')!);
      io.out(`Recorded the objection of ${opts.bidder} as ledger entry #${r.seq}.\n`);
    });
  });

  dated(
    tender
      .command('objection-outcome')
      .description('record the outcome of an objection: rejected, or upheld (the intended selection is withdrawn and the record can be corrected)')
      .requiredOption('--tender <id>', 'the tender')
      .requiredOption('--objection <entry>', 'the ledger entry of the objection')
      .requiredOption('--outcome <upheld|rejected>', 'upheld or rejected')
      .requiredOption('--reason <text>', 'the reasons (in the ledger and the documents)'),
  ).action(async (opts: { tender: string; objection: string; outcome: string; date?: string; reason: string }) => {
    if (opts.outcome !== 'upheld' && opts.outcome !== 'rejected') throw usage('--outcome is upheld or rejected', '--outcome is upheld (gegrond) of rejected (ongegrond)');
    if (!/^\d+$/.test(opts.objection)) throw usage('--objection is the number of the ledger entry of the objection', '--objection is het nummer van de regel van het bezwaar');
    await withWorkspace(async (ws) => {
      const r = await decideObjection(me(), ws, opts.tender, Number(opts.objection), opts.outcome as 'upheld' | 'rejected', opts.date === undefined ? undefined : dateOption(opts.date, '--date'), textOption(opts.reason, '--reason')!);
      io.out(`Recorded the objection's outcome (${opts.outcome}) as ledger entry #${r.seq}.\n`);
    });
  });

  reasonOpt(dated(tender.command('award').description('make the selection final after the standstill period: the selected bidders become providers').requiredOption('--tender <id>', 'the tender')), 'selectie definitief').action(async (opts: { tender: string; date?: string; reason: string }) => {
    await withWorkspace(async (ws) => {
      const r = await awardTender(me(), ws, opts.tender, opts.date === undefined ? undefined : dateOption(opts.date, '--date'), textOption(opts.reason, '--reason')!);
      io.out(`Made the selection final as ledger entry #${r.seq}: ${(r.result.selected as string[]).length} providers.\n`);
    });
  });

  reasonOpt(dated(tender.command('withdraw').description('a selected bidder withdraws: the first of the waiting room takes its place').requiredOption('--tender <id>', 'the tender').requiredOption('--bidder <code>', 'the bidder that withdraws')), 'terugtrekking').action(async (opts: { tender: string; bidder: string; date?: string; reason: string }) => {
    await withWorkspace(async (ws) => {
      const r = await withdrawBidder(me(), ws, opts.tender, opts.bidder, opts.date === undefined ? undefined : dateOption(opts.date, '--date'), textOption(opts.reason, '--reason')!);
      io.out(`Recorded the withdrawal of ${opts.bidder} as ledger entry #${r.seq}${r.result.promoted ? `; ${String(r.result.promoted)} moves up from the waiting room` : '; the waiting room is empty'}.\n`);
    });
  });

  reasonOpt(tender.command('capacity').description("record the selected providers' minimum and maximum capacity per theme and area (CSV/XLSX: bidder,theme,area,min,max,expertise)").argument('<file>', 'the capacities').requiredOption('--tender <id>', 'the tender'), 'capaciteit uit de dialoog').action(async (file: string, opts: { tender: string; reason: string }) => {
    await withWorkspace(async (ws) => {
      const r = await importCapacities(me(), ws, opts.tender, file, textOption(opts.reason, '--reason')!);
      io.out(`Recorded ${r.decision.lines.length} capacity lines as ledger entry #${r.seq}.\n`);
    });
  });

  tender
    .command('coverage')
    .description('coverage per theme and area: demand against the selected providers’ minimum and maximum capacity (gap, under, over, covered)')
    .requiredOption('--tender <id>', 'the tender')
    .option('--format <format>', 'table, csv or json', 'table')
    .action(async (opts: { tender: string; format: string }) => {
      const format = parseFormat(opts.format);
      await withWorkspace(async (ws) => {
        const v = await tenderCoverageView(me(), ws, opts.tender);
        printListing(io, format, {
          columns: [
            { key: 'theme', label: 'Thema' },
            { key: 'area', label: 'Gebied' },
            { key: 'demand', label: 'Vraag' },
            { key: 'min_capacity', label: 'Min. capaciteit' },
            { key: 'max_capacity', label: 'Max. capaciteit' },
            { key: 'status', label: 'Dekking' },
            { key: 'providers', label: 'Aanbieders' },
          ],
          rows: v.cells.map((c) => ({ theme: c.theme, area: c.area, demand: c.demand, min_capacity: c.minTotal, max_capacity: c.maxTotal, status: c.status, providers: c.providers.join(' ') })),
          json: () => v,
        });
      });
    });

  tender
    .command('distribute')
    .description("each theme's budget over its providers by capacity, score or a mix: shares and money (what-if, unless --accept)")
    .requiredOption('--tender <id>', 'the tender')
    .option('--basis <basis>', 'capacity, score or mix:N (N % by capacity), for all themes or per theme as A=mix:60,B=score (default: the accepted distribution, else capacity)')
    .option('--year <year>', 'the year whose adopted budgets give the money (default the tender’s first year)')
    .option('--accept', 'record this distribution as accepted (the final submission accepts it)')
    .option('--format <format>', 'table, csv or json', 'table')
    .option('--reason <text>', 'why (in the ledger, with --accept)', 'verdeling aanvaard')
    .action(async (opts: { tender: string; basis?: string; year?: string; accept?: boolean; format: string; reason: string }) => {
      const format = parseFormat(opts.format);
      await withWorkspace(async (ws) => {
        const themes = (await tenderCoverageView(me(), ws, opts.tender)).themes.map((t) => t.code);
        const bases = parseBases(opts.basis ?? 'capacity', themes);
        if (opts.accept) {
          const r = await acceptDistribution(me(), ws, opts.tender, bases, textOption(opts.reason, '--reason')!);
          io.err(`Accepted the distribution as ledger entry #${r.seq}.\n`);
        }
        const v = await distributionWhatIf(me(), ws, opts.tender, opts.basis === undefined ? undefined : bases, opts.year === undefined ? undefined : yearOption(opts.year));
        printListing(io, format, {
          columns: [
            { key: 'theme', label: 'Thema' },
            { key: 'basis', label: 'Grondslag' },
            { key: 'provider', label: 'Aanbieder' },
            { key: 'share_pct', label: 'Aandeel %' },
            { key: 'capacity', label: 'Capaciteit' },
            { key: 'score', label: 'Score' },
            { key: 'amount_cents', label: 'Bedrag', money: true },
          ],
          rows: v.themes.flatMap((t) => t.providers.map((p) => ({ theme: t.theme, basis: basisText(t.basis), provider: p.bidder, share_pct: p.sharePct, capacity: p.capacity, score: p.score, amount_cents: p.cents === null ? null : BigInt(p.cents) }))),
          json: () => v,
        });
        if (format === 'table' && v.totalCents !== null) io.err(`Year ${v.year}: ${formatEuros(BigInt(v.totalCents))} over the themes by the tender's shares, each theme over its providers by largest remainder (as the allocation will).\n`);
      });
    });

  tender
    .command('plan')
    .description('write the allocation plan of the accepted distribution, for allocate --year Y --plan FILE (with its ledger reference to the tender)')
    .requiredOption('--tender <id>', 'the tender')
    .requiredOption('--year <year>', 'the year the plan is for')
    .requiredOption('--out <file>', 'the plan to write (.yaml)')
    .action(async (opts: { tender: string; year: string; out: string }) => {
      const year = yearOption(opts.year);
      await withWorkspace(async (ws) => {
        const { plan, yaml } = await tenderPlanYaml(me(), ws, opts.tender, year, opts.out);
        await writeFile(opts.out, yaml);
        io.out(`Wrote the plan for ${year} (${plan.providers.length} providers, from ledger entry #${plan.source!.seq}) to ${opts.out}.\n`);
      });
    });

  tender
    .command('document')
    .description("the region's statement of reasons (proces-verbaal) or a bidder's award notice, as HTML or PDF, from the record")
    .requiredOption('--tender <id>', 'the tender')
    .requiredOption('--kind <kind>', 'proces-verbaal or notice')
    .option('--bidder <code>', 'the bidder (for a notice)')
    .requiredOption('--out <file>', 'the file to write (.html or .pdf)')
    .action(async (opts: { tender: string; kind: string; bidder?: string; out: string }) => {
      if (opts.kind !== 'proces-verbaal' && opts.kind !== 'notice') throw usage('--kind is proces-verbaal or notice', '--kind is proces-verbaal of notice (gunningsbericht)');
      if (opts.kind === 'notice' && !opts.bidder) throw usage('a notice is for one bidder: give --bidder', 'een gunningsbericht is voor één inschrijver: geef --bidder');
      const pdf = opts.out.toLowerCase().endsWith('.pdf');
      await withWorkspace(async (ws) => {
        const doc = await tenderDocument(me(), ws, opts.tender, opts.kind === 'notice' ? { kind: 'notice', bidder: opts.bidder! } : { kind: 'proces-verbaal' }, pdf ? 'pdf' : 'html');
        await writeFile(opts.out, doc.bytes);
        io.out(`Wrote ${doc.title} to ${opts.out}.\n`);
      });
    });
}
