// The architecture as a test: imports point inward only, the domain does no I/O, and SQL lives in
// src/store only (the layers above compose repository functions and never build a query).
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

/** The layers that may not touch SQL: they call the repositories of src/store. */
const NO_SQL = ['app', 'api', 'cli'] as const;

/** What building a query looks like, with what to say about it. */
const SQL_PATTERNS: readonly (readonly [RegExp, string])[] = [
  [/^\s*(?:import|export)\b[^'"]*?from\s+['"]kysely['"]/gm, "imports 'kysely'"],
  [/import\(\s*['"]kysely['"]\s*\)/g, "imports 'kysely'"],
  [/\bsql\s*(?:<[^>\n]*>)?\s*`/g, 'writes a sql`…` template'],
  [/\bsql\.(?:raw|lit|id|join|ref|table|val)\s*\(/g, 'builds SQL with sql.…()'],
  [/\.(?:selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto|selectNoFrom)\s*\(/g, 'builds a query with Kysely'],
];

/** Every place in `text` that builds SQL, as "file:line: what". */
export function sqlFindings(file: string, text: string): string[] {
  const found: { line: number; what: string }[] = [];
  for (const [pattern, what] of SQL_PATTERNS) {
    for (const m of text.matchAll(pattern)) {
      const at = m.index + m[0].search(/\S/);
      const line = text.slice(0, at).split('\n').length;
      const excerpt = m[0].replace(/\s+/g, ' ').trim();
      found.push({ line, what: `${what}: ${excerpt.length > 50 ? `${excerpt.slice(0, 50)}…` : excerpt}` });
    }
  }
  return found.sort((a, b) => a.line - b.line).map((f) => `${file}:${f.line}: ${f.what} — SQL lives in src/store: call (or add) a repository function there`);
}

describe('SQL only in src/store', () => {
  for (const layer of NO_SQL) {
    it(`src/${layer} neither imports kysely nor builds a query`, () => {
      const offending = files(path.join('src', layer)).flatMap((file) => sqlFindings(file, fs.readFileSync(file, 'utf8')));
      expect(offending).toEqual([]);
    });
  }

  it('names the file and line of each query built outside src/store', () => {
    const text = [
      "import { sql, type Kysely } from 'kysely';",
      "import type {",
      "  Transaction,",
      "} from 'kysely';",
      'const a = await sql<{ n: string }>`select 1`.execute(db);',
      "const b = await db.selectFrom('payment').selectAll().execute();",
      "await trx.insertInto('region').values(v).execute(); await trx",
      "  .deleteFrom('trajectory').execute();",
      "await ws.store.db.updateTable('x').set({}).execute();",
      "const c = sql.raw('vacuum');",
      "const { Kysely } = await import('kysely');",
      '// a repository call is fine: await lumpSumRows(ws.store.db, year);',
    ].join('\n');
    const lines = sqlFindings('src/app/example.ts', text).map((f) => f.split(':').slice(0, 2).join(':'));
    expect(lines).toEqual(['src/app/example.ts:1', 'src/app/example.ts:2', 'src/app/example.ts:5', 'src/app/example.ts:6', 'src/app/example.ts:7', 'src/app/example.ts:8', 'src/app/example.ts:9', 'src/app/example.ts:10', 'src/app/example.ts:11']);
    expect(sqlFindings('src/app/example.ts', text)[0]).toBe("src/app/example.ts:1: imports 'kysely': import { sql, type Kysely } from 'kysely' — SQL lives in src/store: call (or add) a repository function there");
    expect(sqlFindings('src/app/example.ts', text)[1]).toBe("src/app/example.ts:2: imports 'kysely': import type { Transaction, } from 'kysely' — SQL lives in src/store: call (or add) a repository function there");
  });
});
