// The job registry [issue 13 "Long work (imports, rebuilds) shows progress in the page"]: a job
// answers at once, shows its steps while it runs, ends done with its result or failed with every
// problem on its own Dutch line, is the region's to follow, and is forgotten a day after it ended.
import { describe, expect, it } from 'vitest';
import { JOB_KEEP_MS, JobRegistry } from '../src/app/jobs.ts';
import { operator, type Viewer } from '../src/domain/access/viewer.ts';
import { Refusal } from '../src/domain/errors.ts';

const region = operator('team');
const council: Viewer = { role: 'council', login: 'raad', municipality: '0363' };

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}
const turn = () => new Promise((r) => setImmediate(r));

describe('jobs', () => {
  it('answers at once, shows its steps, and ends done with its result', async () => {
    const jobs = new JobRegistry(() => new Date('2028-03-01T10:00:00Z'));
    const gate = deferred<void>();
    let ran = false;
    const job = jobs.start(region, 'budget-import', 2, 'wacht', async (p) => {
      ran = true;
      p.step(1, 'vastleggen');
      await gate.promise;
      return { result: { seq: 7 }, message: 'klaar' };
    });
    expect(job).toMatchObject({ kind: 'budget-import', state: 'running', done: 0, total: 2, message: 'wacht', startedBy: 'team', finishedAt: null });
    expect(ran).toBe(false); // the answer goes out before any work
    await turn();
    expect(jobs.get(job.id)).toMatchObject({ state: 'running', done: 1, message: 'vastleggen' });
    gate.resolve();
    await turn();
    expect(jobs.get(job.id)).toMatchObject({ state: 'done', done: 2, message: 'klaar', result: { seq: 7 }, finishedAt: '2028-03-01T10:00:00.000Z' });
  });

  it('fails with a refusal and its problems as Dutch lines, and with our own error in one plain line', async () => {
    const jobs = new JobRegistry(() => new Date());
    const refused = jobs.start(region, 'budget-import', 2, 'wacht', async () => {
      throw Refusal.withProblems([new Refusal('PROBLEM', { en: 'bad', nl: 'fout' }, { file: 'b.csv', row: 3, column: 'year' })], 'IMPORT_REFUSED', { file: 'b.csv', count: 1, action: 'imported' });
    });
    const unexpected: unknown[] = [];
    const broken = jobs.start(region, 'budget-import', 2, 'wacht', async () => {
      throw new Error('disk on fire at /var/lib/secret');
    }, (e) => unexpected.push(e));
    await turn();
    await turn();
    expect(jobs.get(refused.id)?.message.split('\n')).toEqual(['b.csv heeft 1 probleem/problemen; er is niets geïmporteerd', 'b.csv, rij 3, kolom year: fout']);
    expect(jobs.get(refused.id)?.state).toBe('failed');
    expect(jobs.get(broken.id)?.message).toBe('er ging bij ons iets mis; de fout is vastgelegd in het logboek van de server');
    expect(unexpected).toHaveLength(1);
  });

  it('is the region role’s to start, and is forgotten a day after it ended', async () => {
    let now = new Date('2028-03-01T10:00:00Z');
    const jobs = new JobRegistry(() => now);
    expect(() => jobs.start(council, 'budget-import', 1, 'wacht', async () => ({ result: null, message: '' }))).toThrow(/gemeenteraad|council/);
    const job = jobs.start(region, 'budget-import', 1, 'wacht', async () => ({ result: 1, message: 'klaar' }));
    await turn();
    now = new Date(now.getTime() + JOB_KEEP_MS - 1);
    jobs.start(region, 'budget-import', 1, 'wacht', async () => ({ result: 2, message: 'klaar' }));
    expect(jobs.get(job.id)?.state).toBe('done');
    now = new Date(now.getTime() + 2);
    jobs.start(region, 'budget-import', 1, 'wacht', async () => ({ result: 3, message: 'klaar' }));
    expect(jobs.get(job.id)).toBeUndefined();
  });
});
