// Every command that needs the database opens the workspace here and always closes it.
import { readSettings } from '../config/settings.ts';
import { openWorkspace, targetOf, type Workspace } from '../app/workspace.ts';
import { systemClock, type Clock } from '../app/money-engine.ts';
import type { StoreOptions } from '../store/database.ts';

export async function withWorkspace<T>(fn: (ws: Workspace) => Promise<T>, options: StoreOptions = {}): Promise<T> {
  const settings = readSettings();
  const fixed = settings.now;
  const clock: Clock = fixed ? { now: () => new Date(fixed) } : systemClock;
  const ws = await openWorkspace(targetOf(settings), settings.actor, clock, options);
  try {
    return await fn(ws);
  } finally {
    await ws.close();
  }
}
