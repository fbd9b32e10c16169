// `serve` and `start`: the HTTP API and first page on one port.
import type { Command } from 'commander';
import { readSettings } from '../config/settings.ts';
import { initWorkspace, openWorkspace, targetOf } from '../app/workspace.ts';
import { openStore } from '../store/database.ts';
import { loadStoredRegion } from '../app/workspace.ts';
import { migrate } from '../store/database.ts';
import type { Io } from './main.ts';
import { Refusal } from '../domain/errors.ts';
import { populateDemoTraffic } from '../app/demo-traffic.ts';
import { resolvePseudonymKey } from '../app/pseudonym-key.ts';

async function serve(io: Io, port: number, host: string): Promise<void> {
  const settings = readSettings();
  // A server runs for days: its embedded database is compiled for speed and memory (openStore).
  const ws = await openWorkspace(targetOf(settings), settings.actor, undefined, { longRunning: true });
  // The HTTP stack (Fastify, OpenAPI schemas) is loaded only by the commands that serve.
  const { buildServer } = await import('../api/server.ts');
  const app = await buildServer(ws, { logLevel: settings.logLevel });
  const stop = async () => {
    await app.close();
    await ws.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  await app.listen({ port, host });
  io.out(`Jeugdregie (${ws.region.name}) is running at http://localhost:${port} — API description at /openapi.json. Stop with Ctrl+C.\n`);
  await new Promise<void>(() => undefined);
}

function portOption(text: string): number {
  const port = /^\d{1,5}$/.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Refusal('OPTION_INVALID', { option: '--port', value: text, expected: { en: 'a port number 0–65535 (0: any free port)', nl: 'een poortnummer 0–65535 (0: een vrije poort)' } });
  }
  return port;
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
    .description('first run: create the Amsterdam-Amstelland database (with --demo: demo data) if there is none, then serve')
    .option('--demo', 'with demo data')
    .option('--region <id>', 'region for a new database', 'amsterdam-amstelland')
    .action(async (opts: { demo?: boolean; region: string }) => {
      const settings = readSettings();
      const target = targetOf(settings);
      const store = await openStore(target);
      let exists: boolean;
      try {
        await migrate(store);
        exists = (await loadStoredRegion(store)) !== undefined;
      } finally {
        await store.close();
      }
      if (!exists) {
        const { region } = await initWorkspace(target, settings.actor, { regionId: opts.region, demo: opts.demo });
        io.out(`Created a new database for ${region.name}${opts.demo ? ' with demo data' : ''} in ${settings.databaseUrl ? 'PostgreSQL' : settings.dataDir}.\n`);
        if (opts.demo) {
          const key = resolvePseudonymKey(settings, (l) => io.out(l + '\n'));
          const ws = await openWorkspace(target, settings.actor, undefined, { longRunning: true });
          try {
            await populateDemoTraffic(ws, settings.databaseUrl ? undefined : settings.dataDir, key, (l) => io.out(l + '\n'));
          } finally {
            await ws.close();
          }
        }
      }
      await serve(io, settings.port, settings.host);
    });
}
