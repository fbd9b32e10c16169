// Who is signed in and what the application needs to know once per session: the region's
// configuration (names of municipalities, areas, themes, care forms) and how far the data reach.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { ApiProblem, get, request, useCsrfToken, whenSignedOut, type Coverage, type Me, type Region } from './api.ts';
import { clearCache } from './use-api.ts';

export interface Signed {
  readonly me: Me;
  /** Null while the password must be changed first (the server answers nothing else then). */
  readonly region: Region | null;
  readonly coverage: Coverage | null;
  /** The first year with an adopted budget: where the period choice begins. */
  readonly firstYear: number;
}

export type SessionState = { readonly kind: 'loading' } | { readonly kind: 'signed-out'; readonly notice?: string } | ({ readonly kind: 'signed-in' } & Signed);

interface SessionApi {
  readonly state: SessionState;
  /** Reads the session anew (after signing in or changing the password). */
  refresh(): Promise<void>;
  signOut(everywhere?: boolean): Promise<void>;
}

const SessionContext = createContext<SessionApi | null>(null);

/** The earliest year ≤ `last` whose budget the API gives (at most ten years back). */
async function firstBudgetYear(last: number): Promise<number> {
  let first = last;
  for (let y = last - 1; y >= last - 10; y--) {
    try {
      await get(`/api/budgets/${y}`);
      first = y;
    } catch {
      break;
    }
  }
  return first;
}

async function load(): Promise<SessionState> {
  let me: Me;
  try {
    me = await get<Me>('/api/session');
  } catch (e) {
    if (e instanceof ApiProblem && e.status === 401) return { kind: 'signed-out' };
    throw e;
  }
  useCsrfToken(me.csrfToken);
  if (me.mustChangePassword) return { kind: 'signed-in', me, region: null, coverage: null, firstYear: new Date().getFullYear() };
  const [region, coverage] = await Promise.all([get<Region>('/api/region'), get<Coverage>('/api/monitor/coverage')]);
  const last = coverage.dataUpTo ? Number(coverage.dataUpTo.slice(0, 4)) : new Date().getFullYear();
  return { kind: 'signed-in', me, region, coverage, firstYear: await firstBudgetYear(last) };
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ kind: 'loading' });
  const refresh = useCallback(async () => {
    try {
      setState(await load());
    } catch (e) {
      setState({ kind: 'signed-out', notice: e instanceof ApiProblem ? e.detail : 'de server is niet bereikbaar' });
    }
  }, []);
  useEffect(() => {
    void refresh();
    whenSignedOut(() => {
      clearCache();
      setState({ kind: 'signed-out', notice: 'U bent afgemeld: de sessie is verlopen of elders beëindigd. Meld u opnieuw aan.' });
    });
  }, [refresh]);
  const signOut = useCallback(async (everywhere = false) => {
    try {
      await request(everywhere ? '/api/session/everywhere' : '/api/session', { method: everywhere ? 'POST' : 'DELETE' });
    } finally {
      useCsrfToken(null);
      clearCache();
      setState({ kind: 'signed-out', notice: everywhere ? 'U bent op alle apparaten afgemeld.' : 'U bent afgemeld.' });
    }
  }, []);
  return <SessionContext.Provider value={{ state, refresh, signOut }}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** The signed-in session (pages are rendered only when signed in). */
export function useSigned(): Signed {
  const { state } = useSession();
  if (state.kind !== 'signed-in') throw new Error('useSigned while not signed in');
  return state;
}
