// The message timeline of one care trajectory: which messages, on which dates, with which
// content — [JW315 →] JW301 → JW305 → (temporary JW307 → JW305) → JW307 for assignment-based
// care, JW305 → JW307 for task-based care — including corrections, withdrawals, extensions and
// the faults that move dates (late, retroactive). docs/demo-data.md, "Assignment-based and
// task-based traffic".

import {
  addWorkingDays,
  dayFromParts,
  isoOf,
  onOrAfterWorkingDay,
  subtractWorkingDays,
  workingDaysBetween,
  yearOf,
  type Day,
} from '../domain/calendar-days.ts';
import { RESIDENTIAL, type CareForm, type TrajectoryShape } from './care-model.ts';
import type { FaultRoller } from './faults.ts';
import type { MessageType, OmvangData, RequestedProduct, StartProductData, StopProductData } from './ijw-writer.ts';
import type { FaultKind } from './options.ts';
import type { Person } from './person-pool.ts';
import type { Payload, Pending, PendingQueue } from './queue.ts';
import type { Rng } from './random.ts';
import type { MunicipalityInfo } from './volumes.ts';

/** Referrer types (COD327) on a JW315 and the name written with them. */
const REFERRERS: readonly { readonly type: string; readonly name: string; readonly w: number }[] = [
  { type: '02', name: 'Huisarts', w: 45 },
  { type: '03', name: 'Jeugdarts', w: 7 },
  { type: '04', name: 'Gecertificeerde instelling', w: 18 },
  { type: '05', name: 'Medisch specialist', w: 22 },
  { type: '08', name: 'Kinderrechter', w: 8 },
];

/** JW315 before the JW301 in the assignment-based variant (statutory referral). */
const P_REQUEST = 0.55;
/** A start sent with a wrong Begindatum, then withdrawn (StatusAanlevering 3) and sent again. */
const P_START_CORRECTION = 0.015;
/** A definitive stop sent with a wrong Einddatum, then withdrawn and sent again. */
const P_STOP_CORRECTION = 0.008;

/** Plans the messages of trajectories; holds the counters of assignment numbers and references. */
export class TimelinePlanner {
  private readonly assignmentNumbers = new Map<string, number>();
  private readonly referenceNumbers = new Map<string, number>();

  constructor(
    private readonly rng: Rng,
    private readonly faults: FaultRoller,
    private readonly queue: PendingQueue,
    private readonly fromDay: Day,
    private readonly returnMessages: boolean,
  ) {}

  /** The messages of one trajectory, in trajectory order (faults that move dates included). */
  plan(m: MunicipalityInfo, t: TrajectoryShape, person: Person): Pending[] {
    return t.assignment ? this.planAssignmentBased(m, t, person) : this.planTaskBased(m, t, person);
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
    return { delivery: dag, order: this.queue.nextOrder(), type, dag, sender, receiver, person, payload, ...(fault ? { fault } : {}), wantsRetour: this.returnMessages };
  }

  /**
   * Dagtekening of a start or stop message for an event on `ref`: 0–4 working days later (at
   * most `maxNormal`), or, when late, 8 to `maxLate` (≤ 60) working days later.
   */
  private reportDay(ref: Day, late: boolean, maxLate = 60, maxNormal = 4): Day {
    const rng = this.rng;
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
    const rng = this.rng;
    if (RESIDENTIAL.has(form)) return { volume: 7, eenheid: '14', frequentie: '2' };
    if (form === '33') return { volume: rng.range(2, 8), eenheid: '16', frequentie: '2' };
    return { volume: rng.range(1, 4), eenheid: '04', frequentie: '2' };
  }

  private assignmentPeriodEnd(ingang: Day, form: CareForm): Day {
    const months = RESIDENTIAL.has(form) ? 12 : this.rng.chance(0.5) ? 6 : 12;
    const d = new Date(ingang * 86_400_000);
    return dayFromParts(d.getUTCFullYear(), d.getUTCMonth() + 1 + months, d.getUTCDate()) - 1;
  }

  private time(): string {
    const rng = this.rng;
    const two = (n: number) => (n < 10 ? '0' : '') + n;
    return `${two(rng.range(8, 17))}:${two(rng.int(60))}:${two(rng.int(60))}`;
  }

  /**
   * Assignment-based trajectory: [JW315 →] JW301 → JW305 → (temporary JW307 → JW305) → JW307,
   * with extension JW301s while care runs past the assignment and a closing JW301 after an
   * early stop. Returns the messages in trajectory order.
   */
  private planAssignmentBased(m: MunicipalityInfo, t: TrajectoryShape, person: Person): Pending[] {
    const rng = this.rng;
    const agb = t.provider.agb;
    const chain: Pending[] = [];
    const S = t.begin;
    const nummer = this.nextAssignmentNumber(m.code);
    const has315 = !t.transition && rng.chance(P_REQUEST);
    const fault315 = has315 ? this.faults.roll(rng, this.faults.heen.JW315) : undefined;

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
        this.faults.roll(rng, this.faults.heen.JW301),
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
    const rng = this.rng;
    const agb = t.provider.agb;
    const plain = () => this.faults.roll(rng, this.faults.plain.JW305);
    const room = this.lateRoom(ref, t.pause ? t.pause.end : t.end);
    let fault = this.faults.roll(rng, this.faults.heen.JW305);
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
    const rng = this.rng;
    const agb = t.provider.agb;
    let begin = t.begin;
    // A stop follows the start it ends (after a retroactive request the start waits for the JW301).
    let notBefore = chain.reduce((mx, p) => (p.type === 'JW305' ? Math.max(mx, p.dag) : mx), 0);
    const stop = (dag: Day, products: StopProductData[], fault?: FaultKind) =>
      this.pending('JW307', Math.max(dag, notBefore), agb, m.code, person, { kind: 'JW307', products }, fault);
    if (t.pause) {
      const room = this.lateRoom(t.pause.end, t.pause.resume ?? t.end);
      let f = this.faults.roll(rng, this.faults.heen.JW307);
      if (f === 'late-stop' && room < 8) f = this.faults.roll(rng, this.faults.plain.JW307);
      const p = stop(this.reportDay(t.pause.end, f === 'late-stop', room), [stopProduct(begin, t.pause.end, '20')], f);
      chain.push(p);
      notBefore = p.dag;
      if (t.pause.resume !== undefined) {
        const room5 = this.lateRoom(t.pause.resume, t.end);
        let f5 = this.faults.roll(rng, this.faults.heen.JW305);
        if (f5 === 'late-start' && room5 < 8) f5 = this.faults.roll(rng, this.faults.plain.JW305);
        const s = this.pending('JW305', Math.max(notBefore, this.reportDay(t.pause.resume, f5 === 'late-start', room5)), agb, m.code, person, { kind: 'JW305', products: [startProduct(t.pause.resume)] }, f5);
        chain.push(s);
        notBefore = s.dag;
        begin = t.pause.resume;
      }
    }
    const f = this.faults.roll(rng, this.faults.heen.JW307);
    if (f !== 'late-stop' && rng.chance(P_STOP_CORRECTION)) {
      // A stop with a wrong Einddatum, withdrawn and sent again.
      const wrong = t.end - rng.range(1, 5);
      const first = stop(this.reportDay(Math.max(begin, wrong), false, 0, 3), [stopProduct(begin, Math.max(begin, wrong), t.reason)], this.faults.roll(rng, this.faults.plain.JW307));
      chain.push(first);
      const fix = addWorkingDays(first.dag, 1);
      chain.push(stop(fix, [stopProduct(begin, Math.max(begin, wrong), t.reason, '3'), stopProduct(begin, t.end, t.reason)], f));
      return fix;
    }
    const p = stop(this.reportDay(t.end, f === 'late-stop'), [stopProduct(begin, t.end, t.reason)], f);
    chain.push(p);
    return p.dag;
  }

  private responseDays(): number {
    // The municipality answers a request within 5 working days in most cases.
    const rng = this.rng;
    return rng.chance(0.75) ? rng.range(0, 5) : rng.range(6, 25);
  }

  private startWait(form: CareForm): number {
    const rng = this.rng;
    if (form === '37') return rng.range(0, 7); // secure placement: at once
    if (RESIDENTIAL.has(form)) return Math.min(150, Math.round(rng.logNormal(35, 0.7)));
    return Math.min(150, Math.round(rng.logNormal(21, 0.7)));
  }

  private requestProduct(t: TrajectoryShape, reference: string, requestedStart: Day, requestDay: Day): RequestedProduct {
    const rng = this.rng;
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
}
