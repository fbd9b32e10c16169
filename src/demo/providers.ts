// The demo providers of an allocation plan, with the fictional AGB codes the demo traffic uses.
// DEMOnn gets AGB 990000nn (DEMO01 → 99000001 … DEMO20 → 99000020); a code without a number gets
// 99000000 + its position in the plan (from 1). These AGB codes are invented for the demo.

import type { AllocationPlan } from '../domain/allocation-rules.ts';
import type { DemoProvider } from './traffic.ts';

export const DEMO_AGB_BASE = 99_000_000;

/** The fictional AGB code of a demo provider code such as DEMO07 (→ 99000007). */
export function demoAgb(code: string, position: number): string {
  const m = /^DEMO(\d{1,6})$/.exec(code);
  const n = m ? Number(m[1]) : position;
  return String(DEMO_AGB_BASE + n).padStart(8, '0');
}

/**
 * The plan's providers for the traffic generator: themes from the plan, and per theme a weight
 * equal to (theme's share of the total) × (provider's share of the theme), so that a provider's
 * share of the young people follows its share of the money.
 */
export function providersFromPlan(plan: AllocationPlan): DemoProvider[] {
  const themeShare = new Map(plan.themes.map((t) => [t.theme, Number(t.sharePct)]));
  const seen = new Set<string>();
  return plan.providers.map((p, i) => {
    const agb = demoAgb(p.code, i + 1);
    if (seen.has(agb)) throw new RangeError(`two demo providers get AGB code ${agb}`);
    seen.add(agb);
    const themeWeights: Record<string, number> = {};
    for (const t of p.themes) themeWeights[t.theme] = ((themeShare.get(t.theme) ?? 0) * Number(t.sharePct)) / 100;
    return { code: p.code, agb, themes: p.themes.map((t) => t.theme), themeWeights };
  });
}
