// In a real Chromium [issue 15]: a provider delivers its CBS delivery through the page — the example
// with mistakes is refused with every problem (row and column) on the page and changes nothing; the
// clean example replaces its half year — then the region's coverage page shows the provider's row,
// the quality page the outcome indicators, and a council its own municipality, protected.
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { BROWSER_TIMEOUT, describeInBrowser, e2eSession, expectAccessible, type E2eServer } from '../support/browser.ts';

const examples = path.join(import.meta.dirname, '..', '..', 'examples');

describeInBrowser('CBS deliveries, coverage and quality in the browser', { timeout: BROWSER_TIMEOUT }, () => {
  const session = e2eSession();
  const open = (role: 'provider' | 'region' | 'council' | 'municipality'): Promise<Page> => session.signedIn(role);
  let server: E2eServer;
  beforeAll(() => {
    server = session.server();
  });

  it('refuses the delivery with mistakes with every problem on the page, then takes the clean one', async () => {
    const page = await open('provider');
    await page.goto(`${server.url}/cbs-levering`);
    await page.getByRole('heading', { name: 'CBS-levering inleveren' }).waitFor();
    const deliveries = async () => ((await (await page.request.get(`${server.url}/api/bij/deliveries`)).json()) as unknown[]).length;
    const before = await deliveries();
    expect(before).toBeGreaterThan(0);
    await page.getByLabel('Halfjaar').selectOption('2028-H1');
    await page.getByLabel(/Leveringsbestand/).setInputFiles(path.join(examples, 'bij-DEMO01-2028-H1-with-mistakes.csv'));
    await page.getByRole('button', { name: 'Inleveren' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    const text = await alert.innerText();
    expect(text).toContain('Niet ingeleverd');
    expect(text).toContain('rij 3, kolom bsn');
    expect(text).toContain('rij 6, kolom care_form');
    expect(text).toContain('rij 10, kolom postcode');
    expect(await deliveries()).toBe(before);

    await page.getByLabel(/Leveringsbestand/).setInputFiles(path.join(examples, 'bij-DEMO01-2028-H1.csv'));
    await page.getByRole('button', { name: 'Inleveren' }).click();
    const status = page.getByRole('status').filter({ hasText: 'Ingeleverd' });
    await status.waitFor();
    const done = await status.innerText();
    expect(done).toMatch(/levering 2028-H1 van DEMO01, 6 records uit 7 rijen, waarvan 1 samengevoegd/);
    expect(done).toMatch(/vervangt de eerdere levering/);
    expect(await deliveries()).toBe(before + 1);
    // The mirror shows the new delivery: six records.
    const mirror = page.locator('#tabel-spiegel');
    await expect.poll(async () => (await mirror.getByRole('row').count()) - 1).toBeGreaterThan(0);
    await expectAccessible(page, 'cbs-levering, provider');
  });

  it('shows the region the coverage per provider and the outcome indicators', async () => {
    const page = await open('region');
    await page.goto(`${server.url}/dekking`);
    await page.getByLabel('Halfjaar').selectOption('2028-H1');
    const table = page.locator('#tabel-dekking');
    await table.getByRole('rowheader', { name: 'DEMO09' }).waitFor();
    const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'DEMO09' }) });
    const cells = await row.getByRole('cell').allInnerTexts();
    // DEMO09's delivery holds many young people the traffic does not show.
    expect(Number(cells[1]!.replace('.', ''))).toBeGreaterThan(Number(cells[0]!.replace('.', '')) / 2);
    await page.locator('#tabel-bereik-bronnen').waitFor();
    await expectAccessible(page, 'dekking, region');
    await page.goto(`${server.url}/kwaliteit`);
    await page.getByLabel('Periode').selectOption('H1');
    const outcomes = page.locator('#tabel-uitkomsten');
    await outcomes.getByRole('rowheader', { name: 'DEMO01' }).waitFor();
    expect(await outcomes.innerText()).toMatch(/Regio \(alle aanbieders en gemeenten\)/);
    await expectAccessible(page, 'kwaliteit, region');
  });

  it('shows a council its own municipality only, and no coverage page', async () => {
    const page = await open('council');
    await page.goto(`${server.url}/kwaliteit`);
    await page.getByLabel('Periode').selectOption('H1');
    const outcomes = page.locator('#tabel-uitkomsten');
    await outcomes.getByRole('rowheader', { name: 'Diemen' }).waitFor();
    expect(await outcomes.getByRole('rowheader').count()).toBe(2);
    await page.goto(`${server.url}/dekking`);
    await page.getByRole('heading', { name: 'Niet voor uw rol' }).waitFor();
  });

  it('shows the goals against their path and the national comparison', async () => {
    const page = await open('region');
    await page.goto(`${server.url}/doelen`);
    await page.getByRole('heading', { name: 'Uithuisplaatsingen per 1.000 jeugdigen' }).waitFor();
    expect(await page.getByText('Plaatsvervangende waarden').count()).toBeGreaterThan(0);
    await page.getByRole('heading', { name: 'Nog zonder bron' }).first().waitFor();
    await page.goto(`${server.url}/landelijk`);
    await page.getByLabel('Halfjaar').selectOption('2028-H1');
    const table = page.locator('#tabel-landelijk-85097NED');
    await table.getByRole('rowheader', { name: 'Amsterdam' }).waitFor();
    expect(await page.getByText('demo-FICTIEF-85097NED.json').count()).toBe(1);
    await expectAccessible(page, 'landelijk, region');
  });
});
