// Every route the server registers (read from Fastify's route table, so a new route is walked too),
// fed hostile input: unknown, repeated and empty parameters, huge values, year 0 and 9999-12-31,
// impossible months and dates, wrong types, too many dimensions, path traversal, other methods and
// unknown routes. Whatever comes in, the answer is never a 5xx, an error is problem+json with its
// status and a one-line detail, and nothing of the internals (stack, SQL, file names) leaves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { registeredRoutes, type RegisteredRoute } from '../src/api/server.ts';
import { DIMENSIONS } from '../src/domain/reach-figures.ts';
import { MAX_DIMENSIONS } from '../src/api/limits.ts';
import { dropTestSchemas, testDatabases } from './support/databases.ts';
import { demoTraffic, servedWorkspace, type Served } from './support/api-server.ts';

afterAll(dropTestSchemas);

/** What must never be in an answer: a stack frame, a source file, SQL or the database's words. */
const INTERNALS = /\bat [\w.<>$]+ \(|node_modules|\.[tj]s:\d+|\bselect\b[^<]*\bfrom\b|syntax error|\brelation "|\bpglite\b|\bkysely\b/i;

interface Answer {
  readonly statusCode: number;
  readonly headers: Record<string, string | string[] | number | undefined>;
  readonly body: string;
}

/** The answer is sound: no 5xx, no internals, and an error is problem+json with a one-line detail. */
function expectSound(r: Answer, what: string): void {
  expect(r.statusCode, what).toBeGreaterThanOrEqual(200);
  expect(r.statusCode, what).toBeLessThan(500);
  expect(r.body, what).not.toMatch(INTERNALS);
  if (r.statusCode >= 400) {
    expect(String(r.headers['content-type']), what).toMatch(/^application\/problem\+json/);
    const p = JSON.parse(r.body) as { status: unknown; detail: unknown; title: unknown };
    expect(p.status, what).toBe(r.statusCode);
    expect(typeof p.title, what).toBe('string');
    expect(typeof p.detail, what).toBe('string');
    expect(p.detail as string, what).not.toMatch(/[\r\n]/);
    expect((p.detail as string).length, what).toBeGreaterThan(15);
  }
}

/** A value each known parameter accepts (the walk starts from a request that succeeds). */
const VALID: Record<string, string> = {
  period: '2028-Q1',
  from: '2028-01-01',
  to: '2028-03-31',
  by: 'municipality',
  provider: 'DEMO01',
  year: '2028',
  municipality: '0363',
  month: '2028-05',
  startAfterDays: '30',
  half: '2028-H1',
  periods: '2028-Q1..2028-Q2',
  report: 'M4',
  method: 'budget',
  bidder: 'DEMO21',
};

/** Parameters that name a day, month, period or year. */
const TIMES = ['period', 'from', 'to', 'month', 'year'];

const HOSTILE_VALUES = [
  'x'.repeat(5000),
  '9'.repeat(400),
  '0000-01-01',
  '0000',
  '0000-Q1',
  '9999-12-31',
  '9999-Q4',
  '2028-13',
  '2028-00',
  '2028-02-30',
  '2027-02-29',
  '-1',
  '1e309',
  'NaN',
  '2028.5',
  "'; drop table ijw_message; --",
  '../../../etc/passwd',
  '<script>alert(1)</script>',
  '🙂'.repeat(60),
  '\u0000',
  DIMENSIONS.join(','),
  'municipality,'.repeat(40),
  '2028..2029..2030',
  '2028-Q5',
  'true',
  '[]',
];

interface Schemaish {
  readonly properties?: Record<string, unknown>;
  readonly required?: readonly string[];
}
const queryOf = (route: RegisteredRoute) => (route.schema?.querystring ?? {}) as Schemaish;
const knownParameters = (route: RegisteredRoute) => Object.keys(queryOf(route).properties ?? {});

/** The parameters of a request that succeeds: the required ones, and a period where one is taken. */
function baseline(route: RegisteredRoute): Record<string, string> {
  const names = new Set([...(queryOf(route).required ?? []), ...(knownParameters(route).includes('period') ? ['period'] : [])]);
  return Object.fromEntries([...names].map((n) => [n, VALID[n]!]));
}

const encode = (q: Record<string, string>) => Object.entries(q).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
/** A job to follow at /api/jobs/:id (started in beforeAll: an import of a file it refuses, so nothing changes). */
let jobId = '';
/** The demo's tender for the tender routes, the job for /api/jobs/:id. */
const pathOf = (route: RegisteredRoute, year = '2028') => route.url.replace(':year', year).replace(':id', route.url.startsWith('/api/tender') ? 'AA-2028' : jobId);
const urlOf = (route: RegisteredRoute, query: string, year?: string) => `${pathOf(route, year)}${query ? `?${query}` : ''}`;

describe.each(testDatabases)('every route under hostile input, on $name', (database) => {
  let served: Served;
  let app: FastifyInstance;
  let routes: RegisteredRoute[];
  // English, so the sentences can be checked; Dutch (the default) is checked on its own below.
  // A bidder's own routes are asked as the provider (the region has no outcome of its own).
  const get = (url: string, extra: Partial<InjectOptions> = {}) =>
    (url.startsWith('/api/tender-outcomes') ? served.as('provider') : app.inject.bind(app))({ method: 'GET', url, ...extra, headers: { 'accept-language': 'en', ...(extra.headers as Record<string, string> | undefined) } } as never);

  beforeAll(async () => {
    // data up to the first days of July: the first half year is over (the council report's baseline)
    served = await servedWorkspace(database, await demoTraffic('2028-01-01', '2028-07-03'));
    app = served.app;
    await app.ready();
    // The web application's files (/*, /assets/*) are not API routes: test/web-app.test.ts covers them.
    routes = registeredRoutes(served.raw).filter((r) => r.method === 'GET' && r.url !== '/*' && r.url !== '/assets/*');
    const job = await app.inject({ method: 'POST', url: '/api/imports/budget', payload: 'year\n', headers: { 'content-type': 'text/csv' } });
    jobId = (job.json() as { id: string }).id;
  }, 180_000);
  afterAll(async () => served?.close());

  it('walks the routes Fastify registered, the monitor and money routes among them', () => {
    const urls = routes.map((r) => r.url);
    expect(urls).toEqual(expect.arrayContaining(['/openapi.json', '/api/region', '/api/budgets/:year', '/api/explain', '/api/monitor/reach', '/api/monitor/coverage']));
    // HEAD is registered next to every GET
    expect(registeredRoutes(served.raw).filter((r) => r.method === 'HEAD').length).toBe(registeredRoutes(served.raw).filter((r) => r.method === 'GET').length);
  });

  it('answers every route’s baseline request with 200', async () => {
    for (const route of routes) {
      const r = await get(urlOf(route, encode(baseline(route))));
      expect(r.statusCode, `${route.url} ${r.body.slice(0, 300)}`).toBe(200);
      expectSound(r, route.url);
    }
  });

  it('refuses an unknown parameter by name, on every route', async () => {
    for (const route of routes) {
      for (const name of ['zzz_unknown', '__proto__', 'constructor', 'by[]']) {
        const r = await get(urlOf(route, `${encode(baseline(route))}&${encodeURIComponent(name)}=1`));
        const what = `${route.url} ${name}`;
        expect(r.statusCode, what).toBe(400);
        expectSound(r, what);
        expect(r.json().detail, what).toContain(JSON.stringify(name));
      }
    }
  });

  it('refuses a parameter given twice, and one given empty, on every route', async () => {
    for (const route of routes) {
      const base = baseline(route);
      for (const name of knownParameters(route)) {
        const twice = await get(urlOf(route, `${encode({ ...base, [name]: VALID[name]! })}&${name}=${encodeURIComponent(VALID[name]!)}`));
        expect(twice.statusCode, `${route.url} ${name} twice`).toBe(400);
        expectSound(twice, `${route.url} ${name} twice`);
        expect(twice.json().detail).toMatch(new RegExp(`"${name}" is given more than once`));
        const empty = await get(urlOf(route, encode({ ...base, [name]: '' })));
        expect(empty.statusCode, `${route.url} ${name} empty`).toBe(400);
        expectSound(empty, `${route.url} ${name} empty`);
        expect(empty.json().detail).toMatch(new RegExp(`"${name}" is empty`));
      }
    }
  });

  it('answers hostile values of every parameter soundly, and refuses the ones no parameter can take', async () => {
    for (const route of routes) {
      const base = baseline(route);
      for (const name of knownParameters(route)) {
        for (const value of HOSTILE_VALUES) {
          const r = await get(urlOf(route, encode({ ...base, [name]: value })));
          const what = `${route.url} ${name}=${value.slice(0, 30)}`;
          expectSound(r, what);
          // too long or a control character: refused whatever the parameter; year 0, no such month
          // or day: refused by every parameter that names a time
          const impossible = value.startsWith('0000') || ['2028-13', '2028-00', '2028-02-30', '2027-02-29', '2028-Q5'].includes(value);
          if (value.length > 200 || value === '\u0000' || (impossible && TIMES.includes(name))) {
            expect(r.statusCode, what).toBeGreaterThanOrEqual(400);
          }
        }
      }
    }
  });

  it('refuses a broken %-escape in the query or the path', async () => {
    for (const route of routes) {
      for (const broken of ['%', '%zz', '%E0%A4%A', 'x%']) {
        const r = await get(`${pathOf(route)}?${encode(baseline(route))}&from=${broken}`);
        expect(r.statusCode, `${route.url} ${broken}`).toBe(400);
        expectSound(r, `${route.url} ${broken}`);
      }
    }
    const r = await get('/api/budgets/%E0%A4%A');
    expect(r.statusCode).toBe(400);
    expectSound(r, 'broken path');
  });

  it('refuses year 0 as a date and as a period (400, not 500), and says why', async () => {
    for (const q of ['from=0000-01-01&to=0000-12-31', 'from=0000-12-31&to=2028-01-01', 'period=0000', 'period=0000-Q1..2028']) {
      const r = await get(`/api/monitor/reach?${q}`);
      expect(r.statusCode, q).toBe(400);
      expectSound(r, q);
      expect(r.json().detail, q).toMatch(/year 0/);
    }
  });

  it('answers a period at the end of the calendar (9999-12-31) as one after the data', async () => {
    for (const q of ['period=9999-Q4', 'period=9999', 'from=9999-10-01&to=9999-12-31']) {
      for (const route of routes.filter((r) => knownParameters(r).includes('period'))) {
        const r = await get(`${route.url}?${q}`);
        expect(r.statusCode, `${route.url} ${q}`).toBe(404);
        expectSound(r, q);
        expect(r.json().code).toBe('NO_DATA_FOR_PERIOD');
      }
    }
    // A day or a month is not a published period for others, at the end of the calendar as anywhere
    // (§36); the region sees any period, and there are no data for this one.
    for (const q of ['from=9999-12-31&to=9999-12-31', 'period=9999-12']) {
      for (const route of routes.filter((r) => knownParameters(r).includes('period'))) {
        const region = await get(`${route.url}?${q}`);
        expect([region.statusCode, region.json().code], `${route.url} ${q}`).toEqual([404, 'NO_DATA_FOR_PERIOD']);
        if (route.url.endsWith('/messages')) continue; // a municipality's own messages: any period
        const r = await served.as('municipality')({ url: `${route.url}?${q}`, headers: { 'accept-language': 'en' } });
        expect(r.statusCode, `${route.url} ${q}`).toBe(400);
        expectSound(r, q);
        expect(r.json().code).toBe('DISCLOSURE_PERIOD');
      }
    }
  });

  it('answers an impossible month in /api/explain with 400, not 409', async () => {
    for (const month of ['2028-13', '2028-00', '2029-01', '2028-1', 'mei']) {
      const r = await get(`/api/explain?provider=DEMO01&year=2028&municipality=0363&month=${month}`);
      expect(r.statusCode, month).toBe(400);
      expectSound(r, month);
    }
    const alone = await get('/api/explain?provider=DEMO01&year=2028&month=2028-05');
    expect(alone.statusCode).toBe(400);
    expect(alone.json().detail).toMatch(/municipality=/);
    expect((await get('/api/explain?provider=DEMO01&year=2028&municipality=0363&month=2028-05')).statusCode).toBe(200);
  });

  it('refuses repeated, unknown, empty and too many dimensions, saying which', async () => {
    // Timeliness is per provider, per municipality or for the region: other dimensions are unknown there.
    const timeliness = await get('/api/monitor/timeliness?period=2028-Q1&by=care_form');
    expect(timeliness.statusCode).toBe(400);
    expect(timeliness.json().detail).toMatch(/"care_form"/);
    expectSound(timeliness, 'timeliness');
    // Routes whose `by` is a list of dimensions (the monitor's); a `by` that is one of a few words (coverage, outcomes) is an enum, checked by its schema.
    const listBy = (r: RegisteredRoute) => knownParameters(r).includes('by') && !('anyOf' in ((queryOf(r).properties ?? {}) as Record<string, object>)['by']!);
    for (const route of routes.filter((r) => listBy(r) && !r.url.endsWith('timeliness'))) {
      const when = knownParameters(route).includes('period') ? 'period=2028-Q1' : 'periods=2028-Q1';
      const ask = (by: string) => get(`${route.url}?${when}&by=${encodeURIComponent(by)}`);
      const twice = await ask('municipality,care_form,municipality');
      expect(twice.statusCode).toBe(400);
      expect(twice.json().detail).toMatch(/"municipality" more than once/);
      const many = await ask(DIMENSIONS.slice(0, MAX_DIMENSIONS + 1).join(','));
      expect(many.statusCode).toBe(400);
      expect(many.json().detail).toMatch(new RegExp(`at most ${MAX_DIMENSIONS}`));
      const unknown = await ask('municipality,shoe_size');
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json().detail).toMatch(/"shoe_size"/);
      const empty = await ask('municipality,,care_form');
      expect(empty.statusCode).toBe(400);
      for (const r of [twice, many, unknown, empty]) expectSound(r, route.url);
      // Two dimensions besides a viewer's own column are a cross table: not published to others
      // (§36); one is. The region sees any cross table.
      expect((await ask('municipality,care_form')).statusCode).toBe(200);
      const cross = await served.as('municipality')({ url: `${route.url}?${when}&by=gender,care_form`, headers: { 'accept-language': 'en' } });
      expect(cross.statusCode).toBe(400);
      expect(cross.json().code).toBe('DISCLOSURE_BREAKDOWN');
      expectSound(cross, route.url);
      expect((await ask('care_form')).statusCode).toBe(200);
      expect((await ask('total')).statusCode).toBe(200);
    }
  });

  it('refuses wrong path parameters: not a number, out of range, too long', async () => {
    for (const route of routes.filter((r) => r.url.includes(':year'))) {
      for (const year of ['abc', '0', '-1', '1999', '2101', '99999999999999999999', '2028.5', '%20', 'x'.repeat(101), '..%2F..%2Fetc%2Fpasswd']) {
        const r = await get(urlOf(route, '', year));
        expect(r.statusCode, `${route.url} ${year}`).toBeGreaterThanOrEqual(400);
        expectSound(r, `${route.url} ${year}`);
      }
      expect((await get(urlOf(route, '', 'x'.repeat(101)))).statusCode).toBe(414);
    }
  });

  it('answers unknown routes, path traversal and other methods with a problem+json 4xx', async () => {
    const paths = ['/nope', '/api', '/api/', '/api/region/', '/API/REGION', '/api/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/api/budgets/..%2f..%2fetc%2fpasswd', '//etc/passwd', '/.env', '/api/monitor/reach/../../../openapi.json%00'];
    for (const url of paths) {
      const r = await get(url);
      expectSound(r, url);
      if (r.statusCode === 404) expect(r.json().code).toBe('NOT_FOUND');
    }
    expect((await get('/api/nope')).statusCode).toBe(404);
    for (const route of routes) {
      for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const) {
        if (registeredRoutes(served.raw).some((x) => x.method === method && x.url === route.url)) continue;
        const r = await app.inject({ method, url: urlOf(route, encode(baseline(route))), payload: '{"a":' });
        expect(r.statusCode, `${method} ${route.url}`).toBe(404);
        expectSound(r, `${method} ${route.url}`);
      }
    }
  });

  it('says what was wrong in Dutch unless the request asks for English', async () => {
    const cases: [string, RegExp, RegExp][] = [
      ['/api/monitor/reach?period=2028&zzz=1', /onbekende queryparameter "zzz"; deze route kent period, from, to, by/, /unknown query parameter "zzz"; this route takes period, from, to, by/],
      ['/api/monitor/reach?period=2028&period=2029', /"period" staat er meer dan eens/, /"period" is given more than once/],
      ['/api/monitor/reach?period=2028&by=gender,gender', /by noemt "gender" meer dan eens/, /by names "gender" more than once/],
      ['/api/monitor/reach?period=2100', /^na \d{4}-\d\d-\d\d zijn geen berichten ontvangen/, /^no messages after \d{4}-\d\d-\d\d have been received/],
      ['/api/budgets/1999', /padparameter "year" moet ten minste 2000 zijn/, /path parameter "year" must be at least 2000/],
      ['/api/nope', /bestaat niet; de routes van de API staan in \/openapi.json/, /there is no GET "\/api\/nope"/],
    ];
    for (const [url, nl, en] of cases) {
      const dutch = await app.inject({ url });
      expectSound(dutch, url);
      expect(dutch.json().detail, url).toMatch(nl);
      expect((await app.inject({ url, headers: { 'accept-language': 'en-GB,en;q=0.9' } })).json().detail, url).toMatch(en);
    }
  });

  it('answers HEAD like GET, without a body', async () => {
    for (const route of routes) {
      const r = await get(urlOf(route, encode(baseline(route))), { method: 'HEAD' });
      expect(r.statusCode, route.url).toBe(200);
      expect(r.body).toBe('');
    }
  });

  it('ignores or refuses hostile headers and bodies soundly', async () => {
    for (const route of routes) {
      const url = urlOf(route, encode(baseline(route)));
      const answers = await Promise.all([
        get(url, { headers: { 'accept-encoding': 'br;q=abc, *;q=-1, gzip;q=NaN' } }),
        get(url, { headers: { 'content-type': 'application/json' }, payload: '{"unterminated": ' }),
        get(url, { headers: { 'content-type': 'text/xml' }, payload: '<x/>'.repeat(1000) }),
        get(url, { headers: { 'x-forwarded-for': '1.2.3.4, ' + '9.9.9.9,'.repeat(200), accept: 'application/xml', 'accept-language': '*;q=0' } }),
      ]);
      answers.forEach((r, i) => expectSound(r, `${route.url} headers #${i}`));
    }
  });

  it('answers any query string soundly (property)', async () => {
    const names = [...new Set(routes.flatMap(knownParameters))];
    const value = fc.oneof(fc.constantFrom(...Object.values(VALID), ...HOSTILE_VALUES), fc.string({ maxLength: 30 }), fc.string({ unit: 'grapheme', maxLength: 20 }), fc.integer().map(String));
    const name = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 10 }) });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), fc.array(fc.tuple(name, value), { maxLength: 5 }), async (route, pairs) => {
        const query = pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
        expectSound(await get(urlOf(route, query)), `${route.url}?${query}`);
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  it('answers any path soundly (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.webPath(), async (path) => {
        expectSound(await get(path.startsWith('/') ? path : `/${path}`), path);
      }),
      { numRuns: 200 },
    );
  }, 60_000);
});
