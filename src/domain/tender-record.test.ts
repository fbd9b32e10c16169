// The tender's record as a fold [issue 16; decisions §63–§65]: the order of the steps, the assessors'
// independence, and what the definition must hold — the classes of the defects an attacker's review
// found (a file completing someone else's point, re-scoring once the scores are known, no assessors,
// theme shares that are not 100, a tie in the waiting room, a withdrawal lost on reopening).
import { describe, expect, it } from 'vitest';
import { Refusal } from './errors.ts';
import { applyTender, rankingOf, scoresSeenBy, withHiddenScores, type TenderDecision, type TenderDefinition, type TenderFactJson, type TenderState } from './tender-record.ts';

const region = { themes: ['A', 'B'], areas: ['x', 'y'] };
const def: TenderDefinition = {
  id: 'T',
  name: 'T',
  year: 2029,
  publishedOn: '2028-01-01',
  themes: [{ code: 'A', sharePct: '60' }, { code: 'B', sharePct: '40' }],
  areas: ['x', 'y'],
  requirements: [{ id: 'r', label: 'R' }],
  criteria: [{ id: 'c', label: 'C', weight: 1, max: 10, sufficient: 6 }],
  maxSelected: 1,
  waitingRoom: 2,
  tieBreak: [{ kind: 'draw' }],
  standstillDays: 20,
  assessors: ['ann', 'bob'],
  demand: [],
};

function fold(steps: TenderDecision[]): Record<string, TenderState> {
  let tenders: Record<string, TenderState> = {};
  steps.forEach((d, i) => (tenders = applyTender(tenders, d, i + 1, region).tenders));
  return tenders;
}
const code = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof Refusal) return e.text('en');
    throw e;
  }
  return 'accepted';
};
const fact = (bidder: string, kind: TenderFactJson['kind'], item: string, value: number, assessor = '', reason = 'x'): TenderFactJson => ({ bidder, kind, item, assessor, value, reason });
const submitted = (bidder: string, score: number): TenderFactJson[] => [fact(bidder, 'requirement', 'r', 1), fact(bidder, 'score', 'c', score, 'ann', ''), fact(bidder, 'score', 'c', score, 'bob', ''), fact(bidder, 'consensus', 'c', score)];

describe('the tender record', () => {
  it('refuses a definition without assessors, with theme shares that are not 100, or with an unbounded standstill', () => {
    const define = (d: Partial<TenderDefinition>) => code(() => fold([{ kind: 'tender.define', tender: { ...def, ...d } }]));
    expect(define({ assessors: [] })).toMatch(/assessors: none/);
    expect(define({ themes: [{ code: 'A', sharePct: '30' }, { code: 'B', sharePct: '30' }] })).toMatch(/add up to 30 \+ 30, not 100/);
    expect(define({ themes: [{ code: 'A', sharePct: 'abc' }, { code: 'B', sharePct: '40' }] })).toMatch(/not a percentage/);
    expect(define({ standstillDays: 100_000_001 })).toMatch(/standstillDays/);
    expect(define({})).toBe('accepted');
  });

  it('lets an assessor score only for itself on the page, a file bring a point only as a whole, and no one re-score a known point', () => {
    const base: TenderDecision[] = [{ kind: 'tender.define', tender: def }, { kind: 'tender.facts', tender: 'T', source: 'f', facts: [fact('P', 'requirement', 'r', 1)] }];
    const ann: TenderDecision = { kind: 'tender.facts', tender: 'T', source: 'page', byAssessor: 'ann', facts: [fact('P', 'score', 'c', 9, 'ann', '')] };
    expect(code(() => fold([...base, { ...ann, facts: [fact('P', 'score', 'c', 1, 'bob', '')] }]))).toMatch(/ann gives its own scores only/);
    // bob cannot complete ann's point from a file (and so see her 9) …
    expect(code(() => fold([...base, ann, { kind: 'tender.facts', tender: 'T', source: 'f', facts: [fact('P', 'score', 'c', 1, 'bob', '')] }]))).toMatch(/being scored on the page/);
    // … nor bring half a point on paper.
    expect(code(() => fold([...base, { kind: 'tender.facts', tender: 'T', source: 'f', facts: [fact('P', 'score', 'c', 1, 'bob', '')] }]))).toMatch(/some assessors' scores/);
    const both = fold([...base, ann, { kind: 'tender.facts', tender: 'T', source: 'page', byAssessor: 'bob', facts: [fact('P', 'score', 'c', 7, 'bob', '')] }]);
    expect(scoresSeenBy(both['T']!, 'bob', 'P', 'c').all).toEqual([{ assessor: 'ann', value: 9 }, { assessor: 'bob', value: 7 }]);
    expect(code(() => applyTender(both, { kind: 'tender.facts', tender: 'T', source: 'page', byAssessor: 'bob', facts: [fact('P', 'score', 'c', 9, 'bob', '')] }, 99, region))).toMatch(/every assessor has scored c for P/);
    // Until bob scores, ann's score and its reason are hidden from the ledger as others read it.
    const half = fold([...base, { ...ann, facts: [fact('P', 'score', 'c', 9, 'ann', 'een 9 want …')] }]);
    const entries = [{ decision: { kind: 'tender.facts', tender: 'T', source: 'page', byAssessor: 'ann', facts: [fact('P', 'score', 'c', 9, 'ann', 'een 9 want …')] } }];
    expect(JSON.stringify(withHiddenScores(entries, half))).not.toMatch(/een 9|"value":9/);
  });

  it('refuses the intended selection while scoring is unfinished, or a tie lies in the waiting room without a draw', () => {
    const define: TenderDecision = { kind: 'tender.define', tender: def };
    const unfinished = fold([define, { kind: 'tender.facts', tender: 'T', source: 'f', facts: [...submitted('P1', 9), fact('P2', 'requirement', 'r', 1)] }]);
    expect(code(() => applyTender(unfinished, { kind: 'tender.intend', tender: 'T', date: '2028-03-01' }, 9, region))).toMatch(/scoring is not finished .*c for P2/);
    // P2 and P3 tie in the waiting room (P1 selected, room of 2): its order decides who moves up.
    const tied = fold([define, { kind: 'tender.facts', tender: 'T', source: 'f', facts: [...submitted('P1', 9), ...submitted('P2', 7), ...submitted('P3', 7)] }]);
    expect(code(() => applyTender(tied, { kind: 'tender.intend', tender: 'T', date: '2028-03-01' }, 9, region))).toMatch(/in the waiting room without a recorded draw: P2 = P3/);
  });

  it('keeps a withdrawal when an upheld objection reopens the record', () => {
    const t = fold([
      { kind: 'tender.define', tender: def },
      { kind: 'tender.facts', tender: 'T', source: 'f', facts: [...submitted('P1', 9), ...submitted('P2', 8), ...submitted('P3', 7)] },
      { kind: 'tender.intend', tender: 'T', date: '2028-03-01' },
      { kind: 'tender.withdraw', tender: 'T', bidder: 'P1', date: '2028-03-02' },
      { kind: 'tender.objection', tender: 'T', bidder: 'P3', date: '2028-03-03', text: 'x' },
      { kind: 'tender.objection.outcome', tender: 'T', objection: 5, outcome: 'upheld', date: '2028-03-04' },
    ])['T']!;
    expect(t.status).toBe('open');
    const lines = rankingOf(t).lines;
    expect(lines.map((l) => [l.bidder, l.status])).toEqual([['P2', 'selected'], ['P3', 'waiting_room'], ['P1', 'not_selected']]);
    expect(code(() => applyTender({ T: t }, { kind: 'tender.objection.outcome', tender: 'T', objection: 5, outcome: 'rejected', date: '2028-03-01' }, 9, region))).toMatch(/answered in entry #6/);
  });
});
