// The JSON API and its authentication (session cookie or personal API token), the token settings
// page, and the CSV export's defences.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from './helpers/app.ts';
import { startSearchApp, insertVideo, PLAYLISTS, V } from './helpers/search-library.ts';

let t: TestApp;
let alice: { userId: number; cookie: string };
let bob: { userId: number; cookie: string };

beforeAll(async () => {
  ({ t, alice, bob } = await startSearchApp());
});
afterAll(async () => {
  await t?.stop();
});

const get = (path: string, headers: Record<string, string>) => t.app.request(path, { headers });
const post = (path: string, cookie: string, form: Record<string, string> = {}, origin: string | undefined = t.baseUrl) =>
  t.app.request(path, {
    method: 'POST', body: new URLSearchParams(form),
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...(origin ? { origin } : {}) },
  });

async function createToken(cookie: string, name: string): Promise<string> {
  const res = await post('/settings/tokens', cookie, { name });
  expect(res.status).toBe(200);
  const token = /subtext_[A-Za-z0-9_-]{43}/.exec(await res.text())?.[0];
  expect(token).toBeDefined();
  return token!;
}

describe('JSON API', () => {
  it('answers only signed-in people or token holders', async () => {
    const res = await get('/api/search?q=bridge', {});
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: expect.stringContaining('Sign in') });
  });

  it('returns videos with their matching segments', async () => {
    const res = await get('/api/search?q=bridge', { cookie: alice.cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const body = await res.json();
    expect(body).toMatchObject({ query: 'bridge', page: 1, totalVideos: 1, totalMoments: 1, capped: false, didYouMean: null });
    expect(body.videos[0]).toMatchObject({
      id: V.travel, title: 'Walking tour of Paris', url: `https://www.youtube.com/watch?v=${V.travel}&t=0s`,
      channelTitle: 'Travel Channel', publishedAt: '2023-06-10T08:00:00.000Z', viewCount: 50000, durationSeconds: 1500,
      captions: 'auto', language: 'en-GB', momentCount: 1,
      segments: [{ startMs: 754000, endMs: 759000, text: 'this bridge is the oldest in the city', url: `https://www.youtube.com/watch?v=${V.travel}&t=754s` }],
    });
  });

  it('says a query is too long with a 400, never a 500', async () => {
    const res = await get(`/api/search?q=${'x'.repeat(10_000)}`, { cookie: alice.cookie });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toContain('Query too long');
  });
});

describe('personal API tokens', () => {
  it('are created on the settings page, shown once, stored as SHA-256, and work as Bearer tokens', async () => {
    const token = await createToken(alice.cookie, 'my notebook');
    const [row] = await t.db.database.sql<{ token_hash: Buffer; name: string }[]>`select token_hash, name from api_tokens where user_id = ${alice.userId}`;
    expect(row?.name).toBe('my notebook');
    expect(row?.token_hash.equals(createHash('sha256').update(token).digest())).toBe(true);

    const listed = await (await get('/settings/tokens', { cookie: alice.cookie })).text();
    expect(listed).toContain('my notebook');
    expect(listed).not.toContain(token);

    const res = await get('/api/search?q=bridge', { authorization: `Bearer ${token}` });
    expect(res.status).toBe(200);
    expect((await res.json()).videos.map((v: { id: string }) => v.id)).toEqual([V.travel]);
    const [used] = await t.db.database.sql`select last_used_at from api_tokens where user_id = ${alice.userId}`;
    expect(used?.last_used_at).toBeInstanceOf(Date);
  });

  it('see only their owner\'s library', async () => {
    const token = await createToken(bob.cookie, 'bob script');
    const body = await (await get('/api/search?q=bridge+or+zebra', { authorization: `Bearer ${token}` })).json();
    expect(body.videos.map((v: { id: string }) => v.id)).toEqual([V.bobs]);
  });

  it('are refused when unknown or malformed, even with a valid session cookie', async () => {
    for (const authorization of ['Bearer subtext_nope', 'Bearer', 'Basic dXNlcjpwYXNz', `Bearer ${'a'.repeat(5000)}`]) {
      const res = await get('/api/search?q=bridge', { authorization, cookie: alice.cookie });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('invalid_token');
    }
  });

  it('stop working once revoked, and only their owner can revoke them', async () => {
    const token = await createToken(alice.cookie, 'short-lived');
    const [row] = await t.db.database.sql<{ id: string }[]>`select id from api_tokens where name = 'short-lived'`;
    expect((await post(`/settings/tokens/${row!.id}/revoke`, bob.cookie)).status).toBe(404);
    expect((await get('/api/search?q=bridge', { authorization: `Bearer ${token}` })).status).toBe(200);
    const revoked = await post(`/settings/tokens/${row!.id}/revoke`, alice.cookie);
    expect(revoked.status).toBe(200);
    expect(await revoked.text()).toContain('Token revoked');
    expect((await get('/api/search?q=bridge', { authorization: `Bearer ${token}` })).status).toBe(401);
  });

  it('need a name, escape it, and refuse cross-site form posts', async () => {
    expect((await post('/settings/tokens', alice.cookie, { name: '   ' })).status).toBe(400);
    const html = await (await post('/settings/tokens', alice.cookie, { name: '<img src=x onerror=alert(1)>' })).text();
    expect(html).not.toContain('<img src=x');
    expect((await post('/settings/tokens', alice.cookie, { name: 'evil' }, 'https://evil.example')).status).toBe(403);
    expect((await get('/settings/tokens', {})).status).toBe(302);
  });
});

describe('CSV export', () => {
  it('neutralises cells a spreadsheet would run as formulas', async () => {
    const { sql } = t.db.database;
    await insertVideo(sql, {
      id: 'csvx0000001', title: '=HYPERLINK("http://evil.example","click")', channel: { id: 'UCcsv', title: '@channel' },
      publishedAt: '2024-01-01T00:00:00Z', durationSeconds: 10, views: 1, language: 'en', kind: 'manual',
      cues: [[0, '+SUM(A1:A2) said the walrus']],
    });
    await sql`insert into playlist_videos (playlist_id, video_id, position) values (${PLAYLISTS.main}, 'csvx0000001', 99)`;
    const csv = await (await get('/search.csv?q=walrus', { cookie: alice.cookie })).text();
    expect(csv).toContain(`"csvx0000001","'=HYPERLINK(""http://evil.example"",""click"")","'@channel"`);
    expect(csv).toContain(`"'+SUM(A1:A2) said the walrus"`);
  });

  it('also neutralises a formula behind leading spaces and the full-width ＝ ＋ － ＠', async () => {
    const { sql } = t.db.database;
    await insertVideo(sql, {
      id: 'csvx0000002', title: ' =HYPERLINK("http://evil.example")', channel: { id: 'UCcsv2', title: '＝1+1' },
      publishedAt: '2024-01-01T00:00:00Z', durationSeconds: 10, views: 1, language: 'en', kind: 'manual',
      cues: [[0, '－2+3 said the otter'], [3000, '\u3000＠SUM(1) said the otter'], [6000, '＋4 said the otter']],
    });
    await sql`insert into playlist_videos (playlist_id, video_id, position) values (${PLAYLISTS.main}, 'csvx0000002', 100)`;
    const csv = await (await get('/search.csv?q=otter', { cookie: alice.cookie })).text();
    expect(csv).toContain(`"csvx0000002","' =HYPERLINK(""http://evil.example"")","'＝1+1"`);
    expect(csv).toContain(`"'－2+3 said the otter"`);
    expect(csv).toContain(`"'\u3000＠SUM(1) said the otter"`);
    expect(csv).toContain(`"'＋4 said the otter"`);
  });
});
