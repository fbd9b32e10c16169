// File-based use cases: a budget table and the year-end cost reports. Both are all or nothing: the
// whole file is read and checked first, and a file with any problem records nothing. The CLI and
// the web (POST /api/imports/budget, POST /api/decisions/settlement) run the same use cases, as the
// viewer that asks (the CLI as the operator), and both are in the audit log.
import { basename } from 'node:path';
import { readTableFile, TableFileError } from '../config/table-file.ts';
import { assertMay } from '../domain/access/policy.ts';
import type { Viewer } from '../domain/access/viewer.ts';
import { budgetImport } from '../domain/budget-import.ts';
import { costImport } from '../domain/cost-import.ts';
import { budgetsToJson, type SettlementDecision } from '../domain/decisions.ts';
import { Refusal } from '../domain/errors.ts';
import { tableRefusal, type TableImport, type TablePlace } from '../domain/table-import.ts';
import { audit } from './accounts.ts';
import type { Progress } from './jobs.ts';
import type { Workspace } from './workspace.ts';

type Action = 'imported' | 'settled' | 'submitted';

/** Reads a table file into an import and gives its value, or refuses with every problem of the file. */
export async function readImport<T>(path: string, make: (place: TablePlace) => TableImport<T>, action: Action, onRow?: (row: number) => void): Promise<{ place: TablePlace; value: T }> {
  let place: TablePlace | undefined;
  let table: TableImport<T>;
  try {
    table = await readTableFile(path, (p) => {
      place = p;
      const t = make(p);
      return onRow ? { add: (row, cells) => (onRow(row), t.add(row, cells)), finish: () => t.finish() } : t;
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

/** Steps of a budget import, as a job shows them: read and check the file, record it. */
export const BUDGET_IMPORT_STEPS = 2;

/**
 * Imports a budget table (CSV or XLSX) as the viewer: refused unless its role records decisions;
 * recorded as one ledger entry with the viewer as actor, or refused with every problem of the file.
 * In the audit log as 'import' or 'import-refused'.
 */
export async function importBudgetFile(viewer: Viewer, ws: Workspace, path: string, reason: string, progress?: Progress) {
  assertMay(viewer, 'decision.record');
  let file = basename(path);
  try {
    progress?.step(0, 'bestand lezen en controleren');
    // The years already adopted, so that the file cannot leave a hole against them.
    const storedYears = (await ws.engine.state()).budgets.map((b) => ({ municipality: b.municipality, year: b.year }));
    const onRow = progress ? (row: number) => void (row % 500 === 0 && progress.say(`bestand lezen en controleren: rij ${row.toLocaleString('nl-NL')}`)) : undefined;
    const { place, value } = await readImport(path, (p) => ((file = p.file), budgetImport(p, { municipalities: ws.region.municipalities, storedYears })), 'imported', onRow);
    progress?.step(1, 'vastleggen in het besluitenlogboek');
    const r = await ws.engine.record({ kind: 'budget.import', source: place.file, budgets: budgetsToJson(value) }, reason, viewer.login);
    await audit(ws, viewer, 'import', { kind: 'budget', file: place.file, seq: r.seq, years: r.result.years });
    return r;
  } catch (e) {
    if (e instanceof Refusal) await audit(ws, viewer, 'import-refused', { kind: 'budget', file, code: e.code, problems: e.problems.length });
    throw e;
  }
}

/**
 * The settlement decision of a year from the providers' cost reports (a CSV or XLSX file), checked
 * against the year's providers; recorded by settleYear (decisions.ts).
 */
export async function settlementFromFile(ws: Workspace, year: number, path: string, thresholdPct?: string): Promise<SettlementDecision> {
  const state = await ws.engine.state();
  const y = state.years[year];
  if (!y) throw new Refusal('YEAR_NOT_ALLOCATED', { year });
  const threshold = thresholdPct ?? ws.region.settlementPolicy.deviationThresholdPct;
  if (!/^\d+(\.\d+)?$/.test(threshold)) throw new Refusal('THRESHOLD_INVALID', { text: threshold });
  const providers = y.plan.providers.map((p) => p.code);
  const { value: costs } = await readImport(path, (p) => costImport(p, { year, municipalities: ws.region.municipalities, providers }), 'settled');
  return {
    kind: 'settlement',
    year,
    thresholdPct: threshold,
    costs: costs.map((c) => ({ provider: c.provider, municipality: c.municipality, costCents: c.costCents.toString() })),
    source: { kind: 'file', file: basename(path) },
  };
}
