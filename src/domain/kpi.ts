// Theme goals and their KPIs [issue 15 "Theme goals and KPIs"; DOMAIN.md §5; seed 003 §3.2.3;
// decisions §59]. A KPI is a formula over the monitor's figures of a year and a scope (the region, a
// municipality, an area) — young people in care and starts per care form, the youth population —
// with a baseline (a year's value: from the data where they cover it, else the region file's start
// photo), targets for 2028 and 2034 and the straight path between them. Exact: rational arithmetic
// on whole numbers, shown to one decimal. Pure.

import { divideHalfEven } from './utilisation.ts';

// ---- the formula language -------------------------------------------------------------------

/**
 * `in_care(35,36,37,38) * 1000 / population`: numbers, + − × ÷, parentheses, and
 * - in_care(c, …): young people in care in the year in one of these care forms (each once);
 * - in_care(): young people in care in the year;
 * - starts(c, …): trajectories started in the year in one of these care forms (new placements);
 * - population: young people (0–17) living in the scope on 1 January (region data, CBS).
 */
export type Formula =
  | { readonly kind: 'number'; readonly value: Rational }
  | { readonly kind: 'in_care' | 'starts'; readonly careForms: readonly string[] }
  | { readonly kind: 'population' }
  | { readonly kind: 'op'; readonly op: '+' | '-' | '*' | '/'; readonly left: Formula; readonly right: Formula };

export interface Rational {
  readonly n: bigint;
  readonly d: bigint;
}

export class FormulaError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
    this.name = 'FormulaError';
  }
}

export function parseFormula(text: string): Formula {
  let i = 0;
  const skip = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const fail = (what: string): never => {
    throw new FormulaError(`${what} at position ${i + 1} of "${text}"`, i + 1);
  };
  const expression = (): Formula => {
    let left = term();
    for (skip(); text[i] === '+' || text[i] === '-'; skip()) {
      const op = text[i++] as '+' | '-';
      left = { kind: 'op', op, left, right: term() };
    }
    return left;
  };
  const term = (): Formula => {
    let left = factor();
    for (skip(); text[i] === '*' || text[i] === '/'; skip()) {
      const op = text[i++] as '*' | '/';
      left = { kind: 'op', op, left, right: factor() };
    }
    return left;
  };
  const factor = (): Formula => {
    skip();
    if (text[i] === '(') {
      i++;
      const inner = expression();
      skip();
      if (text[i] !== ')') fail('expected ")"');
      i++;
      return inner;
    }
    const num = /^\d+(?:\.\d+)?/.exec(text.slice(i));
    if (num) {
      i += num[0].length;
      return { kind: 'number', value: rationalOf(num[0]) };
    }
    const word = /^[a-z_]+/.exec(text.slice(i));
    if (!word) return fail('expected a number, "(", in_care(…), starts(…) or population');
    i += word[0].length;
    if (word[0] === 'population') return { kind: 'population' };
    if (word[0] !== 'in_care' && word[0] !== 'starts') return fail(`unknown name "${word[0]}" (known: in_care, starts, population)`);
    skip();
    if (text[i] !== '(') fail(`expected "(" after ${word[0]}`);
    i++;
    const careForms: string[] = [];
    for (skip(); text[i] !== ')'; skip()) {
      const code = /^\d{2}/.exec(text.slice(i));
      if (!code) fail('expected a care form code of two digits like 35');
      careForms.push(code![0]);
      i += 2;
      skip();
      if (text[i] === ',') i++;
      else if (text[i] !== ')') fail('expected "," or ")"');
    }
    i++;
    if (word[0] === 'starts' && careForms.length === 0) fail('starts(…) needs at least one care form');
    return { kind: word[0], careForms };
  };
  const f = expression();
  skip();
  if (i < text.length) fail('unexpected text');
  return f;
}

function rationalOf(text: string): Rational {
  const [w, frac = ''] = text.split('.');
  return norm({ n: BigInt(w! + frac), d: 10n ** BigInt(frac.length) });
}

const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));
function norm(r: Rational): Rational {
  const sign = r.d < 0n ? -1n : 1n;
  const g = gcd(r.n, r.d) || 1n;
  return { n: (sign * r.n) / g, d: (sign * r.d) / g };
}

/** The figures a formula reads, for one year and scope. */
export interface KpiFigures {
  inCare(careForms: readonly string[]): number;
  starts(careForms: readonly string[]): number;
  /** Undefined when the region has no population for the scope and year. */
  readonly population: number | undefined;
}

/** The counts a formula reads (for disclosure: each is a count of young people or trajectories). */
export function countsOf(f: Formula): { kind: 'in_care' | 'starts'; careForms: readonly string[] }[] {
  if (f.kind === 'in_care' || f.kind === 'starts') return [{ kind: f.kind, careForms: f.careForms }];
  if (f.kind === 'op') return [...countsOf(f.left), ...countsOf(f.right)];
  return [];
}

export const usesPopulation = (f: Formula): boolean => f.kind === 'population' || (f.kind === 'op' && (usesPopulation(f.left) || usesPopulation(f.right)));

/** The exact value, or undefined when it cannot be had (no population, or a division by zero). */
export function evaluate(f: Formula, figures: KpiFigures): Rational | undefined {
  switch (f.kind) {
    case 'number':
      return f.value;
    case 'in_care':
      return { n: BigInt(figures.inCare(f.careForms)), d: 1n };
    case 'starts':
      return { n: BigInt(figures.starts(f.careForms)), d: 1n };
    case 'population':
      return figures.population === undefined ? undefined : { n: BigInt(figures.population), d: 1n };
    case 'op': {
      const a = evaluate(f.left, figures);
      const b = evaluate(f.right, figures);
      if (!a || !b) return undefined;
      if (f.op === '+') return norm({ n: a.n * b.d + b.n * a.d, d: a.d * b.d });
      if (f.op === '-') return norm({ n: a.n * b.d - b.n * a.d, d: a.d * b.d });
      if (f.op === '*') return norm({ n: a.n * b.n, d: a.d * b.d });
      if (b.n === 0n) return undefined;
      return norm({ n: a.n * b.d, d: a.d * b.n });
    }
  }
}

/** One decimal, half to even, as text ("12.5", "-3.0"). */
export function oneDecimal(r: Rational): string {
  const tenths = divideHalfEven(r.n * 10n, r.d);
  const neg = tenths < 0n;
  const a = neg ? -tenths : tenths;
  return `${neg ? '-' : ''}${a / 10n}.${a % 10n}`;
}

export function rationalFromText(text: string): Rational {
  const neg = text.startsWith('-');
  const r = rationalOf(neg ? text.slice(1) : text);
  return neg ? { n: -r.n, d: r.d } : r;
}

// ---- goals ----------------------------------------------------------------------------------

/** A target: a value ("4.5"), or a change against the baseline ("-30%"). */
export type Target = { readonly kind: 'value'; readonly value: Rational } | { readonly kind: 'change'; readonly pct: Rational };

export function parseTarget(text: string): Target | undefined {
  const t = text.trim();
  const change = /^([+-]?\d+(?:\.\d+)?)%$/.exec(t);
  if (change) return { kind: 'change', pct: rationalFromText(change[1]!.replace('+', '')) };
  if (/^\d+(?:\.\d+)?$/.test(t)) return { kind: 'value', value: rationalOf(t) };
  return undefined;
}

/** The value a target asks for, given the baseline. */
export function targetValue(target: Target, baseline: Rational): Rational {
  if (target.kind === 'value') return target.value;
  // baseline × (1 + pct/100)
  return norm({ n: baseline.n * (target.pct.d * 100n + target.pct.n), d: baseline.d * target.pct.d * 100n });
}

/**
 * The path: straight lines from the baseline (its year) through each target year's value; before the
 * baseline nothing, after the last target its value.
 */
export function pathValue(points: readonly { year: number; value: Rational }[], year: number): Rational | undefined {
  const sorted = [...points].sort((a, b) => a.year - b.year);
  if (sorted.length === 0 || year < sorted[0]!.year) return undefined;
  for (let i = 0; i < sorted.length - 1; i++) {
    const a = sorted[i]!;
    const b = sorted[i + 1]!;
    if (year >= a.year && year <= b.year) {
      if (b.year === a.year) return b.value;
      // a + (b − a) × (year − a.year) / (b.year − a.year)
      const span = BigInt(b.year - a.year);
      const step = BigInt(year - a.year);
      const diff = norm({ n: b.value.n * a.value.d - a.value.n * b.value.d, d: a.value.d * b.value.d });
      return norm({ n: a.value.n * diff.d * span + diff.n * step * a.value.d, d: a.value.d * diff.d * span });
    }
  }
  return sorted[sorted.length - 1]!.value;
}

export type KpiDirection = 'down' | 'up';

/** Off its path: worse than the path's value for the year (above it for "down", below for "up"). */
export function offPath(actual: Rational, path: Rational, direction: KpiDirection): boolean {
  const c = actual.n * path.d - path.n * actual.d;
  return direction === 'down' ? c > 0n : c < 0n;
}

/** Change of `actual` against `baseline` in percent, one decimal; undefined on a zero baseline. */
export function changePct(actual: Rational, baseline: Rational): string | undefined {
  if (baseline.n === 0n) return undefined;
  return oneDecimal(norm({ n: (actual.n * baseline.d - baseline.n * actual.d) * 100n, d: actual.d * baseline.n }));
}

// ---- what others may see ----------------------------------------------------------------------

/** A value is withheld from others where a count it is made of is 1–4, or makes one of 1–4 by difference. */
const small = (n: number) => n >= 1 && n <= 4;

/** The counts behind values shown to others, per owner: the region's, each municipality's, and each provider's (in total and per municipality). */
export interface CountParts {
  readonly region: readonly number[];
  readonly municipalities: ReadonlyMap<string, readonly number[]>;
  readonly providers: ReadonlyMap<string, { readonly total: readonly number[]; readonly byMunicipality: ReadonlyMap<string, readonly number[]> }>;
}

/**
 * Which values made of these counts others than the region may see (decisions §59, §60). A
 * municipality's (its council's, public) when none of its counts is 1–4, nor its count less one
 * provider's part there. The region's when, for every count, none of these is 1–4: the region less
 * the municipalities shown (the public's subtraction), less that and one hidden municipality's own,
 * less that and one provider's part in the hidden municipalities, less one municipality, less one
 * provider. The counts are young people (who can be in several municipalities) or trajectories:
 * the subtractions are what an owner can do; the check does not rely on them adding up.
 */
export function countDisclosure(counts: CountParts): { region: boolean; municipalities: Map<string, boolean> } {
  const municipalities = new Map<string, boolean>();
  for (const [m, c] of counts.municipalities) {
    const ownOk = !c.some(small);
    const providersOk = [...counts.providers.values()].every((p) => c.every((n, v) => !small(n - (p.byMunicipality.get(m)?.[v] ?? 0))));
    municipalities.set(m, ownOk && providersOk);
  }
  const shown = [...counts.municipalities.keys()].filter((m) => municipalities.get(m));
  const hidden = [...counts.municipalities.keys()].filter((m) => !municipalities.get(m));
  let region = true;
  counts.region.forEach((total, v) => {
    const rest = total - shown.reduce((s, m) => s + (counts.municipalities.get(m)![v] ?? 0), 0);
    if (small(rest)) region = false;
    for (const m of hidden) if (small(rest - (counts.municipalities.get(m)![v] ?? 0))) region = false;
    for (const c of counts.municipalities.values()) if (small(total - (c[v] ?? 0))) region = false;
    for (const p of counts.providers.values()) {
      if (small(total - (p.total[v] ?? 0))) region = false;
      if (small(rest - hidden.reduce((s, m) => s + (p.byMunicipality.get(m)?.[v] ?? 0), 0))) region = false;
    }
  });
  return { region, municipalities };
}

/**
 * The counts of several formulas together, with the difference of every two of one kind whose care
 * forms nest (in_care(35,36) beside in_care(35,36,37) tells in_care(37): the larger less the smaller,
 * itself a count of young people or starts that adds up over municipalities like the others). Counts
 * of different kinds, or of care forms that do not nest, make no count by subtraction. A decision
 * over all of them holds for every KPI of the year.
 */
export function withDifferences(counts: readonly { readonly kind: 'in_care' | 'starts'; readonly careForms: readonly string[]; readonly value: number }[]): number[] {
  const out = counts.map((c) => c.value);
  // in_care() reads every care form.
  const within = (a: readonly string[], b: readonly string[]) => b.length === 0 || a.every((f) => b.includes(f));
  for (let i = 0; i < counts.length; i++) {
    for (let j = 0; j < counts.length; j++) {
      const [a, b] = [counts[i]!, counts[j]!];
      if (i === j || a.kind !== b.kind || !within(a.careForms, b.careForms) || (within(b.careForms, a.careForms) && i > j)) continue;
      out.push(b.value - a.value);
    }
  }
  return out;
}
