// The provider's dossier for the performance dialogue (PD1): everything about one provider — its
// lump sum per theme and municipality, payments, the explanation, its young people's reach, waiting
// times and timeliness per municipality, next to the region. A provider sees its own; the region and
// a municipality choose one (a municipality sees its own young people at that provider and the rest).
import { useMemo } from 'react';
import { withQuery, type LumpSumRow } from '../api.ts';
import { useApi } from '../use-api.ts';
import { usePageContext, type PageContext } from '../page-context.ts';
import { PageTitle } from '../components/PageTitle.tsx';
import { FilterBar } from '../components/FilterBar.tsx';
import { DataTable } from '../components/DataTable.tsx';
import { ProblemAlert, Loading, Notice } from '../components/Problem.tsx';
import { euros } from '../format.ts';
import { ExplainSection, PaymentsSection } from './Money.tsx';
import { ReachSection, WaitingSection } from './monitor-parts.tsx';
import { TimelinessSection } from './Timeliness.tsx';
import { Link } from '../router.tsx';
import { hrefWith, FILTER_PARAMS } from '../filters.ts';
import { NoPeriod } from './Clients.tsx';
import { latestHalf } from './Quality.tsx';

function ProviderMoney({ ctx, provider }: { ctx: PageContext; provider: string }) {
  const lump = useApi<LumpSumRow[]>(withQuery(`/api/lumpsums/${ctx.year}`, { provider }));
  const themes = useMemo(() => [...new Set((lump.data ?? []).map((r) => r.theme))].sort(), [lump.data]);
  const perMunicipality = useMemo(
    () =>
      ctx.region.municipalities.map((m) => ({
        code: m.code,
        name: m.name,
        byTheme: themes.map((t) => (lump.data ?? []).filter((r) => r.municipality === m.code && r.theme === t).reduce((a, r) => a + BigInt(r.amountCents), 0n)),
        total: (lump.data ?? []).filter((r) => r.municipality === m.code).reduce((a, r) => a + BigInt(r.amountCents), 0n),
      })),
    [lump.data, themes, ctx],
  );
  const total = perMunicipality.reduce((a, m) => a + m.total, 0n);
  return (
    <section className="jr-section" aria-labelledby="pd1-geld-kop">
      <h2 className="utrecht-heading-2" id="pd1-geld-kop">
        Lumpsum {ctx.year} per gemeente en thema
      </h2>
      {lump.error ? <ProblemAlert problem={lump.error} /> : null}
      {lump.loading ? <Loading what="De lumpsum" /> : null}
      {lump.data ? (
        <DataTable
          id="tabel-pd1-lumpsum"
          caption={`Lumpsum ${ctx.year} van ${lump.data[0]?.providerName ?? provider} per gemeente en thema`}
          rows={perMunicipality}
          rowKey={(m) => m.code}
          exportAs={{ table: 'lumpsums', query: { year: ctx.year, provider } }}
          columns={[
            { key: 'g', header: 'Gemeente', rowHeader: true, cell: (m) => m.name },
            ...themes.map((t, i) => ({ key: `t${t}`, header: `Thema ${t}`, numeric: true, cell: (m: (typeof perMunicipality)[number]) => euros(m.byTheme[i] ?? 0n) })),
            { key: 'tot', header: 'Totaal', numeric: true, cell: (m) => euros(m.total) },
          ]}
          footer={['Totaal', ...themes.map((_, i) => euros(perMunicipality.reduce((a, m) => a + (m.byTheme[i] ?? 0n), 0n))), euros(total)]}
        />
      ) : null}
    </section>
  );
}

interface UnderServingItem {
  readonly code: 'refusals' | 'waiting' | 'dropout' | 'reach';
  readonly signal: boolean;
  readonly nl: string;
}
const UNDER_SERVING_LABELS: Readonly<Record<UnderServingItem['code'], string>> = {
  refusals: 'Weigeringen',
  waiting: 'Wachttijden boven de drempel',
  dropout: 'Uitval boven die van de regio',
  reach: 'Bereik daalt terwijl de lumpsum blijft',
};

/** Signals against under-serving [issue 15]: a lump sum pays the same whatever the provider does. */
function UnderServingPanel({ ctx, provider }: { ctx: PageContext; provider: string }) {
  const half = latestHalf(ctx);
  const u = useApi<{ period: string; items: readonly UnderServingItem[] }>(withQuery('/api/under-serving', { provider, half }));
  return (
    <section className="jr-section" aria-labelledby="onderbediening-kop">
      <h2 className="utrecht-heading-2" id="onderbediening-kop">
        Signalen van onderbediening {u.data?.period ?? half}
      </h2>
      <p className="utrecht-paragraph">Een lumpsum betaalt hetzelfde, wat de aanbieder ook doet. Daarom kijkt de regio samen naar tekenen dat een aanbieder minder doet dan zijn taak.</p>
      {u.error ? <ProblemAlert problem={u.error} /> : null}
      {u.loading && !u.data ? <Loading what="De signalen" /> : null}
      {u.data ? (
        <DataTable
          id="tabel-onderbediening"
          caption={`Signalen van onderbediening ${u.data.period}`}
          rows={u.data.items}
          rowKey={(i) => i.code}
          columns={[
            { key: 'w', header: 'Signaal', rowHeader: true, cell: (i) => UNDER_SERVING_LABELS[i.code] },
            { key: 's', header: 'Staat', cell: (i) => (i.signal ? 'aandacht' : 'geen signaal') },
            { key: 'c', header: 'Cijfers', cell: (i) => i.nl },
          ]}
        />
      ) : null}
    </section>
  );
}

export function ProviderPage() {
  const ctx = usePageContext();
  const own = ctx.me.role === 'provider';
  const provider = own ? (ctx.me.provider ?? '') : ctx.filters.provider;
  const list = useApi<LumpSumRow[]>(own ? null : `/api/lumpsums/${ctx.year}`);
  const providers = [...new Map((list.data ?? []).map((r) => [r.provider, r.providerName])).entries()].sort((a, b) => a[1].localeCompare(b[1], 'nl'));
  const name = providers.find(([c]) => c === provider)?.[1];
  return (
    <>
      <PageTitle title={own ? 'Mijn aanbiedersdossier' : provider ? `Aanbieder ${name ?? provider}` : 'Aanbieder'} kicker="Prestatiedialoog: dossier per aanbieder (PD1)" />
      <p className="utrecht-paragraph jr-lead">
        Alles over één aanbieder voor de prestatiedialoog: geld, bereik, wachttijden en tijdigheid, per gemeente, naast de regio.
        {ctx.me.role === 'municipality' ? ' U ziet de jeugdigen van uw gemeente bij deze aanbieder, en die van de overige gemeenten samen.' : ''}
      </p>
      <FilterBar ctx={ctx} uses={['provider']} />
      {!provider ? (
        <>
          <Notice>Kies hierboven een aanbieder, of een uit de lijst.</Notice>
          <ul className="utrecht-unordered-list">
            {providers.map(([code, n]) => (
              <li className="utrecht-unordered-list__item" key={code}>
                <Link className="utrecht-link" to={hrefWith('/aanbieder', ctx.query, { [FILTER_PARAMS.provider]: code })}>
                  {n} ({code})
                </Link>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <>
          <ProviderMoney ctx={ctx} provider={provider} />
          {ctx.offer.underServing ? <UnderServingPanel ctx={ctx} provider={provider} /> : null}
          <PaymentsSection ctx={ctx} provider={provider} />
          {ctx.offer.explain ? <ExplainSection ctx={ctx} provider={provider} /> : null}
          {ctx.period === null ? (
            <NoPeriod />
          ) : (
            <>
              <ReachSection ctx={ctx} chosen={own ? 'municipality' : ctx.me.role === 'municipality' ? 'provider' : 'municipality'} showChoice={false} heading="Bereik" />
              <WaitingSection ctx={ctx} chosen={own ? 'municipality' : ctx.me.role === 'municipality' ? 'provider' : 'municipality'} />
              <TimelinessSection ctx={ctx} by={own ? 'municipality' : 'provider'} only={own ? undefined : (r) => r.providerCode === provider} />
            </>
          )}
        </>
      )}
    </>
  );
}
