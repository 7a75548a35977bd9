// CSRF defence for every state change, whatever its content type: hono/csrf only looks at the
// content types an HTML form can send, so a JSON-typed POST without Origin went through. A browser
// always sends Origin with a cross-origin POST, and Sec-Fetch-Site with every request; a request
// carrying neither is not from a browser page of ours, and nothing we serve needs one.
import type { MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function sameOriginOnly(origin: string): MiddlewareHandler {
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    // Either suffices: under our Referrer-Policy (no-referrer) Chromium sends `Origin: null` with a
    // same-origin form post, but always Sec-Fetch-Site; older browsers send Origin only.
    const allowed = c.req.header('Origin') === origin || c.req.header('Sec-Fetch-Site') === 'same-origin';
    if (!allowed) throw new HTTPException(403, { message: 'cross-origin state change refused' });
    return next();
  };
}
