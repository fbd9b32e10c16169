// The architecture as a test: imports point inward only, and the domain does no I/O.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';

const ORDER = ['domain', 'ijw', 'config', 'store', 'demo', 'app', 'api', 'cli'] as const;
// What each layer may import from (besides itself).
const ALLOWED: Record<string, string[]> = {
  domain: [],
  ijw: ['domain'],
  config: ['domain'],
  store: ['domain'],
  demo: ['domain', 'config'],
  app: ['domain', 'ijw', 'config', 'store', 'demo'],
  api: ['domain', 'app'],
  cli: ['domain', 'ijw', 'config', 'store', 'demo', 'app', 'api'],
};

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path.join(dir, e.name)] : []));
}

function imports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm), ...text.matchAll(/import\(['"]([^'"]+)['"]\)/g)].map((m) => m[1]!);
}

describe('layers', () => {
  for (const layer of ORDER) {
    it(`${layer} imports only from ${ALLOWED[layer]!.join(', ') || 'itself'}`, () => {
      const offending: string[] = [];
      for (const file of files(path.join('src', layer))) {
        for (const spec of imports(file)) {
          if (!spec.startsWith('.')) {
            if (layer === 'domain' && spec.startsWith('node:')) offending.push(`${file}: ${spec} (the domain does no I/O)`);
            continue;
          }
          const target = path.relative('src', path.resolve(path.dirname(file), spec)).split(path.sep)[0]!;
          if (target === '..') continue; // data files outside src (regions/, examples/)
          if (target !== layer && !ALLOWED[layer]!.includes(target)) offending.push(`${file} imports ${spec}`);
        }
      }
      expect(offending).toEqual([]);
    });
  }
});
