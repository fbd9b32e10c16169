// A workspace is one region's database: opened from the settings, with its region configuration and
// money engine. Every CLI command and API handler goes through here.
import { fileURLToPath } from 'node:url';
import type { Settings } from '../config/settings.ts';
import { loadRegionFile, loadShippedRegion } from '../config/region-file.ts';
import { readPlanFile } from '../config/plan-file.ts';
import { budgetsToJson } from '../domain/decisions.ts';
import { applyDecision, emptyState } from '../domain/engine.ts';
import { planOf, type TenderDecision } from '../domain/tender-record.ts';
import type { AllocationPlan } from '../domain/allocation-rules.ts';
import { demoTenderSteps } from './demo-tender.ts';
import { regionBudget } from '../domain/budget-rules.ts';
import type { Region } from '../domain/region.ts';
import { migrate, openStore, type DatabaseTarget, type Store, type StoreOptions } from '../store/database.ts';
import { MoneyEngine, systemClock, type Clock } from './money-engine.ts';
import { Refusal } from '../domain/errors.ts';
import { readRulesVersions, recordRulesVersion } from '../store/ledger-repository.ts';
import { insertRegion, readRegionConfig } from '../store/region-repository.ts';

export interface Workspace {
  readonly store: Store;
  readonly region: Region;
  readonly engine: MoneyEngine;
  close(): Promise<void>;
}

export function targetOf(settings: Settings): DatabaseTarget {
  return settings.databaseUrl ? { url: settings.databaseUrl, schema: settings.databaseSchema } : { dataDir: settings.dataDir };
}

function regionToJson(region: Region): string {
  // Adopted budgets live in the ledger (a budget.import entry), not in the stored configuration.
  return JSON.stringify({ ...region, budgets: [] });
}

export async function loadStoredRegion(store: Store): Promise<Region | undefined> {
  const config = await readRegionConfig(store.db);
  return config ? (Object.freeze(config) as Region) : undefined;
}

export async function openWorkspace(target: DatabaseTarget, actor: string, clock: Clock = systemClock, options: StoreOptions = {}): Promise<Workspace> {
  const store = await openStore(target, options);
  try {
    await migrate(store);
    const region = await loadStoredRegion(store);
    if (!region) throw new Refusal('WORKSPACE_NO_REGION');
    const rules = await readRulesVersions(store.db);
    return { store, region, engine: new MoneyEngine(store, region, clock, actor, rules.length > 0 ? rules : undefined), close: () => store.close() };
  } catch (e) {
    await store.close();
    throw e;
  }
}

export interface InitOptions {
  readonly regionId?: string;
  readonly regionFile?: string;
  readonly demo?: boolean;
}

export const DEMO_REGION = 'amsterdam-amstelland';
export const DEMO_PLAN_FILE = fileURLToPath(new URL('../../examples/allocation-plan-2028.yaml', import.meta.url));

/** Creates the schema and the region; records the region file's adopted budgets, and with demo the demo allocation. */
export async function initWorkspace(target: DatabaseTarget, actor: string, options: InitOptions, clock: Clock = systemClock): Promise<{ region: Region; seqs: number[] }> {
  const region = options.regionFile ? await loadRegionFile(options.regionFile) : await loadShippedRegion(options.regionId ?? '');
  if (options.demo && region.id !== DEMO_REGION) {
    throw new Refusal('DEMO_REGION_ONLY', { region: region.id, demoRegion: DEMO_REGION });
  }
  // Check the region's own budgets (and the demo plan) by applying them in memory first, so a
  // refusal leaves no half-made database behind.
  const budgetDecision = { kind: 'budget.import', source: options.regionFile ?? `regions/${region.id}.yaml`, budgets: budgetsToJson(region.budgets) } as const;
  let dryRun = emptyState(region);
  if (region.budgets.length > 0) {
    dryRun = applyDecision(dryRun, region, budgetDecision, 1).state;
    for (const year of new Set(region.budgets.map((b) => b.year))) regionBudget(dryRun.budgets, region.budgetPolicy, region.municipalities.map((m) => m.code), year);
  }
  // The demo: the tender's steps, then the allocation of 2028 by the plan of its accepted distribution.
  const tenderSteps = options.demo ? await demoTenderSteps(region) : [];
  const tenderDecisions: { decision: TenderDecision; reason: string }[] = [];
  let seq = region.budgets.length > 0 ? 1 : 0;
  for (const step of tenderSteps) {
    const decision = await step.make(Object.values(dryRun.tenders)[0]);
    dryRun = applyDecision(dryRun, region, decision, ++seq).state;
    tenderDecisions.push({ decision, reason: step.reason });
  }
  let plan: AllocationPlan | undefined;
  if (options.demo) {
    const tender = Object.values(dryRun.tenders)[0]!;
    plan = planOf(tender, 2028);
    // The tender's plan is the example plan, share for share: the demo's outcome is the allocation users read about.
    const example = await readPlanFile(DEMO_PLAN_FILE);
    const shares = (p: AllocationPlan) => JSON.stringify(p.providers.map((x) => [x.code, x.themes.map((t) => [t.theme, Number(t.sharePct)])]));
    if (shares(example) !== shares(plan)) throw new Error('the demo tender does not give the example allocation plan (examples/allocation-plan-2028.yaml)');
    applyDecision(dryRun, region, { kind: 'allocation', plan }, ++seq);
  }

  const store = await openStore(target);
  try {
    await migrate(store);
    const existing = await loadStoredRegion(store);
    if (existing) {
      throw new Refusal('WORKSPACE_REGION_EXISTS', { region: existing.id });
    }
    await insertRegion(store.db, { id: region.id, name: region.name, configJson: regionToJson(region) });
    const stored = (await loadStoredRegion(store))!;
    await recordRulesVersion(store.db, 1, stored);
    const engine = new MoneyEngine(store, stored, clock, actor, [{ version: 1, region: stored }]);
    const seqs: number[] = [];
    if (region.budgets.length > 0) {
      const r = await engine.record(budgetDecision, 'adopted budgets from the region configuration');
      seqs.push(r.seq);
    }
    for (const { decision, reason } of tenderDecisions) seqs.push((await engine.record(decision, reason)).seq);
    if (plan) {
      const r = await engine.record({ kind: 'allocation', plan }, 'demo allocation of the 2028 budget: the accepted distribution of the demo tender (fictional providers)');
      seqs.push(r.seq);
    }
    return { region: stored, seqs };
  } finally {
    await store.close();
  }
}
