// In a real Chromium, as the region: an adjustment of a provider's lump sum through the decisions
// page [issue 13 "Decisions through the web"]. One the rules refuse (a decision date outside the
// year adjusted, DECISION_DATE_OUTSIDE_YEAR) shows the server's one-line Dutch refusal and records
// nothing; a valid one (upward, with an unforeseen circumstance and the approval to exceed the
// contract value) is recorded, and the page shows it as recorded and in its ledger table.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Refusal } from '../../src/domain/errors.ts';
import { BROWSER_TIMEOUT, DEMO, describeInBrowser, expectAccessible, launchBrowser, newContext, signInAs, startE2eServer, type E2eServer } from '../support/browser.ts';

interface LedgerEntry {
  readonly seq: number;
  readonly actor: string;
  readonly reason: string;
  readonly decision: { kind: string; request?: { provider: string; year: number; deltaCents: string; date: string; upwardReason?: string; approval?: string } };
}

interface AuditRow {
  readonly actor: string | null;
  readonly kind: string;
  readonly detail: { kind?: string; code?: string; seq?: number };
}

describeInBrowser('an adjustment decision in the browser', { timeout: BROWSER_TIMEOUT }, () => {
  let server: E2eServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const ledger = async () => (await (await page.request.get(`${server.url}/api/ledger`)).json()) as LedgerEntry[];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
    context = await newContext(browser);
    page = await context.newPage();
    await signInAs(page, server.url, 'region');
  }, BROWSER_TIMEOUT);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  it('refuses an adjustment dated outside its year with the Dutch refusal on the page, then records a valid one and shows it in the ledger', async () => {
    await page.goto(`${server.url}/besluiten`);
    const form = page.locator('section[aria-labelledby="bijstelling-kop"]');
    const provider = form.getByLabel(/^Aanbieder/);
    // the providers come from the year's lump sums: wait until the list has them
    await provider.locator('option').first().waitFor({ state: 'attached' });
    const chosen = await provider.inputValue();
    expect(chosen).not.toBe('');
    const year = Number(await form.getByLabel(/^Jaar/).inputValue());
    const before = await ledger();

    // Refused: a decision date in the year before the year adjusted.
    const pastDate = `${year - 1}-12-31`;
    await form.getByLabel(/^Bedrag in euro/).fill('2.500,00');
    await form.getByLabel(/^Datum van het besluit/).fill(pastDate);
    await form.getByLabel(/^Reden/).fill('E2E: meer jeugdigen dan verwacht');
    await form.getByLabel(/^Onvoorziene omstandigheid/).selectOption({ index: 1 });
    await form.getByLabel(/^Goedkeuring/).fill('AB-besluit E2E-1');
    await form.getByRole('button', { name: 'Bijstelling vastleggen' }).click();
    const refusal = new Refusal('DECISION_DATE_OUTSIDE_YEAR', { date: pastDate, year }).text('nl');
    const alert = form.getByRole('alert');
    await alert.waitFor();
    const alertText = (await alert.innerText()).trim();
    expect(alertText).toBe(`Geweigerd: ${refusal}`);
    expect(alertText, 'the refusal is one line').not.toMatch(/\n/);
    expect((await ledger()).length, 'a refused decision is not in the ledger').toBe(before.length);
    await expectAccessible(page, 'the decisions page with a refused adjustment');

    // Accepted: the same with a date in the year.
    const date = `${year}-07-01`;
    await form.getByLabel(/^Datum van het besluit/).fill(date);
    await form.getByRole('button', { name: 'Bijstelling vastleggen' }).click();
    const status = form.getByRole('status').filter({ hasText: 'Vastgelegd' });
    await status.waitFor();
    expect(await form.getByRole('alert').count(), 'the refusal is gone').toBe(0);
    const after = await ledger();
    expect(after.length).toBe(before.length + 1);
    const entry = after[after.length - 1]!;
    expect(entry.decision.kind).toBe('adjustment');
    expect(entry.decision.request).toMatchObject({ provider: chosen, year, deltaCents: '250000', date, approval: 'AB-besluit E2E-1' });
    expect([entry.actor, entry.reason]).toEqual([DEMO.region.login, 'E2E: meer jeugdigen dan verwacht']);
    expect(await status.innerText()).toContain(`Vastgelegd als besluit #${entry.seq} (bijstelling)`);

    // The page's ledger table shows the new decision without a reload.
    const row = page.locator('#tabel-grootboek tbody tr').filter({ has: page.getByRole('rowheader', { name: `#${entry.seq}`, exact: true }) });
    await row.waitFor({ timeout: 15_000 });
    expect(await row.innerText()).toContain('bijstelling');
    expect(await row.innerText()).toContain('E2E: meer jeugdigen dan verwacht');
    await expectAccessible(page, 'the decisions page with a recorded adjustment and its explanation');

    // The audit log has the refusal and the decision.
    const audit = ((await (await page.request.get(`${server.url}/api/audit?limit=50`)).json()) as AuditRow[]).filter((e) => e.actor === DEMO.region.login);
    expect(audit.some((e) => e.kind === 'decision-refused' && e.detail.kind === 'adjustment' && e.detail.code === 'DECISION_DATE_OUTSIDE_YEAR')).toBe(true);
    expect(audit.some((e) => e.kind === 'decision' && e.detail.kind === 'adjustment' && e.detail.seq === entry.seq)).toBe(true);
  });
});
