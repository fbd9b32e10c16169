// Sign-in under attack [issue 13 "Security"; decisions §44]: parallel guesses of one login, one limit
// per address for every way to try a password, a cap on argon2 at once, changes sent from another
// site, a session planted before sign-in, the Secure __Host- cookie behind a TLS proxy, the proxy
// setting itself, 401 before anything about the request is judged, and the demo's published accounts
// kept out of a database with a region's own work.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAccount, THROTTLE_FAILURES } from '../src/app/accounts.ts';
import { ARGON2_RUNNING, ARGON2_WAITING, PasswordGate, passwordGate } from '../src/app/password-gate.ts';
import { ownDataReasons } from '../src/app/demo-traffic.ts';
import { parseTrustProxy } from '../src/config/settings.ts';
import { operator } from '../src/domain/access/viewer.ts';
import { Refusal } from '../src/domain/errors.ts';
import { dropTestSchemas, testDatabases } from './support/databases.ts';
import { servedWorkspace, type Served } from './support/api-server.ts';

afterAll(dropTestSchemas);

const admin = operator('test-admin');
type Reply = Awaited<ReturnType<Served['raw']['inject']>>;
const codeOf = (r: Reply) => (r.json() as { code?: string }).code;
const setCookies = (r: Reply) => [r.headers['set-cookie']].flat().filter((c): c is string => typeof c === 'string');
const cookieNamed = (r: Reply, name: string) => setCookies(r).find((c) => c.startsWith(`${name}=`) && !c.startsWith(`${name}=;`));

describe('the password gate', () => {
  it(`runs at most ${ARGON2_RUNNING} at once, lets ${ARGON2_WAITING} wait, and refuses the rest at once with SIGN_IN_BUSY`, async () => {
    const gate = new PasswordGate(2, 3);
    const releases: (() => void)[] = [];
    const started: number[] = [];
    const work = (i: number) => () =>
      new Promise<number>((resolve) => {
        started.push(i);
        releases.push(() => resolve(i));
      });
    const runs = [0, 1, 2, 3, 4].map((i) => gate.run(work(i)));
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1]);
    expect(gate.load).toMatchObject({ running: 2, waiting: 3 });
    await expect(gate.run(work(5))).rejects.toMatchObject({ code: 'SIGN_IN_BUSY' });
    // each one that finishes hands its place to the next waiting one, in order
    while (releases.length > 0) {
      releases.shift()!();
      await new Promise((r) => setImmediate(r));
    }
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3, 4]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(gate.load).toEqual({ running: 0, waiting: 0, peak: 2 });
    // a computation that fails gives its place back too
    await expect(gate.run(() => Promise.reject(new Error('broken')))).rejects.toThrow('broken');
    expect(gate.load.running).toBe(0);
  });
});

describe('JEUGDREGIE_TRUST_PROXY', () => {
  it('is off by default, takes a hop count or the proxies, and refuses "true" and what is not an address', () => {
    const parse = (text: string | undefined) => {
      const problems: string[] = [];
      const value = parseTrustProxy(text, problems);
      return problems.length > 0 ? problems[0]! : value;
    };
    for (const off of [undefined, '', 'off', 'false', '0']) expect(parse(off)).toBe(false);
    expect(parse('2')).toBe(2);
    expect(parse(' 127.0.0.1, 10.0.0.0/8 ,loopback, ::1, fd00::/8')).toEqual(['127.0.0.1', '10.0.0.0/8', 'loopback', '::1', 'fd00::/8']);
    for (const bad of ['true', 'yes', '10.0.0.0/33', '10.0.0/8', 'proxy.example.nl', '::1/129', '1.2.3.4/8/9', ',']) {
      expect(parse(bad), bad).toMatch(/^JEUGDREGIE_TRUST_PROXY must be off, a number of proxy hops/);
    }
  });
});

describe.each(testDatabases)('sign-in hardening on $name', (database) => {
  let served: Served;
  beforeAll(async () => {
    served = await servedWorkspace(database, undefined, { signInPerMinute: 1000 });
  });
  afterAll(async () => served?.close());

  const signIn = (login: string, password: string, headers: Record<string, string> = {}) =>
    served.raw.inject({ method: 'POST', url: '/api/session', payload: { login, password }, headers });
  const failedFor = async (login: string) =>
    ((await served.app.inject({ url: '/api/audit?limit=200' })).json() as { kind: string; detail: { login?: string } }[]).filter(
      (e) => e.kind === 'sign-in-failed' && e.detail.login === login,
    ).length;

  it(`lets at most ${THROTTLE_FAILURES} of many parallel guesses of one login have their password checked`, async () => {
    await addAccount(admin, served.ws, { login: 'carla', role: 'region', password: 'carla-long-password' });
    const guesses = await Promise.all(Array.from({ length: 4 * THROTTLE_FAILURES }, (_, i) => signIn('carla', `guess ${i}`)));
    const outcomes = guesses.map((r) => `${r.statusCode} ${codeOf(r)}`);
    expect(outcomes.filter((o) => o === '401 SIGN_IN_FAILED').length).toBe(THROTTLE_FAILURES);
    expect(outcomes.filter((o) => o === '429 SIGN_IN_THROTTLED').length).toBe(3 * THROTTLE_FAILURES);
    expect(await failedFor('carla')).toBe(THROTTLE_FAILURES);
    // and the right password is now refused too, for a while
    expect(codeOf(await signIn('carla', 'carla-long-password'))).toBe('SIGN_IN_THROTTLED');
    expect(passwordGate.load.peak).toBeLessThanOrEqual(ARGON2_RUNNING);
  });

  it("counts a wrong current password in a password change as a failed try of that login", async () => {
    await addAccount(admin, served.ws, { login: 'dirk', role: 'region', password: 'dirk-long-password' });
    const r = await signIn('dirk', 'dirk-long-password');
    const cookie = cookieNamed(r, 'jr_session')!.split(';')[0]!;
    const csrf = (r.json() as { csrfToken: string }).csrfToken;
    for (let i = 0; i < THROTTLE_FAILURES; i++) {
      const change = await served.raw.inject({ method: 'POST', url: '/api/account/password', headers: { cookie, 'x-csrf-token': csrf }, payload: { current: `guess ${i}`, next: 'a-new-long-password' } });
      expect(codeOf(change)).toBe('SIGN_IN_FAILED');
    }
    const more = await served.raw.inject({ method: 'POST', url: '/api/account/password', headers: { cookie, 'x-csrf-token': csrf }, payload: { current: 'dirk-long-password', next: 'a-new-long-password' } });
    expect([more.statusCode, codeOf(more)]).toEqual([429, 'SIGN_IN_THROTTLED']);
    expect(codeOf(await signIn('dirk', 'dirk-long-password'))).toBe('SIGN_IN_THROTTLED');
    const log = (await served.app.inject({ url: '/api/audit?limit=200' })).json() as { kind: string; actor: string | null }[];
    expect(log.filter((e) => e.kind === 'password-change-failed' && e.actor === 'dirk').length).toBe(THROTTLE_FAILURES);
  });

  it('ends a session that came with a sign-in, whether the sign-in succeeds or not (no planted session survives)', async () => {
    await addAccount(admin, served.ws, { login: 'eva', role: 'region', password: 'eva-long-password' });
    const first = cookieNamed(await signIn('eva', 'eva-long-password'), 'jr_session')!.split(';')[0]!;
    const second = await signIn('eva', 'eva-long-password', { cookie: first });
    expect(second.statusCode).toBe(200);
    const fresh = cookieNamed(second, 'jr_session')!.split(';')[0]!;
    expect(fresh).not.toBe(first);
    expect(codeOf(await served.raw.inject({ url: '/api/session', headers: { cookie: first } }))).toBe('NOT_SIGNED_IN');
    expect((await served.raw.inject({ url: '/api/session', headers: { cookie: fresh } })).statusCode).toBe(200);
    const failed = await signIn('eva', 'not the password', { cookie: fresh });
    expect(codeOf(failed)).toBe('SIGN_IN_FAILED');
    expect(codeOf(await served.raw.inject({ url: '/api/session', headers: { cookie: fresh } }))).toBe('NOT_SIGNED_IN');
  });

  it('refuses a change or sign-in that a browser says came from another site, whatever credentials it carries', async () => {
    await addAccount(admin, served.ws, { login: 'frits', role: 'region', password: 'frits-long-password' });
    for (const headers of <Record<string, string>[]>[{ origin: 'https://evil.example' }, { origin: 'null' }, { origin: 'http://localhost.evil.example' }, { 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }]) {
      const r = await signIn('frits', 'frits-long-password', headers);
      expect([r.statusCode, codeOf(r)], JSON.stringify(headers)).toEqual([403, 'CROSS_SITE_REFUSED']);
      expect(cookieNamed(r, 'jr_session')).toBeUndefined();
    }
    // from its own pages (inject's host is localhost:80), or from no browser at all: taken
    for (const headers of <Record<string, string>[]>[{ origin: 'http://localhost' }, { origin: 'http://localhost:80' }, { 'sec-fetch-site': 'same-origin' }, {}]) {
      expect((await signIn('frits', 'frits-long-password', headers)).statusCode, JSON.stringify(headers)).toBe(200);
    }
    const r = await signIn('frits', 'frits-long-password');
    const cookie = cookieNamed(r, 'jr_session')!.split(';')[0]!;
    const csrf = (r.json() as { csrfToken: string }).csrfToken;
    // a change with the right session and CSRF token, sent from another site
    const token = await served.raw.inject({ method: 'POST', url: '/api/account/tokens', headers: { cookie, 'x-csrf-token': csrf, origin: 'https://evil.example' }, payload: { label: 'x' } });
    expect([token.statusCode, codeOf(token)]).toEqual([403, 'CROSS_SITE_REFUSED']);
    expect((token.json() as { detail: string }).detail).toContain('https://evil.example');
    // reading is not a change: a GET from elsewhere is answered (CORS keeps the answer from that site)
    expect((await served.raw.inject({ url: '/api/session', headers: { cookie, origin: 'https://evil.example' } })).statusCode).toBe(200);
  });

  it('answers 401 to a request without credentials before its body or parameters are judged', async () => {
    const cases = [
      { method: 'POST' as const, url: '/api/decisions/settlement', payload: { nonsense: true } },
      { method: 'POST' as const, url: '/api/decisions/settlement', payload: '{not json', headers: { 'content-type': 'application/json' } },
      { method: 'POST' as const, url: '/api/account/tokens', payload: 'x'.repeat(10), headers: { 'content-type': 'text/plain' } },
      { method: 'GET' as const, url: '/api/monitor/reach?period=not-a-period&unknown=1' },
      { method: 'GET' as const, url: '/api/export/reach?format=doc' },
    ];
    for (const c of cases) {
      const r = await served.raw.inject(c);
      expect([r.statusCode, codeOf(r)], `${c.method} ${c.url}`).toEqual([401, 'NOT_SIGNED_IN']);
    }
  });

  it('keeps the demo accounts out of a database with its own work', async () => {
    // servedWorkspace made this database with init (not start --demo) and added accounts as "api-test"
    const reasons = (await ownDataReasons(served.ws)).map((r) => r.en);
    expect(reasons).toContain('it was not made by start --demo');
    expect(reasons.some((r) => /^\d+ account\(s\) not made in the demo$/.test(r))).toBe(true);
    const { prepareDemoAccounts } = await import('../src/app/demo-traffic.ts');
    await expect(prepareDemoAccounts(served.ws)).rejects.toSatisfy((e) => e instanceof Refusal && e.code === 'DEMO_ON_OWN_DATA');
    const accounts = (await served.app.inject({ url: '/api/accounts' })).json() as { login: string }[];
    expect(accounts.some((a) => a.login.startsWith('demo-'))).toBe(false);
  });
});

describe.each(testDatabases)('behind a TLS proxy on $name', (database) => {
  let trusting: Served;
  let plain: Served;
  beforeAll(async () => {
    // inject's client address is 127.0.0.1: the proxy in front of the server
    trusting = await servedWorkspace(database, undefined, { signInPerMinute: 2, trustProxy: ['127.0.0.1'] });
    plain = await servedWorkspace(database, undefined, { signInPerMinute: 2 });
    for (const s of [trusting, plain]) await addAccount(admin, s.ws, { login: 'greet', role: 'region', password: 'greet-long-password' });
  });
  afterAll(async () => {
    await trusting?.close();
    await plain?.close();
  });

  const signIn = (s: Served, headers: Record<string, string>) => s.raw.inject({ method: 'POST', url: '/api/session', payload: { login: 'greet', password: 'greet-long-password' }, headers });

  it('sets the session cookie as __Host-jr_session, Secure, for the whole site and no domain, when the trusted proxy says https', async () => {
    const tls = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'jeugdregie.example.nl', 'x-forwarded-for': '203.0.113.1' };
    const r = await signIn(trusting, { ...tls, origin: 'https://jeugdregie.example.nl' });
    expect(r.statusCode, r.body).toBe(200);
    const set = cookieNamed(r, '__Host-jr_session')!;
    expect(set).toMatch(/; Secure/i);
    expect(set).toMatch(/; Path=\//);
    expect(set).not.toMatch(/Domain=/i);
    expect(cookieNamed(r, 'jr_session')).toBeUndefined();
    const value = set.split(';')[0]!.slice('__Host-jr_session='.length);
    // over TLS only the __Host- name counts
    expect((await trusting.raw.inject({ url: '/api/session', headers: { ...tls, cookie: `__Host-jr_session=${value}` } })).statusCode).toBe(200);
    expect(codeOf(await trusting.raw.inject({ url: '/api/session', headers: { ...tls, cookie: `jr_session=${value}` } }))).toBe('NOT_SIGNED_IN');
    // the page's origin is the one the proxy reports, not the server's own address
    const from127 = await signIn(trusting, { ...tls, 'x-forwarded-for': '203.0.113.9', origin: 'http://127.0.0.1' });
    expect(codeOf(from127)).toBe('CROSS_SITE_REFUSED');
  });

  it("believes X-Forwarded-Proto and -For only from a trusted proxy: the sign-in limit counts the client's own address", async () => {
    // untrusted: the headers are ignored, so a client cannot name itself another address to escape the limit
    const untrusted = [];
    for (let i = 0; i < 3; i++) untrusted.push(await signIn(plain, { 'x-forwarded-proto': 'https', 'x-forwarded-for': `198.51.100.${i}` }));
    expect(untrusted.map((r) => r.statusCode)).toEqual([200, 200, 429]);
    expect(cookieNamed(untrusted[0]!, 'jr_session')).toMatch(/^jr_session=/);
    expect(cookieNamed(untrusted[0]!, 'jr_session')).not.toMatch(/Secure/i);
    // trusted: each client address has its own limit
    const trusted = [];
    for (let i = 0; i < 3; i++) trusted.push(await signIn(trusting, { 'x-forwarded-for': `198.51.100.${i}` }));
    expect(trusted.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    const again = [];
    for (let i = 0; i < 2; i++) again.push(await signIn(trusting, { 'x-forwarded-for': '198.51.100.0' }));
    expect(again.map((r) => r.statusCode)).toEqual([200, 429]);
  });

  it('counts sign-ins and password changes from one address in one limit', async () => {
    const from = { 'x-forwarded-for': '192.0.2.77' };
    const r = await signIn(trusting, from);
    expect(r.statusCode).toBe(200);
    const cookie = cookieNamed(r, 'jr_session')!.split(';')[0]!;
    const csrf = (r.json() as { csrfToken: string }).csrfToken;
    const change = await trusting.raw.inject({ method: 'POST', url: '/api/account/password', headers: { ...from, cookie, 'x-csrf-token': csrf }, payload: { current: 'wrong', next: 'another-long-password' } });
    expect(codeOf(change)).toBe('SIGN_IN_FAILED');
    const third = await trusting.raw.inject({ method: 'POST', url: '/api/account/password', headers: { ...from, cookie, 'x-csrf-token': csrf }, payload: { current: 'wrong', next: 'another-long-password' } });
    expect([third.statusCode, codeOf(third), third.headers['retry-after']]).toEqual([429, 'SIGN_IN_THROTTLED', expect.stringMatching(/^\d+$/)]);
    expect(codeOf(await signIn(trusting, from))).toBe('SIGN_IN_THROTTLED');
  });
});
