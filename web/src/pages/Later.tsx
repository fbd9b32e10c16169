// Steering element 4 (content goals): the theme goals and KPIs arrive with the rest of issue 15;
// until then this page says so in plain words. (Quality, element 5, is pages/Quality.tsx.)
import { PageTitle } from '../components/PageTitle.tsx';
import { Link } from '../router.tsx';

export function LaterPage({ element }: { element: 'doelen' | 'kwaliteit' }) {
  const goals = element === 'doelen';
  return (
    <>
      <PageTitle title={goals ? 'Inhoudelijke doelen' : 'Kwaliteit'} kicker={goals ? 'Sturingselement 4' : 'Sturingselement 5'} />
      <div className="utrecht-alert utrecht-alert--info jr-alert">
        <p className="utrecht-paragraph">
          <strong>Nog niet beschikbaar.</strong>{' '}
          {goals
            ? 'Hier komen de doelen per thema met hun indicatoren (zoals uithuisplaatsingen per 1.000 jeugdigen en de afname van verblijf ten opzichte van 2026), afgezet tegen de startfoto en het pad naar de doelen van 2028 en 2034. Dat werk is gepland (issue 15).'
            : 'Hier komen de kwaliteitsgegevens (zoals cliëntervaring, klachten en calamiteiten), zodra Jeugdregie de gegevens daarvoor ontvangt. Dat werk is gepland (issue 15).'}
        </p>
      </div>
      <p className="utrecht-paragraph">
        De uitkomsten van de zorg (uitval, tevredenheid) staan bij <Link className="utrecht-link" to="/kwaliteit">Kwaliteit</Link>. Tot die tijd staan de andere cijfers bij <Link className="utrecht-link" to="/geld">Geld</Link>, <Link className="utrecht-link" to="/tijdigheid">Tijdigheid en volledigheid</Link> en{' '}
        <Link className="utrecht-link" to="/clienten">Cliëntaantallen en stromen</Link>.
      </p>
    </>
  );
}
