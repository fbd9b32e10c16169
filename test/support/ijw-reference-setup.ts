// Global setup (vitest.config.ts): checked once per run, before any test file. In CI a missing iJw
// reference or xmllint stops the run here with the reason; elsewhere one line says which iJw cases
// are skipped and why (the files themselves skip silently, see ijw-reference.ts).
import { failInCi, skippedLine } from './ijw-reference.ts';

export default function setup(): void {
  failInCi();
  const line = skippedLine();
  if (line !== undefined) process.stderr.write(`${line}\n`);
}
