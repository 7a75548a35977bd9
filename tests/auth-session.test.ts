// Sessions, cookies, requireUser, and the protections every state-changing request gets.
import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireUser, SESSION_COOKIE, sessionMiddleware } from '../src/auth/session.ts';
import { buildWebApp } from '../src/web/build.ts';
import type { AppEnv } from '../src/web/env.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { createSignedInUser } from './helpers/users.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ worker: false });
});
afterAll(async () => {
  await t?.stop();
});

const sha256 = (value: string) => createHash('sha256').update(value).digest();
const tokenOf = (cookie: string) => cookie.slice(`${SESSION_COOKIE}=`.length);
const sessionCookieHeader = (res: Response) => res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));

describe('sessions', () => {
  it('stores only the SHA-256 of the token, and the cookie signs the person in', async () => {
    const sql = t.db.database.sql;
    const { userId, cookie } = await createSignedInUser(sql, { name: 'Dana Session' });
    const [row] = await sql<{ token_hash: Buffer }[]>`select token_hash from sessions where user_id = ${userId}`;
    expect(row!.token_hash.equals(sha256(tokenOf(cookie)))).toBe(true);
    expect(row!.token_hash.includes(Buffer.from(tokenOf(cookie)))).toBe(false);

    const page = await (await t.app.request('/', { headers: { cookie } })).text();
    expect(page).toContain('Dana Session');
    expect(page).toContain('Sign out');
  });

  it('slides the expiry of a session used in its second half, and leaves a fresh one alone', async () => {
    const sql = t.db.database.sql;
    const { userId, cookie } = await createSignedInUser(sql);
    const fresh = await t.app.request('/', { headers: { cookie } });
    expect(sessionCookieHeader(fresh)).toBeUndefined();

    await sql`update sessions set expires_at = now() + interval '3 days' where user_id = ${userId}`;
    const res = await t.app.request('/', { headers: { cookie } });
    const setCookie = sessionCookieHeader(res)!;
    expect(setCookie).toContain(`${SESSION_COOKIE}=${tokenOf(cookie)}`);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Secure/i);
    const [row] = await sql<{ days: number }[]>`select extract(epoch from expires_at - now()) / 86400 as days from sessions where user_id = ${userId}`;
    expect(Number(row!.days)).toBeGreaterThan(29);
  });

  it('marks the cookie Secure when BASE_URL is https', async () => {
    const sql = t.db.database.sql;
    const httpsApp = buildWebApp({ config: { ...t.config, baseUrl: 'https://subtext.example' }, database: t.db.database, queue: t.queue });
    const { userId, cookie } = await createSignedInUser(sql);
    await sql`update sessions set expires_at = now() + interval '1 day' where user_id = ${userId}`;
    const res = await httpsApp.request('https://subtext.example/', { headers: { cookie } });
    expect(sessionCookieHeader(res)).toMatch(/;\s*Secure/i);
    expect(res.headers.get('strict-transport-security')).toContain('max-age=');
  });

  it('deletes the cookie of an expired or unknown session and treats the request as signed out', async () => {
    const sql = t.db.database.sql;
    const { userId, cookie } = await createSignedInUser(sql, { name: 'Expired Person' });
    await sql`update sessions set expires_at = now() - interval '1 second' where user_id = ${userId}`;
    for (const c of [cookie, `${SESSION_COOKIE}=not-a-real-token`]) {
      const res = await t.app.request('/', { headers: { cookie: c } });
      const page = await res.text();
      expect(page).not.toContain('Expired Person');
      expect(page).toContain('Sign in with Google');
      expect(sessionCookieHeader(res)).toMatch(/Max-Age=0/i);
    }
  });

  it('sign-out deletes the session row, so the old cookie no longer works', async () => {
    const sql = t.db.database.sql;
    const { userId, cookie } = await createSignedInUser(sql, { name: 'Leaving Person' });
    const res = await t.app.request('/auth/sign-out', { method: 'POST', headers: { cookie, origin: t.baseUrl } });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    expect(sessionCookieHeader(res)).toMatch(/Max-Age=0/i);
    expect(await sql`select 1 from sessions where user_id = ${userId}`).toHaveLength(0);
    expect(await (await t.app.request('/', { headers: { cookie } })).text()).not.toContain('Leaving Person');
  });

  it('sign-out is not possible with GET', async () => {
    const { userId, cookie } = await createSignedInUser(t.db.database.sql);
    const res = await t.app.request('/auth/sign-out', { headers: { cookie } });
    expect(res.status).toBe(404);
    expect(await t.db.database.sql`select 1 from sessions where user_id = ${userId}`).toHaveLength(1);
  });
});

describe('requireUser', () => {
  it('redirects pages, answers htmx with HX-Redirect and /api with JSON', async () => {
    const page = await t.app.request('/library');
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe('/auth/sign-in?next=%2Flibrary');

    const fragment = await t.app.request('/library', { headers: { 'HX-Request': 'true' } });
    expect(fragment.status).toBe(401);
    expect(fragment.headers.get('HX-Redirect')).toBe('/auth/sign-in');

    const deps = { config: t.config, database: t.db.database, queue: t.queue };
    const api = new Hono<AppEnv>().use(async (c, next) => {
      c.set('user', undefined);
      await next();
    }).use(sessionMiddleware(deps)).get('/api/whoami', requireUser, (c) => c.json({ id: c.get('user')!.id }));
    const anonymous = await api.request('/api/whoami');
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ error: expect.stringMatching(/sign in/i) });
    const { userId, cookie } = await createSignedInUser(t.db.database.sql);
    expect(await (await api.request('/api/whoami', { headers: { cookie } })).json()).toEqual({ id: userId });
  });
});

describe('protection', () => {
  it('refuses a cross-site POST and changes nothing', async () => {
    const sql = t.db.database.sql;
    const { userId, cookie } = await createSignedInUser(sql);
    const attempts: Array<Record<string, string>> = [
      { origin: 'https://evil.example' },
      { 'sec-fetch-site': 'cross-site' },
      {},
    ];
    for (const headers of attempts) {
      const res = await t.app.request('/auth/sign-out', { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...headers } });
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('nothing was changed');
    }
    expect(await sql`select 1 from sessions where user_id = ${userId}`).toHaveLength(1);
  });

  it('sends security headers with a Content-Security-Policy that allows no inline script', async () => {
    const res = await t.app.request('/auth/sign-in');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
  });
});
