// `serve` and `start`: the HTTP API and first page on one port. `start --demo` (npm start) creates
// the demo database on its first run and completes the demo's ingest when a first run was killed.
import type { Command } from 'commander';
import { readSettings } from '../config/settings.ts';
import { initWorkspace, openWorkspace, targetOf } from '../app/workspace.ts';
import type { Io } from './main.ts';
import { populateDemoReports } from '../app/demo-reports.ts';
import { populateDemoBij, populateDemoStatline } from '../app/demo-bij.ts';
import { Pseudonymiser } from '../ijw/pseudonym.ts';
import { checkStart, DEMO_TRAFFIC, demoToComplete, populateDemoTraffic, type DemoParams } from '../app/demo-traffic.ts';
import { PseudonymKeyError, resolvePseudonymKey } from '../app/pseudonym-key.ts';
import { parsePeriod, PeriodError } from '../domain/period.ts';
import { Refusal } from '../domain/errors.ts';

async function serve(io: Io, port: number, host: string, demo = false): Promise<void> {
  const settings = readSettings();
  // A server runs for days: its embedded database is compiled for speed and memory (openStore).
  const ws = await openWorkspace(targetOf(settings), settings.actor, undefined, { longRunning: true, ownThread: true });
  // The HTTP stack (Fastify, OpenAPI schemas) is loaded only by the commands that serve.
  const { buildServer } = await import('../api/server.ts');
  if (demo) {
    const { DEMO_ACCOUNTS } = await import('../app/accounts.ts');
    try {
      await (await import('../app/demo-traffic.ts')).prepareDemoAccounts(ws);
    } catch (e) {
      await ws.close();
      throw e;
    }
    io.out(`Demo accounts (shown on the sign-in page in demo mode only): ${DEMO_ACCOUNTS.map((a) => `${a.login} / ${a.password} (${a.role})`).join(', ')}\n`);
  }
  const oidc = settings.oidc ? (await import('../app/oidc.ts')).oidcSignIn(settings.oidc) : undefined;
  // CBS deliveries uploaded in the browser are pseudonymised with the region's key; without one they are refused.
  let pseudonym: ((bsn: string) => string) | undefined;
  try {
    const p = new Pseudonymiser(resolvePseudonymKey(settings, (l) => io.err(l + '\n')));
    pseudonym = (bsn) => p.pseudonym(bsn);
  } catch (e) {
    if (!(e instanceof PseudonymKeyError)) throw e;
  }
  const app = await buildServer(ws, { logLevel: settings.logLevel, demo, trustProxy: settings.trustProxy, ...(oidc ? { oidc } : {}), ...(pseudonym ? { pseudonym } : {}) });
  let publisher: { stop(): Promise<void> } | undefined;
  const stop = async () => {
    // The publisher stops at once (its unfinished work is not waited for, nor told as a failure).
    void publisher?.stop();
    await app.close();
    await ws.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  await app.listen({ port, host });
  io.out(`Jeugdregie (${ws.region.name}) is running at http://localhost:${port} — API description at /openapi.json. Stop with Ctrl+C.\n`);
  // The protected figures for others are computed once per data version: now, and whenever data
  // arrive (also through the CLI into the same database), not on the first request.
  const { onUnprotectable } = await import('../app/publication.ts');
  onUnprotectable((line) => io.err(`figures that cannot be published without telling a count of 1–4 (none of them are shown): ${line}\n`));
  const { startPublisher } = await import('../app/publisher.ts');
  publisher = startPublisher(ws, { onError: (m) => io.err(`the monitor's published figures could not be prepared now (${m}); the first request will try again\n`) });
  await new Promise<void>(() => undefined);
}

function portOption(text: string): number {
  const port = /^\d{1,5}$/.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Refusal('OPTION_INVALID', { option: '--port', value: text, expected: { en: 'a port number 0–65535 (0: any free port)', nl: 'een poortnummer 0–65535 (0: een vrije poort)' } });
  }
  return port;
}

/** The demo traffic of --demo-period (default: the year 2028). */
function demoParams(period: string | undefined): DemoParams {
  if (period === undefined) return DEMO_TRAFFIC;
  try {
    return { ...DEMO_TRAFFIC, ...parsePeriod(period) };
  } catch (e) {
    if (!(e instanceof PeriodError)) throw e;
    throw new Refusal('OPTION_INVALID', { option: '--demo-period', value: period, expected: { en: 'a period such as 2028, 2028-Q1, 2028-01 or 2028-01-01..2028-02-15', nl: 'een periode zoals 2028, 2028-Q1, 2028-01 of 2028-01-01..2028-02-15' } });
  }
}

export function registerServerCommands(program: Command, io: Io): void {
  program
    .command('serve')
    .description('serve the HTTP API and the first page')
    .option('--port <port>', 'port (default $PORT or 3000)')
    .action(async (opts: { port?: string }) => {
      const settings = readSettings();
      await serve(io, opts.port === undefined ? settings.port : portOption(opts.port), settings.host);
    });

  program
    .command('start')
    .description('first run: create the Amsterdam-Amstelland database (with --demo: demo data) if there is none, then serve; with --demo also completes a demo whose first start was interrupted')
    .option('--demo', 'with demo data')
    .option('--region <id>', 'region for a new database', 'amsterdam-amstelland')
    .option('--demo-period <period>', 'with --demo: the period of generated iJw traffic (default 2028; 2028-Q1 or 2028-01 starts quicker)')
    .action(async (opts: { demo?: boolean; region: string; demoPeriod?: string }) => {
      const settings = readSettings();
      const target = targetOf(settings);
      const say = (l: string) => io.out(l + '\n');
      const params = opts.demo ? demoParams(opts.demoPeriod) : undefined;
      const state = await checkStart(target, params, opts.region);
      if (!state.exists) {
        const { region } = await initWorkspace(target, settings.actor, { regionId: opts.region, demo: opts.demo });
        say(`Created a new database for ${region.name}${opts.demo ? ' with demo data' : ''} in ${settings.databaseUrl ? 'PostgreSQL' : settings.dataDir}.`);
      }
      if (params !== undefined) {
        const ws = await openWorkspace(target, settings.actor, undefined, { longRunning: true });
        try {
          const interrupted = state.demoRun === undefined ? await demoToComplete(ws) : undefined;
          if (state.demoRun !== undefined || interrupted !== undefined) {
            const key = resolvePseudonymKey(settings, say);
            if (interrupted !== undefined) {
              say(
                `The demo's first start did not finish (ingest run ${interrupted.run} stopped after ${interrupted.handled} of ${interrupted.messages} messages): ` +
                  'completing its ingest now — messages already stored are skipped.',
              );
            }
            await populateDemoTraffic(ws, settings.databaseUrl ? undefined : settings.dataDir, key, say, interrupted?.params ?? params, state.demoRun);
          }
          // The providers' reports follow the traffic (a demo made before reports existed gets them now).
          await populateDemoReports(ws, (interrupted?.params ?? params).to, say);
          // And the providers' CBS deliveries, made from the traffic with its gaps (issue 15).
          const p = interrupted?.params ?? params;
          const pseudonymiser = new Pseudonymiser(resolvePseudonymKey(settings, say));
          await populateDemoBij(ws, p.from, p.to, (bsn) => pseudonymiser.pseudonym(bsn), say);
          await populateDemoStatline(ws, say);
        } finally {
          await ws.close();
        }
      }
      await serve(io, settings.port, settings.host, opts.demo === true);
    });
}
