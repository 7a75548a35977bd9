// Sessions: the cookie holds a random token, the database only its SHA-256, so a leaked
// sessions table cannot be replayed. Expiry slides: a session used in its second half is
// extended, one unused for SESSION_DAYS ends.
// Times are computed in SQL and read as epoch milliseconds: drizzle turns off postgres.js's own
// Date handling on the shared connection, so Date values neither go in nor come out as Dates.
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { CookieOptions } from 'hono/utils/cookie';
import type { Config } from '../config.ts';
import type { Queryable } from '../db/client.ts';
import { isHtmx } from '../web/render.ts';
import type { AppDeps, AppEnv, SignedInUser } from '../web/env.ts';
import { hasAdminRights } from './admins.ts';
import { randomToken, sha256 } from './crypto.ts';
import { pathOfUrl, signInHref } from './return-path.ts';

export const SESSION_COOKIE = 'subtext_session';
const DAY_MS = 24 * 60 * 60 * 1000;
const SESSION_DAYS = 30;

/** HttpOnly, SameSite=Lax, Path=/, and Secure whenever the app is served over https. */
export function cookieOptions(config: Config, extra: CookieOptions = {}): CookieOptions {
  return { httpOnly: true, sameSite: 'Lax', path: '/', secure: config.baseUrl.startsWith('https:'), ...extra };
}

export async function createSession(sql: Queryable, userId: number): Promise<{ token: string; expiresAt: Date }> {
  const token = randomToken();
  // Expired rows of this user are swept here, so the table does not grow without a cleanup job.
  await sql`delete from sessions where user_id = ${userId} and expires_at <= now()`;
  const [row] = await sql<{ expiresAtMs: number }[]>`
    insert into sessions (token_hash, user_id, expires_at) values (${sha256(token)}, ${userId}, now() + make_interval(days => ${SESSION_DAYS}))
    returning (extract(epoch from expires_at) * 1000)::float8 as "expiresAtMs"`;
  return { token, expiresAt: new Date(row!.expiresAtMs) };
}

export function setSessionCookie(c: Context, config: Config, session: { token: string; expiresAt: Date }): void {
  setCookie(c, SESSION_COOKIE, session.token, cookieOptions(config, { expires: session.expiresAt }));
}

/** Sign-out: the session row goes, so the token is worthless even if the cookie survives somewhere. */
export async function endSession(c: Context, deps: AppDeps): Promise<void> {
  const token = getCookie(c, SESSION_COOKIE);
  if (token) await deps.database.sql`delete from sessions where token_hash = ${sha256(token)}`;
  deleteCookie(c, SESSION_COOKIE, cookieOptions(deps.config));
}

interface SessionRow {
  /** int8 arrives from postgres.js as a string. */
  userId: string;
  email: string;
  name: string;
  youtubeAccessLost: boolean;
  emailVerified: boolean;
  holdsAdminPin: boolean;
  expiresAtMs: number;
}

/** Reads the session cookie and sets c.var.user; a cookie that no longer names a live session is deleted. */
export function sessionMiddleware(deps: AppDeps): MiddlewareHandler<AppEnv> {
  const { sql } = deps.database;
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    // Static assets never need the user; skipping them saves a query per stylesheet and script.
    if (!token || c.req.path.startsWith('/assets/')) return next();
    const tokenHash = sha256(token);
    const [row] = await sql<SessionRow[]>`
      select u.id as "userId", u.email, u.name, u.youtube_access_lost_at is not null as "youtubeAccessLost",
        u.email_verified as "emailVerified",
        exists (select 1 from admin_subjects a where a.email = lower(u.email) and a.google_subject = u.google_subject) as "holdsAdminPin",
        (extract(epoch from s.expires_at) * 1000)::float8 as "expiresAtMs"
      from sessions s join users u on u.id = s.user_id
      where s.token_hash = ${tokenHash} and s.expires_at > now()`;
    if (!row) {
      deleteCookie(c, SESSION_COOKIE, cookieOptions(deps.config));
      return next();
    }
    if (row.expiresAtMs - Date.now() < (SESSION_DAYS / 2) * DAY_MS) {
      const [renewed] = await sql<{ expiresAtMs: number }[]>`
        update sessions set expires_at = now() + make_interval(days => ${SESSION_DAYS}) where token_hash = ${tokenHash}
        returning (extract(epoch from expires_at) * 1000)::float8 as "expiresAtMs"`;
      if (renewed) setSessionCookie(c, deps.config, { token, expiresAt: new Date(renewed.expiresAtMs) });
    }
    const user: SignedInUser = {
      id: Number(row.userId), email: row.email, name: row.name, youtubeAccessLost: row.youtubeAccessLost,
      isAdmin: hasAdminRights(deps.config, row),
    };
    c.set('user', user);
    return next();
  };
}

/** Guards routes that need a signed-in person; answers in the form the caller can act on. */
export const requireUser: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.get('user')) return next();
  // Sign-in brings the person back here: the page they asked for (for htmx, the page they are on).
  if (isHtmx(c)) return c.body(null, 401, { 'HX-Redirect': signInHref(pathOfUrl(c.req.header('HX-Current-URL'))) });
  if (c.req.path === '/api' || c.req.path.startsWith('/api/')) return c.json({ error: 'Sign in first: this needs a signed-in session.' }, 401);
  const url = new URL(c.req.url);
  return c.redirect(signInHref(c.req.method === 'GET' ? `${url.pathname}${url.search}` : undefined), 302);
};

/** The signed-in user inside a handler behind requireUser. */
export function signedInUser(c: Context<AppEnv>): SignedInUser {
  const user = c.get('user');
  if (!user) throw new Error('signedInUser() used on a route without requireUser');
  return user;
}
