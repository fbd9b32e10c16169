// Benchmark: the first dashboard in Chromium [issue 13 "Figures it must reach": largest contentful
// paint ≤ 1.5 s on localhost; JavaScript for the first page ≤ 300 kB compressed].
// docs/benchmarks.md, "The first dashboard in the browser".
//   npm run bench:web -- --url http://localhost:3000 [--runs 5]
// Against a running `jeugdregie start --demo` (the demo accounts sign in). Per role: sign in through
// the sign-in page, then open the role's first page (/) in a fresh page of the same browser context,
// first with an empty HTTP cache (a new context each run, so nothing of the application is cached)
// and then again warm (the same context: the application's files from the cache, the answers
// revalidated by ETag). LCP is read from the browser's own PerformanceObserver
// ('largest-contentful-paint', buffered) once the page's figures are on screen; the JavaScript is
// what the network delivered (compressed bytes of script responses) for that page load.
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
};
const base = arg('--url', 'http://localhost:3000').replace(/\/$/, '');
const runs = Number(arg('--runs', '5'));
const chromiumPath = process.env.JEUGDREGIE_CHROMIUM ?? '/usr/bin/chromium';

const ROLES = [
  { role: 'region', login: 'demo-regio', password: 'demo-regio-wachtwoord' },
  { role: 'municipality', login: 'demo-amsterdam', password: 'demo-amsterdam-wachtwoord' },
  { role: 'provider', login: 'demo-aanbieder', password: 'demo-aanbieder-wachtwoord' },
  { role: 'council', login: 'demo-raad', password: 'demo-raad-wachtwoord' },
] as const;

async function signIn(context: BrowserContext, login: string, password: string): Promise<void> {
  const page = await context.newPage();
  await page.goto(`${base}/`);
  await page.getByLabel('Gebruikersnaam').fill(login);
  await page.getByLabel('Wachtwoord').fill(password);
  await page.getByRole('button', { name: 'Aanmelden' }).click();
  await page.waitForSelector('main#inhoud h1', { timeout: 120_000 });
  await page.close();
}

/** One load of the first page: LCP (ms), script bytes over the wire, and the time until figures were on screen. */
async function load(page: Page): Promise<{ lcp: number; scriptBytes: number; figuresMs: number }> {
  let scriptBytes = 0;
  const pending: Promise<void>[] = [];
  page.on('requestfinished', (request) => {
    if (request.resourceType() !== 'script') return;
    pending.push(
      request.sizes().then(
        (s) => void (scriptBytes += s.responseBodySize),
        () => undefined,
      ),
    );
  });
  const started = Date.now();
  await page.goto(`${base}/`, { waitUntil: 'load' });
  // The page is usable when its first table or chart of figures is there (or it says there are none).
  await page.waitForSelector('main#inhoud table, main#inhoud canvas, main#inhoud .utrecht-alert', { timeout: 120_000 });
  const figuresMs = Date.now() - started;
  const lcp = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        let last = 0;
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) last = Math.max(last, e.startTime);
        }).observe({ type: 'largest-contentful-paint', buffered: true });
        setTimeout(() => resolve(last), 300);
      }),
  );
  await Promise.all(pending);
  return { lcp, scriptBytes, figuresMs };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
console.log(`First page at ${base}, ${runs} runs per role, Chromium ${browser.version()}, viewport 1400×900`);
console.log('| role | cold LCP median (max) | warm LCP median (max) | figures on screen, cold median | JavaScript, cold (compressed) |');
console.log('|---|---|---|---|---|');
try {
  for (const r of ROLES) {
    const cold: Awaited<ReturnType<typeof load>>[] = [];
    const warm: Awaited<ReturnType<typeof load>>[] = [];
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      await signIn(context, r.login, r.password);
      // the sign-in loaded the application once: a fresh context with only the session cookie keeps its files uncached
      const fresh = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      await fresh.addCookies(await context.cookies());
      await context.close();
      const page = await fresh.newPage();
      cold.push(await load(page));
      const again = await fresh.newPage();
      warm.push(await load(again));
      await fresh.close();
    }
    const lcps = (xs: typeof cold) => xs.map((x) => x.lcp);
    console.log(
      `| ${r.role} | ${fmt(median(lcps(cold)))} (${fmt(Math.max(...lcps(cold)))}) | ${fmt(median(lcps(warm)))} (${fmt(Math.max(...lcps(warm)))}) | ${fmt(median(cold.map((x) => x.figuresMs)))} | ${(median(cold.map((x) => x.scriptBytes)) / 1024).toFixed(1)} kB |`,
    );
  }
} finally {
  await browser.close();
}
