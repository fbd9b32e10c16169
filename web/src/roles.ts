// What the pages offer each role [issue 13 "Each role sees only what the API gives it"]. The server
// decides who may see what (src/domain/access: policy.ts, scope.ts) and refuses the rest; this table
// only keeps the pages from offering a breakdown, a period or a page the role's answer would be a
// refusal for. test/web-roles.test.ts holds it against policy.ts and scope.ts, so the two cannot
// drift apart.
import type { Role } from './api.ts';

export const DIMENSIONS = ['municipality', 'area', 'provider', 'care_form', 'theme', 'age_group', 'gender'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export type PeriodKind = 'month' | 'quarter' | 'half' | 'year';
export type TimelinessBy = 'provider' | 'municipality' | 'total';

export interface RoleOffer {
  /** The column whose value says whose a row is (own code or REST/REGION); null for the region. */
  readonly column: 'municipality' | 'provider' | null;
  /** The label of the others' rows in that column. */
  readonly othersLabel: 'REST' | 'REGION' | null;
  /** Dimensions the role may break the figures down by (besides its column). */
  readonly breakdowns: readonly Dimension[];
  /** How many dimensions one request may combine (the column included). */
  readonly maxDimensions: number;
  /** The periods the monitor answers this role for. */
  readonly periodKinds: readonly PeriodKind[];
  /** Only periods the data cover to their last working day (others than the region). */
  readonly closedPeriodsOnly: boolean;
  readonly timelinessBy: readonly TimelinessBy[];
  /** Message counts per type (capability monitor.process). */
  readonly messages: boolean;
  /** The explanation of an amount (money.explain). */
  readonly explain: boolean;
  /** Decisions, the ledger, imports (decision.record, ledger.read). */
  readonly decisions: boolean;
  /** The audit log and accounts (audit.read, accounts.manage). */
  readonly administration: boolean;
  /** The council report (report.council): the region for any municipality, the others their own. */
  readonly councilReport: boolean;
  /** Utilisation and forecasts from the financial reports (utilisation.read). */
  readonly utilisation: boolean;
  /** Delivering a financial report (report.submit): a provider its own, the region any. */
  readonly reportSubmit: boolean;
  /** The key proposal what-if (keys.propose). */
  readonly keysPropose: boolean;
  /** Delivering a CBS delivery, its log and mirror (bij.submit): a provider its own, the region any. */
  readonly bijSubmit: boolean;
  /** How complete the traffic and the CBS deliveries are (coverage.read). */
  readonly coverage: boolean;
  /** Outcome indicators (quality.read). */
  readonly quality: boolean;
  /** A provider's under-serving panel (underserving.read): the region any, a provider its own. */
  readonly underServing: boolean;
  /** The tender's record, scoring, coverage and distribution (tender.read, tender.score). */
  readonly tender: boolean;
  /** A bidder's own outcome in a tender (tender.own). */
  readonly tenderOwn: boolean;
}

export const ROLE_OFFERS: Readonly<Record<Role, RoleOffer>> = {
  region: {
    column: null,
    othersLabel: null,
    breakdowns: DIMENSIONS,
    maxDimensions: 3,
    periodKinds: ['month', 'quarter', 'half', 'year'],
    closedPeriodsOnly: false,
    timelinessBy: ['provider', 'municipality', 'total'],
    messages: true,
    explain: true,
    decisions: true,
    administration: true,
    councilReport: true,
    utilisation: true,
    reportSubmit: true,
    keysPropose: true,
    bijSubmit: true,
    coverage: true,
    quality: true,
    underServing: true,
    tender: true,
    tenderOwn: false,
  },
  municipality: {
    column: 'municipality',
    othersLabel: 'REST',
    breakdowns: DIMENSIONS.filter((d) => d !== 'municipality'),
    maxDimensions: 2,
    periodKinds: ['quarter', 'half', 'year'],
    closedPeriodsOnly: true,
    timelinessBy: ['provider', 'municipality', 'total'],
    messages: true,
    explain: true,
    decisions: false,
    administration: false,
    councilReport: true,
    utilisation: true,
    reportSubmit: false,
    keysPropose: true,
    bijSubmit: false,
    coverage: true,
    quality: true,
    underServing: false,
    tender: false,
    tenderOwn: false,
  },
  provider: {
    column: 'provider',
    othersLabel: 'REGION',
    breakdowns: DIMENSIONS.filter((d) => d !== 'provider'),
    maxDimensions: 2,
    periodKinds: ['quarter', 'half', 'year'],
    closedPeriodsOnly: true,
    timelinessBy: ['provider', 'municipality', 'total'],
    messages: true,
    explain: true,
    decisions: false,
    administration: false,
    councilReport: false,
    utilisation: true,
    reportSubmit: true,
    keysPropose: false,
    bijSubmit: true,
    coverage: true,
    quality: true,
    underServing: true,
    tender: false,
    tenderOwn: true,
  },
  council: {
    column: 'municipality',
    othersLabel: 'REST',
    breakdowns: ['theme', 'care_form'],
    maxDimensions: 2,
    periodKinds: ['half', 'year'],
    closedPeriodsOnly: true,
    timelinessBy: ['municipality', 'total'],
    messages: false,
    explain: false,
    decisions: false,
    administration: false,
    councilReport: true,
    utilisation: false,
    reportSubmit: false,
    keysPropose: false,
    bijSubmit: false,
    coverage: false,
    quality: true,
    underServing: false,
    tender: false,
    tenderOwn: false,
  },
};

/** Dutch names of the dimensions, as column headings and filter labels. */
export const DIMENSION_LABELS: Readonly<Record<Dimension, string>> = {
  municipality: 'Gemeente',
  area: 'Gebied',
  provider: 'Aanbieder',
  care_form: 'Zorgvorm',
  theme: 'Thema',
  age_group: 'Leeftijdsgroep',
  gender: 'Geslacht',
};

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  region: 'regioteam',
  municipality: 'gemeente',
  provider: 'aanbieder',
  council: 'gemeenteraad',
};
