// The rules of an account, pure: its login name, and the scope its role needs [issue 13 "Accounts and sign-in"].
import { Refusal } from '../errors.ts';
import type { Region } from '../region.ts';
import { isRole, type Role, type Viewer } from './viewer.ts';

const LOGIN = /^(?=.{3,64}$)[a-z0-9](?:[a-z0-9._@+-]*[a-z0-9])?$/;

/** A login name as stored: trimmed and lower-cased; refused when it is not one. */
export function normaliseLogin(text: string): string {
  const login = text.trim().toLowerCase();
  if (!LOGIN.test(login)) throw new Refusal('LOGIN_INVALID', { login: text });
  return login;
}

/** Passwords chosen by people: at least this long (NIST SP 800-63B asks 8; a sentence is better). */
export const MIN_PASSWORD_LENGTH = 12;

export function checkPassword(password: string): void {
  if ([...password].length < MIN_PASSWORD_LENGTH) throw new Refusal('PASSWORD_WEAK', { min: MIN_PASSWORD_LENGTH });
}

export interface AccountSpec {
  readonly role: Role;
  readonly municipality: string | null;
  readonly provider: string | null;
}

/**
 * The scope a role needs, checked against the region and the provider registry: a municipality or
 * council account names one municipality of the region, a provider account one registered provider,
 * a region account neither.
 */
export function accountSpec(
  region: Region,
  providers: readonly string[],
  input: { role: string; municipality?: string | undefined; provider?: string | undefined },
): AccountSpec {
  if (!isRole(input.role)) throw new Refusal('ROLE_INVALID', { role: input.role });
  const role = input.role;
  const needsMunicipality = role === 'municipality' || role === 'council';
  const needsProvider = role === 'provider';
  if (needsMunicipality && input.municipality === undefined) throw new Refusal('ROLE_SCOPE_MISSING', { role, option: 'municipality' }, { option: '--municipality' });
  if (needsProvider && input.provider === undefined) throw new Refusal('ROLE_SCOPE_MISSING', { role, option: 'provider' }, { option: '--provider' });
  if (!needsMunicipality && input.municipality !== undefined) throw new Refusal('ROLE_SCOPE_EXTRA', { role, option: 'municipality' }, { option: '--municipality' });
  if (!needsProvider && input.provider !== undefined) throw new Refusal('ROLE_SCOPE_EXTRA', { role, option: 'provider' }, { option: '--provider' });
  if (input.municipality !== undefined && !region.municipalities.some((m) => m.code === input.municipality)) {
    throw new Refusal('UNKNOWN_MUNICIPALITY', { municipality: input.municipality, region: region.id, known: region.municipalities.map((m) => m.code) }, { option: '--municipality' });
  }
  if (input.provider !== undefined && !providers.includes(input.provider)) {
    throw new Refusal('UNKNOWN_PROVIDER', { provider: input.provider, known: [...providers].sort() }, { option: '--provider' });
  }
  return { role, municipality: input.municipality ?? null, provider: input.provider ?? null };
}

/** The viewer an account signs in as. */
export function viewerOf(account: { login: string; role: string; municipality: string | null; provider: string | null }): Viewer {
  switch (account.role) {
    case 'region':
      return { role: 'region', login: account.login };
    case 'municipality':
      return { role: 'municipality', login: account.login, municipality: account.municipality! };
    case 'council':
      return { role: 'council', login: account.login, municipality: account.municipality! };
    case 'provider':
      return { role: 'provider', login: account.login, provider: account.provider! };
    default:
      throw new Error(`account ${account.login} has an unknown role ${account.role}`);
  }
}
