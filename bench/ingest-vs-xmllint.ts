// Benchmark: full ingest (read + validate + pseudonymise + store) against `xmllint --noout --schema`
// on the same files, in the same run. Usage:
//   node bin/run-ts.js bench/ingest-vs-xmllint.ts [--corpus <folder>] [--messages N] [--workers N] [--repeat N]
// Without --corpus it writes N variants of the official JW301/JW305/JW307 examples to a temp folder.
// Needs ../shared/ijw (XSDs) and xmllint; runs on PGlite, and on the server too when DATABASE_URL is set.
import { execFileSync } from 'node:child_process';
import { sql } from 'kysely';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { initWorkspace, openWorkspace } from '../src/app/workspace.ts';
import { expandInputs, ingestFiles, LONG_INGEST_MESSAGES } from '../src/app/ingest.ts';
import { Pseudonymiser } from '../src/ijw/pseudonym.ts';

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const shared = path.resolve('..', 'shared', 'ijw');
if (!fs.existsSync(shared)) throw new Error('needs ../shared/ijw (the XSDs) next to the repository');

function writeCorpus(dir: string, n: number): void {
  fs.mkdirSync(dir, { recursive: true });
  const templates = ['JW301', 'JW305', 'JW307'].map((t) => ({ t, text: fs.readFileSync(path.join(shared, 'examples', `${t}.xml`), 'utf8') }));
  for (let i = 0; i < n; i++) {
    const { t, text } = templates[i % templates.length]!;
    fs.writeFileSync(path.join(dir, `${t}_${String(i).padStart(7, '0')}.xml`), text.replace(/<ijw:Identificatie>[^<]*</, `<ijw:Identificatie>B${i}<`));
  }
}

// --workers N: worker threads for validation (default: one per core but one; 0 = all in the main thread).
const workers = arg('--workers') === undefined ? undefined : Number(arg('--workers'));
// --messages N (default 30,000, about two months of the region's traffic; docs/benchmarks.md also
// reports 6,000, where the ratio is not met).
const messages = arg('--messages') ?? '30000';
const corpus = arg('--corpus') ?? path.join(os.tmpdir(), `jeugdregie-bench-corpus-${messages}`);
if (!arg('--corpus') && !fs.existsSync(corpus)) writeCorpus(corpus, Number(messages));

const files: string[] = [];
const walk = (d: string) => {
  for (const n of fs.readdirSync(d).sort()) {
    const p = path.join(d, n);
    if (fs.statSync(p).isDirectory()) walk(p);
    else if (n.endsWith('.xml')) files.push(p);
  }
};
walk(corpus);
const bytes = files.reduce((s, f) => s + fs.statSync(f).size, 0);

// xmllint: one process per message type and batch of files (one schema per invocation).
const byType = new Map<string, string[]>();
for (const f of files) {
  const head = fs.readFileSync(f, 'utf8').slice(0, 600);
  const t = /ijw\/3_2\/(jw\d{3})\/schema/.exec(head)?.[1]?.toUpperCase() ?? 'unknown';
  const list = byType.get(t);
  if (list === undefined) byType.set(t, [f]);
  else list.push(f);
}
// --repeat N: xmllint and every ingest N times, alternating; the best (least disturbed) time of each
// is compared. On a shared machine a single run mostly measures what else is running.
const repeat = Math.max(1, Number(arg('--repeat') ?? '1'));

function runXmllint(): number {
  const t0 = performance.now();
  for (const [t, list] of byType) {
    if (t === 'unknown') continue;
    for (let i = 0; i < list.length; i += 500) {
      try {
        execFileSync('xmllint', ['--noout', '--schema', path.join(shared, 'xsd', `${t}.xsd`), ...list.slice(i, i + 500)], { stdio: 'ignore' });
      } catch (e) {
        // Invalid files make xmllint exit non-zero (3, 4: validation errors); the time is what counts
        // here. A missing xmllint (ENOENT) or another failure would make a meaningless ratio.
        const err = e as NodeJS.ErrnoException & { status?: number | null };
        if (err.code === 'ENOENT') throw new Error('xmllint not found: install libxml2-utils (apt-get install libxml2-utils)');
        if (err.status !== 3 && err.status !== 4) throw e;
      }
    }
  }
  return performance.now() - t0;
}

async function ingestOn(label: string, target: { dataDir?: string; url?: string; schema?: string }) {
  await initWorkspace(target, 'bench', { regionId: 'amsterdam-amstelland' });
  // Opened as `jeugdregie ingest` opens it (a long ingest: longRunning, see openStore); the time to
  // open is not part of the measurement, the listing of the files is.
  const ws = await openWorkspace(target, 'bench', undefined, { longRunning: files.length >= LONG_INGEST_MESSAGES });
  const t0 = performance.now();
  const s = await ingestFiles(ws, await expandInputs([corpus]), new Pseudonymiser('bench-key-0123456789abcdef0123456789abcdef'), () => new Date(), undefined, workers === undefined ? {} : { workers });
  const ms = performance.now() - t0;
  if (target.schema) await sql.raw(`drop schema "${target.schema}" cascade`).execute(ws.store.db);
  await ws.close();
  if (target.dataDir) fs.rmSync(target.dataDir, { recursive: true, force: true });
  return { label, ms, accepted: s.accepted, rejected: s.rejected };
}

const xmllintRuns: number[] = [];
const runs = new Map<string, { ms: number[]; accepted: number; rejected: number }>();
for (let r = 0; r < repeat; r++) {
  xmllintRuns.push(runXmllint());
  const round = [await ingestOn('PGlite', { dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'jeugdregie-bench-db-')) })];
  if (process.env.DATABASE_URL) round.push(await ingestOn('PostgreSQL', { url: process.env.DATABASE_URL, schema: `bench_${Date.now()}` }));
  for (const x of round) {
    const e = runs.get(x.label) ?? { ms: [], accepted: x.accepted, rejected: x.rejected };
    e.ms.push(x.ms);
    runs.set(x.label, e);
  }
}
const xmllintMs = Math.min(...xmllintRuns);
const all = (ms: number[]) => (repeat > 1 ? `; runs ${ms.map((m) => (m / 1000).toFixed(2)).join(', ')} s` : '');

const rate = (ms: number) => Math.round((files.length / ms) * 1000);
console.log(`corpus: ${files.length} messages, ${(bytes / 1e6).toFixed(1)} MB (${corpus})${repeat > 1 ? `; best of ${repeat} runs each` : ''}`);
console.log(`xmllint --noout --schema: ${(xmllintMs / 1000).toFixed(2)} s, ${rate(xmllintMs)} messages/s${all(xmllintRuns)}`);
for (const [label, r] of runs) {
  const ms = Math.min(...r.ms);
  console.log(`ingest on ${label}: ${(ms / 1000).toFixed(2)} s, ${rate(ms)} messages/s (accepted ${r.accepted}, rejected ${r.rejected}); ratio to xmllint ${(xmllintMs / ms).toFixed(2)} (target ≥ 1.0)${all(r.ms)}`);
}
