// Admission for slow work that shares a scarce resource: a few run at once, a few more wait their
// turn in order, and the rest are refused at once (with the caller's refusal, a 503 with Retry-After)
// instead of piling up. No caller waits for more than the ones ahead of it in line. Used for the
// monitor's queries (src/api/query-gate.ts) and for argon2 (src/app/password-gate.ts).
import type { Refusal } from '../domain/errors.ts';

export class AdmissionGate {
  #running = 0;
  #peak = 0;
  readonly #waiting: (() => void)[] = [];

  /** @param refuse the refusal when `maxRunning` run and `maxWaiting` wait already */
  constructor(
    readonly maxRunning: number,
    readonly maxWaiting: number,
    private readonly refuse: (running: number, waiting: number) => Refusal,
  ) {}

  get running(): number {
    return this.#running;
  }

  get waiting(): number {
    return this.#waiting.length;
  }

  /** Running now, waiting now, and the most that ever ran at once (for tests and benchmarks). */
  get load(): { running: number; waiting: number; peak: number } {
    return { running: this.#running, waiting: this.#waiting.length, peak: this.#peak };
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#running >= this.maxRunning) {
      if (this.#waiting.length >= this.maxWaiting) throw this.refuse(this.#running, this.#waiting.length);
      // The slot is handed over by the work that finishes (below), so #running stays counted.
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#running++;
    }
    this.#peak = Math.max(this.#peak, this.#running);
    try {
      return await work();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    }
  }
}
