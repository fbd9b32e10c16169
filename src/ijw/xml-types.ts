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

export interface StartTag {
  qname: string;
  prefix: string;
  local: string;
  ns: string;
  line: number;
  column: number;
  attributes: XmlAttribute[];
  scope: NsBinding | null;
}

export interface XmlHandler {
  startElement(tag: StartTag): void;
  endElement(): void;
  text(value: string, cdata: boolean, line: number, column: number): void;
}

export interface TokenizerOptions {
  maxDepth: number;
}

export function lookupNamespace(scope: NsBinding | null, prefix: string): string | undefined {
  for (let b = scope; b !== null; b = b.parent) if (b.prefix === prefix) return b.uri;
  return prefix === '' ? '' : undefined;
}
