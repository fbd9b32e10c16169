// Global setup (vitest.config.ts) for the browser tests (test/e2e): they need Debian's Chromium.
// In CI (CI set and not "false"/"0") a missing Chromium stops the run here; in a plain clone one
// line says that the browser tests are skipped and why (the files skip silently, see browser.ts).
// It also gives the run a folder where the first browser test file builds the demo-like workspace
// the others copy (browser.ts), removed when the run ends.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A folder for this run's shared browser-test material (browser.ts). */
    e2eRunDir: string;
  }
}

/** The Chromium the browser tests drive (Debian's package `chromium`); JEUGDREGIE_CHROMIUM names another. */
export const CHROMIUM = process.env.JEUGDREGIE_CHROMIUM ?? '/usr/bin/chromium';

const inCi = (): boolean => {
  const ci = process.env.CI;
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
};

function chromiumProblem(): string | undefined {
  try {
    fs.accessSync(CHROMIUM, fs.constants.X_OK);
    return undefined;
  } catch {
    return `there is no Chromium at ${CHROMIUM}`;
  }
}

/** Chromium is there: the browser tests run. */
export const haveChromium = chromiumProblem() === undefined;

/** One line for the run when the browser tests cannot run, else undefined. */
export function browserSkippedLine(): string | undefined {
  const why = chromiumProblem();
  return why === undefined ? undefined : `browser tests (test/e2e) skipped: ${why} — install it (apt-get install chromium) or set JEUGDREGIE_CHROMIUM to run them (in CI this fails the run)`;
}

/** In CI the browser tests may not be skipped: the error names what is missing. */
export function failWithoutChromiumInCi(): void {
  const why = chromiumProblem();
  if (why !== undefined && inCi()) throw new Error(`CI needs Chromium for the browser tests (test/e2e): ${why}; .ci/run installs Debian's chromium`);
}

export default function setup(project: TestProject): () => void {
  failWithoutChromiumInCi();
  const line = browserSkippedLine();
  if (line !== undefined) process.stderr.write(`${line}\n`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jeugdregie-e2e-run-'));
  project.provide('e2eRunDir', dir);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
