// /account: the library export holds exactly the person's playlists, videos and segments (streamed,
// also for a 3,000-video library), and deleting the account removes what is only theirs, revokes
// their Google grant, and keeps every playlist and video someone else still has.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open } from '../src/auth/crypto.ts';
import { DEMO } from '../src/standin/demo-data.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { consent, finishSignIn, startSignIn } from './helpers/google-sign-in.ts';
import { createSignedInUser } from './helpers/users.ts';
import { insertVideo, type FixtureVideo } from './helpers/search-library.ts';

const CHANNEL = { id: 'UCaccounts000000000000', title: 'Account Channel' };
const video = (id: string, title: string, cues: FixtureVideo['cues']): FixtureVideo => ({
  id, title, channel: CHANNEL, publishedAt: '2024-01-02T03:04:05Z', durationSeconds: 60, views: 7, language: 'en', kind: 'manual', cues,
});
const V = {
  own: video('acctOwn0001', 'Only in Alice\'s playlist', [[0, 'alpha one'], [5, 'alpha two']]),
  sharedVideo: video('acctShr0001', 'Also in Bob\'s playlist', [[0, 'beta']]),
  inSharedPlaylist: video('acctSPl0001', 'In a playlist both have', [[0, 'gamma']]),
  bobs: video('acctBob0001', 'Bob only', [[0, 'delta']]),
  trending: video('acctTrd0001', 'On a trending chart', [[0, 'epsilon']]),
  removed: video('acctRem0001', 'Removed from Alice\'s playlist by a re-sync', [[0, 'zeta']]),
};
const PL = { alice: 'PLaccountAlice', shared: 'PLaccountShared', bob: 'PLaccountBob' };
const [aliceAccount] = DEMO.accounts;

let t: TestApp;
let alice: { userId: number; cookie: string; refreshToken: string };
let bob: { userId: number; cookie: string };
const sql = () => t.db.database.sql;

async function playlist(id: string, title: string, videos: ReadonlyArray<FixtureVideo>, removed: ReadonlyArray<FixtureVideo> = []) {
  await sql()`insert into playlists (id, title) values (${id}, ${title})`;
  for (const [position, v] of videos.entries()) await sql()`insert into playlist_videos (playlist_id, video_id, position) values (${id}, ${v.id}, ${position})`;
  for (const v of removed) await sql()`insert into playlist_videos (playlist_id, video_id, position, removed_at) values (${id}, ${v.id}, 99, now())`;
}

beforeAll(async () => {
  t = await startTestApp({ worker: false });
  // Alice signs in through the stand-in's Google, so she holds a real grant for deletion to revoke.
  const step = await startSignIn(t);
  await finishSignIn(t, step.jar, await consent(step, { account: aliceAccount!.sub }));
  const [row] = await sql()<{ id: string; refresh: Buffer }[]>`
    select u.id, g.refresh_token_encrypted as refresh from users u join google_credentials g on g.user_id = u.id where u.google_subject = ${aliceAccount!.sub}`;
  const aliceId = Number(row!.id);
  alice = {
    userId: aliceId, cookie: `subtext_session=${step.jar.cookies.get('subtext_session')}`,
    refreshToken: open(t.config.encryptionKey, row!.refresh, `google_credentials.refresh_token:${aliceId}`),
  };
  bob = await createSignedInUser(sql(), { name: 'Bob' });

  for (const v of Object.values(V)) await insertVideo(sql(), v);
  await playlist(PL.alice, 'A: Alice\'s own', [V.own, V.sharedVideo, V.trending], [V.removed]);
  await playlist(PL.shared, 'B: Shared', [V.inSharedPlaylist]);
  await playlist(PL.bob, 'C: Bob\'s own', [V.sharedVideo, V.bobs]);
  await sql()`insert into library_playlists (user_id, playlist_id, source) values
    (${alice.userId}, ${PL.alice}, 'owned'), (${alice.userId}, ${PL.shared}, 'added'), (${bob.userId}, ${PL.shared}, 'added'), (${bob.userId}, ${PL.bob}, 'owned')`;
  await sql()`insert into index_runs (playlist_id, requested_by, status) values (${PL.alice}, ${alice.userId}, 'completed'), (${PL.shared}, ${alice.userId}, 'completed')`;
  const [chart] = await sql()<{ id: string }[]>`insert into trending_charts (region_code) values ('GB') returning id`;
  await sql()`insert into trending_entries (chart_id, rank, video_id) values (${chart!.id}, 1, ${V.trending.id})`;
  await sql()`insert into api_tokens (user_id, name, token_hash) values (${alice.userId}, 'script', ${Buffer.alloc(32, 7)})`;
});
afterAll(async () => {
  await t?.stop();
});

interface Export {
  format: string;
  version: number;
  user: { email: string; name: string };
  playlists: Array<{ id: string; title: string; source: string; videoIds: string[] }>;
  videos: Array<{ id: string; title: string; publishedAt: string; transcript: { status: string; language: string; kind: string }; segments: Array<{ startMs: number; endMs: number; text: string }> }>;
}

async function exportOf(cookie: string): Promise<{ res: Response; body: Export; text: string }> {
  const res = await t.app.request('/account/export', { headers: { cookie } });
  const text = await res.text();
  return { res, text, body: JSON.parse(text) as Export };
}

const segmentsOf = (v: FixtureVideo) => v.cues.map(([start, text], i) => ({ startMs: start * 1000, endMs: (v.cues[i + 1]?.[0] ?? start + 5) * 1000, text }));
const ids = (rows: ReadonlyArray<{ id: string }>) => rows.map((r) => r.id).sort();

describe('account page', () => {
  it('is linked from the navigation and offers the export and the deletion', async () => {
    const res = await t.app.request('/account', { headers: { cookie: bob.cookie } });
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('<a href="/account">Account</a>');
    expect(page).toContain('your 2 playlists');
    expect(page).toContain('all 3 videos');
    expect(page).toContain('href="/account/export"');
    expect(page).toContain('action="/account/delete"');
  });

  it('needs a signed-in person', async () => {
    expect((await t.app.request('/account')).status).toBe(302);
    expect((await t.app.request('/account/export')).status).toBe(302);
  });
});

describe('library export', () => {
  it('holds exactly the person\'s playlists, videos and segments', async () => {
    const { res, body, text } = await exportOf(alice.cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="subtext-library-\d{4}-\d{2}-\d{2}\.json"$/);
    expect(body).toMatchObject({ format: 'subtext-library-export', version: 1, user: { email: aliceAccount!.email } });

    expect(body.playlists.map((p) => [p.id, p.source, p.videoIds])).toEqual([
      [PL.alice, 'owned', [V.own.id, V.sharedVideo.id, V.trending.id]],
      [PL.shared, 'added', [V.inSharedPlaylist.id]],
    ]);
    expect(ids(body.videos)).toEqual([V.own.id, V.sharedVideo.id, V.inSharedPlaylist.id, V.trending.id].sort());
    const own = body.videos.find((v) => v.id === V.own.id)!;
    expect(own).toMatchObject({ title: V.own.title, transcript: { status: 'indexed', language: 'en', kind: 'manual' }, segments: segmentsOf(V.own) });
    expect(new Date(own.publishedAt).toISOString()).toBe('2024-01-02T03:04:05.000Z');
    for (const v of body.videos) expect(v.segments).toEqual(segmentsOf(Object.values(V).find((f) => f.id === v.id)!));
    // Nothing of Bob's own, nor the video a re-sync took out of Alice's playlist.
    for (const other of [PL.bob, V.bobs.id, 'delta', V.removed.id, 'zeta']) expect(text).not.toContain(other);
  });

  it('gives another person their own library', async () => {
    const { body, text } = await exportOf(bob.cookie);
    expect(ids(body.playlists)).toEqual([PL.shared, PL.bob].sort());
    expect(ids(body.videos)).toEqual([V.sharedVideo.id, V.inSharedPlaylist.id, V.bobs.id].sort());
    for (const other of [PL.alice, V.own.id, 'alpha one', V.trending.id]) expect(text).not.toContain(other);
  });

  it('streams a 3,000-video library page by page', async () => {
    const carol = await createSignedInUser(sql());
    await sql()`insert into playlists (id, title) values ('PLaccountBig', 'Big')`;
    await sql()`
      insert into videos (id, title, transcript_status, transcript_language, transcript_kind)
      select 'big' || lpad(i::text, 8, '0'), 'Video ' || i, 'indexed', 'en', 'auto' from generate_series(1, 3000) i`;
    await sql()`
      insert into transcript_segments (video_id, position, start_ms, end_ms, text, search_text, language)
      select 'big' || lpad(i::text, 8, '0'), j, j * 5000, (j + 1) * 5000, 'cue ' || j || ' of ' || i, 'cue ' || j || ' of ' || i, 'en'
      from generate_series(1, 3000) i, generate_series(0, 9) j`;
    await sql()`insert into playlist_videos (playlist_id, video_id, position) select 'PLaccountBig', id, row_number() over (order by id) from videos where id like 'big%'`;
    await sql()`insert into library_playlists (user_id, playlist_id, source) values (${carol.userId}, 'PLaccountBig', 'added')`;

    const started = performance.now();
    const res = await fetch(`${t.baseUrl}/account/export`, { headers: { cookie: carol.cookie } });
    expect(res.status).toBe(200);
    // Streamed: no length known up front.
    expect(res.headers.get('content-length')).toBeNull();
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    const text = await res.text();
    const ms = performance.now() - started;
    const body = JSON.parse(text) as Export;
    expect(body.playlists[0]!.videoIds).toHaveLength(3000);
    expect(body.videos).toHaveLength(3000);
    expect(body.videos.every((v) => v.segments.length === 10)).toBe(true);
    expect(body.videos[2999]!.segments[9]).toEqual({ startMs: 45000, endMs: 50000, text: 'cue 9 of 3000' });
    console.log(`export of 3,000 videos / 30,000 segments: ${(text.length / 1e6).toFixed(1)} MB in ${Math.round(ms)} ms`);

    const deleteStarted = performance.now();
    const deleted = await t.app.request('/account/delete', {
      method: 'POST', body: new URLSearchParams({ confirm: (await sql()`select email from users where id = ${carol.userId}`)[0]!.email }),
      headers: { cookie: carol.cookie, origin: t.baseUrl, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(deleted.status).toBe(200);
    expect(await deleted.text()).toContain('1 playlist\n      and 3,000 videos');
    console.log(`deleting that account: ${Math.round(performance.now() - deleteStarted)} ms`);
    expect((await sql()`select count(*)::int as n from transcript_segments where video_id like 'big%'`)[0]!.n).toBe(0);
  });
});

describe('account deletion', () => {
  const remove = (cookie: string, confirm: string, origin: string | undefined = t.baseUrl) => t.app.request('/account/delete', {
    method: 'POST', body: new URLSearchParams({ confirm }),
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...(origin ? { origin } : {}) },
  });
  const exists = async (table: string, column: string, value: string | number) =>
    (await sql()`select 1 from ${sql()(table)} where ${sql()(column)} = ${value}`).length > 0;

  it('refuses without the typed email address or from another site, and deletes nothing', async () => {
    const wrong = await remove(alice.cookie, 'yes please');
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('Nothing was deleted');
    expect((await remove(alice.cookie, aliceAccount!.email, 'https://evil.example')).status).toBe(403);
    expect(await exists('users', 'id', alice.userId)).toBe(true);
    expect(await exists('playlists', 'id', PL.alice)).toBe(true);
  });

  it('deletes the person and what only they had, revokes their Google grant, and keeps what others have', async () => {
    const res = await remove(alice.cookie, `  ${aliceAccount!.email.toUpperCase()} `);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('Account deleted');
    expect(page).toContain('1 playlist\n      and 2 videos');
    expect(page).not.toContain('Google could not be reached');
    expect(res.headers.getSetCookie().some((c) => /^subtext_session=;/.test(c) && /Max-Age=0/i.test(c))).toBe(true);

    for (const table of ['users']) expect(await exists(table, 'id', alice.userId)).toBe(false);
    for (const table of ['sessions', 'google_credentials', 'library_playlists', 'api_tokens']) expect(await exists(table, 'user_id', alice.userId)).toBe(false);
    // The grant is gone at Google too: the stored refresh token no longer works.
    const refresh = await fetch(`${t.standin.url}/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: alice.refreshToken, client_id: t.config.googleClientId, client_secret: t.config.googleClientSecret }),
    });
    expect(refresh.status).toBe(400);
    expect(await refresh.json()).toMatchObject({ error: 'invalid_grant' });

    expect(await exists('playlists', 'id', PL.alice)).toBe(false);
    expect(await exists('playlists', 'id', PL.shared)).toBe(true);
    expect(await exists('playlists', 'id', PL.bob)).toBe(true);
    for (const gone of [V.own, V.removed]) {
      expect(await exists('videos', 'id', gone.id)).toBe(false);
      expect(await exists('transcript_segments', 'video_id', gone.id)).toBe(false);
    }
    for (const kept of [V.sharedVideo, V.inSharedPlaylist, V.bobs, V.trending]) expect(await exists('transcript_segments', 'video_id', kept.id)).toBe(true);
    // The shared playlist's index history stays, without a requester.
    expect(await sql()`select requested_by from index_runs where playlist_id = ${PL.shared}`).toEqual([{ requested_by: null }]);

    // The old session is worthless; Bob's library is untouched.
    expect((await t.app.request('/account', { headers: { cookie: alice.cookie } })).status).toBe(302);
    const { body } = await exportOf(bob.cookie);
    expect(ids(body.playlists)).toEqual([PL.shared, PL.bob].sort());
    expect(ids(body.videos)).toEqual([V.sharedVideo.id, V.inSharedPlaylist.id, V.bobs.id].sort());
  });
});
