// Matching the child elements of an element against its content model. XSD content models obey
// the Unique Particle Attribution rule, so a greedy left-to-right match decides like an automaton.
import type { ElementDecl, Group, Particle, QName } from './schema-model.ts';

export interface ChildName {
  ns: string;
  local: string;
}

export type MatchResult =
  | { ok: true; decls: ElementDecl[] }
  | { ok: false; index: number; kind: 'unexpected' | 'missing'; expected: QName[] };

function matches(c: ChildName | undefined, d: ElementDecl): boolean {
  return c !== undefined && c.local === d.name.local && c.ns === d.name.ns;
}

/** Flat sequence of element declarations (every iJw type): a deterministic walk with precise errors. */
function matchFlatSequence(particles: readonly ElementDecl[], kids: readonly ChildName[]): MatchResult {
  const decls: ElementDecl[] = [];
  let pi = 0;
  let count = 0;
  for (let k = 0; k < kids.length; k++) {
    const kid = kids[k]!;
    for (;;) {
      const p = particles[pi];
      if (p === undefined) return { ok: false, index: k, kind: 'unexpected', expected: [] };
      if (count < p.max && matches(kid, p)) {
        decls.push(p);
        count++;
        break;
      }
      if (count < p.min) return { ok: false, index: k, kind: 'unexpected', expected: [p.name] };
      pi++;
      count = 0;
    }
  }
  for (; pi < particles.length; pi++, count = 0) {
    const p = particles[pi]!;
    if (count < p.min) return { ok: false, index: kids.length, kind: 'missing', expected: [p.name] };
  }
  return { ok: true, decls };
}

const FAIL = -1;

/** Greedy matcher for nested groups; returns the index after the match or FAIL. */
function matchParticle(p: Particle, kids: readonly ChildName[], i: number, out: ElementDecl[]): number {
  if (p.kind === 'element') {
    let n = 0;
    while (n < p.max && matches(kids[i], p)) {
      out.push(p);
      i++;
      n++;
    }
    return n >= p.min ? i : FAIL;
  }
  let reps = 0;
  while (reps < p.max) {
    const mark = out.length;
    const next = matchGroupOnce(p, kids, i, out);
    if (next === FAIL) {
      out.length = mark;
      break;
    }
    reps++;
    if (next === i) {
      reps = Math.max(reps, p.min); // an empty iteration can be repeated as often as needed
      break;
    }
    i = next;
  }
  return reps >= p.min ? i : FAIL;
}

function matchGroupOnce(g: Group, kids: readonly ChildName[], i: number, out: ElementDecl[]): number {
  if (g.kind === 'sequence') {
    let j = i;
    for (const q of g.particles) {
      j = matchParticle(q, kids, j, out);
      if (j === FAIL) return FAIL;
    }
    return j;
  }
  if (g.kind === 'choice') {
    let emptyOk = false;
    for (const q of g.particles) {
      const mark = out.length;
      const j = matchParticle(q, kids, i, out);
      if (j !== FAIL && j > i) return j;
      out.length = mark;
      if (j === i) emptyOk = true;
    }
    return emptyOk ? i : FAIL;
  }
  // all: each member at most once, in any order
  const seen = new Set<ElementDecl>();
  let j = i;
  for (;;) {
    const kid = kids[j];
    const d = g.particles.find((q): q is ElementDecl => q.kind === 'element' && !seen.has(q) && matches(kid, q));
    if (d === undefined) break;
    seen.add(d);
    out.push(d);
    j++;
  }
  for (const q of g.particles) if (q.kind === 'element' && q.min > 0 && !seen.has(q)) return FAIL;
  return j;
}

function firstNames(p: Particle): QName[] {
  if (p.kind === 'element') return [p.name];
  if (p.kind === 'sequence') {
    const out: QName[] = [];
    for (const q of p.particles) {
      out.push(...firstNames(q));
      if (q.min > 0) break;
    }
    return out;
  }
  return p.particles.flatMap(firstNames);
}

function allElements(particles: readonly Particle[]): boolean {
  for (let i = 0; i < particles.length; i++) if (particles[i]!.kind !== 'element') return false;
  return true;
}

export function matchContent(model: Group, kids: readonly ChildName[]): MatchResult {
  if (model.kind === 'sequence' && model.min === 1 && model.max === 1 && allElements(model.particles)) {
    return matchFlatSequence(model.particles as readonly ElementDecl[], kids);
  }
  const decls: ElementDecl[] = [];
  const end = matchParticle(model, kids, 0, decls);
  if (end === FAIL) return { ok: false, index: 0, kind: 'missing', expected: firstNames(model) };
  if (end < kids.length) return { ok: false, index: end, kind: 'unexpected', expected: [] };
  return { ok: true, decls };
}
