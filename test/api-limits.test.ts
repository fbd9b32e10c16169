// The API under heavy use: a few monitor queries at once and the rest refused rather than queued
// without end, a time limit per statement on the PostgreSQL server, what Node's HTTP parser refuses
// (431, 400) answered as problem+json on a real socket, and compressed answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import zlib from 'node:zlib';
import { sql } from 'kysely';
import { QueryGate } from '../src/api/query-gate.ts';
import { Refusal } from '../src/domain/errors.ts';
import { MAX_HEADER_BYTES, MAX_HEADER_COUNT, MAX_PERIOD_DAYS, MAX_RUNNING_QUERIES, MAX_WAITING_QUERIES } from '../src/api/limits.ts';
import { addDays } from '../src/domain/calendar.ts';
import { QueryTimeoutError, withStatementTimeout } from '../src/store/statement-timeout.ts';
import { dropTestSchemas, testDatabases } from './support/databases.ts';
import { demoTraffic, servedWorkspace, type DemoTraffic, type Served } from './support/api-server.ts';

afterAll(dropTestSchemas);

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe('QueryGate', () => {
  it('runs a few at once, lets a few wait in order, and refuses the rest at once with 503', async () => {
    const gate = new QueryGate(2, 3);
    const done = Array.from({ length: 6 }, deferred);
    const order: number[] = [];
    const runs = done.map((d, i) =>
      gate.run(async () => {
        order.push(i);
        await d.promise;
        return i;
      }),
    );
    await Promise.resolve();
    expect([gate.running, gate.waiting]).toEqual([2, 3]);
    await expect(runs[5]).rejects.toThrow(Refusal);
    await expect(runs[5]).rejects.toMatchObject({ status: 503, code: 'MONITOR_BUSY', params: { running: 2, waiting: 3 } });
    done[1]!.resolve();
    expect(await runs[1]).toBe(1);
    done[0]!.resolve();
    for (const d of done) d.resolve();
    expect(await Promise.all(runs.slice(0, 5))).toEqual([0, 1, 2, 3, 4]);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect([gate.running, gate.waiting]).toEqual([0, 0]);
  });

  it('frees the slot of a query that failed', async () => {
    const gate = new QueryGate(1, 0);
    await expect(gate.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await gate.run(async () => 'next')).toBe('next');
    expect(gate.running).toBe(0);
  });
});

let traffic: DemoTraffic;
beforeAll(async () => {
  traffic = await demoTraffic('2028-01-01', '2028-01-31', 11);
}, 120_000);

describe.each(testDatabases)('the API under load on $name', (database) => {
  let served: Served;
  beforeAll(async () => {
    served = await servedWorkspace(database, traffic);
  }, 120_000);
  afterAll(async () => served?.close());

  it('answers a burst of monitor requests with figures or a 503 to come back, and keeps answering the money routes', async () => {
    const burst = Array.from({ length: 40 }, (_, i) => served.app.inject({ url: `/api/monitor/reach?period=2028-Q1&by=${i % 2 ? 'care_form' : 'gender'}` }));
    const money = served.app.inject({ url: '/api/budgets/2028' });
    const answers = await Promise.all(burst);
    const ok = answers.filter((r) => r.statusCode === 200);
    const busy = answers.filter((r) => r.statusCode === 503);
    expect(ok.length + busy.length).toBe(answers.length);
    expect(ok.length).toBeGreaterThanOrEqual(MAX_RUNNING_QUERIES[served.ws.store.kind] + MAX_WAITING_QUERIES);
    expect(busy.length).toBeGreaterThan(0);
    for (const r of busy) {
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(r.headers['retry-after']).toBe('5');
      expect(r.json()).toMatchObject({ status: 503, code: 'MONITOR_BUSY' });
    }
    expect((await money).statusCode).toBe(200);
    // nothing is left holding a slot
    expect((await served.app.inject({ url: '/api/monitor/reach?period=2028-Q1' })).statusCode).toBe(200);
  });

  it('bounds the period of a request before anything else: five years (and then only published periods are answered)', async () => {
    const bounds = [['reach', MAX_PERIOD_DAYS], ['waiting', MAX_PERIOD_DAYS], ['messages', MAX_PERIOD_DAYS], ['timeliness', MAX_PERIOD_DAYS]] as const;
    for (const [route, max] of bounds) {
      const to = '2028-01-31';
      const from = addDays(to, -(max - 1));
      // the region sees any period up to the bound; a municipality the published periods only (its
      // own messages: any period)
      expect((await served.app.inject({ url: `/api/monitor/${route}?from=${from}&to=${to}` })).statusCode, route).toBe(200);
      const within = await served.as('municipality')({ url: `/api/monitor/${route}?from=${from}&to=${to}` });
      if (route === 'messages') expect(within.statusCode, route).toBe(200);
      else expect([within.statusCode, within.json().code], route).toEqual([400, 'DISCLOSURE_PERIOD']);
      const r = await served.app.inject({ url: `/api/monitor/${route}?from=${addDays(from, -1)}&to=${to}`, headers: { 'accept-language': 'en' } });
      expect(r.statusCode, route).toBe(400);
      expect(r.json()).toMatchObject({ code: 'PERIOD_TOO_LONG' });
      expect(r.json().detail).toContain(`has ${max + 1} days; this route covers at most ${max} days`);
    }
  });

  it('answers compressed when asked, with the same content', async () => {
    const url = '/api/monitor/messages?period=2028-Q1';
    const plain = await served.app.inject({ url });
    for (const [encoding, decode] of [['gzip', zlib.gunzipSync], ['br', zlib.brotliDecompressSync], ['deflate', zlib.inflateSync]] as const) {
      const r = await served.app.inject({ url, headers: { 'accept-encoding': encoding } });
      expect(r.headers['content-encoding'], encoding).toBe(encoding);
      expect(r.headers['data-up-to']).toBe(plain.headers['data-up-to']);
      expect(decode(r.rawPayload).toString('utf8')).toBe(plain.body);
      expect(r.rawPayload.length).toBeLessThan(plain.rawPayload.length);
    }
    const doc = await served.app.inject({ url: '/openapi.json', headers: { 'accept-encoding': 'gzip' } });
    expect(doc.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(zlib.gunzipSync(doc.rawPayload).toString('utf8'))).toMatchObject({ openapi: '3.1.0' });
  });

  it.runIf(database.name !== 'PGlite')('stops a query that runs past its time limit on the server and answers 503, leaving no limit behind', async () => {
    const app = (await import('../src/api/server.ts')).buildServer;
    const strict = await app(served.ws, { queryTimeoutMs: 1 });
    try {
      // The region's figures are read from the database for each request: with a limit of 1 ms the read is stopped.
      const r = await strict.inject({ url: '/api/monitor/reach?period=2028-01&by=area,provider,age_group', headers: { 'accept-language': 'en', authorization: `Bearer ${served.tokens.region}` } });
      expect(r.statusCode).toBe(503);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(r.json()).toMatchObject({ status: 503, code: 'QUERY_TIMEOUT' });
      expect(r.json().detail).toMatch(/took longer than 0.001 s and was stopped; ask for a shorter period or fewer dimensions/);
    } finally {
      await strict.close();
    }
    // every pooled connection is back without a time limit
    const settings = await Promise.all(Array.from({ length: 12 }, () => sql<{ statement_timeout: string }>`show statement_timeout`.execute(served.ws.store.db)));
    expect(new Set(settings.map((s) => s.rows[0]!.statement_timeout))).toEqual(new Set(['0']));
  });

  it('limits every statement of a read on the server; the embedded database cannot stop one', async () => {
    const sleep = withStatementTimeout(served.ws.store, 50, async (db) => (await sql<{ ok: number }>`select 1 as ok from pg_sleep(0.5)`.execute(db)).rows[0]!.ok);
    if (served.ws.store.kind === 'server') await expect(sleep).rejects.toThrow(QueryTimeoutError);
    else expect(await sleep).toBe(1);
  });
});

/** Sends raw bytes to a listening server and returns everything it answers before it closes. */
function rawRequest(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'ECONNRESET' ? resolve(Buffer.concat(chunks).toString('utf8')) : reject(e)));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.write(request);
    // a complete request on keep-alive: ask the server to close after answering
    if (request.endsWith('\r\n\r\n')) socket.end();
  });
}

function parseRaw(text: string): { status: number; headers: Record<string, string>; body: string } {
  const [head, ...rest] = text.split('\r\n\r\n');
  const [statusLine, ...lines] = head!.split('\r\n');
  const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
  return { status: Number(statusLine!.split(' ')[1]), headers, body: rest.join('\r\n\r\n') };
}

describe('on a real socket', () => {
  let served: Served;
  let port: number;
  beforeAll(async () => {
    served = await servedWorkspace(testDatabases[0]!);
    await served.app.listen({ port: 0, host: '127.0.0.1' });
    port = (served.app.server.address() as net.AddressInfo).port;
  }, 60_000);
  afterAll(async () => served?.close());

  it('answers headers larger than the limit with a problem+json 431', async () => {
    for (const request of [
      `GET /api/region HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(MAX_HEADER_BYTES + 100)}\r\n\r\n`,
      `GET /api/monitor/reach?period=${'2028'.repeat(MAX_HEADER_BYTES / 4)} HTTP/1.1\r\nHost: localhost\r\n\r\n`,
    ]) {
      const r = parseRaw(await rawRequest(port, request));
      expect(r.status).toBe(431);
      expect(r.headers['content-type']).toBe('application/problem+json');
      const p = JSON.parse(r.body) as { status: number; detail: string; code: string };
      expect(p).toMatchObject({ status: 431, code: 'HEADERS_TOO_LARGE' });
      // no headers were read, so no language was asked for: Dutch
      expect(p.detail).toMatch(/groter dan de server aanneemt \(16 KiB\)/);
    }
  });

  it('answers too many headers with a problem+json 431 (Node counts their bytes only in chunks of a few)', async () => {
    for (const count of [MAX_HEADER_COUNT + 1, 2000, 3000]) {
      const r = parseRaw(await rawRequest(port, `GET /api/region HTTP/1.1\r\nHost: localhost\r\n${Array.from({ length: count }, (_, i) => `X-H${i}: v`).join('\r\n')}\r\n\r\n`));
      expect(r.status, String(count)).toBe(431);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(r.body)).toMatchObject({ status: 431, code: 'HEADERS_TOO_LARGE' });
    }
    const fine = parseRaw(await rawRequest(port, `GET /api/health HTTP/1.1\r\nHost: localhost\r\n${Array.from({ length: MAX_HEADER_COUNT - 2 }, (_, i) => `X-H${i}: v`).join('\r\n')}\r\nConnection: close\r\n\r\n`));
    expect(fine.status).toBe(200);
  });

  it('answers a request that is not HTTP with a problem+json 400', async () => {
    for (const request of ['GARBAGE\r\n\r\n', 'GET / HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n', 'GET / HTTP/1.1\r\nContent-Length: -5\r\n\r\n']) {
      const r = parseRaw(await rawRequest(port, request));
      expect(r.status, request).toBe(400);
      expect(r.headers['content-type']).toBe('application/problem+json');
      expect(JSON.parse(r.body)).toMatchObject({ status: 400, code: 'REQUEST_INVALID' });
    }
  });

  it('answers an ordinary request over the socket, compressed', async () => {
    const r = parseRaw(await rawRequest(port, `GET /api/region HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${served.tokens.region}\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n`));
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBe('gzip');
  });
});
