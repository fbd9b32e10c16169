// The attacker who owns part of the figures [issue 12 "Disclosure control"; docs/decisions.md §47],
// written apart from the code that protects them (src/domain/disclosure/protect.ts): a municipality
// or a provider reads the one public publication, knows the true value of every cell that is wholly
// its own and its own part of every other cell, writes down every relation a viewer knows between the
// reach cells (REST cells included), and then
//   (1) subtracts: a shown cell less its own part is the others' part — it must not be 1–4;
//   (2) computes by linear programming (HiGHS) the largest value of every hidden cell whose others'
//       part is 1–4: less its own part, it must reach 5.
import highsModule from 'highs';
import type { Highs } from 'highs';
import type { Publication, PublishedPeriod, PublishedReachRow } from '../../src/domain/disclosure/publication.ts';
import type { Truth } from './disclosure-attack.ts';

const THRESHOLD = 5;
const loadHighs = highsModule as unknown as () => Promise<Highs>;
let highsLoaded: Promise<Highs> | undefined;

/** Whose figures the attacker holds: a municipality (its code) or a provider (its AGB codes). */
export type Owner = { readonly name: string } & ({ readonly municipality: string } | { readonly agbCodes: readonly string[] });

export interface OwnerAttackResult {
  /** Shown cells whose others' part (shown value less the owner's own part) is 1–4. */
  readonly shownSmall: string[];
  /** Hidden cells whose others' part is 1–4 and whose largest value, less the owner's part, is below 5. */
  readonly narrowed: { cell: string; truth: number; max: number }[];
  /** Linear programs solved. */
  readonly programs: number;
  /** Hidden cells (to this owner) whose true others' part is 1–4: what the programs had to prove. */
  readonly targets: number;
  /** Cells hidden from this owner (variables of its programs). */
  readonly unknowns: number;
}

export interface OwnerAttackOptions {
  /**
   * Those in care on 31 December of the year before, per breakdown and group, as that year's
   * publication showed them (null: hidden there, or not published): those in care in a period that
   * begins on 1 January are at most these plus the period's starts. Not for age groups (taken on
   * another 31 December).
   */
  readonly inCareBefore?: (by: string, group: string) => number | null;
}

/** The reach measures of a row (stops per reason: 'reason:<code>', on the 'total' rows only). */
const BASE_MEASURES = ['uniqueYouth', 'starts', 'stops', 'inCareEnd'] as const;
type BaseMeasure = (typeof BASE_MEASURES)[number];
/** Events (each in one group and one period) add up exactly; young people cover (may be in several). */
const exact = (m: string) => m === 'starts' || m === 'stops' || m.startsWith('reason:');
const SINGLE_BREAKDOWNS = ['municipality', 'area', 'provider', 'care_form', 'theme', 'age_group', 'gender'] as const;
const CROSSED: Readonly<Record<string, 'theme' | 'care_form'>> = { 'municipality+theme': 'theme', 'municipality+care_form': 'care_form' };
const PERIOD_PARTS: readonly (readonly [PublishedPeriod, readonly PublishedPeriod[]])[] = [
  ['H1', ['Q1', 'Q2']],
  ['H2', ['Q3', 'Q4']],
  ['Y', ['H1', 'H2']],
];
const ORDER: readonly PublishedPeriod[] = ['Q1', 'Q2', 'Q3', 'Q4', 'H1', 'H2', 'Y'];

interface Cell {
  readonly name: string;
  readonly truth: number;
  /** The published value, or null where hidden. */
  readonly shown: number | null;
  /** Wholly the owner's: it knows the true value. */
  readonly known: boolean;
  /** The owner's own part (≤ truth); the truth itself where known. */
  readonly own: number;
}
interface Row {
  readonly what: string;
  /** Σ coefficient × cell  op  0 */
  readonly terms: readonly (readonly [number, number])[];
  readonly op: '=' | '<=' | '>=';
}

const gkey = (r: PublishedReachRow) => Object.values(r.group).join('/');
const dayAfter = (d: string) => {
  const x = new Date(`${d}T00:00:00Z`);
  x.setUTCDate(x.getUTCDate() + 1);
  return x.toISOString().slice(0, 10);
};

/**
 * Attacks the reach tables of `pub` as `owner`. `truth(period, breakdown, groupKey, measure)` gives
 * the region's real count of a cell, `ownPart` the owner's own count of it (its own reach rows);
 * REST cells are the region's less the municipality's, for the truth and for the own part alike.
 * `themeOf` (public) gives a provider's theme group.
 */
export async function attackAsOwner(
  pub: Publication,
  owner: Owner,
  truth: Truth,
  ownPart: Truth,
  themeOf: (provider: string) => string,
  options: OwnerAttackOptions = {},
): Promise<OwnerAttackResult> {
  const periods = ORDER.filter((p) => pub.periods[p] !== undefined);
  const periodsAll = periods;
  const fig = (p: PublishedPeriod) => pub.periods[p]!;
  const whollyOwn = (by: string, g: string): boolean =>
    'municipality' in owner ? (by === 'municipality' || by === 'area' || by in CROSSED) && g.split('/')[0] === owner.municipality : by === 'provider' && owner.agbCodes.includes(g);

  // The breakdowns published, the groups of each (every group seen in any period: 0 where it has no
  // row), the reasons of stops, and the municipalities with a REST.
  const regionRows = (p: PublishedPeriod, by: string) => (fig(p).reach as Record<string, readonly PublishedReachRow[] | undefined>)[by] ?? [];
  const restRows = (p: PublishedPeriod, mun: string, b: string) => (fig(p).rest?.[mun]?.reach as Record<string, readonly PublishedReachRow[] | undefined> | undefined)?.[b] ?? [];
  const breakdowns = [...new Set(periods.flatMap((p) => Object.keys(fig(p).reach)))];
  /** Whether a breakdown is published for a period (a council's crossings only for half years and the year). */
  const has = (p: PublishedPeriod, by: string) => by === 'total' || (fig(p).reach as Record<string, unknown>)[by] !== undefined;
  const groupsOf = new Map(breakdowns.map((by) => [by, [...new Set(periods.flatMap((p) => regionRows(p, by).map(gkey)))]]));
  const reasons = [...new Set(periods.flatMap((p) => regionRows(p, 'total').flatMap((r) => Object.keys(r.stopsByReason))))].sort().map((c) => `reason:${c}`);
  const rests = [...new Set(periods.flatMap((p) => Object.keys(fig(p).rest ?? {})))];
  const restBreakdowns = (mun: string) => [...new Set(periods.flatMap((p) => Object.keys(fig(p).rest?.[mun]?.reach ?? {})))];
  const restGroups = (mun: string, b: string) => [...new Set(periods.flatMap((p) => restRows(p, mun, b).map(gkey)))];

  const cells: Cell[] = [];
  const ids = new Map<string, number>();
  const valueIn = (row: PublishedReachRow | undefined, m: string): number | null => {
    if (row === undefined) return 0;
    // a reason the row does not name had no stops; one it names may be hidden (null)
    if (m.startsWith('reason:')) return m.slice('reason:'.length) in row.stopsByReason ? row.stopsByReason[m.slice('reason:'.length)]! : 0;
    return row[m as BaseMeasure];
  };
  const add = (name: string, cell: () => Cell): number => {
    let id = ids.get(name);
    if (id === undefined) {
      const c = cell();
      if (c.shown !== null && c.shown !== c.truth) throw new Error(`owner attack: ${name} is shown as ${c.shown} but is ${c.truth}`);
      if (c.own < 0 || c.own > c.truth) throw new Error(`owner attack: ${owner.name}'s own part of ${name} (${c.own}) is not within its value (${c.truth})`);
      id = cells.push(c) - 1;
      ids.set(name, id);
    }
    return id;
  };
  /** A cell of the region's tables. */
  const cell = (p: PublishedPeriod, by: string, g: string, m: string): number =>
    add(`${p}|${by}|${g}|${m}`, () => {
      const t = truth(p, by, g, m);
      const known = whollyOwn(by, g);
      const own = ownPart(p, by, g, m);
      if (known && own !== t) throw new Error(`owner attack: ${owner.name} owns ${p}|${by}|${g}|${m} but its own figure (${own}) is not the cell's (${t})`);
      return { name: `${p}|${by}|${g}|${m}`, truth: t, shown: valueIn(regionRows(p, by).find((r) => gkey(r) === g), m), known, own };
    });
  /** The municipality's own cell that a REST cell is the region's cell less of. */
  const municipalityPart = (mun: string, b: string, g: string): [string, string] => (b === 'total' ? ['municipality', mun] : [`municipality+${b}`, `${mun}/${g}`]);
  /** A REST cell: the region's cell less the municipality's. */
  const restCell = (p: PublishedPeriod, mun: string, b: string, g: string, m: string): number =>
    add(`${p}|rest:${mun}|${b}|${g}|${m}`, () => {
      const [mb, mg] = municipalityPart(mun, b, g);
      // The owner's part: its part of the region's cell less its part of the municipality's. Exact for
      // events; for young people as long as a young person is of one municipality (a young person of
      // its own in both would be in neither) — the check that it is within the truth would tell.
      const own = Math.max(0, ownPart(p, b, g, m) - ownPart(p, mb, mg, m));
      return { name: `${p}|rest:${mun}|${b}|${g}|${m}`, truth: truth(p, b, g, m) - truth(p, mb, mg, m), shown: valueIn(restRows(p, mun, b).find((r) => gkey(r) === g), m), known: false, own };
    });

  // ---- The relations a viewer knows ----
  const rows: Row[] = [];
  const sumOrCover = (what: string, m: string, total: number, parts: readonly number[]) => {
    if (parts.length === 0) return;
    rows.push({ what, terms: [...parts.map((c) => [c, 1] as const), [total, -1]], op: exact(m) ? '=' : '>=' });
    if (!exact(m)) for (const c of parts) rows.push({ what: `${what} (a part ≤ the total)`, terms: [[c, 1], [total, -1]], op: '<=' });
  };
  const le = (what: string, small: number, large: readonly number[]) => rows.push({ what, terms: [[small, 1], ...large.map((c) => [c, -1] as const)], op: '<=' });
  const equal = (what: string, a: number, b: number) => rows.push({ what, terms: [[a, 1], [b, -1]], op: '=' });
  const groupMeasures = (by: string) => (by === 'total' ? [...BASE_MEASURES, ...reasons] : [...BASE_MEASURES]);

  for (const p of periods) {
    for (const m of [...BASE_MEASURES, ...reasons]) {
      const total = cell(p, 'total', '', m);
      for (const by of breakdowns) {
        if (by === 'total' || m.startsWith('reason:') || !has(p, by)) continue;
        const gs = groupsOf.get(by)!;
        // Every single breakdown adds up to the total.
        if ((SINGLE_BREAKDOWNS as readonly string[]).includes(by)) sumOrCover(`${m} ${p}: ${by} adds up to the total`, m, total, gs.map((g) => cell(p, by, g, m)));
        // Areas to their municipality; providers to their theme group.
        if (by === 'area' && breakdowns.includes('municipality')) {
          for (const mun of new Set(gs.map((g) => g.split('/')[0]!))) sumOrCover(`${m} ${p}: the areas of ${mun} add up to it`, m, cell(p, 'municipality', mun, m), gs.filter((g) => g.split('/')[0] === mun).map((g) => cell(p, by, g, m)));
        }
        if (by === 'provider' && breakdowns.includes('theme')) {
          for (const t of new Set(gs.map(themeOf))) sumOrCover(`${m} ${p}: the providers of theme ${t} add up to it`, m, cell(p, 'theme', t, m), gs.filter((g) => themeOf(g) === t).map((g) => cell(p, by, g, m)));
        }
        // A crossing adds up to the municipality's row and to its theme's or care form's row.
        const dim = CROSSED[by];
        if (dim !== undefined) {
          if (breakdowns.includes('municipality')) {
            for (const mun of new Set(gs.map((g) => g.split('/')[0]!))) sumOrCover(`${m} ${p}: ${mun} per ${dim} adds up to ${mun}`, m, cell(p, 'municipality', mun, m), gs.filter((g) => g.split('/')[0] === mun).map((g) => cell(p, by, g, m)));
          }
          if (breakdowns.includes(dim)) {
            for (const v of new Set(gs.map((g) => g.split('/')[1]!))) sumOrCover(`${m} ${p}: the municipalities of ${dim} ${v} add up to it`, m, cell(p, dim, v, m), gs.filter((g) => g.split('/')[1] === v).map((g) => cell(p, by, g, m)));
          }
        }
      }
    }
    // Stops per reason add up to the stops; those in care at the end are among those in care.
    if (reasons.length > 0) sumOrCover(`stops ${p}: the reasons add up`, 'stops', cell(p, 'total', '', 'stops'), reasons.map((m) => cell(p, 'total', '', m)));
    for (const by of breakdowns.filter((b) => has(p, b))) for (const g of by === 'total' ? [''] : groupsOf.get(by)!) le(`${p} ${by} ${g}: in care at the end among those in care`, cell(p, by, g, 'inCareEnd'), [cell(p, by, g, 'uniqueYouth')]);
  }

  // Over periods: quarters make half years, half years the year (young people: cover); those in care
  // at the end are one figure for periods that end the same day; those in care in a period are at most
  // those in care the day before it began plus its starts.
  for (const by of breakdowns) {
    const periods = periodsAll.filter((p) => has(p, by));
    for (const g of by === 'total' ? [''] : groupsOf.get(by)!) {
      for (const m of groupMeasures(by)) {
        if (m === 'inCareEnd') {
          for (let i = 0; i < periods.length; i++) {
            const q = periods.slice(i + 1).find((x) => fig(x).period.to === fig(periods[i]!).period.to);
            if (q !== undefined) equal(`${m} ${by} ${g}: ${periods[i]} and ${q} end the same day`, cell(periods[i]!, by, g, m), cell(q, by, g, m));
          }
          continue;
        }
        for (const [whole, parts] of PERIOD_PARTS) {
          if (!periods.includes(whole) || !parts.every((q) => periods.includes(q))) continue;
          sumOrCover(`${m} ${by} ${g}: ${parts.join('+')} make ${whole}`, m, cell(whole, by, g, m), parts.map((q) => cell(q, by, g, m)));
        }
      }
      for (const p of periods) {
        const prior = periods.find((q) => dayAfter(fig(q).period.to) === fig(p).period.from);
        if (prior !== undefined) le(`${by} ${g}: in care in ${p} at most those in care at the end of ${prior} plus the starts of ${p}`, cell(p, by, g, 'uniqueYouth'), [cell(prior, by, g, 'inCareEnd'), cell(p, by, g, 'starts')]);
        const before = fig(p).period.from === `${pub.year}-01-01` && by !== 'age_group' ? options.inCareBefore?.(by, g) : undefined;
        if (before !== undefined && before !== null) {
          const name = `${pub.year - 1}-12-31|${by}|${g}|inCareEnd`;
          const known = add(name, () => ({ name, truth: before, shown: before, known: true, own: before }));
          le(`${by} ${g}: in care in ${p} at most those in care on ${pub.year - 1}-12-31 plus the starts of ${p}`, cell(p, by, g, 'uniqueYouth'), [known, cell(p, by, g, 'starts')]);
        }
      }
    }
  }

  // REST of a municipality: the region's cell is the municipality's cell plus REST, for every measure.
  /** The periods a municipality's REST is published for. */
  const restPeriods = (mun: string) => periods.filter((p) => fig(p).rest?.[mun] !== undefined);
  for (const mun of rests) {
    for (const b of restBreakdowns(mun)) {
      for (const g of restGroups(mun, b)) {
        const [mb, mg] = municipalityPart(mun, b, g);
        for (const p of restPeriods(mun)) {
          for (const m of BASE_MEASURES) rows.push({ what: `${m} ${p}: ${b} ${g} of the region is ${mun}'s plus its REST`, terms: [[cell(p, b, g, m), 1], [cell(p, mb, mg, m), -1], [restCell(p, mun, b, g, m), -1]], op: '=' });
        }
      }
    }
  }

  // What a viewer also knows of REST's young people (beyond protect.ts's model, true for any figures):
  // a young person in REST is in REST of one of its themes (care forms), and in REST of a quarter of
  // the half year. (Not "a part ≤ the total": one with a theme outside the municipality and another in
  // it is in REST of the first theme but not in REST.)
  for (const mun of rests) {
    const periods = restPeriods(mun);
    for (const p of periods) {
      for (const m of ['uniqueYouth', 'inCareEnd']) {
        for (const b of restBreakdowns(mun)) if (b !== 'total') le(`${m} ${p}: REST of ${mun} at most its REST per ${b} added up`, restCell(p, mun, 'total', '', m), restGroups(mun, b).map((g) => restCell(p, mun, b, g, m)));
      }
    }
    for (const b of restBreakdowns(mun)) {
      for (const g of restGroups(mun, b)) {
        for (const [whole, parts] of PERIOD_PARTS) {
          if (periods.includes(whole) && parts.every((q) => periods.includes(q))) le(`uniqueYouth ${b} ${g}: REST of ${mun} in ${whole} at most in ${parts.join(' and ')} added up`, restCell(whole, mun, b, g, 'uniqueYouth'), parts.map((q) => restCell(q, mun, b, g, 'uniqueYouth')));
        }
      }
    }
  }
  // The true figures satisfy every row (else the row is wrong, not the publication).
  for (const r of rows) {
    const lhs = r.terms.reduce((s, [c, k]) => s + k * cells[c]!.truth, 0);
    if (r.op === '=' ? lhs !== 0 : r.op === '<=' ? lhs > 0 : lhs < 0) throw new Error(`owner attack: the true figures break "${r.what}" (${r.terms.map(([c, k]) => `${k}×${cells[c]!.name}=${cells[c]!.truth}`).join(' ')})`);
  }

  // ---- (1) Subtraction: a shown cell less the owner's own part ----
  const small = (v: number) => v > 0 && v < THRESHOLD;
  const shownSmall: string[] = [];
  for (const c of cells) if (c.shown !== null && !c.known && small(c.shown - c.own)) shownSmall.push(`${c.name}: shown ${c.shown}, own part ${c.own}, others' part ${c.shown - c.own}`);

  // ---- (2) Linear programming over the cells hidden from the owner ----
  const unknown = (c: number) => cells[c]!.shown === null && !cells[c]!.known;
  for (let c = 0; c < cells.length; c++) {
    const x = cells[c]!;
    if (unknown(c) && x.truth < atLeast(c)) throw new Error(`owner attack: hidden ${x.name} is ${x.truth}, below what the attacker assumes (at least 1 and its own part ${x.own})`);
  }
  // Rows over unknown cells, constants moved to the right: Σ k·x  op  rhs.
  const lpRows: { terms: [number, number][]; op: Row['op']; rhs: number }[] = [];
  for (const r of rows) {
    const merged = new Map<number, number>();
    let constant = 0;
    for (const [c, k] of r.terms) {
      if (unknown(c)) merged.set(c, (merged.get(c) ?? 0) + k);
      else constant += k * (cells[c]!.known ? cells[c]!.truth : cells[c]!.shown!);
    }
    const terms = [...merged].filter(([, k]) => k !== 0);
    if (terms.length > 0) lpRows.push({ terms, op: r.op, rhs: -constant });
  }
  // The parts of the system that share no relation are attacked one at a time (smaller programs).
  const parent = cells.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (const r of lpRows) for (const [c] of r.terms.slice(1)) parent[find(c)] = find(r.terms[0]![0]);
  const parts = new Map<number, number[]>();
  for (let c = 0; c < cells.length; c++) if (unknown(c)) parts.set(find(c), [...(parts.get(find(c)) ?? []), c]);
  const rowsOf = new Map<number, typeof lpRows>();
  for (const r of lpRows) rowsOf.set(find(r.terms[0]![0]), [...(rowsOf.get(find(r.terms[0]![0])) ?? []), r]);

  highsLoaded ??= loadHighs();
  const highs = await highsLoaded;
  let programs = 0;
  let targets = 0;
  const narrowed: OwnerAttackResult['narrowed'] = [];
  const othersPart = (c: number, x: number) => x - cells[c]!.own;
  for (const [root, members] of parts) {
    let open = members.filter((c) => small(cells[c]!.truth - cells[c]!.own));
    targets += open.length;
    if (open.length === 0) continue;
    const constraints = lpText(rowsOf.get(root) ?? [], members);
    const solve = (objective: string, extraRows: string[], extraBounds: string[]) => {
      programs++;
      const r = highs.solve(wrapLines(['Maximize', ` obj: ${objective}`, 'Subject To', ...constraints.rows, ...extraRows, 'Bounds', ...constraints.bounds, ...extraBounds, 'End']));
      if (r.Status === 'Unbounded') return 'unbounded' as const;
      if (r.Status !== 'Optimal') throw new Error(`owner attack: ${r.Status} — the published figures contradict the relations`);
      const cols = r.Columns as Record<string, { Primal?: number }>;
      return (c: number) => cols[`x${c}`]?.Primal ?? 0;
    };
    // A solution where a target's others' part reaches 5 proves it; first all together (one program
    // lifting as many as it can), then each left by itself.
    const proveBy = (at: (c: number) => number) => {
      open = open.filter((c) => othersPart(c, at(c)) < THRESHOLD - 1e-6);
    };
    while (open.length > 1) {
      const before = open.length;
      const lifted = solve(
        open.map((_, i) => `+ 1 y${i}`).join(' '),
        open.map((c, i) => ` l${i}: + 1 y${i} - 1 x${c} <= ${-cells[c]!.own}`),
        open.map((_, i) => ` 0 <= y${i} <= ${THRESHOLD}`),
      );
      if (lifted === 'unbounded') throw new Error('owner attack: a bounded program came out unbounded');
      proveBy(lifted);
      if (open.length === before) break;
    }
    for (const c of [...open]) {
      if (!open.includes(c)) continue;
      const best = solve(`+ 1 x${c}`, [], []);
      if (best === 'unbounded') {
        open = open.filter((x) => x !== c);
        continue;
      }
      const max = best(c);
      if (othersPart(c, max) < THRESHOLD - 1e-6) narrowed.push({ cell: cells[c]!.name, truth: cells[c]!.truth, max });
      open = open.filter((x) => x !== c);
      proveBy(best);
    }
  }
  return { shownSmall, narrowed, programs, targets, unknowns: cells.filter((_, c) => unknown(c)).length };

  /**
   * The least a hidden cell can be: the owner's part, and 1 — zeros are shown, but where hiding one
   * was the only protection left; the attacker is granted knowing which hidden cells those are.
   */
  function atLeast(c: number): number {
    return Math.max(cells[c]!.truth === 0 ? 0 : 1, cells[c]!.own);
  }

  /** Rows and bounds of one part in CPLEX LP format: a hidden cell is at least atLeast(c). */
  function lpText(rs: readonly { terms: [number, number][]; op: Row['op']; rhs: number }[], members: readonly number[]) {
    return {
      rows: rs.map((r, i) => ` r${i}: ${r.terms.map(([c, k]) => `${k < 0 ? '-' : '+'} ${Math.abs(k)} x${c}`).join(' ')} ${r.op} ${r.rhs}`),
      bounds: members.map((c) => ` x${c} >= ${atLeast(c)}`),
    };
  }
}

/** The LP reader limits the length of a line: long rows go on over several. */
function wrapLines(lines: readonly string[]): string {
  return lines.map((l) => l.replace(/((?:\S+\s+){40})/g, '$1\n ')).join('\n');
}
