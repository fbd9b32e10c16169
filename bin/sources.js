// Runs the TypeScript sources without a build step (decision §3): an entry file and what it imports
// from src/ are bundled with esbuild into one JavaScript file (packages stay external) and imported.
// A process then holds plain JavaScript only: no tsx loader thread and no transform cache in memory,
// which is ~55 MB less RSS and a faster start (docs/benchmarks.md). Without esbuild, or when the
// bundle cannot be written, the sources are run through tsx as before.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Bundles live inside the project, so that their imports of packages resolve to its node_modules. */
const CACHE = path.join(ROOT, 'node_modules', '.cache', 'jeugdregie');
/**
 * Bundles of other source versions are removed once they have not been started for this long (a
 * server started from one may still run it; it has loaded its chunks when it started serving).
 */
const STALE_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * A source that locates files next to itself (`new URL('../../regions/', import.meta.url)`) must
 * find them from its own place, not from the bundle's: every `import.meta.url` and
 * `import.meta.dirname`/`filename` in a project source is replaced by that file's own value.
 */
const ownLocation = {
  name: 'own-location',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      const text = await fs.promises.readFile(args.path, 'utf8');
      if (!text.includes('import.meta.')) return { contents: text, loader: 'ts' };
      const contents = text
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
        .replaceAll('import.meta.dirname', JSON.stringify(path.dirname(args.path)))
        .replaceAll('import.meta.filename', JSON.stringify(args.path));
      return { contents, loader: 'ts' };
    });
  },
};

/**
 * Imports a TypeScript entry file of this project: bundled (see above) when esbuild is available,
 * otherwise through tsx.
 * @param {string} entry absolute path of a .ts file
 * @returns {Promise<any>} the entry's module namespace
 */
export async function importSources(entry) {
  let file;
  try {
    file = await writeBundle(entry);
  } catch {
    file = undefined;
  }
  if (file === undefined) {
    const { register } = await import('tsx/esm/api');
    register();
    return import(pathToFileURL(entry).href);
  }
  process.setSourceMapsEnabled(true);
  return import(pathToFileURL(file).href);
}

/**
 * The bundle's entry file, written to a folder named after the sources it is made of (their paths,
 * sizes and modification times, and esbuild's version): a start with unchanged sources imports the
 * folder written before and does not run esbuild at all. A source's dynamic import
 * (`await import('../api/server.ts')`) becomes a chunk of its own, so the packages only it needs
 * (Fastify for the server) load only when it does.
 */
async function writeBundle(entry) {
  const base = path.basename(entry, '.ts');
  const dir = path.join(CACHE, `${base}-${sourcesKey(entry)}`);
  const file = path.join(dir, `${base}.mjs`);
  if (fs.existsSync(file)) {
    // Marked as used, so that removeStale leaves it alone while it is in use.
    const now = new Date();
    fs.utimesSync(dir, now, now);
    return file;
  }
  const esbuild = await import('esbuild');
  const out = path.join(CACHE, 'build');
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    write: false,
    logLevel: 'silent',
    plugins: [ownLocation],
    splitting: true,
    outdir: out,
    outExtension: { '.js': '.mjs' },
    entryNames: '[name]',
    // Stack traces of a crash point into the sources (process.setSourceMapsEnabled in importSources).
    sourcemap: 'inline',
    sourcesContent: false,
  });
  // Written next to its final place and renamed into it, so a process never sees half a bundle; when
  // two processes build at once, the second rename fails and both use the first one's folder.
  const temp = `${dir}.${process.pid}.tmp`;
  fs.rmSync(temp, { recursive: true, force: true });
  fs.mkdirSync(temp, { recursive: true });
  for (const f of result.outputFiles) fs.writeFileSync(path.join(temp, path.relative(out, f.path)), f.contents);
  try {
    fs.renameSync(temp, dir);
  } catch (e) {
    fs.rmSync(temp, { recursive: true, force: true });
    if (!fs.existsSync(file)) throw e;
  }
  removeStale(base, dir);
  return file;
}

/**
 * What the bundle of `entry` is made of: the entry and every file below src/, by path, size and time.
 * @param {string} entry absolute path of a .ts file
 * @param {string} [root] the project folder (tests give another)
 * @returns {string}
 */
export function sourcesKey(entry, root = ROOT) {
  const hash = createHash('sha256').update(`${entry}\0${esbuildVersion()}\0${fs.readFileSync(fileURLToPath(import.meta.url))}\0`);
  const add = (file) => {
    const st = fs.statSync(file);
    hash.update(`${file}\0${st.size}\0${Math.trunc(st.mtimeMs)}\0`);
  };
  add(entry);
  for (const name of fs.readdirSync(path.join(root, 'src'), { recursive: true }).sort()) {
    const file = path.join(root, 'src', String(name));
    if (file.endsWith('.ts')) add(file);
  }
  return hash.digest('hex').slice(0, 16);
}

function esbuildVersion() {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'esbuild', 'package.json'), 'utf8')).version;
}

function removeStale(base, keep) {
  const now = Date.now();
  for (const name of fs.readdirSync(CACHE)) {
    const p = path.join(CACHE, name);
    if (p === keep || !name.startsWith(`${base}-`)) continue;
    try {
      if (now - fs.statSync(p).mtimeMs > STALE_MS) fs.rmSync(p, { recursive: true, force: true });
    } catch {
      // another process removed it first
    }
  }
}
