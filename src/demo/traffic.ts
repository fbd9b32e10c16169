// Deterministic generator of realistic iJw 3.2 message traffic for a youth-care region: care
// trajectories of fictional young people, written as JW315/JW301/JW305/JW307 messages and their
// return messages, with a configurable share of faulty traffic. What is generated, and why, is
// described in docs/demo-data.md.
//
// Streaming: the generator walks day by day. On day d it plans the young people whose care starts
// on d + LOOKAHEAD (every message of such a trajectory is dated on or after d), puts all their
// messages in a priority queue keyed by delivery date, and writes the messages delivered on d.
// Memory holds only the trajectories still running (≈ the young people in care), never the
// messages already written.
//
// Determinism: all randomness comes from seeded streams (random.ts); the same options give the
// same files, byte for byte.

import {
  addWorkingDays,
  dayFromParts,
  dayOf,
  isoOf,
  isWorkingDay,
  onOrAfterWorkingDay,
  subtractWorkingDays,
  workingDaysBetween,
  yearOf,
  type Day,
} from '../domain/calendar-days.ts';
import {
  BERICHT_CODE,
  RETOUR_OF,
  writeJw301,
  writeJw305,
  writeJw307,
  writeJw315,
  writeRetour,
  type AssignedProduct,
  type AssignmentClientData,
  type ClientData,
  type HeaderData,
  type HeenType,
  type MessageType,
  type OmvangData,
  type RelationData,
  type RequestedProduct,
  type RetourType,
  type StartProductData,
  type StopProductData,
} from './ijw-writer.ts';
import { failingTestBsn, fictionalAddress, fictionalName, MUNICIPALITY_PLACES, parentName, testBsns, type Address } from './persons.ts';
import { Rng } from './random.ts';

// ---------------------------------------------------------------------------------------------
// Options and results

export interface DemoRegion {
  readonly municipalities: readonly { readonly code: string; readonly name?: string }[];
  /** Areas as in the region file; those `within` a municipality give its postcode (PC4) table. */
  readonly areas: readonly {
    readonly id: string;
    readonly municipalities?: readonly string[];
    readonly within?: { readonly municipality: string; readonly pc4: readonly string[] };
  }[];
}

export interface DemoProvider {
  /** Code in the allocation plan, e.g. DEMO03. */
  readonly code: string;
  /** 8-digit AGB code used as sender/receiver in the messages. */
  readonly agb: string;
  /** Theme codes the provider works in (A–D in Amsterdam-Amstelland). */
  readonly themes: readonly string[];
  /** Relative weight per theme (e.g. theme share × provider share); equal when absent. */
  readonly themeWeights?: Readonly<Record<string, number>>;
}

export type FaultKind =
  /** An impossible calendar date such as 2029-02-30 (fails the XSD). */
  | 'invalid-date'
  /** A code outside its code list: product category 39, reason 21, gender 3, … (fails the XSD). */
  | 'invalid-code'
  /** The BerichtCode of another message type (fails the XSD). */
  | 'wrong-berichtcode'
  /** A 9999xxxxx BSN that fails the eleven-test (passes the XSD). */
  | 'invalid-bsn'
  /** Einddatum before Begindatum (JW307) or Ingangsdatum (JW301) (passes the XSD). */
  | 'end-before-start'
  /** An exact second delivery of an earlier file (same bytes, later file). */
  | 'duplicate'
  /** Delivered after the next message of the same trajectory. */
  | 'out-of-order'
  /** JW315 whose requested start lies before its Dagtekening (some more than 6 months). */
  | 'retroactive-request'
  /** JW305 sent more than 5 working days after care started (OP271). */
  | 'late-start'
  /** JW307 sent more than 5 working days after care ended (OP272). */
  | 'late-stop';

export const FAULT_KINDS: readonly FaultKind[] = [
  'invalid-date',
  'invalid-code',
  'wrong-berichtcode',
  'invalid-bsn',
  'end-before-start',
  'duplicate',
  'out-of-order',
  'retroactive-request',
  'late-start',
  'late-stop',
];

/** Fault kinds that make a message fail the official XSD. */
export const XSD_INVALID_FAULTS: ReadonlySet<FaultKind> = new Set<FaultKind>(['invalid-date', 'invalid-code', 'wrong-berichtcode']);

/** Default relative weights of the fault kinds (only kinds that fit a message type compete). */
export const DEFAULT_FAULT_MIX: Readonly<Record<FaultKind, number>> = {
  'invalid-date': 10,
  'invalid-code': 8,
  'wrong-berichtcode': 6,
  'invalid-bsn': 8,
  'end-before-start': 6,
  duplicate: 16,
  'out-of-order': 14,
  'retroactive-request': 40,
  'late-start': 30,
  'late-stop': 30,
};

/** Young people receiving AJH in 2024 per municipality (DOMAIN.md §2), by CBS code. */
export const VOLUMES_2024: Readonly<Record<string, number>> = {
  '0358': 410, // Aalsmeer
  '0362': 1016, // Amstelveen
  '0363': 14378, // Amsterdam
  '0384': 424, // Diemen
  '0437': 206, // Ouder-Amstel
  '0451': 508, // Uithoorn
};

export interface TrafficOptions {
  readonly region: DemoRegion;
  /** First and last date (inclusive, YYYY-MM-DD) of the delivered files. */
  readonly from: string;
  readonly to: string;
  readonly seed: number;
  /** Share of the generated files that is faulty, 0..1 (default 0.02). */
  readonly faultShare?: number;
  readonly providers: readonly DemoProvider[];
  /** Young people with care per municipality per year (default VOLUMES_2024). */
  readonly volumes?: Readonly<Record<string, number>>;
  /** Also write the return messages JW316/302/306/308 (default true). */
  readonly returnMessages?: boolean;
  /** Relative weights of the fault kinds (default DEFAULT_FAULT_MIX). */
  readonly faultMix?: Partial<Record<FaultKind, number>>;
  /**
   * Share of a provider's new trajectories that runs assignment-based ([315 →] 301 → 305 → 307)
   * rather than task-based (305/307 only), per calendar year; default `defaultAssignmentShare`.
   */
  readonly assignmentShare?: (year: number, providerIndex: number) => number;
}

export interface DemoMessage {
  /** Relative path: month folder and file name, e.g. 2028-03/2028-03-14_JW305_99000003_0000123.xml */
  readonly fileName: string;
  readonly xml: string;
  /** The message type the file claims to be (also when its BerichtCode is wrong). */
  readonly type: MessageType;
  /** Who wrote the file (for return messages: the party that returns it). */
  readonly sender: string;
  /** Delivery date (YYYY-MM-DD): the date in the file name. */
  readonly delivered: string;
  /** Set for faulty files only. */
  readonly fault?: FaultKind;
}

export interface TrafficStats {
  messages: number;
  byType: Record<string, number>;
  faulty: number;
  faultsByKind: Record<string, number>;
  /** Ground truth: unique young people with care overlapping each calendar year, per municipality. */
  youthByYear: Record<string, Record<string, number>>;
  /** Trajectories with at least one care day in the window, by variant and by care form. */
  trajectories: { assignment: number; task: number; byCareForm: Record<string, number> };
  /** Times a BSN had to be given to a second person while the first was still in care (pool exhausted). */
  bsnReusedWhileActive: number;
  /** Distinct BSNs handed out (at most 9,091: the eleven-test-valid numbers 9999xxxxx). */
  bsnsUsed: number;
  /** Most BSNs held by people at the same time. */
  bsnsHeldMax: number;
  /** The flow model: mean care-episode length and new care episodes per year per municipality. */
  model: { meanEpisodeYears: number; careEpisodeShare: number; newEpisodesPerYear: Record<string, number> };
}

/**
 * Default assignment-based share: the region moves from assignment-based to task-based traffic
 * from its 2028 start. Each provider starts between 25% and 75% assignment-based in 2028 and halves
 * that every year, down to a floor of 15% (care that stays assigned per client: statutory
 * referrals by the certified institution or the court, individual arrangements).
 */
export function defaultAssignmentShare(year: number, providerIndex: number): number {
  const base = 0.25 + (0.5 * ((providerIndex * 7) % 20)) / 19;
  const years = Math.max(0, year - 2028);
  return Math.max(0.15, base * Math.pow(0.5, years));
}

// ---------------------------------------------------------------------------------------------
// Care model (documented in docs/demo-data.md)

/** Care forms: iJw product categories 32–38 (JZ020). */
const CARE_FORMS = ['32', '33', '34', '35', '36', '37', '38'] as const;
type CareForm = (typeof CARE_FORMS)[number];
const RESIDENTIAL = new Set<string>(['35', '36', '37', '38']);

/** Care-form mix per theme, in percent of that theme's trajectories. */
const THEME_MIX: Readonly<Record<string, Readonly<Partial<Record<CareForm, number>>>>> = {
  A: { '32': 50, '33': 20, '34': 28, '38': 2 },
  B: { '32': 20, '33': 3, '34': 45, '35': 16, '36': 8, '38': 8 },
  C: { '32': 55, '33': 7, '34': 30, '38': 8 },
  D: { '32': 25, '34': 40, '37': 8, '38': 27 },
};
/** Mix for themes the generator does not know (other regions). */
const GENERIC_MIX: Readonly<Partial<Record<CareForm, number>>> = { '32': 37, '33': 7, '34': 37, '35': 6, '36': 3, '37': 1, '38': 9 };

/** Duration of one trajectory per care form: log-normal, median days and shape σ. */
const DURATION: Readonly<Record<CareForm, { readonly median: number; readonly sigma: number }>> = {
  '32': { median: 150, sigma: 0.7 },
  '33': { median: 180, sigma: 0.6 },
  '34': { median: 180, sigma: 0.7 },
  '35': { median: 500, sigma: 0.8 },
  '36': { median: 400, sigma: 0.7 },
  '37': { median: 120, sigma: 0.5 },
  '38': { median: 270, sigma: 0.7 },
};
const MIN_DURATION = 14;
const MAX_DURATION = 1826; // 5 years

/** Age at the start of care (years): bands and weights. */
const AGE_BANDS: readonly { readonly lo: number; readonly hi: number; readonly w: number }[] = [
  { lo: 0, hi: 3, w: 7 },
  { lo: 4, hi: 11, w: 36 },
  { lo: 12, hi: 17, w: 53 },
  { lo: 18, hi: 22, w: 4 },
];

/** Reasons for a definitive stop (JZ588) and their weights. */
const END_REASONS = ['31', '32', '33', '34', '35', '36', '38', '39', '02'] as const;
const END_REASON_WEIGHTS = [55, 13, 5, 15, 4, 2, 2, 3, 0.05];

/** Referrer types (COD327) on a JW315 and the name written with them. */
const REFERRERS: readonly { readonly type: string; readonly name: string; readonly w: number }[] = [
  { type: '02', name: 'Huisarts', w: 45 },
  { type: '03', name: 'Jeugdarts', w: 7 },
  { type: '04', name: 'Gecertificeerde instelling', w: 18 },
  { type: '05', name: 'Medisch specialist', w: 22 },
  { type: '08', name: 'Kinderrechter', w: 8 },
];

/** Monthly seasonality of care starts (January … December). */
const SEASON = [1.1, 1.1, 1.1, 1.0, 1.0, 1.0, 0.75, 0.7, 1.15, 1.1, 1.1, 0.85];

/** Share of trajectories with a temporary stop (reason 20). */
const P_PAUSE_AMBULANT = 0.05;
const P_PAUSE_RESIDENTIAL = 0.09;
/** Share of temporary stops that are resumed with a new JW305 (the others end definitively). */
const P_RESUME = 0.85;
/** Episodes with a second trajectory after the first (step up/down, other provider). */
const P_FOLLOW_UP = 0.14;
/** Episodes with a second trajectory alongside the first. */
const P_CONCURRENT = 0.06;
/** Young people who age out at 18 when care would run past the 18th birthday. */
const P_END_AT_18 = 0.75;
/** JW315 before the JW301 in the assignment-based variant (statutory referral). */
const P_REQUEST = 0.55;
/** A start sent with a wrong Begindatum, then withdrawn (StatusAanlevering 3) and sent again. */
const P_START_CORRECTION = 0.015;
/** A definitive stop sent with a wrong Einddatum, then withdrawn and sent again. */
const P_STOP_CORRECTION = 0.008;
/** A start sent and withdrawn without replacement: the care never happened. */
const P_NO_SHOW = 0.005;
/** An assignment that is never started. */
const P_NEVER_STARTED = 0.02;

/** Amsterdam areas by id (illustrative region file) and their share of Amsterdam's young people. */
const AMSTERDAM_AREA_WEIGHTS: Readonly<Record<string, number>> = {
  'centrum-zuid': 18,
  'nieuw-west': 22,
  west: 14,
  noord: 15,
  oost: 16,
  'zuidoost-weesp': 15,
};
/** Postcodes of a municipality that its area table leaves out (→ "unknown area"), and their share. */
const UNLISTED_PC4: Readonly<Record<string, readonly string[]>> = { '0363': ['1041', '1042', '1044', '1045', '1099'] };
const P_UNLISTED_PC4 = 0.02;

/** Days before the first care start at which the earliest message of a trajectory can be dated. */
const LOOKAHEAD = 200;
/** Simulated run-in before `from` so that the young people already in care at `from` are there. */
const WARM_UP = MAX_DURATION + 200;
/** Days a BSN rests after its holder's last planned message before it is given to another person. */
const BSN_QUARANTINE = 14;

// ---------------------------------------------------------------------------------------------
// Internal shapes

interface MunicipalityInfo {
  readonly code: string;
  readonly index: number;
  readonly dailyRate: number;
  readonly placeOf: (rng: Rng) => { pc4: string; place: string };
}

interface ProviderInfo {
  readonly index: number;
  readonly agb: string;
}

/** Client data whose BSN is set once the person's last message date (and so the BSN's release) is known. */
interface MutableClient extends ClientData {
  bsn: string;
}

interface Person {
  readonly client: MutableClient;
  readonly assignmentClient: MutableClient & AssignmentClientData;
  /** When the person's BSN may go back to the pool (set once all their messages are planned). */
  release: Day;
}

interface Pause {
  /** Last day of care before the temporary stop. */
  readonly end: Day;
  /** First day of care after it; undefined when care does not resume. */
  readonly resume?: Day;
}

interface TrajectoryShape {
  readonly provider: ProviderInfo;
  readonly careForm: CareForm;
  begin: Day;
  end: Day;
  reason: string;
  pause?: Pause;
  assignment: boolean;
  neverStarted: boolean;
  noShow: boolean;
  /** Begun before `from` and continued under the new contract from `from`. */
  transition: boolean;
}

interface EpisodeShape {
  readonly birth: Day;
  readonly gender: string;
  readonly trajectories: TrajectoryShape[];
}

type Payload =
  | { readonly kind: 'JW315'; readonly products: readonly RequestedProduct[] }
  | { readonly kind: 'JW301'; readonly products: readonly AssignedProduct[] }
  | { readonly kind: 'JW305'; readonly products: readonly StartProductData[] }
  | { readonly kind: 'JW307'; readonly products: readonly StopProductData[] }
  | { readonly kind: 'retour'; readonly original: HeaderData };

interface Pending {
  delivery: Day;
  order: number;
  readonly type: MessageType;
  readonly dag: Day;
  readonly sender: string;
  readonly receiver: string;
  readonly person?: Person;
  readonly payload?: Payload;
  /** Fault of this file. */
  fault?: FaultKind;
  /** Deliver an exact copy later (the copy is the faulty file). */
  duplicateLater?: boolean;
  /** Prebuilt content of a duplicate copy. */
  readonly xml?: string;
  /** Write a return message when delivered. */
  readonly wantsRetour: boolean;
}

/** Min-heap on (delivery, order). */
class PendingQueue {
  private readonly items: Pending[] = [];
  get size(): number {
    return this.items.length;
  }
  peek(): Pending | undefined {
    return this.items[0];
  }
  private less(a: Pending, b: Pending): boolean {
    return a.delivery < b.delivery || (a.delivery === b.delivery && a.order < b.order);
  }
  push(p: Pending): void {
    const a = this.items;
    a.push(p);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(a[i]!, a[parent]!)) break;
      [a[i], a[parent]] = [a[parent]!, a[i]!];
      i = parent;
    }
  }
  pop(): Pending | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l]!, a[m]!)) m = l;
        if (r < a.length && this.less(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}

/** The pool of test BSNs: a person keeps a BSN until BSN_QUARANTINE days after their last message. */
class BsnPool {
  private readonly bsns: readonly string[];
  private idle: number[] = [];
  private idleHead = 0;
  private readonly busy: { release: Day; slot: number }[] = [];
  private nextForced = 0;
  used = 0;
  reusedWhileActive = 0;
  heldMax = 0;
  private readonly everUsed = new Uint8Array(testBsns().length);

  constructor(rng: Rng) {
    this.bsns = testBsns();
    const order = this.bsns.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    this.idle = order;
  }

  /** Moves every BSN released on or before `day` back to the idle queue. */
  releaseUntil(day: Day): void {
    const b = this.busy;
    while (b.length > 0 && b[0]!.release <= day) {
      const top = b[0]!;
      const last = b.pop()!;
      if (b.length > 0) {
        b[0] = last;
        let i = 0;
        for (;;) {
          const l = 2 * i + 1;
          const r = l + 1;
          let m = i;
          if (l < b.length && b[l]!.release < b[m]!.release) m = l;
          if (r < b.length && b[r]!.release < b[m]!.release) m = r;
          if (m === i) break;
          [b[i], b[m]] = [b[m]!, b[i]!];
          i = m;
        }
      }
      this.idle.push(top.slot);
    }
    if (this.idleHead > 4096 && this.idleHead * 2 > this.idle.length) {
      this.idle = this.idle.slice(this.idleHead);
      this.idleHead = 0;
    }
  }

  /** A BSN for a new person, busy until `release`. */
  acquire(release: Day): string {
    let slot: number;
    if (this.idleHead < this.idle.length) {
      slot = this.idle[this.idleHead++]!;
      this.pushBusy(release, slot);
      this.heldMax = Math.max(this.heldMax, this.busy.length);
    } else {
      // Every test BSN is held by someone still in care: share one (counted, and documented).
      this.reusedWhileActive++;
      slot = this.nextForced++ % this.bsns.length;
    }
    if (this.everUsed[slot] === 0) {
      this.everUsed[slot] = 1;
      this.used++;
    }
    return this.bsns[slot]!;
  }

  private pushBusy(release: Day, slot: number): void {
    const b = this.busy;
    b.push({ release, slot });
    let i = b.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (b[i]!.release >= b[parent]!.release) break;
      [b[i], b[parent]] = [b[parent]!, b[i]!];
      i = parent;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The generator

const HEEN_FAULTS: Readonly<Record<HeenType, readonly FaultKind[]>> = {
  JW315: ['invalid-date', 'invalid-code', 'wrong-berichtcode', 'invalid-bsn', 'duplicate', 'out-of-order', 'retroactive-request'],
  JW301: ['invalid-date', 'invalid-code', 'wrong-berichtcode', 'invalid-bsn', 'end-before-start', 'duplicate', 'out-of-order'],
  JW305: ['invalid-date', 'invalid-code', 'wrong-berichtcode', 'invalid-bsn', 'duplicate', 'out-of-order', 'late-start'],
  JW307: ['invalid-date', 'invalid-code', 'wrong-berichtcode', 'invalid-bsn', 'end-before-start', 'duplicate', 'out-of-order', 'late-stop'],
};
const RETOUR_FAULTS: readonly FaultKind[] = ['invalid-date', 'wrong-berichtcode', 'duplicate'];
/** Kinds decided while planning a timeline (they move dates). */
const TIMELINE_FAULTS: ReadonlySet<FaultKind> = new Set<FaultKind>(['retroactive-request', 'late-start', 'late-stop']);

/** Another message type's BerichtCode, for the wrong-berichtcode fault. */
const WRONG_CODE: Readonly<Record<MessageType, string>> = {
  JW315: '486', // JW317's code
  JW301: BERICHT_CODE.JW305,
  JW305: BERICHT_CODE.JW307,
  JW307: BERICHT_CODE.JW305,
  JW316: BERICHT_CODE.JW306,
  JW302: BERICHT_CODE.JW301,
  JW306: BERICHT_CODE.JW308,
  JW308: BERICHT_CODE.JW306,
};

interface FaultTable {
  readonly kinds: readonly FaultKind[];
  readonly cumulative: readonly number[];
}

function faultTable(kinds: readonly FaultKind[], mix: Readonly<Record<FaultKind, number>>): FaultTable {
  const usable = kinds.filter((k) => mix[k] > 0);
  const total = usable.reduce((s, k) => s + mix[k], 0);
  let acc = 0;
  const cumulative = usable.map((k) => (acc += mix[k] / total));
  return { kinds: usable, cumulative };
}

export class TrafficGenerator {
  readonly stats: TrafficStats = {
    messages: 0,
    byType: {},
    faulty: 0,
    faultsByKind: {},
    youthByYear: {},
    trajectories: { assignment: 0, task: 0, byCareForm: {} },
    bsnReusedWhileActive: 0,
    bsnsUsed: 0,
    bsnsHeldMax: 0,
    model: { meanEpisodeYears: 0, careEpisodeShare: 0, newEpisodesPerYear: {} },
  };

  private readonly fromDay: Day;
  private readonly toDay: Day;
  private readonly faultShare: number;
  private readonly returnMessages: boolean;
  private readonly assignmentShare: (year: number, providerIndex: number) => number;
  private readonly municipalities: MunicipalityInfo[];
  private readonly providers: ProviderInfo[];
  private readonly themeCodes: string[];
  private readonly themeWeights: number[];
  private readonly themeProviders: { readonly providers: ProviderInfo[]; readonly weights: number[] }[];
  private readonly themeCareForms: { readonly forms: CareForm[]; readonly weights: number[] }[];
  private readonly heenFaults: Readonly<Record<HeenType, FaultTable>>;
  /** The same without the kinds that change a timeline (for corrections and withdrawals). */
  private readonly plainFaults: Readonly<Record<HeenType, FaultTable>>;
  private readonly retourFaults: FaultTable;

  private readonly planRng: Rng;
  private readonly personRng: Rng;
  private readonly emitRng: Rng;
  private readonly pool: BsnPool;
  private readonly queue = new PendingQueue();
  private order = 0;
  private fileSeq = 0;
  private readonly idCounters = new Map<string, number>();
  private readonly assignmentNumbers = new Map<string, number>();
  private readonly referenceNumbers = new Map<string, number>();
  private readonly dayWeightCache = new Map<number, Float64Array>();
  /** Mean care-episode length in years and share of episodes without care (calibration). */
  private readonly calibration: { meanYears: number; careShare: number };

  constructor(readonly options: TrafficOptions) {
    this.fromDay = dayOf(options.from);
    this.toDay = dayOf(options.to);
    if (this.toDay < this.fromDay) throw new RangeError(`to (${options.to}) is before from (${options.from})`);
    this.faultShare = options.faultShare ?? 0.02;
    if (!(this.faultShare >= 0 && this.faultShare <= 1)) throw new RangeError(`faultShare must be between 0 and 1, got ${this.faultShare}`);
    this.returnMessages = options.returnMessages ?? true;
    this.assignmentShare = options.assignmentShare ?? defaultAssignmentShare;
    if (options.providers.length === 0) throw new RangeError('at least one provider is needed');
    if (options.region.municipalities.length === 0) throw new RangeError('the region has no municipalities');

    this.planRng = Rng.stream(options.seed, 'plan');
    this.personRng = Rng.stream(options.seed, 'person');
    this.emitRng = Rng.stream(options.seed, 'emit');
    this.pool = new BsnPool(Rng.stream(options.seed, 'bsn'));

    const mix: Record<FaultKind, number> = { ...DEFAULT_FAULT_MIX };
    for (const [k, v] of Object.entries(options.faultMix ?? {})) if (v !== undefined) mix[k as FaultKind] = v;
    this.heenFaults = {
      JW315: faultTable(HEEN_FAULTS.JW315, mix),
      JW301: faultTable(HEEN_FAULTS.JW301, mix),
      JW305: faultTable(HEEN_FAULTS.JW305, mix),
      JW307: faultTable(HEEN_FAULTS.JW307, mix),
    };
    const plain = (type: HeenType) => faultTable(HEEN_FAULTS[type].filter((k) => !TIMELINE_FAULTS.has(k)), mix);
    this.plainFaults = { JW315: plain('JW315'), JW301: plain('JW301'), JW305: plain('JW305'), JW307: plain('JW307') };
    this.retourFaults = faultTable(RETOUR_FAULTS, mix);

    // Providers per theme, and care forms per theme.
    this.providers = options.providers.map((p, index) => {
      if (!/^[0-9]{8}$/.test(p.agb)) throw new RangeError(`provider ${p.code}: AGB code must be 8 digits, got "${p.agb}"`);
      return { index, agb: p.agb };
    });
    const themes = new Map<string, { providers: ProviderInfo[]; weights: number[] }>();
    options.providers.forEach((p, i) => {
      const list = p.themes.length > 0 ? p.themes : ['-'];
      for (const t of list) {
        const w = p.themeWeights?.[t] ?? 1;
        if (!(w > 0)) continue;
        let entry = themes.get(t);
        if (!entry) themes.set(t, (entry = { providers: [], weights: [] }));
        entry.providers.push(this.providers[i]!);
        entry.weights.push(w);
      }
    });
    this.themeCodes = [...themes.keys()].sort();
    if (this.themeCodes.length === 0) throw new RangeError('no provider has a theme with a positive weight');
    this.themeProviders = this.themeCodes.map((t) => themes.get(t)!);
    this.themeWeights = this.themeProviders.map((e) => e.weights.reduce((s, w) => s + w, 0));
    this.themeCareForms = this.themeCodes.map((t) => {
      const m = THEME_MIX[t] ?? GENERIC_MIX;
      const forms = CARE_FORMS.filter((f) => (m[f] ?? 0) > 0);
      return { forms, weights: forms.map((f) => m[f]!) };
    });

    this.calibration = this.calibrate();
    const volumes = options.volumes ?? VOLUMES_2024;
    this.municipalities = options.region.municipalities.map((m, index) => {
      const volume = volumes[m.code];
      if (volume === undefined) throw new RangeError(`no yearly volume for municipality ${m.code}: pass options.volumes`);
      // Stationary flow: unique young people in a year = in care on 1 January (λ·E[D]) + new
      // episodes during the year (λ); only episodes with care count.
      const perYear = volume / (this.calibration.careShare * (1 + this.calibration.meanYears));
      this.stats.model.newEpisodesPerYear[m.code] = Math.round(perYear);
      return { code: m.code, index, dailyRate: perYear / 365.25, placeOf: placeChooser(m.code, m.name, options.region) };
    });
    this.stats.model.meanEpisodeYears = Math.round(this.calibration.meanYears * 1000) / 1000;
    this.stats.model.careEpisodeShare = Math.round(this.calibration.careShare * 1000) / 1000;
  }

  /** Mean episode length (years) and share of episodes with care, by sampling 20,000 episodes. */
  private calibrate(): { meanYears: number; careShare: number } {
    const rng = Rng.stream(this.options.seed, 'calibrate');
    const start = this.fromDay;
    let sum = 0;
    let care = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const e = this.sampleEpisode(rng, start);
      const t = e.trajectories.filter((x) => !x.neverStarted && !x.noShow);
      if (t.length === 0) continue;
      care++;
      let end = start;
      for (const x of t) end = Math.max(end, x.end);
      sum += (end - start + 1) / 365.25;
    }
    return { meanYears: sum / care, careShare: care / n };
  }

  /** The messages, in delivery order. */
  *messages(): Generator<DemoMessage, TrafficStats> {
    const firstPlanDay = this.fromDay - WARM_UP - LOOKAHEAD;
    for (let d = firstPlanDay; d <= this.toDay; d++) {
      this.pool.releaseUntil(d);
      const start = d + LOOKAHEAD;
      for (const m of this.municipalities) {
        const n = this.planRng.poisson(m.dailyRate * this.dayWeight(start));
        for (let i = 0; i < n; i++) this.planEpisode(m, start, d);
      }
      if (d < this.fromDay) {
        // Run-in: nothing is delivered before `from`.
        while ((this.queue.peek()?.delivery ?? Infinity) < this.fromDay) this.queue.pop();
        continue;
      }
      for (let p = this.queue.peek(); p && p.delivery <= d; p = this.queue.peek()) {
        this.queue.pop();
        yield this.emit(p);
      }
    }
    this.stats.bsnReusedWhileActive = this.pool.reusedWhileActive;
    this.stats.bsnsUsed = this.pool.used;
    this.stats.bsnsHeldMax = this.pool.heldMax;
    return this.stats;
  }

  // -- arrivals ---------------------------------------------------------------------------------

  /** Relative intensity of care starts on a day (season × working day), averaging 1 over a year. */
  private dayWeight(day: Day): number {
    const year = yearOf(day);
    let weights = this.dayWeightCache.get(year);
    if (!weights) {
      const first = dayFromParts(year, 1, 1);
      const n = dayFromParts(year + 1, 1, 1) - first;
      weights = new Float64Array(n);
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const month = new Date((first + i) * 86_400_000).getUTCMonth();
        const w = SEASON[month]! * (isWorkingDay(first + i) ? 1.3 : 0.2);
        weights[i] = w;
        sum += w;
      }
      for (let i = 0; i < n; i++) weights[i] = (weights[i]! * n) / sum;
      this.dayWeightCache.set(year, weights);
    }
    return weights[day - dayFromParts(year, 1, 1)]!;
  }

  private pickTheme(rng: Rng): number {
    return rng.weighted(this.themeWeights);
  }

  private pickProvider(rng: Rng, theme: number): ProviderInfo {
    const e = this.themeProviders[theme]!;
    return e.providers[rng.weighted(e.weights)]!;
  }

  private pickCareForm(rng: Rng, theme: number, not?: CareForm): CareForm {
    const e = this.themeCareForms[theme]!;
    for (let tries = 0; tries < 10; tries++) {
      const f = e.forms[rng.weighted(e.weights)]!;
      if (f !== not) return f;
    }
    return not === '34' ? '32' : '34';
  }

  private duration(rng: Rng, form: CareForm): number {
    const p = DURATION[form];
    return Math.min(MAX_DURATION, Math.max(MIN_DURATION, Math.round(rng.logNormal(p.median, p.sigma))));
  }

  private endReason(rng: Rng): string {
    return END_REASONS[rng.weighted(END_REASON_WEIGHTS)]!;
  }

  /** One young person's care episode starting on `start`: 1 trajectory, sometimes 2. */
  private sampleEpisode(rng: Rng, start: Day): EpisodeShape {
    const band = AGE_BANDS[rng.weighted(AGE_BANDS.map((b) => b.w))]!;
    const theme = this.pickTheme(rng);
    const careForm = this.pickCareForm(rng, theme);
    let age = rng.range(band.lo, band.hi);
    if (careForm === '37' && age < 12) age = rng.range(12, 17); // secure placement: teenagers
    const birth = start - Math.floor(age * 365.25) - rng.int(365);
    const g = rng.next();
    const gender = g < 0.01 ? '0' : g < 0.56 ? '1' : '2';
    const first = this.sampleTrajectory(rng, theme, careForm, start, birth);
    const trajectories = [first];
    if (rng.chance(P_NO_SHOW)) {
      first.noShow = true;
      first.end = first.begin;
      first.pause = undefined;
      return { birth, gender, trajectories };
    }
    if (rng.chance(P_FOLLOW_UP)) {
      const t2 = this.pickTheme(rng);
      const form2 = this.pickCareForm(rng, t2, careForm);
      const begin = first.end + rng.range(1, 60);
      const second = this.sampleTrajectory(rng, t2, form2, begin, birth);
      if (second.provider !== first.provider && first.reason === '31' && rng.chance(0.5)) first.reason = '38';
      if (second.begin < birth + ageDays(23)) trajectories.push(second);
    } else if (rng.chance(P_CONCURRENT / (1 - P_FOLLOW_UP))) {
      const t2 = this.pickTheme(rng);
      const form2 = this.pickCareForm(rng, t2, careForm);
      const begin = start + rng.range(0, 45);
      if (begin < first.end - MIN_DURATION) trajectories.push(this.sampleTrajectory(rng, t2, form2, begin, birth));
    }
    return { birth, gender, trajectories };
  }

  private sampleTrajectory(rng: Rng, theme: number, careForm: CareForm, begin: Day, birth: Day): TrajectoryShape {
    const provider = this.pickProvider(rng, theme);
    let end = begin + this.duration(rng, careForm) - 1;
    let reason = this.endReason(rng);
    const at18 = birthday(birth, 18);
    const at23 = birthday(birth, 23);
    if (begin < at18 && end >= at18 && rng.chance(P_END_AT_18)) {
      end = Math.max(begin + MIN_DURATION - 1, at18 - 1);
      reason = '31';
    } else if (end >= at23) {
      end = Math.max(begin + MIN_DURATION - 1, at23 - 1);
      reason = '31';
    }
    let pause: Pause | undefined;
    const length = end - begin + 1;
    if (length >= 60 && rng.chance(RESIDENTIAL.has(careForm) ? P_PAUSE_RESIDENTIAL : P_PAUSE_AMBULANT)) {
      const pauseEnd = begin + Math.floor(length * (0.25 + 0.5 * rng.next()));
      const gap = rng.range(14, 90);
      if (rng.chance(P_RESUME)) {
        pause = { end: pauseEnd, resume: pauseEnd + 1 + gap };
        end += gap;
      } else {
        pause = { end: pauseEnd };
        end = pauseEnd + gap; // known to be final only then: the definitive stop's Einddatum
        reason = rng.pick(['32', '34', '35']);
      }
    }
    const assignment = rng.chance(this.assignmentShare(yearOf(begin), provider.index));
    const neverStarted = assignment && rng.chance(P_NEVER_STARTED);
    return { provider, careForm, begin, end, reason, ...(pause ? { pause } : {}), assignment, neverStarted, noShow: false, transition: false };
  }

  // -- planning ---------------------------------------------------------------------------------

  private planEpisode(m: MunicipalityInfo, start: Day, today: Day): void {
    const rng = this.planRng;
    const shape = this.sampleEpisode(rng, start);
    // Trajectories that begin before `from` continue under the new contract from `from`;
    // those that ended before it are not part of the window.
    const kept: TrajectoryShape[] = [];
    for (const t of shape.trajectories) {
      if (t.begin >= this.fromDay) {
        kept.push(t);
        continue;
      }
      if (t.noShow || t.neverStarted || t.end < this.fromDay + 7) continue;
      if (t.pause && t.pause.end < this.fromDay + 7) {
        if (t.pause.resume === undefined) continue;
        delete t.pause;
      }
      t.begin = this.fromDay;
      t.transition = true;
      t.assignment = rng.chance(this.assignmentShare(yearOf(this.fromDay), t.provider.index));
      kept.push(t);
    }
    if (kept.length === 0) return;

    const person = this.makePerson(m, shape);
    const messages: Pending[] = [];
    for (const t of kept) {
      const chain = t.assignment ? this.planAssignmentBased(m, t, person) : this.planTaskBased(m, t, person);
      this.finishChain(chain, messages);
    }
    let last = today;
    for (const p of messages) {
      if (p.delivery < today) p.delivery = today; // cannot happen with LOOKAHEAD; keeps the stream ordered
      this.queue.push(p);
      last = Math.max(last, p.delivery);
    }
    // Duplicates, return messages and out-of-order files follow the last message by ≤ 30 days.
    person.release = last + BSN_QUARANTINE;
    this.countGroundTruth(m, kept);
  }

  private countGroundTruth(m: MunicipalityInfo, kept: readonly TrajectoryShape[]): void {
    const years = new Set<number>();
    for (const t of kept) {
      if (t.noShow || t.neverStarted) continue;
      const b = Math.max(t.begin, this.fromDay);
      const e = Math.min(t.end, this.toDay);
      if (b > e) continue;
      for (let y = yearOf(b); y <= yearOf(e); y++) years.add(y);
      if (t.assignment) this.stats.trajectories.assignment++;
      else this.stats.trajectories.task++;
      this.stats.trajectories.byCareForm[t.careForm] = (this.stats.trajectories.byCareForm[t.careForm] ?? 0) + 1;
    }
    for (const y of years) {
      const row = (this.stats.youthByYear[String(y)] ??= {});
      row[m.code] = (row[m.code] ?? 0) + 1;
    }
  }

  private makePerson(m: MunicipalityInfo, shape: EpisodeShape): Person {
    const rng = this.personRng;
    const naam = fictionalName(rng, shape.gender);
    const { pc4, place } = m.placeOf(rng);
    const adres: Address = fictionalAddress(rng, pc4, place);
    const relaties: RelationData[] = [];
    if (rng.chance(0.6)) {
      const parent = parentName(rng, naam);
      const local = `${parent.name.voornamen.split(' ')[0]}.${naam.achternaam}`
        .normalize('NFD')
        .replace(/[^A-Za-z.]/g, '')
        .toLowerCase();
      relaties.push({
        nummer: '1',
        soort: '10',
        geslacht: parent.gender,
        naam: parent.name,
        contactSoort: '01',
        adres,
        emailadres: `${local}@example.org`,
      });
    }
    // The BSN is filled in by assignBsn once the episode's last message date is known.
    const client: MutableClient = { bsn: '', geboortedatum: isoOf(shape.birth), geslacht: shape.gender, naam };
    const assignmentClient: MutableClient & AssignmentClientData = { ...client, adres, ...(relaties.length > 0 ? { relaties } : {}) };
    return { client, assignmentClient, release: 0 };
  }

  /** A person gets a BSN when their first message is delivered, and holds it until `release`. */
  private ensureBsn(person: Person): void {
    if (person.client.bsn !== '') return;
    const bsn = this.pool.acquire(person.release);
    person.client.bsn = bsn;
    person.assignmentClient.bsn = bsn;
  }

  /** Draws whether a message is faulty, and how (only kinds that fit its type). */
  private rollFault(rng: Rng, table: FaultTable): FaultKind | undefined {
    if (this.faultShare <= 0 || rng.next() >= this.faultShare) return undefined;
    const u = rng.next();
    for (let i = 0; i < table.kinds.length; i++) if (u < table.cumulative[i]!) return table.kinds[i];
    return table.kinds[table.kinds.length - 1];
  }

  private nextAssignmentNumber(municipality: string): number {
    const n = (this.assignmentNumbers.get(municipality) ?? 1_000_000) + 1;
    this.assignmentNumbers.set(municipality, n);
    return n;
  }

  private nextReference(agb: string, year: number): string {
    const n = (this.referenceNumbers.get(agb) ?? 0) + 1;
    this.referenceNumbers.set(agb, n);
    return `VOT-${year}-${String(n).padStart(6, '0')}`;
  }

  private pending(type: MessageType, dag: Day, sender: string, receiver: string, person: Person, payload: Payload, fault?: FaultKind): Pending {
    return { delivery: dag, order: this.order++, type, dag, sender, receiver, person, payload, ...(fault ? { fault } : {}), wantsRetour: this.returnMessages };
  }

  /**
   * Dagtekening of a start or stop message for an event on `ref`: 0–4 working days later (at
   * most `maxNormal`), or, when late, 8 to `maxLate` (≤ 60) working days later.
   */
  private reportDay(ref: Day, late: boolean, maxLate = 60, maxNormal = 4): Day {
    const rng = this.planRng;
    if (late) {
      const hi = Math.max(8, Math.min(60, maxLate));
      return addWorkingDays(ref, rng.chance(0.7) || hi <= 20 ? rng.range(8, Math.min(20, hi)) : rng.range(21, hi));
    }
    const u = rng.next();
    return addWorkingDays(ref, Math.min(maxNormal, u < 0.35 ? 0 : u < 0.65 ? 1 : u < 0.82 ? 2 : u < 0.93 ? 3 : 4));
  }

  /**
   * A late start or stop must still come before the next event of its trajectory (`before`),
   * otherwise that event's message would be late as well: room in working days, or a plain fault.
   */
  private lateRoom(ref: Day, before: Day): number {
    return workingDaysBetween(ref, before) - 2;
  }

  private omvang(form: CareForm): OmvangData {
    const rng = this.planRng;
    if (RESIDENTIAL.has(form)) return { volume: 7, eenheid: '14', frequentie: '2' };
    if (form === '33') return { volume: rng.range(2, 8), eenheid: '16', frequentie: '2' };
    return { volume: rng.range(1, 4), eenheid: '04', frequentie: '2' };
  }

  private assignmentPeriodEnd(ingang: Day, form: CareForm): Day {
    const months = RESIDENTIAL.has(form) ? 12 : this.planRng.chance(0.5) ? 6 : 12;
    const d = new Date(ingang * 86_400_000);
    return dayFromParts(d.getUTCFullYear(), d.getUTCMonth() + 1 + months, d.getUTCDate()) - 1;
  }

  private time(): string {
    const rng = this.planRng;
    const two = (n: number) => (n < 10 ? '0' : '') + n;
    return `${two(rng.range(8, 17))}:${two(rng.int(60))}:${two(rng.int(60))}`;
  }

  /**
   * Assignment-based trajectory: [JW315 →] JW301 → JW305 → (temporary JW307 → JW305) → JW307,
   * with extension JW301s while care runs past the assignment and a closing JW301 after an
   * early stop. Returns the messages in trajectory order.
   */
  private planAssignmentBased(m: MunicipalityInfo, t: TrajectoryShape, person: Person): Pending[] {
    const rng = this.planRng;
    const agb = t.provider.agb;
    const chain: Pending[] = [];
    const S = t.begin;
    const nummer = this.nextAssignmentNumber(m.code);
    const has315 = !t.transition && rng.chance(P_REQUEST);
    const fault315 = has315 ? this.rollFault(rng, this.heenFaults.JW315) : undefined;

    let A: Day; // Dagtekening of the first JW301
    let ingang: Day; // Ingangsdatum of the assignment
    let reference: string | undefined;
    if (t.transition) {
      // Converted to the new contract: assigned in the first days (prepared in advance).
      A = addWorkingDays(this.fromDay, rng.range(0, 2));
      ingang = this.fromDay;
    } else if (fault315 === 'retroactive-request') {
      // Care already runs; the request comes later, sometimes more than half a year.
      // The care must still run when the JW301 arrives (a stop cannot precede its start message).
      const room = Math.max(7, t.end - S - 60);
      const delay = room > 183 && rng.chance(0.6) ? rng.range(183, Math.min(420, room)) : rng.range(7, Math.min(182, room));
      const R = onOrAfterWorkingDay(S + delay);
      A = addWorkingDays(R, this.responseDays());
      ingang = S;
      reference = this.nextReference(agb, yearOf(R));
      chain.push(this.pending('JW315', R, agb, m.code, person, { kind: 'JW315', products: [this.requestProduct(t, reference, S, R)] }, fault315));
    } else {
      const wait = this.startWait(t.careForm);
      A = subtractWorkingDays(S - wait, 0);
      if (has315) {
        const R = subtractWorkingDays(A, this.responseDays());
        const requested = Math.min(S, R + rng.range(0, 14));
        ingang = requested;
        reference = this.nextReference(agb, yearOf(R));
        chain.push(this.pending('JW315', R, agb, m.code, person, { kind: 'JW315', products: [this.requestProduct(t, reference, requested, R)] }, fault315));
      } else {
        ingang = A + rng.range(0, Math.max(0, Math.min(7, S - A)));
      }
    }

    const omvang = this.omvang(t.careForm);
    let assignmentEnd = this.assignmentPeriodEnd(ingang, t.careForm);
    const base = {
      toewijzingNummer: nummer,
      ...(reference ? { referentieAanbieder: reference } : {}),
      categorie: t.careForm,
      ingangsdatum: isoOf(ingang),
      omvang,
    };
    const assign = (dag: Day, end: Day, redenWijziging?: string): Pending =>
      this.pending(
        'JW301',
        dag,
        m.code,
        agb,
        person,
        {
          kind: 'JW301',
          products: [{ ...base, toewijzingsdatum: isoOf(dag), toewijzingstijd: this.time(), einddatum: isoOf(end), ...(redenWijziging ? { redenWijziging } : {}) }],
        },
        this.rollFault(rng, this.heenFaults.JW301),
      );
    chain.push(assign(A, assignmentEnd));

    if (t.neverStarted) {
      // Assigned, never started; half of these the municipality closes after 3–5 months.
      if (rng.chance(0.5)) {
        const close = onOrAfterWorkingDay(A + rng.range(90, 150));
        if (close < assignmentEnd) chain.push(assign(close, close, '05'));
      }
      return chain;
    }

    const startProduct = (begin: Day, status = '1'): StartProductData => ({
      toewijzingNummer: nummer,
      categorie: t.careForm,
      toewijzingIngangsdatum: isoOf(ingang),
      begindatum: isoOf(begin),
      statusAanlevering: status,
    });
    // OP271: within 5 working days after the start, or after receiving the assignment when care began before it.
    const firstStartRef = Math.max(S, A);
    this.planStarts(chain, m, t, person, startProduct, S, firstStartRef);
    if (t.noShow) return chain;

    // Extensions while care runs past the assignment's end (same ToewijzingNummer, JZ002 04).
    while (assignmentEnd < t.end) {
      const dag = onOrAfterWorkingDay(Math.max(A + 1, assignmentEnd - rng.range(10, 30)));
      assignmentEnd = this.assignmentPeriodEnd(assignmentEnd + 1, t.careForm);
      chain.push(assign(dag, assignmentEnd, '04'));
    }
    // Keep extensions in date order with the starts/stops (chain order = trajectory order).
    const stopProduct = (begin: Day, end: Day, reason: string, status = '1'): StopProductData => ({
      ...startProduct(begin),
      redenBeeindiging: reason,
      einddatum: isoOf(end),
      statusAanlevering: status,
    });
    const lastStop = this.planStops(chain, m, t, person, stopProduct, startProduct);
    // The municipality ends the assignment when care stopped well before its end (JZ002 14).
    if (assignmentEnd - t.end > 30) {
      const dag = addWorkingDays(lastStop, rng.range(1, 10));
      chain.push(assign(dag, t.end, '14'));
    }
    chain.sort((a, b) => a.dag - b.dag || a.order - b.order);
    return chain;
  }

  /** Task-based trajectory: JW305 → (temporary JW307 → JW305) → JW307, no ToewijzingNummer. */
  private planTaskBased(m: MunicipalityInfo, t: TrajectoryShape, person: Person): Pending[] {
    const chain: Pending[] = [];
    const startProduct = (begin: Day, status = '1'): StartProductData => ({ categorie: t.careForm, begindatum: isoOf(begin), statusAanlevering: status });
    const stopProduct = (begin: Day, end: Day, reason: string, status = '1'): StopProductData => ({
      ...startProduct(begin),
      redenBeeindiging: reason,
      einddatum: isoOf(end),
      statusAanlevering: status,
    });
    this.planStarts(chain, m, t, person, startProduct, t.begin, t.begin);
    if (!t.noShow) this.planStops(chain, m, t, person, stopProduct, startProduct);
    chain.sort((a, b) => a.dag - b.dag || a.order - b.order);
    return chain;
  }

  /** The first start (with its possible correction or withdrawal). */
  private planStarts(
    chain: Pending[],
    m: MunicipalityInfo,
    t: TrajectoryShape,
    person: Person,
    startProduct: (begin: Day, status?: string) => StartProductData,
    S: Day,
    ref: Day,
  ): void {
    const rng = this.planRng;
    const agb = t.provider.agb;
    const plain = () => this.rollFault(rng, this.plainFaults.JW305);
    const room = this.lateRoom(ref, t.pause ? t.pause.end : t.end);
    let fault = this.rollFault(rng, this.heenFaults.JW305);
    if (fault === 'late-start' && room < 8) fault = plain();
    if (t.noShow) {
      // Sent, then withdrawn (StatusAanlevering 3): the care never happened.
      const dag = this.reportDay(ref, false);
      chain.push(this.pending('JW305', dag, agb, m.code, person, { kind: 'JW305', products: [startProduct(S)] }, plain()));
      chain.push(this.pending('JW305', addWorkingDays(dag, rng.range(2, 12)), agb, m.code, person, { kind: 'JW305', products: [startProduct(S, '3')] }, plain()));
      return;
    }
    if (fault !== 'late-start' && rng.chance(P_START_CORRECTION)) {
      // A start with a wrong Begindatum, corrected within the 5-day term: delete + new.
      const wrong = rng.chance(0.5) ? S + rng.range(1, 3) : S - rng.range(1, 7);
      const dag = addWorkingDays(Math.max(ref, wrong), 0);
      chain.push(this.pending('JW305', dag, agb, m.code, person, { kind: 'JW305', products: [startProduct(wrong)] }, plain()));
      const fix = addWorkingDays(dag, 1);
      if (rng.chance(0.5)) {
        chain.push(this.pending('JW305', fix, agb, m.code, person, { kind: 'JW305', products: [startProduct(wrong, '3'), startProduct(S)] }, fault));
      } else {
        chain.push(this.pending('JW305', fix, agb, m.code, person, { kind: 'JW305', products: [startProduct(wrong, '3')] }, plain()));
        chain.push(this.pending('JW305', fix, agb, m.code, person, { kind: 'JW305', products: [startProduct(S)] }, fault));
      }
      return;
    }
    chain.push(this.pending('JW305', this.reportDay(ref, fault === 'late-start', room), agb, m.code, person, { kind: 'JW305', products: [startProduct(S)] }, fault));
  }

  /** Temporary stop and resumption, then the definitive stop; returns the definitive stop's Dagtekening. */
  private planStops(
    chain: Pending[],
    m: MunicipalityInfo,
    t: TrajectoryShape,
    person: Person,
    stopProduct: (begin: Day, end: Day, reason: string, status?: string) => StopProductData,
    startProduct: (begin: Day, status?: string) => StartProductData,
  ): Day {
    const rng = this.planRng;
    const agb = t.provider.agb;
    let begin = t.begin;
    // A stop follows the start it ends (after a retroactive request the start waits for the JW301).
    let notBefore = chain.reduce((mx, p) => (p.type === 'JW305' ? Math.max(mx, p.dag) : mx), 0);
    const stop = (dag: Day, products: StopProductData[], fault?: FaultKind) =>
      this.pending('JW307', Math.max(dag, notBefore), agb, m.code, person, { kind: 'JW307', products }, fault);
    if (t.pause) {
      const room = this.lateRoom(t.pause.end, t.pause.resume ?? t.end);
      let f = this.rollFault(rng, this.heenFaults.JW307);
      if (f === 'late-stop' && room < 8) f = this.rollFault(rng, this.plainFaults.JW307);
      const p = stop(this.reportDay(t.pause.end, f === 'late-stop', room), [stopProduct(begin, t.pause.end, '20')], f);
      chain.push(p);
      notBefore = p.dag;
      if (t.pause.resume !== undefined) {
        const room5 = this.lateRoom(t.pause.resume, t.end);
        let f5 = this.rollFault(rng, this.heenFaults.JW305);
        if (f5 === 'late-start' && room5 < 8) f5 = this.rollFault(rng, this.plainFaults.JW305);
        const s = this.pending('JW305', Math.max(notBefore, this.reportDay(t.pause.resume, f5 === 'late-start', room5)), agb, m.code, person, { kind: 'JW305', products: [startProduct(t.pause.resume)] }, f5);
        chain.push(s);
        notBefore = s.dag;
        begin = t.pause.resume;
      }
    }
    const f = this.rollFault(rng, this.heenFaults.JW307);
    if (f !== 'late-stop' && rng.chance(P_STOP_CORRECTION)) {
      // A stop with a wrong Einddatum, withdrawn and sent again.
      const wrong = t.end - rng.range(1, 5);
      const first = stop(this.reportDay(Math.max(begin, wrong), false, 0, 3), [stopProduct(begin, Math.max(begin, wrong), t.reason)], this.rollFault(rng, this.plainFaults.JW307));
      chain.push(first);
      const fix = addWorkingDays(first.dag, 1);
      chain.push(stop(fix, [stopProduct(begin, Math.max(begin, wrong), t.reason, '3'), stopProduct(begin, t.end, t.reason)], f));
      return fix;
    }
    const p = stop(this.reportDay(t.end, f === 'late-stop'), [stopProduct(begin, t.end, t.reason)], f);
    chain.push(p);
    return p.dag;
  }

  /**
   * Applies the faults that do not change the trajectory's timeline: invalid messages get a
   * corrected resend, out-of-order messages are delivered after their successor, duplicates are
   * copied on delivery. Appends the chain to `out`.
   */
  private finishChain(chain: Pending[], out: Pending[]): void {
    const rng = this.planRng;
    for (let i = 0; i < chain.length; i++) {
      const p = chain[i]!;
      const fault = p.fault;
      if (fault === undefined || fault === 'late-start' || fault === 'late-stop' || fault === 'retroactive-request') {
        out.push(p);
        continue;
      }
      if (fault === 'duplicate') {
        p.fault = undefined;
        p.duplicateLater = true;
        out.push(p);
        continue;
      }
      if (fault === 'out-of-order') {
        const next = chain[i + 1];
        if (next) {
          p.delivery = addWorkingDays(next.delivery, rng.range(1, 8));
          out.push(p);
        } else {
          p.fault = undefined;
          p.duplicateLater = true;
          out.push(p);
        }
        continue;
      }
      // Invalid content: a rejected attempt shortly before the valid message (same day or 1 working day).
      const attemptDay = onOrAfterWorkingDay(Math.max(subtractWorkingDays(p.dag, rng.chance(0.5) ? 0 : 1), this.earliestDay(p)));
      out.push({ ...p, delivery: attemptDay, dag: attemptDay, order: this.order++, wantsRetour: false });
      p.fault = undefined;
      out.push(p);
    }
  }

  /** A message may not be dated before the event it reports. */
  private earliestDay(p: Pending): Day {
    const pl = p.payload;
    if (pl?.kind === 'JW305') return Math.max(...pl.products.map((x) => dayOf(x.begindatum)));
    if (pl?.kind === 'JW307') return Math.max(...pl.products.map((x) => dayOf(x.einddatum)));
    return p.dag - 1;
  }

  private responseDays(): number {
    // The municipality answers a request within 5 working days in most cases.
    const rng = this.planRng;
    return rng.chance(0.75) ? rng.range(0, 5) : rng.range(6, 25);
  }

  private startWait(form: CareForm): number {
    const rng = this.planRng;
    if (form === '37') return rng.range(0, 7); // secure placement: at once
    if (RESIDENTIAL.has(form)) return Math.min(150, Math.round(rng.logNormal(35, 0.7)));
    return Math.min(150, Math.round(rng.logNormal(21, 0.7)));
  }

  private requestProduct(t: TrajectoryShape, reference: string, requestedStart: Day, requestDay: Day): RequestedProduct {
    const rng = this.planRng;
    const referrer = REFERRERS[rng.weighted(REFERRERS.map((r) => r.w))]!;
    const withEnd = rng.chance(0.7);
    return {
      referentieAanbieder: reference,
      categorie: t.careForm,
      ...(rng.chance(0.3) ? { beschikkingIngangsdatum: isoOf(Math.min(requestDay, requestedStart)) } : {}),
      toewijzingIngangsdatum: isoOf(requestedStart),
      ...(withEnd ? { toewijzingEinddatum: isoOf(this.assignmentPeriodEnd(requestedStart, t.careForm)) } : {}),
      omvang: this.omvang(t.careForm),
      verwijzerType: referrer.type,
      verwijzerNaam: referrer.name,
      ...(rng.chance(0.25) ? { commentaar: 'Verwijzing met spoed, graag snel starten' } : {}),
    };
  }

  // -- delivery ---------------------------------------------------------------------------------

  private nextId(sender: string, type: MessageType): string {
    const key = sender + type;
    const n = (this.idCounters.get(key) ?? 0) + 1;
    this.idCounters.set(key, n);
    return type.slice(2) + String(n).padStart(9, '0');
  }

  private emit(p: Pending): DemoMessage {
    const rng = this.emitRng;
    let xml: string;
    let header: HeaderData | undefined;
    if (p.xml !== undefined) {
      xml = p.xml;
    } else if (p.payload?.kind === 'retour') {
      const original = p.payload.original;
      const wrong = p.fault === 'wrong-berichtcode' ? WRONG_CODE[p.type] : undefined;
      xml = writeRetour(p.type as RetourType, original, {
        identificatieRetour: this.nextId(p.sender, p.type),
        dagtekeningRetour: p.fault === 'invalid-date' ? impossibleDate(p.dag) : isoOf(p.dag),
        ...(wrong ? { berichtCode: wrong } : {}),
      });
    } else {
      if (p.person) this.ensureBsn(p.person);
      header = {
        afzender: p.sender,
        ontvanger: p.receiver,
        identificatie: this.nextId(p.sender, p.type),
        dagtekening: isoOf(p.dag),
        ...(p.fault === 'wrong-berichtcode' ? { berichtCode: WRONG_CODE[p.type] } : {}),
      };
      xml = this.build(p, header, rng);
    }

    const delivered = isoOf(p.delivery);
    const seq = ++this.fileSeq;
    const fileName = `${delivered.slice(0, 7)}/${delivered}_${p.type}_${p.sender}_${String(seq).padStart(7, '0')}.xml`;
    const msg: DemoMessage = { fileName, xml, type: p.type, sender: p.sender, delivered, ...(p.fault ? { fault: p.fault } : {}) };

    this.stats.messages++;
    this.stats.byType[p.type] = (this.stats.byType[p.type] ?? 0) + 1;
    if (p.fault) {
      this.stats.faulty++;
      this.stats.faultsByKind[p.fault] = (this.stats.faultsByKind[p.fault] ?? 0) + 1;
    }

    if (p.duplicateLater) {
      this.queue.push({
        delivery: addWorkingDays(p.delivery, rng.range(1, 15)),
        order: this.order++,
        type: p.type,
        dag: p.dag,
        sender: p.sender,
        receiver: p.receiver,
        xml,
        fault: 'duplicate',
        wantsRetour: false,
      });
    }
    const invalid = p.fault !== undefined && (XSD_INVALID_FAULTS.has(p.fault) || p.fault === 'invalid-bsn' || p.fault === 'end-before-start' || p.fault === 'duplicate');
    if (p.wantsRetour && header && !invalid) this.scheduleRetour(p, header);
    else if (p.payload?.kind === 'retour' && p.fault && p.fault !== 'duplicate') {
      // A faulty return message is sent again, correctly, the next working day.
      this.queue.push({ ...p, delivery: addWorkingDays(p.delivery, 1), dag: addWorkingDays(p.dag, 1), order: this.order++, fault: undefined });
    }
    return msg;
  }

  private scheduleRetour(p: Pending, original: HeaderData): void {
    const rng = this.emitRng;
    const type = RETOUR_OF[p.type as HeenType];
    // OP090: within 3 working days; a few are later.
    const dag = addWorkingDays(p.delivery, rng.chance(0.97) ? rng.range(0, 3) : rng.range(4, 10));
    const fault = this.rollFault(rng, this.retourFaults);
    const r: Pending = {
      delivery: dag,
      order: this.order++,
      type,
      dag,
      sender: p.receiver,
      receiver: p.sender,
      payload: { kind: 'retour', original },
      wantsRetour: false,
    };
    if (fault === 'duplicate') r.duplicateLater = true;
    else if (fault) r.fault = fault;
    this.queue.push(r);
  }

  /** Writes a message, with its fault applied. */
  private build(p: Pending, h: HeaderData, rng: Rng): string {
    const person = p.person!;
    const payload = p.payload!;
    const fault = p.fault;
    let client: ClientData = person.client;
    if (fault === 'invalid-bsn') client = { ...client, bsn: failingTestBsn(client.bsn, rng) };
    const birthFault = fault === 'invalid-date' && rng.chance(0.2);
    if (birthFault) client = { ...client, geboortedatum: impossibleDate(dayOf(client.geboortedatum)) };
    const codeField = fault === 'invalid-code' ? rng.int(2) : -1; // 0: gender, 1: a code in the product
    if (codeField === 0) client = { ...client, geslacht: '3' };
    const dateFault = fault === 'invalid-date' && !birthFault;
    const codeFault = codeField === 1;
    const orderFault = fault === 'end-before-start';

    switch (payload.kind) {
      case 'JW315': {
        const products = payload.products.map((x, i) =>
          i > 0
            ? x
            : {
                ...x,
                ...(dateFault ? { toewijzingIngangsdatum: impossibleDate(dayOf(x.toewijzingIngangsdatum)) } : {}),
                ...(codeFault ? (rng.chance(0.5) ? { verwijzerType: '07' } : { categorie: '39' }) : {}),
              },
        );
        return writeJw315(h, client, products);
      }
      case 'JW301': {
        const products = payload.products.map((x, i) => {
          if (i > 0) return x;
          let y: AssignedProduct = x;
          if (dateFault) y = rng.chance(0.5) || !x.einddatum ? { ...y, ingangsdatum: impossibleDate(dayOf(x.ingangsdatum)) } : { ...y, einddatum: impossibleDate(dayOf(x.einddatum)) };
          if (codeFault) y = { ...y, categorie: '39' };
          if (orderFault) y = { ...y, einddatum: isoOf(dayOf(x.ingangsdatum) - rng.range(1, 30)) };
          return y;
        });
        const c: AssignmentClientData = client === person.client ? person.assignmentClient : { ...person.assignmentClient, ...client };
        return writeJw301(h, c, products);
      }
      case 'JW305': {
        const products = payload.products.map((x, i) => {
          if (i !== payload.products.length - 1) return x;
          let y: StartProductData = x;
          if (dateFault) y = { ...y, begindatum: impossibleDate(dayOf(x.begindatum)) };
          if (codeFault) y = rng.chance(0.5) ? { ...y, categorie: '39' } : { ...y, statusAanlevering: '4' };
          return y;
        });
        return writeJw305(h, client, products);
      }
      case 'JW307': {
        const products = payload.products.map((x, i) => {
          if (i !== payload.products.length - 1) return x;
          let y: StopProductData = x;
          if (dateFault) y = { ...y, einddatum: impossibleDate(dayOf(x.einddatum)) };
          if (codeFault) y = rng.chance(0.5) ? { ...y, redenBeeindiging: '21' } : { ...y, categorie: '39' };
          if (orderFault) y = { ...y, einddatum: isoOf(dayOf(x.begindatum) - rng.range(1, 30)) };
          return y;
        });
        return writeJw307(h, client, products);
      }
      default:
        throw new Error(`unexpected payload ${payload.kind}`);
    }
  }
}

/** Streams the demo traffic, in delivery order; the generator's return value is the statistics. */
export function generateTraffic(options: TrafficOptions): Generator<DemoMessage, TrafficStats> {
  return new TrafficGenerator(options).messages();
}

// ---------------------------------------------------------------------------------------------
// Helpers

function ageDays(years: number): number {
  return Math.floor(years * 365.25);
}

function birthday(birth: Day, years: number): Day {
  const d = new Date(birth * 86_400_000);
  return dayFromParts(d.getUTCFullYear() + years, d.getUTCMonth() + 1, d.getUTCDate());
}

/** An impossible date close to `day`: the 30th of February, or the 31st of a 30-day month. */
export function impossibleDate(day: Day): string {
  const iso = isoOf(day);
  const y = iso.slice(0, 4);
  const month = Number(iso.slice(5, 7));
  if (month <= 3) return `${y}-02-30`;
  if (month <= 5) return `${y}-04-31`;
  if (month <= 7) return `${y}-06-31`;
  if (month <= 10) return `${y}-09-31`;
  return `${y}-11-31`;
}

/** How a municipality's young people are spread over postcodes. */
function placeChooser(code: string, name: string | undefined, region: DemoRegion): (rng: Rng) => { pc4: string; place: string } {
  const places = MUNICIPALITY_PLACES[code];
  const placeName = places?.[0]?.place ?? name ?? code;
  const areas = region.areas.filter((a) => a.within?.municipality === code && a.within.pc4.length > 0);
  if (areas.length > 0) {
    const weights = areas.map((a) => AMSTERDAM_AREA_WEIGHTS[a.id] ?? a.within!.pc4.length);
    const unlisted = (UNLISTED_PC4[code] ?? []).filter((pc) => !areas.some((a) => a.within!.pc4.includes(pc)));
    return (rng) => {
      if (unlisted.length > 0 && rng.chance(P_UNLISTED_PC4)) return { pc4: rng.pick(unlisted), place: placeName };
      const area = areas[rng.weighted(weights)]!;
      return { pc4: rng.pick(area.within!.pc4), place: placeName };
    };
  }
  const usable = (places ?? []).filter((p) => p.pc4.length > 0);
  if (usable.length > 0) {
    const weights = usable.map((p) => p.pc4.length);
    return (rng) => {
      const p = usable[rng.weighted(weights)]!;
      return { pc4: rng.pick(p.pc4), place: p.place };
    };
  }
  // Unknown municipality: a stable, made-up postcode area.
  const pc4 = String(1000 + ((Number(code) * 7919) % 9000));
  return () => ({ pc4, place: placeName });
}
