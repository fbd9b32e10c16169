// Reads an allocation plan (YAML or JSON): the outcome of the tender dialogue for one year.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import YAML from 'yaml';
import type { AllocationPlan } from '../domain/allocation-rules.ts';
import { Refusal } from '../domain/errors.ts';

export class PlanFileError extends Refusal<'PLAN_FILE_INVALID'> {
  constructor(readonly file: string, reason: string) {
    super('PLAN_FILE_INVALID', { file, reason });
  }
}

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

/**
 * Reads a plan. `year`, when given, is the year it is for: a plan that names another year is refused
 * (a plan of 2028 must not silently become the allocation of 2029); a plan without `year:` takes it.
 */
export function parsePlan(source: string, file: string, forYear?: number): AllocationPlan {
  let doc: unknown;
  try {
    doc = YAML.parse(source);
  } catch (e) {
    throw new PlanFileError(file, `not valid YAML or JSON: ${(e as Error).message.split('\n')[0]}`);
  }
  if (typeof doc !== 'object' || doc === null) throw new PlanFileError(file, 'expected a mapping with year, themes and providers');
  const d = doc as Record<string, unknown>;
  if (d.year !== undefined && d.year !== null && !(typeof d.year === 'number' && Number.isInteger(d.year)) && !(typeof d.year === 'string' && /^\d{4}$/.test(d.year))) {
    throw new PlanFileError(file, `year: "${String(d.year)}" is not a year like 2028`);
  }
  const own = d.year === undefined || d.year === null ? undefined : Number(d.year);
  if (own !== undefined && forYear !== undefined && own !== forYear) throw new Refusal('PLAN_YEAR_MISMATCH', { file, planYear: own, year: forYear });
  const year = own ?? forYear;
  if (year === undefined) throw new PlanFileError(file, 'year: missing (write "year: 2028" in the plan, or give --year)');
  const list = (v: unknown, where: string): Record<string, unknown>[] => {
    if (!Array.isArray(v)) throw new PlanFileError(file, `${where}: expected a list`);
    return v.map((x, i) => {
      if (typeof x !== 'object' || x === null) throw new PlanFileError(file, `${where}[${i}]: expected a mapping`);
      return x as Record<string, unknown>;
    });
  };
  const share = (x: Record<string, unknown>, where: string) => {
    const theme = text(x.theme);
    const sharePct = text(x.sharePct);
    if (!theme) throw new PlanFileError(file, `${where}.theme: missing`);
    if (sharePct === undefined) throw new PlanFileError(file, `${where}.sharePct: missing (a percentage, as a quoted string like '12.5')`);
    return { theme, sharePct };
  };
  let origin: AllocationPlan['source'];
  if (d.source !== undefined && d.source !== null) {
    const src = d.source as Record<string, unknown>;
    const tender = text(src.tender);
    const entry = text(src.ledgerEntry);
    if (typeof d.source !== 'object' || !tender || !entry || !/^\d+$/.test(entry)) throw new PlanFileError(file, 'source: expected { tender: ID, ledgerEntry: N } (the tender and the ledger entry of its accepted distribution)');
    origin = { tender, seq: Number(entry) };
  }
  return {
    ...(origin ? { source: origin } : {}),
    year,
    themes: list(d.themes, 'themes').map((x, i) => share(x, `themes[${i}]`)),
    providers: list(d.providers, 'providers').map((p, i) => {
      const code = text(p.code);
      const name = text(p.name);
      if (!code) throw new PlanFileError(file, `providers[${i}].code: missing`);
      if (!name) throw new PlanFileError(file, `providers[${i}].name: missing`);
      const agb = text(p.agb);
      return { code, name, ...(agb ? { agb } : {}), themes: list(p.themes, `providers[${i}].themes`).map((x, k) => share(x, `providers[${i}].themes[${k}]`)) };
    }),
  };
}

export async function readPlanFile(path: string, forYear?: number): Promise<AllocationPlan> {
  return parsePlan(await readFile(path, 'utf8'), basename(path), forYear);
}

/** Writes a plan as the YAML readPlanFile reads, with a heading comment. */
export function planToYaml(plan: AllocationPlan, heading: readonly string[]): string {
  const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
  const lines = heading.map((h) => `# ${h}`);
  lines.push(`year: ${plan.year}`);
  if (plan.source) lines.push(`source: { tender: ${q(plan.source.tender)}, ledgerEntry: ${plan.source.seq} }`);
  lines.push('themes:');
  for (const t of plan.themes) lines.push(`  - { theme: ${q(t.theme)}, sharePct: ${q(t.sharePct)} }`);
  lines.push('providers:');
  for (const p of plan.providers) {
    lines.push(`  - code: ${q(p.code)}`);
    if (p.agb) lines.push(`    agb: ${q(p.agb)}`);
    lines.push(`    name: ${q(p.name)}`);
    lines.push('    themes:');
    for (const t of p.themes) lines.push(`      - { theme: ${q(t.theme)}, sharePct: ${q(t.sharePct)} }`);
  }
  return lines.join('\n') + '\n';
}
