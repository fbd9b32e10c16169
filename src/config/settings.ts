// Configuration is read from the environment once, checked, and frozen; nothing else reads process.env.
import os from 'node:os';
import path from 'node:path';
import { Refusal, type Lang } from '../domain/errors.ts';

export interface Settings {
  /** A PostgreSQL server; when absent the embedded database in dataDir is used. */
  readonly databaseUrl: string | undefined;
  /** Server only: the schema to use instead of public (DATABASE_SCHEMA). */
  readonly databaseSchema: string | undefined;
  readonly dataDir: string;
  readonly actor: string;
  readonly port: number;
  readonly host: string;
  /** Key for the BSN pseudonyms (HMAC); never in the repository. */
  readonly pseudonymKey: string | undefined;
  /** pino level for the server's log: fatal, error, warn, info, debug, trace or silent. */
  readonly logLevel: string;
  /** The language of the command line's messages (JEUGDREGIE_LANG: en or nl; default en). */
  readonly language: Lang;
  /** JEUGDREGIE_DEBUG=1: an unexpected error also prints where it happened (a stack trace), for a bug report. */
  readonly debug: boolean;
  /** JEUGDREGIE_NOW: a fixed instant to use as "now" (ISO 8601), for rehearsals and reproducible scripts. */
  readonly now: Date | undefined;
}

export class SettingsError extends Refusal<'SETTINGS_INVALID'> {
  constructor(readonly settingsProblems: readonly string[]) {
    super('SETTINGS_INVALID', { problems: settingsProblems });
  }
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const problems: string[] = [];
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) problems.push(`DATABASE_URL must start with postgres:// (got "${databaseUrl.replace(/:[^:@/]*@/, ':***@')}")`);
  const schema = env.DATABASE_SCHEMA?.trim();
  if (schema && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) problems.push(`DATABASE_SCHEMA must be a lower-case SQL name (got "${schema}")`);
  const portText = env.PORT?.trim() || '3000';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) problems.push(`PORT must be a port number 1–65535 (got "${portText}")`);
  const logLevel = env.LOG_LEVEL?.trim() || 'warn';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) problems.push(`LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "${logLevel}")`);
  const key = env.JEUGDREGIE_PSEUDONYM_KEY?.trim();
  if (key && key.length < 32) problems.push('JEUGDREGIE_PSEUDONYM_KEY must be at least 32 characters (generate one with: openssl rand -hex 32)');
  const language = (env.JEUGDREGIE_LANG?.trim() || 'en').toLowerCase();
  if (language !== 'en' && language !== 'nl') problems.push(`JEUGDREGIE_LANG must be en or nl (got "${env.JEUGDREGIE_LANG}")`);
  const nowText = env.JEUGDREGIE_NOW?.trim();
  const now = nowText ? new Date(nowText) : undefined;
  if (nowText && (!/^\d{4}-\d{2}-\d{2}T/.test(nowText) || Number.isNaN(now!.getTime()))) problems.push(`JEUGDREGIE_NOW must be an ISO instant like 2028-03-15T09:00:00+01:00 (got "${nowText}")`);
  if (problems.length > 0) throw new SettingsError(problems);
  let user = 'unknown';
  try {
    user = os.userInfo().username;
  } catch {
    // Some containers have no passwd entry; the actor then stays "unknown" unless configured.
  }
  return Object.freeze({
    databaseUrl,
    databaseSchema: env.DATABASE_SCHEMA?.trim() || undefined,
    dataDir: path.resolve(env.JEUGDREGIE_DATA_DIR?.trim() || './data'),
    actor: env.JEUGDREGIE_USER?.trim() || user,
    port,
    host: env.HOST?.trim() || 'localhost',
    logLevel,
    pseudonymKey: env.JEUGDREGIE_PSEUDONYM_KEY?.trim() || undefined,
    language: language as Lang,
    debug: ['1', 'true', 'yes'].includes(env.JEUGDREGIE_DEBUG?.trim().toLowerCase() ?? ''),
    now,
  });
}
