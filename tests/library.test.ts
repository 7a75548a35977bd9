// The playlists dashboard: owned playlists, adding playlists, channels and single videos by any link, removing, the
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
    expect(page).toContain('indexed <time datetime="2026-03-04T05:06:00.000Z" data-local="datetime">2026-03-04 05:06 UTC</time>');
    expect(page).toContain('failed: The YouTube Data API quota for today is used up');
  });

  it('answers htmx with the library section only', async () => {
    const res = await get('/library', alice.cookie, { 'HX-Request': 'true' });
    const body = await res.text();
    expect(body).toMatch(/^<section id="library">/);
    expect(body).not.toContain('<html');
  });
});

describe('adding by any link', () => {
  const C = DEMO.channels;
  const V = DEMO.videos;
  const uploads = (channelId: string) => `UU${channelId.slice(2)}`;
  const singleVideos = () => `videos-${alice.id}`;

  const playlists: Array<[string, string, string]> = [
    ['a playlist link', `https://www.youtube.com/playlist?list=${P.travel}`, 'Travel notes'],
    ['a watch link carrying list=', `https://www.youtube.com/watch?v=dQw4w9WgXcQ&list=${P.languages}&index=3`, 'Language practice'],
    ['a youtu.be link with list=', `https://youtu.be/dQw4w9WgXcQ?list=${P.history}`, 'Slow history favourites'],
    ['a link without https://', `m.youtube.com/playlist?list=${P.empty}`, 'Nothing here yet'],
    ['a bare id, with spaces around it', `  ${P.music}  `, 'Music theory'],
  ];
  it.each(playlists)('accepts a playlist as %s', async (_, input, title) => {
    const res = await post('/playlists', alice.cookie, { playlist: input });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/library');
    expect(await (await get('/library', alice.cookie)).text()).toContain(title);
    const id = input.trim().match(/(PL[A-Za-z0-9_-]+)/)![1]!;
    expect((await librarySources(alice.id))[id]).toBe('added');
  });

  // Each channel form resolves through channels.list (id, forHandle or forUsername) to the uploads playlist.
  const channels: Array<[string, string, string, string]> = [
    ['a /channel/ link', `https://www.youtube.com/channel/${C.lab}`, C.lab, 'Lab Notes'],
    ['a /channel/ link to a tab, without https://', `youtube.com/channel/${C.lab}/videos`, C.lab, 'Lab Notes'],
    ['an /@handle link', 'https://www.youtube.com/@curiouskitchen', C.kitchen, 'Curious Kitchen'],
    ['an /@handle link to a tab, on m.youtube.com', 'https://m.youtube.com/@SlowHistory/videos?view=0', C.history, 'Slow History'],
    ['a /c/ custom link that is a handle', 'https://www.youtube.com/c/bytesized', C.code, 'Byte Sized'],
    ['a /c/ custom link that is a legacy username', 'https://www.youtube.com/c/labnotesvideos/', C.lab, 'Lab Notes'],
    ['a /user/ link', 'https://www.youtube.com/user/CuriousKitchenTV', C.kitchen, 'Curious Kitchen'],
    ['a bare channel id', C.music, C.music, 'Chord Theory'],
    ['a bare @handle', ' @backpackdiaries ', C.travel, 'Backpack Diaries'],
  ];
  it.each(channels)('accepts a channel as %s, shown under its name', async (_, input, channelId, name) => {
    await sql()`delete from library_playlists where user_id = ${alice.id} and playlist_id = ${uploads(channelId)}`;
    const quotaBefore = t.standin.stats.quotaUsed;
    const res = await post('/playlists', alice.cookie, { playlist: input }, { 'HX-Request': 'true' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`Added the channel &quot;${name}&quot; to your library.`);
    expect((await librarySources(alice.id))[uploads(channelId)]).toBe('added');
    const [row] = await sql()<{ kind: string; title: string; channel_id: string }[]>`select kind, title, channel_id from playlists where id = ${uploads(channelId)}`;
    expect(row).toEqual({ kind: 'channel', title: name, channel_id: channelId });
    // channels.list costs one unit; a /c/ link that is not a handle costs two (never search.list's 100).
    expect(t.standin.stats.quotaUsed - quotaBefore).toBeLessThanOrEqual(2);
  });

  const videos: Array<[string, string, string]> = [
    ['a watch link', `https://www.youtube.com/watch?v=${V.ok}`, V.ok],
    ['a watch link with more parameters, without https://', `m.youtube.com/watch?feature=share&v=${V.venice}&t=1m`, V.venice],
    ['a youtu.be link', `https://youtu.be/${V.caramelise}?t=42`, V.caramelise],
    ['a /shorts/ link', `https://www.youtube.com/shorts/${V.naive}`, V.naive],
    ['a /live/ link', `https://www.youtube.com/live/${V.postgres}?si=abc`, V.postgres],
    ['an /embed/ link', `https://www.youtube.com/embed/${V.chorus}?start=30`, V.chorus],
    ['a YouTube Music watch link', `https://music.youtube.com/watch?v=${V.rockAndRoll}&feature=share`, V.rockAndRoll],
    ['a bare video id', V.cafe, V.cafe],
  ];
  it.each(videos)('accepts a single video as %s, into Single videos, indexing it', async (_, input, videoId) => {
    const res = await post('/playlists', alice.cookie, { playlist: input });
    expect(res.status).toBe(303);
    expect((await librarySources(alice.id))[singleVideos()]).toBe('added');
    const [member] = await sql()`select 1 from playlist_videos where playlist_id = ${singleVideos()} and video_id = ${videoId} and removed_at is null`;
    expect(member).toBeDefined();
    const [run] = await sql()`select 1 from index_runs r join index_run_videos rv on rv.run_id = r.id
      where r.playlist_id = ${singleVideos()} and rv.video_id = ${videoId}
      union all select 1 from index_runs r where r.playlist_id = ${singleVideos()} and r.status = 'queued'`;
    expect(run).toBeDefined();
    const page = await (await get('/library', alice.cookie)).text();
    expect(page).toContain('Single videos');
    expect(page).toContain('videos you added one by one');
  });

  it('keeps one Single videos list per person, and says when a video is already in it', async () => {
    const res = await post('/playlists', alice.cookie, { playlist: `https://youtu.be/${V.ok}` }, { 'HX-Request': 'true' });
    expect(await res.text()).toContain('is already in your Single videos');
    const [row] = await sql()<{ kind: string; owner_user_id: string; item_count: number }[]>`
      select kind, owner_user_id, item_count from playlists where id = ${singleVideos()}`;
    expect(row).toEqual({ kind: 'videos', owner_user_id: String(alice.id), item_count: videos.length });
  });

  it('explains when a channel or a video cannot be found', async () => {
    const cases: Array<[string, string]> = [
      ['@nobodyhasthishandle', 'YouTube has no channel with the handle @nobodyhasthishandle'],
      [`https://www.youtube.com/channel/UC${'x'.repeat(22)}`, `YouTube has no channel with the id UC${'x'.repeat(22)}`],
      ['https://www.youtube.com/user/nosuchusername', 'YouTube has no channel with the username nosuchusername'],
      ['https://www.youtube.com/c/nosuchcustomname', 'YouTube has no channel at youtube.com/c/nosuchcustomname'],
      [`https://youtu.be/${V.deleted}`, `YouTube has no public video with the id ${V.deleted}`],
      [`https://www.youtube.com/watch?v=${V.private}`, `YouTube has no public video with the id ${V.private}`],
    ];
    for (const [input, message] of cases) {
      const before = await librarySources(alice.id);
      const res = await post('/playlists', alice.cookie, { playlist: input });
      expect(res.status).toBe(404);
      expect(await res.text()).toContain(message);
      expect(await librarySources(alice.id)).toEqual(before);
    }
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
    // anything
    ['nothing', '', /Nothing was pasted/],
    ['only spaces', '   ', /Nothing was pasted/],
    ['a word', 'cooking', /neither a YouTube link nor a playlist, channel or video id/],
    ['another site', 'https://vimeo.com/channels/staffpicks', /points to vimeo\.com, not YouTube/],
    ['a look-alike host', `https://www.youtube.com.evil.example/playlist?list=${P.travel}`, /not YouTube/],
    ['a script URL', 'javascript:alert(1)', /neither a YouTube link nor a playlist, channel or video id/],
    ['a YouTube page that is none of them', 'https://www.youtube.com/feed/subscriptions', /not a playlist, a channel or a video/],
    // playlists
    ['a too-short playlist id', 'PL123', /neither a YouTube link nor a playlist, channel or video id/],
    ['an empty list=', 'https://www.youtube.com/playlist?list=', /no playlist in it/],
    ['a playlist page without list=', 'https://www.youtube.com/playlist', /no playlist in it/],
    ['a list= that is not an id', 'https://www.youtube.com/playlist?list=<script>', /is not a playlist id/],
    ['Watch Later', 'https://www.youtube.com/playlist?list=WL', /Watch Later is private: YouTube does not let apps read it/],
    ['the LL liked list', 'https://www.youtube.com/playlist?list=LL', /add it under "Your YouTube"/],
    // channels
    ['a /channel/ link with a short id', 'https://www.youtube.com/channel/UCshort', /"UCshort" in that link is not a channel name, handle or id/],
    ['a /channel/ link without an id', 'https://www.youtube.com/channel/', /not a channel name, handle or id/],
    ['a too-short handle', 'https://www.youtube.com/@ab', /"@ab" in that link is not a channel name, handle or id/],
    ['a bare @ with a too-short handle', '@a', /neither a YouTube link nor a playlist, channel or video id/],
    ['a handle with a space', '@curious kitchen', /neither a YouTube link nor a playlist, channel or video id/],
    ['an @handle link to something that is not a tab', 'https://www.youtube.com/@curiouskitchen/nonsense', /not a playlist, a channel or a video/],
    ['an empty /c/ link', 'https://www.youtube.com/c/', /not a channel name, handle or id/],
    ['a /user/ link with spaces', 'https://www.youtube.com/user/not%20a%20name', /"not a name" in that link is not a channel name, handle or id/],
    // single videos
    ['a watch link with a short id', 'https://www.youtube.com/watch?v=dQw4w9W', /"dQw4w9W" in that watch link is not a video id/],
    ['a watch link with an empty v=', 'https://www.youtube.com/watch?v=', /in that watch link is not a video id/],
    ['a watch link without v=', 'https://www.youtube.com/watch', /not a playlist, a channel or a video/],
    ['a youtu.be link with a long id', 'https://youtu.be/dQw4w9WgXcQQ', /in that youtu.be link is not a video id/],
    ['a youtu.be link without an id', 'https://youtu.be/', /not a playlist, a channel or a video/],
    ['a /shorts/ link without an id', 'https://www.youtube.com/shorts/', /in that \/shorts\/ link is not a video id/],
    ['a /live/ link with markup', 'https://www.youtube.com/live/<b>x</b>', /in that \/live\/ link is not a video id/],
    ['an /embed/ link with a short id', 'https://www.youtube.com/embed/abc', /"abc" in that \/embed\/ link is not a video id/],
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

  it('every route for lists, channels, Your YouTube and exports answers only from the person\'s own library', async () => {
    const aliceSingles = `videos-${alice.id}`;
    expect((await librarySources(alice.id))[aliceSingles]).toBe('added');
    const readOnly = [
      `/playlists/${P.cooking}`, `/playlists/${P.cooking}?state=indexed&page=2`, `/playlists/${aliceSingles}`,
      `/playlists/${P.cooking}/transcripts.zip?format=vtt`, `/playlists/${aliceSingles}/transcripts.zip`,
      `/videos/${DEMO.videos.ok}/transcript.srt`, `/videos/${DEMO.videos.ok}/transcript.vtt`, `/videos/${DEMO.videos.ok}/transcript.txt?timestamps=0`,
      `/api/transcripts.jsonl?playlist=${P.cooking}`,
    ];
    for (const path of readOnly) {
      const res = await get(path, bob.cookie);
      expect(res.status, path).toBe(404);
      expect(await res.text(), path).not.toContain('Weeknight');
      // Signed out: sent to sign in, never an answer.
      expect((await get(path, '')).status, path).not.toBe(200);
    }
    expect(await (await get('/api/transcripts.jsonl', bob.cookie)).text()).toBe('');
    const subscriptions = await (await get('/library/subscriptions', bob.cookie)).text();
    expect(subscriptions).not.toContain('Curious Kitchen');
    expect(subscriptions).toContain('Backpack Diaries');

    const aliceBefore = await librarySources(alice.id);
    await post('/library/liked', bob.cookie);
    await post('/library/channels', bob.cookie, { channel: DEMO.channels.polyglot });
    expect(await librarySources(alice.id)).toEqual(aliceBefore);
    expect((await librarySources(bob.id))[`likes-${bob.id}`]).toBe('added');
    expect((await librarySources(bob.id))[`UU${DEMO.channels.polyglot.slice(2)}`]).toBe('added');
    for (const path of ['/library/liked', '/library/channels']) expect((await get(path, bob.cookie)).status, path).toBe(404);
    expect((await post(`/playlists/${aliceSingles}/videos/${DEMO.videos.ok}/remove`, bob.cookie)).status).toBe(404);
    expect(await sql()`select 1 from playlist_videos where playlist_id = ${aliceSingles} and video_id = ${DEMO.videos.ok}`).toHaveLength(1);
  });

  it('refuses cross-site POSTs to every route that changes the library', async () => {
    const before = await librarySources(alice.id);
    const changes = [
      ['/playlists', { playlist: P.languages }], [`/playlists/${P.cooking}/remove`, {}], ['/library/refresh', {}], ['/auth/disconnect', {}],
      ['/library/liked', {}], ['/library/channels', { channel: DEMO.channels.music }], [`/playlists/${P.cooking}/index`, {}],
      [`/playlists/videos-${alice.id}/videos/${DEMO.videos.ok}/remove`, {}],
    ] as const;
    for (const [path, form] of changes) {
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
