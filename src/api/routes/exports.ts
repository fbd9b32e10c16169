// Exports: every table the pages show, as CSV or XLSX with the filters in the file [issue 13 "every
// table exportable to CSV and XLSX with the filters in the file"]. GET /api/export/{table}?format=
// csv|xlsx takes the query of the table's own route and reads through the same use case with the
// viewer (the monitor's through monitorReaders, the money's through money-views), so an export holds
// exactly the rows and values of the JSON route, scope and disclosure included; here the rows only
// get Dutch headings (src/app/exports.ts writes the file and the audit log). Each table is its own
// route, declaring its source route's capability.
//
// A page shows fewer rows than its JSON route gives when its filters narrow them (the monitor routes
// break figures down, they do not filter; the money pages keep a municipality or theme): an export
// takes those filters too (municipality, area, provider, theme, care_form), so that the file holds
// the table on screen, and names them among its filters. The trend export holds every period of a
// trend (periods=2028-01..2028-08), one block of rows per period.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static, type TOptional, type TProperties, type TString } from '@sinclair/typebox';
import { coverageView, outcomesView } from '../../app/bij.ts';
import { COVERAGE_BREAKDOWNS } from '../../domain/source-coverage.ts';
import { OUTCOME_BREAKDOWNS } from '../../domain/outcomes.ts';
import { CONTENT_TYPES, EXPORT_FORMATS, exportFile, type ExportColumn, type ExportFormat, type ExportRow, type ExportTable } from '../../app/exports.ts';
import { describeIngestStatus } from '../../app/ingest-runs.ts';
import { budgetFor, ledgerFor, lumpSumsFor, paymentsFor } from '../../app/money-views.ts';
import type { Workspace } from '../../app/workspace.ts';
import { REGION, REST } from '../../domain/access/scope.ts';
import type { Capability } from '../../domain/access/policy.ts';
import { euros } from '../../domain/catalogue/entry.ts';
import type { CoveredPeriod } from '../../domain/data-coverage.ts';
import { DIMENSIONS, type Dimension } from '../../domain/reach-figures.ts';
import { stopReasonLabel } from '../../domain/stop-reasons.ts';
import { viewerOf } from '../access.ts';
import { PROBLEM_RESPONSES } from '../errors.ts';
import { Refusal } from '../../domain/errors.ts';
import { MAX_TEXT_PARAMETER } from '../limits.ts';
import { Code, Query, Year } from '../schemas.ts';
import { By, PeriodFields, TimelinessBy, type MonitorAnswer, type MonitorReaders } from './monitor.ts';

const Format = Type.Optional(Type.Union(EXPORT_FORMATS.map((f) => Type.Literal(f)), { description: 'csv (default: UTF-8 with BOM, ";" between fields, decimal comma — for Dutch Excel) or xlsx' }));
const withFormat = <P extends TProperties>(properties: P) => Query({ ...properties, format: Format });

/** The dimensions a page filters its rows on, as export parameters. */
export const ROW_FILTERS = ['municipality', 'area', 'provider', 'theme', 'care_form'] as const;
type RowFilter = (typeof ROW_FILTERS)[number];
const RowFilterFields = Object.fromEntries(
  ROW_FILTERS.map((d) => [
    d,
    Type.Optional(
      Code(`keep only the rows whose ${d} is this code${d === 'provider' ? " (the provider's register code)" : ''}, beside the others' row (REST, REGION) a scoped role compares with; by must break the figures down by ${d}`),
    ),
  ]),
) as Record<RowFilter, TOptional<TString>>;
/** The most periods one trend export reads (a year of months). */
export const MAX_TREND_PERIODS = 12;
const Periods = Type.String({
  minLength: 1,
  maxLength: MAX_TEXT_PARAMETER,
  description: `the periods of a trend, at most ${MAX_TREND_PERIODS}: a range of periods of one kind, first..last (2028-01..2028-08: each month from January to August, not one span as period= reads it), or periods separated by commas (2028-Q1,2028-Q3); each read as the period of /api/monitor/reach`,
});

/** Month, quarter, half year, year: how a period of the kind is written, and how many a year has. */
const PERIOD_KINDS: readonly { re: RegExp; perYear: number; name: (year: number, i: number) => string }[] = [
  { re: /^(\d{4})-(0[1-9]|1[0-2])$/, perYear: 12, name: (y, i) => `${y}-${String(i).padStart(2, '0')}` },
  { re: /^(\d{4})-Q([1-4])$/, perYear: 4, name: (y, i) => `${y}-Q${i}` },
  { re: /^(\d{4})-H([12])$/, perYear: 2, name: (y, i) => `${y}-H${i}` },
  { re: /^(\d{4})$/, perYear: 1, name: (y) => String(y) },
];

/** The periods of a trend's `periods`: ranges first..last expanded, in the order given; at most MAX_TREND_PERIODS. */
export function expandPeriods(text: string): string[] {
  const bad = (en: string, nl: string) => new Refusal('QUERY_INVALID', { en: `periods=${text}: ${en}`, nl: `periods=${text}: ${nl}` });
  const out: string[] = [];
  for (const item of text.split(',').map((p) => p.trim())) {
    if (item === '') throw bad('an empty period; separate periods by one comma', 'een lege periode; scheid perioden door één komma');
    const range = item.split('..');
    if (range.length === 1) {
      out.push(item);
    } else {
      const [a, b] = range as [string, string];
      const kind = PERIOD_KINDS.find((k) => k.re.test(a) && k.re.test(b));
      if (range.length !== 2 || kind === undefined) {
        throw bad(`"${item}" is not a range of two periods of one kind; write it as 2028-01..2028-06, 2028-Q1..2028-Q4 or 2028-H1..2028-H2`, `"${item}" is geen reeks van twee perioden van één soort; schrijf 2028-01..2028-06, 2028-Q1..2028-Q4 of 2028-H1..2028-H2`);
      }
      const index = (p: string) => {
        const m = kind.re.exec(p)!;
        return Number(m[1]) * kind.perYear + (m[2] === undefined ? 0 : Number(m[2]) - 1);
      };
      const [first, last] = [index(a), index(b)];
      if (last < first) throw bad(`"${item}" ends before it begins; give the earlier period first`, `"${item}" eindigt voordat hij begint; geef de eerdere periode eerst`);
      for (let i = first; i <= last && out.length <= MAX_TREND_PERIODS; i++) out.push(kind.name(Math.floor(i / kind.perYear), (i % kind.perYear) + 1));
    }
    if (out.length > MAX_TREND_PERIODS) throw bad(`more than ${MAX_TREND_PERIODS} periods; ask for at most ${MAX_TREND_PERIODS} (a year of months) at a time`, `meer dan ${MAX_TREND_PERIODS} perioden; vraag er ten hoogste ${MAX_TREND_PERIODS} tegelijk (een jaar aan maanden)`);
  }
  return out;
}

const ReachQuery = withFormat({ ...PeriodFields, by: By, ...RowFilterFields });
const TrendQuery = withFormat({ periods: Periods, by: By, ...RowFilterFields });
const MessagesQuery = withFormat(PeriodFields);
const TimelinessQuery = withFormat({ ...PeriodFields, by: TimelinessBy, provider: RowFilterFields.provider, municipality: RowFilterFields.municipality });
const MoneyQuery = withFormat({
  year: Year,
  provider: Type.Optional(Code('a provider code from the allocation plan (DEMO01)')),
  municipality: Type.Optional(Code('keep only the rows of this municipality (0363)')),
  theme: Type.Optional(Code('keep only the rows of this theme (A), or of these themes (A+B)')),
});
const BudgetQuery = withFormat({
  year: Year,
  provider: Type.Optional(Code("the contributions to this provider's lump sum only")),
  theme: Type.Optional(Code('the contributions to the lump sums of this theme (A), or these themes (A+B), only')),
});
const LedgerQuery = withFormat({});

const FileAnswer = {
  description: 'the table as a file (Content-Disposition: attachment), the filters first (CSV) or on the sheet "Filters" (XLSX)',
  content: {
    'text/csv': { schema: Type.String({ description: 'UTF-8 with BOM; the filters as "label;value" lines, an empty line, then the table' }) },
    [CONTENT_TYPES.xlsx]: { schema: Type.String({ format: 'binary', description: 'sheets "Gegevens" (the table) and "Filters"' }) },
  },
};

/** The heading of a dimension's column, and of the name beside its code. */
const HEADINGS: Readonly<Record<Dimension, { code: string; name?: string }>> = {
  municipality: { code: 'Gemeente', name: 'Gemeentenaam' },
  area: { code: 'Gebied', name: 'Gebiedsnaam' },
  provider: { code: 'Aanbieder' },
  care_form: { code: 'Zorgvorm', name: 'Zorgvormnaam' },
  theme: { code: 'Thema', name: 'Themanaam' },
  age_group: { code: 'Leeftijdsgroep' },
  gender: { code: 'Geslacht' },
};

const DIMENSION_NL: Readonly<Record<Dimension | 'total', string>> = {
  municipality: 'gemeente',
  area: 'gebied',
  provider: 'aanbieder',
  care_form: 'zorgvorm',
  theme: 'thema',
  age_group: 'leeftijdsgroep',
  gender: 'geslacht',
  total: 'totaal',
};

const HIDDEN_COUNTS = "niet getoond: een aantal van 1 tot 4 jeugdigen, of een aantal waaruit zo'n aantal af te leiden is";
const HIDDEN_WAITS = 'niet getoond: te weinig wachttijden om te tonen zonder dat jeugdigen herkenbaar worden, de langste wachttijd van anderen dan de eigenaar, of geen wachttijden in de groep';
const HIDDEN_TIMELINESS = "niet getoond: een aantal van 1 tot 4, of een aantal waaruit zo'n aantal af te leiden is; of niet te berekenen (geen verzoeken met terugwerkende kracht)";

const col = (key: string, heading: string, kind: ExportColumn['kind'] = 'text'): ExportColumn => ({ key, heading, kind });

/** Names beside the codes of a row's dimensions (REST, REGION and unknown codes get none). */
function namesOf(ws: Workspace) {
  const r = ws.region;
  const lookups: Partial<Record<Dimension, Map<string, string>>> = {
    municipality: new Map(r.municipalities.map((m) => [m.code, m.name])),
    area: new Map(r.areas.map((a) => [a.id, a.name])),
    care_form: new Map(r.careForms.map((c) => [c.category, c.name])),
    theme: new Map(r.themes.map((t) => [t.code, t.name])),
  };
  const others: Record<string, string> = { [REST]: 'overige gemeenten', [REGION]: 'regio' };
  return { has: (d: Dimension) => lookups[d] !== undefined, name: (d: Dimension, v: unknown) => (typeof v === 'string' ? (lookups[d]?.get(v) ?? others[v] ?? null) : null) };
}

const GENDER_NL: Readonly<Record<string, string>> = { '1': 'man', '2': 'vrouw', '0': 'onbekend', '9': 'niet gespecificeerd', M: 'man', V: 'vrouw', O: 'onbekend' };

/**
 * The rows in the order the page shows them (web/src/pages/monitor-parts.tsx, sortRows): by the words
 * of the table's shown breakdown — the last of `by` — as the page writes them (web/src/names.ts: a
 * municipality, area or provider by its name, a theme or care form as "code – name", an age group by
 * age), Dutch collation; the viewer's own row before REST or REGION; the route's order beyond that.
 */
function inPageOrder<R extends object>(ws: Workspace, rows: readonly R[], by: string): R[] {
  const shown = by === 'total' ? undefined : (by.split(',').at(-1) as Dimension);
  if (shown === undefined) return [...rows];
  const r = ws.region;
  const named = (list: readonly { readonly code: string; readonly name: string }[]) => new Map(list.map((x) => [x.code, x.name]));
  const municipalities = named(r.municipalities);
  const areas = new Map(r.areas.map((a) => [a.id, a.name]));
  const themes = named(r.themes);
  const careForms = new Map(r.careForms.map((c) => [c.category, c.name]));
  const codeAndName = (code: string, name: string | undefined) => (name === undefined ? code : `${code} – ${name}`);
  const words = (row: Record<string, unknown>): string => {
    const code = String(row[shown] ?? '');
    switch (shown) {
      case 'municipality':
        return code === REST ? 'overige gemeenten (samen)' : (municipalities.get(code) ?? code);
      case 'area':
        return code === REST ? 'overige gemeenten (samen)' : (areas.get(code) ?? code);
      case 'theme':
        if (code === REGION || code === REST) return code === REGION ? 'regio' : 'overige';
        return code.includes('+') ? `thema's ${code.split('+').join(' + ')}` : code === 'OVERIG' ? "overige thema's (samengevoegd)" : codeAndName(code, themes.get(code));
      case 'care_form':
        return codeAndName(code, careForms.get(code));
      case 'provider': {
        const c = typeof row.providerCode === 'string' ? row.providerCode : code;
        if (c === REGION) return 'regio (alle aanbieders samen)';
        return typeof row.providerName === 'string' && row.providerName !== '' ? `${row.providerName} (${c})` : c;
      }
      case 'gender':
        return GENDER_NL[code] ?? code;
      case 'age_group':
        return String(Number.parseInt(code, 10)).padStart(3, '0');
    }
  };
  const others = (row: Record<string, unknown>) => Number(row.municipality === REST || row.provider === REGION);
  const keyed = rows.map((row) => ({ row, key: words(row as Record<string, unknown>).toLocaleLowerCase('nl'), others: others(row as Record<string, unknown>) }));
  return keyed.sort((a, b) => a.key.localeCompare(b.key, 'nl') || a.others - b.others).map((k) => k.row);
}

/** The columns of the dimensions the rows carry (in the canonical order), with names and the provider's register fields. */
function dimensionColumns(ws: Workspace, rows: readonly Record<string, unknown>[]): { columns: ExportColumn[]; cells: (r: Record<string, unknown>) => ExportRow } {
  const names = namesOf(ws);
  const dims = DIMENSIONS.filter((d) => rows.some((r) => r[d] !== undefined));
  const columns: ExportColumn[] = [];
  for (const d of dims) {
    columns.push(col(d, HEADINGS[d].code));
    if (names.has(d)) columns.push(col(`${d}:name`, HEADINGS[d].name!));
    if (d === 'provider') columns.push(col('providerCode', 'Aanbiedercode (register)'), col('providerName', 'Aanbiedernaam'));
  }
  const cells = (r: Record<string, unknown>): ExportRow => {
    const out: Record<string, ExportRow[string]> = {};
    for (const d of dims) {
      out[d] = r[d] as string | undefined;
      if (names.has(d)) out[`${d}:name`] = names.name(d, r[d]);
      if (d === 'provider') {
        out.providerCode = r.providerCode as string | undefined;
        out.providerName = r.providerName as string | null | undefined;
      }
    }
    return out;
  };
  return { columns, cells };
}

/** The filters of a monitor table: the period asked, the breakdown, what the figures cover. */
function monitorFilters(q: { period?: string | undefined; from?: string | undefined; to?: string | undefined }, by: string | undefined, a: { covered: CoveredPeriod; ingest: MonitorAnswer<unknown>['ingest'] }): [string, string][] {
  const asked = a.covered.asked;
  const lines: [string, string][] = [['Periode', q.period !== undefined ? `${q.period} (${asked.from} t/m ${asked.to})` : `${asked.from} t/m ${asked.to}`]];
  if (by !== undefined) lines.push(['Indeling', by.split(',').map((d) => DIMENSION_NL[d.trim() as Dimension] ?? d.trim()).join(', ')]);
  lines.push(['Cijfers over', `${a.covered.period.from} t/m ${a.covered.period.to}${a.covered.cutShort ? ` (ingekort: er zijn geen berichten na ${a.covered.dataUpTo})` : ''}`]);
  lines.push(['Gegevens tot en met', a.covered.dataUpTo]);
  const incomplete = describeIngestStatus(a.ingest, 'nl');
  if (incomplete) lines.push(['Onvolledig', incomplete]);
  return lines;
}

/** The row filters of a query, in their canonical order. */
function rowFiltersOf(q: Partial<Record<RowFilter, string | undefined>>): [RowFilter, string][] {
  return ROW_FILTERS.flatMap((d) => (q[d] !== undefined ? [[d, q[d]!] as [RowFilter, string]] : []));
}

/**
 * The rows a page keeps under its filters: those whose dimension holds the code (a provider by its
 * register code), and the others' row (REST, REGION) a scoped role compares with. A filter on a
 * dimension the breakdown lacks would leave no row: refused, saying how to ask.
 */
function keepRows<R extends object>(rows: readonly R[], filters: readonly [RowFilter, string][], by: string): R[] {
  const dims = by.split(',').map((d) => d.trim());
  for (const [d, v] of filters) {
    if (!dims.includes(d)) {
      throw new Refusal('QUERY_INVALID', {
        en: `${d}=${v} keeps the rows of one ${d}, but by=${by} does not break the figures down by ${d}; add ${d} to by, or leave ${d} out`,
        nl: `${d}=${v} houdt de rijen van één ${DIMENSION_NL[d]}, maar by=${by} deelt de cijfers niet in naar ${DIMENSION_NL[d]}; neem ${d} op in by, of laat ${d} weg`,
      });
    }
  }
  return rows.filter((row) => {
    const r = row as Readonly<Record<string, unknown>>;
    return filters.every(([d, v]) => {
      const x = d === 'provider' ? (r.providerCode ?? r.provider) : r[d];
      return x === v || x === REST || x === REGION;
    });
  });
}

/** The row filters as lines of the file: "Filter gemeente: 0363 (Amsterdam)". */
function rowFilterLines(ws: Workspace, filters: readonly [RowFilter, string][]): [string, string][] {
  const names = namesOf(ws);
  return filters.map(([d, v]) => {
    const name = names.name(d, v);
    return [`Filter ${DIMENSION_NL[d]}`, `${v}${name ? ` (${name})` : ''}`];
  });
}

const periodTag = (q: { period?: string | undefined; from?: string | undefined; to?: string | undefined }) => q.period ?? `${q.from}_${q.to}`;

/** The query as asked, without the format, for the audit log. */
const askedQuery = (q: Record<string, unknown>) => Object.fromEntries(Object.entries(q).filter(([k, v]) => k !== 'format' && v !== undefined));

/** Sends a table as a download. */
async function send(req: FastifyRequest, reply: FastifyReply, ws: Workspace, table: ExportTable, format: ExportFormat | undefined): Promise<FastifyReply> {
  const file = await exportFile(viewerOf(req), ws, table, format ?? 'csv');
  return reply
    .type(file.contentType)
    .header('Content-Disposition', `attachment; filename="${file.filename}"`)
    .header('Cache-Control', 'no-store')
    .send(file.body);
}

/** The coverage headers of the monitor's JSON routes, on its exports too. */
function coverageHeaders(reply: FastifyReply, c: CoveredPeriod): void {
  void reply.header('Data-Up-To', c.dataUpTo).header('Data-Period', `${c.period.from}/${c.period.to}`);
}

/** The longest text a spreadsheet cell holds (Excel: 32,767 characters). */
const MAX_CELL = 32_000;
const cellText = (text: string) => (text.length > MAX_CELL ? `${text.slice(0, MAX_CELL)}… (ingekort; volledig in /api/ledger)` : text);
const json = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));

export function exportRoutes(app: FastifyInstance, ws: Workspace, monitor: MonitorReaders): void {
  const route = <Q extends ReturnType<typeof Query>>(table: string, access: Capability, summary: string, querystring: Q, handle: (req: FastifyRequest<{ Querystring: Static<Q> }>, reply: FastifyReply) => Promise<FastifyReply>) =>
    app.get<{ Querystring: Static<Q> }>(`/api/export/${table}`, { config: { access }, schema: { summary, querystring, response: { 200: FileAnswer, ...PROBLEM_RESPONSES } } }, handle);

  type ReachRow = Awaited<ReturnType<MonitorReaders['reach']>>['rows'][number];
  /** The columns and cells of reach rows (those of every period of a trend together). */
  const reachTable = (rows: readonly ReachRow[]) => {
    const dims = dimensionColumns(ws, rows);
    const reasons = [...new Set(rows.flatMap((r) => Object.keys(r.stopsByReason)))].sort();
    return {
      columns: [
        ...dims.columns,
        col('uniqueYouth', 'Unieke jeugdigen', 'integer'),
        col('starts', 'Gestart', 'integer'),
        col('stops', 'Beëindigd', 'integer'),
        ...reasons.map((c) => col(`reason:${c}`, `Beëindigd: ${stopReasonLabel(c)} (${c || '-'})`, 'integer')),
        col('inCareEnd', 'In zorg aan het eind', 'integer'),
        col('suppressed', 'Verborgen waarden', 'flag'),
      ],
      cells: (r: ReachRow): ExportRow => ({
        ...dims.cells(r),
        uniqueYouth: r.uniqueYouth,
        starts: r.starts,
        stops: r.stops,
        // a reason the row does not name: an empty cell, as the JSON has no value for it
        ...Object.fromEntries(reasons.map((c) => [`reason:${c}`, r.stopsByReason[c]])),
        inCareEnd: r.inCareEnd,
        suppressed: r.suppressed,
      }),
    };
  };

  route('reach', 'monitor.read', 'Reach (as /api/monitor/reach) as a CSV or XLSX file', ReachQuery, async (req, reply) => {
    const a = await monitor.reach(viewerOf(req), req.query);
    const by = req.query.by ?? 'municipality';
    const kept = rowFiltersOf(req.query);
    const rows = inPageOrder(ws, keepRows(a.rows, kept, by), by);
    const t = reachTable(rows);
    coverageHeaders(reply, a.covered);
    return send(req, reply, ws, {
      name: 'reach',
      title: 'Bereik: unieke jeugdigen, starts, stops, in zorg aan het eind',
      columns: t.columns,
      rows: rows.map(t.cells),
      filters: [...monitorFilters(req.query, by, a), ...rowFilterLines(ws, kept)],
      fileTag: periodTag(req.query),
      query: askedQuery(req.query),
      hiddenNote: HIDDEN_COUNTS,
    }, req.query.format);
  });

  route('trend', 'monitor.read', 'Reach over several periods (a trend: /api/monitor/reach per period) as one CSV or XLSX file', TrendQuery, async (req, reply) => {
    const viewer = viewerOf(req);
    const periods = expandPeriods(req.query.periods);
    const by = req.query.by ?? 'municipality';
    const kept = rowFiltersOf(req.query);
    const answers: { period: string; answer: Awaited<ReturnType<MonitorReaders['reach']>> }[] = [];
    // one period after the other, as the page asks them: each through the monitor's gate and disclosure
    for (const period of periods) answers.push({ period, answer: await monitor.reach(viewer, { period, by }) });
    const rows = answers.flatMap(({ period, answer }) => inPageOrder(ws, keepRows(answer.rows, kept, by), by).map((row) => ({ period, row })));
    const t = reachTable(rows.map((r) => r.row));
    const last = answers.at(-1)!.answer;
    coverageHeaders(reply, last.covered);
    const incomplete = describeIngestStatus(last.ingest, 'nl');
    return send(req, reply, ws, {
      name: 'trend',
      title: 'Verloop van het bereik per periode: unieke jeugdigen, starts, stops, in zorg aan het eind',
      columns: [col('period', 'Periode'), col('from', 'Van'), col('to', 'Tot en met'), ...t.columns],
      rows: rows.map(({ period, row }) => {
        const c = answers.find((a) => a.period === period)!.answer.covered;
        return { period, from: c.period.from, to: c.period.to, ...t.cells(row) };
      }),
      filters: [
        ['Perioden', periods.join(', ')],
        ['Indeling', by.split(',').map((d) => DIMENSION_NL[d.trim() as Dimension] ?? d.trim()).join(', ')],
        ...rowFilterLines(ws, kept),
        ...answers.filter((a) => a.answer.covered.cutShort).map((a): [string, string] => ['Ingekort', `${a.period}: cijfers over ${a.answer.covered.period.from} t/m ${a.answer.covered.period.to} (er zijn geen berichten na ${a.answer.covered.dataUpTo})`]),
        ['Gegevens tot en met', last.covered.dataUpTo],
        ...(incomplete ? [['Onvolledig', incomplete] as [string, string]] : []),
      ],
      fileTag: periods.length > 1 ? `${periods[0]}_${periods.at(-1)}` : periods[0]!,
      query: askedQuery(req.query),
      hiddenNote: HIDDEN_COUNTS,
    }, req.query.format);
  });

  route('waiting', 'monitor.read', 'Waiting times (as /api/monitor/waiting) as a CSV or XLSX file', ReachQuery, async (req, reply) => {
    const a = await monitor.waiting(viewerOf(req), req.query);
    const by = req.query.by ?? 'municipality';
    const kept = rowFiltersOf(req.query);
    const rows = inPageOrder(ws, keepRows(a.rows, kept, by), by);
    const dims = dimensionColumns(ws, rows);
    const stats = (key: 'requestToAssignment' | 'assignmentToStart', label: string) => [
      col(`${key}:count`, `${label}: aantal`, 'integer'),
      col(`${key}:median`, `${label}: mediaan (dagen)`, 'decimal'),
      col(`${key}:p80`, `${label}: 80e percentiel (dagen)`, 'decimal'),
      col(`${key}:max`, `${label}: langste (dagen)`, 'decimal'),
    ];
    type W = { count: number; median: number | null; p80: number | null; max: number | null } | null;
    const cells = (key: string, w: W) => ({ [`${key}:count`]: w?.count ?? null, [`${key}:median`]: w?.median ?? null, [`${key}:p80`]: w?.p80 ?? null, [`${key}:max`]: w?.max ?? null });
    coverageHeaders(reply, a.covered);
    return send(req, reply, ws, {
      name: 'waiting',
      title: 'Wachttijden in dagen',
      columns: [...dims.columns, ...stats('requestToAssignment', 'Verzoek → toewijzing'), ...stats('assignmentToStart', 'Toewijzing → start'), col('suppressed', 'Verborgen waarden', 'flag')],
      rows: rows.map((r) => ({ ...dims.cells(r), ...cells('requestToAssignment', r.requestToAssignment), ...cells('assignmentToStart', r.assignmentToStart), suppressed: r.suppressed })),
      filters: [...monitorFilters(req.query, by, a), ...rowFilterLines(ws, kept)],
      fileTag: periodTag(req.query),
      query: askedQuery(req.query),
      hiddenNote: HIDDEN_WAITS,
    }, req.query.format);
  });

  route('timeliness', 'monitor.timeliness', 'Timeliness (as /api/monitor/timeliness) as a CSV or XLSX file', TimelinessQuery, async (req, reply) => {
    const a = await monitor.timeliness(viewerOf(req), req.query);
    const by = req.query.by ?? 'provider';
    const kept = rowFiltersOf(req.query);
    const rows = inPageOrder(ws, keepRows(a.rows, kept, by), by);
    const dims = dimensionColumns(ws, rows as unknown as Record<string, unknown>[]);
    coverageHeaders(reply, a.covered);
    return send(req, reply, ws, {
      name: 'timeliness',
      title: 'Tijdigheid: terugwerkende kracht, late starts en stops, toewijzingen zonder start',
      columns: [
        ...dims.columns,
        col('requests', 'Verzoeken om toewijzing', 'integer'),
        col('retroactiveRequests', 'Met terugwerkende kracht', 'integer'),
        col('retroactiveSharePct', 'Aandeel terugwerkende kracht (%)', 'decimal'),
        col('retroactiveDaysBackMedian', 'Dagen terug: mediaan', 'decimal'),
        col('retroactiveDaysBackMax', 'Dagen terug: langste', 'decimal'),
        col('startMessages', 'Startberichten', 'integer'),
        col('lateStartMessages', 'Startberichten te laat', 'integer'),
        col('stopMessages', 'Stopberichten', 'integer'),
        col('lateStopMessages', 'Stopberichten te laat', 'integer'),
        col('assignmentsWithoutStart', 'Toewijzingen zonder start', 'integer'),
        col('suppressed', 'Verborgen waarden', 'flag'),
      ],
      rows: rows.map((r) => ({
        ...dims.cells(r as unknown as Record<string, unknown>),
        requests: r.requests,
        retroactiveRequests: r.retroactiveRequests,
        retroactiveSharePct: r.retroactiveSharePct,
        retroactiveDaysBackMedian: r.retroactiveDaysBackMedian,
        retroactiveDaysBackMax: r.retroactiveDaysBackMax,
        startMessages: r.startMessages,
        lateStartMessages: r.lateStartMessages,
        stopMessages: r.stopMessages,
        lateStopMessages: r.lateStopMessages,
        assignmentsWithoutStart: r.assignmentsWithoutStart,
        suppressed: r.suppressed,
      })),
      filters: [...monitorFilters(req.query, by, a), ...rowFilterLines(ws, kept)],
      fileTag: periodTag(req.query),
      query: askedQuery(req.query),
      hiddenNote: HIDDEN_TIMELINESS,
    }, req.query.format);
  });

  route('messages', 'monitor.process', 'Messages per type (as /api/monitor/messages) as a CSV or XLSX file', MessagesQuery, async (req, reply) => {
    const a = await monitor.messages(viewerOf(req), req.query);
    coverageHeaders(reply, a.covered);
    return send(req, reply, ws, {
      name: 'messages',
      title: 'Berichten per type',
      columns: [col('messageType', 'Berichttype'), col('name', 'Naam'), col('messages', 'Aantal berichten', 'integer'), col('inFigures', 'Telt mee in de cijfers', 'flag'), col('use', 'Gebruik'), col('suppressed', 'Verborgen waarden', 'flag')],
      rows: a.rows,
      filters: monitorFilters(req.query, undefined, a),
      fileTag: periodTag(req.query),
      query: askedQuery(req.query),
      hiddenNote: HIDDEN_COUNTS,
    }, req.query.format);
  });

  const names = namesOf(ws);
  const moneyFilters = (q: { year: number; provider?: string | undefined; municipality?: string | undefined; theme?: string | undefined }): [string, string][] => [
    ['Jaar', String(q.year)],
    ...(q.provider !== undefined ? [['Aanbieder', q.provider] as [string, string]] : []),
    ...(q.municipality !== undefined ? [['Gemeente', `${q.municipality}${names.name('municipality', q.municipality) ? ` (${names.name('municipality', q.municipality)})` : ''}`] as [string, string]] : []),
    ...(q.theme !== undefined ? [["Thema's", q.theme.split('+').join(', ')] as [string, string]] : []),
  ];
  /** The money rows a page keeps: of a municipality, of a theme or themes ("A+B", as the monitor's combined themes). */
  const moneyKept = (q: { municipality?: string | undefined; theme?: string | undefined }) => (r: { municipality: string; theme?: string }) =>
    (q.municipality === undefined || r.municipality === q.municipality) && (q.theme === undefined || r.theme === undefined || q.theme.split('+').includes(r.theme));

  route('lumpsums', 'money.read', 'Lump sums per provider, theme and municipality (as /api/lumpsums/{year}) as a CSV or XLSX file', MoneyQuery, async (req, reply) => {
    const rows = (await lumpSumsFor(viewerOf(req), ws, req.query.year, req.query.provider)).filter(moneyKept(req.query));
    return send(req, reply, ws, {
      name: 'lumpsums',
      title: 'Lumpsums per aanbieder, thema en gemeente',
      columns: [col('provider', 'Aanbieder'), col('providerName', 'Aanbiedernaam'), col('theme', 'Thema'), col('municipality', 'Gemeente'), col('municipalityName', 'Gemeentenaam'), col('amountCents', 'Lumpsum (€)', 'money')],
      rows: rows.map((r) => ({ ...r, municipalityName: names.name('municipality', r.municipality) })),
      filters: moneyFilters(req.query),
      fileTag: String(req.query.year),
      query: askedQuery(req.query),
    }, req.query.format);
  });

  route('payments', 'money.read', 'The monthly payment schedule (as /api/payments/{year}) as a CSV or XLSX file', MoneyQuery, async (req, reply) => {
    if (req.query.theme !== undefined) {
      throw new Refusal('QUERY_INVALID', { en: 'the payment schedule is per provider and municipality, not per theme; leave theme out', nl: 'het betaalschema is per aanbieder en gemeente, niet per thema; laat theme weg' });
    }
    const rows = (await paymentsFor(viewerOf(req), ws, req.query.year, req.query.provider)).filter(moneyKept(req.query));
    return send(req, reply, ws, {
      name: 'payments',
      title: 'Betaalschema per aanbieder, gemeente en maand',
      columns: [col('provider', 'Aanbieder'), col('municipality', 'Gemeente'), col('municipalityName', 'Gemeentenaam'), col('month', 'Maand'), col('amountCents', 'Bedrag (€)', 'money'), col('paid', 'Betaald', 'flag')],
      rows: rows.map((r) => ({ ...r, municipalityName: names.name('municipality', r.municipality) })),
      filters: moneyFilters(req.query),
      fileTag: String(req.query.year),
      query: askedQuery(req.query),
    }, req.query.format);
  });

  route('budgets', 'money.read', "The region's budget for a year per municipality (as /api/budgets/{year}) as a CSV or XLSX file", BudgetQuery, async (req, reply) => {
    const viewer = viewerOf(req);
    const b = await budgetFor(viewer, ws, req.query.year);
    // Each municipality's contribution to the lump sums (of a provider, of a theme), as the page shows beside the budget.
    // A year not yet allocated has no lump sums: no column of contributions (the page shows "—").
    const lump = await lumpSumsFor(viewer, ws, req.query.year, req.query.provider).then(
      (rows) => rows.filter(moneyKept({ theme: req.query.theme })),
      (e: unknown) => {
        if (e instanceof Refusal && e.code === 'YEAR_NOT_ALLOCATED' && req.query.provider === undefined) return null;
        throw e;
      },
    );
    const contribution = (m: string) => (lump === null ? null : lump.filter((r) => r.municipality === m).reduce((a, r) => a + r.amountCents, 0n));
    return send(req, reply, ws, {
      name: 'budgets',
      title: 'Begrotingen en bijdragen aan de lumpsums per gemeente',
      columns: [
        col('code', 'Gemeente'),
        col('name', 'Gemeentenaam'),
        col('amountCents', 'Begroting (€)', 'money'),
        ...(lump === null ? [] : [col('contributionCents', 'Bijdrage aan de lumpsums (€)', 'money')]),
        col('basis', 'Grondslag'),
        col('basedOnYear', 'Op basis van jaar', 'integer'),
      ],
      rows: b.municipalities.map((m) => ({
        code: m.municipality,
        name: names.name('municipality', m.municipality) ?? m.municipality,
        amountCents: m.amountCents,
        contributionCents: contribution(m.municipality),
        basis: m.basis === 'adopted' ? 'vastgesteld' : 'doorgetrokken',
        basedOnYear: m.basedOnYear,
      })),
      filters: [
        ['Jaar', String(b.year)],
        ...(req.query.provider !== undefined ? [['Bijdragen aan aanbieder', req.query.provider] as [string, string]] : []),
        ...(req.query.theme !== undefined ? [["Bijdragen aan thema's", req.query.theme.split('+').join(', ')] as [string, string]] : []),
        ['Totaal regio', euros(b.totalCents)],
        ['Totaal bijdragen', lump === null ? `nog geen lumpsums voor ${b.year}` : euros(lump.reduce((a, r) => a + r.amountCents, 0n))],
      ],
      fileTag: String(req.query.year),
      query: askedQuery(req.query),
    }, req.query.format);
  });

  route('ledger', 'ledger.read', 'Every decision in the ledger (as /api/ledger) as a CSV or XLSX file', LedgerQuery, async (req, reply) => {
    const entries = await ledgerFor(viewerOf(req), ws);
    return send(req, reply, ws, {
      name: 'ledger',
      title: 'Besluitenlogboek',
      columns: [
        col('seq', 'Nummer', 'integer'),
        col('recordedAt', 'Vastgelegd op'),
        col('actor', 'Door'),
        col('reason', 'Reden'),
        col('rulesVersion', 'Regelversie', 'integer'),
        col('kind', 'Soort besluit'),
        col('decision', 'Besluit (JSON)'),
        col('result', 'Resultaat (JSON)'),
      ],
      rows: entries.map((e) => ({ seq: e.seq, recordedAt: e.recordedAt, actor: e.actor, reason: e.reason, rulesVersion: e.rulesVersion, kind: e.decision.kind, decision: cellText(json(e.decision)), result: cellText(json(e.result)) })),
      filters: [['Besluiten', String(entries.length)]],
      fileTag: ws.engine.today(),
      query: {},
    }, req.query.format);
  });

  // The CBS deliveries' figures (issue 15): coverage and the outcome indicators, as their pages show them.
  const HalfYearParam = Type.String({ pattern: '^[0-9]{4}-H[12]$', description: 'a half year: 2028-H1 or 2028-H2' });
  const CoverageExportQuery = withFormat({ half: HalfYearParam, by: Type.Optional(Type.Union(COVERAGE_BREAKDOWNS.map((b) => Type.Literal(b)))) });
  route('coverage', 'coverage.read', 'Coverage of the sources (as /api/coverage) as a CSV or XLSX file', CoverageExportQuery, async (req, reply) => {
    const by = req.query.by ?? 'provider';
    const v = await coverageView(viewerOf(req), ws, req.query.half, by);
    const rows = [...v.rows, { ...v.region, group: 'REGIO' }];
    return send(req, reply, ws, {
      name: 'coverage',
      title: 'Dekking van de bronnen: jeugdigen in de CBS-levering en het berichtenverkeer',
      columns: [
        col('group', by === 'provider' ? 'Aanbieder' : by === 'municipality' ? 'Gemeente' : 'Hulpvorm'),
        col('both', 'In beide', 'integer'),
        col('onlyBij', 'Alleen CBS', 'integer'),
        col('onlyIjw', 'Alleen iJw', 'integer'),
        col('ijwConfirmedPct', 'iJw bevestigd door CBS (%)', 'decimal'),
        col('bijConfirmedPct', 'CBS bevestigd door iJw (%)', 'decimal'),
        col('datesDiffer', `Data wijken meer dan ${v.dateToleranceDays} dagen af`, 'integer'),
      ],
      rows: rows.map((r) => ({ group: r.group, both: r.both, onlyBij: r.onlyBij, onlyIjw: r.onlyIjw, ijwConfirmedPct: r.ijwConfirmedPct, bijConfirmedPct: r.bijConfirmedPct, datesDiffer: r.datesDiffer })),
      filters: [['Halfjaar', v.period], ['Indeling', by], ['Niet vergeleken (geen CBS-levering)', v.notDelivered.join(', ') || '—']],
      fileTag: v.period,
      query: askedQuery(req.query),
      hiddenNote: HIDDEN_COUNTS,
    }, req.query.format);
  });

  const OutcomesExportQuery = withFormat({ year: Type.Integer({ minimum: 2000, maximum: 2100 }), half: Type.Optional(Type.Union([Type.Literal('H1'), Type.Literal('H2')])), by: Type.Optional(Type.Union(OUTCOME_BREAKDOWNS.map((b) => Type.Literal(b)))) });
  route('outcomes', 'quality.read', 'The outcome indicators (as /api/outcomes) as a CSV or XLSX file', OutcomesExportQuery, async (req, reply) => {
    const by = req.query.by ?? 'provider';
    const v = await outcomesView(viewerOf(req), ws, req.query.half ? `${req.query.year}-${req.query.half}` : String(req.query.year), by);
    const rows = [...v.rows, { ...v.region, group: 'REGIO' }];
    return send(req, reply, ws, {
      name: 'outcomes',
      title: 'Uitkomstindicatoren: uitval, geen nieuwe start, tevredenheid, zonder hulp verder',
      columns: [
        col('group', { provider: 'Aanbieder', theme: 'Thema', municipality: 'Gemeente', area: 'Gebied' }[v.by]),
        col('ended', 'Beëindigd (bekende reden)', 'integer'),
        col('dropout', 'Uitval', 'integer'),
        col('dropoutPct', 'Uitval (%)', 'decimal'),
        col('noNewStartEligible', 'Te volgen (geen nieuwe start)', 'integer'),
        col('noNewStart', 'Geen nieuwe start', 'integer'),
        col('noNewStartPct', 'Geen nieuwe start (%)', 'decimal'),
        col('satisfactionCount', 'Metingen tevredenheid', 'integer'),
        col('satisfactionMean', 'Tevredenheid (gemiddeld cijfer)', 'decimal'),
        col('withoutHelpCount', 'Metingen zonder hulp verder', 'integer'),
      ],
      rows: rows.map((r) => ({ group: r.group, ended: r.ended, dropout: r.dropout, dropoutPct: r.dropoutPct, noNewStartEligible: r.noNewStartEligible, noNewStart: r.noNewStart, noNewStartPct: r.noNewStartPct, satisfactionCount: r.satisfactionCount, satisfactionMean: r.satisfactionMean, withoutHelpCount: r.withoutHelpCount })),
      filters: [['Periode', v.period], ['Indeling', v.by], ['Uitval telt de redenen', v.dropoutReasons.join(', ')], ['Geen nieuwe start', v.windowPassed ? `${v.windowMonths} maanden na elk einde` : `de termijn van ${v.windowMonths} maanden is nog niet verstreken`]],
      fileTag: v.period,
      query: askedQuery(req.query),
      hiddenNote: HIDDEN_COUNTS,
    }, req.query.format);
  });
}
