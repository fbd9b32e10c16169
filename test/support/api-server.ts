// A served workspace for the API tests: the Amsterdam-Amstelland demo allocation and, when asked, a
// few months of generated demo traffic for two small municipalities, ingested.
import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { loadShippedRegion } from '../../src/config/region-file.ts';
import { loadDemoProviders, writeDemoTraffic } from '../../src/demo/write-demo.ts';
import { initWorkspace, openWorkspace, type Workspace } from '../../src/app/workspace.ts';
import { expandInputs, ingestFiles } from '../../src/app/ingest.ts';
import { buildServer, type ServerOptions } from '../../src/api/server.ts';
import { Pseudonymiser } from '../../src/ijw/pseudonym.ts';
import type { TestDatabase } from './databases.ts';
import { tempDir } from './temp-dirs.ts';

export interface DemoTraffic {
  readonly folder: string;
  /** The latest Dagtekening in the files, read from the XML itself. */
  readonly latestDagtekening: string;
  readonly messages: number;
}

/** Demo traffic without faults (so every message is accepted) for 0362 and 0437. */
export async function demoTraffic(from: string, to: string, seed = 3): Promise<DemoTraffic> {
  const region = await loadShippedRegion('amsterdam-amstelland');
  const folder = tempDir('jeugdregie-api-traffic-');
  const counts = await writeDemoTraffic(folder, {
    region: { municipalities: region.municipalities.filter((m) => m.code === '0362' || m.code === '0437'), areas: region.areas },
    providers: await loadDemoProviders(),
    from,
    to,
    seed,
    faultShare: 0,
    returnMessages: false,
  });
  let latest = '';
  for (const month of fs.readdirSync(folder)) {
    for (const file of fs.readdirSync(`${folder}/${month}`)) {
      const m = /<ijw:Dagtekening>(\d{4}-\d{2}-\d{2})</.exec(fs.readFileSync(`${folder}/${month}/${file}`, 'utf8'));
      if (m && m[1]! > latest) latest = m[1]!;
    }
  }
  return { folder, latestDagtekening: latest, messages: counts.messages };
}

export interface Served {
  readonly ws: Workspace;
  readonly app: FastifyInstance;
  close(): Promise<void>;
}

/** A fresh workspace on `database` with the demo allocation, `traffic` ingested, and its server. */
export async function servedWorkspace(database: TestDatabase, traffic?: DemoTraffic, options: ServerOptions = {}): Promise<Served> {
  const target = await database.fresh();
  // Init and serve share one embedded database: a folder, not memory.
  const on = target.url ? target : { ...target, dataDir: tempDir('jeugdregie-api-') };
  await initWorkspace(on, 'api-test', { regionId: 'amsterdam-amstelland', demo: true });
  const ws = await openWorkspace(on, 'api-test');
  if (traffic) {
    await ingestFiles(ws, await expandInputs([traffic.folder]), new Pseudonymiser('api-test-key-0123456789abcdef0123456789ab'), () => new Date('2030-01-01T00:00:00Z'));
  }
  const app = await buildServer(ws, options);
  return {
    ws,
    app,
    close: async () => {
      await app.close();
      await ws.close();
    },
  };
}
