// Attackers who know part of the figures [issue 13 "no count of 1–4 worked out by subtraction";
// docs/decisions.md §40]: a municipality knows its own young people, so in a public table of every
// municipality and the region it can take its own figures off a total and its own cells out of every
// sum. protect() proves the table once per such attacker. The attack here is written apart from
// protect's: its own linear programs over the shown cells and the relations.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { protect, THRESHOLD, type Attacker, type CellSystem, type LinearProgram, type Relation } from '../src/domain/disclosure/protect.ts';
import { highsSolver } from '../src/app/lp-solver.ts';

describe('protect against attackers with figures of their own', () => {
  it('hides the total instead when the attacker knows the other part (9 + 3 = 12)', async () => {
    // cells: 0 the region, 1 municipality A, 2 municipality B
    const system: CellSystem = { values: [12, 9, 3], relations: [{ kind: 'sum', total: 0, parts: [1, 2] }] };
    // the public alone: B and the next smallest part hidden, the total shown (9 + 3 cannot be split)
    expect((await protect(system, highsSolver)).hidden).toEqual([false, true, true]);
    // A knows its 9: 12 − 9 = 3 tells B. For A the region's others' part is 3, so the region is
    // hidden instead; then A's 9 may be shown (region = 9 + B leaves B open to everyone)
    const a: Attacker = { name: 'A', knows: [false, true, false], own: [9, 9, 0] };
    expect((await protect({ ...system, attackers: [a] }, highsSolver)).hidden).toEqual([true, false, true]);
  });

  it('hides a total of 7 whose others’ part is 4 for an attacker with 3 of its own, though 7 is no small count', async () => {
    // cells: 0 the year, 1 and 2 its halves; the attacker's own young people: 3 = 2 + 1
    const system: CellSystem = { values: [7, 4, 3], relations: [{ kind: 'sum', total: 0, parts: [1, 2] }] };
    expect((await protect(system, highsSolver)).hidden).toEqual([false, true, true]);
    const x: Attacker = { name: 'X', knows: [], own: [3, 2, 1] };
    expect((await protect({ ...system, attackers: [x] }, highsSolver)).hidden).toEqual([true, true, true]);
  });

  it('hides a zero where nothing else frees a count: 2 young people, 1 its own, no starts, last year’s stock hidden (found on the ten-year demo, 2037)', async () => {
    // cells: 0 young people of a group in H1 (2, one the provider's own), 1 in care on 31 December
    // before (2, hidden by last year's publication), 2 starts in H1 (0), 3 the municipality's starts
    // (10) and 4 its other group's (10), 5 the municipality's young people (30) and 6 the other group's (28)
    const relations: Relation[] = [
      { kind: 'le', small: 0, large: [1, 2] },
      { kind: 'sum', total: 3, parts: [2, 4] },
      { kind: 'cover', total: 5, parts: [0, 6] },
    ];
    const system: CellSystem = { values: [2, 2, 0, 10, 10, 30, 28], relations, earlier: [false, true, false, false, false, false, false] };
    // for the provider the others' part is at most 5 + 0 − 1 = 4 as long as the zero starts are shown
    const provider: Attacker = { name: 'provider', knows: [], own: [1, 0, 0, 0, 0, 1, 0] };
    const p = await protect({ ...system, attackers: [provider] }, highsSolver);
    expect(p.hidden[2]).toBe(true);
    expect(await attack({ ...system, attackers: [provider] }, p.hidden, provider)).toEqual([]);
  });

  it('frees a count pinned through another period: the half year equals the year where the other half is 0', async () => {
    // municipality A: H1 0, H2 3, year 3; B: 10, 20, 30; the region: 10, 23, 33. A's H2 and year are
    // 3 (hidden); what frees them moves the same amount in B's or the region's H2 and year
    const values = [0, 3, 3, 10, 20, 30, 10, 23, 33];
    const relations: Relation[] = [0, 3, 6].map((row) => ({ kind: 'sum' as const, total: row + 2, parts: [row, row + 1] }));
    for (const col of [0, 1, 2]) relations.push({ kind: 'sum', total: 6 + col, parts: [col, 3 + col] });
    const p = await protect({ values, relations }, highsSolver);
    expect(await attack({ values, relations }, p.hidden, { name: 'public', knows: [] })).toEqual([]);
    expect(p.secondary).toBe(2);
  });

  it('refuses an own part larger than the cell (a bug in how the attacker was described)', async () => {
    await expect(protect({ values: [5, 5], relations: [], attackers: [{ name: 'X', knows: [], own: [6, 0] }] }, highsSolver)).rejects.toThrow(/own part/);
  });
});

/** A table of municipalities × groups with the municipalities' totals, the groups' totals and the region's. */
function table(m: readonly (readonly number[])[]) {
  const values: number[] = [];
  const names: string[] = [];
  const cell = (name: string, v: number) => (values.push(v), names.push(name), values.length - 1);
  const groups = m[0]!.length;
  const inner = m.map((row, j) => row.map((v, g) => cell(`m${j}g${g}`, v)));
  const rowTotal = m.map((row, j) => cell(`m${j}`, row.reduce((s, v) => s + v, 0)));
  const colTotal = Array.from({ length: groups }, (_, g) => cell(`g${g}`, m.reduce((s, row) => s + row[g]!, 0)));
  const region = cell('region', m.flat().reduce((s, v) => s + v, 0));
  const relations: Relation[] = [
    ...inner.map((row, j) => ({ kind: 'sum' as const, total: rowTotal[j]!, parts: row })),
    ...colTotal.map((t, g) => ({ kind: 'sum' as const, total: t, parts: inner.map((row) => row[g]!) })),
    { kind: 'sum', total: region, parts: colTotal },
    { kind: 'sum', total: region, parts: rowTotal },
  ];
  // Municipality j knows its own row and total; of a group's total and the region its own part.
  const attackers: Attacker[] = m.map((row, j) => {
    const knows = values.map(() => false);
    const own = values.map(() => 0);
    for (const c of [...inner[j]!, rowTotal[j]!]) (knows[c] = true), (own[c] = values[c]!);
    colTotal.forEach((t, g) => (own[t] = row[g]!));
    own[region] = values[rowTotal[j]!]!;
    return { name: `municipality ${j}`, knows, own };
  });
  return { system: { values, relations, names } as CellSystem, attackers };
}

/**
 * The attack, written apart from protect: for every cell hidden from the attacker whose others' part
 * is 1–4, the largest value the shown cells, the attacker's own and the relations allow. Returns the
 * cells it pins below the threshold.
 */
async function attack(system: CellSystem, hidden: readonly boolean[], a: Attacker): Promise<string[]> {
  const { values, relations } = system;
  const own = (c: number) => a.own?.[c] ?? 0;
  const vars = values.map((_, c) => c).filter((c) => hidden[c] && !a.knows[c]);
  const index = new Map(vars.map((c, i) => [c, i]));
  const rows: LinearProgram['rows'][number][] = [];
  // A side of a relation: its hidden cells as terms, the rest moved to the right-hand side.
  const side = (cs: readonly number[], sign: number, terms: [number, number][]): number => {
    let rhs = 0;
    for (const c of cs) {
      if (index.has(c)) terms.push([index.get(c)!, sign]);
      else rhs -= sign * values[c]!;
    }
    return rhs;
  };
  for (const r of relations) {
    const terms: [number, number][] = [];
    if (r.kind === 'le') {
      const rhs = side([r.small], 1, terms) + side(r.large, -1, terms);
      if (terms.length > 0) rows.push({ terms, op: '<=', rhs });
      continue;
    }
    const rhs = side(r.parts, 1, terms) + side([r.total], -1, terms);
    if (terms.length > 0) rows.push({ terms, op: r.kind === 'sum' ? '=' : '>=', rhs });
    if (r.kind === 'cover') {
      for (const part of r.parts) {
        const t: [number, number][] = [];
        const k = side([part], 1, t) + side([r.total], -1, t);
        if (t.length > 0) rows.push({ terms: t, op: '<=', rhs: k });
      }
    }
  }
  const pinned: string[] = [];
  // a hidden cell: at least 1 (or 0 where a zero was hidden: granted to the attacker) and its own
  // part; one an earlier publication hid (not this one's to prove), between its value and the threshold
  const earlier = (v: number) => system.earlier?.[v] === true;
  for (const c of vars) {
    const others = values[c]! - own(c);
    if (others < 1 || others >= THRESHOLD || earlier(c)) continue;
    const lower = vars.map((v) => (earlier(v) ? values[v]! : Math.max(values[v] === 0 ? 0 : 1, own(v))));
    const upper = vars.map((v) => (earlier(v) ? THRESHOLD : undefined));
    const r = await highsSolver.maximise({ variables: vars.length, lower, upper, rows, objective: [[index.get(c)!, 1]] });
    if (r.status === 'optimal' && r.values[index.get(c)!]! - own(c) < THRESHOLD - 1e-6) pinned.push(`${system.names?.[c] ?? c} (others' part ${others}, at most ${r.values[index.get(c)!]! - own(c)} for ${a.name})`);
  }
  return pinned;
}

describe('the attackers on generated tables (property)', () => {
  const small = fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 15 }));
  const tables = fc.integer({ min: 2, max: 4 }).chain((municipalities) => fc.integer({ min: 2, max: 4 }).chain((groups) => fc.array(fc.array(small, { minLength: groups, maxLength: groups }), { minLength: municipalities, maxLength: municipalities })));

  it('leaves no municipality able to pin the others’ part of any cell below 5, nor the public any cell', async () => {
    let attacked = 0;
    await fc.assert(
      fc.asyncProperty(tables, async (m) => {
        const { system, attackers } = table(m);
        const { hidden } = await protect({ ...system, attackers }, highsSolver);
        for (const a of [{ name: 'the public', knows: [] } as Attacker, ...attackers]) {
          expect(await attack(system, hidden, a)).toEqual([]);
          attacked++;
        }
        // and nothing shown is a count of 1–4, for the public or as anyone's others' part
        system.values.forEach((v, c) => {
          if (hidden[c]) return;
          expect(v === 0 || v >= THRESHOLD).toBe(true);
          for (const a of attackers) if (!a.knows[c]) expect(v - (a.own?.[c] ?? 0), `${system.names![c]} for ${a.name}`).not.toSatisfy((x: number) => x >= 1 && x < THRESHOLD);
        });
      }),
      { numRuns: 60, seed: 20281206 },
    );
    expect(attacked).toBeGreaterThan(150);
  }, 240_000);

  it('finds what a protection against the public alone leaves to the municipalities (the attack is not blind)', async () => {
    let found = 0;
    for (const m of fc.sample(tables, { numRuns: 40, seed: 11 })) {
      const { system, attackers } = table(m);
      const { hidden } = await protect(system, highsSolver);
      for (const a of attackers) found += (await attack(system, hidden, a)).length;
    }
    expect(found).toBeGreaterThan(0);
  }, 240_000);
});
