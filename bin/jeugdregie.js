#!/usr/bin/env node
// The CLI. The TypeScript sources run without a build step: bin/sources.js bundles them on start
// (decision §3).
import { fileURLToPath } from 'node:url';
import { importSources } from './sources.js';

// A closed pipe (`jeugdregie … | head`) is not an error worth a stack trace.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
const { main } = await importSources(fileURLToPath(new URL('../src/cli/main.ts', import.meta.url)));
process.exitCode = await main(process.argv.slice(2));
