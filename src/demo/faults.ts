// Faulty traffic (docs/demo-data.md, "Faulty traffic"): which fault kinds fit which message type,
// the draw of a fault, what a fault does to a trajectory's chain of messages (a rejected attempt
// before the valid message, a late or out-of-order delivery, a duplicate) and to a message's
// content (an impossible date, a code outside its list, a BSN failing the eleven-test, …).

import { addWorkingDays, dayOf, isoOf, onOrAfterWorkingDay, subtractWorkingDays, type Day } from '../domain/calendar-days.ts';
import { BERICHT_CODE, type AssignedProduct, type ClientData, type HeenType, type MessageType, type StartProductData, type StopProductData } from './ijw-writer.ts';
import { DEFAULT_FAULT_MIX, type FaultKind } from './options.ts';
import { failingTestBsn } from './persons.ts';
import type { Pending, PendingQueue, Payload } from './queue.ts';
import type { Rng } from './random.ts';

const HEEN_FAULTS: Readonly<Record<HeenType, readonly FaultKind[]>> = {
  JW315: ['invalid-date', 'invalid-code', 'wrong-berichtcode', 'invalid-bsn', 'duplicate', 'out-of-order', 'retroactive-request'],
  JW301: ['invalid-date', 'invalid-code', 'wrong-berichtcode', 'invalid-bsn', 'end-before-start', 'duplicate', 'out-of-order'],
  JW305: ['invalid-date', 'invalid-code', 'wrong-berichtcode', 'invalid-bsn', 'duplicate', 'out-of-order', 'late-start'],
  JW307: ['invalid-date', 'invalid-code', 'wrong-berichtcode', 'invalid-bsn', 'end-before-start', 'duplicate', 'out-of-order', 'late-stop'],
};
const RETOUR_FAULTS: readonly FaultKind[] = ['invalid-date', 'wrong-berichtcode', 'duplicate'];
/** Kinds decided while planning a timeline (they move dates). */
export const TIMELINE_FAULTS: ReadonlySet<FaultKind> = new Set<FaultKind>(['retroactive-request', 'late-start', 'late-stop']);

/** Another message type's BerichtCode, for the wrong-berichtcode fault. */
export const WRONG_CODE: Readonly<Record<MessageType, string>> = {
  JW315: '486', // JW317's code
  JW301: BERICHT_CODE.JW305,
  JW305: BERICHT_CODE.JW307,
  JW307: BERICHT_CODE.JW305,
  JW316: BERICHT_CODE.JW306,
  JW302: BERICHT_CODE.JW301,
  JW306: BERICHT_CODE.JW308,
  JW308: BERICHT_CODE.JW306,
};

export interface FaultTable {
  readonly kinds: readonly FaultKind[];
  readonly cumulative: readonly number[];
}

function faultTable(kinds: readonly FaultKind[], mix: Readonly<Record<FaultKind, number>>): FaultTable {
  const usable = kinds.filter((k) => mix[k] > 0);
  const total = usable.reduce((s, k) => s + mix[k], 0);
  let acc = 0;
  const cumulative = usable.map((k) => (acc += mix[k] / total));
  return { kinds: usable, cumulative };
}

/** The fault tables of a run and the draw of a message's fault. */
export class FaultRoller {
  /** Per outgoing message type, the kinds that fit it. */
  readonly heen: Readonly<Record<HeenType, FaultTable>>;
  /** The same without the kinds that change a timeline (for corrections and withdrawals). */
  readonly plain: Readonly<Record<HeenType, FaultTable>>;
  readonly retour: FaultTable;

  constructor(
    private readonly share: number,
    faultMix: Partial<Record<FaultKind, number>> | undefined,
  ) {
    const mix: Record<FaultKind, number> = { ...DEFAULT_FAULT_MIX };
    for (const [k, v] of Object.entries(faultMix ?? {})) if (v !== undefined) mix[k as FaultKind] = v;
    this.heen = {
      JW315: faultTable(HEEN_FAULTS.JW315, mix),
      JW301: faultTable(HEEN_FAULTS.JW301, mix),
      JW305: faultTable(HEEN_FAULTS.JW305, mix),
      JW307: faultTable(HEEN_FAULTS.JW307, mix),
    };
    const plain = (type: HeenType) => faultTable(HEEN_FAULTS[type].filter((k) => !TIMELINE_FAULTS.has(k)), mix);
    this.plain = { JW315: plain('JW315'), JW301: plain('JW301'), JW305: plain('JW305'), JW307: plain('JW307') };
    this.retour = faultTable(RETOUR_FAULTS, mix);
  }

  /** Draws whether a message is faulty, and how (only kinds that fit its type). */
  roll(rng: Rng, table: FaultTable): FaultKind | undefined {
    if (this.share <= 0 || rng.next() >= this.share) return undefined;
    const u = rng.next();
    for (let i = 0; i < table.kinds.length; i++) if (u < table.cumulative[i]!) return table.kinds[i];
    return table.kinds[table.kinds.length - 1];
  }
}

/**
 * Applies the faults that do not change the trajectory's timeline: invalid messages get a
 * corrected resend, out-of-order messages are delivered after their successor, duplicates are
 * copied on delivery. Appends the chain to `out`.
 */
export function applyChainFaults(chain: Pending[], out: Pending[], rng: Rng, queue: PendingQueue): void {
  for (let i = 0; i < chain.length; i++) {
    const p = chain[i]!;
    const fault = p.fault;
    if (fault === undefined || fault === 'late-start' || fault === 'late-stop' || fault === 'retroactive-request') {
      out.push(p);
      continue;
    }
    if (fault === 'duplicate') {
      p.fault = undefined;
      p.duplicateLater = true;
      out.push(p);
      continue;
    }
    if (fault === 'out-of-order') {
      const next = chain[i + 1];
      if (next) {
        p.delivery = addWorkingDays(next.delivery, rng.range(1, 8));
        out.push(p);
      } else {
        p.fault = undefined;
        p.duplicateLater = true;
        out.push(p);
      }
      continue;
    }
    // Invalid content: a rejected attempt shortly before the valid message (same day or 1 working day).
    const attemptDay = onOrAfterWorkingDay(Math.max(subtractWorkingDays(p.dag, rng.chance(0.5) ? 0 : 1), earliestDay(p)));
    out.push({ ...p, delivery: attemptDay, dag: attemptDay, order: queue.nextOrder(), wantsRetour: false });
    p.fault = undefined;
    out.push(p);
  }
}

/** A message may not be dated before the event it reports. */
function earliestDay(p: Pending): Day {
  const pl = p.payload;
  if (pl?.kind === 'JW305') return Math.max(...pl.products.map((x) => dayOf(x.begindatum)));
  if (pl?.kind === 'JW307') return Math.max(...pl.products.map((x) => dayOf(x.einddatum)));
  return p.dag - 1;
}

/**
 * A message's content with its fault applied: the client (a BSN failing the eleven-test, an
 * impossible birth date, gender 3) or the first (JW315, JW301) or last (JW305, JW307) product (an
 * impossible date, a code outside its list, an end before the start). Without a content fault the
 * same objects come back.
 */
export function withContentFault(payload: Payload, client: ClientData, fault: FaultKind | undefined, rng: Rng): { client: ClientData; payload: Payload } {
  if (fault === 'invalid-bsn') client = { ...client, bsn: failingTestBsn(client.bsn, rng) };
  const birthFault = fault === 'invalid-date' && rng.chance(0.2);
  if (birthFault) client = { ...client, geboortedatum: impossibleDate(dayOf(client.geboortedatum)) };
  const codeField = fault === 'invalid-code' ? rng.int(2) : -1; // 0: gender, 1: a code in the product
  if (codeField === 0) client = { ...client, geslacht: '3' };
  const dateFault = fault === 'invalid-date' && !birthFault;
  const codeFault = codeField === 1;
  const orderFault = fault === 'end-before-start';

  switch (payload.kind) {
    case 'JW315': {
      const products = payload.products.map((x, i) =>
        i > 0
          ? x
          : {
              ...x,
              ...(dateFault ? { toewijzingIngangsdatum: impossibleDate(dayOf(x.toewijzingIngangsdatum)) } : {}),
              ...(codeFault ? (rng.chance(0.5) ? { verwijzerType: '07' } : { categorie: '39' }) : {}),
            },
      );
      return { client, payload: { kind: 'JW315', products } };
    }
    case 'JW301': {
      const products = payload.products.map((x, i) => {
        if (i > 0) return x;
        let y: AssignedProduct = x;
        if (dateFault) y = rng.chance(0.5) || !x.einddatum ? { ...y, ingangsdatum: impossibleDate(dayOf(x.ingangsdatum)) } : { ...y, einddatum: impossibleDate(dayOf(x.einddatum)) };
        if (codeFault) y = { ...y, categorie: '39' };
        if (orderFault) y = { ...y, einddatum: isoOf(dayOf(x.ingangsdatum) - rng.range(1, 30)) };
        return y;
      });
      return { client, payload: { kind: 'JW301', products } };
    }
    case 'JW305': {
      const products = payload.products.map((x, i) => {
        if (i !== payload.products.length - 1) return x;
        let y: StartProductData = x;
        if (dateFault) y = { ...y, begindatum: impossibleDate(dayOf(x.begindatum)) };
        if (codeFault) y = rng.chance(0.5) ? { ...y, categorie: '39' } : { ...y, statusAanlevering: '4' };
        return y;
      });
      return { client, payload: { kind: 'JW305', products } };
    }
    case 'JW307': {
      const products = payload.products.map((x, i) => {
        if (i !== payload.products.length - 1) return x;
        let y: StopProductData = x;
        if (dateFault) y = { ...y, einddatum: impossibleDate(dayOf(x.einddatum)) };
        if (codeFault) y = rng.chance(0.5) ? { ...y, redenBeeindiging: '21' } : { ...y, categorie: '39' };
        if (orderFault) y = { ...y, einddatum: isoOf(dayOf(x.begindatum) - rng.range(1, 30)) };
        return y;
      });
      return { client, payload: { kind: 'JW307', products } };
    }
    default:
      throw new Error(`unexpected payload ${payload.kind}`);
  }
}

/** An impossible date close to `day`: the 30th of February, or the 31st of a 30-day month. */
export function impossibleDate(day: Day): string {
  const iso = isoOf(day);
  const y = iso.slice(0, 4);
  const month = Number(iso.slice(5, 7));
  if (month <= 3) return `${y}-02-30`;
  if (month <= 5) return `${y}-04-31`;
  if (month <= 7) return `${y}-06-31`;
  if (month <= 10) return `${y}-09-31`;
  return `${y}-11-31`;
}
