// Where to send someone back after a button press. Only a path on this site will do: a path that
// starts with `//` or `/\` is a protocol-relative URL to another host in every browser.

/** A path of ours (with its query) to redirect to, or undefined when `path` could lead elsewhere. */
export function safeReturnPath(path: string): string | undefined {
  if (!path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return undefined;
  return path;
}

/** Back to the page the button was on, if it was one of ours; else `fallback`. */
export function pageToReturnTo(referer: string | undefined, baseUrl: string, fallback = '/schedules'): string {
  if (!referer || !URL.canParse(referer)) return fallback;
  const url = new URL(referer);
  if (url.origin !== new URL(baseUrl).origin) return fallback;
  return safeReturnPath(url.pathname + url.search) ?? fallback;
}
