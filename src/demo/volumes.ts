// Volumes and arrivals: how many young people with care each municipality has per year
// (DOMAIN.md §2), the stationary flow model that turns that volume into a daily rate of new care
// episodes, and the seasonal and weekly pattern of care starts (docs/demo-data.md, "Volumes").

import { dayFromParts, isWorkingDay, yearOf, type Day } from '../domain/calendar-days.ts';
import type { CareModel } from './care-model.ts';
import type { DemoRegion } from './options.ts';
import { placeChooser } from './places.ts';
import { Rng } from './random.ts';

/** Young people receiving AJH in 2024 per municipality (DOMAIN.md §2), by CBS code. */
export const VOLUMES_2024: Readonly<Record<string, number>> = {
  '0358': 410, // Aalsmeer
  '0362': 1016, // Amstelveen
  '0363': 14378, // Amsterdam
  '0384': 424, // Diemen
  '0437': 206, // Ouder-Amstel
  '0451': 508, // Uithoorn
};

/** Monthly seasonality of care starts (January … December). */
const SEASON = [1.1, 1.1, 1.1, 1.0, 1.0, 1.0, 0.75, 0.7, 1.15, 1.1, 1.1, 0.85];

export interface MunicipalityInfo {
  readonly code: string;
  readonly index: number;
  /** Yearly volume (young people with care). */
  readonly volume: number;
  /** New care episodes per year and per day, on average. */
  readonly newEpisodesPerYear: number;
  readonly dailyRate: number;
  readonly placeOf: (rng: Rng) => { pc4: string; place: string };
}

/** Mean care-episode length in years and share of episodes with care (calibration). */
export interface FlowCalibration {
  readonly meanYears: number;
  readonly careShare: number;
}

/** Mean episode length (years) and share of episodes with care, by sampling 20,000 episodes. */
export function calibrateFlow(model: CareModel, seed: number, start: Day): FlowCalibration {
  const rng = Rng.stream(seed, 'calibrate');
  let sum = 0;
  let care = 0;
  const n = 20_000;
  for (let i = 0; i < n; i++) {
    const e = model.sampleEpisode(rng, start);
    const t = e.trajectories.filter((x) => !x.neverStarted && !x.noShow);
    if (t.length === 0) continue;
    care++;
    let end = start;
    for (const x of t) end = Math.max(end, x.end);
    sum += (end - start + 1) / 365.25;
  }
  return { meanYears: sum / care, careShare: care / n };
}

/**
 * The region's municipalities with their arrival rates. Stationary flow: unique young people in a
 * year = in care on 1 January (λ·E[D]) + new episodes during the year (λ); only episodes with
 * care count.
 */
export function municipalityFlows(region: DemoRegion, volumes: Readonly<Record<string, number>>, flow: FlowCalibration): MunicipalityInfo[] {
  return region.municipalities.map((m, index) => {
    const volume = volumes[m.code];
    if (volume === undefined) throw new RangeError(`no yearly volume for municipality ${m.code}: pass options.volumes`);
    const perYear = volume / (flow.careShare * (1 + flow.meanYears));
    return { code: m.code, index, volume, newEpisodesPerYear: perYear, dailyRate: perYear / 365.25, placeOf: placeChooser(m.code, m.name, region) };
  });
}

/** Relative intensity of care starts per day (season × working day), averaging 1 over a year. */
export class ArrivalCalendar {
  private readonly cache = new Map<number, Float64Array>();

  weight(day: Day): number {
    const year = yearOf(day);
    let weights = this.cache.get(year);
    if (!weights) {
      const first = dayFromParts(year, 1, 1);
      const n = dayFromParts(year + 1, 1, 1) - first;
      weights = new Float64Array(n);
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const month = new Date((first + i) * 86_400_000).getUTCMonth();
        const w = SEASON[month]! * (isWorkingDay(first + i) ? 1.3 : 0.2);
        weights[i] = w;
        sum += w;
      }
      for (let i = 0; i < n; i++) weights[i] = (weights[i]! * n) / sum;
      this.cache.set(year, weights);
    }
    return weights[day - dayFromParts(year, 1, 1)]!;
  }
}
