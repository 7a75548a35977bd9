// /auth: Google sign-in (authorization code + state + PKCE S256), sign-out, and "Disconnect YouTube".
// Every way a sign-in can fail ends on a page that says what happened and offers to start again;
// nothing is written to the database until Google has answered everything we need.
import { timingSafeEqual } from 'node:crypto';
import { CodeChallengeMethod, type Credentials } from 'google-auth-library';
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { disconnectedPage, signInPage } from '../../views/auth-sign-in.ts';
import { errorMessage } from '../../views/error.ts';
import { log } from '../log.ts';
import { clientIp } from '../web/client-ip.ts';
import type { AppDeps, AppEnv } from '../web/env.ts';
import { rateLimit, waitInWords } from '../web/rate-limit.ts';
import { renderPage } from '../web/render.ts';
import { randomToken, sha256 } from './crypto.ts';
import { pinAdminSubject } from './admins.ts';
import { safeReturnPath } from '../web/return-path.ts';
import { signInHref } from './return-path.ts';
import { disconnectYoutube, saveGoogleTokens } from './google-credentials.ts';
import { createOAuthClient, fetchGoogleProfile, GOOGLE_SCOPES, YOUTUBE_SCOPE, type GoogleProfile } from './google-oauth.ts';
import { cookieOptions, createSession, endSession, requireUser, SESSION_COOKIE, setSessionCookie, signedInUser } from './session.ts';
import { validate } from '../web/validate.ts';

const STATE_COOKIE = 'subtext_oauth_state';
const VERIFIER_COOKIE = 'subtext_oauth_verifier';
/** Where to go after signing in (a same-origin path, checked again when read). */
const RETURN_COOKIE = 'subtext_oauth_return';
/** Long enough to pick an account and read the consent screen. */
const OAUTH_COOKIE_SECONDS = 10 * 60;
export const SIGN_IN_ATTEMPTS_PER_WINDOW = 20;
const SIGN_IN_WINDOW_MS = 10 * 60 * 1000;

// A repeated or malformed parameter reads as absent, which the handler turns into a "start again" page.
const callbackQuery = z.object({
  code: z.string().optional().catch(undefined),
  state: z.string().optional().catch(undefined),
  error: z.string().optional().catch(undefined),
});

const signInQuery = z.object({ next: z.string().optional().catch(undefined) });
const signInForm = z.object({ next: z.string().optional().catch(undefined) });

const isLoopback = (hostname: string) => hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);

function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(sha256(a), sha256(b));
}

export function authRoutes(deps: AppDeps) {
  const { config } = deps;
  const { sql } = deps.database;
  const oauthCookie = cookieOptions(config, { path: '/auth', maxAge: OAUTH_COOKIE_SECONDS });

  const failure = (c: Context<AppEnv>, status: 400 | 429 | 503, heading: string, message: string) =>
    renderPage(c, config.demo, heading, errorMessage({ heading, message, action: { href: '/auth/sign-in', label: 'Start again' } }), status);

  // Each attempt sends the browser to Google; nobody is signed in yet, so the client IP is the only key.
  const signInLimit = rateLimit({
    rules: [{ limit: SIGN_IN_ATTEMPTS_PER_WINDOW, windowMs: SIGN_IN_WINDOW_MS, key: (c) => clientIp(c, config.trustProxyHops) }],
    refuse: (c, waitSeconds) => failure(c, 429, 'Too many sign-in attempts',
      `Too many sign-in attempts came from your network. Please wait ${waitInWords(waitSeconds)} and try again.`),
  });

  /** One transaction, after Google has answered everything: no half-created users. */
  async function signIn(profile: GoogleProfile, tokens: Credentials, previousSession: string | undefined) {
    // Google lets people untick YouTube on the consent screen; they can still sign in, but then
    // their account shows "YouTube access lost: reconnect" until they grant it.
    const youtubeGranted = tokens.scope === undefined || tokens.scope.split(' ').includes(YOUTUBE_SCOPE);
    return sql.begin(async (tx) => {
      const [user] = await tx<{ id: string }[]>`
        insert into users (google_subject, email, name, picture_url, email_verified)
        values (${profile.sub}, ${profile.email}, ${profile.name}, ${profile.picture}, ${profile.emailVerified})
        on conflict (google_subject) do update set
          email = excluded.email, name = excluded.name, picture_url = excluded.picture_url, email_verified = excluded.email_verified
        returning id`;
      const userId = Number(user!.id);
      await pinAdminSubject(tx, config, profile);
      await saveGoogleTokens(tx, config.encryptionKey, userId, tokens);
      // A sign-in without a refresh token (and none stored from before) cannot act for the user later.
      await tx`
        update users set
          youtube_access_lost_at = case when ${youtubeGranted}
            and exists (select 1 from google_credentials g where g.user_id = users.id and g.refresh_token_encrypted is not null)
            then null else now() end,
          owned_playlists_synced_at = null
        where id = ${userId}`;
      if (previousSession) await tx`delete from sessions where token_hash = ${sha256(previousSession)}`;
      return createSession(tx, userId);
    });
  }

  return new Hono<AppEnv>()
    .get('/sign-in', validate('query', signInQuery), (c) => {
      const next = safeReturnPath(c.req.valid('query').next);
      // Google sends the browser back to BASE_URL; opened under another loopback name (127.0.0.1 for
      // localhost, say), this browser's sign-in cookies would be left behind, so send it there first.
      // Only loopback names: behind a proxy the Host header may be the upstream's, not the public name.
      const here = new URL(c.req.url);
      const home = new URL(config.baseUrl);
      const elsewhere = here.host !== home.host && isLoopback(here.hostname) && isLoopback(home.hostname)
        ? { here: here.host, home: new URL(signInHref(next), home).href } : undefined;
      return renderPage(c, config.demo, 'Sign in', signInPage({ reconnect: c.get('user')?.youtubeAccessLost ?? false, next, elsewhere }));
    })

    .post('/sign-in', signInLimit, validate('form', signInForm), async (c) => {
      const client = createOAuthClient(config);
      const state = randomToken();
      const { codeVerifier, codeChallenge } = await client.generateCodeVerifierAsync();
      const url = client.generateAuthUrl({
        access_type: 'offline',
        scope: [...GOOGLE_SCOPES],
        include_granted_scopes: true,
        state,
        code_challenge: codeChallenge!,
        code_challenge_method: CodeChallengeMethod.S256,
        // Google sends a new refresh token only with fresh consent, which a reconnect needs.
        prompt: c.get('user')?.youtubeAccessLost ? 'consent' : 'select_account',
      });
      setCookie(c, STATE_COOKIE, state, oauthCookie);
      setCookie(c, VERIFIER_COOKIE, codeVerifier, oauthCookie);
      const next = safeReturnPath(c.req.valid('form').next);
      // Without one, a return path left from an abandoned attempt (a path on this site, minutes old) may still apply.
      if (next) setCookie(c, RETURN_COOKIE, next, oauthCookie);
      return c.redirect(url, 303);
    })

    .get('/callback', validate('query', callbackQuery), async (c) => {
      const query = c.req.valid('query');
      const expectedState = getCookie(c, STATE_COOKIE);
      const codeVerifier = getCookie(c, VERIFIER_COOKIE);
      const returnPath = safeReturnPath(getCookie(c, RETURN_COOKIE));
      // One use only: whatever happens next, this attempt's state and verifier are spent.
      deleteCookie(c, STATE_COOKIE, oauthCookie);
      deleteCookie(c, VERIFIER_COOKIE, oauthCookie);
      deleteCookie(c, RETURN_COOKIE, oauthCookie);

      if (!expectedState || !codeVerifier) {
        return failure(c, 400, 'Sign-in expired',
          `This browser has no sign-in in progress: it was started more than 10 minutes ago, in another browser, at another address than ${new URL(config.baseUrl).host} (the address subtext is configured for, BASE_URL), or cookies are blocked. Nothing was saved.`);
      }
      if (!query.state || !sameSecret(query.state, expectedState)) {
        return failure(c, 400, 'Sign-in could not be verified',
          'The answer from Google does not belong to the sign-in this browser started, so it was ignored. Nothing was saved.');
      }
      if (query.error === 'access_denied') {
        return failure(c, 400, 'Sign-in cancelled',
          'Access was not granted on Google\'s page, so you are not signed in. subtext needs read-only access to your YouTube account to list and index your playlists.');
      }
      if (query.error !== undefined || !query.code) {
        return failure(c, 400, 'Sign-in failed', `Google did not sign you in (${query.error ?? 'no authorization code'}). Nothing was saved.`);
      }

      const client = createOAuthClient(config);
      let tokens: Credentials;
      try {
        ({ tokens } = await client.getToken({ code: query.code, codeVerifier }));
      } catch (err) {
        const status = (err as { response?: { status?: number } }).response?.status;
        log.warn('Google code exchange failed', { status, err });
        return status !== undefined && status < 500
          ? failure(c, 400, 'Sign-in failed', 'Google did not accept the sign-in (the code expired or was already used). Nothing was saved.')
          : failure(c, 503, 'Sign-in failed', 'Google could not be reached to finish the sign-in. Nothing was saved; please try again.');
      }
      client.setCredentials(tokens);
      let profile: GoogleProfile;
      try {
        profile = await fetchGoogleProfile(config, client);
      } catch (err) {
        log.warn('Google userinfo failed', { err });
        return failure(c, 503, 'Sign-in failed', 'Google did not tell us who you are, so you are not signed in. Nothing was saved; please try again.');
      }

      const session = await signIn(profile, tokens, getCookie(c, SESSION_COOKIE));
      setSessionCookie(c, config, session);
      return c.redirect(returnPath ?? '/library', 302);
    })

    .post('/sign-out', async (c) => {
      await endSession(c, deps);
      return c.redirect('/', 303);
    })

    .post('/disconnect', requireUser, async (c) => {
      const user = signedInUser(c);
      const revoked = await disconnectYoutube({ config, sql }, user.id);
      c.set('user', { ...user, youtubeAccessLost: true });
      return renderPage(c, config.demo, 'YouTube disconnected', disconnectedPage({ revoked }));
    });
}
