// `npm start` (jeugdregie start --demo) killed halfway through the demo's first ingest: the next
// start says so, completes the ingest (messages already stored are skipped) and ends with the figures
// of a start that was never interrupted. Meanwhile the monitor commands warn that the figures lack
// part of a delivery, and `ingest runs` shows the run that did not finish. One month of demo traffic
// keeps it quick.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openWorkspace } from '../src/app/workspace.ts';
import { messageCounts, reach, timelinessFigures, waiting } from '../src/app/monitor.ts';
import { tempDir } from './support/temp-dirs.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const KEY = 'demo-restart-test-key-0123456789abcdef0123456789';
const MONTH = { from: '2028-01-01', to: '2028-01-31' };
const dirs: string[] = [];

afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function env(dataDir: string, port?: number): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, JEUGDREGIE_DATA_DIR: dataDir, JEUGDREGIE_PSEUDONYM_KEY: KEY, HOST: '127.0.0.1', ...(port ? { PORT: String(port) } : {}) };
  // the embedded database only: not the server of the test run
  for (const k of ['DATABASE_URL', 'DATABASE_SCHEMA']) delete e[k];
  return e;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/** `jeugdregie start --demo` for one month, in a child process; `until(re)` waits for a line of its output. */
async function start(dataDir: string) {
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'bin', 'jeugdregie.js'), 'start', '--demo', '--demo-period', '2028-01'], {
    cwd: ROOT,
    env: env(dataDir, await freePort()),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const waiting: (() => void)[] = [];
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    for (const w of waiting.splice(0)) w();
  });
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const until = (re: RegExp) =>
    new Promise<void>((resolve, reject) => {
      const check = () => (re.test(out) ? resolve() : waiting.push(check));
      check();
      void exited.then(() => reject(new Error(`start ended before ${re}: ${out}\n${err}`)));
    });
  return { child, until, exited, output: () => out, errors: () => err };
}

/** A CLI command on the same data folder, as a user runs it. */
function cli(dataDir: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'jeugdregie.js'), ...args], { cwd: ROOT, env: env(dataDir), encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

async function figures(dataDir: string) {
  const ws = await openWorkspace({ dataDir }, 'demo-restart-test');
  try {
    return {
      reach: await reach(ws, MONTH, ['municipality', 'care_form']),
      stops: (await reach(ws, MONTH, ['provider'])).map((r) => [r.group.provider, r.stopsByReason]),
      waiting: await waiting(ws, MONTH, ['municipality']),
      timeliness: await timelinessFigures(ws, MONTH, 30),
      messages: await messageCounts(ws, MONTH),
    };
  } finally {
    await ws.close();
  }
}

describe('an interrupted first start of the demo', () => {
  it('is completed by the next start, with the figures of an uninterrupted one', async () => {
    // The reference: a first start that runs through.
    const whole = tempDir('jeugdregie-demo-whole-');
    dirs.push(whole);
    const ref = await start(whole);
    await ref.until(/is running at/);
    ref.child.kill('SIGTERM');
    expect(await ref.exited, ref.errors()).toBe(0);
    expect(ref.output()).toMatch(/Created a new database for Amsterdam-Amstelland with demo data/);
    expect(ref.output()).toMatch(/Demo traffic: \d+ accepted/);
    const expected = await figures(whole);
    expect(expected.reach.reduce((n, r) => n + r.uniqueYouth, 0)).toBeGreaterThan(500);

    // Killed when half of the messages are handled.
    const dataDir = tempDir('jeugdregie-demo-killed-');
    dirs.push(dataDir);
    const first = await start(dataDir);
    await first.until(/ 50% \(\d+ of \d+ messages\)/);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(first.output()).not.toMatch(/is running at/);

    // The figures are read as they are, with one warning line that says what is missing and what to do.
    const monitor = cli(dataDir, 'monitor', '--period', '2028-01', '--format', 'csv');
    expect(monitor.code).toBe(0);
    const warnings = monitor.err.split('\n').filter((l) => l.startsWith('warning:'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^warning: ingest run 1 \(start --demo, started \d{4}-\d\d-\d\d \d\d:\d\d UTC\) did not finish after \d+ of \d+ messages, so the figures may lack part of its delivery; run "npm start" \(jeugdregie start --demo\) again to complete it/,
    );
    const runs = cli(dataDir, 'ingest', 'runs', '--format', 'json');
    expect(runs.code).toBe(0);
    const [killed] = JSON.parse(runs.out) as { run: number; state: string; phase: string; messages: number; handled: number; accepted: number }[];
    expect(killed).toMatchObject({ run: 1, state: 'interrupted', phase: 'storing' });
    expect(killed!.handled).toBeLessThan(killed!.messages);
    // what the record says was stored is what is stored (the batches and their counts commit together)
    const stored = JSON.parse(cli(dataDir, 'monitor', 'messages', '--period', '2028', '--format', 'json').out) as { messages: number }[];
    expect(stored.reduce((n, r) => n + r.messages, 0)).toBe(killed!.accepted);

    // The next start completes the demo's ingest and says so.
    const second = await start(dataDir);
    await second.until(/is running at/);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(second.output()).not.toMatch(/Created a new database/);
    expect(second.output()).toMatch(
      new RegExp(`The demo's first start did not finish \\(ingest run 1 stopped after ${killed!.handled} of ${killed!.messages} messages\\): completing its ingest now — messages already stored are skipped\\.`),
    );
    // what was stored before the kill is found stored; the rest is what the uninterrupted start stored besides
    const counts = (text: string) => text.match(/Demo traffic: (\d+) accepted, (\d+) duplicates/)!.slice(1).map(Number);
    const [accepted, duplicates] = counts(second.output());
    expect(duplicates).toBeGreaterThanOrEqual(killed!.accepted);
    expect(accepted! + killed!.accepted).toBe(counts(ref.output())[0]);

    expect(await figures(dataDir)).toEqual(expected);
    const after = JSON.parse(cli(dataDir, 'ingest', 'runs', '--format', 'json').out) as { run: number; state: string; completed_by: number | null }[];
    expect(after.map((r) => [r.run, r.state, r.completed_by])).toEqual([[2, 'finished', null], [1, 'interrupted', 2]]);
    const clean = cli(dataDir, 'monitor', '--period', '2028-01', '--format', 'csv');
    expect(clean.code).toBe(0);
    expect(clean.err).not.toMatch(/warning/);

    // A third start has nothing to complete.
    const third = await start(dataDir);
    await third.until(/is running at/);
    third.child.kill('SIGTERM');
    await third.exited;
    expect(third.output()).not.toMatch(/did not finish|Generating/);
  }, 600_000);
});
