// Steering element 2: timeliness and completeness — requests with retroactive effect, start and
// stop messages sent late, assignments without a start, per provider or municipality; and the
// messages received per type (what the figures are built from).
import { useMemo } from 'react';
import { withQuery, type MessageRow, type TimelinessRow } from '../api.ts';
import { useApi } from '../use-api.ts';
import { usePageContext, type PageContext } from '../page-context.ts';
import { FilterBar } from '../components/FilterBar.tsx';
import { ProblemAlert, Loading } from '../components/Problem.tsx';
import { DataTable, CountCell, type Column } from '../components/DataTable.tsx';
import { Chart } from '../components/Chart.tsx';
import { barsOption, barsTall } from '../chart-options.ts';
import { count, days, percent } from '../format.ts';
import { hrefWith, FILTER_PARAMS } from '../filters.ts';
import { Link } from '../router.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { NoPeriod } from './Clients.tsx';
import { REGION, REST } from '../names.ts';
import type { Dimension, TimelinessBy } from '../roles.ts';
import { timelinessExport, timelinessKeep } from '../exports.ts';
import { codeOf } from './monitor-parts.tsx';

const BY_LABEL: Record<TimelinessBy, string> = { provider: 'aanbieder', municipality: 'gemeente', total: 'regio als geheel' };

function whoOf(ctx: PageContext, r: TimelinessRow, by: TimelinessBy): string {
  if (by === 'provider') return ctx.names.of('provider', r.providerCode ?? r.provider, r);
  if (by === 'municipality') return ctx.names.municipality(r.municipality ?? '');
  if (r.municipality) return ctx.names.municipality(r.municipality);
  if (r.providerCode) return ctx.names.of('provider', r.providerCode, r);
  return 'Regio';
}

const pct = (part: number | null, whole: number | null) => (part === null || whole === null || whole === 0 ? null : ((100 * part) / whole).toFixed(1));

export function TimelinessSection({ ctx, by, only }: { ctx: PageContext; by: TimelinessBy; only?: (r: TimelinessRow) => boolean }) {
  const t = useApi<TimelinessRow[]>(ctx.period ? withQuery('/api/monitor/timeliness', { period: ctx.period, by }) : null);
  const rows = useMemo(() => {
    const all = (t.data ?? []).filter((r) => (only ? only(r) : true));
    // the filtered provider (or municipality) of the breakdown, beside the others' row; as the export keeps them
    const kept = Object.entries(timelinessKeep(ctx.filters, by)) as [Dimension, string][];
    const keep = all.filter((r) => kept.every(([d, v]) => [v, REGION, REST].includes(codeOf(r, d))));
    return keep.sort((a, b) => whoOf(ctx, a, by).localeCompare(whoOf(ctx, b, by), 'nl'));
  }, [t.data, ctx, by, only]);
  const columns: Column<TimelinessRow>[] = [
    {
      key: 'w',
      header: by === 'provider' ? 'Aanbieder' : by === 'municipality' ? 'Gemeente' : 'Geheel',
      rowHeader: true,
      cell: (r) => {
        const name = whoOf(ctx, r, by);
        if (by === 'provider' && ctx.offer.column !== 'provider' && r.providerCode && r.providerCode !== REGION && ctx.me.role !== 'council') {
          return (
            <Link className="utrecht-link" to={hrefWith('/aanbieder', ctx.query, { [FILTER_PARAMS.provider]: r.providerCode })}>
              {name}
            </Link>
          );
        }
        return name;
      },
    },
    ...(by === 'provider' && ctx.offer.column === 'municipality' ? [{ key: 'm', header: 'Gemeente', cell: (r: TimelinessRow) => ctx.names.municipality(r.municipality ?? '') }] : []),
    ...(by === 'municipality' && ctx.offer.column === 'provider' ? [{ key: 'p', header: 'Aanbieder', cell: (r: TimelinessRow) => ctx.names.of('provider', r.providerCode, r) }] : []),
    { key: 'rq', header: 'Verzoeken om toewijzing', numeric: true, cell: (r) => <CountCell value={r.requests} format={count} /> },
    { key: 'rr', header: 'met terugwerkende kracht', numeric: true, cell: (r) => <CountCell value={r.retroactiveRequests} format={count} /> },
    { key: 'rp', header: 'aandeel', numeric: true, cell: (r) => percent(r.retroactiveSharePct) },
    { key: 'rd', header: 'mediaan dagen terug', numeric: true, cell: (r) => days(r.retroactiveDaysBackMedian) },
    { key: 'st', header: 'Startberichten', numeric: true, cell: (r) => <CountCell value={r.startMessages} format={count} /> },
    { key: 'sl', header: 'te laat', numeric: true, cell: (r) => <CountCell value={r.lateStartMessages} format={count} /> },
    { key: 'et', header: 'Stopberichten', numeric: true, cell: (r) => <CountCell value={r.stopMessages} format={count} /> },
    { key: 'el', header: 'te laat', numeric: true, cell: (r) => <CountCell value={r.lateStopMessages} format={count} /> },
    { key: 'ws', header: 'Toewijzingen zonder start', numeric: true, cell: (r) => <CountCell value={r.assignmentsWithoutStart} format={count} /> },
  ];
  const chart = useMemo(() => {
    if (rows.length === 0 || by === 'total') return null;
    const cats = rows.map((r) => `${whoOf(ctx, r, by)}${by === 'provider' && ctx.offer.column === 'municipality' && r.municipality === REST ? ' (overige gemeenten)' : ''}${by === 'municipality' && ctx.offer.column === 'provider' && r.providerCode === REGION ? ' (regio)' : ''}`);
    return {
      option: barsOption(
        cats,
        [
          { name: 'Verzoeken met terugwerkende kracht (%)', data: rows.map((r) => (r.retroactiveSharePct === null ? null : Number(r.retroactiveSharePct))) },
          { name: 'Startberichten te laat (%)', data: rows.map((r) => { const v = pct(r.lateStartMessages, r.startMessages); return v === null ? null : Number(v); }) },
          { name: 'Stopberichten te laat (%)', data: rows.map((r) => { const v = pct(r.lateStopMessages, r.stopMessages); return v === null ? null : Number(v); }) },
        ],
        '%',
      ),
      tall: barsTall(cats.length),
      rows: cats.length * 3,
    };
  }, [rows, ctx, by]);
  return (
    <section className="jr-section" aria-labelledby={`tijdig-${by}-kop`}>
      <h2 className="utrecht-heading-2" id={`tijdig-${by}-kop`}>
        Tijdigheid per {BY_LABEL[by]}
      </h2>
      {t.error ? <ProblemAlert problem={t.error} /> : null}
      {t.loading ? <Loading what="Cijfers over tijdigheid" /> : null}
      {t.data ? (
        <>
          {chart ? <Chart option={chart.option} tall={chart.tall} rows={chart.rows} label={`Staafdiagram: aandeel verzoeken met terugwerkende kracht en te late start- en stopberichten per ${BY_LABEL[by]}, in procenten. De cijfers staan in de tabel hieronder.`} /> : null}
          <DataTable id={`tabel-tijdigheid-${by}`} caption={`Tijdigheid per ${BY_LABEL[by]}, ${ctx.period ?? ''}`} columns={columns} rows={rows} rowKey={(r, i) => `${r.providerCode ?? ''}/${r.municipality ?? ''}#${i}`} exportAs={timelinessExport(ctx.period, by, ctx.filters)} />
        </>
      ) : null}
    </section>
  );
}

function MessagesSection({ ctx }: { ctx: PageContext }) {
  const m = useApi<MessageRow[]>(ctx.period ? withQuery('/api/monitor/messages', { period: ctx.period }) : null);
  return (
    <section className="jr-section" aria-labelledby="berichten-kop">
      <h2 className="utrecht-heading-2" id="berichten-kop">
        Volledigheid: ontvangen berichten per soort
      </h2>
      {m.error ? <ProblemAlert problem={m.error} /> : null}
      {m.loading ? <Loading what="Berichten" /> : null}
      {m.data ? (
        <DataTable
          id="tabel-berichten"
          caption={`Ontvangen iJw-berichten per soort, ${ctx.period ?? ''}`}
          rows={m.data}
          rowKey={(r) => r.messageType}
          exportAs={{ table: 'messages', query: { period: ctx.period ?? undefined } }}
          columns={[
            { key: 't', header: 'Bericht', rowHeader: true, cell: (r) => `${r.messageType} ${r.name}` },
            { key: 'n', header: 'Aantal', numeric: true, cell: (r) => <CountCell value={r.messages} format={count} /> },
            { key: 'f', header: 'In de cijfers', cell: (r) => (r.inFigures ? 'ja' : 'nee') },
            { key: 'u', header: 'Gebruik', cell: (r) => r.use },
          ]}
        />
      ) : null}
    </section>
  );
}

export function TimelinessPage() {
  const ctx = usePageContext();
  const bys = ctx.offer.timelinessBy.filter((b) => b !== 'total');
  return (
    <>
      <PageTitle title="Tijdigheid en volledigheid" kicker="Sturingselement 2" />
      <p className="utrecht-paragraph jr-lead">
        Worden verzoeken, starts en stops op tijd gemeld? Verzoeken om toewijzing met terugwerkende kracht, start- en stopberichten die later komen dan de afspraak, en toewijzingen waarop (nog) geen start is gemeld.
      </p>
      <FilterBar ctx={ctx} uses={['provider', 'municipality']} />
      {ctx.period === null ? (
        <NoPeriod />
      ) : (
        <>
          {bys.map((by) => (
            <TimelinessSection key={by} ctx={ctx} by={by} />
          ))}
          {ctx.offer.messages ? <MessagesSection ctx={ctx} /> : null}
        </>
      )}
    </>
  );
}
