// Faults that must not lose or double anything, and hostile input that must be refused cleanly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { initWorkspace, openWorkspace, type Workspace } from '../src/app/workspace.ts';
import { expandInputs, ingestFiles } from '../src/app/ingest.ts';
import { reach } from '../src/app/monitor.ts';
import { Pseudonymiser } from '../src/ijw/pseudonym.ts';
import type { DatabaseTarget } from '../src/store/database.ts';
import { dropTestSchemas, testDatabases } from './support/databases.ts';
import { isValidBsn } from '../src/domain/bsn.ts';
import { IJW_EXAMPLES, haveIjwReference } from './support/ijw-reference.ts';

const examples = IJW_EXAMPLES;
const KEY = 'fault-test-key-0123456789abcdef0123456789abcdef';
const pseudonymiser = new Pseudonymiser(KEY);
const now = () => new Date('2028-02-01T08:00:00Z');
// made only when the tests run: with every test skipped, vitest runs no afterAll to remove it
const work = haveIjwReference ? fs.mkdtempSync(path.join(os.tmpdir(), 'jeugdregie-faults-')) : '';

/** n distinct JW305 messages made from the official example (new identification and start date each). */
function makeStarts(dir: string, n: number, offset = 0): void {
  const text = fs.readFileSync(path.join(examples, 'JW305.xml'), 'utf8');
  fs.mkdirSync(dir, { recursive: true });
  for (let i = offset; i < offset + n; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    const bsn = validBsn(i);
    fs.writeFileSync(
      path.join(dir, `m${String(i).padStart(6, '0')}.xml`),
      text.replace('123456789012', String(100000 + i)).replace(/2026-04-03/g, `2026-05-${day}`).replace('999900006', bsn),
    );
  }
}

/** A test BSN (9999xxxxx) that passes the eleven-test, a different one for each i below 9,000. */
function validBsn(i: number): string {
  for (let n = 999_900_000 + i * 11; ; n++) if (isValidBsn(String(n))) return String(n);
}

async function fresh(database: (typeof testDatabases)[number]): Promise<{ target: DatabaseTarget; ws: Workspace }> {
  const target = await database.fresh();
  if (!target.url) (target as { dataDir?: string }).dataDir = fs.mkdtempSync(path.join(work, 'db-'));
  await initWorkspace(target, 'fault-test', { regionId: 'amsterdam-amstelland' });
  return { target, ws: await openWorkspace(target, 'fault-test') };
}

afterAll(async () => {
  await dropTestSchemas();
  if (work !== '') fs.rmSync(work, { recursive: true, force: true });
});

const hasExamples = haveIjwReference;

describe.runIf(hasExamples)('hostile input is refused with a clear error, and the rest goes on', () => {
  let ws: Workspace;
  const dir = path.join(work, 'hostile');
  beforeAll(async () => {
    ws = (await fresh(testDatabases[0]!)).ws;
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'xxe.xml'), '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<r>&x;</r>');
    fs.writeFileSync(
      path.join(dir, 'bomb.xml'),
      '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n<lolz>&lol2;</lolz>',
    );
    fs.writeFileSync(path.join(dir, 'latin1.xml'), Buffer.concat([Buffer.from('<?xml version="1.0" encoding="UTF-8"?><a>caf'), Buffer.from([0xe9]), Buffer.from('</a>')]));
    fs.copyFileSync(path.join(examples, 'JW305.xml'), path.join(dir, 'good.xml'));
    const big = path.join(dir, 'huge.xml');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, 200 * 1024 * 1024);
  });
  afterAll(async () => ws?.close());

  it('refuses external entities, entity bombs, non-UTF-8 and a 200 MB file, and keeps the good message', async () => {
    const rss = process.memoryUsage().rss;
    const s = await ingestFiles(ws, await expandInputs([dir]), pseudonymiser, now);
    expect(s.accepted).toBe(1);
    expect(s.rejected).toBe(4);
    const byFile = Object.fromEntries(s.errors.map((e) => [path.basename(e.file), e.message]));
    expect(byFile['xxe.xml']).toMatch(/DOCTYPE|DTD/i);
    expect(byFile['bomb.xml']).toMatch(/DOCTYPE|DTD/i);
    expect(byFile['latin1.xml']).toMatch(/UTF-8/);
    expect(byFile['huge.xml']).toMatch(/209715200 bytes/);
    // The 200 MB file was never read into memory.
    expect(process.memoryUsage().rss - rss).toBeLessThan(100 * 1024 * 1024);
  });

  it('reads a zip archive like a folder, and refuses one with a path outside its folder as a whole', async () => {
    const zipDir = path.join(work, 'zips');
    fs.mkdirSync(path.join(zipDir, 'inner'), { recursive: true });
    makeStarts(path.join(zipDir, 'inner'), 3, 500);
    execFileSync('python3', ['-c', `
import zipfile, os, sys
base = sys.argv[1]
with zipfile.ZipFile(os.path.join(base, 'good.zip'), 'w', zipfile.ZIP_DEFLATED) as z:
    for n in sorted(os.listdir(os.path.join(base, 'inner'))):
        z.write(os.path.join(base, 'inner', n), 'berichten/' + n)
with zipfile.ZipFile(os.path.join(base, 'evil.zip'), 'w') as z:
    z.writestr('ok.xml', open(os.path.join(base, 'inner', sorted(os.listdir(os.path.join(base, 'inner')))[0])).read())
    z.writestr('../../outside.xml', '<a/>')
`, zipDir]);
    const good = await ingestFiles(ws, await expandInputs([path.join(zipDir, 'good.zip')]), pseudonymiser, now);
    expect(good).toMatchObject({ accepted: 3, rejected: 0 });
    const evil = await ingestFiles(ws, await expandInputs([path.join(zipDir, 'evil.zip')]), pseudonymiser, now);
    expect(evil).toMatchObject({ accepted: 0, rejected: 1 });
    expect(evil.errors[0]!.message).toMatch(/outside the archive's folder/);
  });
});

describe.runIf(hasExamples && process.platform !== 'win32').each(testDatabases)('inputs that are not message files, on $name', (database) => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = (await fresh(database)).ws;
  });
  afterAll(async () => ws?.close());

  it('refuses a folder link loop, a link to itself and a FIFO named *.xml, one line each, and reads the rest', { timeout: 30_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(work, 'not-files-'));
    makeStarts(dir, 1, 7000);
    fs.mkdirSync(path.join(dir, 'sub'));
    makeStarts(path.join(dir, 'sub'), 1, 7001);
    fs.symlinkSync('..', path.join(dir, 'sub', 'back')); // leads to a folder it is in
    fs.symlinkSync(dir, path.join(dir, 'loop'));
    fs.symlinkSync('self.xml', path.join(dir, 'self.xml')); // a link to itself
    execFileSync('mkfifo', [path.join(dir, 'pipe.xml')]);
    const plan = await expandInputs([dir]);
    expect(plan.total).toBe(6);
    const s = await ingestFiles(ws, plan, pseudonymiser, now);
    expect(s).toMatchObject({ accepted: 2, rejected: 4, duplicates: 0 });
    const byName = Object.fromEntries(s.errors.map((e) => [path.relative(dir, e.file), e.message]));
    expect(Object.keys(byName).sort()).toEqual(['loop', 'pipe.xml', 'self.xml', path.join('sub', 'back')]);
    expect(byName['loop']).toMatch(/a link to a folder it is itself in \(a loop\)/);
    expect(byName[path.join('sub', 'back')]).toMatch(/a link to a folder it is itself in/);
    expect(byName['self.xml']).toMatch(/its symbolic links form a loop/);
    expect(byName['pipe.xml']).toMatch(/a named pipe \(FIFO\), not a file/);
    for (const m of Object.values(byName)) expect(m).not.toMatch(/\n|    at /);
    const recorded = await ws.store.db.selectFrom('ijw_rejection').select(['source_file', 'rule']).where('source_file', 'like', `${dir}%`).execute();
    expect(recorded.map((r) => r.rule)).toEqual(['input', 'input', 'input', 'input']);
  });

  it('refuses a FIFO given as an input by itself instead of waiting for it', { timeout: 30_000 }, async () => {
    const fifo = path.join(fs.mkdtempSync(path.join(work, 'fifo-')), 'alone.xml');
    execFileSync('mkfifo', [fifo]);
    const s = await ingestFiles(ws, await expandInputs([fifo]), pseudonymiser, now);
    expect(s).toMatchObject({ accepted: 0, rejected: 1 });
    expect(s.errors[0]!.message).toMatch(/named pipe/);
  });

  it('names a zip inside a zip as such, by name or by content, and reads the rest of the archive', async () => {
    const zipDir = fs.mkdtempSync(path.join(work, 'zip-in-zip-'));
    makeStarts(path.join(zipDir, 'inner'), 2, 7100);
    execFileSync('python3', ['-c', `
import zipfile, os, sys
base = sys.argv[1]
files = sorted(os.listdir(os.path.join(base, 'inner')))
with zipfile.ZipFile(os.path.join(base, 'inner.zip'), 'w') as z:
    z.write(os.path.join(base, 'inner', files[0]), files[0])
with zipfile.ZipFile(os.path.join(base, 'outer.zip'), 'w') as z:
    z.write(os.path.join(base, 'inner.zip'), 'nested/inner.zip')
    z.write(os.path.join(base, 'inner.zip'), 'disguised.xml')
    z.write(os.path.join(base, 'inner', files[1]), 'good.xml')
`, zipDir]);
    const s = await ingestFiles(ws, await expandInputs([path.join(zipDir, 'outer.zip')]), pseudonymiser, now);
    expect(s).toMatchObject({ accepted: 1, rejected: 2 });
    expect(s.errors.map((e) => e.file.split('!')[1]).sort()).toEqual(['disguised.xml', 'nested/inner.zip']);
    for (const e of s.errors) expect(e.message).toMatch(/^a zip archive inside a zip archive: its messages are not read; unpack it/);
  });
});

/** Runs `jeugdregie ingest <dir> --format json --progress-lines` in a child process. */
function ingestProcess(dir: string, env: NodeJS.ProcessEnv): { child: ReturnType<typeof spawn>; stdout: Promise<string>; progress: (atLeast: number) => Promise<void> } {
  // the child's database is only the one given (no DATABASE_URL of the test run for an embedded one)
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['DATABASE_URL', 'DATABASE_SCHEMA', 'JEUGDREGIE_DATA_DIR']) delete childEnv[k];
  const child = spawn(process.execPath, ['bin/jeugdregie.js', 'ingest', dir, '--format', 'json', '--progress-lines'], { env: { ...childEnv, ...env, JEUGDREGIE_PSEUDONYM_KEY: KEY }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let handled = 0;
  const waiting: { n: number; resolve: () => void }[] = [];
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
    for (const m of err.matchAll(/ingest: (\d+)\/\d+ messages handled/g)) handled = Math.max(handled, Number(m[1]));
    for (const w of waiting.splice(0)) (handled >= w.n ? w.resolve : () => waiting.push(w))();
  });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return {
    child,
    stdout: exited.then(() => out),
    progress: (n) =>
      new Promise<void>((resolve, reject) => {
        if (handled >= n) return resolve();
        waiting.push({ n, resolve });
        void exited.then(() => reject(new Error(`the ingest ended before ${n} messages were handled: ${err}`)));
      }),
  };
}

describe.runIf(hasExamples)('interruption on the embedded database', () => {
  it('an ingest killed with SIGKILL halfway and started again gives the figures of an uninterrupted run', async () => {
    const dir = path.join(work, 'kill-pglite');
    makeStarts(dir, 3000, 4000);
    const whole = await fresh(testDatabases[0]!);
    await ingestFiles(whole.ws, await expandInputs([dir]), pseudonymiser, now);
    const expected = await reach(whole.ws, { from: '2026-01-01', to: '2026-12-31' }, ['municipality', 'provider']);
    await whole.ws.close();

    const killed = await fresh(testDatabases[0]!);
    await killed.ws.close(); // one process at a time on the embedded database
    const run = ingestProcess(dir, { JEUGDREGIE_DATA_DIR: killed.target.dataDir });
    await run.progress(1500); // by then the batches up to 1,000 messages are committed
    run.child.kill('SIGKILL');
    await run.stdout;
    const reopened = await openWorkspace(killed.target, 'fault-test');
    try {
      const partial = await reopened.store.db.selectFrom('ijw_message').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      expect(Number(partial.n)).toBeGreaterThanOrEqual(1000);
      expect(Number(partial.n)).toBeLessThan(3000);
      const again = await ingestFiles(reopened, await expandInputs([dir]), pseudonymiser, now);
      expect(again.accepted + again.duplicates).toBe(3000);
      expect(again.duplicates).toBe(Number(partial.n));
      expect(await reach(reopened, { from: '2026-01-01', to: '2026-12-31' }, ['municipality', 'provider'])).toEqual(expected);
    } finally {
      await reopened.close();
    }
  });
});

describe.runIf(hasExamples && process.env.DATABASE_URL)('concurrency and interruption on the server', () => {
  it('two ingest processes on overlapping folders at the same time store every message exactly once', async () => {
    const a = path.join(work, 'overlap-proc-a');
    const b = path.join(work, 'overlap-proc-b');
    makeStarts(a, 1200, 6000);
    makeStarts(b, 1200, 6600);
    const { target, ws } = await fresh(testDatabases[1]!);
    try {
      const env = { DATABASE_URL: target.url, DATABASE_SCHEMA: target.schema };
      const [x, y] = (await Promise.all([ingestProcess(a, env).stdout, ingestProcess(b, env).stdout])).map((o) => JSON.parse(o) as { accepted: number; duplicates: number; rejected: number });
      expect(x!.rejected + y!.rejected).toBe(0);
      expect(x!.accepted + y!.accepted).toBe(1800);
      expect(x!.duplicates + y!.duplicates).toBe(600);
      const count = await ws.store.db.selectFrom('ijw_message').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(1800);
      // the example JW305 starts two products: two events per message
      const events = await ws.store.db.selectFrom('care_event').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      expect(Number(events.n)).toBe(2 * 1800);
    } finally {
      await ws.close();
    }
  });


  it('two ingests of overlapping folders at the same time, in one process, store every message exactly once', async () => {
    const a = path.join(work, 'overlap-a');
    const b = path.join(work, 'overlap-b');
    makeStarts(a, 300, 0);
    makeStarts(b, 300, 150);
    const { target, ws } = await fresh(testDatabases[1]!);
    const ws2 = await openWorkspace(target, 'fault-test-2');
    try {
      const [x, y] = await Promise.all([ingestFiles(ws, await expandInputs([a]), pseudonymiser, now), ingestFiles(ws2, await expandInputs([b]), pseudonymiser, now)]);
      expect(x.accepted + y.accepted).toBe(450);
      expect(x.duplicates + y.duplicates).toBe(150);
      const count = await ws.store.db.selectFrom('ijw_message').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(450);
    } finally {
      await ws.close();
      await ws2.close();
    }
  });

  it('an ingest killed with SIGKILL halfway and started again gives the figures of an uninterrupted run', async () => {
    const dir = path.join(work, 'kill');
    // Six batches (BATCH = 500): the kill lands while batches are still being stored, or at the
    // latest while the trajectories are refreshed; either way the run is cut off, never finished.
    makeStarts(dir, 3000, 1000);
    const whole = await fresh(testDatabases[1]!);
    await ingestFiles(whole.ws, await expandInputs([dir]), pseudonymiser, now);
    const expected = await reach(whole.ws, { from: '2026-01-01', to: '2026-12-31' }, ['municipality', 'provider']);
    await whole.ws.close();

    const killed = await fresh(testDatabases[1]!);
    await killed.ws.close();
    const env = { ...process.env, DATABASE_URL: killed.target.url, DATABASE_SCHEMA: killed.target.schema, JEUGDREGIE_PSEUDONYM_KEY: KEY };
    const child = spawn(process.execPath, ['bin/jeugdregie.js', 'ingest', dir, '--format', 'json'], { env, stdio: 'ignore' });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on('exit', (code, signal) => r({ code, signal })));
    // Kill as soon as the first batch is stored.
    const reopened = await openWorkspace(killed.target, 'fault-test');
    for (let i = 0; i < 1200; i++) {
      const n = await reopened.store.db.selectFrom('ijw_message').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      if (Number(n.n) > 0) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    child.kill('SIGKILL');
    // The run was cut off, not finished.
    expect(await exited).toEqual({ code: null, signal: 'SIGKILL' });
    const partial = await reopened.store.db.selectFrom('ijw_message').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(Number(partial.n)).toBeGreaterThan(0);
    const again = await ingestFiles(reopened, await expandInputs([dir]), pseudonymiser, now);
    expect(again.accepted + again.duplicates).toBe(3000);
    expect(await reach(reopened, { from: '2026-01-01', to: '2026-12-31' }, ['municipality', 'provider'])).toEqual(expected);
    await reopened.close();
  });
});
