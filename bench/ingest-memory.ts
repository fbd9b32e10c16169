// Benchmark: memory (RSS) while ingesting 1 million iJw messages (issue 3 target: RSS < 300 MB, flat).
// Usage:
//   npm run bench:memory -- [--messages 1000000] [--db pglite|postgres|both] [--source files|generator]
//                           [--corpus <folder>] [--out <folder>] [--keep] [--node-options "<flags>"]
// --db defaults to pglite, plus postgres when DATABASE_URL is set (each run in its own schema
// bench_memory_<time>, dropped afterwards unless --keep).
//
// The ingest runs in a child process: the real path (validate, extract, pseudonymise with a fixed key,
// store in batches) through `ingestFiles`. The parent only watches: every second it reads the child's
// VmRSS and VmHWM from /proc/<pid>/status and the child's last report (messages done, V8 heap), and
// writes them to samples-<db>.csv in the output folder (default a new temp folder).
//
// --source files (default): the first N messages of the demo traffic of Amsterdam-Amstelland from
// 2028 on (seed 1, no faults, return messages included) are written once to a corpus folder (one
// file per message, a folder per month; reused by later runs) and ingested exactly as
// `jeugdregie ingest <folder>` does: expandInputs (which counts the files, then walks them again lazily) + ingestFiles.
// --source generator: the child generates the messages itself and hands them to ingestFiles one by
// one (no list of paths); its RSS then includes the demo generator (≈ 30 MB live heap), which also
// competes with storing for the main thread.
import { fork } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadShippedRegion } from '../src/config/region-file.ts';
import { loadDemoProviders } from '../src/demo/write-demo.ts';
import { generateTraffic } from '../src/demo/traffic.ts';
import { expandInputs, ingestFiles, LONG_INGEST_MESSAGES } from '../src/app/ingest.ts';
import type { Plan, SourceItem } from '../src/app/ingest-sources.ts';
import { initWorkspace, openWorkspace } from '../src/app/workspace.ts';
import type { DatabaseTarget } from '../src/store/database.ts';
import { Pseudonymiser } from '../src/ijw/pseudonym.ts';

const SELF = fileURLToPath(import.meta.url);
const RUN_TS = fileURLToPath(new URL('../bin/run-ts.js', import.meta.url));
// No faults and no return messages: every message is valid and new, so all 1,000,000 are stored, and
// the corpus stays the one of the earlier measurements in docs/benchmarks.md. (Return messages were
// refused as "identification-reused" until c338988; they are accepted now, but are left out here so
// the numbers stay comparable. Without them one year is ~50,000 messages, so the window runs for
// about twenty years.)
const TRAFFIC = { from: '2028-01-01', to: '2079-12-31', seed: 1, faultShare: 0, returnMessages: false } as const;
const KEY = 'bench-memory-key-0123456789abcdef0123456789abcdef';
const MB = 1024 * 1024;

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const messages = Number(arg('--messages') ?? '1000000');
const source = (arg('--source') ?? 'files') as 'files' | 'generator';
if (!Number.isInteger(messages) || messages <= 0) throw new Error('--messages must be a positive integer');
if (source !== 'files' && source !== 'generator') throw new Error('--source must be files or generator');

/** Milestones at which the child reports its RSS exactly (not only at the 1-second samples). */
function milestones(n: number): number[] {
  return [...new Set([10_000, 50_000, 100_000, 250_000, 500_000, 750_000, 1_000_000, n].filter((m) => m <= n))].sort((a, b) => a - b);
}

type ChildReport =
  | { kind: 'phase'; phase: string; t: number }
  | { kind: 'tick'; t: number; done: number; mem: NodeJS.MemoryUsage }
  | { kind: 'milestone'; t: number; done: number; rss: number; mem: NodeJS.MemoryUsage }
  | {
      kind: 'end';
      t: number;
      ingestSeconds: number;
      planSeconds: number;
      accepted: number;
      rejected: number;
      duplicates: number;
      errors: number;
      firstErrors: string[];
      maxRss: number;
      mem: NodeJS.MemoryUsage;
    };

// ---------------------------------------------------------------------------------------------
// Child: one ingest.

async function child(): Promise<void> {
  const send = (r: ChildReport) => process.send!(r);
  const started = performance.now();
  const t = () => (performance.now() - started) / 1000;
  const db = arg('--db')!;
  const target: DatabaseTarget = db === 'pglite' ? { dataDir: arg('--data-dir')! } : { url: process.env.DATABASE_URL!, schema: arg('--schema')! };
  // Listed first and opened as `jeugdregie ingest` does: a long ingest opens the embedded database
  // with longRunning (openStore).
  send({ kind: 'phase', phase: 'plan', t: t() });
  const planStart = performance.now();
  const plan = source === 'files' ? await expandInputs([arg('--corpus')!]) : await generatorPlan(messages);
  const planSeconds = (performance.now() - planStart) / 1000;
  send({ kind: 'phase', phase: 'open', t: t() });
  const ws = await openWorkspace(target, 'bench', undefined, { longRunning: plan.total >= LONG_INGEST_MESSAGES });
  send({ kind: 'phase', phase: 'ingest', t: t() });
  let done = 0;
  const marks = milestones(messages);
  const timer = setInterval(() => send({ kind: 'tick', t: t(), done, mem: process.memoryUsage() }), 1000);
  const ingestStart = performance.now();
  const summary = await ingestFiles(ws, plan, new Pseudonymiser(KEY), () => new Date(), (d) => {
    done = d;
    while (marks.length > 0 && d >= marks[0]!) {
      marks.shift();
      const mem = process.memoryUsage();
      send({ kind: 'milestone', t: t(), done: d, rss: mem.rss, mem });
    }
  });
  const ingestSeconds = (performance.now() - ingestStart) / 1000;
  clearInterval(timer);
  send({ kind: 'phase', phase: 'close', t: t() });
  await ws.close();
  send({
    kind: 'end',
    t: t(),
    ingestSeconds,
    planSeconds,
    accepted: summary.accepted,
    rejected: summary.rejected,
    duplicates: summary.duplicates,
    errors: summary.errors.length,
    firstErrors: summary.errors.slice(0, 3).map((e) => `${e.file}: ${e.path}: ${e.message}`),
    // VmHWM, not resourceUsage().maxRSS: getrusage keeps the parent's peak across fork + exec.
    maxRss: procStatus(process.pid)?.hwm ?? 0,
    mem: process.memoryUsage(),
  });
  process.disconnect();
}

/** The first n demo messages, generated one at a time (nothing held beyond the generator's state). */
async function generatorPlan(n: number): Promise<Plan> {
  const region = await loadShippedRegion('amsterdam-amstelland');
  const providers = await loadDemoProviders();
  async function* items(): AsyncIterable<SourceItem> {
    let i = 0;
    for (const m of generateTraffic({ ...TRAFFIC, region, providers })) {
      if (i++ >= n) return;
      const bytes = Buffer.from(m.xml, 'utf8');
      yield { ok: true, source: { name: m.fileName, read: async () => bytes } };
    }
  }
  return { total: n, items: items() };
}

// ---------------------------------------------------------------------------------------------
// Parent: corpus, child processes, sampling, results.

/** Writes the first n messages of the demo traffic below dir (once; a marker file records completion). */
async function ensureCorpus(dir: string, n: number): Promise<{ bytes: number; byType: Record<string, number> }> {
  const marker = path.join(dir, `corpus-complete-${n}.json`);
  if (fs.existsSync(marker)) return JSON.parse(fs.readFileSync(marker, 'utf8')) as { bytes: number; byType: Record<string, number> };
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const region = await loadShippedRegion('amsterdam-amstelland');
  const providers = await loadDemoProviders();
  const made = new Set<string>();
  const byType: Record<string, number> = {};
  let bytes = 0;
  let i = 0;
  const t0 = performance.now();
  for (const m of generateTraffic({ ...TRAFFIC, region, providers })) {
    if (i >= n) break;
    const month = m.fileName.slice(0, 7);
    if (!made.has(month)) {
      fs.mkdirSync(path.join(dir, month), { recursive: true });
      made.add(month);
    }
    fs.writeFileSync(path.join(dir, m.fileName), m.xml);
    bytes += Buffer.byteLength(m.xml);
    byType[m.type] = (byType[m.type] ?? 0) + 1;
    i++;
    if (i % 100_000 === 0) console.log(`  corpus: ${i} files written (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }
  if (i < n) throw new Error(`the demo traffic ${TRAFFIC.from}–${TRAFFIC.to} has only ${i} messages`);
  const info = { bytes, byType };
  // The marker is a .json file: expandInputs only picks up *.xml and *.zip.
  fs.writeFileSync(marker, JSON.stringify(info));
  return info;
}

function procStatus(pid: number): { rss: number; hwm: number } | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN) * 1024;
    const rss = kb('VmRSS');
    const hwm = kb('VmHWM');
    // An exited child not yet reaped (a zombie) still has a status file, without memory lines.
    return Number.isNaN(rss) || Number.isNaN(hwm) ? undefined : { rss, hwm };
  } catch {
    return undefined;
  }
}

interface RunResult {
  db: string;
  samples: number;
  peakRss: number;
  atMilestone: { done: number; rss: number; heapUsed: number }[];
  end: Extract<ChildReport, { kind: 'end' }>;
  ingestStartRss: number;
  dbBytes?: number;
  csv: string;
}

async function runOne(db: 'pglite' | 'postgres', outDir: string, corpus: string): Promise<RunResult> {
  const dataDir = db === 'pglite' ? fs.mkdtempSync(path.join(os.tmpdir(), 'jeugdregie-memory-db-')) : undefined;
  const schema = db === 'postgres' ? `bench_memory_${Date.now()}` : undefined;
  // The database is created first, as `jeugdregie init` would: the measured process only opens it.
  // (Creating a PGlite database runs initdb inside the WASM module, which alone takes the process to
  // ~850 MB RSS; an existing database opens at ~340 MB.)
  await initWorkspace(dataDir ? { dataDir } : { url: process.env.DATABASE_URL!, schema: schema! }, 'bench', { regionId: 'amsterdam-amstelland' });
  const childArgs = ['--child', '--db', db, '--messages', String(messages), '--source', source, '--corpus', corpus];
  if (dataDir) childArgs.push('--data-dir', dataDir);
  if (schema) childArgs.push('--schema', schema);
  const extra = (arg('--node-options') ?? '').split(' ').filter(Boolean);
  // The child runs as the CLI does: its sources bundled by bin/sources.js (not through tsx, whose
  // loader thread alone holds ~50 MB).
  const proc = fork(RUN_TS, [SELF, ...childArgs], { execArgv: extra, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const csvFile = path.join(outDir, `samples-${db}.csv`);
  const csv = fs.openSync(csvFile, 'w');
  fs.writeSync(csv, 't_s,phase,messages,rss_mb,hwm_mb,heap_used_mb,heap_total_mb,external_mb,array_buffers_mb\n');
  let phase = 'start';
  let last: { done: number; mem?: NodeJS.MemoryUsage } = { done: 0 };
  let end: Extract<ChildReport, { kind: 'end' }> | undefined;
  let peak = 0;
  let ingestStartRss = 0;
  let samples = 0;
  const atMilestone: RunResult['atMilestone'] = [];
  const t0 = performance.now();
  const mb = (b: number | undefined) => (b === undefined || Number.isNaN(b) ? '' : (b / MB).toFixed(1));
  const sample = () => {
    const s = procStatus(proc.pid!);
    if (!s) return;
    peak = Math.max(peak, s.hwm);
    samples++;
    const m = last.mem;
    fs.writeSync(
      csv,
      `${((performance.now() - t0) / 1000).toFixed(1)},${phase},${last.done},${mb(s.rss)},${mb(s.hwm)},${mb(m?.heapUsed)},${mb(m?.heapTotal)},${mb(m?.external)},${mb(m?.arrayBuffers)}\n`,
    );
  };
  let lastPrint = 0;
  proc.on('message', (r: ChildReport) => {
    if (r.kind === 'phase') {
      phase = r.phase;
      if (r.phase === 'ingest') ingestStartRss = procStatus(proc.pid!)?.rss ?? 0;
    } else if (r.kind === 'tick') {
      last = { done: r.done, mem: r.mem };
      if (r.t - lastPrint >= 30) {
        lastPrint = r.t;
        console.log(`  ${db}: ${r.done} messages, RSS ${mb(r.mem.rss)} MB, heap ${mb(r.mem.heapUsed)} MB (${r.t.toFixed(0)} s)`);
      }
    } else if (r.kind === 'milestone') {
      last = { done: r.done, mem: r.mem };
      atMilestone.push({ done: r.done, rss: r.rss, heapUsed: r.mem.heapUsed });
      console.log(`  ${db}: milestone ${r.done}: RSS ${mb(r.rss)} MB, heap ${mb(r.mem.heapUsed)} MB`);
    } else if (r.kind === 'end') end = r;
  });
  const timer = setInterval(sample, 1000);
  sample();
  const code = await new Promise<number | null>((resolve) => proc.on('exit', (c) => resolve(c)));
  clearInterval(timer);
  fs.closeSync(csv);
  if (!end) throw new Error(`the ${db} child ended without a result (exit ${code})`);
  peak = Math.max(peak, end.maxRss);
  let dbBytes: number | undefined;
  if (dataDir) {
    dbBytes = Number(execFileSync('du', ['-sb', dataDir], { encoding: 'utf8' }).split('\t')[0]);
    if (!args.includes('--keep')) fs.rmSync(dataDir, { recursive: true, force: true });
  }
  if (schema) {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      const size = await client.query<{ size: string }>(
        `select coalesce(sum(pg_total_relation_size(c.oid)), 0)::text as size from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 and c.relkind in ('r','m')`,
        [schema],
      );
      dbBytes = Number(size.rows[0]?.size ?? 0);
      if (!args.includes('--keep')) await client.query(`drop schema if exists "${schema}" cascade`);
    } finally {
      await client.end();
    }
  }
  return { db, samples, peakRss: peak, atMilestone, end, ingestStartRss, csv: csvFile, ...(dbBytes !== undefined ? { dbBytes } : {}) };
}

async function parent(): Promise<void> {
  const dbArg = arg('--db');
  const dbs: ('pglite' | 'postgres')[] =
    dbArg === 'both' ? ['pglite', 'postgres'] : dbArg === 'pglite' || dbArg === 'postgres' ? [dbArg] : process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
  if (dbs.includes('postgres') && !process.env.DATABASE_URL) throw new Error('--db postgres needs DATABASE_URL');
  const outDir = arg('--out') ?? fs.mkdtempSync(path.join(os.tmpdir(), 'jeugdregie-memory-'));
  fs.mkdirSync(outDir, { recursive: true });
  const corpus = arg('--corpus') ?? path.join(os.tmpdir(), `jeugdregie-memory-corpus-${messages}`);
  const commit = execFileSync('git', ['describe', '--always', '--dirty'], { encoding: 'utf8' }).trim();
  console.log(`ingest memory benchmark at ${commit}: ${messages} messages, source ${source}, databases ${dbs.join(', ')}; samples in ${outDir}`);
  if (source === 'files') {
    const info = await ensureCorpus(corpus, messages);
    console.log(`corpus: ${corpus}, ${messages} files, ${(info.bytes / 1e9).toFixed(2)} GB; ${JSON.stringify(info.byType)}`);
  }
  const results: RunResult[] = [];
  for (const db of dbs) {
    console.log(`${db}: ingesting …`);
    results.push(await runOne(db, outDir, corpus));
  }
  const mb = (b: number) => `${(b / MB).toFixed(0)} MB`;
  console.log('');
  for (const r of results) {
    const e = r.end;
    console.log(`${r.db}: ${e.accepted} accepted, ${e.duplicates} duplicates, ${e.rejected} rejected in ${e.ingestSeconds.toFixed(0)} s = ${Math.round(messages / e.ingestSeconds)} messages/s (listing the input: ${e.planSeconds.toFixed(1)} s)`);
    for (const f of e.firstErrors) console.log(`  rejected: ${f}`);
    console.log(`  peak RSS ${mb(r.peakRss)} (target < 300 MB: ${r.peakRss < 300 * MB ? 'met' : 'NOT met'}); RSS when the ingest started ${mb(r.ingestStartRss)}`);
    console.log(`  RSS at ${r.atMilestone.map((m) => `${m.done}: ${mb(m.rss)} (heap ${mb(m.heapUsed)})`).join(', ')}`);
    if (r.dbBytes !== undefined) console.log(`  database size afterwards ${(r.dbBytes / 1e9).toFixed(2)} GB; ${r.samples} samples in ${r.csv}`);
  }
  fs.writeFileSync(path.join(outDir, 'summary.json'), JSON.stringify({ messages, source, traffic: TRAFFIC, commit, results }, null, 2));
}

if (args.includes('--child')) await child();
else await parent();
