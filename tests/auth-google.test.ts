// Google sign-in over HTTP against the stand-in's Google: the happy path, every way it can fail,
// token refresh, invalid_grant, reconnect, "Disconnect YouTube" and the sign-in rate limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open } from '../src/auth/crypto.ts';
import { authorizedClientForUser } from '../src/auth/google-credentials.ts';
import { SIGN_IN_ATTEMPTS_PER_WINDOW } from '../src/auth/routes.ts';
import { DEMO } from '../src/standin/demo-data.ts';
import { buildWebApp } from '../src/web/build.ts';
import { YoutubeError } from '../src/youtube/errors.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { consent, CookieJar, finishSignIn, signInAs, startSignIn } from './helpers/google-sign-in.ts';

const [alice, bob, carol] = DEMO.accounts;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ worker: false });
});
afterAll(async () => {
  await t?.stop();
});

const sql = () => t.db.database.sql;

async function userBySubject(sub: string) {
  const [user] = await sql()<{ id: string; email: string; name: string; lost: boolean }[]>`
    select id, email, name, youtube_access_lost_at is not null as lost from users where google_subject = ${sub}`;
  return user ? { ...user, id: Number(user.id) } : undefined;
}

async function storedTokens(userId: number) {
  const [row] = await sql()<{ refresh: Buffer | null; access: Buffer | null; expiresInSeconds: number | null }[]>`
    select refresh_token_encrypted as refresh, access_token_encrypted as access,
      extract(epoch from access_token_expires_at - now())::float8 as "expiresInSeconds"
    from google_credentials where user_id = ${userId}`;
  if (!row) return undefined;
  const key = t.config.encryptionKey;
  return {
    ...row,
    refreshToken: row.refresh ? open(key, row.refresh, `google_credentials.refresh_token:${userId}`) : null,
    accessToken: row.access ? open(key, row.access, `google_credentials.access_token:${userId}`) : null,
  };
}

async function expireAccessToken(userId: number) {
  await sql()`update google_credentials set access_token_expires_at = now() - interval '1 minute' where user_id = ${userId}`;
}

async function standinTokenRefresh(refreshToken: string) {
  const res = await fetch(`${t.standin.url}/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: t.config.googleClientId, client_secret: t.config.googleClientSecret }),
  });
  return { status: res.status, body: await res.json() as { error?: string } };
}

async function userCount(): Promise<number> {
  const [row] = await sql()<{ n: number }[]>`select count(*)::int as n from users`;
  return row!.n;
}

describe('sign-in', () => {
  it('sends the browser to Google with state, PKCE S256, offline access and the YouTube scope', async () => {
    const { jar, authUrl } = await startSignIn(t);
    expect(authUrl.origin + authUrl.pathname).toBe(`${t.standin.url}/o/oauth2/v2/auth`);
    const q = authUrl.searchParams;
    expect(q.get('response_type')).toBe('code');
    expect(q.get('redirect_uri')).toBe(`${t.baseUrl}/auth/callback`);
    expect(q.get('access_type')).toBe('offline');
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('scope')!.split(' ')).toEqual(['openid', 'email', 'profile', 'https://www.googleapis.com/auth/youtube.readonly']);
    expect(q.get('state')).toBe(jar.cookies.get('subtext_oauth_state'));
    expect(jar.cookies.get('subtext_oauth_verifier')).toMatch(/^[A-Za-z0-9~_-]{43,128}$/);
  });

  it('keeps state and verifier in short-lived HttpOnly cookies', async () => {
    const res = await t.app.request('/auth/sign-in', { method: 'POST', headers: { origin: t.baseUrl } });
    const cookies = res.headers.getSetCookie();
    expect(cookies).toHaveLength(2);
    for (const cookie of cookies) {
      expect(cookie).toMatch(/^subtext_oauth_(state|verifier)=/);
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
      expect(cookie).toMatch(/Max-Age=600/);
      expect(cookie).toMatch(/Path=\/auth/);
    }
  });

  it('signs in, stores the user, encrypted tokens and a session, and shows the account\'s playlists', async () => {
    const jar = await signInAs(t, alice!.sub);
    expect(jar.cookies.has('subtext_oauth_state')).toBe(false);
    expect(jar.cookies.has('subtext_oauth_verifier')).toBe(false);
    expect(jar.cookies.get('subtext_session')).toBeTruthy();

    const user = (await userBySubject(alice!.sub))!;
    expect(user).toMatchObject({ email: alice!.email, name: alice!.name, lost: false });
    const tokens = (await storedTokens(user.id))!;
    expect(tokens.refreshToken).toMatch(/^1\/\/0/);
    expect(tokens.accessToken).toMatch(/^ya29\./);
    expect(tokens.refresh!.includes(Buffer.from(tokens.refreshToken!))).toBe(false);
    expect(tokens.access!.includes(Buffer.from(tokens.accessToken!))).toBe(false);
    expect(tokens.expiresInSeconds).toBeGreaterThan(3000);

    const page = await (await t.app.request('/library', { headers: { cookie: jar.header() } })).text();
    expect(page).toContain(alice!.name);
    for (const title of ['Weeknight cooking', 'Physics for the curious', 'Everything I watched']) expect(page).toContain(title);
    expect(page).not.toContain('Travel notes');
  });

  it('a second sign-in keeps the stored refresh token when Google sends none, and replaces the old session', async () => {
    const first = await signInAs(t, bob!.sub);
    const user = (await userBySubject(bob!.sub))!;
    const before = (await storedTokens(user.id))!;

    const step = await startSignIn(t, first);
    const callback = await consent(step, { account: bob!.sub });
    const oldSession = first.cookies.get('subtext_session')!;
    const res = await finishSignIn(t, step.jar, callback);
    expect(res.status).toBe(302);
    const after = (await storedTokens(user.id))!;
    expect(after.refreshToken).toBe(before.refreshToken);
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(step.jar.cookies.get('subtext_session')).not.toBe(oldSession);
    const old = await t.app.request('/', { headers: { cookie: `subtext_session=${oldSession}` } });
    expect(await old.text()).not.toContain(bob!.name);
    expect(await sql()`select 1 from users where google_subject = ${bob!.sub}`).toHaveLength(1);
  });
});

describe('sign-in failures end on a "start again" page and create nothing', () => {
  async function expectFailurePage(res: Response, heading: RegExp) {
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toMatch(heading);
    expect(page).toContain('href="/auth/sign-in"');
    expect(page).toContain('Start again');
    expect(page).not.toMatch(/at .*\.ts:\d+/);
    expect(res.headers.getSetCookie().some((c) => c.startsWith('subtext_session=') && !/Max-Age=0/i.test(c))).toBe(false);
  }

  it('a mismatched state', async () => {
    const users = await userCount();
    const step = await startSignIn(t);
    const callback = await consent(step, { account: carol!.sub });
    callback.searchParams.set('state', 'forged-state-from-another-browser');
    await expectFailurePage(await finishSignIn(t, step.jar, callback), /could not be verified/);
    expect(await userCount()).toBe(users);
  });

  it('a missing state, or no sign-in started in this browser', async () => {
    const users = await userCount();
    const step = await startSignIn(t);
    const callback = await consent(step, { account: carol!.sub });
    const withoutState = new URL(callback);
    withoutState.searchParams.delete('state');
    await expectFailurePage(await finishSignIn(t, step.jar, withoutState), /could not be verified/);
    // The first attempt spent the cookies, so the genuine callback now finds none.
    await expectFailurePage(await finishSignIn(t, new CookieJar(), callback), /Sign-in expired/);
    expect(await userCount()).toBe(users);
  });

  it('denied consent', async () => {
    const users = await userCount();
    const step = await startSignIn(t);
    const callback = await consent(step, { cancel: true });
    expect(callback.searchParams.get('error')).toBe('access_denied');
    const res = await finishSignIn(t, step.jar, callback);
    await expectFailurePage(res, /Sign-in cancelled/);
    expect(await userCount()).toBe(users);
  });

  it('a failed code exchange (bad or replayed code)', async () => {
    const users = await userCount();
    const step = await startSignIn(t);
    const callback = await consent(step, { account: carol!.sub });
    callback.searchParams.set('code', '4/0-not-a-code-google-issued');
    await expectFailurePage(await finishSignIn(t, step.jar, callback), /Sign-in failed/);
    expect(await userCount()).toBe(users);
    expect(await userBySubject(carol!.sub)).toBeUndefined();
  });
});

describe('Google tokens', () => {
  it('refreshes an expiring access token for web requests and for workers, persisting it encrypted', async () => {
    const jar = await signInAs(t, carol!.sub);
    const user = (await userBySubject(carol!.sub))!;
    const original = (await storedTokens(user.id))!;

    await expireAccessToken(user.id);
    const res = await t.app.request('/library/refresh', { method: 'POST', headers: { cookie: jar.header(), origin: t.baseUrl } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Language practice');
    const afterWeb = (await storedTokens(user.id))!;
    expect(afterWeb.accessToken).not.toBe(original.accessToken);
    expect(afterWeb.refreshToken).toBe(original.refreshToken);
    expect(afterWeb.expiresInSeconds).toBeGreaterThan(3000);

    // What a worker does: the same function, no request in sight.
    await expireAccessToken(user.id);
    const client = await authorizedClientForUser({ config: t.config, sql: sql() }, user.id);
    const afterWorker = (await storedTokens(user.id))!;
    expect(afterWorker.accessToken).not.toBe(afterWeb.accessToken);
    expect(client.credentials.access_token).toBe(afterWorker.accessToken);
  });

  it('invalid_grant marks the account on every page, stops workers with access_lost, and reconnecting clears it', async () => {
    const jar = await signInAs(t, carol!.sub);
    const user = (await userBySubject(carol!.sub))!;
    const { refreshToken } = (await storedTokens(user.id))!;
    // The person revokes subtext in their Google account.
    expect((await fetch(`${t.standin.url}/revoke?token=${encodeURIComponent(refreshToken!)}`, { method: 'POST' })).status).toBe(200);
    await expireAccessToken(user.id);

    // The next call to Google (here: "Refresh from YouTube") finds out.
    const library = await t.app.request('/library/refresh', { method: 'POST', headers: { cookie: jar.header(), origin: t.baseUrl } });
    expect(library.status).toBe(200);
    expect(await library.text()).toContain('YouTube access lost');
    expect((await userBySubject(carol!.sub))!.lost).toBe(true);
    for (const path of ['/', '/library', '/auth/sign-in']) {
      expect(await (await t.app.request(path, { headers: { cookie: jar.header() } })).text()).toContain('YouTube access lost');
    }
    const error = await authorizedClientForUser({ config: t.config, sql: sql() }, user.id).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(YoutubeError);
    expect((error as YoutubeError).kind).toBe('access_lost');

    // Reconnect asks Google for consent again, which brings a new refresh token.
    const step = await startSignIn(t, jar);
    expect(step.authUrl.searchParams.get('prompt')).toBe('consent');
    await finishSignIn(t, step.jar, await consent(step, { account: carol!.sub }));
    expect((await userBySubject(carol!.sub))!.lost).toBe(false);
    expect((await storedTokens(user.id))!.refreshToken).not.toBe(refreshToken);
    expect(await (await t.app.request('/library', { headers: { cookie: step.jar.header() } })).text()).not.toContain('YouTube access lost');
  });

  it('a grant revoked while its access token is still valid is noticed on the next API call (401, refresh, invalid_grant)', async () => {
    const jar = await signInAs(t, bob!.sub);
    const user = (await userBySubject(bob!.sub))!;
    const { accessToken } = (await storedTokens(user.id))!;
    expect((await fetch(`${t.standin.url}/revoke?token=${encodeURIComponent(accessToken!)}`, { method: 'POST' })).status).toBe(200);

    const res = await t.app.request('/library/refresh', { method: 'POST', headers: { cookie: jar.header(), origin: t.baseUrl } });
    expect(await res.text()).toContain('YouTube access lost');
    expect((await userBySubject(bob!.sub))!.lost).toBe(true);
  });

  it('"Disconnect YouTube" revokes the grant at Google and deletes the stored tokens', async () => {
    const jar = await signInAs(t, alice!.sub);
    const user = (await userBySubject(alice!.sub))!;
    const { refreshToken } = (await storedTokens(user.id))!;
    expect((await standinTokenRefresh(refreshToken!)).status).toBe(200);

    const res = await t.app.request('/auth/disconnect', { method: 'POST', headers: { cookie: jar.header(), origin: t.baseUrl } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('YouTube disconnected');
    expect(await storedTokens(user.id)).toBeUndefined();
    expect(await standinTokenRefresh(refreshToken!)).toEqual({ status: 400, body: expect.objectContaining({ error: 'invalid_grant' }) });
    // The library and the session stay; the account now offers to reconnect.
    const library = await (await t.app.request('/library', { headers: { cookie: jar.header() } })).text();
    expect(library).toContain('Reconnect YouTube');
    expect(library).toContain('Weeknight cooking');
  });

  it('"Disconnect YouTube" needs a signed-in POST', async () => {
    expect((await t.app.request('/auth/disconnect', { method: 'POST', headers: { origin: t.baseUrl } })).status).toBe(302);
    expect((await t.app.request('/auth/disconnect')).status).toBe(404);
  });
});

it('rate-limits sign-in attempts per IP', async () => {
  // A fresh app: the limiter lives in the app, so other tests' attempts do not count here.
  const app = buildWebApp({ config: t.config, database: t.db.database, queue: t.queue });
  const attempt = () => app.request('/auth/sign-in', { method: 'POST', headers: { origin: t.baseUrl } });
  for (let i = 0; i < SIGN_IN_ATTEMPTS_PER_WINDOW; i++) expect((await attempt()).status).toBe(303);
  const refused = await attempt();
  expect(refused.status).toBe(429);
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(await refused.text()).toContain('Too many sign-in attempts');
});
