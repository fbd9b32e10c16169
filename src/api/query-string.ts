// The query string, read strictly: a parameter given twice, one without a value, a control
// character or a broken %-escape is refused (400) rather than guessed at. The router calls the parser while it finds the route, where an exception
// would not reach the error handler; so the parser notes what it refused next to the values, and an
// onRequest hook (queryRefusal) turns the note into the refusal.

const REFUSED = Symbol('refused');

/** What the parser refused, in English and Dutch. */
export interface QueryRefusal {
  readonly en: string;
  readonly nl: string;
}

export type ParsedQuery = Record<string, string> & { [REFUSED]?: QueryRefusal };

/** Quotes a piece of the caller's input for an error message, cut short when long. */
export function quote(text: string, max = 40): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/**
 * `a=1&b=2` → { a: '1', b: '2' } on an object without a prototype (so `__proto__=` is just an unknown
 * name). An empty piece (`a=1&&b=2`) is skipped; `a` alone is `a=`, which is refused.
 */
export function parseQueryString(text: string): ParsedQuery {
  const query: ParsedQuery = Object.create(null) as ParsedQuery;
  const refuse = (why: QueryRefusal) => {
    query[REFUSED] ??= why;
  };
  for (const piece of text.split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    const rawName = eq < 0 ? piece : piece.slice(0, eq);
    const rawValue = eq < 0 ? '' : piece.slice(eq + 1);
    const name = decode(rawName);
    const value = decode(rawValue);
    if (name === undefined || value === undefined) {
      const piece = quote(name === undefined ? rawName : rawValue);
      refuse({ en: `the query string has a broken %-escape in ${piece}; escape "%" itself as %25`, nl: `de querystring heeft een kapotte %-codering in ${piece}; schrijf "%" zelf als %25` });
      continue;
    }
    // A control character is never part of a code, date or name (and PostgreSQL text cannot hold NUL).
    if (/[\u0000-\u001f\u007f]/.test(name + value)) {
      refuse({ en: `query parameter ${quote(name)} holds a control character; send plain text`, nl: `queryparameter ${quote(name)} bevat een stuurteken; stuur gewone tekst` });
      continue;
    }
    // An empty value would otherwise reach the schema as "" (and a number as 0): refused instead.
    if (value === '') {
      refuse({ en: `query parameter ${quote(name)} is empty; give it a value or leave it out`, nl: `queryparameter ${quote(name)} is leeg; geef een waarde of laat hem weg` });
      continue;
    }
    if (Object.prototype.hasOwnProperty.call(query, name)) {
      refuse({
        en: `query parameter ${quote(name)} is given more than once; give it once (for several dimensions: by=a,b)`,
        nl: `queryparameter ${quote(name)} staat er meer dan eens; geef hem één keer (voor meerdere indelingen: by=a,b)`,
      });
      continue;
    }
    query[name] = value;
  }
  return query;
}

/** What the parser refused in this query, if anything. */
export function queryRefusal(query: unknown): QueryRefusal | undefined {
  return typeof query === 'object' && query !== null ? (query as ParsedQuery)[REFUSED] : undefined;
}
