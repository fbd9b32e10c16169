// From a valid iJw message to what the monitor keeps (docs/ijw.md): the BSN becomes a keyed pseudonym,
// the birth date its year and month, the address its 4-digit postcode; names, streets, house numbers,
// phone numbers, e-mail addresses, relations and comments are never read out of the tree.
import type { CareEvent, ClientFacts, MessageType } from '../domain/care-events.ts';
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

/** Trimmed text of n/a (or n/a/b); undefined when missing or empty. */
function text(n: XmlNode | undefined, a: string, b?: string): string | undefined {
  let cur = child(n, a);
  if (b !== undefined) cur = child(cur, b);
  if (cur === undefined) return undefined;
  const t = textContent(cur).trim();
  return t === '' ? undefined : t;
}

/**
 * Who made the message and how it identifies itself. A return message (JW302, 306, …) repeats the
 * header of the message it answers and adds its own IdentificatieRetour and DagtekeningRetour: it is
 * made by the original's receiver, so its identity is Ontvanger + IdentificatieRetour +
 * DagtekeningRetour (otherwise every return would look like a reuse of the original's identity).
 */
export function readHeader(root: XmlNode, type: MessageType): MessageHeader {
  const h = child(root, 'Header');
  const retour = text(h, 'IdentificatieRetour');
  if (retour !== undefined) {
    return { type, sender: text(h, 'Ontvanger') ?? '', receiver: text(h, 'Afzender') ?? '', identification: retour, sentOn: text(h, 'DagtekeningRetour') ?? '' };
  }
  return {
    type,
    sender: text(h, 'Afzender') ?? '',
    receiver: text(h, 'Ontvanger') ?? '',
    identification: text(h, 'BerichtIdentificatie', 'Identificatie') ?? '',
    sentOn: text(h, 'BerichtIdentificatie', 'Dagtekening') ?? '',
  };
}

export const messageKey = (h: Pick<MessageHeader, 'sender' | 'identification' | 'sentOn'>): string => `${h.sender}|${h.identification}|${h.sentOn}`;

/** The BSN as written in the message; used only to pseudonymise and check, never stored. */
export function readBsn(root: XmlNode): string | undefined {
  return text(child(root, 'Client'), 'Bsn');
}

/** Address type 01 (BRP) first, else the first address: only its postcode's four digits are kept. */
function pc4Of(client: XmlNode | undefined): string | undefined {
  const contacts = kids(child(client, 'Contactgegevens'), 'Contact');
  let chosen = contacts[0];
  for (const c of contacts) {
    if (text(c, 'Soort') === '01') {
      chosen = c;
      break;
    }
  }
  const postcode = text(chosen, 'Adres', 'Postcode');
  return postcode && /^[1-9]\d{3}/.test(postcode) ? postcode.slice(0, 4) : undefined;
}

const statusOf = (p: XmlNode): '1' | '3' => (text(p, 'StatusAanlevering') === '3' ? '3' : '1');

/** The element each message type's events come from, one event per element, in document order. */
const PRODUCTS: Partial<Record<MessageType, readonly [string, string]>> = {
  JW301: ['ToegewezenProducten', 'ToegewezenProduct'],
  JW305: ['StartProducten', 'StartProduct'],
  JW307: ['StopProducten', 'StopProduct'],
  JW315: ['AangevraagdeProducten', 'AangevraagdProduct'],
};

/** Where a child of an element sits in the message, for an error: its line and element path. */
export interface Place {
  readonly line: number;
  readonly path: string;
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
  return { line: id?.line ?? 0, path: `/${root.local}/Header/BerichtIdentificatie` };
}

export function extractEvents(root: XmlNode, header: MessageHeader, pseudonym: string): CareEvent[] {
  const client = child(root, 'Client');
  const birth = text(client, 'Geboortedatum', 'Datum') ?? '';
  const pc4 = header.type === 'JW301' ? pc4Of(client) : undefined;
  const gender = text(client, 'Geslacht') ?? '0';
  const facts: ClientFacts = pc4 ? { pseudonym, birthMonth: birth.slice(0, 7), gender, pc4 } : { pseudonym, birthMonth: birth.slice(0, 7), gender };
  const messageKey_ = messageKey(header);
  const sentOn = header.sentOn;
  // Municipality → provider for 301; provider → municipality for 305, 307 and 315.
  const municipality = header.type === 'JW301' ? header.sender : header.receiver;
  const provider = header.type === 'JW301' ? header.receiver : header.sender;
  const events: CareEvent[] = [];
  // Plain loops and object literals: this runs for every message, and closures and spreads per
  // message cost more than everything else in the extraction.
  switch (header.type) {
    case 'JW301':
      for (const p of kids(child(client, 'ToegewezenProducten'), 'ToegewezenProduct')) {
        const category = text(p, 'Product', 'Categorie') ?? '';
        const assignmentNumber = text(p, 'ToewijzingNummer') ?? '';
        const assignedOn = text(p, 'Toewijzingsdatum') ?? sentOn;
        const validFrom = text(p, 'Ingangsdatum') ?? '';
        const validUntil = text(p, 'Einddatum');
        events.push(
          validUntil
            ? { messageKey: messageKey_, sentOn, municipality, provider, client: facts, kind: 'assignment', category, assignmentNumber, assignedOn, validFrom, validUntil }
            : { messageKey: messageKey_, sentOn, municipality, provider, client: facts, kind: 'assignment', category, assignmentNumber, assignedOn, validFrom },
        );
      }
      return events;
    case 'JW305':
      for (const p of kids(child(client, 'StartProducten'), 'StartProduct')) {
        const category = text(p, 'Product', 'Categorie') ?? '';
        const assignmentNumber = text(p, 'ToewijzingNummer');
        const startDate = text(p, 'Begindatum') ?? '';
        const status = statusOf(p);
        events.push(
          assignmentNumber
            ? { messageKey: messageKey_, sentOn, municipality, provider, client: facts, kind: 'start', category, assignmentNumber, startDate, status }
            : { messageKey: messageKey_, sentOn, municipality, provider, client: facts, kind: 'start', category, startDate, status },
        );
      }
      return events;
    case 'JW307':
      for (const p of kids(child(client, 'StopProducten'), 'StopProduct')) {
        const category = text(p, 'Product', 'Categorie') ?? '';
        const assignmentNumber = text(p, 'ToewijzingNummer');
        const startDate = text(p, 'Begindatum') ?? '';
        const endDate = text(p, 'Einddatum') ?? '';
        const reason = text(p, 'RedenBeeindiging') ?? '';
        const status = statusOf(p);
        events.push(
          assignmentNumber
            ? { messageKey: messageKey_, sentOn, municipality, provider, client: facts, kind: 'stop', category, assignmentNumber, startDate, endDate, reason, status }
            : { messageKey: messageKey_, sentOn, municipality, provider, client: facts, kind: 'stop', category, startDate, endDate, reason, status },
        );
      }
      return events;
    case 'JW315':
      for (const p of kids(child(client, 'AangevraagdeProducten'), 'AangevraagdProduct')) {
        const category = text(p, 'Product', 'Categorie') ?? '';
        const requestedStart = text(p, 'ToewijzingIngangsdatum') ?? sentOn;
        events.push({ messageKey: messageKey_, sentOn, municipality, provider, client: facts, kind: 'request', category, requestedStart });
      }
      return events;
    default:
      // Return messages, change requests, answers and declarations are validated and recorded as
      // messages; they add no trajectory facts.
      return events;
  }
}
