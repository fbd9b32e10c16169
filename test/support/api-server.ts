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
import { addAccount, issueToken } from '../../src/app/accounts.ts';
import { operator, type Role } from '../../src/domain/access/viewer.ts';
import { tempDir } from './temp-dirs.ts';
import { systemClock } from '../../src/app/money-engine.ts';
import type { StoreOptions } from '../../src/store/database.ts';

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
  /** The server, asked as the region role (its inject sends the region account's API token). */
  readonly app: FastifyInstance;
  /** The same server without any credentials. */
  readonly raw: FastifyInstance;
  /** An API token per role: region, municipality 0362, provider DEMO01, council 0362. */
  readonly tokens: Readonly<Record<Role, string>>;
  /** inject as the given role. */
  as(role: Role): FastifyInstance['inject'];
  close(): Promise<void>;
}

/** The test accounts of a served workspace: one per role. */
export const TEST_ACCOUNTS = {
  region: { login: 'team', role: 'region' },
  municipality: { login: 'diemen', role: 'municipality', municipality: '0384' },
  provider: { login: 'demo01', role: 'provider', provider: 'DEMO01' },
  council: { login: 'raad-diemen', role: 'council', municipality: '0384' },
} as const;

/** inject with a token sent as Authorization: Bearer, unless the call sets its own authorization. */
function withToken(app: FastifyInstance, token: string): FastifyInstance['inject'] {
  const inject = (opts: string | { url?: string; headers?: Record<string, string> }) => {
    const o = typeof opts === 'string' ? { url: opts } : opts;
    return app.inject({ ...o, headers: { authorization: `Bearer ${token}`, ...(o.headers ?? {}) } } as never);
  };
  return inject as unknown as FastifyInstance['inject'];
}

/** A fresh workspace on `database` with the demo allocation, `traffic` ingested, and its server. */
export async function servedWorkspace(database: TestDatabase, traffic?: DemoTraffic, options: ServerOptions = {}, storeOptions: StoreOptions = {}): Promise<Served> {
  const target = await database.fresh();
  // Init and serve share one embedded database: a folder, not memory.
  const on = target.url ? target : { ...target, dataDir: tempDir('jeugdregie-api-') };
  await initWorkspace(on, 'api-test', { regionId: 'amsterdam-amstelland', demo: true });
  const ws = await openWorkspace(on, 'api-test', systemClock, storeOptions);
  if (traffic) {
    await ingestFiles(ws, await expandInputs([traffic.folder]), new Pseudonymiser('api-test-key-0123456789abcdef0123456789ab'), () => new Date('2030-01-01T00:00:00Z'));
  }
  const keyed = new Pseudonymiser('test-key-'.repeat(5));
  const raw = await buildServer(ws, { pseudonym: (bsn) => keyed.pseudonym(bsn), ...options });
  const tokens = {} as Record<Role, string>;
  for (const [role, a] of Object.entries(TEST_ACCOUNTS) as [Role, (typeof TEST_ACCOUNTS)[Role]][]) {
    await addAccount(operator('api-test'), ws, { ...a, password: `${a.login}-test-password` });
    tokens[role] = (await issueToken(operator('api-test'), ws, a.login)).token;
  }
  const as = (role: Role) => withToken(raw, tokens[role]);
  const app = Object.create(raw, { inject: { value: as('region') } }) as FastifyInstance;
  return {
    ws,
    app,
    raw,
    tokens,
    as,
    close: async () => {
      await raw.close();
      await ws.close();
    },
  };
}
