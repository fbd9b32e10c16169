// Accounts and sign-in [issue 13 "Accounts and sign-in"]: passwords (argon2id), sessions in the
// database with httpOnly cookies, CSRF on every change, throttled sign-in, API tokens shown once and
// stored hashed, disabling that ends everything, and an audit log of it all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAccount, ensureDemoAccounts, issueToken, THROTTLE_FAILURES } from '../src/app/accounts.ts';
import { operator } from '../src/domain/access/viewer.ts';
import { accountSpec, normaliseLogin } from '../src/domain/access/accounts.ts';
import { Refusal } from '../src/domain/errors.ts';
import { loadShippedRegion } from '../src/config/region-file.ts';
import { dropTestSchemas, testDatabases } from './support/databases.ts';
import { servedWorkspace, type Served } from './support/api-server.ts';

afterAll(dropTestSchemas);

const admin = operator('test-admin');
type Reply = Awaited<ReturnType<Served['raw']['inject']>>;
const cookieOf = (r: Reply) => {
  const set = [r.headers['set-cookie']].flat().find((c) => c?.startsWith('jr_session='));
  return set ? set.split(';')[0]! : undefined;
};
const codeOf = (r: Reply) => (r.json() as { code?: string }).code;

describe('account rules', () => {
  it('normalises login names and refuses what is not one', () => {
    expect(normaliseLogin('  Anna.de-Vries@Amsterdam.NL ')).toBe('anna.de-vries@amsterdam.nl');
    for (const bad of ['', 'ab', 'a b', '-anna', 'anna-', 'x'.repeat(65), 'ann"a', 'anna;drop']) expect(() => normaliseLogin(bad)).toThrow(Refusal);
  });

  it('asks the scope a role needs, and refuses one it does not take', async () => {
    const region = await loadShippedRegion('amsterdam-amstelland');
    const providers = ['DEMO01'];
    expect(accountSpec(region, providers, { role: 'municipality', municipality: '0363' })).toEqual({ role: 'municipality', municipality: '0363', provider: null });
    const code = (input: Parameters<typeof accountSpec>[2]) => {
      try {
        accountSpec(region, providers, input);
        return 'accepted';
      } catch (e) {
        return (e as Refusal).code;
      }
    };
    expect(code({ role: 'admin' })).toBe('ROLE_INVALID');
    expect(code({ role: 'municipality' })).toBe('ROLE_SCOPE_MISSING');
    expect(code({ role: 'council' })).toBe('ROLE_SCOPE_MISSING');
    expect(code({ role: 'provider' })).toBe('ROLE_SCOPE_MISSING');
    expect(code({ role: 'region', municipality: '0363' })).toBe('ROLE_SCOPE_EXTRA');
    expect(code({ role: 'municipality', municipality: '0363', provider: 'DEMO01' })).toBe('ROLE_SCOPE_EXTRA');
    expect(code({ role: 'municipality', municipality: '9999' })).toBe('UNKNOWN_MUNICIPALITY');
    expect(code({ role: 'provider', provider: 'NOPE' })).toBe('UNKNOWN_PROVIDER');
  });
});

describe.each(testDatabases)('sign-in, sessions and tokens on $name', (database) => {
  let served: Served;
  beforeAll(async () => {
    // sign-ins per address are limited too: that limit has its own test below
    served = await servedWorkspace(database, undefined, { signInPerMinute: 1000 });
  });
  afterAll(async () => served?.close());

  const signIn = (login: string, password: string) => served.raw.inject({ method: 'POST', url: '/api/session', payload: { login, password } });

  it('signs in with a password into an httpOnly session; changes need the CSRF token; sign-out ends the session', async () => {
    await addAccount(admin, served.ws, { login: 'anna', role: 'municipality', municipality: '0363', password: 'anna-long-password' });
    const r = await signIn('Anna', 'anna-long-password');
    expect(r.statusCode).toBe(200);
    const me = r.json() as { login: string; role: string; municipality: string; csrfToken: string };
    expect(me).toMatchObject({ login: 'anna', role: 'municipality', municipality: '0363', mustChangePassword: false });
    const setCookie = [r.headers['set-cookie']].flat().join(';');
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const cookie = cookieOf(r)!;
    expect((await served.raw.inject({ url: '/api/session', headers: { cookie } })).json()).toMatchObject({ login: 'anna', csrfToken: me.csrfToken });
    // a change without (or with a wrong) CSRF token is refused; with it, it goes through
    const noCsrf = await served.raw.inject({ method: 'POST', url: '/api/account/tokens', headers: { cookie }, payload: {} });
    expect([noCsrf.statusCode, codeOf(noCsrf)]).toEqual([403, 'CSRF_MISSING']);
    const wrongCsrf = await served.raw.inject({ method: 'POST', url: '/api/account/tokens', headers: { cookie, 'x-csrf-token': 'x'.repeat(me.csrfToken.length) }, payload: {} });
    expect(codeOf(wrongCsrf)).toBe('CSRF_MISSING');
    const ok = await served.raw.inject({ method: 'POST', url: '/api/account/tokens', headers: { cookie, 'x-csrf-token': me.csrfToken }, payload: { label: 'laptop' } });
    expect(ok.statusCode).toBe(200);
    // sign out: the cookie no longer works
    expect((await served.raw.inject({ method: 'DELETE', url: '/api/session', headers: { cookie, 'x-csrf-token': me.csrfToken } })).statusCode).toBe(200);
    const after = await served.raw.inject({ url: '/api/session', headers: { cookie } });
    expect([after.statusCode, codeOf(after)]).toEqual([401, 'NOT_SIGNED_IN']);
  });

  it('answers a wrong password, an unknown login and a disabled account alike, and throttles a login after repeated failures', async () => {
    await addAccount(admin, served.ws, { login: 'bert', role: 'council', municipality: '0363', password: 'bert-long-password' });
    const wrong = await signIn('bert', 'not the password');
    const unknown = await signIn('nobody-at-all', 'not the password');
    expect([wrong.statusCode, codeOf(wrong)]).toEqual([401, 'SIGN_IN_FAILED']);
    expect([unknown.statusCode, (unknown.json() as { detail: string }).detail]).toEqual([401, (wrong.json() as { detail: string }).detail]);
    for (let i = 1; i < THROTTLE_FAILURES; i++) await signIn('bert', 'not the password');
    const throttled = await signIn('bert', 'bert-long-password');
    expect([throttled.statusCode, codeOf(throttled)]).toEqual([429, 'SIGN_IN_THROTTLED']);
    const log = (await served.app.inject({ url: '/api/audit?limit=50' })).json() as { kind: string; detail: { login?: string } }[];
    expect(log.filter((e) => e.kind === 'sign-in-failed' && e.detail.login === 'bert').length).toBe(THROTTLE_FAILURES);
    expect(log.some((e) => e.kind === 'sign-in-throttled')).toBe(true);
  });

  it('makes an initial password good for changing it only', async () => {
    const { password } = await addAccount(admin, served.ws, { login: 'cees', role: 'provider', provider: 'DEMO01' });
    expect(password).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    const r = await signIn('cees', password);
    expect(r.json()).toMatchObject({ mustChangePassword: true });
    const cookie = cookieOf(r)!;
    const csrf = (r.json() as { csrfToken: string }).csrfToken;
    const blocked = await served.raw.inject({ url: '/api/lumpsums/2028', headers: { cookie } });
    expect([blocked.statusCode, codeOf(blocked)]).toEqual([403, 'PASSWORD_CHANGE_REQUIRED']);
    // no token can be minted with the initial password (it would outlive the change)
    const minted = await served.raw.inject({ method: 'POST', url: '/api/account/tokens', headers: { cookie, 'x-csrf-token': csrf }, payload: {} });
    expect([minted.statusCode, codeOf(minted)]).toEqual([403, 'PASSWORD_CHANGE_REQUIRED']);
    const other = cookieOf(await signIn('cees', password))!;
    const weak = await served.raw.inject({ method: 'POST', url: '/api/account/password', headers: { cookie, 'x-csrf-token': csrf }, payload: { current: password, next: 'short' } });
    expect(codeOf(weak)).toBe('PASSWORD_WEAK');
    const changed = await served.raw.inject({ method: 'POST', url: '/api/account/password', headers: { cookie, 'x-csrf-token': csrf }, payload: { current: password, next: 'cees has a new long password' } });
    expect(changed.statusCode).toBe(200);
    expect((await served.raw.inject({ url: '/api/lumpsums/2028', headers: { cookie } })).statusCode).toBe(200);
    // the change ends every other session of the account
    expect((await served.raw.inject({ url: '/api/session', headers: { cookie: other } })).statusCode).toBe(401);
    expect((await signIn('cees', password)).statusCode).toBe(401);
  });

  it('gives an API token once, keeps only its hash, and forgets it when revoked or when the account is disabled', async () => {
    await addAccount(admin, served.ws, { login: 'dirk', role: 'provider', provider: 'DEMO01', password: 'dirk-long-password' });
    const { token, id } = await issueToken(admin, served.ws, 'dirk', 'upload');
    expect(token).toMatch(/^jr_[A-Za-z0-9_-]{43}$/);
    const bearer = { authorization: `Bearer ${token}` };
    expect((await served.raw.inject({ url: '/api/session', headers: bearer })).json()).toMatchObject({ login: 'dirk', role: 'provider', provider: 'DEMO01', csrfToken: null });
    // stored as a hash: the token is nowhere in the database
    const { rows } = await served.ws.store.db.selectFrom('api_token').selectAll().execute().then((r) => ({ rows: r }));
    expect(JSON.stringify(rows)).not.toContain(token.slice(3));
    // a token needs no CSRF token (a browser never sends it by itself)
    expect((await served.raw.inject({ method: 'POST', url: '/api/account/tokens', headers: bearer, payload: {} })).statusCode).toBe(200);
    // a session of the same account ends with the account
    const session = cookieOf(await signIn('dirk', 'dirk-long-password'))!;
    expect((await served.app.inject({ method: 'POST', url: '/api/accounts/dirk/disable' })).statusCode).toBe(200);
    const t = await served.raw.inject({ url: '/api/session', headers: bearer });
    expect([t.statusCode, codeOf(t)]).toEqual([401, 'TOKEN_INVALID']);
    expect((await served.raw.inject({ url: '/api/session', headers: { cookie: session } })).statusCode).toBe(401);
    expect((await signIn('dirk', 'dirk-long-password')).statusCode).toBe(401);
    // revoking: another account's token
    await addAccount(admin, served.ws, { login: 'eva', role: 'region', password: 'eva-long-password' });
    const eva = await issueToken(admin, served.ws, 'eva');
    const evaBearer = { authorization: `Bearer ${eva.token}` };
    expect((await served.raw.inject({ method: 'DELETE', url: `/api/account/tokens/${eva.id}`, headers: evaBearer })).json()).toEqual({ done: true });
    expect((await served.raw.inject({ url: '/api/session', headers: evaBearer })).statusCode).toBe(401);
    expect(id).toBeGreaterThan(0);
  });

  it('has no default accounts; in demo mode one per role, listed for the sign-in page and able to sign in', async () => {
    expect((await served.raw.inject({ url: '/api/demo-accounts' })).statusCode).toBe(404);
    expect((await signIn('demo-regio', 'demo-regio-wachtwoord')).statusCode).toBe(401);
    const demo = await servedWorkspace(database, undefined, { demo: true, signInPerMinute: 1000 });
    try {
      await ensureDemoAccounts(demo.ws);
      await ensureDemoAccounts(demo.ws); // again: nothing changes
      const listed = (await demo.raw.inject({ url: '/api/demo-accounts' })).json() as { login: string; password: string; role: string }[];
      expect(listed.map((a) => a.role).sort()).toEqual(['council', 'municipality', 'provider', 'region']);
      for (const a of listed) {
        const r = await demo.raw.inject({ method: 'POST', url: '/api/session', payload: { login: a.login, password: a.password } });
        expect(r.json(), a.login).toMatchObject({ login: a.login, role: a.role, mustChangePassword: false });
      }
    } finally {
      await demo.close();
    }
  });

  it('limits sign-in tries per address, with a problem+json 429', async () => {
    const limited = await servedWorkspace(database, undefined, { signInPerMinute: 3 });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 4; i++) codes.push((await limited.raw.inject({ method: 'POST', url: '/api/session', payload: { login: `someone${i}`, password: 'x' } })).statusCode);
      expect(codes).toEqual([401, 401, 401, 429]);
    } finally {
      await limited.close();
    }
  });

  it('answers 401 problem+json without credentials on every /api route but sign-in and health, and sends security headers', async () => {
    for (const url of ['/api/region', '/api/monitor/reach?period=2028', '/api/ledger', '/api/audit']) {
      const r = await served.raw.inject({ url });
      expect([r.statusCode, r.headers['content-type']]).toEqual([401, 'application/problem+json; charset=utf-8']);
    }
    const health = await served.raw.inject({ url: '/api/health' });
    expect(health.statusCode).toBe(200);
    const csp = String(health.headers['content-security-policy']);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(health.headers['x-content-type-options']).toBe('nosniff');
    expect(health.headers['referrer-policy']).toBe('same-origin');
    const bad = await served.raw.inject({ url: '/api/region', headers: { authorization: 'Bearer jr_nonsense' } });
    expect(codeOf(bad)).toBe('TOKEN_INVALID');
  });

  it('writes sign-ins, account changes and tokens to an audit log that only the region reads', async () => {
    const log = (await served.app.inject({ url: '/api/audit?limit=200' })).json() as { kind: string; actor: string | null }[];
    const kinds = new Set(log.map((e) => e.kind));
    for (const k of ['sign-in', 'sign-in-failed', 'sign-out', 'account-added', 'account-disabled', 'token-created', 'token-revoked', 'password-changed']) expect(kinds).toContain(k);
    expect(codeOf(await served.as('municipality')({ url: '/api/audit' }))).toBe('FORBIDDEN');
  });
});

