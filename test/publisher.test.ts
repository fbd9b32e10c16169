// The publisher (src/app/publisher.ts) runs in the background of a server: whatever fails — the
// database closing under a server that stops, too — is noted and told, never left as a rejection
// that would end the process.
import { describe, expect, it } from 'vitest';
import { initWorkspace, openWorkspace } from '../src/app/workspace.ts';
import { startPublisher } from '../src/app/publisher.ts';
import { tempDir } from './support/temp-dirs.ts';

describe('the publisher', () => {
  it('tells a failure to read the data version and does not reject (a closed database)', async () => {
    const target = { dataDir: tempDir('jeugdregie-publisher-') };
    await initWorkspace(target, 'test', { regionId: 'amsterdam-amstelland', demo: true });
    const ws = await openWorkspace(target, 'test');
    await ws.close();
    const told: string[] = [];
    const publisher = startPublisher(ws, { intervalMs: 3_600_000, onError: (m) => told.push(m) });
    for (let i = 0; i < 100 && told.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(told).toHaveLength(1);
    expect(publisher.status().lastError).toBe(told[0]);
    await publisher.stop();
  });

  it('tells nothing once stopped', async () => {
    const target = { dataDir: tempDir('jeugdregie-publisher-') };
    await initWorkspace(target, 'test', { regionId: 'amsterdam-amstelland', demo: true });
    const ws = await openWorkspace(target, 'test');
    const told: string[] = [];
    const publisher = startPublisher(ws, { intervalMs: 3_600_000, onError: (m) => told.push(m) });
    const stopping = publisher.stop();
    await ws.close();
    await stopping;
    await new Promise((r) => setTimeout(r, 100));
    expect(told).toEqual([]);
  });
});
