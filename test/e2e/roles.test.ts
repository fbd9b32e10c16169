// In a real Chromium, signed in through the sign-in page as each demo account: what each role may
// see and what not [issue 13 "Who uses it and what each may see", "Interface contract"] — asked of
// the API with the browser's own session (cookie), as the pages do.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Role } from '../../src/domain/access/viewer.ts';
import { BROWSER_TIMEOUT, DEMO, describeInBrowser, E2E_TRAFFIC, launchBrowser, newContext, signInAs, startE2eServer, type E2eServer } from '../support/browser.ts';

interface ReachRow {
  readonly municipality?: string;
  readonly provider?: string;
}

describeInBrowser('each role in the browser', { timeout: BROWSER_TIMEOUT }, () => {
  let server: E2eServer;
  let browser: Browser;
  const signedIn = new Map<Role, { context: BrowserContext; page: Page }>();
  /** The page of `role`'s demo account, signed in through the sign-in page once and reused. */
  const pageOf = async (role: Role): Promise<Page> => {
    let s = signedIn.get(role);
    if (!s) {
      const context = await newContext(browser);
      const page = await context.newPage();
      await signInAs(page, server.url, role);
      s = { context, page };
      signedIn.set(role, s);
    }
    return s.page;
  };
  /** GET on the API with the session of `role`'s page. */
  const api = async (role: Role, url: string) => (await pageOf(role)).request.get(`${server.url}${url}`);
  /** Reach by `by` over the first quarter (a council: the first half year; councils see half years). */
  const reach = async (role: Role, by: string): Promise<ReachRow[]> => {
    const answer = await api(role, `/api/monitor/reach?period=${role === 'council' ? E2E_TRAFFIC.half : E2E_TRAFFIC.quarter}&by=${by}`);
    expect(answer.status(), await answer.text()).toBe(200);
    return (await answer.json()) as ReachRow[];
  };
  let municipalities: string[];
  let providers: string[];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
    municipalities = server.ws.region.municipalities.map((m) => m.code);
    providers = Object.keys((await server.ws.engine.state()).providers);
  }, BROWSER_TIMEOUT);

  afterAll(async () => {
    for (const { context } of signedIn.values()) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  it('the region sees every municipality and every provider on its own', async () => {
    const rows = await reach('region', 'municipality,provider');
    expect(new Set(rows.map((r) => r.municipality))).toEqual(new Set(municipalities));
    expect(new Set(rows.map((r) => r.provider)).size).toBeGreaterThan(2);
  });

  it('a municipality sees its own code and REST, never another municipality on its own', async () => {
    const own = DEMO.municipality.municipality;
    const rows = await reach('municipality', 'municipality,care_form');
    expect(new Set(rows.map((r) => r.municipality))).toEqual(new Set([own, 'REST']));
    // by provider it still sees no other municipality
    expect(new Set((await reach('municipality', 'municipality,provider')).map((r) => r.municipality))).toEqual(new Set([own, 'REST']));
  });

  it('a provider sees its own provider code and REGION, never another provider', async () => {
    const own = DEMO.provider.provider;
    expect(providers).toContain(own);
    const rows = await reach('provider', 'provider');
    expect(new Set(rows.map((r) => r.provider))).toEqual(new Set([own, 'REGION']));
    const split = await reach('provider', 'provider,municipality');
    expect(split.filter((r) => r.provider !== own && r.provider !== 'REGION')).toEqual([]);
  });

  it('a provider following a link that names another provider sees its own money, not empty tables', async () => {
    const page = await pageOf('provider');
    const state = await server.ws.engine.state();
    const own = DEMO.provider.provider;
    const other = providers.find((p) => p !== own)!;
    await page.goto(`${server.url}/geld?aanbieder=${other}`);
    await page.getByRole('rowheader', { name: state.providers[own]!.name }).first().waitFor({ timeout: 15_000 });
    expect(await page.getByText(state.providers[other]!.name).count()).toBe(0);
  });

  it('a council gets 403 problem+json for a breakdown by provider, and its own municipality and REST otherwise', async () => {
    const answer = await api('council', `/api/monitor/reach?period=${E2E_TRAFFIC.half}&by=provider`);
    expect(answer.status()).toBe(403);
    expect(answer.headers()['content-type']).toMatch(/^application\/problem\+json/);
    const own = DEMO.council.municipality;
    expect(new Set((await reach('council', 'municipality')).map((r) => r.municipality))).toEqual(new Set([own, 'REST']));
  });
});
