// Where a municipality's young people live: a 4-digit postcode and place name per person, from the
// region file's postcode table (Amsterdam's areas) or from MUNICIPALITY_PLACES (persons.ts).

import type { DemoRegion } from './options.ts';
import { MUNICIPALITY_PLACES } from './persons.ts';
import type { Rng } from './random.ts';

/** Amsterdam areas by id (illustrative region file) and their share of Amsterdam's young people. */
const AMSTERDAM_AREA_WEIGHTS: Readonly<Record<string, number>> = {
  'centrum-zuid': 18,
  'nieuw-west': 22,
  west: 14,
  noord: 15,
  oost: 16,
  'zuidoost-weesp': 15,
};
/** Postcodes of a municipality that its area table leaves out (→ "unknown area"), and their share. */
const UNLISTED_PC4: Readonly<Record<string, readonly string[]>> = { '0363': ['1041', '1042', '1044', '1045', '1099'] };
const P_UNLISTED_PC4 = 0.02;

/** How a municipality's young people are spread over postcodes. */
export function placeChooser(code: string, name: string | undefined, region: DemoRegion): (rng: Rng) => { pc4: string; place: string } {
  const places = MUNICIPALITY_PLACES[code];
  const placeName = places?.[0]?.place ?? name ?? code;
  const areas = region.areas.filter((a) => a.within?.municipality === code && a.within.pc4.length > 0);
  if (areas.length > 0) {
    const weights = areas.map((a) => AMSTERDAM_AREA_WEIGHTS[a.id] ?? a.within!.pc4.length);
    const unlisted = (UNLISTED_PC4[code] ?? []).filter((pc) => !areas.some((a) => a.within!.pc4.includes(pc)));
    return (rng) => {
      if (unlisted.length > 0 && rng.chance(P_UNLISTED_PC4)) return { pc4: rng.pick(unlisted), place: placeName };
      const area = areas[rng.weighted(weights)]!;
      return { pc4: rng.pick(area.within!.pc4), place: placeName };
    };
  }
  const usable = (places ?? []).filter((p) => p.pc4.length > 0);
  if (usable.length > 0) {
    const weights = usable.map((p) => p.pc4.length);
    return (rng) => {
      const p = usable[rng.weighted(weights)]!;
      return { pc4: rng.pick(p.pc4), place: p.place };
    };
  }
  // Unknown municipality: a stable, made-up postcode area.
  const pc4 = String(1000 + ((Number(code) * 7919) % 9000));
  return () => ({ pc4, place: placeName });
}
