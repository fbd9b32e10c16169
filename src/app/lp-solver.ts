// The linear-programming solver behind disclosure control (src/domain/disclosure/protect.ts): HiGHS
// compiled to WebAssembly (npm `highs`, MIT), in-process, fed the CPLEX LP text format.
import highsModule from 'highs';
import type { Highs } from 'highs';
import type { LpSolver } from '../domain/disclosure/protect.ts';
import { solveWith } from './lp-text.ts';
import { yielder } from './yield.ts';


// The package is CommonJS with an ES-module build: at run time the default import is the loader,
// its type declarations say otherwise under NodeNext resolution.
const highsLoader = highsModule as unknown as () => Promise<Highs>;
let loading: Promise<Highs> | undefined;

/** One loaded HiGHS module per process: loading the WebAssembly takes a moment, solving does not share state. */
function highs(): Promise<Highs> {
  loading ??= highsLoader();
  return loading;
}

/** Between two programs, requests waiting in the server get their turn (src/app/yield.ts). */
const turn = yielder();

export const highsSolver: LpSolver = {
  async maximise(lp) {
    await turn();
    return solveWith(await highs(), lp);
  },
};
