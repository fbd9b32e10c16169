// At most a few argon2 computations at once [issue 13 "Security"; decisions §44]. Each one takes
// 64 MiB and a libuv thread for a good fraction of a second; a burst of sign-ins would otherwise
// occupy every thread (which file reads and compression share) and the memory for as long as it
// lasts. A few run, a few more wait their turn, and beyond that a try is refused at once
// (SIGN_IN_BUSY, 503 with Retry-After) instead of piling up. One gate per server process.
import { Refusal } from '../domain/errors.ts';

/** argon2 hashes or verifications running at once (the machine's cores serve requests too). */
export const ARGON2_RUNNING = 2;
/** Further ones waiting their turn; beyond that a try is refused at once. */
export const ARGON2_WAITING = 8;

export class PasswordGate {
  #running = 0;
  #peak = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(
    readonly maxRunning: number,
    readonly maxWaiting: number,
  ) {}

  /** Running now, waiting now, and the most that ever ran at once (for tests and benchmarks). */
  get load(): { running: number; waiting: number; peak: number } {
    return { running: this.#running, waiting: this.#waiting.length, peak: this.#peak };
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#running >= this.maxRunning) {
      if (this.#waiting.length >= this.maxWaiting) throw new Refusal('SIGN_IN_BUSY', { seconds: 5 });
      // The slot is handed over by the computation that finishes (below), so #running stays counted.
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

/** The process's gate around every argon2 hash and verification. */
export const passwordGate = new PasswordGate(ARGON2_RUNNING, ARGON2_WAITING);
