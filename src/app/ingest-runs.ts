// Ingest runs: every ingest is recorded (what started it, how far it got, when it finished), so a
// run that did not finish is seen instead of its half delivery passing for a whole one. A run is
// 'running' until it finishes or fails; one whose process is gone is *interrupted* — judged when the
// runs are read (a reader may not write): by the process id on this host, by a heartbeat that has
// gone quiet elsewhere. A later run of the same inputs that finishes completes it: ingest is
// idempotent per message, so delivering the same files again stores exactly what was missing.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { failRun, finishRun, insertRun, lastFinishedRun, latestRuns, openRuns, startRefreshing, startStoring, touchRun, type RunRow } from '../store/ingest-run-repository.ts';
import type { Store } from '../store/database.ts';
import { dirtyCount } from '../store/trajectory-repository.ts';
import type { Workspace } from './workspace.ts';

/** A run on another host, or whose process cannot be checked, is taken for gone after this long without a sign of life. */
export const STALE_AFTER_SECONDS = 600;

/** The runs this process carries out now, by their token (a process can have several databases open: tests). */
const active = new Set<string>();

export interface RunOptions {
  /** What started it: 'ingest' or 'start --demo'. */
  readonly command: string;
  /** How many paths were given (no names: they can carry a BSN or a name). */
  readonly inputs: number;
  /** Recognises a later run of the same inputs (a keyed digest of the paths, or the demo's parameters); null: never completed by another run. */
  readonly inputsKey: string | null;
  /** The demo traffic's parameters (start --demo), to complete it alike. */
  readonly demo?: unknown;
}

/** One run of this process: its record moves on with the ingest. */
export class IngestRun {
  private constructor(
    private readonly store: Store,
    readonly id: number,
    private readonly token: string,
  ) {}

  /** Records a new run; `preparing`: it has work to do before it reads (the demo generates its traffic first). */
  static async start(store: Store, options: RunOptions, preparing = false): Promise<IngestRun> {
    const token = randomUUID();
    const id = await insertRun(store.db, {
      command: options.command,
      inputs: options.inputs,
      inputsKey: options.inputsKey,
      demo: options.demo ?? null,
      phase: preparing ? 'preparing' : 'storing',
      host: os.hostname(),
      pid: process.pid,
      token,
    });
    active.add(token);
    return new IngestRun(store, id, token);
  }

  /** The same run, carried on through another connection to its database (the demo records its run before the database is set up). */
  on(store: Store): IngestRun {
    return new IngestRun(store, this.id, this.token);
  }

  /** The run reads `messages` message files and stores them now. */
  storing(messages: number): Promise<void> {
    return startStoring(this.store.db, this.id, messages);
  }

  /** A sign of life (the batches give theirs with their counts). */
  touch(): Promise<void> {
    return touchRun(this.store.db, this.id);
  }

  /** Every batch is stored; the trajectories are refreshed now. */
  refreshing(): Promise<void> {
    return startRefreshing(this.store.db, this.id);
  }

  async finish(refreshed: number): Promise<void> {
    await finishRun(this.store.db, this.id, refreshed);
    active.delete(this.token);
  }

  /** The run stopped on an error: records its kind (never its text, which can name a file) and lets the error go on. */
  async fail(e: unknown): Promise<void> {
    active.delete(this.token);
    const kind = e instanceof Error ? ((e as { code?: unknown }).code !== undefined ? `${e.name} ${String((e as { code?: unknown }).code)}` : e.name) : 'error';
    try {
      await failRun(this.store.db, this.id, kind.slice(0, 80));
    } catch {
      // The database itself may be what failed; the run then reads as interrupted, which is as true.
    }
  }
}

export type RunState = 'running' | 'finished' | 'interrupted' | 'failed';

export interface IngestRunView extends RunRow {
  readonly state: RunState;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function stateOf(store: Store, r: RunRow): RunState {
  if (r.status === 'finished') return 'finished';
  if (r.status === 'failed') return 'failed';
  if (r.host === os.hostname()) {
    if (r.pid === process.pid) return active.has(r.token) ? 'running' : 'interrupted';
    // The embedded database is open in one process at a time: this one.
    if (store.kind === 'embedded' || !isRunning(r.pid)) return 'interrupted';
  }
  return r.silentForSeconds < STALE_AFTER_SECONDS ? 'running' : 'interrupted';
}

const view = (store: Store, r: RunRow): IngestRunView => ({ ...r, state: stateOf(store, r) });

/** The latest runs, newest first (`jeugdregie ingest runs`). */
export async function listIngestRuns(ws: Workspace, limit = 100): Promise<IngestRunView[]> {
  return (await latestRuns(ws.store.db, limit)).map((r) => view(ws.store, r));
}

export interface IngestStatus {
  /** Runs going on now. */
  readonly running: readonly IngestRunView[];
  /**
   * Runs that were interrupted or failed before every message was stored, and that no later run of
   * the same inputs completed, oldest first: the figures may lack part of their delivery. (One that
   * stopped while refreshing had stored everything; what it left is in pendingPeople.)
   */
  readonly unfinished: readonly IngestRunView[];
  /** Young people whose trajectories wait for a refresh: the figures lag behind their messages. */
  readonly pendingPeople: number;
  readonly lastFinished: IngestRunView | undefined;
}

/** Whether the figures are whole and up to date, for the monitor's readers (reads only). */
export async function ingestStatus(ws: Workspace): Promise<IngestStatus> {
  const open = (await openRuns(ws.store.db)).map((r) => view(ws.store, r));
  const last = await lastFinishedRun(ws.store.db);
  return {
    running: open.filter((r) => r.state === 'running'),
    unfinished: open.filter((r) => r.state !== 'running' && r.phase !== 'refreshing'),
    pendingPeople: await dirtyCount(ws.store.db),
    lastFinished: last ? view(ws.store, last) : undefined,
  };
}

/** "2026-12-04 23:45 UTC" */
export const minuteOf = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

/** Messages a run has handled (stored, found stored already, or refused). */
export const handledOf = (r: RunRow): number => r.accepted + r.duplicates + r.rejected;

const isDemo = (r: RunRow): boolean => r.command === 'start --demo';

const TEXTS = {
  en: {
    stopped: (r: IngestRunView) => (r.state === 'failed' ? `failed (${r.failure ?? 'error'})` : 'did not finish'),
    howFar: (r: IngestRunView) => (r.phase === 'preparing' ? 'before it read a message' : `after ${handledOf(r)} of ${r.messages} messages`),
    more: (n: number) => ` (and ${n} earlier run(s): see "jeugdregie ingest runs")`,
    unfinished: (r: IngestRunView, what: string, more: string) =>
      `ingest run ${r.id} (${r.command}, started ${minuteOf(r.startedAt)}) ${what}${more}, so the figures may lack part of its delivery; ` +
      (isDemo(r) ? 'run "npm start" (jeugdregie start --demo) again to complete it' : 'ingest the same files again to complete it (messages already stored are skipped)'),
    running: (r: IngestRunView) =>
      `ingest run ${r.id} (${r.command}, started ${minuteOf(r.startedAt)}) is still going (${handledOf(r)} of ${r.messages} messages): the figures do not include all of it yet`,
    pending: (n: number) =>
      `the trajectories of ${n} young people wait for a refresh (an ingest stopped before it refreshed them), so the figures lag behind their messages; "jeugdregie monitor rebuild" or the next ingest brings them up to date`,
  },
  nl: {
    stopped: (r: IngestRunView) => (r.state === 'failed' ? `is mislukt (${r.failure ?? 'fout'})` : 'is niet afgemaakt'),
    howFar: (r: IngestRunView) => (r.phase === 'preparing' ? 'voordat er een bericht was gelezen' : `na ${handledOf(r)} van ${r.messages} berichten`),
    more: (n: number) => ` (en ${n} eerdere ronde(s): zie "jeugdregie ingest runs")`,
    unfinished: (r: IngestRunView, what: string, more: string) =>
      `inleesronde ${r.id} (${r.command}, begonnen ${minuteOf(r.startedAt)}) ${what}${more}, dus de cijfers kunnen een deel van die levering missen; ` +
      (isDemo(r) ? 'start opnieuw met "npm start" (jeugdregie start --demo) om hem af te maken' : 'lees dezelfde bestanden opnieuw in om hem af te maken (berichten die er al zijn worden overgeslagen)'),
    running: (r: IngestRunView) =>
      `inleesronde ${r.id} (${r.command}, begonnen ${minuteOf(r.startedAt)}) loopt nog (${handledOf(r)} van ${r.messages} berichten): de cijfers bevatten die nog niet helemaal`,
    pending: (n: number) =>
      `de trajecten van ${n} jeugdigen wachten op verversing (een inleesronde stopte voordat ze waren bijgewerkt), dus de cijfers lopen achter op hun berichten; "jeugdregie monitor rebuild" of de volgende inleesronde werkt ze bij`,
  },
} as const;

/**
 * One line that says how the figures fall short, or undefined when they are whole and up to date:
 * runs that did not finish, runs going on, young people waiting for a refresh. In English for the
 * command line, in Dutch for the pages.
 */
export function describeIngestStatus(status: IngestStatus, lang: 'en' | 'nl' = 'en'): string | undefined {
  const t = TEXTS[lang];
  const parts: string[] = [];
  const unfinished = status.unfinished;
  if (unfinished.length > 0) {
    const r = unfinished[unfinished.length - 1]!;
    parts.push(t.unfinished(r, `${t.stopped(r)} ${t.howFar(r)}`, unfinished.length > 1 ? t.more(unfinished.length - 1) : ''));
  }
  for (const r of status.running) parts.push(t.running(r));
  if (status.pendingPeople > 0 && status.running.length === 0) parts.push(t.pending(status.pendingPeople));
  return parts.length > 0 ? parts.join('; ') : undefined;
}
