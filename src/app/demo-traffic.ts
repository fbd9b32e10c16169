// The newcomer's demo: one year (2028) of generated iJw traffic, ingested so that the monitor has
// figures from the first start. Persons are fictional; see docs/demo-data.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadDemoProviders, writeDemoTraffic } from '../demo/write-demo.ts';
import { Pseudonymiser } from '../ijw/pseudonym.ts';
import { expandInputs, ingestFiles, type IngestSummary } from './ingest.ts';
import type { Workspace } from './workspace.ts';

export const DEMO_TRAFFIC = { from: '2028-01-01', to: '2028-12-31', seed: 2028, faultShare: 0.02 } as const;

export async function populateDemoTraffic(ws: Workspace, dataDir: string | undefined, pseudonymKey: string, say: (line: string) => void): Promise<IngestSummary> {
  const out = dataDir ? path.join(dataDir, 'demo-ijw') : fs.mkdtempSync(path.join(os.tmpdir(), 'jeugdregie-demo-ijw-'));
  say(`Generating one year of demo iJw traffic (${DEMO_TRAFFIC.from} – ${DEMO_TRAFFIC.to}) in ${out} …`);
  const counts = await writeDemoTraffic(out, { ...DEMO_TRAFFIC, region: ws.region, providers: await loadDemoProviders(), returnMessages: false });
  say(`Ingesting ${counts.messages} messages (about ${counts.faulty} faulty on purpose) — this takes half a minute, once …`);
  const summary = await ingestFiles(ws, await expandInputs([out]), new Pseudonymiser(pseudonymKey), () => new Date());
  say(`Demo traffic: ${summary.accepted} accepted, ${summary.duplicates} duplicates, ${summary.rejected} rejected (see "jeugdregie ingest --help").`);
  return summary;
}
