// Attribution of a provider's reported cost to municipalities and areas [issue 14; DOMAIN.md §4
// rule 8]. Providers report cost per care form only; Jeugdregie divides each care form's cost over
// the municipalities and areas in proportion to the provider's young people's days in care there in
// the period, taken from the trajectories of the message traffic. The split is exact to the cent
// (largest remainder, money.ts splitByWeights: ties to the earlier municipality and area in the
// region's order). Where the traffic has no days for a care form with cost, nothing is invented:
// that cost stays unattributed and is named.
import { splitByWeights, sum, type Cents } from './money.ts';
import type { MunicipalityCode } from './region.ts';

/** Days in care of one provider's young people in one care form, municipality and area in the period. */
export interface CareDays {
  readonly careForm: string;
  readonly municipality: MunicipalityCode;
  readonly area: string;
  readonly days: number;
  readonly youngPeople: number;
}

export interface AttributedCell {
  readonly municipality: MunicipalityCode;
  readonly area: string;
  readonly costCents: Cents;
  /** The basis: days in care here, of the care form's total days. */
  readonly days: number;
  readonly youngPeople: number;
}

export interface AttributedCareForm {
  readonly careForm: string;
  readonly costCents: Cents;
  readonly totalDays: number;
  readonly cells: readonly AttributedCell[];
  /** True when the care form has cost but the traffic no days: the cost is not attributed. */
  readonly unattributed: boolean;
}

export interface Attribution {
  readonly careForms: readonly AttributedCareForm[];
  /** Per municipality: the attributed cost and the days behind it (all care forms). */
  readonly municipalities: readonly { municipality: MunicipalityCode; costCents: Cents; days: number }[];
  /** Per area. */
  readonly areas: readonly { area: string; costCents: Cents; days: number }[];
  /** Cost that could not be attributed, per care form. */
  readonly unattributedCents: Cents;
}

/**
 * Attributes each care form's cost over (municipality, area) cells by days in care. `order` gives
 * the cells' order (municipality code, then area id in the region's order) for the tie rule.
 */
export function attributeCosts(
  costs: readonly { careForm: string; costCents: Cents }[],
  days: readonly CareDays[],
  municipalityOrder: readonly MunicipalityCode[],
  areaOrder: readonly string[],
): Attribution {
  const rank = (list: readonly string[], v: string) => {
    const i = list.indexOf(v);
    return i === -1 ? list.length : i;
  };
  const byCell = (a: CareDays, b: CareDays) =>
    rank(municipalityOrder, a.municipality) - rank(municipalityOrder, b.municipality) || rank(areaOrder, a.area) - rank(areaOrder, b.area) || (a.area < b.area ? -1 : a.area > b.area ? 1 : 0);
  const careForms: AttributedCareForm[] = costs.map(({ careForm, costCents }) => {
    const cells = days.filter((d) => d.careForm === careForm && d.days > 0).sort(byCell);
    const totalDays = cells.reduce((t, c) => t + c.days, 0);
    if (totalDays === 0) return { careForm, costCents, totalDays: 0, cells: [], unattributed: costCents !== 0n };
    const parts = splitByWeights(costCents, cells.map((c) => BigInt(c.days)));
    return {
      careForm,
      costCents,
      totalDays,
      cells: cells.map((c, i) => ({ municipality: c.municipality, area: c.area, costCents: parts[i]!, days: c.days, youngPeople: c.youngPeople })),
      unattributed: false,
    };
  });
  const all = careForms.flatMap((c) => c.cells);
  const municipalities = [...new Set(all.map((c) => c.municipality))]
    .sort((a, b) => rank(municipalityOrder, a) - rank(municipalityOrder, b))
    .map((m) => {
      const here = all.filter((c) => c.municipality === m);
      return { municipality: m, costCents: sum(here.map((c) => c.costCents)), days: here.reduce((t, c) => t + c.days, 0) };
    });
  const areas = [...new Set(all.map((c) => c.area))]
    .sort((a, b) => rank(areaOrder, a) - rank(areaOrder, b) || (a < b ? -1 : 1))
    .map((a) => {
      const here = all.filter((c) => c.area === a);
      return { area: a, costCents: sum(here.map((c) => c.costCents)), days: here.reduce((t, c) => t + c.days, 0) };
    });
  return { careForms, municipalities, areas, unattributedCents: sum(careForms.filter((c) => c.unattributed).map((c) => c.costCents)) };
}
