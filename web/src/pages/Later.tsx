// Steering elements 4 (content goals) and 5 (quality): their data arrive with their own issues
// (14 and 15); until then this page says so in plain words.
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
            ? 'Hier komen de inhoudelijke doelen per thema en aanbieder (zoals doelrealisatie en uitstroom naar lichtere hulp), zodra Jeugdregie de gegevens daarvoor ontvangt. Dat werk is gepland (issue 14).'
            : 'Hier komen de kwaliteitsgegevens (zoals cliëntervaring, klachten en calamiteiten), zodra Jeugdregie de gegevens daarvoor ontvangt. Dat werk is gepland (issue 15).'}
        </p>
      </div>
      <p className="utrecht-paragraph">
        Tot die tijd staan de cijfers die er al zijn bij <Link className="utrecht-link" to="/geld">Geld</Link>, <Link className="utrecht-link" to="/tijdigheid">Tijdigheid en volledigheid</Link> en{' '}
        <Link className="utrecht-link" to="/clienten">Cliëntaantallen en stromen</Link>.
      </p>
    </>
  );
}
