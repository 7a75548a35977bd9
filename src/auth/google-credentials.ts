// A user's Google tokens: stored encrypted, turned back into an authorized OAuth2Client for the
// web server and the workers alike. Every refresh goes through one place, which persists the new
// access token and, when Google answers invalid_grant, marks the account "YouTube access lost"
// so pages show the reconnect banner and jobs stop instead of retrying a grant that is gone.
// Expiry times travel as epoch numbers: the shared connection does not convert Dates (see session.ts).
import { OAuth2Client, type Credentials } from 'google-auth-library';
import type { Config } from '../config.ts';
import type { Queryable, Sql } from '../db/client.ts';
import { log } from '../log.ts';
import { classifyGoogleError, YoutubeError } from '../youtube/errors.ts';
import { open, seal } from './crypto.ts';
import { oauthClientOptions } from './google-oauth.ts';

export interface CredentialsDeps {
  readonly config: Config;
  readonly sql: Sql;
}

/** Associated data binds each ciphertext to its column and its owner. */
const refreshTokenAad = (userId: number) => `google_credentials.refresh_token:${userId}`;
const accessTokenAad = (userId: number) => `google_credentials.access_token:${userId}`;

/**
 * Stores the tokens of a code exchange. Google sends a refresh token only when the person grants
 * consent, so a sign-in that brings none keeps the one already stored.
 */
export async function saveGoogleTokens(tx: Queryable, key: Buffer, userId: number, tokens: Credentials): Promise<void> {
  const refresh = tokens.refresh_token ? seal(key, tokens.refresh_token, refreshTokenAad(userId)) : null;
  const access = tokens.access_token ? seal(key, tokens.access_token, accessTokenAad(userId)) : null;
  const expiresAtSeconds = tokens.expiry_date ? tokens.expiry_date / 1000 : null;
  await tx`
    insert into google_credentials (user_id, refresh_token_encrypted, access_token_encrypted, access_token_expires_at, scope, updated_at)
    values (${userId}, ${refresh}, ${access}, to_timestamp(${expiresAtSeconds}), ${tokens.scope ?? ''}, now())
    on conflict (user_id) do update set
      refresh_token_encrypted = coalesce(excluded.refresh_token_encrypted, google_credentials.refresh_token_encrypted),
      access_token_encrypted = excluded.access_token_encrypted,
      access_token_expires_at = excluded.access_token_expires_at,
      scope = excluded.scope,
      updated_at = now()`;
}

async function markYoutubeAccessLost(sql: Queryable, userId: number): Promise<void> {
  await sql`update users set youtube_access_lost_at = coalesce(youtube_access_lost_at, now()) where id = ${userId}`;
}

function accessLost(): YoutubeError {
  return new YoutubeError('access_lost', 'YouTube access lost: reconnect your Google account to keep indexing.');
}

/** An OAuth2Client whose refreshes are persisted, and whose invalid_grant marks the account. */
class StoredCredentialsClient extends OAuth2Client {
  readonly #deps: CredentialsDeps;
  readonly #userId: number;

  constructor(deps: CredentialsDeps, userId: number) {
    // forceRefreshOnFailure: a 401 from an API (token revoked before its expiry) triggers a refresh,
    // which either heals the call or reveals invalid_grant, instead of a bare "invalid credentials".
    super({ ...oauthClientOptions(deps.config), forceRefreshOnFailure: true });
    this.#deps = deps;
    this.#userId = userId;
  }

  // google-auth-library calls this for eager refreshes (token about to expire) and for the retry
  // after a 401 alike, so overriding it covers every way a token gets renewed.
  protected override async refreshTokenNoCache(refreshToken?: string | null) {
    const { config, sql } = this.#deps;
    let response;
    try {
      response = await super.refreshTokenNoCache(refreshToken);
    } catch (err) {
      const error = classifyGoogleError(err);
      if (error.kind === 'access_lost') {
        await markYoutubeAccessLost(sql, this.#userId);
        log.warn('Google grant revoked or expired: YouTube access lost', { userId: this.#userId });
        throw accessLost();
      }
      throw error;
    }
    const { tokens } = response;
    if (tokens.access_token) {
      // Google may rotate the refresh token; keep whichever is current.
      const rotated = tokens.refresh_token ? seal(config.encryptionKey, tokens.refresh_token, refreshTokenAad(this.#userId)) : null;
      await sql`
        update google_credentials set
          access_token_encrypted = ${seal(config.encryptionKey, tokens.access_token, accessTokenAad(this.#userId))},
          access_token_expires_at = to_timestamp(${tokens.expiry_date ? tokens.expiry_date / 1000 : null}),
          refresh_token_encrypted = coalesce(${rotated}, refresh_token_encrypted),
          updated_at = now()
        where user_id = ${this.#userId}`;
    }
    return response;
  }
}

interface StoredCredentialsRow {
  accessLost: boolean;
  refreshToken: Buffer | null;
  accessToken: Buffer | null;
  expiresAtMs: number | null;
}

/**
 * An OAuth2Client acting as the user, with an access token valid for at least five more minutes
 * (refreshed and persisted if needed). Throws YoutubeError('access_lost') when the account has no
 * usable grant, so callers (pages and jobs) stop with that reason instead of retrying.
 */
export async function authorizedClientForUser(deps: CredentialsDeps, userId: number): Promise<OAuth2Client> {
  const { config, sql } = deps;
  const [row] = await sql<StoredCredentialsRow[]>`
    select u.youtube_access_lost_at is not null as "accessLost",
      g.refresh_token_encrypted as "refreshToken", g.access_token_encrypted as "accessToken", (extract(epoch from g.access_token_expires_at) * 1000)::float8 as "expiresAtMs"
    from users u left join google_credentials g on g.user_id = u.id
    where u.id = ${userId}`;
  if (!row || row.accessLost) throw accessLost();
  if (!row.refreshToken) {
    await markYoutubeAccessLost(sql, userId);
    throw accessLost();
  }
  const client = new StoredCredentialsClient(deps, userId);
  client.setCredentials({
    refresh_token: open(config.encryptionKey, row.refreshToken, refreshTokenAad(userId)),
    access_token: row.accessToken ? open(config.encryptionKey, row.accessToken, accessTokenAad(userId)) : null,
    expiry_date: row.expiresAtMs,
  });
  try {
    await client.getAccessToken();
  } catch (err) {
    throw classifyGoogleError(err);
  }
  return client;
}

/**
 * "Disconnect YouTube": revokes the grant at Google, then deletes the stored tokens whatever
 * Google answered (the person asked for them to be gone). Returns false when Google could not be
 * told, so the page can point to Google's own permissions page.
 */
export async function disconnectYoutube(deps: CredentialsDeps, userId: number): Promise<boolean> {
  const { config, sql } = deps;
  const [row] = await sql<{ refreshToken: Buffer | null; accessToken: Buffer | null }[]>`
    select refresh_token_encrypted as "refreshToken", access_token_encrypted as "accessToken"
    from google_credentials where user_id = ${userId}`;
  let revoked = true;
  // Revoking the refresh token revokes the whole grant, access tokens included.
  const token = row?.refreshToken ? open(config.encryptionKey, row.refreshToken, refreshTokenAad(userId))
    : row?.accessToken ? open(config.encryptionKey, row.accessToken, accessTokenAad(userId))
    : null;
  if (token) {
    try {
      await new OAuth2Client(oauthClientOptions(config)).revokeToken(token);
    } catch (err) {
      // 400 invalid_token: already revoked or expired, which is what we wanted.
      const status = (err as { response?: { status?: number } }).response?.status;
      revoked = status === 400;
      if (!revoked) log.warn('could not revoke Google grant', { userId, err });
    }
  }
  await sql.begin(async (tx) => {
    await tx`delete from google_credentials where user_id = ${userId}`;
    await markYoutubeAccessLost(tx, userId);
  });
  return revoked;
}
