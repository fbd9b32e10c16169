// Benchmark: our XML reader and validator (src/ijw) next to libxml2 run in-process as WebAssembly
// (the devDependency libxml2-wasm, XSD validation against the official XSDs), in one run, on the
// same messages (docs/decisions.md §37). Usage:
//   npm run bench:xml-validator -- [--messages 20000] [--mutations 200] [--passes 3] [--rounds 1]
//
// The corpus (built once, kept in the temp folder and reused; --fresh builds it anew):
// - examples: the 14 official examples of ../shared/ijw/examples (JW315 and JW318 are invalid as
//   published);
// - mutations: --mutations deterministic mutations of each example (test/ijw/mutations.ts, the
//   generator of the differential test against xmllint; mostly invalid);
// - demo: the first --messages messages of the demo traffic of Amsterdam-Amstelland (seed 1, return
//   messages and the default 2 % of faulty files included);
// - hostile: four messages with a DOCTYPE (an unused internal subset, an internal entity, an external
//   entity naming a local file, nested entities): ours refuses every DOCTYPE by design.
// Every message is validated against the XSD of the type it claims (as xmllint is given one XSD per
// type), ours with `validateMessage(bytes, { expect: type })`.
//
// Each validator runs in a child process of its own (`--child ours|libxml2`), so that its peak RSS
// is its own: the child reads the corpus into memory (the base line), loads the validator (the
// startup: our schema is code, so importing the module is loading it; libxml2 compiles its
// WebAssembly module and parses and compiles the 14 XSDs), then validates every message --passes
// times in one thread. The first pass runs in a cold VM; the best later pass is the warm rate.
// --rounds N runs both children N times, alternating, and keeps the best of each (a shared machine).
// Verdicts (accept/reject) are compared message by message; every disagreement is listed, with
// xmllint's verdict (the system's libxml2) as a third opinion when xmllint is installed.
//
// The parent imports the project's sources only dynamically, so that a child's bundle loads the
// validator when the child asks for it and the startup it measures is the validator's own.
// test/ijw/mutations.ts is not part of the bundle's cache key (bin/sources.js keys on src/): after
// changing it, delete node_modules/.cache/jeugdregie/xml-validator-vs-libxml2-wasm-*.
import { fork, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MessageType } from '../src/ijw/validator.ts';

const SELF = fileURLToPath(import.meta.url);
const RUN_TS = fileURLToPath(new URL('../bin/run-ts.js', import.meta.url));
const REPOSITORY = fileURLToPath(new URL('..', import.meta.url));
const SHARED = path.resolve(REPOSITORY, process.env.JEUGDREGIE_IJW_REFERENCE ?? path.join('..', 'shared', 'ijw'));
const XSD_DIR = path.join(SHARED, 'xsd');
const EXAMPLES = path.join(SHARED, 'examples');
const MB = 1024 * 1024;

const args = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const positive = (name: string, fallback: number): number => {
  const v = Number(arg(name) ?? fallback);
  if (!Number.isInteger(v) || v < 0) throw new Error(`${name} must be a whole number ≥ 0`);
  return v;
};

type SetName = 'examples' | 'mutations' | 'demo' | 'hostile';
interface Entry {
  set: SetName;
  type: MessageType;
  label: string;
  offset: number;
  length: number;
}
interface Corpus {
  entries: Entry[];
  blob: Buffer;
}

function readCorpus(dir: string): Corpus {
  const entries = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Entry[];
  return { entries, blob: fs.readFileSync(path.join(dir, 'corpus.bin')) };
}

interface Sample {
  rss: number;
  heapUsed: number;
  external: number;
}
interface ChildResult {
  which: 'ours' | 'libxml2';
  version: string;
  baseline: Sample;
  afterStartup: Sample;
  startupMs: number;
  /** libxml2: of the startup, the WebAssembly module (import: compile and instantiate). */
  importMs: number;
  passMs: number[];
  peakHeapUsed: number;
  peakExternal: number;
  maxRss: number;
  verdicts: string;
  /** libxml2: errors other than a parse or validation error, by class: how many, and the first few (corpus index and message). */
  failures: Record<string, { count: number; first: string[] }>;
}

// ---------------------------------------------------------------------------------------------
// Child: one validator.

const sample = (): Sample => {
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external };
};

async function child(which: 'ours' | 'libxml2', dir: string, passes: number): Promise<ChildResult> {
  const corpus = readCorpus(dir);
  const messages = corpus.entries.map((e) => ({ type: e.type, bytes: corpus.blob.subarray(e.offset, e.offset + e.length) }));
  globalThis.gc?.();
  const baseline = sample();
  const failures: ChildResult['failures'] = {};
  let current = 0;
  let validate: (type: MessageType, bytes: Uint8Array) => boolean;
  let version: string;
  let importMs = 0;

  const t0 = performance.now();
  if (which === 'ours') {
    const { validateMessage } = await import('../src/ijw/validator.ts');
    validate = (type, bytes) => validateMessage(bytes, { expect: type }).ok;
    version = 'src/ijw';
  } else {
    const lx = await import('libxml2-wasm');
    const { xmlRegisterFsInputProviders } = await import('libxml2-wasm/lib/nodejs.mjs');
    importMs = performance.now() - t0;
    // the message XSDs import basisschema.xsd by a relative schemaLocation
    xmlRegisterFsInputProviders();
    const validators = new Map<string, InstanceType<typeof lx.XsdValidator>>();
    for (const f of fs.readdirSync(XSD_DIR).filter((n) => /^JW\d{3}\.xsd$/.test(n))) {
      const file = path.join(XSD_DIR, f);
      const xsd = lx.XmlDocument.fromBuffer(fs.readFileSync(file), { url: file });
      validators.set(f.slice(0, 5), lx.XsdValidator.fromDoc(xsd));
      xsd.dispose(); // the compiled schema does not need its document
    }
    validate = (type, bytes) => {
      const v = validators.get(type);
      if (v === undefined) throw new Error(`no XSD for ${type}`);
      let doc: InstanceType<typeof lx.XmlDocument> | undefined;
      try {
        doc = lx.XmlDocument.fromBuffer(bytes);
        v.validate(doc);
        return true;
      } catch (e) {
        const kind = e instanceof Error ? e.constructor.name : typeof e;
        if (kind !== 'XmlParseError' && kind !== 'XmlValidateError') {
          const f = (failures[kind] ??= { count: 0, first: [] });
          f.count++;
          const what = `#${current}: ${String((e as Error).message).split('\n')[0]}`;
          if (f.first.length < 5 && !f.first.includes(what)) f.first.push(what);
        }
        return false;
      } finally {
        doc?.dispose();
      }
    };
    version = `libxml2-wasm ${(JSON.parse(fs.readFileSync(path.join(REPOSITORY, 'node_modules', 'libxml2-wasm', 'package.json'), 'utf8')) as { version: string }).version}`;
  }
  const startupMs = performance.now() - t0;
  const afterStartup = sample();

  const passMs: number[] = [];
  let verdicts = '';
  let peakHeapUsed = afterStartup.heapUsed;
  let peakExternal = afterStartup.external;
  for (let p = 0; p < passes; p++) {
    const out = new Array<string>(messages.length);
    const t = performance.now();
    for (let i = 0; i < messages.length; i++) {
      const m = messages[i]!;
      current = i;
      out[i] = validate(m.type, m.bytes) ? '1' : '0';
      if ((i & 1023) === 1023) {
        const s = process.memoryUsage();
        if (s.heapUsed > peakHeapUsed) peakHeapUsed = s.heapUsed;
        if (s.external > peakExternal) peakExternal = s.external;
      }
    }
    passMs.push(performance.now() - t);
    const v = out.join('');
    if (p === 0) verdicts = v;
    else if (v !== verdicts) throw new Error(`${which}: pass ${p + 1} gave other verdicts than pass 1`);
  }
  return {
    which, version, baseline, afterStartup, startupMs, importMs, passMs, peakHeapUsed, peakExternal,
    maxRss: process.resourceUsage().maxRSS * 1024, verdicts, failures,
  };
}

// ---------------------------------------------------------------------------------------------
// Parent: corpus, children, comparison.

const HOSTILE = (example: string): { label: string; text: string }[] => {
  const root = /<(jw\d{3}:Bericht)\b/.exec(example)?.[1] ?? 'Bericht';
  const withDoctype = (subset: string, value?: string) => {
    const t = example.replace(/(<\?xml[^>]*\?>\s*)/, `$1<!DOCTYPE ${root} [${subset}]>\n`);
    return value === undefined ? t : t.replace(/(<jw\d{3}:Afzender>)[^<]*(<)/, `$1${value}$2`);
  };
  return [
    { label: 'DOCTYPE with an unused internal subset', text: withDoctype('<!ELEMENT x ANY>') },
    { label: 'internal entity as the Afzender', text: withDoctype('<!ENTITY a "0384">', '&a;') },
    { label: 'external entity (a local file) as the Afzender', text: withDoctype('<!ENTITY a SYSTEM "file:///etc/hostname">', '&a;') },
    {
      label: 'nested entities, 10^5 × "lol" (a small billion laughs) as the Afzender',
      text: withDoctype(`<!ENTITY l0 "lol">${[1, 2, 3, 4, 5].map((i) => `<!ENTITY l${i} "${`&l${i - 1};`.repeat(10)}">`).join('')}`, '&l5;'),
    },
  ];
};

async function buildCorpus(dir: string, demoMessages: number, mutationsPerExample: number): Promise<void> {
  const { mutate } = await import('../test/ijw/mutations.ts');
  const { loadShippedRegion } = await import('../src/config/region-file.ts');
  const { loadDemoProviders } = await import('../src/demo/write-demo.ts');
  const { generateTraffic } = await import('../src/demo/traffic.ts');
  const entries: Entry[] = [];
  const parts: Buffer[] = [];
  let offset = 0;
  const add = (set: SetName, type: MessageType, label: string, bytes: Uint8Array | string) => {
    const b = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes);
    entries.push({ set, type, label, offset, length: b.length });
    parts.push(b);
    offset += b.length;
  };
  const examples = fs.readdirSync(EXAMPLES).filter((f) => /^JW\d{3}\.xml$/.test(f)).sort();
  for (const f of examples) add('examples', f.slice(0, 5) as MessageType, f, fs.readFileSync(path.join(EXAMPLES, f)));
  examples.forEach((f, k) => {
    const source = fs.readFileSync(path.join(EXAMPLES, f), 'utf8');
    mutate(source, mutationsPerExample, 20261205 + k).forEach((m, i) => add('mutations', f.slice(0, 5) as MessageType, `${f} #${i} ${m.description}`, m.bytes));
  });
  const jw301 = fs.readFileSync(path.join(EXAMPLES, 'JW301.xml'), 'utf8');
  for (const h of HOSTILE(jw301)) add('hostile', 'JW301', `JW301.xml, ${h.label}`, h.text);
  const region = await loadShippedRegion('amsterdam-amstelland');
  const providers = await loadDemoProviders();
  let n = 0;
  for (const m of generateTraffic({ from: '2028-01-01', to: '2079-12-31', seed: 1, region, providers })) {
    if (n++ >= demoMessages) break;
    add('demo', m.type, `${m.fileName}${m.fault === undefined ? '' : ` (fault: ${m.fault})`}`, m.xml);
  }
  const temp = `${dir}.${process.pid}.tmp`;
  fs.mkdirSync(temp, { recursive: true });
  fs.writeFileSync(path.join(temp, 'corpus.bin'), Buffer.concat(parts));
  fs.writeFileSync(path.join(temp, 'manifest.json'), JSON.stringify(entries));
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(temp, dir);
}

function runChild(which: 'ours' | 'libxml2', dir: string, passes: number): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    // --expose-gc: the base line is taken after a collection
    const c = fork(RUN_TS, [SELF, '--child', which, '--corpus', dir, '--passes', String(passes)], { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result: ChildResult | undefined;
    c.on('message', (m) => (result = m as ChildResult));
    c.on('error', reject);
    c.on('exit', (code) => (result !== undefined && code === 0 ? resolve(result) : reject(new Error(`child ${which} exited with ${code}`))));
  });
}

/** xmllint's verdict (the system's libxml2) on a few messages, or undefined without xmllint. */
function xmllintVerdict(type: MessageType, bytes: Uint8Array): boolean | undefined {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jeugdregie-xmlbench-lint-'));
  try {
    const file = path.join(dir, 'm.xml');
    fs.writeFileSync(file, bytes);
    const r = spawnSync('xmllint', ['--noout', '--schema', path.join(XSD_DIR, `${type}.xsd`), file], { encoding: 'utf8' });
    if (r.error !== undefined) return undefined;
    return r.stderr.includes(`${file} validates`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function parent(): Promise<void> {
  if (!fs.existsSync(path.join(XSD_DIR, 'JW301.xsd'))) throw new Error(`needs the official iJw material at ${SHARED} (../shared/ijw next to the repository, or JEUGDREGIE_IJW_REFERENCE)`);
  const demoMessages = positive('--messages', 20_000);
  const mutationsPerExample = positive('--mutations', 200);
  const passes = Math.max(1, positive('--passes', 3));
  const rounds = Math.max(1, positive('--rounds', 1));
  const dir = path.join(os.tmpdir(), `jeugdregie-xmlbench-corpus-${demoMessages}-${mutationsPerExample}`);
  if (args.includes('--fresh') || !fs.existsSync(path.join(dir, 'manifest.json'))) {
    const t = performance.now();
    await buildCorpus(dir, demoMessages, mutationsPerExample);
    console.log(`corpus built in ${((performance.now() - t) / 1000).toFixed(1)} s: ${dir}`);
  }
  const corpus = readCorpus(dir);
  const { entries } = corpus;
  const bySet = (s: SetName) => entries.filter((e) => e.set === s).length;
  console.log(`corpus: ${entries.length} messages, ${(corpus.blob.length / 1e6).toFixed(1)} MB — examples ${bySet('examples')}, mutations ${bySet('mutations')}, demo ${bySet('demo')}, hostile ${bySet('hostile')}`);
  console.log(`node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);

  const results: Record<'ours' | 'libxml2', ChildResult[]> = { ours: [], libxml2: [] };
  for (let r = 0; r < rounds; r++) {
    for (const which of r % 2 === 0 ? (['ours', 'libxml2'] as const) : (['libxml2', 'ours'] as const)) {
      results[which].push(await runChild(which, dir, passes));
    }
  }
  console.log(`load average after: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);

  const n = entries.length;
  const rate = (ms: number) => Math.round((n / ms) * 1000).toLocaleString('en');
  const mb = (b: number) => (b / MB).toFixed(0);
  const best = (xs: number[]) => Math.min(...xs);
  // memory is not a best-of: the median round (each row on its own)
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1]!;
  console.log('');
  console.log(`| what (${n.toLocaleString('en')} messages, ${passes} passes each; times: best of ${rounds} round${rounds > 1 ? 's' : ''}, memory: median) | ours | libxml2-wasm |`);
  console.log('|---|---|---|');
  const row = (label: string, f: (r: ChildResult[]) => string) => console.log(`| ${label} | ${f(results.ours)} | ${f(results.libxml2)} |`);
  row('version', (r) => r[0]!.version);
  row('startup: load the validator / schemas (ms)', (r) => best(r.map((x) => x.startupMs)).toFixed(0));
  row('… of which the WebAssembly module (ms)', (r) => (r[0]!.which === 'ours' ? '—' : best(r.map((x) => x.importMs)).toFixed(0)));
  row('first pass, cold (s)', (r) => (best(r.map((x) => x.passMs[0]!)) / 1000).toFixed(2));
  row('first pass, cold (messages/s)', (r) => rate(best(r.map((x) => x.passMs[0]!))));
  if (passes > 1) {
    row('best later pass, warm (s)', (r) => (best(r.flatMap((x) => x.passMs.slice(1))) / 1000).toFixed(2));
    row('best later pass, warm (messages/s)', (r) => rate(best(r.flatMap((x) => x.passMs.slice(1)))));
    row('warm (MB/s)', (r) => ((corpus.blob.length / 1e6) / (best(r.flatMap((x) => x.passMs.slice(1))) / 1000)).toFixed(1));
  }
  row('RSS: corpus loaded, base line (MB)', (r) => mb(median(r.map((x) => x.baseline.rss))));
  row('RSS: startup above base line (MB)', (r) => mb(median(r.map((x) => x.afterStartup.rss - x.baseline.rss))));
  row('peak RSS (MB)', (r) => mb(median(r.map((x) => x.maxRss))));
  row('peak RSS above base line (MB)', (r) => mb(median(r.map((x) => x.maxRss - x.baseline.rss))));
  row('V8 heap used: base line → peak (MB)', (r) => `${mb(median(r.map((x) => x.baseline.heapUsed)))} → ${mb(median(r.map((x) => x.peakHeapUsed)))}`);
  row('external (incl. WebAssembly memory): base line → peak (MB)', (r) => `${mb(median(r.map((x) => x.baseline.external)))} → ${mb(median(r.map((x) => x.peakExternal)))}`);
  row('accepted / rejected', (r) => {
    const v = r[0]!.verdicts;
    const ok = [...v].filter((c) => c === '1').length;
    return `${ok.toLocaleString('en')} / ${(v.length - ok).toLocaleString('en')}`;
  });
  for (const which of ['ours', 'libxml2'] as const) {
    const all = results[which].flatMap((x) => x.passMs.map((ms) => (ms / 1000).toFixed(2)));
    console.log(`${which}: every pass (s): ${all.join(', ')}`);
    // per pass the same messages: the counts of the first pass
    const failures = Object.entries(results[which][0]!.failures);
    for (const [kind, f] of failures) {
      const first = f.first.map((x) => {
        const at = /^#(\d+)/.exec(x);
        const e = at === null ? undefined : entries[Number(at[1])];
        return e === undefined ? x : `[${e.set}] ${e.label} — ${x.replace(/^#\d+: /, '')}`;
      });
      console.log(`${which}: ${f.count / passes} message(s) refused with ${kind} (neither a parse nor a validation error), e.g.:\n  ${first.join('\n  ')}`);
    }
  }

  // Verdicts, per set.
  const ours = results.ours[0]!.verdicts;
  const theirs = results.libxml2[0]!.verdicts;
  console.log('');
  console.log('| set | messages | ours: accepted / rejected | libxml2-wasm: accepted / rejected | disagreements |');
  console.log('|---|---|---|---|---|');
  const disagreements: number[] = [];
  for (const set of ['examples', 'mutations', 'demo', 'hostile'] as const) {
    let total = 0, oursOk = 0, theirsOk = 0, differ = 0;
    entries.forEach((e, i) => {
      if (e.set !== set) return;
      total++;
      if (ours[i] === '1') oursOk++;
      if (theirs[i] === '1') theirsOk++;
      if (ours[i] !== theirs[i]) {
        differ++;
        disagreements.push(i);
      }
    });
    console.log(`| ${set} | ${total.toLocaleString('en')} | ${oursOk.toLocaleString('en')} / ${(total - oursOk).toLocaleString('en')} | ${theirsOk.toLocaleString('en')} / ${(total - theirsOk).toLocaleString('en')} | ${differ} |`);
  }
  if (disagreements.length === 0) {
    console.log('\nno disagreements');
    return;
  }
  // What each said about the messages they disagree on (re-validated here, once, untimed).
  const { validateMessage } = await import('../src/ijw/validator.ts');
  const lx = await import('libxml2-wasm');
  const { xmlRegisterFsInputProviders } = await import('libxml2-wasm/lib/nodejs.mjs');
  xmlRegisterFsInputProviders();
  console.log(`\n${disagreements.length} disagreement(s):`);
  for (const i of disagreements.slice(0, 50)) {
    const e = entries[i]!;
    const bytes = corpus.blob.subarray(e.offset, e.offset + e.length);
    const o = validateMessage(bytes, { expect: e.type });
    let lxSays = 'valid';
    try {
      const xsdFile = path.join(XSD_DIR, `${e.type}.xsd`);
      const xsd = lx.XmlDocument.fromBuffer(fs.readFileSync(xsdFile), { url: xsdFile });
      const v = lx.XsdValidator.fromDoc(xsd);
      const doc = lx.XmlDocument.fromBuffer(bytes);
      try {
        v.validate(doc);
      } finally {
        doc.dispose();
        v.dispose();
        xsd.dispose();
      }
    } catch (err) {
      lxSays = `invalid (${(err as Error).message.split('\n')[0]})`;
    }
    const lint = xmllintVerdict(e.type, bytes);
    console.log(`- [${e.set}] ${e.label}`);
    console.log(`    ours: ${o.ok ? 'valid' : `invalid (${o.errors[0]?.rule}: ${o.errors[0]?.message}, line ${o.errors[0]?.line})`}`);
    console.log(`    libxml2-wasm: ${lxSays}`);
    console.log(`    xmllint (system libxml2): ${lint === undefined ? 'not installed' : lint ? 'valid' : 'invalid'}`);
  }
  if (disagreements.length > 50) console.log(`… and ${disagreements.length - 50} more`);
}

const which = arg('--child');
if (which === 'ours' || which === 'libxml2') {
  const result = await child(which, arg('--corpus')!, Number(arg('--passes') ?? '3'));
  process.send!(result);
  process.disconnect();
} else {
  await parent();
}
