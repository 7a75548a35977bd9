// What every route gets before any feature sees the request: a body limit with a clear 413, a
// same-origin check on every state change whatever its content type, one human message for a value
// that fails validation, and return paths that never leave the site.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { createSignedInUser } from './helpers/users.ts';

let t: TestApp;
let user: { userId: number; cookie: string };
/** "Run all now" is an admin's alone. */
let admin: { userId: number; cookie: string };

beforeAll(async () => {
  t = await startTestApp({ worker: false, env: { ADMIN_EMAILS: 'ops@example.com' } });
  user = await createSignedInUser(t.db.database.sql);
  admin = await createSignedInUser(t.db.database.sql, { email: 'ops@example.com', admin: true });
});
afterAll(async () => {
  await t?.stop();
});

const tokenCount = async () => {
  const [row] = await t.db.database.sql<{ n: number }[]>`select count(*)::int as n from api_tokens where user_id = ${user.userId}`;
  return row!.n;
};
const runNowJobs = async () => {
  const [row] = await t.db.database.sql<{ n: number }[]>`select count(*)::int as n from graphile_worker.jobs where key like 'run-now:%'`;
  return row!.n;
};

describe('request body limit', () => {
  it('refuses a 100 MB form with 413 and a page that says why, before reading it', async () => {
    const before = await tokenCount();
    const body = `name=${'x'.repeat(100 * 1024 * 1024)}`;
    const res = await t.app.request('/settings/tokens', {
      method: 'POST', body,
      headers: { cookie: user.cookie, origin: t.baseUrl, 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(body.length) },
    });
    expect(res.status).toBe(413);
    const page = await res.text();
    expect(page).toContain('Request too large');
    expect(page).toContain('64 KB');
    expect(await tokenCount()).toBe(before);
  });

  it('counts a body sent without Content-Length as it arrives, and stops at the limit', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(16 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) { controller.enqueue(new TextEncoder().encode('name=')); },
      pull(controller) {
        // 1 GB if nobody stopped reading.
        if (sent++ > 65_536) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const res = await t.app.request('/settings/tokens', {
      method: 'POST', body: stream, duplex: 'half',
      headers: { cookie: user.cookie, origin: t.baseUrl, 'content-type': 'application/x-www-form-urlencoded' },
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(sent).toBeLessThan(20);
  });

  it('answers a real client over a socket with the 413, not a broken connection', async () => {
    const res = await fetch(`${t.baseUrl}/settings/tokens`, {
      method: 'POST', body: `name=${'x'.repeat(4 * 1024 * 1024)}`,
      headers: { cookie: user.cookie, origin: t.baseUrl, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(413);
    expect(await res.text()).toContain('Request too large');
  });

  it('answers htmx with the message as a fragment, and /api with JSON', async () => {
    const big = 'x'.repeat(70 * 1024);
    const htmx = await t.app.request('/settings/tokens', {
      method: 'POST', body: `name=${big}`,
      headers: { cookie: user.cookie, origin: t.baseUrl, 'content-type': 'application/x-www-form-urlencoded', 'HX-Request': 'true' },
    });
    expect(htmx.status).toBe(413);
    expect(await htmx.text()).not.toContain('<html');
    const api = await t.app.request('/api/search', { method: 'POST', body: big, headers: { cookie: user.cookie, origin: t.baseUrl } });
    expect(api.status).toBe(413);
    expect(await api.json()).toEqual({ error: expect.stringMatching(/at most 64 KB/) });
  });

  it('lets an ordinary form through', async () => {
    const before = await tokenCount();
    const res = await t.app.request('/settings/tokens', {
      method: 'POST', body: new URLSearchParams({ name: 'notebook' }),
      headers: { cookie: user.cookie, origin: t.baseUrl, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(200);
    expect(await tokenCount()).toBe(before + 1);
  });
});

describe('same-origin check on every state change', () => {
  const post = (headers: Record<string, string>, body = '') =>
    t.app.request('/schedules/run-all', { method: 'POST', body, headers: { cookie: admin.cookie, ...headers } });

  it.each([
    ['JSON without Origin', { 'content-type': 'application/json' }, '{}'],
    ['no content type and no Origin', {}, ''],
    ['JSON from another origin', { 'content-type': 'application/json', origin: 'https://evil.example' }, '{}'],
    ['a form from another origin', { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' }, ''],
    ['a cross-site Sec-Fetch-Site', { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' }, '{}'],
    ['a same-site (other subdomain) Sec-Fetch-Site', { 'sec-fetch-site': 'same-site' }, ''],
    ['Origin: null', { origin: 'null' }, ''],
  ])('refuses %s with 403 and changes nothing', async (_, headers, body) => {
    const before = await runNowJobs();
    const res = await post(headers, body);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('did not come from a subtext page');
    expect(await runNowJobs()).toBe(before);
  });

  it('accepts our own Origin, or Sec-Fetch-Site: same-origin (Chromium\'s form posts under no-referrer carry Origin: null)', async () => {
    expect((await post({ origin: t.baseUrl, 'content-type': 'application/json' }, '{}')).status).toBe(303);
    expect((await post({ 'sec-fetch-site': 'same-origin' })).status).toBe(303);
    expect((await post({ origin: 'null', 'sec-fetch-site': 'same-origin', 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(303);
  });

  it('leaves GET alone', async () => {
    expect((await t.app.request('/schedules', { headers: { cookie: user.cookie, origin: 'https://evil.example' } })).status).toBe(200);
  });
});

describe('bad form and query values', () => {
  it('answer a short message a person can read, never the validator\'s JSON', async () => {
    const res = await t.app.request('/runs/not-a-number', { headers: { cookie: user.cookie } });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await res.text();
    expect(page).toContain('This address has a value subtext cannot read');
    expect(page).not.toContain('"issues"');
    expect(page).not.toContain('ZodError');
  });

  it('answer htmx with a fragment', async () => {
    const htmx = await t.app.request('/schedules/everything/run', {
      method: 'POST', headers: { cookie: user.cookie, origin: t.baseUrl, 'HX-Request': 'true' },
    });
    expect(htmx.status).toBe(400);
    const fragment = await htmx.text();
    expect(fragment).not.toContain('<html');
    expect(fragment).toContain('cannot read');
  });
});

describe('static assets', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])('/assets/%s is not found', async (name) => {
    expect((await t.app.request(`/assets/${name}`)).status).toBe(404);
  });

  it('still serves the real ones', async () => {
    expect((await t.app.request('/assets/app.css')).status).toBe(200);
  });
});

describe('return paths', () => {
  it.each([
    ['//evil.example/x', '/schedules'],
    ['/\\evil.example/x', '/schedules'],
    ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
    ['/trends?sort=score', '/trends?sort=score'],
  ])('a Referer path of %s returns to %s', async (refererPath, location) => {
    const res = await t.app.request('/schedules/trending/run', {
      method: 'POST', headers: { cookie: user.cookie, origin: t.baseUrl, referer: `${t.baseUrl}${refererPath}` },
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(location);
  });
});

describe('/metrics without METRICS_TOKEN', () => {
  const from = (remoteAddress: string, headers: Record<string, string> = {}) =>
    t.app.request('/metrics', { headers }, { incoming: { socket: { remoteAddress } } });

  it('answers a scraper on this machine', async () => {
    const res = await fetch(`${t.baseUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('subtext_http_requests_total');
    expect((await from('::1')).status).toBe(200);
    expect((await from('::ffff:127.0.0.1')).status).toBe(200);
  });

  it('refuses every other address, and anything that came through a proxy', async () => {
    for (const address of ['203.0.113.9', '10.0.0.5', '::ffff:192.168.1.4', 'fe80::1']) {
      const res = await from(address);
      expect(res.status).toBe(403);
      const text = await res.text();
      expect(text).toContain('METRICS_TOKEN');
      expect(text).not.toContain('subtext_');
    }
    expect((await from('127.0.0.1', { 'X-Forwarded-For': '203.0.113.9' })).status).toBe(403);
    expect((await from('127.0.0.1', { Forwarded: 'for=203.0.113.9' })).status).toBe(403);
  });
});
