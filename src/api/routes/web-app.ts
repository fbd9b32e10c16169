// The web application's files and the OpenAPI document [issue 13 "The application"]. The front end
// (web/, React) is built by `npm run build` into web/dist and served from there: /assets/* (file
// names carry a hash of their content) cached for a year, every other GET outside /api/ that is not
// a file answers index.html, so that the application's own addresses (/geld?periode=2028) can be
// opened, bookmarked and reloaded. The application talks only to the JSON API under /api/; nothing
// here reads data, so every route is public. Without a build, / says in one line how to make one.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import fastifyStatic from '@fastify/static';
import { Type } from '@sinclair/typebox';
import { NoQuery } from '../schemas.ts';
import { MAX_PARAM_LENGTH, MAX_TEXT_PARAMETER } from '../limits.ts';
import { frameworkErrors } from '../errors.ts';

/** Where `npm run build` puts the web application. */
export const WEB_DIST = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

/** The answer at / (and every page address) while web/dist has not been built. */
export const NOT_BUILT = 'De webapplicatie is nog niet gebouwd: voer `npm run build` uit (npm start doet dat vanzelf) en laad de pagina opnieuw.';

/** A page address's query: the application's filters (periode, gemeente …), each a short text. */
const PageQuery = Type.Object({}, { additionalProperties: Type.String({ maxLength: MAX_TEXT_PARAMETER }) });

const YEAR = 365 * 24 * 3600;

export function webAppRoutes(app: FastifyInstance, options: { webRoot?: string } = {}): void {
  const root = path.resolve(options.webRoot ?? WEB_DIST);

  app.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true, querystring: NoQuery } }, async () => app.swagger());

  // sendFile only: the routes are declared here, each with its access (the plugin's own would have none).
  void app.register(fastifyStatic, { root, serve: false, index: false, dotfiles: 'deny' });

  /** index.html (asked anew every time: it names the current build's files), or the line saying there is no build. */
  const page = (reply: FastifyReply) => {
    if (!fs.existsSync(path.join(root, 'index.html'))) {
      return reply.code(200).type('text/plain; charset=utf-8').header('Cache-Control', 'no-store').send(NOT_BUILT);
    }
    return reply.header('Cache-Control', 'no-cache').sendFile('index.html', { cacheControl: false });
  };

  app.get<{ Params: { '*': string } }>(
    '/assets/*',
    { config: { access: 'public' }, schema: { hide: true, querystring: NoQuery } },
    async (_req, reply) => reply.sendFile(path.posix.join('assets', _req.params['*']), { maxAge: YEAR * 1000, immutable: true }),
  );

  app.get<{ Params: { '*': string } }>(
    '/*',
    { config: { access: 'public' }, schema: { hide: true, querystring: PageQuery } },
    async (req, reply) => {
      const rest = req.params['*'];
      // An unknown API address stays a problem+json 404, never the application's page; a path
      // parameter too long for its route (which then lands here) stays the router's 414.
      if (rest === 'api' || rest.startsWith('api/')) {
        if (rest.split('/').some((segment) => segment.length > MAX_PARAM_LENGTH)) {
          frameworkErrors({ code: 'FST_ERR_MAX_PARAM_LENGTH' } as FastifyError, req, reply);
          return reply;
        }
        return reply.callNotFound();
      }
      // A file of the build's top folder (favicon.svg, robots.txt); anything else is a page address.
      if (rest !== '' && !rest.includes('/') && !rest.startsWith('.') && rest !== 'index.html') {
        const file = path.join(root, rest);
        if (fs.existsSync(file) && fs.statSync(file).isFile()) return reply.sendFile(rest, { maxAge: 3600 * 1000 });
      }
      return page(reply);
    },
  );
}
