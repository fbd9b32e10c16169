// The web's download links (web/src/exports.ts) carry exactly what the table on screen shows: its
// period (every period of a trend) or year, its breakdown, and each filter the table applies to its
// rows — a filter the table leaves out is said on the page (plan.ignored), never silently in or out
// of the file. The parameters are ones the export routes take (src/api/routes/exports.ts).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { planTable, trendPeriods, periodOptions, type Filters } from '../web/src/filters.ts';
import { exportHref, moneyExport, monitorExport, timelinessExport, trendExport } from '../web/src/exports.ts';
import { ROLE_OFFERS } from '../web/src/roles.ts';
import { ROLES } from '../src/domain/access/viewer.ts';
import { expandPeriods, ROW_FILTERS } from '../src/api/routes/exports.ts';
import { MAX_TEXT_PARAMETER } from '../src/api/limits.ts';

const DIMS = ['theme', 'provider', 'municipality', 'area', 'care_form'] as const;
const filters = fc.record(
  { period: fc.constantFrom('2028', '2028-H1', '2028-Q2'), theme: fc.constantFrom('A', 'A+B'), provider: fc.constantFrom('DEMO01', 'DEMO02'), municipality: fc.constantFrom('0363', '0384'), area: fc.constantFrom('noord', 'duo'), care_form: fc.constantFrom('32', '45') },
  { requiredKeys: ['period'] },
) as fc.Arbitrary<Filters>;
const areaMunicipality = (a: string) => (a === 'noord' ? '0363' : undefined);

/** The link's path and parameters (format aside). */
function linkOf(href: string): { path: string; params: Record<string, string> } {
  const url = new URL(href, 'http://localhost');
  const params = Object.fromEntries(url.searchParams);
  expect(params.format).toBe('csv');
  delete params.format;
  return { path: url.pathname, params };
}

describe('download links', () => {
  it("carry a monitor table's period, breakdown and every filter it applies, and no other", () => {
    fc.assert(
      fc.property(fc.constantFrom(...ROLES), filters, fc.constantFrom('reach', 'waiting') as fc.Arbitrary<'reach' | 'waiting'>, (role, f, table) => {
        const offer = ROLE_OFFERS[role];
        const plan = planTable(role, f, null, areaMunicipality);
        const { path, params } = linkOf(exportHref(monitorExport(table, f.period, plan), 'csv'));
        expect(path).toBe(`/api/export/${table}`);
        const { period, by, ...rowFilters } = params;
        expect([period, by]).toEqual([f.period, plan.by]);
        // exactly the rows the table keeps, each on a dimension of its breakdown (else the server refuses)
        expect(rowFilters).toEqual(plan.keep);
        for (const d of Object.keys(rowFilters)) {
          expect(ROW_FILTERS).toContain(d);
          expect(by!.split(',')).toContain(d);
        }
        // each filter of the address: in the link, or said on the page not to apply to this table
        for (const d of DIMS) {
          if (f[d] === undefined || d === offer.column) continue;
          const impliedByArea = d === 'municipality' && role === 'region' && f.area !== undefined && areaMunicipality(f.area) === f.municipality;
          expect(rowFilters[d] === f[d] || plan.ignored.includes(d) || impliedByArea, `${role} ${d}`).toBe(true);
        }
      }),
    );
  });

  it('carry the filters of the address to the table: a municipality filter on the region\'s reach', () => {
    const f: Filters = { period: '2028-H1', theme: 'A', municipality: '0363' };
    const plan = planTable('region', f, null, areaMunicipality);
    expect(exportHref(monitorExport('reach', f.period, plan), 'xlsx')).toBe('/api/export/reach?period=2028-H1&by=theme%2Cmunicipality%2Cprovider&theme=A&municipality=0363&format=xlsx');
  });

  it("carry every period of a trend, not only the last", () => {
    const options = periodOptions(ROLE_OFFERS.region, '2028-08-15', 2028);
    const periods = trendPeriods('region', '2028', options).map((p) => p.value);
    expect(periods).toEqual(['2028-01', '2028-02', '2028-03', '2028-04', '2028-05', '2028-06', '2028-07', '2028-08']);
    const { path, params } = linkOf(exportHref(trendExport(periods, { by: 'theme,provider', keep: { theme: 'A', provider: 'DEMO01' } }), 'csv'));
    expect(path).toBe('/api/export/trend');
    expect(params).toEqual({ periods: '2028-01..2028-08', by: 'theme,provider', theme: 'A', provider: 'DEMO01' });
    // the server reads the link's periods as exactly the trend's, for every role and data day
    fc.assert(
      fc.property(fc.constantFrom(...ROLES), fc.integer({ min: Date.UTC(2028, 0, 1), max: Date.UTC(2029, 11, 31) }), fc.constantFrom('2028', '2029'), (role, t, year) => {
        const options = periodOptions(ROLE_OFFERS[role], new Date(t).toISOString().slice(0, 10), 2028);
        const trend = trendPeriods(role, year, options).map((p) => p.value);
        if (trend.length === 0) return;
        const link = linkOf(exportHref(trendExport(trend, { by: 'total', keep: {} }), 'csv')).params.periods!;
        expect(link.length).toBeLessThanOrEqual(MAX_TEXT_PARAMETER);
        expect(expandPeriods(link)).toEqual(trend);
      }),
    );
    const council = trendPeriods('council', '2028', periodOptions(ROLE_OFFERS.council, '2028-12-29', 2028)).map((p) => p.value);
    expect(linkOf(exportHref(trendExport(council, { by: 'municipality', keep: {} }), 'csv')).params.periods).toBe('2028-H1..2028-H2');
  });

  it('name a trend\'s periods as the server expands them', () => {
    expect(expandPeriods('2028-11..2029-02')).toEqual(['2028-11', '2028-12', '2029-01', '2029-02']);
    expect(expandPeriods('2028-Q3..2029-Q1,2029-H2')).toEqual(['2028-Q3', '2028-Q4', '2029-Q1', '2029-H2']);
    expect(expandPeriods('2028')).toEqual(['2028']);
    for (const bad of ['2028-01..2028-Q2', '2028-05..2028-02', '2028-01..2029-01', '2028-01..', ',2028-01', '2028-01..2028-02..2028-03']) expect(() => expandPeriods(bad), bad).toThrow(/periods=/);
  });

  it('carry the timeliness filter of the breakdown, and the money filters of the page', () => {
    const f: Filters = { period: '2028-Q1', provider: 'DEMO01', municipality: '0363', theme: 'A+B' };
    expect(linkOf(exportHref(timelinessExport('2028-Q1', 'provider', f), 'csv')).params).toEqual({ period: '2028-Q1', by: 'provider', provider: 'DEMO01' });
    expect(linkOf(exportHref(timelinessExport('2028-Q1', 'municipality', f), 'csv')).params).toEqual({ period: '2028-Q1', by: 'municipality', municipality: '0363' });
    expect(linkOf(exportHref(timelinessExport('2028-Q1', 'total', f), 'csv')).params).toEqual({ period: '2028-Q1', by: 'total' });
    expect(linkOf(exportHref(moneyExport('lumpsums', 2028, f), 'csv')).params).toEqual({ year: '2028', provider: 'DEMO01', municipality: '0363', theme: 'A+B' });
    // the payment schedule has no themes; a provider's own page asks for its provider
    expect(linkOf(exportHref(moneyExport('payments', 2028, f, 'DEMO02'), 'csv')).params).toEqual({ year: '2028', provider: 'DEMO02', municipality: '0363' });
    // the budget table: every municipality, with the contributions to the filtered provider and themes
    expect(linkOf(exportHref(moneyExport('budgets', 2028, f), 'csv')).params).toEqual({ year: '2028', provider: 'DEMO01', theme: 'A+B' });
    expect(linkOf(exportHref(moneyExport('lumpsums', 2028, { period: '2028' }), 'csv')).params).toEqual({ year: '2028' });
  });
});
