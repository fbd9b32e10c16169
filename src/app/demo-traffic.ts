// The newcomer's demo: one year (2028) of generated iJw traffic, ingested so that the monitor has
// figures from the first start. Persons are fictional; see docs/demo-data.md. The demo's ingest is a
// recorded run (ingest-runs.ts) whose record is made before the database is even created, so a first
// start killed anywhere — while creating, generating or ingesting — is completed by the next start.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadDemoProviders, writeDemoTraffic } from '../demo/write-demo.ts';
import { Pseudonymiser } from '../ijw/pseudonym.ts';
import { openStore, migrate, type DatabaseTarget } from '../store/database.ts';
import { openRuns, runsByCommand } from '../store/ingest-run-repository.ts';
import { listAccountRows } from '../store/account-repository.ts';
import { Refusal } from '../domain/errors.ts';
import { DEMO_ACCOUNTS, ensureDemoAccounts } from './accounts.ts';
import { expandInputs, ingestFiles, type IngestSummary } from './ingest.ts';
import { handledOf, IngestRun } from './ingest-runs.ts';
import { DEMO_REGION, loadStoredRegion, type Workspace } from './workspace.ts';

export const DEMO_TRAFFIC = { from: '2028-01-01', to: '2028-12-31', seed: 2028, faultShare: 0.02 } as const;

/** The command recorded for the demo's ingest runs. */
export const DEMO_COMMAND = 'start --demo';

/** What is generated: the period, the seed and the share of faulty messages. */
export interface DemoParams {
  readonly from: string;
  readonly to: string;
  readonly seed: number;
  readonly faultShare: number;
}

/** The same parameters give the same traffic: a later run with this key completes an interrupted one. */
const demoKey = (p: DemoParams): string => `demo ${p.from}..${p.to} seed ${p.seed} faults ${p.faultShare}`;

const demoRunOptions = (p: DemoParams) => ({ command: DEMO_COMMAND, inputs: 0, inputsKey: demoKey(p), demo: p });

function isDemoParams(v: unknown): v is DemoParams {
  const p = v as Partial<DemoParams> | null;
  return typeof p?.from === 'string' && typeof p.to === 'string' && typeof p.seed === 'number' && typeof p.faultShare === 'number';
}

/**
 * Why a database is not the demo's own, if it is not: `start --demo` gives the demo accounts, whose
 * passwords are published (README, the sign-in page), so it must never do that to a database that holds
 * a region's real work. The demo's own database was made by `start --demo` (it has the demo's ingest
 * run), ingested nothing else, and has no accounts but those the demo made or the demo's accounts
 * added. Anything else is a reason (in English and Dutch) to refuse.
 */
export async function ownDataReasons(ws: Workspace): Promise<{ en: string; nl: string }[]> {
  const reasons: { en: string; nl: string }[] = [];
  if (ws.region.id !== DEMO_REGION) reasons.push({ en: `the demo exists only for ${DEMO_REGION}`, nl: `de demo bestaat alleen voor ${DEMO_REGION}` });
  const runs = await runsByCommand(ws.store.db);
  if (!runs.has(DEMO_COMMAND)) reasons.push({ en: 'it was not made by start --demo', nl: 'hij is niet door start --demo gemaakt' });
  const others = [...runs].filter(([command]) => command !== DEMO_COMMAND).reduce((n, [, count]) => n + count, 0);
  if (others > 0) reasons.push({ en: `${others} ingest run(s) of its own`, nl: `${others} eigen inleesronde(s)` });
  const demoMakers = new Set(['demo', ...DEMO_ACCOUNTS.map((a) => a.login)]);
  const own = (await listAccountRows(ws.store.db)).filter((a) => !demoMakers.has(a.createdBy)).map((a) => a.login);
  if (own.length > 0) reasons.push({ en: `${own.length} account(s) not made in the demo`, nl: `${own.length} account(s) die niet in de demo zijn gemaakt` });
  return reasons;
}

/** The demo accounts, after making sure the database is the demo's own (DEMO_ON_OWN_DATA otherwise). */
export async function prepareDemoAccounts(ws: Workspace): Promise<void> {
  const reasons = await ownDataReasons(ws);
  if (reasons.length > 0) throw new Refusal('DEMO_ON_OWN_DATA', { region: ws.region.id, reasons });
  await ensureDemoAccounts(ws);
}

/** What `start` finds before it serves. */
export interface StartState {
  /** The database holds a region. */
  readonly exists: boolean;
  /** Recorded now: the demo's run, made before the database is created (new database with the demo only). */
  readonly demoRun?: IngestRun;
}

/**
 * Opens the database (bringing its schema up to date) and sees whether it holds a region; for a new
 * database with the demo, records the demo's run first, so that a start killed from here on is
 * completed by the next one.
 */
export async function checkStart(target: DatabaseTarget, demo: DemoParams | undefined, regionId: string): Promise<StartState> {
  const store = await openStore(target);
  try {
    await migrate(store);
    const exists = (await loadStoredRegion(store)) !== undefined;
    if (exists || demo === undefined || regionId !== DEMO_REGION) return { exists };
    return { exists, demoRun: await IngestRun.start(store, demoRunOptions(demo), true) };
  } finally {
    await store.close();
  }
}

/** The demo run that did not finish and that no later run completed, if any: the next start completes it. */
export async function demoToComplete(ws: Workspace): Promise<{ run: number; handled: number; messages: number; params: DemoParams } | undefined> {
  const open = (await openRuns(ws.store.db)).filter((r) => r.command === DEMO_COMMAND && isDemoParams(r.demo));
  const latest = open.at(-1);
  return latest ? { run: latest.id, handled: handledOf(latest), messages: latest.messages, params: latest.demo as DemoParams } : undefined;
}

/**
 * Generates the demo traffic of `params` (into `<dataDir>/demo-ijw`, or a temporary folder with a
 * database server) and ingests it as `run` (recorded by checkStart; a new demo run when not given). Regenerating is
 * deterministic (the seed), and messages already stored are skipped: completing an interrupted demo
 * stores exactly what it lacked.
 */
export async function populateDemoTraffic(
  ws: Workspace,
  dataDir: string | undefined,
  pseudonymKey: string,
  say: (line: string) => void,
  params: DemoParams = DEMO_TRAFFIC,
  recorded?: IngestRun,
): Promise<IngestSummary> {
  const run = recorded ? recorded.on(ws.store) : await IngestRun.start(ws.store, demoRunOptions(params), true);
  const out = dataDir ? path.join(dataDir, 'demo-ijw') : fs.mkdtempSync(path.join(os.tmpdir(), 'jeugdregie-demo-ijw-'));
  say(`Generating demo iJw traffic (${params.from} – ${params.to}) in ${out} …`);
  let counts: Awaited<ReturnType<typeof writeDemoTraffic>>;
  try {
    counts = await writeDemoTraffic(out, { ...params, region: ws.region, providers: await loadDemoProviders(), returnMessages: false });
  } catch (e) {
    await run.fail(e);
    throw e;
  }
  say(`Ingesting ${counts.messages} messages (about ${counts.faulty} faulty on purpose) — this takes a while, once …`);
  // A line every tenth, so a first start that takes a minute shows that it moves.
  let tenths = 0;
  const summary = await ingestFiles(ws, await expandInputs([out]), new Pseudonymiser(pseudonymKey), () => new Date(), (done, total) => {
    const t = Math.floor((done * 10) / Math.max(total, 1));
    if (t > tenths && t < 10) say(`  ${t * 10}% (${done} of ${total} messages) …`);
    tenths = Math.max(tenths, t);
  }, { run });
  say(`Demo traffic: ${summary.accepted} accepted, ${summary.duplicates} duplicates, ${summary.rejected} rejected (see "jeugdregie ingest --help").`);
  return summary;
}
