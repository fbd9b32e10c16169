// Benchmark: the most expensive requests the API allows (decisions, "The API's bounds"), on a kept
// database — the ten-year demo history of docs/benchmarks.md, made with `demo generate` and `ingest`:
//   node bin/run-ts.js bench/api-worst-request.ts --data-dir <folder>   (or DATABASE_URL=… [--schema s])
// Every monitor route over the longest period allowed (MAX_PERIOD_DAYS, ending at the data's last
// day; timeliness: MAX_TIMELINESS_PERIOD_DAYS, each such period back to that) with every allowed
// combination of MAX_DIMENSIONS dimensions, through the HTTP layer
// (inject: validation, the query, suppression, serialisation). Each request is timed --repeat times
// after one untimed warm-up of the route; the slowest median is the worst allowed request.
import { openWorkspace } from '../src/app/workspace.ts';
import { buildServer } from '../src/api/server.ts';
import { dataCoverage } from '../src/app/coverage.ts';
import { refreshTrajectories } from '../src/app/trajectory-store.ts';
import { MAX_DIMENSIONS, MAX_PERIOD_DAYS } from '../src/api/limits.ts';
// Before the protected publication (docs/decisions.md §36) timeliness took up to a year per request.
const MAX_TIMELINESS_PERIOD_DAYS = 366;
import { addDays } from '../src/domain/calendar.ts';
import { DIMENSIONS } from '../src/domain/reach-figures.ts';

const args = process.argv.slice(2);
const arg = (name: string, fallback?: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1]! : fallback;
};
const repeat = Number(arg('--repeat', '3'));
const url = process.env.DATABASE_URL;
const target = url ? { url, schema: arg('--schema') } : { dataDir: arg('--data-dir', './data') };
const ws = await openWorkspace(target, 'bench', undefined, { longRunning: true });
const app = await buildServer(ws);
const log = (text: string) => process.stdout.write(`${text}\n`);

// Trajectories are brought up to date by the first read after an ingest: not part of a request here.
await refreshTrajectories(ws);
const { dataUpTo } = await dataCoverage(ws);
if (dataUpTo === null) throw new Error('the database has no messages');
const from = addDays(dataUpTo, -(MAX_PERIOD_DAYS - 1));
log(`${ws.store.kind} database, data up to ${dataUpTo}; period ${from}..${dataUpTo} (${MAX_PERIOD_DAYS} days), ${repeat} runs each`);

function combinations<T>(items: readonly T[], k: number): T[][] {
  if (k === 0) return [[]];
  return items.flatMap((x, i) => combinations(items.slice(i + 1), k - 1).map((rest) => [x, ...rest]));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const results: { request: string; median: number; max: number; rows: number; bytes: number }[] = [];

async function time(request: string): Promise<void> {
  const times: number[] = [];
  let rows = 0;
  let bytes = 0;
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    const r = await app.inject({ url: request, headers: { 'accept-encoding': 'br' } });
    times.push(performance.now() - t0);
    if (r.statusCode !== 200) throw new Error(`${request}: ${r.statusCode} ${r.body}`);
    bytes = r.rawPayload.length;
    rows = (await app.inject({ url: request })).json<unknown[]>().length;
  }
  results.push({ request, median: median(times), max: Math.max(...times), rows, bytes });
  log(`${median(times).toFixed(0).padStart(6)} ms  (max ${Math.max(...times).toFixed(0)})  ${String(rows).padStart(6)} rows  ${String(bytes).padStart(8)} B br  ${request}`);
}

const period = `from=${from}&to=${dataUpTo}`;
for (const route of ['reach', 'waiting']) {
  await app.inject({ url: `/api/monitor/${route}?${period}` }); // warm-up
  for (const by of combinations(DIMENSIONS, MAX_DIMENSIONS)) await time(`/api/monitor/${route}?${period}&by=${by.join(',')}`);
}
await app.inject({ url: `/api/monitor/messages?${period}` }); // warm-up
await time(`/api/monitor/messages?${period}`);
// Timeliness: its own, shorter bound; every year of the data, for the densest one.
const timelinessPeriod = (to: string) => `from=${addDays(to, -(MAX_TIMELINESS_PERIOD_DAYS - 1))}&to=${to}`;
await app.inject({ url: `/api/monitor/timeliness?${timelinessPeriod(dataUpTo)}` }); // warm-up
for (let to = dataUpTo; to > from; to = addDays(to, -MAX_TIMELINESS_PERIOD_DAYS)) await time(`/api/monitor/timeliness?${timelinessPeriod(to)}`);
// For scale: one year by municipality, the common request.
await time(`/api/monitor/reach?from=${addDays(dataUpTo, -364)}&to=${dataUpTo}&by=municipality`);

const worst = results.reduce((a, b) => (b.median > a.median ? b : a));
log(`worst allowed request: ${worst.request} — median ${worst.median.toFixed(0)} ms, max ${worst.max.toFixed(0)} ms`);
await app.close();
await ws.close();
