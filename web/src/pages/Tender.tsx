// The tender [issue 16]: for the tender team (the region role) the record — the procedure's steps, the
// ranking with the waiting room, the submissions, the documents and the steps still to take —, the
// assessor's own scoring (others' scores hidden until every assessor has scored), and phase 2's
// coverage grid and distribution what-if. A bidder (provider role) sees its own outcome only.
// GET/POST /api/tenders/…; the server decides what each viewer may see and refuses the rest.
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { ApiProblem, request, withQuery } from '../api.ts';
import { clearCache, useApi } from '../use-api.ts';
import { usePageContext } from '../page-context.ts';
import { PageTitle } from '../components/PageTitle.tsx';
import { Loading, ProblemAlert } from '../components/Problem.tsx';
import { DataTable } from '../components/DataTable.tsx';
import { SelectField, TextField } from '../components/Fields.tsx';
import { Link, navigate, useLocation } from '../router.tsx';
import { dutchDate, euros } from '../format.ts';

type Status = 'selected' | 'waiting_room' | 'not_selected' | 'insufficient' | 'incomplete';
const STATUS: Record<Status, string> = { selected: 'geselecteerd', waiting_room: 'wachtkamer', not_selected: 'niet geselecteerd', insufficient: 'onvoldoende', incomplete: 'onvolledig' };

interface TenderItem {
  readonly id: string;
  readonly name: string;
  readonly status: string;
  readonly statusNl: string;
  readonly year: number;
  readonly bidders: number;
  readonly selected: number;
}
interface Line {
  readonly bidder: string;
  readonly name: string;
  readonly rank?: number;
  readonly status: Status;
  readonly totalScore?: string;
  readonly tieBreak?: string;
  readonly reasons: readonly string[];
  readonly reasonsNl: readonly string[];
}
interface Detail {
  readonly definition: {
    readonly id: string;
    readonly name: string;
    readonly year: number;
    readonly publishedOn: string;
    readonly maxSelected: number;
    readonly waitingRoom: number;
    readonly standstillDays: number;
    readonly assessors: readonly string[];
    readonly criteria: readonly { id: string; label: string; theme?: string; weight: number; max: number; sufficient: number }[];
    readonly requirements: readonly { id: string; label: string }[];
  };
  readonly status: string;
  readonly statusNl: string;
  readonly ranking: { readonly final: boolean; readonly lines: readonly Line[]; readonly unresolved: readonly (readonly string[])[] };
  readonly submissions: readonly {
    bidder: string;
    name: string;
    themes: readonly string[];
    requirements: readonly { id: string; met: boolean | null; evidence: string }[];
    scores: readonly { criterion: string; consensus: number | null; oral: number | null; scored: number; of: number }[];
  }[];
  readonly draws: readonly { seq: number; order: readonly string[]; witness: string }[];
  readonly intent: { seq: number; date: string; standstillEnds: string } | null;
  readonly objections: readonly { seq: number; bidder: string; date: string; text: string; outcome?: { seq: number; outcome: 'upheld' | 'rejected'; date: string } }[];
  readonly award: { seq: number; date: string } | null;
  readonly withdrawals: readonly { seq: number; bidder: string; date: string; promoted?: string }[];
  readonly distribution: { seq: number } | null;
}

const problemOf = (e: unknown) => (e instanceof ApiProblem ? e : new ApiProblem(0, 'Fout', String(e), undefined));

/** Sending one step: busy while it runs, then the ledger entry it became or the refusal. */
function useStep(onDone: () => void) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [done, setDone] = useState<number | null>(null);
  const run = async (send: () => Promise<{ seq: number }>) => {
    setBusy(true);
    setProblem(null);
    setDone(null);
    try {
      setDone((await send()).seq);
      clearCache();
      onDone();
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setBusy(false);
    }
  };
  return { busy, problem, setProblem, done, run };
}

/** What a step became, or why it was refused (read out when it changes). */
function StepOutcome({ problem, done, refused }: { problem: ApiProblem | null; done: number | null; refused: string }) {
  return (
    <div aria-live="polite">
      {problem ? <ProblemAlert problem={problem} heading={refused} /> : null}
      {done !== null ? (
        <p className="utrecht-paragraph" role="status">
          <strong>Vastgelegd</strong> als regel #{done} in het grootboek.
        </p>
      ) : null}
    </div>
  );
}

/** A form that records one step and says what it became (or why it was refused). */
function StepForm({ id, title, intro, submitLabel, children, send, onDone }: { id: string; title: string; intro: string; submitLabel: string; children?: ReactNode; send: () => Promise<{ seq: number }>; onDone: () => void }) {
  const step = useStep(onDone);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void step.run(send);
  };
  return (
    <section className="jr-decision" aria-labelledby={`${id}-kop`}>
      <h3 className="utrecht-heading-3" id={`${id}-kop`}>
        {title}
      </h3>
      <p className="utrecht-paragraph">{intro}</p>
      <form className="jr-form" onSubmit={submit} noValidate>
        {children}
        <button type="submit" className="utrecht-button utrecht-button--primary-action" disabled={step.busy}>
          {step.busy ? 'Bezig …' : submitLabel}
        </button>
      </form>
      <StepOutcome problem={step.problem} done={step.done} refused="Geweigerd" />
    </section>
  );
}

const post = async (path: string, json: unknown) => (await request<{ seq: number }>(path, { json })).data;

/** The tender chosen on the page (?id=…), else the latest. */
function useTenderChoice(): { list: readonly TenderItem[] | undefined; id: string | null; setId: (id: string) => void; error: ApiProblem | undefined } {
  const list = useApi<TenderItem[]>('/api/tenders');
  const { path, query } = useLocation();
  const chosen = query.get('id') ?? list.data?.at(-1)?.id ?? null;
  const setId = (id: string) => navigate(`${path}?id=${encodeURIComponent(id)}`, { replace: true });
  return { list: list.data, id: chosen, setId, error: list.error };
}

function TenderChooser({ list, id, setId }: { list: readonly TenderItem[]; id: string; setId: (id: string) => void }) {
  if (list.length < 2) return null;
  return (
    <SelectField id="aanbesteding" label="Aanbesteding" value={id} onChange={setId}>
      {list.map((t) => (
        <option key={t.id} value={t.id}>
          {t.name}
        </option>
      ))}
    </SelectField>
  );
}

function SubNav({ id }: { id: string }) {
  const { path } = useLocation();
  const q = `?id=${encodeURIComponent(id)}`;
  const parts = [
    { to: '/aanbesteding', label: 'Rangschikking en dossier' },
    { to: '/aanbesteding/beoordelen', label: 'Beoordelen' },
    { to: '/aanbesteding/verdeling', label: 'Dekking en verdeling' },
  ];
  return (
    <nav aria-label="Onderdelen van de aanbesteding" className="jr-subnav">
      <ul className="utrecht-unordered-list jr-inline-list">
        {parts.map((p) => (
          <li key={p.to}>
            <Link className="utrecht-link" to={`${p.to}${q}`} aria-current={path === p.to ? 'page' : undefined}>
              {p.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** A bidder's own outcome (provider role): nothing of the other bidders. */
function OwnOutcomes() {
  const own = useApi<{ tender: string; name: string; statusNl: string; outcome: Status; totalScore: string | null; reasons: readonly string[]; standstillEnds: string | null }[]>('/api/tender-outcomes');
  if (own.error) return <ProblemAlert problem={own.error} />;
  if (!own.data) return <Loading what="Uw uitkomst" />;
  return (
    <>
      <PageTitle title="Mijn inschrijving" />
      {own.data.length === 0 ? <p className="utrecht-paragraph">Er is nog geen uitkomst van een aanbesteding voor uw organisatie bekendgemaakt.</p> : null}
      {own.data.map((o) => (
        <section key={o.tender} className="jr-section" aria-labelledby={`uit-${o.tender}`}>
          <h2 className="utrecht-heading-2" id={`uit-${o.tender}`}>
            {o.name}
          </h2>
          <p className="utrecht-paragraph">
            Uitkomst: <strong>{STATUS[o.outcome]}</strong>
            {o.totalScore !== null ? `, totaalscore ${o.totalScore}` : ''}. Stand van de procedure: {o.statusNl}.
            {o.standstillEnds ? ` Bezwaar kon tot en met ${dutchDate(o.standstillEnds)}.` : ''}
          </p>
          <p className="utrecht-paragraph">
            Het bericht met de redenen:{' '}
            <a className="utrecht-link" href={`/api/tender-outcomes/${encodeURIComponent(o.tender)}/notice?format=html`}>
              HTML
            </a>{' '}
            ·{' '}
            <a className="utrecht-link" href={`/api/tender-outcomes/${encodeURIComponent(o.tender)}/notice?format=pdf`}>
              PDF
            </a>
          </p>
        </section>
      ))}
    </>
  );
}

export function TenderPage() {
  const ctx = usePageContext();
  if (ctx.me.role === 'provider') return <OwnOutcomes />;
  return <TenderRecord />;
}

function TenderRecord() {
  const { list, id, setId, error } = useTenderChoice();
  const [version, setVersion] = useState(0);
  const detail = useApi<Detail>(id ? `/api/tenders/${encodeURIComponent(id)}` : null, version);
  if (error) return <ProblemAlert problem={error} />;
  if (!list) return <Loading what="De aanbestedingen" />;
  if (list.length === 0 || !id) {
    return (
      <>
        <PageTitle title="Aanbesteding" />
        <p className="utrecht-paragraph">Er is nog geen aanbesteding vastgelegd. Leg er een vast met <code>jeugdregie tender define BESTAND</code>.</p>
      </>
    );
  }
  const d = detail.data;
  const reload = () => setVersion((v) => v + 1);
  return (
    <>
      <PageTitle title="Aanbesteding" />
      <TenderChooser list={list} id={id} setId={setId} />
      <SubNav id={id} />
      {detail.error ? <ProblemAlert problem={detail.error} /> : null}
      {!d ? (
        <Loading what="Het dossier" />
      ) : (
        <>
          <Steps d={d} />
          <Ranking d={d} />
          <Submissions d={d} />
          <Documents d={d} />
          <NextSteps d={d} onDone={reload} />
        </>
      )}
    </>
  );
}

function Steps({ d }: { d: Detail }) {
  const items: { what: string; when: string; seq?: number }[] = [{ what: 'Gepubliceerd', when: dutchDate(d.definition.publishedOn) }];
  for (const x of d.draws) items.push({ what: `Loting: ${x.order.join(' vóór ')} (${x.witness})`, when: '', seq: x.seq });
  if (d.intent) items.push({ what: `Voorgenomen selectie bekendgemaakt; opschortende termijn tot en met ${dutchDate(d.intent.standstillEnds)}`, when: dutchDate(d.intent.date), seq: d.intent.seq });
  for (const o of d.objections) items.push({ what: `Bezwaar van ${o.bidder}: "${o.text}"${o.outcome ? ` — ${o.outcome.outcome === 'upheld' ? 'gegrond' : 'ongegrond'} (regel #${o.outcome.seq})` : ' — nog zonder uitkomst'}`, when: dutchDate(o.date), seq: o.seq });
  if (d.award) items.push({ what: 'Selectie definitief; de geselecteerden staan in het aanbiedersregister', when: dutchDate(d.award.date), seq: d.award.seq });
  for (const w of d.withdrawals) items.push({ what: `${w.bidder} trok zich terug${w.promoted ? `; ${w.promoted} schuift door uit de wachtkamer` : ''}`, when: dutchDate(w.date), seq: w.seq });
  if (d.distribution) items.push({ what: 'Verdeling aanvaard: het verdeelplan voor de toekenning', when: '', seq: d.distribution.seq });
  return (
    <section className="jr-section" aria-labelledby="stappen-kop">
      <h2 className="utrecht-heading-2" id="stappen-kop">
        {d.definition.name}
      </h2>
      <p className="utrecht-paragraph">
        Stand: <strong>{d.statusNl}</strong>. Ten hoogste {d.definition.maxSelected} geselecteerden, een wachtkamer van {d.definition.waitingRoom}, opschortende termijn {d.definition.standstillDays} dagen. Beoordelaars: {d.definition.assessors.join(', ')}.
      </p>
      <ol className="utrecht-ordered-list">
        {items.map((i, k) => (
          <li key={k}>
            {i.when ? `${i.when}: ` : ''}
            {i.what}
            {i.seq !== undefined ? ` (regel #${i.seq})` : ''}
          </li>
        ))}
      </ol>
    </section>
  );
}

function Ranking({ d }: { d: Detail }) {
  return (
    <section className="jr-section" aria-labelledby="rang-kop">
      <h2 className="utrecht-heading-2" id="rang-kop">
        Rangschikking{d.ranking.final ? '' : ' (voorlopig: het dossier is nog open)'}
      </h2>
      {d.ranking.unresolved.length > 0 ? (
        <div className="utrecht-alert utrecht-alert--warning jr-alert" role="status">
          <p className="utrecht-paragraph">
            <strong>Nog gelijk na de beslisregel:</strong> {d.ranking.unresolved.map((g) => g.join(' = ')).join('; ')}. Leg de loting vast; de software beslist een gelijke stand nooit zelf.
          </p>
        </div>
      ) : null}
      <DataTable
        id="rangschikking"
        caption={`Rangschikking van ${d.ranking.lines.length} inschrijvers`}
        rows={d.ranking.lines}
        rowKey={(l) => l.bidder}
        columns={[
          { key: 'rank', header: 'Rang', numeric: true, cell: (l) => l.rank ?? '–' },
          { key: 'bidder', header: 'Inschrijver', rowHeader: true, cell: (l) => `${l.name} (${l.bidder})` },
          { key: 'status', header: 'Status', cell: (l) => <span className={`jr-tender-status jr-tender-status--${l.status}`}>{STATUS[l.status]}</span> },
          { key: 'total', header: 'Totaalscore', numeric: true, cell: (l) => l.totalScore ?? '–' },
          { key: 'tie', header: 'Beslist door', cell: (l) => (l.tieBreak === 'draw' ? 'loting' : l.tieBreak === 'unresolved' ? 'nog gelijk' : (l.tieBreak?.replace('criterion ', 'criterium ') ?? '')) },
          { key: 'why', header: 'Reden', cell: (l) => l.reasonsNl.join('; ') },
        ]}
      />
    </section>
  );
}

function Submissions({ d }: { d: Detail }) {
  const criteria = d.definition.criteria;
  return (
    <section className="jr-section" aria-labelledby="inschr-kop">
      <h2 className="utrecht-heading-2" id="inschr-kop">
        Inschrijvingen
      </h2>
      <p className="utrecht-paragraph">Per criterium de consensusscore, na de mondelinge toelichting bijgesteld (was …). Een leeg vak: het criterium geldt niet (thema niet ingeschreven) of is nog niet beoordeeld.</p>
      <DataTable
        id="inschrijvingen"
        caption="Geschiktheidseisen en scores per inschrijver"
        rows={d.submissions}
        rowKey={(s) => s.bidder}
        columns={[
          { key: 'bidder', header: 'Inschrijver', rowHeader: true, cell: (s) => s.bidder },
          { key: 'themes', header: "Thema's", cell: (s) => s.themes.join(', ') },
          { key: 'req', header: 'Eisen voldaan', cell: (s) => `${s.requirements.filter((r) => r.met === true).length} van ${d.definition.requirements.length}${s.requirements.some((r) => r.met === null) ? ' (niet alle beantwoord)' : ''}` },
          ...criteria.map((c) => ({
            key: c.id,
            header: c.id,
            numeric: true,
            cell: (s: Detail['submissions'][number]) => {
              const x = s.scores.find((y) => y.criterion === c.id);
              if (!x) return '';
              if (x.oral !== null) return `${x.oral} (was ${x.consensus ?? '–'})`;
              return x.consensus ?? `${x.scored}/${x.of} beoordeeld`;
            },
          })),
        ]}
      />
    </section>
  );
}

function Documents({ d }: { d: Detail }) {
  if (!d.intent) return null;
  const base = `/api/tenders/${encodeURIComponent(d.definition.id)}/documents`;
  return (
    <section className="jr-section" aria-labelledby="docs-kop">
      <h2 className="utrecht-heading-2" id="docs-kop">
        Documenten
      </h2>
      <p className="utrecht-paragraph">
        Proces-verbaal van selectie:{' '}
        <a className="utrecht-link" href={`${base}/proces-verbaal?format=html`}>
          HTML
        </a>{' '}
        ·{' '}
        <a className="utrecht-link" href={`${base}/proces-verbaal?format=pdf`}>
          PDF
        </a>
      </p>
      <details>
        <summary>Bericht per inschrijver (gunnings- of afwijzingsbericht)</summary>
        <ul className="utrecht-unordered-list">
          {d.ranking.lines.map((l) => (
            <li key={l.bidder}>
              {l.name}:{' '}
              <a className="utrecht-link" href={`${base}/notice?bidder=${encodeURIComponent(l.bidder)}&format=html`}>
                HTML
              </a>{' '}
              ·{' '}
              <a className="utrecht-link" href={`${base}/notice?bidder=${encodeURIComponent(l.bidder)}&format=pdf`}>
                PDF
              </a>
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}

function NextSteps({ d, onDone }: { d: Detail; onDone: () => void }) {
  const ctx = usePageContext();
  const [order, setOrder] = useState('');
  const [witness, setWitness] = useState('');
  const [date, setDate] = useState('');
  const [bidder, setBidder] = useState('');
  const [text, setText] = useState('');
  const [objection, setObjection] = useState('');
  const [outcome, setOutcome] = useState('rejected');
  const [reason, setReason] = useState('');
  const base = `/api/tenders/${encodeURIComponent(d.definition.id)}`;
  const dated = date ? { date } : {};
  if (ctx.me.role !== 'region') return null;
  const open = d.objections.filter((o) => !o.outcome);
  if (d.distribution) return <p className="utrecht-paragraph">De verdeling is aanvaard (regel #{d.distribution.seq}): de procedure is rond. Het verdeelplan staat bij Dekking en verdeling.</p>;
  return (
    <section className="jr-section" aria-labelledby="volgende-kop">
      <h2 className="utrecht-heading-2" id="volgende-kop">
        Volgende stappen
      </h2>
      <TextField id="stap-datum" label="Datum van de stap" type="date" value={date} onChange={setDate} description="Leeg: vandaag." />
      {!d.intent && d.ranking.unresolved.length > 0 ? (
        <StepForm id="loting" title="Loting vastleggen" intro="De volgorde zoals geloot, de eerste wint; met wie loot en wie getuige is." submitLabel="Loting vastleggen" onDone={onDone} send={() => post(`${base}/draw`, { order: order.split(',').map((s) => s.trim()).filter(Boolean), witness })}>
          <TextField id="loting-volgorde" label="Volgorde (codes, met komma's)" value={order} onChange={setOrder} required placeholder={d.ranking.unresolved[0]?.join(', ')} />
          <TextField id="loting-getuige" label="Getrokken door en getuige" value={witness} onChange={setWitness} required />
        </StepForm>
      ) : null}
      {!d.intent ? (
        <StepForm id="voornemen" title="Voorgenomen selectie bekendmaken" intro="De rangschikking ligt dan vast; de opschortende termijn begint. Een gelijke stand over een grens heen moet eerst geloot zijn." submitLabel="Bekendmaken" onDone={onDone} send={() => post(`${base}/intend`, dated)} />
      ) : null}
      {d.intent && !d.award ? (
        <>
          <StepForm id="bezwaar" title="Bezwaar vastleggen" intro={`Binnen de opschortende termijn (tot en met ${dutchDate(d.intent.standstillEnds)}).`} submitLabel="Bezwaar vastleggen" onDone={onDone} send={() => post(`${base}/objections`, { bidder, text, ...dated })}>
            <TextField id="bezwaar-inschrijver" label="Inschrijver (code)" value={bidder} onChange={setBidder} required />
            <TextField id="bezwaar-tekst" label="Waartegen" value={text} onChange={setText} required />
          </StepForm>
          {open.length > 0 ? (
            <StepForm id="uitkomst" title="Uitkomst van een bezwaar" intro="Gegrond: de voorgenomen selectie vervalt en het dossier gaat weer open. Ongegrond: de procedure gaat door." submitLabel="Uitkomst vastleggen" onDone={onDone} send={() => post(`${base}/objection-outcome`, { objection: Number(objection || open[0]!.seq), outcome, reason, ...dated })}>
              <SelectField id="uitkomst-bezwaar" label="Bezwaar" value={objection || String(open[0]!.seq)} onChange={setObjection}>
                {open.map((o) => (
                  <option key={o.seq} value={o.seq}>
                    #{o.seq} {o.bidder}
                  </option>
                ))}
              </SelectField>
              <SelectField id="uitkomst-oordeel" label="Oordeel" value={outcome} onChange={setOutcome}>
                <option value="rejected">ongegrond</option>
                <option value="upheld">gegrond</option>
              </SelectField>
              <TextField id="uitkomst-reden" label="Motivering" value={reason} onChange={setReason} required />
            </StepForm>
          ) : null}
          <StepForm id="definitief" title="Selectie definitief maken" intro={`Na de opschortende termijn (vanaf de dag na ${dutchDate(d.intent.standstillEnds)}) en met een uitkomst voor elk bezwaar. De geselecteerden komen in het aanbiedersregister.`} submitLabel="Definitief maken" onDone={onDone} send={() => post(`${base}/award`, dated)} />
        </>
      ) : null}
      {d.intent && !d.distribution ? (
        <StepForm id="terugtrekking" title="Terugtrekking" intro="Een geselecteerde inschrijver trekt zich terug: de eerste uit de wachtkamer neemt de plaats in, in volgorde van rang." submitLabel="Terugtrekking vastleggen" onDone={onDone} send={() => post(`${base}/withdraw`, { bidder, ...dated })}>
          <TextField id="terug-inschrijver" label="Inschrijver (code)" value={bidder} onChange={setBidder} required />
        </StepForm>
      ) : null}
    </section>
  );
}

// ---- the assessor's sheet ------------------------------------------------------------------------

interface Sheet {
  readonly tender: string;
  readonly assessor: string;
  readonly isAssessor: boolean;
  readonly assessors: readonly string[];
  readonly open: boolean;
  readonly bidders: readonly { bidder: string; name: string; lines: readonly { criterion: string; label: string; max: number; own?: number; all?: readonly { assessor: string; value: number }[]; scored: number; of: number }[] }[];
}

export function TenderScoringPage() {
  const { list, id, setId, error } = useTenderChoice();
  const [version, setVersion] = useState(0);
  const sheet = useApi<Sheet>(id ? `/api/tenders/${encodeURIComponent(id)}/assessor` : null, version);
  const [bidder, setBidder] = useState<string | null>(null);
  if (error) return <ProblemAlert problem={error} />;
  if (!list || !id) return <Loading what="De aanbestedingen" />;
  const s = sheet.data;
  // The chosen bidder, else the first with a criterion the assessor has not scored.
  const current = s ? (s.bidders.find((b) => b.bidder === bidder) ?? s.bidders.find((b) => b.lines.some((l) => l.own === undefined)) ?? s.bidders[0]) : undefined;
  return (
    <>
      <PageTitle title="Beoordelen" />
      <TenderChooser list={list} id={id} setId={setId} />
      <SubNav id={id} />
      {sheet.error ? <ProblemAlert problem={sheet.error} /> : null}
      {!s ? (
        <Loading what="Het beoordelingsformulier" />
      ) : (
        <>
          <p className="utrecht-paragraph">
            {s.isAssessor ? `U beoordeelt als ${s.assessor}.` : `U bent geen beoordelaar van deze aanbesteding (dat zijn ${s.assessors.join(', ')}); u ziet wie al heeft beoordeeld.`} Elke beoordelaar scoort zelfstandig: de scores van de anderen worden pas zichtbaar als alle {s.assessors.length} beoordelaars een criterium hebben gescoord.
            {s.open ? '' : ' De voorgenomen selectie is bekendgemaakt: de beoordeling is gesloten.'}
          </p>
          <DataTable
            id="voortgang"
            caption="Voortgang per inschrijver"
            rows={s.bidders}
            rowKey={(b) => b.bidder}
            columns={[
              { key: 'bidder', header: 'Inschrijver', rowHeader: true, cell: (b) => `${b.name} (${b.bidder})` },
              { key: 'own', header: 'Door u gescoord', numeric: true, cell: (b) => `${b.lines.filter((l) => l.own !== undefined).length} van ${b.lines.length}` },
              { key: 'all', header: 'Door iedereen gescoord', numeric: true, cell: (b) => `${b.lines.filter((l) => l.all !== undefined).length} van ${b.lines.length}` },
            ]}
          />
          <SelectField id="inschrijver" label="Inschrijver om te beoordelen" value={current?.bidder ?? ''} onChange={setBidder}>
            {s.bidders.map((b) => (
              <option key={b.bidder} value={b.bidder}>
                {b.name} ({b.bidder})
              </option>
            ))}
          </SelectField>
          {current ? <BidderScores key={current.bidder} tender={s.tender} bidder={current} editable={s.isAssessor && s.open} onDone={() => setVersion((v) => v + 1)} /> : null}
        </>
      )}
    </>
  );
}

function BidderScores({ tender, bidder, editable, onDone }: { tender: string; bidder: Sheet['bidders'][number]; editable: boolean; onDone: () => void }) {
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(bidder.lines.map((l) => [l.criterion, l.own === undefined ? '' : String(l.own)])));
  useEffect(() => setValues(Object.fromEntries(bidder.lines.map((l) => [l.criterion, l.own === undefined ? '' : String(l.own)]))), [bidder]);
  const step = useStep(onDone);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const scores = bidder.lines.filter((l) => values[l.criterion] !== '' && values[l.criterion] !== (l.own === undefined ? '' : String(l.own))).map((l) => ({ bidder: bidder.bidder, criterion: l.criterion, value: Number(values[l.criterion]) }));
    const bad = bidder.lines.find((l) => values[l.criterion] !== '' && !(/^\d+$/.test(values[l.criterion] ?? '') && Number(values[l.criterion]) <= l.max));
    if (bad) return step.setProblem(new ApiProblem(400, 'Ongeldige score', `de score op "${bad.label}" is een heel getal van 0 tot en met ${bad.max}`, undefined));
    if (scores.length === 0) return step.setProblem(new ApiProblem(400, 'Niets vast te leggen', 'vul ten minste één (gewijzigde) score in', undefined));
    void step.run(() => post(`/api/tenders/${encodeURIComponent(tender)}/scores`, { scores }));
  };
  return (
    <section className="jr-section" aria-labelledby={`b-${bidder.bidder}`}>
      <h2 className="utrecht-heading-3" id={`b-${bidder.bidder}`}>
        {bidder.name} ({bidder.bidder})
      </h2>
      <form onSubmit={submit} noValidate>
        <DataTable
          id={`scores-${bidder.bidder}`}
          caption={`Scores voor ${bidder.name}`}
          rows={bidder.lines}
          rowKey={(l) => l.criterion}
          columns={[
            { key: 'criterion', header: 'Criterium', rowHeader: true, cell: (l) => l.label },
            {
              key: 'own',
              header: 'Uw score',
              cell: (l) =>
                editable ? (
                  <input
                    className="utrecht-textbox utrecht-textbox--html-input jr-score-input"
                    id={`score-${bidder.bidder}-${l.criterion}`}
                    aria-label={`Uw score op ${l.label} voor ${bidder.name} (0–${l.max})`}
                    inputMode="numeric"
                    value={values[l.criterion] ?? ''}
                    onChange={(e) => setValues((v) => ({ ...v, [l.criterion]: e.target.value }))}
                  />
                ) : (
                  (l.own ?? '–')
                ),
            },
            { key: 'progress', header: 'Beoordeeld', cell: (l) => `${l.scored} van ${l.of}` },
            { key: 'all', header: 'Alle scores', cell: (l) => (l.all ? l.all.map((a) => `${a.assessor}: ${a.value}`).join(', ') : 'verborgen tot iedereen heeft gescoord') },
          ]}
        />
        {editable ? (
          <button type="submit" className="utrecht-button utrecht-button--primary-action" disabled={step.busy}>
            {step.busy ? 'Bezig …' : `Scores voor ${bidder.bidder} vastleggen`}
          </button>
        ) : null}
      </form>
      <StepOutcome problem={step.problem} done={step.done} refused="Niet vastgelegd" />
    </section>
  );
}

// ---- phase 2: coverage and distribution ----------------------------------------------------------

interface CoverageView {
  readonly areas: readonly { id: string; name: string }[];
  readonly themes: readonly { code: string; name: string }[];
  readonly cells: readonly { theme: string; area: string; demand: number; minTotal: number; maxTotal: number; providers: readonly string[]; status: 'gap' | 'under' | 'over' | 'covered' }[];
  readonly expertise: readonly { bidder: string; theme: string; text: string }[];
  readonly latest: { readonly from: string; readonly to: string; readonly areas: readonly { area: string; youngPeople: number }[] } | null;
}
interface Distribution {
  readonly year: number;
  readonly accepted: number | null;
  readonly showsAccepted: boolean;
  readonly totalCents: string | null;
  readonly themes: readonly { theme: string; themeSharePct: string; amountCents: string | null; providers: readonly { bidder: string; name: string; sharePct: string; capacity: number; score: number; cents: string | null }[] }[];
}
const COVER: Record<CoverageView['cells'][number]['status'], string> = { gap: 'gat', under: 'ondercapaciteit', over: 'overcapaciteit', covered: 'gedekt' };

export function TenderDistributionPage() {
  const { list, id, setId, error } = useTenderChoice();
  const [basis, setBasis] = useState('accepted');
  const [mix, setMix] = useState('50');
  const [version, setVersion] = useState(0);
  const coverage = useApi<CoverageView>(id ? `/api/tenders/${encodeURIComponent(id)}/coverage` : null, version);
  const basisText = basis === 'mix' ? `mix:${/^\d{1,3}$/.test(mix) && Number(mix) <= 100 ? mix : '50'}` : basis;
  const distribution = useApi<Distribution>(id ? withQuery(`/api/tenders/${encodeURIComponent(id)}/distribution`, { basis: basis === 'accepted' ? undefined : basisText }) : null, version);
  if (error) return <ProblemAlert problem={error} />;
  if (!list || !id) return <Loading what="De aanbestedingen" />;
  const c = coverage.data;
  const d = distribution.data;
  return (
    <>
      <PageTitle title="Dekking en verdeling" />
      <TenderChooser list={list} id={id} setId={setId} />
      <SubNav id={id} />
      {coverage.error ? <ProblemAlert problem={coverage.error} /> : null}
      {c ? (
        <section className="jr-section" aria-labelledby="dekking-kop">
          <h2 className="utrecht-heading-2" id="dekking-kop">
            Dekking per thema en gebied
          </h2>
          <p className="utrecht-paragraph">De vraag (jeugdigen per jaar, uit de aanbesteding) tegen de minimum- en maximumcapaciteit van de geselecteerde aanbieders. Gat: vraag zonder aanbieder; ondercapaciteit: samen kunnen ze minder dan de vraag; overcapaciteit: hun minimum is meer dan de vraag.</p>
          <DataTable
            id="dekking"
            caption="Dekking: vraag en capaciteit (min–max) per thema en gebied"
            rows={c.themes}
            rowKey={(t) => t.code}
            columns={[
              { key: 'theme', header: 'Thema', rowHeader: true, cell: (t) => `${t.code} ${t.name}` },
              ...c.areas.map((a) => ({
                key: a.id,
                header: a.name,
                cell: (t: CoverageView['themes'][number]) => {
                  const cell = c.cells.find((x) => x.theme === t.code && x.area === a.id);
                  if (!cell) return '–';
                  return (
                    <span className={`jr-cover jr-cover--${cell.status}`} title={cell.providers.join(', ')}>
                      <strong>{COVER[cell.status]}</strong>
                      <br />
                      vraag {cell.demand}, {cell.minTotal}–{cell.maxTotal}
                    </span>
                  );
                },
              })),
            ]}
          />
          {c.latest ? (
            <DataTable
              id="dekking-laatst"
              caption={`Laatste cijfers per gebied, alle thema's`}
              note={`Jeugdigen in zorg volgens het berichtenverkeer van ${dutchDate(c.latest.from)} tot en met ${dutchDate(c.latest.to)}, naast de vraag die de aanbesteding noemde. Per thema kan dat niet: een aanbieder in twee thema's is niet over die thema's te verdelen.`}
              rows={c.latest.areas}
              rowKey={(a) => a.area}
              columns={[
                { key: 'area', header: 'Gebied', rowHeader: true, cell: (a) => c.areas.find((x) => x.id === a.area)?.name ?? a.area },
                { key: 'demand', header: 'Vraag', numeric: true, cell: (a) => c.cells.filter((x) => x.area === a.area).reduce((n, x) => n + x.demand, 0) },
                { key: 'latest', header: 'In zorg', numeric: true, cell: (a) => a.youngPeople },
              ]}
            />
          ) : null}
          {c.expertise.length > 0 ? (
            <details>
              <summary>Deskundigheid per aanbieder en thema ({c.expertise.length})</summary>
              <DataTable
                id="deskundigheid"
                caption="Deskundigheid zoals de aanbieders die in de dialoog gaven"
                rows={c.expertise}
                rowKey={(e) => `${e.bidder}|${e.theme}`}
                columns={[
                  { key: 'bidder', header: 'Aanbieder', rowHeader: true, cell: (e) => e.bidder },
                  { key: 'theme', header: 'Thema', cell: (e) => e.theme },
                  { key: 'text', header: 'Deskundigheid', cell: (e) => e.text },
                ]}
              />
            </details>
          ) : null}
        </section>
      ) : (
        <Loading what="De dekking" />
      )}
      <section className="jr-section" aria-labelledby="verdeling-kop">
        <h2 className="utrecht-heading-2" id="verdeling-kop">
          Verdeling per thema
        </h2>
        <p className="utrecht-paragraph">
          Het budget van elk thema over zijn aanbieders: naar capaciteit (de som van hun maximum), naar score (hun score op het thema) of een mix. Uitproberen legt niets vast; de bedragen zijn precies zoals de toekenning ze zal verdelen (grootste overschot, elke cent verantwoord).
        </p>
        <SelectField id="grondslag" label="Grondslag" value={basis} onChange={setBasis}>
          {d?.accepted ? <option value="accepted">de aanvaarde verdeling</option> : null}
          <option value="capacity">naar capaciteit</option>
          <option value="score">naar score</option>
          <option value="mix">mix van capaciteit en score</option>
        </SelectField>
        {basis === 'mix' ? <TextField id="mix" label="Deel naar capaciteit (%)" value={mix} onChange={setMix} inputMode="numeric" required /> : null}
        {distribution.error ? <ProblemAlert problem={distribution.error} /> : null}
        {d ? (
          <>
            <p className="utrecht-paragraph">
              {d.totalCents ? `Budget ${d.year}: ${euros(d.totalCents)}.` : `Voor ${d.year} is nog geen begroting vastgesteld: alleen de aandelen.`} {d.accepted ? `De verdeling is aanvaard (regel #${d.accepted}).` : 'De verdeling is nog niet aanvaard.'}
            </p>
            {d.themes.map((t) => (
              <DataTable
                key={t.theme}
                id={`verdeling-${t.theme}`}
                caption={`Thema ${t.theme}: ${t.themeSharePct.replace('.', ',')}% van het budget${t.amountCents ? `, ${euros(t.amountCents)}` : ''}`}
                rows={t.providers}
                rowKey={(p) => p.bidder}
                columns={[
                  { key: 'provider', header: 'Aanbieder', rowHeader: true, cell: (p) => `${p.name} (${p.bidder})` },
                  { key: 'capacity', header: 'Capaciteit', numeric: true, cell: (p) => p.capacity },
                  { key: 'score', header: 'Score', numeric: true, cell: (p) => p.score },
                  { key: 'share', header: 'Aandeel', numeric: true, cell: (p) => `${p.sharePct.replace('.', ',')}%` },
                  { key: 'amount', header: 'Bedrag', numeric: true, cell: (p) => (p.cents ? euros(p.cents) : '–') },
                ]}
              />
            ))}
            {!d.accepted ? (
              <StepForm id="aanvaarden" title="Deze verdeling aanvaarden" intro="De definitieve inschrijving aanvaardt de verdeling: zij wordt het verdeelplan voor de toekenning, met een verwijzing naar deze aanbesteding in het grootboek." submitLabel="Aanvaarden" onDone={() => setVersion((v) => v + 1)} send={() => post(`/api/tenders/${encodeURIComponent(id)}/distribution`, { basis: basisText })} />
            ) : (
              <p className="utrecht-paragraph">
                Verdeelplan voor de toekenning:{' '}
                <a className="utrecht-link" href={`/api/tenders/${encodeURIComponent(id)}/plan?year=${d.year}`}>
                  verdeelplan-{d.year}.yaml
                </a>{' '}
                (voor <code>jeugdregie allocate --year {d.year} --plan verdeelplan-{d.year}.yaml</code>).
              </p>
            )}
          </>
        ) : (
          <Loading what="De verdeling" />
        )}
      </section>
    </>
  );
}
