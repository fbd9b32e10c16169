// Keeps a long-running job's JavaScript heap near what is really in use. V8 sizes its heap to the
// machine (≈ 4 GB on 24 GiB) and, in a job that makes garbage at a steady pace, lets it pile up to
// several hundred MB between full collections: no leak, but the process's memory (RSS) swings between
// ~150 and ~550 MB while ingesting (docs/benchmarks.md). The heap limit itself can only be set when the
// process starts (--max-old-space-size); so a job calls `check()` now and then (the ingest: every
// 500 messages, stored or refused) and, when more than `slackBytes` were allocated since the last
// full collection, one runs.
// A full collection of a heap with ~50 MB live takes a few milliseconds. Side effect: once the flag
// is set, `gc` is also a global in vm contexts and worker threads created later in this process;
// nothing in Jeugdregie relies on its absence. Node warns that flags set after start-up may behave
// unpredictably: if `gc` does not come out as a function, the keeper simply does nothing.
import v8 from 'node:v8';
import vm from 'node:vm';

let gcFunction: (() => void) | null | undefined;

/**
 * V8's own gc(), made available at run time: --expose-gc installs it in contexts created afterwards.
 * Null when the engine refuses (the keeper then does nothing and V8 manages the heap as usual).
 */
function fullGc(): (() => void) | null {
  if (gcFunction === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      const f: unknown = vm.runInNewContext('gc');
      gcFunction = typeof f === 'function' ? (f as () => void) : null;
    } catch {
      gcFunction = null;
    }
  }
  return gcFunction;
}

export class HeapKeeper {
  #afterLast = v8.getHeapStatistics().used_heap_size;
  #collections = 0;

  constructor(private readonly slackBytes: number) {}

  /** Runs a full collection when the heap grew by more than the slack since the last one. */
  check(): void {
    const used = v8.getHeapStatistics().used_heap_size;
    if (used - this.#afterLast < this.slackBytes) return;
    const gc = fullGc();
    if (gc === null) return;
    gc();
    this.#collections++;
    this.#afterLast = v8.getHeapStatistics().used_heap_size;
  }

  /** Full collections run so far (for benchmarks and tests). */
  get collections(): number {
    return this.#collections;
  }
}
