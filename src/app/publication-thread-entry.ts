// The worker thread that protects a publication (publication-thread.ts): buildPublication — the cell
// system, the primary and secondary suppression and their proofs by linear programming — with HiGHS
// loaded here, so that the server's own thread only reads the figures and keeps answering requests
// meanwhile. Bundled with esbuild and evaluated; HiGHS is loaded from the path the main thread gives.
import { parentPort, workerData } from 'node:worker_threads';
import type { Highs } from 'highs';
import { buildPublication, type PublicationInput } from '../domain/disclosure/publication.ts';
import { UnprotectableError, type LpSolver } from '../domain/disclosure/protect.ts';
import { solveWith } from './lp-text.ts';

/** What the main thread sends: the input without its function (the theme of each provider as a map). */
export type ThreadInput = Omit<PublicationInput, 'themeOf'> & { readonly themes: ReadonlyMap<string, string> };
export type ThreadAnswer =
  | { readonly id: number; readonly publication: Awaited<ReturnType<typeof buildPublication>> }
  | { readonly id: number; readonly unprotectable: { readonly cell: string; readonly attacker: string } }
  | { readonly id: number; readonly error: string };

const port = parentPort!;
const highs: Promise<Highs> = import((workerData as { highs: string }).highs).then((m: { default: () => Promise<Highs> }) => m.default());
const solver: LpSolver = {
  async maximise(lp) {
    return solveWith(await highs, lp);
  },
};

port.on('message', async ({ id, input }: { id: number; input: ThreadInput }) => {
  try {
    const { themes, ...rest } = input;
    const publication = await buildPublication({ ...rest, themeOf: (p) => themes.get(p) ?? 'unassigned' }, solver);
    port.postMessage({ id, publication } satisfies ThreadAnswer);
  } catch (e) {
    if (e instanceof UnprotectableError) port.postMessage({ id, unprotectable: { cell: e.cell, attacker: e.attacker } } satisfies ThreadAnswer);
    else port.postMessage({ id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies ThreadAnswer);
  }
});
