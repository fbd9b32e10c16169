// The HTTP layer's part in access: it only finds out who is asking [issue 13; docs/access.md]. A
// session cookie (the web application) or an API token (Authorization: Bearer) becomes the request's
// viewer; what that viewer may see is decided by the use cases it is handed to. Every route declares
// its access (`config.access`): 'public' (sign-in, health, the OpenAPI document, the application's
// files) or the capability its use case checks; a route without one makes buildServer fail, so it
// cannot be shipped. Changes by a session need the session's CSRF token in X-CSRF-Token.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie';
import { csrfMatches, sessionViewer, tokenViewer } from '../app/accounts.ts';
import type { Workspace } from '../app/workspace.ts';
import type { Capability } from '../domain/access/policy.ts';
import { CAPABILITIES } from '../domain/access/policy.ts';
import type { Viewer } from '../domain/access/viewer.ts';
import { Refusal } from '../domain/errors.ts';

export type RouteAccess = 'public' | Capability;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    /** Who is asking (null on a public route without a session). */
    viewer: Viewer | null;
    /** The session cookie's value, when the viewer came by session. */
    sessionToken: string | null;
    /** The session's CSRF token, when the viewer came by session. */
    csrfToken: string | null;
    /** The session's account must change its password before anything else. */
    mustChangePassword: boolean;
  }
}

export const SESSION_COOKIE = 'jr_session';
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The access a route declared; throws for a route that declared none (at registration: the build fails). */
export function checkDeclared(method: string, url: string, access: unknown): RouteAccess {
  if (access === 'public' || (typeof access === 'string' && Object.hasOwn(CAPABILITIES, access))) return access as RouteAccess;
  throw new Error(`route ${method} ${url} declares no access policy: add config: { access: 'public' | <capability> } (src/domain/access/policy.ts)`);
}

/** The viewer of a route that needs one (the hook has made sure there is one). */
export function viewerOf(req: FastifyRequest): Viewer {
  if (!req.viewer) throw new Refusal('NOT_SIGNED_IN');
  return req.viewer;
}

export function installAuthentication(app: FastifyInstance, ws: Workspace): void {
  app.decorateRequest('viewer', null);
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('mustChangePassword', false);
  app.addHook('preHandler', async (req) => {
    const access = req.routeOptions.config.access;
    // A route the router does not know (404) has no access: nothing to authenticate for.
    if (access === undefined) return;
    const auth = req.headers.authorization;
    if (auth !== undefined) {
      const m = /^Bearer\s+(\S+)$/i.exec(auth);
      const viewer = m ? await tokenViewer(ws, m[1]!) : undefined;
      if (!viewer) throw new Refusal('TOKEN_INVALID');
      req.viewer = viewer;
    } else {
      const cookie = req.cookies[SESSION_COOKIE];
      const session = cookie ? await sessionViewer(ws, cookie) : undefined;
      if (session) {
        req.viewer = session.viewer;
        req.sessionToken = cookie!;
        req.csrfToken = session.csrfToken;
        req.mustChangePassword = session.mustChangePassword;
        // A plain HTML form (the sign-in page) sends the token as the field _csrf instead.
        const formToken = (req.body as { _csrf?: unknown } | undefined)?._csrf;
        const sent = headerOf(req, 'x-csrf-token') ?? (typeof formToken === 'string' ? formToken : undefined);
        if (WRITES.has(req.method) && !csrfMatches(session.csrfToken, sent)) throw new Refusal('CSRF_MISSING');
      }
    }
    if (access === 'public') return;
    if (!req.viewer) throw new Refusal('NOT_SIGNED_IN');
    if (req.mustChangePassword && access !== 'self') throw new Refusal('PASSWORD_CHANGE_REQUIRED');
  });
}

function headerOf(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Sets the session cookie: httpOnly, SameSite=Lax, Secure when served over TLS, for the whole site. */
export function setSessionCookie(req: FastifyRequest, reply: FastifyReply, token: string): void {
  void reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: req.protocol === 'https', maxAge: 12 * 3600 });
}

export function clearSessionCookie(req: FastifyRequest, reply: FastifyReply): void {
  void reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: req.protocol === 'https' });
}
