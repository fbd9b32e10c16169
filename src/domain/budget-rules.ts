// Which budget a municipality has in a year [DOMAIN.md §3; seed 000 §5.1b, §5.2b].
//
// Conventions, chosen to be the simplest defensible reading of the seeds:
// - The adopted table (all AdoptedBudget rows passed in) is at ONE constant price level ("price
//   level 2025, excluding indexation" in seed 003 §3.3.1). Its first year B — the earliest year in
//   the whole table, not per municipality, so every municipality is indexed alike — is the base.
//   Indexation for B itself and earlier is taken to be in the adopted amounts already.
// - A region file may state its price-level year P (priceLevelYear; Amsterdam-Amstelland: 2025, the
//   seeds' "prijspeil 2025"): then P is the base and indexation applies from P+1 (decision §12).
// - Level(Y) is the adopted budget of Y; for Y after the last adopted year it is the last adopted
//   year's budget, all lines ("2030 is extended linearly to 2031–2033", seed 000 §5.1b).
// - Budget(Y) = Level(Y) × Π_{y = B+1..Y} (1 + p_y / 100), p_y from BudgetPolicy.indexation
//   (missing year = 0), computed exactly as a rational in bigint. Each line is rounded once, half
//   away from zero, to the cent; the municipal amount is the sum of the rounded lines, so lines and
//   total always agree to the cent.
import { sum, type Cents } from './money.ts';
import { Refusal } from './errors.ts';
import type { AdoptedBudget, BudgetLine, BudgetPolicy, MunicipalityCode } from './region.ts';

export interface MunicipalBudget {
  readonly year: number;
  readonly municipality: MunicipalityCode;
  /** The lines of the level year, each indexed and rounded to the cent. */
  readonly lines: BudgetLine[];
  /** Σ lines, exactly. */
  readonly amountCents: Cents;
  /** 'adopted' when `year` has its own adopted budget; 'extended' when the last adopted level is carried on. */
  readonly basis: 'adopted' | 'extended';
  /** The adopted year whose lines were used. */
  readonly basedOnYear: number;
  /** The first year of the adopted table: the price level the amounts are at. */
  readonly indexBaseYear: number;
  /** Π (1 + p/100) over indexBaseYear+1..year, as an exact decimal ("1.0506"; "1" without indexation). */
  readonly indexFactor: string;
}

export interface RegionBudget {
  readonly year: number;
  readonly municipalities: MunicipalBudget[];
  readonly totalCents: Cents;
}

/** Exact positive rational; the denominator is always a power of ten because percentages are decimals. */
interface Factor {
  readonly num: bigint;
  readonly den: bigint;
}

const PERCENT_PATTERN = /^(-)?(\d+)(?:\.(\d+))?$/;

export function budgetForYear(
  adopted: readonly AdoptedBudget[],
  policy: BudgetPolicy,
  municipality: MunicipalityCode,
  year: number,
): MunicipalBudget {
  if (!Number.isInteger(year)) {
    throw new Refusal('YEAR_INVALID', { text: String(year) });
  }
  if (adopted.length === 0) {
    throw new Refusal('NO_BUDGET', {});
  }
  // The price level of the amounts: the region file's priceLevelYear, else the table's first year.
  const indexBaseYear = policy.priceLevelYear ?? adopted.reduce((min, b) => Math.min(min, b.year), Infinity);
  const own = adopted.filter((b) => b.municipality === municipality);
  if (own.length === 0) {
    throw new Refusal('NO_BUDGET', { municipality, year });
  }
  const byYear = new Map<number, AdoptedBudget>();
  for (const b of own) {
    if (byYear.has(b.year)) {
      throw new Refusal('DUPLICATE_BUDGET', { municipality, year: b.year });
    }
    byYear.set(b.year, b);
  }
  const years = [...byYear.keys()].sort((a, b) => a - b);
  const first = years[0]!;
  const last = years[years.length - 1]!;
  if (year < first) {
    throw new Refusal('YEAR_BEFORE_FIRST_BUDGET', { municipality, year, first });
  }
  const basedOnYear = Math.min(year, last);
  const level = byYear.get(basedOnYear);
  if (level === undefined) {
    // A hole inside the adopted years is bad data, not something to paper over with a neighbour.
    throw new Refusal('GAP_IN_BUDGET_YEARS', { municipality, missing: [year] });
  }

  const factor = indexFactor(policy, indexBaseYear, year);
  const lines = level.lines.map((l) => ({ line: l.line, amountCents: applyFactor(l.amountCents, factor) }));
  return {
    year,
    municipality,
    lines,
    amountCents: sum(lines.map((l) => l.amountCents)),
    basis: year === basedOnYear ? 'adopted' : 'extended',
    basedOnYear,
    indexBaseYear,
    indexFactor: factorToDecimal(factor),
  };
}

/** Every listed municipality's budget for `year`, and their total. Throws the first refusal met. */
export function regionBudget(
  adopted: readonly AdoptedBudget[],
  policy: BudgetPolicy,
  municipalities: readonly MunicipalityCode[],
  year: number,
): RegionBudget {
  const perMunicipality = municipalities.map((m) => budgetForYear(adopted, policy, m, year));
  return {
    year,
    municipalities: perMunicipality,
    totalCents: sum(perMunicipality.map((b) => b.amountCents)),
  };
}

function indexFactor(policy: BudgetPolicy, baseYear: number, year: number): Factor {
  let num = 1n;
  let den = 1n;
  for (let y = baseYear + 1; y <= year; y++) {
    const raw = policy.indexation[String(y)];
    if (raw === undefined) continue;
    const m = PERCENT_PATTERN.exec(raw.trim());
    if (!m) {
      throw new Refusal('INDEXATION_INVALID', { year: String(y), value: raw });
    }
    const decimals = m[3] ?? '';
    const scale = 10n ** BigInt(decimals.length);
    const pct = BigInt(m[2]! + decimals) * (m[1] ? -1n : 1n);
    // 1 + pct/(100·scale) = (100·scale + pct) / (100·scale)
    const stepNum = 100n * scale + pct;
    if (stepNum <= 0n) {
      throw new Refusal('INDEXATION_INVALID', { year: String(y), value: raw, nonPositive: true });
    }
    num *= stepNum;
    den *= 100n * scale;
  }
  return { num, den };
}

/** amount × num / den, rounded half away from zero (so a negative savings line mirrors a positive one). */
function applyFactor(amount: Cents, f: Factor): Cents {
  const negative = amount < 0n;
  const abs = negative ? -amount : amount;
  const rounded = (2n * abs * f.num + f.den) / (2n * f.den);
  return negative ? -rounded : rounded;
}

/** Exact decimal text of num/den; den is a power of ten, so the expansion ends. */
function factorToDecimal(f: Factor): string {
  const digits = f.den.toString().length - 1;
  if (digits === 0) return f.num.toString();
  const whole = f.num / f.den;
  const frac = (f.num % f.den).toString().padStart(digits, '0').replace(/0+$/, '');
  return frac === '' ? whole.toString() : `${whole}.${frac}`;
}
