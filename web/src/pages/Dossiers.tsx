// The dossiers of the performance dialogue about the region (PD2): a theme, an area, the region as a
// whole. Each is the monitor and the money seen from that subject, with the shared filters.
import { usePageContext, type PageContext } from '../page-context.ts';
import { PageTitle } from '../components/PageTitle.tsx';
import { FilterBar } from '../components/FilterBar.tsx';
import { Notice } from '../components/Problem.tsx';
import { ReachSection, TrendSection, WaitingSection } from './monitor-parts.tsx';
import { BudgetSection, LumpSumSection } from './Money.tsx';
import { TimelinessSection } from './Timeliness.tsx';
import { NoPeriod } from './Clients.tsx';
import { Link } from '../router.tsx';
import { hrefWith, FILTER_PARAMS } from '../filters.ts';

function Choose({ ctx, param, items }: { ctx: PageContext; param: string; items: readonly { value: string; label: string }[] }) {
  return (
    <ul className="utrecht-unordered-list">
      {items.map((i) => (
        <li className="utrecht-unordered-list__item" key={i.value}>
          <Link className="utrecht-link" to={hrefWith(ctx.path, ctx.query, { [param]: i.value })}>
            {i.label}
          </Link>
        </li>
      ))}
    </ul>
  );
}

export function ThemePage() {
  const ctx = usePageContext();
  const theme = ctx.filters.theme;
  const scoped = ctx.offer.column !== null;
  return (
    <>
      <PageTitle title={theme ? `Thema ${ctx.names.theme(theme)}` : 'Thema'} kicker="Prestatiedialoog: dossier per thema (PD2)" />
      <p className="utrecht-paragraph jr-lead">Eén thema van de opdracht: de aanbieders die erin werken, hun lumpsums, en het bereik en de wachttijden.</p>
      <FilterBar ctx={ctx} uses={['theme', 'municipality', 'care_form']} />
      {!theme ? (
        <>
          <Notice>Kies hierboven een thema, of een uit de lijst.</Notice>
          <Choose ctx={ctx} param={FILTER_PARAMS.theme} items={ctx.region.themes.map((t) => ({ value: t.code, label: ctx.names.theme(t.code) }))} />
        </>
      ) : (
        <>
          <LumpSumSection ctx={ctx} />
          {ctx.period === null ? (
            <NoPeriod />
          ) : (
            <>
              <ReachSection ctx={ctx} chosen={scoped ? 'theme' : 'provider'} showChoice={false} />
              <WaitingSection ctx={ctx} chosen={scoped ? 'theme' : 'provider'} />
            </>
          )}
        </>
      )}
    </>
  );
}

export function AreaPage() {
  const ctx = usePageContext();
  const area = ctx.filters.area;
  const areas = ctx.region.areas.filter((a) => ctx.me.role !== 'municipality' || a.within?.municipality === ctx.me.municipality);
  const scoped = ctx.offer.column !== null;
  return (
    <>
      <PageTitle title={area ? `Gebied ${ctx.names.area(area)}` : 'Gebied'} kicker="Prestatiedialoog: dossier per gebied (PD2)" />
      <p className="utrecht-paragraph jr-lead">Eén gebied: hoeveel jeugdigen er jeugdhulp kregen, bij welke aanbieders en in welke zorgvormen, en hoe lang zij wachtten.</p>
      <FilterBar ctx={ctx} uses={['area', 'provider', 'care_form']} />
      {!area ? (
        <>
          <Notice>Kies hierboven een gebied, of een uit de lijst.</Notice>
          <Choose ctx={ctx} param={FILTER_PARAMS.area} items={areas.map((a) => ({ value: a.id, label: a.name }))} />
        </>
      ) : ctx.period === null ? (
        <NoPeriod />
      ) : (
        <>
          <ReachSection ctx={ctx} chosen={scoped ? 'area' : 'provider'} showChoice={false} />
          {scoped ? null : <ReachSection ctx={ctx} chosen="care_form" showChoice={false} heading="Bereik naar zorgvorm" />}
          <WaitingSection ctx={ctx} chosen={scoped ? 'area' : 'provider'} />
        </>
      )}
    </>
  );
}

export function RegionPage() {
  const ctx = usePageContext();
  return (
    <>
      <PageTitle title={`Regio ${ctx.region.name}`} kicker="Prestatiedialoog: dossier van de regio (PD2)" />
      <p className="utrecht-paragraph jr-lead">De regio als geheel: geld per gemeente, bereik per gemeente en in de tijd, en de tijdigheid.</p>
      <FilterBar ctx={ctx} uses={[]} />
      {ctx.me.role !== 'provider' ? <BudgetSection ctx={ctx} /> : null}
      {ctx.period === null ? (
        <NoPeriod />
      ) : (
        <>
          <ReachSection ctx={ctx} chosen={ctx.offer.column === 'municipality' ? 'theme' : 'municipality'} showChoice={false} />
          <TrendSection ctx={ctx} />
          <TimelinessSection ctx={ctx} by="total" />
        </>
      )}
    </>
  );
}
