// Writes the demo traffic to disk: one XML file per message, in a folder per month
// (<outDir>/2028-03/2028-03-14_JW305_99000003_0000123.xml).

import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readPlanFile } from '../config/plan-file.ts';
import { providersFromPlan } from './providers.ts';
import { generateTraffic, type DemoMessage, type DemoProvider, type FaultKind, type TrafficOptions, type TrafficStats } from './traffic.ts';

export interface WriteDemoOptions extends TrafficOptions {
  /** Also write a CSV (file,type,sender,delivered,fault) of every file to this path (best outside outDir). */
  readonly manifestFile?: string;
  /** Called every 5,000 files and at the end. */
  readonly onProgress?: (written: number, lastDelivered: string) => void;
}

export interface DemoCounts {
  /** Files written. */
  readonly messages: number;
  readonly byType: Readonly<Record<string, number>>;
  /** Faulty files in total and per kind. */
  readonly faulty: number;
  readonly faultyByKind: Readonly<Partial<Record<FaultKind, number>>>;
  /** Everything the generator counted, including the ground truth per municipality and year. */
  readonly stats: TrafficStats;
}

/** Generates the traffic of `options` and writes it below `outDir`; returns the counts. */
export async function writeDemoTraffic(outDir: string, options: WriteDemoOptions): Promise<DemoCounts> {
  mkdirSync(outDir, { recursive: true });
  const madeDirs = new Set<string>();
  const manifest = options.manifestFile !== undefined ? openSync(options.manifestFile, 'w') : undefined;
  try {
    if (manifest !== undefined) writeSync(manifest, 'file,type,sender,delivered,fault\n');
    const gen = generateTraffic(options);
    let written = 0;
    let last = '';
    let step: IteratorResult<DemoMessage, TrafficStats>;
    while (!(step = gen.next()).done) {
      const m = step.value;
      const month = m.fileName.slice(0, 7);
      if (!madeDirs.has(month)) {
        mkdirSync(join(outDir, month), { recursive: true });
        madeDirs.add(month);
      }
      writeFileSync(join(outDir, m.fileName), m.xml);
      if (manifest !== undefined) writeSync(manifest, `${m.fileName},${m.type},${m.sender},${m.delivered},${m.fault ?? ''}\n`);
      written++;
      last = m.delivered;
      if (written % 5000 === 0) {
        options.onProgress?.(written, last);
        await new Promise<void>((resolve) => setImmediate(resolve)); // let a progress bar draw
      }
    }
    const stats = step.value;
    options.onProgress?.(written, last);
    return { messages: written, byType: stats.byType, faulty: stats.faulty, faultyByKind: stats.faultsByKind, stats };
  } finally {
    if (manifest !== undefined) closeSync(manifest);
  }
}

/** The demo providers of an allocation plan file (default: examples/allocation-plan-2028.yaml). */
export async function loadDemoProviders(planFile = fileURLToPath(new URL('../../examples/allocation-plan-2028.yaml', import.meta.url))): Promise<DemoProvider[]> {
  return providersFromPlan(await readPlanFile(planFile));
}
