// Figures computed when data arrive and served as a lookup [issue 13 "Figures it must reach"]: the
// protected publications are kept in the database with their data version, every role's parts are
// published by the publisher, and a rebuild moves the data version on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataVersion } from '../src/app/by-version.ts';
import { everyScope, scopesOfAccounts } from '../src/app/monitor-views.ts';
import { PUBLIC_PUBLICATION, PUBLICATION_RULES, publicationOf, scopeKey } from '../src/app/publication.ts';
import { writeStoredPublication } from '../src/store/publication-repository.ts';
import { startPublisher } from '../src/app/publisher.ts';
import { rebuildTrajectories } from '../src/app/trajectory-store.ts';
import { readStoredPublication } from '../src/store/publication-repository.ts';
import { dropTestSchemas, testDatabases } from './support/databases.ts';
import { demoTraffic, servedWorkspace, type Served } from './support/api-server.ts';

afterAll(dropTestSchemas);

describe.each(testDatabases)('stored publications ($name)', (database) => {
  let served: Served;
  beforeAll(async () => {
    served = await servedWorkspace(database, await demoTraffic('2028-01-01', '2028-04-10', 4));
  }, 300_000);
  afterAll(async () => served?.close());

  it('publishes the parts every account can see once the data arrive, and keeps each in the database with its data version', { timeout: 600_000 }, async () => {
    // one public publication for every role but the region (decisions §47)
    expect(await everyScope(served.ws)).toEqual([PUBLIC_PUBLICATION]);
    const publisher = startPublisher(served.ws, { intervalMs: 3_600_000 });
    for (let i = 0; i < 600 && publisher.status().publishedVersion === null; i++) {
      expect(publisher.status().lastError).toBeNull();
      await new Promise((r) => setTimeout(r, 500));
    }
    await publisher.stop();
    const version = await dataVersion(served.ws);
    expect(publisher.status().publishedVersion).toBe(version);
    // the accounts (a municipality, its council, a provider) all read the public publication
    const published = await scopesOfAccounts(served.ws);
    expect(published).toEqual([PUBLIC_PUBLICATION]);
    const scope = published[0]!;
    const pub = await publicationOf(served.ws, 2028, {}, scope);
    const { db } = served.ws.store;
    const keyOf = async () => (await db.selectFrom('publication_store').select(['scope_key', 'data_version']).where('year', '=', 2028).execute());
    const rows = await keyOf();
    // the region's publication and every account's parts, for the data version of now
    expect(rows.length).toBe(published.length + 1);
    expect(new Set(rows.map((r) => r.data_version))).toEqual(new Set([`rules ${PUBLICATION_RULES}|${version}`]));
    // what a second process reads is what this one computed
    const stored = await readStoredPublication(db, rows.find((r) => r.scope_key.includes(scope.population.kind))!.scope_key, 2028);
    expect(stored).toBeDefined();
    const all = await Promise.all(rows.map((r) => readStoredPublication(db, r.scope_key, 2028)));
    expect(all.some((s) => s!.body === JSON.stringify({ year: pub.year, periods: pub.periods, audit: pub.audit }))).toBe(true);
  });

  it('computes again a publication stored by earlier rules, even for the same data', { timeout: 300_000 }, async () => {
    const [scope] = await scopesOfAccounts(served.ws);
    const key = scopeKey(scope!);
    const stale = `rules ${PUBLICATION_RULES - 1}|${await dataVersion(served.ws)}`;
    await writeStoredPublication(served.ws.store.db, key, 2026, { dataVersion: stale, body: JSON.stringify({ year: 2026, periods: { Y: 'stale' }, audit: {} }), shown: '[]' });
    const pub = await publicationOf(served.ws, 2026, {}, scope!);
    expect(typeof pub.periods.Y).toBe('object');
    expect(pub.periods.Y).toHaveProperty('reach');
    const row = await served.ws.store.db.selectFrom('publication_store').select('data_version').where('scope_key', '=', key).where('year', '=', 2026).executeTakeFirstOrThrow();
    expect(row.data_version.startsWith(`rules ${PUBLICATION_RULES}|`)).toBe(true);
  });

  it('moves the data version on with a rebuild (the same number of trajectories may be different ones)', { timeout: 300_000 }, async () => {
    const before = await dataVersion(served.ws);
    await rebuildTrajectories(served.ws);
    expect(await dataVersion(served.ws)).not.toBe(before);
  });
});
