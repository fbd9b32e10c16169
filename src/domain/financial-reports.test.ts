// The rules of the providers' financial reports: import refusals, attribution, forecasts, signals
// and key proposals [issue 14].
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { attributeCosts, type CareDays } from './cost-attribution.ts';
import { isLate, reportDeadline, reportWarnings, DEFAULT_REPORT_DEADLINES, DEFAULT_UTILISATION_THRESHOLD, type FinancialReport } from './financial-reports.ts';
import { parseKeyMethod, proposeKeys, type KeyFigures } from './key-proposals.ts';
import { reportImport } from './report-import.ts';
import { feedRows } from './table-import.ts';
import { divideHalfEven, linearForecast, percentOneDecimal, profileForecast, utilisationRow, type SignalRules, type UtilisationInput } from './utilisation.ts';
import type { Area, CareForm } from './region.ts';

const careForms: CareForm[] = [
  { category: '32', name: 'Ambulant' },
  { category: '35', name: 'Pleegzorg' },
  { category: '38', name: 'Overig residentieel' },
];
const areas: Area[] = [
  { id: 'noord', name: 'Noord', municipalities: ['0363'] },
  { id: 'duo', name: 'DUO', municipalities: ['0384', '0437'] },
];
const ctx = { lumpSumProviders: new Map([[2028, ['P01', 'P02']]]), careForms, areas, asOf: '2028-09-20' };

function read(rows: string[][], asOf = ctx.asOf) {
  const t = reportImport({ file: 'r.csv' }, { ...ctx, asOf });
  feedRows(t, rows);
  return t.finish();
}

const HEADER = ['provider', 'year', 'period', 'care_form', 'cost_eur', 'forecast_year_eur', 'young_people', 'explanation', 'area', 'fte'];

describe('report import', () => {
  it('reads a clean report: care form rows and FTE rows, amounts with "," or "."', () => {
    const r = read([
      HEADER,
      ['P01', '2028', 'M8', '32', '1.234,56', '2000', '12', 'rustig jaar', '', ''],
      ['P01', '2028', 'M8', 'Pleegzorg', '100.5', '150,25', '', '', '', ''],
      ['P01', '2028', 'M8', '', '', '', '', '', 'noord', '12,5'],
      ['P01', '2028', 'M8', '', '', '', '', '', 'DUO', '3'],
    ]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.lines).toEqual([
      { careForm: '32', costCents: 123456n, forecastCents: 200000n, youngPeople: 12 },
      { careForm: '35', costCents: 10050n, forecastCents: 15025n },
    ]);
    expect(r.value.fte).toEqual([
      { area: 'noord', fte: '12.5' },
      { area: 'duo', fte: '3' },
    ]);
    expect(r.value.explanation).toBe('rustig jaar');
  });

  it('refuses every problem with row and column, and gives nothing', () => {
    const r = read([
      HEADER,
      ['P01', '2028', 'M8', '32', '-5', '', 'x', '', 'noord', ''],
      ['P01', '2028', 'M4', '33', '10', '10', '', '', '', ''],
      ['P09', '2028', 'M8', '32', '10', '10', '', '', '', ''],
      ['P01', '2028', 'M8', '', '', '', '', '', 'zuid', '1'],
      ['P01', '2028', 'M8', '', '5', '', '', '', 'noord', ''],
    ]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const at = r.problems.map((p) => `${p.where.row}:${p.where.column}`);
    expect(at).toEqual(
      expect.arrayContaining(['2:cost_eur', '2:young_people', '2:area', '3:care_form', '3:period', '4:provider', '5:area', '6:fte', '6:cost_eur']),
    );
    for (const p of r.problems) expect(p.said.nl.length).toBeGreaterThan(10);
  });

  it('requires the forecast in M4 and M8, not in M12', () => {
    const m8 = read([HEADER, ['P01', '2028', 'M8', '32', '10', '', '', '', '', '']]);
    expect(m8.ok).toBe(false);
    if (!m8.ok) expect(m8.problems[0]!.where.column).toBe('forecast_year_eur');
    const m12 = read([HEADER, ['P01', '2028', 'M12', '32', '10', '', '', '', '', '']], '2029-01-10');
    expect(m12.ok).toBe(true);
  });

  it('reads an annual plan (PLAN, JP or jaarplan) before the year: planned spending per care form, no forecast', () => {
    const r = read([HEADER, ['P01', '2028', 'jaarplan', '32', '1.000,00', '', '', '', '', ''], ['P01', '2028', 'JP', '', '', '', '', '', 'noord', '2']], '2027-11-20');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({ period: 'PLAN', lines: [{ careForm: '32', costCents: 100000n }], fte: [{ area: 'noord', fte: '2' }] });
    expect(reportDeadline(2028, 'PLAN', DEFAULT_REPORT_DEADLINES)).toBe('2027-12-01');
    expect(isLate('2027-12-02', 2028, 'PLAN', DEFAULT_REPORT_DEADLINES)).toBe(true);
  });

  it('refuses a report of a period that has not ended, and of a year without a lump sum', () => {
    const early = read([HEADER, ['P01', '2028', 'M8', '32', '10', '20', '', '', '', '']], '2028-08-31');
    expect(early.ok).toBe(false);
    if (!early.ok) expect(early.problems[0]!.said.nl).toContain('loopt tot en met 2028-08-31');
    const noYear = read([HEADER, ['P01', '2029', 'M4', '32', '10', '20', '', '', '', '']], '2029-05-01');
    expect(noYear.ok).toBe(false);
    if (!noYear.ok) expect(noYear.problems[0]!.where.column).toBe('year');
  });

  it('refuses a care form or area given twice, and a file without care form rows', () => {
    const twice = read([HEADER, ['P01', '2028', 'M8', '32', '1', '2', '', '', '', ''], ['P01', '2028', 'M8', 'ambulant', '1', '2', '', '', '', '']]);
    expect(twice.ok).toBe(false);
    if (!twice.ok) expect(twice.problems[0]!.said.nl).toContain('twee keer');
    const none = read([HEADER, ['P01', '2028', 'M8', '', '', '', '', '', 'noord', '1']]);
    expect(none.ok).toBe(false);
  });
});

describe('deadlines and warnings', () => {
  it('puts M12 in the next year and marks a later delivery late', () => {
    expect(reportDeadline(2028, 'M4', DEFAULT_REPORT_DEADLINES)).toBe('2028-06-15');
    expect(reportDeadline(2028, 'M12', DEFAULT_REPORT_DEADLINES)).toBe('2029-03-15');
    expect(isLate('2028-10-15', 2028, 'M8', DEFAULT_REPORT_DEADLINES)).toBe(false);
    expect(isLate('2028-10-16', 2028, 'M8', DEFAULT_REPORT_DEADLINES)).toBe(true);
  });

  it('warns of falling cumulative cost, a forecast below cost, and cost without traffic', () => {
    const m4: FinancialReport = { provider: 'P', year: 2028, period: 'M4', lines: [{ careForm: '32', costCents: 500n, forecastCents: 1500n }], fte: [] };
    const m8: FinancialReport = { provider: 'P', year: 2028, period: 'M8', lines: [{ careForm: '32', costCents: 400n, forecastCents: 300n }, { careForm: '35', costCents: 1n, forecastCents: 3n }], fte: [] };
    const codes = reportWarnings(m8, m4, new Set(['32']), (c) => c).map((w) => `${w.careForm}:${w.code}`);
    expect(codes).toEqual(['32:cost_decreased', '32:forecast_below_cost', '35:cost_without_traffic']);
  });
});

describe('attribution', () => {
  const order = ['0363', '0384', '0437'];
  const areaOrder = ['noord', 'duo'];
  it('splits each care form by days in care, exactly, and names cost without days', () => {
    const days: CareDays[] = [
      { careForm: '32', municipality: '0363', area: 'noord', days: 200, youngPeople: 3 },
      { careForm: '32', municipality: '0384', area: 'duo', days: 100, youngPeople: 1 },
    ];
    const a = attributeCosts([{ careForm: '32', costCents: 1000n }, { careForm: '35', costCents: 7n }], days, order, areaOrder);
    expect(a.careForms[0]!.cells.map((c) => c.costCents)).toEqual([667n, 333n]);
    expect(a.careForms[1]!.unattributed).toBe(true);
    expect(a.unattributedCents).toBe(7n);
    expect(a.municipalities).toEqual([
      { municipality: '0363', costCents: 667n, days: 200 },
      { municipality: '0384', costCents: 333n, days: 100 },
    ]);
  });

  it('property: per care form the attributed cents add up to the reported cost exactly', () => {
    const cell = fc.record({
      careForm: fc.constantFrom('32', '35', '38'),
      municipality: fc.constantFrom(...order),
      area: fc.constantFrom(...areaOrder),
      days: fc.integer({ min: 0, max: 5000 }),
      youngPeople: fc.integer({ min: 0, max: 50 }),
    });
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 20 }), fc.array(fc.bigInt({ min: 0n, max: 10n ** 12n }), { minLength: 3, maxLength: 3 }), (days, costs) => {
        const lines = ['32', '35', '38'].map((careForm, i) => ({ careForm, costCents: costs[i]! }));
        const a = attributeCosts(lines, days, order, areaOrder);
        for (const c of a.careForms) {
          const total = c.cells.reduce((t, x) => t + x.costCents, 0n);
          if (c.unattributed) expect(c.cells).toEqual([]);
          else expect(total).toBe(c.costCents);
        }
        const attributed = a.municipalities.reduce((t, m) => t + m.costCents, 0n);
        expect(attributed + a.unattributedCents).toBe(costs.reduce((t, c) => t + c, 0n));
        expect(a.areas.reduce((t, m) => t + m.costCents, 0n)).toBe(attributed);
      }),
    );
  });
});

describe('forecasts', () => {
  it('rounds half to even', () => {
    expect(divideHalfEven(5n, 2n)).toBe(2n);
    expect(divideHalfEven(7n, 2n)).toBe(4n);
    expect(divideHalfEven(-5n, 2n)).toBe(-2n);
    expect(linearForecast(1001n, 8)).toBe(1502n); // 1501.5 → 1502 (even)
    expect(linearForecast(1003n, 8)).toBe(1504n); // 1504.5 → 1504 (even)
    expect(percentOneDecimal(1n, 8n)).toBe('12.5');
    expect(percentOneDecimal(1n, 3n)).toBe('33.3');
  });

  it('scales by the monthly profile of earlier years', () => {
    expect(profileForecast(500n, [])).toBeUndefined();
    // Earlier: 40% of the year's cost by M8 → 500 / 0.4 = 1250.
    expect(profileForecast(500n, [{ periodCents: 400n, yearCents: 1000n }])).toBe(1250n);
  });

  it('property: forecasts are deterministic and the linear one is within half a cent of cost × 12 ÷ months', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 13n }), fc.constantFrom(4, 8, 12), (cost, months) => {
        const f = linearForecast(cost, months);
        expect(linearForecast(cost, months)).toBe(f);
        const exact2 = cost * 24n; // 2 × cost × 12, compared with 2 × f × months
        const diff = exact2 - 2n * f * BigInt(months);
        expect(diff <= BigInt(months) && diff >= -BigInt(months)).toBe(true);
      }),
    );
  });
});

describe('signals', () => {
  const rules: SignalRules = { deadlines: DEFAULT_REPORT_DEADLINES, utilisationThreshold: DEFAULT_UTILISATION_THRESHOLD, downwardThresholdPct: '5', deviationThresholdPct: '2' };
  const base: UtilisationInput = {
    provider: 'P01',
    year: 2028,
    period: 'M8',
    lumpSumCents: 1_000_000n,
    contributions: [
      { municipality: '0363', amountCents: 900_000n },
      { municipality: '0384', amountCents: 100_000n },
    ],
    history: [],
    asOf: '2028-10-20',
  };
  const report = (cost: bigint, forecast: bigint, late = false) => ({ seq: 9, submittedOn: late ? '2028-10-20' : '2028-10-01', late, lines: [{ careForm: '32', costCents: cost, forecastCents: forecast }] });
  const codes = (i: UtilisationInput) => utilisationRow(i, rules).signals.map((s) => s.code);

  it('forecast at 95% of the lump sum: under_95; above it: over_lump_sum; in between: none', () => {
    expect(codes({ ...base, report: report(600_000n, 950_000n) })).toEqual(['forecast_under_95']);
    expect(codes({ ...base, report: report(600_000n, 950_001n) })).toEqual([]);
    expect(codes({ ...base, report: report(600_000n, 1_000_001n) })).toEqual(['forecast_over_lump_sum']);
  });

  it('utilisation above 75% before October; a late report; a missing one after its deadline only', () => {
    expect(codes({ ...base, report: report(750_001n, 1_000_000n) })).toEqual(['utilisation_threshold']);
    expect(codes({ ...base, period: 'M12', asOf: '2029-01-01', report: report(990_000n, 0n) })).toEqual([]);
    expect(codes({ ...base, report: report(600_000n, 1_000_000n, true) })).toEqual(['late_report']);
    expect(codes({ ...base, asOf: '2028-10-15' })).toEqual([]);
    expect(codes({ ...base, asOf: '2028-10-16' })).toEqual(['missing_report']);
  });

  it('a municipality whose attributed cost share deviates beyond the threshold', () => {
    const r = report(600_000n, 1_000_000n);
    const at = (m0363: bigint) => [
      { municipality: '0363', costCents: m0363 },
      { municipality: '0384', costCents: 600_000n - m0363 },
    ];
    expect(codes({ ...base, report: r, attributed: at(528_000n) })).toEqual([]); // 88% vs 90%: exactly 2 points
    const row = utilisationRow({ ...base, report: r, attributed: at(527_999n) }, rules);
    expect(row.signals.map((s) => [s.code, s.municipality])).toEqual([
      ['cost_share_deviation', '0363'],
      ['cost_share_deviation', '0384'],
    ]);
    expect(row.utilisationPct).toBe('60.0');
    expect(row.proRataUtilisationPct).toBe('90.0');
    expect(row.linearForecastCents).toBe(900_000n);
    expect(row.forecastDifferenceCents).toBe(100_000n);
  });
});

describe('key proposals', () => {
  const figures: KeyFigures = {
    year: 2029,
    basisYear: 2028,
    municipalities: ['0363', '0384', '0437'],
    totalCents: 1_000_000_01n,
    budgets: { '0363': 800_000_00n, '0384': 150_000_00n, '0437': 50_000_01n },
    currentKeys: { '0363': 8n, '0384': 1n, '0437': 1n },
    currentBasis: 'budgets 2029',
    clientsByYear: { 2026: { '0363': 90, '0384': 10 }, 2027: { '0363': 80, '0384': 15, '0437': 5 }, 2028: { '0363': 70, '0384': 20, '0437': 10 } },
    clientsByCareForm: { '32': { '0363': 60, '0384': 20 }, '38': { '0363': 10, '0437': 10 } },
    m12CostByCareForm: { '32': 800_000n, '38': 2_000_000n },
    missingM12: [],
  };

  it('reach-cost weighs young people by the average cost per young person of each care form', () => {
    const p = proposeKeys(parseKeyMethod('reach-cost'), figures);
    // 32: 800000/80 = 10000 per young person; 38: 2000000/20 = 100000.
    expect(p.inputs[0]!.averageCostPerCareForm).toEqual({
      '32': { costCents: '800000', youngPeople: 80, averageCents: '10000' },
      '38': { costCents: '2000000', youngPeople: 20, averageCents: '100000' },
    });
    expect(p.inputs[0]!.perMunicipality).toEqual({ '0363': '1600000', '0384': '200000', '0437': '1000000' });
  });

  it('property: every method and mix splits the budget exactly', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('reach-cost', 'clients-previous-year', 'clients-three-year', 'budget', 'reach-cost=50,budget=50', 'clients-previous-year=1,clients-three-year=2,budget=3'),
        fc.bigInt({ min: 1n, max: 10n ** 14n }),
        (method, total) => {
          const p = proposeKeys(parseKeyMethod(method), { ...figures, totalCents: total });
          expect(p.rows.reduce((t, r) => t + r.proposedCents, 0n)).toBe(total);
          expect(p.rows.reduce((t, r) => t + r.currentCents, 0n)).toBe(total);
          expect(p.rows.reduce((t, r) => t + r.differenceCents, 0n)).toBe(0n);
        },
      ),
    );
  });

  it('a 50/50 mix lies between its two methods', () => {
    const a = proposeKeys(parseKeyMethod('clients-previous-year'), figures).rows.map((r) => r.proposedCents);
    const b = proposeKeys(parseKeyMethod('budget'), figures).rows.map((r) => r.proposedCents);
    const mix = proposeKeys(parseKeyMethod('clients-previous-year=50,budget=50'), figures).rows.map((r) => r.proposedCents);
    mix.forEach((m, i) => {
      const expected = (a[i]! + b[i]!) / 2n;
      expect(m - expected <= 1n && expected - m <= 1n).toBe(true);
    });
  });

  it('refuses an unknown method and a method with nothing to weigh', () => {
    expect(() => parseKeyMethod('population')).toThrow(/not a key method/);
    expect(() => parseKeyMethod('budget=0')).toThrow(/not a key method/);
    expect(() => proposeKeys(parseKeyMethod('clients-previous-year'), { ...figures, basisYear: 2020 })).toThrow(/nothing to weigh/);
  });
});

describe('true-up between municipalities', () => {
  it('property: the true-ups sum to zero and every target follows the attributed cost', async () => {
    const { trueUp } = await import('./true-up.ts');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.bigInt({ min: 0n, max: 10n ** 12n })), { minLength: 1, maxLength: 8 }), (pairs) => {
        const contributions = pairs.map(([c], i) => ({ municipality: String(i).padStart(4, '0'), amountCents: c }));
        const costs = pairs.map(([, k], i) => ({ municipality: String(i).padStart(4, '0'), costCents: k }));
        const lines = trueUp(contributions, costs);
        expect(lines.reduce((t, l) => t + l.trueUpCents, 0n)).toBe(0n);
        expect(lines.reduce((t, l) => t + l.targetCents, 0n)).toBe(contributions.reduce((t, c) => t + c.amountCents, 0n));
      }),
    );
  });
});
