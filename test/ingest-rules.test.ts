// The checks ingest makes on top of the XSD (extraChecks in src/app/ingest-prepare.ts): the BSN's
// eleven-test and the date order of StopProduct and ToegewezenProduct. Each takes a valid official
// example, changes only the value concerned (and the identification, so it is no duplicate) and
// ingests it next to an untouched official example.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { initWorkspace, openWorkspace, type Workspace } from '../src/app/workspace.ts';
import { expandInputs, ingestFiles } from '../src/app/ingest.ts';
import { Pseudonymiser } from '../src/ijw/pseudonym.ts';
import { dropTestSchemas, testDatabases } from './support/databases.ts';
import { tempDir } from './support/temp-dirs.ts';
import { IJW_EXAMPLES, haveIjwReference } from './support/ijw-reference.ts';

const examples = IJW_EXAMPLES;
const pseudonymiser = new Pseudonymiser('ingest-rules-test-key-0123456789abcdef0123');
const now = () => new Date('2028-02-01T08:00:00Z');

afterAll(dropTestSchemas);

/** The official example `type`.xml with `from` replaced by `to` (which must occur) and a new identification. */
function changed(type: string, identification: string, from: string | RegExp, to: string): string {
  const text = fs.readFileSync(path.join(examples, `${type}.xml`), 'utf8');
  expect(text).toMatch(from);
  expect(text).toContain('>123456789012<');
  return text.replace('>123456789012<', `>${identification}<`).replace(from, to);
}

describe.runIf(haveIjwReference).each(testDatabases)('ingest checks on top of the XSD on $name', (database) => {
  let ws: Workspace;
  beforeAll(async () => {
    const target = await database.fresh();
    if (!target.url) (target as { dataDir?: string }).dataDir = tempDir('jeugdregie-ingest-rules-');
    await initWorkspace(target, 'ingest-rules-test', { regionId: 'amsterdam-amstelland' });
    ws = await openWorkspace(target, 'ingest-rules-test');
  });
  afterAll(async () => ws?.close());

  const eventCount = async (identification: string): Promise<number> => {
    const r = await sql<{ n: string | number }>`select count(*) as n from care_event where identification = ${identification}`.execute(ws.store.db);
    return Number(r.rows[0]!.n);
  };

  /** Ingests `bad` (file bad.xml) next to the untouched official example `good`; returns the one error. */
  async function ingestNextToValid(bad: string, good: string) {
    const dir = tempDir('jeugdregie-rule-');
    fs.writeFileSync(path.join(dir, 'bad.xml'), bad);
    fs.copyFileSync(path.join(examples, `${good}.xml`), path.join(dir, `${good}.xml`));
    const s = await ingestFiles(ws, await expandInputs([dir]), pseudonymiser, now);
    expect(s).toMatchObject({ accepted: 1, rejected: 1, duplicates: 0 });
    expect(s.errors).toHaveLength(1);
    const e = s.errors[0]!;
    expect(e.file).toBe(path.join(dir, 'bad.xml'));
    expect(e.line).toBeGreaterThan(0);
    return e;
  }

  it.each(['999900007', '999912345'])('rejects a BSN that fails the eleven-test (%s), without repeating it', async (bsn) => {
    const identification = `RULE-${bsn.slice(-5)}`;
    const e = await ingestNextToValid(changed('JW305', identification, '>999900006<', `>${bsn}<`), bsn === '999900007' ? 'JW302' : 'JW316');
    expect(e.path).toMatch(/\/Client\/Bsn$/);
    expect(e.message).toMatch(/eleven-test/);
    expect(e.message).not.toContain(bsn);
    expect(e.line).toBe(19); // the line of <jw305:Bsn> in the example
    expect(await eventCount(identification)).toBe(0);
    const stored = await sql<{ message: string; path: string }>`select message, path from ijw_rejection where source_file = ${e.file}`.execute(ws.store.db);
    expect(stored.rows).toEqual([{ message: e.message, path: e.path }]);
  });

  it('rejects a StopProduct (JW307) whose Einddatum is before its Begindatum', async () => {
    // the first StopProduct begins on 2026-04-03 and ends on 2026-07-17; now it ends the day before it begins
    const bad = changed('JW307', 'RULE-STOP', '<jw307:Einddatum>2026-07-17</jw307:Einddatum>', '<jw307:Einddatum>2026-04-02</jw307:Einddatum>');
    const e = await ingestNextToValid(bad, 'JW305');
    expect(e.path).toBe('/Bericht/Client/StopProducten/StopProduct[1]/Einddatum');
    expect(e.message).toMatch(/StopProduct: Einddatum 2026-04-02 is before Begindatum 2026-04-03/);
    expect(e.line).toBe(bad.split('\n').findIndex((l) => l.includes('2026-04-02')) + 1);
    // neither the bad StopProduct nor the good one of the same message is stored
    expect(await eventCount('RULE-STOP')).toBe(0);
  });

  it('rejects a ToegewezenProduct (JW301) whose Einddatum is before its Ingangsdatum', async () => {
    // the second ToegewezenProduct is valid from 2026-04-01 to 2026-07-19; now it ends before it starts
    const bad = changed('JW301', 'RULE-TOEW', '<jw301:Einddatum>2026-07-19</jw301:Einddatum>', '<jw301:Einddatum>2026-03-31</jw301:Einddatum>');
    const e = await ingestNextToValid(bad, 'JW307');
    expect(e.path).toBe('/Bericht/Client/ToegewezenProducten/ToegewezenProduct[2]/Einddatum');
    expect(e.message).toMatch(/ToegewezenProduct: Einddatum 2026-03-31 is before Ingangsdatum 2026-04-01/);
    expect(e.line).toBe(bad.split('\n').findIndex((l) => l.includes('2026-03-31')) + 1);
    expect(await eventCount('RULE-TOEW')).toBe(0);
  });

  it('accepts an Einddatum equal to the Begindatum (JW307) or the Ingangsdatum (JW301)', async () => {
    const dir = tempDir('jeugdregie-rule-equal-');
    fs.writeFileSync(path.join(dir, 'stop.xml'), changed('JW307', 'RULE-EQ-STOP', '<jw307:Einddatum>2026-07-17</jw307:Einddatum>', '<jw307:Einddatum>2026-04-03</jw307:Einddatum>'));
    fs.writeFileSync(path.join(dir, 'assign.xml'), changed('JW301', 'RULE-EQ-TOEW', '<jw301:Einddatum>2026-07-19</jw301:Einddatum>', '<jw301:Einddatum>2026-04-01</jw301:Einddatum>'));
    const s = await ingestFiles(ws, await expandInputs([dir]), pseudonymiser, now);
    expect(s).toMatchObject({ accepted: 2, rejected: 0, duplicates: 0 });
    expect(s.errors).toEqual([]);
    expect(await eventCount('RULE-EQ-STOP')).toBe(2);
    expect(await eventCount('RULE-EQ-TOEW')).toBe(2);
    const stop = await sql<{ start_date: string; end_date: string }>`
      select start_date::text as start_date, end_date::text as end_date from care_event where identification = 'RULE-EQ-STOP' order by position`.execute(ws.store.db);
    expect(stop.rows[0]).toEqual({ start_date: '2026-04-03', end_date: '2026-04-03' });
  });
});
