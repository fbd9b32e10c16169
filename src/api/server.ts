// The HTTP API: read access to budgets, lump sums, payments, the ledger and the monitor, with an
// OpenAPI document at /openapi.json; the web application (web/dist) at / and at every page address.
// Built with buildServer() so tests use inject(); `serve` listens. Hardened for hostile and heavy use (decisions, "The API's bounds"):
// strict parameters, bounded requests, problem+json for every error, compressed answers.
import { financialRoutes } from './routes/financial.ts';
import { qualityRoutes } from './routes/quality.ts';
import { tenderRoutes } from './routes/tender.ts';
import Fastify, { type FastifyInstance, type HTTPMethods } from 'fastify';
import compress from '@fastify/compress';
import swagger from '@fastify/swagger';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { Workspace } from '../app/workspace.ts';
import type { OidcSignIn } from '../app/oidc.ts';
import { ApiError, clientErrorHandler, errorHandler, frameworkErrors, notFoundHandler } from './errors.ts';
import { schemaErrorFormatter } from './validation-messages.ts';
import { Refusal } from '../domain/errors.ts';
import { MAX_BODY_BYTES, MAX_HEADER_BYTES, MAX_HEADER_COUNT, MAX_PARAM_LENGTH, QUERY_TIMEOUT_MS, REQUEST_TIMEOUT_MS } from './limits.ts';
import { parseQueryString, queryRefusal, quote } from './query-string.ts';
import { moneyRoutes } from './routes/money.ts';
import { monitorRoutes } from './routes/monitor.ts';
import { reportRoutes } from './routes/reports.ts';
import { webAppRoutes } from './routes/web-app.ts';
import { accountRoutes } from './routes/account.ts';
import { decisionRoutes } from './routes/decisions.ts';
import { exportRoutes } from './routes/exports.ts';
import { importRoutes } from './routes/imports.ts';
import { acceptUploads } from './uploads.ts';
import { answerCache } from './answer-cache.ts';
import { installRevalidation } from './revalidation.ts';
import { checkDeclared, installAuthentication, type RouteAccess } from './access.ts';

/** A route as registered, for tests that walk every one (registeredRoutes). */
export interface RegisteredRoute {
  readonly method: HTTPMethods;
  readonly url: string;
  readonly schema: { readonly querystring?: unknown; readonly params?: unknown; readonly body?: unknown; readonly hide?: boolean } | undefined;
  /** Who may call it: 'public' or the capability its use case checks (src/domain/access/policy.ts). */
  readonly access: RouteAccess;
}

const routeTables = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/** Every route of a server built by buildServer, as Fastify registered it (HEAD included). */
export function registeredRoutes(app: FastifyInstance): readonly RegisteredRoute[] {
  return routeTables.get(app) ?? [];
}

export interface ServerOptions {
  readonly logLevel?: string;
  /** Instead of QUERY_TIMEOUT_MS (tests make a query run out of time with a short one). */
  readonly queryTimeoutMs?: number;
  /** Sign-in through an identity provider, when configured (JEUGDREGIE_OIDC_…). */
  readonly oidc?: OidcSignIn;
  /** Demo mode (npm start): the demo accounts are listed for the sign-in page. */
  readonly demo?: boolean;
  /** Sign-in tries per address per minute (default SIGN_IN_PER_MINUTE). */
  readonly signInPerMinute?: number;
  /** The built web application to serve (default web/dist; tests give their own). */
  readonly webRoot?: string;
  /**
   * Which proxies' X-Forwarded-For/-Proto/-Host are believed (JEUGDREGIE_TRUST_PROXY, read by the
   * CLI's settings; default none): false, a number of hops, or the proxies' addresses and networks.
   */
  readonly trustProxy?: false | number | readonly string[];
  /** The keyed pseudonym of a BSN, for CBS deliveries uploaded over HTTP; without it such an upload is refused. */
  readonly pseudonym?: (bsn: string) => string;
}

export async function buildServer(ws: Workspace, options: ServerOptions = {}): Promise<FastifyInstance> {
  const trustProxy = options.trustProxy ?? false;
  const app = Fastify({
    // The client's address (the sign-in limit's key) and protocol (the Secure __Host- cookie) as the
    // trusted proxies say; without JEUGDREGIE_TRUST_PROXY the forwarded headers are ignored.
    trustProxy: typeof trustProxy === 'number' ? (_address: string, hop: number) => hop < trustProxy : trustProxy === false ? false : [...trustProxy],
    logger: options.logLevel && options.logLevel !== 'silent' ? { level: options.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie'] } : false,
    // Unknown parameters are refused by name (additionalProperties: false on every query schema)
    // rather than silently dropped, which is Fastify's default.
    ajv: { customOptions: { removeAdditional: false, allErrors: true, verbose: true } },
    schemaErrorFormatter,
    frameworkErrors,
    clientErrorHandler,
    routerOptions: { querystringParser: parseQueryString, maxParamLength: MAX_PARAM_LENGTH },
    http: { maxHeaderSize: MAX_HEADER_BYTES },
    bodyLimit: MAX_BODY_BYTES,
    requestTimeout: REQUEST_TIMEOUT_MS,
    // Fastify's own 503 while closing is not problem+json: answered by the hook below instead.
    return503OnClosing: false,
  });
  const routes: RegisteredRoute[] = [];
  routeTables.set(app, routes);
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) {
      const access = checkDeclared(method, r.url, (r.config as { access?: unknown } | undefined)?.access);
      routes.push({ method, url: r.url, schema: r.schema as RegisteredRoute['schema'], access });
    }
  });

  // ETag and 304 before compression (revalidation.ts): a 304 has nothing to compress.
  const answers = answerCache(ws);
  installRevalidation(app, answers.keep);
  await app.register(compress, { global: true, encodings: ['br', 'gzip', 'deflate'] });
  await app.register(cookie);
  // Security headers: a CSP without inline scripts, no framing, no sniffing, no referrer to elsewhere.
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: false,
  });
  // Limits per route (sign-in); answered as problem+json by the error handler.
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) => Object.assign(new Refusal('SIGN_IN_THROTTLED', { seconds: Math.ceil(ctx.ttl / 1000) }), { statusCode: 429 }),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Jeugdregie API',
        version: '0.1.0',
        description:
          `Region ${ws.region.name}: budgets, lump sums, payments, the ledger and the monitor. Amounts are euro cents as strings. ` +
          'Every error is application/problem+json. Monitor answers carry Data-Up-To (the last day there are messages for) and are cut short there; ' +
          'limits per request are listed in the README ("Limits").',
      },
    },
  });

  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (req) => {
    if (closing) {
      const texts = { en: 'the server is shutting down; ask again in a moment', nl: 'de server stopt; vraag het zo opnieuw' };
      throw new ApiError(503, 'CLOSING', texts, { 'Retry-After': '5', Connection: 'close' });
    }
    const raw = req.raw.rawHeaders;
    if (raw.length / 2 > MAX_HEADER_COUNT || raw.reduce((n, h) => n + h.length + 2, 0) > MAX_HEADER_BYTES) {
      throw new ApiError(431, 'HEADERS_TOO_LARGE', {
        en: `the request has ${raw.length / 2} headers; the server accepts at most ${MAX_HEADER_COUNT} and ${MAX_HEADER_BYTES / 1024} KiB of them: send fewer`,
        nl: `het verzoek heeft ${raw.length / 2} kopregels; de server neemt er ten hoogste ${MAX_HEADER_COUNT} en ${MAX_HEADER_BYTES / 1024} KiB aan: stuur er minder`,
      });
    }
  });
  // A parameter given twice or a broken %-escape (noted by the query parser) is refused before
  // anything else looks at the query.
  app.addHook('onRequest', async (req) => {
    const refusal = queryRefusal(req.query);
    if (refusal) throw new Refusal('QUERY_INVALID', refusal);
  });

  // Ajv coerces a string of digits too long for a double ("999…9", 400 digits) to Infinity and then
  // skips minimum and maximum for a number that is not finite: such a value passes validation.
  app.addHook('preHandler', async (req) => {
    for (const [where, values] of [[['query parameter', 'queryparameter'], req.query], [['path parameter', 'padparameter'], req.params]] as const) {
      for (const [name, value] of Object.entries((values ?? {}) as Record<string, unknown>)) {
        if (typeof value === 'number' && !Number.isFinite(value)) {
          throw new Refusal('QUERY_INVALID', {
            en: `${where[0]} ${quote(name)} is not a number this API can take; see /openapi.json for its range`,
            nl: `${where[1]} ${quote(name)} is geen getal dat deze API aanneemt; zie /openapi.json voor het bereik`,
          });
        }
      }
    }
  });

  installAuthentication(app, ws);
  // After authentication: a kept answer is served to a viewer of the scope it was computed for.
  answers.install(app);
  webAppRoutes(app, options.webRoot === undefined ? {} : { webRoot: options.webRoot });
  accountRoutes(app, ws, options.signInPerMinute, options.demo, options.oidc);
  acceptUploads(app);
  decisionRoutes(app, ws);
  importRoutes(app, ws);
  moneyRoutes(app, ws);
  financialRoutes(app, ws);
  qualityRoutes(app, ws, options.pseudonym);
  tenderRoutes(app, ws);
  const monitor = monitorRoutes(app, ws, options.queryTimeoutMs ?? QUERY_TIMEOUT_MS);
  exportRoutes(app, ws, monitor);
  reportRoutes(app, ws, options.queryTimeoutMs ?? QUERY_TIMEOUT_MS);
  return app;
}
