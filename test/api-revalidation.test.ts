// Answers revalidated by ETag (src/api/revalidation.ts): the same answer again is a 304 without a
// body, a changed one a 200 with a new tag; exports keep their own no-store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noneMatch } from '../src/api/revalidation.ts';
import { dropTestSchemas, testDatabases } from './support/databases.ts';
import { servedWorkspace, type Served } from './support/api-server.ts';

afterAll(dropTestSchemas);

describe('If-None-Match', () => {
  it('matches the tag itself, its weak form and *, in a list', () => {
    expect(noneMatch('"abc"', '"abc"')).toBe(true);
    expect(noneMatch('W/"abc"', '"abc"')).toBe(true);
    expect(noneMatch('"x", "abc"', '"abc"')).toBe(true);
    expect(noneMatch('*', '"abc"')).toBe(true);
    expect(noneMatch('"abd"', '"abc"')).toBe(false);
    expect(noneMatch(undefined, '"abc"')).toBe(false);
  });
});

describe.each(testDatabases)('answers revalidated by ETag on $name', (database) => {
  let served: Served;
  beforeAll(async () => {
    served = await servedWorkspace(database);
  });
  afterAll(async () => served?.close());

  it('answers 304 without a body when the browser holds the answer, and 200 with a new tag when it changed', async () => {
    const first = await served.app.inject({ url: '/api/lumpsums/2028', headers: { 'accept-encoding': 'br' } });
    expect(first.statusCode).toBe(200);
    const tag = String(first.headers.etag);
    expect(tag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    expect(first.headers['cache-control']).toBe('private, no-cache');
    const again = await served.app.inject({ url: '/api/lumpsums/2028', headers: { 'if-none-match': tag, 'accept-encoding': 'br' } });
    expect([again.statusCode, again.body, again.headers.etag, again.headers['content-encoding']]).toEqual([304, '', tag, undefined]);
    // another question, another answer: its own tag, and the old one does not stand for it
    const other = await served.app.inject({ url: '/api/budgets/2028', headers: { 'if-none-match': tag } });
    expect(other.statusCode).toBe(200);
    expect(other.headers.etag).not.toBe(tag);
    // another viewer with the same tag gets its own answer when it differs
    const municipality = await served.as('municipality')({ url: '/api/lumpsums/2028', headers: { 'if-none-match': tag } });
    expect(municipality.statusCode).toBe(municipality.headers.etag === tag ? 304 : 200);
    // errors and exports are not tagged
    const refused = await served.app.inject({ url: '/api/lumpsums/1900' });
    expect(refused.statusCode).toBeGreaterThanOrEqual(400);
    expect(refused.headers.etag).toBeUndefined();
    const exported = await served.app.inject({ url: '/api/export/lumpsums?format=csv&year=2028' });
    expect(exported.headers['cache-control']).toBe('no-store');
    expect(exported.headers.etag).toBeUndefined();
  });
});
