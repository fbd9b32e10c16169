#!/usr/bin/env node
// Runs a TypeScript file of this project as the CLI runs its sources (bin/sources.js), so that a
// benchmark measures the code as it runs in production:
//   node bin/run-ts.js <file.ts> [arguments…]
// The file sees its own arguments from process.argv[2] on.
import path from 'node:path';
import { importSources } from './sources.js';

const entry = process.argv[2];
if (entry === undefined || !entry.endsWith('.ts')) {
  process.stderr.write('usage: node bin/run-ts.js <file.ts> [arguments…]\n');
  process.exit(1);
}
process.argv.splice(2, 1);
await importSources(path.resolve(entry));
