// Where sign-in sends a person afterwards: back to the page that asked them to sign in (only a path
// of ours: safeReturnPath, src/web/return-path.ts).
import { safeReturnPath } from '../web/return-path.ts';

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
