// Writing the demo traffic to disk: a folder per month, one file per message, counts that match.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { loadShippedRegion } from '../../src/config/region-file.ts';
import { demoAgb, providersFromPlan } from '../../src/demo/providers.ts';
import { loadDemoProviders, writeDemoTraffic } from '../../src/demo/write-demo.ts';

describe('writeDemoTraffic', () => {
  it('writes every message as a file in its month folder and returns the counts', async () => {
    const region = await loadShippedRegion('amsterdam-amstelland');
    const providers = await loadDemoProviders();
    const out = mkdtempSync(join(tmpdir(), 'demo-out-'));
    const manifestDir = mkdtempSync(join(tmpdir(), 'demo-manifest-'));
    const manifestFile = join(manifestDir, 'manifest.csv');
    onTestFinished(() => {
      rmSync(out, { recursive: true, force: true });
      rmSync(manifestDir, { recursive: true, force: true });
    });
    const progress: number[] = [];
    const counts = await writeDemoTraffic(out, {
      region: { municipalities: region.municipalities.filter((m) => m.code !== '0363'), areas: region.areas },
      providers,
      from: '2028-01-01',
      to: '2028-03-31',
      seed: 11,
      faultShare: 0.05,
      manifestFile,
      onProgress: (n) => progress.push(n),
    });

    expect(readdirSync(out).sort()).toEqual(['2028-01', '2028-02', '2028-03']);
    const files = readdirSync(out).flatMap((month) => readdirSync(join(out, month)).map((f) => `${month}/${f}`));
    expect(files).toHaveLength(counts.messages);
    expect(counts.messages).toBeGreaterThan(1000);
    expect(Object.values(counts.byType).reduce((a, b) => a + b, 0)).toBe(counts.messages);
    expect(Object.values(counts.faultyByKind).reduce((a, b) => a + (b ?? 0), 0)).toBe(counts.faulty);
    expect(counts.faulty / counts.messages).toBeGreaterThan(0.03);
    expect(progress.at(-1)).toBe(counts.messages);

    const manifest = readFileSync(manifestFile, 'utf8').trim().split('\n');
    expect(manifest[0]).toBe('file,type,sender,delivered,fault');
    expect(manifest).toHaveLength(counts.messages + 1);
    expect(manifest.slice(1).filter((l) => !l.endsWith(',')).length).toBe(counts.faulty);
    const first = manifest[1]!.split(',');
    expect(readFileSync(join(out, first[0]!), 'utf8')).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<jw\d{3}:Bericht /);
  });
});

describe('demo providers', () => {
  it('map DEMOnn to AGB 990000nn, and weight themes by the plan', () => {
    expect(demoAgb('DEMO07', 3)).toBe('99000007');
    expect(demoAgb('Kompas', 3)).toBe('99000003');
    const providers = providersFromPlan({
      year: 2028,
      themes: [
        { theme: 'A', sharePct: '40' },
        { theme: 'B', sharePct: '60' },
      ],
      providers: [
        { code: 'DEMO01', name: 'x', themes: [{ theme: 'A', sharePct: '100' }] },
        { code: 'DEMO02', name: 'y', themes: [{ theme: 'B', sharePct: '50' }] },
        { code: 'DEMO03', name: 'z', themes: [{ theme: 'B', sharePct: '50' }] },
      ],
    });
    expect(providers).toEqual([
      { code: 'DEMO01', agb: '99000001', themes: ['A'], themeWeights: { A: 40 } },
      { code: 'DEMO02', agb: '99000002', themes: ['B'], themeWeights: { B: 30 } },
      { code: 'DEMO03', agb: '99000003', themes: ['B'], themeWeights: { B: 30 } },
    ]);
  });
});
