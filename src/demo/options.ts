// The traffic generator's public shapes: options, the messages it yields, the statistics it
// returns, the fault kinds and the defaults. Re-exported by traffic.ts, which callers import.

import type { MessageType } from './ijw-writer.ts';

export interface DemoRegion {
  readonly municipalities: readonly { readonly code: string; readonly name?: string }[];
  /** Areas as in the region file; those `within` a municipality give its postcode (PC4) table. */
  readonly areas: readonly {
    readonly id: string;
    readonly municipalities?: readonly string[];
    readonly within?: { readonly municipality: string; readonly pc4: readonly string[] };
  }[];
}

export interface DemoProvider {
  /** Code in the allocation plan, e.g. DEMO03. */
  readonly code: string;
  /** 8-digit AGB code used as sender/receiver in the messages. */
  readonly agb: string;
  /** Theme codes the provider works in (A–D in Amsterdam-Amstelland). */
  readonly themes: readonly string[];
  /** Relative weight per theme (e.g. theme share × provider share); equal when absent. */
  readonly themeWeights?: Readonly<Record<string, number>>;
}

export type FaultKind =
  /** An impossible calendar date such as 2029-02-30 (fails the XSD). */
  | 'invalid-date'
  /** A code outside its code list: product category 39, reason 21, gender 3, … (fails the XSD). */
  | 'invalid-code'
  /** The BerichtCode of another message type (fails the XSD). */
  | 'wrong-berichtcode'
  /** A 9999xxxxx BSN that fails the eleven-test (passes the XSD). */
  | 'invalid-bsn'
  /** Einddatum before Begindatum (JW307) or Ingangsdatum (JW301) (passes the XSD). */
  | 'end-before-start'
  /** An exact second delivery of an earlier file (same bytes, later file). */
  | 'duplicate'
  /** Delivered after the next message of the same trajectory. */
  | 'out-of-order'
  /** JW315 whose requested start lies before its Dagtekening (some more than 6 months). */
  | 'retroactive-request'
  /** JW305 sent more than 5 working days after care started (OP271). */
  | 'late-start'
  /** JW307 sent more than 5 working days after care ended (OP272). */
  | 'late-stop';

export const FAULT_KINDS: readonly FaultKind[] = [
  'invalid-date',
  'invalid-code',
  'wrong-berichtcode',
  'invalid-bsn',
  'end-before-start',
  'duplicate',
  'out-of-order',
  'retroactive-request',
  'late-start',
  'late-stop',
];

/** Fault kinds that make a message fail the official XSD. */
export const XSD_INVALID_FAULTS: ReadonlySet<FaultKind> = new Set<FaultKind>(['invalid-date', 'invalid-code', 'wrong-berichtcode']);

/** Default relative weights of the fault kinds (only kinds that fit a message type compete). */
export const DEFAULT_FAULT_MIX: Readonly<Record<FaultKind, number>> = {
  'invalid-date': 10,
  'invalid-code': 8,
  'wrong-berichtcode': 6,
  'invalid-bsn': 8,
  'end-before-start': 6,
  duplicate: 16,
  'out-of-order': 14,
  'retroactive-request': 40,
  'late-start': 30,
  'late-stop': 30,
};

export interface TrafficOptions {
  readonly region: DemoRegion;
  /** First and last date (inclusive, YYYY-MM-DD) of the delivered files. */
  readonly from: string;
  readonly to: string;
  readonly seed: number;
  /** Share of the generated files that is faulty, 0..1 (default 0.02). */
  readonly faultShare?: number;
  readonly providers: readonly DemoProvider[];
  /** Young people with care per municipality per year (default VOLUMES_2024). */
  readonly volumes?: Readonly<Record<string, number>>;
  /** Also write the return messages JW316/302/306/308 (default true). */
  readonly returnMessages?: boolean;
  /** Relative weights of the fault kinds (default DEFAULT_FAULT_MIX). */
  readonly faultMix?: Partial<Record<FaultKind, number>>;
  /**
   * Share of a provider's new trajectories that runs assignment-based ([315 →] 301 → 305 → 307)
   * rather than task-based (305/307 only), per calendar year; default `defaultAssignmentShare`.
   */
  readonly assignmentShare?: (year: number, providerIndex: number) => number;
}

export interface DemoMessage {
  /** Relative path: month folder and file name, e.g. 2028-03/2028-03-14_JW305_99000003_0000123.xml */
  readonly fileName: string;
  readonly xml: string;
  /** The message type the file claims to be (also when its BerichtCode is wrong). */
  readonly type: MessageType;
  /** Who wrote the file (for return messages: the party that returns it). */
  readonly sender: string;
  /** Delivery date (YYYY-MM-DD): the date in the file name. */
  readonly delivered: string;
  /** Set for faulty files only. */
  readonly fault?: FaultKind;
}

export interface TrafficStats {
  messages: number;
  byType: Record<string, number>;
  faulty: number;
  faultsByKind: Record<string, number>;
  /**
   * Ground truth: unique young people (persons, each with their own BSN) with care overlapping
   * each calendar year, per municipality.
   */
  youthByYear: Record<string, Record<string, number>>;
  /** Trajectories with at least one care day in the window, by variant and by care form. */
  trajectories: { assignment: number; task: number; byCareForm: Record<string, number> };
  /** Times a BSN was given to a second person whose first holder still had messages to come (0 in practice). */
  bsnReusedWhileActive: number;
  /** Distinct BSNs handed out: test range 9999xxxxx first, then the rest of 999xxxxxx (at most 90,909). */
  bsnsUsed: number;
  /** BSNs held by persons at the end (a person keeps their BSN; equals bsnsUsed). */
  bsnsHeldMax: number;
  /** Persons and BSNs: returning clients, BSNs per range, numbers given to a second person. */
  persons: PersonStats;
  /** The flow model: mean care-episode length and new care episodes per year per municipality. */
  model: { meanEpisodeYears: number; careEpisodeShare: number; newEpisodesPerYear: Record<string, number> };
}

/**
 * Default assignment-based share: the region moves from assignment-based to task-based traffic
 * from its 2028 start. Each provider starts between 25% and 75% assignment-based in 2028 and halves
 * that every year, down to a floor of 15% (care that stays assigned per client: statutory
 * referrals by the certified institution or the court, individual arrangements).
 */
export function defaultAssignmentShare(year: number, providerIndex: number): number {
  const base = 0.25 + (0.5 * ((providerIndex * 7) % 20)) / 19;
  const years = Math.max(0, year - 2028);
  return Math.max(0.15, base * Math.pow(0.5, years));
}

export interface PersonStats {
  /** Persons registered (every episode's person, also in the run-in), and episodes of former clients. */
  registered: number;
  returningEpisodes: number;
  /** BSNs handed out from the test range 9999xxxxx and from the rest of 999xxxxxx. */
  bsnsFromTestRange: number;
  bsnsFromExtendedRange: number;
  /** Numbers given to a second person after all 90,909 were in use (holder idle ≥ 2 years). */
  bsnsReassigned: number;
  /** Of those, numbers whose first holder still had messages to come (never expected). */
  bsnsReusedWhileActive: number;
}
