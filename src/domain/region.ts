// The region's reference data: configuration, not code (DOMAIN.md §2). Parsed and checked once by
// src/config/region-file.ts; the domain only ever sees this validated, frozen shape.
import type { BijPolicy } from './bij.ts';

/** CBS municipality code, four digits as used in iJw messages ("0363"). */
export type MunicipalityCode = string;

export interface Municipality {
  readonly code: MunicipalityCode;
  readonly name: string;
  /** 4-digit postcode areas ("1181" or "1180-1189"), for the CBS deliveries' postcodes. */
  readonly pc4?: readonly string[];
}

export interface Area {
  readonly id: string;
  readonly name: string;
  /** Free text shown with the area, e.g. that its postcode table is only an illustration. */
  readonly description?: string;
  /** Municipalities that belong to this area as a whole. */
  readonly municipalities: readonly MunicipalityCode[];
  /** For areas inside a municipality: the municipality and the 4-digit postcodes (PC4) that make the area. */
  readonly within?: { readonly municipality: MunicipalityCode; readonly pc4: readonly string[] };
}

export interface Theme {
  readonly code: string;
  readonly name: string;
}

export interface CareForm {
  /** iJw product category (code list JZ020), "32".."38", or a newer category mapped by configuration. */
  readonly category: string;
  readonly name: string;
}

export interface BudgetLine {
  readonly line: string;
  readonly amountCents: bigint;
}

export interface AdoptedBudget {
  readonly year: number;
  readonly municipality: MunicipalityCode;
  readonly lines: readonly BudgetLine[];
}

export interface BudgetPolicy {
  /** Yearly indexation in percent per year ("2.5"), compounded; missing years count as zero. */
  readonly indexation: Readonly<Record<string, string>>;
  /** The price level the adopted amounts are at (e.g. 2025); indexation applies from the year after. Default: the first adopted year. */
  readonly priceLevelYear?: number;
}

export interface SettlementPolicy {
  /** Flag a municipality when its cost share deviates from its contribution share by more than this many percentage points. */
  readonly deviationThresholdPct: string;
  /**
   * After the year the municipalities true up their contributions to their attributed realised
   * costs (from the 12-month reports), each provider's lump sum unchanged (Eemland, seed 002 §6.2).
   */
  readonly municipalityTrueUp?: boolean;
}

export interface Region {
  readonly id: string;
  readonly name: string;
  /** The most providers the region contracts; undefined means no limit. */
  readonly maxProviders?: number;
  readonly municipalities: readonly Municipality[];
  readonly areas: readonly Area[];
  readonly themes: readonly Theme[];
  readonly careForms: readonly CareForm[];
  /** Newer iJw product categories mapped onto one of the care forms above (e.g. {"54": "32"}). */
  readonly careFormMapping: Readonly<Record<string, string>>;
  readonly budgets: readonly AdoptedBudget[];
  readonly budgetPolicy: BudgetPolicy;
  readonly settlementPolicy: SettlementPolicy;
  /** Monitor settings; absent parts take their defaults (monitorSettings). */
  readonly monitorPolicy?: { readonly assignmentStartDeadlineDays?: number; readonly waitingThresholdDays?: number; readonly reachDropPct?: number };
  /** Reasons accepted for an upward in-year adjustment (DOMAIN.md §4 rule 2). */
  readonly upwardReasons: readonly { readonly code: string; readonly description: string }[];
  /** In-year adjustments; absent parts take today's rules (moneyRules). */
  readonly adjustmentPolicy?: { readonly downwardThresholdPct?: string };
  /** Payments; absent parts take today's rules (moneyRules). */
  readonly paymentPolicy?: { readonly instalments?: number; readonly leftoverCents?: LeftoverCents };
  /** Contribution keys when none are set for a year; absent takes today's rule (moneyRules). */
  readonly keysPolicy?: { readonly default?: DefaultKeys };
  /** The region's time zone: what "today" is (IANA name; default Europe/Amsterdam). */
  readonly timeZone?: string;
  /** The providers' financial reports; absent parts take the defaults (reportRules in financial-reports.ts). */
  /** The providers' CBS deliveries as a second source (issue 15). */
  readonly bijPolicy?: BijPolicy;
  /** Young people 0–17 per municipality and year (CBS), for KPIs per 1,000. */
  readonly population?: PopulationTable;
  /** Theme goals and their KPIs. */
  readonly kpis?: readonly KpiDefinition[];
  /** The start photo's tables as the region's documents give them. */
  readonly startPhoto?: { readonly source: string; readonly tables: readonly { readonly title: string; readonly columns: readonly string[]; readonly rows: readonly (readonly string[])[] }[] };
  readonly reportPolicy?: {
    /** Month-day ("06-15") by which each report is due; M12's in the year after. */
    readonly deadlines?: Partial<Readonly<Record<'PLAN' | 'M4' | 'M8' | 'M12', string>>>;
    readonly utilisationThreshold?: { readonly pct: string; readonly beforeMonth: number };
  };
}

/** Where the cents that do not divide evenly over the instalments go. */
export interface PopulationTable {
  readonly source: string;
  readonly placeholder?: boolean;
  readonly values: readonly { readonly year: number; readonly municipality: MunicipalityCode; readonly youngPeople: number }[];
}

export interface KpiDefinition {
  readonly id: string;
  readonly theme: string;
  readonly name: string;
  readonly description?: string;
  /** Over the monitor's figures (src/domain/kpi.ts); absent when the data cannot answer it. */
  readonly formula?: string;
  /** The source a KPI without a formula needs ("een vragenlijst"). */
  readonly needs?: string;
  readonly unit?: string;
  readonly direction?: 'down' | 'up';
  readonly baseline?: { readonly year: number; readonly values?: Readonly<Record<string, string>>; readonly source?: string; readonly placeholder?: boolean };
  readonly targets?: Readonly<Record<string, string>>;
  readonly targetsPlaceholder?: boolean;
}

export type LeftoverCents = 'first' | 'last';
/** Keys of a year for which none were set: the year's budgets, or the latest keys set for an earlier year. */
export type DefaultKeys = 'budgets' | 'previous-keys';

/** The money rules of a region, with today's values where the region file says nothing. */
export interface MoneyRules {
  /** A downward adjustment needs a forecast at least this many percent below the lump sum [DOMAIN.md §4 rule 3]. */
  readonly downwardThresholdPct: string;
  /** Instalments per year, a divisor of 12 (12 = monthly, seed 001 "1/12e deel"). */
  readonly instalments: number;
  readonly leftoverCents: LeftoverCents;
  readonly defaultKeys: DefaultKeys;
  readonly settlementThresholdPct: string;
  readonly timeZone: string;
}

export const DEFAULT_MONEY_RULES = Object.freeze({
  downwardThresholdPct: '5',
  instalments: 12,
  leftoverCents: 'first',
  defaultKeys: 'budgets',
  timeZone: 'Europe/Amsterdam',
} as const);

/** Instalments a year may be paid in: a whole number of months each. */
export const INSTALMENT_COUNTS = [1, 2, 3, 4, 6, 12] as const;

export function moneyRules(region: Region): MoneyRules {
  return {
    downwardThresholdPct: region.adjustmentPolicy?.downwardThresholdPct ?? DEFAULT_MONEY_RULES.downwardThresholdPct,
    instalments: region.paymentPolicy?.instalments ?? DEFAULT_MONEY_RULES.instalments,
    leftoverCents: region.paymentPolicy?.leftoverCents ?? DEFAULT_MONEY_RULES.leftoverCents,
    defaultKeys: region.keysPolicy?.default ?? DEFAULT_MONEY_RULES.defaultKeys,
    settlementThresholdPct: region.settlementPolicy.deviationThresholdPct,
    timeZone: region.timeZone ?? DEFAULT_MONEY_RULES.timeZone,
  };
}

/** Days after its assignment date after which an assignment without a start message is flagged, unless the region sets it. */
export const DEFAULT_ASSIGNMENT_START_DEADLINE_DAYS = 30;

export function assignmentStartDeadlineDays(region: Pick<Region, 'monitorPolicy'>): number {
  return region.monitorPolicy?.assignmentStartDeadlineDays ?? DEFAULT_ASSIGNMENT_START_DEADLINE_DAYS;
}
