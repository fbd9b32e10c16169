// The tender's ranking, tie rule, waiting room, import, coverage grid and distribution [issue 16]:
// hand-made cases and the properties the issue names — the ranking is a total order given the tie rule, the waiting room
// fills in rank order, the distribution sums exactly to the theme budget.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assess, coverageGrid, distribute, distributeShares, rank, totalScore, withdraw, type Submission, type TenderRules } from './tender.ts';
import { feedRows } from './table-import.ts';
import { decimalsToWeights } from './money.ts';
import { tenderImport } from './tender-import.ts';

const rules: TenderRules = {
  criteria: [
    { id: 'tech', weight: 2, max: 10, sufficient: 6 },
    { id: 'B', theme: 'B', weight: 3, max: 10, sufficient: 6 },
  ],
  requirements: ['integrity', 'wnt'],
  maxSelected: 2,
  waitingRoom: 1,
  tieBreak: [{ kind: 'criterion', criterion: 'B' }, { kind: 'draw' }],
};
const sub = (bidder: string, tech: number | undefined, b: number | undefined, req: Record<string, boolean> = { integrity: true, wnt: true }): Submission => ({
  bidder,
  requirements: req,
  scores: { ...(tech !== undefined ? { tech } : {}), ...(b !== undefined ? { B: b } : {}) },
});

describe('the ranking', () => {
  it('counts the themes as their mean over the themes bid on, exactly; a theme not bid on needs no score', () => {
    const themed: TenderRules = { ...rules, criteria: [...rules.criteria, { id: 'C', theme: 'C', weight: 3, max: 10, sufficient: 6 }, { id: 'D', theme: 'D', weight: 3, max: 10, sufficient: 6 }] };
    const one: Submission = { bidder: 'ONE', requirements: { integrity: true, wnt: true }, scores: { tech: 8, B: 8 }, themes: ['B'] };
    const three: Submission = { bidder: 'THREE', requirements: { integrity: true, wnt: true }, scores: { tech: 8, B: 8, C: 9, D: 7 }, themes: ['B', 'C', 'D'] };
    const uneven: Submission = { bidder: 'UNEVEN', requirements: { integrity: true, wnt: true }, scores: { tech: 8, B: 8, C: 8, D: 9 }, themes: ['B', 'C', 'D'] };
    // 16 + 24 = 40; 16 + (24 + 27 + 21) / 3 = 40; 16 + (24 + 24 + 27) / 3 = 41
    expect(rank([one, three, uneven], { ...themed, tieBreak: [{ kind: 'draw' }] }, [['THREE', 'ONE']]).lines.map((l) => [l.bidder, l.totalScore, l.tieBreak ?? null])).toEqual([
      ['UNEVEN', '41', null],
      ['THREE', '40', null],
      ['ONE', '40', 'draw'],
    ]);
    const third: Submission = { bidder: 'T', requirements: { integrity: true, wnt: true }, scores: { tech: 8, B: 8, C: 9, D: 8 }, themes: ['B', 'C', 'D'] };
    // D weighs 4 here: 16 + (24 + 27 + 32) / 3 = 43.666…
    expect(rank([third], { ...themed, criteria: themed.criteria.map((c) => (c.id === 'D' ? { ...c, weight: 4 } : c)) }).lines[0]!.totalScore).toBe('43.67');
    expect(assess({ ...three, scores: { tech: 8, B: 8, C: 9 } }, themed)).toEqual({ status: 'incomplete', reasons: ['criterion D not scored'] });
    expect(assess({ ...one, themes: [] }, themed).status).toBe('incomplete');
  });

  it('ranks complete, sufficient submissions by total; breaks ties by the named criterion, then a recorded draw', () => {
    const subs = [sub('P1', 9, 8), sub('P2', 6, 10), sub('P3', 8, 8), sub('P4', 7, 7), sub('P5', 10, 9), sub('X', 9, undefined), sub('Y', 5, 9), sub('Z', 9, 9, { integrity: false, wnt: true })];
    const r = rank(subs, rules);
    // totals: P5 47, P1 42, P2 42 (B 10 > 8: P2 first), P3 40, P4 35
    expect(r.lines.map((l) => [l.bidder, l.rank ?? null, l.status, l.totalScore ?? null, l.tieBreak ?? null])).toEqual([
      ['P5', 1, 'selected', '47', null],
      ['P2', 2, 'selected', '42', null],
      ['P1', 3, 'waiting_room', '42', 'criterion B'],
      ['P3', 4, 'not_selected', '40', null],
      ['P4', 5, 'not_selected', '35', null],
      ['X', null, 'incomplete', null, null],
      ['Y', null, 'insufficient', null, null],
      ['Z', null, 'insufficient', null, null],
    ]);
    expect(r.unresolved).toEqual([]);
    expect(assess(sub('X', 9, undefined), rules).reasons).toEqual(['criterion B not scored']);
    expect(assess(sub('Z', 9, 9, { integrity: false, wnt: true }), rules).reasons).toEqual(['requirement integrity not met']);
  });

  it('never breaks a tie silently: without a recorded draw the tied group is unresolved', () => {
    const subs = [sub('A', 8, 8), sub('B', 8, 8), sub('C', 10, 10)];
    const open = rank(subs, rules);
    expect(open.unresolved).toEqual([['A', 'B']]);
    expect(open.lines.filter((l) => l.tieBreak === 'unresolved').map((l) => l.bidder)).toEqual(['A', 'B']);
    const drawn = rank(subs, rules, [['B', 'A']]);
    expect(drawn.unresolved).toEqual([]);
    expect(drawn.lines.slice(0, 3).map((l) => [l.bidder, l.rank, l.tieBreak ?? null])).toEqual([
      ['C', 1, null],
      ['B', 2, null],
      ['A', 3, 'draw'],
    ]);
    // A rule without a draw leaves such a tie unresolved even when a draw was recorded.
    expect(rank(subs, { ...rules, tieBreak: [{ kind: 'criterion', criterion: 'B' }] }, [['B', 'A']]).unresolved).toEqual([['A', 'B']]);
  });

  it('draws from the waiting room in rank order on a withdrawal', () => {
    const r = rank([sub('P1', 9, 9), sub('P2', 8, 9), sub('P3', 7, 9), sub('P4', 6, 9)], { ...rules, waitingRoom: 2 });
    const w = withdraw(r.lines, 'P1');
    expect(w.promoted).toBe('P3');
    expect(w.lines.filter((l) => l.status === 'selected').map((l) => l.bidder)).toEqual(['P2', 'P3']);
    expect(w.lines.find((l) => l.bidder === 'P1')).toMatchObject({ status: 'not_selected', reasons: ['withdrawn'] });
    const again = withdraw(w.lines, 'P2');
    expect(again.promoted).toBe('P4');
    expect(() => withdraw(again.lines, 'P1')).toThrow(/not selected/);
  });

  const arbSubs = fc.uniqueArray(fc.record({ bidder: fc.string({ minLength: 1, maxLength: 3 }), tech: fc.integer({ min: 0, max: 10 }), b: fc.integer({ min: 0, max: 10 }) }), { selector: (s) => s.bidder, maxLength: 25 });

  it('property: given a draw for every tie, the ranking is a total order consistent with the scores, and the statuses follow the ranks', () => {
    fc.assert(
      fc.property(arbSubs, (raw) => {
        const subs = raw.map((x) => sub(x.bidder, x.tech, x.b));
        const first = rank(subs, rules);
        const draws = first.unresolved.map((g) => [...g].reverse());
        const r = rank(subs, rules, draws);
        expect(r.unresolved).toEqual([]);
        const ranked = r.lines.filter((l) => l.rank !== undefined);
        expect(ranked.map((l) => l.rank)).toEqual(ranked.map((_, i) => i + 1));
        for (let i = 1; i < ranked.length; i++) {
          const a = subs.find((s) => s.bidder === ranked[i - 1]!.bidder)!;
          const b = subs.find((s) => s.bidder === ranked[i]!.bidder)!;
          expect(totalScore(a, rules)).toBeGreaterThanOrEqual(totalScore(b, rules));
          if (totalScore(a, rules) === totalScore(b, rules)) expect(a.scores['B']!).toBeGreaterThanOrEqual(b.scores['B']!);
        }
        // Statuses: the first N selected, the next ones the waiting room, in rank order.
        expect(ranked.map((l) => l.status)).toEqual(ranked.map((_, i) => (i < rules.maxSelected ? 'selected' : i < rules.maxSelected + rules.waitingRoom ? 'waiting_room' : 'not_selected')));
        // The same submissions in another order give the same ranking.
        expect(rank([...subs].reverse(), rules, draws).lines).toEqual(r.lines);
      }),
    );
  });

  it('property: withdrawals draw the waiting room in rank order, one for one, until it is empty', () => {
    const wide: TenderRules = { ...rules, maxSelected: 3, waitingRoom: 2 };
    fc.assert(
      fc.property(arbSubs, fc.array(fc.nat(), { maxLength: 6 }), (raw, picks) => {
        const subs = raw.map((x) => sub(x.bidder, x.tech, x.b));
        const first = rank(subs, wide);
        let lines = rank(subs, wide, first.unresolved.map((g) => [...g])).lines;
        const room = () => lines.filter((l) => l.status === 'waiting_room').sort((a, b) => a.rank! - b.rank!);
        for (const pick of picks) {
          const selected = lines.filter((l) => l.status === 'selected');
          if (selected.length === 0) break;
          const before = room();
          const leaving = selected[pick % selected.length]!.bidder;
          const r = withdraw(lines, leaving);
          // The first of the waiting room by rank moves up; the number selected stays while the room lasts.
          expect(r.promoted).toBe(before[0]?.bidder);
          expect(r.lines.filter((l) => l.status === 'selected')).toHaveLength(selected.length - (before.length > 0 ? 0 : 1));
          expect(r.lines.find((l) => l.bidder === leaving)).toMatchObject({ status: 'not_selected', reasons: ['withdrawn'] });
          lines = r.lines;
          expect(room().map((l) => l.bidder)).toEqual(before.slice(1).map((l) => l.bidder));
        }
      }),
    );
  });
});

describe('the distribution', () => {
  it('splits a theme budget by capacity, by score or a mix, exactly', () => {
    const providers = [
      { bidder: 'A', capacity: 300, score: 40 },
      { bidder: 'B', capacity: 100, score: 40 },
    ];
    expect(distribute({ budgetCents: 1_000_000n, providers, basis: { kind: 'capacity' } })).toEqual([{ bidder: 'A', sharePct: '75', cents: 750_000n }, { bidder: 'B', sharePct: '25', cents: 250_000n }]);
    expect(distribute({ budgetCents: 1_000_001n, providers, basis: { kind: 'score' } })).toEqual([{ bidder: 'A', sharePct: '50', cents: 500_001n }, { bidder: 'B', sharePct: '50', cents: 500_000n }]);
    // 50% by capacity (75/25), 50% by score (50/50): 62.5 / 37.5
    expect(distribute({ budgetCents: 1_000_000n, providers, basis: { kind: 'mix', capacityPct: 50 } })).toEqual([{ bidder: 'A', sharePct: '62.5', cents: 625_000n }, { bidder: 'B', sharePct: '37.5', cents: 375_000n }]);
    // A third each: the shares add up to exactly 100 (largest remainder on the sixth decimal).
    expect(distributeShares([{ bidder: 'A', capacity: 1, score: 1 }, { bidder: 'B', capacity: 1, score: 1 }, { bidder: 'C', capacity: 1, score: 1 }], { kind: 'capacity' }).map((s) => s.sharePct)).toEqual(['33.333334', '33.333333', '33.333333']);
  });

  it('property: the parts add up to the budget exactly, whatever the basis', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 11n }),
        fc.array(fc.record({ capacity: fc.integer({ min: 1, max: 5000 }), score: fc.integer({ min: 1, max: 100 }) }), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 0, max: 100 }),
        (budget, ps, pct) => {
          const providers = ps.map((p, i) => ({ bidder: `P${i}`, ...p }));
          for (const basis of [{ kind: 'capacity' as const }, { kind: 'score' as const }, { kind: 'mix' as const, capacityPct: pct }]) {
            const parts = distribute({ budgetCents: budget, providers, basis });
            expect(parts.reduce((s, p) => s + p.cents, 0n)).toBe(budget);
            expect(decimalsToWeights(parts.map((p) => p.sharePct)).reduce((s, w) => s + w * 10n ** BigInt(6 - (parts.map((p) => p.sharePct.split('.')[1]?.length ?? 0).reduce((a, b) => Math.max(a, b), 0))), 0n)).toBe(100_000_000n);
            for (const p of parts) expect(p.cents >= 0n).toBe(true);
          }
        },
      ),
    );
  });
});


describe('the tender import', () => {
  const HEADER = ['bidder', 'kind', 'item', 'assessor', 'value', 'reason'];
  const read = (rows: string[][]) => {
    const t = tenderImport({ file: 'tender.csv' }, rules);
    feedRows(t, [HEADER, ...rows]);
    return t.finish();
  };
  const complete = (bidder: string, tech: string, b: string, oralB?: string): string[][] => [
    [bidder, 'bidder', `Inschrijver ${bidder}`, '', '-', ''],
    [bidder, 'theme', 'B', '', 'ja', ''],
    [bidder, 'requirement', 'integrity', '', 'ja', 'verklaring 2026-09'],
    [bidder, 'requirement', 'wnt', '', 'ja', 'jaarrekening'],
    [bidder, 'score', 'tech', 'Jansen', tech, ''],
    [bidder, 'score', 'tech', 'De Vries', tech, ''],
    [bidder, 'consensus', 'tech', '', tech, 'eens na overleg'],
    [bidder, 'consensus', 'B', '', b, 'visie sterk op netwerk'],
    ...(oralB ? [[bidder, 'oral', 'B', '', oralB, 'protocol 4.2: toelichting op de aanpak']] : []),
  ];

  it('reads the record into submissions: the oral adjustment over the consensus', () => {
    const r = read([...complete('P1', '8', '7', '9'), ...complete('P2', '9', '8')]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.submissions).toEqual([
      { bidder: 'P1', requirements: { integrity: true, wnt: true }, scores: { tech: 8, B: 9 }, themes: ['B'] },
      { bidder: 'P2', requirements: { integrity: true, wnt: true }, scores: { tech: 9, B: 8 }, themes: ['B'] },
    ]);
    expect(rank(r.value.submissions, rules).lines.map((l) => l.bidder)).toEqual(['P1', 'P2']);
  });

  const refusals: [string, string[], string, string][] = [
    ['an unknown kind', ['P2', 'guess', 'B', '', '7', ''], 'kind', 'geen soort rij'],
    ['an unknown theme', ['P2', 'theme', 'Q', '', 'ja', ''], 'item', 'geen thema'],
    ['a bidder without an AGB code or -', ['P2', 'bidder', 'Naam', '', '12', ''], 'value', 'AGB-code'],
    ['a bidder code that cannot be a provider code', ['P 2', 'bidder', 'Naam', '', '-', ''], 'bidder', 'aanbiederscode'],
    ['an unknown requirement', ['P2', 'requirement', 'hkz', '', 'ja', ''], 'item', 'geen geschiktheidseis'],
    ['a requirement scored', ['P2', 'requirement', 'wnt', '', '7', ''], 'value', 'ja of nee'],
    ['an unknown criterion', ['P2', 'consensus', 'Q', '', '7', 'x'], 'item', 'geen criterium'],
    ['a score above the scale', ['P2', 'consensus', 'B', '', '11', 'x'], 'value', 'van 0 tot en met 10'],
    ["an assessor's score without the assessor", ['P2', 'score', 'B', '', '7', ''], 'assessor', 'noemt de beoordelaar'],
    ['a consensus without its reasoning', ['P2', 'consensus', 'B', '', '7', ''], 'reason', 'motivering'],
    ['an oral adjustment without the reason', ['P1', 'oral', 'B', '', '7', ''], 'reason', 'protocol'],
    ['an oral adjustment without a consensus', ['P9', 'oral', 'B', '', '7', 'protocol 4.2'], 'kind', 'zonder consensusscore'],
  ];
  for (const [what, row, column, says] of refusals) {
    it(`refuses ${what}, naming row and column in Dutch`, () => {
      const r = read([...complete('P1', '8', '7'), row]);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      const p = r.problems.find((x) => x.where.row === 10 && x.where.column === column)!;
      expect(p, JSON.stringify(r.problems)).toBeDefined();
      expect(p.said.nl).toContain(says);
    });
  }

  it('refuses a fact given twice', () => {
    const r = read([...complete('P1', '8', '7'), ['P1', 'consensus', 'B', '', '6', 'nogmaals']]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]!.said.nl).toMatch(/twee keer/);
  });
});


describe('coverage of the demand (phase 2)', () => {
  it('finds gaps, under- and over-capacity per theme and area', () => {
    const grid = coverageGrid(
      [
        { bidder: 'P1', theme: 'B', area: 'noord', min: 50, max: 120 },
        { bidder: 'P2', theme: 'B', area: 'noord', min: 30, max: 60 },
        { bidder: 'P1', theme: 'B', area: 'oost', min: 200, max: 300 },
        { bidder: 'P3', theme: 'C', area: 'west', min: 10, max: 40 },
      ],
      [
        { theme: 'B', area: 'noord', youngPeople: 150 },
        { theme: 'B', area: 'oost', youngPeople: 120 },
        { theme: 'C', area: 'west', youngPeople: 90 },
        { theme: 'D', area: 'duo', youngPeople: 15 },
      ],
    );
    expect(grid.map((c) => [c.theme, c.area, c.demand, c.minTotal, c.maxTotal, c.status])).toEqual([
      ['B', 'noord', 150, 80, 180, 'covered'],
      ['B', 'oost', 120, 200, 300, 'over'],
      ['C', 'west', 90, 10, 40, 'under'],
      ['D', 'duo', 15, 0, 0, 'gap'],
    ]);
    expect(() => coverageGrid([{ bidder: 'X', theme: 'B', area: 'noord', min: 10, max: 5 }], [])).toThrow(/low to high/);
  });
});
