// One's own account: change the password (first of all when the account still has its initial
// one), sign out on every device, and API tokens for one's own systems (shown once).
import { useState, type FormEvent } from 'react';
import { ApiProblem, request } from '../api.ts';
import { useSession } from '../session.tsx';
import { ProblemAlert, Notice } from '../components/Problem.tsx';
import { DataTable } from '../components/DataTable.tsx';
import { useApi } from '../use-api.ts';
import { dateTime } from '../format.ts';
import { TextField } from '../components/Fields.tsx';

export function PasswordForm({ forced }: { forced: boolean }) {
  const { refresh } = useSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [done, setDone] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    setDone(false);
    if (next !== again) {
      setProblem(new ApiProblem(400, 'Ongeldig verzoek', 'het nieuwe wachtwoord en de herhaling verschillen; typ het twee keer hetzelfde', 'MISMATCH'));
      return;
    }
    try {
      await request('/api/account/password', { json: { current, next } });
      setDone(true);
      setCurrent('');
      setNext('');
      setAgain('');
      if (forced) await refresh();
    } catch (err) {
      setProblem(err instanceof ApiProblem ? err : new ApiProblem(0, 'Fout', String(err), undefined));
    }
  };
  return (
    <form className="jr-form" onSubmit={(e) => void submit(e)} aria-labelledby="wachtwoord-kop">
      <h2 className="utrecht-heading-2" id="wachtwoord-kop">
        Wachtwoord wijzigen
      </h2>
      {forced ? <Notice>Dit account heeft nog het eerste wachtwoord dat bij het aanmaken is gegeven. Kies eerst een eigen wachtwoord; daarna opent de monitor.</Notice> : null}
      {problem ? <ProblemAlert problem={problem} heading="Wachtwoord niet gewijzigd" /> : null}
      {done ? (
        <div className="utrecht-alert utrecht-alert--ok jr-alert" role="status">
          <p className="utrecht-paragraph">Het wachtwoord is gewijzigd. Andere sessies van dit account zijn beëindigd.</p>
        </div>
      ) : null}
      <TextField id="pw-current" label="Huidig wachtwoord" type="password" autoComplete="current-password" value={current} onChange={setCurrent} required />
      <TextField id="pw-next" label="Nieuw wachtwoord" type="password" autoComplete="new-password" value={next} onChange={setNext} required description="Kies een lang wachtwoord dat u nergens anders gebruikt." />
      <TextField id="pw-again" label="Nieuw wachtwoord nogmaals" type="password" autoComplete="new-password" value={again} onChange={setAgain} required />
      <button type="submit" className="utrecht-button utrecht-button--primary-action">
        Wachtwoord wijzigen
      </button>
    </form>
  );
}

interface Token {
  readonly id: number;
  readonly prefix: string;
  readonly label: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

function Tokens() {
  const [version, setVersion] = useState(0);
  const tokens = useApi<Token[]>('/api/account/tokens', version);
  const [label, setLabel] = useState('');
  const [shown, setShown] = useState<string | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const reload = () => setVersion((v) => v + 1);
  const create = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    try {
      const a = await request<{ id: number; token: string }>('/api/account/tokens', { json: { label } });
      setShown(a.data.token);
      setLabel('');
      reload();
    } catch (err) {
      setProblem(err instanceof ApiProblem ? err : new ApiProblem(0, 'Fout', String(err), undefined));
    }
  };
  const revoke = async (id: number) => {
    setProblem(null);
    try {
      await request(`/api/account/tokens/${id}`, { method: 'DELETE' });
      reload();
    } catch (err) {
      setProblem(err instanceof ApiProblem ? err : new ApiProblem(0, 'Fout', String(err), undefined));
    }
  };
  return (
    <section className="jr-section" aria-labelledby="tokens-kop">
      <h2 className="utrecht-heading-2" id="tokens-kop">
        API-tokens
      </h2>
      <p className="utrecht-paragraph">Een token laat een systeem namens dit account de API gebruiken (Authorization: Bearer …). Het wordt één keer getoond en kan worden ingetrokken.</p>
      {problem ? <ProblemAlert problem={problem} /> : null}
      {shown ? (
        <div className="utrecht-alert utrecht-alert--ok jr-alert" role="status">
          <p className="utrecht-paragraph">
            Nieuw token (wordt niet nog eens getoond): <code className="jr-secret">{shown}</code>
          </p>
        </div>
      ) : null}
      <form className="jr-form jr-form--inline" onSubmit={(e) => void create(e)}>
        <TextField id="token-label" label="Omschrijving van het nieuwe token" value={label} onChange={setLabel} />
        <button type="submit" className="utrecht-button utrecht-button--secondary-action">
          Token aanmaken
        </button>
      </form>
      {tokens.error ? <ProblemAlert problem={tokens.error} /> : null}
      {tokens.data ? (
        <DataTable
          id="tabel-tokens"
          caption="Mijn API-tokens"
          rows={tokens.data}
          rowKey={(t) => String(t.id)}
          columns={[
            { key: 'p', header: 'Begint met', rowHeader: true, cell: (t) => <code>{t.prefix}…</code> },
            { key: 'l', header: 'Omschrijving', cell: (t) => t.label || '—' },
            { key: 'c', header: 'Aangemaakt', cell: (t) => dateTime(t.createdAt) },
            { key: 'u', header: 'Laatst gebruikt', cell: (t) => (t.lastUsedAt ? dateTime(t.lastUsedAt) : 'nooit') },
            {
              key: 'r',
              header: 'Status',
              cell: (t) =>
                t.revokedAt ? (
                  `ingetrokken ${dateTime(t.revokedAt)}`
                ) : (
                  <button type="button" className="utrecht-button utrecht-button--subtle jr-small-button" onClick={() => void revoke(t.id)} aria-label={`Token ${t.prefix} intrekken`}>
                    Intrekken
                  </button>
                ),
            },
          ]}
          empty="Dit account heeft geen tokens."
        />
      ) : null}
    </section>
  );
}

export function AccountPage() {
  const { signOut } = useSession();
  return (
    <>
      <h1 className="utrecht-heading-1">Mijn account</h1>
      <PasswordForm forced={false} />
      <section className="jr-section" aria-labelledby="overal-kop">
        <h2 className="utrecht-heading-2" id="overal-kop">
          Overal afmelden
        </h2>
        <p className="utrecht-paragraph">Beëindigt elke sessie van dit account, op elk apparaat (ook deze).</p>
        <button type="button" className="utrecht-button utrecht-button--secondary-action" onClick={() => void signOut(true)}>
          Overal afmelden
        </button>
      </section>
      <Tokens />
    </>
  );
}
