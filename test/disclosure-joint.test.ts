// The one public publication [docs/decisions.md §47] against its owners: every municipality and every
// provider knows its own figures, and with them and everything published — the region by every
// breakdown, each municipality per theme and care form, each municipality's REST — must not be able to
// tell that the others' part of a cell is 1–4, neither by subtracting its own part from a shown cell
// nor by linear programming (test/support/owner-attack.ts, written apart from protect.ts). And the
// control: the same figures protected against the public alone do give owners something away.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computePublication, groupingOf, PUBLIC_PUBLICATION, publicationOf } from '../src/app/publication.ts';
import { disclosedThemesOf, reach } from '../src/app/monitor.ts';
import { EVERYONE, type Population } from '../src/domain/access/scope.ts';
import type { Publication, PublishedPeriod, PublishedReachRow } from '../src/domain/disclosure/publication.ts';
import type { ReachRow } from '../src/domain/reach-figures.ts';
import { truthOf, type Truth } from './support/disclosure-attack.ts';
import { attackAsOwner, type Owner, type OwnerAttackResult } from './support/owner-attack.ts';
import { dropTestSchemas, testDatabases } from './support/databases.ts';
import { demoTraffic, servedWorkspace, type Served } from './support/api-server.ts';

afterAll(dropTestSchemas);

describe('the one public publication, attacked by every municipality and provider with its own figures', () => {
  let served: Served;
  let themeOf: (provider: string) => string;
  let owners: { owner: Owner; population: Population }[];
  /** The unprotected reach rows of a population per period and breakdown, read once. */
  const tables = new Map<string, Map<string, ReachRow[]>>();
  let truthFor: (pub: Publication, population: Population) => Promise<Truth>;

  beforeAll(async () => {
    served = await servedWorkspace(testDatabases[0]!, await demoTraffic('2028-01-01', '2028-07-10', 5));
    const ws = served.ws;
    // others see the disclosed theme groups: the figures and the providers' themes are of those
    const themes = await disclosedThemesOf(ws);
    themeOf = (p) => themes.get(p) ?? 'unassigned';
    const providers = (await (ws.engine as unknown as { state(): Promise<{ providers: Record<string, { agbCodes: string[] }> }> }).state()).providers;
    owners = [
      ...ws.region.municipalities.map((m) => ({ owner: { name: `municipality ${m.code}`, municipality: m.code }, population: { kind: 'municipality', code: m.code, not: false } as Population })),
      ...Object.entries(providers).map(([code, p]) => ({ owner: { name: `provider ${code}`, agbCodes: p.agbCodes }, population: { kind: 'providers', agbCodes: p.agbCodes, not: false } as Population })),
    ];
    truthFor = async (pub, population) => {
      const key = JSON.stringify(population);
      let t = tables.get(key);
      if (t === undefined) tables.set(key, (t = new Map()));
      for (const p of Object.keys(pub.periods) as PublishedPeriod[]) {
        for (const by of PUBLIC_PUBLICATION.breakdowns) {
          const k = `${p}|${pub.periods[p]!.period.from}|${pub.periods[p]!.period.to}|${by}`;
          if (!t.has(k)) t.set(k, await reach(ws, pub.periods[p]!.period, groupingOf(by), population, themes));
        }
      }
      return truthOf((p, by) => t.get(`${p}|${pub.periods[p]!.period.from}|${pub.periods[p]!.period.to}|${by}`));
    };
  }, 300_000);
  afterAll(async () => served?.close());

  /** Every owner's attack on `pub`. */
  async function attackAll(pub: Publication): Promise<{ owner: string; result: OwnerAttackResult }[]> {
    const truth = await truthFor(pub, EVERYONE);
    // Those in care on 31 December of the year before, as last year's publication showed them (a
    // viewer has it): those in care in a period from 1 January are at most these plus its starts.
    const lastYear = (await publicationOf(served.ws, pub.year - 1, {}, PUBLIC_PUBLICATION)).periods.Y;
    const inCareBefore = (by: string, g: string): number | null => {
      const rows = (lastYear?.reach as Record<string, readonly PublishedReachRow[] | undefined> | undefined)?.[by];
      if (rows === undefined) return null;
      const row = rows.find((r) => Object.values(r.group).join('/') === g);
      return row === undefined ? 0 : row.inCareEnd;
    };
    const out: { owner: string; result: OwnerAttackResult }[] = [];
    for (const { owner, population } of owners) out.push({ owner: owner.name, result: await attackAsOwner(pub, owner, truth, await truthFor(pub, population), themeOf, { inCareBefore }) });
    return out;
  }

  it('leaves no municipality and no provider a count of 1–4 of the others: not by subtraction, not by linear programming', { timeout: 600_000 }, async () => {
    // the same publication every role but the region is served
    const pub = await publicationOf(served.ws, 2028, {}, PUBLIC_PUBLICATION);
    expect(Object.keys(pub.periods).length).toBeGreaterThan(0);
    expect(Object.keys(pub.periods.H1?.rest ?? {}).length).toBe(served.ws.region.municipalities.length);
    const results = await attackAll(pub);
    expect(results.length).toBe(owners.length);
    for (const { owner, result } of results) {
      expect(result.shownSmall, owner).toEqual([]);
      expect(result.narrowed, owner).toEqual([]);
    }
    // the programs had something to prove: cells hidden whose others' part is 1–4, for owners of both kinds
    expect(results.reduce((s, r) => s + r.result.programs, 0)).toBeGreaterThan(0);
    expect(results.filter((r) => r.owner.startsWith('municipality') && r.result.targets > 0).length).toBeGreaterThan(0);
    expect(results.filter((r) => r.owner.startsWith('provider') && r.result.targets > 0).length).toBeGreaterThan(0);
  });

  it('the control: the same figures protected against the public alone give an owner a count of 1–4 of the others', { timeout: 600_000 }, async () => {
    const pub = await computePublication(served.ws, 2028, { ...PUBLIC_PUBLICATION, joint: false });
    expect(pub.periods.H1?.rest).toBeUndefined();
    const results = await attackAll(pub);
    const found = results.filter((r) => r.result.shownSmall.length > 0 || r.result.narrowed.length > 0);
    expect(found.length).toBeGreaterThan(0);
  });
});
