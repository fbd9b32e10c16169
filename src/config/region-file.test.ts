import { describe, expect, it } from 'vitest';
import { sum } from '../domain/money.ts';
import { assignmentStartDeadlineDays, type Region } from '../domain/region.ts';
import { validateRegion } from '../domain/region-validation.ts';
import {
  listShippedRegions,
  loadRegionFile,
  loadShippedRegion,
  parseRegionText,
  RegionFileError,
  formatRegionProblem,
  type RegionProblem,
} from './region-file.ts';

// A small but complete region; each refusal below changes one thing in it. Line numbers matter:
// the assertions check that a problem points at the line a person has to fix.
const VALID = `id: test-region
name: Testregio
municipalities:
  - { code: "0363", name: Amsterdam }
  - { code: "0384", name: Diemen }
areas:
  - id: centrum
    name: Centrum
    within: { municipality: "0363", pc4: ["1011", "1012"] }
  - id: oost
    name: Oost
    within: { municipality: "0363", pc4: ["1091", "1092"] }
  - id: diemen
    name: Diemen
    municipalities: ["0384"]
themes:
  - { code: A, name: Thema A }
careForms:
  - { category: "32", name: Ambulant }
  - { category: "35", name: Pleegzorg }
careFormMapping: { "45": "32" }
budgets:
  - { year: 2028, municipality: "0363", lines: [{ line: AJH, amountEur: "1000.05" }, { line: IBO, amountEur: "0,5" }] }
  - { year: 2028, municipality: "0384", lines: [{ line: AJH, amountCents: "50000" }] }
budgetPolicy:
  indexation: { "2029": "2.5" }
settlementPolicy: { deviationThresholdPct: "2" }
upwardReasons:
  - { code: overmacht, description: Overmacht }
`;

/** VALID with one exact piece of text replaced; fails loudly if the piece is not there. */
function variant(find: string, replace: string): string {
  if (!VALID.includes(find)) throw new Error(`test fixture has no ${JSON.stringify(find)}`);
  return VALID.replace(find, replace);
}

/** The problems one per line, as the CLI prints them under the refusal. */
const lines = (e: RegionFileError) => e.regionProblems.map(formatRegionProblem).join('\n');

function refusal(text: string): { error: RegionFileError; problems: readonly RegionProblem[] } {
  try {
    parseRegionText(text, 'test.yaml');
  } catch (e) {
    if (e instanceof RegionFileError) return { error: e, problems: e.regionProblems };
    throw e;
  }
  throw new Error('expected the region file to be refused');
}

function budgetTotal(region: Region, year: number): bigint {
  return sum(region.budgets.filter((b) => b.year === year).flatMap((b) => b.lines.map((l) => l.amountCents)));
}

describe('shipped regions', () => {
  it('lists the shipped regions', async () => {
    expect(await listShippedRegions()).toEqual(['amsterdam-amstelland', 'eemland']);
  });

  it('loads Amsterdam-Amstelland with its six municipalities, eight areas, four themes and seven care forms', async () => {
    const region = await loadShippedRegion('amsterdam-amstelland');
    expect(region.id).toBe('amsterdam-amstelland');
    expect(region.municipalities.map((m) => `${m.code} ${m.name}`)).toEqual([
      '0358 Aalsmeer', '0362 Amstelveen', '0363 Amsterdam', '0384 Diemen', '0437 Ouder-Amstel', '0451 Uithoorn',
    ]);
    expect(region.areas).toHaveLength(8);
    expect(region.areas.filter((a) => a.within?.municipality === '0363')).toHaveLength(6);
    expect(region.areas.find((a) => a.id === 'duo')?.municipalities).toEqual(['0384', '0451', '0437']);
    expect(region.areas.find((a) => a.id === 'amstelveen-aalsmeer')?.municipalities).toEqual(['0362', '0358']);
    expect(region.areas.find((a) => a.id === 'zuidoost-weesp')?.within?.pc4).toEqual(expect.arrayContaining(['1381', '1382', '1383', '1384']));
    // The PC4 table is an example; the region says so wherever the areas are shown.
    for (const area of region.areas.filter((a) => a.within)) expect(area.description).toMatch(/illustratie/);
    expect(region.themes.map((t) => t.code)).toEqual(['A', 'B', 'C', 'D']);
    expect(region.careForms.map((c) => c.category)).toEqual(['32', '33', '34', '35', '36', '37', '38']);
    expect(region.upwardReasons.map((r) => r.code)).toEqual(['begrotingswijziging', 'wijziging-rijksmiddelen', 'overmacht', 'autonome-groei']);
    expect(region.settlementPolicy.deviationThresholdPct).toBe('2');
    expect(Object.values(region.budgetPolicy.indexation).every((p) => p === '0')).toBe(true);
  });

  it('holds the adopted Amsterdam-Amstelland budgets 2028–2030 to the cent', async () => {
    const region = await loadShippedRegion('amsterdam-amstelland');
    expect([...new Set(region.budgets.map((b) => b.year))]).toEqual([2028, 2029, 2030]);
    expect(budgetTotal(region, 2028)).toBe(29601500000n);
    expect(budgetTotal(region, 2029)).toBe(29207000000n);
    expect(budgetTotal(region, 2030)).toBe(29207000000n);
    const amsterdam = (year: number) => region.budgets.find((b) => b.year === year && b.municipality === '0363');
    expect(amsterdam(2028)?.lines).toEqual([{ line: 'AJH', amountCents: 25331500000n }]);
    expect(amsterdam(2029)?.lines).toEqual([{ line: 'AJH', amountCents: 24937000000n }]);
  });

  it('loads Eemland with its seven municipalities, each its own area, and no budgets', async () => {
    const region = await loadShippedRegion('eemland');
    expect(region.municipalities.map((m) => `${m.code} ${m.name}`)).toEqual([
      '0307 Amersfoort', '0308 Baarn', '0313 Bunschoten', '0317 Eemnes', '0327 Leusden', '0342 Soest', '0351 Woudenberg',
    ]);
    expect(region.areas.map((a) => a.municipalities)).toEqual(region.municipalities.map((m) => [m.code]));
    expect(region.themes.length).toBeGreaterThan(0);
    expect(region.careForms).toHaveLength(7);
    expect(region.budgets).toEqual([]);
  });

  it('loads a region file by path', async () => {
    const region = await loadRegionFile(new URL('../../regions/eemland.yaml', import.meta.url));
    expect(region.id).toBe('eemland');
  });

  it('returns a deeply frozen region', async () => {
    const region = await loadShippedRegion('amsterdam-amstelland');
    expect(Object.isFrozen(region)).toBe(true);
    expect(Object.isFrozen(region.areas[0]?.within?.pc4)).toBe(true);
    expect(Object.isFrozen(region.budgets[0]?.lines[0])).toBe(true);
    expect(() => (region.municipalities as Region['municipalities'][number][]).push({ code: '0000', name: 'X' })).toThrow(TypeError);
  });

  it('refuses a region id that could leave the regions folder, and names the shipped regions for an unknown one', async () => {
    await expect(loadShippedRegion('../package')).rejects.toThrow(/is not a region id/);
    await expect(loadShippedRegion('utrecht')).rejects.toThrow('regions/utrecht.yaml: no shipped region "utrecht"; shipped regions: amsterdam-amstelland, eemland');
  });
});

describe('parseRegionText', () => {
  it('accepts the fixture and converts amounts exactly, in euros or in cents', () => {
    const region = parseRegionText(VALID, 'test.yaml');
    expect(region.budgets[0]?.lines).toEqual([{ line: 'AJH', amountCents: 100005n }, { line: 'IBO', amountCents: 50n }]);
    expect(region.budgets[1]?.lines).toEqual([{ line: 'AJH', amountCents: 50000n }]);
    expect(region.careFormMapping).toEqual({ '45': '32' });
    expect(region.budgetPolicy.indexation).toEqual({ '2029': '2.5' });
    expect(region.areas[2]).toEqual({ id: 'diemen', name: 'Diemen', municipalities: ['0384'] });
    expect(region.areas[0]?.municipalities).toEqual([]);
  });

  it('reads the monitor settings, with 30 days as the default for an assignment without a start', async () => {
    expect(assignmentStartDeadlineDays(parseRegionText(VALID, 'test.yaml'))).toBe(30);
    const region = parseRegionText(variant('settlementPolicy:', 'monitorPolicy: { assignmentStartDeadlineDays: 45 }\nsettlementPolicy:'), 'test.yaml');
    expect(assignmentStartDeadlineDays(region)).toBe(45);
    expect(assignmentStartDeadlineDays(await loadShippedRegion('amsterdam-amstelland'))).toBe(30);
    const { problems } = refusal(variant('settlementPolicy:', 'monitorPolicy: { assignmentStartDeadlineDays: -1 }\nsettlementPolicy:'));
    expect(problems[0]).toMatchObject({ file: 'test.yaml', path: 'monitorPolicy.assignmentStartDeadlineDays' });
  });

  it('refuses a duplicate municipality code', () => {
    const { error } = refusal(variant('  - { code: "0384", name: Diemen }\n', '  - { code: "0384", name: Diemen }\n  - { code: "0363", name: Amsterdam-bis }\n'));
    expect(lines(error)).toBe('test.yaml:6: municipalities[2].code: duplicate municipality code "0363" (also at municipalities[0])');
  });

  it('refuses a malformed municipality code', () => {
    const { error, problems } = refusal(variant('code: "0384"', 'code: "384"'));
    expect(lines(error)).toContain('test.yaml:5: municipalities[1].code: "384" is not a CBS municipality code: four digits in quotes, e.g. "0363"');
    expect(problems[0]).toMatchObject({ file: 'test.yaml', line: 5, path: 'municipalities[1].code' });
  });

  it('tells how to write a code that YAML read as a number', () => {
    const { error } = refusal(variant('code: "0384"', 'code: 0384'));
    expect(lines(error)).toContain('test.yaml:5: municipalities[1].code: must be text in quotes: write "0384" (without quotes YAML reads 0384 as the number 384)');
  });

  it('refuses an area with an unknown municipality', () => {
    const { error } = refusal(variant('municipalities: ["0384"]', 'municipalities: ["0384", "0999"]'));
    expect(lines(error)).toBe('test.yaml:15: areas[2].municipalities[1]: unknown municipality "0999": not in municipalities (0363, 0384)');
  });

  it('refuses a postcode in two areas', () => {
    const { error } = refusal(variant('pc4: ["1091", "1092"]', 'pc4: ["1091", "1011"]'));
    expect(lines(error)).toBe(
      'test.yaml:12: areas[1].within.pc4[1]: postcode 1011 of municipality "0363" is already in area "centrum" (areas[0].within.pc4[0]); a postcode may be in one area only',
    );
  });

  it('refuses a malformed postcode', () => {
    const { error } = refusal(variant('pc4: ["1091", "1092"]', 'pc4: ["1091", "0999"]'));
    expect(lines(error)).toBe('test.yaml:12: areas[1].within.pc4[1]: "0999" is not a 4-digit postcode (PC4) from 1000 to 9999, in quotes, e.g. "1011"');
  });

  it('refuses a budget for an unknown municipality', () => {
    const { error } = refusal(variant('municipality: "0384", lines', 'municipality: "0999", lines'));
    expect(lines(error)).toBe('test.yaml:24: budgets[1].municipality: unknown municipality "0999": not in municipalities (0363, 0384)');
  });

  it('refuses a malformed amount', () => {
    const { error } = refusal(variant('amountEur: "1000.05"', 'amountEur: "1.000,05"'));
    expect(lines(error)).toBe(
      'test.yaml:23: budgets[0].lines[0].amountEur: "1.000,05" is not an amount in euros in quotes, at most two decimals and no thousands separators, e.g. "6600000.00"; negative ("-250000.00") for a savings line, as long as the municipality\'s total stays above zero',
    );
  });

  it('refuses a budget whose lines add up to zero or less; a negative savings line alone is allowed (decisions §11)', () => {
    const { error } = refusal(variant('amountEur: "1000.05"', 'amountEur: "-1000.05"'));
    expect(lines(error)).toMatch(/^test\.yaml:23: budgets\[0\]\.lines: the lines add up to zero or less/);
  });

  it('refuses an amount YAML would read as a floating-point number', () => {
    const { error } = refusal(variant('amountEur: "1000.05"', 'amountEur: 1000.05'));
    expect(lines(error)).toContain('test.yaml:23: budgets[0].lines[0].amountEur: must be text in quotes: write "1000.05"');
  });

  it('refuses a budget line with both or neither of amountEur and amountCents', () => {
    expect(lines(refusal(variant('amountCents: "50000"', 'amountCents: "50000", amountEur: "500"')).error))
      .toBe('test.yaml:24: budgets[1].lines[0]: give exactly one of amountEur, amountCents');
    expect(lines(refusal(variant('{ line: AJH, amountCents: "50000" }', '{ line: AJH }')).error))
      .toBe('test.yaml:24: budgets[1].lines[0]: give exactly one of amountEur, amountCents');
  });

  it('refuses two budgets for one municipality and year', () => {
    const { error } = refusal(variant('municipality: "0384", lines', 'municipality: "0363", lines'));
    expect(lines(error)).toContain('test.yaml:24: budgets[1]: second budget for municipality "0363" in 2028 (first at budgets[0])');
  });

  it('refuses a postcode table for a municipality that is also a whole member of an area', () => {
    const { error } = refusal(variant('within: { municipality: "0363", pc4: ["1091", "1092"] }', 'within: { municipality: "0384", pc4: ["1091", "1092"] }'));
    expect(lines(error)).toBe(
      'test.yaml:12: areas[1].within.municipality: municipality "0384" is split by postcode here but is also a whole member of area "diemen" (areas[2].municipalities[0])',
    );
  });

  it('refuses a municipality that belongs to no area', () => {
    const { error } = refusal(variant('municipalities: ["0384"]', 'municipalities: []'));
    expect(lines(error)).toContain('test.yaml:5: municipalities[1].code: municipality "0384" (Diemen) is in no area');
    expect(lines(error)).toContain('test.yaml:13: areas[2]: covers nothing');
  });

  it('refuses a care form mapping onto an unknown care form', () => {
    const { error } = refusal(variant('{ "45": "32" }', '{ "45": "39" }'));
    expect(lines(error)).toBe('test.yaml:21: careFormMapping["45"]: maps onto unknown care form "39": not in careForms (32, 35)');
  });

  it('refuses duplicate theme codes and area ids', () => {
    const themes = refusal(variant('  - { code: A, name: Thema A }\n', '  - { code: A, name: Thema A }\n  - { code: A, name: Nog eens A }\n'));
    expect(lines(themes.error)).toBe('test.yaml:18: themes[1].code: duplicate theme code "A" (also at themes[0].code)');
    const areas = refusal(variant('  - id: oost\n', '  - id: centrum\n'));
    expect(lines(areas.error)).toBe('test.yaml:10: areas[1].id: duplicate area id "centrum" (also at areas[0].id)');
  });

  it('refuses an unknown field, naming the fields allowed there', () => {
    const { error } = refusal(variant('  - id: oost\n', '  - id: oost\n    colour: blue\n'));
    expect(lines(error)).toBe('test.yaml:11: areas[1].colour: unknown field; allowed here: id, name, description, municipalities, within');
  });

  it('lists every schema problem at once, one line each, in file order', () => {
    const { problems, error } = refusal(variant('name: Testregio\n', '').replace('code: "0384"', 'code: "384"').replace('{ "2029": "2.5" }', '{ "2029": 2.5 }'));
    expect(problems.map((p) => p.path)).toEqual(['name', 'municipalities[1].code', 'budgetPolicy.indexation["2029"]']);
    expect(lines(error).split('\n')).toHaveLength(3);
    expect(lines(error).split('\n')[0]).toBe('test.yaml:1: name: is required but missing');
  });

  it('reports YAML syntax errors with their line', () => {
    const { error } = refusal(variant('themes:\n', 'themes: [\n'));
    expect(lines(error)).toMatch(/^test\.yaml:\d+: \S/);
    expect(error.regionProblems.every((p) => p.line !== undefined)).toBe(true);
  });

  it('reports a duplicate key in the YAML', () => {
    const { error } = refusal(variant('name: Testregio\n', 'name: Testregio\nname: Andere naam\n'));
    expect(lines(error)).toBe('test.yaml:3: Map keys must be unique');
  });
});

describe('validateRegion', () => {
  // A Region built in code never passes the schema, so the domain check also guards the formats.
  it('refuses malformed codes in a region built in code', () => {
    const region: Region = {
      id: 'x', name: 'X',
      municipalities: [{ code: '363', name: 'Amsterdam' }],
      areas: [{ id: 'a', name: 'A', municipalities: [], within: { municipality: '363', pc4: ['999'] } }],
      themes: [{ code: 'A', name: 'A' }],
      careForms: [{ category: '32', name: 'Ambulant' }],
      careFormMapping: {},
      budgets: [],
      budgetPolicy: { indexation: {} },
      settlementPolicy: { deviationThresholdPct: '2' },
      upwardReasons: [],
    };
    expect(validateRegion(region)).toEqual(expect.arrayContaining([
      { path: ['municipalities', 0, 'code'], message: expect.stringContaining('is not a CBS municipality code') },
      { path: ['areas', 0, 'within', 'pc4', 0], message: '"999" is not a 4-digit postcode from 1000 to 9999' },
    ]));
  });
});
