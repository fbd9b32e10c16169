// In a real Chromium [issue 16 "e2e for the scoring flow"]: two assessors score a bidder on an open
// tender, each on its own — the first sees its own score and that the other's is hidden; the second
// sees neither the first's score nor anything that gives it away until it has scored itself; then
// both see all scores. A bidder (provider role) sees its own outcome of the demo tender and nothing of
// the others; the region's pages show the ranking, the coverage grid and the distribution.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addAccount } from '../../src/app/accounts.ts';
import { defineTender, importTenderFile } from '../../src/app/tender.ts';
import { operator } from '../../src/domain/access/viewer.ts';
import { BROWSER_TIMEOUT, describeInBrowser, e2eSession, expectAccessible, newContext, signInThroughPage, type E2eServer } from '../support/browser.ts';
import { tempDir } from '../support/temp-dirs.ts';

describeInBrowser('the tender in the browser', { timeout: BROWSER_TIMEOUT }, () => {
  const session = e2eSession();
  let server: E2eServer;
  const dir = tempDir('jeugdregie-e2e-tender-');
  beforeAll(async () => {
    server = session.server();
    const team = operator('e2e');
    for (const login of ['beoordelaar-een', 'beoordelaar-twee']) await addAccount(team, server.ws, { login, role: 'region', password: `${login}-wachtwoord` });
    const definition = path.join(dir, 'tender.yaml');
    fs.writeFileSync(
      definition,
      [
        'id: E2E-OPEN',
        'name: Oefenaanbesteding (e2e)',
        'year: 2029',
        "publishedOn: '2028-01-15'",
        'maxSelected: 1',
        'waitingRoom: 1',
        'themes: [{ code: B, sharePct: "100" }]',
        'assessors: [beoordelaar-een, beoordelaar-twee]',
        'requirements: [{ id: integriteit, label: Integriteitsverklaring }]',
        'criteria:',
        '  - { id: tech, label: Technische bekwaamheid, weight: 4, max: 10, sufficient: 6 }',
        '  - { id: visie-B, label: Visie thema B, theme: B, weight: 6, max: 10, sufficient: 6 }',
        'tieBreak: [{ criterion: tech }, draw]',
      ].join('\n'),
    );
    const facts = path.join(dir, 'facts.csv');
    fs.writeFileSync(facts, ['bidder,kind,item,assessor,value,reason', 'OEF1,bidder,Oefenaanbieder Een,,-,', 'OEF1,theme,B,,ja,', 'OEF1,requirement,integriteit,,ja,verklaring'].join('\n') + '\n');
    await defineTender(team, server.ws, definition, 'e2e');
    await importTenderFile(team, server.ws, facts, 'E2E-OPEN', 'e2e');
  });

  async function assessor(login: string): Promise<Page> {
    const context = await newContext(session.browser());
    const page = await context.newPage();
    await signInThroughPage(page, server.url, login, `${login}-wachtwoord`);
    await page.getByRole('button', { name: 'Afmelden' }).waitFor();
    await page.goto(`${server.url}/aanbesteding/beoordelen?id=E2E-OPEN`);
    await page.getByRole('heading', { name: /Oefenaanbieder Een/ }).waitFor();
    return page;
  }
  const rowOf = (page: Page, criterion: string) => page.locator('#scores-OEF1').getByRole('row').filter({ has: page.getByRole('rowheader', { name: criterion }) });

  it('keeps each assessor’s scores hidden from the other until both have scored', async () => {
    const one = await assessor('beoordelaar-een');
    await one.getByLabel(/Uw score op Technische bekwaamheid/).fill('8');
    await one.getByLabel(/Uw score op Visie thema B/).fill('7');
    await one.getByRole('button', { name: 'Scores voor OEF1 vastleggen' }).click();
    await one.getByRole('status').filter({ hasText: 'Vastgelegd' }).waitFor();
    await expect.poll(async () => (await rowOf(one, 'Technische bekwaamheid').innerText()).includes('1 van 2')).toBe(true);
    expect(await rowOf(one, 'Technische bekwaamheid').innerText()).toContain('verborgen tot iedereen heeft gescoord');
    await expectAccessible(one, 'aanbesteding/beoordelen, assessor');

    const two = await assessor('beoordelaar-twee');
    const before = await two.locator('main').innerText();
    expect(before).toContain('1 van 2');
    expect(before).toContain('verborgen tot iedereen heeft gescoord');
    // Nothing of the first assessor's scores: not on the page, not in the API answer.
    const sheet = (await (await two.request.get(`${server.url}/api/tenders/E2E-OPEN/assessor`)).json()) as { bidders: { lines: { own?: number; all?: unknown }[] }[] };
    expect(sheet.bidders[0]!.lines.every((l) => l.own === undefined && l.all === undefined)).toBe(true);
    expect(await two.getByLabel(/Uw score op Technische bekwaamheid/).inputValue()).toBe('');
    await two.getByLabel(/Uw score op Technische bekwaamheid/).fill('9');
    await two.getByLabel(/Uw score op Visie thema B/).fill('7');
    await two.getByRole('button', { name: 'Scores voor OEF1 vastleggen' }).click();
    await two.getByRole('status').filter({ hasText: 'Vastgelegd' }).waitFor();
    await expect.poll(async () => await rowOf(two, 'Technische bekwaamheid').innerText()).toContain('beoordelaar-een: 8, beoordelaar-twee: 9');

    await one.reload();
    await rowOf(one, 'Visie thema B').waitFor();
    expect(await rowOf(one, 'Visie thema B').innerText()).toContain('beoordelaar-een: 7, beoordelaar-twee: 7');
  });

  it('shows the region the ranking, the coverage grid and the distribution of the demo tender', async () => {
    const page = await session.signedIn('region');
    await page.goto(`${server.url}/aanbesteding?id=AA-2028`);
    const ranking = page.locator('#rangschikking');
    await ranking.getByRole('rowheader', { name: /DEMO21/ }).waitFor();
    const row21 = await ranking.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /DEMO21/ }) }).innerText();
    expect(row21).toMatch(/wachtkamer/);
    expect(row21).toMatch(/loting/);
    const row24 = await ranking.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /DEMO24/ }) }).innerText();
    expect(row24).toContain('geschiktheidseis "Verzekeringen (aansprakelijkheid)" niet beantwoord');
    await expectAccessible(page, 'aanbesteding, region');
    await page.goto(`${server.url}/aanbesteding/verdeling?id=AA-2028`);
    const grid = page.locator('#dekking');
    await grid.getByRole('rowheader', { name: /^D / }).waitFor();
    expect(await grid.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /^D / }) }).innerText()).toContain('gat');
    await page.locator('#verdeling-A').getByRole('rowheader', { name: /DEMO01/ }).waitFor();
    expect(await page.locator('#verdeling-A').getByRole('row').filter({ has: page.getByRole('rowheader', { name: /DEMO01/ }) }).innerText()).toContain('24,2%');
    await page.getByLabel('Grondslag').selectOption('score');
    await expect.poll(async () => await page.locator('#verdeling-A').getByRole('row').filter({ has: page.getByRole('rowheader', { name: /DEMO01/ }) }).innerText()).not.toContain('24,2%');
    await expectAccessible(page, 'aanbesteding/verdeling, region');
  });

  it('shows a bidder its own outcome and nothing of the others', async () => {
    const page = await session.signedIn('provider');
    await page.goto(`${server.url}/aanbesteding`);
    await page.getByRole('heading', { name: 'Mijn inschrijving' }).waitFor();
    const text = await page.locator('main').innerText();
    expect(text).toContain('geselecteerd');
    expect(text).not.toMatch(/DEMO0[2-9]|DEMO1\d|DEMO2\d/);
    expect((await page.request.get(`${server.url}/api/tenders/AA-2028`)).status()).toBe(403);
    expect((await page.request.get(`${server.url}/api/tenders/AA-2028/documents/notice?bidder=DEMO21`)).status()).toBe(403);
    expect((await page.request.get(`${server.url}/api/tender-outcomes/AA-2028/notice`)).status()).toBe(200);
    await expectAccessible(page, 'aanbesteding, provider');
  });
});
