// Steering element 1 from the providers' financial reports [issue 14]: utilisation and forecasts with
// their signals (GET /api/utilisation), delivering a report (POST /api/financial-reports), the key
// proposal what-if (GET /api/keys/proposal) and the outlook to 2034 (GET /api/outlook). The server
// decides what each role sees; these pages only show it.
import { useMemo, useState, type FormEvent } from 'react';
import { ApiProblem, request, withQuery } from '../api.ts';
import { clearCache, useApi } from '../use-api.ts';
import { usePageContext, type PageContext } from '../page-context.ts';
import { PageTitle } from '../components/PageTitle.tsx';
import { Loading, Notice, ProblemAlert } from '../components/Problem.tsx';
import { DataTable } from '../components/DataTable.tsx';
import { Chart } from '../components/Chart.tsx';
import { SelectField, TextField, FileField } from '../components/Fields.tsx';
import { barsOption, barsTall, linesOption } from '../chart-options.ts';
import { euros, eurosForChart, dutchDate } from '../format.ts';
import { uploadType } from './Decisions.tsx';

type Period = 'M4' | 'M8' | 'M12';
type Kind = Period | 'PLAN';
const PERIODS: readonly { value: Period; label: string }[] = [
  { value: 'M4', label: 'M4 — januari t/m april (inleveren vóór 15 juni)' },
  { value: 'M8', label: 'M8 — januari t/m augustus (vóór 15 oktober)' },
  { value: 'M12', label: 'M12 — het hele jaar (vóór 15 maart daarna)' },
];

const SIGNAL_LABELS: Readonly<Record<string, string>> = {
  forecast_under_95: 'Prognose ≤ 95% van de lumpsum',
  forecast_over_lump_sum: 'Prognose boven de lumpsum',
  utilisation_threshold: 'Uitnutting boven de drempel',
  cost_share_deviation: 'Kostenaandeel gemeente wijkt af',
  late_report: 'Rapportage te laat',
  missing_report: 'Rapportage ontbreekt',
};
const STATUS_LABELS: Readonly<Record<string, string>> = { open: 'open', discussion: 'in gesprek', closed: 'gesloten' };

interface Signal {
  readonly code: string;
  readonly key: string;
  readonly municipality?: string;
  readonly nl: string;
}
interface AttributionCell {
  readonly municipality: string;
  readonly area: string;
  readonly costCents: string;
  readonly days: number;
  readonly youngPeople: number;
}
interface UtilisationLine {
  readonly provider: string;
  readonly name: string;
  readonly lumpSumCents: string;
  readonly proRataLumpSumCents: string;
  readonly costCents?: string;
  readonly providerForecastCents?: string;
  readonly linearForecastCents?: string;
  readonly profileForecastCents?: string;
  readonly forecastDifferenceCents?: string;
  readonly utilisationPct?: string;
  readonly proRataUtilisationPct?: string;
  readonly deadline: string;
  readonly report?: { readonly seq: number; readonly submittedOn: string; readonly late: boolean };
  readonly signals: readonly Signal[];
  readonly statuses: Readonly<Record<string, { status: string; date?: string; note?: string }>>;
  readonly plan?: { readonly totalCents: string; readonly submittedOn: string; readonly late: boolean; readonly lines: readonly { careForm: string; plannedCents: string }[] };
  readonly attribution?: {
    readonly careForms: readonly { careForm: string; costCents: string; totalDays: number; cells: readonly AttributionCell[]; unattributed: boolean }[];
    readonly municipalities: readonly { municipality: string; costCents: string; days: number }[];
    readonly areas: readonly { area: string; costCents: string; days: number }[];
    readonly unattributedCents: string;
  };
}
interface UtilisationView {
  readonly year: number;
  readonly period: Period;
  readonly asOf: string;
  readonly lines: readonly UtilisationLine[];
  readonly countsWithheld: boolean;
  readonly municipalities: readonly { municipality: string; contributionCents: string; reportingContributionCents: string; attributedCostCents: string; utilisationPct?: string; proRataUtilisationPct?: string }[];
  readonly areas: readonly { area: string; costCents: string }[];
  readonly totals: { lumpSumCents: string; costCents: string; providerForecastCents: string; linearForecastCents: string; reports: number; providers: number };
}

const pct = (t: string | undefined) => (t === undefined ? '—' : `${t.replace('.', ',')}%`);
const maybeEuros = (c: string | undefined) => (c === undefined ? '—' : euros(c));

function YearPeriod({ ctx, year, setYear, period, setPeriod }: { ctx: PageContext; year: string; setYear: (v: string) => void; period: Period; setPeriod: (p: Period) => void }) {
  const years = useMemo(() => {
    const out: number[] = [];
    for (let y = ctx.year - 2; y <= ctx.year + 1; y++) out.push(y);
    return out;
  }, [ctx.year]);
  return (
    <div className="jr-form jr-form--inline">
      <SelectField id="uitnutting-jaar" label="Jaar" value={year} onChange={setYear}>
        {years.map((y) => (
          <option key={y} value={y}>
            {y}
          </option>
        ))}
      </SelectField>
      <SelectField id="uitnutting-periode" label="Rapportage" value={period} onChange={(v) => setPeriod(v as Period)}>
        {PERIODS.map((p) => (
          <option key={p.value} value={p.value}>
            {p.label}
          </option>
        ))}
      </SelectField>
    </div>
  );
}

export function UtilisationPage() {
  const ctx = usePageContext();
  const [year, setYear] = useState(String(ctx.year));
  const [period, setPeriod] = useState<Period>('M8');
  const [version, setVersion] = useState(0);
  const u = useApi<UtilisationView>(withQuery('/api/utilisation', { year, report: period }), version);
  const [chosen, setChosen] = useState<string>('');
  const lines = u.data?.lines ?? [];
  const option = useMemo(
    () =>
      barsOption(
        lines.map((l) => `${l.provider} ${l.name}`),
        [
          { name: 'Lumpsum', data: lines.map((l) => eurosForChart(l.lumpSumCents)) },
          { name: 'Kosten tot nu toe', data: lines.map((l) => (l.costCents ? eurosForChart(l.costCents) : null)) },
          { name: 'Prognose aanbieder', data: lines.map((l) => (l.providerForecastCents ? eurosForChart(l.providerForecastCents) : null)) },
        ],
      ),
    [lines],
  );
  const signals = lines.flatMap((l) => l.signals.map((s) => ({ ...s, line: l })));
  const detail = lines.find((l) => l.provider === (chosen || (ctx.me.role === 'provider' ? ctx.me.provider : '')));
  return (
    <>
      <PageTitle title="Uitnutting en prognose" kicker="1 Geld" />
      <p className="utrecht-paragraph jr-lead">
        De kosten uit de financiële rapportages van de aanbieders tegen hun lumpsum, met de prognose van de aanbieder en de eigen prognoses van Jeugdregie: lineair (kosten × 12 ÷ maanden) en naar het
        maandprofiel van eerdere jaren. Signalen vragen om een gesprek.
      </p>
      <YearPeriod ctx={ctx} year={year} setYear={setYear} period={period} setPeriod={setPeriod} />
      {u.error ? <ProblemAlert problem={u.error} /> : null}
      {u.loading ? <Loading what="De uitnutting" /> : null}
      {u.data ? (
        <>
          <p className="utrecht-paragraph">
            {u.data.totals.reports} van {u.data.totals.providers} rapportages ontvangen; een ontbrekende rapportage telt als signaal na de termijn (beoordeeld op {dutchDate(u.data.asOf)}).
          </p>
          <section className="jr-section" aria-labelledby="uitnutting-kop">
            <h2 className="utrecht-heading-2" id="uitnutting-kop">
              Lumpsum, kosten en prognose per aanbieder, {period} {year}
            </h2>
            <Chart option={option} tall={barsTall(lines.length)} rows={lines.length} label={`Staafdiagram: lumpsum, kosten tot nu toe en prognose per aanbieder, ${period} ${year}, in euro. De bedragen staan in de tabel hieronder.`} />
            <DataTable
              id="tabel-uitnutting"
              caption={`Uitnutting en prognose per aanbieder, ${period} ${year}`}
              rows={lines}
              rowKey={(l) => l.provider}
              columns={[
                { key: 'a', header: 'Aanbieder', rowHeader: true, cell: (l) => `${l.provider} ${l.name}` },
                { key: 'l', header: 'Lumpsum', numeric: true, cell: (l) => euros(l.lumpSumCents) },
                { key: 'jp', header: 'Jaarplan', numeric: true, cell: (l) => maybeEuros(l.plan?.totalCents) },
                { key: 'k', header: 'Kosten tot nu toe', numeric: true, cell: (l) => maybeEuros(l.costCents) },
                { key: 'u', header: 'Uitnutting', numeric: true, cell: (l) => pct(l.utilisationPct) },
                { key: 'ur', header: 'Uitnutting naar rato', numeric: true, cell: (l) => pct(l.proRataUtilisationPct) },
                { key: 'p', header: 'Prognose aanbieder', numeric: true, cell: (l) => maybeEuros(l.providerForecastCents) },
                { key: 'lin', header: 'Lineaire prognose', numeric: true, cell: (l) => maybeEuros(l.linearForecastCents) },
                { key: 'pr', header: 'Prognose naar profiel', numeric: true, cell: (l) => maybeEuros(l.profileForecastCents) },
                { key: 'v', header: 'Verschil aanbieder − lineair', numeric: true, cell: (l) => maybeEuros(l.forecastDifferenceCents) },
                { key: 'r', header: 'Rapportage', cell: (l) => (l.report ? `${dutchDate(l.report.submittedOn)}${l.report.late ? ' (te laat)' : ''}` : `ontbreekt (termijn ${dutchDate(l.deadline)})`) },
              ]}
              footer={['Regio', euros(u.data.totals.lumpSumCents), '', euros(u.data.totals.costCents), '', '', euros(u.data.totals.providerForecastCents), euros(u.data.totals.linearForecastCents), '', '', '']}
              note="Jaarplan: de besteding die de aanbieder voor het jaar plande. Uitnutting naar rato: de kosten tegen de lumpsum van de verstreken maanden. Prognose naar profiel: alleen waar de aanbieder rapportages van eerdere jaren heeft."
            />
          </section>
          <section className="jr-section" aria-labelledby="gemeenten-kop">
            <h2 className="utrecht-heading-2" id="gemeenten-kop">
              Per gemeente en gebied, {period} {year}
            </h2>
            <DataTable
              id="tabel-uitnutting-gemeente"
              caption={`Bijdragen en toegerekende kosten per gemeente, ${period} ${year}`}
              rows={u.data.municipalities}
              rowKey={(m) => m.municipality}
              columns={[
                { key: 'g', header: 'Gemeente', rowHeader: true, cell: (m) => ctx.names.municipality(m.municipality) },
                { key: 'b', header: 'Bijdrage aan de lumpsums', numeric: true, cell: (m) => euros(m.contributionCents) },
                { key: 'br', header: 'Waarvan aan aanbieders met rapportage', numeric: true, cell: (m) => euros(m.reportingContributionCents) },
                { key: 'k', header: 'Toegerekende kosten', numeric: true, cell: (m) => euros(m.attributedCostCents) },
                { key: 'u', header: 'Uitnutting', numeric: true, cell: (m) => pct(m.utilisationPct) },
                { key: 'ur', header: 'Uitnutting naar rato', numeric: true, cell: (m) => pct(m.proRataUtilisationPct) },
              ]}
              note="Uitnutting per gemeente: de toegerekende kosten tegen de bijdragen aan de aanbieders die over deze periode rapporteerden."
            />
            <DataTable
              id="tabel-uitnutting-gebied"
              caption={`Toegerekende kosten per gebied, ${period} ${year}`}
              rows={u.data.areas}
              rowKey={(a) => a.area}
              empty="Nog geen toegerekende kosten."
              columns={[
                { key: 'g', header: 'Gebied', rowHeader: true, cell: (a) => ctx.names.area(a.area) },
                { key: 'k', header: 'Toegerekende kosten', numeric: true, cell: (a) => euros(a.costCents) },
              ]}
            />
          </section>
          <section className="jr-section" aria-labelledby="signalen-kop">
            <h2 className="utrecht-heading-2" id="signalen-kop">
              Signalen ({signals.length})
            </h2>
            <DataTable
              id="tabel-signalen"
              caption={`Signalen bij de ${period}-rapportages van ${year}`}
              rows={signals}
              rowKey={(s) => s.key}
              empty="Geen signalen."
              columns={[
                { key: 'a', header: 'Aanbieder', rowHeader: true, cell: (s) => s.line.provider },
                { key: 's', header: 'Signaal', cell: (s) => SIGNAL_LABELS[s.code] ?? s.code },
                { key: 't', header: 'Regel en cijfers', cell: (s) => s.nl },
                {
                  key: 'st',
                  header: 'Status',
                  cell: (s) => {
                    const st = s.line.statuses[s.key];
                    return st ? `${STATUS_LABELS[st.status] ?? st.status}${st.date ? ` (${dutchDate(st.date)})` : ''}${st.note ? `: ${st.note}` : ''}` : 'open';
                  },
                },
              ]}
            />
            {ctx.offer.decisions && signals.length > 0 ? <SignalStatusForm signals={signals.map((s) => ({ key: s.key, label: `${s.line.provider}: ${SIGNAL_LABELS[s.code] ?? s.code}${s.municipality ? ` ${ctx.names.municipality(s.municipality)}` : ''}` }))} onDone={() => setVersion((v) => v + 1)} /> : null}
          </section>
          <section className="jr-section" aria-labelledby="toerekening-kop">
            <h2 className="utrecht-heading-2" id="toerekening-kop">
              Toerekening aan gemeenten en gebieden
            </h2>
            <p className="utrecht-paragraph">
              Aanbieders verdelen hun kosten niet zelf over gemeenten: Jeugdregie rekent ze per zorgvorm toe naar rato van de zorgdagen van hun jeugdigen per gemeente en gebied in het berichtenverkeer, tot op de
              cent.
              {u.data.countsWithheld ? ' Zorgdagen en aantallen jeugdigen ziet alleen de aanbieder zelf en het regioteam.' : ''}
            </p>
            {ctx.me.role !== 'provider' ? (
              <SelectField id="toerekening-aanbieder" label="Aanbieder" value={chosen} onChange={setChosen}>
                <option value="">Kies een aanbieder</option>
                {lines.map((l) => (
                  <option key={l.provider} value={l.provider}>
                    {l.provider} {l.name}
                  </option>
                ))}
              </SelectField>
            ) : null}
            {detail ? <AttributionTables ctx={ctx} line={detail} withheld={u.data.countsWithheld} /> : null}
          </section>
        </>
      ) : null}
    </>
  );
}

function AttributionTables({ ctx, line, withheld }: { ctx: PageContext; line: UtilisationLine; withheld: boolean }) {
  const a = line.attribution;
  if (!a) return <Notice>{line.provider} heeft over deze periode nog geen rapportage ingeleverd.</Notice>;
  const careName = (c: string) => ctx.names.careForm(c);
  const areaName = (id: string) => ctx.names.area(id);
  const unattributed = a.careForms.filter((c) => c.unattributed);
  return (
    <>
      {unattributed.length > 0 ? (
        <Notice>
          Niet toe te rekenen: {unattributed.map((c) => `${careName(c.careForm)} (${euros(c.costCents)})`).join(', ')} — het berichtenverkeer heeft geen zorgdagen van deze aanbieder in die zorgvorm. Jeugdregie verzint geen
          sleutel.
        </Notice>
      ) : null}
      <DataTable
        id="tabel-toerekening-gemeente"
        caption={`Kosten van ${line.provider} toegerekend per gemeente`}
        rows={a.municipalities}
        rowKey={(m) => m.municipality}
        columns={[
          { key: 'g', header: 'Gemeente', rowHeader: true, cell: (m) => ctx.names.municipality(m.municipality) },
          { key: 'k', header: 'Toegerekende kosten', numeric: true, cell: (m) => euros(m.costCents) },
          ...(withheld ? [] : [{ key: 'd', header: 'Zorgdagen (grondslag)', numeric: true, cell: (m: { days: number }) => m.days.toLocaleString('nl-NL') }]),
        ]}
      />
      <DataTable
        id="tabel-toerekening-gebied"
        caption={`Kosten van ${line.provider} toegerekend per gebied`}
        rows={a.areas}
        rowKey={(x) => x.area}
        columns={[
          { key: 'g', header: 'Gebied', rowHeader: true, cell: (x) => areaName(x.area) },
          { key: 'k', header: 'Toegerekende kosten', numeric: true, cell: (x) => euros(x.costCents) },
          ...(withheld ? [] : [{ key: 'd', header: 'Zorgdagen (grondslag)', numeric: true, cell: (x: { days: number }) => x.days.toLocaleString('nl-NL') }]),
        ]}
      />
      <DataTable
        id="tabel-toerekening-zorgvorm"
        caption={`Gerapporteerde kosten van ${line.provider} per zorgvorm`}
        rows={a.careForms}
        rowKey={(c) => c.careForm}
        columns={[
          { key: 'z', header: 'Zorgvorm', rowHeader: true, cell: (c) => careName(c.careForm) },
          { key: 'k', header: 'Kosten', numeric: true, cell: (c) => euros(c.costCents) },
          { key: 'p', header: 'Gepland (jaarplan)', numeric: true, cell: (c) => maybeEuros(line.plan?.lines.find((x) => x.careForm === c.careForm)?.plannedCents) },
          ...(withheld ? [] : [{ key: 'd', header: 'Zorgdagen', numeric: true, cell: (c: { totalDays: number }) => c.totalDays.toLocaleString('nl-NL') }]),
          { key: 't', header: 'Toegerekend', cell: (c) => (c.unattributed ? 'nee: geen zorgdagen' : c.cells.length === 0 ? '—' : 'ja') },
        ]}
      />
    </>
  );
}

function SignalStatusForm({ signals, onDone }: { signals: readonly { key: string; label: string }[]; onDone: () => void }) {
  const [signal, setSignal] = useState(signals[0]?.key ?? '');
  const [status, setStatus] = useState('discussion');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    setDone(null);
    try {
      const r = await request<{ seq: number }>('/api/signals/status', { json: { signal, status, ...(note ? { note } : {}) } });
      setDone(`Vastgelegd als besluit #${r.data.seq}.`);
      clearCache();
      onDone();
    } catch (err) {
      setProblem(err instanceof ApiProblem ? err : new ApiProblem(0, 'Fout', String(err), undefined));
    }
  };
  return (
    <form className="jr-form" onSubmit={(e) => void submit(e)} noValidate>
      <h3 className="utrecht-heading-3">Status van een signaal</h3>
      <SelectField id="signaal" label="Signaal" value={signal} onChange={setSignal}>
        {signals.map((s) => (
          <option key={s.key} value={s.key}>
            {s.label}
          </option>
        ))}
      </SelectField>
      <SelectField id="signaal-status" label="Status" value={status} onChange={setStatus}>
        <option value="open">open</option>
        <option value="discussion">in gesprek</option>
        <option value="closed">gesloten</option>
      </SelectField>
      <TextField id="signaal-notitie" label="Notitie" value={note} onChange={setNote} description="Met wie, en wat is afgesproken (verplicht bij 'in gesprek')." />
      <button type="submit" className="utrecht-button utrecht-button--primary-action">
        Status vastleggen
      </button>
      {problem ? <ProblemAlert problem={problem} heading="Niet vastgelegd" /> : null}
      {done ? (
        <p className="utrecht-paragraph" role="status">
          {done}
        </p>
      ) : null}
    </form>
  );
}

interface Delivery {
  readonly provider: string;
  readonly period: Kind;
  readonly seq: number;
  readonly submittedOn: string;
  readonly deadline: string;
  readonly late: boolean;
  readonly inForce: boolean;
  readonly source: string;
  readonly costCents: string;
  readonly forecastCents: string;
}
interface Submitted {
  readonly seq: number;
  readonly result: { provider: string; year: number; period: Kind; deadline: string; late: boolean; replaces?: number; costCents: string; forecastCents: string };
  readonly warnings: readonly { code: string; careForm: string; nl: string }[];
}

export function ReportUploadPage() {
  const ctx = usePageContext();
  const own = ctx.me.role === 'provider' ? (ctx.me.provider ?? '') : '';
  const [provider, setProvider] = useState(own);
  const [year, setYear] = useState(String(ctx.year));
  const [period, setPeriod] = useState<Kind>('M8');
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [submitted, setSubmitted] = useState<Submitted | null>(null);
  const [version, setVersion] = useState(0);
  const deliveries = useApi<Delivery[]>(withQuery('/api/financial-reports', { year }), version);
  const lump = useApi<{ provider: string; providerName: string }[]>(ctx.me.role === 'provider' ? null : `/api/lumpsums/${year}`);
  const providers = useMemo(() => [...new Map((lump.data ?? []).map((r) => [r.provider, r.providerName])).entries()], [lump.data]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    setSubmitted(null);
    if (!file) {
      setProblem(new ApiProblem(400, 'Ongeldig verzoek', 'kies eerst het rapportagebestand (CSV of XLSX)', 'UPLOAD_EMPTY'));
      return;
    }
    try {
      const r = await request<Submitted>(withQuery('/api/financial-reports', { filename: file.name }), { file: { body: file, type: uploadType(file.name) } });
      setSubmitted(r.data);
      clearCache();
      setVersion((v) => v + 1);
    } catch (err) {
      setProblem(err instanceof ApiProblem ? err : new ApiProblem(0, 'Fout', String(err), undefined));
    }
  };
  const template = provider ? withQuery('/api/financial-reports/template', { provider, year, report: period }) : null;
  return (
    <>
      <PageTitle title="Financiële rapportage inleveren" kicker="1 Geld" />
      <p className="utrecht-paragraph jr-lead">
        In juni de 4-maandsrapportage met de eerste prognose, in oktober de 8-maandsrapportage met de tweede, in maart de 12-maandsrapportage over het vorige jaar: kosten per zorgvorm vanaf 1 januari, de
        prognose voor het jaar, de personele inzet per gebied. Kosten hoeft u niet over gemeenten te verdelen. Een bestand met fouten wordt in zijn geheel geweigerd, met per fout de rij en kolom.
      </p>
      <section className="jr-section" aria-labelledby="sjabloon-kop">
        <h2 className="utrecht-heading-2" id="sjabloon-kop">
          1. Sjabloon downloaden
        </h2>
        <div className="jr-form jr-form--inline">
          {ctx.me.role !== 'provider' ? (
            <SelectField id="rapportage-aanbieder" label="Aanbieder" value={provider} onChange={setProvider}>
              <option value="">Kies een aanbieder</option>
              {providers.map(([code, name]) => (
                <option key={code} value={code}>
                  {code} {name}
                </option>
              ))}
            </SelectField>
          ) : null}
          <TextField id="rapportage-jaar" label="Jaar" value={year} onChange={setYear} inputMode="numeric" required />
          <SelectField id="rapportage-periode" label="Periode" value={period} onChange={(v) => setPeriod(v as Kind)}>
            {[{ value: 'PLAN', label: 'Jaarplan — besteding per zorgvorm en inzet per gebied (vóór 1 december ervoor)' }, ...PERIODS].map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </SelectField>
        </div>
        {template ? (
          <p className="utrecht-paragraph">
            <a className="utrecht-link" href={template} download>
              Sjabloon {period === 'PLAN' ? 'jaarplan' : period} {year} van {provider} (XLSX)
            </a>{' '}
            — ingevuld met de aanbieder, de zorgvormen en de gebieden, met een blad Toelichting.
          </p>
        ) : (
          <p className="utrecht-paragraph">Kies een aanbieder voor het sjabloon.</p>
        )}
      </section>
      <section className="jr-section" aria-labelledby="inleveren-kop">
        <h2 className="utrecht-heading-2" id="inleveren-kop">
          2. Rapportage inleveren
        </h2>
        <form className="jr-form" onSubmit={(e) => void submit(e)} noValidate>
          <FileField id="rapportage-bestand" label="Rapportagebestand" onChange={setFile} />
          <button type="submit" className="utrecht-button utrecht-button--primary-action">
            Inleveren
          </button>
        </form>
        {problem ? <ProblemAlert problem={problem} heading="Niet ingeleverd" /> : null}
        {submitted ? (
          <div className={`utrecht-alert jr-alert ${submitted.result.late ? 'utrecht-alert--warning' : 'utrecht-alert--ok'}`} role="status">
            <p className="utrecht-paragraph">
              <strong>Ingeleverd</strong> als besluit #{submitted.seq}: {submitted.result.period === 'PLAN' ? 'jaarplan' : `${submitted.result.period}-rapportage`} {submitted.result.year} van {submitted.result.provider},{' '}
              {submitted.result.period === 'PLAN' ? `geplande besteding ${euros(submitted.result.costCents)}` : `kosten ${euros(submitted.result.costCents)}, prognose ${euros(submitted.result.forecastCents)}`}.{submitted.result.replaces ? ` Deze vervangt besluit #${submitted.result.replaces}.` : ''}{' '}
              {submitted.result.late ? `Te laat: de termijn was ${dutchDate(submitted.result.deadline)}.` : `Op tijd (termijn ${dutchDate(submitted.result.deadline)}).`}
            </p>
            {submitted.warnings.length > 0 ? (
              <ul className="utrecht-unordered-list">
                {submitted.warnings.map((w, i) => (
                  <li className="utrecht-unordered-list__item" key={i}>
                    Let op: {w.nl}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
      </section>
      <section className="jr-section" aria-labelledby="leveringen-kop">
        <h2 className="utrecht-heading-2" id="leveringen-kop">
          Ingeleverde rapportages {year}
        </h2>
        {deliveries.error ? <ProblemAlert problem={deliveries.error} /> : null}
        {deliveries.data ? (
          <DataTable
            id="tabel-leveringen"
            caption={`Ingeleverde rapportages ${year}`}
            rows={deliveries.data}
            rowKey={(d) => String(d.seq)}
            empty="Nog geen rapportages."
            columns={[
              { key: 'a', header: 'Aanbieder', rowHeader: true, cell: (d) => d.provider },
              { key: 'p', header: 'Periode', cell: (d) => (d.period === 'PLAN' ? 'jaarplan' : d.period) },
              { key: 'i', header: 'Ingeleverd', cell: (d) => `${dutchDate(d.submittedOn)}${d.late ? ' (te laat)' : ''}` },
              { key: 'g', header: 'Geldt', cell: (d) => (d.inForce ? 'ja' : 'vervangen') },
              { key: 'k', header: 'Kosten', numeric: true, cell: (d) => euros(d.costCents) },
              { key: 'f', header: 'Prognose', numeric: true, cell: (d) => euros(d.forecastCents) },
              { key: 'b', header: 'Besluit', numeric: true, cell: (d) => `#${d.seq}` },
            ]}
          />
        ) : null}
      </section>
    </>
  );
}

interface KeyProposal {
  readonly year: number;
  readonly basisYear: number;
  readonly method: string;
  readonly totalCents: string;
  readonly currentBasis: string;
  readonly inputs: readonly { method: string; weight: string; description: string; perMunicipality: Record<string, string>; averageCostPerCareForm?: Record<string, { costCents: string; youngPeople: number; averageCents: string }> }[];
  readonly rows: readonly { municipality: string; currentSharePct: string; proposedSharePct: string; currentCents: string; proposedCents: string; differenceCents: string; budgetCents: string; aboveBudget: boolean }[];
  readonly warnings: readonly { nl: string }[];
}

const METHODS = [
  { value: 'reach-cost', label: 'Bereik × kosten (jeugdigen per zorgvorm × gemiddelde kosten per jeugdige)' },
  { value: 'clients-previous-year', label: 'Jeugdigen in zorg in het jaar ervoor' },
  { value: 'clients-three-year', label: 'Jeugdigen in zorg, driejaarsgemiddelde' },
  { value: 'budget', label: 'Begrotingen van de gemeenten (de huidige regel)' },
] as const;

export function KeysPage() {
  const ctx = usePageContext();
  const [year, setYear] = useState(String(ctx.year + 1));
  // Others than the region are refused a proposal that weighs a count of 1–4 (reach × cost per care
  // form often does): they start from the young people of the year before.
  const first = ctx.me.role === 'region' ? 'reach-cost' : 'clients-previous-year';
  const [weights, setWeights] = useState<Record<string, string>>({ 'reach-cost': '0', 'clients-previous-year': '0', 'clients-three-year': '0', budget: '0', [first]: '100' });
  const method = useMemo(() => {
    const used = METHODS.filter((m) => /^\d+$/.test(weights[m.value] ?? '') && Number(weights[m.value]) > 0);
    if (used.length === 1) return used[0]!.value;
    return used.map((m) => `${m.value}=${weights[m.value]}`).join(',');
  }, [weights]);
  const p = useApi<KeyProposal>(method ? withQuery('/api/keys/proposal', { year, method }) : null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [recorded, setRecorded] = useState<number | null>(null);
  const rows = p.data?.rows ?? [];
  const option = useMemo(
    () =>
      barsOption(
        rows.map((r) => ctx.names.municipality(r.municipality)),
        [
          { name: 'Bijdrage nu', data: rows.map((r) => eurosForChart(r.currentCents)) },
          { name: 'Bijdrage voorstel', data: rows.map((r) => eurosForChart(r.proposedCents)) },
          { name: 'Begroting', data: rows.map((r) => eurosForChart(r.budgetCents)) },
        ],
      ),
    [rows, ctx.names],
  );
  const record = async () => {
    setProblem(null);
    setRecorded(null);
    try {
      const r = await request<{ seq: number }>('/api/decisions/keys-from-proposal', { json: { year: Number(year), method } });
      setRecorded(r.data.seq);
      clearCache();
    } catch (err) {
      setProblem(err instanceof ApiProblem ? err : new ApiProblem(0, 'Fout', String(err), undefined));
    }
  };
  return (
    <>
      <PageTitle title="Verdeelsleutel" kicker="1 Geld" />
      <p className="utrecht-paragraph jr-lead">
        De jaarlijkse herziening van de bijdragen van de gemeenten, berekend uit de cijfers in plaats van onderhandeld in een spreadsheet. Kies een methode of een mix; er wordt niets vastgelegd tot het regioteam
        het voorstel vastlegt.
      </p>
      <div className="jr-form jr-form--inline">
        <TextField id="sleutel-jaar" label="Voor het jaar" value={year} onChange={setYear} inputMode="numeric" required />
        {METHODS.map((m) => (
          <TextField key={m.value} id={`sleutel-${m.value}`} label={`Gewicht: ${m.label}`} value={weights[m.value] ?? '0'} onChange={(v) => setWeights((w) => ({ ...w, [m.value]: v }))} inputMode="numeric" required />
        ))}
      </div>
      {!method ? <Notice>Geef ten minste één methode een gewicht boven nul.</Notice> : null}
      {p.error ? <ProblemAlert problem={p.error} /> : null}
      {p.loading ? <Loading what="Het voorstel" /> : null}
      {p.data ? (
        <>
          <p className="utrecht-paragraph">
            Methode <code>{p.data.method}</code>, basisjaar {p.data.basisYear}; de huidige sleutels: {p.data.currentBasis}. Het totaal is de begroting van {p.data.year}: {euros(p.data.totalCents)}.
          </p>
          {p.data.warnings.map((w, i) => (
            <Notice key={i}>{w.nl}</Notice>
          ))}
          <Chart option={option} label={`Staafdiagram: bijdrage nu, bijdrage volgens het voorstel en begroting per gemeente in ${p.data.year}, in euro. De bedragen staan in de tabel hieronder.`} />
          <DataTable
            id="tabel-sleutel"
            caption={`Voorstel verdeelsleutel ${p.data.year}: effect per gemeente`}
            rows={rows}
            rowKey={(r) => r.municipality}
            columns={[
              { key: 'g', header: 'Gemeente', rowHeader: true, cell: (r) => ctx.names.municipality(r.municipality) },
              { key: 'an', header: 'Aandeel nu', numeric: true, cell: (r) => pct(r.currentSharePct) },
              { key: 'av', header: 'Aandeel voorstel', numeric: true, cell: (r) => pct(r.proposedSharePct) },
              { key: 'bn', header: 'Bijdrage nu', numeric: true, cell: (r) => euros(r.currentCents) },
              { key: 'bv', header: 'Bijdrage voorstel', numeric: true, cell: (r) => euros(r.proposedCents) },
              { key: 'v', header: 'Verschil', numeric: true, cell: (r) => euros(r.differenceCents) },
              { key: 'b', header: 'Begroting', numeric: true, cell: (r) => `${euros(r.budgetCents)}${r.aboveBudget ? ' — voorstel hoger' : ''}` },
            ]}
            footer={['Regio', '100%', '100%', euros(p.data.totalCents), euros(p.data.totalCents), euros('0'), '']}
          />
          <h3 className="utrecht-heading-3">Invoer van de methode</h3>
          <ul className="utrecht-unordered-list">
            {p.data.inputs.map((i) => (
              <li className="utrecht-unordered-list__item" key={i.method}>
                {i.description}
                {p.data!.inputs.length > 1 ? ` (gewicht ${i.weight})` : ''}: {Object.entries(i.perMunicipality).map(([m, v]) => `${ctx.names.municipality(m)} ${v}`).join(', ')}
              </li>
            ))}
          </ul>
          {ctx.offer.decisions ? (
            <p className="utrecht-paragraph">
              <button type="button" className="utrecht-button utrecht-button--primary-action" onClick={() => void record()}>
                Dit voorstel vastleggen als verdeelsleutel {p.data.year}
              </button>
            </p>
          ) : null}
          {problem ? <ProblemAlert problem={problem} heading="Niet vastgelegd" /> : null}
          {recorded !== null ? (
            <p className="utrecht-paragraph" role="status">
              Vastgelegd als besluit #{recorded}, met de methode en alle invoer in het grootboek.
            </p>
          ) : null}
        </>
      ) : null}
    </>
  );
}

interface OutlookRow {
  readonly year: number;
  readonly municipality: string;
  readonly budgetCents: string | null;
  readonly budgetBasis: string;
  readonly costCents: string | null;
  readonly costBasis: string;
  readonly gapCents: string | null;
  readonly youngPeople: number | null;
  readonly youngBasis: string;
}
const BASIS: Readonly<Record<string, string>> = { adopted: 'vastgesteld', extended: 'doorgetrokken', none: '—', realised: 'realisatie (M12)', forecast: 'prognose', projected: 'projectie', traffic: 'berichtenverkeer', withheld: 'afgeschermd' };

export function OutlookPage() {
  const ctx = usePageContext();
  const [growth, setGrowth] = useState('0');
  const [price, setPrice] = useState('');
  const [municipality, setMunicipality] = useState(ctx.me.role === 'municipality' || ctx.me.role === 'council' ? (ctx.me.municipality ?? '') : '');
  const valid = (t: string) => t === '' || /^-?\d{1,2}([.,]\d{1,2})?$/.test(t);
  const query = valid(growth) && valid(price) ? withQuery('/api/outlook', { demandGrowthPct: growth ? growth.replace(',', '.') : undefined, priceIndexPct: price ? price.replace(',', '.') : undefined }) : null;
  const o = useApi<{ rows: OutlookRow[]; notes: string[] }>(query);
  const rows = (o.data?.rows ?? []).filter((r) => r.municipality === municipality);
  const option = useMemo(
    () =>
      linesOption(
        rows.map((r) => String(r.year)),
        [
          { name: 'Begroting', data: rows.map((r) => (r.budgetCents ? eurosForChart(r.budgetCents) : null)) },
          { name: 'Kosten (realisatie, prognose, projectie)', data: rows.map((r) => (r.costCents ? eurosForChart(r.costCents) : null)) },
        ],
      ),
    [rows],
  );
  return (
    <>
      <PageTitle title="Meerjarenperspectief tot 2034" kicker="1 Geld" />
      <p className="utrecht-paragraph jr-lead">
        Het begrotingspad (vastgesteld, doorgetrokken, geïndexeerd) tegen de kostenlijn uit de rapportages en de bereiklijn uit het berichtenverkeer, met per jaar de ruimte of het tekort. De scenario's gelden
        voor de jaren na de laatste rapportage.
      </p>
      <div className="jr-form jr-form--inline">
        <SelectField id="perspectief-gemeente" label="Gemeente" value={municipality} onChange={setMunicipality}>
          <option value="">Regio</option>
          {ctx.region.municipalities.map((m) => (
            <option key={m.code} value={m.code}>
              {m.name}
            </option>
          ))}
        </SelectField>
        <TextField id="perspectief-groei" label="Groei van de vraag per jaar (%)" value={growth} onChange={setGrowth} inputMode="decimal" required />
        <TextField id="perspectief-index" label="Prijsindex per jaar (%)" value={price} onChange={setPrice} inputMode="decimal" description="Leeg: de indexatie uit het regiobestand." />
      </div>
      {!query ? <Notice>Geef percentages zoals 1,5 of -0,5.</Notice> : null}
      {o.error ? <ProblemAlert problem={o.error} /> : null}
      {o.loading ? <Loading what="Het meerjarenperspectief" /> : null}
      {o.data ? (
        <>
          <Chart option={option} label="Lijndiagram: begroting en kosten per jaar tot 2034, in euro. De bedragen staan in de tabel hieronder." />
          <DataTable
            id="tabel-perspectief"
            caption={`Meerjarenperspectief ${municipality ? ctx.names.municipality(municipality) : 'regio'}`}
            rows={rows}
            rowKey={(r) => String(r.year)}
            columns={[
              { key: 'j', header: 'Jaar', rowHeader: true, cell: (r) => String(r.year) },
              { key: 'b', header: 'Begroting', numeric: true, cell: (r) => (r.budgetCents ? euros(r.budgetCents) : '—') },
              { key: 'bb', header: 'Grondslag', cell: (r) => BASIS[r.budgetBasis] ?? r.budgetBasis },
              { key: 'k', header: 'Kosten', numeric: true, cell: (r) => (r.costCents ? euros(r.costCents) : '—') },
              { key: 'kb', header: 'Kostenbasis', cell: (r) => BASIS[r.costBasis] ?? r.costBasis },
              { key: 'r', header: 'Ruimte (+) of tekort (−)', numeric: true, cell: (r) => (r.gapCents ? euros(r.gapCents) : '—') },
              { key: 'y', header: 'Jeugdigen', numeric: true, cell: (r) => (r.youngPeople === null ? (r.youngBasis === 'withheld' ? 'afgeschermd' : '—') : `${r.youngPeople.toLocaleString('nl-NL')}${r.youngBasis === 'projected' ? ' (projectie)' : ''}`) },
            ]}
          />
          {o.data.notes.map((n, i) => (
            <Notice key={i}>{n}</Notice>
          ))}
        </>
      ) : null}
    </>
  );
}
