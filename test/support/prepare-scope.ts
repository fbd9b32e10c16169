// What ingest reads messages against (PrepareScope), for tests that call the preparation directly:
// a pseudonym key and the municipalities of a shipped region (Amsterdam-Amstelland by default).
import { loadShippedRegion } from '../../src/config/region-file.ts';
import type { PrepareScope } from '../../src/app/ingest-prepare.ts';
import { Pseudonymiser } from '../../src/ijw/pseudonym.ts';

export async function regionScope(key: string, regionId = 'amsterdam-amstelland'): Promise<PrepareScope> {
  const region = await loadShippedRegion(regionId);
  return { pseudonymiser: new Pseudonymiser(key), municipalities: new Set(region.municipalities.map((m) => m.code)) };
}
