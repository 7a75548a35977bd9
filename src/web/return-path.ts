// Where to send someone back: after sign-in, or after a button press. Only a path on this site will
// do, so a crafted link cannot use subtext to send someone elsewhere.

/** Longer paths are not worth keeping (a search URL is far shorter). */
const MAX_RETURN_PATH = 1000;

/**
 * The value as a same-origin relative path ("/search?q=onion"), or undefined. Refused: anything not
 * starting with one "/", "//host" and "/\host" (browsers read both as another host), control
 * characters, and /auth/ itself (no loop back into sign-in).
 */
export function safeReturnPath(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_RETURN_PATH) return undefined;
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return undefined;
  if (/[\u0000-\u001f\u007f]/.test(value)) return undefined;
  const base = 'http://return.invalid';
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return undefined;
  }
  if (url.origin !== base || url.pathname === '/auth' || url.pathname.startsWith('/auth/')) return undefined;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** Back to the page the button was on, if it was one of ours; else `fallback`. */
export function pageToReturnTo(referer: string | undefined, baseUrl: string, fallback = '/schedules'): string {
  if (!referer || !URL.canParse(referer)) return fallback;
  const url = new URL(referer);
  if (url.origin !== new URL(baseUrl).origin) return fallback;
  return safeReturnPath(url.pathname + url.search) ?? fallback;
}
