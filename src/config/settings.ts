// Configuration is read from the environment once, checked, and frozen; nothing else reads process.env.
import net from 'node:net';
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
  /**
   * Sign-in through the municipality's identity provider (OpenID Connect): JEUGDREGIE_OIDC_ISSUER,
   * JEUGDREGIE_OIDC_CLIENT_ID, JEUGDREGIE_OIDC_CLIENT_SECRET and JEUGDREGIE_OIDC_REDIRECT_URI (the
   * public address of /api/oidc/callback); all four or none.
   */
  readonly oidc: OidcSettings | undefined;
  /**
   * Which reverse proxies the server believes about the client's address and protocol
   * (X-Forwarded-For, -Proto, -Host), JEUGDREGIE_TRUST_PROXY: false (default: none, the headers are
   * ignored), a number of proxy hops in front of the server, or the proxies' addresses and networks.
   */
  readonly trustProxy: TrustProxy;
}

/** false, a hop count (≥ 1), or addresses / CIDR networks / proxy-addr's names (loopback, linklocal, uniquelocal). */
export type TrustProxy = false | number | readonly string[];

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** JEUGDREGIE_TRUST_PROXY as given: off by default; "2" two hops; "127.0.0.1, 10.0.0.0/8" those proxies. */
export function parseTrustProxy(text: string | undefined, problems: string[]): TrustProxy {
  const t = text?.trim().toLowerCase() ?? '';
  if (t === '' || t === 'off' || t === 'false' || t === 'no' || t === '0') return false;
  if (/^\d{1,2}$/.test(t)) return Number(t);
  const parts = t.split(',').map((p) => p.trim()).filter((p) => p !== '');
  const bad = parts.filter((p) => {
    if (PROXY_NAMES.has(p)) return false;
    const [address, bits, ...rest] = p.split('/');
    const family = net.isIP(address ?? '');
    if (family === 0 || rest.length > 0) return true;
    return bits !== undefined && !(/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
  });
  if (parts.length === 0 || bad.length > 0) {
    problems.push(
      `JEUGDREGIE_TRUST_PROXY must be off, a number of proxy hops (1–99) or the proxies' addresses and networks such as 127.0.0.1, 10.0.0.0/8 or loopback (got "${text?.trim()}"; "true" is not taken: it would believe any client's X-Forwarded-For)`,
    );
    return false;
  }
  return Object.freeze(parts);
}

export interface OidcSettings {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUri: string;
  /** The name on the sign-in button (JEUGDREGIE_OIDC_NAME, default "de identiteitsprovider van uw gemeente"). */
  readonly name: string;
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
  const oidcVars = ['JEUGDREGIE_OIDC_ISSUER', 'JEUGDREGIE_OIDC_CLIENT_ID', 'JEUGDREGIE_OIDC_CLIENT_SECRET', 'JEUGDREGIE_OIDC_REDIRECT_URI'] as const;
  const oidcGiven = oidcVars.filter((v) => env[v]?.trim());
  if (oidcGiven.length > 0 && oidcGiven.length < oidcVars.length) problems.push(`sign-in by OpenID Connect needs all of ${oidcVars.join(', ')} (missing: ${oidcVars.filter((v) => !env[v]?.trim()).join(', ')})`);
  for (const v of ['JEUGDREGIE_OIDC_ISSUER', 'JEUGDREGIE_OIDC_REDIRECT_URI'] as const) {
    const text = env[v]?.trim();
    if (text && !/^https?:\/\/[^\s]+$/.test(text)) problems.push(`${v} must be an http(s) address (got "${text}")`);
  }
  const oidc: OidcSettings | undefined =
    oidcGiven.length === oidcVars.length
      ? {
          issuer: env.JEUGDREGIE_OIDC_ISSUER!.trim(),
          clientId: env.JEUGDREGIE_OIDC_CLIENT_ID!.trim(),
          clientSecret: env.JEUGDREGIE_OIDC_CLIENT_SECRET!.trim(),
          redirectUri: env.JEUGDREGIE_OIDC_REDIRECT_URI!.trim(),
          name: env.JEUGDREGIE_OIDC_NAME?.trim() || 'de identiteitsprovider van uw gemeente',
        }
      : undefined;
  const trustProxy = parseTrustProxy(env.JEUGDREGIE_TRUST_PROXY, problems);
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
    oidc: oidc ? Object.freeze(oidc) : undefined,
    trustProxy,
  });
}
