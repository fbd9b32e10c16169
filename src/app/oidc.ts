// Sign-in through the municipality's own identity provider by OpenID Connect [issue 13 "Accounts and
// sign-in"]: authorization code flow with PKCE, state and nonce (openid-client). The flow's secrets
// wait in the database between the redirect and the answer (any server process can finish it). The
// identity provider says who someone is; Jeugdregie's account says what they may see: an account
// already linked to the subject, or else one whose login is the person's e-mail address (then
// linked). Without an account: refused, and in the audit log.
import { createHash, randomBytes } from 'node:crypto';
import * as client from 'openid-client';
import type { OidcSettings } from '../config/settings.ts';
import { Refusal } from '../domain/errors.ts';
import { accountByLogin, accountByOidcSubject, insertSignInFlow, linkOidcSubject, takeSignInFlow } from '../store/account-repository.ts';
import { audit, openSession, type SignedIn } from './accounts.ts';
import type { Workspace } from './workspace.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export interface OidcSignIn {
  /** The name to show on the sign-in button. */
  readonly name: string;
  /** Starts a sign-in: where to send the browser, and the value for its short-lived flow cookie. */
  start(ws: Workspace): Promise<{ url: string; flowToken: string }>;
  /** Finishes it from the identity provider's answer (the callback's query string, "?code=…&state=…"). */
  finish(ws: Workspace, flowToken: string | undefined, callbackQuery: string): Promise<SignedIn>;
}

/** Plain http only to an identity provider on this machine (tests, a local trial); anywhere else https. */
const local = (url: string) => ['localhost', '127.0.0.1', '[::1]'].includes(new URL(url).hostname);

export function oidcSignIn(settings: OidcSettings): OidcSignIn {
  let config: Promise<client.Configuration> | undefined;
  const configuration = () => {
    config ??= client
      .discovery(new URL(settings.issuer), settings.clientId, settings.clientSecret, undefined, local(settings.issuer) ? { execute: [client.allowInsecureRequests] } : {})
      .catch((e: unknown) => {
        config = undefined;
        throw new Refusal('OIDC_FAILED', { reason: `the identity provider at ${settings.issuer} could not be reached (${e instanceof Error ? e.message : String(e)})` });
      });
    return config;
  };
  return {
    name: settings.name,
    async start(ws) {
      const c = await configuration();
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
    async finish(ws, flowToken, callbackQuery) {
      // The answer as it arrived at the configured address (behind a proxy the request's own host may differ).
      const callbackUrl = new URL(settings.redirectUri);
      callbackUrl.search = callbackQuery;
      const flow = flowToken ? await takeSignInFlow(ws.store.db, sha256(flowToken)) : undefined;
      if (!flow) throw new Refusal('OIDC_FAILED', { reason: 'the sign-in took too long or was started elsewhere' });
      const c = await configuration();
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
        throw new Refusal('OIDC_FAILED', { reason: e instanceof Error ? e.message.slice(0, 200) : 'the answer could not be checked' });
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
