// A worker thread's code as one CommonJS script, bundled in memory with esbuild from its TypeScript
// entry (decisions §20): a worker does not inherit the main thread's way of running TypeScript.
// Shared by the ingest's workers (ingest-workers.ts) and the publication's thread
// (publication-thread.ts). Rejects when no bundler is there; the callers then work in the main thread.
import { fileURLToPath } from 'node:url';

export async function bundleWorker(entry: URL): Promise<string> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [fileURLToPath(entry)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}
