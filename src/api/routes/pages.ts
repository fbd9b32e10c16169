// The plain first page (Dutch) and the OpenAPI document.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { allocatedYears } from '../../app/queries.ts';
import type { Workspace } from '../../app/workspace.ts';
import { renderHomePage } from '../home-page.ts';
import { NoQuery, Query, Year } from '../schemas.ts';

const HomeQuery = Query({ year: Type.Optional(Year) });

export function pageRoutes(app: FastifyInstance, ws: Workspace): void {
  app.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true, querystring: NoQuery } }, async () => app.swagger());

  app.get<{ Querystring: Static<typeof HomeQuery> }>('/', { config: { access: 'public' }, schema: { hide: true, querystring: HomeQuery } }, async (req, reply) => {
    const years = await allocatedYears(ws);
    const page = await renderHomePage(ws, req.query.year ?? years[0] ?? 2028, years);
    if (page.dataUpTo !== null) void reply.header('Data-Up-To', page.dataUpTo);
    return reply.type('text/html; charset=utf-8').send(page.html);
  });
}
