// Use cases of the money engine: every change is one decision, recorded in the ledger and applied to
// the projections inside one transaction, under a lock, so concurrent commands cannot interleave.
import { isDeepStrictEqual } from 'node:util';
import { applyDecision, replay, type EngineState } from '../domain/engine.ts';
import type { Decision, LedgerEntry } from '../domain/decisions.ts';
import type { Region } from '../domain/region.ts';
import { appendEntry, lockLedger, readEntries } from '../store/ledger-repository.ts';
import { projectionOf, readProjection, writeProjection } from '../store/projection-repository.ts';
import type { Store } from '../store/database.ts';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

function yearsOf(decision: Decision): number[] {
  switch (decision.kind) {
    case 'budget.import':
      return [...new Set(decision.budgets.map((b) => b.year))];
    case 'allocation':
      return [decision.plan.year];
    case 'adjustment':
      return [decision.request.year];
    default:
      return [decision.year];
  }
}

export class MoneyEngine {
  constructor(
    readonly store: Store,
    readonly region: Region,
    private readonly clock: Clock,
    private readonly actor: string,
  ) {}

  /** Records one decision; throws RuleError (and writes nothing) when a rule refuses it. */
  async record(decision: Decision, reason: string): Promise<{ seq: number; result: Record<string, unknown>; state: EngineState }> {
    return this.store.db.transaction().execute(async (trx) => {
      await lockLedger(trx);
      const entries = await readEntries(trx);
      const before = replay(this.region, entries);
      const nextSeq = (entries.at(-1)?.seq ?? 0) + 1;
      const applied = applyDecision(before, this.region, decision, nextSeq);
      const seq = await appendEntry(trx, {
        recordedAt: this.clock.now().toISOString(),
        actor: this.actor,
        reason,
        decision,
        result: applied.result,
      });
      // Sequences can skip numbers (a rolled-back insert); replay the real sequence number.
      const final = seq === nextSeq ? applied : applyDecision(before, this.region, decision, seq);
      // keys.set re-allocates in place; the allocation keeps the seq of its own ledger entry.
      await writeProjection(trx, final.state, yearsOf(decision));
      return { seq, result: final.result, state: final.state };
    });
  }

  async entries(): Promise<LedgerEntry[]> {
    return readEntries(this.store.db);
  }

  async state(): Promise<EngineState> {
    return replay(this.region, await this.entries());
  }

  /** Replays the ledger and compares with the stored projection; returns the tables that differ. */
  async verify(): Promise<string[]> {
    const expected = projectionOf(await this.state());
    const stored = await readProjection(this.store.db);
    return (Object.keys(expected) as (keyof typeof expected)[]).filter((k) => !isDeepStrictEqual(expected[k], stored[k]));
  }

  /** Rewrites every projection from the ledger. */
  async rebuild(): Promise<void> {
    await this.store.db.transaction().execute(async (trx) => {
      await lockLedger(trx);
      await writeProjection(trx, replay(this.region, await readEntries(trx)), 'all');
    });
  }
}
