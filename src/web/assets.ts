import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';

const require = createRequire(import.meta.url);
const viewsAssets = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../views/assets');

// htmx comes from node_modules, never a CDN: the app must work offline. A Map, not an object
// literal: /assets/constructor must not find Object.prototype's own members.
const files = new Map<string, { body: string; type: string }>([
  ['htmx.min.js', { body: readFileSync(require.resolve('htmx.org/dist/htmx.min.js'), 'utf8'), type: 'text/javascript' }],
  ['app.js', { body: readFileSync(path.join(viewsAssets, 'app.js'), 'utf8'), type: 'text/javascript' }],
  ['app.css', { body: readFileSync(path.join(viewsAssets, 'app.css'), 'utf8'), type: 'text/css' }],
]);

export const assets = new Hono().get('/:name', (c) => {
  const file = files.get(c.req.param('name'));
  if (!file) return c.notFound();
  return c.body(file.body, 200, { 'Content-Type': `${file.type}; charset=utf-8`, 'Cache-Control': 'public, max-age=3600' });
});
