// Safe XML reader for iJw messages: UTF-8 only, no DTD, bounded size and depth, namespaces
// resolved, line and column on every element and text. Builds a small element tree.
import { NOT_XML_CHAR, NOT_XML_CHAR_BMP, firstInvalidUtf8, isBlank, lineOfByte } from './xml-chars.ts';
import {
  XmlSyntaxError, XmlTokenizer, lookupNamespace,
  type NsBinding, type StartTag, type XmlAttribute, type XmlElement, type XmlHandler, type XmlNode, type XmlProblem, type XmlText,
} from './xml-tokenizer.ts';

export { XmlSyntaxError, lookupNamespace };
export type { NsBinding, XmlAttribute, XmlElement, XmlHandler, XmlNode, XmlProblem, XmlText, StartTag };

export interface ReadOptions {
  /** Refuse inputs larger than this many bytes (UTF-8) / UTF-16 code units (strings). Default 32 MiB. */
  maxBytes?: number;
  /** Refuse element nesting deeper than this. Default 256 (as libxml2 without XML_PARSE_HUGE). */
  maxDepth?: number;
}

export type ReadResult =
  | { ok: true; root: XmlElement; warnings: XmlProblem[] }
  | { ok: false; error: XmlProblem; warnings: XmlProblem[] };

export const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;
export const DEFAULT_MAX_DEPTH = 256;

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function problem(line: number, code: string, message: string, column = 1): XmlProblem {
  return { line, column, code, message };
}

/** Decodes UTF-8 strictly; a BOM is dropped. Returns a problem with the line of the first bad byte. */
export function decodeUtf8(bytes: Uint8Array): { ok: true; text: string } | { ok: false; error: XmlProblem } {
  try {
    return { ok: true, text: decoder.decode(bytes) };
  } catch {
    const at = firstInvalidUtf8(bytes);
    const bad = Array.from(bytes.subarray(Math.max(at, 0), Math.max(at, 0) + 4), (b) => '0x' + b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
    return { ok: false, error: problem(lineOfByte(bytes, Math.max(at, 0)), 'utf8', `Input is not proper UTF-8 (bytes ${bad})`) };
  }
}

/**
 * One byte of `bytes` in fastDecode's check: false when it is not an XML character (a control
 * character, or the first byte of U+FFFE/U+FFFF), or a CR that is not followed by LF; `crlf` notes
 * a CR LF pair.
 */
function plainByte(bytes: Uint8Array, i: number, seen: { crlf: boolean }): boolean {
  const b = bytes[i]!;
  if (b < 0x20) {
    if (b === 0x0a || b === 0x09) return true;
    if (b === 0x0d && bytes[i + 1] === 0x0a) {
      seen.crlf = true;
      return true;
    }
    return false;
  }
  return !(b === 0xef && bytes[i + 1] === 0xbf && (bytes[i + 2] === 0xbe || bytes[i + 2] === 0xbf));
}

/** Any byte below 0x20 (the exact "has less than" test on four bytes at once) or above 0x7F. */
const LOW = 0x20202020;
const HIGH_BITS = 0x80808080 | 0;

/**
 * The common case, fast: no character outside XML's Char range and no lone CR, checked four bytes
 * at a time (ASCII text without control characters passes a word in one test), then one native
 * strict decode. CR LF line ends stay in the text: the tokenizer leaves their CRs out of what it
 * reports (TokenizerOptions.crlf), which is cheaper than a normalised copy. Returns null when
 * anything is unusual (bad character, lone CR, bad UTF-8); the caller then takes the slow path,
 * which reports the problem exactly as before.
 */
function fastDecode(bytes: Uint8Array): { text: string; crlf: boolean } | null {
  const n = bytes.length;
  const seen = { crlf: false };
  let i = 0;
  const head = Math.min(n, (4 - (bytes.byteOffset & 3)) & 3);
  for (; i < head; i++) if (!plainByte(bytes, i, seen)) return null;
  const words = (n - i) >> 2;
  // Only with whole words: fewer than four bytes at an odd place end before the next word boundary,
  // and an Int32Array may not start there even with length 0 (it would throw a RangeError).
  if (words > 0) {
    const w32 = new Int32Array(bytes.buffer, bytes.byteOffset + i, words);
    for (let k = 0; k < words; k++) {
      const w = w32[k]!;
      if ((((w - LOW) & ~w) | w) & HIGH_BITS) {
        const at = i + (k << 2);
        for (let j = at; j < at + 4; j++) if (!plainByte(bytes, j, seen)) return null;
      }
    }
  }
  for (i += words << 2; i < n; i++) if (!plainByte(bytes, i, seen)) return null;
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return null;
  }
  return { text, crlf: seen.crlf };
}


function lineOfIndex(s: string, index: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let nl = s.indexOf('\n'); nl !== -1 && nl < index; nl = s.indexOf('\n', nl + 1)) {
    line++;
    start = nl + 1;
  }
  return { line, column: index - start + 1 };
}

class TreeBuilder implements XmlHandler {
  root: XmlElement | null = null;
  private readonly stack: XmlElement[] = [];
  /** The open element (top of the stack), kept in a field because every event needs it. */
  private cur: XmlElement | null = null;
  /**
   * The last child of `cur` is plain white-space text (layout). Adjacent plain text is merged
   * into one node and CDATA is never layout, so at most one trailing node can be layout.
   */
  private layoutTail = false;

  startElement(el: StartTag): void {
    const parent = this.cur;
    if (parent === null) this.root = el;
    else {
      // white space before the first child element is layout, not content: drop it
      if (this.layoutTail) parent.children.pop();
      parent.children.push(el);
    }
    this.stack.push(el);
    this.cur = el;
    this.layoutTail = false;
  }

  endElement(): void {
    this.stack.pop();
    this.cur = this.stack[this.stack.length - 1] ?? null;
    this.layoutTail = false; // the parent's last child is now the element that ended
  }

  text(value: string, cdata: boolean, line: number, column: number): void {
    const parent = this.cur;
    if (parent === null) return;
    const c = parent.children;
    const last = c.length === 0 ? undefined : c[c.length - 1]!;
    if (cdata) {
      c.push({ kind: 'text', value, cdata, line, column });
      this.layoutTail = false;
      return;
    }
    const blank = isBlank(value);
    // white space after a child element is layout (an element with children has no simple value)
    if (last !== undefined && last.kind === 'element' && blank) return;
    // adjacent plain text (split only by references) stays one node; CDATA stays separate
    if (last !== undefined && last.kind === 'text' && !last.cdata) {
      last.value += value;
      this.layoutTail &&= blank;
    } else {
      c.push({ kind: 'text', value, cdata, line, column });
      this.layoutTail = blank;
    }
  }
}

/**
 * Runs the scanner over `input` and sends events to `handler`. Returns null when the document is
 * well-formed, else the first problem (as xmllint, the document is then unusable).
 */
export function scanXml(input: Uint8Array | string, handler: XmlHandler, options: ReadOptions = {}): { error: XmlProblem | null; warnings: XmlProblem[] } {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  let text: string;
  const fromString = typeof input === 'string';
  if (typeof input === 'string') {
    if (input.length > maxBytes) return { error: problem(1, 'size', `Input of ${input.length} characters exceeds the limit of ${maxBytes}`), warnings: [] };
    text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  } else {
    if (input.length > maxBytes) return { error: problem(1, 'size', `Input of ${input.length} bytes exceeds the limit of ${maxBytes}`), warnings: [] };
    const fast = fastDecode(input);
    if (fast !== null) return tokenize(fast.text, handler, options, fast.crlf);
    const d = decodeUtf8(input);
    if (!d.ok) return { error: d.error, warnings: [] };
    text = d.text;
  }
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
  const badChar = (fromString ? NOT_XML_CHAR : NOT_XML_CHAR_BMP).exec(text);
  if (badChar !== null) {
    const { line, column } = lineOfIndex(text, badChar.index);
    const cp = badChar[0].codePointAt(0) ?? 0;
    return { error: problem(line, 'char', `Char 0x${cp.toString(16).toUpperCase()} out of allowed range`, column), warnings: [] };
  }
  return tokenize(text, handler, options);
}

/** Runs the tokenizer over decoded and checked text (line ends LF, or CR LF when `crlf`). */
function tokenize(text: string, handler: XmlHandler, options: ReadOptions, crlf = false): { error: XmlProblem | null; warnings: XmlProblem[] } {
  const tokenizer = new XmlTokenizer(text, handler, { maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH, crlf });
  try {
    tokenizer.run();
  } catch (e) {
    if (e instanceof XmlSyntaxError) return { error: e.problem, warnings: tokenizer.warnings };
    throw e;
  }
  return { error: null, warnings: tokenizer.warnings };
}

/**
 * Parses a whole document into an element tree. White-space-only text next to child elements
 * (indentation) is not kept; comments and processing instructions are skipped.
 */
export function readXml(input: Uint8Array | string, options: ReadOptions = {}): ReadResult {
  const builder = new TreeBuilder();
  const { error, warnings } = scanXml(input, builder, options);
  if (error !== null) return { ok: false, error, warnings };
  if (builder.root === null) return { ok: false, error: problem(1, 'empty', 'Document is empty'), warnings };
  return { ok: true, root: builder.root, warnings };
}

/** Concatenated text and CDATA content of an element (comments and PIs do not interrupt it). */
export function textContent(el: XmlElement): string {
  const c = el.children;
  if (c.length === 1 && c[0]!.kind === 'text') return c[0]!.value;
  const parts: string[] = [];
  for (const n of c) if (n.kind === 'text') parts.push(n.value);
  return parts.join('');
}

/** Child elements only. */
export function childElements(el: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (const n of el.children) if (n.kind === 'element') out.push(n);
  return out;
}
