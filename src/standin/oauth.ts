import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { findAccount } from './catalog.ts';
import { originOf, type StandinContext } from './context.ts';
import { DEMO_ACCOUNTS } from './demo-data.ts';
import type { Knobs } from './knobs.ts';
import type { AccountSpec } from './model.ts';
import type { Grant } from './oauth-store.ts';

// Google's OAuth 2.0 endpoints as google-auth-library's OAuth2Client uses them: the consent
// page (PKCE S256 required), the token endpoint, revocation, userinfo and the JWKS for id_tokens.

const ISSUER = 'https://accounts.google.com';
const SCOPE_ALIASES: Record<string, string> = {
  email: 'https://www.googleapis.com/auth/userinfo.email',
  profile: 'https://www.googleapis.com/auth/userinfo.profile',
};
const GOOGLE_SCOPE = /^https:\/\/www\.googleapis\.com\/auth\/[a-z0-9._-]+$/;

const authRequestSchema = z.object({
  client_id: z.string().min(1),
  redirect_uri: z.url({ protocol: /^https?$/ }),
  response_type: z.literal('code'),
  scope: z.string().min(1),
  state: z.string().optional(),
  code_challenge: z.string().regex(/^[A-Za-z0-9._~-]{43,128}$/),
  code_challenge_method: z.literal('S256'),
  access_type: z.enum(['online', 'offline']).optional(),
  prompt: z.string().optional(),
  nonce: z.string().optional(),
  login_hint: z.string().optional(),
  include_granted_scopes: z.string().optional(),
});
type AuthRequest = z.infer<typeof authRequestSchema>;

/** Google reports a bad redirect_uri under its own error name, everything else as invalid_request. */
function authRequestError(issue: z.core.$ZodIssue | undefined): { error: string; detail: string } {
  const field = String(issue?.path[0] ?? 'request');
  if (field === 'redirect_uri') return { error: 'redirect_uri_mismatch', detail: 'The redirect_uri is missing or not an http(s) URL.' };
  if (field === 'response_type') return { error: 'unsupported_response_type', detail: 'Only response_type=code is supported.' };
  return { error: 'invalid_request', detail: `Missing or invalid parameter: ${field}` };
}

/** "openid email profile …" → the long form Google echoes back; undefined if one is unknown. */
function normaliseScopes(scope: string): string | undefined {
  const scopes = scope.split(/\s+/).filter((s) => s !== '').map((s) => SCOPE_ALIASES[s] ?? s);
  if (!scopes.every((s) => s === 'openid' || GOOGLE_SCOPE.test(s))) return undefined;
  return [...new Set(scopes)].join(' ');
}

export function oauthRoutes(ctx: StandinContext): Hono {
  return new Hono()
    .get('/o/oauth2/v2/auth', (c) => {
      const parsed = authRequestSchema.safeParse(c.req.query());
      if (!parsed.success) return c.html(errorPage(authRequestError(parsed.error.issues[0])), 400);
      if (!normaliseScopes(parsed.data.scope)) return c.html(errorPage({ error: 'invalid_scope', detail: 'Some requested scopes were invalid.' }), 400);
      return c.html(signInPage(parsed.data));
    })
    .post('/o/oauth2/v2/auth', async (c) => {
      const form = await c.req.parseBody();
      const parsed = authRequestSchema.safeParse(form);
      if (!parsed.success) return c.html(errorPage(authRequestError(parsed.error.issues[0])), 400);
      const request = parsed.data;
      const scope = normaliseScopes(request.scope);
      const account = findAccount(String(form['account'] ?? ''));
      const redirect = new URL(request.redirect_uri);
      if (request.state !== undefined) redirect.searchParams.set('state', request.state);
      if (form['cancel'] !== undefined || !account || !scope) {
        redirect.searchParams.set('error', 'access_denied');
        return c.redirect(redirect.toString(), 302);
      }
      const code = ctx.oauth.issueCode(
        {
          clientId: request.client_id,
          redirectUri: request.redirect_uri,
          codeChallenge: request.code_challenge,
          sub: account.sub,
          scope,
          nonce: request.nonce,
          // A refresh token only comes with offline access, on first consent or when consent is asked again.
          issueRefreshToken:
            request.access_type === 'offline' &&
            ((request.prompt ?? '').split(' ').includes('consent') || !ctx.oauth.hasActiveGrant(account.sub, request.client_id)),
        },
        ctx.now(),
      );
      redirect.searchParams.set('iss', ISSUER);
      redirect.searchParams.set('code', code);
      redirect.searchParams.set('scope', scope);
      redirect.searchParams.set('authuser', '0');
      redirect.searchParams.set('prompt', 'consent');
      return c.redirect(redirect.toString(), 302);
    })
    .post('/token', async (c) => tokenEndpoint(c, ctx))
    .post('/revoke', async (c) => {
      const form = await c.req.parseBody();
      const token = c.req.query('token') ?? String(form['token'] ?? '');
      if (!ctx.oauth.revokeToken(token)) return c.json({ error: 'invalid_token', error_description: 'Token expired or revoked' }, 400);
      return c.json({});
    })
    .get('/oauth2/v3/userinfo', (c) => {
      const token = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1] ?? c.req.query('access_token') ?? '';
      const check = ctx.oauth.checkAccessToken(token, ctx.now());
      const account = check.ok ? findAccount(check.sub) : undefined;
      if (!check.ok || !account) {
        c.header('WWW-Authenticate', 'Bearer realm="https://accounts.google.com/", error="invalid_token"');
        return c.json({ error: 'invalid_request', error_description: 'Invalid Credentials' }, 401);
      }
      return c.json(identityClaims(account, check.scope, originOf(c.req.url), ctx.knobs.emailClaims[account.sub]));
    })
    // OAuth2Client.verifyIdToken reads the PEM map (v1) under Node and the JWK set (v3) in browsers.
    .get('/oauth2/v1/certs', (c) => c.json({ [signingKey().kid]: signingKey().pem }))
    .get('/oauth2/v3/certs', (c) => c.json({ keys: [signingKey().jwk] }));
}

const tokenRequestSchema = z.discriminatedUnion('grant_type', [
  z.object({
    grant_type: z.literal('authorization_code'),
    code: z.string().min(1),
    redirect_uri: z.string().min(1),
    client_id: z.string().min(1),
    code_verifier: z.string().min(1),
  }),
  z.object({ grant_type: z.literal('refresh_token'), refresh_token: z.string().min(1), client_id: z.string().min(1) }),
]);

async function tokenEndpoint(c: Context, ctx: StandinContext): Promise<Response> {
  const form = await c.req.parseBody();
  // ClientSecretBasic sends the client id in the Authorization header instead of the form.
  const basic = /^Basic (.+)$/.exec(c.req.header('authorization') ?? '')?.[1];
  const clientId = form['client_id'] ?? (basic ? Buffer.from(basic, 'base64').toString().split(':')[0] : undefined);
  const grantType = form['grant_type'];
  if (grantType !== 'authorization_code' && grantType !== 'refresh_token') {
    return c.json({ error: 'unsupported_grant_type', error_description: `Invalid grant_type: ${String(grantType ?? '')}` }, 400);
  }
  const parsed = tokenRequestSchema.safeParse({ ...form, client_id: clientId });
  if (!parsed.success) {
    return c.json({ error: 'invalid_request', error_description: `Missing required parameter: ${String(parsed.error.issues[0]?.path[0] ?? '')}` }, 400);
  }
  const request = parsed.data;
  const now = ctx.now();
  const invalidGrant = (description: string) => c.json({ error: 'invalid_grant', error_description: description }, 400);

  if (request.grant_type === 'refresh_token') {
    const grant = ctx.oauth.grantForRefreshToken(request.refresh_token);
    if (!grant) return invalidGrant('Token has been expired or revoked.');
    if (grant.clientId !== request.client_id) return c.json({ error: 'unauthorized_client', error_description: 'Unauthorized' }, 401);
    return c.json(tokenResponse(ctx, grant, { refresh: false, nonce: undefined, origin: originOf(c.req.url) }));
  }

  const pending = ctx.oauth.takeCode(request.code, now);
  if (!pending) return invalidGrant('Malformed auth code.');
  if (pending.clientId !== request.client_id) return c.json({ error: 'invalid_client', error_description: 'Unauthorized' }, 401);
  if (pending.redirectUri !== request.redirect_uri) return c.json({ error: 'redirect_uri_mismatch', error_description: 'Bad Request' }, 400);
  if (createHash('sha256').update(request.code_verifier).digest('base64url') !== pending.codeChallenge) {
    return invalidGrant('Invalid code verifier.');
  }
  const grant = ctx.oauth.grantForCode(pending);
  return c.json(tokenResponse(ctx, grant, { refresh: pending.issueRefreshToken, nonce: pending.nonce, origin: originOf(c.req.url) }));
}

function tokenResponse(ctx: StandinContext, grant: Grant, options: { refresh: boolean; nonce: string | undefined; origin: string }): Record<string, unknown> {
  const ttl = ctx.knobs.accessTokenTtlSeconds;
  const accessToken = ctx.oauth.issueAccessToken(grant, ttl, ctx.now());
  const account = findAccount(grant.sub);
  return {
    access_token: accessToken,
    expires_in: ttl,
    ...(options.refresh && grant.refreshToken ? { refresh_token: grant.refreshToken } : {}),
    scope: grant.scope,
    token_type: 'Bearer',
    ...(account && grant.scope.split(' ').includes('openid')
      ? { id_token: idToken(account, grant, accessToken, options.nonce, options.origin, ctx.now(), ctx.knobs.emailClaims[account.sub]) }
      : {}),
  };
}

/** The profile claims the granted scopes allow, shared by userinfo and the id_token. */
function identityClaims(account: AccountSpec, scope: string, origin: string, emailClaim?: Knobs['emailClaims'][string]): Record<string, unknown> {
  const scopes = scope.split(' ');
  return {
    sub: account.sub,
    ...(scopes.includes(SCOPE_ALIASES['profile'] ?? '')
      ? { name: account.name, given_name: account.givenName, family_name: account.familyName, picture: `${origin}/a/${account.sub}=s96-c` }
      : {}),
    ...(scopes.includes(SCOPE_ALIASES['email'] ?? '') ? { email: emailClaim?.email ?? account.email, email_verified: emailClaim?.verified ?? true } : {}),
  };
}

interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  jwk: Record<string, unknown>;
  pem: string;
}

let cachedKey: SigningKey | undefined;

/** One RSA key per process, made on first use so stand-ins that never sign pay nothing. */
function signingKey(): SigningKey {
  if (!cachedKey) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const kid = createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 40);
    cachedKey = {
      kid,
      privateKey,
      jwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' },
      pem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    };
  }
  return cachedKey;
}

function idToken(
  account: AccountSpec, grant: Grant, accessToken: string, nonce: string | undefined, origin: string, now: number, emailClaim?: Knobs['emailClaims'][string],
): string {
  const key = signingKey();
  const iat = Math.floor(now / 1000);
  const atHash = createHash('sha256').update(accessToken).digest().subarray(0, 16).toString('base64url');
  const payload = {
    iss: ISSUER,
    azp: grant.clientId,
    aud: grant.clientId,
    ...identityClaims(account, grant.scope, origin, emailClaim),
    at_hash: atHash,
    ...(nonce ? { nonce } : {}),
    iat,
    exp: iat + 3600,
  };
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const signingInput = `${encode({ alg: 'RS256', kid: key.kid, typ: 'JWT' })}.${encode(payload)}`;
  return `${signingInput}.${sign('sha256', Buffer.from(signingInput), key.privateKey).toString('base64url')}`;
}

function hiddenFields(request: AuthRequest) {
  return Object.entries(request).map(([name, value]) => html`<input type="hidden" name="${name}" value="${String(value)}">`);
}

function page(title: string, body: unknown) {
  return html`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title><style>body{font-family:Roboto,Arial,sans-serif;background:#f0f4f9;margin:0}main{max-width:28rem;margin:4rem auto;background:#fff;border-radius:28px;padding:2.5rem}h1{font-weight:400;font-size:1.75rem;margin:0 0 .5rem}ul{list-style:none;padding:0}li button{display:block;width:100%;text-align:left;padding:.9rem 1rem;margin:.4rem 0;border:1px solid #dadce0;border-radius:8px;background:#fff;font-size:1rem;cursor:pointer}li button span{display:block;color:#5f6368;font-size:.85rem}.cancel{border:0;background:none;color:#0b57d0;font-size:.95rem;cursor:pointer;padding:.5rem 0}.scopes{color:#444746;font-size:.9rem}</style></head><body><main>${body}</main></body></html>`;
}

function signInPage(request: AuthRequest) {
  const appHost = new URL(request.redirect_uri).host;
  const scopes = (normaliseScopes(request.scope) ?? '').split(' ');
  return page(
    'Sign in - Google Accounts',
    html`<h1>Choose an account</h1><p>to continue to <strong>${appHost}</strong></p><p class="scopes">${appHost} will be able to see: ${scopes.join(', ')}</p><form method="post" action="/o/oauth2/v2/auth">${hiddenFields(request)}<ul>${DEMO_ACCOUNTS.map(
      (account) => html`<li><button type="submit" name="account" value="${account.sub}">${account.name}<span>${account.email}</span></button></li>`,
    )}</ul><button class="cancel" type="submit" name="cancel" value="1">Cancel</button></form>`,
  );
}

function errorPage({ error, detail }: { error: string; detail: string }) {
  return page('Error 400', html`<h1>Access blocked: authorization error</h1><p>${detail}</p><p><strong>Error 400: ${error}</strong></p>`);
}
