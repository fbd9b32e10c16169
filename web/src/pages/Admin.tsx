// The region's administration: the audit log (GET /api/audit, newest first, page by page) and the
// accounts (GET/POST /api/accounts, disable): an added account's one-time password is shown once.
import { useState, type FormEvent } from 'react';
import { ApiProblem, request, withQuery } from '../api.ts';
import { useApi } from '../use-api.ts';
import { usePageContext } from '../page-context.ts';
import { PageTitle } from '../components/PageTitle.tsx';
import { ProblemAlert, Loading } from '../components/Problem.tsx';
import { DataTable } from '../components/DataTable.tsx';
import { SelectField, TextField } from '../components/Fields.tsx';
import { dateTime } from '../format.ts';
import { ROLE_LABELS } from '../roles.ts';

interface AuditEvent {
  readonly id: string;
  readonly at: string;
  readonly actor: string | null;
  readonly kind: string;
  readonly detail: Record<string, unknown>;
}

const AUDIT_KINDS: Record<string, string> = {
  'sign-in': 'aanmelding',
  'sign-in-failed': 'mislukte aanmelding',
  'sign-in-throttled': 'aanmelding geremd',
  'sign-out': 'afmelding',
  'sign-out-everywhere': 'overal afgemeld',
  'password-changed': 'wachtwoord gewijzigd',
  'account-added': 'account toegevoegd',
  'account-disabled': 'account uitgeschakeld',
  'token-created': 'token aangemaakt',
  'token-revoked': 'token ingetrokken',
  export: 'export',
  decision: 'besluit',
  'decision-refused': 'besluit geweigerd',
  import: 'import',
  'import-refused': 'import geweigerd',
};

const detailText = (d: Record<string, unknown>) =>
  Object.entries(d)
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join('; ');

export function AuditPage() {
  const [before, setBefore] = useState<string[]>([]);
  const cursor = before[before.length - 1];
  const audit = useApi<AuditEvent[]>(withQuery('/api/audit', { limit: 100, before: cursor }));
  const rows = audit.data ?? [];
  return (
    <>
      <PageTitle title="Auditlog" />
      <p className="utrecht-paragraph jr-lead">Aanmeldingen, mislukte aanmeldingen, exports, imports, besluiten en wijzigingen van accounts — nieuwste eerst.</p>
      {audit.error ? <ProblemAlert problem={audit.error} /> : null}
      {audit.loading ? <Loading what="De auditlog" /> : null}
      {audit.data ? (
        <DataTable
          id="tabel-audit"
          caption={before.length === 0 ? 'De laatste 100 gebeurtenissen' : `Gebeurtenissen vóór nummer ${cursor ?? ''}`}
          rows={rows}
          rowKey={(e) => e.id}
          columns={[
            { key: 'w', header: 'Wanneer', rowHeader: true, cell: (e) => dateTime(e.at) },
            { key: 'k', header: 'Wat', cell: (e) => AUDIT_KINDS[e.kind] ?? e.kind },
            { key: 'a', header: 'Wie', cell: (e) => e.actor ?? '—' },
            { key: 'd', header: 'Bijzonderheden', cell: (e) => detailText(e.detail) },
          ]}
        />
      ) : null}
      <p className="utrecht-paragraph">
        {before.length > 0 ? (
          <button type="button" className="utrecht-button utrecht-button--secondary-action" onClick={() => setBefore((b) => b.slice(0, -1))}>
            Nieuwere gebeurtenissen
          </button>
        ) : null}{' '}
        {rows.length === 100 ? (
          <button type="button" className="utrecht-button utrecht-button--secondary-action" onClick={() => setBefore((b) => [...b, rows[rows.length - 1]!.id])}>
            Oudere gebeurtenissen
          </button>
        ) : null}
      </p>
    </>
  );
}

interface Account {
  readonly login: string;
  readonly role: keyof typeof ROLE_LABELS;
  readonly municipality: string | null;
  readonly provider: string | null;
  readonly signIn: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly disabledAt: string | null;
}

export function AccountsPage() {
  const ctx = usePageContext();
  const [version, setVersion] = useState(0);
  const accounts = useApi<Account[]>('/api/accounts', version);
  const [login, setLogin] = useState('');
  const [role, setRole] = useState('municipality');
  const [municipality, setMunicipality] = useState(ctx.region.municipalities[0]?.code ?? '');
  const [provider, setProvider] = useState('');
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [added, setAdded] = useState<{ login: string; password: string } | null>(null);
  const add = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    setAdded(null);
    try {
      const body = { login, role, ...(role === 'municipality' || role === 'council' ? { municipality } : {}), ...(role === 'provider' ? { provider } : {}) };
      const a = await request<{ account: Account; password: string }>('/api/accounts', { json: body });
      setAdded({ login: a.data.account.login, password: a.data.password });
      setLogin('');
      setVersion((v) => v + 1);
    } catch (err) {
      setProblem(err instanceof ApiProblem ? err : new ApiProblem(0, 'Fout', String(err), undefined));
    }
  };
  const disable = async (who: string) => {
    setProblem(null);
    if (!window.confirm(`Account ${who} uitschakelen? De sessies van dit account eindigen en de tokens worden ingetrokken.`)) return;
    try {
      await request(`/api/accounts/${encodeURIComponent(who)}/disable`, { method: 'POST' });
      setVersion((v) => v + 1);
    } catch (err) {
      setProblem(err instanceof ApiProblem ? err : new ApiProblem(0, 'Fout', String(err), undefined));
    }
  };
  const scope = (a: Account) => (a.municipality ? ctx.names.municipality(a.municipality) : (a.provider ?? '—'));
  return (
    <>
      <PageTitle title="Accounts" />
      <section className="jr-section" aria-labelledby="account-nieuw-kop">
        <h2 className="utrecht-heading-2" id="account-nieuw-kop">
          Account toevoegen
        </h2>
        <form className="jr-form" onSubmit={(e) => void add(e)} noValidate>
          <TextField id="nieuw-login" label="Gebruikersnaam (e-mailadres)" value={login} onChange={setLogin} required autoComplete="off" />
          <SelectField id="nieuw-rol" label="Rol" value={role} onChange={setRole}>
            <option value="region">regioteam</option>
            <option value="municipality">gemeente</option>
            <option value="provider">aanbieder</option>
            <option value="council">gemeenteraad</option>
          </SelectField>
          {role === 'municipality' || role === 'council' ? (
            <SelectField id="nieuw-gemeente" label="Gemeente" value={municipality} onChange={setMunicipality}>
              {ctx.region.municipalities.map((m) => (
                <option key={m.code} value={m.code}>
                  {m.name}
                </option>
              ))}
            </SelectField>
          ) : null}
          {role === 'provider' ? <TextField id="nieuw-aanbieder" label="Aanbiedercode" value={provider} onChange={setProvider} required description="De code uit het toewijzingsplan, zoals DEMO01." /> : null}
          <button type="submit" className="utrecht-button utrecht-button--primary-action">
            Account toevoegen
          </button>
        </form>
        {problem ? <ProblemAlert problem={problem} /> : null}
        {added ? (
          <div className="utrecht-alert utrecht-alert--ok jr-alert" role="status">
            <p className="utrecht-paragraph">
              Account <strong>{added.login}</strong> is toegevoegd. Eenmalig wachtwoord (wordt niet nog eens getoond; bij de eerste aanmelding kiest de gebruiker een eigen): <code className="jr-secret">{added.password}</code>
            </p>
          </div>
        ) : null}
      </section>
      <section className="jr-section" aria-labelledby="accounts-kop">
        <h2 className="utrecht-heading-2" id="accounts-kop">
          Alle accounts
        </h2>
        {accounts.error ? <ProblemAlert problem={accounts.error} /> : null}
        {accounts.data ? (
          <DataTable
            id="tabel-accounts"
            caption="Accounts"
            rows={accounts.data}
            rowKey={(a) => a.login}
            columns={[
              { key: 'l', header: 'Gebruikersnaam', rowHeader: true, cell: (a) => a.login },
              { key: 'r', header: 'Rol', cell: (a) => ROLE_LABELS[a.role] ?? a.role },
              { key: 's', header: 'Voor', cell: scope },
              { key: 'i', header: 'Aanmelden via', cell: (a) => a.signIn },
              { key: 'c', header: 'Aangemaakt', cell: (a) => `${dateTime(a.createdAt)} door ${a.createdBy}` },
              {
                key: 'd',
                header: 'Status',
                cell: (a) =>
                  a.disabledAt ? (
                    `uitgeschakeld ${dateTime(a.disabledAt)}`
                  ) : (
                    <button type="button" className="utrecht-button utrecht-button--subtle jr-small-button" onClick={() => void disable(a.login)} aria-label={`Account ${a.login} uitschakelen`}>
                      Uitschakelen
                    </button>
                  ),
              },
            ]}
          />
        ) : null}
      </section>
    </>
  );
}
