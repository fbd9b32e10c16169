// At most a few argon2 computations at once [issue 13 "Security"; decisions §44]. Each one takes
// 64 MiB and a libuv thread for a good fraction of a second; a burst of sign-ins would otherwise
// occupy every thread (which file reads and compression share) and the memory for as long as it
// lasts. A few run, a few more wait their turn, and beyond that a try is refused at once
// (SIGN_IN_BUSY, 503 with Retry-After) instead of piling up. One gate per server process.
import { Refusal } from '../domain/errors.ts';
import { AdmissionGate } from './admission-gate.ts';

/** argon2 hashes or verifications running at once (the machine's cores serve requests too). */
export const ARGON2_RUNNING = 2;
/** Further ones waiting their turn; beyond that a try is refused at once. */
export const ARGON2_WAITING = 8;

export class PasswordGate extends AdmissionGate {
  constructor(maxRunning: number, maxWaiting: number) {
    super(maxRunning, maxWaiting, () => new Refusal('SIGN_IN_BUSY', { seconds: 5 }));
  }
}

/** The process's gate around every argon2 hash and verification. */
export const passwordGate = new PasswordGate(ARGON2_RUNNING, ARGON2_WAITING);
