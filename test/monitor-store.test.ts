// The monitor's stored trajectories: kept up to date by ingest, person by person, they must equal
// a full rebuild from the events whatever the order and the chunks in which messages arrive.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadShippedRegion } from '../src/config/region-file.ts';
import { loadDemoProviders, writeDemoTraffic } from '../src/demo/write-demo.ts';
import { initWorkspace, openWorkspace, type Workspace } from '../src/app/workspace.ts';
import { expandInputs, ingestFiles } from '../src/app/ingest.ts';
import { loadEvents, reach, timelinessFigures, waiting } from '../src/app/monitor.ts';
import { rebuildTrajectories, refreshTrajectories, trajectoriesPerPerson, trajectoryFromRow } from '../src/app/trajectory-store.ts';
import type { Trajectory } from '../src/domain/trajectories.ts';
import { Pseudonymiser } from '../src/ijw/pseudonym.ts';
import { dropTestSchemas, testDatabases } from './support/databases.ts';

const pseudonymiser = new Pseudonymiser('monitor-store-test-key-0123456789abcdef');
const now = () => new Date('2028-05-01T08:00:00Z');
const traffic = fs.mkdtempSync(path.join(os.tmpdir(), 'jeugdregie-monitor-store-'));
const year = { from: '2028-01-01', to: '2028-04-30' };

afterAll(async () => {
  await dropTestSchemas();
  fs.rmSync(traffic, { recursive: true, force: true });
});

beforeAll(async () => {
  const region = await loadShippedRegion('amsterdam-amstelland');
  // Two small municipalities, four months, with faulty and out-of-order traffic.
  await writeDemoTraffic(traffic, {
    region: { municipalities: region.municipalities.filter((m) => m.code === '0362' || m.code === '0437'), areas: region.areas },
    providers: await loadDemoProviders(),
    from: year.from,
    to: year.to,
    seed: 7,
    faultShare: 0.05,
    returnMessages: false,
  });
}, 120_000);

async function workspaceOn(database: (typeof testDatabases)[number]): Promise<Workspace> {
  const target = await database.fresh();
  if (!target.url) (target as { dataDir?: string }).dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jeugdregie-ms-'));
  await initWorkspace(target, 'monitor-store-test', { regionId: 'amsterdam-amstelland' });
  return openWorkspace(target, 'monitor-store-test');
}

const byPersonAndKey = (a: Trajectory, b: Trajectory) => (a.client.pseudonym < b.client.pseudonym ? -1 : a.client.pseudonym > b.client.pseudonym ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
const storedTrajectories = async (ws: Workspace) => (await ws.store.db.selectFrom('trajectory').selectAll().execute()).map(trajectoryFromRow).sort(byPersonAndKey);

describe.each(testDatabases)('stored trajectories on $name', (database) => {
  it('ingesting month by month in reverse order, refreshing in between, equals a full rebuild', async () => {
    const ws = await workspaceOn(database);
    try {
      const months = fs.readdirSync(traffic).sort().reverse();
      expect(months.length).toBe(4);
      for (const month of months) {
        const s = await ingestFiles(ws, await expandInputs([path.join(traffic, month)]), pseudonymiser, now);
        expect(s.accepted).toBeGreaterThan(100);
        expect(await refreshTrajectories(ws)).toBeGreaterThan(0);
        expect(await ws.store.db.selectFrom('trajectory_dirty').select('pseudonym').execute()).toEqual([]);
      }
      const incremental = await storedTrajectories(ws);
      const figures = { reach: await reach(ws, year, ['municipality', 'care_form']), waiting: await waiting(ws, year, ['municipality']), timeliness: await timelinessFigures(ws, year, 30) };
      expect(incremental.length).toBeGreaterThan(200);

      // The same from scratch, and the same again straight from the events in memory.
      expect(await rebuildTrajectories(ws)).toBeGreaterThan(100);
      expect(await storedTrajectories(ws)).toEqual(incremental);
      const fromEvents = trajectoriesPerPerson(await loadEvents(ws)).sort(byPersonAndKey);
      expect(fromEvents).toEqual(incremental);
      expect({ reach: await reach(ws, year, ['municipality', 'care_form']), waiting: await waiting(ws, year, ['municipality']), timeliness: await timelinessFigures(ws, year, 30) }).toEqual(figures);
      expect(figures.reach.reduce((n, r) => n + r.starts, 0)).toBeGreaterThan(100);
    } finally {
      await ws.close();
    }
  }, 240_000);

  it('figures read right after an ingest already include it (no separate refresh needed)', async () => {
    const ws = await workspaceOn(database);
    try {
      const first = fs.readdirSync(traffic).sort()[0]!;
      expect(await reach(ws, year, [])).toEqual([]);
      await ingestFiles(ws, await expandInputs([path.join(traffic, first)]), pseudonymiser, now);
      const rows = await reach(ws, year, []);
      expect(rows[0]!.uniqueYouth).toBeGreaterThan(50);
    } finally {
      await ws.close();
    }
  }, 120_000);
});
