// Validation of demo files with xmllint against the official iJw XSDs in ../shared/ijw/xsd
// (test/support/ijw-reference.ts: tests skip when either is absent, CI fails instead).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { IJW_XSD, haveXmllint } from '../support/ijw-reference.ts';

export const XSD_DIR = IJW_XSD;

export const xmllintAvailable: boolean = haveXmllint;

/**
 * Writes the files into a temporary folder and validates them with one xmllint call against
 * the XSD of `type`; returns the verdict per file name.
 */
export function validateWithXmllint(type: string, files: readonly { fileName: string; xml: string }[]): Map<string, boolean> {
  const dir = mkdtempSync(join(tmpdir(), `demo-${type}-`));
  const paths: string[] = [];
  for (const f of files) {
    const p = join(dir, f.fileName);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, f.xml);
    paths.push(f.fileName);
  }
  const verdict = new Map<string, boolean>();
  try {
    if (paths.length === 0) return verdict;
    const r = spawnSync('xmllint', ['--noout', '--schema', join(XSD_DIR, `${type}.xsd`), ...paths], { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    for (const line of r.stderr.split('\n')) {
      const ok = / validates$/.exec(line);
      const bad = / fails to validate$/.exec(line);
      if (ok) verdict.set(line.slice(0, ok.index), true);
      else if (bad) verdict.set(line.slice(0, bad.index), false);
    }
    return verdict;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
