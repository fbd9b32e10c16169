// The fictional young people of the demo traffic and their BSNs.

import type { Day } from '../domain/calendar-days.ts';
import { isoOf } from '../domain/calendar-days.ts';
import type { AssignmentClientData, ClientData, RelationData } from './ijw-writer.ts';
import { fictionalAddress, fictionalName, parentName, testBsns, type Address } from './persons.ts';
import { Rng } from './random.ts';
import type { EpisodeShape } from './care-model.ts';
import type { MunicipalityInfo } from './volumes.ts';

/** Days a BSN rests after its holder's last planned message before it is given to another person. */
export const BSN_QUARANTINE = 14;

/** Client data whose BSN is set once the person's last message date (and so the BSN's release) is known. */
interface MutableClient extends ClientData {
  bsn: string;
}

export interface Person {
  readonly client: MutableClient;
  readonly assignmentClient: MutableClient & AssignmentClientData;
  /** When the person's BSN may go back to the pool (set once all their messages are planned). */
  release: Day;
}

/** The pool of test BSNs: a person keeps a BSN until BSN_QUARANTINE days after their last message. */
export class BsnPool {
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

/** Makes the fictional persons and gives them BSNs. */
export class PersonPool {
  readonly bsns: BsnPool;

  constructor(
    seed: number,
    private readonly rng: Rng,
  ) {
    this.bsns = new BsnPool(Rng.stream(seed, 'bsn'));
  }

  /** A new person for an episode in municipality `m`. */
  create(m: MunicipalityInfo, shape: EpisodeShape): Person {
    const rng = this.rng;
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
  ensureBsn(person: Person): void {
    if (person.client.bsn !== '') return;
    const bsn = this.bsns.acquire(person.release);
    person.client.bsn = bsn;
    person.assignmentClient.bsn = bsn;
  }
}
