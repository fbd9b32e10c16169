// Single-pass XML 1.0 scanner with namespaces. No DTD support at all: a DOCTYPE is refused, so
// there are no external entities and no entity expansion beyond the five predefined entities and
// character references. Events go to a handler, so a streaming consumer needs no tree.
import { NAME_AT, isXmlCharCode } from './xml-chars.ts';

/** Local copy of the white-space test: the hot loops avoid a cross-module call. */
function isWs(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

/** A resolved element name, shared by all tags with the same qname in the same scope. */
interface ResolvedName { prefix: string; local: string; ns: string }

/** A cached start-tag name: reusing `qname` spares a slice and a hash per tag. */
interface NameEntry { qname: string; scope: NsBinding | null; resolved: ResolvedName }
const NAME_TABLE_SIZE = 1024; // power of two; iJw messages use a few hundred distinct names
/** Shared by all documents (fixed size, so bounded): scopes are interned, see bind(). */
const NAME_TABLE: (NameEntry | undefined)[] = new Array<NameEntry | undefined>(NAME_TABLE_SIZE);
/** Mismatches of a cached name per document before cachedName stops using the unbounded indexOf. */
const MAX_NAME_MISSES = 8;

/**
 * Namespace bindings are interned, so that every message declaring the same namespaces gets the
 * same scope objects and the name cache works across documents. Bindings are immutable; the table
 * stops growing at MAX_INTERNED, after which new bindings are simply not shared.
 */
const INTERNED = new Map<NsBinding, Map<string, NsBinding>>();
const MAX_INTERNED = 4096;
let internedCount = 0;

/**
 * The engine's internalized copy of `s` (property keys are internalized). Schema names are string
 * literals, hence internalized too, so comparing a cached element name with them is a pointer check
 * instead of a character-by-character compare. Only used for names that enter the bounded cache.
 */
function internString(s: string): string {
  const o: Record<string, true> = {};
  o[s] = true;
  for (const k in o) return k;
  return s;
}

function bind(parent: NsBinding | null, prefix: string, uri: string): NsBinding {
  if (parent === null) return { prefix, uri, parent };
  let m = INTERNED.get(parent);
  const key = `${prefix} ${uri}`; // a prefix has no space
  const hit = m?.get(key);
  if (hit !== undefined) return hit;
  const b: NsBinding = { prefix, uri, parent };
  if (internedCount < MAX_INTERNED) {
    if (m === undefined) INTERNED.set(parent, (m = new Map()));
    m.set(key, b);
    internedCount++;
  }
  return b;
}

import {
  XML_NS, XMLNS_NS, XmlSyntaxError, lookupNamespace,
  type NsBinding, type StartTag, type TokenizerOptions, type XmlAttribute, type XmlHandler, type XmlProblem,
} from './xml-types.ts';

export { XML_NS, XMLNS_NS, XmlSyntaxError, lookupNamespace } from './xml-types.ts';
export type { NsBinding, StartTag, TokenizerOptions, XmlAttribute, XmlElement, XmlHandler, XmlNode, XmlProblem, XmlText } from './xml-types.ts';

/** ASCII name characters: 1 = may start a name, 2 = may only continue one. */
const ASCII_NAME = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_:]/.test(ch)) ASCII_NAME[c] = 1;
  else if (/[0-9.\-]/.test(ch)) ASCII_NAME[c] = 2;
}

/**
 * White space in an attribute value becomes a space; a CR LF line end (still in the text with
 * options.crlf) is one line end, so one space.
 */
const ATTRIBUTE_WHITE_SPACE = /\r\n|[\t\n\r]/g;

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };
/** Shared by all elements without attributes (frozen: never modify an element's attribute list). */
const NO_ATTRIBUTES: XmlAttribute[] = Object.freeze([]) as unknown as XmlAttribute[];
const ROOT_SCOPE: NsBinding = { prefix: 'xml', uri: XML_NS, parent: null };


/** Scans `s` (already decoded, characters checked; line ends LF, or CR LF with options.crlf) and reports events. */
export class XmlTokenizer {
  private pos = 0;
  private line = 1;
  private lineStart = 0;
  private nextNl: number;
  /** Set by startTag: the tag ended with '/>'. A field, so no wrapper object per tag. */
  private selfClosing = false;
  /** Cached names that did not match where their hash said (see cachedName). */
  private nameMisses = 0;
  /** Element names resolved in `nameScope` (without warnings); most tags repeat a few names. */
  readonly warnings: XmlProblem[] = [];

  /**
   * The first '&' and ']]>' at or after the last text looked at (-1: none left). Text is checked
   * against these instead of character by character; they only move forward, so the whole
   * document is searched once for each.
   */
  private nextAmp: number;
  private nextCdataEnd: number;
  /** With options.crlf: the next CR at or after the last text looked at (-1: none left). */
  private nextCr: number;
  private readonly crlf: boolean;

  constructor(private readonly s: string, private readonly handler: XmlHandler, private readonly options: TokenizerOptions) {
    this.nextNl = s.indexOf('\n');
    this.nextAmp = s.indexOf('&');
    this.nextCdataEnd = s.indexOf(']]>');
    this.crlf = options.crlf === true;
    this.nextCr = this.crlf ? s.indexOf('\r') : -1;
  }

  /**
   * The text between `start` and `end`, without the CRs of CR LF line ends (options.crlf). Layout
   * text holds one line end at most, so this is mostly one slice.
   */
  private textOf(start: number, end: number): string {
    const s = this.s;
    let cr = this.nextCr;
    if (cr !== -1 && cr < start) cr = s.indexOf('\r', start);
    if (cr === -1 || cr >= end) {
      this.nextCr = cr;
      return s.slice(start, end);
    }
    let out = '';
    let from = start;
    while (cr !== -1 && cr < end) {
      out += s.slice(from, cr);
      from = cr + 1;
      cr = s.indexOf('\r', from);
    }
    this.nextCr = cr;
    return out + s.slice(from, end);
  }

  /** A literal piece of text, without CRs when the document still has CR LF line ends. */
  private literal(piece: string): string {
    return this.crlf && piece.includes('\r') ? piece.replaceAll('\r', '') : piece;
  }

  /** Moves the line counter forward to `p` (calls come in document order, so this stays linear). */
  private loc(p: number): { line: number; column: number } {
    this.advance(p);
    return { line: this.line, column: p - this.lineStart + 1 };
  }

  /** As loc, without allocating: afterwards this.line and p - this.lineStart + 1 are the position. */
  private advance(p: number): void {
    while (this.nextNl !== -1 && this.nextNl < p) {
      this.line++;
      this.lineStart = this.nextNl + 1;
      this.nextNl = this.s.indexOf('\n', this.lineStart);
    }
  }

  private fail(code: string, message: string, at = this.pos): never {
    const { line, column } = this.loc(at);
    throw new XmlSyntaxError({ line, column, code, message });
  }

  private warn(code: string, message: string, at: number): void {
    const { line, column } = this.loc(at);
    this.warnings.push({ line, column, code, message });
  }

  private skipSpace(): boolean {
    const start = this.pos;
    const s = this.s;
    let p = this.pos;
    while (isWs(s.charCodeAt(p))) p++; // NaN at the end of input is not white space
    this.pos = p;
    return this.pos > start;
  }

  private name(what: string): string {
    const s = this.s;
    const start = this.pos;
    let c = s.charCodeAt(start);
    if (c < 128 && ASCII_NAME[c] === 1) {
      let i = start + 1;
      for (c = s.charCodeAt(i); c < 128 && ASCII_NAME[c] !== 0; c = s.charCodeAt(++i));
      if (!(c >= 128)) {
        // ended on an ASCII non-name character or at the end of input (NaN)
        this.pos = i;
        return s.slice(start, i);
      }
    }
    NAME_AT.lastIndex = this.pos;
    const m = NAME_AT.exec(this.s);
    if (m === null) this.fail('name', `${what}: name expected`);
    this.pos += m[0].length;
    return m[0];
  }

  private expect(lit: string, message: string): void {
    if (!this.s.startsWith(lit, this.pos)) this.fail('syntax', message);
    this.pos += lit.length;
  }

  run(): void {
    const s = this.s;
    if (s.startsWith('<?xml', 0) && isWs(s.charCodeAt(5))) this.xmlDeclaration();
    this.misc(true);
    if (this.pos >= s.length) this.fail('empty', 'Document is empty (no root element)');
    if (s.charCodeAt(this.pos) !== 0x3c) this.fail('syntax', 'Start tag expected, \'<\' not found');
    this.content();
    this.misc(false);
    if (this.pos < s.length) this.fail('syntax', 'Extra content at the end of the document');
  }

  private xmlDeclaration(): void {
    this.pos = 5;
    this.skipSpace();
    if (!this.s.startsWith('version', this.pos)) this.fail('xmldecl', 'Malformed XML declaration: version expected');
    this.pos += 7;
    const version = this.pseudoAttributeValue();
    if (!/^1\.[0-9]+$/.test(version)) this.fail('xmldecl', `Unsupported XML version '${version}'`);
    let spaced = this.skipSpace();
    if (this.s.startsWith('encoding', this.pos)) {
      if (!spaced) this.fail('xmldecl', 'Blank needed before encoding');
      this.pos += 8;
      const enc = this.pseudoAttributeValue();
      if (!/^[A-Za-z][A-Za-z0-9._-]*$/.test(enc)) this.fail('xmldecl', `Invalid encoding name '${enc}'`);
      if (enc.toUpperCase() !== 'UTF-8') this.fail('encoding', `Encoding '${enc}' is not accepted: iJw messages must be UTF-8`);
      spaced = this.skipSpace();
    }
    if (this.s.startsWith('standalone', this.pos)) {
      if (!spaced) this.fail('xmldecl', 'Blank needed before standalone');
      this.pos += 10;
      const sd = this.pseudoAttributeValue();
      if (sd !== 'yes' && sd !== 'no') this.fail('xmldecl', `standalone accepts only 'yes' or 'no'`);
      this.skipSpace();
    }
    this.expect('?>', 'XML declaration not closed by ?>');
  }

  private pseudoAttributeValue(): string {
    this.skipSpace();
    this.expect('=', "'=' expected in XML declaration");
    this.skipSpace();
    const q = this.s[this.pos];
    if (q !== '"' && q !== "'") this.fail('xmldecl', 'Quoted value expected in XML declaration');
    const end = this.s.indexOf(q, this.pos + 1);
    if (end === -1) this.fail('xmldecl', 'Unterminated value in XML declaration');
    const v = this.s.slice(this.pos + 1, end);
    this.pos = end + 1;
    return v;
  }

  /** Comments, processing instructions and white space before or after the root element. */
  private misc(beforeRoot: boolean): void {
    const s = this.s;
    for (;;) {
      this.skipSpace();
      if (s.startsWith('<!--', this.pos)) this.comment();
      else if (s.startsWith('<?', this.pos)) this.processingInstruction();
      else if (s.startsWith('<!DOCTYPE', this.pos)) {
        this.fail('doctype', beforeRoot
          ? 'DOCTYPE/DTD is not allowed in iJw messages (no external entities, no entity expansion)'
          : 'DOCTYPE after the root element');
      } else return;
    }
  }

  private comment(): void {
    const start = this.pos;
    const dd = this.s.indexOf('--', start + 4);
    if (dd === -1) this.fail('comment', 'Comment not terminated', start);
    if (this.s.charCodeAt(dd + 2) !== 0x3e) this.fail('comment', 'Double hyphen within comment', dd);
    this.pos = dd + 3;
  }

  private processingInstruction(): void {
    const start = this.pos;
    this.pos += 2;
    const target = this.name('Processing instruction');
    if (target.toLowerCase() === 'xml') {
      this.fail('pi', start === 0 ? 'Invalid XML declaration' : 'XML declaration allowed only at the start of the document', start);
    }
    if (target.includes(':')) this.warn('namespace', `colons are forbidden from PI names '${target}'`, start);
    if (this.s.startsWith('?>', this.pos)) { this.pos += 2; return; }
    if (!this.skipSpace()) this.fail('pi', 'Blank needed after processing instruction target');
    const end = this.s.indexOf('?>', this.pos);
    if (end === -1) this.fail('pi', 'Processing instruction not terminated', start);
    this.pos = end + 2;
  }

  /** The root element and everything inside it, iteratively (no recursion on depth). */
  private content(): void {
    const s = this.s;
    const open: string[] = [];

    const scopes: (NsBinding | null)[] = [];
    let scope: NsBinding | null = ROOT_SCOPE;
    for (;;) {
      // here s[pos] === '<'
      const c1 = s.charCodeAt(this.pos + 1);
      if (c1 === 0x2f /* / */) {
        const at = this.pos;
        this.pos += 2;
        const expected = open.pop();
        // fast path: the expected name follows and is not the prefix of a longer name. indexOf is
        // V8's fastest native compare here (about twice startsWith); on a mismatch it scans on to
        // the end of the input, but a mismatch fails the document, so that happens once at most.
        let name: string;
        const p = this.pos;
        const len = expected === undefined ? -1 : expected.length;
        const ca = s.charCodeAt(p + len);
        if (len > 0 && (ca === 0x3e || isWs(ca)) && s.indexOf(expected!, p) === p) {
          name = expected!;
          this.pos = p + len;
        } else {
          name = this.name('End tag');
          if (name !== expected) this.fail('tag', `Opening and ending tag mismatch: ${expected ?? '?'} and ${name}`, at);
        }
        if (s.charCodeAt(this.pos) === 0x3e) this.pos++;
        else {
          this.skipSpace();
          this.expect('>', `End tag ${name}: '>' expected`);
        }
        this.handler.endElement();
        scope = scopes.pop() ?? null;
        if (open.length === 0) return;
      } else if (c1 === 0x21 /* ! */) {
        if (open.length === 0) this.fail('syntax', 'Start tag expected');
        if (s.startsWith('<!--', this.pos)) this.comment();
        else if (s.startsWith('<![CDATA[', this.pos)) {
          const start = this.pos;
          const end = s.indexOf(']]>', start + 9);
          if (end === -1) this.fail('cdata', 'CDATA section not terminated', start);
          this.advance(start);
          this.handler.text(this.textOf(start + 9, end), true, this.line, start - this.lineStart + 1);
          this.pos = end + 3;
        } else if (s.startsWith('<!DOCTYPE', this.pos)) this.fail('doctype', 'DOCTYPE is not allowed');
        else this.fail('syntax', 'Invalid markup after <!');
      } else if (c1 === 0x3f /* ? */) {
        if (open.length === 0) this.fail('syntax', 'Start tag expected');
        this.processingInstruction();
      } else {
        if (open.length >= this.options.maxDepth) this.fail('depth', `Excessive depth in document: more than ${this.options.maxDepth} levels`);
        const tag = this.startTag(scope);
        if (this.selfClosing) {
          this.handler.startElement(tag);
          this.handler.endElement();
          if (open.length === 0) return;
        } else {
          open.push(tag.qname);
          scopes.push(scope);
          scope = tag.scope;
          this.handler.startElement(tag);
        }
      }
      this.characterData();
    }
  }

  /** Text up to the next '<' (references resolved); fails at end of input inside an element. */
  private characterData(): void {
    const s = this.s;
    const start = this.pos;
    const lt = s.indexOf('<', start);
    const end = lt === -1 ? s.length : lt;
    if (end > start) {
      // the next '&' and ']]>' are known positions, so most text needs no look at its characters
      if (this.nextAmp !== -1 && this.nextAmp < start) this.nextAmp = s.indexOf('&', start);
      if (this.nextCdataEnd !== -1 && this.nextCdataEnd < start) this.nextCdataEnd = s.indexOf(']]>', start);
      if (this.nextCdataEnd !== -1 && this.nextCdataEnd < end) this.fail('text', "Sequence ']]>' not allowed in content", this.nextCdataEnd);
      this.advance(start);
      const value = this.nextAmp !== -1 && this.nextAmp < end ? this.resolveReferences(s.slice(start, end), start) : this.textOf(start, end);
      this.handler.text(value, false, this.line, start - this.lineStart + 1);
    }
    this.pos = end;
    if (lt === -1) this.fail('eof', 'Premature end of data: element not closed');
  }

  /** Replaces references in `raw` (which starts at offset `base`); pieces are joined once. */
  private resolveReferences(raw: string, base: number): string {
    const parts: string[] = [];
    let i = 0;
    for (;;) {
      const amp = raw.indexOf('&', i);
      if (amp === -1) break;
      parts.push(this.literal(raw.slice(i, amp)));
      const semi = raw.indexOf(';', amp);
      if (semi === -1) this.fail('reference', 'EntityRef: expecting \';\'', base + amp);
      const body = raw.slice(amp + 1, semi);
      if (body.startsWith('#')) {
        const m = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(body);
        if (m === null) this.fail('reference', `Invalid character reference '&${body};'`, base + amp);
        const cp = m[1] !== undefined ? parseInt(m[1], 16) : parseInt(m[2] ?? '', 10);
        if (!isXmlCharCode(cp)) this.fail('reference', `Character reference '&${body};' is not an XML character`, base + amp);
        parts.push(String.fromCodePoint(cp));
      } else {
        const v = PREDEFINED[body];
        if (v === undefined) {
          NAME_AT.lastIndex = 0;
          const nm = NAME_AT.exec(body);
          if (nm === null || nm[0].length !== body.length) this.fail('reference', 'EntityRef: expecting \';\'', base + amp);
          this.fail('entity', `Entity '${body}' not defined (no DTD entities are accepted)`, base + amp);
        }
        parts.push(v);
      }
      i = semi + 1;
    }
    parts.push(this.literal(raw.slice(i)));
    return parts.join('');
  }

  private startTag(scope: NsBinding | null): StartTag {
    const s = this.s;
    const at = this.pos;
    this.advance(at);
    const line = this.line;
    const column = at - this.lineStart + 1;
    this.pos++;
    const cached = this.cachedName(scope);
    const qname = cached === undefined ? this.name('Start tag') : cached.qname;
    let raw: { name: string; value: string; at: number }[] | null = null;
    let selfClosing = false;
    for (;;) {
      const spaced = isWs(s.charCodeAt(this.pos)) && this.skipSpace();
      const c = s.charCodeAt(this.pos);
      if (c === 0x3e) { this.pos++; break; }
      if (c === 0x2f && s.charCodeAt(this.pos + 1) === 0x3e) { this.pos += 2; selfClosing = true; break; }
      if (this.pos >= s.length) this.fail('eof', `Premature end of data in tag ${qname}`);
      if (!spaced) this.fail('attribute', 'attributes construct error (blank expected)');
      const aAt = this.pos;
      const name = this.name('Attribute');
      this.skipSpace();
      this.expect('=', `Specification mandates value for attribute ${name}`);
      this.skipSpace();
      const q = s[this.pos];
      if (q !== '"' && q !== "'") this.fail('attribute', 'AttValue: " or \' expected');
      const end = s.indexOf(q, this.pos + 1);
      if (end === -1) this.fail('eof', 'AttValue: unterminated value');
      let value = s.slice(this.pos + 1, end);
      if (value.includes('<')) this.fail('attribute', `Unescaped '<' not allowed in attribute value`, this.pos + 1 + value.indexOf('<'));
      if (value.includes('&')) value = this.resolveReferencesInAttribute(value, this.pos + 1);
      else value = value.replace(ATTRIBUTE_WHITE_SPACE, ' ');
      this.pos = end + 1;
      if (raw === null) raw = [];
      for (const r of raw) if (r.name === name) this.fail('attribute', `Attribute ${name} redefined`, aAt);
      raw.push({ name, value, at: aAt });
    }
    this.selfClosing = selfClosing;
    if (raw === null) {
      const el = cached !== undefined ? cached.resolved : this.elementName(qname, scope, at);
      return { kind: 'element', qname, prefix: el.prefix, local: el.local, ns: el.ns, line, column, attributes: NO_ATTRIBUTES, children: [], scope };
    }
    // namespace declarations first, then names are resolved against the new scope
    let inner = scope;
    for (const r of raw) {
      if (r.name === 'xmlns') {
        if (r.value === XML_NS || r.value === XMLNS_NS) this.warn('namespace', `xmlns: the ${r.value === XML_NS ? 'xml' : 'xmlns'} namespace cannot be the default`, r.at);
        else inner = bind(inner, '', r.value);
      } else if (r.name.startsWith('xmlns:')) {
        const p = r.name.slice(6);
        if (p === 'xml') {
          if (r.value !== XML_NS) this.warn('namespace', 'xml namespace prefix mapped to wrong URI', r.at);
        } else if (p === 'xmlns') this.warn('namespace', 'redefinition of the xmlns prefix is forbidden', r.at);
        else if (r.value === '') this.warn('namespace', `xmlns:${p}: Empty XML namespace is not allowed`, r.at);
        else if (r.value === XML_NS || r.value === XMLNS_NS) this.warn('namespace', `xmlns:${p}: reserved namespace name`, r.at);
        else inner = bind(inner, p, r.value);
      }
    }
    const el = this.resolveName(qname, inner, true, at);
    const attributes: XmlAttribute[] = [];
    for (const r of raw) {
      if (r.name === 'xmlns' || r.name.startsWith('xmlns:')) continue;
      const a = this.resolveName(r.name, inner, false, r.at);
      const pos = this.loc(r.at);
      attributes.push({ qname: r.name, prefix: a.prefix, local: a.local, ns: a.ns, value: r.value, line: pos.line, column: pos.column });
    }
    return { kind: 'element', qname, prefix: el.prefix, local: el.local, ns: el.ns, line, column, attributes, children: [], scope: inner };
  }

  /**
   * An ASCII start-tag name at this.pos that was seen before in the same scope: moves past it and
   * returns the entry. Otherwise leaves this.pos alone and returns undefined.
   */
  private cachedName(scope: NsBinding | null): NameEntry | undefined {
    const s = this.s;
    const start = this.pos;
    let i = start;
    let c = s.charCodeAt(i);
    if (!(c < 128 && ASCII_NAME[c] === 1)) return undefined;
    let h = 0;
    do {
      h = (h * 31 + c) | 0;
      c = s.charCodeAt(++i);
    } while (c < 128 && ASCII_NAME[c] !== 0);
    if (c >= 128) return undefined; // the name goes on with non-ASCII characters
    const e = NAME_TABLE[h & (NAME_TABLE_SIZE - 1)];
    if (e === undefined || e.scope !== scope || e.qname.length !== i - start) return undefined;
    // indexOf is V8's fastest native compare here (about twice startsWith), but on a mismatch it
    // searches on to the name's next occurrence, maybe the end of the document. A mismatch (another
    // name of the same length in the same slot) is rare; after a few in one document the bounded
    // startsWith takes over, so a crafted document cannot make this quadratic.
    if (this.nameMisses < MAX_NAME_MISSES) {
      if (s.indexOf(e.qname, start) !== start) {
        this.nameMisses++;
        return undefined;
      }
    } else if (!s.startsWith(e.qname, start)) return undefined;
    this.pos = i;
    return e;
  }

  /** resolveName for elements, remembered for cachedName; names that warn are never cached (warnings repeat). */
  private elementName(qname: string, scope: NsBinding | null, at: number): ResolvedName {
    const before = this.warnings.length;
    const r = this.resolveName(qname, scope, true, at);
    if (this.warnings.length === before) {
      let h = 0;
      for (let k = 0; k < qname.length; k++) h = (h * 31 + qname.charCodeAt(k)) | 0;
      // only ASCII names are ever looked up; a non-ASCII entry would just never be found
      const resolved = { prefix: r.prefix, local: internString(r.local), ns: internString(r.ns) };
      NAME_TABLE[h & (NAME_TABLE_SIZE - 1)] = { qname: internString(qname), scope, resolved };
      return resolved;
    }
    return r;
  }

  private resolveReferencesInAttribute(value: string, base: number): string {
    // literal white space becomes a space; white space from character references is kept
    const pieces = value.split('&');
    const out: string[] = [pieces[0]!.replace(ATTRIBUTE_WHITE_SPACE, ' ')];
    let offset = pieces[0]!.length;
    for (let k = 1; k < pieces.length; k++) {
      const piece = pieces[k]!;
      const semi = piece.indexOf(';');
      if (semi === -1) this.fail('reference', 'EntityRef: expecting \';\'', base + offset);
      out.push(this.resolveReferences('&' + piece.slice(0, semi + 1), base + offset));
      out.push(piece.slice(semi + 1).replace(ATTRIBUTE_WHITE_SPACE, ' '));
      offset += piece.length + 1;
    }
    return out.join('');
  }

  /** Splits a QName; namespace problems are warnings (as in libxml2), the name then has no namespace. */
  private resolveName(qname: string, scope: NsBinding | null, isElement: boolean, at: number): { prefix: string; local: string; ns: string } {
    const colon = qname.indexOf(':');
    if (colon === -1) return { prefix: '', local: qname, ns: isElement ? lookupNamespace(scope, '') ?? '' : '' };
    const prefix = qname.slice(0, colon);
    const local = qname.slice(colon + 1);
    if (prefix === '' || local === '' || local.includes(':')) {
      this.warn('namespace', `Failed to parse QName '${qname}'`, at);
      return { prefix: '', local: qname, ns: '' };
    }
    const ns = lookupNamespace(scope, prefix);
    if (ns === undefined) {
      this.warn('namespace', `Namespace prefix ${prefix} on ${local} is not defined`, at);
      return { prefix: '', local: qname, ns: '' };
    }
    return { prefix, local, ns };
  }
}
