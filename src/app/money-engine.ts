// Use cases of the money engine: every change is one decision, recorded in the ledger and applied to
// the projections inside one transaction, under a lock, so concurrent commands cannot interleave.
import { isTenderDecision } from '../domain/tender-record.ts';
import { isDeepStrictEqual } from 'node:util';
import { calendarDateIn } from '../domain/calendar.ts';
import { applyDecision, replay, type EngineState } from '../domain/engine.ts';
import type { Decision, LedgerEntry, ResultOf } from '../domain/decisions.ts';
import { Refusal } from '../domain/errors.ts';
import { moneyRules, type Region } from '../domain/region.ts';
import { appendEntry, ledgerHead, lockLedger, readEntries } from '../store/ledger-repository.ts';
import { projectionOf, readProjection, writeProjection } from '../store/projection-repository.ts';
import type { Store } from '../store/database.ts';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

function yearsOf(decision: Decision): number[] {
  if (isTenderDecision(decision)) return [];
  switch (decision.kind) {
    case 'budget.import':
      // A budget import can reallocate any year that has not started paying: rewrite them all.
      return [];
    case 'provider.register':
      return [];
    case 'allocation':
      return [decision.plan.year];
    case 'adjustment':
      return [decision.request.year];
    default:
      return [decision.year];
  }
}

export interface Recorded<D extends Decision> {
  readonly seq: number;
  /** The decision as recorded (with what the engine filled in, such as today's date). */
  readonly decision: D;
  readonly result: ResultOf<D['kind']>;
  readonly state: EngineState;
}

export class MoneyEngine {
  constructor(
    readonly store: Store,
    readonly region: Region,
    private readonly clock: Clock,
    private readonly actor: string,
    /** The versions of the region's rules; the last one is in force. */
    private readonly rules: readonly { version: number; region: Region }[] = [{ version: 1, region }],
  ) {}

  /** The moment by the workspace's clock (a fixed one in tests and with JEUGDREGIE_NOW). */
  now(): Date {
    return this.clock.now();
  }

  /** Today in the region's time zone (Europe/Amsterdam unless the region file says otherwise). */
  today(): string {
    return calendarDateIn(this.clock.now(), moneyRules(this.region).timeZone);
  }

  get rulesVersion(): number {
    return this.rules.at(-1)!.version;
  }

  /** The region as it was under a rules version (entries from before versions were kept: the first). */
  regionOf = (version: number | undefined): Region => {
    if (version === undefined) return this.region;
    const found = this.rules.find((r) => r.version === version);
    if (!found) throw new Refusal('RULES_VERSION_UNKNOWN', { seq: 0, version: String(version) });
    return found.region;
  };

  /** Records one decision; throws a Refusal (and writes nothing, not even a ledger number) when a rule refuses it. */
  async record<D extends Decision>(decision: D, reason: string, actor: string = this.actor): Promise<Recorded<D>> {
    const complete = this.complete(decision);
    const recorded = await this.store.db.transaction().execute(async (trx) => {
      await lockLedger(trx);
      const head = await this.stateAt(trx);
      const before = head.state;
      const seq = head.seq + 1;
      const applied = applyDecision(before, this.region, complete, seq);
      const stored = await appendEntry(trx, {
        recordedAt: this.clock.now().toISOString(),
        actor,
        reason,
        rulesVersion: this.rulesVersion,
        decision: complete,
        result: applied.result,
      });
      // Under the lock nobody else appends, so the number taken is the one the decision was applied with.
      if (stored !== seq) throw new Error(`ledger number ${stored} taken where ${seq} was expected`);
      const years = yearsOf(complete);
      // A tender step touches no year's figures (the final selection only the provider registry, which is always written).
      await writeProjection(trx, applied.state, isTenderDecision(complete) ? [] : years.length === 0 ? 'all' : years, this.region);
      return { seq, decision: complete, result: applied.result, state: applied.state };
    });
    // Committed: the state after it is the ledger's state at its number.
    this.cached = { seq: recorded.seq, state: recorded.state };
    return recorded;
  }

  /**
   * The fold of the ledger up to its last entry. The ledger only grows, without gaps, so the number of
   * its last entry is its version: a state folded at that number is kept and served until another
   * entry arrives (from this process or another), instead of replaying the whole ledger per request.
   */
  private cached: { seq: number; state: EngineState } | undefined;
  private async stateAt(db: Parameters<typeof readEntries>[0]): Promise<{ seq: number; state: EngineState }> {
    const head = await ledgerHead(db);
    if (this.cached && this.cached.seq === head) return this.cached;
    const entries = await readEntries(db);
    const fresh = { seq: entries.at(-1)?.seq ?? 0, state: replay(this.regionOf, entries) };
    if (fresh.seq === head) this.cached = fresh;
    return fresh;
  }

  /**
   * Fills in what the caller may leave out: an adjustment's date is today in the region's time zone.
   * (A date after today is allowed: decisions are prepared ahead, and the demo lives in 2028.)
   */
  private complete<D extends Decision>(decision: D): D {
    if (decision.kind !== 'adjustment' || decision.request.date !== undefined) return decision;
    return { ...decision, request: { ...decision.request, date: this.today() } };
  }

  async entries(): Promise<LedgerEntry[]> {
    return readEntries(this.store.db);
  }

  async state(): Promise<EngineState> {
    return (await this.stateAt(this.store.db)).state;
  }

  /** Replays the ledger and compares with the stored projection; returns the tables that differ. */
  async verify(): Promise<string[]> {
    const entries = await this.entries();
    for (const e of entries) {
      if (!this.rules.some((r) => r.version === e.rulesVersion)) throw new Refusal('RULES_VERSION_UNKNOWN', { seq: e.seq, version: String(e.rulesVersion) });
    }
    const expected = projectionOf(replay(this.regionOf, entries), this.region);
    const stored = await readProjection(this.store.db);
    return (Object.keys(expected) as (keyof typeof expected)[]).filter((k) => !isDeepStrictEqual(expected[k], stored[k]));
  }

  /** Rewrites every projection from the ledger. */
  async rebuild(): Promise<void> {
    await this.store.db.transaction().execute(async (trx) => {
      await lockLedger(trx);
      await writeProjection(trx, replay(this.regionOf, await readEntries(trx)), 'all', this.region);
    });
  }
}
