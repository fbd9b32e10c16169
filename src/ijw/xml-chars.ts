// Character classes of XML 1.0 (fifth edition) and a UTF-8 check that can say where it broke.

/** A code point outside the XML `Char` production (lone surrogates included when the `u` flag sees them). */
export const NOT_XML_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
/** The same check for text that is known to be well-formed UTF-16 (e.g. fresh from the UTF-8 decoder). */
export const NOT_XML_CHAR_BMP = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;

const NAME_START =
  ':A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D' +
  '\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
const NAME_REST = NAME_START + '\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040';

/** Sticky matcher for an XML Name at a given position (set lastIndex before exec). */
export const NAME_AT = new RegExp(`[${NAME_START}][${NAME_REST}]*`, 'uy');
/** Whole-string checks used by the XSD regex classes \i and \c. */
export const NAME_START_CLASS = `[${NAME_START}]`;
export const NAME_CHAR_CLASS = `[${NAME_REST}]`;

export function isXmlWhitespaceCode(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

/** True when every character is one of the four XML white-space characters. */
export function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    if (!isXmlWhitespaceCode(s.charCodeAt(i))) return false;
  }
  return true;
}

export function isXmlCharCode(cp: number): boolean {
  return (
    cp === 0x9 || cp === 0xa || cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

/**
 * Offset of the first byte that does not start a well-formed UTF-8 sequence (RFC 3629: no
 * overlong forms, no surrogates, nothing above U+10FFFF), or -1 when all bytes are fine.
 * Only used on the slow path, after the fast native decoder refused the input.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b0 = bytes[i]!;
    if (b0 < 0x80) { i++; continue; }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b0 >= 0xc2 && b0 <= 0xdf) need = 1;
    else if (b0 >= 0xe0 && b0 <= 0xef) {
      need = 2;
      if (b0 === 0xe0) lo = 0xa0;
      if (b0 === 0xed) hi = 0x9f;
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      need = 3;
      if (b0 === 0xf0) lo = 0x90;
      if (b0 === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const b = bytes[i + k];
      if (b === undefined) return i;
      const min = k === 1 ? lo : 0x80;
      const max = k === 1 ? hi : 0xbf;
      if (b < min || b > max) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** 1-based line of a byte offset (LF, CRLF and lone CR all end a line). */
export function lineOfByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x0a) line++;
    else if (b === 0x0d && bytes[i + 1] !== 0x0a) line++;
  }
  return line;
}
