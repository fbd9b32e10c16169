// Small, valid iJw messages for storage tests, written by the demo's writer (src/demo/ijw-writer.ts,
// itself checked against the official XSDs): one young person, one provider, one municipality of
// Amsterdam-Amstelland unless told otherwise. `text` then lets a test write a value in another of its
// XSD forms (e.g. ToewijzingNummer 05000001), which the writer would not.
import { writeJw301, writeJw305, writeJw307, type AssignedProduct, type AssignmentClientData, type HeaderData, type StartProductData, type StopProductData } from '../../src/demo/ijw-writer.ts';

export const MUNICIPALITY = '0363';
export const PROVIDER = '42420001';

export const person: AssignmentClientData = {
  bsn: '999900006',
  geboortedatum: '2014-05-17',
  geslacht: '2',
  naam: { achternaam: 'Kloosterboer', voornamen: 'Femke' },
  adres: { straatnaam: 'Lindengracht', huisnummer: 12, postcode: '1015 KK', plaatsnaam: 'Amsterdam' },
};

let counter = 0;
/** A fresh identification (at most 12 characters). */
export const nextId = (): string => `T${String(++counter).padStart(6, '0')}`;

const header = (afzender: string, ontvanger: string, dagtekening: string, identificatie = nextId()): HeaderData => ({ afzender, ontvanger, identificatie, dagtekening });

export function assignment(dagtekening: string, products: readonly Partial<AssignedProduct>[], over: { municipality?: string; identificatie?: string } = {}): string {
  return writeJw301(header(over.municipality ?? MUNICIPALITY, PROVIDER, dagtekening, over.identificatie), person, products.map((p) => ({
    toewijzingNummer: 5000001, categorie: '32', toewijzingsdatum: dagtekening, toewijzingstijd: '10:00:00', ingangsdatum: dagtekening, ...p,
  })));
}

export function start(dagtekening: string, products: readonly Partial<StartProductData>[], over: { municipality?: string; identificatie?: string } = {}): string {
  return writeJw305(header(PROVIDER, over.municipality ?? MUNICIPALITY, dagtekening, over.identificatie), person, products.map((p) => ({ categorie: '32', begindatum: dagtekening, statusAanlevering: '1', ...p })));
}

export function stop(dagtekening: string, products: readonly Partial<StopProductData>[], over: { municipality?: string; identificatie?: string } = {}): string {
  return writeJw307(header(PROVIDER, over.municipality ?? MUNICIPALITY, dagtekening, over.identificatie), person, products.map((p) => ({
    categorie: '32', begindatum: dagtekening, einddatum: dagtekening, redenBeeindiging: '31', statusAanlevering: '1', ...p,
  })));
}

/** `xml` with the text of every `local` element (any prefix) that equals `from` written as `to`. */
export function rewrite(xml: string, local: string, from: string, to: string): string {
  const re = new RegExp(`(<(?:[\\w.-]+:)?${local}>)${from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(</)`, 'g');
  if (!re.test(xml)) throw new Error(`no ${local} ${from} in the message`);
  return xml.replace(re, `$1${to}$2`);
}
