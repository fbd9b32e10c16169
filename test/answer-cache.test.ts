// Dashboard answers kept by data version (src/api/answer-cache.ts) and what the request path keeps
// between requests (src/app/by-version.ts keptRead, src/store/write-watch.ts): an answer asked again
// is a lookup without a statement; a viewer of another scope never gets it; any write of this
// process is seen by the very next request; on a server database, another process's write within
// OTHER_WRITERS_MS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writes } from '../src/store/write-watch.ts';
import { OTHER_WRITERS_MS } from '../src/app/by-version.ts';
import { addAccount, issueToken, revokeApiToken, tokensOf } from '../src/app/accounts.ts';
import { openWorkspace } from '../src/app/workspace.ts';
import { expandInputs, ingestFiles } from '../src/app/ingest.ts';
import { Pseudonymiser } from '../src/ijw/pseudonym.ts';
import { operator } from '../src/domain/access/viewer.ts';
import { dropTestSchemas, testDatabases } from './support/databases.ts';
import { demoTraffic, servedWorkspace, type DemoTraffic, type Served } from './support/api-server.ts';

afterAll(dropTestSchemas);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('which statements move the write watch on', () => {
  it('reads do not; writes, commits and a WITH that writes do', () => {
    for (const read of ['select 1', '  SELECT * from x', 'with a as (select 1) select * from a', 'begin', 'show search_path', "select set_config('statement_timeout', '5', false)", 'reset statement_timeout', 'explain select 1']) {
      expect([read, writes(read)]).toEqual([read, false]);
    }
    for (const write of ['insert into x values (1)', 'update x set a = 1', 'delete from x', 'commit', 'rollback', 'copy x from stdin', 'create table y (a int)', 'with a as (delete from x returning *) select * from a', 'truncate x']) {
      expect([write, writes(write)]).toEqual([write, true]);
    }
  });
});

describe.each(testDatabases)('dashboard answers kept by data version on $name', (database) => {
  let served: Served;
  let statements = 0;
  let later: DemoTraffic;
  beforeAll(async () => {
    served = await servedWorkspace(database, await demoTraffic('2028-01-01', '2028-04-10', 5), {}, { log: () => statements++ });
    later = await demoTraffic('2028-04-11', '2028-05-31', 6);
  }, 120_000);
  afterAll(async () => served?.close());

  const REACH = '/api/monitor/reach?from=2028-01-01&to=2028-12-31&by=municipality';

  it('answers a question asked again without a statement, with the same body and tag, and a 304 for the tag', async () => {
    const first = await served.app.inject({ url: REACH });
    expect(first.statusCode).toBe(200);
    // the token's first use is noted (a write), so the next request reads the data version again
    await served.app.inject({ url: REACH });
    const before = statements;
    const again = await served.app.inject({ url: REACH });
    expect(statements - before).toBe(0);
    expect([again.statusCode, again.body, again.headers.etag, again.headers['data-up-to'], again.headers['content-type']]).toEqual([
      200,
      first.body,
      first.headers.etag,
      first.headers['data-up-to'],
      first.headers['content-type'],
    ]);
    const revalidated = await served.app.inject({ url: REACH, headers: { 'if-none-match': String(first.headers.etag) } });
    expect([revalidated.statusCode, revalidated.body]).toEqual([304, '']);
    expect(statements - before).toBe(0);
  });

  it('hands a kept answer to a viewer of the same scope, never to another scope or role', async () => {
    const url = '/api/monitor/reach?period=2028-Q1&by=municipality';
    const diemen = await served.as('municipality')({ url });
    expect(diemen.statusCode).toBe(200);
    await addAccount(operator('test'), served.ws, { login: 'diemen-2', role: 'municipality', municipality: '0384', password: 'diemen-2-test-password' });
    const second = await served.raw.inject({ url, headers: { authorization: `Bearer ${(await issueToken(operator('test'), served.ws, 'diemen-2')).token}` } });
    expect([second.statusCode, second.body]).toEqual([200, diemen.body]);
    await addAccount(operator('test'), served.ws, { login: 'ouder-amstel', role: 'municipality', municipality: '0437', password: 'ouder-amstel-test-password' });
    const other = await served.raw.inject({ url, headers: { authorization: `Bearer ${(await issueToken(operator('test'), served.ws, 'ouder-amstel')).token}` } });
    expect(other.statusCode).toBe(200);
    expect(other.body).not.toBe(diemen.body);
    expect(new Set((JSON.parse(other.body) as { municipality: string }[]).map((r) => r.municipality))).toEqual(new Set(['0437', 'REST']));
    const region = await served.app.inject({ url });
    expect(region.statusCode).toBe(200);
    expect(new Set((JSON.parse(region.body) as { municipality: string }[]).map((r) => r.municipality)).has('REST')).toBe(false);
    // a refusal is not kept: the region's question asked by a council is refused every time
    for (let i = 0; i < 2; i++) expect((await served.as('council')({ url: '/api/monitor/reach?period=2028-Q1&by=provider' })).statusCode).toBe(403);
  });

  it('answers from the new data at the very next request after an ingest in this process', async () => {
    const first = await served.app.inject({ url: REACH });
    await ingestFiles(served.ws, await expandInputs([later.folder]), new Pseudonymiser('api-test-key-0123456789abcdef0123456789ab'), () => new Date('2030-01-01T00:00:00Z'));
    const next = await served.app.inject({ url: REACH });
    expect(next.statusCode).toBe(200);
    expect(next.headers['data-up-to']).toBe(later.latestDagtekening);
    expect(next.body).not.toBe(first.body);
  });

  it('refuses a revoked token at the very next request', async () => {
    await addAccount(operator('test'), served.ws, { login: 'machine', role: 'region', password: 'machine-test-password' });
    const { token } = await issueToken(operator('test'), served.ws, 'machine');
    const ask = () => served.raw.inject({ url: REACH, headers: { authorization: `Bearer ${token}` } });
    expect((await ask()).statusCode).toBe(200);
    const id = (await tokensOf(operator('test'), served.ws, 'machine'))[0]!.id;
    await revokeApiToken(operator('team'), served.ws, id);
    expect((await ask()).statusCode).toBe(401);
  });

  it.runIf(database.name !== 'PGlite')('sees what another process wrote within the time it keeps a read (a server database)', async () => {
    const other = await openWorkspace({ url: process.env.DATABASE_URL!, schema: served.ws.store.schema }, 'other-process');
    try {
      await addAccount(operator('test'), served.ws, { login: 'machine-2', role: 'region', password: 'machine-2-test-password' });
      const { token } = await issueToken(operator('test'), served.ws, 'machine-2');
      const ask = () => served.raw.inject({ url: REACH, headers: { authorization: `Bearer ${token}` } });
      const before = await ask();
      expect(before.statusCode).toBe(200);
      // the other process ingests a month more and revokes the token
      const june = await demoTraffic('2028-06-01', '2028-06-30', 7);
      await ingestFiles(other, await expandInputs([june.folder]), new Pseudonymiser('api-test-key-0123456789abcdef0123456789ab'), () => new Date('2030-01-01T00:00:00Z'));
      await sleep(OTHER_WRITERS_MS + 100);
      const after = await ask();
      expect(after.headers['data-up-to']).toBe(june.latestDagtekening);
      expect(after.body).not.toBe(before.body);
      const id = (await tokensOf(operator('test'), other, 'machine-2'))[0]!.id;
      await revokeApiToken(operator('team'), other, id);
      await sleep(OTHER_WRITERS_MS + 100);
      expect((await ask()).statusCode).toBe(401);
    } finally {
      await other.close();
    }
  });
});
