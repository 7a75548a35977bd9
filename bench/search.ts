// search.*: latency through the HTTP endpoint (with snippets) on a generated library of 1,002,000
// caption cues over 3,000 videos, against SQLite FTS5 (yt-fts's approach: one FTS5 row per cue, via
// node:sqlite) and a naive ILIKE scan, measured in the same run; plus index size and build time.
//
// The library is generated in SQL (generate_series over a vocabulary array), so it builds in about a
// minute: words are drawn with Zipf-like frequencies (word n about 1/n as often as the most common),
// real English words first (stop words, then everyday words), then made-up words for the long tail.
import { serve, type ServerType } from '@hono/node-server';
import { rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { freePort } from '../tests/helpers/ports.ts';
import { startBenchStack } from './harness.ts';
import { percentile, type BenchRow } from './report.ts';

const VIDEOS = 3000;
const CUES_PER_VIDEO = 334;
const SEGMENTS = VIDEOS * CUES_PER_VIDEO;
const PLAYLISTS = 30;
const ROUNDS = 7;

const REAL_WORDS = [...new Set(`the and to i you a of that it is in so we this like know was just but what they be have on for do not with are
can yeah really if think there all one my going about right me get go at people or would an he your very time because from want some
actually out here how now thing things see kind our make when up lot say were good mean well then way had more where something look which
them could us been got need said also work little why much back first new take come years even over different two sure okay maybe these
data question point into system course talk today use code problem start idea part world long next great give same those someone every
team video example everything week day money thank love life help made many feel always find most probably tell before doing other try
still another three real after year pretty stuff number able never once build change whole end used through without place game call
person company bit important quite interesting running learn hard understand small working happen believe between model music science
energy water power market history coffee language computer design story light future country family health school research human space
earth city body food car house mind social public free high process black book church war moment nature machine learning network
software server database search index query phrase rocket ocean forest mountain river garden kitchen guitar piano camera planet galaxy
physics chemistry biology economy politics medicine vaccine climate carbon battery engine bridge castle dragon wizard knight pirate
treasure island desert jungle volcano glacier thunder lightning rainbow sunset midnight breakfast dinner chocolate vanilla strawberry
banana avocado tomato potato onion garlic pepper cinnamon ginger honey butter cheese bread pasta pizza sushi ramen curry salad soup
sandwich burger taco burrito pancake waffle cookie muffin croissant bagel donut espresso latte cappuccino tea juice smoothie lemonade
whiskey wine beer café naïve résumé über jalapeño piñata fiancée déjà façade crème`.split(/\s+/))];
const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'tu', 'ra', 'shi', 'po', 've', 'da', 'gu', 'fe', 'zo', 'ni', 'ba', 'te', 'mo', 'qui', 'sa', 'le',
  'ri', 'no', 'ha', 'ku', 'pe', 'ji', 'wa', 'yo', 'de', 'xe', 'ma', 'li', 'so', 'be', 'ru', 'ta', 'fo', 'ge', 'vi', 'zu'];

/** Real words, then 30,000 made-up ones from two or three syllables: the words in order of frequency. */
function vocabulary(): string[] {
  const words = [...REAL_WORDS];
  const seen = new Set(words);
  for (let i = 0; words.length < REAL_WORDS.length + 30_000; i++) {
    const s = SYLLABLES.length;
    const word = SYLLABLES[i % s]! + SYLLABLES[Math.floor(i / s) % s]! + (i >= s * s ? SYLLABLES[Math.floor(i / (s * s)) % s]! : '') + (i >= 16_000 ? 'n' : '');
    if (!seen.has(word)) {
      seen.add(word);
      words.push(word);
    }
  }
  return words;
}

interface BenchQuery {
  /** As typed into subtext. */
  readonly q: string;
  /** The same search in FTS5 syntax. */
  readonly fts: string;
  /** The same search as ILIKE conditions on the cue text. */
  readonly ilike: string;
}

/** Common, mid-frequency and rare words, phrases, or, exclusions and prefixes: what people type. */
function querySet(words: ReadonlyArray<string>): BenchQuery[] {
  const rare = [1500, 3000, 6000, 10_000, 18_000, 28_000].map((rank) => words[rank]!);
  const word = (w: string): BenchQuery => ({ q: w, fts: w, ilike: `text ilike '%${w}%'` });
  const phrase = (p: string): BenchQuery => ({ q: `"${p}"`, fts: `"${p}"`, ilike: `text ilike '%${p}%'` });
  return [
    ...['people', 'think', 'time', 'really'].map(word),
    ...['coffee', 'music', 'data', 'rocket', 'garden', 'history'].map(word),
    ...rare.map(word),
    ...['you know', 'the people', 'people think', 'coffee and the'].map(phrase),
    { q: 'coffee or music', fts: 'coffee OR music', ilike: `(text ilike '%coffee%' or text ilike '%music%')` },
    { q: 'rocket or garden', fts: 'rocket OR garden', ilike: `(text ilike '%rocket%' or text ilike '%garden%')` },
    { q: `${rare[0]} or ${rare[1]}`, fts: `${rare[0]} OR ${rare[1]}`, ilike: `(text ilike '%${rare[0]}%' or text ilike '%${rare[1]}%')` },
    { q: 'people -think', fts: 'people NOT think', ilike: `text ilike '%people%' and text not ilike '%think%'` },
    { q: 'coffee -the', fts: 'coffee NOT the', ilike: `text ilike '%coffee%' and text not ilike '%the%'` },
    { q: 'music -people', fts: 'music NOT people', ilike: `text ilike '%music%' and text not ilike '%people%'` },
    ...['peo', 'coff', 'garde', 'rock'].map((p) => ({ q: p, fts: `${p}*`, ilike: `text ilike '%${p}%'` })),
  ];
}

export async function benchSearch(): Promise<BenchRow[]> {
  // One user fires thousands of searches a minute here: the per-user and per-IP limits would refuse them.
  const stack = await startBenchStack({ env: { SEARCHES_PER_MINUTE_PER_USER: '0', SEARCHES_PER_MINUTE_PER_IP: '0' } });
  const { sql } = stack.database;
  const sqliteFile = path.join(tmpdir(), `subtext-bench-fts5-${process.pid}.db`);
  let server: ServerType | undefined;
  try {
    // ---- The library: 3,000 videos in 30 playlists, all in one person's library.
    const words = vocabulary();
    const playlists = Array.from({ length: PLAYLISTS }, (_, i) => `PLbench${String(i).padStart(4, '0')}`);
    const cookie = await stack.userWithPlaylists(playlists);
    console.log(`generating ${SEGMENTS.toLocaleString('en')} cues over ${VIDEOS} videos…`);
    // Word draws and cue texts come first, untimed: the build time below is only what subtext does.
    await sql.begin(async (tx) => {
      await tx`create table bench_words as select rank::int, word from unnest(${words}::text[]) with ordinality as w(word, rank)`;
      await tx`select setseed(0.42)`;
      await tx`create table bench_cues as
        select t.cue, string_agg(w.word, ' ' order by t.k) as text
        from (
          select cue, k, floor(exp(random() * ln(${words.length})))::int as rank
          from generate_series(0, ${SEGMENTS + VIDEOS * 12 - 1}) cue, generate_series(1, 5 + cue % 8) k
        ) t join bench_words w using (rank) group by t.cue`;
    });
    await sql`
      insert into videos (id, title, description, channel_id, channel_title, published_at, duration_seconds, view_count,
        transcript_status, transcript_language, transcript_kind)
      select 'bv' || lpad(i::text, 9, '0'), t.text, d.text, 'UCbench' || (i % 40), 'Channel ' || (i % 40),
        timestamptz '2016-01-01' + (i * 7919 % 3650) * interval '1 day', ${CUES_PER_VIDEO * 3} + i % 60, (i * 104729) % 5000000,
        'indexed', case i % 20 when 0 then 'de' when 1 then 'fr' else 'en' end, case when i % 3 = 0 then 'manual' else 'auto' end
      from generate_series(0, ${VIDEOS - 1}) i
      join bench_cues t on t.cue = ${SEGMENTS} + i
      join (select (cue - ${SEGMENTS + VIDEOS}) / 10 as i, string_agg(text, ' ' order by cue) as text
            from bench_cues where cue >= ${SEGMENTS + VIDEOS} group by 1) d using (i)`;
    await sql`insert into playlist_videos (playlist_id, video_id, position)
      select 'PLbench' || lpad((i % ${PLAYLISTS})::text, 4, '0'), 'bv' || lpad(i::text, 9, '0'), i / ${PLAYLISTS} from generate_series(0, ${VIDEOS - 1}) i`;

    // ---- Build: cues in (search vectors, vocabulary trigger, btree), then the GIN index.
    await sql`drop index transcript_segments_search_vector_idx`;
    let started = performance.now();
    await sql`
      insert into transcript_segments (video_id, position, start_ms, end_ms, text, search_text, language)
      select 'bv' || lpad((cue / ${CUES_PER_VIDEO})::text, 9, '0'), cue % ${CUES_PER_VIDEO}, (cue % ${CUES_PER_VIDEO}) * 3000,
        (cue % ${CUES_PER_VIDEO}) * 3000 + 2900, text,
        text || coalesce(' ' || lead(text) over (partition by cue / ${CUES_PER_VIDEO} order by cue), ''),
        case (cue / ${CUES_PER_VIDEO}) % 20 when 0 then 'de' when 1 then 'fr' else 'en' end
      from bench_cues where cue < ${SEGMENTS}`;
    await sql`create index transcript_segments_search_vector_idx on transcript_segments using gin (search_vector)`;
    const buildSeconds = (performance.now() - started) / 1000;
    await sql`drop table bench_cues, bench_words`;
    await sql`vacuum analyze`;
    // Flush the build's writes now, so no checkpoint competes with the measurements below.
    await sql`checkpoint`;
    const [sizes] = await sql<{ index: string; table: string }[]>`
      select pg_relation_size('transcript_segments_search_vector_idx') as index, pg_total_relation_size('transcript_segments') as table`;
    const indexMb = Number(sizes!.index) / 2 ** 20;
    console.log(`built in ${buildSeconds.toFixed(1)} s; GIN index ${indexMb.toFixed(0)} MB, table with indexes ${(Number(sizes!.table) / 2 ** 20).toFixed(0)} MB`);

    // ---- The same cues in SQLite FTS5, the way yt-fts stores them (porter stemming, accents folded, as here).
    const lite = new DatabaseSync(sqliteFile);
    lite.exec(`pragma journal_mode = off; pragma synchronous = off;
      create table segments (id integer primary key, video_id text not null, start_ms integer not null, text text not null);
      create index segments_video_id on segments (video_id);`);
    const insert = lite.prepare('insert into segments values (?, ?, ?, ?)');
    lite.exec('begin');
    for await (const rows of sql<{ id: string; video_id: string; start_ms: number; text: string }[]>`
      select id, video_id, start_ms, text from transcript_segments order by id`.cursor(20_000)) {
      for (const r of rows) insert.run(Number(r.id), r.video_id, r.start_ms, r.text);
    }
    lite.exec('commit');
    const liteBytesBefore = statSync(sqliteFile).size;
    started = performance.now();
    lite.exec(`create virtual table segments_fts using fts5(text, content='segments', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2');
      insert into segments_fts(segments_fts) values ('rebuild');`);
    const ftsBuildSeconds = (performance.now() - started) / 1000;
    const ftsIndexMb = (statSync(sqliteFile).size - liteBytesBefore) / 2 ** 20;

    // ---- subtext through HTTP: the search page's results fragment, snippets included.
    const port = await freePort();
    const app = stack.app;
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port }, () => resolve(s));
    });
    const queries = querySet(words);
    const http = async (q: string, page = 1) => {
      const t0 = performance.now();
      const res = await fetch(`http://127.0.0.1:${port}/search?${new URLSearchParams({ q, page: String(page) })}`, { headers: { cookie, 'HX-Request': 'true' } });
      const body = await res.text();
      if (res.status !== 200 || !body.includes('id="results"')) throw new Error(`search for ${q} answered ${res.status}`);
      return performance.now() - t0;
    };

    // ---- FTS5, in-process: the same result page (videos by matching cues, best three cues each, with snippets).
    const ranked = lite.prepare(`
      with hits as (select f.rowid as id, f.rank as rank, s.video_id from segments_fts f join segments s on s.id = f.rowid where segments_fts match ?),
      top as (select video_id, count(*) as n, min(rank) as best from hits group by video_id order by n desc, best limit 10),
      best as (select h.id, h.video_id, row_number() over (partition by h.video_id order by h.rank) as k from hits h where h.video_id in (select video_id from top))
      select id, video_id from best where k <= 3`);
    const snippet = lite.prepare(`select s.start_ms, snippet(segments_fts, 0, '<mark>', '</mark>', '…', 24) as snippet
      from segments_fts f join segments s on s.id = f.rowid where segments_fts match ? and f.rowid = ?`);
    const fts5 = (q: string) => {
      const t0 = performance.now();
      for (const row of ranked.all(q)) snippet.get(q, row.id as number);
      return performance.now() - t0;
    };
    // Both engines answer each query in turn, so a machine that speeds up or slows down during the
    // run (this one drifts by 10-30 %) moves both sets of timings alike.
    for (const query of queries) {
      await http(query.q);
      fts5(query.fts);
    }
    const ours: number[] = [];
    const oursByQuery = queries.map(() => [] as number[]);
    const theirs: number[] = [];
    const theirsByQuery = queries.map(() => [] as number[]);
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, query] of queries.entries()) {
        const mine = await http(query.q);
        ours.push(mine);
        oursByQuery[i]!.push(mine);
        const peer = fts5(query.fts);
        theirs.push(peer);
        theirsByQuery[i]!.push(peer);
      }
    }
    const page1: number[] = [];
    const page20: number[] = [];
    for (let round = 0; round < 3; round++) {
      for (const q of ['people', 'coffee', 'time', 'music']) {
        page1.push(await http(q, 1));
        page20.push(await http(q, 20));
      }
    }
    lite.close();
    console.log('query                     subtext p50 ms   FTS5 p50 ms');
    for (const [i, query] of queries.entries()) {
      console.log(`${query.q.padEnd(26)}${percentile(oursByQuery[i]!, 50).toFixed(1).padStart(14)}${percentile(theirsByQuery[i]!, 50).toFixed(1).padStart(14)}`);
    }

    // ---- A naive ILIKE scan of every cue, once per query.
    const ilike: number[] = [];
    for (const query of queries) {
      const t0 = performance.now();
      await sql.unsafe(`select video_id, count(*) from transcript_segments where ${query.ilike} group by video_id order by count(*) desc limit 10`);
      ilike.push(performance.now() - t0);
    }

    const [p50, p95, p99] = [50, 95, 99].map((p) => percentile(ours, p)) as [number, number, number];
    const ftsP50 = percentile(theirs, 50);
    const ilikeP50 = percentile(ilike, 50);
    const perMillion = 1_000_000 / SEGMENTS;
    const summary = `${SEGMENTS.toLocaleString('en')} cues, ${VIDEOS} videos, ${queries.length} queries × ${ROUNDS}`;
    const page1P50 = percentile(page1, 50);
    const page20P50 = percentile(page20, 50);
    return [
      { name: 'search.p50_ms', value: p50, unit: 'ms', reference: `budget 30 ms; ${summary}, HTTP with snippets`, ratio: p50 / 30, goal: '< 30', met: p50 < 30 },
      {
        name: 'search.p95_ms', value: p95, unit: 'ms', reference: `budget 30 ms on 2 cores; FTS5 p95 ${percentile(theirs, 95).toFixed(1)} ms; ${summary}`,
        ratio: p95 / 30, goal: '< 30', met: p95 < 30,
      },
      { name: 'search.p99_ms', value: p99, unit: 'ms', reference: `budget 30 ms (the p95 goal); ${summary}`, ratio: p99 / 30, goal: '–', met: null },
      {
        name: 'search.p50_vs_fts5', value: p50 / ftsP50, unit: 'ratio',
        reference: `SQLite FTS5 p50 ${ftsP50.toFixed(1)} ms (in-process, same cues and queries, same result page); ours ${p50.toFixed(1)} ms over HTTP`,
        ratio: p50 / ftsP50, goal: '≤ 1.0', met: p50 <= ftsP50,
      },
      {
        name: 'search.p50_vs_ilike', value: p50 / ilikeP50, unit: 'ratio', reference: `naive ILIKE scan p50 ${ilikeP50.toFixed(0)} ms`,
        ratio: p50 / ilikeP50, goal: '< 1.0', met: p50 < ilikeP50,
      },
      {
        name: 'search.page20_p50_ms', value: page20P50, unit: 'ms', reference: `page 1 p50 ${page1P50.toFixed(1)} ms (common words)`,
        ratio: page20P50 / page1P50, goal: '≤ 1.2 × page 1', met: page20P50 <= 1.2 * page1P50,
      },
      {
        name: 'search.index_mb_per_million', value: indexMb * perMillion, unit: 'MB', reference: `FTS5 index ${(ftsIndexMb * perMillion).toFixed(0)} MB per million cues`,
        ratio: indexMb / ftsIndexMb, goal: '–', met: null,
      },
      {
        name: 'search.build_s_per_million', value: buildSeconds * perMillion, unit: 's',
        reference: `FTS5 build ${(ftsBuildSeconds * perMillion).toFixed(1)} s per million cues; ours includes search vectors, vocabulary and btree`,
        ratio: buildSeconds / ftsBuildSeconds, goal: '–', met: null,
      },
    ];
  } finally {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    rmSync(sqliteFile, { force: true });
    await stack.stop();
  }
}
