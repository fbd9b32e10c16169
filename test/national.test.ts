// The national comparison [issue 15 "The national comparison (CBS StatLine)"]: StatLine tables in
// their published formats — the OData TypedDataSet JSON and the CSV download — built here, imported
// all or nothing, and our counts beside CBS's per municipality for the same half year, with what
// others than the region see.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { initWorkspace, openWorkspace, type Workspace } from '../src/app/workspace.ts';
import { importStatlineFile, nationalComparison, populationTable } from '../src/app/national.ts';
import { goalsView } from '../src/app/goals.ts';
import { submitBijFile } from '../src/app/bij.ts';
import { operator, type Viewer } from '../src/domain/access/viewer.ts';
import { Refusal } from '../src/domain/errors.ts';
import { readStatlineRows, statlinePeriod } from '../src/domain/statline.ts';
import { loadShippedRegion } from '../src/config/region-file.ts';
import { testBsns } from '../src/demo/persons.ts';
import { Pseudonymiser } from '../src/ijw/pseudonym.ts';
import { dropTestSchemas, testDatabases } from './support/databases.ts';
import { tempDir } from './support/temp-dirs.ts';

afterAll(dropTestSchemas);
const files = tempDir('jeugdregie-statline-');
const region = operator('statline-test');
const keyed = new Pseudonymiser('s'.repeat(40));
const BSN = testBsns().slice(0, 100);

/** A TypedDataSet as opendata.cbs.nl serves it: dimension keys padded, a breakdown, the country, a secret value. */
function typedDataSet(): string {
  const rows: Record<string, unknown>[] = [];
  let id = 0;
  for (const [regio, h1, h2] of [['NL01      ', 600000, 610000], ['GM0363    ', 30, 31], ['GM0362    ', 12, null], ['GM0358    ', 7, 8], ['GM0384    ', 5, 5], ['GM0437    ', 3, 2], ['GM0451    ', 9, 9]] as const) {
    for (const [verwijzer, factor] of [['T001070', 1], ['A041329', 0.5]] as const) {
      rows.push({ ID: id++, Verwijzer: verwijzer, RegioS: regio, Perioden: '2028HJ01', TotaalJeugdhulptrajecten_1: Math.round(h1 * factor), BegonnenTrajecten_2: 1 });
      rows.push({ ID: id++, Verwijzer: verwijzer, RegioS: regio, Perioden: '2028HJ02', TotaalJeugdhulptrajecten_1: h2 === null ? null : Math.round(h2 * factor), BegonnenTrajecten_2: 1 });
    }
  }
  return JSON.stringify({ 'odata.metadata': 'https://opendata.cbs.nl/ODataApi/OData/85097NED/$metadata#Cbs.OData.WebAPI.TypedDataSet', value: rows });
}

describe('reading StatLine tables', () => {
  it('reads periods in code and label form', () => {
    expect(statlinePeriod('2028HJ01')).toBe('2028-H1');
    expect(statlinePeriod('2028HJ02')).toBe('2028-H2');
    expect(statlinePeriod('2028JJ00')).toBe('2028');
    expect(statlinePeriod('2028 1e halfjaar*')).toBe('2028-H1');
    expect(statlinePeriod('2028 tweede halfjaar')).toBe('2028-H2');
    expect(statlinePeriod('2028KW01')).toBeUndefined();
  });

  it('refuses what it cannot read without guessing, naming what to do', async () => {
    const municipalities = (await loadShippedRegion('amsterdam-amstelland')).municipalities;
    const rows = JSON.parse(typedDataSet()).value as Record<string, unknown>[];
    const two = readStatlineRows(rows, { municipalities });
    expect(two.ok).toBe(false);
    if (!two.ok) expect(two.problems[0]!.nl).toMatch(/kies er een met --measure: TotaalJeugdhulptrajecten_1, BegonnenTrajecten_2/);
    const bad = readStatlineRows(rows, { municipalities, measure: 'Nope' });
    expect(!bad.ok && bad.problems[0]!.nl).toMatch(/geen onderwerp "Nope"/);
    const filter = readStatlineRows(rows, { municipalities, measure: 'TotaalJeugdhulptrajecten_1', filters: { Verwijzer: 'X' } });
    expect(!filter.ok && filter.problems[0]!.nl).toMatch(/dimensie Verwijzer heeft geen waarde "X"/);
    const noTotal = readStatlineRows(rows.map((r) => ({ ...r, Verwijzer: r['Verwijzer'] === 'T001070' ? 'A1' : 'A2' })), { municipalities, measure: 'TotaalJeugdhulptrajecten_1' });
    expect(!noTotal.ok && noTotal.problems[0]!.nl).toMatch(/--filter Verwijzer=/);
    const noPeriod = readStatlineRows(rows.map(({ Perioden: _p, ...r }) => r), { municipalities, measure: 'TotaalJeugdhulptrajecten_1' });
    expect(!noPeriod.ok && noPeriod.problems[0]!.column).toBe('Perioden');
    const word = readStatlineRows([{ RegioS: 'GM0363', Perioden: '2028HJ01', A: 'veel' }, { RegioS: 'GM0362', Perioden: '2028HJ01', A: '3' }], { municipalities, measure: 'A' });
    expect(!word.ok && word.problems[0]).toMatchObject({ row: 2, column: 'A' });
  });
});

describe.each(testDatabases)('the national comparison on $name', (database) => {
  it('imports the published formats and sets our counts beside CBS’s', async () => {
    const target = await database.fresh();
    if (!target.url) (target as { dataDir?: string }).dataDir = path.join(tempDir('jeugdregie-statline-db-'), 'data');
    await initWorkspace(target, 'statline-test', { regionId: 'amsterdam-amstelland', demo: true });
    const ws: Workspace = await openWorkspace(target, 'statline-test', { now: () => new Date('2029-01-20T09:00:00Z') });
    try {
      // Ours: DEMO01 delivered 25 trajectories in Amsterdam for 2028-H1 (traffic: 27), 6 in Diemen.
      for (let i = 0; i < 27; i++)
        await sql`insert into trajectory (pseudonym, key, basis, municipality, provider, category, birth_month, gender, pc4, start_date)
          values (${keyed.pseudonym(BSN[i]!)}, ${'k' + i}, 'task', ${i < 21 ? '0363' : '0384'}, '99000001', '32', '2014-03', '2', ${i < 21 ? '1021' : '1111'}, '2028-01-01')`.execute(ws.store.db);
      const header = 'bsn,birth_date,gender,postcode,referrer,care_form,crisis,start_date,end_date,end_reason';
      const lines = BSN.slice(0, 25).map((b, i) => `${b},20140300,V,${i < 19 ? '1021AB' : '1111AB'},01,02,02,20280101,,`);
      fs.writeFileSync(path.join(files, 'bij.csv'), [header, ...lines].join('\n'));
      await submitBijFile(region, ws, path.join(files, 'bij.csv'), { provider: 'DEMO01', period: '2028-H1', pseudonym: (s) => keyed.pseudonym(s), asOf: '2028-07-15' });

      const json = path.join(files, '85097NED.json');
      fs.writeFileSync(json, typedDataSet());
      const r = await importStatlineFile(region, ws, json, { table: '85097ned', measure: 'TotaalJeugdhulptrajecten_1' });
      expect(r).toMatchObject({ table: '85097NED', measure: 'TotaalJeugdhulptrajecten_1', figures: 12, replaced: 0, skipped: 2 });
      // The CSV download of 85094NED (labels, ';', a decimal comma nowhere, the total breakdown only).
      const csv = path.join(files, '85094NED.csv');
      fs.writeFileSync(csv, ['RegioS;Perioden;TrajectenOpPeildatum_1', 'Amsterdam;2028 1e halfjaar;20', 'Diemen;2028 1e halfjaar;.', 'Nederland;2028 1e halfjaar;500000'].join('\r\n'));
      expect(await importStatlineFile(region, ws, csv, { table: '85094NED' })).toMatchObject({ figures: 2, skipped: 1 });

      const c = await nationalComparison(region, ws, '2028-H1');
      const t = c.tables.find((x) => x.table === '85097NED')!;
      expect(t.rows.find((x) => x.municipality === '0363')).toEqual({ municipality: '0363', cbs: '30', ours: '19', difference: '-11', trafficTrajectories: 21, youngPeople: 21 });
      expect(t.rows.find((x) => x.municipality === '0384')).toMatchObject({ cbs: '5', ours: '6', difference: '1' });
      expect(t.rows.find((x) => x.municipality === '')).toMatchObject({ cbs: '66', ours: '25' });
      expect(t.note).toMatch(/CBS telt trajecten/);
      // H2: Amstelveen's figure is secret at CBS: no region total either.
      const h2 = await nationalComparison(region, ws, '2028-H2');
      expect(h2.tables[0]!.rows.find((x) => x.municipality === '')!.cbs).toBeNull();
      const onDate = c.tables.find((x) => x.table === '85094NED')!;
      expect(onDate.rows.find((x) => x.municipality === '0384')).toMatchObject({ cbs: null, ours: '6' });

      // A council of Ouder-Amstel sees its own municipality and the region only; its 0 stays 0.
      const council: Viewer = { role: 'council', municipality: '0437', login: 'raad' };
      const seen = await nationalComparison(council, ws, '2028-H1');
      expect(seen.tables[0]!.rows.map((x) => x.municipality)).toEqual(['0437', '']);
      // A municipality with 6 of its own: the region less its own is 19 — shown; a provider the region only.
      const diemen: Viewer = { role: 'municipality', municipality: '0384', login: 'd' };
      expect((await nationalComparison(diemen, ws, '2028-H1')).tables[0]!.rows.find((x) => x.municipality === '')!.ours).toBe('25');
      const provider: Viewer = { role: 'provider', provider: 'DEMO02', login: 'p' };
      expect((await nationalComparison(provider, ws, '2028-H1')).tables[0]!.rows.map((x) => x.municipality)).toEqual(['']);
      // CBS's population table as published: per age, added up over 0 to 17 at the import; it replaces the region file's placeholders.
      const ages = Array.from({ length: 20 }, (_, a) => `${10010 + a * 100}`);
      const pop: Record<string, unknown>[] = [];
      for (const m of ['GM0358', 'GM0362', 'GM0363', 'GM0384', 'GM0437', 'GM0451'])
        for (const [i, age] of ages.entries()) pop.push({ ID: pop.length, Geslacht: 'T001038', Leeftijd: age, BurgerlijkeStaat: 'T001019', RegioS: `${m}    `, Perioden: '2028JJ00', BevolkingOp1Januari_1: m === 'GM0363' ? 9000 + i : 400 });
      fs.writeFileSync(path.join(files, '03759NED.json'), JSON.stringify({ value: pop }));
      const imported = await importStatlineFile(region, ws, path.join(files, '03759NED.json'), { table: '03759NED', measure: 'BevolkingOp1Januari_1', filters: { Leeftijd: ages.slice(0, 18).join('+') } });
      expect(imported.figures).toBe(6);
      const table = (await populationTable(ws))!;
      expect(table.placeholder).toBeUndefined();
      expect(table.source).toMatch(/^CBS StatLine 03759NED/);
      // Amsterdam: Σ 9000 + i for i = 0..17 = 162,153.
      expect(table.values.find((v) => v.municipality === '0363')).toEqual({ year: 2028, municipality: '0363', youngPeople: 162153 });
      const goals = await goalsView(region, ws);
      expect(goals.population).toEqual({ source: table.source, placeholder: false });
      expect(goals.kpis.find((k) => k.id === 'b-uithuisplaatsingen-per-1000')!.populationPlaceholder).toBe(false);
      // The comparison does not list the population table.
      expect((await nationalComparison(region, ws, '2028-H1')).tables.map((t) => t.table)).not.toContain('03759NED');
      // Ages that do not all add up are refused; so are two dimensions added at once.
      await expect(importStatlineFile(region, ws, path.join(files, '03759NED.json'), { table: '03759NED', measure: 'BevolkingOp1Januari_1', filters: { Leeftijd: '99999+10010' } })).rejects.toMatchObject({ code: 'IMPORT_REFUSED' });

      // Importing is the region team's; a bad file changes nothing.
      await expect(importStatlineFile(provider, ws, json, { table: '85097NED' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      fs.writeFileSync(path.join(files, 'bad.json'), '{"value": 3}');
      const refused = await importStatlineFile(region, ws, path.join(files, 'bad.json'), { table: '85097NED' }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(Refusal);
      expect((refused as Refusal).problems[0]!.text('nl')).toMatch(/geen lijst "value"/);
      await expect(importStatlineFile(region, ws, json, { table: '99999NED' })).rejects.toMatchObject({ code: 'STATLINE_TABLE_UNKNOWN' });
    } finally {
      await ws.close();
    }
  }, 240_000);
});
