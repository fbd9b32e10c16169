// Long work started through the web (a budget import; later rebuilds) runs as a job the page can
// follow [issue 13 "Long work (imports, rebuilds) shows progress in the page"]: started, it answers at
// once with the job's id; GET /api/jobs/{id} says how far it is (done of total steps, a line of
// Dutch), and at the end its result or, when it failed, every problem on its own line.
//
// The registry lives in the server's memory, one per workspace: a job is gone after a restart (the
// work itself is all or nothing, so a restart leaves nothing half done: an import records in one
// transaction or not at all) and a day after it ended. Jobs are the region's long work, read with
// the capability that starts them (decision.record).
import { randomUUID } from 'node:crypto';
import { assertMay, type Capability } from '../domain/access/policy.ts';
import type { Viewer } from '../domain/access/viewer.ts';
import { Refusal } from '../domain/errors.ts';
import type { Workspace } from './workspace.ts';

export type JobState = 'running' | 'done' | 'failed';

/** A job as GET /api/jobs/{id} shows it. */
export interface JobView {
  readonly id: string;
  readonly kind: string;
  readonly state: JobState;
  /** Steps done of `total`. */
  readonly done: number;
  readonly total: number;
  /** What it is doing now, or how it ended; when it failed, one line per problem (Dutch). */
  readonly message: string;
  /** What the work produced, once done. */
  readonly result?: unknown;
  readonly startedBy: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
}

/** What running work tells its job. */
export interface Progress {
  /** `done` steps of the job's total are done; `message` says what happens now. */
  step(done: number, message: string): void;
  /** A new line of what happens now, within the current step. */
  say(message: string): void;
}

/** Jobs kept after they end. */
export const JOB_KEEP_MS = 24 * 3600 * 1000;
/** Most jobs kept; beyond it the oldest that have ended go first. */
export const MAX_JOBS = 200;
/** The capability every job needs, to start and to follow (all jobs are the region's work today). */
const JOB_CAPABILITY: Capability = 'decision.record';

interface Job {
  id: string;
  kind: string;
  state: JobState;
  done: number;
  total: number;
  message: string;
  result?: unknown;
  startedBy: string;
  startedAt: Date;
  finishedAt: Date | null;
}

/** The message of a job that failed: a refusal in Dutch, one line per problem. */
export function failureMessage(e: unknown): string {
  if (e instanceof Refusal) return [e.text('nl'), ...e.problems.map((p) => p.text('nl'))].join('\n');
  return 'er ging bij ons iets mis; de fout is vastgelegd in het logboek van de server';
}

export class JobRegistry {
  readonly #jobs = new Map<string, Job>();

  constructor(private readonly now: () => Date) {}

  /**
   * Starts `work` as a job of `total` steps and returns it at once (state running). The work's
   * result ends it as done; a throw as failed (a Refusal with its problems, anything else as our
   * error, handed to `onUnexpected` for the server's log).
   */
  start<T>(viewer: Viewer, kind: string, total: number, message: string, work: (progress: Progress) => Promise<{ result: T; message: string }>, onUnexpected: (e: unknown) => void = () => undefined): JobView {
    assertMay(viewer, JOB_CAPABILITY);
    this.#prune();
    const job: Job = { id: randomUUID(), kind, state: 'running', done: 0, total, message, startedBy: viewer.login, startedAt: this.now(), finishedAt: null };
    this.#jobs.set(job.id, job);
    const progress: Progress = {
      step: (done, text) => {
        job.done = Math.min(done, total);
        job.message = text;
      },
      say: (text) => {
        job.message = text;
      },
    };
    // Started after this turn, so the caller answers with the job before any of the work runs.
    setImmediate(() => {
      work(progress).then(
        (r) => {
          Object.assign(job, { state: 'done', done: total, message: r.message, result: r.result, finishedAt: this.now() });
        },
        (e: unknown) => {
          Object.assign(job, { state: 'failed', message: failureMessage(e), finishedAt: this.now() });
          if (!(e instanceof Refusal)) onUnexpected(e);
        },
      );
    });
    return view(job);
  }

  get(id: string): JobView | undefined {
    const job = this.#jobs.get(id);
    return job ? view(job) : undefined;
  }

  /** Jobs still running (for a server that stops: it can say which work it cuts short). */
  running(): JobView[] {
    return [...this.#jobs.values()].filter((j) => j.state === 'running').map(view);
  }

  #prune(): void {
    const now = this.now().getTime();
    for (const [id, j] of this.#jobs) if (j.finishedAt && now - j.finishedAt.getTime() > JOB_KEEP_MS) this.#jobs.delete(id);
    const ended = [...this.#jobs.values()].filter((j) => j.state !== 'running').sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
    while (this.#jobs.size >= MAX_JOBS && ended.length > 0) this.#jobs.delete(ended.shift()!.id);
  }
}

function view(j: Job): JobView {
  return {
    id: j.id,
    kind: j.kind,
    state: j.state,
    done: j.done,
    total: j.total,
    message: j.message,
    ...(j.result !== undefined ? { result: j.result } : {}),
    startedBy: j.startedBy,
    startedAt: j.startedAt.toISOString(),
    finishedAt: j.finishedAt?.toISOString() ?? null,
  };
}

const registries = new WeakMap<Workspace, JobRegistry>();

/** The jobs of a workspace (one registry per open workspace, in memory). */
export function jobsOf(ws: Workspace): JobRegistry {
  let r = registries.get(ws);
  if (!r) registries.set(ws, (r = new JobRegistry(() => ws.engine.now())));
  return r;
}

/** A job as the viewer may follow it; JOB_UNKNOWN when there is none by that id (any more). */
export function jobFor(viewer: Viewer, ws: Workspace, id: string): JobView {
  assertMay(viewer, JOB_CAPABILITY);
  const job = jobsOf(ws).get(id);
  if (!job) throw new Refusal('JOB_UNKNOWN', { id });
  return job;
}
