// Where a young person belongs in the region: the area from municipality (and inside a municipality
// with areas, the 4-digit postcode), the care form from the product category [DOMAIN.md §2].
import type { Region } from './region.ts';
import { UNKNOWN_AREA } from './reach-figures.ts';

export function areaResolver(region: Region): (municipality: string, pc4: string | undefined) => string {
  const whole = new Map<string, string>();
  const byPc4 = new Map<string, Map<string, string>>();
  for (const a of region.areas) {
    for (const m of a.municipalities) whole.set(m, a.id);
    if (a.within) {
      const table = byPc4.get(a.within.municipality) ?? new Map<string, string>();
      for (const pc4 of a.within.pc4) table.set(pc4, a.id);
      byPc4.set(a.within.municipality, table);
    }
  }
  return (municipality, pc4) => {
    const direct = whole.get(municipality);
    if (direct) return direct;
    const table = byPc4.get(municipality);
    return (table && pc4 && table.get(pc4)) || UNKNOWN_AREA;
  };
}

/** 32–38 map to themselves; newer categories through the region's careFormMapping; others stay as they are. */
export function careFormResolver(region: Region): (category: string) => string {
  const known = new Set(region.careForms.map((c) => c.category));
  return (category) => (known.has(category) ? category : (region.careFormMapping[category] ?? category));
}

/** The pc4 entries of a municipality as [from, to] pairs ("1181" is 1181–1181). */
export function pc4Ranges(entries: readonly string[]): [number, number][] {
  return entries.map((e) => {
    const [a, b] = e.split('-');
    return [Number(a), Number(b ?? a)];
  });
}

/**
 * The municipality of a 4-digit postcode, from the municipalities' pc4 ranges and the areas'
 * `within` tables; undefined when the region does not say (a CBS delivery's postcode then leaves
 * the municipality unknown, unless the traffic places the young person).
 */
export function municipalityOfPc4Resolver(region: Region): (pc4: string) => string | undefined {
  const direct = new Map<string, string>();
  for (const a of region.areas) if (a.within) for (const pc4 of a.within.pc4) direct.set(pc4, a.within.municipality);
  const ranges = region.municipalities.flatMap((m) => pc4Ranges(m.pc4 ?? []).map(([from, to]) => ({ from, to, code: m.code })));
  return (pc4) => {
    const hit = direct.get(pc4);
    if (hit) return hit;
    const n = Number(pc4);
    return ranges.find((r) => n >= r.from && n <= r.to)?.code;
  };
}
