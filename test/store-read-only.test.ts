// The monitor's reads never write, and they say when the figures lag: after an ingest that stopped
// halfway through its delivery, or between its last batch and the trajectory refresh. On the server,
// a role with SELECT rights only opens the workspace and reads every figure and listing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAccount, issueToken, tokenViewer } from '../src/app/accounts.ts';
import { operator } from '../src/domain/access/viewer.ts';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import { loadShippedRegion } from '../src/config/region-file.ts';
import { loadDemoProviders, writeDemoTraffic } from '../src/demo/write-demo.ts';
import { initWorkspace, openWorkspace, type Workspace } from '../src/app/workspace.ts';
import { expandInputs, ingestFiles, inputsKeyOf } from '../src/app/ingest.ts';
import { describeIngestStatus, IngestRun, ingestStatus, listIngestRuns } from '../src/app/ingest-runs.ts';
import { prepareMessage, type PreparedMessage } from '../src/app/ingest-prepare.ts';
import { storeBatch } from '../src/app/ingest-store.ts';
import { messageCounts, reach, timelinessFigures, waiting } from '../src/app/monitor.ts';
import { allocatedYears, budgetForYear, lumpSums, payments, providerRegistry } from '../src/app/queries.ts';
import { explain } from '../src/app/explain.ts';
import { rebuildTrajectories } from '../src/app/trajectory-store.ts';
import { buildServer } from '../src/api/server.ts';
import { Pseudonymiser } from '../src/ijw/pseudonym.ts';
import type { DatabaseTarget } from '../src/store/database.ts';
import { dirtyCount } from '../src/store/trajectory-repository.ts';
import { dropTestSchemas, testDatabases } from './support/databases.ts';
import { tempDir } from './support/temp-dirs.ts';

const pseudonymiser = new Pseudonymiser('read-only-test-key-0123456789abcdef0123');
const now = () => new Date('2028-03-01T08:00:00Z');
const traffic = tempDir('jeugdregie-read-only-');
const year = { from: '2028-01-01', to: '2028-12-31' };
const january = path.join(traffic, '2028-01');
const february = path.join(traffic, '2028-02');

beforeAll(async () => {
  const region = await loadShippedRegion('amsterdam-amstelland');
  await writeDemoTraffic(traffic, {
    region: { municipalities: region.municipalities.filter((m) => m.code === '0362' || m.code === '0437'), areas: region.areas },
    providers: await loadDemoProviders(),
    from: '2028-01-01',
    to: '2028-02-29',
    seed: 11,
    faultShare: 0.03,
    returnMessages: false,
  });
}, 120_000);

afterAll(async () => {
  await dropTestSchemas();
  fs.rmSync(traffic, { recursive: true, force: true });
});

/** A statement that may change something: anything but a plain read, and the locks and settings a refresh takes. */
const WRITE = /\b(insert|update|delete|merge|copy|create|alter|drop|truncate|vacuum|analyze|checkpoint|grant|revoke|lock|set_config|pg_advisory\w*|nextval|setval)\b/i;
// The API's time limit on the server is a session setting, set and reset around a read: not a write.
const SESSION_SETTING = /^\s*(select set_config\('statement_timeout'|reset statement_timeout)/i;
const writesAmong = (statements: readonly string[]) => statements.filter((s) => !SESSION_SETTING.test(s) && (!/^\s*(select|with)\b/i.test(s) || WRITE.test(s)));

/** Every figure of the monitor and every money listing, as a reader would ask for them. */
async function readEverything(ws: Workspace) {
  const years = await allocatedYears(ws);
  return {
    reach: await reach(ws, year, ['municipality', 'care_form']),
    stops: (await reach(ws, year, ['provider'])).map((r) => r.stopsByReason),
    waiting: await waiting(ws, year, ['municipality']),
    timeliness: await timelinessFigures(ws, year, 30),
    messages: await messageCounts(ws, year),
    budget: (await budgetForYear(ws, 2028)).totalCents,
    lumpSums: (await lumpSums(ws, 2028)).length,
    payments: (await payments(ws, 2028)).length,
    providers: (await providerRegistry(ws)).length,
    ledger: (await ws.engine.entries()).length,
    explained: (await explain(ws, { provider: (await lumpSums(ws, 2028))[0]!.provider, year: 2028 })) !== undefined,
    years,
    // what the web application shows about the data (GET /api/monitor/coverage's incomplete)
    notice: describeIngestStatus(await ingestStatus(ws), 'nl'),
    status: await ingestStatus(ws),
    runs: await listIngestRuns(ws),
  };
}

/** The prepared messages of a folder, as the ingest's workers make them. */
async function prepared(folder: string): Promise<PreparedMessage[]> {
  const out: PreparedMessage[] = [];
  for await (const item of (await expandInputs([folder])).items) {
    if (!item.ok) continue;
    const o = prepareMessage(item.source.name, await item.source.read(), { pseudonymiser, municipalities: new Set(['0362', '0437']) });
    if (o.ok) out.push(o.message);
  }
  return out;
}

/** The run's process dies: its record keeps the number of a process that no longer runs. */
async function die(ws: Workspace, run: IngestRun): Promise<void> {
  const gone = spawnSync(process.execPath, ['-e', '']).pid!;
  await sql`update ingest_run set pid = ${gone} where id = ${run.id}`.execute(ws.store.db);
}

async function fresh(database: (typeof testDatabases)[number]): Promise<DatabaseTarget> {
  const target = await database.fresh();
  if (!target.url) (target as { dataDir?: string }).dataDir = tempDir('jeugdregie-ro-db-');
  await initWorkspace(target, 'read-only-test', { regionId: 'amsterdam-amstelland', demo: true });
  return target;
}

describe.each(testDatabases)('reads that do not write, on $name', (database) => {
  it('an ingest killed halfway through its delivery: reads only select, say so, and the same files again complete it', async () => {
    const target = await fresh(database);
    let ws = await openWorkspace(target, 'read-only-test');
    let whole: Awaited<ReturnType<typeof readEverything>>;
    let token = '';
    try {
      await ingestFiles(ws, await expandInputs([january]), pseudonymiser, now);
      whole = await readEverything(ws);
      expect(whole.reach.reduce((n, r) => n + r.uniqueYouth, 0)).toBeGreaterThan(50);
      expect(describeIngestStatus(whole.status)).toBeUndefined();
      // February: half of its batches stored, then the process is killed
      const messages = await prepared(february);
      expect(messages.length).toBeGreaterThan(250);
      const run = await IngestRun.start(ws.store, { command: 'ingest', inputs: 1, inputsKey: inputsKeyOf([february], pseudonymiser) });
      await run.storing(messages.length);
      await storeBatch(ws, messages.slice(0, 100), now().toISOString(), true, run.id);
      await storeBatch(ws, messages.slice(100, 200), now().toISOString(), true, run.id);
      await die(ws, run);
      // an API token for the reads below, used once here (its use is noted at most every few minutes)
      token = (await issueToken(operator('read-only-test'), ws, (await addAccount(operator('read-only-test'), ws, { login: 'reader', role: 'region', password: 'reader-password' })).account.login)).token;
      expect(await tokenViewer(ws, token)).toBeDefined();
    } finally {
      await ws.close();
    }

    const statements: string[] = [];
    const reader = await openWorkspace(target, 'read-only-test', undefined, { log: (s) => statements.push(s) });
    try {
      const pending = await dirtyCount(reader.store.db);
      expect(pending).toBeGreaterThan(0);
      statements.length = 0;
      const figures = await readEverything(reader);
      expect(writesAmong(statements)).toEqual([]);
      expect(await dirtyCount(reader.store.db)).toBe(pending);
      // the trajectories are those of January: the stored half of February waits for its refresh
      expect(figures.reach).toEqual(whole.reach);
      expect(figures.waiting).toEqual(whole.waiting);
      expect(figures.status.unfinished.map((r) => [r.state, r.phase, r.accepted + r.duplicates + r.rejected])).toEqual([['interrupted', 'storing', 200]]);
      expect(figures.status.pendingPeople).toBe(pending);
      const line = describeIngestStatus(figures.status)!;
      expect(line).toMatch(/^ingest run \d+ \(ingest, started \d{4}-\d\d-\d\d \d\d:\d\d UTC\) did not finish after 200 of \d+ messages, so the figures may lack part of its delivery; ingest the same files again/);
      expect(line).toMatch(/the trajectories of \d+ young people wait for a refresh/);
      expect(line).not.toMatch(/\n/);
      // the API says it too: in the coverage answer, and in a header on every monitor answer
      const app = await buildServer(reader);
      try {
        const authorization = `Bearer ${token}`;
        const coverage = (await app.inject({ url: '/api/monitor/coverage', headers: { authorization } })).json() as { incomplete: string | null };
        expect(coverage.incomplete).toMatch(/^inleesronde \d+ .* is niet afgemaakt na 200 van/);
        const answer = await app.inject({ url: '/api/monitor/reach?period=2028-Q1', headers: { authorization } });
        expect(answer.headers['data-incomplete']).toMatch(/^ingest run \d+ .* did not finish after 200 of/);
      } finally {
        await app.close();
      }
      expect(writesAmong(statements)).toEqual([]);
      expect(figures.notice).toMatch(/^inleesronde \d+ \(ingest, begonnen [^)]*\) is niet afgemaakt na 200 van \d+ berichten/);
    } finally {
      await reader.close();
    }

    ws = await openWorkspace(target, 'read-only-test');
    try {
      const again = await IngestRun.start(ws.store, { command: 'ingest', inputs: 1, inputsKey: inputsKeyOf([february], pseudonymiser) });
      const s = await ingestFiles(ws, await expandInputs([february]), pseudonymiser, now, undefined, { run: again });
      // the 200 stored before the kill are found stored now
      expect(s.duplicates).toBeGreaterThanOrEqual(200);
      const status = await ingestStatus(ws);
      expect(describeIngestStatus(status)).toBeUndefined();
      const runs = await listIngestRuns(ws);
      expect(runs.map((r) => [r.id, r.state, r.completedBy])).toEqual([[again.id, 'finished', null], [again.id - 1, 'interrupted', again.id], [again.id - 2, 'finished', null]]);
      // the records say exactly what was stored, the killed run's too
      const stored = Number((await sql<{ n: string }>`select count(*)::text as n from ijw_message`.execute(ws.store.db)).rows[0]!.n);
      expect(runs.reduce((n, r) => n + r.accepted, 0)).toBe(stored);
      expect(runs[0]!.accepted).toBe(s.accepted);
      // the figures are those of a whole delivery: equal to a rebuild from every stored event
      const completed = await readEverything(ws);
      expect(completed.reach).not.toEqual(whole.reach);
      await rebuildTrajectories(ws);
      const rebuilt = await readEverything(ws);
      expect({ reach: rebuilt.reach, waiting: rebuilt.waiting, timeliness: rebuilt.timeliness }).toEqual({ reach: completed.reach, waiting: completed.waiting, timeliness: completed.timeliness });
    } finally {
      await ws.close();
    }
  }, 240_000);

  it('an ingest killed between its last batch and the refresh: reads say the figures lag; the next ingest or a rebuild refreshes them', async () => {
    const target = await fresh(database);
    let ws = await openWorkspace(target, 'read-only-test');
    try {
      await ingestFiles(ws, await expandInputs([january]), pseudonymiser, now);
      const messages = await prepared(february);
      const run = await IngestRun.start(ws.store, { command: 'ingest', inputs: 1, inputsKey: inputsKeyOf([february], pseudonymiser) });
      await run.storing(messages.length);
      for (let i = 0; i < messages.length; i += 500) await storeBatch(ws, messages.slice(i, i + 500), now().toISOString(), true, run.id);
      await run.refreshing();
      await die(ws, run);
    } finally {
      await ws.close();
    }

    const statements: string[] = [];
    const reader = await openWorkspace(target, 'read-only-test', undefined, { log: (s) => statements.push(s) });
    let lagging: Awaited<ReturnType<typeof readEverything>>;
    try {
      statements.length = 0;
      lagging = await readEverything(reader);
      expect(writesAmong(statements)).toEqual([]);
      // everything was stored: nothing of the delivery is missing, only the refresh
      expect(lagging.status.unfinished).toEqual([]);
      expect(lagging.runs[0]).toMatchObject({ state: 'interrupted', phase: 'refreshing' });
      expect(describeIngestStatus(lagging.status)).toMatch(/^the trajectories of \d+ young people wait for a refresh \(an ingest stopped before it refreshed them\), so the figures lag/);
    } finally {
      await reader.close();
    }

    ws = await openWorkspace(target, 'read-only-test');
    try {
      const pending = lagging.status.pendingPeople;
      // the next ingest, of anything (here: nothing new), refreshes what the killed one left
      const empty = tempDir('jeugdregie-ro-empty-');
      const s = await ingestFiles(ws, await expandInputs([empty]), pseudonymiser, now);
      expect(s.refreshed).toBe(pending);
      const refreshed = await readEverything(ws);
      expect(describeIngestStatus(refreshed.status)).toBeUndefined();
      expect(refreshed.reach).not.toEqual(lagging.reach);
      // and a rebuild gives the same figures
      await rebuildTrajectories(ws);
      expect((await readEverything(ws)).reach).toEqual(refreshed.reach);
    } finally {
      await ws.close();
    }
  }, 240_000);
});

const serverUrl = process.env.DATABASE_URL;

describe.runIf(serverUrl)('a database role with SELECT rights only', () => {
  it('opens the workspace and reads every monitor figure and money listing; a schema that is behind is refused in one line', async () => {
    const target = await fresh(testDatabases[1]!);
    const ws = await openWorkspace(target, 'read-only-test');
    let expected: Awaited<ReturnType<typeof readEverything>>;
    try {
      await ingestFiles(ws, await expandInputs([january, february]), pseudonymiser, now);
      expected = await readEverything(ws);
    } finally {
      await ws.close();
    }
    const role = `jr_reader_${target.schema!.slice('jr_test_'.length)}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      await admin.query(`create role ${role} login`);
      await admin.query(`grant usage on schema ${target.schema} to ${role}`);
      await admin.query(`grant select on all tables in schema ${target.schema} to ${role}`);
      const url = new URL(serverUrl!);
      url.username = role;
      url.password = '';
      const readerTarget = { url: url.toString(), schema: target.schema };
      // Five young people queued for a refresh (as a killed ingest leaves them): a read that
      // refreshed first would have to write here.
      await admin.query(`insert into ${target.schema}.trajectory_dirty select distinct pseudonym from ${target.schema}.care_event order by 1 limit 5`);
      const statements: string[] = [];
      const reader = await openWorkspace(readerTarget, 'reader', undefined, { log: (s) => statements.push(s) });
      try {
        const figures = await readEverything(reader);
        expect(writesAmong(statements)).toEqual([]);
        const comparable = (f: typeof figures) => ({ ...f, notice: undefined, runs: f.runs.map((r) => [r.id, r.state, r.accepted]), status: undefined });
        expect(comparable(figures)).toEqual(comparable(expected));
        expect(figures.status.pendingPeople).toBe(5);
        expect(describeIngestStatus(figures.status)).toMatch(/^the trajectories of 5 young people wait for a refresh/);
        expect(figures.reach.length).toBeGreaterThan(3);
        // and a write is indeed out of reach of this role
        await expect(sql`delete from ingest_run`.execute(reader.store.db)).rejects.toThrow(/permission denied/);
      } finally {
        await reader.close();
      }

      // The schema behind this version: the reader cannot migrate it, and says so in one line.
      await admin.query(`delete from ${target.schema}.kysely_migration where name = '2026-12-05-013-ingest-run'`);
      try {
        const refused = openWorkspace(readerTarget, 'reader');
        await expect(refused).rejects.toThrow(
          new RegExp(`^the database schema is behind this version of Jeugdregie \\(1 migration\\(s\\) to run, from 2026-12-05-013-ingest-run\\) and database role "${role}" may not change it; run one jeugdregie command as the schema's owner`),
        );
        await refused.catch((e: Error) => expect(e.message).not.toMatch(/\n/));
      } finally {
        await admin.query(`insert into ${target.schema}.kysely_migration (name, timestamp) values ('2026-12-05-013-ingest-run', now()::text)`);
      }
    } finally {
      await admin.query(`drop owned by ${role}`).catch(() => undefined);
      await admin.query(`drop role if exists ${role}`).catch(() => undefined);
      await admin.end();
    }
  }, 240_000);
});
