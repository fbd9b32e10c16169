// From a valid iJw message to what the monitor keeps (docs/ijw.md): the BSN becomes a keyed pseudonym,
// the birth date its year and month, the address its 4-digit postcode; names, streets, house numbers,
// phone numbers, e-mail addresses, relations and comments are never read out of the tree.
//
// Every value is read by the type the XSD declares for its element (declarationAt, canonicalValue):
// an integer as an integer (ToewijzingNummer "05000001" is 5000001), a code or an identification as
// the exact text (" A1" and "A1" are two identifications; nothing is trimmed away). Codes that the XSD
// allows but the standard forbids in this message, or whose meaning the monitor must act on, are
// checked here, where they are read (readEvents).
import type { CareEvent, ClientFacts, MessageType } from '../domain/care-events.ts';
import { LDT_Gemeente } from './schema/basis-types.ts';
import { declarationAt } from './schema/messages.ts';
import type { SimpleType } from './schema/schema-model.ts';
import { canonicalValue } from './schema/simple-values.ts';
import { textContent, type XmlElement } from './xml-reader.ts';

type XmlNode = XmlElement;

export interface MessageHeader {
  readonly type: MessageType;
  readonly sender: string;
  readonly receiver: string;
  readonly identification: string;
  readonly sentOn: string;
}

// The lookups walk the children in place: no arrays, no rest parameters (this runs for every message).
function child(n: XmlNode | undefined, name: string): XmlNode | undefined {
  if (n === undefined) return undefined;
  const c = n.children;
  for (let i = 0; i < c.length; i++) {
    const k = c[i]!;
    if (k.kind === 'element' && k.local === name) return k;
  }
  return undefined;
}

function kids(n: XmlNode | undefined, name: string): XmlNode[] {
  const out: XmlNode[] = [];
  if (n === undefined) return out;
  const c = n.children;
  for (let i = 0; i < c.length; i++) {
    const k = c[i]!;
    if (k.kind === 'element' && k.local === name) out.push(k);
  }
  return out;
}

/** The simple type the XSD declares at `path` in a message of `type` (undefined: no such element there). */
function typeAt(type: MessageType, path: string): SimpleType | undefined {
  const d = declarationAt(type, path);
  if (d === undefined) return undefined;
  if (d.type.kind !== 'simple') throw new Error(`${type} ${path} is not a simple element`);
  return d.type;
}

/** The value of element `el` as its declared type compares it; undefined when the element is absent. */
function valueOf(el: XmlNode | undefined, type: SimpleType | undefined): string | undefined {
  if (el === undefined || type === undefined) return undefined;
  return canonicalValue(type, textContent(el));
}

/** The declared types of what is read from each message type, looked up once. */
interface Types {
  readonly afzender?: SimpleType;
  readonly ontvanger?: SimpleType;
  readonly identificatie?: SimpleType;
  readonly dagtekening?: SimpleType;
  readonly identificatieRetour?: SimpleType;
  readonly dagtekeningRetour?: SimpleType;
  readonly bsn?: SimpleType;
  readonly birthDate?: SimpleType;
  readonly gender?: SimpleType;
  readonly contactSoort?: SimpleType;
  readonly postcode?: SimpleType;
  /** Per field of the product element (ToewijzingNummer, Product/Categorie, …). */
  readonly product: Readonly<Record<string, SimpleType | undefined>>;
  /** Which header element holds the municipality (the field typed LDT_Gemeente). */
  readonly municipalityField: 'Afzender' | 'Ontvanger';
}

/** The element each message type's events come from, one event per element, in document order. */
const PRODUCTS: Partial<Record<MessageType, readonly [string, string]>> = {
  JW301: ['ToegewezenProducten', 'ToegewezenProduct'],
  JW305: ['StartProducten', 'StartProduct'],
  JW307: ['StopProducten', 'StopProduct'],
  JW315: ['AangevraagdeProducten', 'AangevraagdProduct'],
};

/** The fields read from a product element (paths below it). */
const PRODUCT_FIELDS = [
  'ToewijzingNummer', 'Product/Categorie', 'Toewijzingsdatum', 'Ingangsdatum', 'Einddatum', 'RedenWijziging',
  'Begindatum', 'RedenBeeindiging', 'StatusAanlevering', 'ToewijzingIngangsdatum',
] as const;

/**
 * Every element path the extractor reads a value from, per message type, with its declared type
 * (for tests: each is read through canonicalValue, so forms of one value give one result).
 */
export function readPaths(type: MessageType): { path: string; type: SimpleType }[] {
  const out: { path: string; type: SimpleType }[] = [];
  const add = (path: string) => {
    const t = typeAt(type, path);
    if (t !== undefined) out.push({ path, type: t });
  };
  for (const h of ['Afzender', 'Ontvanger', 'BerichtIdentificatie/Identificatie', 'BerichtIdentificatie/Dagtekening', 'IdentificatieRetour', 'DagtekeningRetour']) add(`Header/${h}`);
  for (const c of ['Bsn', 'Geboortedatum/Datum', 'Geslacht', 'Contactgegevens/Contact/Soort', 'Contactgegevens/Contact/Adres/Postcode']) add(`Client/${c}`);
  const product = PRODUCTS[type];
  if (product !== undefined) for (const f of PRODUCT_FIELDS) add(`Client/${product[0]}/${product[1]}/${f}`);
  return out;
}

const typesCache = new Map<MessageType, Types>();

function typesOf(type: MessageType): Types {
  const cached = typesCache.get(type);
  if (cached !== undefined) return cached;
  const at = (path: string) => typeAt(type, path);
  const product: Record<string, SimpleType | undefined> = {};
  const p = PRODUCTS[type];
  if (p !== undefined) for (const f of PRODUCT_FIELDS) product[f] = at(`Client/${p[0]}/${p[1]}/${f}`);
  const afzender = at('Header/Afzender');
  const t: Types = {
    afzender,
    ontvanger: at('Header/Ontvanger'),
    identificatie: at('Header/BerichtIdentificatie/Identificatie'),
    dagtekening: at('Header/BerichtIdentificatie/Dagtekening'),
    identificatieRetour: at('Header/IdentificatieRetour'),
    dagtekeningRetour: at('Header/DagtekeningRetour'),
    bsn: at('Client/Bsn'),
    birthDate: at('Client/Geboortedatum/Datum'),
    gender: at('Client/Geslacht'),
    contactSoort: at('Client/Contactgegevens/Contact/Soort'),
    postcode: at('Client/Contactgegevens/Contact/Adres/Postcode'),
    product,
    municipalityField: afzender === LDT_Gemeente ? 'Afzender' : 'Ontvanger',
  };
  typesCache.set(type, t);
  return t;
}

/**
 * Who made the message and how it identifies itself. A return message (JW302, 306, …) repeats the
 * header of the message it answers and adds its own IdentificatieRetour and DagtekeningRetour: it is
 * made by the original's receiver, so its identity is Ontvanger + IdentificatieRetour +
 * DagtekeningRetour (otherwise every return would look like a reuse of the original's identity).
 */
export function readHeader(root: XmlNode, type: MessageType): MessageHeader {
  const t = typesOf(type);
  const h = child(root, 'Header');
  const afzender = valueOf(child(h, 'Afzender'), t.afzender) ?? '';
  const ontvanger = valueOf(child(h, 'Ontvanger'), t.ontvanger) ?? '';
  const retour = valueOf(child(h, 'IdentificatieRetour'), t.identificatieRetour);
  if (retour !== undefined) {
    return { type, sender: ontvanger, receiver: afzender, identification: retour, sentOn: valueOf(child(h, 'DagtekeningRetour'), t.dagtekeningRetour) ?? '' };
  }
  const id = child(h, 'BerichtIdentificatie');
  return {
    type,
    sender: afzender,
    receiver: ontvanger,
    identification: valueOf(child(id, 'Identificatie'), t.identificatie) ?? '',
    sentOn: valueOf(child(id, 'Dagtekening'), t.dagtekening) ?? '',
  };
}

export const messageKey = (h: Pick<MessageHeader, 'sender' | 'identification' | 'sentOn'>): string => `${h.sender}|${h.identification}|${h.sentOn}`;

/** The BSN as written in the message; used only to pseudonymise and check, never stored. */
export function readBsn(root: XmlNode, type: MessageType): string | undefined {
  return valueOf(child(child(root, 'Client'), 'Bsn'), typesOf(type).bsn);
}

/** Where a child of an element sits in the message, for an error: its line and element path. */
export interface Place {
  readonly line: number;
  readonly path: string;
}

/** A reading the monitor cannot use, with where it is and what to do. */
export interface Problem extends Place {
  readonly message: string;
}

/** The municipality the message is about (the header element the XSD types LDT_Gemeente), and where it is. */
export function readMunicipality(root: XmlNode, type: MessageType): { readonly code: string; readonly place: Place } {
  const t = typesOf(type);
  const el = child(child(root, 'Header'), t.municipalityField);
  const code = valueOf(el, t.municipalityField === 'Afzender' ? t.afzender : t.ontvanger) ?? '';
  return { code, place: { line: el?.line ?? root.line, path: `/${root.local}/Header/${t.municipalityField}` } };
}

/** Address type 01 (BRP) first, else the first address: only its postcode's four digits are kept. */
function pc4Of(client: XmlNode | undefined, t: Types): string | undefined {
  const contacts = kids(child(client, 'Contactgegevens'), 'Contact');
  let chosen = contacts[0];
  for (const c of contacts) {
    if (valueOf(child(c, 'Soort'), t.contactSoort) === '01') {
      chosen = c;
      break;
    }
  }
  // The postcode is free text of up to 8 characters ("1234 AB", "1234AB"); only its area is derived
  // from it, so surrounding white space of any kind is no reason to lose the area.
  const postcode = valueOf(child(child(chosen, 'Adres'), 'Postcode'), t.postcode)?.trim();
  return postcode && /^[1-9]\d{3}/.test(postcode) ? postcode.slice(0, 4) : undefined;
}

/**
 * The place of the element that event `index` of extractEvents came from, or of its child `field`
 * (e.g. Einddatum) when present: /Bericht/Client/StopProducten/StopProduct[2]/Einddatum.
 */
export function eventPlace(root: XmlNode, type: MessageType, index: number, field?: string): Place | undefined {
  const product = PRODUCTS[type];
  if (product === undefined) return undefined;
  const el = kids(child(child(root, 'Client'), product[0]), product[1])[index];
  if (el === undefined) return undefined;
  const at = field === undefined ? undefined : child(el, field);
  const path = `/${root.local}/Client/${product[0]}/${product[1]}[${index + 1}]`;
  return at !== undefined ? { line: at.line, path: `${path}/${field}` } : { line: el.line, path };
}

/** The place of Client/Bsn. */
export function bsnPlace(root: XmlNode): Place | undefined {
  const bsn = child(child(root, 'Client'), 'Bsn');
  return bsn === undefined ? undefined : { line: bsn.line, path: `/${root.local}/Client/Bsn` };
}

/** Where the message's own identification is: IdentificatieRetour in a return message, else BerichtIdentificatie. */
export function identificationPlace(root: XmlNode): Place {
  const h = child(root, 'Header');
  const retour = child(h, 'IdentificatieRetour');
  if (retour !== undefined) return { line: retour.line, path: `/${root.local}/Header/IdentificatieRetour` };
  const id = child(h, 'BerichtIdentificatie');
  return { line: id?.line ?? root.line, path: `/${root.local}/Header/BerichtIdentificatie` };
}

/** Where the message's own date is: DagtekeningRetour in a return message, else BerichtIdentificatie/Dagtekening. */
export function sentOnPlace(root: XmlNode): Place {
  const h = child(root, 'Header');
  const retour = child(h, 'DagtekeningRetour');
  if (child(h, 'IdentificatieRetour') !== undefined && retour !== undefined) return { line: retour.line, path: `/${root.local}/Header/DagtekeningRetour` };
  const id = child(h, 'BerichtIdentificatie');
  const d = child(id, 'Dagtekening');
  return { line: d?.line ?? id?.line ?? root.line, path: `/${root.local}/Header/BerichtIdentificatie/Dagtekening` };
}

/** COD467 in JW305/JW307: only 1 (first delivery) and 3 (withdraw an earlier one); 2 and 9 are not allowed there (CS058). */
const DELIVERY_STATUSES = new Set(['1', '3']);
/** JZ002 01 "Administratieve correctie (vervallen)": not to be used since iJw 3.1. */
const OBSOLETE_CHANGE_REASON = '01';
/** JZ002 13 "Verwijderd": the assignment counts as never sent; only with Einddatum = Ingangsdatum. */
export const DELETED_ASSIGNMENT = '13';

/** The events of a message and the readings the monitor cannot use (codes not allowed where they stand). */
export interface Reading {
  readonly events: CareEvent[];
  readonly problems: Problem[];
}

export function extractEvents(root: XmlNode, header: MessageHeader, pseudonym: string): CareEvent[] {
  return readEvents(root, header, pseudonym).events;
}

export function readEvents(root: XmlNode, header: MessageHeader, pseudonym: string): Reading {
  const t = typesOf(header.type);
  const client = child(root, 'Client');
  const birth = valueOf(child(child(client, 'Geboortedatum'), 'Datum'), t.birthDate) ?? '';
  const pc4 = header.type === 'JW301' ? pc4Of(client, t) : undefined;
  const gender = valueOf(child(client, 'Geslacht'), t.gender) ?? '0';
  const facts: ClientFacts = pc4 ? { pseudonym, birthMonth: birth.slice(0, 7), gender, pc4 } : { pseudonym, birthMonth: birth.slice(0, 7), gender };
  const messageKey_ = messageKey(header);
  const sentOn = header.sentOn;
  // Municipality → provider for 301; provider → municipality for 305, 307 and 315.
  const municipality = header.type === 'JW301' ? header.sender : header.receiver;
  const provider = header.type === 'JW301' ? header.receiver : header.sender;
  const events: CareEvent[] = [];
  const problems: Problem[] = [];
  const spec = PRODUCTS[header.type];
  if (spec === undefined) return { events, problems }; // return messages, change requests, answers, declarations: no trajectory facts
  const pt = t.product;
  const products = kids(child(client, spec[0]), spec[1]);
  const at = (p: XmlNode, i: number, field: string, message: string) => {
    const el = child(p, field);
    problems.push({ line: (el ?? p).line, path: `/${root.local}/Client/${spec[0]}/${spec[1]}[${i + 1}]${el ? `/${field}` : ''}`, message });
  };
  // Plain loops and object literals: this runs for every message, and closures and spreads per
  // message cost more than everything else in the extraction.
  for (let i = 0; i < products.length; i++) {
    const p = products[i]!;
    const category = valueOf(child(child(p, 'Product'), 'Categorie'), pt['Product/Categorie']) ?? '';
    const assignmentNumber = valueOf(child(p, 'ToewijzingNummer'), pt.ToewijzingNummer);
    switch (header.type) {
      case 'JW301': {
        const assignedOn = valueOf(child(p, 'Toewijzingsdatum'), pt.Toewijzingsdatum) ?? sentOn;
        const validFrom = valueOf(child(p, 'Ingangsdatum'), pt.Ingangsdatum) ?? '';
        const validUntil = valueOf(child(p, 'Einddatum'), pt.Einddatum);
        const changeReason = valueOf(child(p, 'RedenWijziging'), pt.RedenWijziging);
        if (changeReason === OBSOLETE_CHANGE_REASON) {
          at(p, i, 'RedenWijziging', 'ToegewezenProduct/RedenWijziging: code 01 is obsolete since iJw 3.1 (JZ002 "niet gebruiken"); send the assignment again with 13 (deleted) or 14 (administrative correction)');
        } else if (changeReason === DELETED_ASSIGNMENT && validUntil !== validFrom) {
          at(p, i, 'Einddatum', `ToegewezenProduct: RedenWijziging 13 (deleted) needs Einddatum equal to Ingangsdatum ${validFrom} (JZ002), but Einddatum is ${validUntil ?? 'missing'}; send the deletion again with Einddatum ${validFrom}`);
        }
        const e = { messageKey: messageKey_, sentOn, municipality, provider, client: facts, kind: 'assignment' as const, category, assignmentNumber: assignmentNumber ?? '', assignedOn, validFrom };
        events.push(validUntil === undefined ? (changeReason === undefined ? e : { ...e, changeReason }) : changeReason === undefined ? { ...e, validUntil } : { ...e, validUntil, changeReason });
        break;
      }
      case 'JW305':
      case 'JW307': {
        const status = valueOf(child(p, 'StatusAanlevering'), pt.StatusAanlevering) ?? '';
        const which = spec[1];
        if (!DELIVERY_STATUSES.has(status)) {
          at(p, i, 'StatusAanlevering', `${which}/StatusAanlevering: code ${status} is not allowed in a ${header.type} (COD467, CS058: only 1, first delivery, and 3, withdraw an earlier delivery); send the product again with 1, or with 3 to withdraw it`);
        }
        if (assignmentNumber === undefined && category === '') {
          at(p, i, 'Product', `${which}: without a ToewijzingNummer (task-based) the product category and Begindatum are the key of the ${header.type === 'JW305' ? 'start' : 'stop'} (IV096), but Product/Categorie is missing; send it again with its category`);
        }
        const startDate = valueOf(child(p, 'Begindatum'), pt.Begindatum) ?? '';
        const s = status === '3' ? ('3' as const) : ('1' as const);
        if (header.type === 'JW305') {
          events.push(
            assignmentNumber !== undefined
              ? { messageKey: messageKey_, sentOn, municipality, provider, client: facts, kind: 'start', category, assignmentNumber, startDate, status: s }
              : { messageKey: messageKey_, sentOn, municipality, provider, client: facts, kind: 'start', category, startDate, status: s },
          );
        } else {
          const endDate = valueOf(child(p, 'Einddatum'), pt.Einddatum) ?? '';
          const reason = valueOf(child(p, 'RedenBeeindiging'), pt.RedenBeeindiging) ?? '';
          events.push(
            assignmentNumber !== undefined
              ? { messageKey: messageKey_, sentOn, municipality, provider, client: facts, kind: 'stop', category, assignmentNumber, startDate, endDate, reason, status: s }
              : { messageKey: messageKey_, sentOn, municipality, provider, client: facts, kind: 'stop', category, startDate, endDate, reason, status: s },
          );
        }
        break;
      }
      case 'JW315': {
        const requestedStart = valueOf(child(p, 'ToewijzingIngangsdatum'), pt.ToewijzingIngangsdatum) ?? sentOn;
        events.push({ messageKey: messageKey_, sentOn, municipality, provider, client: facts, kind: 'request', category, requestedStart });
        break;
      }
    }
  }
  return { events, problems };
}

/**
 * A municipality's answer to a provider's request (JW319, OP033x1 et seq.): VerzoekAntwoord (WJ760:
 * 1 refused, 2 under investigation) and RedenAfwijzingVerzoek (WJ759). It names no client, so it is no
 * care event; the under-serving panel counts them per provider and reason (decisions §61).
 */
export function readAnswer(root: XmlNode, type: MessageType): { readonly answer: string; readonly reason: string } | undefined {
  if (type !== 'JW319') return undefined;
  const antwoord = child(root, 'Antwoord');
  const answer = child(antwoord, 'VerzoekAntwoord');
  if (!answer) return undefined;
  const reason = child(antwoord, 'RedenAfwijzingVerzoek');
  return { answer: textContent(answer).trim(), reason: reason ? textContent(reason).trim() : '' };
}
