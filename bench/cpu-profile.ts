// Summarises a V8 CPU profile (node --cpu-prof; bench:api --profile): where the time went, by
// function (self time) and by file, and the share of time spent inside each of a few named functions
// (total time: with everything they call).
//   node bin/run-ts.js bench/cpu-profile.ts <file.cpuprofile> [--top 30] [--inside name,name,…]
import fs from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
if (!file) throw new Error('name a .cpuprofile file');
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const top = Number(opt('--top') ?? 30);
const inside = (opt('--inside') ?? '').split(',').filter(Boolean);

const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const self = new Map<number, number>();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
let total = 0;
for (const v of self.values()) total += v;
const idle = [...self].filter(([id]) => ['(idle)', '(program)', '(garbage collector)'].includes(byId.get(id)!.callFrame.functionName));
const label = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url ? `${shortUrl(n.callFrame.url)}:${n.callFrame.lineNumber + 1}` : ''}`.trim();
function shortUrl(url: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  return url.startsWith('file://') ? path.relative(process.cwd(), new URL(url).pathname) : url;
}
const ms = (us: number) => `${(us / 1000).toFixed(0)} ms`;
const pct = (us: number) => `${((100 * us) / total).toFixed(1)} %`;

console.log(`${file}: ${ms(total)} sampled; ${idle.map(([id, v]) => `${byId.get(id)!.callFrame.functionName} ${pct(v)}`).join(', ')}`);
const busy = total - idle.filter(([id]) => byId.get(id)!.callFrame.functionName === '(idle)').reduce((s, [, v]) => s + v, 0);

const sumBy = (key: (n: ProfileNode) => string) => {
  const m = new Map<string, number>();
  for (const [id, v] of self) {
    const k = key(byId.get(id)!);
    m.set(k, (m.get(k) ?? 0) + v);
  }
  return [...m].sort((a, b) => b[1] - a[1]).slice(0, top);
};
console.log(`\nself time by function (of ${ms(busy)} busy):`);
for (const [k, v] of sumBy(label)) console.log(`  ${pct(v).padStart(7)}  ${k}`);
console.log('\nself time by package or file:');
for (const [k, v] of sumBy((n) => (n.callFrame.url ? shortUrl(n.callFrame.url) : n.callFrame.functionName))) console.log(`  ${pct(v).padStart(7)}  ${k}`);

if (inside.length > 0) {
  console.log('\ntotal time inside (with what they call):');
  for (const name of inside) {
    let sum = 0;
    for (const [id, v] of self) {
      for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
        if (byId.get(cur)!.callFrame.functionName === name) {
          sum += v;
          break;
        }
      }
    }
    console.log(`  ${pct(sum).padStart(7)}  ${name}`);
  }
}
