// The parts of the monitor dashboards: the drill-down table of reach (with its bar chart), waiting
// times (median and 80th percentile per group), a trend over the year, stops per reason. Each asks
// the API for the role's view and shows what comes back; a null is "afgeschermd".
import { useMemo } from 'react';
import { withQuery, type ApiProblem, type ReachRow, type WaitStats, type WaitingRow } from '../api.ts';
import { useApi, useApiMany } from '../use-api.ts';
import { BREAKDOWN_PARAM, FILTER_PARAMS, hrefWith, planTable, rowMatches, trendPeriods, type FilterDimension, type TablePlan } from '../filters.ts';
import { DIMENSION_LABELS, type Dimension } from '../roles.ts';
import type { PageContext } from '../page-context.ts';
import { count, days } from '../format.ts';
import { Link } from '../router.tsx';
import { DataTable, CountCell, type Column } from '../components/DataTable.tsx';
import { Chart } from '../components/Chart.tsx';
import { ProblemAlert, Loading, Notice } from '../components/Problem.tsx';
import { barsOption, barsTall, linesOption, type Series } from '../chart-options.ts';
import { REGION, REST } from '../names.ts';
import { monitorExport, trendExport } from '../exports.ts';

const STOP_REASONS: Readonly<Record<string, string>> = {
  '02': 'Overlijden',
  '20': 'Levering is tijdelijk beëindigd',
  '31': 'Levering is volgens plan beëindigd',
  '32': 'Voortijdig afgesloten, door cliënt',
  '33': 'Voortijdig afgesloten, door aanbieder',
  '34': 'Voortijdig afgesloten, in overleg',
  '35': 'Voortijdig afgesloten, externe oorzaak',
  '36': 'Geïnitieerd door de gemeente',
  '37': 'In verband met wijzigingsverzoek',
  '38': 'Overstap naar andere aanbieder',
  '39': 'Uitstroom naar ander domein',
};
export const stopReasonLabel = (code: string) => (code === '' ? 'zonder reden' : (STOP_REASONS[code] ?? `onbekende reden ${code}`));

const FILTERABLE = new Set<Dimension>(['municipality', 'area', 'provider', 'theme', 'care_form']);

/** Sort order of a dimension's values: age groups by their first year, the rest as names. */
const orderKey = (d: Dimension, code: string, name: string) => (d === 'age_group' ? String(Number.parseInt(code, 10)).padStart(3, '0') : name.toLocaleLowerCase('nl'));

/** The code a row has for a dimension (a provider's register code). */
export const codeOf = (row: object, d: Dimension): string => {
  const r = row as Record<string, unknown>;
  return String((d === 'provider' ? (r['providerCode'] ?? r['provider']) : r[d]) ?? '');
};

/** Whether a row is the viewer's own (a scoped role's column holds its code, or REST/REGION). */
export const isOthers = (ctx: PageContext, row: object) => ctx.offer.column !== null && (codeOf(row, ctx.offer.column) === REST || codeOf(row, ctx.offer.column) === REGION);

/** The columns that say what a row is about: the plan's dimensions, the shown one first (with the drill-down link). */
function groupColumns<R extends object>(ctx: PageContext, plan: TablePlan, dims: readonly Dimension[]): Column<R>[] {
  const display = plan.display;
  const ordered = display === null ? dims : [display, ...dims.filter((d) => d !== display)];
  return ordered.map((d, i) => ({
    key: d,
    header: DIMENSION_LABELS[d],
    rowHeader: i === 0,
    cell: (row: R) => {
      const code = codeOf(row, d);
      const name = ctx.names.of(d, code, row);
      if (i !== 0 || !FILTERABLE.has(d) || code === REST || code === REGION || code === '' || ctx.filters[d as FilterDimension] === code) return name;
      const to = hrefWith(ctx.path, ctx.query, { [FILTER_PARAMS[d as FilterDimension]]: code, [BREAKDOWN_PARAM]: null });
      return (
        <Link to={to} className="utrecht-link" aria-label={`${name}: inzoomen`}>
          {name}
        </Link>
      );
    },
  }));
}

const dimsOf = (by: string): Dimension[] => (by === 'total' ? [] : (by.split(',') as Dimension[]));

function sortRows<R extends object>(ctx: PageContext, rows: readonly R[], plan: TablePlan): R[] {
  const d = plan.display;
  if (d === null) return [...rows];
  return [...rows].sort((a, b) => {
    const ka = orderKey(d, codeOf(a, d), ctx.names.of(d, codeOf(a, d), a as never));
    const kb = orderKey(d, codeOf(b, d), ctx.names.of(d, codeOf(b, d), b as never));
    return ka.localeCompare(kb, 'nl') || Number(isOthers(ctx, a)) - Number(isOthers(ctx, b));
  });
}

/** What a scoped table leaves out, and why, in a sentence. */
export function IgnoredNotice({ ctx, plan }: { ctx: PageContext; plan: TablePlan }) {
  if (plan.ignored.length === 0) return null;
  const names = plan.ignored.map((d) => DIMENSION_LABELS[d].toLowerCase()).join(', ');
  return (
    <Notice>
      {ctx.offer.column === null
        ? `Een tabel combineert ten hoogste drie indelingen; het filter op ${names} is hier niet toegepast.`
        : `Cijfers over jeugdigen zijn voor uw rol per één indeling tegelijk op te vragen; het filter op ${names} is in deze tabel niet toegepast.`}
    </Notice>
  );
}

function usePlan(ctx: PageContext, chosen: Dimension | null): TablePlan {
  const explicit = (ctx.query.get(BREAKDOWN_PARAM) as Dimension | null) ?? null;
  return useMemo(() => planTable(ctx.me.role, ctx.filters, chosen ?? explicit, ctx.areaMunicipality), [ctx, chosen, explicit]);
}

/** The choice of a table's breakdown (indeling), among those the role may ask. */
export function BreakdownChoice({ ctx, plan }: { ctx: PageContext; plan: TablePlan }) {
  const choices = ctx.offer.breakdowns.filter((d) => d !== ctx.offer.column);
  return (
    <p className="utrecht-paragraph jr-breakdown">
      <span id="indeling-label">Indeling:</span>{' '}
      {choices.map((d, i) => (
        <span key={d}>
          {i > 0 ? ' · ' : ''}
          {plan.display === d ? (
            <strong aria-current="true">{DIMENSION_LABELS[d]}</strong>
          ) : (
            <Link className="utrecht-link" to={hrefWith(ctx.path, ctx.query, { [BREAKDOWN_PARAM]: d })}>
              {DIMENSION_LABELS[d]}
            </Link>
          )}
        </span>
      ))}
    </p>
  );
}

/** Reach broken down for the drill-down: bars and the table behind them. */
export function ReachSection({ ctx, chosen = null, heading = 'Bereik', showChoice = true }: { ctx: PageContext; chosen?: Dimension | null; heading?: string; showChoice?: boolean }) {
  const plan = usePlan(ctx, chosen);
  const path = ctx.period ? withQuery('/api/monitor/reach', { period: ctx.period, by: plan.by }) : null;
  const reach = useApi<ReachRow[]>(path);
  const rows = useMemo(() => sortRows(ctx, (reach.data ?? []).filter((r) => rowMatches(r, plan.keep)), plan), [ctx, reach.data, plan]);
  const dims = dimsOf(plan.by);
  const columns: Column<ReachRow>[] = [
    ...groupColumns<ReachRow>(ctx, plan, dims),
    { key: 'u', header: 'Unieke jeugdigen', numeric: true, cell: (r) => <CountCell value={r.uniqueYouth} format={count} /> },
    { key: 's', header: 'Starts', numeric: true, cell: (r) => <CountCell value={r.starts} format={count} /> },
    { key: 'e', header: 'Beëindigingen', numeric: true, cell: (r) => <CountCell value={r.stops} format={count} /> },
    { key: 'i', header: 'In zorg aan het eind', numeric: true, cell: (r) => <CountCell value={r.inCareEnd} format={count} /> },
  ];
  const label = plan.display ? DIMENSION_LABELS[plan.display].toLowerCase() : 'regio';
  const chart = useMemo(() => {
    const d = plan.display;
    if (d === null || rows.length === 0) return null;
    const categories = [...new Set(rows.map((r) => ctx.names.of(d, codeOf(r, d), r)))];
    const at = (r: ReachRow) => categories.indexOf(ctx.names.of(d, codeOf(r, d), r));
    const series: Series[] =
      ctx.offer.column === null
        ? [{ name: 'Unieke jeugdigen', data: categories.map((_, i) => rows.find((r) => at(r) === i)?.uniqueYouth ?? null) }]
        : [
            { name: ctx.offer.column === 'municipality' ? ctx.names.municipality(ctx.me.municipality ?? '') : `Eigen (${ctx.me.provider ?? ''})`, data: categories.map((_, i) => rows.find((r) => at(r) === i && !isOthers(ctx, r))?.uniqueYouth ?? null) },
            { name: ctx.offer.othersLabel === 'REST' ? 'Overige gemeenten' : 'Regio', data: categories.map((_, i) => rows.find((r) => at(r) === i && isOthers(ctx, r))?.uniqueYouth ?? null) },
          ];
    return { option: barsOption(categories, series), tall: barsTall(categories.length), rows: categories.length * series.length };
  }, [rows, plan, ctx]);
  return (
    <section className="jr-section" aria-labelledby="bereik-kop">
      <h2 className="utrecht-heading-2" id="bereik-kop">
        {heading} per {label}
      </h2>
      {showChoice ? <BreakdownChoice ctx={ctx} plan={plan} /> : null}
      <IgnoredNotice ctx={ctx} plan={plan} />
      {reach.error ? <ProblemAlert problem={reach.error} /> : null}
      {reach.loading ? <Loading what="Cijfers over bereik" /> : null}
      {reach.data ? (
        <>
          {chart ? <Chart option={chart.option} tall={chart.tall} rows={chart.rows} label={`Staafdiagram: unieke jeugdigen per ${label}, ${ctx.period}. De cijfers staan in de tabel hieronder.`} /> : null}
          <DataTable
            id="tabel-bereik"
            caption={`Bereik per ${label}, ${ctx.period}`}
            columns={columns}
            rows={rows}
            rowKey={(r, i) => `${dims.map((d) => codeOf(r, d)).join('/')}#${i}`}
            exportAs={monitorExport('reach', ctx.period, plan)}
            note={plan.next ? `Kies een ${label} om verder in te zoomen (naar ${DIMENSION_LABELS[plan.next].toLowerCase()}).` : undefined}
          />
          {reach.notice ? <Notice>{reach.notice}</Notice> : null}
        </>
      ) : null}
    </section>
  );
}

const waitCell = (w: WaitStats | null, k: 'median' | 'p80' | 'count') => (w === null ? <CountCell value={null} format={count} /> : k === 'count' ? count(w.count) : w[k] === null ? <CountCell value={null} format={days} /> : days(w[k]));

/** Waiting times per group: the median and the 80th percentile (how the waits are spread), chart and table. */
export function WaitingSection({ ctx, chosen = null }: { ctx: PageContext; chosen?: Dimension | null }) {
  const plan = usePlan(ctx, chosen);
  const path = ctx.period ? withQuery('/api/monitor/waiting', { period: ctx.period, by: plan.by }) : null;
  const waiting = useApi<WaitingRow[]>(path);
  const rows = useMemo(() => sortRows(ctx, (waiting.data ?? []).filter((r) => rowMatches(r, plan.keep)), plan), [ctx, waiting.data, plan]);
  const dims = dimsOf(plan.by);
  const label = plan.display ? DIMENSION_LABELS[plan.display].toLowerCase() : 'regio';
  const columns: Column<WaitingRow>[] = [
    ...groupColumns<WaitingRow>(ctx, plan, dims),
    { key: 'ac', header: 'Aanvraag → toewijzing: aantal', numeric: true, cell: (r) => waitCell(r.requestToAssignment, 'count') },
    { key: 'am', header: 'mediaan', numeric: true, cell: (r) => waitCell(r.requestToAssignment, 'median') },
    { key: 'ap', header: '80% binnen', numeric: true, cell: (r) => waitCell(r.requestToAssignment, 'p80') },
    { key: 'sc', header: 'Toewijzing → start: aantal', numeric: true, cell: (r) => waitCell(r.assignmentToStart, 'count') },
    { key: 'sm', header: 'mediaan', numeric: true, cell: (r) => waitCell(r.assignmentToStart, 'median') },
    { key: 'sp', header: '80% binnen', numeric: true, cell: (r) => waitCell(r.assignmentToStart, 'p80') },
  ];
  const chart = useMemo(() => {
    const d = plan.display;
    if (d === null || rows.length === 0) return null;
    const shown = rows.filter((r) => !isOthers(ctx, r) || ctx.offer.column !== null);
    const categories = shown.map((r) => `${ctx.names.of(d, codeOf(r, d), r)}${isOthers(ctx, r) ? ` (${ctx.offer.othersLabel === 'REST' ? 'overige gemeenten' : 'regio'})` : ''}`);
    const series: Series[] = [
      { name: 'Toewijzing → start: mediaan (dagen)', data: shown.map((r) => r.assignmentToStart?.median ?? null) },
      { name: 'Toewijzing → start: 80% binnen (dagen)', data: shown.map((r) => r.assignmentToStart?.p80 ?? null) },
    ];
    return { option: barsOption(categories, series), tall: barsTall(categories.length), rows: categories.length * series.length };
  }, [rows, plan, ctx]);
  return (
    <section className="jr-section" aria-labelledby="wacht-kop">
      <h2 className="utrecht-heading-2" id="wacht-kop">
        Wachttijden per {label}
      </h2>
      <p className="utrecht-paragraph">
        In dagen: de mediaan (de helft wacht korter) en de grens waarbinnen 80% geholpen is — samen de verdeling van de wachttijden. Voor anderen dan de eigenaar geldt een mediaan pas vanaf 5 wachttijden.
      </p>
      {waiting.error ? <ProblemAlert problem={waiting.error} /> : null}
      {waiting.loading ? <Loading what="Wachttijden" /> : null}
      {waiting.data ? (
        <>
          {chart ? <Chart option={chart.option} tall={chart.tall} rows={chart.rows} label={`Staafdiagram: wachttijd van toewijzing tot start per ${label}, mediaan en 80e percentiel in dagen. De cijfers staan in de tabel hieronder.`} /> : null}
          <DataTable
            id="tabel-wachttijden"
            caption={`Wachttijden per ${label}, ${ctx.period}`}
            columns={columns}
            rows={rows}
            rowKey={(r, i) => `${dims.map((d) => codeOf(r, d)).join('/')}#${i}`}
            exportAs={monitorExport('waiting', ctx.period, plan)}
          />
        </>
      ) : null}
    </section>
  );
}

/** The request of "the whole" under the filters: the filtered dimensions (or total), and the rows to keep. */
export function wholePlan(ctx: PageContext): { by: string; keep: Partial<Record<Dimension, string>> } {
  const plan = planTable(ctx.me.role, ctx.filters, null, ctx.areaMunicipality);
  if (ctx.offer.column === null) {
    const dims = Object.keys(plan.keep).filter((d) => d !== plan.display || ctx.filters[d as FilterDimension] !== undefined) as Dimension[];
    return dims.length === 0 ? { by: 'total', keep: {} } : { by: dims.join(','), keep: plan.keep };
  }
  const filtered = Object.keys(plan.keep) as Dimension[];
  return filtered.length === 0 ? { by: ctx.offer.column, keep: {} } : { by: `${ctx.offer.column},${filtered[0]}`, keep: plan.keep };
}

/** The rows of the whole: one for the region; the own and the others' for a scoped role. */
function splitWhole<R extends object>(ctx: PageContext, rows: readonly R[], keep: Partial<Record<Dimension, string>>): { own: R | undefined; others: R | undefined } {
  const kept = rows.filter((r) => rowMatches(r, keep));
  if (ctx.offer.column === null) return { own: kept[0], others: undefined };
  return { own: kept.find((r) => !isOthers(ctx, r)), others: kept.find((r) => isOthers(ctx, r)) };
}

/** The trend of reach over the year of the period: per month (region), quarter, or half year (council). */
export function TrendSection({ ctx }: { ctx: PageContext }) {
  const whole = wholePlan(ctx);
  const periods = ctx.period ? trendPeriods(ctx.me.role, ctx.period, ctx.periods) : [];
  const paths = periods.map((p) => withQuery('/api/monitor/reach', { period: p.value, by: whole.by }));
  const { answers, loading } = useApiMany<ReachRow[]>(paths);
  const refused = answers.find((a): a is ApiProblem => a instanceof Error);
  const points = periods.map((p, i) => {
    const a = answers[i];
    const rows = Array.isArray(a) ? a : [];
    return { period: p, ...splitWhole(ctx, rows, whole.keep) };
  });
  const scoped = ctx.offer.column !== null;
  const ownName = ctx.offer.column === 'municipality' ? ctx.names.municipality(ctx.me.municipality ?? '') : ctx.offer.column === 'provider' ? `eigen (${ctx.me.provider ?? ''})` : '';
  const othersName = ctx.offer.othersLabel === 'REST' ? 'overige gemeenten' : 'regio';
  const labels = points.map((p) => p.period.label.replace(/ \(heel jaar\)$/, ''));
  const series: Series[] = scoped
    ? [
        { name: `Unieke jeugdigen ${ownName}`, data: points.map((p) => p.own?.uniqueYouth ?? null) },
        { name: `Unieke jeugdigen ${othersName}`, data: points.map((p) => p.others?.uniqueYouth ?? null) },
      ]
    : [
        { name: 'Unieke jeugdigen', data: points.map((p) => p.own?.uniqueYouth ?? null) },
        { name: 'Starts', data: points.map((p) => p.own?.starts ?? null) },
        { name: 'Beëindigingen', data: points.map((p) => p.own?.stops ?? null) },
        { name: 'In zorg aan het eind', data: points.map((p) => p.own?.inCareEnd ?? null) },
      ];
  const unit = periods[0]?.kind === 'month' ? 'maand' : periods[0]?.kind === 'quarter' ? 'kwartaal' : 'halfjaar';
  type Point = (typeof points)[number];
  const columns: Column<Point>[] = scoped
    ? [
        { key: 'p', header: 'Periode', rowHeader: true, cell: (p) => p.period.label },
        { key: 'ou', header: `Unieke jeugdigen ${ownName}`, numeric: true, cell: (p) => <CountCell value={p.own?.uniqueYouth} format={count} /> },
        { key: 'os', header: `Starts ${ownName}`, numeric: true, cell: (p) => <CountCell value={p.own?.starts} format={count} /> },
        { key: 'ru', header: `Unieke jeugdigen ${othersName}`, numeric: true, cell: (p) => <CountCell value={p.others?.uniqueYouth} format={count} /> },
        { key: 'rs', header: `Starts ${othersName}`, numeric: true, cell: (p) => <CountCell value={p.others?.starts} format={count} /> },
      ]
    : [
        { key: 'p', header: 'Periode', rowHeader: true, cell: (p) => p.period.label },
        { key: 'u', header: 'Unieke jeugdigen', numeric: true, cell: (p) => <CountCell value={p.own?.uniqueYouth} format={count} /> },
        { key: 's', header: 'Starts', numeric: true, cell: (p) => <CountCell value={p.own?.starts} format={count} /> },
        { key: 'e', header: 'Beëindigingen', numeric: true, cell: (p) => <CountCell value={p.own?.stops} format={count} /> },
        { key: 'i', header: 'In zorg aan het eind', numeric: true, cell: (p) => <CountCell value={p.own?.inCareEnd} format={count} /> },
      ];
  const option = useMemo(() => linesOption(labels, series), [JSON.stringify(labels), JSON.stringify(series)]); // eslint-disable-line react-hooks/exhaustive-deps
  if (!ctx.period) return null;
  return (
    <section className="jr-section" aria-labelledby="trend-kop">
      <h2 className="utrecht-heading-2" id="trend-kop">
        Verloop per {unit}, {ctx.period.slice(0, 4)}
      </h2>
      {periods.length === 0 ? <Notice>Voor dit jaar is nog geen {unit} afgesloten.</Notice> : null}
      {refused ? <ProblemAlert problem={refused} /> : null}
      {loading && periods.length > 0 ? <Loading what={`Cijfers per ${unit}`} /> : null}
      {periods.length > 0 && !loading ? (
        <>
          <Chart option={option} label={`Lijndiagram: verloop per ${unit} in ${ctx.period.slice(0, 4)}. De cijfers staan in de tabel hieronder.`} />
          <DataTable
            id="tabel-verloop"
            caption={`Verloop per ${unit}, ${ctx.period.slice(0, 4)}`}
            columns={columns}
            rows={points}
            rowKey={(p) => p.period.value}
            exportAs={trendExport(periods.map((p) => p.value), whole)}
            note={`De download bevat elke ${unit} van de tabel, met alle cijfers over bereik per ${unit}.`}
          />
        </>
      ) : null}
    </section>
  );
}

/** Stops per reason (JZ588) for the whole under the filters. */
export function StopsSection({ ctx }: { ctx: PageContext }) {
  const whole = wholePlan(ctx);
  const reach = useApi<ReachRow[]>(ctx.period ? withQuery('/api/monitor/reach', { period: ctx.period, by: whole.by }) : null);
  const { own, others } = splitWhole(ctx, (reach.data ?? []), whole.keep);
  const reasons = [...new Set([...Object.keys(own?.stopsByReason ?? {}), ...Object.keys(others?.stopsByReason ?? {})])].sort();
  const scoped = ctx.offer.column !== null;
  const columns: Column<string>[] = [
    { key: 'r', header: 'Reden van beëindiging', rowHeader: true, cell: (r) => `${stopReasonLabel(r)}${r ? ` (${r})` : ''}` },
    { key: 'o', header: scoped ? (ctx.offer.column === 'municipality' ? ctx.names.municipality(ctx.me.municipality ?? '') : 'Eigen') : 'Beëindigingen', numeric: true, cell: (r) => <CountCell value={own?.stopsByReason[r]} format={count} /> },
    ...(scoped ? [{ key: 'x', header: ctx.offer.othersLabel === 'REST' ? 'Overige gemeenten' : 'Regio', numeric: true, cell: (r: string) => <CountCell value={others?.stopsByReason[r]} format={count} /> }] : []),
  ];
  return (
    <section className="jr-section" aria-labelledby="stops-kop">
      <h2 className="utrecht-heading-2" id="stops-kop">
        Beëindigingen per reden
      </h2>
      {reach.error ? <ProblemAlert problem={reach.error} /> : null}
      {reach.loading ? <Loading what="Beëindigingen" /> : null}
      {reach.data ? (
        <DataTable id="tabel-redenen" caption={`Beëindigingen per reden, ${ctx.period ?? ''}`} columns={columns} rows={reasons} rowKey={(r) => r || 'geen'} exportAs={monitorExport('reach', ctx.period, whole)} />
      ) : null}
    </section>
  );
}
