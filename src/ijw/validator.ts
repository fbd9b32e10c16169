// Validation of iJw 3.2 messages against our own description of the message structures, with
// the verdict of `xmllint --schema` on the official XSDs (see test/ijw/differential.test.ts).
import { lookupNamespace, readXml, textContent, type ReadOptions, type XmlElement, type XmlText } from './xml-reader.ts';
import { isBlank } from './xml-chars.ts';
import { matchContent } from './schema/content-match.ts';
import { MESSAGE_SCHEMAS, schemaForNamespace, type MessageType } from './schema/messages.ts';
import { sameName, showName, type ElementDecl, type QName } from './schema/schema-model.ts';
import { checkSimpleValue, normalizeWhiteSpace } from './schema/simple-values.ts';

export { MESSAGE_TYPES, BERICHT_CODE, type MessageType } from './schema/messages.ts';
export type { XmlElement } from './xml-reader.ts';

export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

export interface ValidationError {
  line: number;
  /** Element path such as /Bericht/Client/StartProducten/StartProduct[2]/Begindatum */
  path: string;
  value?: string;
  rule: string;
  message: string;
}

export interface ValidateOptions extends ReadOptions {
  /** Only accept this message type (a valid message of another type is then an error). */
  expect?: MessageType;
  /** Stop collecting after this many errors. Default 20. */
  maxErrors?: number;
}

export type ValidationResult =
  | { ok: true; messageType: MessageType; root: XmlElement }
  | { ok: false; errors: ValidationError[] };

class TooManyErrors extends Error {}

/** Where an element sits; the readable path is only built when an error is reported. */
interface Place {
  parent: Place | null;
  el: XmlElement;
  /** The declaration allows repetition: show the position, e.g. StartProduct[2]. */
  repeated: boolean;
}

function pathOf(place: Place | null): string {
  const parts: string[] = [];
  for (let p = place; p !== null; p = p.parent) {
    let step = p.el.local;
    if (p.repeated && p.parent !== null) {
      let n = 0;
      for (const c of p.parent.el.children) {
        if (c.kind === 'element' && c.local === p.el.local) n++;
        if (c === p.el) break;
      }
      step += `[${n}]`;
    }
    parts.push(step);
  }
  return '/' + parts.reverse().join('/');
}

class Checker {
  readonly errors: ValidationError[] = [];
  constructor(private readonly maxErrors: number) {}

  report(e: ValidationError): void {
    this.errors.push(e);
    if (this.errors.length >= this.maxErrors) throw new TooManyErrors();
  }

  element(el: XmlElement, decl: ElementDecl, place: Place): void {
    if (el.attributes.length > 0) this.attributes(el, decl, pathOf(place));
    const type = decl.type;
    if (type.kind === 'simple') {
      let kid: XmlElement | undefined;
      for (const n of el.children) if (n.kind === 'element') { kid = n; break; }
      if (kid !== undefined) {
        this.report({ line: kid.line, path: pathOf(place), rule: 'simple-content', message: `element content is not allowed in ${decl.name.local}, its type is simple` });
        return;
      }
      const value = textContent(el);
      const problem = checkSimpleValue(type, value);
      if (problem !== null) {
        this.report({ line: el.line, path: pathOf(place), value: clip(value), rule: problem.rule, message: `${decl.name.local}: ${problem.message}` });
      }
      return;
    }
    // one pass over the children: the child elements, and the first text that is not layout
    const kids: XmlElement[] = [];
    let badText: XmlText | null = null;
    for (const n of el.children) {
      if (n.kind === 'element') kids.push(n);
      else if (badText === null && (n.cdata || !isBlank(n.value))) badText = n;
    }
    if (badText !== null) {
      this.report({ line: badText.line, path: pathOf(place), value: clip(badText.value), rule: 'element-only', message: `text is not allowed directly inside ${decl.name.local} (element-only content)` });
    }
    const m = matchContent(type.content, kids);
    if (!m.ok) {
      const expected = m.expected.map((q) => q.local).join(', ');
      const kid = kids[m.index];
      if (m.kind === 'unexpected' && kid !== undefined) {
        this.report({
          line: kid.line, path: `${pathOf(place)}/${kid.local}`, rule: 'structure',
          message: `element ${showNs(kid)} is not expected here${expected === '' ? '' : `; expected: ${expected}`}`,
        });
      } else {
        this.report({ line: el.line, path: pathOf(place), rule: 'structure', message: `missing required element ${expected} in ${decl.name.local}` });
      }
      return;
    }
    for (let k = 0; k < kids.length; k++) {
      const kid = kids[k]!;
      const d = m.decls[k]!;
      this.element(kid, d, { parent: place, el: kid, repeated: d.max > 1 });
    }
  }

  private attributes(el: XmlElement, decl: ElementDecl, path: string): void {
    for (const a of el.attributes) {
      if (a.ns === XSI_NS) {
        if (a.local === 'schemaLocation' || a.local === 'noNamespaceSchemaLocation') continue;
        if (a.local === 'nil') {
          if (!decl.nillable) this.report({ line: a.line, path, value: a.value, rule: 'nillable', message: `${decl.name.local} is not nillable` });
          else if (!['true', 'false', '1', '0'].includes(normalizeWhiteSpace(a.value, 'collapse'))) {
            this.report({ line: a.line, path, value: a.value, rule: 'attribute', message: 'xsi:nil must be a boolean' });
          } else if (['true', '1'].includes(normalizeWhiteSpace(a.value, 'collapse')) && el.children.some((n) => n.kind === 'element' || n.value !== '')) {
            this.report({ line: a.line, path, rule: 'nillable', message: `${decl.name.local} is nil but has content` });
          }
          continue;
        }
        if (a.local === 'type') {
          const target = resolveQName(el, a.value);
          if (target === null || !sameName(target, decl.type.name)) {
            this.report({ line: a.line, path, value: a.value, rule: 'xsi:type', message: `xsi:type does not name the declared type of ${decl.name.local}` });
          }
          continue;
        }
      }
      this.report({ line: a.line, path, value: a.value, rule: 'attribute', message: `attribute ${a.qname} is not allowed on ${decl.name.local}` });
    }
  }
}

function resolveQName(el: XmlElement, raw: string): QName | null {
  const v = normalizeWhiteSpace(raw, 'collapse');
  const colon = v.indexOf(':');
  const prefix = colon === -1 ? '' : v.slice(0, colon);
  const local = colon === -1 ? v : v.slice(colon + 1);
  if (local === '' || local.includes(':') || local.includes(' ')) return null;
  const ns = lookupNamespace(el.scope, prefix);
  return ns === undefined ? null : { ns, local };
}

function showNs(el: XmlElement): string {
  return el.ns === '' ? el.local : `{${el.ns}}${el.local}`;
}

function clip(v: string): string {
  return v.length > 80 ? `${v.slice(0, 77)}...` : v;
}

/** Validates one iJw message. The message type follows from the root element's namespace. */
export function validateMessage(xml: Uint8Array | string, options: ValidateOptions = {}): ValidationResult {
  const read = readXml(xml, options);
  if (!read.ok) {
    const e = read.error;
    return { ok: false, errors: [{ line: e.line, path: '', rule: `xml:${e.code}`, message: e.message }] };
  }
  const root = read.root;
  const schema = schemaForNamespace(root.ns);
  const expected = options.expect === undefined ? undefined : MESSAGE_SCHEMAS[options.expect];
  const chosen = expected ?? schema;
  if (chosen === undefined || root.local !== 'Bericht' || root.ns !== chosen.ns) {
    const what = chosen === undefined ? 'an iJw 3.2 message namespace' : `{${chosen.ns}}Bericht`;
    return {
      ok: false,
      errors: [{ line: root.line, path: `/${root.local}`, rule: 'message-type', message: `root element ${showName(root)} is not ${what}` }],
    };
  }
  const checker = new Checker(options.maxErrors ?? 20);
  try {
    checker.element(root, chosen.root, { parent: null, el: root, repeated: false });
  } catch (e) {
    if (!(e instanceof TooManyErrors)) throw e;
  }
  if (checker.errors.length > 0) return { ok: false, errors: checker.errors };
  return { ok: true, messageType: chosen.type, root };
}
