// Benchmark: full recompute of the monitor over years of the region's traffic, next to DuckDB
// computing the same reach figures from the same events; then one more day of messages.
//   node bin/run-ts.js bench/monitor-vs-duckdb.ts [--from 2028-01-01] [--to 2037-12-31] [--seed 1] [--volume-factor 3] [--cache <folder>]
// Ten years at the DOMAIN.md §2 volumes are ≈ 655,000 messages; --volume-factor 3 (the default) gives
// the ≈ 2 million messages of the issue's target (three times the young people per municipality).
// Runs on PGlite, and on the server instead when DATABASE_URL is set (schema bench_monitor, kept for
// inspection; the PGlite folder is removed at the end unless --keep).
//
// 1. Corpus: the demo traffic of the region (src/demo), every message validated and turned into the
//    events ingest would store (pseudonymised), written once to <cache>/events.csv. The messages of
//    the last delivery day are kept aside as XML files in <cache>/last-day/.
// 2. The events are loaded into a fresh database (not timed as recompute: that is ingest's job).
// 3. Jeugdregie's full recompute: rebuild every trajectory from the events, then the reach table
//    (by municipality and care form) for every year and for the whole span.
// 4. DuckDB (in memory): the same events from the CSV, the same trajectory rules in SQL, the same
//    reach tables. Both results must be identical; the times are compared.
// 5. One more day: ingest the last day's XML files and read the last year's reach table again.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { sql } from 'kysely';
import { loadShippedRegion } from '../src/config/region-file.ts';
import { generateTraffic } from '../src/demo/traffic.ts';
import { loadDemoProviders } from '../src/demo/write-demo.ts';
import { VOLUMES_2024 } from '../src/demo/volumes.ts';
import { initWorkspace, openWorkspace, type Workspace } from '../src/app/workspace.ts';
import { expandInputs, ingestFiles } from '../src/app/ingest.ts';
import { eventRow, readMessage } from '../src/app/ingest-prepare.ts';
import { reach } from '../src/app/monitor.ts';
import { rebuildTrajectories } from '../src/app/trajectory-store.ts';
import { listIngestRuns } from '../src/app/ingest-runs.ts';
import { careFormResolver } from '../src/domain/region-lookup.ts';
import type { ReachRow } from '../src/domain/reach-figures.ts';
import { messageKey } from '../src/ijw/extract-events.ts';
import { Pseudonymiser } from '../src/ijw/pseudonym.ts';
import { CARE_EVENT_COLUMNS, type CareEventTable } from '../src/store/schema.ts';
import { packedInsert, packRows } from '../src/store/packed.ts';
import { TRAJECTORY_SQL } from './trajectory-sql.ts';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1]! : fallback;
};
const from = arg('--from', '2028-01-01');
const to = arg('--to', '2037-12-31');
const seed = Number(arg('--seed', '1'));
const factor = Number(arg('--volume-factor', '3'));
const cache = arg('--cache', path.join(os.tmpdir(), `jeugdregie-bench-monitor-${from}-${to}-${seed}-x${factor}`));
const pseudonymiser = new Pseudonymiser('bench-monitor-key-0123456789abcdef0123456789');
const COLUMNS = CARE_EVENT_COLUMNS.map((c) => c.name);

const seconds = (t0: number) => (performance.now() - t0) / 1000;
const log = (text: string) => process.stderr.write(`${text}\n`);

async function buildCorpus(): Promise<void> {
  const region = await loadShippedRegion('amsterdam-amstelland');
  const scope = { pseudonymiser, municipalities: new Set(region.municipalities.map((m) => m.code)) };
  fs.mkdirSync(cache, { recursive: true });
  const out = fs.openSync(path.join(cache, 'events.csv.part'), 'w');
  fs.writeSync(out, COLUMNS.join(',') + '\n');
  const seen = new Set<string>();
  let day = '';
  let pending: { fileName: string; xml: string }[] = [];
  let lines: string[] = [];
  let messages = 0;
  let events = 0;
  const t0 = performance.now();
  const flushLines = () => {
    if (lines.length) fs.writeSync(out, lines.join(''));
    lines = [];
  };
  const toEvents = (xml: string) => {
    // exactly as ingest reads a message (validation, checks, pseudonym, rows): src/app/ingest-prepare.ts
    const m = readMessage('corpus', Buffer.from(xml, 'utf8'), scope);
    if (!m.ok) return;
    const { header, events: list } = m;
    if (seen.has(messageKey(header))) return; // a duplicate delivery changes nothing
    seen.add(messageKey(header));
    list.forEach((e, position) => {
      lines.push(eventRow(e, header.sender, header.identification, header.sentOn, position).map((v) => v ?? '').join(',') + '\n');
      events++;
    });
    if (lines.length > 10_000) flushLines();
  };
  for (const m of generateTraffic({
    region, providers: await loadDemoProviders(), from, to, seed, returnMessages: false,
    volumes: Object.fromEntries(Object.entries(VOLUMES_2024).map(([m, v]) => [m, Math.round(v * factor)])),
  })) {
    messages++;
    if (m.delivered !== day) {
      for (const p of pending) toEvents(p.xml);
      pending = [];
      day = m.delivered;
    }
    pending.push({ fileName: m.fileName, xml: m.xml });
    if (messages % 100_000 === 0) log(`  corpus: ${messages} messages, ${events} events, ${seconds(t0).toFixed(0)} s`);
  }
  flushLines();
  fs.closeSync(out);
  const lastDay = path.join(cache, 'last-day');
  fs.mkdirSync(lastDay, { recursive: true });
  // What ingest will see on the last day; a repeat of an earlier message is a duplicate there.
  for (const p of pending) fs.writeFileSync(path.join(lastDay, path.basename(p.fileName)), p.xml);
  fs.writeFileSync(path.join(cache, 'corpus.json'), JSON.stringify({ from, to, seed, factor, messages, events, lastDay: day, lastDayMessages: pending.length }));
  fs.renameSync(path.join(cache, 'events.csv.part'), path.join(cache, 'events.csv'));
}

function readEvents(): CareEventTable[] {
  const text = fs.readFileSync(path.join(cache, 'events.csv'), 'utf8');
  const rows: CareEventTable[] = [];
  for (const line of text.split('\n').slice(1)) {
    if (!line) continue;
    const v = line.split(',');
    const row: Record<string, string | number | null> = {};
    COLUMNS.forEach((c, i) => (row[c] = v[i] === '' ? null : v[i]!));
    row.position = Number(row.position);
    rows.push(row as unknown as CareEventTable);
  }
  return rows;
}

/** The PGlite database of this run (1.4 GB for ten years): removed at the end unless --keep. */
let pgliteDir: string | undefined;

async function openBench(): Promise<Workspace> {
  const url = process.env.DATABASE_URL;
  if (!url) pgliteDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jeugdregie-bench-monitor-db-'));
  const target = url ? { url, schema: 'bench_monitor' } : { dataDir: pgliteDir! };
  if (url) {
    const pg = (await import('pg')).default;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('drop schema if exists bench_monitor cascade');
    await client.end();
  }
  await initWorkspace(target, 'bench', { regionId: 'amsterdam-amstelland', demo: true });
  return openWorkspace(target, 'bench');
}

const years = (): { from: string; to: string }[] => {
  const out = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) out.push({ from: `${y}-01-01`, to: `${y}-12-31` });
  return [...out, { from, to }];
};

type Figures = { period: string; rows: { municipality: string; care_form: string; unique_youth: number; starts: number; stops: number; in_care_end: number }[] }[];

const flat = (period: { from: string; to: string }, rows: readonly ReachRow[]): Figures[number] => ({
  period: `${period.from}..${period.to}`,
  rows: rows
    .map((r) => ({ municipality: r.group.municipality!, care_form: r.group.care_form!, unique_youth: r.uniqueYouth, starts: r.starts, stops: r.stops, in_care_end: r.inCareEnd }))
    .sort((a, b) => (a.municipality + a.care_form < b.municipality + b.care_form ? -1 : 1)),
});

const reachSql = (p: { from: string; to: string }, careForm: string) => `
select municipality, ${careForm} as care_form,
  count(distinct pseudonym)::integer as unique_youth,
  count(*) filter (where start_date >= date '${p.from}')::integer as starts,
  count(*) filter (where end_date <= date '${p.to}')::integer as stops,
  count(distinct pseudonym) filter (where end_date is null or end_date >= date '${p.to}')::integer as in_care_end
from trajectory
where start_date <= date '${p.to}' and (end_date is null or end_date >= date '${p.from}')
group by all order by all`;

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(cache, 'events.csv'))) {
    log(`building the corpus ${from} – ${to} (seed ${seed}) in ${cache} …`);
    const t0 = performance.now();
    await buildCorpus();
    log(`corpus built in ${seconds(t0).toFixed(0)} s`);
  }
  const corpus = JSON.parse(fs.readFileSync(path.join(cache, 'corpus.json'), 'utf8')) as { messages: number; events: number; lastDay: string; lastDayMessages: number };
  const database = process.env.DATABASE_URL ? 'PostgreSQL server' : 'PGlite';
  log(`corpus: ${corpus.messages} messages (${corpus.events} events stored), last day ${corpus.lastDay} with ${corpus.lastDayMessages} messages`);

  // 2. Load the events.
  const ws = await openBench();
  const region = ws.region;
  let t0 = performance.now();
  const rows = readEvents();
  for (let i = 0; i < rows.length; i += 50_000) {
    await packedInsert('care_event', CARE_EVENT_COLUMNS, packRows(rows.slice(i, i + 50_000).map((r) => COLUMNS.map((c) => r[c])))).execute(ws.store.db);
  }
  // Ingest would have recorded the messages too: a later delivery of one of them is a duplicate.
  await sql`insert into ijw_message (sender, identification, sent_on, message_type, receiver, content_hash, source_file, received_at)
    select distinct sender, identification, sent_on, 'bench', '', 'bench', 'events.csv', now() from care_event`.execute(ws.store.db);
  const loadOurs = seconds(t0);
  log(`loaded ${rows.length} events into ${database} in ${loadOurs.toFixed(1)} s`);

  // 3. Jeugdregie: full recompute.
  t0 = performance.now();
  const people = await rebuildTrajectories(ws);
  const rebuild = seconds(t0);
  t0 = performance.now();
  const ours: Figures = [];
  for (const p of years()) ours.push(flat(p, await reach(ws, p, ['municipality', 'care_form'])));
  const figures = seconds(t0);
  const trajectories = Number((await ws.store.db.selectFrom('trajectory').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  log(`Jeugdregie: ${people} young people, ${trajectories} trajectories rebuilt in ${rebuild.toFixed(2)} s; ${ours.length} reach tables in ${figures.toFixed(2)} s`);

  // 4. DuckDB.
  const duck = await (await DuckDBInstance.create(':memory:')).connect();
  t0 = performance.now();
  const types = CARE_EVENT_COLUMNS.map((c) => `'${c.name}': '${c.type === 'text' ? 'VARCHAR' : c.type.toUpperCase()}'`).join(', ');
  await duck.run(`create table care_event as select * from read_csv('${path.join(cache, 'events.csv')}', header = true, columns = {${types}}, nullstr = '')`);
  const loadDuck = seconds(t0);
  const resolve = careFormResolver(region);
  const categories = [...new Set(rows.map((r) => r.category))];
  const careForm = `case category ${categories.map((c) => `when '${c}' then '${resolve(c)}'`).join(' ')} else category end`;
  t0 = performance.now();
  await duck.run(TRAJECTORY_SQL);
  const duckTrajectories = seconds(t0);
  const theirs: Figures = [];
  for (const p of years()) {
    const r = (await duck.runAndReadAll(reachSql(p, careForm))).getRowObjectsJson() as Figures[number]['rows'];
    theirs.push({ period: `${p.from}..${p.to}`, rows: r.map((x) => ({ ...x })).sort((a, b) => (a.municipality + a.care_form < b.municipality + b.care_form ? -1 : 1)) });
  }
  const duckFigures = seconds(t0) - duckTrajectories;
  const duckCount = Number((await duck.runAndReadAll('select count(*) from trajectory')).getRows()[0]![0]);
  log(`DuckDB: ${duckCount} trajectories in ${duckTrajectories.toFixed(2)} s; reach tables in ${duckFigures.toFixed(2)} s (CSV load ${loadDuck.toFixed(1)} s)`);
  const same = JSON.stringify(ours) === JSON.stringify(theirs);
  if (!same) {
    const i = ours.findIndex((o, k) => JSON.stringify(o) !== JSON.stringify(theirs[k]));
    log(`DIFFERENT results, first in ${ours[i]?.period}:\n ours   ${JSON.stringify(ours[i]?.rows.slice(0, 3))}\n duckdb ${JSON.stringify(theirs[i]?.rows.slice(0, 3))}`);
  }

  // 5. One more day of messages, on a history at rest: in a region the history was stored long
  // before the day arrives, and the server's autovacuum has long finished with it. Here it was
  // bulk-loaded a minute ago, and autovacuum would be vacuuming those million rows on the other core
  // while the day is measured (1.09–1.38 s on the server without this step; docs/benchmarks.md).
  // Not timed.
  t0 = performance.now();
  await sql`vacuum (analyze) care_event`.execute(ws.store.db);
  await sql`vacuum (analyze) trajectory`.execute(ws.store.db);
  await sql`vacuum (analyze) request_wait`.execute(ws.store.db);
  await sql`vacuum (analyze) ijw_message`.execute(ws.store.db);
  // …and written out: the pages vacuum dirtied would otherwise be flushed during the measurement.
  await sql`checkpoint`.execute(ws.store.db).catch(() => log('checkpoint not permitted for this user; measuring without it'));
  log(`history at rest (vacuum, analyze) in ${seconds(t0).toFixed(1)} s`);
  const lastYear = { from: `${to.slice(0, 4)}-01-01`, to };
  t0 = performance.now();
  const s = await ingestFiles(ws, await expandInputs([path.join(cache, 'last-day')]), pseudonymiser, () => new Date());
  const ingestAndRefresh = seconds(t0);
  await reach(ws, lastYear, ['municipality', 'care_form']);
  const dayTotal = seconds(t0);
  // The ingest refreshes the day's young people at its end; its run record says when it began to.
  const run = (await listIngestRuns(ws, 1))[0]!;
  const refreshDay = (Date.parse(run.finishedAt!) - Date.parse(run.storedAt!)) / 1000;
  const ingestDay = ingestAndRefresh - refreshDay;
  await ws.close();
  if (pgliteDir && !args.includes('--keep')) fs.rmSync(pgliteDir, { recursive: true, force: true });

  const ratio = (rebuild + figures) / (duckTrajectories + duckFigures);
  const result = {
    date: new Date().toISOString().slice(0, 10), database, messages: corpus.messages, events: rows.length, trajectories,
    oursRebuildS: +rebuild.toFixed(2), oursFiguresS: +figures.toFixed(2), duckTrajectoriesS: +duckTrajectories.toFixed(2), duckFiguresS: +duckFigures.toFixed(2),
    ratioToDuckDb: +ratio.toFixed(2), identical: same, oneDay: { messages: corpus.lastDayMessages, accepted: s.accepted, ingestS: +ingestDay.toFixed(2), refreshS: +refreshDay.toFixed(2), reachS: +(dayTotal - ingestDay - refreshDay).toFixed(2), ingestAndFiguresS: +dayTotal.toFixed(2) },
    loadEventsS: +loadOurs.toFixed(1), duckCsvLoadS: +loadDuck.toFixed(1),
  };
  console.log(JSON.stringify(result, null, 2));
  if (!same) process.exitCode = 1;
}

await main();
