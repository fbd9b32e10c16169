// In a real Chromium: the sign-in page (a labelled form, the demo accounts in demo mode), a wrong
// password's Dutch refusal, signing in as each role through the page and signing out, keyboard-only
// sign-in; axe-core on every page at desktop and phone width [issue 13 "Done means"].
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { Refusal } from '../../src/domain/errors.ts';
import type { Role } from '../../src/domain/access/viewer.ts';
import { BROWSER_TIMEOUT, DEMO, describeInBrowser, expectAccessibleAtEveryWidth, launchBrowser, newContext, signInAs, signInThroughPage, startE2eServer, type E2eServer } from '../support/browser.ts';

const ROLES: readonly Role[] = ['region', 'municipality', 'provider', 'council'];

/** Presses Tab until `target` has the focus (at most `max` times); false when it never does. */
async function tabTo(page: Page, target: Locator, max = 40): Promise<boolean> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return true;
  }
  return false;
}

describeInBrowser('sign-in in the browser', { timeout: BROWSER_TIMEOUT }, () => {
  let server: E2eServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  /** A page in a fresh context (its own cookies) at desktop width. */
  const freshPage = async (): Promise<Page> => {
    const context = await newContext(browser);
    contexts.push(context);
    return context.newPage();
  };
  const sessionStatus = async (page: Page) => (await page.request.get(`${server.url}/api/session`)).status();

  beforeAll(async () => {
    [server, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
  }, BROWSER_TIMEOUT);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  it('shows a labelled sign-in form and, in demo mode, the demo account of every role; no serious axe violation', async () => {
    const page = await freshPage();
    await page.goto(`${server.url}/`);
    await page.getByLabel(/gebruikersnaam/i).waitFor();
    expect(await page.getByLabel(/wachtwoord/i).getAttribute('type')).toBe('password');
    expect(await page.getByRole('button', { name: /^aanmelden$/i }).isVisible()).toBe(true);
    expect(await page.locator('html').getAttribute('lang')).toMatch(/^nl/);
    const text = await page.locator('body').innerText();
    for (const role of ROLES) expect(text).toContain(DEMO[role].login);
    await expectAccessibleAtEveryWidth(page, 'the sign-in page');
  });

  it('refuses a wrong password with the Dutch message on the page and stays signed out', async () => {
    const page = await freshPage();
    await signInThroughPage(page, server.url, DEMO.region.login, `${DEMO.region.password}-fout`);
    const message = new Refusal('SIGN_IN_FAILED').text('nl');
    await page.getByText(message).waitFor();
    expect(await page.getByLabel(/gebruikersnaam/i).isVisible()).toBe(true);
    expect(await sessionStatus(page)).toBe(401);
    await expectAccessibleAtEveryWidth(page, 'the sign-in page with the refusal of a wrong password');
  });

  for (const role of ROLES) {
    it(`signs in as the demo ${role} account through the page, shows who is signed in, and signs out`, async () => {
      const page = await freshPage();
      await signInAs(page, server.url, role);
      const me = (await (await page.request.get(`${server.url}/api/session`)).json()) as { login: string; role: string };
      expect([me.login, me.role]).toEqual([DEMO[role].login, role]);
      expect(await page.locator('body').innerText()).toContain(DEMO[role].login);
      await expectAccessibleAtEveryWidth(page, `the first page of the ${role} role`);

      await page.getByRole('button', { name: /afmelden/i }).first().click();
      await page.getByLabel(/gebruikersnaam/i).waitFor();
      expect(await sessionStatus(page)).toBe(401);
      await page.reload();
      await page.getByLabel(/gebruikersnaam/i).waitFor();
      expect(await page.getByRole('button', { name: /afmelden/i }).count()).toBe(0);
    });
  }

  it('signs in with the keyboard alone: Tab to the fields, type, Enter', async () => {
    const page = await freshPage();
    await page.goto(`${server.url}/`);
    const login = page.getByLabel(/gebruikersnaam/i);
    expect(await tabTo(page, login), 'Tab reaches the login field').toBe(true);
    await page.keyboard.type(DEMO.municipality.login);
    expect(await tabTo(page, page.getByLabel(/wachtwoord/i), 3), 'Tab goes on to the password field').toBe(true);
    await page.keyboard.type(DEMO.municipality.password);
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: /afmelden/i }).first().waitFor();
    expect(await sessionStatus(page)).toBe(200);
  });
});
