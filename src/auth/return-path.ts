// Where sign-in sends a person afterwards: back to the page that asked them to sign in. Only a path
// on this site is accepted, so a crafted link cannot use sign-in to send someone elsewhere.

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

/** The sign-in page's address, remembering where to come back to. */
export function signInHref(returnPath: string | undefined): string {
  const path = safeReturnPath(returnPath);
  return path === undefined || path === '/' ? '/auth/sign-in' : `/auth/sign-in?${new URLSearchParams({ next: path })}`;
}

/** The path (and query) of a full URL the browser reported, e.g. htmx's HX-Current-URL. */
export function pathOfUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    return safeReturnPath(`${url.pathname}${url.search}`);
  } catch {
    return undefined;
  }
}
