// The demo's CBS deliveries [issue 15 "Demo"]: for every half year the demo traffic covers, each
// provider's delivery as a CSV file in the protocol's fields, made from its traffic and delivered
// through the same import as a real one. Consistent with the traffic, with realistic gaps both ways:
// every provider leaves a few young people out and gets a few dates wrong; DEMO_BIJ_STORY.silent
// cares for many young people the traffic never shows (as a provider that sends almost no start
// and stop messages: the demo's traffic is fixed, so its delivery carries them); some providers
// deliver outcome fields; one delivers late and one not at all. Deterministic.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { operator } from '../domain/access/viewer.ts';
import { bijDeadline, bijPeriodEnd, bijPeriodName, bijPeriodStart, careFormOfCategory, endReasonOfStop, IJW_GENDER_TO_BIJ, recordOverlaps, type BijPeriod } from '../domain/bij.ts';
import { addDays } from '../domain/calendar.ts';
import { BIJ_COLUMNS, BIJ_OPTIONAL_COLUMNS } from '../domain/bij-import.ts';
import { testBsns, extendedBsns } from '../demo/persons.ts';
import { bijDeliveries } from '../store/bij-repository.ts';
import { trajectoriesOverlapping } from '../store/trajectory-repository.ts';
import { bijMappingOf, sourcesOf, submitBijFile } from './bij.ts';
import type { Workspace } from './workspace.ts';

export const DEMO_BIJ_STORY = {
  /** Its delivery holds many young people the traffic does not: it sends almost no start/stop messages. */
  silent: 'DEMO09',
  /** Delivers its first half year ten days after the deadline. */
  late: 'DEMO13',
  /** Does not deliver the second half year. */
  missing: 'DEMO11',
  /** Deliver satisfaction and "continues without help" for ended records. */
  outcomeFields: ['DEMO01', 'DEMO02', 'DEMO03', 'DEMO04', 'DEMO05', 'DEMO06'],
} as const;

/** A stable number 0–999 from a text (FNV-1a): the demo's only "randomness". */
function permille(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % 1000;
}

const csvLine = (cells: readonly string[]) => cells.join(',') + '\n';

/**
 * Delivers the demo's CBS files for the half years up to `trafficTo` (each must have ended then).
 * Does nothing when a delivery exists. Gives the number of deliveries.
 */
export async function populateDemoBij(ws: Workspace, trafficFrom: string, trafficTo: string, pseudonym: (bsn: string) => string, say: (line: string) => void): Promise<number> {
  if ((await bijDeliveries(ws.store.db)).length > 0) return 0;
  const state = await ws.engine.state();
  const providerOf = new Map<string, string>();
  for (const p of Object.values(state.providers)) for (const agb of p.agbCodes) providerOf.set(agb, p.code);
  const providers = Object.values(state.providers).map((p) => p.code).sort();
  if (providers.length === 0) return 0;
  const mapping = bijMappingOf(ws);
  // The demo's BSNs are all 999xxxxxx numbers that pass the eleven-test: their pseudonyms give them back.
  const bsnOf = new Map<string, string>();
  const pool = [...testBsns(), ...extendedBsns()];
  for (const bsn of pool) bsnOf.set(pseudonym(bsn), bsn);
  const halves: BijPeriod[] = [];
  for (let y = Number(trafficFrom.slice(0, 4)); y <= Number(trafficTo.slice(0, 4)); y++) {
    for (const half of [1, 2] as const) if (bijPeriodStart({ year: y, half }) >= trafficFrom && bijPeriodEnd({ year: y, half }) <= trafficTo) halves.push({ year: y, half });
  }
  if (halves.length === 0) return 0;
  const trajectories = await trajectoriesOverlapping(ws.store.db, { from: bijPeriodStart(halves[0]!), to: bijPeriodEnd(halves.at(-1)!) });
  const inTraffic = new Set(trajectories.map((t) => t.client.pseudonym));
  const unused = pool.filter((b) => !inTraffic.has(pseudonym(b)));
  const silentAgbs = new Set(state.providers[DEMO_BIJ_STORY.silent]?.agbCodes ?? []);
  const places = trajectories.filter((t) => silentAgbs.has(t.provider) && t.client.pc4).map((t) => ({ pc4: t.client.pc4! }));
  const dir = await mkdtemp(path.join(tmpdir(), 'jeugdregie-demo-bij-'));
  let count = 0;
  let records = 0;
  try {
    for (const h of halves) {
      const name = bijPeriodName(h);
      const from = bijPeriodStart(h);
      const to = bijPeriodEnd(h);
      for (const provider of providers) {
        if (provider === DEMO_BIJ_STORY.missing && h.half === 2) continue;
        const outcomesToo = (DEMO_BIJ_STORY.outcomeFields as readonly string[]).includes(provider);
        let text = csvLine([...BIJ_COLUMNS, ...BIJ_OPTIONAL_COLUMNS]);
        let rows = 0;
        for (const t of trajectories) {
          if ((providerOf.get(t.provider) ?? t.provider) !== provider || !recordOverlaps(t, from, to)) continue;
          const bsn = bsnOf.get(t.client.pseudonym);
          const form = careFormOfCategory(mapping, t.category);
          if (!bsn || !form) continue;
          // By the BSN, not the pseudonym: the same demo whatever key the installation generated.
          const luck = permille(`${bsn}|${t.provider}|${t.category}|${t.start}`);
          if (luck < 40) continue; // left out of the delivery: only in the traffic
          const start = luck < 70 && addDays(t.start, -45) >= `${t.client.birthMonth}-01` ? addDays(t.start, -45) : t.start;
          const ended = t.end !== undefined && t.end <= to;
          const reason = ended ? (endReasonOfStop(mapping, t.endReason) ?? '01') : '';
          const birth = t.client.birthMonth.replace('-', '') + '00';
          const measured = outcomesToo && ended && luck % 3 !== 0;
          text += csvLine([
            bsn,
            birth,
            IJW_GENDER_TO_BIJ[t.client.gender] ?? 'O',
            t.client.pc4 ? `${t.client.pc4}AB` : t.municipality,
            luck % 10 === 0 ? '02' : '01',
            form,
            luck % 17 === 0 ? '01' : '02',
            start.replaceAll('-', ''),
            ended ? t.end!.replaceAll('-', '') : '',
            reason,
            measured ? String(Math.min(10, 5 + (providers.indexOf(provider) % 3) + (luck % 4))) : '',
            measured ? ['04', '02', '03', '04', '01'][luck % 5]! : '',
            measured ? (luck % 2 === 0 ? 'ouder' : 'jeugdige') : '',
          ]);
          rows++;
        }
        if (provider === DEMO_BIJ_STORY.silent && places.length > 0) {
          // Young people the traffic never shows: half again as many as it does, living where its known ones live.
          const extra = Math.ceil(rows * 1.5);
          for (let i = 0; i < extra && unused.length > 0; i++) {
            const bsn = unused[(i * 7 + h.half * 3 + h.year) % unused.length]!;
            const luck = permille(`${bsn}|${name}`);
            const place = places[(i * 13 + luck) % places.length]!;
            const start = addDays(from, luck % 150);
            const ends = luck % 4 === 0;
            text += csvLine([bsn, `${2008 + (luck % 14)}${String(1 + (luck % 12)).padStart(2, '0')}00`, luck % 2 === 0 ? 'M' : 'V', `${place.pc4}CD`, '01', luck % 5 === 0 ? '11' : '02', '02', start.replaceAll('-', ''), ends ? addDays(start, 20).replaceAll('-', '') : '', ends ? '01' : '', '', '', '']);
            rows++;
          }
        }
        if (rows === 0) continue;
        const file = path.join(dir, `bij-${provider}-${name}.csv`);
        await writeFile(file, text, 'utf8');
        const asOf = provider === DEMO_BIJ_STORY.late && h.half === 1 ? addDays(bijDeadline(h), 10) : addDays(bijDeadline(h), -3);
        const r = await submitBijFile(operator('demo'), ws, file, { provider, period: name, pseudonym, asOf });
        records += r.accepted;
        count++;
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  say(`Demo CBS deliveries: ${count} (${records} records; ${DEMO_BIJ_STORY.silent} shows young people the traffic misses, ${DEMO_BIJ_STORY.late} is late, ${DEMO_BIJ_STORY.missing} has not delivered its second half year).`);
  return count;
}

/**
 * The demo's StatLine table 85097NED for the half years it delivered: FICTIONAL, not CBS's figures —
 * our delivered trajectories per municipality and half year plus 15% (CBS counts every provider that
 * delivers to it, also those outside the region's purchase), written in the published TypedDataSet
 * form under a name that says so, and imported as the region team would. Does nothing when figures exist.
 */
export async function populateDemoStatline(ws: Workspace, say: (line: string) => void): Promise<number> {
  const { statlineFigures } = await import('../store/statline-repository.ts');
  if ((await statlineFigures(ws.store.db)).length > 0) return 0;
  const { importStatlineFile } = await import('./national.ts');
  const periods = [...new Set((await bijDeliveries(ws.store.db)).map((d) => d.period))].sort();
  const rows: Record<string, unknown>[] = [];
  for (const period of periods) {
    const h = { year: Number(period.slice(0, 4)), half: period.endsWith('1') ? 1 : 2 } as BijPeriod;
    const s = await sourcesOf(ws, [h], bijPeriodEnd(h));
    for (const m of ws.region.municipalities) {
      const n = s.records.filter((r) => r.municipality === m.code && recordOverlaps(r, bijPeriodStart(h), bijPeriodEnd(h))).length;
      rows.push({ ID: rows.length, RegioS: `GM${m.code}    `, Perioden: `${h.year}HJ0${h.half}`, TotaalJeugdhulptrajecten_1: Math.round(n * 1.15) });
    }
  }
  if (rows.length === 0) return 0;
  const dir = await mkdtemp(path.join(tmpdir(), 'jeugdregie-demo-statline-'));
  try {
    const file = path.join(dir, 'demo-FICTIEF-85097NED.json');
    await writeFile(file, JSON.stringify({ 'odata.metadata': 'demo: fictieve cijfers, geen CBS-cijfers', value: rows }), 'utf8');
    const r = await importStatlineFile(operator('demo'), ws, file, { table: '85097NED' });
    say(`Demo StatLine table 85097NED: ${r.figures} FICTIONAL figures (the demo's own plus 15%), for the national comparison.`);
    return r.figures;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
