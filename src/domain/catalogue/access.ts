// Refusals about who is asking: sign-in, accounts, tokens and what a role may see or do
// [issue 13 "Who uses it and what each may see"; docs/access.md].
import { entry, list } from './entry.ts';

export const ACCESS_REFUSALS = {
  NOT_SIGNED_IN: entry(
    401,
    () => 'sign in first, or send an API token as "Authorization: Bearer <token>"',
    () => 'meld u eerst aan, of stuur een API-token als "Authorization: Bearer <token>"',
  ),
  SIGN_IN_FAILED: entry(
    401,
    () => 'the login name or password is wrong, or the account is disabled; try again or ask the region\'s administrator',
    () => 'de gebruikersnaam of het wachtwoord klopt niet, of het account is uitgeschakeld; probeer het opnieuw of vraag de beheerder van de regio',
  ),
  SIGN_IN_THROTTLED: entry<{ seconds: number }>(
    429,
    (p) => `too many failed sign-ins for this account or address; wait ${p.seconds} seconds and try again`,
    (p) => `te veel mislukte aanmeldingen voor dit account of adres; wacht ${p.seconds} seconden en probeer het opnieuw`,
  ),
  SIGN_IN_BUSY: entry<{ seconds: number }>(
    503,
    (p) => `the server is checking many passwords at once; try again in ${p.seconds} seconds`,
    (p) => `de server controleert nu veel wachtwoorden tegelijk; probeer het over ${p.seconds} seconden opnieuw`,
  ),
  CROSS_SITE_REFUSED: entry<{ origin: string; own: string }>(
    403,
    (p) => `this change was sent from another site (${p.origin}), not from ${p.own}; changes and sign-ins are accepted only from Jeugdregie's own pages`,
    (p) => `deze wijziging kwam van een andere site (${p.origin}), niet van ${p.own}; wijzigingen en aanmeldingen worden alleen vanaf de eigen pagina's van Jeugdregie aangenomen`,
  ),
  TOKEN_INVALID: entry(
    401,
    () => 'the API token is unknown, revoked or belongs to a disabled account; ask for a new one',
    () => 'het API-token is onbekend, ingetrokken of hoort bij een uitgeschakeld account; vraag een nieuw token aan',
  ),
  CSRF_MISSING: entry(
    403,
    () => 'this change came without the page\'s X-CSRF-Token header (or with a wrong one); reload the page and try again',
    () => 'deze wijziging kwam zonder de X-CSRF-Token-kopregel van de pagina (of met een verkeerde); laad de pagina opnieuw en probeer het nog eens',
  ),
  FORBIDDEN: entry<{ role: string; what: string; whatNl: string }>(
    403,
    (p) => `the role ${p.role} may not ${p.what}`,
    (p) => `de rol ${p.role} mag niet ${p.whatNl}`,
  ),
  BREAKDOWN_NOT_FOR_ROLE: entry<{ role: string; by: string; allowed: readonly string[] }>(
    403,
    (p) => `the role ${p.role} does not see figures by ${p.by}; ask by ${list(p.allowed)}`,
    (p) => `de rol ${p.role} ziet geen cijfers per ${p.by}; vraag per ${list(p.allowed)}`,
  ),
  LOGIN_INVALID: entry<{ login: string }>(
    400,
    (p) => `"${p.login}" is not a login name: use 3–64 lower-case letters, digits, dots, hyphens, underscores or an e-mail address`,
    (p) => `"${p.login}" is geen gebruikersnaam: gebruik 3–64 kleine letters, cijfers, punten, streepjes, liggende streepjes of een e-mailadres`,
  ),
  ROLE_INVALID: entry<{ role: string }>(
    400,
    (p) => `"${p.role}" is not a role: use region, municipality, provider or council`,
    (p) => `"${p.role}" is geen rol: gebruik region, municipality, provider of council`,
  ),
  ROLE_SCOPE_MISSING: entry<{ role: string; option: string }>(
    400,
    (p) => `the role ${p.role} belongs to one ${p.option}: give ${'--' + p.option} CODE`,
    (p) => `de rol ${p.role} hoort bij één ${p.option === 'municipality' ? 'gemeente' : 'aanbieder'}: geef ${'--' + p.option} CODE`,
  ),
  ROLE_SCOPE_EXTRA: entry<{ role: string; option: string }>(
    400,
    (p) => `the role ${p.role} is not bound to a ${p.option}: leave out --${p.option}`,
    (p) => `de rol ${p.role} hoort niet bij een ${p.option === 'municipality' ? 'gemeente' : 'aanbieder'}: laat --${p.option} weg`,
  ),
  ACCOUNT_EXISTS: entry<{ login: string }>(
    409,
    (p) => `there is already an account "${p.login}"; choose another login name`,
    (p) => `er is al een account "${p.login}"; kies een andere gebruikersnaam`,
  ),
  ACCOUNT_UNKNOWN: entry<{ login: string }>(
    404,
    (p) => `there is no account "${p.login}"; see jeugdregie users list`,
    (p) => `er is geen account "${p.login}"; zie jeugdregie users list`,
  ),
  ACCOUNT_DISABLED: entry<{ login: string }>(
    409,
    (p) => `the account "${p.login}" is disabled`,
    (p) => `het account "${p.login}" is uitgeschakeld`,
  ),
  PASSWORD_WEAK: entry<{ min: number }>(
    422,
    (p) => `a password needs at least ${p.min} characters; a sentence is easiest to remember`,
    (p) => `een wachtwoord heeft ten minste ${p.min} tekens nodig; een zin onthoudt u het makkelijkst`,
  ),
  PASSWORD_CHANGE_REQUIRED: entry(
    403,
    () => 'choose a new password first: the initial password was for the first sign-in only',
    () => 'kies eerst een nieuw wachtwoord: het eerste wachtwoord was alleen voor de eerste aanmelding',
  ),
  // Generic on purpose: what the identity provider or the library said goes to the audit log only.
  OIDC_FAILED: entry(
    401,
    () => 'signing in through the identity provider did not succeed; start again from the sign-in page',
    () => 'aanmelden via de identiteitsprovider is niet gelukt; begin opnieuw op de aanmeldpagina',
  ),
  OIDC_NO_ACCOUNT: entry(
    403,
    () => 'the identity provider knows you, but Jeugdregie has no account for you; ask the region\'s administrator to add one',
    () => 'de identiteitsprovider kent u, maar Jeugdregie heeft geen account voor u; vraag de beheerder van de regio er een aan te maken',
  ),
} as const;
