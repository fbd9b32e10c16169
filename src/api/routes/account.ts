// Sign-in, sessions, one's own account and tokens; accounts and the audit log for the region's
// administrator [issue 13 "Accounts and sign-in"]. Writes by a session need X-CSRF-Token (access.ts).
// Every way to try a password (sign-in, a password change's current password) shares one limit per
// address; the per-login throttle and the cap on argon2 are the use cases' (accounts.ts).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type {} from '@fastify/rate-limit';
import type {} from '@fastify/cookie';
import { Type, type Static } from '@sinclair/typebox';
import {
  addAccount,
  DEMO_ACCOUNTS,
  auditLog,
  changePassword,
  disableAccount,
  issueToken,
  listAccounts,
  revokeApiToken,
  signIn,
  signOut,
  signOutEverywhere,
  tokensOf,
} from '../../app/accounts.ts';
import type { Workspace } from '../../app/workspace.ts';
import type { OidcSignIn } from '../../app/oidc.ts';
import type { Viewer } from '../../domain/access/viewer.ts';
import { clearSessionCookie, overTls, presentedSession, setSessionCookie, viewerOf } from '../access.ts';
import { Refusal } from '../../domain/errors.ts';
import { PROBLEM_RESPONSES } from '../errors.ts';
import { Nullable, NoQuery, Query } from '../schemas.ts';

const Me = Type.Object({
  login: Type.String(),
  role: Type.Union([Type.Literal('region'), Type.Literal('municipality'), Type.Literal('provider'), Type.Literal('council')]),
  municipality: Nullable(Type.String(), 'with municipality and council: the CBS code'),
  provider: Nullable(Type.String(), 'with provider: the provider code'),
  csrfToken: Nullable(Type.String(), 'send as X-CSRF-Token with every change made with this session (null with an API token)'),
  mustChangePassword: Type.Boolean(),
});
const SignInBody = Type.Object(
  { login: Type.String({ minLength: 1, maxLength: 200 }), password: Type.String({ minLength: 1, maxLength: 1024 }) },
  { additionalProperties: false },
);
const PasswordBody = Type.Object(
  { current: Type.String({ minLength: 1, maxLength: 1024 }), next: Type.String({ minLength: 1, maxLength: 1024 }) },
  { additionalProperties: false },
);
const TokenBody = Type.Object({ label: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false });
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) }, { additionalProperties: false });
const LoginParams = Type.Object({ login: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });
const AccountBody = Type.Object(
  {
    login: Type.String({ minLength: 1, maxLength: 200 }),
    role: Type.String({ minLength: 1, maxLength: 40, description: 'region, municipality, provider or council' }),
    municipality: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    provider: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  },
  { additionalProperties: false },
);
const Account = Type.Object({
  login: Type.String(),
  role: Type.String(),
  municipality: Nullable(Type.String()),
  provider: Nullable(Type.String()),
  signIn: Type.String(),
  createdAt: Type.String(),
  createdBy: Type.String(),
  disabledAt: Nullable(Type.String()),
});
const Token = Type.Object({
  id: Type.Integer(),
  login: Type.String(),
  prefix: Type.String(),
  label: Type.String(),
  createdAt: Type.String(),
  createdBy: Type.String(),
  lastUsedAt: Nullable(Type.String()),
  revokedAt: Nullable(Type.String()),
});
const AuditQuery = Query({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'at most this many events (default 100)' })),
  before: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$', description: 'events before this id (the next page)' })),
});
const AuditEvent = Type.Object({
  id: Type.String(),
  at: Type.String(),
  actor: Nullable(Type.String()),
  kind: Type.String({ description: 'sign-in, sign-in-failed, sign-in-throttled, sign-out, sign-out-everywhere, password-changed, account-added, account-disabled, token-created, token-revoked, export, decision' }),
  detail: Type.Object({}, { additionalProperties: true }),
});
const Done = Type.Object({ done: Type.Boolean() });

/** Tries of a password (sign-in and password change together): at most this many per address per minute, besides the per-login throttle. */
export const SIGN_IN_PER_MINUTE = 10;

const me = (v: Viewer, csrfToken: string | null, mustChangePassword: boolean) => ({
  login: v.login,
  role: v.role,
  municipality: v.role === 'municipality' || v.role === 'council' ? v.municipality : null,
  provider: v.role === 'provider' ? v.provider : null,
  csrfToken,
  mustChangePassword,
});

/** The identity provider's flow cookie: over TLS `__Host-` (Secure, Path=/, no Domain), so no other site's cookie can stand in for it. */
const oidcCookie = (req: FastifyRequest) =>
  overTls(req)
    ? { name: '__Host-jr_oidc', options: { path: '/', httpOnly: true, sameSite: 'lax', secure: true } as const }
    : { name: 'jr_oidc', options: { path: '/api/oidc', httpOnly: true, sameSite: 'lax', secure: false } as const };

export function accountRoutes(app: FastifyInstance, ws: Workspace, signInPerMinute = SIGN_IN_PER_MINUTE, demo = false, oidc?: OidcSignIn): void {
  // One bucket per address for every route that tries a password (the address: JEUGDREGIE_TRUST_PROXY).
  const passwordTries = app.createRateLimit({ max: signInPerMinute, timeWindow: 60_000 });
  const limitPasswordTries = async (req: FastifyRequest) => {
    const r = await passwordTries(req);
    if (!r.isAllowed && r.isExceeded) throw new Refusal('SIGN_IN_THROTTLED', { seconds: Math.max(1, r.ttlInSeconds) });
  };

  app.get(
    '/api/oidc',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Whether sign-in through an identity provider (OpenID Connect) is configured, and its name for the sign-in button',
        querystring: NoQuery,
        response: { 200: Type.Object({ enabled: Type.Boolean(), name: Nullable(Type.String()) }), ...PROBLEM_RESPONSES },
      },
    },
    async () => ({ enabled: oidc !== undefined, name: oidc?.name ?? null }),
  );

  // Only when an identity provider is configured (JEUGDREGIE_OIDC_…).
  if (oidc) {
    app.get(
      '/api/oidc/start',
      {
        config: { access: 'public', rateLimit: { max: signInPerMinute, timeWindow: 60_000 } },
        schema: { summary: 'Start signing in through the identity provider: redirects there', querystring: NoQuery, response: { 302: Type.Null({ description: 'to the identity provider' }), ...PROBLEM_RESPONSES } },
      },
      async (req, reply) => {
        const { url, flowToken } = await oidc.start(ws);
        const flow = oidcCookie(req);
        void reply.setCookie(flow.name, flowToken, { ...flow.options, maxAge: 600 });
        return reply.redirect(url, 302);
      },
    );

    app.get(
      '/api/oidc/callback',
      {
        config: { access: 'public', rateLimit: { max: signInPerMinute, timeWindow: 60_000 } },
        schema: {
          summary: "The identity provider's answer: signs in and redirects to the application",
          // what the identity provider sends (code, state, iss, session_state …) is checked by openid-client
          querystring: Type.Object({}, { additionalProperties: Type.String({ maxLength: 4096 }) }),
          response: { 302: Type.Null({ description: 'to the application, signed in' }), ...PROBLEM_RESPONSES },
        },
      },
      async (req, reply) => {
        const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
        const flow = oidcCookie(req);
        void reply.clearCookie(flow.name, flow.options);
        const presented = presentedSession(req);
        if (presented !== undefined) clearSessionCookie(req, reply);
        const s = await oidc.finish(ws, req.cookies[flow.name], query, presented);
        setSessionCookie(req, reply, s.sessionToken);
        return reply.redirect('/', 302);
      },
    );
  }

  if (demo) {
    // Demo mode only (npm start): the demo's accounts, shown on the sign-in page.
    app.get(
      '/api/demo-accounts',
      {
        config: { access: 'public' },
        schema: {
          summary: 'Demo mode only: the demo accounts with their passwords, one per role',
          querystring: NoQuery,
          response: { 200: Type.Array(Type.Object({ login: Type.String(), password: Type.String(), role: Type.String(), description: Type.String() })), ...PROBLEM_RESPONSES },
        },
      },
      async () => DEMO_ACCOUNTS.map((a) => ({ login: a.login, password: a.password, role: a.role, description: a.description })),
    );
  }

  app.post<{ Body: Static<typeof SignInBody> }>(
    '/api/session',
    {
      config: { access: 'public' },
      onRequest: limitPasswordTries,
      schema: {
        summary: 'Sign in with a login name and password: ends the session whose cookie came with it and sets a new session cookie',
        querystring: NoQuery,
        body: SignInBody,
        response: { 200: Me, ...PROBLEM_RESPONSES },
      },
    },
    async (req, reply) => {
      const presented = presentedSession(req);
      // the presented session ends whatever the outcome (a new one below replaces the cookie)
      if (presented !== undefined) clearSessionCookie(req, reply);
      const s = await signIn(ws, req.body.login, req.body.password, presented);
      setSessionCookie(req, reply, s.sessionToken);
      return me(s.viewer, s.csrfToken, s.mustChangePassword);
    },
  );

  app.get(
    '/api/session',
    { config: { access: 'self' }, schema: { summary: 'Who is signed in (with the CSRF token of the session)', querystring: NoQuery, response: { 200: Me, ...PROBLEM_RESPONSES } } },
    async (req) => me(viewerOf(req), req.csrfToken, req.mustChangePassword),
  );

  app.delete(
    '/api/session',
    { config: { access: 'self' }, schema: { summary: 'Sign out (this session)', querystring: NoQuery, response: { 200: Done, ...PROBLEM_RESPONSES } } },
    async (req, reply) => {
      if (req.sessionToken) await signOut(viewerOf(req), ws, req.sessionToken);
      clearSessionCookie(req, reply);
      return { done: true };
    },
  );

  app.post(
    '/api/session/everywhere',
    { config: { access: 'self' }, schema: { summary: 'Sign out on every device (every session of the account)', querystring: NoQuery, response: { 200: Type.Object({ sessions: Type.Integer() }), ...PROBLEM_RESPONSES } } },
    async (req, reply) => {
      const sessions = await signOutEverywhere(viewerOf(req), ws);
      clearSessionCookie(req, reply);
      return { sessions };
    },
  );

  app.post<{ Body: Static<typeof PasswordBody> }>(
    '/api/account/password',
    { config: { access: 'self' }, onRequest: limitPasswordTries, schema: { summary: 'Change one’s own password', querystring: NoQuery, body: PasswordBody, response: { 200: Done, ...PROBLEM_RESPONSES } } },
    async (req) => {
      await changePassword(viewerOf(req), ws, req.body.current, req.body.next, req.sessionToken ?? undefined);
      return { done: true };
    },
  );

  app.get(
    '/api/account/tokens',
    { config: { access: 'self' }, schema: { summary: 'One’s own API tokens (never the tokens themselves)', querystring: NoQuery, response: { 200: Type.Array(Token), ...PROBLEM_RESPONSES } } },
    async (req) => tokensOf(viewerOf(req), ws),
  );

  app.post<{ Body: Static<typeof TokenBody> }>(
    '/api/account/tokens',
    {
      config: { access: 'self' },
      schema: { summary: 'A new API token for one’s own account: shown in this answer only', querystring: NoQuery, body: TokenBody, response: { 200: Type.Object({ id: Type.Integer(), token: Type.String() }), ...PROBLEM_RESPONSES } },
    },
    async (req) => {
      const v = viewerOf(req);
      return issueToken(v, ws, v.login, req.body?.label ?? '');
    },
  );

  app.delete<{ Params: Static<typeof IdParams> }>(
    '/api/account/tokens/:id',
    { config: { access: 'self' }, schema: { summary: 'Revoke an API token', params: IdParams, querystring: NoQuery, response: { 200: Done, ...PROBLEM_RESPONSES } } },
    async (req) => ({ done: await revokeApiToken(viewerOf(req), ws, req.params.id) }),
  );

  app.get(
    '/api/accounts',
    { config: { access: 'accounts.manage' }, schema: { summary: 'Every account', querystring: NoQuery, response: { 200: Type.Array(Account), ...PROBLEM_RESPONSES } } },
    async (req) => listAccounts(viewerOf(req), ws),
  );

  app.post<{ Body: Static<typeof AccountBody> }>(
    '/api/accounts',
    {
      config: { access: 'accounts.manage' },
      schema: {
        summary: 'Add an account: the answer holds its one-time initial password',
        querystring: NoQuery,
        body: AccountBody,
        response: { 200: Type.Object({ account: Account, password: Type.String() }), ...PROBLEM_RESPONSES },
      },
    },
    async (req) => addAccount(viewerOf(req), ws, req.body),
  );

  app.post<{ Params: Static<typeof LoginParams> }>(
    '/api/accounts/:login/disable',
    { config: { access: 'accounts.manage' }, schema: { summary: 'Disable an account: its sessions end and its tokens are revoked', params: LoginParams, querystring: NoQuery, response: { 200: Done, ...PROBLEM_RESPONSES } } },
    async (req) => {
      await disableAccount(viewerOf(req), ws, req.params.login);
      return { done: true };
    },
  );

  app.get<{ Querystring: Static<typeof AuditQuery> }>(
    '/api/audit',
    { config: { access: 'audit.read' }, schema: { summary: 'The audit log, newest first: sign-ins, failed sign-ins, exports, decisions, account changes', querystring: AuditQuery, response: { 200: Type.Array(AuditEvent), ...PROBLEM_RESPONSES } } },
    async (req) => auditLog(viewerOf(req), ws, req.query.limit, req.query.before),
  );

  app.get('/api/health', { config: { access: 'public' }, schema: { summary: 'Whether the server answers', querystring: NoQuery, response: { 200: Type.Object({ ok: Type.Boolean() }), ...PROBLEM_RESPONSES } } }, async () => ({ ok: true }));
}
