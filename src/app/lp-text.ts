// A linear program in the CPLEX LP text format HiGHS reads, and its answer read back: shared by the
// solver in the server's thread (lp-solver.ts) and the one in the publication's worker thread
// (publication-thread.ts), which loads HiGHS itself.
import type { Highs } from 'highs';
import type { LinearProgram } from '../domain/disclosure/protect.ts';

const name = (i: number) => `x${i}`;

function terms(ts: readonly (readonly [number, number])[]): string {
  const merged = new Map<number, number>();
  for (const [v, c] of ts) merged.set(v, (merged.get(v) ?? 0) + c);
  const parts = [...merged].filter(([, c]) => c !== 0).map(([v, c]) => `${c < 0 ? '-' : '+'} ${Math.abs(c)} ${name(v)}`);
  return parts.length === 0 ? `0 ${name(0)}` : parts.join(' ');
}

/** The program in CPLEX LP format (lines kept short: the reader limits line length). */
export function lpText(lp: LinearProgram): string {
  const wrap = (s: string) => s.replace(/((?:\S+\s+){40})/g, '$1\n ');
  const lines = ['Maximize', ` obj: ${wrap(terms(lp.objective.length > 0 ? lp.objective : [[0, 0]]))}`, 'Subject To'];
  lp.rows.forEach((r, i) => lines.push(` c${i}: ${wrap(terms(r.terms))} ${r.op} ${r.rhs}`));
  lines.push('Bounds');
  for (let i = 0; i < lp.variables; i++) {
    const up = lp.upper[i];
    lines.push(up === undefined ? ` ${name(i)} >= ${lp.lower[i]}` : ` ${lp.lower[i]} <= ${name(i)} <= ${up}`);
  }
  lines.push('End');
  return lines.join('\n');
}

/** Solves `lp` with a loaded HiGHS module. */
export function solveWith(h: Highs, lp: LinearProgram): { readonly status: 'optimal'; readonly values: readonly number[] } | { readonly status: 'unbounded' } {
  const r = h.solve(lpText(lp));
  if (r.Status === 'Unbounded') return { status: 'unbounded' };
  if (r.Status !== 'Optimal') throw new Error(`disclosure: the linear program could not be solved (${r.Status})`);
  const values = Array.from({ length: lp.variables }, (_, i) => {
    const col = (r.Columns as Record<string, { Primal?: number }>)[name(i)];
    return col?.Primal ?? 0;
  });
  return { status: 'optimal', values };
}
