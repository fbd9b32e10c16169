// File-based use cases: a budget table and the year-end cost reports. Both are all or nothing: the
// whole file is read and checked first, and a file with any problem records nothing.
import { readTableFile, TableFileError } from '../config/table-file.ts';
import { budgetImport } from '../domain/budget-import.ts';
import { costImport } from '../domain/cost-import.ts';
import { budgetsToJson } from '../domain/decisions.ts';
import { Refusal } from '../domain/errors.ts';
import { tableRefusal, type TableImport, type TablePlace } from '../domain/table-import.ts';
import type { Workspace } from './workspace.ts';

type Action = 'imported' | 'settled';

/** Reads a table file into an import and gives its value, or refuses with every problem of the file. */
async function readImport<T>(path: string, make: (place: TablePlace) => TableImport<T>, action: Action): Promise<{ place: TablePlace; value: T }> {
  let place: TablePlace | undefined;
  let table: TableImport<T>;
  try {
    table = await readTableFile(path, (p) => {
      place = p;
      return make(p);
    });
  } catch (e) {
    // A file that cannot be read as a table is one problem of the file, refused like the others.
    if (e instanceof TableFileError) throw Refusal.withProblems([new Refusal('PROBLEM', e.params, e.where)], 'IMPORT_REFUSED', { file: e.where?.file ?? path, count: 1, action });
    throw e;
  }
  const result = table.finish();
  if (!result.ok) throw tableRefusal(place!, result.problems, result.count, action);
  return { place: place!, value: result.value };
}

export async function importBudgetFile(ws: Workspace, path: string, reason: string) {
  // The years already adopted, so that the file cannot leave a hole against them.
  const storedYears = (await ws.engine.state()).budgets.map((b) => ({ municipality: b.municipality, year: b.year }));
  const { place, value } = await readImport(path, (p) => budgetImport(p, { municipalities: ws.region.municipalities, storedYears }), 'imported');
  return ws.engine.record({ kind: 'budget.import', source: place.file, budgets: budgetsToJson(value) }, reason);
}

export async function settleFromFile(ws: Workspace, year: number, path: string, reason: string, thresholdPct?: string) {
  const state = await ws.engine.state();
  const y = state.years[year];
  if (!y) throw new Refusal('YEAR_NOT_ALLOCATED', { year });
  const threshold = thresholdPct ?? ws.region.settlementPolicy.deviationThresholdPct;
  if (!/^\d+(\.\d+)?$/.test(threshold)) throw new Refusal('THRESHOLD_INVALID', { text: threshold });
  const providers = y.plan.providers.map((p) => p.code);
  const { value: costs } = await readImport(path, (p) => costImport(p, { year, municipalities: ws.region.municipalities, providers }), 'settled');
  return ws.engine.record(
    {
      kind: 'settlement',
      year,
      thresholdPct: threshold,
      costs: costs.map((c) => ({ provider: c.provider, municipality: c.municipality, costCents: c.costCents.toString() })),
    },
    reason,
  );
}
