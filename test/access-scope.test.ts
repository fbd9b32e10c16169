// What each role sees of the monitor [issue 13 "Who uses it and what each may see"; interface
// contract]: a municipality its own municipality at every detail and the others as REST; a provider
// its own young people and REGION; a council its municipality and REST per theme and care form per
// half year. And the attacker, per role: nothing shown to a role other than the owner of a part can
// be a count of 1–4, be subtracted to one, or be narrowed below 5 by linear programming.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupingOf, PUBLIC_PUBLICATION, publicationOf } from '../src/app/publication.ts';
import { disclosedThemesOf, reach, themesByProvider } from '../src/app/monitor.ts';
import { EVERYONE } from '../src/domain/access/scope.ts';
import type { PublishedPeriod } from '../src/domain/disclosure/publication.ts';
import type { ReachRow } from '../src/domain/reach-figures.ts';
import { attackReach, truthOf } from './support/disclosure-attack.ts';
import { dropTestSchemas, testDatabases } from './support/databases.ts';
import { demoTraffic, servedWorkspace, type Served } from './support/api-server.ts';
import { addAccount, issueToken } from '../src/app/accounts.ts';
import { operator } from '../src/domain/access/viewer.ts';

afterAll(dropTestSchemas);

type Row = Record<string, unknown> & { suppressed: boolean };
const COUNTS = ['uniqueYouth', 'starts', 'stops', 'inCareEnd'] as const;
/** Every count of a reach row, reasons included. */
const countsOf = (r: Row): (number | null)[] => [...COUNTS.map((k) => r[k] as number | null), ...Object.values((r.stopsByReason ?? {}) as Record<string, number | null>)];
const namedCounts = (r: Row): Map<string, number | null> =>
  new Map([...COUNTS.map((k) => [k, r[k] as number | null] as const), ...Object.entries((r.stopsByReason ?? {}) as Record<string, number | null>).map(([c, v]) => [`reason ${c}`, v] as const)]);
const small = (v: number | null) => v !== null && v > 0 && v < 5;

describe('the monitor per role', () => {
  let served: Served;
  const as = (login: 'gem' | 'prov' | 'raad') => (url: string) => served.raw.inject({ url, headers: { authorization: `Bearer ${tokens[login]}` } });
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    served = await servedWorkspace(testDatabases[0]!, await demoTraffic('2028-01-01', '2028-07-10', 5));
    // Accounts for a municipality and a council that have data (0362), and a provider.
    for (const [login, spec] of [
      ['gem', { role: 'municipality', municipality: '0362' }],
      ['prov', { role: 'provider', provider: 'DEMO01' }],
      ['raad', { role: 'council', municipality: '0362' }],
    ] as const) {
      await addAccount(operator('t'), served.ws, { login, ...spec, password: 'a long test password' });
      tokens[login] = (await issueToken(operator('t'), served.ws, login)).token;
    }
  }, 300_000);
  afterAll(async () => served?.close());

  it('shows a municipality its own figures at every detail and the other municipalities only as REST', { timeout: 300_000 }, async () => {
    const rows = (await as('gem')('/api/monitor/reach?period=2028-H1&by=municipality,care_form')).json() as Row[];
    expect(new Set(rows.map((r) => r.municipality))).toEqual(new Set(['0362', 'REST']));
    // its own rows are the region's own figures, nothing hidden
    const region = ((await served.app.inject({ url: '/api/monitor/reach?period=2028-H1&by=municipality,care_form' })).json() as Row[]).filter((r) => r.municipality === '0362');
    expect(rows.filter((r) => r.municipality === '0362')).toEqual(region);
    expect(region.some((r) => countsOf(r).some(small))).toBe(true);
    // the others: never a count of 1–4
    expect(rows.filter((r) => r.municipality === 'REST').flatMap(countsOf).filter(small)).toEqual([]);
    // by area: its own areas, and REST as one (another municipality's areas would single it out)
    const areas = (await as('gem')('/api/monitor/reach?period=2028-H1&by=area')).json() as Row[];
    expect(areas.filter((r) => r.municipality === 'REST').map((r) => r.area)).toEqual(['REST']);
    expect(areas.filter((r) => r.municipality === '0362').length).toBeGreaterThan(0);
    // by provider: rows of its own municipality and of REST, every provider named by its code
    const byProvider = (await as('gem')('/api/monitor/reach?period=2028-Q1&by=provider')).json() as Row[];
    expect(new Set(byProvider.map((r) => r.municipality))).toEqual(new Set(['0362', 'REST']));
    // a period the data do not cover to its end is not shown to others (its answers would change
    // with every ingest by a few young people)
    const open = await as('gem')('/api/monitor/reach?period=2028&by=care_form');
    expect([open.statusCode, (open.json() as { code: string }).code]).toEqual([409, 'DISCLOSURE_PERIOD_OPEN']);
    expect((await as('gem')('/api/monitor/reach?period=2028-Q3')).statusCode).toBe(409);
    // a cross table of the others, or a month, is not published
    expect(((await as('gem')('/api/monitor/reach?period=2028-H1&by=care_form,gender')).json() as { code: string }).code).toBe('DISCLOSURE_BREAKDOWN');
    expect(((await as('gem')('/api/monitor/reach?period=2028-03')).json() as { code: string }).code).toBe('DISCLOSURE_PERIOD');
    // waiting: the maximum only of its own
    const waits = (await as('gem')('/api/monitor/waiting?period=2028-H1&by=municipality')).json() as { municipality: string; assignmentToStart: { max: number | null } | null }[];
    expect(waits.find((w) => w.municipality === 'REST')?.assignmentToStart?.max ?? null).toBeNull();
    expect(waits.find((w) => w.municipality === '0362')?.assignmentToStart?.max).toBeGreaterThan(0);
  });

  it('shows a provider its own young people and the region (REGION), never another provider', { timeout: 300_000 }, async () => {
    const rows = (await as('prov')('/api/monitor/reach?period=2028-Q1&by=provider')).json() as Row[];
    expect(rows.map((r) => r.provider)).toEqual(['DEMO01', 'REGION']);
    expect(rows.map((r) => r.providerCode)).toEqual(['DEMO01', 'REGION']);
    // its own row is the region's row of its AGB code
    const region = ((await served.app.inject({ url: '/api/monitor/reach?period=2028-Q1&by=provider' })).json() as Row[]).find((r) => r.providerCode === 'DEMO01')!;
    expect(countsOf(rows[0]!)).toEqual(countsOf(region));
    // split by municipality: its own and REGION per municipality; REGION minus its own is exactly the
    // others' part, for young people too, and never a count of 1–4
    const byMunicipality = (await as('prov')('/api/monitor/reach?period=2028-H1&by=municipality')).json() as Row[];
    expect(new Set(byMunicipality.map((r) => r.provider))).toEqual(new Set(['DEMO01', 'REGION']));
    for (const r of byMunicipality.filter((x) => x.provider === 'REGION')) {
      const own = byMunicipality.find((x) => x.provider === 'DEMO01' && x.municipality === r.municipality);
      const mine = own ? namedCounts(own) : new Map<string, number | null>();
      for (const [name, v] of namedCounts(r)) {
        if (v === null) continue;
        expect(small(v - (mine.get(name) ?? 0)), `${name} of ${String(r.municipality)}`).toBe(false);
      }
    }
    // money: its own lump sums only; another provider's: refused
    const sums = (await as('prov')('/api/lumpsums/2028')).json() as { provider: string }[];
    expect(new Set(sums.map((s) => s.provider))).toEqual(new Set(['DEMO01']));
    expect((await as('prov')('/api/lumpsums/2028?provider=DEMO02')).statusCode).toBe(403);
    expect((await as('prov')('/api/explain?provider=DEMO02&year=2028')).statusCode).toBe(403);
    expect((await as('prov')('/api/explain?provider=DEMO01&year=2028')).statusCode).toBe(200);
    expect((await as('prov')('/api/monitor/reach?period=2028-H1&by=provider,care_form')).statusCode).toBe(200);
  });

  it('shows a council its municipality and REST per theme and care form per half year, all protected, and refuses the rest with 403', { timeout: 300_000 }, async () => {
    const byProvider = await as('raad')('/api/monitor/reach?period=2028-H1&by=provider');
    expect([byProvider.statusCode, (byProvider.json() as { code: string }).code]).toEqual([403, 'BREAKDOWN_NOT_FOR_ROLE']);
    expect((await as('raad')('/api/monitor/reach?period=2028-Q1&by=theme')).statusCode).toBe(400);
    for (const by of ['municipality', 'theme', 'care_form', 'municipality,care_form']) {
      const rows = (await as('raad')(`/api/monitor/reach?period=2028-H1&by=${by}`)).json() as Row[];
      expect(new Set(rows.map((r) => r.municipality))).toEqual(new Set(['0362', 'REST']));
      expect(rows.flatMap(countsOf).filter(small), by).toEqual([]);
    }
    for (const url of ['/api/monitor/timeliness?period=2028', '/api/monitor/timeliness?period=2028-H1&by=provider', '/api/monitor/messages?period=2028', '/api/ledger', '/api/explain?provider=DEMO01&year=2028']) expect((await as('raad')(url)).statusCode, url).toBe(403);
    // timeliness: its municipality and REST as totals, both protected (no maximum: one young person's)
    const TIMELINESS_COUNTS = ['requests', 'retroactiveRequests', 'startMessages', 'lateStartMessages', 'stopMessages', 'lateStopMessages', 'assignmentsWithoutStart'];
    for (const by of ['municipality', 'total']) {
      const rows = (await as('raad')(`/api/monitor/timeliness?period=2028-H1&by=${by}`)).json() as Row[];
      expect(rows.map((r) => r.municipality)).toEqual(['0362', 'REST']);
      expect(rows.flatMap((r) => TIMELINESS_COUNTS.map((k) => r[k] as number | null)).filter(small), by).toEqual([]);
      expect(rows.map((r) => r.retroactiveDaysBackMax)).toEqual([null, null]);
    }
  });

  it('never shows others a theme group drawn from fewer than 3 providers (it would be one provider\'s figures)', { timeout: 300_000 }, async () => {
    const plan = await themesByProvider(served.ws);
    const state = await (served.ws.engine as unknown as { state(): Promise<{ providers: Record<string, { agbCodes: string[] }> }> }).state();
    const providersOf = new Map<string, Set<string>>();
    for (const [code, p] of Object.entries(state.providers)) for (const agb of p.agbCodes) if (plan.has(agb)) providersOf.set(plan.get(agb)!, (providersOf.get(plan.get(agb)!) ?? new Set()).add(code));
    // the demo's plan has theme combinations of one or two providers: the rule is put to work
    expect([...providersOf.values()].some((ps) => ps.size < 3)).toBe(true);
    for (const [login, url] of [
      ['gem', '/api/monitor/reach?period=2028-H1&by=theme'],
      ['prov', '/api/monitor/reach?period=2028-H1&by=theme'],
      ['raad', '/api/monitor/reach?period=2028-H1&by=theme'],
      ['gem', '/api/monitor/waiting?period=2028-Q2&by=theme'],
    ] as const) {
      const rows = (await as(login)(url)).json() as Row[];
      expect(rows.length, `${login} ${url}`).toBeGreaterThan(0);
      for (const r of rows) {
        const theme = String((r.group as Record<string, string> | undefined)?.theme ?? r.theme);
        if (theme === 'OVERIG') continue;
        expect(providersOf.get(theme)?.size ?? 0, `${login}: theme ${theme}`).toBeGreaterThanOrEqual(3);
      }
    }
  });

  it('leaves the attacker nothing in the one public publication every role but the region reads: subtraction or linear programming', { timeout: 600_000 }, async () => {
    // others see the disclosed theme groups (none drawn from fewer than 3 providers)
    const themes = await disclosedThemesOf(served.ws);
    const themeOf = (p: string) => themes.get(p) ?? 'unassigned';
    // the same publication the API served above (computed once per data version)
    const pub = await publicationOf(served.ws, 2028, {}, PUBLIC_PUBLICATION);
    const tables = new Map<string, ReachRow[]>();
    for (const p of Object.keys(pub.periods) as PublishedPeriod[]) for (const by of PUBLIC_PUBLICATION.breakdowns) tables.set(`${p}|${by}`, await reach(served.ws, pub.periods[p]!.period, groupingOf(by), EVERYONE, themes));
    const result = await attackReach(pub, truthOf((p, by) => tables.get(`${p}|${by}`)), themeOf);
    expect(result.programs).toBeGreaterThan(0);
    expect(result.subtracted).toEqual([]);
    expect(result.narrowed).toEqual([]);
  });

  it('gives every role the same public figures: a council\'s own plus REST is the region, a municipality\'s REST plus its own is the region, a provider\'s REGION is the region', { timeout: 300_000 }, async () => {
    const pub = (await publicationOf(served.ws, 2028, {}, PUBLIC_PUBLICATION)).periods.H1!;
    const regionTotal = pub.reach.total![0]!;
    const council = (await as('raad')('/api/monitor/reach?period=2028-H1&by=municipality')).json() as Row[];
    const gem = (await as('gem')('/api/monitor/reach?period=2028-H1&by=municipality')).json() as Row[];
    const prov = (await as('prov')('/api/monitor/reach?period=2028-H1&by=provider')).json() as Row[];
    for (const k of COUNTS) {
      const [own, rest] = [council.find((r) => r.municipality === '0362')![k] as number | null, council.find((r) => r.municipality === 'REST')![k] as number | null];
      if (own !== null && rest !== null) expect(own + rest, `council ${k}`).toBe(regionTotal[k]);
      const [mine, others] = [gem.find((r) => r.municipality === '0362')![k] as number, gem.find((r) => r.municipality === 'REST')![k] as number | null];
      if (others !== null) expect(mine + others, `municipality ${k}`).toBe(regionTotal[k]);
      expect(prov.find((r) => r.provider === 'REGION')![k], `provider ${k}`).toBe(regionTotal[k]);
    }
  });
});
