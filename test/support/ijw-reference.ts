// The official iJw 3.2 material (XSDs, examples, code lists) is not part of the repository: tests read
// it from ../shared/ijw next to the checkout (JEUGDREGIE_IJW_REFERENCE names another folder), and
// compare with xmllint. Every test that needs either asks here, so the rule is the same everywhere:
// - in CI (CI set and not "false"/"0") a missing folder or xmllint fails the run, loudly;
// - in a plain clone the tests that need them are skipped, and the run says so once, on one line
//   (ijw-reference-setup.ts, the global setup).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repository = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The folder with the official iJw 3.2 material (README.md, xsd/, examples/, codelists/). */
export const IJW_REFERENCE = path.resolve(repository, process.env.JEUGDREGIE_IJW_REFERENCE ?? path.join('..', 'shared', 'ijw'));
export const IJW_XSD = path.join(IJW_REFERENCE, 'xsd');
export const IJW_EXAMPLES = path.join(IJW_REFERENCE, 'examples');
export const IJW_CODELISTS = path.join(IJW_REFERENCE, 'codelists');

export const inCi = (): boolean => {
  const ci = process.env.CI;
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
};

/** Why the reference material cannot be used, or undefined when it can. */
function referenceProblem(): string | undefined {
  for (const [dir, probe] of [[IJW_XSD, 'JW305.xsd'], [IJW_EXAMPLES, 'JW305.xml']] as const) {
    if (!fs.existsSync(path.join(dir, probe))) return `the official iJw 3.2 material is not at ${IJW_REFERENCE} (no ${path.relative(IJW_REFERENCE, path.join(dir, probe))})`;
  }
  return undefined;
}

function xmllintProblem(): string | undefined {
  return spawnSync('xmllint', ['--version'], { encoding: 'utf8' }).status === 0 ? undefined : 'xmllint is not installed (package libxml2-utils)';
}

const missingReference = referenceProblem();
const missingXmllint = xmllintProblem();

/** The examples, XSDs and code lists are there. */
export const haveIjwReference = missingReference === undefined;
/** The reference material and xmllint are there (tests that compare with xmllint). */
export const haveXmllint = haveIjwReference && missingXmllint === undefined;

/** One line for the run: what is missing and what it means, or undefined when nothing is. */
export function skippedLine(): string | undefined {
  const why = [missingReference, missingXmllint].filter((w) => w !== undefined);
  if (why.length === 0) return undefined;
  const what = [
    ...(missingReference ? ['put the shared iJw material next to the repository (../shared/ijw) or set JEUGDREGIE_IJW_REFERENCE'] : []),
    ...(missingXmllint ? ['install libxml2-utils'] : []),
  ];
  return `iJw cases skipped: ${why.join('; ')} — ${what.join(', and ')} to run them (in CI this fails the run)`;
}

/** In CI nothing may be skipped for want of the material: the error names what is missing. */
export function failInCi(): void {
  const line = skippedLine();
  if (line !== undefined && inCi()) throw new Error(`CI needs the iJw reference: ${[missingReference, missingXmllint].filter(Boolean).join('; ')}`);
}

// A test file that imports this module fails at once in CI when something is missing.
failInCi();

/** The official example of `type` ("JW305") as text. */
export function example(type: string): string {
  return fs.readFileSync(path.join(IJW_EXAMPLES, `${type}.xml`), 'utf8');
}
