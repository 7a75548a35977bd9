import { randomBytes } from 'node:crypto';

// In-memory state of the fake Google authorization server: authorization codes, grants
// (one per consent, holding the refresh token) and the access tokens issued under them.

const CODE_TTL_MS = 60_000;
const PRUNE_ABOVE = 20_000;

export interface PendingCode {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  sub: string;
  scope: string;
  nonce: string | undefined;
  /** Decided at consent time: offline access on first consent or with prompt=consent. */
  issueRefreshToken: boolean;
}

export interface Grant {
  id: string;
  sub: string;
  clientId: string;
  scope: string;
  refreshToken: string | undefined;
  revoked: boolean;
}

export type AccessTokenCheck =
  | { ok: true; sub: string; scope: string; clientId: string }
  | { ok: false; problem: 'unknown' | 'expired' | 'revoked' };

export class OAuthStore {
  readonly #codes = new Map<string, PendingCode & { expiresAt: number }>();
  readonly #grants = new Map<string, Grant>();
  readonly #grantIdByRefreshToken = new Map<string, string>();
  readonly #accessTokens = new Map<string, { grantId: string; expiresAt: number }>();

  issueCode(pending: PendingCode, now: number): string {
    const code = `4/0${token(40)}`;
    this.#codes.set(code, { ...pending, expiresAt: now + CODE_TTL_MS });
    return code;
  }

  /** Codes are single use: taking one removes it, whatever happens next. */
  takeCode(code: string, now: number): PendingCode | undefined {
    const pending = this.#codes.get(code);
    this.#codes.delete(code);
    return pending && pending.expiresAt > now ? pending : undefined;
  }

  hasActiveGrant(sub: string, clientId: string): boolean {
    return this.#activeGrant(sub, clientId) !== undefined;
  }

  /** A new consent creates a new grant; without a refresh token the existing grant is reused. */
  grantForCode(pending: PendingCode): Grant {
    const existing = pending.issueRefreshToken ? undefined : this.#activeGrant(pending.sub, pending.clientId);
    if (existing) return existing;
    const grant: Grant = {
      id: token(12),
      sub: pending.sub,
      clientId: pending.clientId,
      scope: pending.scope,
      refreshToken: pending.issueRefreshToken ? `1//0${token(64)}` : undefined,
      revoked: false,
    };
    this.#grants.set(grant.id, grant);
    if (grant.refreshToken) this.#grantIdByRefreshToken.set(grant.refreshToken, grant.id);
    return grant;
  }

  grantForRefreshToken(refreshToken: string): Grant | undefined {
    const grant = this.#grants.get(this.#grantIdByRefreshToken.get(refreshToken) ?? '');
    return grant && !grant.revoked ? grant : undefined;
  }

  issueAccessToken(grant: Grant, ttlSeconds: number, now: number): string {
    if (this.#accessTokens.size > PRUNE_ABOVE) {
      for (const [key, issued] of this.#accessTokens) if (issued.expiresAt <= now) this.#accessTokens.delete(key);
    }
    const accessToken = `ya29.a0${token(120)}`;
    this.#accessTokens.set(accessToken, { grantId: grant.id, expiresAt: now + ttlSeconds * 1000 });
    return accessToken;
  }

  checkAccessToken(accessToken: string, now: number): AccessTokenCheck {
    const issued = this.#accessTokens.get(accessToken);
    const grant = issued && this.#grants.get(issued.grantId);
    if (!issued || !grant) return { ok: false, problem: 'unknown' };
    if (grant.revoked) return { ok: false, problem: 'revoked' };
    if (issued.expiresAt <= now) return { ok: false, problem: 'expired' };
    return { ok: true, sub: grant.sub, scope: grant.scope, clientId: grant.clientId };
  }

  /** Revoking either kind of token ends the whole grant, as Google does. */
  revokeToken(anyToken: string): boolean {
    const grantId = this.#grantIdByRefreshToken.get(anyToken) ?? this.#accessTokens.get(anyToken)?.grantId;
    const grant = this.#grants.get(grantId ?? '');
    if (!grant || grant.revoked) return false;
    grant.revoked = true;
    return true;
  }

  revokeAccount(sub: string): number {
    let revoked = 0;
    for (const grant of this.#grants.values()) {
      if (grant.sub === sub && !grant.revoked) {
        grant.revoked = true;
        revoked++;
      }
    }
    return revoked;
  }

  #activeGrant(sub: string, clientId: string): Grant | undefined {
    for (const grant of this.#grants.values()) {
      if (grant.sub === sub && grant.clientId === clientId && !grant.revoked) return grant;
    }
    return undefined;
  }
}

function token(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}
