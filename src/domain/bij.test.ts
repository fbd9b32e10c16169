// The CBS delivery as a second source [issue 15]: import refusals, the record and merge rules, the
// mapping between the sources, coverage and outcome indicators on hand-made cases, window edges.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHmac } from 'node:crypto';
import {
  bijDeadline,
  bijMapping,
  BIJ_GENDER_TO_IJW,
  currentBijPeriod,
  DEFAULT_CATEGORY_TO_CARE_FORM,
  DEFAULT_STOP_REASON_TO_END_REASON,
  endReasonOfStop,
  IJW_GENDER_TO_BIJ,
  mergeRecords,
  parseBijPeriod,
  type BijRow,
} from './bij.ts';
import { bijImport } from './bij-import.ts';
import { feedRows } from './table-import.ts';
import { addMonths, combinedReach, coverage, datesDisagree, mirror, type CoverageRecord, type CoverageTrajectory } from './source-coverage.ts';
import { hasNewStart, meanOneDecimal, outcomes, type EndedTrajectory } from './outcomes.ts';

const pseudonym = (s: string) => createHmac('sha256', 'k'.repeat(32)).update(s).digest('base64url').slice(0, 32);
const ctx = {
  period: { year: 2028, half: 1 as const },
  asOf: '2028-07-21',
  pseudonym,
  municipalityOfPc4: (pc4: string) => (pc4 >= '1000' && pc4 <= '1109' ? '0363' : pc4 >= '1181' && pc4 <= '1189' ? '0362' : undefined),
};
const HEADER = ['bsn', 'birth_date', 'gender', 'postcode', 'referrer', 'care_form', 'crisis', 'start_date', 'end_date', 'end_reason', 'satisfaction', 'without_help', 'informant'];
// Valid BSNs (eleven-test).
const BSN1 = '999990019';
const BSN2 = '999990032';

function read(rows: string[][], c = ctx) {
  const t = bijImport({ file: 'bij.csv' }, c);
  feedRows(t, [HEADER, ...rows]);
  return t.finish();
}

const row = (over: Partial<Record<(typeof HEADER)[number], string>> = {}): string[] => {
  const base: Record<string, string> = {
    bsn: BSN1,
    birth_date: '20120515',
    gender: 'V',
    postcode: '1012AB',
    referrer: '01',
    care_form: '02',
    crisis: '02',
    start_date: '20280110',
    end_date: '',
    end_reason: '',
    satisfaction: '',
    without_help: '',
    informant: '',
    ...over,
  };
  return HEADER.map((h) => base[h]!);
};

describe('half years', () => {
  it('reads the ways a half year is written, and knows its deadline and the current period', () => {
    expect(parseBijPeriod('2028-H1')).toEqual({ year: 2028, half: 1 });
    expect(parseBijPeriod('2028-JH-2')).toEqual({ year: 2028, half: 2 });
    expect(parseBijPeriod('2028JH1')).toEqual({ year: 2028, half: 1 });
    expect(parseBijPeriod('2028-H3')).toBeUndefined();
    expect(parseBijPeriod('2028')).toBeUndefined();
    expect(bijDeadline({ year: 2028, half: 1 })).toBe('2028-07-21');
    expect(currentBijPeriod('2028-07-01')).toEqual({ year: 2028, half: 1 });
    expect(currentBijPeriod('2028-06-30')).toEqual({ year: 2027, half: 2 });
  });
});

describe('the delivery import', () => {
  it('reads a clean file into pseudonymised records: no BSN, birth day or six-character postcode kept', () => {
    const r = read([row(), row({ bsn: BSN2, postcode: '0362', care_form: '11', end_date: '20280301', end_reason: '03', satisfaction: '7', without_help: '2', informant: 'ouder' })]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.records).toHaveLength(2);
    const [a, b] = [r.value.records.find((x) => x.careForm === '02')!, r.value.records.find((x) => x.careForm === '11')!];
    expect(a.person).toBe(pseudonym(BSN1));
    expect(a).toMatchObject({ hasBsn: true, birthMonth: '2012-05', gender: 'V', pc4: '1012', municipality: '0363', referrer: '01', crisis: false, start: '2028-01-10' });
    expect(a.end).toBeUndefined();
    expect(b).toMatchObject({ municipality: '0362', end: '2028-03-01', endReason: '03', measurements: [{ satisfaction: 7, withoutHelp: '02', informant: 'ouder' }] });
    expect(JSON.stringify(r.value)).not.toContain(BSN1);
    expect(JSON.stringify(r.value)).not.toContain('1012AB');
    expect(JSON.stringify(r.value)).not.toContain('20120515');
  });

  it('takes both conventions for "no BSN" (v7 and 2015 swapped them) and keys such a record by gender, birth date and postcode', () => {
    const r = read([row({ bsn: '999999999' }), row({ bsn: '000000000', start_date: '20280110' }), row({ bsn: '999999999', birth_date: '20120500', postcode: '1013CD' })]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // The first two are the same young person by gender, birth date and postcode, same care form, same start: merged.
    expect(r.value.records).toHaveLength(2);
    expect(r.value.merged).toBe(1);
    expect(r.value.records.every((x) => !x.hasBsn)).toBe(true);
    expect(r.value.records.map((x) => x.birthMonth).sort()).toEqual(['2012-05', '2012-05']);
  });

  it('reads Dutch labels, codes that lost their leading zero, and an unknown month of birth', () => {
    const t = bijImport({ file: 'bij.xlsx', sheet: 'Levering' }, ctx);
    feedRows(t, [
      ['BSN', 'Geboortedatum', 'Geslacht', 'Postcode', 'Verwijzer', 'Hulpvorm', 'Gestart met crisis', 'Datum aanvang', 'Datum einde', 'Reden beeindiging'],
      ['12345672', '20120000', 'm', '1012 ab', '1', '2', '1', '2028-02-01', '', ''],
    ]);
    const r = t.finish();
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.records[0]).toMatchObject({ person: pseudonym('012345672'), birthMonth: '2012', gender: 'M', referrer: '01', careForm: '02', crisis: true });
  });

  const refusals: [string, string[], string][] = [
    ['a BSN that fails the eleven-test', row({ bsn: '123456789' }), 'elfproef'],
    ['a BSN of eight characters', row({ bsn: '12345AB8' }), 'negen cijfers'],
    ['a birth date with day but no month', row({ birth_date: '20120012' }), 'geboortedatum'],
    ['a birth date after the start', row({ birth_date: '20280201' }), 'na het begin'],
    ['an unknown gender', row({ gender: 'X' }), 'geslacht'],
    ['a postcode that is none', row({ postcode: '10A2BC' }), 'postcode'],
    ['referrer 07 (gone since 2015)', row({ referrer: '07' }), 'verwijzer'],
    ['hulpvorm 05', row({ care_form: '05' }), 'hulpvorm'],
    ['crisis 03', row({ crisis: '03' }), 'crisis'],
    ['a start that is no date', row({ start_date: '20280231' }), 'JJJJMMDD'],
    ['a start after the period', row({ start_date: '20280701' }), 'na 2028-H1'],
    ['an end before the period', row({ start_date: '20270101', end_date: '20271231', end_reason: '01' }), 'voor 2028-H1'],
    ['an end before the start', row({ end_date: '20280105', end_reason: '01' }), 'voor de aanvangsdatum'],
    ['an end after the delivery date', row({ end_date: '20280801', end_reason: '01' }), 'na de leverdatum'],
    ['an end without a reason', row({ end_date: '20280301' }), 'reden van beëindiging ontbreekt'],
    ['a reason without an end', row({ end_reason: '01' }), 'zonder einddatum'],
    ['reason 06', row({ end_date: '20280301', end_reason: '06' }), 'reden van beëindiging'],
    ['satisfaction 11', row({ satisfaction: '11' }), 'rapportcijfer'],
    ['without help 05', row({ without_help: '05' }), 'zonder hulp verder'],
    ['an informant that is none', row({ informant: 'buurman', satisfaction: '8' }), 'type informant'],
    ['an informant without a measurement', row({ informant: 'ouder' }), 'zonder meting'],
    ['no BSN and a municipality code for a postcode', row({ bsn: '999999999', postcode: '0363' }), 'zonder BSN'],
  ];
  for (const [what, r, says] of refusals) {
    it(`refuses ${what}, naming row and column in Dutch`, () => {
      const result = read([row({ bsn: BSN2 }), r]);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.problems.length).toBeGreaterThan(0);
      const p = result.problems[0]!;
      expect(p.where.row).toBe(3);
      expect(p.where.column).toBeDefined();
      expect(p.said.nl).toContain(says);
    });
  }

  it('refuses a file without a required column, and keeps nothing of a file with any problem', () => {
    const t = bijImport({ file: 'bij.csv' }, ctx);
    feedRows(t, [HEADER.filter((h) => h !== 'care_form'), row().filter((_, i) => HEADER[i] !== 'care_form')]);
    const r = t.finish();
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.some((p) => p.said.nl.includes('hulpvorm'))).toBe(true);
  });
});

const rec = (over: Partial<BijRow>): BijRow => ({
  row: 2,
  person: 'p1',
  hasBsn: true,
  birthMonth: '2012-05',
  gender: 'V',
  referrer: '01',
  careForm: '02',
  crisis: false,
  start: '2028-01-10',
  measurements: [],
  ...over,
});

describe('the record rules', () => {
  it('merges overlapping records of one young person and care form: first start, the last end with its reason', () => {
    const r = mergeRecords([
      rec({ row: 2, start: '2028-01-10', end: '2028-03-01', endReason: '02' }),
      rec({ row: 3, start: '2028-02-01', end: '2028-04-15', endReason: '01' }),
      rec({ row: 4, start: '2028-05-01', end: '2028-06-01', endReason: '03' }),
    ]);
    expect(r.merged).toBe(1);
    expect(r.records.map((x) => [x.start, x.end, x.endReason])).toEqual([
      ['2028-01-10', '2028-04-15', '01'],
      ['2028-05-01', '2028-06-01', '03'],
    ]);
  });

  it('keeps a merged record open when any part of it still runs; a change of care form is a record of its own', () => {
    const r = mergeRecords([rec({ row: 2, end: '2028-03-01', endReason: '01' }), rec({ row: 3, start: '2028-02-01' }), rec({ row: 4, careForm: '11', start: '2028-03-02' })]);
    expect(r.records).toHaveLength(2);
    const ambulant = r.records.find((x) => x.careForm === '02')!;
    expect(ambulant.end).toBeUndefined();
    expect(ambulant.endReason).toBeUndefined();
  });

  it('keeps at most two measurements per record', () => {
    const m = { satisfaction: 8 };
    const r = mergeRecords([rec({ row: 2, measurements: [m] }), rec({ row: 3, measurements: [m] }), rec({ row: 4, measurements: [m] })]);
    expect(r.records[0]!.measurements).toHaveLength(2);
    expect(r.measurementsDropped).toBe(1);
  });

  it('property: merging loses no day of care and leaves no two overlapping records of one young person and care form', () => {
    const day = fc.integer({ min: 0, max: 180 }).map((n) => new Date(Date.UTC(2028, 0, 1 + n)).toISOString().slice(0, 10));
    const arb = fc.array(fc.record({ person: fc.constantFrom('a', 'b'), careForm: fc.constantFrom('02', '11'), start: day, len: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }) }), { maxLength: 25 });
    fc.assert(
      fc.property(arb, (xs) => {
        const rows = xs.map((x, i) => {
          const end = x.len === undefined ? undefined : new Date(Date.parse(x.start) + x.len * 86_400_000).toISOString().slice(0, 10);
          return rec({ row: i + 2, person: x.person, careForm: x.careForm, start: x.start, ...(end ? { end, endReason: '01' } : {}) });
        });
        const { records, merged } = mergeRecords(rows);
        expect(records.length + merged).toBe(rows.length);
        const covered = (list: readonly { person: string; careForm: string; start: string; end?: string }[], person: string, form: string, d: string) =>
          list.some((r) => r.person === person && r.careForm === form && r.start <= d && (r.end ?? '9999') >= d);
        for (const r of rows) for (const d of [r.start, r.end ?? r.start]) expect(covered(records, r.person, r.careForm, d)).toBe(true);
        for (const a of records)
          for (const b of records) if (a !== b && a.person === b.person && a.careForm === b.careForm) expect(a.start <= (b.end ?? '9999') && b.start <= (a.end ?? '9999')).toBe(false);
      }),
    );
  });
});

describe('the mapping between the sources', () => {
  it('maps iJw categories 31–38 to hulpvormen, the region adding newer categories', () => {
    const m = bijMapping({ categoryToCareForm: { '45': '02' } }, { '44': '38' });
    expect(m.categoryToCareForm['32']).toBe('02');
    expect(m.categoryToCareForm['35']).toBe('11');
    expect(m.categoryToCareForm['45']).toBe('02');
    expect(m.categoryToCareForm['44']).toBe('14');
    expect(m.categoryToCareForm['50']).toBeUndefined();
  });

  it('maps JZ588 31/34/32/33/35 to 01/02/03/04/05, a temporary stop to no end, and round trips', () => {
    const m = bijMapping(undefined);
    expect(['31', '34', '32', '33', '35'].map((r) => endReasonOfStop(m, r))).toEqual(['01', '02', '03', '04', '05']);
    expect(endReasonOfStop(m, '20')).toBeUndefined();
    expect(endReasonOfStop(m, '36')).toBeUndefined();
    // The five core codes and the categories are one-to-one: the way back gives the code again.
    const back = Object.fromEntries(['31', '34', '32', '33', '35'].map((r) => [DEFAULT_STOP_REASON_TO_END_REASON[r], r]));
    for (const r of ['31', '34', '32', '33', '35']) expect(back[endReasonOfStop(m, r)!]).toBe(r);
    const cats = Object.entries(DEFAULT_CATEGORY_TO_CARE_FORM);
    expect(new Set(cats.map(([, f]) => f)).size).toBe(cats.length);
    for (const [g, b] of Object.entries(IJW_GENDER_TO_BIJ)) expect(BIJ_GENDER_TO_IJW[b]).toBe(g);
  });
});

const T = (provider: string, person: string, category: string, start: string, end?: string, municipality = '0363'): CoverageTrajectory => ({ provider, person, category, municipality, start, ...(end ? { end } : {}) });
const R = (provider: string, person: string, careForm: string, start: string, end?: string, municipality?: string): CoverageRecord => ({ provider, person, careForm, start, ...(end ? { end } : {}), ...(municipality ? { municipality } : {}) });

describe('coverage on hand-made cases', () => {
  const mapping = bijMapping(undefined);
  const input = {
    from: '2028-01-01',
    to: '2028-06-30',
    mapping,
    delivered: new Set(['A', 'B']),
    trajectories: [
      T('A', 'x', '32', '2028-01-10'), // both (same dates)
      T('A', 'y', '32', '2028-02-01'), // both, start 60 days off
      T('A', 'z', '35', '2028-03-01'), // only traffic
      T('B', 'x', '36', '2027-12-01', '2028-05-01'), // both at B
      T('C', 'q', '32', '2028-01-01'), // C did not deliver: not compared
      T('A', 'old', '32', '2027-01-01', '2027-12-31'), // outside the period
    ],
    records: [
      R('A', 'x', '02', '2028-01-12'),
      R('A', 'y', '02', '2028-04-01'),
      R('A', 'w', '02', '2028-02-01', undefined, '0362'), // only delivery
      R('B', 'x', '12', '2027-12-01', '2028-05-01'),
    ],
  };

  it('counts both, only delivery, only traffic per provider, with the confirmed shares and dates that disagree', () => {
    const { rows, total } = coverage(input, 'provider');
    expect(rows).toEqual([
      { group: 'A', both: 2, onlyBij: 1, onlyIjw: 1, ijwConfirmedPct: '66.7', bijConfirmedPct: '66.7', datesDiffer: 1 },
      { group: 'B', both: 1, onlyBij: 0, onlyIjw: 0, ijwConfirmedPct: '100.0', bijConfirmedPct: '100.0', datesDiffer: 0 },
    ]);
    expect(total).toMatchObject({ both: 3, onlyBij: 1, onlyIjw: 1, datesDiffer: 1 });
  });

  it('places a young person where the traffic does, else where the delivery does', () => {
    const { rows } = coverage(input, 'municipality');
    expect(rows.map((r) => [r.group, r.both, r.onlyBij, r.onlyIjw])).toEqual([
      ['0362', 0, 1, 0],
      ['0363', 3, 0, 1],
    ]);
  });

  it('per care form a young person in another care form in each source is in neither "both"', () => {
    const { rows } = coverage({ ...input, records: [R('A', 'z', '12', '2028-03-01')], trajectories: [T('A', 'z', '35', '2028-03-01')] }, 'care_form');
    expect(rows.map((r) => [r.group, r.both, r.onlyBij, r.onlyIjw])).toEqual([
      ['11', 0, 0, 1],
      ['12', 0, 1, 0],
    ]);
  });

  it('property: the rows of every breakdown add up to the region row', () => {
    const people = ['a', 'b', 'c', 'd'];
    const arb = fc.record({
      t: fc.array(fc.record({ p: fc.constantFrom('A', 'B'), x: fc.constantFrom(...people), c: fc.constantFrom('32', '35', '50'), m: fc.constantFrom('0363', '0362') }), { maxLength: 12 }),
      r: fc.array(fc.record({ p: fc.constantFrom('A', 'B'), x: fc.constantFrom(...people), c: fc.constantFrom('02', '11'), m: fc.constantFrom('0363', undefined) }), { maxLength: 12 }),
    });
    fc.assert(
      fc.property(arb, ({ t, r }) => {
        const inp = { ...input, trajectories: t.map((x) => T(x.p, x.x, x.c, '2028-02-01', undefined, x.m)), records: r.map((x) => R(x.p, x.x, x.c, '2028-02-01', undefined, x.m)) };
        for (const by of ['provider', 'municipality', 'care_form'] as const) {
          const { rows, total } = coverage(inp, by);
          for (const f of ['both', 'onlyBij', 'onlyIjw'] as const) expect(rows.reduce((s, x) => s + x[f], 0)).toBe(total[f]);
        }
        const byProvider = coverage(inp, 'provider').total;
        const byMunicipality = coverage(inp, 'municipality').total;
        expect(byMunicipality).toEqual(byProvider);
      }),
    );
  });

  it('tells dates apart only beyond the tolerance, and an end on one side only near the period end is no disagreement', () => {
    expect(datesDisagree({ start: '2028-01-01' }, { start: '2028-01-31' }, 30, '2028-06-30')).toBe(false);
    expect(datesDisagree({ start: '2028-01-01' }, { start: '2028-02-01' }, 30, '2028-06-30')).toBe(true);
    expect(datesDisagree({ start: '2028-01-01', end: '2028-06-10' }, { start: '2028-01-01' }, 30, '2028-06-30')).toBe(false);
    expect(datesDisagree({ start: '2028-01-01', end: '2028-03-01' }, { start: '2028-01-01' }, 30, '2028-06-30')).toBe(true);
  });

  it('counts reach from both sources each young person once, beside the traffic alone', () => {
    const { rows, total } = combinedReach(input);
    expect(total).toMatchObject({ ijw: 4, combined: 5, onlyBij: 1, both: 2 });
    expect(rows.find((r) => r.municipality === '0362')).toMatchObject({ ijw: 0, combined: 1 });
  });

  it("gives a provider's mirror per municipality and care form", () => {
    expect(mirror(input.records.filter((r) => r.provider === 'A'), '2028-01-01', '2028-06-30')).toEqual([
      { municipality: '0362', careForm: '02', records: 1, youngPeople: 1, started: 1, ended: 0 },
      { municipality: 'onbekend', careForm: '02', records: 2, youngPeople: 2, started: 2, ended: 0 },
    ]);
  });
});

describe('outcome indicators on hand-made cases', () => {
  const mapping = bijMapping(undefined);
  const E = (over: Partial<EndedTrajectory>): EndedTrajectory => ({ provider: 'A', person: 'x', municipality: '0363', area: 'noord', theme: 'B', end: '2027-03-31', endReason: '01', source: 'bij', measurements: [], ...over });
  const starts = new Map<string, string[]>([
    ['x', ['2027-04-01']], // the next day: a follow-on, not a new start
    ['y', ['2027-04-02']], // one free day: a new start
    ['z', ['2028-03-31']], // twelve months after the end: inside the window
    ['v', ['2028-04-01']], // a day past the window
  ]);
  const input = {
    from: '2027-01-01',
    to: '2027-12-31',
    mapping,
    horizon: '2028-12-31',
    startsOf: (p: string) => starts.get(p) ?? [],
    ended: [
      E({ person: 'x', endReason: '03', measurements: [{ satisfaction: 7 }, { satisfaction: 8, withoutHelp: '04' }] }),
      E({ person: 'y', endReason: '04' }),
      E({ person: 'z', endReason: '01' }),
      E({ person: 'v', endReason: undefined, source: 'ijw' }),
      E({ person: 'w', provider: 'B', endReason: '02', end: '2028-01-05' }), // ended after the period
    ],
  };

  it('counts dropout with the national default (03 and 04), over ended trajectories with a known reason', () => {
    const { rows, total } = outcomes(input, (e) => e.provider);
    expect(rows).toHaveLength(1);
    expect(total).toMatchObject({ ended: 3, endedReasonUnknown: 1, dropout: 2, dropoutPct: '66.7', fromBij: 3, fromIjw: 1 });
    const narrow = outcomes({ ...input, mapping: bijMapping({ dropoutReasons: ['03'] }) }, (e) => e.provider).total;
    expect(narrow).toMatchObject({ dropout: 1, dropoutPct: '33.3' });
  });

  it('counts no new start within twelve months: a next-day follow-on is none, a start on the last day of the window is one', () => {
    const { total } = outcomes(input, () => 'all');
    // x: follow-on (no new start); y: new start; z: new start at the window's last day; v: past the window.
    expect(total).toMatchObject({ noNewStartEligible: 4, noNewStart: 2, noNewStartPct: '50.0' });
    expect(hasNewStart('2027-03-31', ['2028-03-31'], 12)).toBe(true);
    expect(hasNewStart('2027-03-31', ['2028-04-01'], 12)).toBe(false);
  });

  it('shows no "no new start" for a period whose window has not passed', () => {
    const { total } = outcomes({ ...input, horizon: '2028-12-30' }, () => 'all');
    expect(total).toMatchObject({ noNewStartEligible: null, noNewStart: null, noNewStartPct: null, ended: 3 });
    expect(outcomes({ ...input, horizon: '2028-12-31' }, () => 'all').total.noNewStart).toBe(2);
  });

  it('gives satisfaction and continuing without help with the number of measurements behind them', () => {
    const { total } = outcomes(input, () => 'all');
    expect(total).toMatchObject({ satisfactionCount: 2, satisfactionMean: '7.5', withoutHelpCount: 1, withoutHelp: { '04': 1 } });
    expect(meanOneDecimal([7, 8, 8])).toBe('7.7');
    expect(meanOneDecimal([1, 2, 2, 2, 2, 2, 2, 2])).toBe('1.9');
  });

  it('adds months to the last day of a shorter month', () => {
    expect(addMonths('2027-01-31', 1)).toBe('2027-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2027-12-31', 12)).toBe('2028-12-31');
    expect(addMonths('2027-06-30', 6)).toBe('2027-12-30');
  });
});
