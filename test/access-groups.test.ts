// Theme groups others see [issue 13; docs/access.md "Groups drawn from too few providers"]: no theme
// row may be one provider's figures, nor — next to a provider's own — one other provider's.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { disclosedThemes, MIN_PROVIDERS_PER_GROUP, OTHER_THEMES } from '../src/domain/access/scope.ts';
import { periodClosed } from '../src/domain/data-coverage.ts';

describe('disclosed theme groups', () => {
  it('merges every theme combination of fewer than 3 providers, and keeps the merged group itself at 3 or more', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('A', 'B', 'C', 'A+B', 'A+C', 'B+C+D'), fc.integer({ min: 1, max: 2 })), { minLength: 1, maxLength: 20 }), (providers) => {
        const themes = new Map<string, string>();
        const providerOfAgb = new Map<string, string>();
        providers.forEach(([theme, agbCount], i) => {
          for (let a = 0; a < agbCount; a++) {
            themes.set(`agb${i}-${a}`, theme);
            providerOfAgb.set(`agb${i}-${a}`, `P${i}`);
          }
        });
        const shown = disclosedThemes(themes, providerOfAgb);
        const providersOf = new Map<string, Set<string>>();
        for (const [agb, label] of shown) providersOf.set(label, (providersOf.get(label) ?? new Set()).add(providerOfAgb.get(agb)!));
        for (const [label, ps] of providersOf) {
          // a provider with several AGB codes counts once
          if (providers.length >= MIN_PROVIDERS_PER_GROUP) expect(ps.size, label).toBeGreaterThanOrEqual(MIN_PROVIDERS_PER_GROUP);
          else expect([...providersOf.keys()]).toEqual([OTHER_THEMES]);
        }
        // a combination of 3 or more providers is kept as it is, unless OVERIG needed it
        for (const [agb, theme] of themes) if (shown.get(agb) !== OTHER_THEMES) expect(shown.get(agb)).toBe(theme);
      }),
      { numRuns: 300 },
    );
  });

  it('merges the smallest remaining combination while the merged group has only one or two providers', () => {
    const themes = new Map([
      ['a1', 'A'], ['a2', 'A'], ['a3', 'A'], ['a4', 'A'],
      ['b1', 'B'], ['b2', 'B'], ['b3', 'B'],
      ['c1', 'A+C'],
    ]);
    const providerOf = new Map([...themes.keys()].map((k) => [k, k.toUpperCase()]));
    const shown = disclosedThemes(themes, providerOf);
    // A+C alone (1 provider) is merged; OVERIG with 1 provider takes B (3, the smallest), giving 4
    expect(shown.get('c1')).toBe(OTHER_THEMES);
    expect(shown.get('b1')).toBe(OTHER_THEMES);
    expect(shown.get('a1')).toBe('A');
  });
});

describe('closed periods', () => {
  it('are over in the data up to their last working day', () => {
    const q4 = { from: '2028-10-01', to: '2028-12-31' };
    // 30 and 31 December 2028 are a Saturday and a Sunday
    expect(periodClosed(q4, '2028-12-29')).toBe(true);
    expect(periodClosed(q4, '2028-12-28')).toBe(false);
    expect(periodClosed(q4, null)).toBe(false);
    // 31 March 2028 is a Friday: the day itself
    expect(periodClosed({ from: '2028-01-01', to: '2028-03-31' }, '2028-03-30')).toBe(false);
    expect(periodClosed({ from: '2028-01-01', to: '2028-03-31' }, '2028-03-31')).toBe(true);
    // a year ending on Christmas and a weekend: 2027-12-31 is a Friday
    expect(periodClosed({ from: '2027-01-01', to: '2027-12-31' }, '2027-12-30')).toBe(false);
  });
});
