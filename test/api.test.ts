// The HTTP API through fastify.inject(): no port is opened.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { initWorkspace, openWorkspace } from '../src/app/workspace.ts';
import { buildServer, registeredRoutes } from '../src/api/server.ts';
import { dropTestSchemas, testDatabases } from './support/databases.ts';
import { servedWorkspace, type Served } from './support/api-server.ts';
import { tempDir } from './support/temp-dirs.ts';
import { IJW_EXAMPLES, haveIjwReference } from './support/ijw-reference.ts';

afterAll(dropTestSchemas);

describe.each(testDatabases)('HTTP API on $name', (database) => {
  let served: Served;
  let app: FastifyInstance;

  beforeAll(async () => {
    served = await servedWorkspace(database);
    app = served.app;
  });

  afterAll(async () => served?.close());

  it('serves an OpenAPI document describing the routes', async () => {
    const r = await app.inject({ url: '/openapi.json' });
    expect(r.statusCode).toBe(200);
    const doc = r.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/budgets/{year}', '/api/lumpsums/{year}', '/api/payments/{year}', '/api/explain', '/api/monitor/coverage']));
  });

  it('documents a real answer, the problem+json errors and the coverage headers for every route', async () => {
    type Op = { responses: Record<string, { content?: Record<string, { schema: object }>; headers?: Record<string, unknown> }> };
    const doc = (await app.inject({ url: '/openapi.json' })).json() as { paths: Record<string, Record<string, Op>> };
    const documented = registeredRoutes(served.raw).filter((r) => r.method !== 'HEAD' && !r.schema?.hide);
    expect(documented.length).toBe(Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).length, 0));
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        // 200, or 202 for a route that starts a job (POST /api/imports/budget)
        const ok = (op.responses['200'] ?? op.responses['202'])!;
        const schema = Object.values(ok.content ?? {})[0]?.schema;
        // a schema that says something: not {} (Type.Any)
        expect(schema && Object.keys(schema).length, `${method} ${path}`).toBeGreaterThan(0);
        for (const status of ['4XX', '5XX']) expect(JSON.stringify(op.responses[status]), `${method} ${path} ${status}`).toMatch(/"detail"/);
        if (path.startsWith('/api/monitor/') && path !== '/api/monitor/coverage') expect(Object.keys(ok.headers ?? {}), path).toEqual(['Data-Up-To', 'Data-Period', 'Data-Notice', 'Data-Incomplete']);
      }
    }
  });

  it('never leaks internals when something goes wrong on our side', async () => {
    const broken = await servedWorkspace(database);
    await broken.ws.close(); // the database is gone under the server
    try {
      for (const url of ['/api/budgets/2028', '/api/monitor/reach?period=2028']) {
        const r = await broken.app.inject({ url, headers: { 'accept-language': 'en' } });
        expect(r.statusCode, url).toBe(500);
        expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(r.json()).toEqual({ type: 'about:blank', title: 'Internal error', status: 500, detail: 'something went wrong on our side; the error was logged', code: 'INTERNAL' });
      }
    } finally {
      await broken.app.close();
    }
  });

  it('gives budgets and lump sums with amounts as strings of cents', async () => {
    const b = (await app.inject({ url: '/api/budgets/2031' })).json();
    expect(b.totalCents).toBe('29207000000');
    expect(b.municipalities[0]).toMatchObject({ code: '0358', basis: 'extended', basedOnYear: 2030 });
    const l = (await app.inject({ url: '/api/lumpsums/2028?provider=DEMO01' })).json();
    expect(l.length).toBeGreaterThan(0);
    expect(typeof l[0].amountCents).toBe('string');
  });

  it('answers a refusal as problem+json without internals', async () => {
    const r = await app.inject({ url: '/api/explain?provider=NOPE&year=2028' });
    expect(r.statusCode).toBe(404);
    expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(r.json()).toMatchObject({ status: 404, code: 'UNKNOWN_PROVIDER' });
    const bad = await app.inject({ url: '/api/budgets/abc' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).not.toMatch(/node_modules|at \w+ \(/);
  });

  it('explains a lump sum', async () => {
    const r = await app.inject({ url: '/api/explain?provider=DEMO01&year=2028' });
    expect(r.statusCode).toBe(200);
    const nl = r.json() as { subject: string; amountCents: string; steps: { text: string }[] };
    expect(nl.steps.length).toBeGreaterThan(3);
    // Dutch unless the caller asks for English, as the problem texts; the same amounts either way.
    expect(nl.subject).toMatch(/^lumpsum 2028 van DEMO01/);
    expect(nl.steps[0]!.text).toMatch(/^Begroting 2028: € [\d.]+,\d\d = /);
    const en = (await app.inject({ url: '/api/explain?provider=DEMO01&year=2028', headers: { 'accept-language': 'en-GB,en;q=0.8' } })).json() as typeof nl;
    expect(en.subject).toMatch(/^lump sum 2028 of DEMO01/);
    expect(en.amountCents).toBe(nl.amountCents);
    const amounts = (e: typeof nl) => e.steps.map((s) => s.text.match(/-?€ [\d.]+,\d\d/g));
    expect(amounts(en)).toEqual(amounts(nl));
  });
});

describe('monitor API', () => {
  it('suppresses small counts and refuses a bad period', async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const target = { dataDir: tempDir('jeugdregie-api-mon-') };
    await initWorkspace(target, 'api-test', { regionId: 'amsterdam-amstelland' });
    const ws = await openWorkspace(target, 'api-test');
    const raw = await buildServer(ws);
    // Asked as a municipality the examples' messages are not about: every figure is the others'
    // (REST), protected as any view for others.
    const { addAccount, issueToken } = await import('../src/app/accounts.ts');
    const { operator } = await import('../src/domain/access/viewer.ts');
    await addAccount(operator('api-test'), ws, { login: 'aalsmeer', role: 'municipality', municipality: '0358', password: 'aalsmeer-password' });
    const { token } = await issueToken(operator('api-test'), ws, 'aalsmeer');
    const app = { inject: (o: { url: string }) => raw.inject({ ...o, headers: { authorization: `Bearer ${token}` } }) };
    try {
      const examples = IJW_EXAMPLES;
      if (haveIjwReference) {
        const { expandInputs, ingestFiles } = await import('../src/app/ingest.ts');
        const { Pseudonymiser } = await import('../src/ijw/pseudonym.ts');
        await ingestFiles(ws, await expandInputs([examples]), new Pseudonymiser('api-test-key-0123456789abcdef0123456789ab'), () => new Date());
        // the examples' data run up to 2026-07-20: the first half year is over, the year is not
        const r = (await app.inject({ url: '/api/monitor/reach?from=2026-01-01&to=2026-06-30&by=care_form' })).json();
        expect(r).toEqual([{ municipality: 'REST', care_form: '55', uniqueYouth: null, starts: null, stops: 0, stopsByReason: {}, inCareEnd: null, suppressed: true }]);
        // waiting times (the examples hold no assignment followed by a start: no groups)
        const w = await app.inject({ url: '/api/monitor/waiting?from=2026-01-01&to=2026-06-30&by=municipality' });
        expect(w.statusCode).toBe(200);
        expect(w.json()).toEqual([]);
        // a period by name gives the same figures as its dates; a cross table or a month is not published
        expect((await app.inject({ url: '/api/monitor/reach?period=2026-H1&by=care_form' })).json()).toEqual(r);
        expect((await app.inject({ url: '/api/monitor/reach?period=2026-Q1..2026-Q2&by=care_form' })).json()).toEqual(r);
        expect((await app.inject({ url: '/api/monitor/reach?period=2026-H1&by=municipality,care_form' })).json()).toEqual(r);
        // a period the data do not cover to its last working day is not shown to others
        expect((await app.inject({ url: '/api/monitor/reach?period=2026&by=care_form' })).json()).toMatchObject({ status: 409, code: 'DISCLOSURE_PERIOD_OPEN' });
        expect((await app.inject({ url: '/api/monitor/reach?period=2026&by=gender,care_form' })).json()).toMatchObject({ status: 400, code: 'DISCLOSURE_BREAKDOWN' });
        expect((await app.inject({ url: '/api/monitor/reach?period=2026-03' })).json()).toMatchObject({ status: 400, code: 'DISCLOSURE_PERIOD' });
        for (const q of ['period=2026-13', 'period=2026&from=2026-01-01', 'from=2026-01-01', '']) {
          const res = await app.inject({ url: `/api/monitor/reach?${q}` });
          expect(res.statusCode, q).toBe(400);
          expect(res.headers['content-type']).toMatch(/problem\+json/);
        }
        // messages per type (a municipality's own: none of the examples'); the declarations are shown
        // as not part of the task-based variant
        const msgs = (await app.inject({ url: '/api/monitor/messages?period=2026' })).json() as { messageType: string; messages: number | null; inFigures: boolean; use: string; suppressed: boolean }[];
        expect(msgs.find((m) => m.messageType === 'JW323')).toMatchObject({ messages: 0, suppressed: false, inFigures: false, use: expect.stringMatching(/taakgerichte variant/) });
        expect(msgs.find((m) => m.messageType === 'JW316')).toMatchObject({ inFigures: false });
        // timeliness: message counts of 1 to 4 are suppressed as well (null, with "suppressed")
        const t = await app.inject({ url: '/api/monitor/timeliness?from=2026-01-01&to=2026-06-30' });
        expect(t.statusCode).toBe(200);
        const rows = t.json() as { startMessages: number | null; suppressed: boolean; providerCode: string }[];
        expect(rows.length).toBeGreaterThan(0);
        // the examples hold 2 start messages in the first half year: one or two rows, each with 1 or 2, all suppressed
        expect(rows.every((x) => x.startMessages === null || x.startMessages === 0)).toBe(true);
        expect(rows.some((x) => x.startMessages === null && x.suppressed)).toBe(true);
        // every row by provider names the provider by its registry code (AGB-… when not registered)
        expect(rows.every((x) => /^AGB-\d{8}$|^[A-Za-z0-9_-]+$/.test(x.providerCode))).toBe(true);
        const total = (await app.inject({ url: '/api/monitor/timeliness?period=2026-H1&by=total' })).json() as { municipality: string }[];
        expect(total.map((x) => x.municipality)).toEqual(['REST']);
        expect((await app.inject({ url: '/api/monitor/timeliness?period=2026&startAfterDays=0' })).statusCode).toBe(400);
      }
      const bad = await app.inject({ url: '/api/monitor/reach?from=2026-12-31&to=2026-01-01' });
      expect(bad.statusCode).toBe(400);
      expect(bad.headers['content-type']).toMatch(/problem\+json/);
    } finally {
      await raw.close();
      await ws.close();
    }
  });
});
