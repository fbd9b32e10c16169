// Cell suppression over linked tables [issue 12 "Disclosure control"; docs/decisions.md §36; after
// the Handbook on Statistical Disclosure Control (Hundepool et al. 2012) and sdcTable's
// protectTable/attack]. The published counts are cells of one system of linear relations (a total
// and its breakdown, a half year and its quarters, stops and their reasons). A count from 1 to 4 is
// hidden (primary suppression); then more cells are hidden (secondary suppression) until, for every
// primary cell, the largest value it can take given everything shown and every relation — the
// interval a linear-programming attacker computes — reaches the threshold: nobody can tell that the
// hidden count is below 5. Zeros are shown, so a hidden cell is taken to be at least 1 — except a
// zero hidden because nothing else could protect a count next to it (see `lowest`).
// Pure: the linear programs are solved by the caller's solver (a port), nothing here does I/O.

/** Counts from 1 to THRESHOLD − 1 are not shown to others than their owner [DOMAIN.md §7]. */
export const THRESHOLD = 5;

/**
 * What a viewer knows about the cells besides their shown values.
 * - sum: total = Σ parts exactly (a count of events: starts, stops, messages, waits).
 * - cover: every part ≤ total ≤ Σ parts (young people, who can be in several groups or periods).
 * - le: small ≤ the sum of large (late messages among messages; in care in a quarter at most those
 *   in care at the end of the one before plus the quarter's starts).
 */
export type Relation =
  | { readonly kind: 'sum'; readonly total: number; readonly parts: readonly number[] }
  | { readonly kind: 'cover'; readonly total: number; readonly parts: readonly number[] }
  | { readonly kind: 'le'; readonly small: number; readonly large: readonly number[] };

export interface CellSystem {
  /** The true value of every cell (non-negative integers), by cell id. */
  readonly values: readonly number[];
  readonly relations: readonly Relation[];
  /** What each cell is (for messages and audits). */
  readonly names?: readonly string[];
  /** Cells a viewer knows from elsewhere (another year's publication): taken as known, never hidden here. */
  readonly known?: readonly boolean[];
  /**
   * Cells of an earlier publication that it hid as counts of 1–4 (those in care on 31 December of
   * the year before): not shown here, and not this protection's to prove. An attacker is taken to
   * know as much as that publication's guarantee allows — the cell lies between its value and the
   * threshold — so they are variables bounded so in every attack.
   */
  readonly earlier?: readonly boolean[];
  /**
   * Viewers who know part of the figures themselves (a municipality its own young people), besides
   * the public who knows only what is shown. Each must not be able to tell a count of 1–4 of the
   * others' part of any cell either: the system is proven once per attacker, with its own cells as
   * constants and its own part of every other cell taken off (protect).
   */
  readonly attackers?: readonly Attacker[];
}

/**
 * The figures cannot be published: a count of 1–4 can be worked out by `attacker` whatever more is
 * hidden (what pins it is known already, or zero). The same figures always give it: a property of the
 * data, not a passing fault.
 */
export class UnprotectableError extends Error {
  constructor(
    readonly cell: string,
    readonly attacker: string,
  ) {
    super(`disclosure: ${cell} cannot be protected against ${attacker}: no shown cell is left next to it`);
    this.name = 'UnprotectableError';
  }
}

/** A viewer who knows some figures as their owner. */
export interface Attacker {
  readonly name: string;
  /** Per cell: whether this attacker knows its value (its own figures); missing: no. */
  readonly knows: readonly boolean[];
  /**
   * Per cell: how much of it is the attacker's own (known to it: its young people in a total of
   * everyone); the rest is the others' part, which must not be told to be 1–4. Missing: 0.
   */
  readonly own?: readonly number[];
}

/** The public: knows nothing but what is shown and the relations. */
const PUBLIC: Attacker = { name: 'public', knows: [] };

/** A linear program over variables 0..n−1: maximise the objective subject to the rows and bounds. */
export interface LinearProgram {
  readonly variables: number;
  readonly lower: readonly number[];
  /** Per variable: an upper bound, or undefined for none. */
  readonly upper: readonly (number | undefined)[];
  readonly rows: readonly { readonly terms: readonly (readonly [number, number])[]; readonly op: '=' | '<=' | '>='; readonly rhs: number }[];
  readonly objective: readonly (readonly [number, number])[];
}

/** Solves a linear program: the variables' values at an optimum, or null when it has none (unbounded: the cells are free). */
export interface LpSolver {
  maximise(lp: LinearProgram): Promise<{ readonly status: 'optimal'; readonly values: readonly number[] } | { readonly status: 'unbounded' }>;
}

export interface Protection {
  /** Per cell: hidden or shown. */
  readonly hidden: readonly boolean[];
  readonly primary: number;
  readonly secondary: number;
  /** Linear programs solved to prove the protection. */
  readonly programs: number;
}

const members = (r: Relation): number[] => (r.kind === 'le' ? [r.small, ...r.large] : [r.total, ...r.parts]);

/** Whether a relation holds for the given values (the figures must satisfy what a viewer is told about them). */
export function holds(r: Relation, values: readonly number[]): boolean {
  const v = (c: number) => values[c]!;
  if (r.kind === 'le') return v(r.small) <= r.large.reduce((s, c) => s + v(c), 0);
  const sum = r.parts.reduce((s, c) => s + v(c), 0);
  if (r.kind === 'sum') return sum === v(r.total);
  return v(r.total) <= sum && r.parts.every((c) => v(c) <= v(r.total));
}

const isPrimary = (v: number) => v > 0 && v < THRESHOLD;

/**
 * Hides every count from 1 to 4 and as many others as needed so that none of them can be worked out
 * below the threshold. Secondary cells are chosen by a linear program: the fewest and smallest whose
 * hiding frees the count; a zero only where nothing else can.
 */
export async function protect(system: CellSystem, solver: LpSolver): Promise<Protection> {
  const { values, relations } = system;
  const wrong = relations.find((r) => !holds(r, values));
  if (wrong !== undefined) throw new Error(`disclosure: a relation does not hold for the figures: ${JSON.stringify(wrong)} with ${JSON.stringify(members(wrong).map((c) => [system.names?.[c], values[c]]))}`);
  const known = system.known ?? [];
  const attackers = [PUBLIC, ...(system.attackers ?? [])];
  const ownOf = (a: Attacker, c: number) => a.own?.[c] ?? 0;
  for (const a of attackers) {
    const bad = values.findIndex((v, c) => ownOf(a, c) < 0 || ownOf(a, c) > v);
    if (bad >= 0) throw new Error(`disclosure: ${a.name}'s own part of ${system.names?.[bad] ?? bad} (${ownOf(a, bad)}) is not within its value (${values[bad]})`);
  }
  const earlier = system.earlier ?? [];
  /**
   * The least a hidden cell can be for attacker `a`: its own part, and 1 unless the cell is a zero
   * (zeros are shown but where hiding one is the only protection left; taking every other hidden cell
   * as at least 1 is more than a viewer can know, so what is proven holds). One an earlier
   * publication hid lies between its value and the threshold (at the most).
   */
  const lowest = (a: Attacker, c: number) => (earlier[c] ? values[c]! : Math.max(values[c] === 0 ? 0 : 1, ownOf(a, c)));
  const wrongEarlier = earlier.findIndex((e, c) => e && (known[c] || !isPrimary(values[c]!)));
  if (wrongEarlier >= 0) throw new Error(`disclosure: ${system.names?.[wrongEarlier] ?? wrongEarlier} is given as hidden by an earlier publication, but it is known or no count of 1–4`);
  /** A count of 1–4 for this attacker: of the others' part of a cell it does not know. */
  const primaryFor = (a: Attacker, c: number) => !known[c] && !earlier[c] && !a.knows[c] && isPrimary(values[c]! - ownOf(a, c));
  const hidden = values.map((_, c) => attackers.some((a) => primaryFor(a, c)));
  const primary = hidden.filter(Boolean).length;
  earlier.forEach((e, c) => e && (hidden[c] = true));
  const byCell: number[][] = values.map(() => []);
  relations.forEach((r, i) => {
    for (const c of members(r)) byCell[c]!.push(i);
  });
  const hide = (c: number) => {
    hidden[c] = true;
  };
  /**
   * The smallest shown cell among `cells` whose hiding gives `against` room: one it does not know, with
   * a part that is not its own (a cell all of whose young people are its own stays pinned at its own
   * part when hidden, so hiding it would protect nothing from this attacker).
   */
  const smallestShown = (cells: Iterable<number>, against: Attacker = PUBLIC): number | undefined => {
    // Room: the part of a cell that is not the attacker's own. A cell with room of at least the
    // threshold covers a count of 1–4 on its own: the smallest such; else the one with the most room
    // (a small room would only call for more cells, up to the totals). For the public every shown
    // non-zero cell has room ≥ the threshold (a smaller one is hidden already), so: the smallest.
    const room = (c: number) => values[c]! - ownOf(against, c);
    const better = (c: number, best: number) => {
      const [enough, bestEnough] = [room(c) >= THRESHOLD, room(best) >= THRESHOLD];
      if (enough !== bestEnough) return enough;
      return enough ? values[c]! < values[best]! : room(c) > room(best) || (room(c) === room(best) && values[c]! < values[best]!);
    };
    let best: number | undefined;
    for (const c of cells) if (!hidden[c] && !known[c] && !against.knows[c] && room(c) > 0 && (best === undefined || better(c, best))) best = c;
    return best;
  };

  // 1. The rules a single relation gives, to a fixpoint: no hidden cell alone in an exact sum, and
  //    the hidden parts of a shown total together large enough that none of them must be below 5.
  const sumRule = (r: Relation): number | undefined => {
    if (r.kind !== 'sum') return undefined;
    const all = members(r);
    const hiddenMembers = all.filter((c) => hidden[c]);
    if (hiddenMembers.length === 0) return undefined;
    if (hiddenMembers.length === 1) return smallestShown(r.parts) ?? smallestShown([r.total]);
    if (hidden[r.total]) return undefined;
    const hiddenParts = r.parts.filter((c) => hidden[c]);
    const rest = values[r.total]! - r.parts.reduce((s, c) => s + (hidden[c] ? 0 : values[c]!), 0);
    const needsRoom = hiddenParts.some((c) => isPrimary(values[c]!)) && rest - (hiddenParts.length - 1) < THRESHOLD;
    return needsRoom ? smallestShown(r.parts) : undefined;
  };
  const settle = (queue: number[]) => {
    const queued = new Set(queue);
    while (queue.length > 0) {
      const ri = queue.pop()!;
      queued.delete(ri);
      const c = sumRule(relations[ri]!);
      if (c === undefined) continue;
      hide(c);
      for (const rj of byCell[c]!) if (!queued.has(rj)) (queued.add(rj), queue.push(rj));
      if (!queued.has(ri)) (queued.add(ri), queue.push(ri));
    }
  };
  settle(relations.map((_, i) => i));

  // 2. The attack itself, by each attacker in turn, per connected part of the cells hidden from it:
  //    the largest value of every cell that is a count of 1–4 for it, by linear programming; where it
  //    stays below 5, hide one more cell next to it and again. Hiding more never narrows what an
  //    attacker already had to allow for, so one attacker's proofs hold through the next one's.
  let programs = 0;
  // The cells of the relations that add up (sum, cover): hiding one of them gives a hidden cell room;
  // hiding the larger side of an 'le' does not (a shown one is at least the threshold already).
  const addingUp = (ris: Iterable<number>): number[] => [...ris].flatMap((ri) => (relations[ri]!.kind === 'le' ? [] : members(relations[ri]!)));
  /**
   * The shown cell nearest to `f` whose hiding gives attacker `a` room: among the cells `f` adds up
   * with, else among those its hidden neighbours add up with, and so on outwards — the constraint
   * that pins a count is near it; a cell far away in the same part would be hidden for nothing.
   */
  const nearestShown = (f: number, a: Attacker): number | undefined => {
    const seen = new Set([f]);
    let frontier = [f];
    while (frontier.length > 0) {
      const candidates = frontier.flatMap(around);
      const best = smallestShown(candidates, a);
      if (best !== undefined) return best;
      frontier = [];
      for (const c of candidates) if (hidden[c] && !seen.has(c)) (seen.add(c), frontier.push(c));
    }
    return undefined;
  };
  /**
   * The cells whose hiding can give a cell room: those it adds up with, and, where it is at most a
   * sum of hidden cells (those in care in a quarter at most those in care before plus its starts),
   * the cells those add up with — the bound is lifted by giving them room.
   */
  const around = (f: number): number[] => {
    const bounding = byCell[f]!.flatMap((ri) => {
      const r = relations[ri]!;
      return r.kind === 'le' && r.small === f ? r.large.filter((c) => hidden[c]) : [];
    });
    return [...addingUp(byCell[f]!), ...addingUp(bounding.flatMap((c) => byCell[c]!))];
  };
  for (const attacker of attackers) await defend(attacker);
  return { hidden, primary, secondary: hidden.filter((h, c) => h && !earlier[c]).length - primary, programs };

  /** Proves every count of 1–4 of `a` out of its reach, hiding more where it is not. */
  async function defend(a: Attacker): Promise<void> {
    /** Hidden from this attacker: hidden, and not its own. */
    const unknown = (c: number) => hidden[c]! && !a.knows[c];
    const component = (start: number, seen: Set<number>): number[] => {
      const cells = [start];
      seen.add(start);
      for (let i = 0; i < cells.length; i++) {
        for (const ri of byCell[cells[i]!]!) {
          for (const c of members(relations[ri]!)) if (unknown(c) && !seen.has(c)) (seen.add(c), cells.push(c));
        }
      }
      return cells;
    };
    const seen = new Set<number>();
    // A cell once proven stays proven: hiding more cells only widens what a viewer must allow for.
    const proven = new Set<number>();
    // One cell of each part still to prove; the part itself is found again when its turn comes
    // (cells hidden meanwhile may have made it larger).
    const pending: number[] = [];
    for (let c = 0; c < values.length; c++) if (unknown(c) && !seen.has(c)) (pending.push(c), component(c, seen));
    while (pending.length > 0) {
      const start = pending.pop()!;
      const cells = component(start, new Set());
      const failing = await unprovenPrimaries(cells);
      if (failing.length === 0) continue;
      // Next to every cell that can be worked out below the threshold, one more cell hidden (while
      // there is one: an earlier one of this round may have taken the last).
      let more = 0;
      for (const f of failing) {
        const lifting = await liftingCells(f);
        const next = lifting.length > 0 ? lifting : [nearestShown(f, a)].filter((c) => c !== undefined);
        for (const c of next) {
          more++;
          hide(c);
          settle([...byCell[c]!]);
        }
      }
      if (more === 0) throw new UnprotectableError(system.names?.[failing[0]!] ?? String(failing[0]), a.name);
      // The part grew (and may have joined others): prove what is left.
      pending.push(start);
    }

    /**
     * The shown cells whose hiding lets `f` reach the threshold for this attacker, fewest and smallest
     * first: one linear program in which the cells around `f`'s part may leave their shown values at a
     * cost per unit (larger for larger cells), and `f` must reach the threshold (a shortfall costs far
     * more). The cells that moved are the ones to hide — whatever pins `f` (another period, another
     * table) is then free, where the nearest cell with room need not be. Every variable's relations
     * are rows, the cells outside stay at their values: what the program lifts, hiding lifts. Empty
     * when nothing near can lift it.
     */
    async function liftingCells(f: number): Promise<number[]> {
      const part = component(f, new Set());
      const inScope = new Set(part);
      const shownNear = (cells: readonly number[]) => {
        const found: number[] = [];
        for (const c of cells) {
          for (const ri of byCell[c]!) {
            for (const m of members(relations[ri]!)) {
              if (inScope.has(m) || known[m] || a.knows[m]) continue;
              inScope.add(m);
              found.push(m);
            }
          }
        }
        return found;
      };
      const near = shownNear(part);
      const further = near.length < SCOPE_LIMIT ? shownNear(near) : [];
      const cells = [...part, ...near, ...further];
      const index = new Map(cells.map((c, i) => [c, i]));
      const movable = cells.filter((c) => !unknown(c));
      const n = cells.length;
      // x_c = value_c + up_c − down_c for the movable cells; a shortfall of f below the threshold.
      const upOf = (k: number) => n + 2 * k;
      const downOf = (k: number) => n + 2 * k + 1;
      const shortfall = n + 2 * movable.length;
      const rows = relationRows(cells, index, (c) => index.has(c));
      movable.forEach((c, k) => rows.push({ terms: [[index.get(c)!, 1], [upOf(k), -1], [downOf(k), 1]], op: '=', rhs: values[c]! }));
      rows.push({ terms: [[index.get(f)!, 1], [shortfall, 1]], op: '>=', rhs: ownOf(a, f) + THRESHOLD });
      // A zero is hidden only where nothing else frees f: what pins it may be a zero itself (no
      // starts, where those in care before were hidden by last year's publication).
      const cost = (c: number) => (values[c] === 0 ? ZERO_COST : 1 + Math.log10(1 + values[c]!));
      programs++;
      const r = await solver.maximise({
        variables: shortfall + 1,
        lower: [...cells.map((c) => lowest(a, c)), ...movable.flatMap(() => [0, 0]), 0],
        upper: [...cells.map((c) => (earlier[c] ? THRESHOLD : undefined)), ...movable.flatMap(() => [undefined, undefined]), THRESHOLD],
        rows,
        objective: [...movable.flatMap((c, k) => [[upOf(k), -cost(c)] as [number, number], [downOf(k), -cost(c)] as [number, number]]), [shortfall, -1000]],
      });
      if (r.status !== 'optimal') return [];
      return movable.filter((_, k) => r.values[upOf(k)]! + r.values[downOf(k)]! > 1e-6);
    }

    /** The counts of 1–4 of the part whose largest possible value is below the threshold; the others become proven. */
    async function unprovenPrimaries(cells: readonly number[]): Promise<number[]> {
      let open = cells.filter((c) => primaryFor(a, c) && !proven.has(c));
      if (open.length === 0) return [];
      const index = new Map(cells.map((c, i) => [c, i]));
      const lp = programOf(cells, index);
      const reaches = (x: readonly number[], c: number) => x[index.get(c)!]! - ownOf(a, c) >= THRESHOLD - 1e-6;
      const prove = (cs: readonly number[]) => {
        for (const c of cs) proven.add(c);
        open = open.filter((c) => !proven.has(c));
      };
      // First together: one program that lifts as many as it can to the threshold at once; those it
      // lifts are proven. Then one by one for the rest.
      while (open.length > 1) {
        const lifted = await jointLift(lp, open, index);
        const up = lifted === 'unbounded' ? open : open.filter((c) => reaches(lifted, c));
        if (up.length === 0) break;
        prove(up);
      }
      const failing: number[] = [];
      for (const c of open) {
        programs++;
        const r = await solver.maximise({ ...lp, objective: [[index.get(c)!, 1]] });
        if (r.status === 'optimal' && !reaches(r.values, c)) failing.push(c);
        else proven.add(c);
      }
      return failing;
    }

    async function jointLift(lp: LinearProgram, targets: readonly number[], index: Map<number, number>): Promise<readonly number[] | 'unbounded'> {
      programs++;
      // y_i ≤ x_i − own_i (the others' part) and y_i ≤ THRESHOLD; maximise Σ y_i.
      const n = lp.variables;
      const r = await solver.maximise({
        variables: n + targets.length,
        lower: [...lp.lower, ...targets.map(() => 0)],
        upper: [...lp.upper, ...targets.map(() => THRESHOLD)],
        rows: [...lp.rows, ...targets.map((c, i) => ({ terms: [[n + i, 1], [index.get(c)!, -1]] as [number, number][], op: '<=' as const, rhs: -ownOf(a, c) }))],
        objective: targets.map((_, i) => [n + i, 1] as [number, number]),
      });
      return r.status === 'optimal' ? r.values.slice(0, n) : 'unbounded';
    }

    /** The attacker's knowledge about the cells hidden from it in one part: every relation that touches them. */
    function programOf(cells: readonly number[], index: Map<number, number>): LinearProgram {
      const rows = relationRows(cells, index, unknown);
      // The true figures are a solution: a row they break is a bug in how the rows were written.
      for (const r of rows) {
        const lhs = r.terms.reduce((sum, [v, c]) => sum + c * values[cells[v]!]!, 0);
        if (r.op === '=' ? lhs !== r.rhs : r.op === '<=' ? lhs > r.rhs : lhs < r.rhs) throw new Error(`disclosure: the figures break a row of the attack: ${JSON.stringify(r)}`);
      }
      return {
        variables: cells.length,
        lower: cells.map((c) => lowest(a, c)),
        upper: cells.map((c) => (earlier[c] ? THRESHOLD : undefined)),
        rows,
        objective: [],
      };
    }

    /**
     * Every relation that touches `cells` as rows over them: a member that is a variable (`variable`,
     * numbered by `index`) as a term, any other at its value, as the attacker sees or knows it.
     */
    function relationRows(cells: readonly number[], index: Map<number, number>, variable: (c: number) => boolean): Row[] {
      const rows: Row[] = [];
      const touched = new Set(cells.flatMap((c) => byCell[c]!));
      const side = (cs: readonly number[], sign: number, terms: [number, number][]): number => {
        let constant = 0;
        for (const c of cs) {
          if (variable(c)) terms.push([index.get(c)!, sign]);
          else constant += sign * values[c]!;
        }
        return constant;
      };
      for (const ri of touched) {
        const r = relations[ri]!;
        if (r.kind === 'le') {
          const terms: [number, number][] = [];
          const k = side([r.small], 1, terms) + side(r.large, -1, terms);
          rows.push({ terms, op: '<=', rhs: -k });
        } else {
          const terms: [number, number][] = [];
          const k = side(r.parts, 1, terms) + side([r.total], -1, terms);
          rows.push({ terms, op: r.kind === 'sum' ? '=' : '>=', rhs: -k });
          if (r.kind === 'cover') {
            for (const p of r.parts) {
              const t: [number, number][] = [];
              const kp = side([p], 1, t) + side([r.total], -1, t);
              if (t.length > 0) rows.push({ terms: t, op: '<=', rhs: -kp });
            }
          }
        }
      }
      return rows.filter((r) => r.terms.length > 0);
    }
  }
}

type Row = { terms: [number, number][]; op: '=' | '<=' | '>='; rhs: number };

/** Above this many shown cells next to a part, the choice of what to hide looks no further. */
const SCOPE_LIMIT = 2000;
/** What moving a zero costs in the choice of cells to hide, per unit: more than any count (a cell of 10⁹ costs 10). */
const ZERO_COST = 20;
