// The `jeugdregie` command as a user runs it: bin/jeugdregie.js, whose sources bin/sources.js bundles
// on start (decision §3). The other CLI tests call main() in-process and would not see a bundle that
// cannot find its files or a cache that goes stale.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sourcesKey } from '../bin/sources.js';
import { tempDir } from './support/temp-dirs.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MAIN = path.join(ROOT, 'src', 'cli', 'main.ts');
const CACHE = path.join(ROOT, 'node_modules', '.cache', 'jeugdregie');

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'jeugdregie.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: '', ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('bin/jeugdregie.js', () => {
  it('runs the bundled sources, which find the files next to them (regions/, examples/)', () => {
    const regions = run(['regions']);
    expect(regions.err).toBe('');
    expect(regions.code).toBe(0);
    expect(regions.out).toContain('amsterdam-amstelland');
    // The bundle of the current sources is where bin/sources.js says it is.
    expect(fs.existsSync(path.join(CACHE, `main-${sourcesKey(MAIN)}`, 'main.mjs'))).toBe(true);

    const dataDir = tempDir('jeugdregie-bin-');
    const init = run(['init', '--region', 'amsterdam-amstelland', '--demo'], { JEUGDREGIE_DATA_DIR: dataDir });
    expect(init.err).toBe('');
    expect(init.code).toBe(0);
    const lumpsums = run(['lumpsums', '--year', '2028', '--format', 'csv'], { JEUGDREGIE_DATA_DIR: dataDir });
    expect(lumpsums.err).toBe('');
    expect(lumpsums.code).toBe(0);
    expect(lumpsums.out.split('\n')[0]).toMatch(/^provider/);
  });

  it('bundles anew when a source changes (its size or time), so a bundle never goes stale', () => {
    const root = tempDir('jeugdregie-sources-');
    fs.mkdirSync(path.join(root, 'src', 'domain'), { recursive: true });
    const entry = path.join(root, 'src', 'main.ts');
    const source = path.join(root, 'src', 'domain', 'rule.ts');
    fs.writeFileSync(entry, "export { rule } from './domain/rule.ts';\n");
    fs.writeFileSync(source, 'export const rule = 1;\n');
    const time = new Date('2026-01-01T00:00:00Z');
    fs.utimesSync(source, time, time);
    const before = sourcesKey(entry, root);
    expect(sourcesKey(entry, root)).toBe(before);

    fs.utimesSync(source, time, new Date(time.getTime() + 1000));
    expect(sourcesKey(entry, root)).not.toBe(before);
    fs.utimesSync(source, time, time);
    expect(sourcesKey(entry, root)).toBe(before);

    fs.writeFileSync(source, 'export const rule = 12;\n');
    fs.utimesSync(source, time, time);
    expect(sourcesKey(entry, root)).not.toBe(before); // same time, other size
    fs.writeFileSync(path.join(root, 'src', 'domain', 'new.ts'), '');
    fs.writeFileSync(source, 'export const rule = 1;\n');
    fs.utimesSync(source, time, time);
    expect(sourcesKey(entry, root)).not.toBe(before); // a file more
    // Another entry has a bundle of its own.
    expect(sourcesKey(source, root)).not.toBe(sourcesKey(entry, root));
  });
});
