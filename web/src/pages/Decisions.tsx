// Decisions through the web, for the region role: allocation, payment run, adjustment, contribution
// keys and settlement (POST /api/decisions/*), with the CLI's rules and ledger entries. A refusal
// is shown as the server words it (Dutch, with every problem of a refused file); an accepted
// decision shows its ledger entry and the explanation of the amount it made (GET /api/explain).
import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiProblem, get, request, withQuery, type Explanation, type LedgerEntry, type LumpSumRow, type Recorded } from '../api.ts';
import { useApi, clearCache } from '../use-api.ts';
import { usePageContext, type PageContext } from '../page-context.ts';
import { PageTitle } from '../components/PageTitle.tsx';
import { ProblemAlert } from '../components/Problem.tsx';
import { SelectField, TextField, FileField } from '../components/Fields.tsx';
import { DataTable } from '../components/DataTable.tsx';
import { ExplanationView } from './Money.tsx';
import { centsFromEuros, dateTime } from '../format.ts';

const KIND_LABELS: Record<string, string> = {
  allocation: 'toekenning',
  'payment-run': 'betaalrun',
  adjustment: 'bijstelling',
  keys: 'bijdragesleutels',
  settlement: 'vaststelling',
  'budget-import': 'begrotingsimport',
  budget: 'begroting',
  // The kinds as the ledger records them.
  'budget.import': 'begrotingsimport',
  'keys.set': 'bijdragesleutels',
  'payment.run': 'betaalrun',
  'provider.register': 'aanbiedersregister',
  'report.submit': 'financiële rapportage',
  'signal.status': 'status signaal',
  'settlement.trueup': 'verrekening tussen gemeenten',
  'tender.define': 'aanbesteding gepubliceerd',
  'tender.facts': 'inschrijvingen en beoordelingen',
  'tender.draw': 'loting',
  'tender.intend': 'voorgenomen selectie',
  'tender.objection': 'bezwaar',
  'tender.objection.outcome': 'uitkomst bezwaar',
  'tender.award': 'selectie definitief',
  'tender.withdraw': 'terugtrekking',
  'tender.capacity': 'capaciteit',
  'tender.distribution': 'verdeling aanvaard',
};

type Outcome = { readonly recorded: Recorded; readonly explanation: Explanation | null; readonly explainProblem: ApiProblem | null };

const problemOf = (e: unknown) => (e instanceof ApiProblem ? e : new ApiProblem(0, 'Fout', String(e), undefined));

/** Tells the page that a decision was recorded (the ledger table reads the ledger again). */
type OnRecorded = () => void;

function DecisionForm({ id, title, intro, submitLabel, children, send, explain, onRecorded }: { id: string; title: string; intro: string; submitLabel: string; children: ReactNode; send: () => Promise<Recorded>; explain?: (r: Recorded) => string | null; onRecorded: OnRecorded }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    setOutcome(null);
    try {
      const recorded = await send();
      clearCache();
      onRecorded();
      let explanation = recorded.explanation ?? null;
      let explainProblem: ApiProblem | null = null;
      const ask = explanation ? null : (explain?.(recorded) ?? null);
      if (ask) {
        try {
          explanation = await get<Explanation>(ask);
        } catch (err) {
          explainProblem = problemOf(err);
        }
      }
      setOutcome({ recorded, explanation, explainProblem });
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="jr-decision" aria-labelledby={`${id}-kop`}>
      <h2 className="utrecht-heading-2" id={`${id}-kop`}>
        {title}
      </h2>
      <p className="utrecht-paragraph">{intro}</p>
      <form className="jr-form" onSubmit={(e) => void submit(e)} noValidate>
        {children}
        <button type="submit" className="utrecht-button utrecht-button--primary-action" disabled={busy}>
          {busy ? 'Bezig …' : submitLabel}
        </button>
      </form>
      <div aria-live="polite">
        {problem ? <ProblemAlert problem={problem} heading="Geweigerd" /> : null}
        {outcome ? (
          <div className="utrecht-alert utrecht-alert--ok jr-alert" role="status">
            <p className="utrecht-paragraph">
              <strong>Vastgelegd</strong> als besluit #{outcome.recorded.seq} ({KIND_LABELS[outcome.recorded.kind] ?? outcome.recorded.kind}) in het grootboek.
            </p>
            {outcome.explanation ? <ExplanationView explanation={outcome.explanation} /> : null}
            {outcome.explainProblem ? <ProblemAlert problem={outcome.explainProblem} heading="Uitleg niet beschikbaar" /> : null}
            {outcome.recorded.kind === 'settlement' ? <SettlementResult result={outcome.recorded.result} /> : null}
          </div>
        ) : null}
      </div>
    </section>
  );
}

function SettlementResult({ result }: { result: Record<string, unknown> }) {
  const flagged = Array.isArray(result['flagged']) ? (result['flagged'] as unknown[]) : [];
  return <p className="utrecht-paragraph">{flagged.length === 0 ? 'Geen gemeente wijkt meer af dan de drempel.' : `Gemeenten boven de drempel: ${flagged.map((f) => (typeof f === 'object' && f !== null ? String((f as Record<string, unknown>)['municipality'] ?? JSON.stringify(f)) : String(f))).join(', ')}.`}</p>;
}

const yearOptions = (ctx: PageContext) => {
  const last = ctx.dataUpTo ? Number(ctx.dataUpTo.slice(0, 4)) : ctx.year;
  return Array.from({ length: 5 }, (_, i) => last - 1 + i);
};

function YearField({ id, value, onChange, ctx }: { id: string; value: string; onChange: (v: string) => void; ctx: PageContext }) {
  return (
    <SelectField id={id} label="Jaar" value={value} onChange={onChange}>
      {yearOptions(ctx).map((y) => (
        <option key={y} value={String(y)}>
          {y}
        </option>
      ))}
    </SelectField>
  );
}

function Allocation({ ctx, firstProvider, onRecorded }: { ctx: PageContext; firstProvider: string | undefined; onRecorded: OnRecorded }) {
  const [year, setYear] = useState(String(ctx.year + 1));
  const [reason, setReason] = useState('');
  return (
    <DecisionForm
      onRecorded={onRecorded}
      id="toekennen"
      title="Toekennen"
      intro="Kent de lumpsums van een jaar toe volgens het plan van het laatste eerdere jaar."
      submitLabel="Jaar toekennen"
      send={async () => (await request<Recorded>('/api/decisions/allocation', { json: { year: Number(year), ...(reason ? { reason } : {}) } })).data}
      explain={() => (firstProvider ? withQuery('/api/explain', { provider: firstProvider, year }) : null)}
    >
      <YearField id="toekennen-jaar" value={year} onChange={setYear} ctx={ctx} />
      <TextField id="toekennen-reden" label="Reden" value={reason} onChange={setReason} />
    </DecisionForm>
  );
}

function PaymentRun({ ctx, firstProvider, onRecorded }: { ctx: PageContext; firstProvider: string | undefined; onRecorded: OnRecorded }) {
  const [month, setMonth] = useState(`${ctx.year}-01`);
  const [reason, setReason] = useState('');
  const first = ctx.region.municipalities[0]?.code;
  return (
    <DecisionForm
      onRecorded={onRecorded}
      id="betaalrun"
      title="Betaalrun"
      intro="Legt de betaling van één termijn vast, in volgorde en eenmaal per maand."
      submitLabel="Betaalrun vastleggen"
      send={async () => (await request<Recorded>('/api/decisions/payment-run', { json: { month, ...(reason ? { reason } : {}) } })).data}
      explain={() => (firstProvider && first ? withQuery('/api/explain', { provider: firstProvider, year: month.slice(0, 4), municipality: first, month }) : null)}
    >
      <TextField id="betaalrun-maand" label="Maand" value={month} onChange={setMonth} required description="Als JJJJ-MM, bijvoorbeeld 2028-03." inputMode="numeric" />
      <TextField id="betaalrun-reden" label="Reden" value={reason} onChange={setReason} />
    </DecisionForm>
  );
}

function Adjustment({ ctx, providers, onRecorded }: { ctx: PageContext; providers: readonly [string, string][]; onRecorded: OnRecorded }) {
  const [provider, setProvider] = useState(providers[0]?.[0] ?? '');
  const [year, setYear] = useState(String(ctx.year));
  const [amount, setAmount] = useState('');
  const [date, setDate] = useState('');
  const [fromMonth, setFromMonth] = useState('');
  const [reason, setReason] = useState('');
  const [upward, setUpward] = useState('');
  const [forecast, setForecast] = useState('');
  const [approval, setApproval] = useState('');
  const chosen = provider || providers[0]?.[0] || '';
  const send = async () => {
    const deltaCents = centsFromEuros(amount);
    if (deltaCents === null) throw new ApiProblem(400, 'Ongeldig verzoek', `het bedrag "${amount}" is geen bedrag in euro; schrijf bijvoorbeeld 2.500,00 of -3000`, 'AMOUNT');
    const forecastCostCents = forecast ? centsFromEuros(forecast) : undefined;
    if (forecastCostCents === null) throw new ApiProblem(400, 'Ongeldig verzoek', `de verwachte kosten "${forecast}" zijn geen bedrag in euro`, 'AMOUNT');
    const body = {
      provider: chosen,
      year: Number(year),
      deltaCents,
      reason,
      ...(date ? { date } : {}),
      ...(fromMonth ? { fromMonth: Number(fromMonth) } : {}),
      ...(upward ? { upwardReason: upward } : {}),
      ...(forecastCostCents ? { forecastCostCents } : {}),
      ...(approval ? { approval } : {}),
    };
    return (await request<Recorded>('/api/decisions/adjustment', { json: body })).data;
  };
  return (
    <DecisionForm onRecorded={onRecorded} id="bijstelling" title="Bijstelling" intro="Stelt de lumpsum van een aanbieder bij, ten hoogste eens per jaar en nooit met terugwerkende kracht; omhoog alleen bij een onvoorziene omstandigheid, omlaag alleen als de verwachte kosten ten minste 5% onder de lumpsum liggen." submitLabel="Bijstelling vastleggen" send={send}>
      <SelectField id="bijstelling-aanbieder" label="Aanbieder" value={chosen} onChange={setProvider}>
        {providers.map(([code, name]) => (
          <option key={code} value={code}>
            {name} ({code})
          </option>
        ))}
      </SelectField>
      <YearField id="bijstelling-jaar" value={year} onChange={setYear} ctx={ctx} />
      <TextField id="bijstelling-bedrag" label="Bedrag in euro (+ of −)" value={amount} onChange={setAmount} required inputMode="decimal" description="Bijvoorbeeld 2.500,00 voor meer, of -3.000 voor minder." />
      <TextField id="bijstelling-datum" label="Datum van het besluit" type="date" value={date} onChange={setDate} description="Leeg: vandaag." />
      <SelectField id="bijstelling-vanaf" label="Vanaf maand" value={fromMonth} onChange={setFromMonth} required={false} description="Leeg: de eerste maand die nog niet betaald is.">
        <option value="">eerste onbetaalde maand</option>
        {Array.from({ length: 12 }, (_, i) => i + 1).map((m) => (
          <option key={m} value={String(m)}>
            {m}
          </option>
        ))}
      </SelectField>
      <TextField id="bijstelling-reden" label="Reden" value={reason} onChange={setReason} required />
      <SelectField id="bijstelling-omstandigheid" label="Onvoorziene omstandigheid (bij verhogen)" value={upward} onChange={setUpward} required={false}>
        <option value="">geen</option>
        {ctx.region.upwardReasons.map((u) => (
          <option key={u.code} value={u.code}>
            {u.description}
          </option>
        ))}
      </SelectField>
      <TextField id="bijstelling-prognose" label="Verwachte kosten in euro (bij verlagen)" value={forecast} onChange={setForecast} inputMode="decimal" />
      <TextField id="bijstelling-goedkeuring" label="Goedkeuring (boven de contractwaarde)" value={approval} onChange={setApproval} description="Bijvoorbeeld het nummer van het AB-besluit." />
    </DecisionForm>
  );
}

function Keys({ ctx, firstProvider, onRecorded }: { ctx: PageContext; firstProvider: string | undefined; onRecorded: OnRecorded }) {
  const [year, setYear] = useState(String(ctx.year + 1));
  const [basis, setBasis] = useState('');
  const [reason, setReason] = useState('');
  const [keys, setKeys] = useState<Record<string, string>>({});
  const first = ctx.region.municipalities[0]?.code;
  return (
    <DecisionForm
      onRecorded={onRecorded}
      id="sleutels"
      title="Bijdragesleutels"
      intro="Legt per gemeente het gewicht vast waarmee zij aan de lumpsums van een jaar bijdraagt (standaard: naar de begrotingen)."
      submitLabel="Sleutels vastleggen"
      send={async () => (await request<Recorded>('/api/decisions/keys', { json: { year: Number(year), basis, keys, ...(reason ? { reason } : {}) } })).data}
      explain={() => (firstProvider && first ? withQuery('/api/explain', { provider: firstProvider, year, municipality: first }) : null)}
    >
      <YearField id="sleutels-jaar" value={year} onChange={setYear} ctx={ctx} />
      <TextField id="sleutels-grondslag" label="Grondslag" value={basis} onChange={setBasis} required description="Waarop de gewichten berusten, bijvoorbeeld: bereik 2028." />
      <fieldset className="jr-fieldset">
        <legend>Gewicht per gemeente (hele getallen)</legend>
        {ctx.region.municipalities.map((m) => (
          <TextField key={m.code} id={`sleutel-${m.code}`} label={m.name} value={keys[m.code] ?? ''} onChange={(v) => setKeys((k) => ({ ...k, [m.code]: v }))} required inputMode="numeric" />
        ))}
      </fieldset>
      <TextField id="sleutels-reden" label="Reden" value={reason} onChange={setReason} />
    </DecisionForm>
  );
}

/** The content type of an uploaded file, by its name (the server reads CSV and XLSX). */
export function uploadType(name: string): string {
  return name.toLowerCase().endsWith('.xlsx') ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv';
}

function Settlement({ ctx, onRecorded }: { ctx: PageContext; onRecorded: OnRecorded }) {
  const [year, setYear] = useState(String(ctx.year));
  const [file, setFile] = useState<File | null>(null);
  const [threshold, setThreshold] = useState('');
  const [reason, setReason] = useState('');
  const send = async () => {
    if (!file) throw new ApiProblem(400, 'Ongeldig verzoek', 'kies eerst het kostenbestand (CSV of XLSX)', 'UPLOAD_EMPTY');
    const path = withQuery('/api/decisions/settlement', { year, filename: file.name, thresholdPct: threshold.replace(',', '.') || undefined, reason: reason || undefined });
    return (await request<Recorded>(path, { file: { body: file, type: uploadType(file.name) } })).data;
  };
  return (
    <DecisionForm onRecorded={onRecorded} id="vaststelling" title="Vaststelling" intro="Stelt een jaar vast uit de kostenopgaven van de aanbieders over twaalf maanden: de lumpsum blijft; gemeenten waarvan het kostenaandeel meer dan de drempel afwijkt van hun bijdrage, worden gemeld." submitLabel="Jaar vaststellen" send={send}>
      <YearField id="vaststelling-jaar" value={year} onChange={setYear} ctx={ctx} />
      <FileField
        id="vaststelling-bestand"
        label="Kostenbestand"
        onChange={setFile}
        description="Kolommen aanbieder, gemeente en kosten_eur (of provider, municipality, cost_eur); elke aanbieder van het jaar."
      />
      <TextField id="vaststelling-drempel" label="Drempel in procentpunten" value={threshold} onChange={setThreshold} inputMode="decimal" description={`Leeg: de drempel van de regio (${ctx.region.settlementPolicy.deviationThresholdPct}).`} />
      <TextField id="vaststelling-reden" label="Reden" value={reason} onChange={setReason} />
    </DecisionForm>
  );
}

/** The latest decisions; read again when `version` goes up (a decision recorded on this page). */
function Ledger({ version }: { version: number }) {
  const ledger = useApi<LedgerEntry[]>('/api/ledger', version);
  const rows = [...(ledger.data ?? [])].reverse().slice(0, 25);
  return (
    <section className="jr-section" aria-labelledby="grootboek-kop">
      <h2 className="utrecht-heading-2" id="grootboek-kop">
        Grootboek: de laatste besluiten
      </h2>
      {ledger.error ? <ProblemAlert problem={ledger.error} /> : null}
      {ledger.data ? (
        <DataTable
          id="tabel-grootboek"
          caption="De laatste 25 besluiten in het grootboek"
          rows={rows}
          rowKey={(e) => String(e.seq)}
          exportAs={{ table: 'ledger', query: {} }}
          note="De download bevat het hele grootboek."
          columns={[
            { key: 's', header: 'Besluit', rowHeader: true, cell: (e) => `#${e.seq}` },
            { key: 'k', header: 'Soort', cell: (e) => KIND_LABELS[e.decision.kind] ?? e.decision.kind },
            { key: 'w', header: 'Wanneer', cell: (e) => dateTime(e.recordedAt) },
            { key: 'a', header: 'Door', cell: (e) => e.actor },
            { key: 'r', header: 'Reden', cell: (e) => e.reason },
          ]}
        />
      ) : null}
    </section>
  );
}

export function DecisionsPage() {
  const ctx = usePageContext();
  const lump = useApi<LumpSumRow[]>(`/api/lumpsums/${ctx.year}`);
  const providers = [...new Map((lump.data ?? []).map((r) => [r.provider, r.providerName])).entries()].sort((a, b) => a[0].localeCompare(b[0]));
  const first = providers[0]?.[0];
  const [recordedCount, setRecordedCount] = useState(0);
  const onRecorded = () => setRecordedCount((n) => n + 1);
  return (
    <>
      <PageTitle title="Besluiten" />
      <p className="utrecht-paragraph jr-lead">Besluiten van het regioteam, met dezelfde regels en grootboekregels als de opdrachtregel. Elk besluit en elke weigering staat in de auditlog.</p>
      <div className="jr-decisions">
        <Adjustment key={`adj-${providers.length}`} ctx={ctx} providers={providers} onRecorded={onRecorded} />
        <PaymentRun ctx={ctx} firstProvider={first} onRecorded={onRecorded} />
        <Allocation ctx={ctx} firstProvider={first} onRecorded={onRecorded} />
        <Keys ctx={ctx} firstProvider={first} onRecorded={onRecorded} />
        <Settlement ctx={ctx} onRecorded={onRecorded} />
      </div>
      <Ledger version={recordedCount} />
    </>
  );
}
