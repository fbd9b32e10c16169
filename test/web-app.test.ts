// The web application's files as the server serves them [issue 13 "The application"]: index.html at
// every page address (client routing) without caching, the hashed assets for a year, the API's own
// 404 for an unknown API address, the CSP on the page, and one Dutch line when nothing is built.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestSchemas, testDatabases } from './support/databases.ts';
import { servedWorkspace, type Served } from './support/api-server.ts';
import { tempDir } from './support/temp-dirs.ts';
import { NOT_BUILT } from '../src/api/routes/web-app.ts';

afterAll(dropTestSchemas);

const INDEX = '<!doctype html><html lang="nl"><head><script type="module" src="/assets/app-1a2b.js"></script></head><body><div id="root"></div></body></html>';

describe('the web application', () => {
  let built: Served;
  let bare: Served;
  beforeAll(async () => {
    const root = tempDir('jeugdregie-web-');
    fs.mkdirSync(path.join(root, 'assets'));
    fs.writeFileSync(path.join(root, 'index.html'), INDEX);
    fs.writeFileSync(path.join(root, 'assets', 'app-1a2b.js'), 'console.log("jeugdregie");\n'.repeat(100));
    fs.writeFileSync(path.join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    built = await servedWorkspace(testDatabases[0]!, undefined, { webRoot: root });
    bare = await servedWorkspace(testDatabases[0]!, undefined, { webRoot: tempDir('jeugdregie-web-empty-') });
  });
  afterAll(async () => {
    await built?.close();
    await bare?.close();
  });

  it('answers index.html at / and at every page address, with its filters, never cached, under the CSP', async () => {
    for (const url of ['/', '/clienten', '/geld?periode=2028-H1&gemeente=0363', '/aanbieder/', '/een/adres/dat/niet/bestaat']) {
      const r = await built.raw.inject({ url });
      expect([r.statusCode, r.body], url).toEqual([200, INDEX]);
      expect(r.headers['content-type']).toMatch(/^text\/html/);
      expect(r.headers['cache-control']).toBe('no-cache');
      expect(r.headers['content-security-policy']).toMatch(/script-src 'self'/);
      expect(r.headers['content-security-policy']).not.toMatch(/unsafe-inline/);
    }
  });

  it('serves the hashed assets for a year and a file of the top folder, compressed when asked', async () => {
    const js = await built.raw.inject({ url: '/assets/app-1a2b.js', headers: { 'accept-encoding': 'gzip' } });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(js.headers['content-encoding']).toBe('gzip');
    expect((await built.raw.inject({ url: '/favicon.svg' })).headers['content-type']).toMatch(/^image\/svg\+xml/);
  });

  it('answers a missing asset and an unknown API address with problem+json 404, not the page', async () => {
    for (const url of ['/assets/gone-0000.js', '/api/nothing-here', '/api']) {
      const r = await built.raw.inject({ url });
      expect(r.statusCode, url).toBe(404);
      expect(r.headers['content-type'], url).toMatch(/^application\/problem\+json/);
    }
  });

  it('serves nothing from outside the build', async () => {
    for (const url of ['/assets/..%2f..%2fpackage.json', '/assets/%2e%2e/%2e%2e/package.json', '/..%2fpackage.json', '/.env']) {
      const r = await built.raw.inject({ url });
      expect(r.body, url).not.toContain('"name"');
      expect(r.statusCode, url).not.toBe(500);
    }
  });

  it('says in one Dutch line how to build the application when web/dist is missing', async () => {
    const r = await bare.raw.inject({ url: '/clienten' });
    expect([r.statusCode, r.body]).toEqual([200, NOT_BUILT]);
    expect(r.body).toContain('npm run build');
    expect(r.body).not.toContain('\n');
  });

  it('refuses an overlong filter in a page address (every query parameter is bounded)', async () => {
    const r = await built.raw.inject({ url: `/clienten?periode=${'9'.repeat(100)}` });
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
