// The frame of every page: a skip link, the header (region, who is signed in, in which role, sign
// out), the navigation along the five steering elements (DOMAIN.md §5) and the role's own pages,
// the main content and a footer. NL Design System page components (utrecht-page-*).
import { useEffect, useRef, type ReactNode } from 'react';
import { Link, useLocation } from '../router.tsx';
import { useSession, useSigned } from '../session.tsx';
import { ROLE_LABELS, ROLE_OFFERS } from '../roles.ts';
import { namesOf } from '../names.ts';
import { dutchDate } from '../format.ts';

export interface NavItem {
  readonly path: string;
  readonly label: string;
}

/** The pages in the navigation for the signed-in role. */
export function navigationFor(role: keyof typeof ROLE_OFFERS): { steering: NavItem[]; more: NavItem[] } {
  const offer = ROLE_OFFERS[role];
  const steering: NavItem[] = [
    { path: '/geld', label: '1 Geld' },
    { path: '/tijdigheid', label: '2 Tijdigheid en volledigheid' },
    { path: '/clienten', label: '3 Cliëntaantallen en stromen' },
    { path: '/doelen', label: '4 Inhoudelijke doelen' },
    { path: '/kwaliteit', label: '5 Kwaliteit' },
  ];
  const more: NavItem[] = [{ path: '/', label: 'Overzicht' }];
  if (offer.utilisation) more.push({ path: '/uitnutting', label: 'Uitnutting en prognose' });
  if (offer.reportSubmit) more.push({ path: '/rapportage', label: 'Rapportage inleveren' });
  if (offer.keysPropose) more.push({ path: '/verdeelsleutel', label: 'Verdeelsleutel' });
  if (offer.coverage) more.push({ path: '/dekking', label: 'Dekking van de bronnen' });
  if (offer.bijSubmit) more.push({ path: '/cbs-levering', label: 'CBS-levering inleveren' });
  more.push({ path: '/landelijk', label: 'Landelijke vergelijking' });
  more.push({ path: '/meerjarenperspectief', label: 'Meerjarenperspectief' });
  if (role !== 'council') more.push({ path: '/aanbieder', label: role === 'provider' ? 'Mijn aanbiedersdossier' : 'Aanbieder' });
  more.push({ path: '/thema', label: 'Thema' });
  if (role !== 'council') more.push({ path: '/gebied', label: 'Gebied' });
  more.push({ path: '/regio', label: 'Regio' });
  if (offer.councilReport) more.push({ path: '/raadsrapportage', label: 'Raadsrapportage' });
  if (offer.tender) more.push({ path: '/aanbesteding', label: 'Aanbesteding' });
  if (offer.tenderOwn) more.push({ path: '/aanbesteding', label: 'Mijn inschrijving' });
  if (offer.decisions) more.push({ path: '/besluiten', label: 'Besluiten' }, { path: '/begroting-importeren', label: 'Begroting importeren' });
  if (offer.administration) more.push({ path: '/audit', label: 'Auditlog' }, { path: '/accounts', label: 'Accounts' });
  more.push({ path: '/account', label: 'Mijn account' });
  return { steering, more };
}

function whoLabel(role: keyof typeof ROLE_LABELS, municipality: string | null, provider: string | null, municipalityName: (c: string) => string): string {
  if (role === 'municipality' || role === 'council') return `${ROLE_LABELS[role]} ${municipality ? municipalityName(municipality) : ''}`.trim();
  if (role === 'provider') return `${ROLE_LABELS[role]} ${provider ?? ''}`.trim();
  return ROLE_LABELS[role];
}

export function Layout({ children }: { children: ReactNode }) {
  const { me, region, coverage } = useSigned();
  const { signOut } = useSession();
  const { path } = useLocation();
  const names = namesOf(region);
  const nav = navigationFor(me.role);
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  // After moving to another page, the focus goes to its content (a screen reader reads the new page).
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [path]);
  const current = (p: string) => (p === '/' ? path === '/' : path === p || path.startsWith(`${p}/`));
  return (
    <div className="utrecht-page-layout jr-page">
      <a className="utrecht-skip-link utrecht-skip-link--visible-on-focus" href="#inhoud">
        Naar de inhoud
      </a>
      <header className="utrecht-page-header jr-header">
        <div className="utrecht-page-header__content jr-header__content">
          <div className="jr-header__brand">
            <Link to="/" className="jr-header__title">
              Jeugdregie <span className="jr-header__region">{region?.name ?? ''}</span>
            </Link>
            <p className="jr-header__sub">Gezamenlijke monitor van de jeugdhulpregio</p>
          </div>
          <div className="jr-header__who">
            <p className="jr-header__user">
              Aangemeld als <strong>{me.login}</strong>
              <br />
              <span>rol: {whoLabel(me.role, me.municipality, me.provider, names.municipality)}</span>
            </p>
            <button type="button" className="utrecht-button utrecht-button--secondary-action jr-small-button" onClick={() => void signOut(false)}>
              Afmelden
            </button>
          </div>
        </div>
      </header>
      <nav className="jr-nav" aria-label="Hoofdnavigatie">
        <div className="jr-nav__content">
          <p className="jr-nav__heading" id="nav-sturing">
            Sturingselementen
          </p>
          <ul className="utrecht-nav-list jr-nav__list" aria-labelledby="nav-sturing">
            {nav.steering.map((i) => (
              <li className="utrecht-nav-list__item" key={i.path}>
                <Link to={i.path} className="utrecht-nav-list__link jr-nav__link" aria-current={current(i.path) ? 'page' : undefined}>
                  {i.label}
                </Link>
              </li>
            ))}
          </ul>
          <p className="jr-nav__heading" id="nav-meer">
            Dossiers en beheer
          </p>
          <ul className="utrecht-nav-list jr-nav__list" aria-labelledby="nav-meer">
            {nav.more.map((i) => (
              <li className="utrecht-nav-list__item" key={i.path}>
                <Link to={i.path} className="utrecht-nav-list__link jr-nav__link" aria-current={current(i.path) ? 'page' : undefined}>
                  {i.label}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      </nav>
      <main id="inhoud" ref={main} tabIndex={-1} className="utrecht-page-content jr-main">
        {coverage?.incomplete ? (
          <div className="utrecht-alert utrecht-alert--warning jr-alert" role="status">
            <p className="utrecht-paragraph">Let op: {coverage.incomplete}</p>
          </div>
        ) : null}
        {children}
      </main>
      <footer className="utrecht-page-footer jr-footer">
        <div className="utrecht-page-footer__content jr-footer__content">
          <p>
            Jeugdregie — {region?.name ?? ''}. {coverage?.dataUpTo ? `Gegevens tot en met ${dutchDate(coverage.dataUpTo)}.` : 'Nog geen iJw-berichten ontvangen.'}
          </p>
          <p>
            Aantallen van 1 tot en met 4 jeugdigen worden voor anderen dan de eigenaar niet getoond: <span className="jr-hidden-sample">afgeschermd</span>.{' '}
            <a className="utrecht-link" href="/openapi.json">
              API-beschrijving
            </a>
          </p>
        </div>
      </footer>
    </div>
  );
}
