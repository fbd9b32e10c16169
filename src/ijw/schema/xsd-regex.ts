// Translation of XML Schema regular expressions (XSD 1.0, Appendix F) into JavaScript RegExps
// with the `v` flag. XSD patterns match the whole value (implicitly anchored), have no anchors
// ('^' and '$' are ordinary characters), '.' excludes only LF and CR, \s is exactly the four XML
// white-space characters, \d is Unicode Nd, and character classes may be subtracted: [a-z-[aeiou]].
import { NAME_CHAR_CLASS, NAME_START_CLASS } from '../xml-chars.ts';

export class XsdRegexError extends Error {}

const WS = '[\\u{20}\\u{9}\\u{A}\\u{D}]';
const NOT_WS = '[^\\u{20}\\u{9}\\u{A}\\u{D}]';
const DOT = '[^\\u{A}\\u{D}]';
const WORD = '[^\\p{P}\\p{Z}\\p{C}]';
const NOT_WORD = '[\\p{P}\\p{Z}\\p{C}]';
const CATEGORIES = new Set([
  'L', 'Lu', 'Ll', 'Lt', 'Lm', 'Lo', 'M', 'Mn', 'Mc', 'Me', 'N', 'Nd', 'Nl', 'No', 'P', 'Pc', 'Pd', 'Ps', 'Pe', 'Pi', 'Pf', 'Po',
  'Z', 'Zs', 'Zl', 'Zp', 'S', 'Sm', 'Sc', 'Sk', 'So', 'C', 'Cc', 'Cf', 'Co', 'Cn',
]);
/** Characters that may follow a backslash to stand for themselves. */
const SINGLE_ESCAPES: Record<string, number> = {
  n: 0x0a, r: 0x0d, t: 0x09, '\\': 0x5c, '|': 0x7c, '.': 0x2e, '?': 0x3f, '*': 0x2a, '+': 0x2b,
  '(': 0x28, ')': 0x29, '{': 0x7b, '}': 0x7d, '-': 0x2d, '[': 0x5b, ']': 0x5d, '^': 0x5e,
};

function lit(cp: number): string {
  return `\\u{${cp.toString(16).toUpperCase()}}`;
}

class Translator {
  private i = 0;
  private readonly cps: number[];

  constructor(private readonly source: string) {
    this.cps = Array.from(source, (c) => c.codePointAt(0) ?? 0);
  }

  private peek(k = 0): string | undefined {
    const cp = this.cps[this.i + k];
    return cp === undefined ? undefined : String.fromCodePoint(cp);
  }

  private err(msg: string): never {
    throw new XsdRegexError(`pattern '${this.source}': ${msg} at ${this.i}`);
  }

  translate(): string {
    const body = this.regExp();
    if (this.i < this.cps.length) this.err(`unexpected '${this.peek() ?? ''}'`);
    return body;
  }

  private regExp(): string {
    const branches = [this.branch()];
    while (this.peek() === '|') {
      this.i++;
      branches.push(this.branch());
    }
    return branches.join('|');
  }

  private branch(): string {
    const pieces: string[] = [];
    for (let c = this.peek(); c !== undefined && c !== '|' && c !== ')'; c = this.peek()) pieces.push(this.piece());
    return pieces.join('');
  }

  private piece(): string {
    const atom = this.atom();
    const c = this.peek();
    if (c === '?' || c === '*' || c === '+') {
      this.i++;
      return atom + c;
    }
    if (c === '{') {
      this.i++;
      const m = /^(\d+)(,(\d*))?\}/.exec(String.fromCodePoint(...this.cps.slice(this.i, this.i + 24)));
      if (m === null) this.err('bad quantifier');
      this.i += m[0].length;
      const lo = Number(m[1]);
      if (m[3] !== undefined && m[3] !== '' && Number(m[3]) < lo) this.err('quantifier {n,m} with m < n');
      return `${atom}{${m[1]}${m[2] ?? ''}}`;
    }
    return atom;
  }

  private atom(): string {
    const c = this.peek();
    if (c === undefined) this.err('unexpected end');
    if (c === '(') {
      this.i++;
      const inner = this.regExp();
      if (this.peek() !== ')') this.err("missing ')'");
      this.i++;
      return `(?:${inner})`;
    }
    if (c === '[') return this.charClassExpr();
    if (c === '\\') return this.escape(false).js;
    if (c === '.') {
      this.i++;
      return DOT;
    }
    if ('?*+{}()|]'.includes(c)) this.err(`unescaped metacharacter '${c}'`);
    this.i++;
    return lit(c.codePointAt(0) ?? 0);
  }

  /** An escape; `single` is set when it denotes one character (usable as a range end). */
  private escape(inClass: boolean): { js: string; single: number | null } {
    this.i++; // backslash
    const c = this.peek();
    if (c === undefined) this.err('dangling backslash');
    this.i++;
    const single = SINGLE_ESCAPES[c];
    if (single !== undefined) return { js: lit(single), single };
    switch (c) {
      case 's': return { js: WS, single: null };
      case 'S': return { js: NOT_WS, single: null };
      case 'd': return { js: '\\p{Nd}', single: null };
      case 'D': return { js: '\\P{Nd}', single: null };
      case 'w': return { js: WORD, single: null };
      case 'W': return { js: NOT_WORD, single: null };
      case 'i': return { js: NAME_START_CLASS, single: null };
      case 'I': return { js: `[^${NAME_START_CLASS.slice(1, -1)}]`, single: null };
      case 'c': return { js: NAME_CHAR_CLASS, single: null };
      case 'C': return { js: `[^${NAME_CHAR_CLASS.slice(1, -1)}]`, single: null };
      case 'p':
      case 'P': {
        if (this.peek() !== '{') this.err('\\p needs {name}');
        const close = this.cps.indexOf(0x7d, this.i);
        if (close === -1) this.err('unterminated \\p{');
        const name = String.fromCodePoint(...this.cps.slice(this.i + 1, close));
        this.i = close + 1;
        if (!CATEGORIES.has(name)) this.err(`unsupported category or block '${name}'`);
        return { js: `\\${c}{${name}}`, single: null };
      }
      default:
        return this.err(`unknown escape \\${c}${inClass ? ' in class' : ''}`);
    }
  }

  /** '[' '^'? group ('-' charClassExpr)? ']' */
  private charClassExpr(): string {
    this.i++; // [
    let negated = false;
    if (this.peek() === '^') {
      negated = true;
      this.i++;
    }
    const items: string[] = [];
    let first = true;
    let subtraction: string | null = null;
    for (;;) {
      const c = this.peek();
      if (c === undefined) this.err('unterminated character class');
      if (c === ']' && !first) break;
      if (c === '-' && this.peek(1) === '[') {
        this.i++;
        subtraction = this.charClassExpr();
        if (this.peek() !== ']') this.err('subtraction must end the class');
        break;
      }
      let from: number | null;
      if (c === '\\') {
        const e = this.escape(true);
        if (e.single === null) {
          items.push(e.js);
          first = false;
          continue;
        }
        from = e.single;
      } else {
        if (c === '[') this.err("unescaped '[' in class");
        from = c.codePointAt(0) ?? 0;
        this.i++;
      }
      // range a-b (a '-' right before ']' or before '-[' is a literal)
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== '[' && this.peek(1) !== undefined) {
        this.i++;
        let to: number;
        if (this.peek() === '\\') {
          const e = this.escape(true);
          if (e.single === null) this.err('class escape cannot end a range');
          to = e.single;
        } else {
          to = this.peek()?.codePointAt(0) ?? 0;
          this.i++;
        }
        if (to < from) this.err('range out of order');
        items.push(`${lit(from)}-${lit(to)}`);
      } else items.push(lit(from));
      first = false;
    }
    this.i++; // ]
    const cls = `[${negated ? '^' : ''}${items.join('')}]`;
    return subtraction === null ? cls : `[${cls}--${subtraction}]`;
  }
}

/** JavaScript source (for the `v` flag) equivalent to the XSD pattern, without anchors. */
export function translateXsdPattern(pattern: string): string {
  return new Translator(pattern).translate();
}

/** A RegExp that tests whether a whole value matches the XSD pattern. */
export function compileXsdPattern(pattern: string): RegExp {
  return new RegExp(`^(?:${translateXsdPattern(pattern)})$`, 'v');
}
