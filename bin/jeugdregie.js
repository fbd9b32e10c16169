#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so there is no build step between
// `npm install` and a working CLI.
import { register } from 'tsx/esm/api';

register();
// A closed pipe (`jeugdregie … | head`) is not an error worth a stack trace.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
