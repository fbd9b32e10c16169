// Reading the API from a component: the answer, the refusal, whether it is under way; answers are
// kept for the session (the figures change only when data arrive or a decision is made, and a
// decision clears them), so moving between pages asks nothing twice.
import { useEffect, useState } from 'react';
import { ApiProblem, request } from './api.ts';
import { dutchDate } from './format.ts';

interface Kept {
  readonly data: unknown;
  readonly dataUpTo: string | null;
  readonly notice: string | null;
}
const cache = new Map<string, Promise<Kept>>();

export function clearCache(): void {
  cache.clear();
}

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: ApiProblem | undefined;
  readonly loading: boolean;
  /** Data-Up-To of a monitor answer. */
  readonly dataUpTo: string | null;
  /** A period cut short at the data's last day, in Dutch (an ingest that fell short is the layout's notice). */
  readonly notice: string | null;
}

function fetchKept(path: string): Promise<Kept> {
  let p = cache.get(path);
  if (!p) {
    p = request<unknown>(path).then((a) => {
      const dataUpTo = a.headers.get('data-up-to');
      // Data-Notice (English) says the period was cut short at the data's last day: said here in Dutch.
      const notice = a.headers.get('data-notice') && dataUpTo ? `De gekozen periode loopt verder dan de gegevens: deze cijfers lopen tot en met ${dutchDate(dataUpTo)}, de laatste dag waarover berichten zijn ontvangen.` : null;
      return { data: a.data, dataUpTo, notice };
    });
    p.catch(() => cache.delete(path));
    cache.set(path, p);
  }
  return p;
}

/** GET `path` (null: nothing to ask yet); a new `version` asks again (after a change, with the cache cleared). */
export function useApi<T>(path: string | null, version = 0): Loaded<T> {
  const [state, setState] = useState<{ path: string | null; kept?: Kept; error?: ApiProblem }>({ path: null });
  useEffect(() => {
    if (path === null) return;
    if (version > 0) cache.delete(path);
    let live = true;
    fetchKept(path).then(
      (kept) => live && setState({ path, kept }),
      (e: unknown) => live && setState({ path, error: e instanceof ApiProblem ? e : new ApiProblem(0, 'Fout', String(e), undefined) }),
    );
    return () => {
      live = false;
    };
  }, [path, version]);
  const current = state.path === path;
  return {
    data: current ? (state.kept?.data as T | undefined) : undefined,
    error: current ? state.error : undefined,
    loading: path !== null && (!current || (state.kept === undefined && state.error === undefined)),
    dataUpTo: current ? (state.kept?.dataUpTo ?? null) : null,
    notice: current ? (state.kept?.notice ?? null) : null,
  };
}

/** Several GETs at once (a trend: one per month); each answer or refusal in order. */
export function useApiMany<T>(paths: readonly string[]): { readonly answers: readonly (T | ApiProblem | undefined)[]; readonly loading: boolean } {
  const key = paths.join('\n');
  const [state, setState] = useState<{ key: string; answers: (T | ApiProblem | undefined)[] }>({ key: '', answers: [] });
  useEffect(() => {
    let live = true;
    const answers: (T | ApiProblem | undefined)[] = paths.map(() => undefined);
    setState({ key, answers: [...answers] });
    paths.forEach((p, i) =>
      fetchKept(p).then(
        (k) => {
          answers[i] = k.data as T;
          if (live) setState({ key, answers: [...answers] });
        },
        (e: unknown) => {
          answers[i] = e instanceof ApiProblem ? e : new ApiProblem(0, 'Fout', String(e), undefined);
          if (live) setState({ key, answers: [...answers] });
        },
      ),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  const answers = state.key === key ? state.answers : paths.map(() => undefined);
  return { answers, loading: answers.some((a) => a === undefined) };
}

/**
 * Whether something under way has taken longer than `afterMs`: then the page says why it may take a
 * while (after new data the figures for others are first computed and protected).
 */
export function useSlow(pending: boolean, afterMs = 3000): boolean {
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    setSlow(false);
    if (!pending) return undefined;
    const timer = setTimeout(() => setSlow(true), afterMs);
    return () => clearTimeout(timer);
  }, [pending, afterMs]);
  return pending && slow;
}

