// The reading after validation, end to end on both databases: XSD-valid messages whose values must be
// compared by their type, codes the standard does not allow where they stand, assignments that end
// or are deleted, municipalities outside the region, identifications that differ only in white space,
// and file names that carry person data. What the monitor then shows is the test.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { initWorkspace, openWorkspace, type Workspace } from '../src/app/workspace.ts';
import { expandInputs, ingestFiles, type IngestSummary } from '../src/app/ingest.ts';
import { messageCounts, reach, timelinessFigures } from '../src/app/monitor.ts';
import { refreshTrajectories } from '../src/app/trajectory-store.ts';
import { Pseudonymiser } from '../src/ijw/pseudonym.ts';
import { dropTestSchemas, testDatabases } from './support/databases.ts';
import { tempDir } from './support/temp-dirs.ts';
import { assignment, nextId, person, rewrite, start, stop } from './support/messages.ts';

const pseudonymiser = new Pseudonymiser('ingest-reading-test-key-0123456789abcdef');
const now = () => new Date('2028-12-31T08:00:00Z');
const year = { from: '2028-01-01', to: '2028-12-31' };

afterAll(dropTestSchemas);

describe.each(testDatabases)('reading iJw messages after validation on $name', (database) => {
  let ws: Workspace;
  beforeEach(async () => {
    await ws?.close();
    const target = await database.fresh();
    if (!target.url) (target as { dataDir?: string }).dataDir = tempDir('jeugdregie-reading-');
    await initWorkspace(target, 'reading-test', { regionId: 'amsterdam-amstelland' });
    ws = await openWorkspace(target, 'reading-test');
  });
  afterAll(async () => ws?.close());

  /** Ingests the messages, each as its own file (name → text), in one delivery. */
  async function ingest(files: Record<string, string>): Promise<IngestSummary> {
    const dir = tempDir('jeugdregie-reading-in-');
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
    return ingestFiles(ws, await expandInputs([dir]), pseudonymiser, now);
  }
  const trajectories = async () => {
    await refreshTrajectories(ws);
    return (await sql<{ assignment_number: string | null; start_date: string; end_date: string | null; end_reason: string | null; assigned_on: string | null }>`
      select assignment_number, start_date::text as start_date, end_date::text as end_date, end_reason, assigned_on::text as assigned_on
      from trajectory order by start_date, assignment_number`.execute(ws.store.db)).rows;
  };

  it('links a start written 05000001 or +5000003 to its assignment 5000001 or 5000003', async () => {
    const s = await ingest({
      'a.xml': assignment('2028-02-01', [{ toewijzingNummer: 5000001 }, { toewijzingNummer: 5000003, categorie: '33' }]),
      's.xml': rewrite(rewrite(start('2028-02-10', [{ toewijzingNummer: 5000001 }, { toewijzingNummer: 5000003, categorie: '33' }]), 'ToewijzingNummer', '5000001', '05000001'), 'ToewijzingNummer', '5000003', '+5000003'),
    });
    expect(s).toMatchObject({ accepted: 2, rejected: 0 });
    // one trajectory per assignment, each with its decision (before: two more without one)
    expect((await trajectories()).map((t) => [t.assignment_number, t.assigned_on])).toEqual([['5000001', '2028-02-01'], ['5000003', '2028-02-01']]);
    const t = await timelinessFigures(ws, year, 30);
    expect(t.map((r) => r.assignmentsWithoutStart)).toEqual([0]);
  });

  it.each(['2', '9'])('refuses StatusAanlevering %s in a start or stop (CS058) and counts nothing of it', async (code) => {
    const s = await ingest({ 'bad-start.xml': start('2028-03-01', [{ statusAanlevering: code }]), 'bad-stop.xml': stop('2028-03-05', [{ statusAanlevering: code, begindatum: '2028-03-01' }]) });
    expect(s).toMatchObject({ accepted: 0, rejected: 2 });
    expect(s.errors.map((e) => e.path).sort()).toEqual(['/Bericht/Client/StartProducten/StartProduct[1]/StatusAanlevering', '/Bericht/Client/StopProducten/StopProduct[1]/StatusAanlevering']);
    expect(await reach(ws, year, ['municipality'])).toEqual([]);
    expect((await sql<{ n: string }>`select count(*)::text as n from care_event`.execute(ws.store.db)).rows[0]!.n).toBe('0');
  });

  it("ends care on its assignment's Einddatum, also when a later JW301 shortens it, without a stop message", async () => {
    await ingest({ 'a.xml': assignment('2028-02-01', [{ einddatum: '2028-12-31' }]), 's.xml': start('2028-02-10', [{ toewijzingNummer: 5000001 }]) });
    const before = await reach(ws, { from: '2028-06-01', to: '2028-06-30' }, ['municipality']);
    expect(before[0]).toMatchObject({ uniqueYouth: 1, inCareEnd: 1 });
    // the municipality ends the assignment at the end of April: the young person moved (JZ002 07 → JZ588 35)
    await ingest({ 'a2.xml': assignment('2028-04-20', [{ ingangsdatum: '2028-02-01', einddatum: '2028-04-30', redenWijziging: '07' }]) });
    expect(await trajectories()).toEqual([expect.objectContaining({ assignment_number: '5000001', start_date: '2028-02-10', end_date: '2028-04-30', end_reason: '35' })]);
    expect(await reach(ws, { from: '2028-06-01', to: '2028-06-30' }, ['municipality'])).toEqual([]);
    expect(await reach(ws, { from: '2028-04-01', to: '2028-04-30' }, ['municipality'])).toEqual([
      { group: { municipality: '0363' }, uniqueYouth: 1, starts: 0, stops: 1, stopsByReason: { '35': 1 }, inCareEnd: 1 },
    ]);
  });

  it('does not count an assignment deleted with RedenWijziging 13 as one without a start, and takes no facts from it', async () => {
    await ingest({ 'a.xml': assignment('2028-02-01', [{}]) });
    expect((await timelinessFigures(ws, year, 30)).map((r) => r.assignmentsWithoutStart)).toEqual([1]);
    await ingest({ 'd.xml': assignment('2028-02-03', [{ ingangsdatum: '2028-02-01', einddatum: '2028-02-01', redenWijziging: '13' }]) });
    expect(await timelinessFigures(ws, year, 30)).toEqual([]);
    await ingest({ 's.xml': start('2028-02-10', [{ toewijzingNummer: 5000001 }]) });
    expect(await trajectories()).toEqual([expect.objectContaining({ start_date: '2028-02-10', end_date: null, assigned_on: null })]);
  });

  it('refuses a message for a municipality outside the region with its reason, and never counts it', async () => {
    const s = await ingest({ 'weesp.xml': start('2028-03-01', [{}], { municipality: '0457' }), 'ok.xml': start('2028-03-01', [{}]) });
    expect(s).toMatchObject({ accepted: 1, rejected: 1 });
    expect(s.errors[0]).toMatchObject({ path: '/Bericht/Header/Ontvanger', message: expect.stringMatching(/municipality "0457" is not one of the region's/) });
    expect(s.errors[0]!.line).toBeGreaterThan(0);
    expect((await reach(ws, year, ['municipality'])).map((r) => r.group.municipality)).toEqual(['0363']);
    const counts = await messageCounts(ws, year);
    expect(counts.find((c) => c.messageType === 'JW305')!.messages).toBe(1);
    const rows = await sql<{ rule: string }>`select rule from ijw_rejection`.execute(ws.store.db);
    expect(rows.rows).toEqual([{ rule: 'ijw-rule' }]);
  });

  it('keeps identifications that differ only in white space apart: none is a reuse of another, none is empty', async () => {
    const id = nextId().slice(0, 8);
    const ids = [id, `${id} `, `${id}\u00A0`, `\uFEFF${id}`, '\u00A0'];
    const files = Object.fromEntries(ids.map((x, i) => [`m${i}.xml`, start('2028-03-01', [{ begindatum: `2028-03-0${i + 1}` }], { identificatie: x })]));
    const s = await ingest(files);
    expect(s).toMatchObject({ accepted: 5, rejected: 0, duplicates: 0 });
    // read between brackets: PGlite drops a byte-order mark at the start of a text value it returns
    const stored = await sql<{ identification: string }>`select '[' || identification || ']' as identification from ijw_message`.execute(ws.store.db);
    expect(stored.rows.map((r) => r.identification).sort()).toEqual(ids.map((x) => `[${x}]`).sort());
    // delivered again: five duplicates, not five reuses
    expect(await ingest(files)).toMatchObject({ accepted: 0, duplicates: 5, rejected: 0 });
  });

  it('stores and reports no part of a name that carries person data, for an accepted or a refused file', async () => {
    const surname = person.naam.achternaam;
    const s = await ingest({
      [`${surname}/JW305 ${person.bsn}.xml`]: start('2028-03-01', [{}]),
      [`${surname}/JW305 ${person.bsn} 20140517 kapot.xml`]: start('2028-03-02', [{}]).replace('</jw305:Client>', ''),
    });
    expect(s).toMatchObject({ accepted: 1, rejected: 1 });
    expect(JSON.stringify(s.errors)).not.toMatch(new RegExp(`${surname}|${person.bsn}|20140517`, 'i'));
    const stored = await sql<{ f: string }>`select source_file as f from ijw_message union all select source_file from ijw_rejection`.execute(ws.store.db);
    expect(stored.rows).toHaveLength(2);
    for (const r of stored.rows) expect(r.f).not.toMatch(new RegExp(`${surname}|${person.bsn}|20140517`, 'i'));
    expect(stored.rows.map((r) => path.basename(r.f)).sort()).toEqual(['JW305 «weggelaten» «weggelaten» kapot.xml', 'JW305 «weggelaten».xml']);
  });
});
