import type { Context } from 'hono';
import { layout, type Html } from '../../views/layout.ts';
import type { AppEnv } from './env.ts';

export function isHtmx(c: Context): boolean {
  return c.req.header('HX-Request') === 'true' && c.req.header('HX-History-Restore-Request') !== 'true';
}

/**
 * A fragment for htmx requests, the whole page for direct visits of the same URL,
 * so every hx-push-url target also renders standalone.
 */
export function renderPage(c: Context<AppEnv>, demo: boolean, title: string, body: Html, status: 200 | 400 | 403 | 404 | 409 | 413 | 429 | 500 | 503 = 200) {
  if (isHtmx(c)) return c.html(body, status);
  const user = c.get('user');
  return c.html(layout({ title, demo, user, body, demoYoutubeUrl: c.get('demoYoutubeUrl') }), status);
}
