import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // the official iJw material: fail in CI when missing, else one line on what is skipped
    // and Chromium for the browser tests (test/e2e): the same rule
    globalSetup: ['test/support/ijw-reference-setup.ts', 'test/support/browser-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // PGlite instances are memory-hungry WASM; two workers fit the 2-core machines.
    maxWorkers: 2,
  },
});
