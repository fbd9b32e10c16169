// The providers' CBS deliveries (Beleidsinformatie Jeugd, Informatieprotocol v7) as a second source
// beside the iJw traffic [issue 15; docs/REFERENCE-STEERING-DATA.md §1; decisions §56]. Codes, half
// years, the record rules (merge of overlapping records of one young person and care form) and the
// mapping between the two sources. Pure: the pseudonym is the caller's keyed hash.

import { addDays } from './calendar.ts';

/** Hulpvorm (v7 §3.3). */
export const BIJ_CARE_FORMS: Readonly<Record<string, string>> = {
  '01': 'Wijk-/buurtteam',
  '02': 'Ambulant op locatie aanbieder',
  '03': 'Daghulp op locatie aanbieder',
  '04': 'In het netwerk van de jeugdige',
  '11': 'Pleegzorg',
  '12': 'Gezinsgericht verblijf',
  '13': 'Gesloten plaatsing',
  '14': 'Overig verblijf bij aanbieder',
};

/** Verwijzer (v7 §3.2; the same codes as iJw COD327). 07 "onbekend" of 2015 is gone. */
export const BIJ_REFERRERS: Readonly<Record<string, string>> = {
  '01': 'Gemeentelijke toegang',
  '02': 'Huisarts',
  '03': 'Jeugdarts',
  '04': 'Gecertificeerde instelling',
  '05': 'Medisch specialist',
  '06': 'Geen verwijzer',
  '08': 'Rechter, OvJ of functionaris JJI',
};

/** Reden beëindiging (v7 §3.7). */
export const BIJ_END_REASONS: Readonly<Record<string, string>> = {
  '01': 'Volgens plan',
  '02': 'Voortijdig, in overeenstemming',
  '03': 'Voortijdig, eenzijdig door de cliënt',
  '04': 'Voortijdig, eenzijdig door de aanbieder',
  '05': 'Voortijdig, door externe omstandigheden',
};

/** "Zonder hulp verder" (outcome 3.1, v7 §4.4). */
export const BIJ_WITHOUT_HELP: Readonly<Record<string, string>> = {
  '01': 'Eenzelfde soort of zwaardere hulp nodig',
  '02': 'Met een lichtere vorm red ik het',
  '03': 'Voor nu geen hulp, later waarschijnlijk wel',
  '04': 'Geen verdere hulp nodig',
};

/** Type informant (v7 §4.5 names them; their codes were not found, so words: decisions §56). */
export const BIJ_INFORMANTS = ['jeugdige', 'ouder'] as const;
export type Informant = (typeof BIJ_INFORMANTS)[number];

/** The BSN of v7 for "unknown" and "unborn" — the 2015 protocol had them the other way round: both mean no BSN. */
export const NO_BSN = ['999999999', '000000000'] as const;

export type BijGender = 'V' | 'M' | 'O';

/** A half year as CBS delivers it: JH-1 January–June, JH-2 July–December. */
export interface BijPeriod {
  readonly year: number;
  readonly half: 1 | 2;
}

/** "2028-H1", also "2028-JH1", "2028-JH-1", "2028H2". */
export function parseBijPeriod(text: string): BijPeriod | undefined {
  const m = /^(\d{4})\s*-?\s*(?:J?H)\s*-?\s*([12])$/i.exec(text.trim());
  if (!m) return undefined;
  const year = Number(m[1]);
  if (year < 2000 || year > 2100) return undefined;
  return { year, half: m[2] === '1' ? 1 : 2 };
}

export const bijPeriodName = (p: BijPeriod): string => `${p.year}-H${p.half}`;
export const bijPeriodStart = (p: BijPeriod): string => `${p.year}-${p.half === 1 ? '01-01' : '07-01'}`;
export const bijPeriodEnd = (p: BijPeriod): string => `${p.year}-${p.half === 1 ? '06-30' : '12-31'}`;
/** Due three weeks after the period (v7 §8; the exact date is in CBS's letter). */
export const bijDeadline = (p: BijPeriod): string => addDays(bijPeriodEnd(p), 21);
export const previousBijPeriod = (p: BijPeriod): BijPeriod => (p.half === 2 ? { year: p.year, half: 1 } : { year: p.year - 1, half: 2 });
export const compareBijPeriods = (a: BijPeriod, b: BijPeriod): number => a.year - b.year || a.half - b.half;

/** The latest half year that has ended on `day`: CBS's current delivery period. */
export function currentBijPeriod(day: string): BijPeriod {
  const year = Number(day.slice(0, 4));
  return day.slice(5) >= '07-01' ? { year, half: 1 } : { year: year - 1, half: 2 };
}

/** One measurement of the optional outcome fields (at most two per record, v7 §4.5). */
export interface Measurement {
  readonly satisfaction?: number;
  readonly withoutHelp?: string;
  readonly informant?: Informant;
}

/** A record as kept: nothing identifying, the young person as a keyed pseudonym. */
export interface BijRecord {
  /** Keyed pseudonym of the BSN, or of gender + birth date + postcode when there is none. */
  readonly person: string;
  readonly hasBsn: boolean;
  /** "2012-05", or "2012" when the month is unknown. */
  readonly birthMonth: string;
  readonly gender: BijGender;
  /** Four-digit postcode area, when a postcode was given. */
  readonly pc4?: string;
  /** CBS code of the responsible municipality, when known (from the code given, or the region's postcode table). */
  readonly municipality?: string;
  readonly referrer: string;
  readonly careForm: string;
  readonly crisis: boolean;
  readonly start: string;
  /** Last day of care (for stays: the day after the last night); undefined while care goes on. */
  readonly end?: string;
  readonly endReason?: string;
  readonly measurements: readonly Measurement[];
}

/** A record as read from one row, before the merge. */
export interface BijRow extends BijRecord {
  readonly row: number;
}

export interface MergeResult {
  readonly records: readonly BijRecord[];
  /** Rows folded into another (same young person and care form, overlapping in time). */
  readonly merged: number;
  /** Outcome measurements dropped beyond two per record. */
  readonly measurementsDropped: number;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const endKey = (end: string | undefined): string => end ?? '9999-12-31';

/**
 * The record rules of v7 §3.3/§7.5: records of one young person and care form that overlap in time
 * (the same record key — BSN, start and care form — always does) are one record, with the first
 * start; its end is filled only when the last care ends, with that care's reason. A change of care
 * form is a record of its own. Records that follow each other without overlap stay apart.
 */
export function mergeRecords(rows: readonly BijRow[]): MergeResult {
  const groups = new Map<string, BijRow[]>();
  for (const r of rows) {
    const k = `${r.person}|${r.careForm}`;
    const g = groups.get(k);
    if (g) g.push(r);
    else groups.set(k, [r]);
  }
  const records: BijRecord[] = [];
  let merged = 0;
  let measurementsDropped = 0;
  for (const g of groups.values()) {
    g.sort((a, b) => cmp(a.start, b.start) || cmp(endKey(a.end), endKey(b.end)) || a.row - b.row);
    let cur: BijRow | undefined;
    let measurements: Measurement[] = [];
    const flush = () => {
      if (!cur) return;
      const { row: _row, ...rest } = cur;
      measurementsDropped += Math.max(0, measurements.length - 2);
      records.push({ ...rest, measurements: measurements.slice(0, 2) });
    };
    for (const r of g) {
      if (cur && r.start <= endKey(cur.end)) {
        merged++;
        // The later end wins, with its reason; an open record keeps the merged one open.
        const later = endKey(r.end) > endKey(cur.end);
        cur = later ? { ...cur, end: r.end, endReason: r.endReason } as BijRow : cur;
        if (cur.end === undefined) cur = withoutEnd(cur);
        measurements.push(...r.measurements);
        continue;
      }
      flush();
      cur = r;
      measurements = [...r.measurements];
    }
    flush();
  }
  records.sort((a, b) => cmp(a.person, b.person) || cmp(a.careForm, b.careForm) || cmp(a.start, b.start));
  return { records, merged, measurementsDropped };
}

function withoutEnd(r: BijRow): BijRow {
  const { end: _e, endReason: _r, ...rest } = r;
  return rest;
}

/** Whether a record's care overlaps [from, to]. */
export function recordOverlaps(r: { readonly start: string; readonly end?: string }, from: string, to: string): boolean {
  return r.start <= to && endKey(r.end) >= from;
}

// ---- Mapping between the sources (REFERENCE-STEERING-DATA §1.2) -------------------------------

/** iJw JZ020 categories 31–38 are the 2015 hulpvormen. */
export const DEFAULT_CATEGORY_TO_CARE_FORM: Readonly<Record<string, string>> = {
  '31': '01',
  '32': '02',
  '33': '03',
  '34': '04',
  '35': '11',
  '36': '12',
  '37': '13',
  '38': '14',
};

/**
 * iJw JZ588 reasons → BiJ reasons. 31/34/32/33/35 follow from identical definitions; 02 (death),
 * 38 (to another provider on the client's initiative) and 39 (to another domain) by their
 * explanation in v7; 20 (temporary stop) is no end; 36 and 37 have no counterpart.
 */
export const DEFAULT_STOP_REASON_TO_END_REASON: Readonly<Record<string, string>> = {
  '31': '01',
  '34': '02',
  '32': '03',
  '33': '04',
  '35': '05',
  '02': '05',
  '38': '03',
  '39': '01',
};

/** iJw COD046 ↔ BiJ. */
export const IJW_GENDER_TO_BIJ: Readonly<Record<string, BijGender>> = { '0': 'O', '1': 'M', '2': 'V' };
export const BIJ_GENDER_TO_IJW: Readonly<Record<BijGender, string>> = { O: '0', M: '1', V: '2' };

/** The region's choices on the second source, with the national defaults. */
export interface BijPolicy {
  /** Extra or different JZ020 category → hulpvorm entries (the newer categories 40–55). */
  readonly categoryToCareForm?: Readonly<Record<string, string>>;
  /** Extra or different JZ588 → BiJ reason entries. */
  readonly stopReasonToEndReason?: Readonly<Record<string, string>>;
  /** BiJ reasons counted as dropout (uitval); default 03 and 04. */
  readonly dropoutReasons?: readonly string[];
  /** Months after an end in which a new start counts against "no new start"; default 12. */
  readonly noNewStartWindowMonths?: number;
  /** Days by which two sources' start or end may differ before a trajectory is listed; default 30. */
  readonly dateToleranceDays?: number;
}

/**
 * Dropout numerator default: the 2015 protocol's explanation names 03 and 04 as the codes "where one
 * can speak of dropout"; v7 keeps 03 and calls 04 "better helped elsewhere". A region that follows
 * v7's narrower reading sets [03].
 */
export const DEFAULT_DROPOUT_REASONS = ['03', '04'] as const;
export const DEFAULT_NO_NEW_START_WINDOW_MONTHS = 12;
export const DEFAULT_DATE_TOLERANCE_DAYS = 30;

export interface BijMapping {
  readonly categoryToCareForm: Readonly<Record<string, string>>;
  readonly stopReasonToEndReason: Readonly<Record<string, string>>;
  readonly dropoutReasons: readonly string[];
  readonly noNewStartWindowMonths: number;
  readonly dateToleranceDays: number;
}

export function bijMapping(policy: BijPolicy | undefined, careFormMapping: Readonly<Record<string, string>> = {}): BijMapping {
  // A newer category the region counts as one of 31–38 (careFormMapping) maps on to that one's hulpvorm.
  const categoryToCareForm: Record<string, string> = { ...DEFAULT_CATEGORY_TO_CARE_FORM };
  for (const [from, to] of Object.entries(careFormMapping)) {
    const form = DEFAULT_CATEGORY_TO_CARE_FORM[to];
    if (form) categoryToCareForm[from] = form;
  }
  Object.assign(categoryToCareForm, policy?.categoryToCareForm ?? {});
  return {
    categoryToCareForm,
    stopReasonToEndReason: { ...DEFAULT_STOP_REASON_TO_END_REASON, ...(policy?.stopReasonToEndReason ?? {}) },
    dropoutReasons: [...(policy?.dropoutReasons ?? DEFAULT_DROPOUT_REASONS)],
    noNewStartWindowMonths: policy?.noNewStartWindowMonths ?? DEFAULT_NO_NEW_START_WINDOW_MONTHS,
    dateToleranceDays: policy?.dateToleranceDays ?? DEFAULT_DATE_TOLERANCE_DAYS,
  };
}

/** The hulpvorm of an iJw category, or undefined when the region maps none. */
export const careFormOfCategory = (m: BijMapping, category: string): string | undefined => m.categoryToCareForm[category];
/** The BiJ reason of an iJw stop reason; undefined for a temporary stop or an unmapped reason. */
export const endReasonOfStop = (m: BijMapping, reason: string | undefined): string | undefined => (reason === undefined ? undefined : m.stopReasonToEndReason[reason]);
