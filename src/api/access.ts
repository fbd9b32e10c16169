// The HTTP layer's part in access: it only finds out who is asking [issue 13; docs/access.md]. A
// session cookie (the web application) or an API token (Authorization: Bearer) becomes the request's
// viewer; what that viewer may see is decided by the use cases it is handed to. Every route declares
// its access (`config.access`): 'public' (sign-in, health, the OpenAPI document, the application's
// files) or the capability its use case checks; a route without one makes buildServer fail, so it
// cannot be shipped. Changes by a session need the session's CSRF token in X-CSRF-Token.
// Both are settled in onRequest, before a body is read or anything is validated: a request without
// credentials learns nothing but 401. Before that, a change (POST, PUT, PATCH, DELETE) that a browser
// says came from another site is refused, sign-in included (decisions §44).
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

/** The session cookie over plain http (localhost); over TLS it is SESSION_COOKIE_TLS. */
export const SESSION_COOKIE = 'jr_session';
/** Over TLS: `__Host-` makes the browser keep it only if Secure, Path=/ and without Domain (no subdomain can set or shadow it). */
export const SESSION_COOKIE_TLS = '__Host-jr_session';
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Whether the request reached the server over TLS (behind a trusted proxy: as the proxy says, JEUGDREGIE_TRUST_PROXY). */
export const overTls = (req: FastifyRequest): boolean => req.protocol === 'https';

/** The session cookie's name for this request: `__Host-jr_session` over TLS, `jr_session` over http. */
export const sessionCookieName = (req: FastifyRequest): string => (overTls(req) ? SESSION_COOKIE_TLS : SESSION_COOKIE);

/** The session cookie's value the request came with (only the name of its protocol counts). */
export const presentedSession = (req: FastifyRequest): string | undefined => req.cookies[sessionCookieName(req)] || undefined;

/** The server's own origin as this request reached it ("https://jeugdregie.example.nl"), normalised. */
function ownOrigin(req: FastifyRequest): string | undefined {
  try {
    return new URL(`${req.protocol}://${req.host}`).origin;
  } catch {
    return undefined;
  }
}

/**
 * A change a browser sent from another site: an Origin that is not the server's own (also "null"),
 * or, without Origin, Sec-Fetch-Site cross-site or same-site. A request without either header is
 * not from a browser's page (curl, scripts, the CLI's tests) and has no ambient cookie to abuse
 * unless it sends one itself.
 */
export function crossSiteOrigin(req: FastifyRequest): string | undefined {
  const origin = headerOf(req, 'origin');
  if (origin !== undefined) {
    let given: string;
    try {
      given = new URL(origin).origin;
    } catch {
      return origin.slice(0, 100);
    }
    return given !== 'null' && given === ownOrigin(req) ? undefined : origin.slice(0, 100);
  }
  const site = headerOf(req, 'sec-fetch-site');
  return site === 'cross-site' || site === 'same-site' ? `Sec-Fetch-Site: ${site}` : undefined;
}

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
  app.addHook('onRequest', async (req) => {
    if (WRITES.has(req.method)) {
      const other = crossSiteOrigin(req);
      if (other !== undefined) throw new Refusal('CROSS_SITE_REFUSED', { origin: other.replace(/[^\x21-\x7e]/g, '?'), own: ownOrigin(req) ?? '?' });
    }
    const access = req.routeOptions.config.access;
    // A route the router does not know (404) has no access: nothing to authenticate for. A public
    // route does not look at credentials (sign-in ends a presented session itself).
    if (access === undefined || access === 'public') return;
    const auth = req.headers.authorization;
    if (auth !== undefined) {
      const m = /^Bearer\s+(\S+)$/i.exec(auth);
      const viewer = m ? await tokenViewer(ws, m[1]!) : undefined;
      if (!viewer) throw new Refusal('TOKEN_INVALID');
      req.viewer = viewer;
    } else {
      const cookie = presentedSession(req);
      const session = cookie ? await sessionViewer(ws, cookie) : undefined;
      if (session) {
        req.viewer = session.viewer;
        req.sessionToken = cookie!;
        req.csrfToken = session.csrfToken;
        req.mustChangePassword = session.mustChangePassword;
        if (WRITES.has(req.method) && !csrfMatches(session.csrfToken, headerOf(req, 'x-csrf-token'))) throw new Refusal('CSRF_MISSING');
      }
    }
    if (!req.viewer) throw new Refusal('NOT_SIGNED_IN');
    if (req.mustChangePassword && access !== 'self') throw new Refusal('PASSWORD_CHANGE_REQUIRED');
  });
}

function headerOf(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Sets the session cookie: httpOnly, SameSite=Lax, for the whole site, no Domain; over TLS Secure and named `__Host-jr_session`. */
export function setSessionCookie(req: FastifyRequest, reply: FastifyReply, token: string): void {
  void reply.setCookie(sessionCookieName(req), token, { path: '/', httpOnly: true, sameSite: 'lax', secure: overTls(req), maxAge: 12 * 3600 });
}

export function clearSessionCookie(req: FastifyRequest, reply: FastifyReply): void {
  void reply.clearCookie(sessionCookieName(req), { path: '/', httpOnly: true, sameSite: 'lax', secure: overTls(req) });
}
