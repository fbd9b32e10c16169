// The body of one ingest worker thread (started by ingest-workers.ts): reads, validates, checks,
// pseudonymises and flattens the messages it is sent, and sends back one outcome per job. It never
// touches the database; the main thread stores.
import { parentPort, workerData } from 'node:worker_threads';
import { Pseudonymiser } from '../ijw/pseudonym.ts';
import { prepareJob, readMessageFileForJob, type Job, type JobResult, type WorkerData } from './ingest-jobs.ts';
import { MAX_MESSAGE_BYTES } from './ingest-prepare.ts';

const port = parentPort;
if (port === null) throw new Error('ingest-worker.ts runs as a worker thread only');
const data = workerData as WorkerData;
const scope = { pseudonymiser: new Pseudonymiser(data.pseudonymKey), municipalities: new Set(data.municipalities) };
const readFile = (file: string) => readMessageFileForJob(file, MAX_MESSAGE_BYTES);

port.on('message', (jobs: Job[]) => {
  const results: JobResult[] = new Array<JobResult>(jobs.length);
  for (let i = 0; i < jobs.length; i++) results[i] = prepareJob(jobs[i]!, scope, readFile);
  port.postMessage(results);
});
port.postMessage('ready');
