// The web application's rules for what it asks (web/src/filters.ts) and how it reads amounts people
// type (web/src/format.ts): the periods offered are the ones the server publishes, a table never
// asks more dimensions than the role may combine, amounts in euros become exact cents.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { periodClosed as webPeriodClosed, periodOptions, periodsOfYear, planTable, type Filters } from '../web/src/filters.ts';
import { ROLE_OFFERS } from '../web/src/roles.ts';
import { centsFromEuros, euros } from '../web/src/format.ts';
import { periodClosed } from '../src/domain/data-coverage.ts';
import { parsePeriod } from '../src/domain/period.ts';
import { ROLES } from '../src/domain/access/viewer.ts';

const day = fc.integer({ min: Date.UTC(2027, 0, 1), max: Date.UTC(2030, 11, 31) }).map((t) => new Date(t).toISOString().slice(0, 10));

describe('periods', () => {
  it('calls a quarter, half year or year closed exactly when the server does (its last working day)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2027, max: 2030 }), day, (year, dataUpTo) => {
        for (const p of periodsOfYear(year, ['quarter', 'half', 'year'])) {
          expect(webPeriodClosed(p, dataUpTo), `${p.value} up to ${dataUpTo}`).toBe(periodClosed(parsePeriod(p.value), dataUpTo));
        }
      }),
    );
  });

  it('names each period as the server reads it', () => {
    for (const p of periodsOfYear(2028, ['month', 'quarter', 'half', 'year'])) expect(parsePeriod(p.value)).toEqual({ from: p.from, to: p.to });
  });

  it('offers others than the region only closed periods of their kinds, the region any period the data reach', () => {
    const council = periodOptions(ROLE_OFFERS.council, '2028-12-29', 2028).map((p) => p.value);
    expect(council).toEqual(['2028', '2028-H1', '2028-H2']);
    const municipality = periodOptions(ROLE_OFFERS.municipality, '2028-08-15', 2028).map((p) => p.value);
    expect(municipality).toEqual(['2028-H1', '2028-Q1', '2028-Q2']);
    const region = periodOptions(ROLE_OFFERS.region, '2028-08-15', 2028).map((p) => p.value);
    expect(region).toContain('2028');
    expect(region).toContain('2028-08');
    expect(region).not.toContain('2028-09');
  });
});

describe('what a table asks for', () => {
  const filters = fc.record(
    { period: fc.constant('2028'), theme: fc.constantFrom('A', 'A+B'), provider: fc.constantFrom('DEMO01'), municipality: fc.constantFrom('0363', '0384'), area: fc.constantFrom('noord', 'duo'), care_form: fc.constantFrom('32') },
    { requiredKeys: ['period'] },
  ) as fc.Arbitrary<Filters>;
  it('never combines more dimensions than the role may, and a scoped role always its own column', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ROLES), filters, (role, f) => {
        const offer = ROLE_OFFERS[role];
        const plan = planTable(role, f, null, (a) => (a === 'noord' ? '0363' : undefined));
        const by = plan.by.split(',');
        expect(by.length).toBeLessThanOrEqual(offer.maxDimensions);
        expect(new Set(by).size).toBe(by.length);
        if (offer.column !== null) {
          expect(by[0]).toBe(offer.column);
          for (const d of by.slice(1)) expect(offer.breakdowns).toContain(d);
        }
        // every filter is either applied to the rows or said to be left out
        for (const d of ['theme', 'provider', 'municipality', 'area', 'care_form'] as const) {
          if (f[d] === undefined || d === offer.column) continue;
          const applied = plan.keep[d] === f[d] || (d === 'municipality' && f.area === 'noord' && f.municipality === '0363' && role === 'region');
          expect(applied || plan.ignored.includes(d), `${role} ${d}`).toBe(true);
        }
      }),
    );
  });

  it('drills down region → theme → provider → municipality → area', () => {
    expect(planTable('region', { period: '2028' }).by).toBe('theme');
    expect(planTable('region', { period: '2028', theme: 'A' }).by).toBe('theme,provider');
    expect(planTable('region', { period: '2028', theme: 'A', provider: 'DEMO01' }).by).toBe('theme,provider,municipality');
    expect(planTable('region', { period: '2028', theme: 'A', provider: 'DEMO01', municipality: '0363' }, null, () => undefined).display).toBe('area');
  });
});

describe('amounts typed in euros', () => {
  it('are exact cents, in Dutch notation, and round-trip through the display', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 13n), max: 10n ** 13n }), (cents) => {
        const shown = euros(cents).replace('−', '-');
        expect(centsFromEuros(shown)).toBe(cents.toString());
      }),
    );
    expect(centsFromEuros('2.500')).toBe('250000');
    expect(centsFromEuros('1234,5')).toBe('123450');
    expect(centsFromEuros('-3000')).toBe('-300000');
    for (const bad of ['1,234.56', '12.34', '1,234', '1e5', '', '€', '0,125']) expect(centsFromEuros(bad), bad).toBeNull();
  });
});
