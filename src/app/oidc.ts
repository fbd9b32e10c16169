// Sign-in through the municipality's own identity provider by OpenID Connect [issue 13 "Accounts and
// sign-in"]: authorization code flow with PKCE, state and nonce (openid-client). The flow's secrets
// wait in the database between the redirect and the answer (any server process can finish it). The
// identity provider says who someone is; Jeugdregie's account says what they may see: an account
// already linked to the subject, or else one whose login is the person's e-mail address (then
// linked). Without an account: refused, and in the audit log. What goes wrong is told to the person in
// one generic Dutch line (OIDC_FAILED): the identity provider's own error text and any exception's
// message go to the audit log only (sign-in-failed, how oidc, reason), never into the answer.
import { createHash, randomBytes } from 'node:crypto';
import * as client from 'openid-client';
import type { OidcSettings } from '../config/settings.ts';
import { Refusal } from '../domain/errors.ts';
import { accountByLogin, accountByOidcSubject, insertSignInFlow, linkOidcSubject, takeSignInFlow } from '../store/account-repository.ts';
import { audit, endPresentedSession, openSession, type SignedIn } from './accounts.ts';
import type { Workspace } from './workspace.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export interface OidcSignIn {
  /** The name to show on the sign-in button. */
  readonly name: string;
  /** Starts a sign-in: where to send the browser, and the value for its short-lived flow cookie. */
  start(ws: Workspace): Promise<{ url: string; flowToken: string }>;
  /**
   * Finishes it from the identity provider's answer (the callback's query string, "?code=…&state=…").
   * The session whose cookie came with the answer (`presented`) is ended first, whatever the outcome.
   */
  finish(ws: Workspace, flowToken: string | undefined, callbackQuery: string, presented?: string): Promise<SignedIn>;
}

/** Plain http only to an identity provider on this machine (tests, a local trial); anywhere else https. */
const local = (url: string) => ['localhost', '127.0.0.1', '[::1]'].includes(new URL(url).hostname);

/** Why it failed, for the audit log only: one line, at most 300 characters. */
function reasonOf(e: unknown): string {
  if (!(e instanceof Error)) return String(e).replace(/\s+/g, ' ').slice(0, 300);
  // the identity provider's own error (?error=…&error_description=…) and what the library found wrong
  const { error, error_description: description } = e as { error?: unknown; error_description?: unknown };
  const cause = e.cause instanceof Error ? ` (${e.cause.message})` : '';
  const said = typeof error === 'string' ? ` — ${error}${typeof description === 'string' ? `: ${description}` : ''}` : '';
  return `${e.name}: ${e.message}${cause}${said}`.replace(/\s+/g, ' ').slice(0, 300);
}

/** Records the failure with its reason in the audit log and refuses with the generic line. */
async function failed(ws: Workspace, reason: string): Promise<never> {
  await audit(ws, null, 'sign-in-failed', { how: 'oidc', reason });
  throw new Refusal('OIDC_FAILED');
}

export function oidcSignIn(settings: OidcSettings): OidcSignIn {
  let config: Promise<client.Configuration> | undefined;
  const configuration = async (ws: Workspace) => {
    config ??= client
      .discovery(new URL(settings.issuer), settings.clientId, settings.clientSecret, undefined, local(settings.issuer) ? { execute: [client.allowInsecureRequests] } : {})
      .catch((e: unknown) => {
        config = undefined;
        throw e;
      });
    try {
      return await config;
    } catch (e) {
      return failed(ws, `the identity provider at ${settings.issuer} could not be reached (${reasonOf(e)})`);
    }
  };
  return {
    name: settings.name,
    async start(ws) {
      const c = await configuration(ws);
      const codeVerifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const flowToken = randomBytes(32).toString('base64url');
      await insertSignInFlow(ws.store.db, { idHash: sha256(flowToken), state, nonce, codeVerifier });
      const url = client.buildAuthorizationUrl(c, {
        redirect_uri: settings.redirectUri,
        scope: 'openid email profile',
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      return { url: url.href, flowToken };
    },
    async finish(ws, flowToken, callbackQuery, presented) {
      await endPresentedSession(ws, presented);
      // The answer as it arrived at the configured address (behind a proxy the request's own host may differ).
      const callbackUrl = new URL(settings.redirectUri);
      callbackUrl.search = callbackQuery;
      const flow = flowToken ? await takeSignInFlow(ws.store.db, sha256(flowToken)) : undefined;
      if (!flow) return failed(ws, flowToken ? 'the flow is unknown, used or older than 10 minutes' : 'the answer came without the flow cookie');
      const c = await configuration(ws);
      let claims: client.IDToken | undefined;
      let email: unknown;
      let emailVerified: unknown;
      try {
        const tokens = await client.authorizationCodeGrant(c, callbackUrl, { pkceCodeVerifier: flow.codeVerifier, expectedState: flow.state, expectedNonce: flow.nonce, idTokenExpected: true });
        claims = tokens.claims();
        if (!claims) throw new Error('no ID token');
        ({ email, email_verified: emailVerified } = claims);
        // Providers that conform the ID token to the minimum give the e-mail address at userinfo.
        if (email === undefined) ({ email, email_verified: emailVerified } = await client.fetchUserInfo(c, tokens.access_token, claims.sub));
      } catch (e) {
        // e.g. the identity provider's ?error=…&error_description=… (text anyone can put in a link)
        return failed(ws, reasonOf(e));
      }
      const subject = `${claims.iss} ${claims.sub}`;
      let account = await accountByOidcSubject(ws.store.db, subject);
      if (!account) {
        // Only an address the identity provider says it verified, in plain ASCII (no look-alike letters).
        const address = typeof email === 'string' && emailVerified === true && /^[\x21-\x7e]+$/.test(email.trim()) ? email.trim().toLowerCase() : undefined;
        const byEmail = address ? await accountByLogin(ws.store.db, address) : undefined;
        if (byEmail && byEmail.oidcSubject === null && byEmail.disabledAt === null) {
          await linkOidcSubject(ws.store.db, byEmail.id, subject);
          account = { ...byEmail, oidcSubject: subject };
        }
      }
      if (!account || account.disabledAt !== null) {
        await audit(ws, null, 'sign-in-failed', { how: 'oidc', subject });
        throw new Refusal('OIDC_NO_ACCOUNT');
      }
      return openSession(ws, account, 'oidc');
    },
  };
}
