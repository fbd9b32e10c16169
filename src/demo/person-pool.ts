// The fictional young people of the demo traffic: who a new care episode belongs to (a new person,
// or a former client who returns to care), their names and addresses, and their BSNs
// (docs/demo-data.md, "Persons and BSNs").
//
// Every person is kept for the whole run in a compact registry (a few typed-array entries: birth
// day, gender, municipality, last care day, BSN slot), so that a person who returns years later
// is the same person: same BSN, birth date, name and address. Names and addresses are not stored:
// they are drawn again, identically, from the person's own random stream when they are needed.
//
// BSNs are handed out in a fixed, seeded order: first the 9,091 test BSNs 9999xxxxx, then — only
// when a run has more persons than that — the 81,818 other numbers 999xxxxxx. A person keeps their
// number for good; a number goes to a second person only after all 90,909 are in use, and then
// only one whose holder has had no message for two years (counted in the statistics).

import { dayFromParts, isoOf, yearOf, type Day } from '../domain/calendar-days.ts';
import { birthday, type EpisodeShape } from './care-model.ts';
import type { AssignmentClientData, ClientData, RelationData } from './ijw-writer.ts';
import { extendedBsns, fictionalAddress, fictionalName, parentName, testBsns, type Address } from './persons.ts';
import { MinHeap } from './min-heap.ts';
import { Rng } from './random.ts';
import type { PersonStats } from './options.ts';
import type { MunicipalityInfo } from './volumes.ts';

/** Days after a person's last planned message before their BSN counts as idle. */
export const BSN_QUARANTINE = 14;
/** Share of new care episodes that belong to a former client of the same municipality. */
export const P_RETURN = 0.25;
/** A former client returns at least this many days after their last day of care … */
const MIN_RETURN_GAP = 183;
/** … and before this birthday (new youth care after 18 is rare; continued care is part of an episode). */
const RETURN_BEFORE_AGE = 18;
/** Days a BSN's holder must have been without messages before the number goes to another person. */
const REASSIGN_REST = 730;
/** Slot value of a person without a BSN yet, and of one whose BSN went to another person. */
const NO_SLOT = -1;
const LOST_SLOT = -2;

/** Client data whose BSN is filled in when the person's first message is written. */
interface MutableClient extends ClientData {
  bsn: string;
}

export interface Person {
  /** Index in the registry. */
  readonly id: number;
  readonly client: MutableClient;
  readonly assignmentClient: MutableClient & AssignmentClientData;
}

/** A former client chosen for a new episode. */
export interface ReturningPerson {
  readonly id: number;
  readonly birth: Day;
  readonly gender: string;
}

/** Growable Int32Array columns of the registry. */
class Column {
  data: Int32Array;
  constructor(initial: number) {
    this.data = new Int32Array(initial);
  }
  ensure(n: number): void {
    if (n <= this.data.length) return;
    const next = new Int32Array(Math.max(n, this.data.length * 2));
    next.set(this.data);
    this.data = next;
  }
}

/** Min-heap of (day, person id), encoded in one number: day · 2²² + id. */
class DayHeap {
  static readonly ID_BITS = 4_194_304; // 2²²: at most ≈ 4 million persons per run
  private readonly heap = new MinHeap<number>((a, b) => a < b);
  get size(): number {
    return this.heap.size;
  }
  peekDay(): number {
    const top = this.heap.peek();
    return top === undefined ? Infinity : Math.floor(top / DayHeap.ID_BITS);
  }
  push(day: Day, id: number): void {
    this.heap.push(day * DayHeap.ID_BITS + id);
  }
  /** Removes the first entry; returns its person id. */
  popId(): number {
    return this.heap.pop()! % DayHeap.ID_BITS;
  }
}

/** The numbers 999xxxxxx in the seeded order in which they are handed out. */
class BsnSlots {
  private readonly testOrder: Int32Array;
  private extendedOrder?: Int32Array;
  readonly total: number;

  constructor(private readonly seed: number) {
    this.testOrder = shuffled(testBsns().length, Rng.stream(seed, 'bsn'));
    this.total = testBsns().length + 81_818;
  }

  /** Whether a slot lies in the test range 9999xxxxx. */
  isTestRange(slot: number): boolean {
    return slot < this.testOrder.length;
  }

  bsn(slot: number): string {
    if (slot < this.testOrder.length) return testBsns()[this.testOrder[slot]!]!;
    // The extended range is computed and shuffled only when a run needs it.
    this.extendedOrder ??= shuffled(extendedBsns().length, Rng.stream(this.seed, 'bsn-extended'));
    return extendedBsns()[this.extendedOrder[slot - this.testOrder.length]!]!;
  }
}

function shuffled(n: number, rng: Rng): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}

/** Registers the persons of all episodes, chooses returning clients, and gives out BSNs. */
export class PersonPool {
  readonly stats: PersonStats = {
    registered: 0,
    returningEpisodes: 0,
    bsnsFromTestRange: 0,
    bsnsFromExtendedRange: 0,
    bsnsReassigned: 0,
    bsnsReusedWhileActive: 0,
  };
  private count = 0;
  private readonly birth = new Column(1 << 14);
  private readonly gender = new Column(1 << 14);
  /** Last day a return to care may start (the day before the 18th birthday). */
  private readonly returnUntil = new Column(1 << 14);
  /** Last delivery day of the person's planned messages + quarantine. */
  private readonly release = new Column(1 << 14);
  /** Last calendar year in which the person was counted as a young person with care. */
  private readonly countedYear = new Column(1 << 14);
  /** BSN slot, NO_SLOT or LOST_SLOT. */
  private readonly slot = new Column(1 << 14);
  /** Per municipality: former clients not yet eligible (by day), and those eligible now. */
  private readonly resting: DayHeap[];
  private readonly eligible: number[][];
  private readonly slots: BsnSlots;
  /** Holder (person id) of every slot handed out. */
  private readonly holder: Column = new Column(1 << 14);
  private nextSlot = 0;
  private reassignCursor = 0;

  constructor(
    private readonly seed: number,
    municipalities: number,
  ) {
    this.slots = new BsnSlots(seed);
    this.resting = Array.from({ length: municipalities }, () => new DayHeap());
    this.eligible = Array.from({ length: municipalities }, () => []);
  }

  /**
   * With probability P_RETURN, a former client of municipality `m` who may return to care on
   * `start`: at least MIN_RETURN_GAP days after their last care day, in a later calendar year,
   * before their 18th birthday, and still holding their BSN. Undefined: a new person.
   */
  returning(m: number, start: Day, rng: Rng): ReturningPerson | undefined {
    if (!rng.chance(P_RETURN)) return undefined;
    const resting = this.resting[m]!;
    const eligible = this.eligible[m]!;
    while (resting.peekDay() <= start) eligible.push(resting.popId());
    while (eligible.length > 0) {
      const i = rng.int(eligible.length);
      const id = eligible[i]!;
      eligible[i] = eligible[eligible.length - 1]!;
      eligible.pop();
      if (start > this.returnUntil.data[id]! || this.slot.data[id] === LOST_SLOT) continue;
      this.stats.returningEpisodes++;
      return { id, birth: this.birth.data[id]!, gender: String(this.gender.data[id]) };
    }
    return undefined;
  }

  /** Registers a new person; returns their id. */
  register(birth: Day, gender: string): number {
    const id = this.count++;
    if (id >= DayHeap.ID_BITS) throw new RangeError('more than 4 million persons in one run: generate a shorter window');
    for (const c of [this.birth, this.gender, this.returnUntil, this.release, this.countedYear, this.slot]) c.ensure(this.count);
    this.birth.data[id] = birth;
    this.gender.data[id] = Number(gender);
    this.returnUntil.data[id] = birthday(birth, RETURN_BEFORE_AGE) - 1;
    this.countedYear.data[id] = 0;
    this.slot.data[id] = NO_SLOT;
    this.stats.registered++;
    return id;
  }

  /** After an episode is planned: from when its person may return to care (if ever). */
  endEpisode(id: number, m: number, shape: EpisodeShape): void {
    let lastCare = 0;
    for (const t of shape.trajectories) lastCare = Math.max(lastCare, t.end);
    const from = Math.max(lastCare + MIN_RETURN_GAP, dayFromParts(yearOf(lastCare) + 1, 1, 1));
    if (from <= this.returnUntil.data[id]!) this.resting[m]!.push(from, id);
  }

  /** The last delivery day of the person's messages so far (+ quarantine). */
  setRelease(id: number, day: Day): void {
    this.release.data[id] = Math.max(this.release.data[id]!, day);
  }

  /**
   * Whether `year` is a new year with care for the person (each person counts once per year in
   * the ground truth, also with two episodes).
   */
  countYear(id: number, year: number): boolean {
    if (year <= this.countedYear.data[id]!) return false;
    this.countedYear.data[id] = year;
    return true;
  }

  /** The person's client data (name, address, a parent), the same every time it is asked for. */
  person(id: number, m: MunicipalityInfo): Person {
    const rng = Rng.stream(this.seed, `person:${id}`);
    const gender = String(this.gender.data[id]);
    const naam = fictionalName(rng, gender);
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
    // The BSN is filled in by ensureBsn when the person's first message is written.
    const slot = this.slot.data[id]!;
    const client: MutableClient = { bsn: slot >= 0 ? this.slots.bsn(slot) : '', geboortedatum: isoOf(this.birth.data[id]!), geslacht: gender, naam };
    const assignmentClient: MutableClient & AssignmentClientData = { ...client, adres, ...(relaties.length > 0 ? { relaties } : {}) };
    return { id, client, assignmentClient };
  }

  /** A person gets a BSN when their first message is written (`today`), and keeps it. */
  ensureBsn(person: Person, today: Day): void {
    if (person.client.bsn !== '') return;
    let slot = this.slot.data[person.id]!;
    if (slot < 0) {
      slot = this.acquire(today);
      this.slot.data[person.id] = slot;
      this.holder.ensure(slot + 1);
      this.holder.data[slot] = person.id;
    }
    const bsn = this.slots.bsn(slot);
    person.client.bsn = bsn;
    person.assignmentClient.bsn = bsn;
  }

  /** BSNs held by persons at the end of the run. */
  get bsnsHeld(): number {
    return this.nextSlot;
  }

  private acquire(today: Day): number {
    if (this.nextSlot < this.slots.total) {
      const slot = this.nextSlot++;
      if (this.slots.isTestRange(slot)) this.stats.bsnsFromTestRange++;
      else this.stats.bsnsFromExtendedRange++;
      return slot;
    }
    // All 90,909 numbers are in use: the first one (in hand-out order, from the cursor on) whose
    // holder has been without messages for REASSIGN_REST days; failing that, the next one.
    const total = this.slots.total;
    let slot = this.reassignCursor;
    for (let i = 0; i < total; i++) {
      const s = (this.reassignCursor + i) % total;
      if (this.release.data[this.holder.data[s]!]! + REASSIGN_REST <= today) {
        slot = s;
        break;
      }
    }
    this.reassignCursor = (slot + 1) % total;
    const previous = this.holder.data[slot]!;
    if (this.release.data[previous]! > today) this.stats.bsnsReusedWhileActive++;
    this.slot.data[previous] = LOST_SLOT;
    this.stats.bsnsReassigned++;
    return slot;
  }
}
