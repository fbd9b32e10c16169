// Benchmark: the dashboard API under 20 signed-in clients over the ten-year demo history [issue 13
// "Figures it must reach": API p95 ≤ 100 ms, embedded and server; a slow route may not raise the p95
// of the others]. docs/benchmarks.md, "The dashboard API under 20 clients".
//   npm run bench:api [-- options]
//     --server [postgres://…]  also (or, with --no-embedded, only) the PostgreSQL server: DATABASE_URL,
//                              else postgres://postgres@127.0.0.1:5432/test; the bench works in databases
//                              of its own on that server (jeugdregie_bench_api and …_run), never others
//     --no-embedded            not the embedded database (PGlite)
//     --duration <s>           seconds per measured phase (default 60)
//     --hammer <n>             clients on the slow route in the isolation phase (default 2; 0: no such phase)
//     --app <folder>           the checkout whose bin/jeugdregie.js runs (default this one): a git worktree
//                              of another commit measures that commit with this bench
//     --data <folder>          where the generated traffic and the prepared databases are kept (default
//                              bench/.data/api; generated once, reused by later runs)
//     --fresh                  prepare the databases again (init, ingest, accounts) from the kept traffic
//     --reuse-run              run on the last run's copy of the database instead of a fresh copy of the
//                              prepared one (what was computed and stored then is found ready)
//     --settle-max <s>         longest wait for the server to become idle after the warm-up (default 3600)
//     --settle-window <s>      idle means: < 3 % of a core and no query for this long (default 15)
//     --no-etag                never send If-None-Match (by default a client revalidates as a browser would)
//     --port <n>               the server's port (default 3471)
//     --profile <folder>       the server writes a V8 CPU profile of its whole run there (--cpu-prof),
//                              to open in Chrome's DevTools or to summarise with bench/cpu-profile.ts
//     --to <date>              last day of the generated traffic (default 2037-12-31; a shorter history
//                              for trying the bench out needs a --data folder of its own)
// The server is the real `bin/jeugdregie.js start` in a process of its own (PORT and
// JEUGDREGIE_DATA_DIR, or DATABASE_URL), so that client and server do not share an event loop. The
// data are the demo's traffic (seed 2028, 2 % faulty, no return messages) for 2028–2037, as
// `start --demo --demo-period 2028..2037` would make them, written once by `demo generate` and
// ingested by `ingest` into a database made by `init --demo`; accounts by `users add`, API tokens by
// `users token`. Each run starts from a copy of that prepared database, so the data version is new to
// the server: what it computes when data arrive is the warm-up, timed apart from the measured phases.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pg from 'pg';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined && !args[i + 1]!.startsWith('--') ? args[i + 1]! : fallback;
};
const DEFAULT_SERVER = 'postgres://postgres@127.0.0.1:5432/test';
const app = path.resolve(arg('--app', ROOT));
const dataRoot = path.resolve(arg('--data', path.join(ROOT, 'bench', '.data', 'api')));
const duration = Number(arg('--duration', '60'));
const hammerClients = Number(arg('--hammer', '2'));
const port = Number(arg('--port', '3471'));
const settleMax = Number(arg('--settle-max', '3600'));
const settleWindow = Number(arg('--settle-window', '15'));
const useEtag = !flag('--no-etag');
const trafficTo = arg('--to', '2037-12-31');
const profileDir = flag('--profile') ? path.resolve(arg('--profile', path.join(dataRoot, 'profiles'))) : undefined;
const serverUrl = flag('--server') ? arg('--server', process.env.DATABASE_URL ?? DEFAULT_SERVER) : process.env.DATABASE_URL;
const targets: ('embedded' | 'server')[] = [...(flag('--no-embedded') ? [] : ['embedded' as const]), ...(serverUrl ? ['server' as const] : [])];
if (targets.length === 0) throw new Error('nothing to measure: --no-embedded needs --server or DATABASE_URL');
for (const [name, v] of [['--duration', duration], ['--hammer', hammerClients], ['--port', port], ['--settle-max', settleMax], ['--settle-window', settleWindow]] as const) {
  if (!Number.isFinite(v) || v < 0) throw new Error(`${name} must be a number ≥ 0`);
}

/** Fixed, for fictional data only: the demo's BSNs are test numbers, and the key never leaves this folder. */
const PSEUDONYM_KEY = 'bench-api-fictional-demo-data-only-0123456789abcdef';
const REGION = 'amsterdam-amstelland';
const PRISTINE_DB = 'jeugdregie_bench_api';
const RUN_DB = 'jeugdregie_bench_api_run';
/** Every database this bench creates says so; it drops no database without this comment. */
const DB_MARK = 'made by jeugdregie bench/api-load.ts; may be dropped by it';

const log = (text = '') => process.stdout.write(`${text}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

// ---------------------------------------------------------------------------------------------
// The accounts: 20 clients of the four roles (docs/access.md). Amsterdam-Amstelland has six
// municipalities, so the seventh municipality client is a second officer of Amsterdam (the largest).

interface AccountSpec {
  readonly login: string;
  readonly role: 'region' | 'municipality' | 'provider' | 'council';
  readonly municipality?: string;
  readonly provider?: string;
}
const ACCOUNTS: readonly AccountSpec[] = [
  ...[1, 2, 3, 4, 5].map((i): AccountSpec => ({ login: `bench-regio-${i}`, role: 'region' })),
  ...['0363', '0358', '0362', '0384', '0437', '0451', '0363'].map((m, i): AccountSpec => ({ login: `bench-gemeente-${i + 1}-${m}`, role: 'municipality', municipality: m })),
  ...['DEMO01', 'DEMO04', 'DEMO08', 'DEMO12', 'DEMO17'].map((p): AccountSpec => ({ login: `bench-aanbieder-${p.toLowerCase()}`, role: 'provider', provider: p })),
  ...['0384', '0363', '0451'].map((m): AccountSpec => ({ login: `bench-raad-${m}`, role: 'council', municipality: m })),
];
type Account = AccountSpec & { readonly token: string };

// ---------------------------------------------------------------------------------------------
// Running the CLI of the app under test.

interface Target {
  readonly kind: 'embedded' | 'server';
  /** The environment for the CLI and the server on the prepared database, or on the run's copy. */
  env(which: 'prepared' | 'run'): NodeJS.ProcessEnv;
  /** Removes the prepared database (only one this bench made). */
  resetPrepared(): Promise<void>;
  /** A fresh copy of the prepared database for a run; returns what it took. */
  copyForRun(): Promise<number>;
  /** The server's own work outside the Node process (PostgreSQL backends), in CPU seconds so far. */
  externalCpu(): number;
  /** Whether the database is running a query for the app now (the server only). */
  busy(): Promise<boolean>;
  close(): Promise<void>;
}

function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, JEUGDREGIE_PSEUDONYM_KEY: PSEUDONYM_KEY, JEUGDREGIE_USER: 'bench', LOG_LEVEL: 'warn', JEUGDREGIE_LANG: 'en' };
  delete env.DATABASE_URL;
  delete env.DATABASE_SCHEMA;
  delete env.JEUGDREGIE_DATA_DIR;
  delete env.PORT;
  return env;
}

async function cli(argv: string[], env: NodeJS.ProcessEnv, okCodes = [0]): Promise<{ out: string; ms: number }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [path.join(app, 'bin', 'jeugdregie.js'), ...argv], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (err += b.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (!okCodes.includes(code ?? -1)) throw new Error(`jeugdregie ${argv.join(' ')} exited with ${code}: ${(err || out).trim().split('\n').slice(-3).join(' | ')}`);
  return { out, ms: performance.now() - t0 };
}

const lastLine = (text: string) => text.trim().split('\n').at(-1)!.trim();

function embeddedTarget(): Target {
  const prepared = path.join(dataRoot, 'embedded-prepared');
  const run = path.join(dataRoot, 'embedded-run');
  return {
    kind: 'embedded',
    env: (which) => ({ ...baseEnv(), JEUGDREGIE_DATA_DIR: which === 'prepared' ? prepared : run }),
    async resetPrepared() {
      fs.rmSync(prepared, { recursive: true, force: true });
    },
    async copyForRun() {
      const t0 = performance.now();
      fs.rmSync(run, { recursive: true, force: true });
      fs.cpSync(prepared, run, { recursive: true });
      return performance.now() - t0;
    },
    externalCpu: () => 0,
    busy: async () => false,
    close: async () => undefined,
  };
}

function serverTarget(url: string): Target {
  const on = (db: string) => {
    const u = new URL(url);
    u.pathname = `/${db}`;
    return u.toString();
  };
  const admin = new pg.Client({ connectionString: on('postgres') });
  let connected: Promise<unknown> | undefined;
  const sql = async (text: string, values: unknown[] = []) => {
    await (connected ??= admin.connect());
    return admin.query(text, values);
  };
  const ours = async (db: string) => {
    const r = await sql('select shobj_description(oid, $2) as note from pg_database where datname = $1', [db, 'pg_database']);
    if (r.rowCount === 0) return 'absent';
    if (r.rows[0].note !== DB_MARK) throw new Error(`database ${db} exists on ${url} but was not made by this bench: left alone; remove it yourself or use another server`);
    return 'ours';
  };
  const create = async (db: string, template?: string) => {
    if ((await ours(db)) === 'ours') await sql(`drop database ${db} with (force)`);
    await sql(`create database ${db}${template ? ` template ${template} strategy file_copy` : ''}`);
    await sql(`comment on database ${db} is '${DB_MARK}'`);
  };
  let created = false;
  return {
    kind: 'server',
    env: (which) => ({ ...baseEnv(), DATABASE_URL: on(which === 'prepared' ? PRISTINE_DB : RUN_DB) }),
    async resetPrepared() {
      await create(PRISTINE_DB);
      created = true;
    },
    async copyForRun() {
      if (!created && (await ours(PRISTINE_DB)) === 'absent') throw new Error(`the prepared database ${PRISTINE_DB} is missing on the server: run with --fresh`);
      const t0 = performance.now();
      await create(RUN_DB, PRISTINE_DB);
      return performance.now() - t0;
    },
    externalCpu: () => backendCpu(RUN_DB),
    async busy() {
      const r = await sql("select count(*)::int as n from pg_stat_activity where datname = $1 and state = 'active' and pid <> pg_backend_pid()", [RUN_DB]);
      return r.rows[0].n > 0;
    },
    close: async () => {
      if (connected) await admin.end();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// CPU of processes, from /proc (Linux): the server's Node process and the PostgreSQL backends that
// serve the run's database.

const TICK = 100; // USER_HZ on Linux
function cpuOf(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / TICK;
  } catch {
    return 0;
  }
}
function backendCpu(db: string): number {
  let total = 0;
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${name}/cmdline`, 'utf8');
      if (cmd.startsWith('postgres: ') && cmd.includes(` ${db} `)) total += cpuOf(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return total;
}
const rssOf = (pid: number): number => {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
};

// ---------------------------------------------------------------------------------------------
// Preparing: the traffic once, each database once (marker files say what is done).

function commitOf(folder: string): string {
  try {
    const head = fs.readFileSync(path.join(folder, '.git'), 'utf8');
    const gitdir = head.startsWith('gitdir:') ? head.slice(7).trim() : path.join(folder, '.git');
    const ref = fs.readFileSync(path.join(gitdir, 'HEAD'), 'utf8').trim();
    if (!ref.startsWith('ref:')) return ref.slice(0, 7);
    const common = fs.existsSync(path.join(gitdir, 'commondir')) ? path.resolve(gitdir, fs.readFileSync(path.join(gitdir, 'commondir'), 'utf8').trim()) : gitdir;
    const refPath = ref.slice(4).trim();
    for (const dir of [gitdir, common]) if (fs.existsSync(path.join(dir, refPath))) return fs.readFileSync(path.join(dir, refPath), 'utf8').trim().slice(0, 7);
    const packed = fs.readFileSync(path.join(common, 'packed-refs'), 'utf8');
    return packed.split('\n').find((l) => l.endsWith(` ${refPath}`))?.slice(0, 7) ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

async function prepareTraffic(): Promise<{ ms: number; summary: string; to: string; cached: boolean }> {
  const folder = path.join(dataRoot, 'ijw');
  const marker = path.join(dataRoot, 'ijw.json');
  if (fs.existsSync(marker)) {
    const kept = JSON.parse(fs.readFileSync(marker, 'utf8')) as { ms: number; summary: string; to: string };
    if (kept.to !== trafficTo) throw new Error(`${dataRoot} holds traffic up to ${kept.to}, not ${trafficTo}: use another --data folder`);
    return { ...kept, cached: true };
  }
  fs.rmSync(folder, { recursive: true, force: true });
  fs.mkdirSync(dataRoot, { recursive: true });
  log(`generating the demo traffic 2028-01-01..${trafficTo} into ${folder} (once) …`);
  const r = await cli(
    ['demo', 'generate', '--region', REGION, '--from', '2028-01-01', '--to', trafficTo, '--seed', '2028', '--faults', '0.02', '--no-return-messages', '--out', folder],
    baseEnv(),
  );
  const result = { ms: r.ms, summary: lastLine(r.out), to: trafficTo };
  fs.writeFileSync(marker, JSON.stringify(result, null, 2));
  return { ...result, cached: false };
}

interface Prepared {
  readonly commit: string;
  readonly initMs: number;
  readonly ingestMs: number;
  readonly ingestSummary: string;
  readonly accountsMs: number;
  readonly accounts: readonly Account[];
}

async function prepareDatabase(t: Target): Promise<Prepared & { cached: boolean }> {
  const marker = path.join(dataRoot, `prepared-${t.kind}.json`);
  if (fs.existsSync(marker) && !flag('--fresh')) return { ...(JSON.parse(fs.readFileSync(marker, 'utf8')) as Prepared), cached: true };
  fs.rmSync(marker, { force: true });
  await t.resetPrepared();
  const env = t.env('prepared');
  log(`${t.kind}: init --demo …`);
  const init = await cli(['init', '--region', REGION, '--demo'], env);
  log(`${t.kind}: ingesting the ten-year traffic …`);
  // Exit 2: some messages were rejected, which the demo's faulty traffic is for.
  const ingest = await cli(['ingest', path.join(dataRoot, 'ijw')], env, [0, 2]);
  log(`${t.kind}: ${ingest.out.trim().split('\n')[0]} (${seconds(ingest.ms)})`);
  log(`${t.kind}: ${ACCOUNTS.length} accounts and API tokens …`);
  const t0 = performance.now();
  const accounts: Account[] = [];
  for (const a of ACCOUNTS) {
    await cli(['users', 'add', a.login, '--role', a.role, ...(a.municipality ? ['--municipality', a.municipality] : []), ...(a.provider ? ['--provider', a.provider] : [])], env);
    const token = lastLine((await cli(['users', 'token', a.login, '--label', 'bench:api'], env)).out);
    if (!/^jr_[A-Za-z0-9_-]{43}$/.test(token)) throw new Error(`users token ${a.login} did not end with a token: ${token}`);
    accounts.push({ ...a, token });
  }
  const prepared: Prepared = {
    commit: commitOf(app),
    initMs: init.ms,
    ingestMs: ingest.ms,
    ingestSummary: ingest.out.trim().split('\n')[0]!,
    accountsMs: performance.now() - t0,
    accounts,
  };
  fs.writeFileSync(marker, JSON.stringify(prepared, null, 2), { mode: 0o600 });
  return { ...prepared, cached: false };
}

// ---------------------------------------------------------------------------------------------
// The server under test.

interface Server {
  readonly child: ChildProcess;
  readonly readyMs: number;
  readonly logFile: string;
}

async function startServer(t: Target): Promise<Server> {
  const logFile = path.join(dataRoot, `jeugdregie-${t.kind}.log`);
  const out = fs.createWriteStream(logFile);
  const t0 = performance.now();
  const profiling = profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`];
  const child = spawn(process.execPath, [...profiling, path.join(app, 'bin', 'jeugdregie.js'), 'start'], { env: { ...t.env('run'), PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr!.pipe(out);
  const readyMs = await new Promise<number>((resolve, reject) => {
    let seen = '';
    child.stdout!.on('data', (b: Buffer) => {
      out.write(b);
      seen += b.toString();
      if (seen.includes(' is running at ')) resolve(performance.now() - t0);
    });
    child.once('exit', (code) => reject(new Error(`the server exited with ${code} before it listened; see ${logFile}`)));
  });
  return { child, readyMs, logFile };
}

async function stopServer(s: Server): Promise<void> {
  if (s.child.exitCode !== null) return;
  const exited = new Promise((r) => s.child.once('exit', r));
  s.child.kill('SIGTERM');
  await Promise.race([exited, sleep(30_000)]);
  if (s.child.exitCode === null && s.child.signalCode === null) {
    s.child.kill('SIGKILL');
    await exited;
  }
}

// ---------------------------------------------------------------------------------------------
// The clients: one connection each (a browser tab's keep-alive), cycling the calls a role's
// dashboard pages make.

interface Route {
  /** The route and question, without the role (the same label for every role that asks it). */
  readonly label: string;
  readonly path: () => string;
}
interface Client {
  readonly name: string;
  readonly role: string;
  readonly token: string;
  readonly agent: http.Agent;
  readonly routes: readonly Route[];
  readonly etags: Map<string, string>;
}
interface Answer {
  readonly status: number | 'error' | 'timeout';
  readonly ms: number;
  readonly bytes: number;
  readonly retryAfter?: number;
}

const REQUEST_TIMEOUT_MS = 300_000;

function request(c: Client, url: string): Promise<Answer> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const etag = useEtag ? c.etags.get(url) : undefined;
    const req = http.request(
      {
        host: 'localhost',
        port,
        path: url,
        agent: c.agent,
        headers: { authorization: `Bearer ${c.token}`, accept: 'application/json', 'accept-encoding': 'br, gzip', ...(etag ? { 'if-none-match': etag } : {}) },
      },
      (res) => {
        let bytes = 0;
        res.on('data', (b: Buffer) => (bytes += b.length));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          const tag = res.headers.etag;
          if (useEtag && status === 200 && typeof tag === 'string') c.etags.set(url, tag);
          const ra = Number(res.headers['retry-after']);
          resolve({ status, ms: performance.now() - t0, bytes, ...(Number.isFinite(ra) ? { retryAfter: ra } : {}) });
        });
        res.on('error', () => resolve({ status: 'error', ms: performance.now() - t0, bytes }));
      },
    );
    req.setTimeout(REQUEST_TIMEOUT_MS, () => {
      req.destroy();
      resolve({ status: 'timeout', ms: performance.now() - t0, bytes: 0 });
    });
    req.on('error', () => resolve({ status: 'error', ms: performance.now() - t0, bytes: 0 }));
    req.end();
  });
}

const ok = (s: Answer['status']) => typeof s === 'number' && ((s >= 200 && s < 300) || s === 304);

/** The published periods of the last whole year of the data (others may ask only those). */
interface Periods {
  readonly year: string;
  readonly half: string;
  readonly quarter: string;
}

/** What a role's dashboard pages ask (only what the role may ask: src/domain/access). */
function routesOf(role: Account['role'], p: Periods, moneyYear: number): Route[] {
  const r = (label: string, url: string): Route => ({ label, path: () => url });
  const money = [
    r('GET /api/region', '/api/region'),
    r('GET /api/budgets/{year}', `/api/budgets/${moneyYear}`),
    r('GET /api/lumpsums/{year}', `/api/lumpsums/${moneyYear}`),
    r('GET /api/payments/{year}', `/api/payments/${moneyYear}`),
    r('GET /api/monitor/coverage', '/api/monitor/coverage'),
  ];
  const reach = (by: string, period: string, kind: string) => r(`reach by=${by}, ${kind}`, `/api/monitor/reach?period=${period}&by=${by}`);
  const waiting = (by: string, period: string, kind: string) => r(`waiting by=${by}, ${kind}`, `/api/monitor/waiting?period=${period}&by=${by}`);
  const timeliness = (by: string, period: string, kind: string) => r(`timeliness by=${by}, ${kind}`, `/api/monitor/timeliness?period=${period}&by=${by}`);
  const messages = r('messages, year', `/api/monitor/messages?period=${p.year}`);
  switch (role) {
    case 'region':
    case 'municipality':
      return [
        ...money,
        reach('municipality', p.year, 'year'),
        reach('theme', p.quarter, 'quarter'),
        reach('care_form', p.year, 'year'),
        reach('provider', p.quarter, 'quarter'),
        waiting('municipality', p.year, 'year'),
        timeliness('provider', p.year, 'year'),
        timeliness('municipality', p.quarter, 'quarter'),
        timeliness('total', p.year, 'year'),
        messages,
      ];
    case 'provider':
      return [
        ...money,
        reach('provider', p.year, 'year'),
        reach('municipality', p.quarter, 'quarter'),
        reach('theme', p.year, 'year'),
        reach('care_form', p.quarter, 'quarter'),
        waiting('provider', p.year, 'year'),
        timeliness('provider', p.year, 'year'),
        timeliness('municipality', p.quarter, 'quarter'),
        timeliness('total', p.year, 'year'),
        messages,
      ];
    case 'council':
      // Councils: half years and years; theme and care form beside their municipality; no message
      // counts (monitor.process) and no timeliness by provider.
      return [
        ...money,
        reach('municipality', p.year, 'year'),
        reach('theme', p.half, 'half year'),
        reach('care_form', p.year, 'year'),
        waiting('municipality', p.year, 'year'),
        timeliness('municipality', p.year, 'year'),
        timeliness('total', p.half, 'half year'),
      ];
  }
}

/** The slow route: a year of timeliness by provider for the region, each request a year not asked before. */
function hammerRoute(p: Periods, lane: number, lanes: number): Route {
  let n = lane;
  const end = Date.parse(`${p.year}-12-31T00:00:00Z`);
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return {
    label: 'SLOW: timeliness by=provider, a year ending on another day each time (region)',
    path: () => {
      const to = end - n * 86_400_000;
      n += lanes;
      return `/api/monitor/timeliness?from=${day(to - 364 * 86_400_000)}&to=${day(to)}&by=provider`;
    },
  };
}

function makeClient(a: Account, routes: Route[]): Client {
  return { name: a.login, role: a.role, token: a.token, agent: new http.Agent({ keepAlive: true, maxSockets: 1 }), routes, etags: new Map() };
}

// ---------------------------------------------------------------------------------------------
// Statistics.

/**
 * The answers to one question: latencies of the answers (2xx, 304) only — a refusal such as 503
 * (busy) comes back at once and would make the percentiles look better — and the others by status.
 */
class Samples {
  readonly ms: number[] = [];
  readonly statuses = new Map<string, number>();
  /** Which clients got an error other than 503 (to find the question or the account behind it). */
  readonly failedClients = new Set<string>();
  requests = 0;
  bytes = 0;
  add(a: Answer, client: string) {
    this.requests++;
    this.bytes += a.bytes;
    const s = String(a.status);
    this.statuses.set(s, (this.statuses.get(s) ?? 0) + 1);
    if (ok(a.status)) this.ms.push(a.ms);
    else if (a.status !== 503) this.failedClients.add(client);
  }
  merge(o: Samples) {
    for (const m of o.ms) this.ms.push(m);
    this.requests += o.requests;
    this.bytes += o.bytes;
    for (const [s, n] of o.statuses) this.statuses.set(s, (this.statuses.get(s) ?? 0) + n);
    for (const c of o.failedClients) this.failedClients.add(c);
  }
  /** Answered (2xx or 304). */
  get answered() {
    return this.ms.length;
  }
  /** Nearest-rank percentile of the answers. */
  pct(p: number): number {
    if (this.ms.length === 0) return NaN;
    const sorted = [...this.ms].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
  }
  get max() {
    return this.ms.length === 0 ? NaN : this.ms.reduce((a, b) => Math.max(a, b), 0);
  }
  get failed() {
    return this.requests - this.answered;
  }
  errors(): string {
    const e = [...this.statuses].filter(([s]) => !ok(/^\d+$/.test(s) ? Number(s) : (s as 'error'))).sort();
    return e.length === 0 ? '0' : e.map(([s, n]) => `${n}× ${s}`).join(', ');
  }
  get notModified() {
    return this.statuses.get('304') ?? 0;
  }
}

type Book = Map<string, Samples>; // key: label \u0000 role
const keyOf = (label: string, role: string) => `${label}\u0000${role}`;
function record(book: Book, label: string, c: Client, a: Answer) {
  const k = keyOf(label, c.role);
  let s = book.get(k);
  if (!s) book.set(k, (s = new Samples()));
  s.add(a, c.name);
}
function total(book: Book, filter: (label: string, role: string) => boolean = () => true): Samples {
  const all = new Samples();
  for (const [k, s] of book) {
    const [label, role] = k.split('\u0000') as [string, string];
    if (filter(label, role)) all.merge(s);
  }
  return all;
}
const fmt = (ms: number) => (Number.isNaN(ms) ? '–' : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 1 : 0)} ms`);
const ROLE_ORDER = ['region', 'municipality', 'provider', 'council'];

function table(book: Book): string[] {
  const rows = [...book].map(([k, s]) => [...(k.split('\u0000') as [string, string]), s] as const);
  const labels = [...new Set(rows.map(([l]) => l))];
  rows.sort((a, b) => labels.indexOf(a[0]) - labels.indexOf(b[0]) || ROLE_ORDER.indexOf(a[1]) - ROLE_ORDER.indexOf(b[1]));
  const lines = ['| route | role | requests | p50 | p95 | p99 | max | not answered |', '|---|---|---|---|---|---|---|---|'];
  for (const [label, role, s] of rows) {
    const who = s.failedClients.size > 0 && role !== 'region' ? ` (${[...s.failedClients].sort().join(', ')})` : '';
    lines.push(`| ${label} | ${role} | ${s.requests}${s.notModified ? ` (${s.notModified} × 304)` : ''} | ${fmt(s.pct(50))} | ${fmt(s.pct(95))} | ${fmt(s.pct(99))} | ${fmt(s.max)} | ${s.errors()}${who} |`);
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------
// The phases.

/** Every client asks each of its routes once; a 503 (busy), 408 or timeout is asked again (after Retry-After). */
async function warmUp(clients: Client[], book: Book, busy: Map<string, number>): Promise<void> {
  await Promise.all(
    clients.map(async (c) => {
      for (const r of c.routes) {
        const url = r.path();
        const t0 = performance.now();
        for (;;) {
          const a = await request(c, url);
          // Busy, not read in time (408: the server's event loop was held longer than the request
          // timeout), or no answer within REQUEST_TIMEOUT_MS: asked again, counted.
          if (a.status === 503 || a.status === 408 || a.status === 'error' || a.status === 'timeout') {
            busy.set(String(a.status), (busy.get(String(a.status)) ?? 0) + 1);
            await sleep(Math.min(Math.max(a.retryAfter ?? 1, 0.5), 10) * 1000);
            continue;
          }
          record(book, r.label, c, { ...a, ms: performance.now() - t0 });
          break;
        }
      }
    }),
  );
}

/** Waits until the server has been idle (< 3 % of a core, no query running) for `windowS` seconds. */
async function settle(t: Target, pid: number, windowS = settleWindow): Promise<{ ms: number; quiet: boolean; cpu: number }> {
  const t0 = performance.now();
  const samples: { at: number; cpu: number; busy: boolean }[] = [];
  const cpuNow = () => cpuOf(pid) + t.externalCpu();
  const cpu0 = cpuNow();
  for (;;) {
    const at = performance.now();
    samples.push({ at, cpu: cpuNow(), busy: await t.busy() });
    let start = -1;
    for (let i = samples.length - 1; i >= 0 && start < 0; i--) if (samples[i]!.at <= at - windowS * 1000) start = i;
    if (start >= 0) {
      const first = samples[start]!;
      const window = samples.slice(start);
      if ((window.at(-1)!.cpu - first.cpu) / ((at - first.at) / 1000) < 0.03 && !window.some((s) => s.busy)) return { ms: first.at - t0, quiet: true, cpu: first.cpu - cpu0 };
    }
    if (at - t0 > settleMax * 1000) return { ms: at - t0, quiet: false, cpu: cpuNow() - cpu0 };
    await sleep(1000);
  }
}

interface PhaseResult {
  readonly book: Book;
  readonly wallMs: number;
  readonly serverCpu: number;
  readonly load: readonly [number, number];
  readonly clientLoopDelayP99: number;
  readonly rssMb: number;
}

async function measure(t: Target, pid: number, clients: Client[], seconds: number): Promise<PhaseResult> {
  const book: Book = new Map();
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const load0 = os.loadavg()[0]!;
  const cpu0 = cpuOf(pid) + t.externalCpu();
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  let rss = 0;
  const rssTimer = setInterval(() => (rss = Math.max(rss, rssOf(pid))), 1000);
  await Promise.all(
    clients.map(async (c, i) => {
      // Clients of one role start at different pages, so they do not ask in step.
      let k = i;
      while (performance.now() < end) {
        const r = c.routes[k++ % c.routes.length]!;
        const a = await request(c, r.path());
        record(book, r.label, c, a);
        // Busy (503): the page says "try again in a moment"; the client waits Retry-After before it asks on.
        if (a.status === 503) await sleep(Math.min(Math.max(a.retryAfter ?? 1, 0), 10, Math.max(0, (end - performance.now()) / 1000)) * 1000);
      }
    }),
  );
  clearInterval(rssTimer);
  lag.disable();
  return {
    book,
    wallMs: performance.now() - t0,
    serverCpu: cpuOf(pid) + t.externalCpu() - cpu0,
    load: [load0, os.loadavg()[0]!],
    clientLoopDelayP99: lag.percentile(99) / 1e6,
    rssMb: rss,
  };
}

function reportPhase(name: string, r: PhaseResult, exclude?: string) {
  const all = total(r.book);
  const others = exclude ? total(r.book, (l) => l !== exclude) : all;
  log(`\n#### ${name}\n`);
  log(
    `${others.requests} requests in ${seconds(r.wallMs)} (${(others.requests / (r.wallMs / 1000)).toFixed(1)}/s)${exclude ? `, besides ${all.requests - others.requests} on the slow route` : ''}, ` +
      `${others.answered} answered (${((100 * others.answered) / Math.max(1, others.requests)).toFixed(1)} %): **overall p95 ${fmt(others.pct(95))}** (p50 ${fmt(others.pct(50))}, p99 ${fmt(others.pct(99))}, max ${fmt(others.max)}); ` +
      `not answered: ${others.errors()}; ` +
      `server CPU ${r.serverCpu.toFixed(1)} s (${((100 * r.serverCpu) / (r.wallMs / 1000)).toFixed(0)} % of a core), server RSS ≤ ${r.rssMb.toFixed(0)} MB; ` +
      `load average ${r.load[0].toFixed(1)} → ${r.load[1].toFixed(1)}; client event-loop delay p99 ${fmt(r.clientLoopDelayP99)}`,
  );
  for (const role of ROLE_ORDER) {
    const s = total(r.book, (l, ro) => ro === role && l !== exclude);
    if (s.requests > 0) log(`- ${role}: ${s.requests} requests, p95 ${fmt(s.pct(95))}, not answered ${s.errors()}`);
  }
  log('');
  for (const l of table(r.book)) log(l);
}

/** Per route (all roles together): p95 without and with the slow route's clients. */
function reportIsolation(base: PhaseResult, hammered: PhaseResult, slow: string) {
  log('\n#### Slow route isolation: p95 of the other routes without and with the slow route\n');
  log('| route (all roles) | p95 without | p95 with | requests without / with | not answered without / with |');
  log('|---|---|---|---|---|');
  const labels = [...new Set([...base.book.keys()].map((k) => k.split('\u0000')[0]!))];
  for (const label of labels) {
    const a = total(base.book, (l) => l === label);
    const b = total(hammered.book, (l) => l === label);
    log(`| ${label} | ${fmt(a.pct(95))} | ${fmt(b.pct(95))} | ${a.requests} / ${b.requests} | ${a.errors()} / ${b.errors()} |`);
  }
  const a = total(base.book);
  const b = total(hammered.book, (l) => l !== slow);
  log(`| **all other routes** | **${fmt(a.pct(95))}** | **${fmt(b.pct(95))}** | ${a.requests} / ${b.requests} | ${a.errors()} / ${b.errors()} |`);
  const s = total(hammered.book, (l) => l === slow);
  log(`\nThe slow route itself: ${s.requests} requests, ${s.answered} answered: p50 ${fmt(s.pct(50))}, p95 ${fmt(s.pct(95))}, max ${fmt(s.max)}; not answered ${s.errors()}.`);
}

// ---------------------------------------------------------------------------------------------

async function runTarget(t: Target, traffic: Awaited<ReturnType<typeof prepareTraffic>>) {
  log(`\n### ${t.kind === 'embedded' ? 'Embedded (PGlite)' : `Server (PostgreSQL, ${new URL(serverUrl!).host})`}\n`);
  const prepared = await prepareDatabase(t);
  log(
    `Prepared database (${prepared.cached ? 'kept from an earlier run' : 'made now'}, by ${prepared.commit}): init --demo ${seconds(prepared.initMs)}, ` +
      `ingest ${seconds(prepared.ingestMs)} (${prepared.ingestSummary}), ${prepared.accounts.length} accounts and tokens ${seconds(prepared.accountsMs)}.`,
  );
  let copyMs: number | undefined;
  if (!flag('--reuse-run')) copyMs = await t.copyForRun();
  log(copyMs === undefined ? 'Run on the previous run’s copy (--reuse-run).' : `Fresh copy of the prepared database: ${seconds(copyMs)}.`);

  const server = await startServer(t);
  const pid = server.child.pid!;
  try {
    log(`Server (${commitOf(app)}) listening after ${seconds(server.readyMs)}; log in ${path.relative(ROOT, server.logFile)}.`);
    const region = prepared.accounts.find((a) => a.role === 'region')!;
    const probe = makeClient(region, []);
    let coverage: Answer & { body?: string } = { status: 'error', ms: 0, bytes: 0 };
    for (let i = 0; i < 600 && !ok(coverage.status); i++) {
      coverage = await new Promise((resolve) => {
        http.get({ host: 'localhost', port, path: '/api/monitor/coverage', agent: probe.agent, headers: { authorization: `Bearer ${probe.token}` } }, (res) => {
          let body = '';
          res.on('data', (b: Buffer) => (body += b.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: 0, bytes: body.length, body }));
        }).on('error', () => resolve({ status: 'error', ms: 0, bytes: 0 }));
      });
      if (!ok(coverage.status)) await sleep(1000);
    }
    const dataUpTo = (JSON.parse(coverage.body ?? '{}') as { dataUpTo?: string }).dataUpTo;
    if (!dataUpTo) throw new Error(`no data in the database (coverage: ${coverage.status} ${coverage.body})`);
    const y = Number(dataUpTo.slice(0, 4)) - (dataUpTo.endsWith('-12-31') ? 0 : 1);
    const periods: Periods = { year: `${y}`, half: `${y}-H2`, quarter: `${y}-Q4` };
    const moneyYear = 2028;
    log(`Data up to ${dataUpTo}: the dashboards ask ${periods.year}, ${periods.half} (councils), ${periods.quarter}; money of ${moneyYear} (the demo's allocation).`);
    const clients = prepared.accounts.map((a) => makeClient(a, routesOf(a.role, periods, moneyYear)));

    // Warm-up: the first answer of every question, then until the server is idle.
    const warm: Book = new Map();
    const busy = new Map<string, number>();
    const w0 = performance.now();
    const cpuW0 = cpuOf(pid) + t.externalCpu();
    await warmUp(clients, warm, busy);
    const warmMs = performance.now() - w0;
    const cpuWarm = cpuOf(pid) + t.externalCpu() - cpuW0;
    const idle = await settle(t, pid);
    const slowest = [...warm].sort((a, b) => b[1].max - a[1].max).slice(0, 5);
    log('\n#### Warm-up (not measured)\n');
    log(
      `Every client asked each of its questions once, all 20 at the same time: **${seconds(warmMs)}** until the last first answer ` +
        `(server CPU ${cpuWarm.toFixed(0)} s; not answered and asked again: ${[...busy].map(([s, n]) => `${n}× ${s}`).join(', ') || 'never'}). ` +
        (idle.quiet
          ? `Then the server worked on for **${seconds(idle.ms)}** more (${idle.cpu.toFixed(0)} CPU s) before it was idle (< 3 % of a core and no query for ${settleWindow} s): ` +
            `**${seconds(server.readyMs + warmMs + idle.ms)} from start to a warm, idle server**.`
          : `The server was still busy ${seconds(idle.ms)} later (${idle.cpu.toFixed(0)} CPU s): measured anyway.`),
    );
    log(`Slowest first answers: ${slowest.map(([k, s]) => `${k.replace('\u0000', ' (')}) ${fmt(s.max)}`).join('; ')}.`);
    const errs = total(warm).errors();
    if (errs !== '0') log(`Errors in the warm-up (not 503): ${errs} — see the table.`);
    log('');
    for (const l of table(warm)) log(l);

    const base = await measure(t, pid, clients, duration);
    reportPhase(`Measured: ${clients.length} clients, ${duration} s`, base);
    let hammered: PhaseResult | undefined;
    if (hammerClients > 0) {
      const regions = prepared.accounts.filter((a) => a.role === 'region');
      const hammer = Array.from({ length: hammerClients }, (_, i) => makeClient({ ...regions[i % regions.length]!, login: `hammer-${i}` }, [hammerRoute(periods, i, hammerClients)]));
      const slow = hammer[0]!.routes[0]!.label;
      hammered = await measure(t, pid, [...clients, ...hammer], duration);
      reportPhase(`Measured: ${clients.length} clients plus ${hammerClients} on the slow route, ${duration} s`, hammered, slow);
      reportIsolation(base, hammered, slow);
    }
    const json = path.join(dataRoot, 'results', `${t.kind}-${commitOf(app)}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    fs.mkdirSync(path.dirname(json), { recursive: true });
    const dump = (b: Book) =>
      [...b].map(([k, s]) => ({ route: k.split('\u0000')[0], role: k.split('\u0000')[1], requests: s.requests, answered: s.answered, p50: s.pct(50), p95: s.pct(95), p99: s.pct(99), max: s.max, statuses: Object.fromEntries(s.statuses) }));
    fs.writeFileSync(
      json,
      JSON.stringify(
        {
          target: t.kind,
          commit: commitOf(app),
          at: new Date().toISOString(),
          traffic,
          prepared: { ...prepared, accounts: prepared.accounts.map(({ token: _t, ...a }) => a) },
          readyMs: server.readyMs,
          warmUp: { ms: warmMs, busy: Object.fromEntries(busy), idle, routes: dump(warm) },
          base: { ...base, book: dump(base.book), overallP95: total(base.book).pct(95) },
          ...(hammered ? { hammered: { ...hammered, book: dump(hammered.book) } } : {}),
        },
        null,
        2,
      ),
    );
    log(`\n(raw figures: ${path.relative(ROOT, json)})`);
  } finally {
    await stopServer(server);
  }
}

log(`## bench:api — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, app ${commitOf(app)} (${path.relative(ROOT, app) || '.'}), Node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
const traffic = await prepareTraffic();
log(`Traffic 2028-01-01..${traffic.to} (${traffic.cached ? 'kept from an earlier run' : 'generated now'}): ${traffic.summary} — generating took ${seconds(traffic.ms)}.`);
for (const kind of targets) {
  const t = kind === 'embedded' ? embeddedTarget() : serverTarget(serverUrl!);
  try {
    await runTarget(t, traffic);
  } finally {
    await t.close();
  }
}
