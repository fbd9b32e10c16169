// In a real Chromium [issue 14]: a provider delivers its financial report through the page — a file
// with mistakes is refused with every problem (row and column) on the page and records nothing; the
// corrected file is recorded, replacing the earlier delivery — and the region's utilisation dashboard
// shows the provider's new figures, its signals and the attribution, and sets a signal's status.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { BROWSER_TIMEOUT, describeInBrowser, e2eSession, expectAccessible, type E2eServer } from '../support/browser.ts';
import { tempDir } from '../support/temp-dirs.ts';

const HEADER = 'provider,year,period,care_form,cost_eur,forecast_year_eur,young_people,explanation,area,fte';

describeInBrowser('financial reports in the browser', { timeout: BROWSER_TIMEOUT }, () => {
  const session = e2eSession();
  let server: E2eServer;
  beforeAll(() => {
    server = session.server();
  });
  const files = tempDir('jeugdregie-e2e-reports-');
  const file = (name: string, rows: string[]) => {
    const p = path.join(files, name);
    fs.writeFileSync(p, [HEADER, ...rows].join('\n') + '\n');
    return p;
  };
  const open = (role: 'provider' | 'region'): Promise<Page> => session.signedIn(role);

  it('refuses a file with mistakes with every problem on the page, then records the corrected one', async () => {
    const page = await open('provider');
    await page.goto(`${server.url}/rapportage`);
    await page.getByRole('heading', { name: 'Financiële rapportage inleveren' }).waitFor();
    const entries = async () => ((await (await page.request.get(`${server.url}/api/financial-reports?year=2028`)).json()) as unknown[]).length;
    const before = await entries();
    await page.getByLabel(/Rapportagebestand/).setInputFiles(file('fout.csv', ['DEMO01,2028,M4,32,-10,20,,,,', 'DEMO01,2028,M4,99,1,1,,,,', 'DEMO01,2028,M4,33,5,,,,,']));
    await page.getByRole('button', { name: 'Inleveren' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    const text = await alert.innerText();
    expect(text).toContain('Niet ingeleverd');
    expect(text).toContain('rij 2, kolom cost_eur');
    expect(text).toContain('rij 3, kolom care_form');
    expect(text).toContain('rij 4, kolom forecast_year_eur');
    expect(await entries()).toBe(before);

    await page.getByLabel(/Rapportagebestand/).setInputFiles(file('goed.csv', ['DEMO01,2028,M4,32,"9.000.000,00","25.000.000,00",,"correctie na controle",,', 'DEMO01,2028,M4,,,,,,noord,"7,5"']));
    await page.getByRole('button', { name: 'Inleveren' }).click();
    const status = page.getByRole('status').filter({ hasText: 'Ingeleverd' });
    await status.waitFor();
    const done = await status.innerText();
    expect(done).toMatch(/M4-rapportage 2028 van DEMO01/);
    expect(done).toMatch(/vervangt besluit #\d+/);
    expect(await entries()).toBe(before + 1);
    await expectAccessible(page, 'rapportage, provider');
  });

  it("shows the region the provider's figures, signals and attribution, and records a signal's status", async () => {
    const page = await open('region');
    await page.goto(`${server.url}/uitnutting`);
    await page.getByLabel('Rapportage', { exact: true }).selectOption('M4');
    const table = page.locator('#tabel-uitnutting');
    await table.getByRole('rowheader', { name: /DEMO01/ }).waitFor();
    const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /DEMO01/ }) });
    const cells = await row.getByRole('cell').allInnerTexts();
    expect(cells[2]).toBe('€ 9.000.000,00'); // after the lump sum and the annual plan
    // 9.000.000 × 12 ÷ 4
    expect(cells.join(' ')).toContain('€ 27.000.000,00');
    await page.locator('#tabel-signalen').waitFor();
    const signals = await page.locator('#tabel-signalen').innerText();
    expect(signals).toContain('DEMO01');
    await page.getByLabel('Aanbieder', { exact: true }).selectOption('DEMO01');
    await page.locator('#tabel-toerekening-gemeente').waitFor();
    expect(await page.locator('#tabel-toerekening-gemeente').innerText()).toContain('Zorgdagen (grondslag)');

    const form = page.locator('form').filter({ hasText: 'Status van een signaal' });
    await form.getByLabel('Signaal').selectOption({ index: 0 });
    await form.getByLabel('Status').selectOption('discussion');
    await form.getByRole('button', { name: 'Status vastleggen' }).click();
    await form.getByRole('alert').waitFor();
    expect(await form.getByRole('alert').innerText()).toContain('notitie');
    await form.getByLabel(/Notitie/).fill('gesprek met de controller op 20 juni');
    await form.getByRole('button', { name: 'Status vastleggen' }).click();
    await form.getByRole('status').waitFor();
    await page.locator('#tabel-signalen').getByText('in gesprek').first().waitFor();
    await expectAccessible(page, 'uitnutting, region');
  });
});
