// Heavy work off the request path [issue 13 "Figures it must reach"]: while a server runs, the
// protected publications of the parts the enabled accounts can see are computed as soon as the data version moves on (an
// ingest through the CLI into the same database, a rebuild, a decision), one at a time, so that a
// dashboard request finds them ready and is a lookup.
import { scopesOfAccounts } from './monitor-views.ts';
import { dataVersion } from './by-version.ts';
import { warmPublication } from './publication.ts';
import type { Workspace } from './workspace.ts';

export interface PublisherStatus {
  /** The data version last published in full; null before the first. */
  readonly publishedVersion: string | null;
  /** Publications done and to do of the run under way; null when none runs. */
  readonly running: { readonly done: number; readonly total: number } | null;
  /** The last failure, one line; null when the last run succeeded. */
  readonly lastError: string | null;
}

export interface Publisher {
  /** Looks at the data version now and publishes when it moved on (e.g. right after a decision). */
  poke(): void;
  status(): PublisherStatus;
  stop(): Promise<void>;
}

/** Starts publishing: now, then whenever the data version has moved on (checked every `intervalMs`). */
export function startPublisher(ws: Workspace, options: { intervalMs?: number; onError?: (message: string) => void } = {}): Publisher {
  let published: string | null = null;
  let running: { done: number; total: number } | null = null;
  let lastError: string | null = null;
  let current: Promise<void> | null = null;
  let stopped = false;
  // Never rejects: a failure (the database closing under a stopping server, too) is noted and told.
  const run = async () => {
    try {
      const version = await dataVersion(ws);
      if (version === published || stopped) return;
      running = { done: 0, total: 0 };
      await warmPublication(ws, await scopesOfAccounts(ws), (done, total) => {
        running = { done, total };
      });
      published = version;
      lastError = null;
    } catch (e) {
      if (stopped) return;
      lastError = e instanceof Error ? e.message : String(e);
      options.onError?.(lastError);
    } finally {
      running = null;
    }
  };
  const poke = () => {
    if (current || stopped) return;
    current = run().finally(() => {
      current = null;
    });
  };
  const timer = setInterval(poke, options.intervalMs ?? 30_000);
  timer.unref();
  poke();
  return {
    poke,
    status: () => ({ publishedVersion: published, running, lastError }),
    async stop() {
      stopped = true;
      clearInterval(timer);
      await current?.catch(() => undefined);
    },
  };
}
