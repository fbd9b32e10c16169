// The sign-in page: login and password (POST /api/session), the identity provider's button when one
// is configured (GET /api/oidc), and the demo accounts only in demo mode (GET /api/demo-accounts
// answers only then). A refusal is shown as the server words it (wrong password, throttled).
import { useEffect, useState, type FormEvent } from 'react';
import { ApiProblem, get, request, type Me } from '../api.ts';
import { useSession } from '../session.tsx';
import { ProblemAlert } from '../components/Problem.tsx';
import { ROLE_LABELS } from '../roles.ts';

interface DemoAccount {
  readonly login: string;
  readonly password: string;
  readonly role: keyof typeof ROLE_LABELS;
  readonly description: string;
}

export function SignIn({ notice }: { notice?: string | undefined }) {
  const { refresh } = useSession();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [demo, setDemo] = useState<DemoAccount[] | null>(null);
  const [oidc, setOidc] = useState<{ enabled: boolean; name: string | null } | null>(null);
  useEffect(() => {
    document.title = 'Aanmelden — Jeugdregie';
    get<DemoAccount[]>('/api/demo-accounts').then(setDemo, () => setDemo(null));
    get<{ enabled: boolean; name: string | null }>('/api/oidc').then(setOidc, () => setOidc(null));
  }, []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (login.trim() === '' || password === '') {
      setProblem(new ApiProblem(400, 'Ongeldig verzoek', 'vul uw gebruikersnaam en wachtwoord in', 'EMPTY'));
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      await request<Me>('/api/session', { json: { login, password } });
      await refresh();
    } catch (err) {
      setProblem(err instanceof ApiProblem ? err : new ApiProblem(0, 'Fout', String(err), undefined));
      setBusy(false);
    }
  };
  return (
    <div className="utrecht-page-layout jr-page jr-signin">
      <header className="utrecht-page-header jr-header">
        <div className="utrecht-page-header__content jr-header__content">
          <div className="jr-header__brand">
            <p className="jr-header__title">Jeugdregie</p>
            <p className="jr-header__sub">Gezamenlijke monitor van de jeugdhulpregio</p>
          </div>
        </div>
      </header>
      <main id="inhoud" className="utrecht-page-content jr-main jr-signin__main">
        <h1 className="utrecht-heading-1">Aanmelden</h1>
        {notice ? (
          <div className="utrecht-alert utrecht-alert--info jr-alert" role="status">
            <p className="utrecht-paragraph">{notice}</p>
          </div>
        ) : null}
        {problem ? <ProblemAlert problem={problem} heading={problem.status === 429 ? 'Te veel pogingen' : 'Aanmelden lukte niet'} /> : null}
        <form className="jr-form jr-signin__form" onSubmit={(e) => void submit(e)} noValidate>
          <div className="utrecht-form-field utrecht-form-field--text">
            <div className="utrecht-form-field__label">
              <label className="utrecht-form-label" htmlFor="login">
                Gebruikersnaam
              </label>
            </div>
            <div className="utrecht-form-field__input">
              <input id="login" name="username" className="utrecht-textbox utrecht-textbox--html-input" autoComplete="username" required value={login} onChange={(e) => setLogin(e.target.value)} />
            </div>
          </div>
          <div className="utrecht-form-field utrecht-form-field--text">
            <div className="utrecht-form-field__label">
              <label className="utrecht-form-label" htmlFor="password">
                Wachtwoord
              </label>
            </div>
            <div className="utrecht-form-field__input">
              <input id="password" name="password" type="password" className="utrecht-textbox utrecht-textbox--html-input" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
            </div>
          </div>
          <button type="submit" className="utrecht-button utrecht-button--primary-action" disabled={busy}>
            Aanmelden
          </button>
        </form>
        {oidc?.enabled ? (
          <p className="utrecht-paragraph jr-oidc">
            <a className="utrecht-button utrecht-button--secondary-action jr-button-link" href="/api/oidc/start">
              Aanmelden via {oidc.name ?? 'de identiteitsprovider van uw gemeente'}
            </a>
          </p>
        ) : null}
        {demo && demo.length > 0 ? (
          <section className="jr-section" aria-labelledby="demo-kop">
            <h2 className="utrecht-heading-2" id="demo-kop">
              Demo-accounts
            </h2>
            <p className="utrecht-paragraph">Deze server draait als demonstratie met verzonnen gegevens. Meld u aan met een van deze accounts om de rollen te bekijken:</p>
            <div className="utrecht-table-container jr-scroll" role="region" aria-labelledby="demo-caption" tabIndex={0}>
              <table className="utrecht-table utrecht-table--html-table jr-table">
                <caption className="utrecht-table__caption jr-table__caption" id="demo-caption">
                  Demo-accounts per rol
                </caption>
                <thead className="utrecht-table__header">
                  <tr className="utrecht-table__row">
                    <th scope="col" className="utrecht-table__header-cell">
                      Rol
                    </th>
                    <th scope="col" className="utrecht-table__header-cell">
                      Gebruikersnaam
                    </th>
                    <th scope="col" className="utrecht-table__header-cell">
                      Wachtwoord (demo)
                    </th>
                    <th scope="col" className="utrecht-table__header-cell">
                      Wie
                    </th>
                  </tr>
                </thead>
                <tbody className="utrecht-table__body">
                  {demo.map((a) => (
                    <tr className="utrecht-table__row" key={a.login}>
                      <th scope="row" className="utrecht-table__header-cell jr-row-header">
                        {ROLE_LABELS[a.role] ?? a.role}
                      </th>
                      <td className="utrecht-table__cell">
                        <code>{a.login}</code>
                      </td>
                      <td className="utrecht-table__cell">
                        <code>{a.password}</code>
                      </td>
                      <td className="utrecht-table__cell">{a.description}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        ) : null}
      </main>
    </div>
  );
}
