// Personal API tokens for /api: shown once when created, stored only as their SHA-256, revoked by
// deleting the row. A request with `Authorization: Bearer <token>` acts as the token's owner.
import type { MiddlewareHandler } from 'hono';
import { randomToken, sha256 } from './crypto.ts';
import type { Sql } from '../db/client.ts';
import type { AppEnv } from '../web/env.ts';

/** The prefix lets secret scanners (and people) recognise a leaked token. */
const TOKEN_PREFIX = 'subtext_';

export interface ApiToken {
  readonly id: number;
  readonly name: string;
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
}

export async function createApiToken(sql: Sql, userId: number, name: string): Promise<{ id: number; token: string }> {
  const token = TOKEN_PREFIX + randomToken();
  const [row] = await sql<{ id: string }[]>`
    insert into api_tokens (user_id, name, token_hash) values (${userId}, ${name}, ${sha256(token)}) returning id`;
  return { id: Number(row!.id), token };
}

export async function listApiTokens(sql: Sql, userId: number): Promise<ApiToken[]> {
  const rows = await sql<(Omit<ApiToken, 'id'> & { id: string })[]>`
    select id, name, created_at as "createdAt", last_used_at as "lastUsedAt"
    from api_tokens where user_id = ${userId} order by created_at desc, id desc`;
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** False when the person has no such token (already revoked, or someone else's). */
export async function revokeApiToken(sql: Sql, userId: number, tokenId: number): Promise<boolean> {
  const deleted = await sql`delete from api_tokens where id = ${tokenId} and user_id = ${userId} returning id`;
  return deleted.length > 0;
}

/**
 * Bearer authentication for /api: a valid token sets c.var.user (over any session cookie); a token
 * that names nothing is refused outright rather than falling back to the cookie.
 */
export function bearerAuth(sql: Sql): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('Authorization');
    if (header === undefined) return next();
    const token = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
    const [row] = token === undefined ? [] : await sql<{ id: string; email: string; name: string; youtubeAccessLost: boolean }[]>`
      update api_tokens t set last_used_at = now()
      from users u
      where t.token_hash = ${sha256(token)} and u.id = t.user_id
      returning u.id, u.email, u.name, u.youtube_access_lost_at is not null as "youtubeAccessLost"`;
    if (!row) {
      return c.json({ error: 'This API token is not valid (revoked or mistyped): create a new one at /settings/tokens.' }, 401, {
        'WWW-Authenticate': 'Bearer error="invalid_token"',
      });
    }
    c.set('user', { id: Number(row.id), email: row.email, name: row.name, youtubeAccessLost: row.youtubeAccessLost });
    return next();
  };
}
