// From a valid iJw message to what the monitor keeps (docs/ijw.md): the BSN becomes a keyed pseudonym,
// the birth date its year and month, the address its 4-digit postcode; names, streets, house numbers,
// phone numbers, e-mail addresses, relations and comments are never read out of the tree.
import type { CareEvent, ClientFacts, MessageType } from '../domain/care-events.ts';
import { childElements, textContent, type XmlElement } from './xml-reader.ts';

type XmlNode = XmlElement;

export interface MessageHeader {
  readonly type: MessageType;
  readonly sender: string;
  readonly receiver: string;
  readonly identification: string;
  readonly sentOn: string;
}

const child = (n: XmlNode | undefined, name: string): XmlNode | undefined => (n ? childElements(n).find((c) => c.local === name) : undefined);
const kids = (n: XmlNode | undefined, name: string): XmlNode[] => (n ? childElements(n).filter((c) => c.local === name) : []);
const text = (n: XmlNode | undefined, ...path: string[]): string | undefined => {
  let cur = n;
  for (const p of path) cur = child(cur, p);
  const t = cur ? textContent(cur).trim() : undefined;
  return t === undefined || t === '' ? undefined : t;
};

export function readHeader(root: XmlNode, type: MessageType): MessageHeader {
  const h = child(root, 'Header');
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
  const chosen = contacts.find((c) => text(c, 'Soort') === '01') ?? contacts[0];
  const postcode = text(chosen, 'Adres', 'Postcode');
  return postcode && /^[1-9]\d{3}/.test(postcode) ? postcode.slice(0, 4) : undefined;
}

export function extractEvents(root: XmlNode, header: MessageHeader, pseudonym: string): CareEvent[] {
  const client = child(root, 'Client');
  const birth = text(client, 'Geboortedatum', 'Datum') ?? '';
  const facts: ClientFacts = {
    pseudonym,
    birthMonth: birth.slice(0, 7),
    gender: text(client, 'Geslacht') ?? '0',
    ...(header.type === 'JW301' && pc4Of(client) ? { pc4: pc4Of(client)! } : {}),
  };
  const key = messageKey(header);
  // Municipality → provider for 301; provider → municipality for 305, 307 and 315.
  const [municipality, provider] = header.type === 'JW301' ? [header.sender, header.receiver] : [header.receiver, header.sender];
  const base = { messageKey: key, sentOn: header.sentOn, municipality, provider, client: facts };
  const status = (p: XmlNode) => (text(p, 'StatusAanlevering') === '3' ? '3' : '1') as '1' | '3';
  switch (header.type) {
    case 'JW301':
      return kids(child(client, 'ToegewezenProducten'), 'ToegewezenProduct').map((p) => ({
        ...base,
        kind: 'assignment' as const,
        category: text(p, 'Product', 'Categorie') ?? '',
        assignmentNumber: text(p, 'ToewijzingNummer') ?? '',
        assignedOn: text(p, 'Toewijzingsdatum') ?? header.sentOn,
        validFrom: text(p, 'Ingangsdatum') ?? '',
        ...(text(p, 'Einddatum') ? { validUntil: text(p, 'Einddatum')! } : {}),
      }));
    case 'JW305':
      return kids(child(client, 'StartProducten'), 'StartProduct').map((p) => ({
        ...base,
        kind: 'start' as const,
        category: text(p, 'Product', 'Categorie') ?? '',
        ...(text(p, 'ToewijzingNummer') ? { assignmentNumber: text(p, 'ToewijzingNummer')! } : {}),
        startDate: text(p, 'Begindatum') ?? '',
        status: status(p),
      }));
    case 'JW307':
      return kids(child(client, 'StopProducten'), 'StopProduct').map((p) => ({
        ...base,
        kind: 'stop' as const,
        category: text(p, 'Product', 'Categorie') ?? '',
        ...(text(p, 'ToewijzingNummer') ? { assignmentNumber: text(p, 'ToewijzingNummer')! } : {}),
        startDate: text(p, 'Begindatum') ?? '',
        endDate: text(p, 'Einddatum') ?? '',
        reason: text(p, 'RedenBeeindiging') ?? '',
        status: status(p),
      }));
    case 'JW315':
      return kids(child(client, 'AangevraagdeProducten'), 'AangevraagdProduct').map((p) => ({
        ...base,
        kind: 'request' as const,
        category: text(p, 'Product', 'Categorie') ?? '',
        requestedStart: text(p, 'ToewijzingIngangsdatum') ?? header.sentOn,
      }));
    default:
      // Return messages, change requests, answers and declarations are validated and recorded as
      // messages; they add no trajectory facts.
      return [];
  }
}
