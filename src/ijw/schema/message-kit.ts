// What all iJw 3.2 messages share: one namespace per message, a root element "Bericht" with a
// Header, the header layouts (request, return message, declaration answer), and the RetourCodes
// list that a return message attaches to every part it answers.
import {
  CDT_BerichtIdentificatie, CDT_XsdVersie, LDT_AgbCode, LDT_BerichtCode, LDT_BerichtSubversie, LDT_BerichtVersie,
  LDT_Datum, LDT_Gemeente, LDT_IdentificatieBericht, LDT_RetourCode, LDT_Versie,
} from './basis-types.ts';
import {
  ONE_OR_MORE, OPTIONAL, REQUIRED, Vocabulary, element, field, restrict,
  type ComplexType, type ElementDecl, type Field, type SimpleType,
} from './schema-model.ts';

export const MESSAGE_TYPES = [
  'JW301', 'JW302', 'JW305', 'JW306', 'JW307', 'JW308', 'JW315', 'JW316', 'JW317', 'JW318', 'JW319', 'JW320', 'JW323', 'JW325',
] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

/** BerichtCode (COD002) of every message type. */
export const BERICHT_CODE: Record<MessageType, string> = {
  JW301: '436', JW302: '437', JW305: '438', JW306: '439', JW307: '440', JW308: '441',
  JW315: '446', JW316: '447', JW317: '486', JW318: '487', JW319: '488', JW320: '489', JW323: '490', JW325: '491',
};

export function messageNamespace(type: MessageType): string {
  return `http://www.istandaarden.nl/ijw/3_2/${type.toLowerCase()}/schema`;
}

export interface MessageSchema {
  type: MessageType;
  ns: string;
  root: ElementDecl;
}

/** Who sends the original message: decides the types of Afzender and Ontvanger. */
export type Sender = 'gemeente' | 'aanbieder';

/** Values fixed by the message: the XSDs pin them with a single-value pattern on the base type. */
function pinned(base: SimpleType, value: string): SimpleType {
  return restrict(base, { patterns: [value] });
}

/** A message's vocabulary plus helpers for return messages. */
export class MessageKit {
  readonly v: Vocabulary;
  readonly retourCodes: ComplexType;

  constructor(readonly type: MessageType) {
    this.v = new Vocabulary(messageNamespace(type));
    this.retourCodes = this.v.record('RetourCodes', [field('RetourCode', LDT_RetourCode, ONE_OR_MORE)]);
  }

  /** In a return message every answered part ends with its own (required) RetourCodes. */
  answered(isReturn: boolean, fields: readonly Field[]): Field[] {
    return isReturn ? [...fields, field('RetourCodes', this.retourCodes)] : [...fields];
  }

  /** The header fields every message starts with. */
  private headerStart(sender: Sender): Field[] {
    const code = BERICHT_CODE[this.type];
    return [
      field('BerichtCode', pinned(LDT_BerichtCode, code)),
      field('BerichtVersie', pinned(LDT_BerichtVersie, '3')),
      field('BerichtSubversie', pinned(LDT_BerichtSubversie, '2')),
      field('Afzender', sender === 'gemeente' ? LDT_Gemeente : LDT_AgbCode),
      field('Ontvanger', sender === 'gemeente' ? LDT_AgbCode : LDT_Gemeente),
      field('BerichtIdentificatie', CDT_BerichtIdentificatie),
      field('XsdVersie', CDT_XsdVersie),
    ];
  }

  /** Header of a request message, or of its return message (which refers to the request). */
  header(sender: Sender, isReturn: boolean): ComplexType {
    const fields = this.headerStart(sender);
    if (isReturn) {
      fields.push(
        field('IdentificatieRetour', LDT_IdentificatieBericht),
        field('DagtekeningRetour', LDT_Datum),
        field('XsltVersie', LDT_Versie, OPTIONAL),
        field('XsdVersieRetour', CDT_XsdVersie),
        field('RetourCodes', this.retourCodes, OPTIONAL),
      );
    }
    return this.v.record('Header', fields);
  }

  /** Header of the declaration answer (JW325): it refers to the declaration instead. */
  declarationAnswerHeader(): ComplexType {
    return this.v.record('Header', [
      ...this.headerStart('gemeente'),
      field('DeclaratieIdentificatie', CDT_BerichtIdentificatie),
      field('XsltVersie', LDT_Versie, OPTIONAL),
      field('XsdVersieDeclaratie', CDT_XsdVersie),
      field('RetourCodes', this.retourCodes, REQUIRED),
    ]);
  }

  /** The global element Bericht = Header followed by the message body. */
  message(header: ComplexType, body: readonly Field[]): MessageSchema {
    const rootType = this.v.record('Root', [field('Header', header), ...body]);
    return { type: this.type, ns: this.v.ns, root: element(this.v.qname('Bericht'), rootType) };
  }
}
