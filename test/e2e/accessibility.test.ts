// In a real Chromium: axe-core on every page of the web application, for every role that may open it,
// signed in through the sign-in page, once the page's content is in (no "… worden opgehaald" left),
// and on the sign-in page signed out [issue 13 "Done means": no serious or critical axe violation].
// A failure names the page, the role, the rule and the elements. The pages are those of the web
// app's address table (web/src/App.tsx, ROUTES): a first test holds this file's list against it,
// so a new page cannot go unchecked.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Role } from '../../src/domain/access/viewer.ts';
import { ROLE_OFFERS, type RoleOffer } from '../../web/src/roles.ts';
import { BROWSER_TIMEOUT, describeInBrowser, expectAccessible, expectAccessibleAtEveryWidth, launchBrowser, newContext, signInAs, startE2eServer, type E2eServer } from '../support/browser.ts';

const ROLES: readonly Role[] = ['region', 'municipality', 'provider', 'council'];

/** Every address of the web app, and who may open it (as App.tsx's `may`; absent: every role). */
const PAGES: Readonly<Record<string, ((offer: RoleOffer, role: Role) => boolean) | null>> = {
  '/': null,
  '/geld': null,
  '/uitnutting': (o) => o.utilisation,
  '/rapportage': (o) => o.reportSubmit,
  '/verdeelsleutel': (o) => o.keysPropose,
  '/meerjarenperspectief': null,
  '/tijdigheid': null,
  '/clienten': null,
  '/doelen': null,
  '/kwaliteit': (o) => o.quality,
  '/dekking': (o) => o.coverage,
  '/cbs-levering': (o) => o.bijSubmit,
  '/landelijk': null,
  '/aanbieder': (_o, role) => role !== 'council',
  '/thema': null,
  '/gebied': (_o, role) => role !== 'council',
  '/regio': null,
  '/raadsrapportage': (o) => o.councilReport,
  '/besluiten': (o) => o.decisions,
  '/begroting-importeren': (o) => o.decisions,
  '/audit': (o) => o.administration,
  '/accounts': (o) => o.administration,
  '/account': null,
  '/aanbesteding': (o) => o.tender || o.tenderOwn,
  '/aanbesteding/beoordelen': (o) => o.tender,
  '/aanbesteding/verdeling': (o) => o.tender,
};

const mayOpen = (role: Role, page: string) => PAGES[page]?.(ROLE_OFFERS[role], role) ?? true;

const APP = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'src', 'App.tsx');

describeInBrowser('axe-core on every page in the browser', { timeout: BROWSER_TIMEOUT }, () => {
  let server: E2eServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pages = new Map<Role | 'signed-out', Page>();
  /** Per page, the requests asked and not yet answered (what a page still waits for, when it times out). */
  const pending = new Map<Page, Map<object, string>>();
  const pageOf = async (who: Role | 'signed-out'): Promise<Page> => {
    let page = pages.get(who);
    if (!page) {
      const context = await newContext(browser);
      contexts.push(context);
      page = await context.newPage();
      const open = new Map<object, string>();
      pending.set(page, open);
      page.on('request', (r) => open.set(r, `${r.method()} ${r.url()}`));
      page.on('requestfinished', (r) => open.delete(r));
      page.on('requestfailed', (r) => open.delete(r));
      if (who !== 'signed-out') await signInAs(page, server.url, who);
      pages.set(who, page);
    }
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

  it("checks every address of the web app's route table, with its rule of who may open it", () => {
    const source = fs.readFileSync(APP, 'utf8');
    const table = /const ROUTES[^=]*=\s*\{([\s\S]*?)\n\};/.exec(source);
    expect(table, 'the ROUTES table in web/src/App.tsx').not.toBeNull();
    const routes = [...table![1]!.matchAll(/^\s*'([^']+)':\s*\{(.*)\},?$/gm)].map((m) => ({ path: m[1]!, restricted: /\bmay:/.test(m[2]!) }));
    expect(routes.length).toBeGreaterThan(10);
    expect(routes.map((r) => r.path).sort()).toEqual(Object.keys(PAGES).sort());
    expect(routes.filter((r) => r.restricted).map((r) => r.path).sort()).toEqual(Object.keys(PAGES).filter((p) => PAGES[p] !== null).sort());
  });

  it('the sign-in page, signed out', async () => {
    const page = await pageOf('signed-out');
    await page.goto(`${server.url}/`);
    await page.getByLabel(/gebruikersnaam/i).waitFor();
    await expectAccessible(page, 'the sign-in page (signed out)');
  });

  for (const role of ROLES) {
    for (const address of Object.keys(PAGES).filter((p) => mayOpen(role, p))) {
      it(`${address} as the ${role}`, async () => {
        const page = await pageOf(role);
        await page.goto(`${server.url}${address}`);
        const title = page.locator('main h1').first();
        try {
          await title.waitFor();
          // the content is in: nothing on the page is still being fetched
          await page.waitForFunction(() => document.querySelector('.jr-loading') === null, undefined, { timeout: 90_000 });
        } catch (e) {
          const shown = (await page.locator('body').innerText().catch(() => '?')).replace(/\s+/g, ' ').slice(0, 400);
          throw new Error(`${address} as the ${role}: the page's content did not come (${e instanceof Error ? e.message.split('\n')[0] : String(e)}); the page shows "${shown}"; still waiting for: ${[...pending.get(page)!.values()].join(', ') || 'nothing'}`);
        }
        expect(await title.innerText(), `${address} is a page for the ${role}`).not.toMatch(/^(Niet voor uw rol|Pagina niet gevonden)$/);
        await expectAccessibleAtEveryWidth(page, `page ${address} as the ${role}`);
      });
    }
  }
});
