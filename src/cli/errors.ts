// The one mapping from an error to what the command line prints: a Refusal is one line (plus one
// line per problem of a refused file), in the configured language; anything else is a bug, printed
// as one line without internals (the stack only with JEUGDREGIE_DEBUG=1, for a bug report).
import { Refusal, type Lang } from '../domain/errors.ts';

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

const FILE_PROBLEMS: Record<string, string> = {
  ENOENT: 'it does not exist',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'it is a folder, not a file',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EEXIST: 'something else already exists there',
  ENOSPC: 'the disk is full',
  EROFS: 'the file system is read-only',
  ELOOP: 'it is a loop of symbolic links',
  ENAMETOOLONG: 'the name is too long',
};

/** Errors that are refusals in substance but come from code not yet on the catalogue, or from Node. */
export function asRefusal(e: unknown): Refusal | undefined {
  if (e instanceof Refusal) return e;
  if (e instanceof Error && 'code' in e && typeof e.code === 'string' && e.code in FILE_PROBLEMS) {
    // A file system refusal (a path the user gave): say which path and why, in words.
    const path = 'path' in e && typeof e.path === 'string' ? e.path : e.message.replace(/^E[A-Z]+: /, '');
    return e.code === 'ENOENT' ? new Refusal('FILE_NOT_FOUND', { path }) : new Refusal('FILE_UNUSABLE', { path, reason: FILE_PROBLEMS[e.code]! });
  }
  return undefined;
}
