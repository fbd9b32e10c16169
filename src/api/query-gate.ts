// Admission for the monitor's queries: a few run at once, a few more wait their turn, and the rest are
// answered 503 (MONITOR_BUSY, with Retry-After) at once instead of piling up behind each other (and behind them every other route's
// query, which shares the database). No request waits for more than the ones ahead of it in line.
import { AdmissionGate } from '../app/admission-gate.ts';
import { Refusal } from '../domain/errors.ts';

export class QueryGate extends AdmissionGate {
  constructor(maxRunning: number, maxWaiting: number) {
    super(maxRunning, maxWaiting, (running, waiting) => new Refusal('MONITOR_BUSY', { running, waiting }));
  }
}
