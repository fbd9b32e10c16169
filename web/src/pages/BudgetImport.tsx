// Budget import through the web (region role): the file goes to POST /api/imports/budget, which
// answers at once with a job; the page follows it (GET /api/jobs/{id}) and shows its progress, then
// the result or every problem of the file.
import { useEffect, useState, type FormEvent } from 'react';
import { ApiProblem, get, request, withQuery, type Job } from '../api.ts';
import { clearCache } from '../use-api.ts';
import { PageTitle } from '../components/PageTitle.tsx';
import { ProblemAlert } from '../components/Problem.tsx';
import { TextField, FileField } from '../components/Fields.tsx';
import { uploadType } from './Decisions.tsx';

/** Follows a job until it ends: its state after every poll. */
export function useJob(id: string | null): { job: Job | null; problem: ApiProblem | null } {
  const [job, setJob] = useState<Job | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  useEffect(() => {
    if (id === null) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const j = await get<Job>(`/api/jobs/${id}`);
        if (!live) return;
        setJob(j);
        if (j.state === 'running') timer = setTimeout(() => void poll(), 500);
        else clearCache();
      } catch (e) {
        if (live) setProblem(e instanceof ApiProblem ? e : new ApiProblem(0, 'Fout', String(e), undefined));
      }
    };
    void poll();
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
  }, [id]);
  return { job, problem };
}

export function JobProgress({ job }: { job: Job }) {
  const lines = job.message.split('\n');
  return (
    <div className={`utrecht-alert jr-alert ${job.state === 'failed' ? 'utrecht-alert--error' : job.state === 'done' ? 'utrecht-alert--ok' : 'utrecht-alert--info'}`} role="status" aria-live="polite">
      <p className="utrecht-paragraph">
        <label htmlFor={`job-${job.id}`}>{job.state === 'running' ? 'Bezig' : job.state === 'done' ? 'Klaar' : 'Mislukt'}</label>: stap {job.done} van {job.total}
      </p>
      <progress id={`job-${job.id}`} className="jr-progress" max={job.total} value={job.done}>
        {job.done} van {job.total}
      </progress>
      <p className="utrecht-paragraph">{lines[0]}</p>
      {lines.length > 1 ? (
        <ul className="utrecht-unordered-list">
          {lines.slice(1, 201).map((l, i) => (
            <li className="utrecht-unordered-list__item" key={i}>
              {l}
            </li>
          ))}
        </ul>
      ) : null}
      {job.state === 'failed' ? <p className="utrecht-paragraph">Er is niets vastgelegd. Verbeter het bestand en importeer het opnieuw.</p> : null}
    </div>
  );
}

export function BudgetImportPage() {
  const [file, setFile] = useState<File | null>(null);
  const [reason, setReason] = useState('');
  const [jobId, setJobId] = useState<string | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const { job, problem: followProblem } = useJob(jobId);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    setJobId(null);
    if (!file) {
      setProblem(new ApiProblem(400, 'Ongeldig verzoek', 'kies eerst een begrotingsbestand (CSV of XLSX)', 'UPLOAD_EMPTY'));
      return;
    }
    try {
      const a = await request<Job>(withQuery('/api/imports/budget', { filename: file.name, reason: reason || undefined }), { file: { body: file, type: uploadType(file.name) } });
      setJobId(a.data.id);
    } catch (err) {
      setProblem(err instanceof ApiProblem ? err : new ApiProblem(0, 'Fout', String(err), undefined));
    }
  };
  return (
    <>
      <PageTitle title="Begroting importeren" />
      <p className="utrecht-paragraph jr-lead">
        Vastgestelde begrotingen inlezen uit een CSV- of XLSX-bestand, zoals <code>jeugdregie budget import</code>: alles of niets. Kolommen jaar, gemeente, (regel) en bedrag_eur of bedrag_centen.
      </p>
      <form className="jr-form" onSubmit={(e) => void submit(e)} noValidate>
        <FileField id="begroting-bestand" label="Begrotingsbestand" onChange={setFile} />
        <TextField id="begroting-reden" label="Reden" value={reason} onChange={setReason} description='Leeg: "budget adopted by the council".' />
        <button type="submit" className="utrecht-button utrecht-button--primary-action" disabled={job?.state === 'running'}>
          Importeren
        </button>
      </form>
      {problem ? <ProblemAlert problem={problem} heading="Niet geïmporteerd" /> : null}
      {followProblem ? <ProblemAlert problem={followProblem} heading="De voortgang is niet op te vragen" /> : null}
      {job ? <JobProgress job={job} /> : jobId ? <p className="utrecht-paragraph" role="status">De import is begonnen …</p> : null}
    </>
  );
}
