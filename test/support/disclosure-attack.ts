// The attacker of the published monitor figures [issue 12 "Disclosure control"], written apart from
// the code that protects them: it reads only the published rows (what a viewer gets), writes down
// every relation a viewer knows between them — and one the protection does not model (those in care
// in a quarter are at most those in care at the end of the one before plus the quarter's starts) —
// and then (1) tries subtraction: a relation with exactly one hidden member gives that member away;
// (2) computes by linear programming (HiGHS) the largest value every hidden count can take.
import highsModule from 'highs';
import type { Highs } from 'highs';
import type { Publication, PublishedPeriod, PublishedReachRow } from '../../src/domain/disclosure/publication.ts';
import type { ReachRow } from '../../src/domain/reach-figures.ts';

/** The real count of a cell, to judge what the attacker got. */
export type Truth = (p: PublishedPeriod, by: string, group: string, measure: string) => number;

/** The truth from the region's unprotected reach rows of each period and breakdown. */
export function truthOf(table: (p: PublishedPeriod, by: string) => readonly ReachRow[] | undefined): Truth {
  return (p, by, g, m) => {
    const row = table(p, by)?.find((r) => Object.values(r.group).join('/') === g);
    if (!row) return 0;
    return m.startsWith('reason:') ? (row.stopsByReason[m.slice(7)] ?? 0) : (row[m as 'starts'] as number);
  };
}

const loadHighs = highsModule as unknown as () => Promise<Highs>;

type Term = { kind: 'var'; v: number } | { kind: 'const'; c: number };
interface Row {
  readonly what: string;
  readonly terms: readonly [Term, number][];
  readonly op: '=' | '<=' | '>=';
  /** Exact relations are the ones subtraction works on. */
  readonly exact: boolean;
}

export interface AttackResult {
  /** Hidden cells that one subtraction gives away: what relation, which cell. */
  readonly subtracted: string[];
  /** Hidden cells whose true value is 1–4 and whose largest possible value is below 5. */
  readonly narrowed: { cell: string; truth: number; max: number }[];
  readonly hiddenCells: number;
  readonly programs: number;
}

const PARTS: [PublishedPeriod, PublishedPeriod[]][] = [
  ['H1', ['Q1', 'Q2']],
  ['H2', ['Q3', 'Q4']],
  ['Y', ['H1', 'H2']],
];
const QUARTERS: PublishedPeriod[] = ['Q1', 'Q2', 'Q3', 'Q4'];

/**
 * Attacks the reach tables of a publication. `truth(period, breakdown, groupKey, measure)` gives the
 * real count, to judge what the attacker got; `themeOf` is public (a provider's theme).
 */
export async function attackReach(
  pub: Publication,
  truth: Truth,
  themeOf: (provider: string) => string,
  threshold = 5,
): Promise<AttackResult> {
  const vars: { name: string; truth: number }[] = [];
  const index = new Map<string, Term>();
  const periods = Object.keys(pub.periods) as PublishedPeriod[];
  const breakdowns = new Set<string>();
  const groupsOf = new Map<string, Set<string>>();
  const measures = new Set<string>(['uniqueYouth', 'starts', 'stops', 'inCareEnd']);
  const gkey = (r: PublishedReachRow) => Object.values(r.group).join('/');
  for (const p of periods) {
    for (const [by, rows] of Object.entries(pub.periods[p]!.reach)) {
      breakdowns.add(by);
      const gs = groupsOf.get(by) ?? new Set<string>();
      for (const r of rows ?? []) {
        gs.add(gkey(r));
        for (const c of Object.keys(r.stopsByReason)) measures.add(`reason:${c}`);
      }
      groupsOf.set(by, gs);
    }
  }
  // Stops per reason may be published for the whole only (publications for others than the region):
  // then a group's reasons are unknown, not zero.
  // (the public publication has them for the total and per municipality): per breakdown.
  const reasonsBy = new Set(periods.flatMap((p) => Object.entries(pub.periods[p]!.reach).filter(([, rows]) => (rows ?? []).some((r) => Object.keys(r.stopsByReason).length > 0)).map(([by]) => by)));
  const modelled = (by: string, m: string) => by === 'total' || reasonsBy.has(by) || !m.startsWith('reason:');
  const published = (p: PublishedPeriod, by: string, g: string, m: string): number | null => {
    const row = (pub.periods[p]!.reach[by as 'total'] ?? []).find((r) => gkey(r) === g);
    if (!row) return 0;
    if (m.startsWith('reason:')) return m.slice(7) in row.stopsByReason ? row.stopsByReason[m.slice(7)]! : 0;
    return row[m as 'starts'];
  };
  const cell = (p: PublishedPeriod, by: string, g: string, m: string): Term => {
    const k = `${p}|${by}|${g}|${m}`;
    let t = index.get(k);
    if (!t) {
      const v = published(p, by, g, m);
      t = v === null ? { kind: 'var', v: vars.push({ name: k, truth: truth(p, by, g, m) }) - 1 } : { kind: 'const', c: v };
      index.set(k, t);
    }
    return t;
  };
  const rows: Row[] = [];
  /** Whether a breakdown is published for a period (the public publication's crossings: half years and the year only). */
  const has = (p: PublishedPeriod | undefined, by: string) => p !== undefined && pub.periods[p] !== undefined && (by === 'total' || (pub.periods[p]!.reach as Record<string, unknown>)[by] !== undefined);
  const sumRow = (what: string, total: Term, parts: Term[], exact: boolean) => {
    rows.push({ what, terms: [...parts.map((t) => [t, 1] as [Term, number]), [total, -1]], op: exact ? '=' : '>=', exact });
    if (!exact) for (const t of parts) rows.push({ what: `${what} (part ≤ total)`, terms: [[t, 1], [total, -1]], op: '<=', exact: false });
  };
  const additive = (m: string) => m !== 'uniqueYouth' && m !== 'inCareEnd';
  for (const m of measures) {
    for (const p of periods) {
      for (const by of breakdowns) {
        if (by === 'total' || !modelled(by, m) || !has(p, by)) continue;
        const gs = [...groupsOf.get(by)!];
        sumRow(`${m} ${p}: ${by} adds up to the total`, cell(p, 'total', '', m), gs.map((g) => cell(p, by, g, m)), additive(m));
        if (by === 'area') {
          for (const mun of new Set(gs.map((g) => g.split('/')[0]!))) {
            sumRow(`${m} ${p}: areas add up to municipality ${mun}`, cell(p, 'municipality', mun, m), gs.filter((g) => g.startsWith(`${mun}/`)).map((g) => cell(p, by, g, m)), additive(m));
          }
        }
        if (by === 'provider') {
          for (const t of new Set(gs.map(themeOf))) sumRow(`${m} ${p}: providers add up to theme ${t}`, cell(p, 'theme', t, m), gs.filter((g) => themeOf(g) === t).map((g) => cell(p, by, g, m)), additive(m));
        }
      }
    }
    for (const by of breakdowns) {
      if (!modelled(by, m)) continue;
      for (const g of by === 'total' ? [''] : groupsOf.get(by)!) {
        if (m === 'inCareEnd') {
          // The same day: the same figure.
          for (const [a, b] of [['Q2', 'H1'], ['Q4', 'H2'], ['H2', 'Y']] as [PublishedPeriod, PublishedPeriod][]) {
            if (pub.periods[a]?.period.to === pub.periods[b]?.period.to && has(a, by) && has(b, by)) rows.push({ what: `in care on the same day ${a}/${b}`, terms: [[cell(a, by, g, m), 1], [cell(b, by, g, m), -1]], op: '=', exact: true });
          }
          continue;
        }
        for (const [whole, parts] of PARTS) {
          if (!has(whole, by) || !parts.some((q) => has(q, by))) continue;
          sumRow(`${m} ${by} ${g}: ${parts.join('+')} make ${whole}`, cell(whole, by, g, m), parts.filter((q) => has(q, by)).map((q) => cell(q, by, g, m)), additive(m));
        }
      }
    }
  }
  for (const p of periods) {
    for (const by of [...breakdowns].filter((b) => has(p, b))) {
      for (const g of by === 'total' ? [''] : groupsOf.get(by)!) {
        const reasons = [...measures].filter((m) => m.startsWith('reason:'));
        if (modelled(by, reasons[0] ?? 'reason:')) sumRow(`stops ${p} ${by} ${g}: reasons add up`, cell(p, by, g, 'stops'), reasons.map((m) => cell(p, by, g, m)), true);
        rows.push({ what: 'in care at the end among those in care', terms: [[cell(p, by, g, 'inCareEnd'), 1], [cell(p, by, g, 'uniqueYouth'), -1]], op: '<=', exact: false });
      }
    }
    // Not modelled by the protection: in care in a quarter ≤ in care at the end of the previous one + starts in it.
    const i = QUARTERS.indexOf(p);
    if (i > 0 && pub.periods[QUARTERS[i - 1]!]) {
      for (const by of [...breakdowns].filter((b) => has(p, b) && has(QUARTERS[i - 1], b))) {
        for (const g of by === 'total' ? [''] : groupsOf.get(by)!) {
          rows.push({
            what: 'in care ≤ in care before + starts',
            terms: [[cell(p, by, g, 'uniqueYouth'), 1], [cell(QUARTERS[i - 1]!, by, g, 'inCareEnd'), -1], [cell(p, by, g, 'starts'), -1]],
            op: '<=',
            exact: false,
          });
        }
      }
    }
  }

  // The true figures must satisfy every relation written down (else the relation is wrong, not the publication).
  for (const r of rows) {
    const lhs = r.terms.reduce((s, [t, c]) => s + c * (t.kind === 'var' ? vars[t.v]!.truth : t.c), 0);
    if (r.op === '=' ? lhs !== 0 : r.op === '<=' ? lhs > 0 : lhs < 0) throw new Error(`attack: the true figures break "${r.what}" (${r.terms.map(([t, c]) => `${c}×${t.kind === 'var' ? `${vars[t.v]!.name}=${vars[t.v]!.truth}` : t.c}`).join(' ')})`);
  }

  // (1) Subtraction: an exact relation with one hidden member.
  const subtracted: string[] = [];
  for (const r of rows) {
    const hiddenTerms = r.terms.filter(([t]) => t.kind === 'var');
    if (r.exact && hiddenTerms.length === 1) subtracted.push(`${vars[(hiddenTerms[0]![0] as { v: number }).v]!.name} from "${r.what}"`);
  }

  // (2) Linear programming: the largest value of every hidden count of 1–4.
  const highs = await loadHighs();
  const lines = ['Subject To'];
  rows.forEach((r, i) => {
    const merged = new Map<number, number>();
    let constant = 0;
    for (const [t, c] of r.terms) {
      if (t.kind === 'var') merged.set(t.v, (merged.get(t.v) ?? 0) + c);
      else constant += c * t.c;
    }
    const lhs = [...merged].filter(([, c]) => c !== 0).map(([v, c]) => `${c < 0 ? '-' : '+'} ${Math.abs(c)} y${v}`);
    if (lhs.length > 0) lines.push(` r${i}: ${lhs.join(' ')} ${r.op} ${-constant}`);
  });
  // A hidden cell is at least 1 (zeros are shown) — but a zero hidden as the only protection left,
  // which the attacker is granted knowing.
  lines.push('Bounds', ...vars.map((x, v) => ` y${v} >= ${x.truth === 0 ? 0 : 1}`), 'End');
  const body = lines.join('\n');
  const narrowed: AttackResult['narrowed'] = [];
  let programs = 0;
  for (let v = 0; v < vars.length; v++) {
    const { name, truth: t } = vars[v]!;
    if (t < 1 || t >= threshold) continue;
    programs++;
    const r = highs.solve(`Maximize\n obj: y${v}\n${body}`);
    if (r.Status === 'Unbounded') continue;
    if (r.Status !== 'Optimal') throw new Error(`attack: ${r.Status} — the published figures contradict the relations`);
    const max = (r.Columns as Record<string, { Primal: number }>)[`y${v}`]!.Primal;
    if (max < threshold - 1e-6) narrowed.push({ cell: name, truth: t, max });
  }
  return { subtracted, narrowed, hiddenCells: vars.length, programs };
}
