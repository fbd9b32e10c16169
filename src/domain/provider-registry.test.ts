import { describe, expect, it } from 'vitest';
import { applyDecision, emptyState, type EngineState } from './engine.ts';
import { budgetsToJson, type Decision } from './decisions.ts';
import { Refusal } from './errors.ts';
import { providerByAgb, register } from './provider-registry.ts';
import { smallPlan, smallRegion } from '../../test/fixtures/small-region.ts';

function run(decisions: readonly Decision[]): EngineState {
  let state = emptyState(smallRegion);
  decisions.forEach((d, i) => (state = applyDecision(state, smallRegion, d, i + 1).state));
  return state;
}

const withAgb = (year = 2028) => {
  const plan = smallPlan(year);
  return { ...plan, providers: plan.providers.map((p, i) => ({ ...p, agb: `9900000${i + 1}` })) };
};

describe('the provider registry', () => {
  it('registers the providers of an allocation with their name and AGB code', () => {
    const state = run([{ kind: 'budget.import', source: 't', budgets: budgetsToJson(smallRegion.budgets) }, { kind: 'allocation', plan: withAgb() }]);
    expect(state.providers['P1']).toMatchObject({ code: 'P1', name: 'Aanbieder Een', agbCodes: ['99000001'], seq: 2 });
    expect(providerByAgb(state.providers).get('99000003')!.code).toBe('P3');
  });

  it('keeps a provider\'s AGB codes when a plan adds one, and lets a registration replace them', () => {
    let registry = register({}, [{ code: 'P1', name: 'Een', agbCodes: ['11111111', '22222222'] }], 1);
    registry = register(registry, [{ code: 'P1', name: 'Een BV' }], 2);
    expect(registry['P1']).toMatchObject({ name: 'Een BV', agbCodes: ['11111111', '22222222'] });
    registry = register(registry, [{ code: 'P1', name: 'Een BV', agbCodes: ['33333333'] }], 3);
    expect(registry['P1']!.agbCodes).toEqual(['33333333']);
  });

  it('refuses an AGB code of another provider, a bad AGB code or code, a provider twice, a provider without name', () => {
    const registry = register({}, [{ code: 'P1', name: 'Een', agbCodes: ['11111111'] }], 1);
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        if (e instanceof Refusal) return e.code;
        throw e;
      }
      return 'accepted';
    };
    expect(code(() => register(registry, [{ code: 'P2', name: 'Twee', agbCodes: ['11111111'] }], 2))).toBe('AGB_CODE_TAKEN');
    expect(code(() => register(registry, [{ code: 'P2', name: 'Twee', agbCodes: ['1234'] }], 2))).toBe('AGB_CODE_INVALID');
    expect(code(() => register(registry, [{ code: 'P 2', name: 'Twee' }], 2))).toBe('PROVIDER_CODE_INVALID');
    expect(code(() => register(registry, [{ code: 'P2', name: 'A' }, { code: 'P2', name: 'B' }], 2))).toBe('PROVIDER_TWICE');
    expect(code(() => register(registry, [{ code: 'P2', name: ' ' }], 2))).toBe('PROVIDER_NAME_MISSING');
  });
});
