// In a real Chromium, as the council account (demo-raad, municipality 0384): the council report page
// offers the closed half year of the data only, and its links download the report [issue 13 "The
// council report"]: a PDF (it starts with %PDF-) and an HTML file that names the municipality and
// explains the hidden figures. Another municipality's report is refused to the council.
import fs from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { BROWSER_TIMEOUT, DEMO, describeInBrowser, E2E_TRAFFIC, expectAccessible, launchBrowser, newContext, signInAs, startE2eServer, type E2eServer } from '../support/browser.ts';

describeInBrowser('the council report in the browser', { timeout: BROWSER_TIMEOUT }, () => {
  let server: E2eServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let municipalityName: string;
  const own = DEMO.council.municipality;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
    municipalityName = server.ws.region.municipalities.find((m) => m.code === own)!.name;
    context = await newContext(browser);
    page = await context.newPage();
    await signInAs(page, server.url, 'council');
  }, BROWSER_TIMEOUT);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  const download = async (name: string): Promise<{ file: string; body: Buffer }> => {
    const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name, exact: true }).click()]);
    return { file: d.suggestedFilename(), body: fs.readFileSync(await d.path()) };
  };

  it('offers the closed half year only, for its own municipality', async () => {
    await page.goto(`${server.url}/raadsrapportage`);
    await page.getByRole('heading', { name: `Rapportages van ${municipalityName}` }).waitFor();
    const links = await page.locator('main a[download]').allInnerTexts();
    expect(links).toEqual([`Raadsrapportage ${E2E_TRAFFIC.half} (PDF)`, `Raadsrapportage ${E2E_TRAFFIC.half} (HTML)`]);
    // no choice of municipality for a council member
    expect(await page.getByLabel('Gemeente').count()).toBe(0);
    await expectAccessible(page, 'the council report page as the council');
  });

  it('downloads the PDF of the closed half year', async () => {
    await page.goto(`${server.url}/raadsrapportage`);
    const pdf = await download(`Raadsrapportage ${E2E_TRAFFIC.half} (PDF)`);
    expect(pdf.file).toBe(`raadsrapportage-${own}-${E2E_TRAFFIC.half}.pdf`);
    expect(pdf.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.body.subarray(-1024).toString('latin1')).toContain('%%EOF');
  });

  it("downloads the HTML: the municipality's name and the explanation of a hidden figure", async () => {
    await page.goto(`${server.url}/raadsrapportage`);
    const html = await download(`Raadsrapportage ${E2E_TRAFFIC.half} (HTML)`);
    expect(html.file).toBe(`raadsrapportage-${own}-${E2E_TRAFFIC.half}.html`);
    const text = html.body.toString('utf8');
    expect(text).toMatch(/^<!doctype html>/i);
    expect(text).toContain(municipalityName);
    // the about section's explanation of "afgeschermd" (src/domain/reports/council-report.ts)
    expect(text).toMatch(/&quot;afgeschermd&quot;|"afgeschermd"/);
    expect(text).toContain('Een afgeschermd cijfer is dus niet onbekend, maar bewust weggelaten');
    // the report as a reader opens it: in the browser, accessible as the pages are
    const reader = await context.newPage();
    try {
      await reader.setContent(text, { waitUntil: 'load' });
      await expectAccessible(reader, `the HTML council report of ${own} ${E2E_TRAFFIC.half}`);
    } finally {
      await reader.close();
    }
  });

  it("the region chooses a municipality and downloads that municipality's report", async () => {
    const regionContext = await newContext(browser);
    try {
      const regionPage = await regionContext.newPage();
      await signInAs(regionPage, server.url, 'region');
      await regionPage.goto(`${server.url}/raadsrapportage`);
      const other = server.ws.region.municipalities.find((m) => m.code !== own && m.code !== server.ws.region.municipalities[0]!.code)!;
      await regionPage.getByLabel('Gemeente').selectOption(other.code);
      await regionPage.getByRole('heading', { name: `Rapportages van ${other.name}` }).waitFor();
      const [d] = await Promise.all([regionPage.waitForEvent('download'), regionPage.getByRole('link', { name: `Raadsrapportage ${E2E_TRAFFIC.half} (HTML)`, exact: true }).click()]);
      expect(d.suggestedFilename()).toBe(`raadsrapportage-${other.code}-${E2E_TRAFFIC.half}.html`);
      const text = fs.readFileSync(await d.path(), 'utf8');
      expect(text).toContain(`De cijfers van ${other.name} staan steeds naast die van de rest van de regio`);
    } finally {
      await regionContext.close();
    }
  });

  it("refuses the council another municipality's report", async () => {
    const other = server.ws.region.municipalities.find((m) => m.code !== own)!.code;
    const answer = await page.request.get(`${server.url}/api/reports/council?municipality=${other}&half=${E2E_TRAFFIC.half}&format=html`);
    expect(answer.status()).toBe(403);
    expect(answer.headers()['content-type']).toMatch(/^application\/problem\+json/);
  });
});
