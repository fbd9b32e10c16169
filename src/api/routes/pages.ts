// The plain pages (Dutch) and the OpenAPI document. The overview at / is the region role's (per
// municipality and per provider figures are not for other roles); anyone else gets the sign-in page,
// a plain form that needs no script. Replaced by the web application of issue 13.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { DEMO_ACCOUNTS, signIn, signOut } from '../../app/accounts.ts';
import { allocatedYears } from '../../app/queries.ts';
import type { Workspace } from '../../app/workspace.ts';
import { Refusal } from '../../domain/errors.ts';
import { PAGE_CSS, renderHomePage, renderSignInPage } from '../home-page.ts';
import { clearSessionCookie, setSessionCookie, viewerOf } from '../access.ts';
import { NoQuery, Query, Year } from '../schemas.ts';

const HomeQuery = Query({ year: Type.Optional(Year) });
const SignInForm = Type.Object(
  { login: Type.String({ maxLength: 200 }), password: Type.String({ maxLength: 1024 }), _csrf: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
);
const SignOutForm = Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false });

export function pageRoutes(app: FastifyInstance, ws: Workspace, options: { demo?: boolean; oidcName?: string | null } = {}): void {
  // Plain HTML forms post application/x-www-form-urlencoded.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
  const signInPage = (extra: { csrfToken?: string | null; signedInAs?: { login: string; role: string } | null; error?: string }) =>
    renderSignInPage(ws, { ...(options.demo ? { demo: DEMO_ACCOUNTS } : {}), oidcName: options.oidcName ?? null, ...extra });

  app.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true, querystring: NoQuery } }, async () => app.swagger());

  app.get('/jeugdregie.css', { config: { access: 'public' }, schema: { hide: true, querystring: NoQuery } }, async (_req, reply) =>
    reply.type('text/css; charset=utf-8').header('Cache-Control', 'public, max-age=3600').send(PAGE_CSS),
  );

  app.get<{ Querystring: Static<typeof HomeQuery> }>('/', { config: { access: 'public' }, schema: { hide: true, querystring: HomeQuery } }, async (req, reply) => {
    const viewer = req.viewer;
    if (viewer?.role !== 'region' || req.mustChangePassword) {
      return reply.type('text/html; charset=utf-8').send(signInPage({ csrfToken: req.csrfToken, signedInAs: viewer ? { login: viewer.login, role: viewer.role } : null }));
    }
    const years = await allocatedYears(ws);
    const page = await renderHomePage(ws, req.query.year ?? years[0] ?? 2028, years, { login: viewer.login, csrfToken: req.csrfToken });
    if (page.dataUpTo !== null) void reply.header('Data-Up-To', page.dataUpTo);
    return reply.type('text/html; charset=utf-8').send(page.html);
  });

  app.post<{ Body: Static<typeof SignInForm> }>(
    '/aanmelden',
    { config: { access: 'public', rateLimit: { max: 10, timeWindow: 60_000 } }, schema: { hide: true, querystring: NoQuery, body: SignInForm } },
    async (req, reply) => {
      try {
        const s = await signIn(ws, req.body.login, req.body.password);
        setSessionCookie(req, reply, s.sessionToken);
        return reply.redirect('/', 303);
      } catch (e) {
        if (!(e instanceof Refusal)) throw e;
        return reply.code(e.status).type('text/html; charset=utf-8').send(signInPage({ error: e.text('nl') }));
      }
    },
  );

  app.post<{ Body: Static<typeof SignOutForm> }>(
    '/afmelden',
    { config: { access: 'self' }, schema: { hide: true, querystring: NoQuery, body: SignOutForm } },
    async (req, reply) => {
      if (req.sessionToken) await signOut(viewerOf(req), ws, req.sessionToken);
      clearSessionCookie(req, reply);
      return reply.redirect('/', 303);
    },
  );
}
