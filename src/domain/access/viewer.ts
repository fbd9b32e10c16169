// Who is asking [issue 13 "Who uses it and what each may see"; DOMAIN.md §5]. Every use case takes
// the viewer as its first argument; what a viewer may see and do is decided in this folder and
// nowhere else (policy.ts: capabilities; scope.ts: which figures and how protected).

export const ROLES = ['region', 'municipality', 'provider', 'council'] as const;
export type Role = (typeof ROLES)[number];

interface Signed {
  /** The account's login name (written to the ledger and the audit log as the actor). */
  readonly login: string;
}
/** The joint team: everything, every detail; records decisions. */
export interface RegionViewer extends Signed {
  readonly role: 'region';
}
/** A policy officer or controller of one municipality (CBS code). */
export interface MunicipalityViewer extends Signed {
  readonly role: 'municipality';
  readonly municipality: string;
}
/** A manager or controller of one provider (its code in the registry). */
export interface ProviderViewer extends Signed {
  readonly role: 'provider';
  readonly provider: string;
}
/** A council member of one municipality: aggregates only, read-only. */
export interface CouncilViewer extends Signed {
  readonly role: 'council';
  readonly municipality: string;
}
export type Viewer = RegionViewer | MunicipalityViewer | ProviderViewer | CouncilViewer;

export const isRole = (s: string): s is Role => (ROLES as readonly string[]).includes(s);

/** The operator at the command line: the region role (whoever may run the CLI has the database). */
export const operator = (login: string): RegionViewer => ({ role: 'region', login });

/** Dutch names of the roles, for pages and messages. */
export const ROLE_NAMES: Record<Role, { nl: string; en: string }> = {
  region: { nl: 'regio (gezamenlijk team)', en: 'region (joint team)' },
  municipality: { nl: 'gemeente', en: 'municipality' },
  provider: { nl: 'aanbieder', en: 'provider' },
  council: { nl: 'gemeenteraad', en: 'council' },
};

/** The scope of a viewer in one word: its municipality or provider code, or '' for the region. */
export function scopeCode(v: Viewer): string {
  return v.role === 'region' ? '' : v.role === 'provider' ? v.provider : v.municipality;
}

/**
 * What the figures a viewer is shown depend on: its role and its municipality or provider, never
 * its login. Two viewers with one scope key see the same answer to a dashboard question, so such an
 * answer may be kept for the one and served to the other (src/api/answer-cache.ts).
 */
export const scopeKeyOf = (v: Viewer): string =>
  v.role === 'region' ? 'region' : v.role === 'provider' ? `provider:${v.provider}` : `${v.role}:${v.municipality}`;
