// Message emission: a planned message becomes a file — header, Identificatie, content with its
// fault applied, XML, file name — on its delivery day; emission also schedules what follows a
// delivery (the return message, a duplicate copy, the correct resend of a faulty return message)
// and counts the messages.

import { addWorkingDays, isoOf, type Day } from '../domain/calendar-days.ts';
import { impossibleDate, withContentFault, WRONG_CODE, type FaultRoller } from './faults.ts';
import {
  RETOUR_OF,
  writeJw301,
  writeJw305,
  writeJw307,
  writeJw315,
  writeRetour,
  type AssignmentClientData,
  type HeaderData,
  type HeenType,
  type MessageType,
  type RetourType,
} from './ijw-writer.ts';
import { XSD_INVALID_FAULTS, type DemoMessage, type TrafficStats } from './options.ts';
import type { Person } from './person-pool.ts';
import type { Pending, PendingQueue } from './queue.ts';
import type { Rng } from './random.ts';

export class Emitter {
  private fileSeq = 0;
  private readonly idCounters = new Map<string, number>();

  constructor(
    private readonly rng: Rng,
    private readonly queue: PendingQueue,
    private readonly faults: FaultRoller,
    private readonly stats: TrafficStats,
    /** Gives a person their BSN when their first message is written (on `day`). */
    private readonly ensureBsn: (person: Person, day: Day) => void,
  ) {}

  private nextId(sender: string, type: MessageType): string {
    const key = sender + type;
    const n = (this.idCounters.get(key) ?? 0) + 1;
    this.idCounters.set(key, n);
    return type.slice(2) + String(n).padStart(9, '0');
  }

  /** Writes the file of a message delivered today. */
  emit(p: Pending): DemoMessage {
    const rng = this.rng;
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
      if (p.person) this.ensureBsn(p.person, p.delivery);
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
        order: this.queue.nextOrder(),
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
      this.queue.push({ ...p, delivery: addWorkingDays(p.delivery, 1), dag: addWorkingDays(p.dag, 1), order: this.queue.nextOrder(), fault: undefined });
    }
    return msg;
  }

  private scheduleRetour(p: Pending, original: HeaderData): void {
    const rng = this.rng;
    const type = RETOUR_OF[p.type as HeenType];
    // OP090: within 3 working days; a few are later.
    const dag = addWorkingDays(p.delivery, rng.chance(0.97) ? rng.range(0, 3) : rng.range(4, 10));
    const fault = this.faults.roll(rng, this.faults.retour);
    const r: Pending = {
      delivery: dag,
      order: this.queue.nextOrder(),
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
    const { client, payload } = withContentFault(p.payload!, person.client, p.fault, rng);
    switch (payload.kind) {
      case 'JW315':
        return writeJw315(h, client, payload.products);
      case 'JW301': {
        const c: AssignmentClientData = client === person.client ? person.assignmentClient : { ...person.assignmentClient, ...client };
        return writeJw301(h, c, payload.products);
      }
      case 'JW305':
        return writeJw305(h, client, payload.products);
      case 'JW307':
        return writeJw307(h, client, payload.products);
      default:
        throw new Error(`unexpected payload ${payload.kind}`);
    }
  }
}
