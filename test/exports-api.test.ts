// Exports [issue 13 "every table exportable to CSV and XLSX with the filters in the file"]: per role,
// a file holds exactly the rows and values of the table's JSON route (its scope and disclosure
// included), carries what was asked, the data's last day, who exported and when; CSV for Dutch Excel
// (BOM, ";", decimal comma) and XLSX (sheets Gegevens and Filters) both parse back; every export is
// in the audit log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { addAccount, issueToken } from '../src/app/accounts.ts';
import { operator } from '../src/domain/access/viewer.ts';
import { dropTestSchemas, testDatabases } from './support/databases.ts';
import { demoTraffic, servedWorkspace, TEST_ACCOUNTS, type DemoTraffic, type Served } from './support/api-server.ts';
import { rowMatches } from '../web/src/filters.ts';

afterAll(dropTestSchemas);

type Json = Record<string, unknown>;
type Cell = string | number | null;
interface Parsed {
  readonly filters: Map<string, string>;
  readonly header: string[];
  readonly rows: Record<string, Cell>[];
}

/** A CSV export as Dutch Excel reads it: BOM, ";" between fields, CRLF, quotes around special fields. */
function parseCsv(body: Buffer): Parsed {
  expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = body.toString('utf8').slice(1);
  expect(text.endsWith('\r\n')).toBe(true);
  const records: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ';') row.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') row.push(field), records.push(row), (row = []), (field = ''), i++;
    else {
      expect(c, 'a bare line feed').not.toBe('\n');
      field += c;
    }
  }
  const blank = records.findIndex((r) => r.length === 1 && r[0] === '');
  expect(blank).toBeGreaterThan(0);
  const filters = new Map(records.slice(0, blank).map((r) => [r[0]!, r[1]!] as const));
  const [header, ...data] = records.slice(blank + 1);
  for (const r of data) expect(r.length).toBe(header!.length);
  return { filters, header: header!, rows: data.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!]))) };
}

/** An XLSX export read back with exceljs: the table of "Gegevens", the filters of "Filters". */
async function parseXlsx(body: Buffer): Promise<Parsed & { bold: boolean; numFmts: Record<string, string | undefined> }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  expect(wb.worksheets.map((s) => s.name)).toEqual(['Gegevens', 'Filters']);
  const data = wb.getWorksheet('Gegevens')!;
  const header = (data.getRow(1).values as unknown[]).slice(1).map(String);
  const rows: Record<string, Cell>[] = [];
  const numFmts: Record<string, string | undefined> = {};
  data.eachRow((r, n) => {
    if (n === 1) return;
    rows.push(Object.fromEntries(header.map((h, i) => [h, (r.getCell(i + 1).value ?? null) as Cell])));
    header.forEach((h, i) => (numFmts[h] ??= r.getCell(i + 1).numFmt));
  });
  const filters = new Map<string, string>();
  wb.getWorksheet('Filters')!.eachRow((r, n) => void (n > 1 && filters.set(String(r.getCell(1).value), String(r.getCell(2).value))));
  return { filters, header, rows, bold: data.getRow(1).getCell(1).font?.bold === true, numFmts };
}

/** What a CSV cell holds for a JSON value: '' for null (hidden) or absent, a decimal comma. */
const csv = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'boolean' ? (v ? 'ja' : 'nee') : String(v).replace('.', ','));
/** What an XLSX cell holds for a JSON value: null for null or absent, numbers as numbers. */
const xlsx = (v: unknown): Cell => (v === null || v === undefined ? null : typeof v === 'boolean' ? (v ? 'ja' : 'nee') : (v as Cell));

/** A JSON row of a monitor table as the export's columns (headings → values), by the test's own reading of the headings. */
const DIMENSION_HEADINGS: Record<string, string> = { municipality: 'Gemeente', area: 'Gebied', provider: 'Aanbieder', care_form: 'Zorgvorm', theme: 'Thema', age_group: 'Leeftijdsgroep', gender: 'Geslacht' };
function reachColumns(r: Json): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [d, h] of Object.entries(DIMENSION_HEADINGS)) if (r[d] !== undefined) out[h] = r[d];
  if (r.provider !== undefined) Object.assign(out, { 'Aanbiedercode (register)': r.providerCode, Aanbiedernaam: r.providerName });
  Object.assign(out, { 'Unieke jeugdigen': r.uniqueYouth, Gestart: r.starts, Beëindigd: r.stops, 'In zorg aan het eind': r.inCareEnd, 'Verborgen waarden': r.suppressed });
  for (const [code, n] of Object.entries(r.stopsByReason as Record<string, number | null>)) out[`reason ${code}`] = n;
  return out;
}
/** An export row with its stop-reason columns named as reachColumns names them. */
function withReasons(row: Record<string, Cell>): Record<string, Cell> {
  const out: Record<string, Cell> = {};
  for (const [h, v] of Object.entries(row)) {
    const m = /^Beëindigd: .* \((.*)\)$/.exec(h);
    out[m ? `reason ${m[1] === '-' ? '' : m[1]}` : h] = v;
  }
  return out;
}
const project = (row: Record<string, Cell>, keys: string[]) => Object.fromEntries(keys.map((k) => [k, row[k]]));

describe.each(testDatabases)('exports on $name', (database) => {
  let served: Served;
  let traffic: DemoTraffic;
  const tokens: Record<string, string> = {};
  type Who = 'region' | 'gem' | 'prov' | 'raad';
  const get = (who: Who, url: string) => (who === 'region' ? served.app.inject({ url }) : served.raw.inject({ url, headers: { authorization: `Bearer ${tokens[who]}` } }));

  beforeAll(async () => {
    traffic = await demoTraffic('2028-01-01', '2028-07-10', 5);
    served = await servedWorkspace(database, traffic);
    // A municipality and a council whose municipality has data (0362), and a provider.
    for (const [login, spec] of [
      ['gem', { role: 'municipality', municipality: '0362' }],
      ['prov', { role: 'provider', provider: 'DEMO01' }],
      ['raad', { role: 'council', municipality: '0362' }],
    ] as const) {
      await addAccount(operator('t'), served.ws, { login, ...spec, password: 'a long test password' });
      tokens[login] = (await issueToken(operator('t'), served.ws, login)).token;
    }
  }, 600_000);
  afterAll(async () => served?.close());

  /** The JSON rows of a route (at `source`) and the export of the same query in both formats. */
  async function both(who: Who, table: string, source: string, query: string) {
    const json = await get(who, source);
    expect(json.statusCode, json.body).toBe(200);
    const c = await get(who, `/api/export/${table}?${query}&format=csv`);
    expect(c.statusCode, c.body.slice(0, 300)).toBe(200);
    expect(c.headers['content-type']).toBe('text/csv; charset=utf-8');
    const x = await get(who, `/api/export/${table}?${query}&format=xlsx`);
    expect(x.statusCode, x.body.slice(0, 300)).toBe(200);
    expect(x.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    return { json: json.json() as Json[], jsonHeaders: json.headers, csv: parseCsv(c.rawPayload), csvHeaders: c.headers, xlsx: await parseXlsx(x.rawPayload), xlsxHeaders: x.headers };
  }

  /**
   * Every row of the JSON route is a row of both files, with the same values, and no other rows. The
   * files list them in the page's order (by the names of the shown breakdown: test/e2e/exports.test.ts
   * holds them to the page), the route in its own: rows are matched by their groups' codes.
   */
  function expectSameReach(e: Awaited<ReturnType<typeof both>>) {
    const groupOf = (r: Record<string, unknown>) => JSON.stringify(Object.values(DIMENSION_HEADINGS).map((h) => String(r[h] ?? '')));
    const byGroup = <R extends Record<string, unknown>>(rows: readonly R[]) => [...rows].sort((a, b) => groupOf(a).localeCompare(groupOf(b)));
    const expected = byGroup(e.json.map(reachColumns));
    const csvRows = byGroup(e.csv.rows);
    const xlsxRows = byGroup(e.xlsx.rows);
    expect(e.csv.rows.length).toBe(expected.length);
    expect(e.xlsx.rows.length).toBe(expected.length);
    expected.forEach((want, i) => {
      // the row's own columns hold its values; a stop reason it does not name is an empty cell
      const c = withReasons(csvRows[i]!);
      const x = withReasons(xlsxRows[i]!);
      const keys = [...new Set([...Object.keys(want), ...Object.keys(c).filter((k) => k.startsWith('reason '))])];
      expect(project(c, keys), `csv row ${i}`).toEqual(Object.fromEntries(keys.map((k) => [k, csv(want[k])])));
      expect(project(x, keys), `xlsx row ${i}`).toEqual(Object.fromEntries(keys.map((k) => [k, xlsx(want[k])])));
    });
  }

  it('gives the region the reach of its JSON route in CSV and XLSX, with the filters, and audits the export', { timeout: 300_000 }, async () => {
    const e = await both('region', 'reach', '/api/monitor/reach?period=2028-H1&by=municipality,care_form', 'period=2028-H1&by=municipality,care_form');
    expect(e.json.length).toBeGreaterThan(5);
    expectSameReach(e);
    // the file: a download named after the table and period, with the JSON route's coverage headers
    expect(e.csvHeaders['content-disposition']).toBe('attachment; filename="jeugdregie-reach-2028-H1.csv"');
    expect(e.xlsxHeaders['content-disposition']).toBe('attachment; filename="jeugdregie-reach-2028-H1.xlsx"');
    expect(e.csvHeaders['data-up-to']).toBe(e.jsonHeaders['data-up-to']);
    // the filters, in both files
    for (const f of [e.csv.filters, e.xlsx.filters]) {
      expect(f.get('Periode')).toBe('2028-H1 (2028-01-01 t/m 2028-06-30)');
      expect(f.get('Indeling')).toBe('gemeente, zorgvorm');
      expect(f.get('Gegevens tot en met')).toBe(traffic.latestDagtekening);
      expect(f.get('Geëxporteerd door')).toBe(`${TEST_ACCOUNTS.region.login}, rol regio (gezamenlijk team)`);
      expect(f.get('Geëxporteerd op')).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \(Europe\/Amsterdam\)$/);
      expect(f.get('Rijen')).toBe(String(e.json.length));
      // nothing is hidden from the region
      expect(f.has('Lege cellen')).toBe(false);
    }
    // names beside the codes
    expect(e.csv.header.slice(0, 4)).toEqual(['Gemeente', 'Gemeentenaam', 'Zorgvorm', 'Zorgvormnaam']);
    expect(e.csv.rows.find((r) => r.Gemeente === '0362')?.Gemeentenaam).toBe('Amstelveen');
    // XLSX: the header bold, counts as numbers
    expect(e.xlsx.bold).toBe(true);
    expect(e.xlsx.rows.every((r) => typeof r['Unieke jeugdigen'] === 'number')).toBe(true);
    // in the audit log: who, which table, which format, which filters
    const log = (await served.app.inject({ url: '/api/audit?limit=5' })).json() as { kind: string; actor: string; detail: Json }[];
    const exports = log.filter((l) => l.kind === 'export');
    expect(exports.slice(0, 2)).toEqual([
      expect.objectContaining({ actor: TEST_ACCOUNTS.region.login, detail: { table: 'reach', format: 'xlsx', filters: { period: '2028-H1', by: 'municipality,care_form' }, rows: e.json.length } }),
      expect.objectContaining({ actor: TEST_ACCOUNTS.region.login, detail: { table: 'reach', format: 'csv', filters: { period: '2028-H1', by: 'municipality,care_form' }, rows: e.json.length } }),
    ]);
  });

  it("gives a municipality its own code and REST only, hidden values as empty cells with a note", { timeout: 300_000 }, async () => {
    const e = await both('gem', 'reach', '/api/monitor/reach?period=2028-H1&by=municipality,care_form', 'period=2028-H1&by=municipality,care_form');
    expect(new Set(e.csv.rows.map((r) => r.Gemeente))).toEqual(new Set(['0362', 'REST']));
    expectSameReach(e);
    const hidden = e.json.flatMap((r) => [r.uniqueYouth, r.starts, r.stops, r.inCareEnd, ...Object.values(r.stopsByReason as Json)]).filter((v) => v === null).length;
    expect(hidden).toBeGreaterThan(0);
    for (const f of [e.csv.filters, e.xlsx.filters]) {
      expect(f.get('Lege cellen')).toMatch(new RegExp(`^${hidden} verborgen waarden: niet getoond: een aantal van 1 tot 4 jeugdigen`));
      expect(f.get('Geëxporteerd door')).toBe('gem, rol gemeente 0362');
    }
    // by area: the others as one REST row, as the JSON route
    const areas = await both('gem', 'reach', '/api/monitor/reach?period=2028-H1&by=area', 'period=2028-H1&by=area');
    expectSameReach(areas);
    expect(areas.csv.rows.filter((r) => r.Gemeente === 'REST').map((r) => r.Gebied)).toEqual(['REST']);
    // waiting times: the same rows, the longest wait only of its own
    const w = await both('gem', 'waiting', '/api/monitor/waiting?period=2028-H1&by=municipality', 'period=2028-H1&by=municipality');
    expect(w.csv.rows.map((r) => [r.Gemeente, r['Toewijzing → start: aantal'], r['Toewijzing → start: mediaan (dagen)'], r['Toewijzing → start: langste (dagen)']])).toEqual(
      w.json.map((r) => {
        const s = r.assignmentToStart as { count: number; median: number | null; max: number | null } | null;
        return [r.municipality, csv(s?.count), csv(s?.median), csv(s?.max)];
      }),
    );
    expect(w.csv.rows.find((r) => r.Gemeente === 'REST')?.['Toewijzing → start: langste (dagen)']).toBe('');
  });

  it("gives a provider its own code and REGION only, never another provider's money", { timeout: 300_000 }, async () => {
    const e = await both('prov', 'reach', '/api/monitor/reach?period=2028-Q1&by=provider', 'period=2028-Q1&by=provider');
    expect(new Set(e.csv.rows.map((r) => r.Aanbieder))).toEqual(new Set(['DEMO01', 'REGION']));
    expectSameReach(e);
    const money = await both('prov', 'lumpsums', '/api/lumpsums/2028', 'year=2028');
    expect(new Set(money.csv.rows.map((r) => r.Aanbieder))).toEqual(new Set(['DEMO01']));
    expect(money.csv.rows.length).toBe(money.json.length);
    for (const format of ['csv', 'xlsx']) {
      const other = await get('prov', `/api/export/lumpsums?year=2028&provider=DEMO02&format=${format}`);
      expect([other.statusCode, other.headers['content-type'], (other.json() as { code: string }).code]).toEqual([403, expect.stringMatching(/^application\/problem\+json/), 'FORBIDDEN']);
    }
  });

  it('gives a council its municipality and REST per theme, and refuses it providers (403)', { timeout: 300_000 }, async () => {
    const e = await both('raad', 'reach', '/api/monitor/reach?period=2028-H1&by=theme', 'period=2028-H1&by=theme');
    expectSameReach(e);
    expect(new Set(e.csv.rows.map((r) => r.Gemeente))).toEqual(new Set(['0362', 'REST']));
    for (const format of ['csv', 'xlsx']) {
      const r = await get('raad', `/api/export/reach?period=2028-H1&by=provider&format=${format}`);
      expect(r.statusCode, r.body).toBe(403);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(r.headers['content-disposition']).toBeUndefined();
    }
    const ledger = await get('raad', '/api/export/ledger?format=csv');
    expect([ledger.statusCode, (ledger.json() as { code: string }).code]).toEqual([403, 'FORBIDDEN']);
    // refused exports are not in the audit log as exports
    const log = (await served.app.inject({ url: '/api/audit?limit=50' })).json() as { kind: string; actor: string }[];
    expect(log.filter((l) => l.kind === 'export' && l.actor === 'raad').length).toBe(2);
  });

  it('exports timeliness and messages as their JSON routes', { timeout: 300_000 }, async () => {
    const t = await both('region', 'timeliness', '/api/monitor/timeliness?period=2028-H1&by=municipality', 'period=2028-H1&by=municipality');
    const heading: Record<string, string> = {
      municipality: 'Gemeente',
      requests: 'Verzoeken om toewijzing',
      retroactiveRequests: 'Met terugwerkende kracht',
      retroactiveSharePct: 'Aandeel terugwerkende kracht (%)',
      retroactiveDaysBackMedian: 'Dagen terug: mediaan',
      startMessages: 'Startberichten',
      lateStartMessages: 'Startberichten te laat',
      stopMessages: 'Stopberichten',
      lateStopMessages: 'Stopberichten te laat',
      assignmentsWithoutStart: 'Toewijzingen zonder start',
    };
    expect(t.csv.rows.map((r) => Object.keys(heading).map((k) => r[heading[k]!]))).toEqual(t.json.map((r) => Object.keys(heading).map((k) => csv(r[k]))));
    expect(t.xlsx.rows.map((r) => r['Verzoeken om toewijzing'])).toEqual(t.json.map((r) => r.requests));
    // a share such as "12.5" is a number in XLSX and 12,5 in CSV
    expect(t.xlsx.rows.map((r) => r['Aandeel terugwerkende kracht (%)'])).toEqual(t.json.map((r) => (r.retroactiveSharePct === null ? null : Number(r.retroactiveSharePct))));
    expect(t.csv.filters.get('Indeling')).toBe('gemeente');
    const m = await both('gem', 'messages', '/api/monitor/messages?period=2028-H1', 'period=2028-H1');
    expect(m.csv.rows.map((r) => [r.Berichttype, r['Aantal berichten'], r['Telt mee in de cijfers']])).toEqual(m.json.map((r) => [r.messageType, csv(r.messages), csv(r.inFigures)]));
    expect(m.csv.filters.has('Indeling')).toBe(false);
  });

  it('exports money in euros with two decimals from the cents of the JSON routes', { timeout: 300_000 }, async () => {
    const l = await both('gem', 'lumpsums', '/api/lumpsums/2028', 'year=2028');
    // the municipality sees every municipality's lump sums (adopted in public)
    expect(new Set(l.csv.rows.map((r) => r.Gemeente)).size).toBe(6);
    const euros = (cents: string) => `${BigInt(cents) / 100n},${(BigInt(cents) % 100n).toString().padStart(2, '0')}`;
    expect(l.csv.rows.map((r) => [r.Aanbieder, r.Thema, r.Gemeente, r['Lumpsum (€)']])).toEqual(l.json.map((r) => [r.provider, r.theme, r.municipality, euros(r.amountCents as string)]));
    expect(l.xlsx.rows.map((r) => Math.round((r['Lumpsum (€)'] as number) * 100))).toEqual(l.json.map((r) => Number(r.amountCents)));
    expect(l.xlsx.numFmts['Lumpsum (€)']).toBe('#,##0.00');
    expect(l.csv.filters.get('Bedragen')).toBe("in euro's, met twee decimalen");
    expect(l.csvHeaders['content-disposition']).toBe('attachment; filename="jeugdregie-lumpsums-2028.csv"');
    const p = await both('region', 'payments', '/api/payments/2028?provider=DEMO03', 'year=2028&provider=DEMO03');
    expect(p.csv.rows.map((r) => [r.Aanbieder, r.Gemeente, r.Maand, r['Bedrag (€)'], r.Betaald])).toEqual(p.json.map((r) => [r.provider, r.municipality, r.month, euros(r.amountCents as string), csv(r.paid)]));
    expect(p.csv.filters.get('Aanbieder')).toBe('DEMO03');
    const b = await get('raad', '/api/budgets/2028');
    const bx = parseCsv((await get('raad', '/api/export/budgets?year=2028')).rawPayload);
    const budget = b.json() as { municipalities: { code: string; amountCents: string }[]; totalCents: string };
    expect(bx.rows.map((r) => [r.Gemeente, r['Begroting (€)']])).toEqual(budget.municipalities.map((m) => [m.code, euros(m.amountCents)]));
    expect(bx.filters.get('Totaal regio')).toMatch(/^€ [\d.]+,\d\d$/);
  });

  it('exports the ledger for the region, a text Excel would run as a formula kept as text', { timeout: 300_000 }, async () => {
    const paid = await served.app.inject({ method: 'POST', url: '/api/decisions/payment-run', payload: { month: '2028-01', reason: '=HYPERLINK("http://example.org")' } });
    expect(paid.statusCode, paid.body).toBe(200);
    const ledger = (await served.app.inject({ url: '/api/ledger' })).json() as { seq: number; reason: string; decision: { kind: string } }[];
    const c = parseCsv((await served.app.inject({ url: '/api/export/ledger?format=csv' })).rawPayload);
    expect(c.rows.map((r) => [r.Nummer, r['Soort besluit']])).toEqual(ledger.map((e) => [String(e.seq), e.decision.kind]));
    expect(c.rows.at(-1)!.Reden).toBe(`'=HYPERLINK("http://example.org")`);
    const x = await parseXlsx((await served.app.inject({ url: '/api/export/ledger?format=xlsx' })).rawPayload);
    expect(x.rows.at(-1)!.Reden).toBe('=HYPERLINK("http://example.org")');
    expect(JSON.parse(String(x.rows.at(-1)!['Besluit (JSON)']))).toEqual(ledger.at(-1)!.decision);
  });

  it("keeps the rows a page keeps under its filters, names the filters in the file, and refuses a filter its breakdown lacks", { timeout: 300_000 }, async () => {
    // the region, by theme and municipality, filtered to one municipality: the rows of the page's rowMatches
    const all = (await get('region', '/api/monitor/reach?period=2028-H1&by=theme,municipality')).json() as Json[];
    const e = await both('region', 'reach', '/api/monitor/reach?period=2028-H1&by=theme,municipality', 'period=2028-H1&by=theme,municipality&municipality=0362');
    const kept = all.filter((r) => rowMatches(r, { municipality: '0362' }));
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(all.length);
    expectSameReach({ ...e, json: kept });
    for (const f of [e.csv.filters, e.xlsx.filters]) {
      expect(f.get('Filter gemeente')).toBe('0362 (Amstelveen)');
      expect(f.get('Rijen')).toBe(String(kept.length));
    }
    // two filters, one a provider by its register code
    const themeOfKept = String(kept.find((r) => r.uniqueYouth !== null)?.theme);
    const byProvider = (await get('region', '/api/monitor/reach?period=2028-H1&by=theme,provider')).json() as Json[];
    const code = String(byProvider.find((r) => r.theme === themeOfKept)!.providerCode);
    const two = await both('region', 'reach', '/api/monitor/reach?period=2028-H1&by=theme,provider', `period=2028-H1&by=theme,provider&theme=${encodeURIComponent(themeOfKept)}&provider=${code}`);
    expectSameReach({ ...two, json: byProvider.filter((r) => rowMatches(r, { theme: themeOfKept, provider: code })) });
    expect(two.csv.rows.length).toBe(1);
    // a municipality filtered on a theme keeps its own row and the others' (REST) of that theme
    const gemAll = (await get('gem', '/api/monitor/reach?period=2028-H1&by=municipality,theme')).json() as Json[];
    const theme = String(gemAll[0]!.theme);
    const gem = await both('gem', 'reach', '/api/monitor/reach?period=2028-H1&by=municipality,theme', `period=2028-H1&by=municipality,theme&theme=${encodeURIComponent(theme)}`);
    expectSameReach({ ...gem, json: gemAll.filter((r) => rowMatches(r, { theme })) });
    expect(new Set(gem.csv.rows.map((r) => r.Gemeente))).toEqual(new Set(['0362', 'REST']));
    // waiting times and timeliness as well; a provider's filter keeps the region's row beside its own
    const w = await both('region', 'waiting', '/api/monitor/waiting?period=2028-H1&by=municipality', 'period=2028-H1&by=municipality&municipality=0362');
    expect(w.csv.rows.map((r) => r.Gemeente)).toEqual(['0362']);
    const t = await both('prov', 'timeliness', '/api/monitor/timeliness?period=2028-Q1&by=provider', 'period=2028-Q1&by=provider&provider=DEMO01');
    expect(new Set(t.csv.rows.map((r) => r.Aanbieder))).toEqual(new Set(t.json.map((r) => r.provider)));
    expect(new Set(t.csv.rows.map((r) => r.Aanbieder))).toEqual(new Set(['DEMO01', 'REGION']));
    // money: a municipality and themes ("A+B" as the monitor's combined theme)
    const lump = (await get('gem', '/api/lumpsums/2028')).json() as Json[];
    const themes = [...new Set(lump.map((r) => String(r.theme)))].sort().slice(0, 2);
    const l = await both('gem', 'lumpsums', '/api/lumpsums/2028', `year=2028&municipality=0363&theme=${encodeURIComponent(themes.join('+'))}`);
    const lumpKept = lump.filter((r) => r.municipality === '0363' && themes.includes(String(r.theme)));
    expect(lumpKept.length).toBeGreaterThan(0);
    expect(l.csv.rows.map((r) => [r.Aanbieder, r.Thema, r.Gemeente])).toEqual(lumpKept.map((r) => [r.provider, r.theme, r.municipality]));
    expect([l.csv.filters.get('Gemeente'), l.csv.filters.get("Thema's")]).toEqual(['0363 (Amsterdam)', themes.join(', ')]);
    const pay = (await get('region', '/api/payments/2028?provider=DEMO03')).json() as Json[];
    const p = await both('region', 'payments', '/api/payments/2028?provider=DEMO03', 'year=2028&provider=DEMO03&municipality=0363');
    expect(p.csv.rows.map((r) => r.Maand)).toEqual(pay.filter((r) => r.municipality === '0363').map((r) => r.month));
    // the budget table's contributions to one provider, as the page sums them
    const bx = parseCsv((await get('region', '/api/export/budgets?year=2028&provider=DEMO03')).rawPayload);
    const all03 = (await get('region', '/api/lumpsums/2028?provider=DEMO03')).json() as Json[];
    const euros = (cents: bigint) => `${cents / 100n},${(cents % 100n).toString().padStart(2, '0')}`;
    expect(bx.rows.map((r) => [r.Gemeente, r['Bijdrage aan de lumpsums (€)']])).toEqual(
      bx.rows.map((r) => [r.Gemeente, euros(all03.filter((x) => x.municipality === r.Gemeente).reduce((a, x) => a + BigInt(x.amountCents as string), 0n))]),
    );
    expect(bx.filters.get('Bijdragen aan aanbieder')).toBe('DEMO03');
    // a filter on a dimension the breakdown lacks would give an empty file: refused, saying what to do
    for (const url of ['/api/export/reach?period=2028-H1&by=theme&municipality=0362&format=csv', '/api/export/trend?periods=2028-01&by=theme&area=x', '/api/export/payments?year=2028&theme=A']) {
      const r = await served.app.inject({ url, headers: { 'accept-language': 'nl' } });
      expect([r.statusCode, (r.json() as { code: string }).code], url).toEqual([400, 'QUERY_INVALID']);
      expect((r.json() as { detail: string }).detail, url).toMatch(/; (neem|laat)/);
    }
  });

  it('exports every period of a trend, each as its reach route gives it, in one file', { timeout: 300_000 }, async () => {
    const months = ['2028-01', '2028-02', '2028-03', '2028-04', '2028-05', '2028-06'];
    const theme = String(((await get('region', '/api/monitor/reach?period=2028-01&by=theme')).json() as Json[])[0]!.theme);
    const e = await both('region', 'trend', '/api/monitor/reach?period=2028-01&by=theme', `periods=2028-01..2028-06&by=theme&theme=${encodeURIComponent(theme)}`);
    expect(e.csv.rows.map((r) => r.Periode)).toEqual(months);
    expect(e.xlsx.rows.map((r) => r.Periode)).toEqual(months);
    for (const [i, month] of months.entries()) {
      const json = ((await get('region', `/api/monitor/reach?period=${month}&by=theme`)).json() as Json[]).filter((r) => rowMatches(r, { theme }));
      const want = reachColumns(json[0]!);
      const row = withReasons(e.csv.rows[i]!);
      expect(project(row, Object.keys(want))).toEqual(Object.fromEntries(Object.keys(want).map((k) => [k, csv(want[k])])));
      expect([row.Van, row['Tot en met']]).toEqual([`${month}-01`, `${month}-${month === '2028-02' ? '29' : ['2028-04', '2028-06'].includes(month) ? '30' : '31'}`]);
    }
    expect(e.csv.filters.get('Perioden')).toBe(months.join(', '));
    expect(e.csv.filters.get('Filter thema')).toMatch(new RegExp(`^${theme.replace(/[+]/g, '\\+')}`));
    expect(e.csvHeaders['content-disposition']).toBe('attachment; filename="jeugdregie-trend-2028-01_2028-06.csv"');
    // a municipality's quarters: its own row and the others' per quarter, each quarter's disclosure
    const q = await both('gem', 'trend', '/api/monitor/reach?period=2028-Q1&by=municipality', 'periods=2028-Q1..2028-Q2&by=municipality');
    const perQuarter = await Promise.all(['2028-Q1', '2028-Q2'].map(async (p) => ((await get('gem', `/api/monitor/reach?period=${p}&by=municipality`)).json() as Json[]).map((r) => [p, r.municipality, csv(r.uniqueYouth)])));
    expect(q.csv.rows.map((r) => [r.Periode, r.Gemeente, r['Unieke jeugdigen']])).toEqual(perQuarter.flat());
    // others than the region: a period not published is refused as the reach route refuses it
    const month = await get('gem', '/api/export/trend?periods=2028-Q1,2028-02&by=municipality&format=csv');
    expect(month.statusCode).toBe((await get('gem', '/api/monitor/reach?period=2028-02&by=municipality')).statusCode);
    expect(month.statusCode).toBeGreaterThanOrEqual(400);
    expect((await get('region', '/api/export/trend?periods=2028-01..2029-01&format=csv')).statusCode).toBe(400);
    // a year of months written out is longer than a parameter may be; as a range it is not
    const year = Array.from({ length: 12 }, (_, i) => `2028-${String(i + 1).padStart(2, '0')}`);
    expect((await get('region', `/api/export/trend?periods=${year.join(',')}&format=csv`)).statusCode).toBe(400);
    expect((await get('region', `/api/export/trend?periods=${year[0]}..${year[6]}&by=total&format=csv`)).statusCode).toBe(200);
  });

  it('validates the query of an export as its route does', async () => {
    for (const [url, status] of [
      ['/api/export/reach?period=2028-H1&format=pdf', 400],
      ['/api/export/reach?period=2028-H1&colour=red', 400],
      ['/api/export/reach?period=2028-H1&by=planet', 400],
      ['/api/export/lumpsums?format=csv', 400],
      ['/api/export/ledger?year=2028', 400],
      ['/api/export/everything?format=csv', 404],
    ] as const) {
      const r = await served.app.inject({ url });
      expect([r.statusCode, r.headers['content-type']], url).toEqual([status, expect.stringMatching(/^application\/problem\+json/)]);
    }
  });
});
