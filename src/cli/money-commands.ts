// Transitional: the money commands now live in src/cli/money/ (one file per command) and the
// workspace helper in src/cli/workspace.ts; this file keeps older imports working until they move.
export { registerMoneyCommands } from './money/index.ts';
export { withWorkspace } from './workspace.ts';
