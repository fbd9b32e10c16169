// Steering element 5 and the second source [issue 15]: the outcome indicators (GET /api/outcomes),
// how complete the traffic and the CBS deliveries are (GET /api/coverage), and delivering a CBS
// delivery with its log and mirror (POST /api/bij, GET /api/bij/deliveries, /api/bij/mirror). The
// server decides what each role sees (its own young people in full, the region protected); these
// pages only show it.
import { useMemo, useState, type FormEvent } from 'react';
import { ApiProblem, request, withQuery } from '../api.ts';
import { clearCache, useApi } from '../use-api.ts';
import { usePageContext, type PageContext } from '../page-context.ts';
import { PageTitle } from '../components/PageTitle.tsx';
import { Loading, ProblemAlert } from '../components/Problem.tsx';
import { CountCell, DataTable } from '../components/DataTable.tsx';
import { Chart } from '../components/Chart.tsx';
import { SelectField, FileField } from '../components/Fields.tsx';
import { barsOption, barsTall } from '../chart-options.ts';
import { count, dutchDate, percent, HIDDEN } from '../format.ts';
import { Link } from '../router.tsx';
import { uploadType } from './Decisions.tsx';

const CARE_FORMS: Readonly<Record<string, string>> = {
  '01': 'Wijk-/buurtteam',
  '02': 'Ambulant op locatie aanbieder',
  '03': 'Daghulp op locatie aanbieder',
  '04': 'In het netwerk van de jeugdige',
  '11': 'Pleegzorg',
  '12': 'Gezinsgericht verblijf',
  '13': 'Gesloten plaatsing',
  '14': 'Overig verblijf bij aanbieder',
  'niet-gekoppeld': 'Niet gekoppelde productcategorie',
};
const REASONS: Readonly<Record<string, string>> = { '01': 'volgens plan', '02': 'voortijdig in overeenstemming', '03': 'voortijdig door de cliënt', '04': 'voortijdig door de aanbieder', '05': 'externe omstandigheden' };

interface OutcomeRow {
  readonly group: string;
  readonly ended: number | null;
  readonly endedReasonUnknown: number;
  readonly dropout: number | null;
  readonly dropoutPct: string | null;
  readonly noNewStartEligible: number | null;
  readonly noNewStart: number | null;
  readonly noNewStartPct: string | null;
  readonly satisfactionCount: number | null;
  readonly satisfactionMean: string | null;
  readonly withoutHelpCount: number | null;
  readonly withoutHelp: Readonly<Record<string, number>> | null;
  readonly fromBij: number | null;
  readonly fromIjw: number | null;
  readonly hidden?: readonly string[];
}
interface OutcomesView {
  readonly period: string;
  readonly by: string;
  readonly rows: readonly OutcomeRow[];
  readonly region: OutcomeRow;
  readonly dropoutReasons: readonly string[];
  readonly windowMonths: number;
  readonly windowPassed: boolean;
  readonly horizon: string | null;
}
interface CoverageRow {
  readonly group: string;
  readonly both: number | null;
  readonly onlyBij: number | null;
  readonly onlyIjw: number | null;
  readonly ijwConfirmedPct: string | null;
  readonly bijConfirmedPct: string | null;
  readonly datesDiffer: number | null;
}
interface ReachRow {
  readonly municipality: string;
  readonly ijw: number;
  readonly combined: number;
  readonly onlyIjw: number;
  readonly onlyBij: number;
  readonly both: number;
}
interface CoverageView {
  readonly period: string;
  readonly by: string;
  readonly rows: readonly CoverageRow[];
  readonly region: CoverageRow;
  readonly delivered: readonly string[];
  readonly notDelivered: readonly string[];
  readonly dateToleranceDays: number;
  readonly reach?: { readonly rows: readonly ReachRow[]; readonly total?: ReachRow };
}

const REGION_ROW = 'REGIO';
const halfOptions = (ctx: PageContext) => {
  const out: { value: string; label: string }[] = [];
  for (let y = ctx.year; y >= ctx.year - 2; y--) for (const h of ['H2', 'H1']) out.push({ value: `${y}-${h}`, label: `${h === 'H1' ? 'januari–juni' : 'juli–december'} ${y}` });
  return out;
};
/** The last working day on or before a date (weekends and Christmas skipped: enough for 30 June and 31 December). */
function lastWorkingDay(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  for (;;) {
    const md = d.toISOString().slice(5, 10);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6 && md !== '12-25' && md !== '12-26') return d.toISOString().slice(0, 10);
    d.setUTCDate(d.getUTCDate() - 1);
  }
}

/** The latest half year the data cover to its last working day (the periods the monitor calls closed). */
export function latestHalf(ctx: PageContext): string {
  const d = ctx.dataUpTo ?? `${ctx.year}-12-31`;
  const y = Number(d.slice(0, 4));
  return d >= lastWorkingDay(`${y}-12-31`) ? `${y}-H2` : d >= lastWorkingDay(`${y}-06-30`) ? `${y}-H1` : `${y - 1}-H2`;
}

function groupName(ctx: PageContext, by: string, group: string): string {
  if (group === REGION_ROW) return 'Regio (alle aanbieders en gemeenten)';
  if (group === 'onbekend') return 'Onbekend';
  switch (by) {
    case 'municipality':
      return ctx.names.municipality(group);
    case 'area':
      return group === 'unknown area' ? 'Gebied onbekend' : ctx.names.area(group);
    case 'theme':
      return group === 'unassigned' ? 'Geen thema' : ctx.names.theme(group);
    case 'care_form':
      return `${group in CARE_FORMS && group.length === 2 ? `${group} ` : ''}${CARE_FORMS[group] ?? group}`;
    default:
      return group;
  }
}

const BY_LABELS: Readonly<Record<string, string>> = { provider: 'Aanbieder', theme: 'Thema', municipality: 'Gemeente', area: 'Gebied', care_form: 'Hulpvorm' };

export function QualityPage() {
  const ctx = usePageContext();
  const council = ctx.me.role === 'council';
  const [year, setYear] = useState(String(ctx.year));
  const [half, setHalf] = useState('');
  const [by, setBy] = useState(council ? 'municipality' : 'provider');
  const o = useApi<OutcomesView>(withQuery('/api/outcomes', { year, by, ...(half ? { half } : {}) }));
  const rows = useMemo(() => (o.data ? [...o.data.rows, { ...o.data.region, group: REGION_ROW }] : []), [o.data]);
  const chartRows = rows.filter((r) => r.dropoutPct !== null && r.group !== REGION_ROW);
  const years = [ctx.year, ctx.year - 1, ctx.year - 2];
  return (
    <>
      <PageTitle title="Kwaliteit: uitkomsten van de zorg" kicker="Sturingselement 5" />
      <p className="utrecht-paragraph jr-lead">
        De landelijke uitkomstindicatoren per aanbieder, thema, gemeente en gebied: <strong>uitval</strong> (trajecten die voortijdig eenzijdig eindigen), <strong>geen nieuwe jeugdhulp</strong> binnen een termijn na het einde,
        en waar aanbieders die leveren de <strong>tevredenheid</strong> en <strong>zonder hulp verder</strong>. Bron: de CBS-levering (Beleidsinformatie Jeugd) van de aanbieder, en waar die er voor een halfjaar niet is de
        stopberichten uit het berichtenverkeer.
      </p>
      <div className="jr-form jr-form--inline">
        <SelectField id="kwaliteit-jaar" label="Jaar" value={year} onChange={setYear}>
          {years.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </SelectField>
        <SelectField id="kwaliteit-halfjaar" label="Periode" value={half} onChange={setHalf}>
          <option value="">Heel jaar</option>
          <option value="H1">Januari–juni</option>
          <option value="H2">Juli–december</option>
        </SelectField>
        {!council ? (
          <SelectField id="kwaliteit-per" label="Per" value={by} onChange={setBy}>
            {['provider', 'theme', 'municipality', 'area'].map((b) => (
              <option key={b} value={b}>
                {BY_LABELS[b]}
              </option>
            ))}
          </SelectField>
        ) : null}
      </div>
      {o.error ? <ProblemAlert problem={o.error} /> : null}
      {o.loading && !o.data ? <Loading what="de uitkomstindicatoren" /> : null}
      {o.data ? (
        <>
          <p className="utrecht-paragraph">
            Uitval telt de redenen {o.data.dropoutReasons.map((r) => `${r} (${REASONS[r] ?? r})`).join(' en ')}, gedeeld door de beëindigde trajecten met een bekende reden. Geen nieuwe start kijkt{' '}
            {o.data.windowMonths} maanden na elk einde:{' '}
            {o.data.windowPassed
              ? 'die termijn is voor deze periode verstreken.'
              : `die termijn is voor deze periode nog niet verstreken (gegevens tot en met ${o.data.horizon ? dutchDate(o.data.horizon) : 'nu'}), dus dat cijfer staat er nog niet.`}
            {ctx.me.role === 'council'
              ? ' Deze cijfers zijn openbaar: een aantal dat 1 tot 4 jeugdigen zou verraden, staat er als afgeschermd.'
              : ctx.me.role !== 'region'
                ? ' Uw eigen jeugdigen ziet u volledig; de regio-rij is beschermd: een aantal dat 1 tot 4 jeugdigen van anderen zou verraden, staat er als afgeschermd.'
                : ''}
          </p>
          {chartRows.length > 1 ? (
            <Chart
              label={`Uitval in procenten per ${BY_LABELS[o.data.by]?.toLowerCase() ?? ''}`}
              tall={barsTall(chartRows.length)}
              rows={chartRows.length}
              option={barsOption(
                chartRows.map((r) => groupName(ctx, o.data!.by, r.group)),
                [{ name: 'Uitval %', data: chartRows.map((r) => Number(r.dropoutPct)) }],
                '%',
              )}
            />
          ) : null}
          <DataTable
            id="tabel-uitkomsten"
            caption={`Uitkomstindicatoren ${o.data.period} per ${BY_LABELS[o.data.by]?.toLowerCase() ?? ''}`}
            exportAs={{ table: 'outcomes', query: { year, by, ...(half ? { half } : {}) } }}
            rows={rows}
            rowKey={(r) => r.group}
            empty="Geen beëindigde trajecten in deze periode."
            columns={[
              { key: 'g', header: BY_LABELS[o.data.by] ?? '', rowHeader: true, cell: (r) => groupName(ctx, o.data!.by, r.group) },
              { key: 'e', header: 'Beëindigd', numeric: true, cell: (r) => <CountCell value={r.ended} format={count} /> },
              { key: 'u', header: 'Uitval', numeric: true, cell: (r) => <CountCell value={r.dropout} format={count} /> },
              { key: 'up', header: 'Uitval %', numeric: true, cell: (r) => (r.dropoutPct === null ? (r.ended === 0 ? '—' : HIDDEN) : percent(r.dropoutPct)) },
              { key: 'n', header: 'Geen nieuwe start', numeric: true, cell: (r) => (o.data!.windowPassed ? (r.noNewStartPct === null ? HIDDEN : `${percent(r.noNewStartPct)} van ${count(r.noNewStartEligible)}`) : 'nog niet') },
              { key: 't', header: 'Tevredenheid (metingen)', numeric: true, cell: (r) => (r.satisfactionCount === null ? HIDDEN : r.satisfactionMean === null ? '—' : `${r.satisfactionMean.replace('.', ',')} (${count(r.satisfactionCount)})`) },
              { key: 'z', header: 'Geen verdere hulp nodig', numeric: true, cell: (r) => (r.withoutHelpCount === null ? HIDDEN : r.withoutHelp && r.withoutHelpCount > 0 ? `${count(r.withoutHelp['04'] ?? 0)} van ${count(r.withoutHelpCount)}` : r.withoutHelpCount ? `${count(r.withoutHelpCount)} metingen` : '—') },
              { key: 'b', header: 'Bron: CBS / iJw', numeric: true, cell: (r) => (r.fromBij === null || r.fromIjw === null ? '—' : `${count(r.fromBij)} / ${count(r.fromIjw)}`) },
            ]}
          />
        </>
      ) : null}
      <p className="utrecht-paragraph">
        Hoe volledig de bronnen zijn staat bij <Link className="utrecht-link" to="/dekking">Dekking van de bronnen</Link>.
      </p>
    </>
  );
}

export function CoveragePage() {
  const ctx = usePageContext();
  const [half, setHalf] = useState(latestHalf(ctx));
  const [by, setBy] = useState('provider');
  const c = useApi<CoverageView>(withQuery('/api/coverage', { half, by }));
  const rows = useMemo(() => (c.data ? [...c.data.rows, { ...c.data.region, group: REGION_ROW }] : []), [c.data]);
  const chartRows = rows.filter((r) => r.both !== null && r.onlyBij !== null && r.onlyIjw !== null && r.group !== REGION_ROW);
  return (
    <>
      <PageTitle title="Dekking van de bronnen" kicker="2 Tijdigheid en volledigheid" />
      <p className="utrecht-paragraph jr-lead">
        Start- en stopberichten zijn in de taakgerichte variant vrijwillig, dus het berichtenverkeer kan jeugdigen missen. Elke aanbieder levert twee keer per jaar aan het CBS (Beleidsinformatie Jeugd). Hier staat
        per halfjaar welke jeugdigen in beide bronnen staan, alleen in de CBS-levering of alleen in het berichtenverkeer.
      </p>
      <div className="jr-form jr-form--inline">
        <SelectField id="dekking-halfjaar" label="Halfjaar" value={half} onChange={setHalf}>
          {halfOptions(ctx).map((h) => (
            <option key={h.value} value={h.value}>
              {h.label}
            </option>
          ))}
        </SelectField>
        <SelectField id="dekking-per" label="Per" value={by} onChange={setBy}>
          {['provider', 'municipality', 'care_form'].map((b) => (
            <option key={b} value={b}>
              {BY_LABELS[b]}
            </option>
          ))}
        </SelectField>
      </div>
      {c.error ? <ProblemAlert problem={c.error} /> : null}
      {c.loading && !c.data ? <Loading what="de dekking" /> : null}
      {c.data ? (
        <>
          {chartRows.length > 1 ? (
            <Chart
              label="Jeugdigen per bron"
              tall={barsTall(chartRows.length)}
              rows={chartRows.length}
              option={{
                ...barsOption(
                  chartRows.map((r) => groupName(ctx, c.data!.by, r.group)),
                  [
                    { name: 'In beide', data: chartRows.map((r) => r.both) },
                    { name: 'Alleen CBS', data: chartRows.map((r) => r.onlyBij) },
                    { name: 'Alleen iJw', data: chartRows.map((r) => r.onlyIjw) },
                  ],
                ),
                series: ['In beide', 'Alleen CBS', 'Alleen iJw'].map((name, i) => ({ type: 'bar', name, stack: 'bron', data: chartRows.map((r) => [r.both, r.onlyBij, r.onlyIjw][i]) })),
              }}
            />
          ) : null}
          <DataTable
            id="tabel-dekking"
            exportAs={{ table: 'coverage', query: { half, by } }}
            caption={`Dekking ${c.data.period} per ${BY_LABELS[c.data.by]?.toLowerCase() ?? ''} (jeugdigen per aanbieder)`}
            rows={rows}
            rowKey={(r) => r.group}
            empty="Geen CBS-leveringen voor dit halfjaar."
            columns={[
              { key: 'g', header: BY_LABELS[c.data.by] ?? '', rowHeader: true, cell: (r) => groupName(ctx, c.data!.by, r.group) },
              { key: 'b', header: 'In beide', numeric: true, cell: (r) => <CountCell value={r.both} format={count} /> },
              { key: 'c', header: 'Alleen CBS', numeric: true, cell: (r) => <CountCell value={r.onlyBij} format={count} /> },
              { key: 'i', header: 'Alleen iJw', numeric: true, cell: (r) => <CountCell value={r.onlyIjw} format={count} /> },
              { key: 'ip', header: 'iJw bevestigd door CBS', numeric: true, cell: (r) => (r.ijwConfirmedPct === null && r.onlyIjw === 0 && r.both === 0 ? '—' : percent(r.ijwConfirmedPct)) },
              { key: 'cp', header: 'CBS bevestigd door iJw', numeric: true, cell: (r) => (r.bijConfirmedPct === null && r.onlyBij === 0 && r.both === 0 ? '—' : percent(r.bijConfirmedPct)) },
              { key: 'd', header: `Data wijken > ${c.data.dateToleranceDays} dagen af`, numeric: true, cell: (r) => (r.datesDiffer === null ? '—' : count(r.datesDiffer)) },
            ]}
          />
          {c.data.notDelivered.length > 0 ? (
            <p className="utrecht-paragraph">
              Niet vergeleken (wel berichtenverkeer, geen CBS-levering over {c.data.period}): {c.data.notDelivered.join(', ')}.
            </p>
          ) : null}
          {c.data.reach ? (
            <DataTable
              id="tabel-bereik-bronnen"
              caption={`Bereik ${c.data.period}: berichtenverkeer alleen en beide bronnen samen (elke jeugdige één keer)`}
              rows={c.data.reach.total ? [...c.data.reach.rows, { ...c.data.reach.total, municipality: REGION_ROW }] : c.data.reach.rows}
              rowKey={(r) => r.municipality}
              columns={[
                { key: 'm', header: 'Gemeente', rowHeader: true, cell: (r) => groupName(ctx, 'municipality', r.municipality) },
                { key: 'i', header: 'Bereik iJw', numeric: true, cell: (r) => count(r.ijw) },
                { key: 'c', header: 'Bereik beide bronnen', numeric: true, cell: (r) => count(r.combined) },
                { key: 'o', header: 'waarvan alleen CBS', numeric: true, cell: (r) => count(r.onlyBij) },
              ]}
            />
          ) : null}
        </>
      ) : null}
      {ctx.offer.bijSubmit ? (
        <p className="utrecht-paragraph">
          Een CBS-levering inleveren kan bij <Link className="utrecht-link" to="/cbs-levering">CBS-levering inleveren</Link>.
        </p>
      ) : null}
    </>
  );
}

interface Delivery {
  readonly id: string;
  readonly provider: string;
  readonly period: string;
  readonly deliveredOn: string;
  readonly records: number;
  readonly merged: number;
  readonly replaced: number;
  readonly late: boolean;
  readonly source: string;
}
interface Submitted {
  readonly provider: string;
  readonly unregistered: boolean;
  readonly period: string;
  readonly accepted: number;
  readonly merged: number;
  readonly rows: number;
  readonly replaced: number;
  readonly late: boolean;
  readonly deadline: string;
}
interface Mirror {
  readonly provider: string;
  readonly period: string;
  readonly rows: readonly { municipality: string; careForm: string; records: number; youngPeople: number; started: number; ended: number }[];
}

export function BijUploadPage() {
  const ctx = usePageContext();
  const own = ctx.me.role === 'provider' ? (ctx.me.provider ?? '') : '';
  const [provider, setProvider] = useState(own);
  const [half, setHalf] = useState(latestHalf(ctx));
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [submitted, setSubmitted] = useState<Submitted | null>(null);
  const [version, setVersion] = useState(0);
  const deliveries = useApi<Delivery[]>('/api/bij/deliveries', version);
  const mirror = useApi<Mirror>(provider ? withQuery('/api/bij/mirror', { half, provider }) : null, version);
  const providers = useMemo(() => [...new Set((deliveries.data ?? []).map((d) => d.provider))].sort(), [deliveries.data]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    setSubmitted(null);
    if (!file || !provider) {
      setProblem(new ApiProblem(400, 'Ongeldig verzoek', !provider ? 'geef eerst de aanbieder (code of AGB-code)' : 'kies eerst het leveringsbestand (CSV of XLSX)', 'UPLOAD_EMPTY'));
      return;
    }
    try {
      const r = await request<Submitted>(withQuery('/api/bij', { provider, half, filename: file.name }), { file: { body: file, type: uploadType(file.name) } });
      setSubmitted(r.data);
      clearCache();
      setVersion((v) => v + 1);
    } catch (err) {
      setProblem(err instanceof ApiProblem ? err : new ApiProblem(0, 'Fout', String(err), undefined));
    }
  };
  return (
    <>
      <PageTitle title="CBS-levering inleveren" kicker="2 Tijdigheid en volledigheid" />
      <p className="utrecht-paragraph jr-lead">
        De levering Beleidsinformatie Jeugd die u twee keer per jaar aan het CBS doet, ook hier: één rij per jeugdige per hulpvorm, met BSN, geboortedatum, geslacht, postcode, verwijzer, hulpvorm, crisis, begin,
        einde en reden van beëindiging. Het BSN wordt bij binnenkomst vervangen door een sleutelcode; namen, volledige geboortedata en postcodes worden niet bewaard. Een nieuwe levering vervangt die van hetzelfde
        halfjaar. Een bestand met fouten wordt in zijn geheel geweigerd, met per fout de rij en kolom.
      </p>
      <p className="utrecht-paragraph">
        Sjabloon:{' '}
        <a className="utrecht-link" href="/api/bij/template?format=xlsx" download>
          XLSX met Nederlandse kolomnamen en de codelijsten
        </a>{' '}
        of{' '}
        <a className="utrecht-link" href="/api/bij/template?format=csv" download>
          CSV
        </a>
        .
      </p>
      <form className="jr-form" onSubmit={(e) => void submit(e)} noValidate>
        <div className="jr-form jr-form--inline">
          {ctx.me.role !== 'provider' ? (
            <div className="utrecht-form-field jr-field">
              <div className="utrecht-form-field__label">
                <label className="utrecht-form-label" htmlFor="bij-aanbieder">
                  Aanbieder (code of AGB-code)
                </label>
              </div>
              <div className="utrecht-form-field__input">
                <input id="bij-aanbieder" className="utrecht-textbox utrecht-textbox--html-input" list="bij-aanbieders" value={provider} onChange={(e) => setProvider(e.target.value.trim())} />
                <datalist id="bij-aanbieders">
                  {providers.map((p) => (
                    <option key={p} value={p} />
                  ))}
                </datalist>
              </div>
            </div>
          ) : null}
          <SelectField id="bij-halfjaar" label="Halfjaar" value={half} onChange={setHalf}>
            {halfOptions(ctx).map((h) => (
              <option key={h.value} value={h.value}>
                {h.label}
              </option>
            ))}
          </SelectField>
        </div>
        <FileField id="bij-bestand" label="Leveringsbestand" onChange={setFile} />
        <button type="submit" className="utrecht-button utrecht-button--primary-action">
          Inleveren
        </button>
      </form>
      {problem ? <ProblemAlert problem={problem} heading="Niet ingeleverd" /> : null}
      {submitted ? (
        <div className={`utrecht-alert jr-alert ${submitted.late ? 'utrecht-alert--warning' : 'utrecht-alert--ok'}`} role="status">
          <p className="utrecht-paragraph">
            <strong>Ingeleverd</strong>: levering {submitted.period} van {submitted.provider}
            {submitted.unregistered ? ' (een AGB-code uit het berichtenverkeer, niet in het register)' : ''}, {count(submitted.accepted)} records uit {count(submitted.rows)} rijen
            {submitted.merged > 0 ? `, waarvan ${count(submitted.merged)} samengevoegd met een overlappend record van dezelfde jeugdige en hulpvorm` : ''}.
            {submitted.replaced > 0 ? ` Deze vervangt de eerdere levering (${count(submitted.replaced)} records).` : ''} {submitted.late ? `Te laat: de termijn was ${dutchDate(submitted.deadline)}.` : `Op tijd (termijn ${dutchDate(submitted.deadline)}).`}
          </p>
        </div>
      ) : null}
      <section className="jr-section" aria-labelledby="spiegel-kop">
        <h2 className="utrecht-heading-2" id="spiegel-kop">
          Spiegel {provider || ''} {half}
        </h2>
        <p className="utrecht-paragraph">De records van de levering per gemeente en hulpvorm, zoals het CBS ze aan de aanbieder terugmeldt: voor het gesprek met de gemeenten over volledigheid.</p>
        {!provider ? <p className="utrecht-paragraph">Geef een aanbieder voor de spiegel.</p> : null}
        {mirror.error ? <ProblemAlert problem={mirror.error} /> : null}
        {mirror.data ? (
          <DataTable
            id="tabel-spiegel"
            caption={`Spiegel ${mirror.data.provider} ${mirror.data.period}`}
            rows={mirror.data.rows}
            rowKey={(r) => `${r.municipality}|${r.careForm}`}
            empty="Geen levering voor dit halfjaar."
            columns={[
              { key: 'm', header: 'Gemeente', rowHeader: true, cell: (r) => groupName(ctx, 'municipality', r.municipality) },
              { key: 'h', header: 'Hulpvorm', cell: (r) => groupName(ctx, 'care_form', r.careForm) },
              { key: 'r', header: 'Records', numeric: true, cell: (r) => count(r.records) },
              { key: 'j', header: 'Jeugdigen', numeric: true, cell: (r) => count(r.youngPeople) },
              { key: 's', header: 'Gestart', numeric: true, cell: (r) => count(r.started) },
              { key: 'e', header: 'Beëindigd', numeric: true, cell: (r) => count(r.ended) },
            ]}
          />
        ) : null}
      </section>
      <section className="jr-section" aria-labelledby="bij-leveringen-kop">
        <h2 className="utrecht-heading-2" id="bij-leveringen-kop">
          Leveringen
        </h2>
        {deliveries.error ? <ProblemAlert problem={deliveries.error} /> : null}
        {deliveries.data ? (
          <DataTable
            id="tabel-bij-leveringen"
            caption="CBS-leveringen"
            rows={deliveries.data}
            rowKey={(d) => d.id}
            empty="Nog geen CBS-leveringen."
            columns={[
              { key: 'a', header: 'Aanbieder', rowHeader: true, cell: (d) => d.provider },
              { key: 'p', header: 'Halfjaar', cell: (d) => d.period },
              { key: 'd', header: 'Geleverd', cell: (d) => `${dutchDate(d.deliveredOn)}${d.late ? ' (te laat)' : ''}` },
              { key: 'r', header: 'Records', numeric: true, cell: (d) => count(d.records) },
              { key: 's', header: 'Samengevoegd', numeric: true, cell: (d) => count(d.merged) },
              { key: 'v', header: 'Vervangen', numeric: true, cell: (d) => count(d.replaced) },
            ]}
          />
        ) : null}
      </section>
    </>
  );
}

interface ComparisonRow {
  readonly municipality: string;
  readonly cbs: string | null;
  readonly ours: string | null;
  readonly difference: string | null;
  readonly trafficTrajectories: number | null;
  readonly youngPeople: number | null;
}
interface ComparisonTable {
  readonly table: string;
  readonly title: string;
  readonly measure: string;
  readonly source: string;
  readonly note: string;
  readonly unit: 'trajectories' | 'percent';
  readonly rows: readonly ComparisonRow[];
  readonly notDelivered: number;
  readonly populationPlaceholder: boolean;
}

const decimalText = (t: string | null, unit: 'trajectories' | 'percent') => (t === null ? '—' : unit === 'percent' ? percent(t) : Number(t).toLocaleString('nl-NL'));

export function NationalPage() {
  const ctx = usePageContext();
  const [half, setHalf] = useState(latestHalf(ctx));
  const [whole, setWhole] = useState(false);
  const year = half.slice(0, 4);
  const c = useApi<{ period: string; tables: readonly ComparisonTable[] }>(withQuery('/api/national', { year, ...(whole ? {} : { half: half.slice(5) }) }));
  return (
    <>
      <PageTitle title="Landelijke vergelijking" kicker="3 Cliëntaantallen en stromen" />
      <p className="utrecht-paragraph jr-lead">
        Onze aantallen per gemeente naast die van het CBS (StatLine) over hetzelfde halfjaar. Het CBS telt trajecten van alle aanbieders die aan het CBS leveren; Jeugdregie telt wat de aanbieders van de regio leveren,
        en daarnaast jeugdigen. Per tabel staat waarom de definities verschillen.
      </p>
      <div className="jr-form jr-form--inline">
        <SelectField id="landelijk-halfjaar" label="Halfjaar" value={half} onChange={setHalf}>
          {halfOptions(ctx).map((h) => (
            <option key={h.value} value={h.value}>
              {h.label}
            </option>
          ))}
        </SelectField>
        {ctx.me.role === 'region' ? (
          <SelectField id="landelijk-jaar" label="Periode" value={whole ? 'jaar' : 'halfjaar'} onChange={(v) => setWhole(v === 'jaar')}>
            <option value="halfjaar">Dit halfjaar</option>
            <option value="jaar">Heel {year}</option>
          </SelectField>
        ) : null}
      </div>
      {c.error ? <ProblemAlert problem={c.error} /> : null}
      {c.loading && !c.data ? <Loading what="de vergelijking" /> : null}
      {c.data && c.data.tables.length === 0 ? (
        <p className="utrecht-paragraph">
          Nog geen CBS-cijfers over {c.data.period}. Het regioteam haalt ze op StatLine (tabellen 85097NED, 85094NED, 85098NED) en leest ze in met <code>jeugdregie statline import</code>.
        </p>
      ) : null}
      {(c.data?.tables ?? []).map((t) => (
        <section className="jr-section" key={`${t.table}|${t.measure}`} aria-labelledby={`landelijk-${t.table}-${t.measure}`}>
          <h2 className="utrecht-heading-2" id={`landelijk-${t.table}-${t.measure}`}>
            {t.table}: {t.title}
          </h2>
          <p className="utrecht-paragraph">
            Onderwerp {t.measure} (bestand {t.source}). {t.note}
            {t.notDelivered > 0 ? ` ${t.notDelivered} aanbieder(s) met berichtenverkeer leverden voor deze periode niet aan Jeugdregie.` : ''}
            {t.populationPlaceholder ? ' De bevolking in het regiobestand is plaatsvervangend: ons percentage is geen echt cijfer.' : ''}
          </p>
          <DataTable
            id={`tabel-landelijk-${t.table}`}
            caption={`${t.table} ${c.data!.period}: CBS en Jeugdregie per gemeente`}
            rows={t.rows}
            rowKey={(r) => r.municipality || REGION_ROW}
            columns={[
              { key: 'm', header: 'Gemeente', rowHeader: true, cell: (r) => (r.municipality === '' ? 'Regio (de gemeenten samen)' : ctx.names.municipality(r.municipality)) },
              { key: 'c', header: 'CBS', numeric: true, cell: (r) => decimalText(r.cbs, t.unit) },
              { key: 'o', header: 'Jeugdregie', numeric: true, cell: (r) => (r.ours === null && t.unit === 'trajectories' ? HIDDEN : decimalText(r.ours, t.unit)) },
              { key: 'd', header: 'Verschil (wij − CBS)', numeric: true, cell: (r) => (r.difference === null ? '—' : `${r.difference.startsWith('-') ? '−' : '+'}${decimalText(r.difference.replace('-', ''), t.unit)}`) },
              { key: 't', header: 'Trajecten iJw', numeric: true, cell: (r) => <CountCell value={r.trafficTrajectories} format={count} /> },
              { key: 'j', header: 'Jeugdigen', numeric: true, cell: (r) => <CountCell value={r.youngPeople} format={count} /> },
            ]}
          />
        </section>
      ))}
    </>
  );
}
