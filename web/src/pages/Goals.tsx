// Steering element 4 [issue 15 "Theme goals and KPIs"]: per theme its KPIs, each against its
// baseline (the start photo) and the path to the 2028 and 2034 targets, per scope; the KPIs the data
// cannot answer with the source they need; the start photo's tables (GET /api/goals). The server
// decides which scopes a role sees and withholds values that could tell 1 to 4 young people.
import { useMemo, useState } from 'react';
import { useApi } from '../use-api.ts';
import { usePageContext, type PageContext } from '../page-context.ts';
import { PageTitle } from '../components/PageTitle.tsx';
import { Loading, ProblemAlert } from '../components/Problem.tsx';
import { DataTable } from '../components/DataTable.tsx';
import { Chart } from '../components/Chart.tsx';
import { SelectField } from '../components/Fields.tsx';
import { linesOption } from '../chart-options.ts';
import { dutchDate, HIDDEN } from '../format.ts';

interface KpiPoint {
  readonly year: number;
  readonly value: string | null;
  readonly path: string | null;
  readonly offPath: boolean;
  readonly complete: boolean;
}
interface KpiScope {
  readonly scope: string;
  readonly baseline: { readonly year: number; readonly value: string; readonly from: 'data' | 'region file'; readonly placeholder: boolean } | null;
  readonly targets: readonly { readonly year: number; readonly value: string }[];
  readonly points: readonly KpiPoint[];
  readonly changePct: string | null;
  readonly withheld: boolean;
}
interface Kpi {
  readonly id: string;
  readonly theme: string;
  readonly name: string;
  readonly description?: string;
  readonly unit?: string;
  readonly direction: 'down' | 'up';
  readonly formula?: string;
  readonly needs?: string;
  readonly targetsPlaceholder: boolean;
  readonly populationPlaceholder: boolean;
  readonly scopes: readonly KpiScope[];
}
interface Goals {
  readonly years: readonly number[];
  readonly dataUpTo: string | null;
  readonly population: { readonly source: string; readonly placeholder: boolean } | null;
  readonly kpis: readonly Kpi[];
  readonly signals: readonly { kpi: string; scope: string; year: number; nl: string }[];
  readonly startPhoto: { readonly source: string; readonly tables: readonly { title: string; columns: readonly string[]; rows: readonly (readonly string[])[] }[] } | null;
}

const decimal = (t: string | null) => (t === null ? HIDDEN : Number(t).toLocaleString('nl-NL', { maximumFractionDigits: 1, minimumFractionDigits: t.includes('.') && !t.endsWith('.0') ? 1 : 0 }));

function scopeName(ctx: PageContext, scope: string): string {
  if (scope === 'region') return 'Regio';
  if (scope.startsWith('area:')) return ctx.names.area(scope.slice(5));
  return ctx.names.municipality(scope);
}

function KpiBlock({ ctx, kpi, scope }: { ctx: PageContext; kpi: Kpi; scope: string }) {
  const s = kpi.scopes.find((x) => x.scope === scope) ?? kpi.scopes[0];
  if (!s) return null;
  // Every year from the first to the last: the axis is time, so 2024, 2028 and 2034 are not evenly spaced.
  const known = [...(s.baseline ? [s.baseline.year] : []), ...s.points.map((p) => p.year), ...s.targets.map((t) => t.year)];
  const years: number[] = [];
  for (let y = Math.min(...known); y <= Math.max(...known); y++) years.push(y);
  const valueOf = (y: number) => s.points.find((p) => p.year === y)?.value ?? (s.baseline?.year === y ? s.baseline.value : null);
  const pathOf = (y: number) => s.points.find((p) => p.year === y)?.path ?? (s.baseline?.year === y ? s.baseline.value : (s.targets.find((t) => t.year === y)?.value ?? null));
  const placeholders = [s.baseline?.placeholder ? 'nulmeting' : null, kpi.targetsPlaceholder ? 'doelen' : null, kpi.populationPlaceholder ? 'bevolking' : null].filter(Boolean);
  return (
    <section className="jr-section" aria-labelledby={`kpi-${kpi.id}`}>
      <h3 className="utrecht-heading-3" id={`kpi-${kpi.id}`}>
        {kpi.name}
      </h3>
      {kpi.description ? <p className="utrecht-paragraph">{kpi.description}</p> : null}
      {placeholders.length > 0 ? (
        <p className="utrecht-paragraph jr-placeholder">
          <strong>Plaatsvervangende waarden:</strong> {placeholders.join(', ')} zijn geen echte cijfers (geen startfoto of CBS-cijfer); ze staan in het regiobestand en worden vervangen zodra de echte bekend zijn.
        </p>
      ) : null}
      <p className="utrecht-paragraph">
        {s.baseline ? `Nulmeting ${s.baseline.year}: ${decimal(s.baseline.value)} ${kpi.unit ?? ''} (${s.baseline.from === 'data' ? 'uit de gegevens' : 'uit het regiobestand'}).` : 'Geen nulmeting voor dit gebied.'}{' '}
        {s.targets.length > 0 ? `Doelen: ${s.targets.map((t) => `${t.year} ${decimal(t.value)}`).join(', ')}.` : 'Geen doelen vastgesteld.'}{' '}
        {s.changePct !== null ? `Verandering tegen de nulmeting: ${s.changePct.startsWith('-') ? '' : '+'}${decimal(s.changePct)}%.` : ''}
        {s.withheld ? ' Een waarde die 1 tot 4 jeugdigen van anderen zou verraden, staat er als afgeschermd.' : ''}
      </p>
      {years.length > 1 ? (
        <Chart
          label={`${kpi.name}: ${scopeName(ctx, s.scope)}`}
          option={(() => {
            const option = linesOption(years.map(String), [
              { name: 'Waarde', data: years.map((y) => (valueOf(y) === null ? null : Number(valueOf(y)))) },
              ...(s.targets.length > 0 || s.baseline ? [{ name: 'Pad naar het doel', data: years.map((y) => (pathOf(y) === null ? null : Number(pathOf(y)))) }] : []),
            ]);
            // The path is straight between its points: drawn through the years between them.
            const series = option['series'] as { connectNulls?: boolean }[];
            if (series[1]) series[1].connectNulls = true;
            return option;
          })()}
        />
      ) : null}
      <DataTable
        id={`tabel-${kpi.id}`}
        caption={`${kpi.name}: ${scopeName(ctx, s.scope)} per jaar`}
        rows={s.points}
        rowKey={(p) => String(p.year)}
        empty="Nog geen gegevens."
        columns={[
          { key: 'y', header: 'Jaar', rowHeader: true, cell: (p) => `${p.year}${p.complete ? '' : ' (loopt nog)'}` },
          { key: 'v', header: `Waarde${kpi.unit ? ` (${kpi.unit})` : ''}`, numeric: true, cell: (p) => decimal(p.value) },
          { key: 'p', header: 'Pad', numeric: true, cell: (p) => (p.path === null ? '—' : decimal(p.path)) },
          { key: 'o', header: 'Op koers', cell: (p) => (p.value === null || p.path === null ? '—' : !p.complete ? 'jaar loopt nog' : p.offPath ? 'nee, naast het pad' : 'ja') },
        ]}
      />
    </section>
  );
}

export function GoalsPage() {
  const ctx = usePageContext();
  const g = useApi<Goals>('/api/goals');
  const scopes = useMemo(() => [...new Set((g.data?.kpis ?? []).flatMap((k) => k.scopes.map((s) => s.scope)))], [g.data]);
  const [scope, setScope] = useState('region');
  const themes = useMemo(() => [...new Set((g.data?.kpis ?? []).map((k) => k.theme))], [g.data]);
  return (
    <>
      <PageTitle title="Inhoudelijke doelen per thema" kicker="Sturingselement 4" />
      <p className="utrecht-paragraph jr-lead">
        Per thema de indicatoren uit het regiobestand, afgezet tegen de nulmeting (de startfoto) en het pad naar de doelen van 2028 en 2034. Een indicator die naast zijn pad ligt in een afgesloten jaar, is een
        signaal voor het prestatiegesprek.
      </p>
      {g.error ? <ProblemAlert problem={g.error} /> : null}
      {g.loading && !g.data ? <Loading what="de doelen" /> : null}
      {g.data ? (
        <>
          {scopes.length > 1 ? (
            <div className="jr-form jr-form--inline">
              <SelectField id="doelen-gebied" label="Gebied" value={scope} onChange={setScope}>
                {scopes.map((s) => (
                  <option key={s} value={s}>
                    {scopeName(ctx, s)}
                  </option>
                ))}
              </SelectField>
            </div>
          ) : null}
          {g.data.signals.some((s) => s.scope === scope) ? (
            <div className="utrecht-alert utrecht-alert--warning jr-alert" role="status">
              <p className="utrecht-paragraph">
                <strong>Naast het pad</strong>
              </p>
              <ul className="utrecht-unordered-list">
                {g.data.signals
                  .filter((s) => s.scope === scope)
                  .map((s) => (
                    <li className="utrecht-unordered-list__item" key={`${s.kpi}|${s.scope}|${s.year}`}>
                      {s.nl}
                    </li>
                  ))}
              </ul>
            </div>
          ) : null}
          {g.data.kpis.length === 0 ? <p className="utrecht-paragraph">Het regiobestand noemt nog geen doelen.</p> : null}
          {themes.map((t) => (
            <section className="jr-section" key={t} aria-labelledby={`thema-${t}`}>
              <h2 className="utrecht-heading-2" id={`thema-${t}`}>
                Thema {ctx.names.theme(t)}
              </h2>
              {g.data!.kpis
                .filter((k) => k.theme === t && !k.needs)
                .map((k) => (
                  <KpiBlock key={k.id} ctx={ctx} kpi={k} scope={scope} />
                ))}
              {g.data!.kpis.some((k) => k.theme === t && k.needs) ? (
                <>
                  <h3 className="utrecht-heading-3">Nog zonder bron</h3>
                  <ul className="utrecht-unordered-list">
                    {g.data!.kpis
                      .filter((k) => k.theme === t && k.needs)
                      .map((k) => (
                        <li className="utrecht-unordered-list__item" key={k.id}>
                          {k.name} — nodig: {k.needs}.
                        </li>
                      ))}
                  </ul>
                </>
              ) : null}
            </section>
          ))}
          {g.data.population ? (
            <p className="utrecht-paragraph">
              Bevolking: {g.data.population.source}
              {g.data.population.placeholder ? ' — plaatsvervangende waarden, geen CBS-cijfers.' : '.'} Gegevens tot en met {g.data.dataUpTo ? dutchDate(g.data.dataUpTo) : '—'}.
            </p>
          ) : null}
          {g.data.startPhoto ? (
            <section className="jr-section" aria-labelledby="startfoto-kop">
              <h2 className="utrecht-heading-2" id="startfoto-kop">
                Startfoto
              </h2>
              <p className="utrecht-paragraph">Bron: {g.data.startPhoto.source}.</p>
              {g.data.startPhoto.tables.map((t, i) => (
                <DataTable
                  key={t.title}
                  id={`tabel-startfoto-${i}`}
                  caption={t.title}
                  rows={t.rows}
                  rowKey={(r) => r[0] ?? ''}
                  columns={t.columns.map((c, j) => ({ key: String(j), header: c, rowHeader: j === 0, numeric: j > 0, cell: (r: readonly string[]) => (j > 0 ? Number(r[j]).toLocaleString('nl-NL') : r[j]) }))}
                />
              ))}
            </section>
          ) : null}
        </>
      ) : null}
    </>
  );
}
