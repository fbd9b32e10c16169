// One iJw message from bytes to what is stored: validate as strictly as the XSDs, check the BSN and
// date order, pseudonymise, and flatten the events into rows. Pure computation (no database), so it
// runs the same in the main thread and in the ingest worker threads (ingest-workers.ts); what it
// returns is plain data that crosses a thread boundary cheaply. Nothing of the person data leaves
// this function except the pseudonym, birth month, gender and PC4 that the monitor keeps.
import { hash } from 'node:crypto';
import path from 'node:path';
import type { CareEvent } from '../domain/care-events.ts';
import { isValidBsn } from '../domain/bsn.ts';
import { bsnPlace, eventPlace, identificationPlace, messageKey, readAnswer, readBsn, readEvents, readHeader, readMunicipality, sentOnPlace, type MessageHeader, type Problem } from '../ijw/extract-events.ts';
import { personValues, personValuesOf, redactName } from '../ijw/person-data.ts';
import type { Pseudonymiser } from '../ijw/pseudonym.ts';
import { validateMessage, type ValidationError, type XmlElement } from '../ijw/validator.ts';
import { CARE_EVENT_COLUMNS } from '../store/schema.ts';
import { copyLine } from '../store/copy.ts';

export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

/** A refused message or input, as it is reported and stored in ijw_rejection (never with person data). */
export interface Rejection {
  readonly file: string;
  readonly line: number;
  readonly path: string;
  readonly rule: string;
  readonly message: string;
}

/** Columns of care_event in the order of an EventRow, with the SQL type of each (for unnest). */
export const EVENT_COLUMNS = CARE_EVENT_COLUMNS;
/** Position of the pseudonym in an EventRow. */
const EVENT_PSEUDONYM = 7;

/** One care_event row, values in EVENT_COLUMNS order. */
export type EventRow = (string | number | null)[];

/**
 * One value as an element of a PostgreSQL array literal ({"a","b",NULL}). Every string is quoted,
 * so spaces, commas, braces and the word NULL stay text; only " and \ need a backslash.
 */
export function arrayElement(v: string | number | null): string {
  if (v === null) return 'NULL';
  if (typeof v === 'number') return String(v);
  return v.includes('"') || v.includes('\\') ? `"${v.replace(/["\\]/g, '\\$&')}"` : `"${v}"`;
}

/** A valid message, ready to store: the header fields of ijw_message and its events as rows. */
export interface PreparedMessage {
  readonly file: string;
  /** sender|identification|sentOn (messageKey). */
  readonly key: string;
  readonly sender: string;
  readonly identification: string;
  readonly sentOn: string;
  readonly type: string;
  readonly receiver: string;
  /** SHA-256 of the bytes, hex. */
  readonly hash: string;
  /** Line and element path of the identification (reported when another message already used it). */
  readonly identificationLine: number;
  readonly identificationPath: string;
  /** Number of care_event rows. */
  readonly eventCount: number;
  /** The care_event rows in COPY's text format (store/copy.ts), made here, in the worker: the main thread only joins them. */
  readonly eventCopy: string;
  /** The distinct pseudonyms of the events (for trajectory_dirty). */
  readonly pseudonyms: string[];
  /** A JW319's answer to a provider's request (request_answer). */
  readonly answer?: { readonly answer: string; readonly reason: string };
}

export type Outcome = { readonly ok: true; readonly message: PreparedMessage } | { readonly ok: false; readonly rejection: Rejection };

/**
 * Elements whose value an error may repeat: codes, dates, numbers and identifications of the header
 * and of the products, none of them person data. Every other value (names, BSN, address, phone,
 * birth date, comments, text where no text belongs) is never repeated: the message says what is
 * wrong and where, without the value. An allow-list, so an element nobody thought of stays hidden
 * (ReferentieAanbieder is free text a provider may fill with a name: hidden too).
 */
const SHOWN_VALUE = new Set([
  'BerichtCode', 'BerichtVersie', 'BerichtSubversie', 'Afzender', 'Ontvanger', 'Identificatie', 'Dagtekening', 'IdentificatieRetour',
  'DagtekeningRetour', 'BasisschemaXsdVersie', 'BerichtXsdVersie', 'XsltVersie', 'RetourCode', 'ToewijzingNummer', 'BeschikkingNummer',
  'Categorie', 'Code', 'Toewijzingsdatum', 'Toewijzingstijd', 'Ingangsdatum', 'Einddatum', 'Begindatum', 'ToewijzingIngangsdatum',
  'ToewijzingEinddatum', 'BeschikkingIngangsdatum', 'GewensteIngangsdatum', 'RedenWijziging', 'RedenBeeindiging', 'StatusAanlevering',
  'Volume', 'Eenheid', 'Frequentie', 'Budget', 'RedenVerzoek', 'VerzoekAntwoord', 'RedenAfwijzingVerzoek',
  'DeclaratieNummer', 'ProductCategorie', 'ProductCode', 'ProductTarief', 'GeleverdVolume', 'Bedrag', 'TotaalBedrag', 'DebetCredit',
]);
/** Containers of person data: below them no value is repeated, whatever the element is called (Contact/Periode/Begindatum). */
const PERSONAL_CONTAINER = /\/(Naam|Geboortedatum|Contactgegevens|Contact|Relaties|Relatie|Adres|Telefoon|Communicatie|Commentaar|Verwijzer)(\[\d+\])?\//;

/** The error as reported and stored: the validator's message as it is, with the value only where it may be shown. */
function redact(e: ValidationError): { path: string; message: string } {
  const leaf = /([^/[]+)(\[\d+\])?$/.exec(e.path)?.[1] ?? '';
  const shown = e.value !== undefined && SHOWN_VALUE.has(leaf) && !PERSONAL_CONTAINER.test(e.path);
  // a number that could be a BSN is left out even there (a ToewijzingNummer may look like one)
  return { path: e.path, message: shown ? `${e.message} (value ${JSON.stringify(redactName(e.value!))})` : e.message };
}

/**
 * Dates the monitor stores and compares: xs:date also allows years before 1 and after 9999
 * (-0001-01-01, 12345-04-15), which PostgreSQL refuses or sorts apart from the text; such a message
 * is refused with a clear error instead of failing the whole batch.
 */
const STORABLE_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** What a message is read against: the key for pseudonyms and the region's municipalities. */
export interface PrepareScope {
  readonly pseudonymiser: Pseudonymiser;
  /** CBS codes of the region's municipalities: a message about another municipality is refused. */
  readonly municipalities: ReadonlySet<string>;
}

/**
 * Checks on top of the XSD that the monitor relies on: the municipality belongs to the region, the
 * eleven-test, storable dates and date order. Each problem names the element (path and line) it is
 * about; the BSN itself is never repeated.
 */
function extraChecks(root: XmlElement, header: MessageHeader, events: readonly CareEvent[], bsn: string | undefined, scope: PrepareScope): Problem[] {
  const problems: Problem[] = [];
  const at = (i: number, field: string, message: string) => {
    const place = eventPlace(root, header.type, i, field) ?? { line: root.line, path: `/${root.local}` };
    problems.push({ path: place.path, line: place.line, message });
  };
  const municipality = readMunicipality(root, header.type);
  if (!scope.municipalities.has(municipality.code)) {
    const codes = [...scope.municipalities].sort().join(', ');
    problems.push({
      ...municipality.place,
      message: `Header/${municipality.place.path.split('/').pop()}: municipality ${JSON.stringify(municipality.code)} is not one of the region's (${codes}); the message is refused and nothing of it is kept — send it to its own region, or add the municipality to the region file`,
    });
  }
  if (bsn !== undefined && !isValidBsn(bsn)) {
    const place = bsnPlace(root) ?? { line: root.line, path: `/${root.local}/Client/Bsn` };
    problems.push({ ...place, message: 'Client/Bsn: the BSN fails the eleven-test' });
  }
  const storable = (i: number, where: string, field: string, value: string | undefined) => {
    if (value !== undefined && !STORABLE_DATE.test(value)) at(i, field, `${where}: the date ${value} is outside the years 0001–9999`);
  };
  if (!STORABLE_DATE.test(header.sentOn)) {
    const place = sentOnPlace(root);
    problems.push({ ...place, message: `Header/${place.path.split('/').pop()}: the date ${header.sentOn} is outside the years 0001–9999` });
  }
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (e.kind === 'assignment') {
      storable(i, 'ToegewezenProduct/Toewijzingsdatum', 'Toewijzingsdatum', e.assignedOn);
      storable(i, 'ToegewezenProduct/Ingangsdatum', 'Ingangsdatum', e.validFrom);
      storable(i, 'ToegewezenProduct/Einddatum', 'Einddatum', e.validUntil);
      if (e.validUntil !== undefined && e.validUntil < e.validFrom) at(i, 'Einddatum', `ToegewezenProduct: Einddatum ${e.validUntil} is before Ingangsdatum ${e.validFrom}`);
    } else if (e.kind === 'start') storable(i, 'StartProduct/Begindatum', 'Begindatum', e.startDate);
    else if (e.kind === 'stop') {
      storable(i, 'StopProduct/Begindatum', 'Begindatum', e.startDate);
      storable(i, 'StopProduct/Einddatum', 'Einddatum', e.endDate);
      if (e.endDate < e.startDate) at(i, 'Einddatum', `StopProduct: Einddatum ${e.endDate} is before Begindatum ${e.startDate}`);
    } else if (e.kind === 'request') storable(i, 'AangevraagdProduct/ToewijzingIngangsdatum', 'ToewijzingIngangsdatum', e.requestedStart);
  }
  return problems;
}

/**
 * One rejection for all problems of a file, on one line: the first problem's place in the fields,
 * every further one with its own line and path in the message (a sender fixes them all at once).
 */
function rejectionOf(file: string, rule: string, problems: readonly Problem[], more = 0): Rejection {
  const [first, ...rest] = [...problems].sort((a, b) => a.line - b.line);
  const also = rest.map((p) => `line ${p.line} ${p.path}: ${p.message}`);
  if (more > 0) also.push(`and more problems after these ${problems.length} (fix these and deliver the file again to see them)`);
  const message = also.length === 0 ? first!.message : `${first!.message}; also ${also.join('; ')}`;
  return { file, line: first!.line, path: first!.path, rule, message };
}

/** One event as a care_event row (EVENT_COLUMNS order). */
export function eventRow(e: CareEvent, sender: string, identification: string, sentOn: string, position: number): EventRow {
  return [
    sender, identification, sentOn, position, e.kind,
    e.municipality, e.provider, e.client.pseudonym, e.client.birthMonth, e.client.gender,
    e.client.pc4 ?? null, e.category, 'assignmentNumber' in e && e.assignmentNumber ? e.assignmentNumber : null,
    e.kind === 'start' || e.kind === 'stop' ? e.startDate : null, e.kind === 'stop' ? e.endDate : null,
    e.kind === 'stop' ? e.reason : e.kind === 'assignment' ? (e.changeReason ?? null) : null, e.kind === 'start' || e.kind === 'stop' ? e.status : null,
    e.kind === 'assignment' ? e.assignedOn : null, e.kind === 'assignment' ? e.validFrom : null,
    e.kind === 'assignment' ? (e.validUntil ?? null) : null, e.kind === 'request' ? e.requestedStart : null,
  ];
}

/**
 * Validates, checks and pseudonymises one message: its header and events, or the rejection with
 * every problem found (the first step of prepareMessage; the monitor benchmark uses it to make its
 * events the same way). `file` is the name as reported; what is returned carries it with the
 * message's own person data and any BSN left out (person-data.ts), as it may be shown and stored.
 */
export function readMessage(
  file: string,
  bytes: Uint8Array,
  scope: PrepareScope,
): { readonly ok: true; readonly file: string; readonly header: MessageHeader; readonly events: CareEvent[]; readonly root: XmlElement } | { readonly ok: false; readonly rejection: Rejection } {
  const v = validateMessage(bytes, { maxBytes: MAX_MESSAGE_BYTES, maxErrors: MAX_REPORTED + 1 });
  // the person data to leave out of the name: from the tree when there is one, else from the text
  const shown = redactName(file, v.ok ? personValuesOf(v.root) : personValues(decoder.decode(bytes)));
  if (!v.ok) {
    const errors = v.errors.slice(0, MAX_REPORTED).map((e) => ({ line: e.line, ...redact(e) }));
    return { ok: false, rejection: rejectionOf(shown, v.errors[0]!.rule, errors, v.errors.length - errors.length) };
  }
  const header = readHeader(v.root, v.messageType);
  const bsn = readBsn(v.root, v.messageType);
  const reading = readEvents(v.root, header, bsn === undefined ? '' : scope.pseudonymiser.pseudonym(bsn));
  const problems = [...extraChecks(v.root, header, reading.events, bsn, scope), ...reading.problems];
  if (problems.length > 0) return { ok: false, rejection: rejectionOf(shown, 'ijw-rule', problems) };
  return { ok: true, file: shown, header, events: reading.events, root: v.root };
}

/** Problems of one file reported at most (the rest are counted). */
const MAX_REPORTED = 20;
/** Lenient: a message that is not UTF-8 is refused by the validator; here it only has to be searched. */
const decoder = new TextDecoder('utf-8', { fatal: false });

/** Validates, checks, pseudonymises and flattens one message. `file` is the name reported (with person data left out) and stored. */
export function prepareMessage(file: string, bytes: Uint8Array, scope: PrepareScope): Outcome {
  const m = readMessage(file, bytes, scope);
  if (!m.ok) return m;
  const { header, events } = m;
  const idPlace = identificationPlace(m.root);
  const answer = readAnswer(m.root, header.type);
  const { sender, identification, sentOn } = header;
  const rows: EventRow[] = [];
  for (let i = 0; i < events.length; i++) rows.push(eventRow(events[i]!, sender, identification, sentOn, i));
  let eventCopy = '';
  const pseudonyms: string[] = [];
  for (const r of rows) {
    eventCopy += copyLine(r);
    if (!pseudonyms.includes(r[EVENT_PSEUDONYM] as string)) pseudonyms.push(r[EVENT_PSEUDONYM] as string);
  }
  return {
    ok: true,
    message: {
      file: m.file,
      key: messageKey(header),
      sender,
      identification,
      sentOn,
      type: header.type,
      receiver: header.receiver,
      // one-shot hashing (no Hash object per message); the same SHA-256 as before
      hash: hash('sha256', bytes, 'hex'),
      identificationLine: idPlace.line,
      identificationPath: idPlace.path,
      eventCount: rows.length,
      eventCopy,
      pseudonyms,
      ...(answer ? { answer } : {}),
    },
  };
}

/** The file name stored with a message (its base name; for a zip entry, the entry's). */
export const storedName = (file: string): string => path.basename(file);
