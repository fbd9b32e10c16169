// In a real Chromium: a table's download links on a monitor page [issue 13 "every table exportable
// to CSV and XLSX with the filters in the file"]. Signed in as the region and as a municipality, the
// reach table of the clients page is downloaded through its CSV and XLSX links (the browser's own
// download, with the session cookie), and each file must hold the table the page shows: the Dutch
// header row the export defines, the filters (period), and the page's rows with the same figures
// (a hidden figure, "afgeschermd" on the page, an empty cell in the file). The audit log (GET
// /api/audit as the region) records every export with its table, format and who.
import fs from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Role } from '../../src/domain/access/viewer.ts';
import { BROWSER_TIMEOUT, DEMO, describeInBrowser, E2E_TRAFFIC, launchBrowser, newContext, signInAs, startE2eServer, type E2eServer } from '../support/browser.ts';

/** A row of the page's table: the texts of its group cells, and its four counts (null: "afgeschermd"). */
interface PageRow {
  readonly groups: readonly string[];
  readonly counts: readonly (number | null)[];
}

/** The figures the page shows per row, in its column order, and the export's headings for them. */
const COUNT_HEADINGS = ['Unieke jeugdigen', 'Gestart', 'Beëindigd', 'In zorg aan het eind'] as const;
const PAGE_COUNT_HEADERS = ['Unieke jeugdigen', 'Starts', 'Beëindigingen', 'In zorg aan het eind'];

/** The reach table (#tabel-bereik) as the page shows it. */
async function pageTable(page: Page): Promise<{ headers: string[]; rows: PageRow[] }> {
  const table = page.locator('#tabel-bereik');
  await table.locator('tbody tr').first().waitFor();
  const headers = (await table.locator('thead th').allInnerTexts()).map((t) => t.trim());
  const cells = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.children).map((c) => (c as HTMLElement).innerText.trim())));
  const groupCount = headers.length - PAGE_COUNT_HEADERS.length;
  expect(headers.slice(groupCount), 'the page table ends with the four counts').toEqual(PAGE_COUNT_HEADERS);
  const number = (t: string) => (/afgeschermd/.test(t) ? null : Number(t.replace(/\./g, '')));
  return { headers, rows: cells.map((c) => ({ groups: c.slice(0, groupCount), counts: c.slice(groupCount).map(number) })) };
}

/** A CSV as the export writes it: filters ("label;value"), an empty line, the header, the rows. */
function parseCsv(text: string): { filters: Map<string, string>; header: string[]; rows: string[][] } {
  expect(text.charCodeAt(0), 'the CSV starts with a byte order mark').toBe(0xfeff);
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  const body = text.slice(1);
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ';') {
      record.push(field);
      field = '';
    } else if (ch === '\r' && body[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field !== '' || record.length > 0) records.push([...record, field]);
  const blank = records.findIndex((r) => r.length === 1 && r[0] === '');
  expect(blank, 'an empty line between the filters and the table').toBeGreaterThan(0);
  return { filters: new Map(records.slice(0, blank).map((r) => [r[0]!, r[1] ?? ''])), header: records[blank + 1]!, rows: records.slice(blank + 2) };
}

/** The file's rows as text and counts by heading: the text cells (codes and names) and the four counts. */
interface FileRow {
  readonly texts: readonly string[];
  readonly counts: readonly (number | null)[];
}

function fileRows(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): FileRow[] {
  const countAt = COUNT_HEADINGS.map((h) => header.indexOf(h));
  const firstNumber = header.indexOf('Unieke jeugdigen');
  return rows.map((r) => ({
    texts: r.slice(0, firstNumber).filter((v): v is string => typeof v === 'string' && v !== ''),
    counts: countAt.map((i) => {
      const v = r[i];
      return v === null || v === undefined || v === '' ? null : Number(v);
    }),
  }));
}

/** Text compared without case and spaces: the page writes theme code A+B as "Thema's A + B". */
const squeeze = (t: string) => t.toLowerCase().replace(/\s+/g, '');

/** Every row the page shows is in the file with the same counts, in the page's order, and the file has no other rows. */
function expectSameRows(what: string, shown: readonly PageRow[], inFile: readonly FileRow[]): void {
  expect(inFile.length, `${what}: as many rows as the page shows`).toBe(shown.length);
  shown.forEach((row, i) => {
    const same = (f: FileRow) => JSON.stringify(f.counts) === JSON.stringify(row.counts) && row.groups.every((g) => f.texts.some((t) => squeeze(g).includes(squeeze(t))));
    expect(inFile.find(same), `${what}: the page's row ${JSON.stringify(row)} is in the file (rows: ${JSON.stringify(inFile.slice(0, 6))} …)`).toBeDefined();
    expect(same(inFile[i]!), `${what}: row ${i + 1} of the file is the page's row ${i + 1} ${JSON.stringify(row)}, not ${JSON.stringify(inFile[i])}`).toBe(true);
  });
}

/** The export's header of a reach table by the page's breakdown: dimension columns, the counts, the reasons, the flag. */
function expectReachHeader(header: readonly string[], dimensionHeadings: readonly string[]): void {
  const n = dimensionHeadings.length;
  expect(header.slice(0, n + 3)).toEqual([...dimensionHeadings, 'Unieke jeugdigen', 'Gestart', 'Beëindigd']);
  expect(header.slice(-2)).toEqual(['In zorg aan het eind', 'Verborgen waarden']);
  for (const h of header.slice(n + 3, -2)) expect(h).toMatch(/^Beëindigd: .+ \((\d\d|-)\)$/);
}

interface AuditRow {
  readonly actor: string | null;
  readonly kind: string;
  readonly detail: { table?: string; format?: string; filters?: Record<string, unknown>; rows?: number };
}

describeInBrowser('exporting a table in the browser', { timeout: BROWSER_TIMEOUT }, () => {
  let server: E2eServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const signedIn = async (role: Role): Promise<Page> => {
    const context = await newContext(browser);
    contexts.push(context);
    const page = await context.newPage();
    await signInAs(page, server.url, role);
    return page;
  };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
  }, BROWSER_TIMEOUT);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  /** Clicks the table's download link of `format` and returns the file the browser saved. */
  const download = async (page: Page, format: 'CSV' | 'XLSX'): Promise<{ name: string; body: Buffer }> => {
    const link = page.locator('#tabel-bereik').locator('xpath=ancestor::div[contains(@class,"jr-table-block")]').getByRole('link', { name: new RegExp(`downloaden als ${format}$`) });
    const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const saved = await file.path();
    return { name: file.suggestedFilename(), body: fs.readFileSync(saved) };
  };

  for (const c of [{ role: 'region' }, { role: 'municipality' }] as const) {
    it(`as the ${c.role}: the reach table's CSV and XLSX links download the table the page shows, and the audit log has both`, async () => {
      const page = await signedIn(c.role);
      await page.goto(`${server.url}/clienten?periode=${E2E_TRAFFIC.quarter}`);
      const shown = await pageTable(page);
      expect(shown.rows.length).toBeGreaterThan(0);

      // CSV
      const csv = await download(page, 'CSV');
      expect(csv.name).toBe(`jeugdregie-reach-${E2E_TRAFFIC.quarter}.csv`);
      const parsed = parseCsv(csv.body.toString('utf8'));
      expect(parsed.filters.get('Tabel')).toBe('Bereik: unieke jeugdigen, starts, stops, in zorg aan het eind');
      expect(parsed.filters.get('Periode')).toMatch(new RegExp(`^${E2E_TRAFFIC.quarter} \\(`));
      expect(parsed.filters.get('Geëxporteerd door')).toContain(DEMO[c.role].login);
      expect(parsed.filters.get('Rijen')).toBe(String(parsed.rows.length));
      const dims = parsed.header.slice(0, parsed.header.indexOf('Unieke jeugdigen'));
      expect(dims.length, 'the file names what each row is about').toBeGreaterThan(0);
      expectReachHeader(parsed.header, dims);
      // each group column of the page has its dimension's code column in the file
      for (const h of shown.headers.slice(0, shown.headers.length - PAGE_COUNT_HEADERS.length)) expect(dims).toContain(h);
      expectSameRows(`${c.role} CSV`, shown.rows, fileRows(parsed.header, parsed.rows));

      // XLSX, read with exceljs
      const xlsx = await download(page, 'XLSX');
      expect(xlsx.name).toBe(`jeugdregie-reach-${E2E_TRAFFIC.quarter}.xlsx`);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.body as unknown as ArrayBuffer);
      const data = wb.getWorksheet('Gegevens');
      const filters = wb.getWorksheet('Filters');
      expect(data, 'the sheet "Gegevens"').toBeDefined();
      expect(filters, 'the sheet "Filters"').toBeDefined();
      const values = (row: ExcelJS.Row, width: number) => Array.from({ length: width }, (_, i) => {
        const v = row.getCell(i + 1).value;
        return v === null || v === undefined ? null : typeof v === 'number' ? v : String(v);
      });
      const width = parsed.header.length;
      const header = values(data!.getRow(1), width);
      expect(header, 'the XLSX header is the CSV header').toEqual(parsed.header);
      const rows: (string | number | null)[][] = [];
      for (let i = 2; i <= data!.rowCount; i++) rows.push(values(data!.getRow(i), width));
      expectSameRows(`${c.role} XLSX`, shown.rows, fileRows(header as string[], rows));
      const filterLines = new Map<string, string>();
      filters!.eachRow((r, i) => {
        if (i > 1) filterLines.set(String(r.getCell(1).value), String(r.getCell(2).value));
      });
      expect(filterLines.get('Periode')).toBe(parsed.filters.get('Periode'));

      // the audit log (the region reads it) has both downloads, by this account, of this table and period
      const regionPage = await signedIn('region');
      const answer = await regionPage.request.get(`${server.url}/api/audit?limit=200`);
      expect(answer.status(), await answer.text()).toBe(200);
      const exports = ((await answer.json()) as AuditRow[]).filter((e) => e.kind === 'export' && e.actor === DEMO[c.role].login && e.detail.table === 'reach' && e.detail.filters?.['period'] === E2E_TRAFFIC.quarter);
      expect(exports.map((e) => e.detail.format).sort()).toEqual(['csv', 'xlsx']);
      for (const e of exports) expect(e.detail.rows).toBe(parsed.rows.length);
    });
  }
});
