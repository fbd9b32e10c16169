// Accounts, sessions, API tokens and the audit log: all their SQL. Secrets arrive here already hashed.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

type Db = Kysely<Database>;

export interface AccountRow {
  readonly id: number;
  readonly login: string;
  readonly role: string;
  readonly municipality: string | null;
  readonly provider: string | null;
  readonly passwordHash: string | null;
  readonly mustChangePassword: boolean;
  readonly oidcSubject: string | null;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly disabledAt: string | null;
}

const accountColumns = [
  'account.id',
  'account.login',
  'account.role',
  'account.municipality',
  'account.provider',
  'account.password_hash',
  'account.must_change_password',
  'account.oidc_subject',
  'account.created_at',
  'account.created_by',
  'account.disabled_at',
] as const;

function toAccount(r: {
  id: number;
  login: string;
  role: string;
  municipality: string | null;
  provider: string | null;
  password_hash: string | null;
  must_change_password: boolean;
  oidc_subject: string | null;
  created_at: string;
  created_by: string;
  disabled_at: string | null;
}): AccountRow {
  return {
    id: r.id,
    login: r.login,
    role: r.role,
    municipality: r.municipality,
    provider: r.provider,
    passwordHash: r.password_hash,
    mustChangePassword: r.must_change_password,
    oidcSubject: r.oidc_subject,
    createdAt: r.created_at,
    createdBy: r.created_by,
    disabledAt: r.disabled_at,
  };
}

export async function insertAccount(
  db: Db,
  a: { login: string; role: string; municipality: string | null; provider: string | null; passwordHash: string | null; mustChangePassword: boolean; createdBy: string },
): Promise<number | undefined> {
  const row = await db
    .insertInto('account')
    .values({
      login: a.login,
      role: a.role,
      municipality: a.municipality,
      provider: a.provider,
      password_hash: a.passwordHash,
      must_change_password: a.mustChangePassword,
      oidc_subject: null,
      created_by: a.createdBy,
    })
    .onConflict((oc) => oc.column('login').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export async function accountByLogin(db: Db, login: string): Promise<AccountRow | undefined> {
  const r = await db.selectFrom('account').select(accountColumns).where('login', '=', login).executeTakeFirst();
  return r ? toAccount(r) : undefined;
}

export async function accountByOidcSubject(db: Db, subject: string): Promise<AccountRow | undefined> {
  const r = await db.selectFrom('account').select(accountColumns).where('oidc_subject', '=', subject).executeTakeFirst();
  return r ? toAccount(r) : undefined;
}

export async function listAccountRows(db: Db): Promise<AccountRow[]> {
  return (await db.selectFrom('account').select(accountColumns).orderBy('login').execute()).map(toAccount);
}

export async function setPassword(db: Db, id: number, passwordHash: string, mustChange: boolean): Promise<void> {
  await db.updateTable('account').set({ password_hash: passwordHash, must_change_password: mustChange }).where('id', '=', id).execute();
}

export async function linkOidcSubject(db: Db, id: number, subject: string): Promise<void> {
  await db.updateTable('account').set({ oidc_subject: subject }).where('id', '=', id).execute();
}

/** Disables an account and ends everything it holds: its sessions and its tokens. */
export async function disableAccountRow(db: Db, id: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('account').set({ disabled_at: sql<string>`clock_timestamp()` }).where('id', '=', id).where('disabled_at', 'is', null).execute();
    await trx.updateTable('account_session').set({ ended_at: sql<string>`clock_timestamp()` }).where('account_id', '=', id).where('ended_at', 'is', null).execute();
    await trx.updateTable('api_token').set({ revoked_at: sql<string>`clock_timestamp()` }).where('account_id', '=', id).where('revoked_at', 'is', null).execute();
  });
}

/** Session lifetime: at most this long after sign-in, and ended after this long without a request. */
export const SESSION_HOURS = 12;
export const SESSION_IDLE_MINUTES = 120;

export async function insertSession(db: Db, s: { idHash: string; accountId: number; csrfToken: string; via: 'password' | 'oidc' }): Promise<void> {
  await db
    .insertInto('account_session')
    .values({ id_hash: s.idHash, account_id: s.accountId, csrf_token: s.csrfToken, via: s.via, expires_at: sql<string>`clock_timestamp() + make_interval(hours => ${SESSION_HOURS})` })
    .execute();
}

/**
 * The account of a session that is still valid (not ended, not expired, not idle too long, account
 * enabled), with the session's CSRF token. Notes the request (at most once a minute per session).
 */
export async function sessionAccount(db: Db, idHash: string): Promise<{ account: AccountRow; csrfToken: string; via: string } | undefined> {
  const r = await db
    .selectFrom('account_session')
    .innerJoin('account', 'account.id', 'account_session.account_id')
    .select([...accountColumns, 'account_session.csrf_token', 'account_session.via', sql<boolean>`account_session.last_seen_at < clock_timestamp() - interval '1 minute'`.as('stale')])
    .where('account_session.id_hash', '=', idHash)
    .where('account_session.ended_at', 'is', null)
    .where('account.disabled_at', 'is', null)
    .where(sql<boolean>`account_session.expires_at > clock_timestamp()`)
    .where(sql<boolean>`account_session.last_seen_at > clock_timestamp() - make_interval(mins => ${SESSION_IDLE_MINUTES})`)
    .executeTakeFirst();
  if (!r) return undefined;
  if (r.stale) await db.updateTable('account_session').set({ last_seen_at: sql<string>`clock_timestamp()` }).where('id_hash', '=', idHash).execute();
  return { account: toAccount(r), csrfToken: r.csrf_token, via: r.via };
}

export async function endSession(db: Db, idHash: string): Promise<void> {
  await db.updateTable('account_session').set({ ended_at: sql<string>`clock_timestamp()` }).where('id_hash', '=', idHash).where('ended_at', 'is', null).execute();
}

/** Ends every session of an account ("sign out everywhere"); returns how many were open. */
export async function endAllSessions(db: Db, accountId: number): Promise<number> {
  const r = await db.updateTable('account_session').set({ ended_at: sql<string>`clock_timestamp()` }).where('account_id', '=', accountId).where('ended_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Ends every session of an account but one (the one a password was just changed in). */
export async function endOtherSessions(db: Db, accountId: number, keepIdHash?: string): Promise<void> {
  let q = db.updateTable('account_session').set({ ended_at: sql<string>`clock_timestamp()` }).where('account_id', '=', accountId).where('ended_at', 'is', null);
  if (keepIdHash !== undefined) q = q.where('id_hash', '!=', keepIdHash);
  await q.execute();
}

export async function insertApiToken(db: Db, t: { accountId: number; tokenHash: string; prefix: string; label: string; createdBy: string }): Promise<number> {
  const r = await db
    .insertInto('api_token')
    .values({ account_id: t.accountId, token_hash: t.tokenHash, prefix: t.prefix, label: t.label, created_by: t.createdBy })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** The account of a token that is not revoked and whose account is enabled; notes its use (at most every 5 minutes: reads stay reads). */
export async function tokenAccount(db: Db, tokenHash: string): Promise<AccountRow | undefined> {
  const r = await db
    .selectFrom('api_token')
    .innerJoin('account', 'account.id', 'api_token.account_id')
    .select([...accountColumns, 'api_token.id as token_id', sql<boolean>`api_token.last_used_at is null or api_token.last_used_at < clock_timestamp() - interval '5 minutes'`.as('stale')])
    .where('api_token.token_hash', '=', tokenHash)
    .where('api_token.revoked_at', 'is', null)
    .where('account.disabled_at', 'is', null)
    .executeTakeFirst();
  if (!r) return undefined;
  if (r.stale) await db.updateTable('api_token').set({ last_used_at: sql<string>`clock_timestamp()` }).where('id', '=', r.token_id).execute();
  return toAccount(r);
}

export interface TokenRow {
  readonly id: number;
  readonly login: string;
  readonly prefix: string;
  readonly label: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

export async function listTokens(db: Db, accountId?: number): Promise<TokenRow[]> {
  let q = db
    .selectFrom('api_token')
    .innerJoin('account', 'account.id', 'api_token.account_id')
    .select(['api_token.id', 'account.login', 'api_token.prefix', 'api_token.label', 'api_token.created_at', 'api_token.created_by', 'api_token.last_used_at', 'api_token.revoked_at'])
    .orderBy('api_token.id');
  if (accountId !== undefined) q = q.where('api_token.account_id', '=', accountId);
  return (await q.execute()).map((r) => ({
    id: r.id,
    login: r.login,
    prefix: r.prefix,
    label: r.label,
    createdAt: r.created_at,
    createdBy: r.created_by,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  }));
}

/** Revokes a token (of the given account only, when one is given); whether one was revoked. */
export async function revokeToken(db: Db, id: number, accountId?: number): Promise<boolean> {
  let q = db.updateTable('api_token').set({ revoked_at: sql<string>`clock_timestamp()` }).where('id', '=', id).where('revoked_at', 'is', null);
  if (accountId !== undefined) q = q.where('account_id', '=', accountId);
  return Number((await q.executeTakeFirst()).numUpdatedRows) > 0;
}

export async function insertAudit(db: Db, e: { actor: string | null; kind: string; detail: Record<string, unknown> }): Promise<void> {
  await db.insertInto('audit_event').values({ actor: e.actor, kind: e.kind, detail: JSON.stringify(e.detail) }).execute();
}

export interface AuditRow {
  readonly id: string;
  readonly at: string;
  readonly actor: string | null;
  readonly kind: string;
  readonly detail: Record<string, unknown>;
}

/** The newest audit events first, up to `limit`, before the event `before` when given. */
export async function readAuditRows(db: Db, limit: number, before?: string): Promise<AuditRow[]> {
  let q = db.selectFrom('audit_event').select(['id', 'at', 'actor', 'kind', 'detail']).orderBy('id', 'desc').limit(limit);
  if (before !== undefined) q = q.where('id', '<', before);
  return (await q.execute()).map((r) => ({ id: String(r.id), at: r.at, actor: r.actor, kind: r.kind, detail: (typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail) as Record<string, unknown> }));
}

/**
 * Reserves a try of a password for `login`, or refuses (undefined) when `limit` tries within `seconds`
 * failed or are still being checked. Check and reservation are one transaction under a transaction
 * lock on the login (pg_advisory_xact_lock), so parallel tries — from one process or from several
 * server processes on one PostgreSQL database — cannot all pass the check: at most `limit` are let
 * through until one is known to have succeeded. Tries older than a day are removed on the way.
 */
export async function reserveSignInAttempt(db: Db, login: string, limit: number, seconds: number): Promise<string | undefined> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtextextended(${`jeugdregie sign-in ${login}`}, 0))`.execute(trx);
    const r = await trx
      .selectFrom('sign_in_attempt')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('login', '=', login)
      .where(sql<boolean>`outcome is distinct from 'succeeded'`)
      .where(sql<boolean>`at > clock_timestamp() - make_interval(secs => ${seconds})`)
      .executeTakeFirstOrThrow();
    if (Number(r.n) >= limit) return undefined;
    await trx.deleteFrom('sign_in_attempt').where(sql<boolean>`at < clock_timestamp() - interval '1 day'`).execute();
    const row = await trx.insertInto('sign_in_attempt').values({ login, outcome: null }).returning('id').executeTakeFirstOrThrow();
    return String(row.id);
  });
}

/** Notes how a reserved try ended: a failure keeps counting against the login, a success does not. */
export async function settleSignInAttempt(db: Db, id: string, outcome: 'failed' | 'succeeded'): Promise<void> {
  await db.updateTable('sign_in_attempt').set({ outcome }).where('id', '=', id).execute();
}

/** Takes back a reserved try whose password was never checked (the server was too busy to check it). */
export async function releaseSignInAttempt(db: Db, id: string): Promise<void> {
  await db.deleteFrom('sign_in_attempt').where('id', '=', id).execute();
}

/** Sign-ins through an identity provider may take this long between the redirect and the answer. */
export const SIGN_IN_FLOW_MINUTES = 10;

export async function insertSignInFlow(db: Db, f: { idHash: string; state: string; nonce: string; codeVerifier: string }): Promise<void> {
  await db.deleteFrom('sign_in_flow').where(sql<boolean>`created_at < clock_timestamp() - make_interval(mins => ${SIGN_IN_FLOW_MINUTES})`).execute();
  await db.insertInto('sign_in_flow').values({ id_hash: f.idHash, state: f.state, nonce: f.nonce, code_verifier: f.codeVerifier }).execute();
}

/** Takes a sign-in flow (once: it is deleted), when it is not too old. */
export async function takeSignInFlow(db: Db, idHash: string): Promise<{ state: string; nonce: string; codeVerifier: string } | undefined> {
  const r = await db
    .deleteFrom('sign_in_flow')
    .where('id_hash', '=', idHash)
    .returning(['state', 'nonce', 'code_verifier', sql<boolean>`created_at > clock_timestamp() - make_interval(mins => ${SIGN_IN_FLOW_MINUTES})`.as('fresh')])
    .executeTakeFirst();
  return r && r.fresh ? { state: r.state, nonce: r.nonce, codeVerifier: r.code_verifier } : undefined;
}
