// Google sign-in through google-auth-library's OAuth2Client (the client googleapis itself uses),
// pointed at GOOGLE_OAUTH_URL when set (the stand-in in demo mode and tests), else at Google.
import { OAuth2Client, type OAuth2ClientOptions } from 'google-auth-library';
import type { Config } from '../config.ts';

/** Who the person is (openid email profile) and read access to their YouTube account. */
export const GOOGLE_SCOPES = ['openid', 'email', 'profile', 'https://www.googleapis.com/auth/youtube.readonly'] as const;
export const YOUTUBE_SCOPE = 'https://www.googleapis.com/auth/youtube.readonly';

export interface GoogleEndpoints {
  readonly authUrl: string;
  readonly tokenUrl: string;
  readonly revokeUrl: string;
  readonly userinfoUrl: string;
}

export function googleEndpoints(config: Config): GoogleEndpoints {
  const base = config.googleOauthUrl;
  if (base === undefined) {
    return {
      authUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
      tokenUrl: 'https://oauth2.googleapis.com/token',
      revokeUrl: 'https://oauth2.googleapis.com/revoke',
      userinfoUrl: 'https://openidconnect.googleapis.com/v1/userinfo',
    };
  }
  return {
    authUrl: `${base}/o/oauth2/v2/auth`,
    tokenUrl: `${base}/token`,
    revokeUrl: `${base}/revoke`,
    userinfoUrl: `${base}/oauth2/v3/userinfo`,
  };
}

/** The callback URL to register in Google Cloud Console as an authorized redirect URI. */
export function redirectUri(config: Config): string {
  return `${config.baseUrl}/auth/callback`;
}

export function oauthClientOptions(config: Config): OAuth2ClientOptions {
  const endpoints = googleEndpoints(config);
  return {
    clientId: config.googleClientId,
    clientSecret: config.googleClientSecret,
    redirectUri: redirectUri(config),
    endpoints: { oauth2AuthBaseUrl: endpoints.authUrl, oauth2TokenUrl: endpoints.tokenUrl, oauth2RevokeUrl: endpoints.revokeUrl },
  };
}

/** A client for the sign-in flow itself (authorization URL, code exchange, userinfo). */
export function createOAuthClient(config: Config): OAuth2Client {
  return new OAuth2Client(oauthClientOptions(config));
}

export interface GoogleProfile {
  readonly sub: string;
  readonly email: string;
  readonly name: string;
  readonly picture: string | null;
  /** Google's email_verified: whether the account proved it receives mail at `email`. */
  readonly emailVerified: boolean;
}

/** The OpenID Connect userinfo of the account whose access token the client holds. */
export async function fetchGoogleProfile(config: Config, client: OAuth2Client): Promise<GoogleProfile> {
  const { data } = await client.request<Record<string, unknown>>({ url: googleEndpoints(config).userinfoUrl });
  const text = (key: string): string | null => (typeof data[key] === 'string' && data[key] !== '' ? data[key] : null);
  const sub = text('sub');
  const email = text('email');
  if (sub === null || email === null) throw new Error('Google userinfo answered without sub or email');
  // OpenID Connect says boolean; some Google endpoints have answered the string "true".
  const emailVerified = data['email_verified'] === true || data['email_verified'] === 'true';
  return { sub, email, name: text('name') ?? email, picture: text('picture'), emailVerified };
}
