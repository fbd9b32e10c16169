// Steering element 3: client numbers and flows — reach (unique young people, starts, stops, in care
// at the end) per drill-down level, its course over the year, stops per reason, waiting times.
import { usePageContext } from '../page-context.ts';
import { FilterBar } from '../components/FilterBar.tsx';
import { Notice } from '../components/Problem.tsx';
import { ReachSection, StopsSection, TrendSection, WaitingSection } from './monitor-parts.tsx';
import { PageTitle } from '../components/PageTitle.tsx';

export function NoPeriod() {
  return <Notice>Er is nog geen periode waarover u cijfers kunt zien: de gegevens dekken nog geen afgesloten kwartaal, halfjaar of jaar.</Notice>;
}

export function ClientsPage() {
  const ctx = usePageContext();
  return (
    <>
      <PageTitle title="Cliëntaantallen en stromen" kicker="Sturingselement 3" />
      <p className="utrecht-paragraph jr-lead">
        Hoeveel jeugdigen jeugdhulp kregen, hoeveel trajecten begonnen en eindigden (en waarom), hoeveel er aan het eind in zorg waren en hoe lang zij wachtten. Kies een rij om in te zoomen: regio → thema → aanbieder → gemeente → gebied.
      </p>
      <FilterBar ctx={ctx} />
      {ctx.period === null ? (
        <NoPeriod />
      ) : (
        <>
          <ReachSection ctx={ctx} />
          <TrendSection ctx={ctx} />
          <StopsSection ctx={ctx} />
          <WaitingSection ctx={ctx} />
        </>
      )}
    </>
  );
}
