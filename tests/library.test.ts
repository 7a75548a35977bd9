// The playlists dashboard: owned playlists, adding public playlists by URL or id, removing, the
// state column, and isolation between users on every route this feature adds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userCanSeePlaylist } from '../src/playlists/library.ts';
import { DEMO } from '../src/standin/demo-data.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { signInAs } from './helpers/google-sign-in.ts';
import { createSignedInUser } from './helpers/users.ts';

const [aliceAccount, bobAccount] = DEMO.accounts;
const P = DEMO.playlists;

let t: TestApp;
let alice: { id: number; cookie: string };
let bob: { id: number; cookie: string };

beforeAll(async () => {
  t = await startTestApp({ worker: false });
  for (const [account, assign] of [[aliceAccount!, (u: typeof alice) => (alice = u)], [bobAccount!, (u: typeof bob) => (bob = u)]] as const) {
    const jar = await signInAs(t, account.sub);
    const [row] = await t.db.database.sql<{ id: string }[]>`select id from users where google_subject = ${account.sub}`;
    assign({ id: Number(row!.id), cookie: jar.header() });
  }
});
afterAll(async () => {
  await t?.stop();
});

const sql = () => t.db.database.sql;
const get = (path: string, cookie: string, headers: Record<string, string> = {}) => t.app.request(path, { headers: { cookie, ...headers } });
const post = (path: string, cookie: string, form: Record<string, string> = {}, headers: Record<string, string> = {}) =>
  t.app.request(path, { method: 'POST', body: new URLSearchParams(form), headers: { cookie, origin: t.baseUrl, 'content-type': 'application/x-www-form-urlencoded', ...headers } });

async function librarySources(userId: number): Promise<Record<string, string>> {
  const rows = await sql()<{ playlist_id: string; source: string }[]>`select playlist_id, source from library_playlists where user_id = ${userId}`;
  return Object.fromEntries(rows.map((r) => [r.playlist_id, r.source]));
}

describe('dashboard', () => {
  it('lists every playlist of the signed-in account with thumbnail, title, video count and state', async () => {
    const res = await get('/library', alice.cookie);
    expect(res.status).toBe(200);
    const page = await res.text();
    for (const id of [P.cooking, P.physics, P.everything]) {
      const row = new RegExp(`<tr id="playlist-${id}"[\\s\\S]*?</tr>`).exec(page)?.[0] ?? '';
      expect(row).toMatch(/<img class="thumb" src="[^"]+"/);
      expect(row).toContain('never indexed');
      expect(row).toContain(`action="/playlists/${id}/index"`);
    }
    expect(page).toContain('Everything I watched');
    expect(page).toContain('3,000 videos');
    expect(page).toContain('8 videos');
    expect(await librarySources(alice.id)).toEqual({ [P.cooking]: 'owned', [P.physics]: 'owned', [P.everything]: 'owned' });
  });

  it('shows each playlist\'s latest index run: indexing n of m, indexed at, failed', async () => {
    await sql()`insert into videos (id, title) values ('vid00000001', 'a'), ('vid00000002', 'b'), ('vid00000003', 'c')`;
    const [running] = await sql()<{ id: string }[]>`
      insert into index_runs (playlist_id, requested_by, status, total_videos) values (${P.cooking}, ${alice.id}, 'fetching', 3) returning id`;
    await sql()`insert into index_run_videos (run_id, video_id, state) values
      (${running!.id}, 'vid00000001', 'done'), (${running!.id}, 'vid00000002', 'failed'), (${running!.id}, 'vid00000003', 'pending')`;
    await sql()`insert into index_runs (playlist_id, status, created_at, finished_at) values
      (${P.physics}, 'failed', now() - interval '2 hours', now() - interval '2 hours'),
      (${P.physics}, 'completed', now() - interval '1 hour', '2026-03-04T05:06:00Z')`;
    await sql()`insert into index_runs (playlist_id, status, error) values (${P.everything}, 'failed', 'The YouTube Data API quota for today is used up')`;

    const page = await (await get('/library', alice.cookie)).text();
    expect(page).toContain('indexing 2 of 3');
    expect(page).toContain('indexed at <time datetime="2026-03-04T05:06:00.000Z">2026-03-04 05:06 UTC</time>');
    expect(page).toContain('failed: The YouTube Data API quota for today is used up');
  });

  it('answers htmx with the library section only', async () => {
    const res = await get('/library', alice.cookie, { 'HX-Request': 'true' });
    const body = await res.text();
    expect(body).toMatch(/^<section id="library">/);
    expect(body).not.toContain('<html');
  });
});

describe('adding a public playlist', () => {
  const accepted: Array<[string, string, string]> = [
    ['a playlist link', `https://www.youtube.com/playlist?list=${P.travel}`, 'Travel notes'],
    ['a watch link carrying list=', `https://www.youtube.com/watch?v=dQw4w9WgXcQ&list=${P.languages}&index=3`, 'Language practice'],
    ['a youtu.be link with list=', `https://youtu.be/dQw4w9WgXcQ?list=${P.history}`, 'Slow history favourites'],
    ['a link without https://', `m.youtube.com/playlist?list=${P.empty}`, 'Nothing here yet'],
    ['a bare id, with spaces around it', `  ${P.music}  `, 'Music theory'],
  ];
  it.each(accepted)('accepts %s', async (_, input, title) => {
    const res = await post('/playlists', alice.cookie, { playlist: input });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/library');
    expect(await (await get('/library', alice.cookie)).text()).toContain(title);
    const id = input.trim().match(/(PL[A-Za-z0-9_-]+)/)![1]!;
    expect((await librarySources(alice.id))[id]).toBe('added');
  });

  it('with htmx, answers with the updated section and a notice', async () => {
    await post(`/playlists/${P.travel}/remove`, alice.cookie);
    const res = await post('/playlists', alice.cookie, { playlist: P.travel }, { 'HX-Request': 'true' });
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain('Added &quot;Travel notes&quot; to your library.');
    expect(body).toContain(`id="playlist-${P.travel}"`);
  });

  it('says so when the playlist is already in the library', async () => {
    const res = await post('/playlists', alice.cookie, { playlist: P.cooking }, { 'HX-Request': 'true' });
    expect(await res.text()).toContain('is already in your library');
  });

  const malformed: Array<[string, string, RegExp]> = [
    ['nothing', '', /Nothing was pasted/],
    ['only spaces', '   ', /Nothing was pasted/],
    ['a word', 'cooking', /neither a YouTube link nor a playlist id/],
    ['a too-short id', 'PL123', /neither a YouTube link nor a playlist id/],
    ['another site', 'https://vimeo.com/channels/staffpicks', /points to vimeo\.com, not YouTube/],
    ['a look-alike host', `https://www.youtube.com.evil.example/playlist?list=${P.travel}`, /not YouTube/],
    ['a single video', 'https://www.youtube.com/watch?v=dQw4w9WgXcQ', /no playlist in it/],
    ['a youtu.be video without list=', 'https://youtu.be/dQw4w9WgXcQ', /no playlist in it/],
    ['a channel', 'https://www.youtube.com/@curiouskitchen', /no playlist in it/],
    ['an empty list=', 'https://www.youtube.com/playlist?list=', /no playlist in it/],
    ['a list= that is not an id', 'https://www.youtube.com/playlist?list=<script>', /is not a playlist id/],
    ['Watch Later', 'https://www.youtube.com/playlist?list=WL', /Watch Later and Liked videos/],
    ['a script URL', 'javascript:alert(1)', /neither a YouTube link nor a playlist id/],
  ];
  it.each(malformed)('rejects %s with an inline error saying what was expected', async (_, input, message) => {
    const before = await librarySources(alice.id);
    const res = await post('/playlists', alice.cookie, { playlist: input });
    expect(res.status).toBe(400);
    const page = await res.text();
    const error = /<p id="playlist-error" class="field-error" role="alert">([^<]*)<\/p>/.exec(page)?.[1] ?? '';
    expect(error.replaceAll('&quot;', '"').replaceAll('&amp;', '&')).toMatch(message);
    expect(page).toContain('aria-invalid="true"');
    expect(page).not.toContain('<script>');
    expect(await librarySources(alice.id)).toEqual(before);
  });

  it('shows the inline error in the htmx fragment too, keeping what was typed', async () => {
    const res = await post('/playlists', alice.cookie, { playlist: 'https://vimeo.com/1' }, { 'HX-Request': 'true' });
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain('not YouTube');
    expect(body).toContain('value="https://vimeo.com/1"');
  });

  it('explains when the playlist does not exist, or is private to someone else', async () => {
    for (const id of [`PL${'x'.repeat(32)}`, P.code]) {
      const res = await post('/playlists', alice.cookie, { playlist: `https://www.youtube.com/playlist?list=${id}` });
      expect(res.status).toBe(404);
      expect(await res.text()).toContain(`YouTube has no public playlist with the id ${id}: it does not exist, was deleted, or is private to its owner.`);
      expect((await librarySources(alice.id))[id]).toBeUndefined();
    }
  });
});

describe('removing', () => {
  it('removes an added playlist; with htmx the row is replaced by nothing', async () => {
    await post('/playlists', bob.cookie, { playlist: P.languages });
    const res = await post(`/playlists/${P.languages}/remove`, bob.cookie, {}, { 'HX-Request': 'true' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    expect((await librarySources(bob.id))[P.languages]).toBeUndefined();
  });

  it('an owned playlist stays removed when the YouTube list is refreshed, until added again', async () => {
    const res = await post(`/playlists/${P.needsAttention}/remove`, bob.cookie);
    expect(res.status).toBe(303);
    await post('/library/refresh', bob.cookie);
    expect((await librarySources(bob.id))[P.needsAttention]).toBeUndefined();
    expect(await (await get('/library', bob.cookie)).text()).not.toContain('Needs attention');

    await post('/playlists', bob.cookie, { playlist: `https://www.youtube.com/playlist?list=${P.needsAttention}` });
    expect((await librarySources(bob.id))[P.needsAttention]).toBe('owned');
  });

  it('re-adds an owned private playlist that no public lookup could find', async () => {
    await post(`/playlists/${P.physics}/remove`, alice.cookie);
    expect((await librarySources(alice.id))[P.physics]).toBeUndefined();
    const res = await post('/playlists', alice.cookie, { playlist: P.physics });
    expect(res.status).toBe(303);
    expect((await librarySources(alice.id))[P.physics]).toBe('owned');
  });

  it('cannot be done with GET', async () => {
    expect((await get(`/playlists/${P.cooking}/remove`, alice.cookie)).status).toBe(404);
    expect((await librarySources(alice.id))[P.cooking]).toBe('owned');
  });
});

describe('isolation between users', () => {
  it('a user sees only their own library, as a page and as a fragment', async () => {
    for (const headers of [{}, { 'HX-Request': 'true' }] as Array<Record<string, string>>) {
      const page = await (await get('/library', bob.cookie, headers)).text();
      expect(page).toContain('Travel notes');
      for (const title of ['Weeknight cooking', 'Physics for the curious', 'Everything I watched']) expect(page).not.toContain(title);
    }
    expect(await userCanSeePlaylist(sql(), bob.id, P.cooking)).toBe(false);
    expect(await userCanSeePlaylist(sql(), alice.id, P.cooking)).toBe(true);
  });

  it('a stranger with no library sees none of it', async () => {
    // No Google tokens at all: the library still renders, and asks to reconnect.
    const stranger = await createSignedInUser(sql());
    const page = await (await get('/library', stranger.cookie)).text();
    expect(page).toContain('No playlists yet');
    expect(page).toContain('YouTube access lost');
    expect(page).not.toContain('<tr id="playlist-');
  });

  it('cannot remove, index or see runs of another user\'s playlist', async () => {
    for (const path of [`/playlists/${P.cooking}/remove`, `/playlists/${P.cooking}/index`]) {
      const res = await post(path, bob.cookie);
      expect(res.status).toBe(404);
    }
    expect((await librarySources(alice.id))[P.cooking]).toBe('owned');
    const [run] = await sql()<{ id: string }[]>`select id from index_runs where playlist_id = ${P.cooking} limit 1`;
    expect((await get(`/runs/${run!.id}`, bob.cookie)).status).toBe(404);
  });

  it('the thumbnail report and a video\'s statistics show only the user\'s own library (statistics also the current trending charts)', async () => {
    const secret = { id: 'isoSecret01', title: 'Alice private title' };
    const trending = { id: 'isoTrendNow', title: 'On the chart now' };
    const formerlyTrending = { id: 'isoTrendOld', title: 'Dropped off the chart' };
    await sql()`insert into videos (id, title) values (${secret.id}, ${secret.title}), (${trending.id}, ${trending.title}), (${formerlyTrending.id}, ${formerlyTrending.title})`;
    await sql()`insert into playlist_videos (playlist_id, video_id, position) values (${P.physics}, ${secret.id}, 999)`;
    for (const id of [secret.id, trending.id, formerlyTrending.id]) {
      await sql()`insert into thumbnail_checks (video_id, url, status, problem) values (${id}, 'https://i.ytimg.com/x.jpg', 'broken', 'answered HTTP 404')`;
      await sql()`insert into video_stat_snapshots (video_id, view_count) values (${id}, 1000)`;
    }
    const [older] = await sql()<{ id: string }[]>`insert into trending_charts (region_code, fetched_at) values ('PL', now() - interval '1 hour') returning id`;
    const [latest] = await sql()<{ id: string }[]>`insert into trending_charts (region_code) values ('PL') returning id`;
    await sql()`insert into trending_entries (chart_id, rank, video_id) values (${older!.id}, 1, ${formerlyTrending.id}), (${latest!.id}, 1, ${trending.id})`;

    for (const headers of [{}, { 'HX-Request': 'true' }] as Array<Record<string, string>>) {
      const bobsReport = await (await get('/reports/thumbnails', bob.cookie, headers)).text();
      expect(bobsReport).not.toContain(secret.title);
      expect(bobsReport).not.toContain(secret.id);
      expect(bobsReport).not.toContain(formerlyTrending.id);
      expect(bobsReport).toContain('<strong>0</strong> broken');
    }
    const alicesReport = await (await get('/reports/thumbnails', alice.cookie)).text();
    expect(alicesReport).toContain(secret.title);
    expect(alicesReport).toContain('<strong>1</strong> broken');

    const bobsStats = await get(`/videos/${secret.id}/stats`, bob.cookie);
    expect(bobsStats.status).toBe(404);
    expect(await bobsStats.text()).not.toContain(secret.title);
    expect((await get(`/videos/${formerlyTrending.id}/stats`, bob.cookie)).status).toBe(404);
    expect((await get(`/videos/${secret.id}/stats`, alice.cookie)).status).toBe(200);
    const chartVideo = await get(`/videos/${trending.id}/stats`, bob.cookie);
    expect(chartVideo.status).toBe(200);
    expect(await chartVideo.text()).toContain(trending.title);
  });

  it('a playlist in two libraries is stored once; removing it from one leaves the other', async () => {
    await post('/playlists', alice.cookie, { playlist: P.travel });
    expect((await librarySources(alice.id))[P.travel]).toBe('added');
    expect((await librarySources(bob.id))[P.travel]).toBe('owned');
    expect(await sql()`select 1 from playlists where id = ${P.travel}`).toHaveLength(1);

    await post(`/playlists/${P.travel}/remove`, alice.cookie);
    expect((await librarySources(alice.id))[P.travel]).toBeUndefined();
    expect((await librarySources(bob.id))[P.travel]).toBe('owned');
  });

  it('refuses cross-site POSTs to every route that changes the library', async () => {
    const before = await librarySources(alice.id);
    for (const [path, form] of [['/playlists', { playlist: P.languages }], [`/playlists/${P.cooking}/remove`, {}], ['/library/refresh', {}], ['/auth/disconnect', {}]] as const) {
      const res = await post(path, alice.cookie, form, { origin: 'https://evil.example' });
      expect(res.status).toBe(403);
    }
    expect(await librarySources(alice.id)).toEqual(before);
    expect(await sql()`select 1 from google_credentials where user_id = ${alice.id}`).toHaveLength(1);
  });

  it('refreshing, adding, disconnecting and signing out touch only the signed-in user', async () => {
    const aliceBefore = await librarySources(alice.id);
    await post('/library/refresh', bob.cookie);
    await post('/playlists', bob.cookie, { playlist: P.history });
    expect(await librarySources(alice.id)).toEqual(aliceBefore);

    const [aliceCredentials] = await sql()`select 1 from google_credentials where user_id = ${alice.id}`;
    expect(aliceCredentials).toBeDefined();
    const other = await createSignedInUser(sql());
    expect((await post('/auth/disconnect', other.cookie)).status).toBe(200);
    expect(await sql()`select 1 from google_credentials where user_id = ${alice.id}`).toHaveLength(1);

    expect((await post('/auth/sign-out', other.cookie)).status).toBe(303);
    expect((await get('/library', alice.cookie)).status).toBe(200);
  });
});
