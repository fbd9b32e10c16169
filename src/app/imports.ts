// File-based use cases: a budget table and the year-end cost reports. Both are all or nothing: the
// whole file is checked first, and a file with any problem records nothing.
import { basename } from 'node:path';
import { readBudgetFile } from '../config/budget-file.ts';
import { validateBudgetRows } from '../domain/budget-import.ts';
import { validateCostRows } from '../domain/cost-import.ts';
import { budgetsToJson } from '../domain/decisions.ts';
import { Refusal } from '../domain/errors.ts';
import type { Workspace } from './workspace.ts';

/** A file with problems: every problem, each with its place; nothing was recorded. */
function importRefused(file: string, problems: readonly string[], action: 'imported' | 'settled'): Refusal {
  return Refusal.withProblems(
    problems.map((p) => new Refusal('PROBLEM', { en: p, nl: p })),
    'IMPORT_REFUSED',
    { file, count: problems.length, action },
  );
}

export async function importBudgetFile(ws: Workspace, path: string, reason: string) {
  const file = basename(path);
  const rows = await readBudgetFile(path);
  const checked = validateBudgetRows(rows, { file, municipalities: ws.region.municipalities });
  if (!checked.ok) {
    throw importRefused(file, checked.problems.map((p) => `${p.file}, row ${p.row}, column ${p.column}: ${p.message}`), 'imported');
  }
  return ws.engine.record({ kind: 'budget.import', source: file, budgets: budgetsToJson(checked.budgets) }, reason);
}

export async function settleFromFile(ws: Workspace, year: number, path: string, reason: string, thresholdPct?: string) {
  const file = basename(path);
  const state = await ws.engine.state();
  const y = state.years[year];
  if (!y) throw new Refusal('YEAR_NOT_ALLOCATED', { year });
  const rows = await readBudgetFile(path);
  const checked = validateCostRows(rows, { file, municipalities: ws.region.municipalities, providers: y.plan.providers.map((p) => p.code) });
  if (!checked.ok) {
    throw importRefused(file, checked.problems.map((p) => `${p.file}, row ${p.row}, column ${p.column}: ${p.message}`), 'settled');
  }
  const threshold = thresholdPct ?? ws.region.settlementPolicy.deviationThresholdPct;
  if (!/^\d+(\.\d+)?$/.test(threshold)) throw new Refusal('THRESHOLD_INVALID', { text: threshold });
  return ws.engine.record(
    {
      kind: 'settlement',
      year,
      thresholdPct: threshold,
      costs: checked.costs.map((c) => ({ provider: c.provider, municipality: c.municipality, costCents: c.costCents.toString() })),
    },
    reason,
  );
}
