// `jeugdregie ingest`: read iJw messages from files and folders, validate them as strictly as the
// XSDs, check the BSN and date order, pseudonymise at the door and store what the monitor needs.
// A rejected message is reported (file, line, path, rule) and nothing of its person data is kept;
// the other messages go on. A second delivery of a message is a duplicate and changes nothing.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { sql } from 'kysely';
import type { CareEvent } from '../domain/care-events.ts';
import { isValidBsn } from '../ijw/bsn.ts';
import { extractEvents, messageKey, readBsn, readHeader } from '../ijw/extract-events.ts';
import { Pseudonymiser } from '../ijw/pseudonym.ts';
import { validateMessage, type ValidationError } from '../ijw/validator.ts';
import type { Workspace } from './workspace.ts';
import { planInputs, type Plan } from './ingest-sources.ts';

export { IngestInputError } from './ingest-sources.ts';

/** Files to read (for tests and callers that want a list): see planInputs. */
export async function expandInputs(inputs: readonly string[]): Promise<Plan> {
  return planInputs(inputs, MAX_MESSAGE_BYTES);
}

export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
const BATCH = 1000;

export interface IngestError {
  readonly file: string;
  readonly line: number;
  readonly path: string;
  readonly message: string;
}

export interface IngestSummary {
  accepted: number;
  rejected: number;
  duplicates: number;
  errors: IngestError[];
}

/** Elements whose values are person data: an error about them never repeats the value. */
const PERSONAL = /(Bsn|Naam|Achternaam|Voornamen|Voorletters|Voorvoegsel|Partnernaam|Geboortedatum|Adres|Straatnaam|Huisnummer|Huisletter|HuisnummerToevoeging|Postcode|Plaatsnaam|Telefoon|Telefoonnummer|Emailadres|Commentaar|Relatie)/;

function redact(e: ValidationError): { path: string; message: string; value?: string } {
  if (e.value !== undefined && PERSONAL.test(e.path)) {
    return { path: e.path, message: e.message.split(e.value).join('«weggelaten»') };
  }
  return { path: e.path, message: e.value !== undefined && !e.message.includes(e.value) ? `${e.message} (value "${e.value}")` : e.message };
}

interface Prepared {
  readonly file: string;
  readonly key: string;
  readonly header: ReturnType<typeof readHeader>;
  readonly hash: string;
  readonly events: CareEvent[];
}

/** Checks on top of the XSD that the monitor relies on: the eleven-test and date order. */
function extraChecks(events: readonly CareEvent[], bsn: string | undefined): string[] {
  const problems: string[] = [];
  if (bsn !== undefined && !isValidBsn(bsn)) problems.push('Client/Bsn: the BSN fails the eleven-test');
  for (const e of events) {
    if (e.kind === 'stop' && e.endDate < e.startDate) problems.push(`StopProduct: Einddatum ${e.endDate} is before Begindatum ${e.startDate}`);
    if (e.kind === 'assignment' && e.validUntil !== undefined && e.validUntil < e.validFrom) {
      problems.push(`ToegewezenProduct: Einddatum ${e.validUntil} is before Ingangsdatum ${e.validFrom}`);
    }
  }
  return problems;
}

export async function ingestFiles(
  ws: Workspace,
  plan: Plan,
  pseudonymiser: Pseudonymiser,
  now: () => Date,
  onProgress?: (done: number, total: number) => void,
): Promise<IngestSummary> {
  const summary: IngestSummary = { accepted: 0, rejected: 0, duplicates: 0, errors: [] };
  const reject = async (file: string, line: number, p: string, rule: string, message: string) => {
    summary.rejected++;
    summary.errors.push({ file, line, path: p, message });
    await ws.store.db.insertInto('ijw_rejection').values({ source_file: file, line, path: p, rule, message, received_at: now().toISOString() }).execute();
  };
  let batch: Prepared[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const current = batch;
    batch = [];
    await storeBatch(ws, current, summary, now, reject);
  };
  let done = 0;
  for await (const item of plan.items) {
    done++;
    if (!item.ok) {
      await reject(item.name, 0, '', 'input', item.message);
      continue;
    }
    const file = item.source.name;
    const bytes = await item.source.read();
    const v = validateMessage(bytes, { maxBytes: MAX_MESSAGE_BYTES });
    if (!v.ok) {
      const first = v.errors[0]!;
      const r = redact(first);
      const more = v.errors.length > 1 ? ` (and ${v.errors.length - 1} more problem${v.errors.length > 2 ? 's' : ''})` : '';
      await reject(file, first.line, r.path, first.rule, r.message + more);
      continue;
    }
    const header = readHeader(v.root, v.messageType);
    const bsn = readBsn(v.root);
    const events = extractEvents(v.root, header, bsn === undefined ? '' : pseudonymiser.pseudonym(bsn));
    const problems = extraChecks(events, bsn);
    if (problems.length > 0) {
      await reject(file, 0, problems[0]!.split(':')[0]!, 'ijw-rule', problems.join('; '));
      continue;
    }
    batch.push({ file, key: messageKey(header), header, hash: createHash('sha256').update(bytes).digest('hex'), events });
    if (batch.length >= BATCH) await flush();
    onProgress?.(done, plan.total);
  }
  await flush();
  onProgress?.(plan.total, plan.total);
  return summary;
}

async function storeBatch(
  ws: Workspace,
  batch: readonly Prepared[],
  summary: IngestSummary,
  now: () => Date,
  reject: (file: string, line: number, p: string, rule: string, message: string) => Promise<void>,
): Promise<void> {
  const late: { file: string; message: string }[] = [];
  await ws.store.db.transaction().execute(async (trx) => {
    // One ingest at a time per database: concurrent ingests of overlapping folders then see each
    // other's messages and count them as duplicates, never twice.
    await sql`select pg_advisory_xact_lock(4242002)`.execute(trx);
    const senders = [...new Set(batch.map((b) => b.header.sender))];
    const existing = await trx
      .selectFrom('ijw_message')
      .select(['sender', 'identification', 'sent_on', 'content_hash'])
      .where('sender', 'in', senders)
      .where('identification', 'in', [...new Set(batch.map((b) => b.header.identification))])
      .execute();
    const known = new Map(existing.map((e) => [`${e.sender}|${e.identification}|${String(e.sent_on).slice(0, 10)}`, e.content_hash]));
    const fresh: Prepared[] = [];
    for (const b of batch) {
      const hash = known.get(b.key);
      if (hash !== undefined) {
        if (hash === b.hash) summary.duplicates++;
        else late.push({ file: b.file, message: `message identification ${b.header.identification} of ${b.header.sender} (${b.header.sentOn}) was already used by a different message` });
        continue;
      }
      known.set(b.key, b.hash);
      fresh.push(b);
    }
    // Multi-row inserts: one statement per table and chunk instead of one per message.
    const receivedAt = now().toISOString();
    const messages = fresh.map((b) => ({
      sender: b.header.sender,
      identification: b.header.identification,
      sent_on: b.header.sentOn,
      message_type: b.header.type,
      receiver: b.header.receiver,
      content_hash: b.hash,
      source_file: path.basename(b.file),
      received_at: receivedAt,
    }));
    for (let i = 0; i < messages.length; i += 1000) await trx.insertInto('ijw_message').values(messages.slice(i, i + 1000)).execute();
    const events = fresh.flatMap((b) =>
      b.events.map((e, position) => ({
        sender: b.header.sender,
        identification: b.header.identification,
        sent_on: b.header.sentOn,
        position,
        kind: e.kind,
        municipality: e.municipality,
        provider: e.provider,
        pseudonym: e.client.pseudonym,
        birth_month: e.client.birthMonth,
        gender: e.client.gender,
        pc4: e.client.pc4 ?? null,
        category: e.category,
        assignment_number: 'assignmentNumber' in e && e.assignmentNumber ? e.assignmentNumber : null,
        start_date: e.kind === 'start' || e.kind === 'stop' ? e.startDate : null,
        end_date: e.kind === 'stop' ? e.endDate : null,
        reason: e.kind === 'stop' ? e.reason : null,
        status: e.kind === 'start' || e.kind === 'stop' ? e.status : null,
        assigned_on: e.kind === 'assignment' ? e.assignedOn : null,
        valid_from: e.kind === 'assignment' ? e.validFrom : null,
        valid_until: e.kind === 'assignment' ? (e.validUntil ?? null) : null,
        requested_start: e.kind === 'request' ? e.requestedStart : null,
      })),
    );
    for (let i = 0; i < events.length; i += 2000) await trx.insertInto('care_event').values(events.slice(i, i + 2000)).execute();
    // The young people whose trajectories must be rebuilt (see trajectory-store.ts); in the same
    // transaction as their events, so a killed ingest never leaves figures behind its events.
    const touched = [...new Set(events.map((e) => e.pseudonym))].map((pseudonym) => ({ pseudonym }));
    for (let i = 0; i < touched.length; i += 5000) {
      await trx.insertInto('trajectory_dirty').values(touched.slice(i, i + 5000)).onConflict((oc) => oc.column('pseudonym').doNothing()).execute();
    }
    summary.accepted += fresh.length;
  });
  for (const l of late) await reject(l.file, 0, '/Bericht/Header/BerichtIdentificatie', 'identification-reused', l.message);
}
