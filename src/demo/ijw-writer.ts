// Writes iJw 3.2 messages (JW315, JW301, JW305, JW307 and the return messages JW316, JW302,
// JW306, JW308) as XML text, by plain string building: no DOM, so millions of messages are
// cheap. Element names, order and namespaces follow the official XSDs in ../shared/ijw/xsd; the
// test in test/demo validates the output with xmllint against those XSDs.
//
// The writer formats what it is given and checks nothing: values are strings, so the demo
// generator can also write faulty messages (a date 2029-02-30, an unknown code, a wrong
// BerichtCode). Text values are XML-escaped.

export type HeenType = 'JW315' | 'JW301' | 'JW305' | 'JW307';
export type RetourType = 'JW316' | 'JW302' | 'JW306' | 'JW308';
export type MessageType = HeenType | RetourType;

/** Header/BerichtCode per message (COD002-VEKTIS, fixed in each XSD). */
export const BERICHT_CODE: Readonly<Record<MessageType, string>> = {
  JW301: '436',
  JW302: '437',
  JW305: '438',
  JW306: '439',
  JW307: '440',
  JW308: '441',
  JW315: '446',
  JW316: '447',
};

/** The return message of each message a party sends. */
export const RETOUR_OF: Readonly<Record<HeenType, RetourType>> = {
  JW315: 'JW316',
  JW301: 'JW302',
  JW305: 'JW306',
  JW307: 'JW308',
};

export const BASIS_NS = 'http://www.istandaarden.nl/ijw/3_2/basisschema/schema';
export const messageNamespace = (type: MessageType): string => `http://www.istandaarden.nl/ijw/3_2/${type.toLowerCase()}/schema`;

/** XsdVersie written in every header (as in the published examples). */
export const XSD_VERSION = '1.0.0';

export interface HeaderData {
  /** AGB code (8 digits) of a provider or CBS code (4 digits) of a municipality. */
  readonly afzender: string;
  readonly ontvanger: string;
  /** Max 12 characters, unique per message type per sender. */
  readonly identificatie: string;
  /** YYYY-MM-DD */
  readonly dagtekening: string;
  /** Overrides the message's own BerichtCode (only to write a faulty message). */
  readonly berichtCode?: string;
}

export interface NameData {
  readonly achternaam: string;
  readonly voorvoegsel?: string;
  readonly voornamen?: string;
  readonly voorletters?: string;
}

export interface ClientData {
  readonly bsn: string;
  readonly geboortedatum: string;
  /** COD046: 0 unknown, 1 male, 2 female. */
  readonly geslacht: string;
  readonly naam: NameData;
}

export interface AddressData {
  readonly straatnaam: string;
  readonly huisnummer: number;
  readonly huisletter?: string;
  readonly postcode: string;
  readonly plaatsnaam: string;
}

export interface OmvangData {
  readonly volume: number;
  /** WJ756: 01 minute, 04 hour, 14 etmaal, 16 dagdeel, 82/84 pieces, 83 euros. */
  readonly eenheid: string;
  /** WMO757: 1 per day, 2 per week, 4 per month, 6 total over the assignment. */
  readonly frequentie: string;
}

export interface RequestedProduct {
  readonly referentieAanbieder: string;
  readonly beschikkingNummer?: number;
  readonly categorie?: string;
  readonly productCode?: string;
  readonly beschikkingIngangsdatum?: string;
  readonly toewijzingIngangsdatum: string;
  readonly toewijzingEinddatum?: string;
  readonly omvang?: OmvangData;
  readonly budget?: number;
  /** COD327 */
  readonly verwijzerType: string;
  readonly verwijzerNaam?: string;
  readonly raamcontract?: string;
  readonly commentaar?: string;
}

export interface AssignedProduct {
  readonly toewijzingNummer: number;
  readonly referentieAanbieder?: string;
  readonly categorie?: string;
  readonly productCode?: string;
  readonly toewijzingsdatum: string;
  /** HH:MM:SS */
  readonly toewijzingstijd: string;
  readonly ingangsdatum: string;
  readonly einddatum?: string;
  /** JZ002 */
  readonly redenWijziging?: string;
  readonly omvang?: OmvangData;
  readonly budget?: number;
  readonly commentaar?: string;
}

export interface RelationData {
  readonly nummer: string;
  /** COD472, e.g. 10 parent. */
  readonly soort: string;
  readonly geboortedatum?: string;
  readonly geslacht?: string;
  readonly naam: NameData;
  /** COD757 address kind of the relation's contact, e.g. 01 BRP address. */
  readonly contactSoort: string;
  readonly adres?: AddressData;
  readonly emailadres?: string;
}

export interface AssignmentClientData extends ClientData {
  /** Contact of kind 01 (BRP address) with the client's address. */
  readonly adres: AddressData;
  readonly relaties?: readonly RelationData[];
  readonly commentaar?: string;
}

export interface StartProductData {
  /** Empty in the task-based variant. */
  readonly toewijzingNummer?: number;
  readonly categorie?: string;
  readonly productCode?: string;
  readonly toewijzingIngangsdatum?: string;
  readonly begindatum: string;
  /** COD467: 1 first delivery, 3 delete an earlier delivery. */
  readonly statusAanlevering: string;
}

export interface StopProductData extends StartProductData {
  /** JZ588 */
  readonly redenBeeindiging: string;
  readonly einddatum: string;
}

export interface RetourData {
  readonly identificatieRetour: string;
  readonly dagtekeningRetour: string;
  /** WJ001 codes for the message as a whole; default 0200 (no remark). */
  readonly retourCodes?: readonly string[];
  /** Overrides the return message's own BerichtCode (only to write a faulty message). */
  readonly berichtCode?: string;
}

const ESCAPE_NEEDED = /[&<>"']/;

/** XML text escaping for element content. */
export function esc(text: string): string {
  if (!ESCAPE_NEEDED.test(text)) return text;
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function open(type: MessageType): string {
  const p = type.toLowerCase();
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${p}:Bericht xmlns:ijw="${BASIS_NS}" xmlns:${p}="${messageNamespace(type)}">\n`;
}

function xsdVersie(p: string, element: string, indent: string): string {
  return (
    `${indent}<${p}:${element}>\n` +
    `${indent}\t<ijw:BasisschemaXsdVersie>${XSD_VERSION}</ijw:BasisschemaXsdVersie>\n` +
    `${indent}\t<ijw:BerichtXsdVersie>${XSD_VERSION}</ijw:BerichtXsdVersie>\n` +
    `${indent}</${p}:${element}>\n`
  );
}

function headerFields(type: MessageType, h: HeaderData): string {
  const p = type.toLowerCase();
  return (
    `\t\t<${p}:BerichtCode>${esc(h.berichtCode ?? BERICHT_CODE[type])}</${p}:BerichtCode>\n` +
    `\t\t<${p}:BerichtVersie>3</${p}:BerichtVersie>\n` +
    `\t\t<${p}:BerichtSubversie>2</${p}:BerichtSubversie>\n` +
    `\t\t<${p}:Afzender>${esc(h.afzender)}</${p}:Afzender>\n` +
    `\t\t<${p}:Ontvanger>${esc(h.ontvanger)}</${p}:Ontvanger>\n` +
    `\t\t<${p}:BerichtIdentificatie>\n` +
    `\t\t\t<ijw:Identificatie>${esc(h.identificatie)}</ijw:Identificatie>\n` +
    `\t\t\t<ijw:Dagtekening>${esc(h.dagtekening)}</ijw:Dagtekening>\n` +
    `\t\t</${p}:BerichtIdentificatie>\n` +
    xsdVersie(p, 'XsdVersie', '\t\t')
  );
}

function header(type: MessageType, h: HeaderData): string {
  const p = type.toLowerCase();
  return `\t<${p}:Header>\n${headerFields(type, h)}\t</${p}:Header>\n`;
}

function el(p: string, name: string, value: string | number | undefined, indent: string): string {
  return value === undefined ? '' : `${indent}<${p}:${name}>${typeof value === 'number' ? value : esc(value)}</${p}:${name}>\n`;
}

function geboortedatum(p: string, datum: string, indent: string): string {
  return `${indent}<${p}:Geboortedatum>\n${indent}\t<ijw:Datum>${esc(datum)}</ijw:Datum>\n${indent}</${p}:Geboortedatum>\n`;
}

/** CDT_VerkorteNaam (full = false) or CDT_VolledigeNaam (full = true, NaamGebruik 1). */
function naam(p: string, n: NameData, indent: string, full: boolean): string {
  const i2 = indent + '\t';
  return (
    `${indent}<${p}:Naam>\n` +
    `${i2}<ijw:Geslachtsnaam>\n` +
    `${i2}\t<ijw:Achternaam>${esc(n.achternaam)}</ijw:Achternaam>\n` +
    (n.voorvoegsel ? `${i2}\t<ijw:Voorvoegsel>${esc(n.voorvoegsel)}</ijw:Voorvoegsel>\n` : '') +
    `${i2}</ijw:Geslachtsnaam>\n` +
    (n.voornamen ? `${i2}<ijw:Voornamen>${esc(n.voornamen)}</ijw:Voornamen>\n` : '') +
    (n.voorletters ? `${i2}<ijw:Voorletters>${esc(n.voorletters)}</ijw:Voorletters>\n` : '') +
    (full ? `${i2}<ijw:NaamGebruik>1</ijw:NaamGebruik>\n` : '') +
    `${indent}</${p}:Naam>\n`
  );
}

function clientPersonal(p: string, c: ClientData, full: boolean): string {
  return (
    `\t\t<${p}:Bsn>${esc(c.bsn)}</${p}:Bsn>\n` +
    geboortedatum(p, c.geboortedatum, '\t\t') +
    `\t\t<${p}:Geslacht>${esc(c.geslacht)}</${p}:Geslacht>\n` +
    naam(p, c.naam, '\t\t', full)
  );
}

function product(p: string, categorie: string | undefined, code: string | undefined, indent: string): string {
  if (categorie === undefined) return '';
  return (
    `${indent}<${p}:Product>\n` +
    `${indent}\t<ijw:Categorie>${esc(categorie)}</ijw:Categorie>\n` +
    (code !== undefined ? `${indent}\t<ijw:Code>${esc(code)}</ijw:Code>\n` : '') +
    `${indent}</${p}:Product>\n`
  );
}

function omvang(p: string, o: OmvangData | undefined, indent: string): string {
  if (!o) return '';
  return (
    `${indent}<${p}:Omvang>\n` +
    `${indent}\t<ijw:Volume>${o.volume}</ijw:Volume>\n` +
    `${indent}\t<ijw:Eenheid>${esc(o.eenheid)}</ijw:Eenheid>\n` +
    `${indent}\t<ijw:Frequentie>${esc(o.frequentie)}</ijw:Frequentie>\n` +
    `${indent}</${p}:Omvang>\n`
  );
}

function adres(p: string, a: AddressData, indent: string): string {
  const i2 = indent + '\t';
  return (
    `${indent}<${p}:Adres>\n` +
    `${i2}<ijw:Huis>\n` +
    `${i2}\t<ijw:Huisnummer>${a.huisnummer}</ijw:Huisnummer>\n` +
    (a.huisletter ? `${i2}\t<ijw:Huisletter>${esc(a.huisletter)}</ijw:Huisletter>\n` : '') +
    `${i2}</ijw:Huis>\n` +
    `${i2}<ijw:Postcode>${esc(a.postcode)}</ijw:Postcode>\n` +
    `${i2}<ijw:Straatnaam>${esc(a.straatnaam)}</ijw:Straatnaam>\n` +
    `${i2}<ijw:Plaatsnaam>${esc(a.plaatsnaam)}</ijw:Plaatsnaam>\n` +
    `${i2}<ijw:LandCode>NL</ijw:LandCode>\n` +
    `${indent}</${p}:Adres>\n`
  );
}

/** JW315 Verzoek om toewijzing (provider → municipality). */
export function writeJw315(h: HeaderData, client: ClientData & { readonly commentaar?: string }, products: readonly RequestedProduct[]): string {
  const p = 'jw315';
  let body = '';
  for (const x of products) {
    const i = '\t\t\t\t';
    body +=
      `\t\t\t<${p}:AangevraagdProduct>\n` +
      el(p, 'ReferentieAanbieder', x.referentieAanbieder, i) +
      el(p, 'BeschikkingNummer', x.beschikkingNummer, i) +
      product(p, x.categorie, x.productCode, i) +
      el(p, 'BeschikkingIngangsdatum', x.beschikkingIngangsdatum, i) +
      el(p, 'ToewijzingIngangsdatum', x.toewijzingIngangsdatum, i) +
      el(p, 'ToewijzingEinddatum', x.toewijzingEinddatum, i) +
      omvang(p, x.omvang, i) +
      el(p, 'Budget', x.budget, i) +
      `${i}<${p}:Verwijzer>\n` +
      `${i}\t<ijw:Type>${esc(x.verwijzerType)}</ijw:Type>\n` +
      (x.verwijzerNaam ? `${i}\t<ijw:Naam>${esc(x.verwijzerNaam)}</ijw:Naam>\n` : '') +
      `${i}</${p}:Verwijzer>\n` +
      el(p, 'Raamcontract', x.raamcontract, i) +
      el(p, 'Commentaar', x.commentaar, i) +
      `\t\t\t</${p}:AangevraagdProduct>\n`;
  }
  return (
    open('JW315') +
    header('JW315', h) +
    `\t<${p}:Client>\n` +
    clientPersonal(p, client, false) +
    `\t\t<${p}:GezagsdragerBekend>1</${p}:GezagsdragerBekend>\n` +
    el(p, 'Commentaar', client.commentaar, '\t\t') +
    `\t\t<${p}:AangevraagdeProducten>\n${body}\t\t</${p}:AangevraagdeProducten>\n` +
    `\t</${p}:Client>\n</${p}:Bericht>\n`
  );
}

/** JW301 Toewijzing (municipality → provider), with the client's address and relations. */
export function writeJw301(h: HeaderData, client: AssignmentClientData, products: readonly AssignedProduct[]): string {
  const p = 'jw301';
  let relaties = '';
  if (client.relaties && client.relaties.length > 0) {
    relaties = `\t\t<${p}:Relaties>\n`;
    for (const r of client.relaties) {
      const i = '\t\t\t\t';
      relaties +=
        `\t\t\t<${p}:Relatie>\n` +
        el(p, 'Nummer', r.nummer, i) +
        el(p, 'Soort', r.soort, i) +
        (r.geboortedatum ? geboortedatum(p, r.geboortedatum, i) : '') +
        el(p, 'Geslacht', r.geslacht, i) +
        naam(p, r.naam, i, true) +
        `${i}<${p}:Contact>\n` +
        el(p, 'Soort', r.contactSoort, i + '\t') +
        (r.adres ? adres(p, r.adres, i + '\t') : '') +
        el(p, 'Emailadres', r.emailadres, i + '\t') +
        `${i}</${p}:Contact>\n` +
        `\t\t\t</${p}:Relatie>\n`;
    }
    relaties += `\t\t</${p}:Relaties>\n`;
  }
  let body = '';
  for (const x of products) {
    const i = '\t\t\t\t';
    body +=
      `\t\t\t<${p}:ToegewezenProduct>\n` +
      el(p, 'ToewijzingNummer', x.toewijzingNummer, i) +
      el(p, 'ReferentieAanbieder', x.referentieAanbieder, i) +
      product(p, x.categorie, x.productCode, i) +
      el(p, 'Toewijzingsdatum', x.toewijzingsdatum, i) +
      el(p, 'Toewijzingstijd', x.toewijzingstijd, i) +
      el(p, 'Ingangsdatum', x.ingangsdatum, i) +
      el(p, 'Einddatum', x.einddatum, i) +
      el(p, 'RedenWijziging', x.redenWijziging, i) +
      omvang(p, x.omvang, i) +
      el(p, 'Budget', x.budget, i) +
      el(p, 'Commentaar', x.commentaar, i) +
      `\t\t\t</${p}:ToegewezenProduct>\n`;
  }
  return (
    open('JW301') +
    header('JW301', h) +
    `\t<${p}:Client>\n` +
    clientPersonal(p, client, true) +
    el(p, 'Commentaar', client.commentaar, '\t\t') +
    relaties +
    `\t\t<${p}:Contactgegevens>\n` +
    `\t\t\t<${p}:Contact>\n` +
    `\t\t\t\t<${p}:Soort>01</${p}:Soort>\n` +
    adres(p, client.adres, '\t\t\t\t') +
    `\t\t\t</${p}:Contact>\n` +
    `\t\t</${p}:Contactgegevens>\n` +
    `\t\t<${p}:ToegewezenProducten>\n${body}\t\t</${p}:ToegewezenProducten>\n` +
    `\t</${p}:Client>\n</${p}:Bericht>\n`
  );
}

function startStopFields(p: string, x: StartProductData, i: string): string {
  return (
    el(p, 'ToewijzingNummer', x.toewijzingNummer, i) +
    product(p, x.categorie, x.productCode, i) +
    el(p, 'ToewijzingIngangsdatum', x.toewijzingIngangsdatum, i) +
    el(p, 'Begindatum', x.begindatum, i)
  );
}

/** JW305 Start zorg (provider → municipality); ToewijzingNummer empty in the task-based variant. */
export function writeJw305(h: HeaderData, client: ClientData, products: readonly StartProductData[]): string {
  const p = 'jw305';
  const i = '\t\t\t\t';
  let body = '';
  for (const x of products) {
    body +=
      `\t\t\t<${p}:StartProduct>\n` +
      startStopFields(p, x, i) +
      el(p, 'StatusAanlevering', x.statusAanlevering, i) +
      `\t\t\t</${p}:StartProduct>\n`;
  }
  return (
    open('JW305') +
    header('JW305', h) +
    `\t<${p}:Client>\n` +
    clientPersonal(p, client, false) +
    `\t\t<${p}:StartProducten>\n${body}\t\t</${p}:StartProducten>\n` +
    `\t</${p}:Client>\n</${p}:Bericht>\n`
  );
}

/** JW307 Stop zorg (provider → municipality). */
export function writeJw307(h: HeaderData, client: ClientData, products: readonly StopProductData[]): string {
  const p = 'jw307';
  const i = '\t\t\t\t';
  let body = '';
  for (const x of products) {
    body +=
      `\t\t\t<${p}:StopProduct>\n` +
      startStopFields(p, x, i) +
      el(p, 'RedenBeeindiging', x.redenBeeindiging, i) +
      el(p, 'Einddatum', x.einddatum, i) +
      el(p, 'StatusAanlevering', x.statusAanlevering, i) +
      `\t\t\t</${p}:StopProduct>\n`;
  }
  return (
    open('JW307') +
    header('JW307', h) +
    `\t<${p}:Client>\n` +
    clientPersonal(p, client, false) +
    `\t\t<${p}:StopProducten>\n${body}\t\t</${p}:StopProducten>\n` +
    `\t</${p}:Client>\n</${p}:Bericht>\n`
  );
}

/**
 * A return message (JW316/302/306/308) for a message that was accepted as a whole: the header
 * keeps Afzender, Ontvanger and BerichtIdentificatie of the original message and adds the
 * return message's own identification and date; no Client block (OP065: only rejected clients
 * are listed).
 */
export function writeRetour(type: RetourType, original: HeaderData, r: RetourData): string {
  const p = type.toLowerCase();
  const codes = r.retourCodes && r.retourCodes.length > 0 ? r.retourCodes : ['0200'];
  return (
    open(type) +
    `\t<${p}:Header>\n` +
    headerFields(type, {
      afzender: original.afzender,
      ontvanger: original.ontvanger,
      identificatie: original.identificatie,
      dagtekening: original.dagtekening,
      ...(r.berichtCode !== undefined ? { berichtCode: r.berichtCode } : {}),
    }) +
    `\t\t<${p}:IdentificatieRetour>${esc(r.identificatieRetour)}</${p}:IdentificatieRetour>\n` +
    `\t\t<${p}:DagtekeningRetour>${esc(r.dagtekeningRetour)}</${p}:DagtekeningRetour>\n` +
    xsdVersie(p, 'XsdVersieRetour', '\t\t') +
    `\t\t<${p}:RetourCodes>\n` +
    codes.map((c) => `\t\t\t<${p}:RetourCode>${esc(c)}</${p}:RetourCode>\n`).join('') +
    `\t\t</${p}:RetourCodes>\n` +
    `\t</${p}:Header>\n</${p}:Bericht>\n`
  );
}
