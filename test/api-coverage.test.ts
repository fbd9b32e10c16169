// Data coverage: every monitor answer says how far its data reach (the latest Dagtekening of an
// accepted message), a period after that is refused, and a period that runs past it gets figures up
// to that day only, with the answer saying so. The API, the first page and the CLI alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import path from 'node:path';
import { figuresWithinData, PeriodAfterDataError } from '../src/app/coverage.ts';
import { reach } from '../src/app/monitor.ts';
import { addDays } from '../src/domain/calendar.ts';
import { parsePeriod } from '../src/domain/period.ts';
import { asPublishedPeriod } from '../src/domain/disclosure/publication.ts';
import type { Period } from '../src/domain/reach-figures.ts';
import { main } from '../src/cli/main.ts';
import { dropTestSchemas, testDatabases } from './support/databases.ts';
import { demoTraffic, servedWorkspace, type DemoTraffic, type Served } from './support/api-server.ts';
import { tempDir } from './support/temp-dirs.ts';

afterAll(dropTestSchemas);

const MONITOR_ROUTES = ['/api/monitor/reach', '/api/monitor/waiting', '/api/monitor/messages', '/api/monitor/timeliness'];
const MONTHS = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'];

let traffic: DemoTraffic;
beforeAll(async () => {
  traffic = await demoTraffic('2028-01-01', '2028-02-29', 5);
}, 120_000);

describe.each(testDatabases)('data coverage on $name', (database) => {
  let served: Served;
  let upTo: string;
  const get = (url: string) => served.app.inject({ url, headers: { 'accept-language': 'en' } });

  beforeAll(async () => {
    served = await servedWorkspace(database, traffic);
    upTo = traffic.latestDagtekening;
  }, 120_000);
  afterAll(async () => served?.close());

  it('says how far the data reach: the latest Dagtekening of the messages received', async () => {
    expect(upTo).toMatch(/^2028-02-\d\d$/);
    const r = await get('/api/monitor/coverage');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ dataUpTo: upTo, incomplete: null });
    expect(r.headers['data-up-to']).toBe(upTo);
  });

  it('puts Data-Up-To and Data-Period on every monitor answer, and no notice for a period within the data', async () => {
    for (const route of MONITOR_ROUTES) {
      // The fourth quarter of 2027 lies wholly before the data's last day.
      const r = await get(`${route}?from=2027-10-01&to=2027-12-31`);
      expect(r.statusCode, route).toBe(200);
      expect(Array.isArray(r.json()), route).toBe(true);
      expect(r.headers['data-up-to'], route).toBe(upTo);
      expect(r.headers['data-period'], route).toBe(`2027-10-01/2027-12-31`);
      expect(r.headers['data-notice'], route).toBeUndefined();
    }
  });

  it('cuts a period that runs past the data short at its last day, and says so', async () => {
    for (const route of MONITOR_ROUTES) {
      const past = await get(`${route}?period=2028`);
      // The year and its first quarter both end on the data's last day: the same figures.
      const within = await get(`${route}?period=2028-Q1`);
      expect(past.statusCode, route).toBe(200);
      expect(past.headers['data-period'], route).toBe(`2028-01-01/${upTo}`);
      expect(past.headers['data-notice'], route).toMatch(new RegExp(`runs to 2028-12-31, but no messages after ${upTo} have been received`));
      expect(past.body, route).toBe(within.body);
    }
  });

  it('counts "in care at the end" on the last day with data, not on a day nobody reported on', async () => {
    const asked = { from: '2028-02-01', to: '2029-06-30' };
    let periodRead: Period | undefined;
    const c = await figuresWithinData(served.ws, asked, async (ws, period) => {
      periodRead = period;
      return reach(ws, period, ['municipality']);
    });
    expect(periodRead).toEqual({ from: '2028-02-01', to: upTo });
    expect(c).toMatchObject({ asked, period: periodRead, cutShort: true, dataUpTo: upTo });
    // the young people in care at the end are those in care on upTo
    expect(c.figures).toEqual(await reach(served.ws, { from: '2028-02-01', to: upTo }, ['municipality']));
    expect(c.figures.reduce((n, r) => n + r.inCareEnd, 0)).toBeGreaterThan(0);
  });

  it('refuses a period that begins after the data, on every monitor route, saying up to when there are data', async () => {
    for (const route of MONITOR_ROUTES) {
      for (const q of ['period=2028-Q2', 'period=2029', 'period=2100']) {
        const r = await get(`${route}?${q}`);
        expect(r.statusCode, `${route} ${q}`).toBe(404);
        expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(r.headers['data-up-to']).toBe(upTo);
        expect(r.json()).toMatchObject({ status: 404, code: 'NO_DATA_FOR_PERIOD', dataUpTo: upTo });
        expect(r.json().detail).toMatch(new RegExp(`^no messages after ${upTo} have been received`));
      }
    }
  });

  it('answers any published period as the figures of its part up to the data, refuses one after the data and any other period (property)', async () => {
    const published = fc.tuple(fc.constantFrom(2027, 2028, 2029), fc.constantFrom('', '-Q1', '-Q2', '-Q3', '-Q4')).map(([y, q]) => `${y}${q}`);
    await fc.assert(
      fc.asyncProperty(published, fc.constantFrom('/api/monitor/reach', '/api/monitor/messages'), async (period, route) => {
        const r = await get(`${route}?period=${period}${route.endsWith('reach') ? '&by=care_form' : ''}`);
        const p = parsePeriod(period);
        if (p.from > upTo) {
          expect(r.statusCode).toBe(404);
          return;
        }
        expect(r.statusCode).toBe(200);
        expect(r.headers['data-period']).toBe(`${p.from}/${p.to > upTo ? upTo : p.to}`);
        expect(r.headers['data-notice'] !== undefined).toBe(p.to > upTo);
      }),
      { numRuns: 25 },
    );
    // Any other period is not published for others: it could be subtracted from a published one (docs/decisions.md §36).
    const day = fc.integer({ min: 0, max: 500 }).map((n) => addDays('2027-12-01', n));
    await fc.assert(
      fc.asyncProperty(day, fc.integer({ min: 0, max: 400 }), async (from, length) => {
        const to = addDays(from, length);
        fc.pre(asPublishedPeriod({ from, to }) === undefined);
        const r = await served.as('municipality')({ url: `/api/monitor/reach?from=${from}&to=${to}` });
        expect(r.statusCode).toBe(400);
        expect(r.json().code).toBe('DISCLOSURE_PERIOD');
        // the region sees any period (the part the data cover)
        expect((await get(`/api/monitor/reach?from=${from}&to=${to}`)).statusCode).toBe(from > upTo ? 404 : 200);
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});

describe.each(testDatabases)('without any message, on $name', (database) => {
  it('has no coverage, refuses every monitor period, and the web application can say there are no data yet', async () => {
    const served = await servedWorkspace(database);
    try {
      expect((await served.app.inject({ url: '/api/monitor/coverage' })).json()).toEqual({ dataUpTo: null, incomplete: null });
      for (const route of MONITOR_ROUTES) {
        const r = await served.app.inject({ url: `${route}?period=2028`, headers: { 'accept-language': 'en' } });
        expect(r.statusCode).toBe(404);
        expect(r.json()).toMatchObject({ code: 'NO_DATA_FOR_PERIOD', dataUpTo: null });
        expect(r.json().detail).toMatch(/no iJw messages have been received yet/);
      }
      await expect(figuresWithinData(served.ws, { from: '2028-01-01', to: '2028-12-31' }, async () => 1)).rejects.toThrow(PeriodAfterDataError);
    } finally {
      await served.close();
    }
  });
});

describe('the CLI monitor commands', () => {
  it('print how far the data reach on stderr, keep stdout as it was, and cut or refuse a period likewise', async () => {
    const io = { out: '', err: '' };
    const run = async (...argv: string[]) => {
      io.out = '';
      io.err = '';
      const code = await main(argv, { out: (t) => void (io.out += t), err: (t) => void (io.err += t) });
      return { code, out: io.out, err: io.err };
    };
    const before = { dir: process.env.JEUGDREGIE_DATA_DIR, url: process.env.DATABASE_URL, key: process.env.JEUGDREGIE_PSEUDONYM_KEY };
    process.env.JEUGDREGIE_DATA_DIR = path.join(tempDir('jeugdregie-api-cli-'), 'data');
    delete process.env.DATABASE_URL;
    process.env.JEUGDREGIE_PSEUDONYM_KEY = 'api-cli-test-key-0123456789abcdef0123456789';
    try {
      expect((await run('init', '--region', 'amsterdam-amstelland')).code).toBe(0);
      expect((await run('ingest', traffic.folder)).code).toBe(0);
      const upTo = traffic.latestDagtekening;
      for (const command of [[], ['waiting'], ['timeliness'], ['messages'], ['stops']]) {
        const within = await run('monitor', ...command, '--from', '2028-01-01', '--to', upTo, '--format', 'csv');
        expect(within.code, command.join(' ')).toBe(0);
        expect(within.err).toBe(`data up to ${upTo}\n`);
        const past = await run('monitor', ...command, '--period', '2028', '--format', 'csv');
        expect(past.code).toBe(0);
        expect(past.err).toBe(`data up to ${upTo}: the period is cut short there (no messages after ${upTo} have been received)\n`);
        expect(past.out).toBe(within.out);
        const after = await run('monitor', ...command, '--period', '2029');
        expect(after.code).not.toBe(0);
        expect(after.err).toBe(`refused: no messages after ${upTo} have been received: the period 2029-01-01..2029-12-31 begins after the data; ask for a period that begins on or before ${upTo}\n`);
      }
    } finally {
      for (const [name, value] of [['JEUGDREGIE_DATA_DIR', before.dir], ['DATABASE_URL', before.url], ['JEUGDREGIE_PSEUDONYM_KEY', before.key]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  }, 120_000);
});
