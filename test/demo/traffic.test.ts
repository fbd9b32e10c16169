// The demo traffic generator: determinism, volumes (DOMAIN.md §2, one year in full and ten years
// of ground truth), the share and kinds of faulty traffic, fictional BSNs only (one BSN, one person;
// the test range 9999xxxxx first), returning clients, trajectory structure, and XSD validity of
// every non-faulty message type (xmllint).
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadShippedRegion } from '../../src/config/region-file.ts';
import { dayOf, isWorkingDay, workingDaysBetween } from '../../src/domain/calendar-days.ts';
import { passesElevenTest } from '../../src/demo/persons.ts';
import { Rng } from '../../src/demo/random.ts';
import {
  FAULT_KINDS,
  generateTraffic,
  TrafficGenerator,
  VOLUMES_2024,
  XSD_INVALID_FAULTS,
  type DemoMessage,
  type DemoProvider,
  type DemoRegion,
  type FaultKind,
  type TrafficOptions,
  type TrafficStats,
} from '../../src/demo/traffic.ts';
import { loadDemoProviders } from '../../src/demo/write-demo.ts';
import { validateWithXmllint, xmllintAvailable } from './xmllint.ts';

let region: DemoRegion;
let providers: DemoProvider[];

function run(options: TrafficOptions, each: (m: DemoMessage) => void): TrafficStats {
  const gen = generateTraffic(options);
  for (let r = gen.next(); ; r = gen.next()) {
    if (r.done) return r.value;
    each(r.value);
  }
}

function digest(options: TrafficOptions): { hash: string; count: number } {
  const h = createHash('sha256');
  let count = 0;
  run(options, (m) => {
    h.update(m.fileName);
    h.update(m.xml);
    count++;
  });
  return { hash: h.digest('hex'), count };
}

const FILE_NAME = /^(\d{4}-\d{2})\/(\d{4}-\d{2}-\d{2})_(JW\d{3})_(\d{4}|\d{8})_(\d{7})\.xml$/;
const one = (xml: string, tag: string): string | undefined => new RegExp(`<(?:\\w+:)?${tag}>([^<]*)</`).exec(xml)?.[1];
const all = (xml: string, tag: string): string[] => [...xml.matchAll(new RegExp(`<(?:\\w+:)?${tag}>([^<]*)</`, 'g'))].map((m) => m[1]!);

/** Reservoir sample of at most `size` items, deterministic. */
class Sample<T> {
  readonly items: T[] = [];
  private seen = 0;
  constructor(
    private readonly size: number,
    private readonly rng: Rng,
  ) {}
  add(x: T): void {
    this.seen++;
    if (this.items.length < this.size) this.items.push(x);
    else {
      const j = this.rng.int(this.seen);
      if (j < this.size) this.items[j] = x;
    }
  }
}

interface YearSummary {
  stats: TrafficStats;
  messages: number;
  faulty: number;
  byKind: Map<FaultKind, number>;
  problems: string[];
  nonFaultySamples: Map<string, Sample<DemoMessage>>;
  faultySamples: Map<FaultKind, Sample<DemoMessage>>;
  personsFrom305: Map<string, number>;
  /** Distinct BSNs in those start messages, per municipality (equal to the persons: no shared BSNs). */
  bsnsFrom305: Map<string, number>;
  startsWithAssignment: number;
  startsTaskBased: number;
  linkedStarts: number;
  temporaryStops: number;
  resumedTemporaryStops: number;
  withdrawals: { JW305: number; JW307: number };
  retroactive: number[];
  /** Unmarked start (task-based) and stop messages later than 5 working days, of those checked. */
  timeliness: { checked: number; unmarkedLate: number };
}

const YEAR: Omit<TrafficOptions, 'region' | 'providers'> = { from: '2028-01-01', to: '2028-12-31', seed: 2028, faultShare: 0.02 };

function summarizeYear(): YearSummary {
  const rng = new Rng(99);
  const s: YearSummary = {
    stats: undefined as unknown as TrafficStats,
    messages: 0,
    faulty: 0,
    byKind: new Map(),
    problems: [],
    nonFaultySamples: new Map(),
    faultySamples: new Map(),
    personsFrom305: new Map(),
    bsnsFrom305: new Map(),
    startsWithAssignment: 0,
    startsTaskBased: 0,
    linkedStarts: 0,
    temporaryStops: 0,
    resumedTemporaryStops: 0,
    withdrawals: { JW305: 0, JW307: 0 },
    retroactive: [],
    timeliness: { checked: 0, unmarkedLate: 0 },
  };
  const problem = (m: DemoMessage, text: string) => {
    if (s.problems.length < 20) s.problems.push(`${m.fileName}${m.fault ? ` [${m.fault}]` : ''}: ${text}`);
  };
  const seenXml = new Set<string>();
  const birthOfBsn = new Map<string, string>();
  const assignments = new Set<string>();
  const starts: { muni: string; person: string; key: string; nummer?: string }[] = [];
  const withdrawnStarts = new Set<string>();
  const startDates = new Map<string, string[]>();
  const tempStops: { track: string; einddatum: string }[] = [];
  let lastDelivered = '';

  s.stats = run({ ...YEAR, region, providers }, (m) => {
    s.messages++;
    const x = m.xml;
    // File name: month folder, delivery date, type, sender, sequence; in delivery order.
    const f = FILE_NAME.exec(m.fileName);
    if (!f || f[1] !== m.delivered.slice(0, 7) || f[2] !== m.delivered || f[3] !== m.type || f[4] !== m.sender) problem(m, 'file name');
    if (m.delivered < lastDelivered) problem(m, 'not in delivery order');
    if (m.delivered !== lastDelivered && !isWorkingDay(dayOf(m.delivered))) problem(m, 'delivered outside working days');
    lastDelivered = m.delivered;
    const hash = createHash('sha1').update(x).digest('base64');
    if (m.fault === 'duplicate' && !seenXml.has(hash)) problem(m, 'duplicate of no earlier file');
    seenXml.add(hash);

    if (m.fault) {
      s.faulty++;
      s.byKind.set(m.fault, (s.byKind.get(m.fault) ?? 0) + 1);
      let sample = s.faultySamples.get(m.fault);
      if (!sample) s.faultySamples.set(m.fault, (sample = new Sample(40, rng)));
      sample.add(m);
    } else {
      let sample = s.nonFaultySamples.get(m.type);
      if (!sample) s.nonFaultySamples.set(m.type, (sample = new Sample(300, rng)));
      sample.add(m);
    }

    // Fictional BSNs only (999xxxxxx); valid ones unless the fault is an invalid BSN.
    for (const bsn of all(x, 'Bsn')) {
      if (!/^999[0-9]{6}$/.test(bsn)) problem(m, `BSN ${bsn} outside 999xxxxxx`);
      if (passesElevenTest(bsn) === (m.fault === 'invalid-bsn')) problem(m, `BSN ${bsn} eleven-test`);
    }
    // One BSN, one person: a BSN always comes with the same birth date.
    const bsn = one(x, 'Bsn');
    if (bsn !== undefined && m.fault === undefined) {
      const birth = one(x, 'Datum')!;
      const known = birthOfBsn.get(bsn);
      if (known === undefined) birthOfBsn.set(bsn, birth);
      else if (known !== birth) problem(m, `BSN ${bsn} with birth dates ${known} and ${birth}`);
    }

    const dag = one(x, 'Dagtekening')!;
    const contentOk = m.fault === undefined || m.fault === 'late-start' || m.fault === 'late-stop' || m.fault === 'out-of-order' || m.fault === 'retroactive-request';
    if (m.fault === 'out-of-order' && !(m.delivered > dag)) problem(m, 'out-of-order file delivered on its Dagtekening');

    if (m.type === 'JW301' && contentOk) {
      const muni = one(x, 'Afzender')!;
      for (const n of all(x, 'ToewijzingNummer')) assignments.add(`${muni}|${n}`);
      if (!/<ijw:Postcode>[0-9]{4}[A-Z]{2}<\/ijw:Postcode>/.test(x)) problem(m, 'no 6-character postcode');
    }
    if (m.type === 'JW301' && m.fault === 'end-before-start' && !(one(x, 'Einddatum')! < one(x, 'Ingangsdatum')!)) problem(m, 'end not before start');

    if (m.type === 'JW315') {
      const requested = one(x, 'ToewijzingIngangsdatum')!;
      if (m.fault === 'retroactive-request') {
        if (!(requested < dag)) problem(m, 'retroactive request not retroactive');
        s.retroactive.push(dayOf(dag) - dayOf(requested));
      } else if (contentOk && requested < dag) problem(m, 'unmarked retroactive request');
    }

    if (m.type === 'JW305' && contentOk) {
      const muni = one(x, 'Ontvanger')!;
      const agb = one(x, 'Afzender')!;
      const person = `${one(x, 'Bsn')}|${one(x, 'Datum')}`;
      const products = x.split('<jw305:StartProduct>').slice(1);
      for (const p of products) {
        const nummer = one(p, 'ToewijzingNummer');
        const cat = one(p, 'Categorie')!;
        const begin = one(p, 'Begindatum')!;
        const key = `${person}|${agb}|${cat}|${nummer ?? ''}|${begin}`;
        if (one(p, 'StatusAanlevering') === '3') {
          withdrawnStarts.add(key);
          s.withdrawals.JW305++;
          continue;
        }
        starts.push({ muni, person, key, ...(nummer ? { nummer } : {}) });
        const track = `${person}|${agb}|${cat}|${nummer ?? ''}`;
        startDates.set(track, [...(startDates.get(track) ?? []), begin]);
        if (nummer) s.startsWithAssignment++;
        else s.startsTaskBased++;
        const late = workingDaysBetween(dayOf(begin), dayOf(dag)) > 5;
        if (m.fault === 'late-start' && !late) problem(m, 'late start not late');
        if (!nummer && m.fault !== 'late-start') {
          s.timeliness.checked++;
          if (late) s.timeliness.unmarkedLate++;
        }
      }
    }

    if (m.type === 'JW307' && contentOk) {
      const agb = one(x, 'Afzender')!;
      const person = `${one(x, 'Bsn')}|${one(x, 'Datum')}`;
      for (const p of x.split('<jw307:StopProduct>').slice(1)) {
        const end = one(p, 'Einddatum')!;
        const begin = one(p, 'Begindatum')!;
        if (end < begin) problem(m, 'stop before its start');
        if (one(p, 'StatusAanlevering') === '3') {
          s.withdrawals.JW307++;
          continue;
        }
        const late = workingDaysBetween(dayOf(end), dayOf(dag)) > 5;
        if (m.fault === 'late-stop' && !late) problem(m, 'late stop not late');
        if (m.fault !== 'late-stop') {
          s.timeliness.checked++;
          if (late) s.timeliness.unmarkedLate++;
        }
        if (one(p, 'RedenBeeindiging') === '20') {
          s.temporaryStops++;
          tempStops.push({ track: `${person}|${agb}|${one(p, 'Categorie')}|${one(p, 'ToewijzingNummer') ?? ''}`, einddatum: end });
        }
      }
    }
    if (m.type === 'JW307' && m.fault === 'end-before-start') {
      const p = x.split('<jw307:StopProduct>').pop()!;
      if (!(one(p, 'Einddatum')! < one(p, 'Begindatum')!)) problem(m, 'end not before start');
    }
  });

  const persons = new Map<string, Set<string>>();
  const bsns = new Map<string, Set<string>>();
  for (const st of starts) {
    if (withdrawnStarts.has(st.key)) continue;
    let set = persons.get(st.muni);
    if (!set) persons.set(st.muni, (set = new Set()));
    set.add(st.person);
    let b = bsns.get(st.muni);
    if (!b) bsns.set(st.muni, (b = new Set()));
    b.add(st.person.split('|')[0]!);
    if (st.nummer && assignments.has(`${st.muni}|${st.nummer}`)) s.linkedStarts++;
  }
  for (const [muni, set] of persons) s.personsFrom305.set(muni, set.size);
  for (const [muni, set] of bsns) s.bsnsFrom305.set(muni, set.size);
  for (const t of tempStops) if ((startDates.get(t.track) ?? []).some((b) => b > t.einddatum)) s.resumedTemporaryStops++;
  return s;
}

let year: YearSummary;

/**
 * The stated tolerance for young people per municipality per year against DOMAIN.md §2: 2% for
 * the model plus three standard deviations of Poisson noise (√volume): Amsterdam (14,378) ±647
 * (4.5%), Amstelveen ±116 (11%), Uithoorn ±78, Diemen ±70, Aalsmeer ±69 (17%), Ouder-Amstel ±47
 * (23%). For a mean over n years the noise term is 3·√(volume / n): Amsterdam ±401 (2.8%).
 */
function tolerance(volume: number, years = 1): number {
  return 0.02 * volume + 3 * Math.sqrt(volume / years);
}

beforeAll(async () => {
  region = await loadShippedRegion('amsterdam-amstelland');
  providers = await loadDemoProviders();
  year = summarizeYear();
}, 300_000);

describe('demo traffic: one year of Amsterdam-Amstelland (2028)', () => {
  it('gives every provider of the plan its fictional AGB code', () => {
    expect(providers).toHaveLength(20);
    expect(providers.map((p) => `${p.code}=${p.agb}`)).toEqual(
      Array.from({ length: 20 }, (_, i) => `DEMO${String(i + 1).padStart(2, '0')}=${99000001 + i}`),
    );
  });

  it('names, orders and fills every file as specified (file names, test BSNs, dates, links)', () => {
    expect(year.problems).toEqual([]);
  });

  it('has the volumes of DOMAIN.md §2 per municipality, and the start messages show them', () => {
    const truth = year.stats.youthByYear['2028']!;
    for (const [code, volume] of Object.entries(VOLUMES_2024)) {
      const generated = truth[code] ?? 0;
      expect({ code, generated, ok: Math.abs(generated - volume) <= tolerance(volume) }).toEqual({ code, generated, ok: true });
      // Distinct young people (BSN + birth date) with a start message: the same up to the
      // starts of late December that are reported in January.
      const seen = year.personsFrom305.get(code) ?? 0;
      expect({ code, seen, ok: Math.abs(seen - generated) <= 0.04 * generated + 5 }).toEqual({ code, seen, ok: true });
      // Every person has a BSN of their own, so counting BSNs (pseudonyms) counts the persons.
      expect({ code, bsns: year.bsnsFrom305.get(code) }).toEqual({ code, bsns: seen });
    }
    const total = Object.values(truth).reduce((a, b) => a + b, 0);
    expect(Math.abs(total - 16_942)).toBeLessThanOrEqual(0.03 * 16_942);
  });

  it('gives BSNs from the test range 9999xxxxx first, then from the rest of 999xxxxxx, never one to two persons', () => {
    const p = year.stats.persons;
    expect(p.bsnsFromTestRange).toBe(9091);
    expect(p.bsnsFromExtendedRange).toBeGreaterThan(5000);
    expect(p.bsnsReassigned).toBe(0);
    expect(year.stats.bsnReusedWhileActive).toBe(0);
    expect(year.stats.bsnsUsed).toBe(p.bsnsFromTestRange + p.bsnsFromExtendedRange);
  });

  it('mixes assignment-based and task-based trajectories and uses all seven care forms', () => {
    expect(year.startsWithAssignment).toBeGreaterThan(1000);
    expect(year.startsTaskBased).toBeGreaterThan(1000);
    // Assignment-based starts refer to a JW301 of the same municipality (except those whose
    // JW301 was dated before the window).
    expect(year.linkedStarts / year.startsWithAssignment).toBeGreaterThan(0.97);
    expect(Object.keys(year.stats.trajectories.byCareForm).sort()).toEqual(['32', '33', '34', '35', '36', '37', '38']);
    for (const t of ['JW315', 'JW301', 'JW305', 'JW307', 'JW316', 'JW302', 'JW306', 'JW308']) expect(year.stats.byType[t] ?? 0).toBeGreaterThan(100);
  });

  it('has temporary stops that resume with a new start, and withdrawals (StatusAanlevering 3)', () => {
    expect(year.temporaryStops).toBeGreaterThan(50);
    expect(year.resumedTemporaryStops / year.temporaryStops).toBeGreaterThan(0.6);
    expect(year.withdrawals.JW305).toBeGreaterThan(50);
    expect(year.withdrawals.JW307).toBeGreaterThan(10);
  });

  it('sends unmarked start and stop messages within 5 working days (but for a handful)', () => {
    expect(year.timeliness.checked).toBeGreaterThan(15_000);
    expect(year.timeliness.unmarkedLate / year.timeliness.checked).toBeLessThan(0.003);
  });

  it('has the configured share of faulty files, of every kind', () => {
    const share = year.faulty / year.messages;
    expect(share).toBeGreaterThan(0.017);
    expect(share).toBeLessThan(0.021);
    expect(year.faulty).toBe(year.stats.faulty);
    for (const kind of FAULT_KINDS) expect({ kind, n: (year.byKind.get(kind) ?? 0) > 5 }).toEqual({ kind, n: true });
  });

  it.skipIf(!xmllintAvailable)('every non-faulty message type validates against the official XSD (sample, xmllint)', () => {
    expect([...year.nonFaultySamples.keys()].sort()).toEqual(['JW301', 'JW302', 'JW305', 'JW306', 'JW307', 'JW308', 'JW315', 'JW316']);
    for (const [type, sample] of year.nonFaultySamples) {
      const verdict = validateWithXmllint(type, sample.items);
      const failed = sample.items.filter((m) => verdict.get(m.fileName) !== true).map((m) => m.fileName);
      expect({ type, checked: verdict.size, failed }).toEqual({ type, checked: sample.items.length, failed: [] });
    }
  });

  it.skipIf(!xmllintAvailable)('faulty files fail the XSD exactly when their fault is an XSD fault', () => {
    const byType = new Map<string, DemoMessage[]>();
    for (const sample of year.faultySamples.values()) for (const m of sample.items) byType.set(m.type, [...(byType.get(m.type) ?? []), m]);
    const wrong: string[] = [];
    for (const [type, files] of byType) {
      const verdict = validateWithXmllint(type, files);
      for (const m of files) if (verdict.get(m.fileName) !== !XSD_INVALID_FAULTS.has(m.fault!)) wrong.push(`${m.fileName} ${m.fault}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('demo traffic: ten years of Amsterdam-Amstelland, ground truth (seed 1)', () => {
  let truth: TrafficStats;
  beforeAll(() => {
    // The same planning as generateTraffic, without writing the 650,000 messages.
    truth = new TrafficGenerator({ region, providers, from: '2028-01-01', to: '2037-12-31', seed: 1 }).groundTruth();
  }, 300_000); // ≈ 12 s alone; much longer next to the storage tests on a 2-core machine

  it('has the volumes of DOMAIN.md §2 in every year per municipality, and on average over the ten years', () => {
    const years = Object.keys(truth.youthByYear).sort();
    expect(years).toEqual(Array.from({ length: 10 }, (_, i) => String(2028 + i)));
    const off: string[] = [];
    for (const [code, volume] of Object.entries(VOLUMES_2024)) {
      let sum = 0;
      for (const y of years) {
        const n = truth.youthByYear[y]![code] ?? 0;
        sum += n;
        if (Math.abs(n - volume) > tolerance(volume)) off.push(`${y} ${code}: ${n} (volume ${volume})`);
      }
      const mean = sum / years.length;
      if (Math.abs(mean - volume) > tolerance(volume, years.length)) off.push(`mean ${code}: ${mean} (volume ${volume})`);
    }
    for (const y of years) {
      const total = Object.values(truth.youthByYear[y]!).reduce((a, b) => a + b, 0);
      if (Math.abs(total - 16_942) > 0.03 * 16_942) off.push(`${y} region: ${total}`);
    }
    expect(off).toEqual([]);
  });

  it('brings former clients back to care: about a quarter of the episodes', () => {
    const p = truth.persons;
    const share = p.returningEpisodes / (p.registered + p.returningEpisodes);
    expect(share).toBeGreaterThan(0.2);
    expect(share).toBeLessThan(0.26);
  });
});

describe('demo traffic: persons over several years (Amstelveen 2028–2031)', () => {
  let stats: TrafficStats;
  const births = new Map<string, Set<string>>();
  const starts = new Map<string, string[]>();
  const stops = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, key: string, value: string) => map.set(key, [...(map.get(key) ?? []), value]);
  beforeAll(() => {
    const amstelveen: DemoRegion = { municipalities: [{ code: '0362', name: 'Amstelveen' }], areas: region.areas };
    stats = run({ region: amstelveen, providers, from: '2028-01-01', to: '2031-12-31', seed: 4, faultShare: 0, returnMessages: false }, (m) => {
      const bsn = one(m.xml, 'Bsn');
      if (bsn === undefined) return;
      let b = births.get(bsn);
      if (!b) births.set(bsn, (b = new Set()));
      b.add(one(m.xml, 'Datum')!);
      if (m.type === 'JW305') {
        for (const p of m.xml.split('<jw305:StartProduct>').slice(1)) if (one(p, 'StatusAanlevering') === '1') add(starts, bsn, one(p, 'Begindatum')!);
      }
      if (m.type === 'JW307') {
        for (const p of m.xml.split('<jw307:StopProduct>').slice(1)) {
          if (one(p, 'StatusAanlevering') === '1' && one(p, 'RedenBeeindiging') !== '20') add(stops, bsn, one(p, 'Einddatum')!);
        }
      }
    });
  });

  it('a small region stays within the test range 9999xxxxx', () => {
    expect([...births.keys()].every((b) => /^9999[0-9]{5}$/.test(b))).toBe(true);
    expect(stats.persons.bsnsFromExtendedRange).toBe(0);
    expect(stats.bsnsUsed).toBe(births.size);
  });

  it('one BSN is one person, also when they return to care years later', () => {
    expect([...births.values()].filter((b) => b.size !== 1)).toEqual([]);
    // Within one episode a start follows a definitive stop by at most 60 days (a follow-up
    // trajectory); a start half a year or more after one is a former client returning.
    let returned = 0;
    for (const [bsn, ends] of stops) {
      const later = (starts.get(bsn) ?? []).filter((b) => ends.some((e) => dayOf(b) - dayOf(e) >= 183));
      if (later.length > 0) returned++;
    }
    expect(returned / births.size).toBeGreaterThan(0.05);
    expect(stats.persons.returningEpisodes).toBeGreaterThan(200);
  });
});

describe('demo traffic: determinism and options', () => {
  const amstelveen = (): DemoRegion => ({ municipalities: [{ code: '0362', name: 'Amstelveen' }], areas: region.areas });

  it('the same seed gives the same bytes; another seed other bytes', () => {
    const base = { region, providers, from: '2028-01-01', to: '2028-01-31', seed: 5 };
    const a = digest(base);
    const b = digest(base);
    const c = digest({ ...base, seed: 6 });
    expect(a.count).toBeGreaterThan(5_000);
    expect(b).toEqual(a);
    expect(c.hash).not.toBe(a.hash);
  });

  it('faultShare 0 gives no faulty file; 0.1 about a tenth', () => {
    const none = run({ region: amstelveen(), providers, from: '2028-01-01', to: '2028-12-31', seed: 1, faultShare: 0 }, () => {});
    expect(none.faulty).toBe(0);
    expect(none.messages).toBeGreaterThan(3000);
    const tenth = run({ region: amstelveen(), providers, from: '2028-01-01', to: '2028-12-31', seed: 1, faultShare: 0.1 }, () => {});
    expect(tenth.faulty / tenth.messages).toBeGreaterThan(0.085);
    expect(tenth.faulty / tenth.messages).toBeLessThan(0.105);
  });

  it('retroactive requests lie before their Dagtekening, some more than half a year', () => {
    const back: number[] = [];
    run(
      { region: amstelveen(), providers, from: '2028-01-01', to: '2029-12-31', seed: 3, faultShare: 0.5, faultMix: { 'retroactive-request': 1000 } },
      (m) => {
        if (m.fault !== 'retroactive-request') return;
        back.push(dayOf(one(m.xml, 'Dagtekening')!) - dayOf(one(m.xml, 'ToewijzingIngangsdatum')!));
      },
    );
    expect(back.length).toBeGreaterThan(50);
    expect(Math.min(...back)).toBeGreaterThan(0);
    expect(back.filter((d) => d > 183).length).toBeGreaterThan(5);
  });

  it('refuses impossible options', () => {
    expect(() => generateTraffic({ region, providers, from: '2028-02-30', to: '2028-12-31', seed: 1 }).next()).toThrow(/not a calendar date/);
    expect(() => generateTraffic({ region, providers, from: '2028-01-01', to: '2027-12-31', seed: 1 }).next()).toThrow(/before/);
    expect(() => generateTraffic({ region, providers, from: '2028-01-01', to: '2028-12-31', seed: 1, faultShare: 2 }).next()).toThrow(/faultShare/);
    expect(() =>
      generateTraffic({ region: { municipalities: [{ code: '0307' }], areas: [] }, providers, from: '2028-01-01', to: '2028-12-31', seed: 1 }).next(),
    ).toThrow(/no yearly volume/);
  });
});
