// Ingestion end to end on the official examples: verdicts, idempotency and privacy at the door.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { initWorkspace, openWorkspace, type Workspace } from '../src/app/workspace.ts';
import { expandInputs, ingestFiles, readSpilledErrors, removeSpilledErrors } from '../src/app/ingest.ts';
import { writeSummaryJson } from '../src/cli/ingest-commands.ts';
import { toJson } from '../src/cli/output.ts';
import { reach } from '../src/app/monitor.ts';
import { storeBatch } from '../src/app/ingest-store.ts';
import { Pseudonymiser } from '../src/ijw/pseudonym.ts';
import { dropTestSchemas, testDatabases } from './support/databases.ts';
import { tempDir } from './support/temp-dirs.ts';
import { IJW_EXAMPLES, haveIjwReference } from './support/ijw-reference.ts';

const examples = IJW_EXAMPLES;
const pseudonymiser = new Pseudonymiser('ingest-test-key-0123456789abcdef0123456789');
const now = () => new Date('2028-02-01T08:00:00Z');

afterAll(dropTestSchemas);

describe.runIf(haveIjwReference).each(testDatabases)('ingesting the official examples on $name', (database) => {
  let ws: Workspace;
  /** The values in the new workspace before any message came in. */
  let before: Set<string>;
  beforeAll(async () => {
    const target = await database.fresh();
    if (!target.url) (target as { dataDir?: string }).dataDir = tempDir('jeugdregie-ingest-');
    await initWorkspace(target, 'ingest-test', { regionId: 'amsterdam-amstelland' });
    ws = await openWorkspace(target, 'ingest-test');
    before = new Set((await databaseCells(ws)).map(cellKey));
  });
  afterAll(async () => ws?.close());

  it('accepts the valid examples and rejects the two invalid ones with file, line and path', async () => {
    const s = await ingestFiles(ws, await expandInputs([examples]), pseudonymiser, now);
    expect(s).toMatchObject({ accepted: 12, rejected: 2, duplicates: 0 });
    expect(s.errors.map((e) => path.basename(e.file)).sort()).toEqual(['JW315.xml', 'JW318.xml']);
    const e315 = s.errors.find((e) => e.file.endsWith('JW315.xml'))!;
    expect(e315.line).toBeGreaterThan(0);
    expect(e315.path).toMatch(/AangevraagdProduct/);
    expect(e315.message).toMatch(/2027-06-31/);
    // The example JW319 refuses a request (answer 1) for the residence principle (reason 8): kept per provider, no client.
    const answers = await sql<{ provider: string; answer: string; reason: string }>`select provider, answer, reason from request_answer`.execute(ws.store.db);
    expect(answers.rows).toEqual([{ provider: '65656055', answer: '1', reason: '8' }]);
  });

  it('commits its batches lazily but leaves the connection committing durably, as everything else expects', async () => {
    // storeBatch turns synchronous_commit off for its own transaction only (set_config(…, true))
    expect(await storeBatch(ws, [], new Date().toISOString(), false)).toEqual({ accepted: 0, duplicates: 0, reused: [] });
    const r = await sql<{ synchronous_commit: string }>`show synchronous_commit`.execute(ws.store.db);
    expect(r.rows[0]!.synchronous_commit).toBe('on');
  });

  it('counts a second delivery as a duplicate and leaves every figure unchanged', async () => {
    const before = await reach(ws, { from: '2026-01-01', to: '2026-12-31' }, ['municipality', 'care_form']);
    const s = await ingestFiles(ws, await expandInputs([examples]), pseudonymiser, now);
    expect(s).toMatchObject({ accepted: 0, duplicates: 12, rejected: 2 });
    expect(await reach(ws, { from: '2026-01-01', to: '2026-12-31' }, ['municipality', 'care_form'])).toEqual(before);
    expect(before).toEqual([{ group: { municipality: '0363', care_form: '55' }, uniqueYouth: 1, starts: 2, stops: 2, stopsByReason: { '31': 2 }, inCareEnd: 0 }]);
  });

  it('rejects a different message that reuses an identification', async () => {
    const dir = tempDir('jeugdregie-reuse-');
    const text = fs.readFileSync(path.join(examples, 'JW305.xml'), 'utf8').replace('2026-04-03', '2026-04-06');
    fs.writeFileSync(path.join(dir, 'reused.xml'), text);
    const s = await ingestFiles(ws, await expandInputs([dir]), pseudonymiser, now);
    expect(s.rejected).toBe(1);
    expect(s.errors[0]!.message).toMatch(/already used by a different message/);
    // where: the line of BerichtIdentificatie in the file
    const line = text.split('\n').findIndex((l) => l.includes('BerichtIdentificatie>')) + 1;
    expect(line).toBeGreaterThan(1);
    expect(s.errors[0]).toMatchObject({ file: expect.stringMatching(/reused\.xml$/), line, path: '/Bericht/Header/BerichtIdentificatie' });
  });

  it('sorts out a copy and a reused identification inside one delivery, in file order', async () => {
    const dir = tempDir('jeugdregie-one-batch-');
    const fresh = fs.readFileSync(path.join(examples, 'JW305.xml'), 'utf8').replace('>123456789012<', '>NEW-IN-BATCH<');
    fs.writeFileSync(path.join(dir, 'a-new.xml'), fresh);
    fs.writeFileSync(path.join(dir, 'b-copy.xml'), fresh);
    fs.writeFileSync(path.join(dir, 'c-other.xml'), fresh.replace('2026-04-03', '2026-04-07'));
    fs.writeFileSync(path.join(dir, 'd-copy.xml'), fresh);
    const s = await ingestFiles(ws, await expandInputs([dir]), pseudonymiser, now);
    expect(s).toMatchObject({ accepted: 1, duplicates: 2, rejected: 1 });
    expect(s.errors.map((e) => path.basename(e.file))).toEqual(['c-other.xml']);
    const again = await ingestFiles(ws, await expandInputs([dir]), pseudonymiser, now);
    expect(again).toMatchObject({ accepted: 0, duplicates: 3, rejected: 1 });
  });

  it.skipIf(process.platform === 'win32')('follows symbolic links to files and folders, and reports a broken one', async () => {
    const dir = tempDir('jeugdregie-links-');
    const text = fs.readFileSync(path.join(examples, 'JW305.xml'), 'utf8');
    const elsewhere = tempDir('jeugdregie-links-target-');
    fs.writeFileSync(path.join(elsewhere, 'in-linked-folder.xml'), text.replace('>123456789012<', '>LINKED-DIR<'));
    fs.writeFileSync(path.join(elsewhere, 'target.xml'), text.replace('>123456789012<', '>LINKED-FILE<'));
    fs.symlinkSync(elsewhere, path.join(dir, 'folder-link'));
    fs.symlinkSync(path.join(elsewhere, 'target.xml'), path.join(dir, 'file-link.xml'));
    fs.symlinkSync(path.join(elsewhere, 'nothing-here.xml'), path.join(dir, 'broken-link.xml'));
    const s = await ingestFiles(ws, await expandInputs([dir]), pseudonymiser, now);
    // the linked folder holds both files; file-link.xml is the same message as folder-link/target.xml
    expect(s).toMatchObject({ accepted: 2, duplicates: 1, rejected: 1 });
    expect(path.basename(s.errors[0]!.file)).toBe('broken-link.xml');
    expect(s.errors[0]!.message).toMatch(/cannot be opened.*broken link/);
  });

  it('keeps the first errors in memory, spills the rest to a file, and the JSON summary lists them all in order', async () => {
    const dir = tempDir('jeugdregie-many-errors-');
    const text = fs.readFileSync(path.join(examples, 'JW305.xml'), 'utf8');
    for (let i = 0; i < 7; i++) fs.writeFileSync(path.join(dir, `bad-${i}.xml`), text.replace('2026-04-03', `2026-02-3${i}`));
    // a file name with a line separator (U+2028), which JSON leaves unescaped: the layout must not break on it
    fs.renameSync(path.join(dir, 'bad-5.xml'), path.join(dir, 'bad-5\u2028x.xml'));
    const all = await ingestFiles(ws, await expandInputs([dir]), pseudonymiser, now);
    expect(all.errors).toHaveLength(7);
    expect(all.moreErrors).toBeUndefined();
    const some = await ingestFiles(ws, await expandInputs([dir]), pseudonymiser, now, undefined, { errorsKept: 3 });
    expect(some).toMatchObject({ rejected: 7 });
    expect(some.errors).toEqual(all.errors.slice(0, 3));
    // every rejection of both runs is recorded, in order, without person data
    const recorded = await sql<{ source_file: string; rule: string; message: string }>`
      select source_file, rule, message from ijw_rejection where source_file like ${dir + '%'} order by id`.execute(ws.store.db);
    expect(recorded.rows.map((r) => [r.source_file, r.message])).toEqual([...all.errors, ...all.errors].map((e) => [e.file, e.message]));
    const spilled: unknown[] = [];
    for await (const e of readSpilledErrors(some)) spilled.push(e);
    expect(spilled).toEqual(all.errors.slice(3));
    for (const s of [some, { ...some, errors: [] }]) {
      let out = '';
      await writeSummaryJson(s, { out: (t) => (out += t), err: () => undefined });
      const expected = s.errors.length === 0 ? all.errors.slice(3) : all.errors;
      expect(out).toBe(toJson({ accepted: 0, rejected: 7, duplicates: 0, errors: expected }) + '\n');
    }
    // the spill file has no name on disk (removed at once), so nothing is left behind if the process dies
    if (process.platform !== 'win32') expect(fs.existsSync(some.moreErrors!.path)).toBe(false);
    expect(some.moreErrors!.count).toBe(4);
    removeSpilledErrors(some);
  });

  it('stores no BSN, name, street, place, phone, e-mail, comment, birth date or full postcode anywhere in the database', async () => {
    const secrets = personDataOf(fs.readdirSync(examples).filter((f) => f.endsWith('.xml')).map((f) => fs.readFileSync(path.join(examples, f), 'utf8')));
    // the examples' person data, found by element name: a test that finds nothing to look for proves nothing
    expect(new Set(secrets.map((x) => x.value.toLowerCase())).size).toBeGreaterThanOrEqual(15);
    for (const kind of ['Bsn', 'Achternaam', 'Voornamen', 'Straatnaam', 'Plaatsnaam', 'Emailadres', 'Telefoonnummer', 'Postcode', 'Geboortedatum', 'Commentaar']) {
      expect(secrets.some((x) => x.element === kind), kind).toBe(true);
    }
    expect(secrets.map((x) => x.value)).toEqual(expect.arrayContaining(['999900006', '999900018', 'Bakker', 'Vries', 'Kerklaan', 'def@abc.com', '0707654321']));
    const cells = await databaseCells(ws);
    expect(cells.map((c) => c.table)).toEqual(expect.arrayContaining(['ijw_message', 'care_event', 'trajectory', 'ijw_rejection']));
    expect(cells.reduce((n, c) => n + c.text.length, 0)).toBeGreaterThan(1000);
    // the rejected messages (the two invalid examples and the ones made above) are in the dump too
    const rejected = cells.filter((c) => c.table === 'ijw_rejection' && c.column === 'source_file').map((c) => path.basename(c.text));
    expect(rejected).toEqual(expect.arrayContaining(['JW315.xml', 'JW318.xml', 'reused.xml', 'c-other.xml']));
    const found: string[] = [];
    for (const { element, value } of secrets) {
      // as a whole word, in any case ("Wit" is a surname; "assignmentWithout…" is not it)
      const word = new RegExp(`(^|[^\\p{L}\\p{N}])${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}\\p{N}])`, 'iu');
      for (const c of cells) {
        // a cell that was there before any message came in (the region's configuration, with its
        // municipality names such as Amsterdam) did not come from a message
        if (word.test(c.text) && !before.has(cellKey(c))) found.push(`${element} "${value}" in ${c.table}.${c.column}: ${c.text.slice(0, 160)}`);
      }
    }
    expect(found).toEqual([]);
    // what the monitor does keep: the 4-digit area of a postcode and the birth month
    const postcode = secrets.find((x) => x.element === 'Postcode')!.value;
    const birth = secrets.find((x) => x.element === 'Geboortedatum')!.value;
    expect(cells.some((c) => c.table === 'care_event' && c.column === 'birth_month' && c.text === birth.slice(0, 7))).toBe(true);
    expect(cells.some((c) => c.table === 'care_event' && c.column === 'pc4' && c.text === postcode.slice(0, 4))).toBe(true);
  });
});

/**
 * The person data in iJw messages, by element: BSN, names, address, place, phone, e-mail, free text,
 * full postcode and birth date. House numbers and letters are left out, and so is every value shorter
 * than 3 characters (initials, "de"): too short to search for without false hits.
 */
function personDataOf(messages: readonly string[]): { element: string; value: string }[] {
  const found = new Map<string, { element: string; value: string }>();
  const add = (element: string, value: string) => {
    const v = value.trim();
    if (v.length >= 3) found.set(`${element}|${v}`, { element, value: v });
  };
  const elements = 'Bsn|Achternaam|Voornamen|Voorletters|Partnernaam|Straatnaam|HuisnummerToevoeging|Plaatsnaam|Emailadres|Telefoonnummer|Postcode|Commentaar';
  for (const xml of messages) {
    // (?=<): the closing '<' is not consumed, or the element right after an empty-text one (Partnernaam
    // → Achternaam "Vries") would be skipped
    for (const m of xml.matchAll(new RegExp(`<(?:[\\w.-]+:)?(${elements})(?:\\s[^>]*)?>([^<]*)(?=<)`, 'g'))) add(m[1]!, m[2]!);
    for (const m of xml.matchAll(/<(?:[\w.-]+:)?Geboortedatum(?:\s[^>]*)?>\s*<(?:[\w.-]+:)?Datum(?:\s[^>]*)?>([^<]*)</g)) add('Geboortedatum', m[1]!);
  }
  return [...found.values()];
}

/** One non-null value in the database, as text, with where it is. */
interface Cell {
  readonly table: string;
  readonly column: string;
  readonly text: string;
}

const cellKey = (c: Cell): string => JSON.stringify([c.table, c.column, c.text]);

/** Every non-null value of every column (of any type, as text) of every table in the workspace's schema. */
async function databaseCells(ws: Workspace): Promise<Cell[]> {
  const columns = await sql<{ table_name: string; column_name: string }>`
    select c.table_name, c.column_name from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
     where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
     order by c.table_name, c.ordinal_position`.execute(ws.store.db);
  const byTable = new Map<string, string[]>();
  for (const r of columns.rows) byTable.set(r.table_name, [...(byTable.get(r.table_name) ?? []), r.column_name]);
  const cells: Cell[] = [];
  for (const [table, names] of byTable) {
    const list = names.map((n, i) => `"${n}"::text as c${i}`).join(', ');
    const rows = await sql.raw<Record<string, string | null>>(`select ${list} from "${table}"`).execute(ws.store.db);
    for (const row of rows.rows) {
      names.forEach((column, i) => {
        const text = row[`c${i}`];
        if (text != null) cells.push({ table, column, text });
      });
    }
  }
  return cells;
}
