// The protected publication of a demo year (docs/decisions.md §36; docs/benchmarks.md "Disclosure
// control"): how long reading and protecting take, what the protection costs in hidden cells, and
// the attacker's verdict over every published reach table (subtraction and linear programming).
//   node bin/run-ts.js bench/disclosure-publication.ts [--data-dir ./data] [--year 2028] [--no-attack] [--public]
// The workspace must hold the demo (npm start once). With DATABASE_URL, that server's database.
// --public: the one publication every role but the region reads (decisions §47), protected against
// every municipality and provider too; per half year, what it shows of each breakdown and of each
// municipality's totals (the attack by the owners is test/disclosure-joint.test.ts).
import { openWorkspace } from '../src/app/workspace.ts';
import { computePublication, groupingOf, PUBLIC_PUBLICATION } from '../src/app/publication.ts';
import { reach, themesByProvider } from '../src/app/monitor.ts';
import { DIMENSIONS, type ReachRow } from '../src/domain/reach-figures.ts';
import type { Breakdown, PublishedPeriod, PublishedReachRow } from '../src/domain/disclosure/publication.ts';
import { attackReach, truthOf } from '../test/support/disclosure-attack.ts';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1]! : fallback;
};
const year = Number(arg('--year', '2028'));
const url = process.env.DATABASE_URL;
const ws = await openWorkspace(url ? { url } : { dataDir: arg('--data-dir', './data') }, 'bench', undefined, { longRunning: true });
const log = (text: string) => process.stdout.write(`${text}\n`);
try {
  const t0 = performance.now();
  const publicOne = args.includes('--public');
  const pub = await computePublication(ws, year, publicOne ? PUBLIC_PUBLICATION : undefined);
  const seconds = (performance.now() - t0) / 1000;
  let shown = 0;
  let hiddenNonZero = 0;
  for (const f of Object.values(pub.periods)) {
    for (const rows of Object.values(f!.reach)) {
      for (const r of rows ?? []) {
        for (const v of [r.uniqueYouth, r.starts, r.stops, r.inCareEnd, ...Object.values(r.stopsByReason)]) {
          if (v === null) hiddenNonZero++;
          else if (v > 0) shown++;
        }
      }
    }
  }
  log(`publication of ${year}: ${seconds.toFixed(1)} s (reading the figures and protecting them), RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
  log(`cells ${pub.audit.cells} (all tables, periods and measures; zeros included), primary ${pub.audit.primary}, secondary ${pub.audit.secondary}, linear programs ${pub.audit.programs}`);
  log(`reach tables: ${shown} non-zero counts shown, ${hiddenNonZero} hidden (${((100 * hiddenNonZero) / (shown + hiddenNonZero)).toFixed(1)}% of the non-zero counts)`);
  if (publicOne) {
    const count = (rows: readonly PublishedReachRow[]) => {
      let [shownHere, hiddenHere] = [0, 0];
      for (const r of rows) {
        for (const v of [r.uniqueYouth, r.starts, r.stops, r.inCareEnd, ...Object.values(r.stopsByReason)]) {
          if (v === null) hiddenHere++;
          else if (v > 0) shownHere++;
        }
      }
      return `${hiddenHere}/${shownHere}`;
    };
    for (const p of ['H1', 'H2', 'Y'] as PublishedPeriod[]) {
      const f = pub.periods[p];
      if (f === undefined) continue;
      log(`${p}, non-zero counts hidden/shown: ${Object.entries(f.reach).map(([b, rows]) => `${b} ${count(rows ?? [])}`).join(', ')}`);
      const shownOf = (r: PublishedReachRow) => (['uniqueYouth', 'starts', 'stops', 'inCareEnd'] as const).filter((k) => r[k] !== null).join('+') || 'nothing';
      log(`  municipality totals shown: ${(f.reach.municipality ?? []).map((r) => `${r.group.municipality} ${shownOf(r)}`).join('; ')}`);
      log(`  REST totals shown: ${Object.entries(f.rest ?? {}).map(([m, rest]) => `${m} ${(rest.reach.total ?? []).map(shownOf).join('') || '-'}`).join('; ')}`);
    }
  } else if (!args.includes('--no-attack')) {
    const themes = await themesByProvider(ws);
    const tables = new Map<string, ReachRow[]>();
    for (const p of Object.keys(pub.periods) as PublishedPeriod[]) for (const b of ['total', ...DIMENSIONS] as Breakdown[]) tables.set(`${p}|${b}`, await reach(ws, pub.periods[p]!.period, groupingOf(b)));
    const t1 = performance.now();
    const result = await attackReach(pub, truthOf((p, by) => tables.get(`${p}|${by}`)), (p) => themes.get(p) ?? 'unassigned');
    log(`attack: ${result.hiddenCells} hidden reach counts, ${result.programs} linear programs in ${((performance.now() - t1) / 1000).toFixed(1)} s; given away by subtraction: ${result.subtracted.length}; narrowed below 5: ${result.narrowed.length}`);
    for (const n of result.narrowed.slice(0, 10)) log(`  narrowed: ${n.cell} (truth ${n.truth}, at most ${n.max})`);
    for (const s of result.subtracted.slice(0, 10)) log(`  subtracted: ${s}`);
  }
} finally {
  await ws.close();
}
