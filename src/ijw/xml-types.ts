// Types shared by the XML tokenizer and the tree reader.

export const XML_NS = 'http://www.w3.org/XML/1998/namespace';
export const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

export interface XmlProblem {
  line: number;
  column: number;
  code: string;
  message: string;
}

export class XmlSyntaxError extends Error {
  constructor(readonly problem: XmlProblem) {
    super(`line ${problem.line}: ${problem.message}`);
  }
}

/** One namespace binding; bindings form a linked list from the innermost declaration outwards. */
export interface NsBinding {
  readonly prefix: string; // '' for the default namespace
  readonly uri: string; // '' undeclares the default namespace
  readonly parent: NsBinding | null;
}

export interface XmlAttribute {
  qname: string;
  prefix: string;
  local: string;
  ns: string; // '' when not in a namespace
  value: string;
  line: number;
  column: number;
}

export interface XmlText {
  kind: 'text';
  value: string;
  cdata: boolean;
  line: number;
  column: number;
}

export interface XmlElement {
  kind: 'element';
  qname: string;
  prefix: string;
  local: string;
  /** Namespace URI; '' when the element is in no namespace. */
  ns: string;
  line: number;
  column: number;
  attributes: XmlAttribute[];
  children: XmlNode[];
  /** In-scope namespace bindings (for QName-valued content such as xsi:type). */
  scope: NsBinding | null;
}

export type XmlNode = XmlElement | XmlText;

/**
 * A start tag as the tokenizer reports it: already the tree's element, with no children yet, so a
 * tree builder keeps it as it is (one object per element, not a tag and then an element).
 */
export type StartTag = XmlElement;

export interface XmlHandler {
  startElement(tag: StartTag): void;
  endElement(): void;
  text(value: string, cdata: boolean, line: number, column: number): void;
}

export interface TokenizerOptions {
  maxDepth: number;
  /**
   * The text still has its line ends as CR LF (and no CR on its own): the tokenizer leaves out
   * the CRs from the text and attribute values it reports, which is XML's line-end normalisation,
   * without a normalised copy of the whole document first.
   */
  crlf?: boolean;
}

export function lookupNamespace(scope: NsBinding | null, prefix: string): string | undefined {
  for (let b = scope; b !== null; b = b.parent) if (b.prefix === prefix) return b.uri;
  return prefix === '' ? '' : undefined;
}
