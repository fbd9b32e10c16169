// Long computations in the server's one thread (the protected publications: many queries, many
// linear programs) must let requests in between: each step that resolves at once would otherwise
// chain into one long run of the event loop, and a sign-in would wait for the whole publication.

/** Gives waiting I/O (requests, timers) a turn when more than `budgetMs` passed since the last turn. */
export function yielder(budgetMs = 15): () => Promise<void> {
  let last = performance.now();
  return async () => {
    if (performance.now() - last < budgetMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    last = performance.now();
  };
}

/** One turn for waiting I/O, now. */
export const yieldNow = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));
