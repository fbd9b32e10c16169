// Tests that need the official iJw material ask test/support/ijw-reference.ts: in CI its absence fails
// the run, loudly; in a plain clone the run says in one line what it skipped and why.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { haveXmllint } from './support/ijw-reference.ts';

/** Runs the global setup in a fresh process with `env`; its exit status and output. */
function setup(env: Record<string, string | undefined>) {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete childEnv[k];
  const script = `import(${JSON.stringify(path.resolve('test/support/ijw-reference-setup.ts'))}).then((m) => m.default())`;
  return spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { env: childEnv, encoding: 'utf8' });
}

describe('the iJw reference material for tests', () => {
  it('fails the run in CI when it is missing, naming what is missing', () => {
    const r = setup({ CI: 'true', JEUGDREGIE_IJW_REFERENCE: '/nonexistent/ijw' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/CI needs the iJw reference: the official iJw 3.2 material is not at \/nonexistent\/ijw/);
  });

  it('outside CI skips, and says so once, on one line', () => {
    for (const ci of [undefined, 'false']) {
      const r = setup({ CI: ci, JEUGDREGIE_IJW_REFERENCE: '/nonexistent/ijw' });
      expect(r.status).toBe(0);
      const lines = r.stderr.split('\n').filter((l) => l !== '');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^iJw cases skipped: the official iJw 3\.2 material is not at \/nonexistent\/ijw .* to run them \(in CI this fails the run\)$/);
    }
  });

  it.runIf(haveXmllint)('says nothing when the material is there', () => {
    const r = setup({ CI: 'true' });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
  });
});
