// Channels, Single videos and liked videos from end to end with real workers: indexed, re-synced
// daily like playlists, each on a page of its own filterable by transcript state and searchable in
// one click; subscriptions offered as channels to add with one click; all of it per person.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSubscriptions } from '../src/playlists/your-youtube.ts';
import { takeFromQuotaBudget } from '../src/web/quota-budget.ts';
import { DEMO } from '../src/standin/demo-data.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { signInAs } from './helpers/google-sign-in.ts';
import { pressStartIndexing, waitForRun } from './helpers/indexing.ts';
import { createSignedInUser } from './helpers/users.ts';

const [aliceAccount, bobAccount] = DEMO.accounts;
const C = DEMO.channels;
const V = DEMO.videos;
const uploads = (channelId: string) => `UU${channelId.slice(2)}`;

let t: TestApp;
let alice: { id: number; cookie: string };
let bob: { id: number; cookie: string };

const sql = () => t.db.database.sql;
const get = (path: string, cookie: string, headers: Record<string, string> = {}) => t.app.request(path, { headers: { cookie, ...headers } });
const post = (path: string, cookie: string, form: Record<string, string> = {}, headers: Record<string, string> = {}) =>
  t.app.request(path, { method: 'POST', body: new URLSearchParams(form), headers: { cookie, origin: t.baseUrl, 'content-type': 'application/x-www-form-urlencoded', ...headers } });

async function signIn(sub: string): Promise<{ id: number; cookie: string }> {
  const jar = await signInAs(t, sub);
  const [row] = await sql()<{ id: string }[]>`select id from users where google_subject = ${sub}`;
  return { id: Number(row!.id), cookie: jar.header() };
}

async function indexAndWait(cookie: string, listId: string): Promise<void> {
  await waitForRun(sql(), await pressStartIndexing(t.app, t.baseUrl, cookie, listId), 60_000);
}

async function listVideoIds(listId: string): Promise<string[]> {
  const rows = await sql()<{ video_id: string }[]>`select video_id from playlist_videos where playlist_id = ${listId} and removed_at is null order by position`;
  return rows.map((r) => r.video_id);
}

beforeAll(async () => {
  t = await startTestApp();
  alice = await signIn(aliceAccount!.sub);
  bob = await signIn(bobAccount!.sub);
}, 60_000);
afterAll(async () => {
  await t?.stop();
});

describe('a channel', () => {
  const history = uploads(C.history);

  beforeAll(async () => {
    expect((await post('/playlists', alice.cookie, { playlist: 'https://www.youtube.com/@slowhistory' })).status).toBe(303);
    await indexAndWait(alice.cookie, history);
  }, 90_000);

  it('is indexed as its uploads, newest first, under the channel\'s name', async () => {
    const ids = await listVideoIds(history);
    expect(ids).toEqual(expect.arrayContaining([V.silkRoad, V.venice, V.ageRestricted, V.unavailable]));
    const published = await sql()<{ id: string; ms: number }[]>`
      select id, (extract(epoch from published_at) * 1000)::float8 as ms from videos where id = any(${sql().array(ids)})`;
    const byId = new Map(published.map((p) => [p.id, p.ms]));
    expect(ids.map((id) => byId.get(id))).toEqual([...ids.map((id) => byId.get(id)!)].sort((a, b) => b - a));
    const library = await (await get('/library', alice.cookie)).text();
    const row = new RegExp(`<tr id="playlist-${history}"[\\s\\S]*?</tr>`).exec(library)?.[0] ?? '';
    expect(row).toContain(`<a href="/playlists/${history}">Slow History</a>`);
    expect(row).toContain('channel · added by you');
    expect(row).toMatch(/indexed <time datetime="[^"]+" data-local="datetime">/);
  });

  it('has a page listing its videos in order with thumbnail, duration, state and reason', async () => {
    const res = await get(`/playlists/${history}`, alice.cookie);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('<h1>Slow History</h1>');
    const rows = [...page.matchAll(/<tr id="video-([A-Za-z0-9_-]{11})" data-state="(\w+)">([\s\S]*?)<\/tr>/g)];
    expect(rows.map((r) => r[1])).toEqual(await listVideoIds(history));
    const silk = rows.find((r) => r[1] === V.silkRoad)![3]!;
    expect(silk).toMatch(/<img class="thumb" src="[^"]+\/vi\/[^"]+"/);
    expect(silk).toContain('The Silk Road in twelve objects');
    expect(silk).toMatch(/<td class="count">\d+:\d\d<\/td>/);
    expect(silk).toContain('<span class="state state-indexed">indexed</span>');
    expect(silk).toContain(`href="/videos/${V.silkRoad}/transcript.srt"`);
    const age = rows.find((r) => r[1] === V.ageRestricted)!;
    expect(age[2]).toBe('unavailable');
    expect(age[3]).toContain('no transcript');
    expect(age[3]).toMatch(/<span class="muted reason">[^<]*age/i);
  });

  it('filters by transcript state, with a count for each', async () => {
    const page = await (await get(`/playlists/${history}?state=unavailable`, alice.cookie)).text();
    const states = [...page.matchAll(/data-state="(\w+)"/g)].map((m) => m[1]);
    expect(states.length).toBeGreaterThanOrEqual(2);
    expect(new Set(states)).toEqual(new Set(['unavailable']));
    expect(page).toMatch(/<a href="\/playlists\/[^"]+\?state=unavailable" aria-current="page">no transcript \(\d+\)<\/a>/);
    expect(page).toMatch(/>indexed \(2\)</);
    // A state that does not exist shows everything rather than failing.
    expect((await get(`/playlists/${history}?state=bogus`, alice.cookie)).status).toBe(200);
  });

  it('searches within it in one click: the page\'s search form carries the list, and only its videos come back', async () => {
    const page = await (await get(`/playlists/${history}`, alice.cookie)).text();
    expect(page).toContain(`<input type="hidden" name="playlist" value="${history}">`);
    await post('/playlists', alice.cookie, { playlist: '@curiouskitchen' });
    await indexAndWait(alice.cookie, uploads(C.kitchen));
    const scoped = await (await get(`/api/search?q=the&playlist=${history}`, alice.cookie)).json() as { videos: Array<{ id: string }> };
    expect(scoped.videos.length).toBeGreaterThan(0);
    const historyIds = await listVideoIds(history);
    expect(scoped.videos.every((v) => historyIds.includes(v.id))).toBe(true);
    const everywhere = await (await get('/api/search?q=the', alice.cookie)).json() as { videos: Array<{ id: string }> };
    expect(everywhere.videos.some((v) => !historyIds.includes(v.id))).toBe(true);
  });

  it('is re-synced daily like any playlist, and a page is scoped to the person\'s library', async () => {
    const [before] = await sql()<{ n: number }[]>`select count(*)::int as n from index_runs where playlist_id = ${history}`;
    await t.queue.addJob('resync_playlists', {});
    await expect.poll(async () => (await sql()<{ n: number }[]>`select count(*)::int as n from index_runs where playlist_id = ${history}`)[0]!.n, { timeout: 30_000 }).toBe(before!.n + 1);
    const [latest] = await sql()<{ id: string; mode: string }[]>`select id, mode from index_runs where playlist_id = ${history} order by id desc limit 1`;
    expect(latest!.mode).toBe('new');
    await waitForRun(sql(), Number(latest!.id), 60_000);

    expect((await get(`/playlists/${history}`, bob.cookie)).status).toBe(404);
    expect((await get(`/playlists/${history}?state=indexed`, bob.cookie)).status).toBe(404);
  });
});

describe('Single videos', () => {
  it('are indexed as they are added, even one added while the list is being read', async () => {
    const list = `videos-${alice.id}`;
    for (const id of [V.cafe, V.naive]) {
      expect((await post('/playlists', alice.cookie, { playlist: `https://youtu.be/${id}` })).status).toBe(303);
    }
    await expect.poll(async () => (await sql()<{ transcript_status: string }[]>`
      select transcript_status from videos where id in (${V.cafe}, ${V.naive})`).map((r) => r.transcript_status), { timeout: 60_000 }).toEqual(['indexed', 'indexed']);
    expect(await listVideoIds(list)).toEqual([V.cafe, V.naive]);
    const page = await (await get(`/playlists/${list}`, alice.cookie)).text();
    expect(page).toContain('Videos you added one by one');
    expect(page).toContain('Lisbon on foot');
    expect((await get(`/playlists/${list}`, bob.cookie)).status).toBe(404);

    // Only their owner removes one; other lists keep what YouTube has in them.
    const remove = `/playlists/${list}/videos/${V.naive}/remove`;
    expect(page).toContain(`action="${remove}"`);
    expect((await post(remove, bob.cookie)).status).toBe(404);
    expect((await post(`/playlists/${uploads(C.history)}/videos/${V.venice}/remove`, alice.cookie)).status).toBe(404);
    expect(await listVideoIds(uploads(C.history))).toContain(V.venice);
    const res = await post(remove, alice.cookie, {}, { 'HX-Request': 'true' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    expect(await listVideoIds(list)).toEqual([V.cafe]);
    expect((await sql()<{ item_count: number }[]>`select item_count from playlists where id = ${list}`)[0]!.item_count).toBe(1);
  });
});

describe('Your YouTube', () => {
  it('adds my liked videos, read with my own grant: a private one stays a placeholder', async () => {
    const library = await (await get('/library', alice.cookie)).text();
    expect(library).toContain('<form method="post" action="/library/liked"');
    expect(library).toContain('Watch Later</strong> is private: YouTube does not let any app read it');

    expect((await post('/library/liked', alice.cookie)).status).toBe(303);
    const list = `likes-${alice.id}`;
    const [row] = await sql()<{ kind: string; youtube_list_id: string; owner_user_id: string }[]>`select kind, youtube_list_id, owner_user_id from playlists where id = ${list}`;
    expect(row).toEqual({ kind: 'likes', youtube_list_id: 'LL', owner_user_id: String(alice.id) });
    await indexAndWait(alice.cookie, list);
    expect(await listVideoIds(list)).toEqual(aliceAccount!.likedVideoIds);
    const page = await (await get(`/playlists/${list}?state=skipped`, alice.cookie)).text();
    expect(page).toContain(`id="video-${V.private}"`);
    expect(page).toContain('private or deleted');
    expect(await (await get('/library', alice.cookie)).text()).toContain(`in your library (<a href="/playlists/${list}">open</a>)`);
    expect(await (await post('/library/liked', alice.cookie, {}, { 'HX-Request': 'true' })).text()).toContain('already in your library');

    // Bob's likes are another list, with Bob's videos; he cannot open Alice's.
    expect((await post('/library/liked', bob.cookie)).status).toBe(303);
    await indexAndWait(bob.cookie, `likes-${bob.id}`);
    expect(await listVideoIds(`likes-${bob.id}`)).toEqual(bobAccount!.likedVideoIds);
    expect((await get(`/playlists/${list}`, bob.cookie)).status).toBe(404);
    expect((await post(`/playlists/${list}/index`, bob.cookie)).status).toBe(404);
  }, 90_000);

  it('says so plainly when YouTube cannot be read for this person', async () => {
    const stranger = await createSignedInUser(sql());
    const res = await post('/library/liked', stranger.cookie);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('YouTube access lost: reconnect your Google account');
    const subscriptions = await get('/library/subscriptions', stranger.cookie);
    expect(subscriptions.status).toBe(503);
    expect(await subscriptions.text()).toContain('YouTube access lost');
    expect(await sql()`select 1 from library_playlists where user_id = ${stranger.userId}`).toHaveLength(0);
  });

  it('lists every subscription in natural order, marking channels already added', async () => {
    const res = await get('/library/subscriptions', alice.cookie);
    expect(res.status).toBe(200);
    const page = await res.text();
    const rows = [...page.matchAll(/<tr id="subscription-(UC[A-Za-z0-9_-]{22})">([\s\S]*?)<\/tr>/g)];
    expect(new Set(rows.map((r) => r[1]))).toEqual(new Set(aliceAccount!.subscribedChannelIds));
    const titles = rows.map((r) => /<strong>([^<]*)<\/strong>/.exec(r[2]!)![1]!);
    expect(titles).toEqual([...titles].sort((a, b) => a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' })));
    expect(titles.indexOf('Generated Creator 2')).toBeLessThan(titles.indexOf('Generated Creator 10'));
    expect(rows.find((r) => r[1] === C.history)![2]).toContain('in your library');
    expect(rows.find((r) => r[1] === C.lab)![2]).toContain('<input type="hidden" name="channel" value="' + C.lab + '">');
  });

  it('reads every page of subscriptions, up to its bound and the person\'s quota budget', async () => {
    const budget = (userId: number, unitsPerHour: number) => ({
      config: t.config, sql: sql(), spendQuota: async (units: number) => (await takeFromQuotaBudget(sql(), userId, units, unitsPerHour))?.message,
    });
    const before = t.standin.stats.quotaUsed;
    const all = await readSubscriptions(budget(alice.id, 1000), alice.id, { pageSize: 5 });
    expect(t.standin.stats.quotaUsed - before).toBe(Math.ceil(aliceAccount!.subscribedChannelIds.length / 5));
    expect(all).toMatchObject({ ok: true, complete: true, stopped: undefined });
    if (!all.ok) return;
    expect(all.subscriptions.map((s) => s.channelId).sort()).toEqual([...aliceAccount!.subscribedChannelIds].sort());
    const bounded = await readSubscriptions(budget(alice.id, 1000), alice.id, { pageSize: 5, maxPages: 2 });
    expect(bounded).toMatchObject({ ok: true, complete: false });
    if (bounded.ok) expect(bounded.subscriptions).toHaveLength(10);

    // A budget of 2 units an hour reads two pages and says why it stopped; then nothing more this hour.
    const stranger = await createSignedInUser(sql());
    const short = await readSubscriptions(budget(stranger.userId, 2), alice.id, { pageSize: 5 });
    expect(short).toMatchObject({ ok: true, complete: false, stopped: expect.stringContaining('this hour\'s share of YouTube lookups') });
    if (short.ok) expect(short.subscriptions).toHaveLength(10);
    expect(await readSubscriptions(budget(stranger.userId, 2), alice.id, { pageSize: 5 })).toMatchObject({ ok: false, status: 429 });
  });

  it('adds nothing once the person\'s hourly quota budget is spent, and says when to try again', async () => {
    const carol = await signIn(DEMO.accounts[2]!.sub);
    await takeFromQuotaBudget(sql(), carol.id, t.config.quotaUnitsPerUserPerHour, t.config.quotaUnitsPerUserPerHour);
    const before = t.standin.stats.quotaUsed;
    for (const [path, form] of [['/playlists', { playlist: '@labnotes' }], ['/playlists', { playlist: `https://youtu.be/${V.cafe}` }], ['/library/liked', {}], ['/library/channels', { channel: C.lab }]] as const) {
      const res = await post(path, carol.cookie, form);
      expect(res.status, path).toBe(429);
      expect(res.headers.get('retry-after'), path).toMatch(/^\d+$/);
      expect(await res.text(), path).toMatch(/Please try again at \d\d:\d\d UTC/);
    }
    const subscriptions = await get('/library/subscriptions', carol.cookie);
    expect(subscriptions.status).toBe(429);
    expect(t.standin.stats.quotaUsed).toBe(before);
    expect(await sql()`select 1 from library_playlists where user_id = ${carol.id} and source = 'added'`).toHaveLength(0);
  });

  it('adds a subscribed channel with one click, for this person only', async () => {
    const res = await post('/library/channels', alice.cookie, { channel: C.lab }, { 'HX-Request': 'true' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('<span class="state">added</span>');
    const sources = await sql()<{ user_id: string }[]>`select user_id from library_playlists where playlist_id = ${uploads(C.lab)}`;
    expect(sources.map((s) => Number(s.user_id))).toEqual([alice.id]);
    expect((await post('/library/channels', bob.cookie, { channel: C.code })).status).toBe(303);
    expect(await sql()`select 1 from library_playlists where user_id = ${alice.id} and playlist_id = ${uploads(C.code)}`).toHaveLength(0);
    const bobs = await (await get('/library/subscriptions', bob.cookie)).text();
    expect(bobs).toContain('Backpack Diaries');
    expect(bobs).not.toContain('Lab Notes');
    expect((await post('/library/channels', alice.cookie, { channel: 'not-a-channel' })).status).toBe(400);
    expect((await post('/library/channels', alice.cookie, { channel: C.music }, { origin: 'https://evil.example' })).status).toBe(403);
  });

  it('"Export my library" names each list\'s kind and its address on YouTube', async () => {
    const exported = await (await get('/account/export', alice.cookie)).json() as { playlists: Array<{ id: string; kind: string; url: string | null }> };
    const byId = new Map(exported.playlists.map((p) => [p.id, p]));
    expect(byId.get(uploads(C.history))).toMatchObject({ kind: 'channel', url: `https://www.youtube.com/channel/${C.history}` });
    expect(byId.get(`videos-${alice.id}`)).toMatchObject({ kind: 'videos', url: null });
    expect(byId.get(`likes-${alice.id}`)).toMatchObject({ kind: 'likes', url: 'https://www.youtube.com/playlist?list=LL' });
    expect(byId.get(DEMO.playlists.cooking)).toMatchObject({ kind: 'playlist', url: `https://www.youtube.com/playlist?list=${DEMO.playlists.cooking}` });
  });

  it('forgets a person\'s own lists when they remove them', async () => {
    const list = `likes-${bob.id}`;
    expect((await post(`/playlists/${list}/remove`, bob.cookie)).status).toBe(303);
    expect(await sql()`select 1 from playlists where id = ${list}`).toHaveLength(0);
    expect(await sql()`select 1 from playlists where id = ${`likes-${alice.id}`}`).toHaveLength(1);
  });
});
