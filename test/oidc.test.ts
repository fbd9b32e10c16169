// Sign-in through an identity provider, end to end against a real OpenID Connect provider started
// here (oidc-provider, with its development login and consent pages), not a mock [issue 13].
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { addAccount, disableAccount } from '../src/app/accounts.ts';
import { oidcSignIn } from '../src/app/oidc.ts';
import { buildServer } from '../src/api/server.ts';
import { operator } from '../src/domain/access/viewer.ts';
import { readSettings } from '../src/config/settings.ts';
import { dropTestSchemas, testDatabases } from './support/databases.ts';
import { servedWorkspace, type Served } from './support/api-server.ts';

afterAll(dropTestSchemas);

const REDIRECT = 'http://127.0.0.1:3999/api/oidc/callback';
let issuer = '';
let server: http.Server;

beforeAll(async () => {
  server = http.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [{ client_id: 'jeugdregie', client_secret: 'a-client-secret-for-the-test-only', redirect_uris: [REDIRECT], grant_types: ['authorization_code'], response_types: ['code'] }],
    // the development login takes any name: the person is who they say, with that e-mail address
    // "unverified:" before a name: the provider does not vouch for that address
    findAccount: async (_ctx: unknown, id: string) => ({
      accountId: id,
      claims: async () => ({ sub: `subject-of-${id}`, email: id.replace(/^unverified:/, ''), email_verified: !id.startsWith('unverified:') }),
    }),
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    cookies: { keys: ['a cookie key for the test only'] },
  });
  server.on('request', provider.callback());
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** A browser: follows the identity provider's redirects and fills in its login and consent pages, until it is sent to Jeugdregie's callback. */
async function browseToCallback(start: string, login: string): Promise<string> {
  const jar = new Map<string, string>();
  let url = start;
  let body: string | undefined;
  for (let step = 0; step < 20; step++) {
    const r = await fetch(url, {
      method: body === undefined ? 'GET' : 'POST',
      redirect: 'manual',
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '), ...(body !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(body !== undefined ? { body } : {}),
    });
    for (const c of r.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      jar.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
    body = undefined;
    const location = r.headers.get('location');
    if (location) {
      url = new URL(location, url).href;
      if (url.startsWith(REDIRECT)) return url;
      continue;
    }
    const html = await r.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
    if (!action || !prompt) throw new Error(`no form at ${url}: ${r.status} ${html.slice(0, 200)}`);
    url = new URL(action.replace(/&amp;/g, '&'), url).href;
    body = new URLSearchParams(prompt === 'login' ? { prompt, login, password: 'anything' } : { prompt }).toString();
  }
  throw new Error('the identity provider did not send the browser back');
}

describe.each(testDatabases)('OpenID Connect sign-in on $name', (database) => {
  let served: Served;
  let app: Awaited<ReturnType<typeof buildServer>>;
  beforeAll(async () => {
    served = await servedWorkspace(database);
    const settings = readSettings({ JEUGDREGIE_OIDC_ISSUER: issuer, JEUGDREGIE_OIDC_CLIENT_ID: 'jeugdregie', JEUGDREGIE_OIDC_CLIENT_SECRET: 'a-client-secret-for-the-test-only', JEUGDREGIE_OIDC_REDIRECT_URI: REDIRECT });
    app = await buildServer(served.ws, { oidc: oidcSignIn(settings.oidc!) });
  });
  afterAll(async () => {
    await app?.close();
    await served?.close();
  });

  const signInThrough = async (login: string) => {
    const start = await app.inject({ url: '/api/oidc/start' });
    expect(start.statusCode).toBe(302);
    const flow = [start.headers['set-cookie']].flat().find((c) => c?.startsWith('jr_oidc='))!.split(';')[0]!;
    const callback = new URL(await browseToCallback(String(start.headers.location), login));
    return app.inject({ url: `${callback.pathname}${callback.search}`, headers: { cookie: flow } });
  };

  it('signs in a person the identity provider knows, as the account with their e-mail address, and links it', async () => {
    await addAccount(operator('test'), served.ws, { login: 'els@amsterdam.nl', role: 'municipality', municipality: '0363' });
    expect((await app.inject({ url: '/api/oidc' })).json()).toEqual({ enabled: true, name: 'de identiteitsprovider van uw gemeente' });
    const done = await signInThrough('els@amsterdam.nl');
    expect([done.statusCode, done.headers.location], done.body).toEqual([302, '/']);
    const session = [done.headers['set-cookie']].flat().find((c) => c?.startsWith('jr_session='))!.split(';')[0]!;
    const me = (await app.inject({ url: '/api/session', headers: { cookie: session } })).json();
    // an initial password does not stand in the way: the identity provider vouched for the person
    expect(me).toMatchObject({ login: 'els@amsterdam.nl', role: 'municipality', municipality: '0363', mustChangePassword: false });
    expect((await app.inject({ url: '/api/lumpsums/2028', headers: { cookie: session } })).statusCode).toBe(200);
    // linked: the account now says it signs in through the identity provider too
    const listed = ((await served.app.inject({ url: '/api/accounts' })).json() as { login: string; signIn: string }[]).find((a) => a.login === 'els@amsterdam.nl');
    expect(listed?.signIn).toBe('password and identity provider');
    // and again: found by the subject
    expect((await signInThrough('els@amsterdam.nl')).statusCode).toBe(302);
  });

  it('refuses a person without an account, a disabled account, a replayed answer and an answer without its flow cookie', async () => {
    // an address the identity provider did not verify links no account (someone could have typed another's)
    await addAccount(operator('test'), served.ws, { login: 'kees@amsterdam.nl', role: 'region' });
    expect(((await signInThrough('unverified:kees@amsterdam.nl')).json() as { code: string }).code).toBe('OIDC_NO_ACCOUNT');
    const nobody = await signInThrough('stranger@example.org');
    expect([nobody.statusCode, (nobody.json() as { code: string }).code]).toEqual([403, 'OIDC_NO_ACCOUNT']);
    await addAccount(operator('test'), served.ws, { login: 'gone@amsterdam.nl', role: 'council', municipality: '0363' });
    await disableAccount(operator('test'), served.ws, 'gone@amsterdam.nl');
    expect(((await signInThrough('gone@amsterdam.nl')).json() as { code: string }).code).toBe('OIDC_NO_ACCOUNT');
    // the same answer twice, or without the cookie of the browser that started it
    await addAccount(operator('test'), served.ws, { login: 'jan@amsterdam.nl', role: 'region' });
    const start = await app.inject({ url: '/api/oidc/start' });
    const flow = [start.headers['set-cookie']].flat().find((c) => c?.startsWith('jr_oidc='))!.split(';')[0]!;
    const callback = new URL(await browseToCallback(String(start.headers.location), 'jan@amsterdam.nl'));
    const path = `${callback.pathname}${callback.search}`;
    expect(((await app.inject({ url: path })).json() as { code: string }).code).toBe('OIDC_FAILED');
    expect((await app.inject({ url: path, headers: { cookie: flow } })).statusCode).toBe(302);
    expect(((await app.inject({ url: path, headers: { cookie: flow } })).json() as { code: string }).code).toBe('OIDC_FAILED');
    const log = (await served.app.inject({ url: '/api/audit?limit=50' })).json() as { kind: string; detail: { how?: string } }[];
    expect(log.filter((e) => e.kind === 'sign-in' && e.detail.how === 'oidc').length).toBeGreaterThanOrEqual(3);
    expect(log.some((e) => e.kind === 'sign-in-failed' && e.detail.how === 'oidc')).toBe(true);
  });

  it("tells the person one generic line, and keeps the identity provider's own words for the audit log", async () => {
    const start = await app.inject({ url: '/api/oidc/start' });
    const flow = [start.headers['set-cookie']].flat().find((c) => c?.startsWith('jr_oidc='))!.split(';')[0]!;
    const state = new URL(String(start.headers.location)).searchParams.get('state')!;
    // anyone can make a link with an error text of their choosing: it must not be shown as if it were ours
    const words = 'Bel 0900-1234 en geef uw wachtwoord';
    const answer = await app.inject({ url: `/api/oidc/callback?${new URLSearchParams({ error: 'access_denied', error_description: words, state, iss: issuer })}`, headers: { cookie: flow } });
    expect([answer.statusCode, (answer.json() as { code: string }).code]).toEqual([401, 'OIDC_FAILED']);
    expect(answer.body).not.toContain('0900');
    expect((answer.json() as { detail: string }).detail).toBe('aanmelden via de identiteitsprovider is niet gelukt; begin opnieuw op de aanmeldpagina');
    const log = (await served.app.inject({ url: '/api/audit?limit=50' })).json() as { kind: string; detail: { how?: string; reason?: string } }[];
    expect(log.find((e) => e.kind === 'sign-in-failed' && e.detail.how === 'oidc' && e.detail.reason?.includes(`access_denied: ${words}`))).toBeDefined();
  });

  it('says so when it is not configured, and refuses half a configuration', async () => {
    expect((await served.raw.inject({ url: '/api/oidc' })).json()).toEqual({ enabled: false, name: null });
    expect((await served.raw.inject({ url: '/api/oidc/start' })).statusCode).toBe(404);
    expect(() => readSettings({ JEUGDREGIE_OIDC_ISSUER: issuer })).toThrow(/JEUGDREGIE_OIDC_CLIENT_ID/);
  });
});
