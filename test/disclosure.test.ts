// Disclosure control [issue 12; docs/decisions.md §36]: no count of 1–4 young people can be shown or
// worked out from what others may ask. The attacker (test/support/disclosure-attack.ts) reads only the
// published rows and tries subtraction and linear programming on generated data.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { protect, THRESHOLD, UnprotectableError } from '../src/domain/disclosure/protect.ts';
import { asPublishedPeriod, buildPublication, PUBLISHED_PERIODS, publishedPeriod, type Breakdown, type PeriodFigures, type PublishedPeriod } from '../src/domain/disclosure/publication.ts';
import { DIMENSIONS, reachFigures, type Dimension, type Resolvers } from '../src/domain/reach-figures.ts';
import type { Trajectory } from '../src/domain/trajectories.ts';
import { addDays } from '../src/domain/calendar.ts';
import { highsSolver } from '../src/app/lp-solver.ts';
import { protectOffThread, publicationThreadUses } from '../src/app/publication-thread.ts';
import { attackReach, truthOf } from './support/disclosure-attack.ts';
import { demoTraffic, servedWorkspace } from './support/api-server.ts';
import { testDatabases } from './support/databases.ts';
import { computePublication, groupingOf } from '../src/app/publication.ts';
import { reach, themesByProvider } from '../src/app/monitor.ts';
import type { ReachRow } from '../src/domain/reach-figures.ts';

const resolvers: Resolvers = {
  area: (m, pc4) => (m === '0001' ? (pc4 === '1000' ? 'noord' : 'zuid') : 'heel-0002'),
  careForm: (c) => c,
  theme: (p) => (p === 'P3' ? 'T2' : 'T1'),
};

const trajectory = fc.record({
  person: fc.integer({ min: 0, max: 40 }),
  municipality: fc.constantFrom('0001', '0002'),
  provider: fc.constantFrom('P1', 'P2', 'P3'),
  category: fc.constantFrom('32', '33', '35'),
  pc4: fc.constantFrom('1000', '1001'),
  birthYear: fc.constantFrom(2012, 2016, 2022),
  gender: fc.constantFrom('1', '2'),
  startDay: fc.integer({ min: -120, max: 364 }),
  days: fc.option(fc.integer({ min: 0, max: 300 }), { nil: undefined }),
  reason: fc.constantFrom('31', '32', '34'),
});

function trajectoriesOf(raw: (typeof trajectory extends fc.Arbitrary<infer T> ? T : never)[]): Trajectory[] {
  return raw.map((t, i) => {
    const start = addDays('2028-01-01', t.startDay);
    const end = t.days === undefined ? undefined : addDays(start, t.days);
    return {
      key: `k${i}`,
      basis: 'assignment',
      municipality: t.municipality,
      provider: t.provider,
      category: t.category,
      client: { pseudonym: `p${t.person}`, birthMonth: `${t.birthYear}-06`, gender: t.gender, pc4: t.pc4 },
      start,
      ...(end === undefined ? {} : { end, endReason: t.reason }),
    };
  });
}

function figuresOf(trajectories: Trajectory[]): Map<PublishedPeriod, PeriodFigures> {
  const periods = new Map<PublishedPeriod, PeriodFigures>();
  for (const name of PUBLISHED_PERIODS) {
    const period = publishedPeriod(2028, name);
    const reach = new Map((['total', ...DIMENSIONS] as Breakdown[]).map((b) => [b, reachFigures(trajectories, period, groupingOf(b), resolvers)]));
    periods.set(name, { period, reach, waiting: new Map(), timeliness: new Map(), messages: [] });
  }
  return periods;
}

describe('cell suppression (protect)', () => {
  it('hides a count from 1 to 4 and, in a table with a shown total, the next smallest cell with it', async () => {
    // total 20 = 3 + 9 + 8
    const p = await protect({ values: [20, 3, 9, 8], relations: [{ kind: 'sum', total: 0, parts: [1, 2, 3] }] }, highsSolver);
    expect(p.hidden).toEqual([false, true, false, true]);
    expect(p.primary).toBe(1);
    expect(p.secondary).toBe(1);
  });

  it('hides more when the hidden cells of a table together leave too little room (2 + 1 out of 12)', async () => {
    // total 12 = 2 + 1 + 9: hiding 2 and 1 would tell they are 3 together
    const p = await protect({ values: [12, 2, 1, 9], relations: [{ kind: 'sum', total: 0, parts: [1, 2, 3] }] }, highsSolver);
    expect(p.hidden).toEqual([false, true, true, true]);
  });

  it('shows zeros and every count of 5 or more where nothing could be worked out', async () => {
    const p = await protect({ values: [15, 0, 10, 5], relations: [{ kind: 'sum', total: 0, parts: [1, 2, 3] }] }, highsSolver);
    expect(p.hidden).toEqual([false, false, false, false]);
  });

  it('refuses figures that break the relations it is told (a bug, not a publication)', async () => {
    await expect(protect({ values: [10, 3, 3], relations: [{ kind: 'sum', total: 0, parts: [1, 2] }] }, highsSolver)).rejects.toThrow(/does not hold/);
  });
});

describe('the published periods and breakdowns', () => {
  it('are the quarters, the half years and the year, nothing else', () => {
    expect(asPublishedPeriod({ from: '2028-04-01', to: '2028-06-30' })).toEqual({ year: 2028, name: 'Q2' });
    expect(asPublishedPeriod({ from: '2028-07-01', to: '2028-12-31' })).toEqual({ year: 2028, name: 'H2' });
    expect(asPublishedPeriod({ from: '2028-01-01', to: '2028-12-31' })).toEqual({ year: 2028, name: 'Y' });
    // January–March minus January–February would give March: months and ranges are not published.
    expect(asPublishedPeriod({ from: '2028-01-01', to: '2028-02-29' })).toBeUndefined();
    expect(asPublishedPeriod({ from: '2028-03-15', to: '2028-03-15' })).toBeUndefined();
    expect(asPublishedPeriod({ from: '2028-01-01', to: '2028-09-30' })).toBeUndefined();
  });
});

describe('the attacker on generated data (property)', () => {
  it('can neither subtract nor, by linear programming, narrow any hidden count of 1–4 below 5 — in any table, breakdown or period', async () => {
    let attacked = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(trajectory, { minLength: 8, maxLength: 70 }), async (raw) => {
        const trajectories = trajectoriesOf(raw);
        const periods = figuresOf(trajectories);
        const themeOf = (p: string) => resolvers.theme(p);
        const pub = await buildPublication({ year: 2028, periods, themeOf }, highsSolver);
        // Nothing from 1 to 4 is shown anywhere.
        for (const f of Object.values(pub.periods)) {
          for (const rows of Object.values(f!.reach)) {
            for (const r of rows ?? []) {
              for (const v of [r.uniqueYouth, r.starts, r.stops, r.inCareEnd, ...Object.values(r.stopsByReason)]) {
                expect(v === null || v === 0 || v >= THRESHOLD).toBe(true);
              }
            }
          }
        }
        const truth = truthOf((p, by) => periods.get(p)!.reach.get(by as Breakdown));
        const result = await attackReach(pub, truth, themeOf);
        attacked += result.programs;
        expect(result.subtracted).toEqual([]);
        expect(result.narrowed).toEqual([]);
      }),
      { numRuns: 6, seed: 20281205 },
    );
    // The attack really ran: hidden counts of 1–4 were there to attack.
    expect(attacked).toBeGreaterThan(20);
  }, 240_000);

  it("finds a protection when last year's publication hid those in care on 31 December, and shows no count of 1–4", async () => {
    // Those in care on 31 December 2027 are known from that year's publication where it showed them;
    // a count of 1–4 it hid is known only as far as its guarantee goes (between the count and 5).
    // Treated as known exactly, one of them with no starts after it pinned a group's young people
    // (the ten-year demo: 2 in care, 0 starts, 2 young people; "cannot be protected" and a 500).
    let earlierSmall = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(trajectory, { minLength: 8, maxLength: 70 }), async (raw) => {
        const trajectories = trajectoriesOf(raw);
        const periods = figuresOf(trajectories);
        const day = { from: '2027-12-31', to: '2027-12-31' };
        const inCareBefore = new Map((['total', ...DIMENSIONS.filter((d) => d !== 'age_group')] as Breakdown[]).map((b) => [b, reachFigures(trajectories, day, groupingOf(b), resolvers)]));
        earlierSmall += [...inCareBefore.values()].flat().filter((r) => r.inCareEnd > 0 && r.inCareEnd < THRESHOLD).length;
        const pub = await buildPublication({ year: 2028, periods, themeOf: (p) => resolvers.theme(p), inCareBefore }, highsSolver);
        for (const f of Object.values(pub.periods)) {
          for (const rows of Object.values(f!.reach)) {
            for (const r of rows ?? []) for (const v of [r.uniqueYouth, r.starts, r.stops, r.inCareEnd]) expect(v === null || v === 0 || v >= THRESHOLD).toBe(true);
          }
        }
        // and the stock of last year is never among the cells shown where it was a count of 1–4
        for (const [cell, v] of pub.shown) expect(v === 0 || v >= THRESHOLD, cell).toBe(true);
      }),
      { numRuns: 5, seed: 20271231 },
    );
    expect(earlierSmall).toBeGreaterThan(10);
  }, 240_000);

  it('pins nobody through a stock an earlier publication hid (2 in care, no starts, 2 young people)', async () => {
    // cells: 0 young people in Q1 of a group, 1 in care on 31 December before (hidden then), 2 starts in Q1 (0, shown)
    const relations = [{ kind: 'le' as const, small: 0, large: [1, 2] }];
    // the stock known from elsewhere: the zero starts are all that can free the count, so they are hidden
    const known = await protect({ values: [2, 2, 0], relations, known: [false, true, false] }, highsSolver);
    expect(known.hidden).toEqual([true, false, true]);
    // the starts known as well: nothing can
    await expect(protect({ values: [2, 2, 0], relations, known: [false, true, true] }, highsSolver)).rejects.toBeInstanceOf(UnprotectableError);
    const p = await protect({ values: [2, 2, 0], relations, earlier: [false, true, false] }, highsSolver);
    expect(p.hidden).toEqual([true, true, false]);
    expect([p.primary, p.secondary]).toEqual([1, 0]);
  });

  it('protects in a worker thread exactly as in this one (the server keeps answering meanwhile)', async () => {
    const raw = fc.sample(fc.array(trajectory, { minLength: 40, maxLength: 40 }), { numRuns: 1, seed: 2049 })[0]!;
    const periods = figuresOf(trajectoriesOf(raw));
    const providers = [...new Set(raw.map((t) => t.provider))];
    const themes = new Map(providers.map((p) => [p, resolvers.theme(p)]));
    const input = { year: 2028, periods, themeOf: (p: string) => resolvers.theme(p) };
    const here = await buildPublication(input, highsSolver);
    const threadsBefore = publicationThreadUses();
    const there = await protectOffThread(input, themes);
    expect(publicationThreadUses(), 'the worker thread did the work').toBe(threadsBefore + 1);
    expect(there.audit.secondary, 'something was protected').toBeGreaterThan(0);
    expect({ ...there, shown: [...there.shown] }).toEqual({ ...here, shown: [...here.shown] });
  }, 120_000);

  it('finds the counts a naive suppression of 1–4 alone leaves open (the attacker is not blind)', async () => {
    const raw = fc.sample(fc.array(trajectory, { minLength: 30, maxLength: 30 }), { numRuns: 1, seed: 7 })[0]!;
    const periods = figuresOf(trajectoriesOf(raw));
    const themeOf = (p: string) => resolvers.theme(p);
    const pub = await buildPublication({ year: 2028, periods, themeOf }, highsSolver);
    // Undo the secondary suppression: show every hidden cell of 5 or more again.
    const naive = structuredClone(pub) as typeof pub;
    for (const [name, f] of Object.entries(naive.periods)) {
      for (const [by, rows] of Object.entries(f!.reach)) {
        rows!.forEach((r, i) => {
          const real = periods.get(name as PublishedPeriod)!.reach.get(by as Breakdown)!.find((x) => Object.values(x.group).join('/') === Object.values(r.group).join('/'))!;
          const keep = (v: number | null, t: number) => (v === null && t >= THRESHOLD ? t : v);
          (rows as unknown as Record<string, unknown>[])[i] = {
            ...r,
            uniqueYouth: keep(r.uniqueYouth, real.uniqueYouth),
            starts: keep(r.starts, real.starts),
            stops: keep(r.stops, real.stops),
            inCareEnd: keep(r.inCareEnd, real.inCareEnd),
            stopsByReason: Object.fromEntries(Object.entries(r.stopsByReason).map(([c, v]) => [c, keep(v, real.stopsByReason[c] ?? 0)])),
          };
        });
      }
    }
    const truth = truthOf((p, by) => periods.get(p)!.reach.get(by as Breakdown));
    const result = await attackReach(naive, truth, themeOf);
    expect(result.subtracted.length + result.narrowed.length).toBeGreaterThan(0);
  }, 120_000);
});

describe('the attacker on demo traffic, through the stored figures', () => {
  it('finds nothing in the publication of four months of demo traffic (two municipalities), read from the database like the API does', async () => {
    const traffic = await demoTraffic('2028-01-01', '2028-04-30', 11);
    const served = await servedWorkspace(testDatabases[0]!, traffic);
    try {
      const pub = await computePublication(served.ws, 2028);
      expect(Object.keys(pub.periods).sort()).toEqual(['H1', 'Q1', 'Q2', 'Y']);
      const themes = await themesByProvider(served.ws);
      const themeOf = (p: string) => themes.get(p) ?? 'unassigned';
      // The region's own rows of every published table, read like the publication reads them.
      const tables = new Map<string, ReachRow[]>();
      for (const p of Object.keys(pub.periods) as PublishedPeriod[]) for (const by of ['total', ...DIMENSIONS] as Breakdown[]) tables.set(`${p}|${by}`, await reach(served.ws, pub.periods[p]!.period, groupingOf(by)));
      const result = await attackReach(pub, truthOf((p, by) => tables.get(`${p}|${by}`)), themeOf);
      expect(pub.audit.primary).toBeGreaterThan(0);
      expect(result.programs).toBeGreaterThan(0);
      expect(result.subtracted).toEqual([]);
      expect(result.narrowed).toEqual([]);
    } finally {
      await served.close();
    }
  }, 300_000);
});

describe('two data versions (property)', () => {
  it('hides, when a new small count arrives, another count than one shown before (the two answers together would tell it)', async () => {
    const person = (i: number, provider: string): Trajectory => ({
      key: `${provider}-${i}`,
      basis: 'assignment',
      municipality: '0001',
      provider,
      category: '32',
      client: { pseudonym: `${provider}-${i}`, birthMonth: '2016-06', gender: '1', pc4: '1000' },
      start: '2028-02-01',
    });
    const themeOf = (p: string) => resolvers.theme(p);
    const first = [...[0, 1, 2, 3, 4].map((i) => person(i, 'P1')), ...[0, 1, 2, 3, 4, 5].map((i) => person(i, 'P2'))];
    const before = await buildPublication({ year: 2028, periods: figuresOf(first), themeOf }, highsSolver);
    expect(before.shown.get('reach|starts|Q1|provider|P1')).toBe(5);
    // one young person with a third provider (theme T2): a count of 1, hidden, and one more with it
    const periods = figuresOf([...first, person(0, 'P3')]);
    const alone = await buildPublication({ year: 2028, periods, themeOf }, highsSolver);
    const after = await buildPublication({ year: 2028, periods, themeOf, shownBefore: before.shown }, highsSolver);
    // without what was shown before, the smallest count (P1's 5) would be hidden next to it …
    expect(alone.shown.get('reach|starts|Q1|provider|P1')).toBeUndefined();
    // … which together with the earlier answer (5) would give P3's 1 away: it stays shown, another is hidden
    expect(after.shown.get('reach|starts|Q1|provider|P1')).toBe(5);
    expect(after.shown.get('reach|starts|Q1|provider|P3')).toBeUndefined();
    const result = await attackReach(after, truthOf((p, by) => periods.get(p)!.reach.get(by as Breakdown)), themeOf);
    expect([result.subtracted, result.narrowed]).toEqual([[], []]);
  }, 120_000);

  it('never hides in a later publication a count an earlier one showed with the same value, and the later one alone resists the attacker', async () => {
    let kept = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(trajectory, { minLength: 120, maxLength: 200 }), fc.array(trajectory, { minLength: 1, maxLength: 4 }), async (raw, later) => {
        const themeOf = (p: string) => resolvers.theme(p);
        const before = await buildPublication({ year: 2028, periods: figuresOf(trajectoriesOf(raw)), themeOf }, highsSolver);
        // More data arrive (late messages of the same young people or new ones): some counts change.
        const periods = figuresOf(trajectoriesOf([...raw, ...later]));
        const after = await buildPublication({ year: 2028, periods, themeOf, shownBefore: before.shown }, highsSolver);
        for (const [cell, value] of before.shown) {
          const now = after.shown.get(cell);
          if (now === value) kept++;
          // a cell shown before keeps being shown while its value is the same
          if (now === undefined && valueOf(periods, cell) === value) throw new Error(`${cell} = ${value} was shown and is hidden now`);
        }
        const result = await attackReach(after, truthOf((p, by) => periods.get(p)!.reach.get(by as Breakdown)), themeOf);
        expect(result.subtracted).toEqual([]);
        expect(result.narrowed).toEqual([]);
      }),
      { numRuns: 3, seed: 20281206 },
    );
    expect(kept).toBeGreaterThan(100);
  }, 240_000);
});

/** The true value of a reach cell of a publication (key: reach|measure|period or day:date|breakdown|group). */
function valueOf(periods: Map<PublishedPeriod, PeriodFigures>, cell: string): number | undefined {
  const [family, measure, when, by, group] = cell.split('|') as [string, string, string, string, string];
  if (family !== 'reach') return undefined;
  const f = [...periods.entries()].find(([name, x]) => name === when || `day:${x.period.to}` === when)?.[1];
  if (f === undefined) return undefined;
  const row = f.reach.get(by as Breakdown)?.find((r) => Object.values(r.group).join('/') === group);
  if (row === undefined) return 0;
  if (measure === 'youth') return row.uniqueYouth;
  if (measure === 'starts') return row.starts;
  if (measure === 'stops') return row.stops;
  if (measure === 'inCareEnd') return row.inCareEnd;
  return row.stopsByReason[measure.slice('reason:'.length)] ?? 0;
}

