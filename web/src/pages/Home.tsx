// The first page after signing in: what this role sees, the five steering elements, and the
// headline figures of the period (reach of the whole, the lump sums of the year).
import { withQuery, type LumpSumRow, type ReachRow } from '../api.ts';
import { useApi } from '../use-api.ts';
import { usePageContext } from '../page-context.ts';
import { PageTitle } from '../components/PageTitle.tsx';
import { Link } from '../router.tsx';
import { count, dutchDate, euros } from '../format.ts';
import { ProblemAlert, SlowNote } from '../components/Problem.tsx';
import { isOthers } from './monitor-parts.tsx';

const WHAT: Record<string, string> = {
  region: 'U ziet alle cijfers tot op het laagste detailniveau, het grootboek en de auditlog, en u legt besluiten vast.',
  municipality: 'U ziet de cijfers van uw eigen gemeente tot op het laagste detailniveau; de andere gemeenten alleen samen, als "overige gemeenten". Begrotingen, bijdragen, lumpsums en betalingen ziet u voor alle gemeenten.',
  provider: 'U ziet de cijfers van uw eigen organisatie (lumpsum, betalingen, bereik, wachttijden, tijdigheid), per gemeente en gebied, naast die van de hele regio.',
  council: 'U ziet de cijfers van uw gemeente naast die van de overige gemeenten samen, per thema en zorgvorm, per halfjaar en jaar; en de raadsrapportage.',
};

export function HomePage() {
  const ctx = usePageContext();
  const by = ctx.offer.column ?? 'total';
  const reach = useApi<ReachRow[]>(ctx.period ? withQuery('/api/monitor/reach', { period: ctx.period, by }) : null);
  const lump = useApi<LumpSumRow[]>(`/api/lumpsums/${ctx.year}`);
  const own = (reach.data ?? []).find((r) => !isOthers(ctx, r as never));
  const total = (lump.data ?? []).reduce((a, r) => a + BigInt(r.amountCents), 0n);
  const providers = new Set((lump.data ?? []).map((r) => r.provider)).size;
  const period = ctx.periods.find((p) => p.value === ctx.period)?.label ?? ctx.period ?? '';
  return (
    <>
      <PageTitle title={`Overzicht ${ctx.region.name}`} />
      <p className="utrecht-paragraph jr-lead">{WHAT[ctx.me.role]}</p>
      <p className="utrecht-paragraph">{ctx.dataUpTo ? `De gegevens lopen tot en met ${dutchDate(ctx.dataUpTo)}.` : 'Er zijn nog geen iJw-berichten ontvangen: de monitor heeft nog geen cijfers.'}</p>
      <section className="jr-section" aria-labelledby="kern-kop">
        <h2 className="utrecht-heading-2" id="kern-kop">
          Kerncijfers {period}
        </h2>
        {reach.error ? <ProblemAlert problem={reach.error} /> : null}
        <SlowNote pending={reach.loading || lump.loading} />
        <dl className="jr-keyfigures">
          <div className="jr-keyfigure">
            <dt>Unieke jeugdigen in zorg{ctx.offer.column === 'provider' ? ' (eigen)' : ctx.offer.column === 'municipality' ? ` (${ctx.names.municipality(ctx.me.municipality ?? '')})` : ''}</dt>
            <dd>{reach.data ? count(own?.uniqueYouth) : ctx.period ? '…' : '—'}</dd>
          </div>
          <div className="jr-keyfigure">
            <dt>Starts</dt>
            <dd>{reach.data ? count(own?.starts) : ctx.period ? '…' : '—'}</dd>
          </div>
          <div className="jr-keyfigure">
            <dt>{ctx.me.role === 'provider' ? `Lumpsum ${ctx.year}` : `Lumpsums ${ctx.year}`}</dt>
            <dd>{lump.data ? euros(total) : lump.error ? '—' : '…'}</dd>
          </div>
          {ctx.me.role !== 'provider' ? (
            <div className="jr-keyfigure">
              <dt>Aanbieders met een lumpsum</dt>
              <dd>{lump.data ? count(providers) : '…'}</dd>
            </div>
          ) : null}
        </dl>
      </section>
      <section className="jr-section" aria-labelledby="sturing-kop">
        <h2 className="utrecht-heading-2" id="sturing-kop">
          De vijf sturingselementen
        </h2>
        <ol className="jr-cards">
          <li className="jr-card">
            <Link className="utrecht-link jr-card__link" to="/geld">
              1 Geld
            </Link>
            <p>Begroting, lumpsums, bijdragen, betaalschema en wat betaald is.</p>
          </li>
          <li className="jr-card">
            <Link className="utrecht-link jr-card__link" to="/tijdigheid">
              2 Tijdigheid en volledigheid
            </Link>
            <p>Terugwerkende kracht, te late starts en stops, toewijzingen zonder start.</p>
          </li>
          <li className="jr-card">
            <Link className="utrecht-link jr-card__link" to="/clienten">
              3 Cliëntaantallen en stromen
            </Link>
            <p>Bereik, starts, stops per reden, in zorg, wachttijden in de tijd.</p>
          </li>
          <li className="jr-card">
            <Link className="utrecht-link jr-card__link" to="/doelen">
              4 Inhoudelijke doelen
            </Link>
            <p>Komt zodra de gegevens er zijn.</p>
          </li>
          <li className="jr-card">
            <Link className="utrecht-link jr-card__link" to="/kwaliteit">
              5 Kwaliteit
            </Link>
            <p>Komt zodra de gegevens er zijn.</p>
          </li>
        </ol>
      </section>
    </>
  );
}
