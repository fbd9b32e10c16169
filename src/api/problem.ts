// The one mapping from an error to an HTTP answer: a Refusal becomes application/problem+json with
// the catalogue's status and its message in the caller's language (Dutch unless the request asks for
// English); anything else is a bug and answers 500 without internals.
import { Refusal, formatWhere, type Lang, type Where } from '../domain/errors.ts';

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code?: string;
  /** Where the problem is (file, row, column, parameter …), when known. */
  readonly location?: Where;
  /** Every problem of a refused file or request, each with its place. */
  readonly problems?: readonly { readonly code: string; readonly detail: string; readonly location?: Where }[];
}

const TITLES: Record<number, Record<Lang, string>> = {
  400: { nl: 'Ongeldig verzoek', en: 'Bad request' },
  401: { nl: 'Niet aangemeld', en: 'Unauthorized' },
  403: { nl: 'Niet toegestaan', en: 'Forbidden' },
  404: { nl: 'Niet gevonden', en: 'Not found' },
  409: { nl: 'Geweigerd', en: 'Refused' },
  413: { nl: 'Te groot', en: 'Too large' },
  415: { nl: 'Verkeerd formaat', en: 'Unsupported media type' },
  422: { nl: 'Geweigerd', en: 'Refused' },
  429: { nl: 'Te veel verzoeken', en: 'Too many requests' },
  431: { nl: 'Kopregels te groot', en: 'Request header fields too large' },
  500: { nl: 'Interne fout', en: 'Internal error' },
  503: { nl: 'Niet beschikbaar', en: 'Service unavailable' },
  504: { nl: 'Duurde te lang', en: 'Timeout' },
};

export function title(status: number, lang: Lang): string {
  return TITLES[status]?.[lang] ?? TITLES[Math.floor(status / 100) * 100]?.[lang] ?? (lang === 'nl' ? 'Fout' : 'Error');
}

/** The caller's language from Accept-Language: English when it prefers en, otherwise Dutch. */
export function languageOf(acceptLanguage: string | undefined): Lang {
  const first = (acceptLanguage ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'nl';
}

export function problemOfRefusal(r: Refusal, lang: Lang): Problem {
  return {
    type: `urn:jeugdregie:refusal:${r.code}`,
    title: title(r.status, lang),
    status: r.status,
    detail: r.text(lang),
    code: r.code,
    ...(r.where ? { location: r.where } : {}),
    ...(r.problems.length > 0 ? { problems: r.problems.map((p) => ({ code: p.code, detail: p.text(lang), ...(p.where ? { location: p.where } : {}) })) } : {}),
  };
}

export function problem(status: number, detail: string, lang: Lang, code?: string): Problem {
  return { type: 'about:blank', title: title(status, lang), status, detail, ...(code ? { code } : {}) };
}

export { formatWhere };
