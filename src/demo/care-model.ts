// The care model of the demo traffic: what a young person's care episode looks like — theme,
// provider, care form, duration, age, ending, temporary stops, a second trajectory — drawn from
// the distributions documented in docs/demo-data.md ("Care forms, durations and the course of
// care"). Pure sampling: no messages, no dates of messages, no persons' names or BSNs.

import { dayFromParts, yearOf, type Day } from '../domain/calendar-days.ts';
import type { DemoProvider } from './options.ts';
import type { Rng } from './random.ts';


/** Care forms: iJw product categories 32–38 (JZ020). */
export const CARE_FORMS = ['32', '33', '34', '35', '36', '37', '38'] as const;
export type CareForm = (typeof CARE_FORMS)[number];
export const RESIDENTIAL = new Set<string>(['35', '36', '37', '38']);

/** Care-form mix per theme, in percent of that theme's trajectories. */
const THEME_MIX: Readonly<Record<string, Readonly<Partial<Record<CareForm, number>>>>> = {
  A: { '32': 50, '33': 20, '34': 28, '38': 2 },
  B: { '32': 20, '33': 3, '34': 45, '35': 16, '36': 8, '38': 8 },
  C: { '32': 55, '33': 7, '34': 30, '38': 8 },
  D: { '32': 25, '34': 40, '37': 8, '38': 27 },
};
/** Mix for themes the generator does not know (other regions). */
const GENERIC_MIX: Readonly<Partial<Record<CareForm, number>>> = { '32': 37, '33': 7, '34': 37, '35': 6, '36': 3, '37': 1, '38': 9 };

/** Duration of one trajectory per care form: log-normal, median days and shape σ. */
const DURATION: Readonly<Record<CareForm, { readonly median: number; readonly sigma: number }>> = {
  '32': { median: 150, sigma: 0.7 },
  '33': { median: 180, sigma: 0.6 },
  '34': { median: 180, sigma: 0.7 },
  '35': { median: 500, sigma: 0.8 },
  '36': { median: 400, sigma: 0.7 },
  '37': { median: 120, sigma: 0.5 },
  '38': { median: 270, sigma: 0.7 },
};
export const MIN_DURATION = 14;
export const MAX_DURATION = 1826; // 5 years

/** Age at the start of care (years): bands and weights. */
const AGE_BANDS: readonly { readonly lo: number; readonly hi: number; readonly w: number }[] = [
  { lo: 0, hi: 3, w: 7 },
  { lo: 4, hi: 11, w: 36 },
  { lo: 12, hi: 17, w: 53 },
  { lo: 18, hi: 22, w: 4 },
];

/** Reasons for a definitive stop (JZ588) and their weights. */
const END_REASONS = ['31', '32', '33', '34', '35', '36', '38', '39', '02'] as const;
const END_REASON_WEIGHTS = [55, 13, 5, 15, 4, 2, 2, 3, 0.05];

/** Share of trajectories with a temporary stop (reason 20). */
const P_PAUSE_AMBULANT = 0.05;
const P_PAUSE_RESIDENTIAL = 0.09;
/** Share of temporary stops that are resumed with a new JW305 (the others end definitively). */
const P_RESUME = 0.85;
/** Episodes with a second trajectory after the first (step up/down, other provider). */
const P_FOLLOW_UP = 0.14;
/** Episodes with a second trajectory alongside the first. */
const P_CONCURRENT = 0.06;
/** Young people who age out at 18 when care would run past the 18th birthday. */
const P_END_AT_18 = 0.75;
/** A start sent and withdrawn without replacement: the care never happened. */
const P_NO_SHOW = 0.005;
/** An assignment that is never started. */
const P_NEVER_STARTED = 0.02;

export interface ProviderInfo {
  readonly index: number;
  readonly agb: string;
}

export interface Pause {
  /** Last day of care before the temporary stop. */
  readonly end: Day;
  /** First day of care after it; undefined when care does not resume. */
  readonly resume?: Day;
}

export interface TrajectoryShape {
  readonly provider: ProviderInfo;
  readonly careForm: CareForm;
  begin: Day;
  end: Day;
  reason: string;
  pause?: Pause;
  assignment: boolean;
  neverStarted: boolean;
  noShow: boolean;
  /** Begun before `from` and continued under the new contract from `from`. */
  transition: boolean;
}

export interface EpisodeShape {
  readonly birth: Day;
  readonly gender: string;
  readonly trajectories: TrajectoryShape[];
}

/** The providers per theme and the care forms per theme, and sampling of care episodes. */
export class CareModel {
  readonly providers: readonly ProviderInfo[];
  private readonly themeWeights: number[];
  private readonly themeProviders: { readonly providers: ProviderInfo[]; readonly weights: number[] }[];
  private readonly themeCareForms: { readonly forms: CareForm[]; readonly weights: number[] }[];

  constructor(
    providers: readonly DemoProvider[],
    private readonly assignmentShare: (year: number, providerIndex: number) => number,
  ) {
    if (providers.length === 0) throw new RangeError('at least one provider is needed');
    this.providers = providers.map((p, index) => {
      if (!/^[0-9]{8}$/.test(p.agb)) throw new RangeError(`provider ${p.code}: AGB code must be 8 digits, got "${p.agb}"`);
      return { index, agb: p.agb };
    });
    const themes = new Map<string, { providers: ProviderInfo[]; weights: number[] }>();
    providers.forEach((p, i) => {
      const list = p.themes.length > 0 ? p.themes : ['-'];
      for (const t of list) {
        const w = p.themeWeights?.[t] ?? 1;
        if (!(w > 0)) continue;
        let entry = themes.get(t);
        if (!entry) themes.set(t, (entry = { providers: [], weights: [] }));
        entry.providers.push(this.providers[i]!);
        entry.weights.push(w);
      }
    });
    const themeCodes = [...themes.keys()].sort();
    if (themeCodes.length === 0) throw new RangeError('no provider has a theme with a positive weight');
    this.themeProviders = themeCodes.map((t) => themes.get(t)!);
    this.themeWeights = this.themeProviders.map((e) => e.weights.reduce((s, w) => s + w, 0));
    this.themeCareForms = themeCodes.map((t) => {
      const m = THEME_MIX[t] ?? GENERIC_MIX;
      const forms = CARE_FORMS.filter((f) => (m[f] ?? 0) > 0);
      return { forms, weights: forms.map((f) => m[f]!) };
    });
  }

  /** Whether a provider's new trajectories in `year` run assignment-based (a draw). */
  drawAssignment(rng: Rng, year: number, provider: ProviderInfo): boolean {
    return rng.chance(this.assignmentShare(year, provider.index));
  }

  private pickTheme(rng: Rng): number {
    return rng.weighted(this.themeWeights);
  }

  private pickProvider(rng: Rng, theme: number): ProviderInfo {
    const e = this.themeProviders[theme]!;
    return e.providers[rng.weighted(e.weights)]!;
  }

  private pickCareForm(rng: Rng, theme: number, not?: CareForm): CareForm {
    const e = this.themeCareForms[theme]!;
    for (let tries = 0; tries < 10; tries++) {
      const f = e.forms[rng.weighted(e.weights)]!;
      if (f !== not) return f;
    }
    return not === '34' ? '32' : '34';
  }

  private duration(rng: Rng, form: CareForm): number {
    const p = DURATION[form];
    return Math.min(MAX_DURATION, Math.max(MIN_DURATION, Math.round(rng.logNormal(p.median, p.sigma))));
  }

  private endReason(rng: Rng): string {
    return END_REASONS[rng.weighted(END_REASON_WEIGHTS)]!;
  }

  /**
   * One young person's care episode starting on `start`: 1 trajectory, sometimes 2. For a new
   * person age and gender are drawn; a former client (`who`) keeps theirs.
   */
  sampleEpisode(rng: Rng, start: Day, who?: { readonly birth: Day; readonly gender: string }): EpisodeShape {
    let birth: Day;
    let gender: string;
    let theme: number;
    let careForm: CareForm;
    if (who) {
      // A former client: age and gender are theirs; secure placement only from 12.
      ({ birth, gender } = who);
      theme = this.pickTheme(rng);
      careForm = this.pickCareForm(rng, theme);
      if (careForm === '37' && start < birthday(birth, 12)) careForm = this.pickCareForm(rng, theme, '37');
    } else {
      const band = AGE_BANDS[rng.weighted(AGE_BANDS.map((b) => b.w))]!;
      theme = this.pickTheme(rng);
      careForm = this.pickCareForm(rng, theme);
      let age = rng.range(band.lo, band.hi);
      if (careForm === '37' && age < 12) age = rng.range(12, 17); // secure placement: teenagers
      birth = start - Math.floor(age * 365.25) - rng.int(365);
      const g = rng.next();
      gender = g < 0.01 ? '0' : g < 0.56 ? '1' : '2';
    }
    const first = this.sampleTrajectory(rng, theme, careForm, start, birth);
    const trajectories = [first];
    if (rng.chance(P_NO_SHOW)) {
      first.noShow = true;
      first.end = first.begin;
      first.pause = undefined;
      return { birth, gender, trajectories };
    }
    if (rng.chance(P_FOLLOW_UP)) {
      const t2 = this.pickTheme(rng);
      const form2 = this.pickCareForm(rng, t2, careForm);
      const begin = first.end + rng.range(1, 60);
      const second = this.sampleTrajectory(rng, t2, form2, begin, birth);
      if (second.provider !== first.provider && first.reason === '31' && rng.chance(0.5)) first.reason = '38';
      if (second.begin < birth + ageDays(23)) trajectories.push(second);
    } else if (rng.chance(P_CONCURRENT / (1 - P_FOLLOW_UP))) {
      const t2 = this.pickTheme(rng);
      const form2 = this.pickCareForm(rng, t2, careForm);
      const begin = start + rng.range(0, 45);
      if (begin < first.end - MIN_DURATION) trajectories.push(this.sampleTrajectory(rng, t2, form2, begin, birth));
    }
    return { birth, gender, trajectories };
  }

  sampleTrajectory(rng: Rng, theme: number, careForm: CareForm, begin: Day, birth: Day): TrajectoryShape {
    const provider = this.pickProvider(rng, theme);
    let end = begin + this.duration(rng, careForm) - 1;
    let reason = this.endReason(rng);
    const at18 = birthday(birth, 18);
    const at23 = birthday(birth, 23);
    if (begin < at18 && end >= at18 && rng.chance(P_END_AT_18)) {
      end = Math.max(begin + MIN_DURATION - 1, at18 - 1);
      reason = '31';
    } else if (end >= at23) {
      end = Math.max(begin + MIN_DURATION - 1, at23 - 1);
      reason = '31';
    }
    let pause: Pause | undefined;
    const length = end - begin + 1;
    if (length >= 60 && rng.chance(RESIDENTIAL.has(careForm) ? P_PAUSE_RESIDENTIAL : P_PAUSE_AMBULANT)) {
      const pauseEnd = begin + Math.floor(length * (0.25 + 0.5 * rng.next()));
      const gap = rng.range(14, 90);
      if (rng.chance(P_RESUME)) {
        pause = { end: pauseEnd, resume: pauseEnd + 1 + gap };
        end += gap;
      } else {
        pause = { end: pauseEnd };
        end = pauseEnd + gap; // known to be final only then: the definitive stop's Einddatum
        reason = rng.pick(['32', '34', '35']);
      }
    }
    const assignment = this.drawAssignment(rng, yearOf(begin), provider);
    const neverStarted = assignment && rng.chance(P_NEVER_STARTED);
    return { provider, careForm, begin, end, reason, ...(pause ? { pause } : {}), assignment, neverStarted, noShow: false, transition: false };
  }

  // -- planning ---------------------------------------------------------------------------------
}

export function ageDays(years: number): number {
  return Math.floor(years * 365.25);
}

/** The day a person born on `birth` turns `years` old. */
export function birthday(birth: Day, years: number): Day {
  const d = new Date(birth * 86_400_000);
  return dayFromParts(d.getUTCFullYear() + years, d.getUTCMonth() + 1, d.getUTCDate());
}
