// A small declarative language for describing XML message structures the way an XSD does:
// complex types are sequences/choices of elements with occurrence bounds, simple types are a
// built-in type plus facets, possibly restricted again. Hand-written descriptions live in the
// other files of this folder.

export type Builtin = 'string' | 'normalizedString' | 'token' | 'integer' | 'decimal' | 'boolean' | 'date' | 'time' | 'dateTime';

export type WhiteSpace = 'preserve' | 'replace' | 'collapse';

export interface QName {
  readonly ns: string;
  readonly local: string;
}

/** Facets of one restriction step. Patterns within one step are alternatives; steps are all checked. */
export interface Facets {
  readonly patterns?: readonly string[];
  readonly enumeration?: readonly string[];
  readonly length?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minInclusive?: string;
  readonly maxInclusive?: string;
  readonly minExclusive?: string;
  readonly maxExclusive?: string;
  readonly totalDigits?: number;
  readonly fractionDigits?: number;
  readonly whiteSpace?: WhiteSpace;
}

export interface SimpleType {
  readonly kind: 'simple';
  /** Null for an anonymous type (declared inline on an element). */
  readonly name: QName | null;
  readonly builtin: Builtin;
  /** The type this one restricts; null when it restricts the built-in directly. */
  readonly base: SimpleType | null;
  readonly facets: Facets;
}

export interface ElementDecl {
  readonly kind: 'element';
  readonly name: QName;
  readonly type: SimpleType | ComplexType;
  readonly min: number;
  readonly max: number;
  readonly nillable: boolean;
}

export interface Group {
  readonly kind: 'sequence' | 'choice' | 'all';
  readonly particles: readonly Particle[];
  readonly min: number;
  readonly max: number;
}

export type Particle = ElementDecl | Group;

export interface ComplexType {
  readonly kind: 'complex';
  readonly name: QName | null;
  /** Element-only content (the iJw messages use no mixed content and no attributes). */
  readonly content: Group;
}

export type TypeDef = SimpleType | ComplexType;

export interface Occurs {
  readonly min: number;
  readonly max: number;
}

export const UNBOUNDED = Number.POSITIVE_INFINITY;
export const REQUIRED: Occurs = { min: 1, max: 1 };
export const OPTIONAL: Occurs = { min: 0, max: 1 };
export const ONE_OR_MORE: Occurs = { min: 1, max: UNBOUNDED };
export const ANY_NUMBER: Occurs = { min: 0, max: UNBOUNDED };

export function sameName(a: QName | null, b: QName | null): boolean {
  return a !== null && b !== null && a.ns === b.ns && a.local === b.local;
}

export function showName(q: QName): string {
  return q.ns === '' ? q.local : `{${q.ns}}${q.local}`;
}

function checkFacets(builtin: Builtin, facets: Facets, label: string): void {
  const numeric = builtin === 'integer' || builtin === 'decimal';
  const lengthLike = facets.length !== undefined || facets.minLength !== undefined || facets.maxLength !== undefined;
  if (lengthLike && (numeric || builtin === 'date' || builtin === 'time' || builtin === 'dateTime' || builtin === 'boolean')) {
    throw new Error(`${label}: length facets do not apply to ${builtin}`);
  }
  const ranged = [facets.minInclusive, facets.maxInclusive, facets.minExclusive, facets.maxExclusive].some((v) => v !== undefined);
  if (ranged && !numeric) throw new Error(`${label}: range facets are only supported on numeric types here`);
  if ((facets.totalDigits !== undefined || facets.fractionDigits !== undefined) && !numeric) {
    throw new Error(`${label}: digit facets apply to numeric types only`);
  }
}

/** Derives a simple type by restriction (from a built-in or from another simple type). */
export function restrict(base: SimpleType | Builtin, facets: Facets, name: QName | null = null): SimpleType {
  const builtin = typeof base === 'string' ? base : base.builtin;
  checkFacets(builtin, facets, name?.local ?? 'anonymous type');
  return { kind: 'simple', name, builtin, base: typeof base === 'string' ? null : base, facets };
}

export function element(name: QName, type: SimpleType | ComplexType, occurs: Occurs = REQUIRED, nillable = false): ElementDecl {
  if (occurs.min < 0 || occurs.max < occurs.min || occurs.max === 0) throw new Error(`bad occurrence for ${name.local}`);
  return { kind: 'element', name, type, min: occurs.min, max: occurs.max, nillable };
}

export function sequence(particles: readonly Particle[], occurs: Occurs = REQUIRED): Group {
  return { kind: 'sequence', particles, min: occurs.min, max: occurs.max };
}

export function choice(particles: readonly Particle[], occurs: Occurs = REQUIRED): Group {
  return { kind: 'choice', particles, min: occurs.min, max: occurs.max };
}

export function all(particles: readonly ElementDecl[], occurs: Occurs = REQUIRED): Group {
  if (particles.some((p) => p.max > 1)) throw new Error('elements in an all-group occur at most once');
  return { kind: 'all', particles, min: occurs.min, max: occurs.max };
}

export function complex(name: QName | null, content: Group): ComplexType {
  return { kind: 'complex', name, content };
}

/** An element entry inside a vocabulary: name, type and occurrence, namespace supplied later. */
export interface Field {
  readonly local: string;
  readonly type: SimpleType | ComplexType;
  readonly occurs: Occurs;
}

export function field(local: string, type: SimpleType | ComplexType, occurs: Occurs = REQUIRED): Field {
  return { local, type, occurs };
}

/**
 * A target namespace with element-form "qualified": element declarations local to a complex
 * type defined here are in this namespace. Helpers keep the descriptions short.
 */
export class Vocabulary {
  constructor(readonly ns: string) {}

  qname(local: string): QName {
    return { ns: this.ns, local };
  }

  simple(local: string, base: SimpleType | Builtin, facets: Facets): SimpleType {
    return restrict(base, facets, this.qname(local));
  }

  /** A named complex type whose content is a sequence of the given fields. */
  record(local: string | null, fields: readonly Field[]): ComplexType {
    return complex(local === null ? null : this.qname(local), sequence(fields.map((f) => element(this.qname(f.local), f.type, f.occurs))));
  }

  element(local: string, type: SimpleType | ComplexType, occurs: Occurs = REQUIRED): ElementDecl {
    return element(this.qname(local), type, occurs);
  }
}
