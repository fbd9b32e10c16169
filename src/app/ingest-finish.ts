// The end of an ingest: once every batch is stored, the trajectories of the young people it touched
// are refreshed (trajectory-store.ts) and the run is recorded as finished. Here, in the ingest's own
// process and not in the monitor's reads, so that reads never write. Killed in between, the run
// stays unfinished and its young people stay queued: the next ingest or `monitor rebuild` refreshes
// them, and until then the readers say that the figures lag (ingest-runs.ts).
import type { IngestRun } from './ingest-runs.ts';
import { refreshTrajectories } from './trajectory-store.ts';
import type { Workspace } from './workspace.ts';

/** Refreshes every queued young person (this run's and any an interrupted run left) and finishes the run; returns how many were refreshed. */
export async function finishIngest(ws: Workspace, run: IngestRun): Promise<number> {
  await run.refreshing();
  const refreshed = await refreshTrajectories(ws, () => run.touch());
  await run.finish(refreshed);
  return refreshed;
}
