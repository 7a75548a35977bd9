// Every search has bounds a user cannot lift: cues read (exact counts below MOMENT_CAP, "N+" past it),
// words per query (repeats collapse first), a statement timeout answered with "too broad, narrow it",
// searches in flight per person, and a connection pool of its own.
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../src/db/client.ts';
import { MOMENT_CAP, SEGMENT_BUCKET_BITS, VIDEO_CAP } from '../src/search/queries.ts';
import { SEARCHES_IN_FLIGHT_PER_USER } from '../src/search/refusals.ts';
import { collapseRepeats, countWords, MAX_QUERY_WORDS } from '../src/search/request.ts';
import { buildWebApp } from '../src/web/build.ts';
import type { TestApp } from './helpers/app.ts';
import { addToLibrary, createSignedInUser } from './helpers/users.ts';
import { startSearchApp } from './helpers/search-library.ts';

let t: TestApp;
let carol: { userId: number; cookie: string };
let bob: { userId: number; cookie: string };

// 30 videos of 400 cues, every cue saying "banana": 12,000 cues, past MOMENT_CAP. "mango" is said in 50.
const VIDEOS = 30;
const CUES = 400;
const TITLE_HIT = 'bana0000099';

beforeAll(async () => {
  ({ t, bob } = await startSearchApp());
  const { sql } = t.db.database;
  carol = await createSignedInUser(sql);
  await sql`
    insert into videos (id, title, description, channel_id, channel_title, published_at, duration_seconds, view_count,
      transcript_status, transcript_language, transcript_kind)
    select 'bana' || lpad(i::text, 7, '0'), 'Fruit talk ' || i, '', 'UCfruit0000000000000000', 'Fruit', timestamptz '2024-01-01', 2000, i, 'indexed', 'en', 'manual'
    from generate_series(1, ${VIDEOS}) i
    union all select ${TITLE_HIT}, 'Banana split', '', 'UCfruit0000000000000000', 'Fruit', timestamptz '2020-01-01', 60, 1, 'unavailable', null, null`;
  await sql`
    insert into transcript_segments (video_id, position, start_ms, end_ms, text, search_text, language)
    select 'bana' || lpad(v::text, 7, '0'), p, p * 5000, p * 5000 + 5000, c.text, c.text || ' banana bread again', 'en'
    from generate_series(1, ${VIDEOS}) v, generate_series(0, ${CUES - 1}) p,
      lateral (select case when v = 1 and p < 50 then 'a ripe mango and a banana' else 'banana bread again' end as text) c`;
  await addToLibrary(sql, carol.userId, ['PLfruit']);
  await sql`
    insert into playlist_videos (playlist_id, video_id, position)
    select 'PLfruit', id, row_number() over (order by id) from videos where id like 'bana%'`;
}, 120_000);
afterAll(async () => {
  await t?.stop();
});

interface ApiResult { query: string; totalVideos: number; totalMoments: number; capped: boolean; videos: { id: string; momentCount: number }[] }
const get = (path: string, who = carol, headers: Record<string, string> = {}) => t.app.request(path, { headers: { cookie: who.cookie, ...headers } });
async function api(q: string, who = carol): Promise<ApiResult> {
  const res = await get(`/api/search?${new URLSearchParams({ q })}`, who);
  expect(res.status).toBe(200);
  return (await res.json()) as ApiResult;
}

describe('counting is capped', () => {
  it('counts exactly below the cap', async () => {
    const mango = await api('mango ');
    expect(mango).toMatchObject({ totalVideos: 1, totalMoments: 50, capped: false });
  });

  it('past the cap says "N+" and ranks title hits first, then videos by their capped counts', async () => {
    const banana = await api('banana ');
    expect(banana.capped).toBe(true);
    expect(banana.totalMoments).toBe(MOMENT_CAP);
    expect(banana.videos[0]?.id).toBe(TITLE_HIT);
    const counts = banana.videos.slice(1).map((v) => v.momentCount);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    const page = await (await get('/search?q=banana+', carol, { 'HX-Request': 'true' })).text();
    expect(page).toContain(`${MOMENT_CAP.toLocaleString('en')}+ moments`);
  });

  it('counts only the library\'s own cues and titles, whether a word is rare or said past the cap in other libraries, by lookups or by a hash', async () => {
    const { sql } = t.db.database;
    // Bob's one video says "lime" (rare everywhere) and "bread", which Carol's library says 12,000 times.
    await sql`insert into videos (id, title, transcript_status, transcript_language, transcript_kind) values ('lime0000001', 'Lunch', 'indexed', 'en', 'manual')`;
    await sql`
      insert into transcript_segments (video_id, position, start_ms, end_ms, text, search_text, language)
      values ('lime0000001', 0, 0, 4000, 'lime on bread', 'lime on bread bread crumbs', 'en'),
             ('lime0000001', 1, 4000, 8000, 'bread crumbs', 'bread crumbs', 'en')`;
    await addToLibrary(sql, bob.userId, ['PLlime']);
    await sql`insert into playlist_videos (playlist_id, video_id, position) values ('PLlime', 'lime0000001', 1)`;
    await sql`analyze videos`;
    // A library is tested by a lookup per row when it holds at least half of the database's videos (by
    // its playlists' item counts), against a hash of it otherwise: both must give the same answers.
    for (const itemCount of [1_000_000, 0]) {
      await sql`update playlists set item_count = ${itemCount}`;
      expect(await api('lime', bob)).toMatchObject({ totalVideos: 1, totalMoments: 1, capped: false });
      expect(await api('lime', carol)).toMatchObject({ totalVideos: 0, totalMoments: 0 });
      expect(await api('mango', bob)).toMatchObject({ totalVideos: 0, totalMoments: 0 });
      expect(await api('bread', bob)).toMatchObject({ totalVideos: 1, totalMoments: 2, capped: false });
      expect(await api('"bread crumbs"', bob)).toMatchObject({ totalVideos: 1, totalMoments: 1, capped: false });
      expect(await api('bread', carol)).toMatchObject({ totalMoments: MOMENT_CAP, capped: true });
      // Titles: only Carol's "Banana split" video says it; a typo of it is offered only to her.
      expect(await api('split', bob)).toMatchObject({ totalVideos: 0 });
      expect((await api('split', carol)).videos.map((v) => v.id)).toEqual([TITLE_HIT]);
      expect((await api('splitt', bob) as ApiResult & { didYouMean: string | null }).didYouMean).toBeNull();
      expect((await api('splitt', carol) as ApiResult & { didYouMean: string | null }).didYouMean).toBe('split');
    }
  });

  it('reads at most VIDEO_CAP title and description hits, and says "N+" past them', async () => {
    const { sql } = t.db.database;
    // A title word in more videos of the library than the cap, no transcripts; "papaya" in five titles.
    await sql`
      insert into videos (id, title, description, transcript_status)
      select 'kiwi' || lpad(i::text, 7, '0'), 'Kiwi harvest ' || i || case when i <= 5 then ' with papaya' else '' end, '', 'pending'
      from generate_series(1, ${VIDEO_CAP + 100}) i`;
    await sql`
      insert into playlist_videos (playlist_id, video_id, position)
      select 'PLfruit', id, 1000 + row_number() over (order by id) from videos where id like 'kiwi%'`;
    try {
      expect(await api('papaya ')).toMatchObject({ totalVideos: 5, capped: false });
      const kiwi = await api('kiwi ');
      expect(kiwi).toMatchObject({ totalVideos: VIDEO_CAP, capped: true });
      const page = await (await get('/search?q=kiwi+', carol, { 'HX-Request': 'true' })).text();
      expect(page).toContain(`${VIDEO_CAP.toLocaleString('en')}+ videos`);
    } finally {
      await sql`delete from playlist_videos where video_id like 'kiwi%'`;
      await sql`delete from videos where id like 'kiwi%'`;
    }
  });

  it('bounds a phrase of words said everywhere the same way', async () => {
    const started = performance.now();
    const phrase = await api('"banana banana banana banana banana banana banana banana"');
    expect(phrase).toMatchObject({ totalVideos: 0, totalMoments: 0, capped: true });
    expect(performance.now() - started).toBeLessThan(5_000);
    const page = await (await get(`/search?${new URLSearchParams({ q: '"banana banana banana"' })}`, carol, { 'HX-Request': 'true' })).text();
    expect(page).toContain('No moments among the first');
  });

  it('reads the index bucket by bucket: every bucket counted below the cap, the cap held across buckets', async () => {
    const { sql } = t.db.database;
    const bucket = 2 ** SEGMENT_BUCKET_BITS;
    // Three videos whose cues sit in buckets 20, 23 and 27 (empty ones between): "quince" 30 times in
    // each; "plum" PLUM times in each, more than the cap in all.
    const PLUM = MOMENT_CAP * 0.4;
    const ids = ['quin0000001', 'quin0000002', 'quin0000003'];
    await sql`insert into videos (id, title, transcript_status, transcript_language) select unnest(${ids}::text[]), 'Orchard', 'indexed', 'en'`;
    await sql`
      insert into transcript_segments (id, video_id, position, start_ms, end_ms, text, search_text, language)
      select b * ${bucket} + p, v, p, p * 1000, p * 1000 + 1000, c.text, c.text, 'en'
      from unnest(${ids}::text[], array[20, 23, 27]) as x(v, b), generate_series(0, ${30 + PLUM - 1}) p,
        lateral (select case when p < 30 then 'a quince' else 'a plum' end as text) c
      -- Stored last bucket first, so the heap's order is not the buckets' order.
      order by b desc, p`;
    await sql`insert into playlist_videos (playlist_id, video_id, position) select 'PLfruit', v, 2000 + n from unnest(${ids}::text[]) with ordinality as x(v, n)`;
    try {
      const quince = await api('quince ');
      expect(quince).toMatchObject({ totalVideos: 3, totalMoments: 90, capped: false });
      expect(quince.videos.map((v) => v.momentCount)).toEqual([30, 30, 30]);
      const plum = await api('plum ');
      expect(plum).toMatchObject({ totalVideos: 3, totalMoments: MOMENT_CAP, capped: true });
      // Buckets are read in order: the first two whole, then the third up to the cap.
      expect(plum.videos.map((v) => [v.id, v.momentCount])).toEqual([[ids[0], PLUM], [ids[1], PLUM], [ids[2], MOMENT_CAP - 2 * PLUM]]);
    } finally {
      await sql`delete from playlist_videos where video_id = any(${ids})`;
      await sql`delete from videos where id = any(${ids})`;
    }
  });
});

describe('the page', () => {
  it('sorts by relevance, then newest, across pages, looking up only the videos that can be on the page', async () => {
    const { sql } = t.db.database;
    // 25 videos say "kumquat" once and 3 twice; each published a day apart, in an order unlike their ids.
    const videos = Array.from({ length: 28 }, (_, i) => ({ id: `kumq${String(i).padStart(7, '0')}`, day: (i * 11) % 28, twice: i % 9 === 4 }));
    await sql`
      insert into videos (id, title, published_at, transcript_status, transcript_language)
      select v, 'Citrus', timestamptz '2024-01-01' + make_interval(days => d), 'indexed', 'en'
      from unnest(${videos.map((v) => v.id)}::text[], ${videos.map((v) => v.day)}::int[]) as x(v, d)`;
    await sql`
      insert into transcript_segments (video_id, position, start_ms, end_ms, text, search_text, language)
      select v, p, p * 1000, p * 1000 + 1000, 'a kumquat', 'a kumquat', 'en'
      from unnest(${videos.map((v) => v.id)}::text[], ${videos.map((v) => (v.twice ? 2 : 1))}::int[]) as x(v, n), generate_series(0, n - 1) p`;
    await sql`insert into playlist_videos (playlist_id, video_id, position) select 'PLfruit', v, 3000 + n from unnest(${videos.map((v) => v.id)}::text[]) with ordinality as x(v, n)`;
    try {
      const expected = [...videos].sort((a, b) => Number(b.twice) - Number(a.twice) || b.day - a.day).map((v) => v.id);
      const pages: string[] = [];
      for (const page of [1, 2, 3]) {
        const res = await get(`/api/search?${new URLSearchParams({ q: 'kumquat ', page: String(page) })}`);
        const body = (await res.json()) as ApiResult;
        expect(body.totalVideos).toBe(28);
        pages.push(...body.videos.map((v) => v.id));
      }
      expect(pages).toEqual(expected);
    } finally {
      await sql`delete from playlist_videos where video_id like 'kumq%'`;
      await sql`delete from videos where id like 'kumq%'`;
    }
  });
});

describe('words', () => {
  it('collapses repeated words, phrases and exclusions within each side of "or"', () => {
    expect(collapseRepeats('the the THE the, the')).toBe('the');
    expect(collapseRepeats('"x y" "X Y" -z -z banana ')).toBe('"x y" -z banana ');
    expect(collapseRepeats('a b or a b')).toBe('a b or a b');
    expect(countWords('"don\'t stop" or me now')).toBe(5);
  });

  it('searches a repeated word as the word once', async () => {
    const once = await api('mango ');
    const repeated = await api('mango '.repeat(40));
    expect({ ...repeated, query: once.query }).toEqual(once);
  });

  it('refuses more than MAX_QUERY_WORDS words with a clear message', async () => {
    const words = Array.from({ length: MAX_QUERY_WORDS + 1 }, (_, i) => `word${i}`);
    expect((await api(words.slice(0, MAX_QUERY_WORDS).join(' '))).totalVideos).toBe(0);
    const res = await get(`/api/search?${new URLSearchParams({ q: words.join(' ') })}`);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toContain(`up to ${MAX_QUERY_WORDS} words`);
    const hostile = `"${'the '.repeat(63).trim()}"`;
    const page = await get(`/search?${new URLSearchParams({ q: hostile })}`, carol, { 'HX-Request': 'true' });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Too many words');
    expect((await get(`/search.csv?${new URLSearchParams({ q: hostile })}`)).status).toBe(400);
  });
});

describe('the search pool', () => {
  it('plans each search statement once, whatever its words, and limits every statement', async () => {
    const { searchSql } = t.db.database;
    const [settings] = await searchSql<{ plan_cache_mode: string; statement_timeout: string }[]>`
      select current_setting('plan_cache_mode') as plan_cache_mode, current_setting('statement_timeout') as statement_timeout`;
    expect(settings).toEqual({ plan_cache_mode: 'force_generic_plan', statement_timeout: '800ms' });
  });

  it('answers a search cut off by the statement timeout with "too broad, narrow it"', async () => {
    const database = connectDatabase(t.db.url, { max: 2, searchTimeoutMs: 1 });
    try {
      const app = buildWebApp({ config: t.config, database, queue: t.queue });
      const page = await app.request('/search?q=banana+', { headers: { cookie: carol.cookie, 'HX-Request': 'true' } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('This search was too broad to finish in time');
      const json = await app.request('/api/search?q=banana+', { headers: { cookie: carol.cookie } });
      expect(json.status).toBe(422);
      expect((await json.json()).error).toContain('narrow it');
      const csv = await app.request('/search.csv?q=banana+', { headers: { cookie: carol.cookie } });
      expect(csv.status).toBe(422);
    } finally {
      await database.close();
    }
  });

  it(`runs at most ${SEARCHES_IN_FLIGHT_PER_USER} searches per person at once, on its own connections`, async () => {
    const database = connectDatabase(t.db.url, { max: 4, searchTimeoutMs: 20_000 });
    const locker = postgres(t.db.url, { max: 1, onnotice: () => {} });
    try {
      const app = buildWebApp({ config: t.config, database, queue: t.queue });
      const search = (who: { cookie: string }) => app.request('/api/search?q=mango+', { headers: { cookie: who.cookie } });
      // Searches wait behind a lock on the cues until the transaction ends.
      let unlock!: () => void;
      const locked = new Promise<void>((resolve) => { unlock = resolve; });
      const holding = locker.begin(async (tx) => {
        await tx`lock table transcript_segments in access exclusive mode`;
        await locked;
      });
      await waitFor(async () => (await t.db.database.sql`select 1 from pg_locks where relation = 'transcript_segments'::regclass and mode = 'AccessExclusiveLock' and granted`).length > 0);
      const running = Array.from({ length: SEARCHES_IN_FLIGHT_PER_USER }, () => search(carol));
      const waitingSearches = async () => Number((await t.db.database.sql<{ n: string }[]>`
        select count(*) as n from pg_stat_activity where application_name = 'subtext-search' and wait_event_type = 'Lock'`)[0]!.n);
      await waitFor(async () => (await waitingSearches()) === SEARCHES_IN_FLIGHT_PER_USER);

      const refused = await search(carol);
      expect(refused.status).toBe(429);
      expect((await refused.json()).error).toContain(`You already have ${SEARCHES_IN_FLIGHT_PER_USER} searches running`);
      // Someone else still gets a turn, and pages (on the main pool) answer at once.
      const bobs = search(bob);
      await waitFor(async () => (await waitingSearches()) === SEARCHES_IN_FLIGHT_PER_USER + 1);
      expect((await app.request('/library', { headers: { cookie: bob.cookie } })).status).toBe(200);

      unlock();
      await holding;
      for (const res of await Promise.all(running)) expect(res.status).toBe(200);
      expect((await bobs).status).toBe(200);
      // The turns came back.
      expect((await search(carol)).status).toBe(200);
    } finally {
      await locker.end();
      await database.close();
    }
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
