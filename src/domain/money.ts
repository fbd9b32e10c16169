// Money is integer euro cents (bigint) everywhere inside Jeugdregie; it is formatted only at the edges.
// Every split below is exact: the parts add up to the whole, to the cent.

import { Refusal, type Where } from './errors.ts';

export type Cents = bigint;

/** An amount that cannot be read; `reason` says what was expected. */
export class MoneyFormatError extends Refusal<'AMOUNT_INVALID'> {
  constructor(readonly input: string, readonly reason: string, nl: string = reason, where?: Where) {
    super('AMOUNT_INVALID', { text: input, expected: reason, expectedNl: nl }, where);
  }
}

const EUR_PATTERN = /^(-)?(\d+)(?:[.,](\d{1,2}))?$/;

/** Parses a euro amount written as "1234", "1234.5" or "1234,56" (no thousands separators) into cents. */
export function parseEuros(input: string, where?: Where): Cents {
  const text = input.trim();
  const m = EUR_PATTERN.exec(text);
  if (!m) throw new MoneyFormatError(input, 'expected euros with at most two decimals and no thousands separator, like 6600000 or 6600000.00', 'verwacht euro\'s met hoogstens twee decimalen en zonder scheidingsteken voor duizendtallen, zoals 6600000 of 6600000,00', where);
  const whole = BigInt(m[2]!);
  const frac = BigInt((m[3] ?? '').padEnd(2, '0') || '0');
  const cents = whole * 100n + frac;
  return storable(m[1] ? -cents : cents, input, where);
}

/** Parses whole cents ("660000000"). */
export function parseCents(input: string, where?: Where): Cents {
  const text = input.trim();
  if (!/^-?\d+$/.test(text)) throw new MoneyFormatError(input, 'expected a whole number of cents', 'verwacht een heel aantal centen', where);
  return storable(BigInt(text), input, where);
}

function storable(c: Cents, input: string, where?: Where): Cents {
  if (!fitsInDatabase(c)) throw new Refusal('AMOUNT_TOO_LARGE', { text: input.trim() }, where);
  return c;
}

/** "€ 1.234.567,89" in Dutch notation. */
export function formatEuros(cents: Cents): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  const euros = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const rest = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}€ ${euros},${rest}`;
}

export function sum(values: Iterable<Cents>): Cents {
  let total = 0n;
  for (const v of values) total += v;
  return total;
}

/**
 * Largest-remainder split (Hamilton method) of `total` in proportion to non-negative integer `weights`.
 * Rule: every part gets floor(total × w / Σw); the cents left over go one each to the parts with the
 * largest remainders; ties go to the earliest part. Σ parts = total exactly, and every part is within
 * one cent of its exact proportional share. A negative total is split as the mirror of its absolute value.
 */
export function splitByWeights(total: Cents, weights: readonly bigint[]): Cents[] {
  if (weights.length === 0) {
    if (total === 0n) return [];
    throw new RangeError('cannot split a non-zero amount over no parts');
  }
  for (const w of weights) if (w < 0n) throw new RangeError('weights must not be negative');
  if (total < 0n) return splitByWeights(-total, weights).map((p) => -p);
  const weightSum = sum(weights);
  if (weightSum === 0n) {
    if (total === 0n) return weights.map(() => 0n);
    throw new RangeError('cannot split a non-zero amount by weights that are all zero');
  }
  const parts = weights.map((w) => (total * w) / weightSum);
  const remainders = weights.map((w, i) => ({ i, r: (total * w) % weightSum }));
  let left = total - sum(parts);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0n) break;
    parts[i]! += 1n;
    left -= 1n;
  }
  return parts;
}

/** Splits `total` into `n` equal parts; the leftover cents go one each to the first parts. */
export function splitEvenly(total: Cents, n: number): Cents[] {
  return splitByWeights(total, Array.from({ length: n }, () => 1n));
}

/**
 * Controlled rounding of a proportional table: cell (r, c) ideally gets rowTotals[r] × colTotals[c] / grand.
 * Every cell becomes that exact share rounded down or up, and both every row sum and every column sum
 * come out exactly (Σ rowTotals must equal Σ colTotals). Used where a provider's lump sum (row) and a
 * municipality's contribution (column) must both hold to the cent.
 *
 * Rule for the leftover cents: after flooring, the cells with the largest remainders get one extra cent
 * first (ties: earlier row, then earlier column), as long as their row and column still need cents; any
 * cent that cannot be placed that way is placed by moving extra cents along an alternating path, which
 * always succeeds because the fractional parts themselves form a solution with the same margins.
 */
export function controlledRounding(rowTotals: readonly Cents[], colTotals: readonly Cents[]): Cents[][] {
  const grand = sum(rowTotals);
  if (grand !== sum(colTotals)) throw new RangeError('row totals and column totals must add up to the same amount');
  for (const v of [...rowTotals, ...colTotals]) if (v < 0n) throw new RangeError('totals must not be negative');
  if (grand === 0n) return rowTotals.map(() => colTotals.map(() => 0n));
  const rows = rowTotals.length;
  const cols = colTotals.length;
  const cells = rowTotals.map((r) => colTotals.map((c) => (r * c) / grand));
  const rema = rowTotals.map((r) => colTotals.map((c) => (r * c) % grand));
  const extra = rowTotals.map(() => colTotals.map(() => false));
  const rowOwes = rowTotals.map((r, i) => Number(r - sum(cells[i]!)));
  const colOwed = colTotals.map((c, j) => Number(c - sum(cells.map((row) => row[j]!))));

  const candidates: { i: number; j: number }[] = [];
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) if (rema[i]![j]! > 0n) candidates.push({ i, j });
  candidates.sort((a, b) => {
    const ra = rema[a.i]![a.j]!;
    const rb = rema[b.i]![b.j]!;
    if (ra !== rb) return ra > rb ? -1 : 1;
    return a.i - b.i || a.j - b.j;
  });
  for (const { i, j } of candidates) {
    if (rowOwes[i]! > 0 && colOwed[j]! > 0) {
      extra[i]![j] = true;
      rowOwes[i]! -= 1;
      colOwed[j]! -= 1;
    }
  }

  // Augmenting paths for whatever the greedy pass left: row -(free cell)-> column -(extra cell)-> row ...
  const augment = (start: number): boolean => {
    const seenRow = new Array<boolean>(rows).fill(false);
    const prevRowOfCol = new Array<number>(cols).fill(-1);
    const prevColOfRow = new Array<number>(rows).fill(-1);
    const queue = [start];
    seenRow[start] = true;
    while (queue.length > 0) {
      const i = queue.shift()!;
      for (let j = 0; j < cols; j++) {
        if (prevRowOfCol[j] !== -1 || rema[i]![j]! === 0n || extra[i]![j]) continue;
        prevRowOfCol[j] = i;
        if (colOwed[j]! > 0) {
          // Flip the path back to the start row.
          let col = j;
          for (;;) {
            const row = prevRowOfCol[col]!;
            extra[row]![col] = true;
            if (row === start) break;
            const back = prevColOfRow[row]!;
            extra[row]![back] = false;
            col = back;
          }
          colOwed[j]! -= 1;
          rowOwes[start]! -= 1;
          return true;
        }
        for (let k = 0; k < rows; k++) {
          if (!seenRow[k] && extra[k]![j]) {
            seenRow[k] = true;
            prevColOfRow[k] = j;
            queue.push(k);
          }
        }
      }
    }
    return false;
  };
  for (let i = 0; i < rows; i++) {
    while (rowOwes[i]! > 0) {
      if (!augment(i)) throw new Error('controlled rounding failed to place every cent (this is a bug)');
    }
  }
  return cells.map((row, i) => row.map((v, j) => (extra[i]![j] ? v + 1n : v)));
}

/**
 * Converts decimal strings ("25", "12.5", "33.333") into integer weights on one common scale,
 * so shares given as percentages can be split exactly.
 */
export function decimalsToWeights(values: readonly string[]): bigint[] {
  const parsed = values.map((v) => {
    const m = /^(\d+)(?:\.(\d+))?$/.exec(v.trim());
    if (!m) throw new RangeError(`"${v}" is not a non-negative decimal number`);
    return { whole: m[1]!, frac: m[2] ?? '' };
  });
  const scale = Math.max(0, ...parsed.map((p) => p.frac.length));
  return parsed.map((p) => BigInt(p.whole + p.frac.padEnd(scale, '0')));
}

/** The largest amount the database holds (PostgreSQL bigint), in cents. */
export const MAX_CENTS: Cents = 9223372036854775807n;

/** True when an amount (or a sum of amounts) fits the database, either sign. */
export const fitsInDatabase = (c: Cents): boolean => c <= MAX_CENTS && c >= -MAX_CENTS;
