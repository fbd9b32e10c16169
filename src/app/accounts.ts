// Accounts, sign-in, sessions, API tokens and the audit log [issue 13 "Accounts and sign-in";
// docs/access.md]. Every use case takes the viewer first (sign-in has none yet). Passwords are hashed
// with argon2id; session and API tokens are 256-bit random values stored as their SHA-256.
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import argon2 from 'argon2';
import { accountSpec, checkPassword, normaliseLogin, viewerOf } from '../domain/access/accounts.ts';
import { assertMay } from '../domain/access/policy.ts';
import type { Viewer } from '../domain/access/viewer.ts';
import { Refusal } from '../domain/errors.ts';
import {
  accountByLogin,
  disableAccountRow,
  endAllSessions,
  endOtherSessions,
  endSession,
  insertAccount,
  insertApiToken,
  insertAudit,
  insertSession,
  listAccountRows,
  listTokens,
  readAuditRows,
  releaseSignInAttempt,
  reserveSignInAttempt,
  revokeToken,
  sessionAccount,
  setPassword,
  settleSignInAttempt,
  tokenAccount,
  type AccountRow,
  type AuditRow,
  type TokenRow,
} from '../store/account-repository.ts';
import { passwordGate } from './password-gate.ts';
import { keptRead } from './by-version.ts';
import type { Workspace } from './workspace.ts';

/**
 * Failed sign-ins of one login within THROTTLE_SECONDS before further tries are refused for that long.
 * A try counts from before its password is checked until it is known to have succeeded (decisions §44).
 */
export const THROTTLE_FAILURES = 5;
export const THROTTLE_SECONDS = 15 * 60;

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const randomToken = (prefix: string): string => `${prefix}${randomBytes(32).toString('base64url')}`;

/** A password people can type from a printout: 20 letters and digits without look-alikes, in groups of 5. */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const chars = Array.from({ length: 20 }, () => alphabet[randomInt(alphabet.length)]!);
  return [0, 5, 10, 15].map((i) => chars.slice(i, i + 5).join('')).join('-');
}

/** An argon2id hash, computed within the process's password gate (SIGN_IN_BUSY when it is full). */
export function hashPassword(password: string): Promise<string> {
  return passwordGate.run(() => argon2.hash(password, { type: argon2.argon2id }));
}

/** A hash no password matches, verified against for an unknown login so that it takes as long as a known one. */
let decoy: Promise<string> | undefined;

async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  // The decoy is made (once) before the gate is asked for the verification: never a gate within the gate.
  const against = hash ?? (await (decoy ??= hashPassword(randomBytes(16).toString('hex')).catch((e: unknown) => {
    decoy = undefined;
    throw e;
  })));
  const ok = await passwordGate.run(() => argon2.verify(against, password));
  return hash !== null && ok;
}

/**
 * Checks a password of `login` as one try of the per-login throttle: the try is reserved before the
 * (slow) check and settled after it, so N parallel tries of one login cannot exceed THROTTLE_FAILURES.
 * Refused with SIGN_IN_THROTTLED when the login has used its tries (audited as sign-in-throttled), and
 * with SIGN_IN_BUSY when the server is checking too many passwords (that try is taken back).
 */
async function throttledCheck(ws: Workspace, login: string, check: () => Promise<boolean>): Promise<boolean> {
  const attempt = await reserveSignInAttempt(ws.store.db, login, THROTTLE_FAILURES, THROTTLE_SECONDS);
  if (attempt === undefined) {
    await audit(ws, null, 'sign-in-throttled', { login });
    throw new Refusal('SIGN_IN_THROTTLED', { seconds: THROTTLE_SECONDS });
  }
  let ok: boolean;
  try {
    ok = await check();
  } catch (e) {
    if (e instanceof Refusal && e.code === 'SIGN_IN_BUSY') await releaseSignInAttempt(ws.store.db, attempt);
    else await settleSignInAttempt(ws.store.db, attempt, 'failed');
    throw e;
  }
  await settleSignInAttempt(ws.store.db, attempt, ok ? 'succeeded' : 'failed');
  return ok;
}

export interface AccountListing {
  readonly login: string;
  readonly role: string;
  readonly municipality: string | null;
  readonly provider: string | null;
  readonly signIn: 'password' | 'identity provider' | 'password and identity provider' | 'none';
  readonly createdAt: string;
  readonly createdBy: string;
  readonly disabledAt: string | null;
}

const listing = (a: AccountRow): AccountListing => ({
  login: a.login,
  role: a.role,
  municipality: a.municipality,
  provider: a.provider,
  signIn: a.passwordHash && a.oidcSubject ? 'password and identity provider' : a.passwordHash ? 'password' : a.oidcSubject ? 'identity provider' : 'none',
  createdAt: a.createdAt,
  createdBy: a.createdBy,
  disabledAt: a.disabledAt,
});

export async function audit(ws: Workspace, actor: Viewer | null, kind: string, detail: Record<string, unknown> = {}): Promise<void> {
  await insertAudit(ws.store.db, { actor: actor?.login ?? null, kind, detail });
}

/**
 * Adds an account; returns it with its one-time initial password, which must be changed at the first
 * sign-in. With `password` (the demo's accounts) that password is set and need not be changed.
 */
export async function addAccount(
  viewer: Viewer,
  ws: Workspace,
  input: { login: string; role: string; municipality?: string | undefined; provider?: string | undefined; password?: string },
): Promise<{ account: AccountListing; password: string }> {
  assertMay(viewer, 'accounts.manage');
  const login = normaliseLogin(input.login);
  const providers = Object.keys((await ws.engine.state()).providers);
  const spec = accountSpec(ws.region, providers, input);
  const password = input.password ?? generatePassword();
  const id = await insertAccount(ws.store.db, { login, ...spec, passwordHash: await hashPassword(password), mustChangePassword: input.password === undefined, createdBy: viewer.login });
  if (id === undefined) throw new Refusal('ACCOUNT_EXISTS', { login });
  await audit(ws, viewer, 'account-added', { login, role: spec.role, municipality: spec.municipality, provider: spec.provider });
  return { account: listing((await accountByLogin(ws.store.db, login))!), password };
}

export async function listAccounts(viewer: Viewer, ws: Workspace): Promise<AccountListing[]> {
  assertMay(viewer, 'accounts.manage');
  return (await listAccountRows(ws.store.db)).map(listing);
}

async function existing(ws: Workspace, loginText: string): Promise<AccountRow> {
  const login = normaliseLogin(loginText);
  const a = await accountByLogin(ws.store.db, login);
  if (!a) throw new Refusal('ACCOUNT_UNKNOWN', { login });
  return a;
}

/** Disables an account: its sessions end and its tokens are revoked at once. */
export async function disableAccount(viewer: Viewer, ws: Workspace, login: string): Promise<void> {
  assertMay(viewer, 'accounts.manage');
  const a = await existing(ws, login);
  await disableAccountRow(ws.store.db, a.id);
  await audit(ws, viewer, 'account-disabled', { login: a.login });
}

/**
 * A new API token for an account (the region's administrator for anyone, everyone for themselves):
 * returned once, stored only as its hash.
 */
export async function issueToken(viewer: Viewer, ws: Workspace, login: string, label = ''): Promise<{ token: string; id: number }> {
  const a = await existing(ws, login);
  assertMay(viewer, a.login === viewer.login ? 'self' : 'accounts.manage');
  if (a.disabledAt !== null) throw new Refusal('ACCOUNT_DISABLED', { login: a.login });
  // An initial password is for changing it: a token minted with it would outlive the change.
  if (a.login === viewer.login && a.mustChangePassword) throw new Refusal('PASSWORD_CHANGE_REQUIRED');
  const token = randomToken('jr_');
  const id = await insertApiToken(ws.store.db, { accountId: a.id, tokenHash: sha256(token), prefix: token.slice(0, 7), label: label.trim().slice(0, 200), createdBy: viewer.login });
  await audit(ws, viewer, 'token-created', { login: a.login, token: id });
  return { token, id };
}

export async function tokensOf(viewer: Viewer, ws: Workspace, login?: string): Promise<TokenRow[]> {
  if (login === undefined || normaliseLogin(login) === viewer.login) {
    assertMay(viewer, 'self');
    return listTokens(ws.store.db, (await existing(ws, viewer.login)).id);
  }
  assertMay(viewer, 'accounts.manage');
  return listTokens(ws.store.db, (await existing(ws, login)).id);
}

/** Revokes a token: one's own, or anyone's for the administrator. */
export async function revokeApiToken(viewer: Viewer, ws: Workspace, id: number): Promise<boolean> {
  assertMay(viewer, 'self');
  const own = (await existing(ws, viewer.login)).id;
  const done = await revokeToken(ws.store.db, id, viewer.role === 'region' ? undefined : own);
  if (done) await audit(ws, viewer, 'token-revoked', { token: id });
  return done;
}

export interface SignedIn {
  readonly viewer: Viewer;
  /** The session's secret, for the cookie only. */
  readonly sessionToken: string;
  /** Sent back by the page as X-CSRF-Token with every change. */
  readonly csrfToken: string;
  readonly mustChangePassword: boolean;
}

/**
 * Ends the session whose cookie came with a sign-in, whatever its state or account: a sign-in always
 * gets a new session, and a session an attacker planted before it (session fixation) is over.
 */
export async function endPresentedSession(ws: Workspace, presented: string | undefined): Promise<void> {
  if (presented !== undefined && presented !== '') await endSession(ws.store.db, sha256(presented));
}

/** Opens a new session for an account (after a password or an identity provider said who it is). */
export async function openSession(ws: Workspace, account: AccountRow, how: 'password' | 'oidc'): Promise<SignedIn> {
  const sessionToken = randomToken('');
  const csrfToken = randomBytes(24).toString('base64url');
  await insertSession(ws.store.db, { idHash: sha256(sessionToken), accountId: account.id, csrfToken, via: how });
  const viewer = viewerOf(account);
  await audit(ws, viewer, 'sign-in', { how });
  return { viewer, sessionToken, csrfToken, mustChangePassword: how === 'password' && account.mustChangePassword };
}

/**
 * Signs in with a login name and password. A wrong password, an unknown login and a disabled account
 * get the same answer in about the same time; after THROTTLE_FAILURES failures within
 * THROTTLE_SECONDS a login is refused for a while (every failure is in the audit log). The session
 * whose cookie came with the sign-in (`presented`) is ended first, whatever the outcome.
 */
export async function signIn(ws: Workspace, loginText: string, password: string, presented?: string): Promise<SignedIn> {
  await endPresentedSession(ws, presented);
  const login = loginText.trim().toLowerCase().slice(0, 200);
  const account = await accountByLogin(ws.store.db, login);
  const ok = await throttledCheck(ws, login, () => verifyPassword(account && account.disabledAt === null ? account.passwordHash : null, password.slice(0, 1024)));
  if (!ok || !account) {
    await audit(ws, null, 'sign-in-failed', { login });
    throw new Refusal('SIGN_IN_FAILED');
  }
  return openSession(ws, account, 'password');
}

/** The viewer of a session cookie's value, when the session is still valid. */
/**
 * How long the account behind a session or token is kept between requests (by-version.ts
 * keptRead): any write of this process — a sign-out, a disabled account, a revoked token — ends it at
 * once; an expiry by time, or a change by another process on a server database, within this time.
 */
const SIGNED_IN_KEEP_MS = 2000;

export async function sessionViewer(ws: Workspace, sessionToken: string): Promise<{ viewer: Viewer; csrfToken: string; mustChangePassword: boolean } | undefined> {
  const hash = sha256(sessionToken);
  const s = await keptRead(ws.store, `session|${hash}`, SIGNED_IN_KEEP_MS, () => sessionAccount(ws.store.db, hash));
  // An initial password must be changed before a password session may do more; an identity provider's session need not.
  return s ? { viewer: viewerOf(s.account), csrfToken: s.csrfToken, mustChangePassword: s.via === 'password' && s.account.mustChangePassword } : undefined;
}

/** The viewer of an API token (Authorization: Bearer), when it is valid. */
export async function tokenViewer(ws: Workspace, token: string): Promise<Viewer | undefined> {
  if (!/^jr_[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  const hash = sha256(token);
  const a = await keptRead(ws.store, `token|${hash}`, SIGNED_IN_KEEP_MS, () => tokenAccount(ws.store.db, hash));
  return a ? viewerOf(a) : undefined;
}

/** Whether the CSRF token the page sent is the session's (in constant time). */
export function csrfMatches(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function signOut(viewer: Viewer, ws: Workspace, sessionToken: string): Promise<void> {
  assertMay(viewer, 'self');
  await endSession(ws.store.db, sha256(sessionToken));
  await audit(ws, viewer, 'sign-out');
}

/** Ends every session of the viewer's account, on every device. */
export async function signOutEverywhere(viewer: Viewer, ws: Workspace): Promise<number> {
  assertMay(viewer, 'self');
  const n = await endAllSessions(ws.store.db, (await existing(ws, viewer.login)).id);
  await audit(ws, viewer, 'sign-out-everywhere', { sessions: n });
  return n;
}

/** Changes one's own password (the current one must be given); other sessions end. */
export async function changePassword(viewer: Viewer, ws: Workspace, current: string, next: string, currentSession?: string): Promise<void> {
  assertMay(viewer, 'self');
  const a = await existing(ws, viewer.login);
  // Giving the current password is a try of it like a sign-in: the same per-login throttle.
  if (!(await throttledCheck(ws, a.login, () => verifyPassword(a.passwordHash, current.slice(0, 1024))))) {
    await audit(ws, viewer, 'password-change-failed');
    throw new Refusal('SIGN_IN_FAILED');
  }
  checkPassword(next);
  await setPassword(ws.store.db, a.id, await hashPassword(next), false);
  // Every other session ends (whoever else held the old password is out); this one stays.
  await endOtherSessions(ws.store.db, a.id, currentSession === undefined ? undefined : sha256(currentSession));
  await audit(ws, viewer, 'password-changed');
}

export async function auditLog(viewer: Viewer, ws: Workspace, limit = 100, before?: string): Promise<AuditRow[]> {
  assertMay(viewer, 'audit.read');
  return readAuditRows(ws.store.db, Math.min(Math.max(limit, 1), 1000), before);
}

/**
 * The demo's accounts, one per role, with passwords that the sign-in page shows in demo mode only
 * (`npm start`). Created when missing; without demo mode there are no default accounts.
 */
export const DEMO_ACCOUNTS = [
  { login: 'demo-regio', role: 'region', password: 'demo-regio-wachtwoord', description: 'gezamenlijk team van de regio' },
  { login: 'demo-amsterdam', role: 'municipality', municipality: '0363', password: 'demo-amsterdam-wachtwoord', description: 'beleidsmedewerker van Amsterdam' },
  { login: 'demo-aanbieder', role: 'provider', provider: 'DEMO01', password: 'demo-aanbieder-wachtwoord', description: 'controller van aanbieder DEMO01' },
  { login: 'demo-raad', role: 'council', municipality: '0384', password: 'demo-raad-wachtwoord', description: 'raadslid van Diemen' },
] as const;

export async function ensureDemoAccounts(ws: Workspace): Promise<void> {
  for (const a of DEMO_ACCOUNTS) {
    if (await accountByLogin(ws.store.db, a.login)) continue;
    const { description: _description, ...spec } = a;
    await addAccount({ role: 'region', login: 'demo' }, ws, spec);
  }
}
