// The one mapping from an error to what the command line prints: a Refusal is one line (plus one
// line per problem of a refused file), in the configured language; anything else is a bug, printed
// as one line without internals (the stack only with JEUGDREGIE_DEBUG=1, for a bug report).
import { Refusal, type Lang } from '../domain/errors.ts';
import { PeriodError } from '../domain/period.ts';

export interface ErrorOutput {
  readonly lang: Lang;
  readonly debug: boolean;
}

export function describeError(e: unknown, out: ErrorOutput = { lang: 'en', debug: false }): string[] {
  const r = asRefusal(e);
  if (r) return [`${out.lang === 'nl' ? 'geweigerd' : 'refused'}: ${r.text(out.lang)}`, ...r.problems.map((p) => `  ${p.text(out.lang)}`)];
  const message = (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
  const lines = [
    out.lang === 'nl'
      ? `mislukt: ${message} — dit is een fout in Jeugdregie; meld hem, met de uitvoer van JEUGDREGIE_DEBUG=1`
      : `failed: ${message} — this is a bug in Jeugdregie; please report it, with the output of JEUGDREGIE_DEBUG=1`,
  ];
  if (out.debug && e instanceof Error && e.stack) lines.push(...e.stack.split('\n').slice(1));
  return lines;
}

/** Errors that are refusals in substance but come from code not yet on the catalogue, or from Node. */
function asRefusal(e: unknown): Refusal | undefined {
  if (e instanceof Refusal) return e;
  if (e instanceof PeriodError) return new Refusal('QUERY_INVALID', { en: e.message, nl: e.message });
  if (e instanceof Error && 'code' in e && (e.code === 'ENOENT' || e.code === 'EACCES' || e.code === 'EISDIR' || e.code === 'ENOTDIR')) {
    const path = 'path' in e && typeof e.path === 'string' ? e.path : e.message.replace(/^E[A-Z]+: /, '');
    return new Refusal('FILE_NOT_FOUND', { path });
  }
  if (e instanceof Error && e.name === 'IngestInputError') return new Refusal('REFUSED', { en: e.message, status: 400 });
  return undefined;
}
