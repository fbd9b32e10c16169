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
//
// The parts: options.ts (public shapes and defaults), volumes.ts (volumes, flow model, arrivals),
// care-model.ts (what an episode of care looks like), person-pool.ts (fictional persons and their
// BSNs), timeline.ts (the messages of a trajectory and their dates), faults.ts (faulty traffic),
// queue.ts (messages waiting for delivery), emission.ts (writing a message on its delivery day).

import { dayOf, yearOf, type Day } from '../domain/calendar-days.ts';
import { CareModel, MAX_DURATION, type TrajectoryShape } from './care-model.ts';
import { Emitter } from './emission.ts';
import { applyChainFaults, FaultRoller } from './faults.ts';
import { defaultAssignmentShare, type DemoMessage, type TrafficOptions, type TrafficStats } from './options.ts';
import { BSN_QUARANTINE, PersonPool } from './person-pool.ts';
import { PendingQueue, type Pending } from './queue.ts';
import { Rng } from './random.ts';
import { TimelinePlanner } from './timeline.ts';
import { ArrivalCalendar, calibrateFlow, municipalityFlows, VOLUMES_2024, type MunicipalityInfo } from './volumes.ts';

export {
  DEFAULT_FAULT_MIX,
  defaultAssignmentShare,
  FAULT_KINDS,
  XSD_INVALID_FAULTS,
  type DemoMessage,
  type DemoProvider,
  type DemoRegion,
  type FaultKind,
  type TrafficOptions,
  type TrafficStats,
} from './options.ts';
export { impossibleDate } from './faults.ts';
export { VOLUMES_2024 } from './volumes.ts';

/** Days before the first care start at which the earliest message of a trajectory can be dated. */
const LOOKAHEAD = 200;
/** Simulated run-in before `from` so that the young people already in care at `from` are there. */
const WARM_UP = MAX_DURATION + 200;

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
    persons: { registered: 0, returningEpisodes: 0, bsnsFromTestRange: 0, bsnsFromExtendedRange: 0, bsnsReassigned: 0, bsnsReusedWhileActive: 0 },
    model: { meanEpisodeYears: 0, careEpisodeShare: 0, newEpisodesPerYear: {} },
  };

  private readonly fromDay: Day;
  private readonly toDay: Day;
  private readonly model: CareModel;
  private readonly municipalities: MunicipalityInfo[];
  private readonly arrivals = new ArrivalCalendar();
  private readonly planRng: Rng;
  private readonly persons: PersonPool;
  private readonly queue = new PendingQueue();
  private readonly planner: TimelinePlanner;
  private readonly emitter: Emitter;

  constructor(readonly options: TrafficOptions) {
    this.fromDay = dayOf(options.from);
    this.toDay = dayOf(options.to);
    if (this.toDay < this.fromDay) throw new RangeError(`to (${options.to}) is before from (${options.from})`);
    const faultShare = options.faultShare ?? 0.02;
    if (!(faultShare >= 0 && faultShare <= 1)) throw new RangeError(`faultShare must be between 0 and 1, got ${faultShare}`);
    if (options.providers.length === 0) throw new RangeError('at least one provider is needed');
    if (options.region.municipalities.length === 0) throw new RangeError('the region has no municipalities');

    this.planRng = Rng.stream(options.seed, 'plan');
    this.persons = new PersonPool(options.seed, options.region.municipalities.length);
    const faults = new FaultRoller(faultShare, options.faultMix);
    this.model = new CareModel(options.providers, options.assignmentShare ?? defaultAssignmentShare);

    const flow = calibrateFlow(this.model, options.seed, this.fromDay);
    this.municipalities = municipalityFlows(options.region, options.volumes ?? VOLUMES_2024, flow);
    for (const m of this.municipalities) this.stats.model.newEpisodesPerYear[m.code] = Math.round(m.newEpisodesPerYear);
    this.stats.model.meanEpisodeYears = Math.round(flow.meanYears * 1000) / 1000;
    this.stats.model.careEpisodeShare = Math.round(flow.careShare * 1000) / 1000;

    this.planner = new TimelinePlanner(this.planRng, faults, this.queue, this.fromDay, options.returnMessages ?? true);
    this.emitter = new Emitter(Rng.stream(options.seed, 'emit'), this.queue, faults, this.stats, (p, day) => this.persons.ensureBsn(p, day));
  }

  /** The messages, in delivery order. */
  *messages(): Generator<DemoMessage, TrafficStats> {
    for (let d = this.fromDay - WARM_UP - LOOKAHEAD; d <= this.toDay; d++) {
      this.planDay(d);
      if (d < this.fromDay) {
        // Run-in: nothing is delivered before `from`.
        while ((this.queue.peek()?.delivery ?? Infinity) < this.fromDay) this.queue.pop();
        continue;
      }
      for (let p = this.queue.peek(); p && p.delivery <= d; p = this.queue.peek()) {
        this.queue.pop();
        yield this.emitter.emit(p);
      }
    }
    return this.finalStats();
  }

  /**
   * Plans the whole window without writing a message: the ground truth (young people per
   * municipality per year, trajectories, persons) as `messages()` gives it, in a fraction of the
   * time. Message counts and BSN counts stay 0. One of `messages()` and `groundTruth()` per generator.
   */
  groundTruth(): TrafficStats {
    for (let d = this.fromDay - WARM_UP - LOOKAHEAD; d <= this.toDay; d++) {
      this.planDay(d);
      while ((this.queue.peek()?.delivery ?? Infinity) <= d) this.queue.pop();
    }
    return this.finalStats();
  }

  private planDay(d: Day): void {
    const start = d + LOOKAHEAD;
    for (const m of this.municipalities) {
      const n = this.planRng.poisson(m.dailyRate * this.arrivals.weight(start));
      for (let i = 0; i < n; i++) this.planEpisode(m, start, d);
    }
  }

  private finalStats(): TrafficStats {
    const persons = this.persons.stats;
    this.stats.persons = { ...persons };
    this.stats.bsnReusedWhileActive = persons.bsnsReusedWhileActive;
    this.stats.bsnsUsed = persons.bsnsFromTestRange + persons.bsnsFromExtendedRange;
    this.stats.bsnsHeldMax = this.persons.bsnsHeld;
    return this.stats;
  }

  private planEpisode(m: MunicipalityInfo, start: Day, today: Day): void {
    const rng = this.planRng;
    // A former client of the municipality, or a new person.
    const returning = this.persons.returning(m.index, start, rng);
    const shape = this.model.sampleEpisode(rng, start, returning);
    const id = returning?.id ?? this.persons.register(shape.birth, shape.gender);
    this.persons.endEpisode(id, m.index, shape);
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
      t.assignment = this.model.drawAssignment(rng, yearOf(this.fromDay), t.provider);
      kept.push(t);
    }
    if (kept.length === 0) return;

    const person = this.persons.person(id, m);
    const messages: Pending[] = [];
    for (const t of kept) applyChainFaults(this.planner.plan(m, t, person), messages, rng, this.queue);
    let last = today;
    for (const p of messages) {
      if (p.delivery < today) p.delivery = today; // cannot happen with LOOKAHEAD; keeps the stream ordered
      this.queue.push(p);
      last = Math.max(last, p.delivery);
    }
    // Duplicates, return messages and out-of-order files follow the last message by ≤ 30 days.
    this.persons.setRelease(id, last + BSN_QUARANTINE);
    this.countGroundTruth(id, m, kept);
  }

  /** Ground truth: the person counts once in every calendar year with care in the window. */
  private countGroundTruth(id: number, m: MunicipalityInfo, kept: readonly TrajectoryShape[]): void {
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
    for (const y of [...years].sort((a, b) => a - b)) {
      if (!this.persons.countYear(id, y)) continue;
      const row = (this.stats.youthByYear[String(y)] ??= {});
      row[m.code] = (row[m.code] ?? 0) + 1;
    }
  }
}

/** Streams the demo traffic, in delivery order; the generator's return value is the statistics. */
export function generateTraffic(options: TrafficOptions): Generator<DemoMessage, TrafficStats> {
  return new TrafficGenerator(options).messages();
}
