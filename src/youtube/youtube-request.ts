// How every request to YouTube's web endpoints is dressed: in English (so reasons are English and
// comparable whatever the server's region), with consent cookies on the watch page, and as the
// configured innertube client on the player API.
import type { TranscriptClient } from '../config.ts';

/** Cookies that say the EU consent form was answered: SOCS=CAI (current, as yt-dlp sends) and the older CONSENT=YES+. */
export const CONSENT_COOKIES = 'SOCS=CAI; CONSENT=YES+cb';

export function inEnglish(init: RequestInit | undefined): Headers {
  const headers = new Headers(init?.headers);
  headers.set('Accept-Language', 'en-US,en;q=0.9');
  return headers;
}

/** The watch page, asked in English with the consent cookies. */
export function watchRequest(url: URL, init: RequestInit | undefined): { url: string; init: RequestInit } {
  const english = new URL(url);
  english.searchParams.set('hl', 'en');
  const headers = inEnglish(init);
  headers.set('Cookie', CONSENT_COOKIES);
  return { url: english.href, init: { ...init, headers } };
}

/** App user agents for the clients that have one; others keep the library's desktop agent. */
function userAgent(client: TranscriptClient): string | undefined {
  switch (client.name) {
    case 'ANDROID':
      return `com.google.android.youtube/${client.version} (Linux; U; Android 14) gzip`;
    case 'IOS':
      return `com.google.ios.youtube/${client.version} (iPhone16,2; U; CPU iOS 18_3_2 like Mac OS X;)`;
    default:
      return undefined;
  }
}

/** The library's player POST, re-addressed as `client` and asking for English. */
export function playerRequest(init: RequestInit | undefined, client: TranscriptClient): RequestInit {
  const body = JSON.parse(typeof init?.body === 'string' ? init.body : '{}') as { context?: Record<string, unknown>; videoId?: string };
  const headers = inEnglish(init);
  const agent = userAgent(client);
  if (agent) headers.set('User-Agent', agent);
  return {
    ...init,
    headers,
    body: JSON.stringify({ ...body, context: { ...body.context, client: { clientName: client.name, clientVersion: client.version, hl: 'en' } } }),
  };
}

/** Caption URLs whose exp= experiment contains xpe or xpv answer an empty 200 without a proof-of-origin token. */
export function needsPoToken(baseUrl: string): boolean {
  try {
    const url = new URL(baseUrl);
    return /xp[ev]/.test(url.searchParams.get('exp') ?? '') && !url.searchParams.has('pot');
  } catch {
    return false;
  }
}
