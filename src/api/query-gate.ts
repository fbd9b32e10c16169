// Admission for the monitor's queries: a few run at once, a few more wait their turn, and the rest are
// answered 503 (MONITOR_BUSY, with Retry-After) at once instead of piling up behind each other (and behind them every other route's
// query, which shares the database). No request waits for more than the ones ahead of it in line.
import { Refusal } from '../domain/errors.ts';

export class QueryGate {
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(
    readonly maxRunning: number,
    readonly maxWaiting: number,
  ) {}

  get running(): number {
    return this.#running;
  }

  get waiting(): number {
    return this.#waiting.length;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#running >= this.maxRunning) {
      if (this.#waiting.length >= this.maxWaiting) {
        throw new Refusal('MONITOR_BUSY', { running: this.#running, waiting: this.#waiting.length });
      }
      // The slot is handed over by the request that finishes (below), so #running stays counted.
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#running++;
    }
    try {
      return await work();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    }
  }
}
