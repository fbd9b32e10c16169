// The browser tests' harness (test/e2e): Debian's Chromium driven by playwright-core, the server as
// `start --demo` builds it (buildServer with demo: true, the demo accounts, the web front end from
// web/dist) listening on a free port over a demo-like workspace, and axe-core on a page.
// - Without Chromium the files skip (describeInBrowser); browser-setup.ts says so on one line, and
//   fails the run in CI.
// - The workspace (the Amsterdam-Amstelland demo allocation and the first half of 2028 of generated
//   iJw traffic, Amsterdam scaled down so it builds in seconds) is built once per run by the first
//   file that asks, in the run's folder (browser-setup.ts), and copied by each file: every file has
//   its own server and database, and the first half of 2028 is closed, so every role sees figures.
import { populateDemoBij, populateDemoStatline } from '../../src/app/demo-bij.ts';
import { populateDemoReports } from '../../src/app/demo-reports.ts';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { CHROMIUM, failWithoutChromiumInCi, haveChromium } from './browser-setup.ts';
import { tempDir } from './temp-dirs.ts';
import { DEMO_ACCOUNTS, ensureDemoAccounts } from '../../src/app/accounts.ts';
import { initWorkspace, openWorkspace, type Workspace } from '../../src/app/workspace.ts';
import { expandInputs, ingestFiles } from '../../src/app/ingest.ts';
import { buildServer } from '../../src/api/server.ts';
import { loadDemoProviders, writeDemoTraffic } from '../../src/demo/write-demo.ts';
import { PUBLIC_PUBLICATION, warmPublication } from '../../src/app/publication.ts';
import { VOLUMES_2024 } from '../../src/demo/traffic.ts';
import { Pseudonymiser } from '../../src/ijw/pseudonym.ts';
import type { Role } from '../../src/domain/access/viewer.ts';

export { haveChromium } from './browser-setup.ts';

// A test file that imports this module fails at once in CI when Chromium is missing.
failWithoutChromiumInCi();

const repository = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A describe that runs only where Chromium is (browser-setup.ts says once why not). */
export const describeInBrowser = describe.skipIf(!haveChromium);

/** Browser tests take long: per test and per hook. */
export const BROWSER_TIMEOUT = 180_000;

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Chromium with a fresh profile (playwright makes a new --user-data-dir per launch). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** How long a page may take to show an element or finish a navigation. */
export const PAGE_TIMEOUT = 90_000;

/**
 * A fresh context (its own cookies) at desktop width, in Dutch, that waits up to PAGE_TIMEOUT for
 * an element or a navigation: the machine running the tests is shared and slow at times.
 */
export async function newContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: VIEWPORTS.desktop, locale: 'nl-NL', acceptDownloads: true });
  context.setDefaultTimeout(PAGE_TIMEOUT);
  context.setDefaultNavigationTimeout(PAGE_TIMEOUT);
  return context;
}

/** The widths every page is checked at. */
export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;
export type ViewportName = keyof typeof VIEWPORTS;

/** The demo accounts per role (src/app/accounts.ts), as the sign-in page lists them in demo mode. */
export const DEMO: { readonly [R in Role]: Extract<(typeof DEMO_ACCOUNTS)[number], { role: R }> } = Object.fromEntries(DEMO_ACCOUNTS.map((a) => [a.role, a])) as never;

/** The demo traffic of the browser tests: the first half of 2028 (closed, so the council report can be made). */
export const E2E_TRAFFIC = { from: '2028-01-01', to: '2028-06-30', half: '2028-H1', quarter: '2028-Q1' } as const;

// ---------------------------------------------------------------------------------------------
// Once per run: the web front end built, the demo-like workspace made.

/** The run's shared folder (browser-setup.ts), or one of this file's own when run without it. */
function runDir(): string {
  let dir: string | undefined;
  try {
    dir = inject('e2eRunDir');
  } catch {
    dir = undefined;
  }
  return dir && fs.existsSync(dir) ? dir : tempDir('jeugdregie-e2e-run-');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `make` once among the test files of this run (a lock folder in the run's folder). */
async function once(dir: string, name: string, make: () => Promise<void>): Promise<void> {
  const done = path.join(dir, `${name}.done`);
  const lock = path.join(dir, `${name}.lock`);
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    if (fs.existsSync(done)) return;
    try {
      fs.mkdirSync(lock);
    } catch {
      if (Date.now() > deadline) throw new Error(`the browser tests waited 10 minutes for another file to make ${name} (${lock}); remove that folder if no test runs`);
      await sleep(250);
      continue;
    }
    try {
      if (!fs.existsSync(done)) {
        await make();
        fs.writeFileSync(done, '');
      }
    } finally {
      fs.rmSync(lock, { recursive: true, force: true });
    }
  }
}

/** The newest modification time of the files under `p` (a file or folder), 0 when absent. */
function newest(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(0, ...fs.readdirSync(p).map((n) => newest(path.join(p, n))));
}

const WEB = path.join(repository, 'web');
const WEB_DIST = path.join(WEB, 'dist');

/** Builds the web front end (npx vite build) when web/dist is missing or older than its sources. */
function ensureWebBuilt(): void {
  const config = ['vite.config.ts', 'vite.config.js', 'vite.config.mts'].map((f) => path.join(WEB, f)).find((f) => fs.existsSync(f));
  if (config === undefined || !fs.existsSync(path.join(WEB, 'index.html'))) return; // no web front end (yet): the server's own pages
  const sources = Math.max(newest(path.join(WEB, 'src')), newest(path.join(WEB, 'index.html')), newest(config), newest(path.join(WEB, 'public')));
  if (fs.existsSync(path.join(WEB_DIST, 'index.html')) && newest(WEB_DIST) >= sources) return;
  // The production build, as `npm start` makes it: under vitest NODE_ENV is "test", and Vite would
  // then bundle React's development build (526 kB instead of 293 kB) into the web/dist a later start serves.
  execFileSync('npx', ['vite', 'build', '--config', config, '--logLevel', 'warn'], { cwd: repository, stdio: ['ignore', 'ignore', 'pipe'], timeout: 5 * 60_000, env: { ...process.env, NODE_ENV: 'production' } });
}

const PSEUDONYM_KEY = 'e2e-test-key-0123456789abcdef0123456789abcd';

/** The demo allocation, E2E_TRAFFIC ingested, the demo accounts: a closed folder `dataDir`. */
async function makeWorkspace(dataDir: string, scratch: string): Promise<void> {
  await initWorkspace({ dataDir }, 'e2e', { regionId: 'amsterdam-amstelland', demo: true });
  const ws = await openWorkspace({ dataDir }, 'e2e');
  try {
    const traffic = path.join(scratch, 'ijw');
    // Amsterdam at a fifth of its young people: the same shape, a sixth of the messages.
    await writeDemoTraffic(traffic, {
      region: ws.region,
      providers: await loadDemoProviders(),
      from: E2E_TRAFFIC.from,
      to: E2E_TRAFFIC.to,
      seed: 2028,
      faultShare: 0.02,
      returnMessages: false,
      volumes: { ...VOLUMES_2024, '0363': Math.round(VOLUMES_2024['0363']! / 5) },
    });
    await ingestFiles(ws, await expandInputs([traffic]), new Pseudonymiser(PSEUDONYM_KEY), () => new Date('2028-07-15T09:00:00Z'));
    fs.rmSync(traffic, { recursive: true, force: true });
    // The providers' reports the traffic covers (M4), as `start --demo` records them.
    await populateDemoReports(ws, E2E_TRAFFIC.to, () => undefined);
    // And the CBS deliveries of the half years it covers, as `start --demo` delivers them.
    const keyed = new Pseudonymiser(PSEUDONYM_KEY);
    await populateDemoBij(ws, E2E_TRAFFIC.from, E2E_TRAFFIC.to, (bsn) => keyed.pseudonym(bsn), () => undefined);
    await populateDemoStatline(ws, () => undefined);
    await ensureDemoAccounts(ws);
    // As a server's publisher does when data arrive: the public figures computed and stored once,
    // so that every copy of the workspace serves them as a lookup (decisions §41, §47).
    await warmPublication(ws, [PUBLIC_PUBLICATION]);
  } finally {
    await ws.close();
  }
}

export interface E2eServer {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly ws: Workspace;
  readonly app: FastifyInstance;
  close(): Promise<void>;
}

/**
 * The application as `start --demo` serves it, on a free port, over this file's own copy of the
 * run's demo-like workspace; the web front end built first when its build is missing or stale.
 */
export async function startE2eServer(): Promise<E2eServer> {
  const dir = runDir();
  await once(dir, 'web-build', async () => ensureWebBuilt());
  const template = path.join(dir, 'workspace');
  await once(dir, 'workspace', async () => {
    fs.rmSync(template, { recursive: true, force: true });
    await makeWorkspace(template, dir);
  });
  const dataDir = path.join(tempDir('jeugdregie-e2e-'), 'data');
  fs.cpSync(template, dataDir, { recursive: true });
  const ws = await openWorkspace({ dataDir }, 'e2e');
  // The tests sign in more often than a person does: more tries per minute than the default.
  const keyed = new Pseudonymiser(PSEUDONYM_KEY);
  const app = await buildServer(ws, { demo: true, signInPerMinute: 100, pseudonym: (bsn) => keyed.pseudonym(bsn) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    ws,
    app,
    close: async () => {
      await app.close();
      await ws.close();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// In the page.

/** Signs in through the sign-in page at `base` with the form's labelled fields. */
export async function signInThroughPage(page: Page, base: string, login: string, password: string): Promise<void> {
  await page.goto(`${base}/`);
  await page.getByLabel(/gebruikersnaam/i).fill(login);
  await page.getByLabel(/wachtwoord/i).fill(password);
  await page.getByRole('button', { name: /^aanmelden$/i }).click();
}

/** Signs in as the demo account of `role`, and waits until the page offers to sign out. */
export async function signInAs(page: Page, base: string, role: Role): Promise<void> {
  await signInThroughPage(page, base, DEMO[role].login, DEMO[role].password);
  await page.getByRole('button', { name: /afmelden/i }).first().waitFor();
}

const require = createRequire(import.meta.url);
let axeSource: string | undefined;

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly helpUrl: string;
  readonly nodes: readonly { readonly target: readonly unknown[]; readonly html: string; readonly failureSummary?: string }[];
}

/** axe-core's violations on the page as it is now (its source evaluated in the page: the CSP allows no inline script). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  axeSource ??= fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.waitForLoadState('networkidle');
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })) }));
  });
}

/** The serious and critical violations as lines: rule id, impact, help, and the elements. */
export function describeViolations(violations: readonly AxeViolation[]): string {
  return violations
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.helpUrl}\n${v.nodes.map((n) => `    at ${JSON.stringify(n.target)} ${n.html.replace(/\s+/g, ' ').slice(0, 160)}${n.failureSummary ? `: ${n.failureSummary.replace(/\s+/g, ' ')}` : ''}`).join('\n')}`)
    .join('\n');
}

/** Fails when axe-core finds a serious or critical violation on the page, naming rule, help and elements. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const serious = (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (serious.length > 0) throw new Error(`axe-core: ${serious.length} serious or critical violation(s) on ${what} (${page.url()}):\n${describeViolations(serious)}`);
}

/** Checks the page at every width of VIEWPORTS (ends at desktop width); fails naming every finding at every width. */
export async function expectAccessibleAtEveryWidth(page: Page, what: string): Promise<void> {
  const problems: string[] = [];
  for (const [name, size] of Object.entries(VIEWPORTS)) {
    await page.setViewportSize(size);
    try {
      await expectAccessible(page, `${what} at ${name} width (${size.width} px)`);
    } catch (e) {
      problems.push(e instanceof Error ? e.message : String(e));
    }
  }
  await page.setViewportSize(VIEWPORTS.desktop);
  if (problems.length > 0) throw new Error(problems.join('\n'));
}


/**
 * A server and a browser for the tests of one describe block, started before them and closed after,
 * with signed-in pages of any role (each in a context of its own, closed at the end).
 */
export function e2eSession(): { server(): E2eServer; browser(): Browser; signedIn(role: Role): Promise<Page> } {
  let server: E2eServer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    [server, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
  }, BROWSER_TIMEOUT);
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });
  return {
    server: () => server!,
    browser: () => browser!,
    async signedIn(role) {
      const context = await newContext(browser!);
      contexts.push(context);
      const page = await context.newPage();
      await signInAs(page, server!.url, role);
      return page;
    },
  };
}
