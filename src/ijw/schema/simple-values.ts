// Checking a text value against a simple type: white-space normalisation, the lexical and value
// space of the built-in, then the facets of every restriction step (most general first).
import type { Builtin, Facets, SimpleType, WhiteSpace } from './schema-model.ts';
import { compileXsdPattern } from './xsd-regex.ts';
import { parseXsdDate, parseXsdDateTime, parseXsdTime } from './xsd-datetime.ts';

export interface ValueProblem {
  rule: string;
  message: string;
}

interface Decimal {
  negative: boolean;
  /** Significant digits without leading zeros in the integer part and trailing zeros in the fraction. */
  intDigits: string;
  fracDigits: string;
}

interface Step {
  facets: Facets;
  patterns: { source: string; re: RegExp }[];
  enumeration: Set<string> | null;
  numericBounds: { min?: Decimal; max?: Decimal; minEx?: Decimal; maxEx?: Decimal };
  numericEnumeration: Decimal[] | null;
}

interface Compiled {
  builtin: Builtin;
  whiteSpace: WhiteSpace;
  /** libxml2 collapses a date/time value only when a pattern or enumeration facet needs it. */
  normalize: boolean;
  steps: Step[];
}

const compiledTypes = new Map<SimpleType, Compiled>(); // the types are long-lived singletons

function defaultWhiteSpace(b: Builtin): WhiteSpace {
  if (b === 'string') return 'preserve';
  if (b === 'normalizedString') return 'replace';
  return 'collapse';
}

const WS_RANK: Record<WhiteSpace, number> = { preserve: 0, replace: 1, collapse: 2 };

/** Integer or decimal lexical form, as libxml2 accepts it (at most 24 significant digits). */
export function parseDecimal(s: string, integerOnly: boolean): Decimal | null {
  if (integerOnly) return parseInteger(s);
  const m = (integerOnly ? /^([+-]?)([0-9]+)()()$/ : /^([+-]?)([0-9]*)(\.?)([0-9]*)$/).exec(s);
  if (m === null) return null;
  const intRaw = m[2] ?? '';
  const fracRaw = m[4] ?? '';
  if (intRaw === '' && fracRaw === '') return null; // "", "+", "." are not numbers
  if (m[3] === '' && fracRaw !== '') return null;
  const intDigits = intRaw.replace(/^0+/, '');
  if (intDigits.length + fracRaw.length > 24) return null;
  const fracDigits = fracRaw.replace(/0+$/, '');
  return { negative: m[1] === '-' && (intDigits !== '' || fracDigits !== ''), intDigits, fracDigits };
}

/** Fast path for xs:integer: optional sign, digits, at most 24 significant. */
function parseInteger(s: string): Decimal | null {
  let i = 0;
  const c0 = s.charCodeAt(0);
  if (c0 === 0x2b || c0 === 0x2d) i = 1;
  if (i >= s.length) return null;
  let firstSignificant = -1;
  for (let j = i; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c < 0x30 || c > 0x39) return null;
    if (firstSignificant === -1 && c !== 0x30) firstSignificant = j;
  }
  const intDigits = firstSignificant === -1 ? '' : s.slice(firstSignificant);
  if (intDigits.length > 24) return null;
  return { negative: c0 === 0x2d && intDigits !== '', intDigits, fracDigits: '' };
}

function signOf(d: Decimal): number {
  return d.intDigits === '' && d.fracDigits === '' ? 0 : d.negative ? -1 : 1;
}

function compareDecimal(a: Decimal, b: Decimal): number {
  const sa = signOf(a);
  const sb = signOf(b);
  if (sa !== sb) return sa < sb ? -1 : 1;
  if (sa === 0) return 0;
  let mag: number;
  if (a.intDigits.length !== b.intDigits.length) mag = a.intDigits.length < b.intDigits.length ? -1 : 1;
  else if (a.intDigits !== b.intDigits) mag = a.intDigits < b.intDigits ? -1 : 1;
  else {
    const n = Math.max(a.fracDigits.length, b.fracDigits.length);
    const fa = a.fracDigits.padEnd(n, '0');
    const fb = b.fracDigits.padEnd(n, '0');
    mag = fa === fb ? 0 : fa < fb ? -1 : 1;
  }
  return sa * mag;
}

function requireDecimal(v: string | undefined, integerOnly: boolean): Decimal | undefined {
  if (v === undefined) return undefined;
  const d = parseDecimal(v, integerOnly);
  if (d === null) throw new Error(`bad numeric facet value '${v}'`);
  return d;
}

function compile(type: SimpleType): Compiled {
  const cached = compiledTypes.get(type);
  if (cached !== undefined) return cached;
  const chain: SimpleType[] = [];
  for (let t: SimpleType | null = type; t !== null; t = t.base) chain.unshift(t);
  const numeric = type.builtin === 'integer' || type.builtin === 'decimal';
  let whiteSpace = defaultWhiteSpace(type.builtin);
  const steps: Step[] = chain.map((t) => {
    const f = t.facets;
    if (f.whiteSpace !== undefined && WS_RANK[f.whiteSpace] > WS_RANK[whiteSpace]) whiteSpace = f.whiteSpace;
    const intOnly = type.builtin === 'integer';
    return {
      facets: f,
      patterns: (f.patterns ?? []).map((source) => ({ source, re: compileXsdPattern(source) })),
      enumeration: f.enumeration !== undefined && !numeric ? new Set(f.enumeration) : null,
      numericEnumeration: f.enumeration !== undefined && numeric ? f.enumeration.map((e) => requireDecimal(e, false)!) : null,
      numericBounds: numeric
        ? {
            min: requireDecimal(f.minInclusive, intOnly), max: requireDecimal(f.maxInclusive, intOnly),
            minEx: requireDecimal(f.minExclusive, intOnly), maxEx: requireDecimal(f.maxExclusive, intOnly),
          }
        : {},
    };
  });
  const dateLike = type.builtin === 'date' || type.builtin === 'time' || type.builtin === 'dateTime';
  const normalize = !dateLike || steps.some((st) => st.patterns.length > 0 || st.facets.enumeration !== undefined);
  const c: Compiled = { builtin: type.builtin, whiteSpace, normalize, steps };
  compiledTypes.set(type, c);
  return c;
}

/** Replace: tab, LF and CR become spaces. Collapse: additionally runs of spaces shrink and ends are trimmed. */
export function normalizeWhiteSpace(value: string, ws: WhiteSpace): string {
  if (ws === 'preserve') return value;
  const replaced = /[\t\n\r]/.test(value) ? value.replace(/[\t\n\r]/g, ' ') : value;
  if (ws === 'replace') return replaced;
  if (!replaced.includes(' ')) return replaced;
  return replaced.replace(/ {2,}/g, ' ').replace(/^ | $/g, '');
}

/** Number of characters (code points), as XSD length facets count. */
export function codePointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) n--;
  }
  return n;
}

type Lexical = { ok: true; decimal?: Decimal } | { ok: false };
// shared verdicts: most values need no per-call object
const LEX_OK: Lexical = Object.freeze({ ok: true });
const LEX_BAD: Lexical = Object.freeze({ ok: false });

function lexical(builtin: Builtin, v: string): Lexical {
  switch (builtin) {
    case 'string':
    case 'normalizedString':
    case 'token':
      return LEX_OK;
    case 'integer':
    case 'decimal': {
      const d = parseDecimal(v, builtin === 'integer');
      return d === null ? LEX_BAD : { ok: true, decimal: d };
    }
    case 'boolean':
      return v === 'true' || v === 'false' || v === '1' || v === '0' ? LEX_OK : LEX_BAD;
    case 'date':
      return parseXsdDate(v) === null ? LEX_BAD : LEX_OK;
    case 'time':
      return parseXsdTime(v) === null ? LEX_BAD : LEX_OK;
    case 'dateTime':
      return parseXsdDateTime(v) === null ? LEX_BAD : LEX_OK;
  }
}

function anyMatch(patterns: readonly { re: RegExp }[], v: string): boolean {
  for (const p of patterns) if (p.re.test(v)) return true;
  return false;
}

function checkStep(step: Step, v: string, decimal: Decimal | undefined): ValueProblem | null {
  const f = step.facets;
  if (f.length !== undefined || f.minLength !== undefined || f.maxLength !== undefined) {
    const len = codePointLength(v);
    if (f.length !== undefined && len !== f.length) return { rule: 'length', message: `length ${len} differs from the required ${f.length}` };
    if (f.minLength !== undefined && len < f.minLength) return { rule: 'minLength', message: `length ${len} is below the minimum of ${f.minLength}` };
    if (f.maxLength !== undefined && len > f.maxLength) return { rule: 'maxLength', message: `length ${len} exceeds the maximum of ${f.maxLength}` };
  }
  if (step.enumeration !== null && !step.enumeration.has(v)) {
    return { rule: 'enumeration', message: 'value is not in the list of allowed codes' };
  }
  if (decimal !== undefined) {
    if (step.numericEnumeration !== null && !step.numericEnumeration.some((e) => compareDecimal(e, decimal) === 0)) {
      return { rule: 'enumeration', message: 'value is not one of the allowed values' };
    }
    const b = step.numericBounds;
    if (b.min !== undefined && compareDecimal(decimal, b.min) < 0) return { rule: 'minInclusive', message: `value is below ${f.minInclusive}` };
    if (b.max !== undefined && compareDecimal(decimal, b.max) > 0) return { rule: 'maxInclusive', message: `value is above ${f.maxInclusive}` };
    if (b.minEx !== undefined && compareDecimal(decimal, b.minEx) <= 0) return { rule: 'minExclusive', message: `value must be above ${f.minExclusive}` };
    if (b.maxEx !== undefined && compareDecimal(decimal, b.maxEx) >= 0) return { rule: 'maxExclusive', message: `value must be below ${f.maxExclusive}` };
    if (f.totalDigits !== undefined && Math.max(decimal.intDigits.length + decimal.fracDigits.length, 1) > f.totalDigits) {
      return { rule: 'totalDigits', message: `more than ${f.totalDigits} digits` };
    }
    if (f.fractionDigits !== undefined && decimal.fracDigits.length > f.fractionDigits) {
      return { rule: 'fractionDigits', message: `more than ${f.fractionDigits} fraction digits` };
    }
  }
  if (step.patterns.length > 0 && !anyMatch(step.patterns, v)) {
    return { rule: 'pattern', message: `value does not match the pattern '${step.patterns.map((p) => p.source).join("' | '")}'` };
  }
  return null;
}

/** Null when `raw` is a valid value of `type`, else the first broken rule. */
export function checkSimpleValue(type: SimpleType, raw: string): ValueProblem | null {
  const c = compile(type);
  const v = c.normalize ? normalizeWhiteSpace(raw, c.whiteSpace) : raw;
  const lex = lexical(c.builtin, v);
  if (!lex.ok) return { rule: c.builtin, message: `not a valid xs:${c.builtin}` };
  for (const step of c.steps) {
    const p = checkStep(step, v, lex.decimal);
    if (p !== null) return p;
  }
  return null;
}

/**
 * The value's canonical lexical form: two texts are the same value of `type` exactly when their
 * canonical forms are equal (XSD 1.1 part 2, "canonical mapping"). White space is handled by the
 * type's facet (a string keeps it: " A1" and "A1" are two identifications; an integer or a date
 * collapses it); an integer loses its sign and leading zeros ("+05000003" is 5000003); a boolean
 * is true or false. `raw` must be a valid value of the type (the message was validated).
 */
export function canonicalValue(type: SimpleType, raw: string): string {
  const c = compile(type);
  switch (c.builtin) {
    case 'string':
    case 'normalizedString':
    case 'token':
      return normalizeWhiteSpace(raw, c.whiteSpace);
    case 'integer':
    case 'decimal': {
      const d = parseDecimal(normalizeWhiteSpace(raw, 'collapse'), c.builtin === 'integer');
      if (d === null) return raw;
      const digits = (d.intDigits === '' ? '0' : d.intDigits) + (d.fracDigits === '' ? '' : `.${d.fracDigits}`);
      return d.negative ? `-${digits}` : digits;
    }
    case 'boolean': {
      const v = normalizeWhiteSpace(raw, 'collapse');
      return v === '1' ? 'true' : v === '0' ? 'false' : v;
    }
    case 'date':
    case 'time':
    case 'dateTime':
      return normalizeWhiteSpace(raw, 'collapse');
  }
}

/** Compiles all patterns of a type up front (so schema mistakes surface at start-up). */
export function precompile(type: SimpleType): void {
  compile(type);
}
