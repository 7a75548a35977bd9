// Rate limits on search (per user and per client IP) and sign-in (per client IP), over real sockets,
// and which address counts as the client: the socket's peer, or with TRUST_PROXY the right X-Forwarded-For hop.
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGN_IN_ATTEMPTS_PER_WINDOW } from '../src/auth/routes.ts';
import { SESSION_COOKIE } from '../src/auth/session.ts';
import type { Config } from '../src/config.ts';
import { buildWebApp } from '../src/web/build.ts';
import { clientIp } from '../src/web/client-ip.ts';
import type { TestApp } from './helpers/app.ts';
import { launchBrowser } from './helpers/browser.ts';
import { freePort } from './helpers/ports.ts';
import { startSearchApp } from './helpers/search-library.ts';

let t: TestApp;
let alice: { userId: number; cookie: string };
let bob: { userId: number; cookie: string };
const servers: ServerType[] = [];

beforeAll(async () => {
  ({ t, alice, bob } = await startSearchApp());
});
afterAll(async () => {
  for (const server of servers) await new Promise<void>((resolve) => server.close(() => resolve()));
  await t?.stop();
});

/** A fresh web app (fresh counters) with these settings, on a real loopback socket; returns its address. */
async function serveApp(overrides: Partial<Pick<Config, 'searchesPerMinute' | 'trustProxyHops'>>): Promise<string> {
  const app = buildWebApp({ config: { ...t.config, ...overrides }, database: t.db.database, queue: t.queue });
  const port = await freePort();
  servers.push(await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port }, () => resolve(s));
  }));
  return `http://127.0.0.1:${port}`;
}

const search = (base: string, who: { cookie: string }, headers: Record<string, string> = {}, path = '/api/search?q=coffee') =>
  fetch(base + path, { headers: { cookie: who.cookie, ...headers } });

describe('search rate limits', () => {
  it('refuses a user over their limit with 429 and Retry-After, while another user on the same IP goes on', async () => {
    const base = await serveApp({ searchesPerMinute: { perUser: 3, perIp: 1000 } });
    for (let i = 0; i < 3; i++) expect((await search(base, alice)).status).toBe(200);
    const refused = await search(base, alice);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await refused.json()).toEqual({ error: expect.stringMatching(/^Too many searches .* please wait \d+ (seconds?|minute) and try again\.$/) });
    expect((await search(base, bob)).status).toBe(200);

    // The page, the htmx fragment and the CSV export share the same budget, each answering in its own form.
    const page = await search(base, alice, {}, '/search?q=coffee');
    expect(page.status).toBe(429);
    expect(page.headers.get('retry-after')).toMatch(/^\d+$/);
    const pageHtml = await page.text();
    expect(pageHtml).toContain('<!doctype html>');
    expect(pageHtml).toContain('Too many searches');
    const fragment = await search(base, alice, { 'HX-Request': 'true' }, '/search?q=coffee');
    expect(fragment.status).toBe(429);
    // Swapped inside #results (htmx's config swaps 429s), and the refused query is not pushed to history.
    expect(fragment.headers.get('hx-reswap')).toBe('innerHTML');
    expect(fragment.headers.get('hx-push-url')).toBe('false');
    expect(await fragment.text()).not.toContain('<!doctype html>');
    const csv = await search(base, alice, {}, '/search.csv?q=coffee');
    expect(csv.status).toBe(429);
    expect(await csv.text()).toContain('Too many searches');
  });

  it('tells a person typing in the search box to wait, inside the results, and keeps the box working', async () => {
    const base = await serveApp({ searchesPerMinute: { perUser: 2, perIp: 1000 } });
    const browser = await launchBrowser();
    try {
      const context = await browser.newContext();
      await context.addCookies([{ name: SESSION_COOKIE, value: bob.cookie.slice(SESSION_COOKIE.length + 1), url: base }]);
      const page = await context.newPage();
      await page.goto(`${base}/search`);
      const box = page.getByRole('searchbox', { name: 'Search your library' });
      await box.fill('zebra');
      await expect.poll(() => page.locator('#results').textContent()).toContain('Secret zebra plans');
      await box.fill('espresso');
      await expect.poll(() => page.locator('#results').textContent()).toContain('Too many searches');
      // The refused query did not become the page's URL, and #results is still there for the next try.
      expect(new URL(page.url()).searchParams.get('q')).toBe('zebra');
      expect(await page.locator('#results .error-page h1').textContent()).toBe('Too many searches');
    } finally {
      await browser.close();
    }
  });

  it('counts an API token against its owner like their session', async () => {
    const base = await serveApp({ searchesPerMinute: { perUser: 2, perIp: 1000 } });
    const created = await t.app.request('/settings/tokens', {
      method: 'POST', body: new URLSearchParams({ name: 'script' }),
      headers: { cookie: alice.cookie, origin: t.baseUrl, 'content-type': 'application/x-www-form-urlencoded' },
    });
    const token = /subtext_[A-Za-z0-9_-]{43}/.exec(await created.text())![0];
    expect((await search(base, alice)).status).toBe(200);
    expect((await fetch(`${base}/api/search?q=coffee`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    expect((await fetch(`${base}/api/search?q=coffee`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(429);
  });

  it('refuses an IP over its limit whoever is signed in, and ignores X-Forwarded-For without TRUST_PROXY', async () => {
    const base = await serveApp({ searchesPerMinute: { perUser: 1000, perIp: 4 } });
    expect((await search(base, alice)).status).toBe(200);
    expect((await search(base, alice)).status).toBe(200);
    expect((await search(base, bob, { 'X-Forwarded-For': '203.0.113.7' })).status).toBe(200);
    expect((await search(base, bob, { 'X-Forwarded-For': '203.0.113.8' })).status).toBe(200);
    // Claiming another address in the header changes nothing: the socket's peer is the client.
    expect((await search(base, bob, { 'X-Forwarded-For': '203.0.113.9' })).status).toBe(429);
  });

  it('with TRUST_PROXY=1 counts the right-most X-Forwarded-For hop, so a spoofed left entry does not help', async () => {
    const base = await serveApp({ searchesPerMinute: { perUser: 1000, perIp: 2 }, trustProxyHops: 1 });
    expect((await search(base, alice, { 'X-Forwarded-For': '198.51.100.1' })).status).toBe(200);
    expect((await search(base, bob, { 'X-Forwarded-For': '198.51.100.1' })).status).toBe(200);
    expect((await search(base, alice, { 'X-Forwarded-For': '198.51.100.1' })).status).toBe(429);
    expect((await search(base, alice, { 'X-Forwarded-For': '10.9.9.9, 198.51.100.1' })).status).toBe(429);
    // Another client behind the same proxy has a budget of its own.
    expect((await search(base, alice, { 'X-Forwarded-For': '198.51.100.2' })).status).toBe(200);
  });

  it('switches a limit off at 0', async () => {
    const base = await serveApp({ searchesPerMinute: { perUser: 0, perIp: 0 } });
    for (let i = 0; i < 10; i++) expect((await search(base, alice)).status).toBe(200);
  });
});

describe('sign-in rate limit', () => {
  it('counts attempts per client IP, from X-Forwarded-For only with TRUST_PROXY', async () => {
    const attempt = (base: string, forwardedFor: string) => fetch(`${base}/auth/sign-in`, {
      method: 'POST', redirect: 'manual', headers: { origin: t.baseUrl, 'X-Forwarded-For': forwardedFor },
    });
    const proxied = await serveApp({ trustProxyHops: 1 });
    for (let i = 0; i < SIGN_IN_ATTEMPTS_PER_WINDOW; i++) expect((await attempt(proxied, '192.0.2.10')).status).toBe(303);
    const refused = await attempt(proxied, '192.0.2.10');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(60);
    expect(await refused.text()).toMatch(/Too many sign-in attempts came from your network\. Please wait \d+ minutes? and try again\./);
    expect((await attempt(proxied, '192.0.2.11')).status).toBe(303);

    const direct = await serveApp({ trustProxyHops: 0 });
    for (let i = 0; i < SIGN_IN_ATTEMPTS_PER_WINDOW; i++) expect((await attempt(direct, `192.0.2.${100 + i}`)).status).toBe(303);
    expect((await attempt(direct, '192.0.2.200')).status).toBe(429);
  });
});

describe('client IP', () => {
  const app = (hops: number) => new Hono().get('/', (c) => c.text(clientIp(c, hops)));
  const ip = async (hops: number, forwardedFor?: string) =>
    (await app(hops).request('/', { headers: forwardedFor === undefined ? {} : { 'X-Forwarded-For': forwardedFor } })).text();

  it('takes the hop as many places from the right as there are trusted proxies', async () => {
    expect(await ip(1, '203.0.113.1, 10.0.0.2')).toBe('10.0.0.2');
    expect(await ip(2, '203.0.113.1, 10.0.0.2')).toBe('203.0.113.1');
    expect(await ip(2, 'spoofed, 203.0.113.1, 10.0.0.2')).toBe('203.0.113.1');
    // Fewer hops than proxies: the furthest one known.
    expect(await ip(3, '203.0.113.1, 10.0.0.2')).toBe('203.0.113.1');
    // No header, or no trust: the socket's peer (none for an in-process request).
    expect(await ip(1)).toBe('unknown');
    expect(await ip(0, '203.0.113.1')).toBe('unknown');
  });
});
