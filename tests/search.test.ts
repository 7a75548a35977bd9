// Search over a fixed library: which video and which second come first for each kind of query,
// filters, sorts, pagination, the pages, "did you mean", and that nothing outside the library shows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileQuery } from '../src/search/queries.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { addToLibrary, createSignedInUser } from './helpers/users.ts';
import { FILLERS, insertSearchLibrary, insertVideo, PLAYLISTS, V } from './helpers/search-library.ts';

let t: TestApp;
let alice: { userId: number; cookie: string };
let bob: { userId: number; cookie: string };

beforeAll(async () => {
  t = await startTestApp({ worker: false });
  alice = await createSignedInUser(t.db.database.sql);
  bob = await createSignedInUser(t.db.database.sql);
  await insertSearchLibrary(t.db.database.sql, { alice: alice.userId, bob: bob.userId });
});
afterAll(async () => {
  await t?.stop();
});

interface ApiVideo {
  id: string;
  titleMatch: boolean;
  descriptionMatch: boolean;
  momentCount: number;
  segments: { startMs: number; endMs: number; text: string; url: string; snippet: { text: string; match: boolean }[] }[];
}
interface ApiResult { totalVideos: number; totalMoments: number; didYouMean: string | null; videos: ApiVideo[] }

async function api(params: Record<string, string>, cookie = alice.cookie): Promise<ApiResult> {
  const res = await t.app.request(`/api/search?${new URLSearchParams(params)}`, { headers: { cookie } });
  expect(res.status).toBe(200);
  return (await res.json()) as ApiResult;
}
const ids = (r: ApiResult) => r.videos.map((v) => v.id);
const page = (path: string, headers: Record<string, string> = {}) => t.app.request(path, { headers: { cookie: alice.cookie, ...headers } });

describe('relevance: what comes first', () => {
  // [query, first video, second of its best moment (null: matched by title or description only)]
  const table: ReadonlyArray<readonly [string, string, number | null, string]> = [
    ['"proper espresso"', V.cooking, 5, 'a phrase said across two captions, found at the first one'],
    ['"croissant and a coffee"', V.travel, 10, 'a longer phrase across two captions'],
    ['run', V.cooking, 15, 'English stemming: run finds running and runners'],
    ['RUNNING', V.cooking, 15, 'case does not matter'],
    ['bridge', V.travel, 754, 'a moment past the first minutes'],
    ['croiss', V.travel, 10, 'the last word matches as a prefix while typing'],
    ['runn', V.cooking, 15, 'while typing, a word stored shorter than what was typed: runn finds running (stored as run)'],
    ['usb', V.espressoDescription, 10, 'while typing, a word with digits in it: usb finds usb3'],
    ['coffee -cafe', V.travel, 15, 'an exclusion drops every moment (and title/description) with that word'],
    ['espresso', V.espressoTitle, null, 'a title hit outranks a description hit, which outranks the transcript'],
    ['hauser', V.german, 5, 'accents fold: hauser finds Häuser'],
    ['Haus', V.german, 5, 'German stemming in a mixed-language library'],
    ['kaffee', V.german, 0, 'the German video by title and transcript'],
    ['"to be or not to be"', V.cooking, 30, 'a phrase of stop words, with "or" inside quotes taken literally'],
    ['pates', V.french, 0, 'French, accents folded'],
  ];
  it.each(table)('%s → %s at %s s (%s)', async (q, video, second) => {
    const result = await api({ q });
    expect(result.videos[0]?.id).toBe(video);
    expect(result.videos[0]?.segments[0]?.startMs ?? null).toBe(second === null ? null : second * 1000);
  });

  it('orders title hits, then description hits, then transcript hits', async () => {
    const result = await api({ q: 'espresso' });
    expect(ids(result)).toEqual([V.espressoTitle, V.espressoDescription, V.cooking]);
    expect(result.videos[0]).toMatchObject({ titleMatch: true, descriptionMatch: false, momentCount: 0 });
    expect(result.videos[1]).toMatchObject({ titleMatch: false, descriptionMatch: true, momentCount: 0 });
    expect(result.videos[2]).toMatchObject({ titleMatch: false, descriptionMatch: false, momentCount: 1 });
  });

  it('finds every moment once, at the caption where it starts', async () => {
    const result = await api({ q: 'runners were running' });
    expect(result.totalMoments).toBe(1);
    const phrase = await api({ q: '"we grabbed a coffee"' });
    expect(phrase.videos[0]?.segments.map((s) => s.startMs)).toEqual([20_000]);
  });

  it('matches a query across languages in one library', async () => {
    expect(ids(await api({ q: 'cafe' })).sort()).toEqual([V.cooking, V.french, V.german].sort());
  });

  it('excludes words and phrases', async () => {
    expect(ids(await api({ q: 'cafe -kaffee' })).sort()).toEqual([V.cooking, V.french].sort());
    expect(ids(await api({ q: 'coffee -"fresh beans" -tower' }))).toEqual([V.cooking]);
  });

  it('treats or as either', async () => {
    expect(ids(await api({ q: 'bridge or toaster' })).sort()).toEqual([V.espressoDescription, V.travel].sort());
  });

  it('gives each moment its times, text, a link to its second and a highlighted snippet', async () => {
    const [video] = (await api({ q: 'bridge' })).videos;
    expect(video?.segments[0]).toMatchObject({
      startMs: 754_000, endMs: 759_000, text: 'this bridge is the oldest in the city', url: `https://www.youtube.com/watch?v=${V.travel}&t=754s`,
    });
    expect(video?.segments[0]?.snippet.filter((p) => p.match).map((p) => p.text)).toEqual(['bridge']);
  });

  it('highlights accented and stemmed words as they were said', async () => {
    const [video] = (await api({ q: 'cafe run', lang: 'en', channel: 'UCkitchen00000000000000' })).videos;
    expect(video?.id).toBe(V.cooking);
    const marked = (await api({ q: 'cafe' })).videos.find((v) => v.id === V.cooking)?.segments[0]?.snippet.filter((p) => p.match).map((p) => p.text);
    expect(marked).toEqual(['Café']);
    const typed = (await api({ q: 'croiss' })).videos[0]?.segments[0]?.snippet.filter((p) => p.match).map((p) => p.text);
    expect(typed).toEqual(['croissant']);
  });
});

describe('the word being typed', () => {
  it('asks transcripts for the words the vocabulary knows it begins, and scans by prefix past 10 of them', async () => {
    const { sql } = t.db.database;
    // "croiss" begins one known word: the cue query names its lexemes instead of scanning a prefix.
    const few = await compileQuery(sql, 'croiss');
    expect(few.segments).not.toContain(':*');
    expect(few.segments).toContain("'croissant'");
    expect(few.videos).toContain("'croiss':*");
    // "zorb" begins 31 words ("zorbb" five of them), said only in Carol's video.
    const carol = await createSignedInUser(sql);
    const words = Array.from({ length: 31 }, (_, i) => `zorb${String.fromCharCode(97 + Math.floor(i / 26))}${String.fromCharCode(97 + (i % 26))}`);
    await insertVideo(sql, {
      id: 'zorb0000001', title: 'Many zorbs', channel: { id: 'UCzorb000000000000000000', title: 'Zorb' }, publishedAt: '2024-01-01T00:00:00Z',
      durationSeconds: 60, views: 1, language: 'en', kind: 'manual', cues: [[0, 'hello there'], [5, words.join(' ')]],
    });
    await addToLibrary(sql, carol.userId, ['PLzorb']);
    await sql`insert into playlist_videos (playlist_id, video_id, position) values ('PLzorb', 'zorb0000001', 0)`;
    expect((await compileQuery(sql, 'zorb')).segments).toContain("'zorb':*");
    expect((await compileQuery(sql, 'zorbb')).segments).not.toContain(':*');
    const found = await api({ q: 'zorb' }, carol.cookie);
    expect(found.videos.map((v) => [v.id, v.segments[0]?.startMs])).toEqual([['zorb0000001', 5000]]);
    expect((await api({ q: 'zorb' })).videos).toEqual([]);
  });
});

describe('filters and sorts', () => {
  const only = async (params: Record<string, string>) => ids(await api(params)).sort();

  it('filters by channel, language, captions, dates, duration and playlist', async () => {
    expect(await only({ q: 'coffee', channel: 'UCkitchen00000000000000' })).toEqual([V.cooking]);
    expect(await only({ q: 'cafe', lang: 'de' })).toEqual([V.german]);
    expect(await only({ q: 'coffee', lang: 'en' })).toEqual([V.cooking, V.travel].sort());
    expect(await only({ q: 'coffee', captions: 'auto' })).toEqual([V.travel]);
    expect(await only({ q: 'coffee', captions: 'manual' })).toEqual([V.cooking]);
    expect(await only({ q: 'coffee', from: '2024-01-01' })).toEqual([V.cooking]);
    expect(await only({ q: 'coffee', to: '2023-06-10' })).toEqual([V.travel]);
    expect(await only({ q: 'coffee', minMinutes: '20' })).toEqual([V.travel]);
    expect(await only({ q: 'coffee', maxMinutes: '10' })).toEqual([V.cooking]);
    expect((await api({ q: 'filler', playlist: PLAYLISTS.extra })).totalVideos).toBe(25);
    expect((await api({ q: 'filler', playlist: PLAYLISTS.main })).totalVideos).toBe(0);
  });

  it('ignores filters that do not parse instead of failing', async () => {
    const unparsable: ReadonlyArray<Record<string, string>> = [
      { from: '2024-02-31' }, { to: 'yesterday' }, { minMinutes: '-3' }, { lang: '"; drop table videos' }, { sort: 'random' }, { page: '0' },
    ];
    for (const params of unparsable) {
      expect((await api({ q: 'coffee', ...params })).totalVideos).toBe(2);
    }
  });

  it('sorts by relevance, newest and most viewed', async () => {
    const fillerIds = FILLERS.map((f) => f.id);
    expect(ids(await api({ q: 'filler' }))[0]).toBe(fillerIds[24]);
    expect(ids(await api({ q: 'filler', sort: 'newest' }))).toEqual(fillerIds.slice(15).reverse());
    expect(ids(await api({ q: 'filler', sort: 'views' }))).toEqual(fillerIds.slice(0, 10));
    expect(ids(await api({ q: 'coffee', sort: 'views' }))).toEqual([V.travel, V.cooking]);
  });

  it('pages through results without repeats', async () => {
    const pages = await Promise.all([1, 2, 3].map((p) => api({ q: 'filler', sort: 'newest', page: String(p) })));
    expect(pages.map((p) => p.videos.length)).toEqual([10, 10, 5]);
    expect(new Set(pages.flatMap(ids)).size).toBe(25);
    expect((await api({ q: 'filler', page: '4' })).videos).toEqual([]);
    expect((await api({ q: 'filler', page: '4' })).totalVideos).toBe(25);
  });
});

describe('only the library', () => {
  it('never returns videos from someone else\'s library or removed from a playlist', async () => {
    expect((await api({ q: 'zebra' })).totalVideos).toBe(0);
    expect(ids(await api({ q: '"proper espresso"' }))).toEqual([V.cooking]);
    expect(ids(await api({ q: 'zebra' }, bob.cookie))).toEqual([V.bobs]);
    expect((await api({ q: 'bridge' }, bob.cookie)).totalVideos).toBe(0);
  });

  it('offers "did you mean" from the library\'s own words, only when it finds something there', async () => {
    expect((await api({ q: 'brdge' })).didYouMean).toBe('bridge');
    expect((await api({ q: 'Croisant near' })).didYouMean).toBe('croissant near');
    // "zebra" is only said in Bob's library.
    expect((await api({ q: 'zebrra' })).didYouMean).toBeNull();
    expect((await api({ q: 'zebrra' }, bob.cookie)).didYouMean).toBe('zebra');
    // "bridge" is said only in the travel video: not on the kitchen channel.
    expect((await api({ q: 'brdge', channel: 'UCkitchen00000000000000' })).didYouMean).toBeNull();
  });

  it('learns "did you mean" words from titles and descriptions too, as they are stored or changed', async () => {
    // Only a title says "quantum" (its video has no transcript), only a description "Nachmittag".
    expect((await api({ q: 'quantom' })).didYouMean).toBe('quantum');
    expect((await api({ q: 'nachmitag' })).didYouMean).toBe('nachmittag');
    await t.db.database.sql`update videos set description = 'Striped equines at midnight' where id = ${V.bobs}`;
    expect((await api({ q: 'equinse' }, bob.cookie)).didYouMean).toBe('equines');
  });

  it('shows a video page only for videos in the library', async () => {
    expect((await page(`/videos/${V.bobs}`)).status).toBe(404);
    expect((await page(`/videos/${V.removed}`)).status).toBe(404);
    expect((await page('/videos/not-an-id')).status).toBe(404);
  });
});

describe('pages', () => {
  it('renders the whole page on a direct visit and only the results for htmx', async () => {
    const full = await (await page('/search?q=bridge')).text();
    expect(full).toContain('<!doctype html>');
    expect(full).toContain('id="search-q"');
    expect(full).toMatch(/value="bridge"/);
    expect(full).toContain(`href="https://www.youtube.com/watch?v=${V.travel}&amp;t=754s"`);
    expect(full).toContain('data-start="754"');
    expect(full).toContain('>12:34<');
    expect(full).toContain('<mark>bridge</mark>');
    const fragment = await (await page('/search?q=bridge', { 'HX-Request': 'true' })).text();
    expect(fragment).toMatch(/^<div id="results"/);
    expect(fragment).not.toContain('<html');
  });

  it('keeps the filters in the form and in page links', async () => {
    const html = await (await page(`/search?q=filler&sort=newest&playlist=${PLAYLISTS.extra}`)).text();
    expect(html).toMatch(/<option value="newest" selected>/);
    expect(html).toMatch(new RegExp(`<option value="${PLAYLISTS.extra}" selected>`));
    expect(html).toContain(`/search?q=filler&amp;playlist=${PLAYLISTS.extra}&amp;sort=newest&amp;page=2`);
  });

  it('says when a query is too long, and when there is nothing to search for', async () => {
    const long = await page(`/search?q=${'word '.repeat(2000)}`);
    expect(long.status).toBe(200);
    expect(await long.text()).toContain('Query too long');
    expect(await (await page('/search?q=-coffee')).text()).toContain('Nothing to search for');
    expect(await (await page('/search')).text()).toContain('an exact phrase');
  });

  it('escapes what was typed', async () => {
    const html = await (await page(`/search?q=${encodeURIComponent('<script>alert(1)</script>')}`)).text();
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('shows a video\'s whole transcript with the hits of the query marked and listed', async () => {
    const html = await (await page(`/videos/${V.travel}?q=bridge`)).text();
    expect(html).toContain('1 moment matches “bridge”');
    expect(html).toMatch(/<li id="line-\d+" class="hit">[\s\S]*?data-start="754"[\s\S]*?<mark>bridge<\/mark>/);
    expect(html).toContain('bonjour and welcome to Paris');
    expect((html.match(/class="moment-time"/g) ?? []).length).toBe(7);
  });

  it('sends /search?video=ID to the video page', async () => {
    const res = await page(`/search?video=${V.travel}&q=bridge`);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/videos/${V.travel}?q=bridge`);
  });
});

describe('CSV export', () => {
  it('lists every moment of every matching video, in the order said, with links', async () => {
    const res = await page('/search.csv?q=coffee+or+croissant');
    expect(res.headers.get('content-type')).toContain('text/csv');
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toBe('"video_id","video_title","channel","published_at","matched_in","start_seconds","time","url","text"');
    expect(lines).toContain(`"${V.travel}","Walking tour of Paris","Travel Channel","2023-06-10T08:00:00.000Z","transcript","10","0:10","https://www.youtube.com/watch?v=${V.travel}&t=10s","later we stop for a croissant and"`);
    expect(lines.some((l) => l.startsWith(`"${V.cooking}"`) && l.includes('"title"'))).toBe(true);
  });
});
