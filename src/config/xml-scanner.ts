// A small incremental XML scanner for the parts of a spreadsheet (.xlsx): elements, attributes and
// text, pushed in pieces so that a sheet of tens of megabytes is never held whole. It reads what
// Office Open XML uses and refuses a document type declaration (a spreadsheet has none, and entity
// definitions are how XML bombs work). It does not check that tags nest correctly: the workbook's
// contents are judged by what is read from it, not by its grammar.

export class XmlError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'XmlError';
  }
}

export interface XmlHandler {
  /** An opening (or empty) element, by local name (no namespace prefix); attributes by local name too. */
  open(name: string, attributes: Readonly<Record<string, string>>, empty: boolean): void;
  close(name: string): void;
  /** Character data, possibly in several calls for one text node. */
  text(text: string): void;
}

/** No single tag may be longer than this; text is passed on in pieces and has no such limit. */
export const MAX_TAG_LENGTH = 1024 * 1024;

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export class XmlScanner {
  readonly #handler: XmlHandler;
  #buffer = '';

  constructor(handler: XmlHandler) {
    this.#handler = handler;
  }

  push(chunk: string): void {
    this.#buffer += chunk;
    this.#scan(false);
  }

  end(): void {
    this.#scan(true);
    if (this.#buffer.trim() !== '') throw new XmlError(`the document ends inside a tag ("${this.#buffer.slice(0, 40)}")`);
  }

  #scan(final: boolean): void {
    const b = this.#buffer;
    let pos = 0;
    while (pos < b.length) {
      const lt = b.indexOf('<', pos);
      if (lt < 0) {
        // Text to the end; hold back a piece that may be the start of an entity.
        const amp = final ? -1 : b.lastIndexOf('&');
        const until = amp >= pos && !b.includes(';', amp) ? amp : b.length;
        if (until > pos) this.#handler.text(decode(b.slice(pos, until)));
        pos = until;
        break;
      }
      if (lt > pos) this.#handler.text(decode(b.slice(pos, lt)));
      pos = lt;
      const next = this.#token(b, lt);
      if (next < 0) break; // incomplete: wait for more
      pos = next;
    }
    this.#buffer = b.slice(pos);
    if (this.#buffer.length > MAX_TAG_LENGTH) throw new XmlError(`a tag is longer than ${MAX_TAG_LENGTH} characters`);
  }

  /** Handles the markup at `at` ("<…"); returns the position after it, or -1 when it is not complete yet. */
  #token(b: string, at: number): number {
    if (b.startsWith('<!--', at)) {
      const end = b.indexOf('-->', at + 4);
      return end < 0 ? -1 : end + 3;
    }
    if (b.startsWith('<![CDATA[', at)) {
      const end = b.indexOf(']]>', at + 9);
      if (end < 0) return -1;
      this.#handler.text(b.slice(at + 9, end));
      return end + 3;
    }
    if (b.startsWith('<!', at)) {
      const rest = b.slice(at, at + 9);
      if (rest.length < 9 && ['<!--', '<![CDATA[', '<!DOCTYPE'].some((m) => m.startsWith(rest))) return -1;
      throw new XmlError('the document has a document type declaration (<!DOCTYPE); a spreadsheet part never has one');
    }
    if (b.startsWith('<?', at)) {
      const end = b.indexOf('?>', at + 2);
      return end < 0 ? -1 : end + 2;
    }
    const end = tagEnd(b, at + 1);
    if (end < 0) return -1;
    if (b[at + 1] === '/') {
      this.#handler.close(localName(b.slice(at + 2, end).trim()));
      return end + 1;
    }
    const empty = b[end - 1] === '/';
    const inner = b.slice(at + 1, empty ? end - 1 : end);
    const m = /^([^\s/>]+)/.exec(inner);
    if (!m) throw new XmlError(`a tag without a name ("${inner.slice(0, 40)}")`);
    this.#handler.open(localName(m[1]!), attributes(inner.slice(m[1]!.length)), empty);
    return end + 1;
  }
}

/** The position of the '>' that ends the tag begun before `from`, outside quoted attribute values. */
function tagEnd(b: string, from: number): number {
  let quote = '';
  for (let i = from; i < b.length; i++) {
    const c = b[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i;
  }
  return -1;
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

const ATTRIBUTE = /\s*([^\s=]+)\s*=\s*("([^"]*)"|'([^']*)')/gy;

function attributes(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  ATTRIBUTE.lastIndex = 0;
  let at = 0;
  for (let m = ATTRIBUTE.exec(text); m; m = ATTRIBUTE.exec(text)) {
    at = ATTRIBUTE.lastIndex;
    const name = m[1]!;
    if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
    const local = localName(name);
    if (!(local in out)) out[local] = decode(m[3] ?? m[4] ?? '');
  }
  if (text.slice(at).trim() !== '') throw new XmlError(`an attribute is not written as name="value" ("${text.slice(at, at + 40).trim()}")`);
  return out;
}

/** Replaces the five predefined entities and character references; anything else is an error. */
export function decode(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&([^;&\s]{0,10});?/g, (whole, name: string) => {
    if (!whole.endsWith(';')) throw new XmlError(`"&" must start an entity such as &amp; ("${whole}")`);
    const predefined = ENTITIES[name];
    if (predefined !== undefined) return predefined;
    const m = /^#(?:x([0-9a-fA-F]{1,6})|(\d{1,7}))$/.exec(name);
    if (!m) throw new XmlError(`unknown entity "&${name};"`);
    const code = m[1] !== undefined ? parseInt(m[1], 16) : Number(m[2]);
    if (!isXmlChar(code)) throw new XmlError(`character reference "&${name};" is not a character XML allows`);
    return String.fromCodePoint(code);
  });
}

function isXmlChar(c: number): boolean {
  return c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
}
