// Search over what is said in the videos of one person's library. Every query starts from that
// person's videos (libraryVideoIds, src/playlists/library.ts), so nothing outside their library is
// ever read into a result.
//
// How a search runs (two round trips, on the search pool: Database.searchSql):
//  1. compileQuery: the typed words turned into tsqueries by subtext_search_queries() (sql/search_queries.sql),
//     stemmed in every transcript language indexed so far: one for cue windows (transcript_segments), one
//     for titles and descriptions (videos), and that one restricted to titles and to descriptions.
//  2. searchLibrary: matching cues counted per video (at most MOMENT_CAP read), videos matched by title
//     or description added, all of them scored and sorted, one page cut out, and only for that page the
//     best few moments ranked and highlighted with ts_headline. Every page costs the same, page 20 too.
import type { PendingQuery, Row } from 'postgres';
import type { Sql } from '../db/client.ts';
import { naturallySorted } from '../natural-order.ts';
import { libraryHasVideo, libraryIsMostVideos, libraryVideoIds } from '../playlists/library.ts';
import { HEADLINE_MARKERS, MATCH_END, MATCH_START, highlightedParts, type TextPart } from './highlight.ts';
import { RESULTS_PER_PAGE, type SearchFilters, type SearchRequest, type SearchSort } from './request.ts';

/**
 * Cues a search reads at most: those the index finds for its words, before phrases and exclusions are
 * checked. Below it counts are exact; a word said this often (in a 3,000-video library "the", "you",
 * "know", "think") gets "N+ moments", ranked by what was read: title and description hits first, then
 * videos by their moments among these. Reading one costs about 1-2 µs, so this bounds every search.
 */
export const MOMENT_CAP = 2_500;
/**
 * Videos whose title or description match that a search reads at most. A word in every title of a
 * 30,000-video library would otherwise test every one of them; past this the counts are "N+" too, and
 * the title and description hits ranked first are those read.
 */
export const VIDEO_CAP = 2_000;
/**
 * Transcript segments are indexed in buckets of 2^16 consecutive ids (transcript_segments_bucket_search_idx).
 * The moments are read bucket by bucket until MOMENT_CAP, so the index hands over at most one bucket's
 * cues past the cap: a word said everywhere costs the same in ten million cues as in one million
 * (the whole index at once was 272 ms for "i think" on ten million). A rare word pays about 50 µs per
 * bucket: 16 on a million cues, 153 on ten million.
 */
export const SEGMENT_BUCKET_BITS = 16;
const MOMENTS_SHOWN = 3;
/** A page's best moments of a video are picked among this many of its moments (a stop word can have hundreds in one video). */
const RANKED_PER_VIDEO = 100;

export interface CompiledQuery {
  /** For transcript_segments.search_vector: a phrase starts in the cue and may run on into the next one. */
  readonly segments: string;
  /** What the index finds for segments without rechecking positions: its words, phrases loosened, exclusions left out. */
  readonly candidates: string;
  /** For videos.search_vector (title and description), and for each of the two alone. */
  readonly videos: string;
  readonly titles: string;
  readonly descriptions: string;
}

export interface Moment {
  readonly segmentId: number;
  readonly startMs: number;
  readonly endMs: number;
  /** The cue's own text. */
  readonly text: string;
  /** The cue and the next one, matched words marked. */
  readonly snippet: ReadonlyArray<TextPart>;
}

export interface VideoHit {
  readonly id: string;
  readonly title: string;
  readonly titleParts: ReadonlyArray<TextPart>;
  /** Set when the description matched: the best passage, matched words marked. */
  readonly descriptionParts: ReadonlyArray<TextPart> | null;
  readonly channelId: string | null;
  readonly channelTitle: string | null;
  readonly publishedAt: Date | null;
  readonly viewCount: number | null;
  readonly durationSeconds: number | null;
  readonly thumbnailUrl: string | null;
  readonly transcriptKind: 'manual' | 'auto' | null;
  readonly transcriptLanguage: string | null;
  /** pending until the transcript is fetched: a title or description hit may then have no moments yet. */
  readonly transcriptStatus: string;
  readonly titleMatch: boolean;
  readonly descriptionMatch: boolean;
  readonly momentCount: number;
  /** The best few, best first. */
  readonly moments: ReadonlyArray<Moment>;
}

export interface SearchResults {
  readonly videos: ReadonlyArray<VideoHit>;
  readonly totalVideos: number;
  readonly totalMoments: number;
  /** The search stopped at MOMENT_CAP cues or VIDEO_CAP title and description hits read: the counts are at least these (shown as "N+"). */
  readonly capped: boolean;
}

/**
 * Runs a query that stops (on the server too) when the request is abandoned, e.g. superseded by the
 * next keystroke. The listener goes once the query settles: a late cancel would hit whatever that
 * pooled connection runs next.
 */
async function cancellable<T extends readonly Row[]>(query: PendingQuery<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return await query;
  const cancel = () => void query.cancel();
  signal.addEventListener('abort', cancel, { once: true });
  try {
    return await query;
  } finally {
    signal.removeEventListener('abort', cancel);
  }
}

/**
 * The typed words as tsqueries, stemmed in every transcript language indexed so far plus English (titles
 * of videos still without a transcript are read as English).
 */
export async function compileQuery(sql: Sql, query: string): Promise<CompiledQuery> {
  const [row] = await sql<CompiledQuery[]>`
    select q.segments::text as segments, subtext_candidate_query(q.segments)::text as candidates,
      q.videos::text as videos, q.titles::text as titles, q.descriptions::text as descriptions
    from subtext_search_queries(${query}, array['en'] || subtext_transcript_languages(), true) q`;
  return row ?? { segments: '', candidates: '', videos: '', titles: '', descriptions: '' };
}

/** The request's filters on videos v (the playlist filter is the library's own), or null when there are none. */
function filterConditions(sql: Sql, filters: SearchFilters) {
  const conditions = [
    filters.channel === undefined ? null : sql`v.channel_id = ${filters.channel}`,
    filters.language === undefined ? null : sql`split_part(lower(v.transcript_language), '-', 1) = ${filters.language}`,
    filters.from === undefined ? null : sql`v.published_at >= ${`${filters.from}T00:00:00Z`}::timestamptz`,
    filters.to === undefined ? null : sql`v.published_at < ${`${filters.to}T00:00:00Z`}::timestamptz + interval '1 day'`,
    filters.minMinutes === undefined ? null : sql`v.duration_seconds >= ${filters.minMinutes * 60}`,
    filters.maxMinutes === undefined ? null : sql`v.duration_seconds <= ${filters.maxMinutes * 60}`,
    filters.captions === undefined ? null : sql`v.transcript_kind = ${filters.captions}`,
  ].filter((c) => c !== null);
  return conditions.length === 0 ? null : conditions.reduce((all, condition) => sql`${all} and ${condition}`, sql`true`);
}

function orderBy(sql: Sql, sort: SearchSort, table = sql``) {
  switch (sort) {
    case 'newest': return sql`${table}published_at desc nulls last, ${table}score desc, ${table}id`;
    case 'views': return sql`${table}view_count desc nulls last, ${table}score desc, ${table}id`;
    default: return sql`${table}score desc, ${table}published_at desc nulls last, ${table}id`;
  }
}

interface ResultRow {
  totalVideos: string;
  totalMoments: string;
  capped: boolean;
  id: string | null;
  title: string;
  titleHeadline: string;
  descriptionHeadline: string | null;
  channelId: string | null;
  channelTitle: string | null;
  publishedAt: Date | null;
  viewCount: string | null;
  durationSeconds: number | null;
  thumbnailUrl: string | null;
  transcriptKind: 'manual' | 'auto' | null;
  transcriptLanguage: string | null;
  transcriptStatus: string;
  titleMatch: boolean;
  descriptionMatch: boolean;
  momentCount: number;
  moments: { segmentId: number; startMs: number; endMs: number; text: string; snippet: string }[];
}

/** How much of each result to fetch: a page on screen, or every moment for an export. */
export interface ResultShape {
  readonly perPage: number;
  readonly momentsPerVideo: number;
  /** Best first (a page) or in the order they were said (an export). */
  readonly momentOrder: 'rank' | 'time';
  /** Highlighted snippets cost a ts_headline each: only for what is shown. */
  readonly snippets: boolean;
}

export const PAGE_SHAPE: ResultShape = { perPage: RESULTS_PER_PAGE, momentsPerVideo: MOMENTS_SHOWN, momentOrder: 'rank', snippets: true };

/** One way to test that the rows of a query are in the person's library: joined to each row, or a filter. */
type LibraryTest = (videoId: PendingQuery<Row[]>) => { readonly join: PendingQuery<Row[]>; readonly filter: PendingQuery<Row[]> };

/**
 * The CTEs a query built by eitherLibraryTest reads: the person's videos (read only if hashed) and
 * whether they are most of the database's.
 */
function libraryCtes(sql: Sql, userId: number, playlistId: string | undefined) {
  return sql`library as materialized (${libraryVideoIds(sql, userId, playlistId)}),
    library_share as (select ${libraryIsMostVideos(sql, userId, playlistId)} as most)`;
}

/**
 * A query over rows that must be in the person's library, written twice: once testing each row with
 * one index lookup (libraryHasVideo), once against a hash of the whole library. Which one runs is a
 * one-time filter decided as the statement starts, so one plan serves both and nothing is replanned.
 * Lookups cost per row read, memoized per video when Postgres expects a video's cues in a row; the hash
 * costs per video of the library, whatever is read: a rare word's statement took 2.0 ms with it and
 * 0.9 with lookups on 3,300 videos, 22 and 3.6 ms on 33,000. But in a database shared by many people
 * the rows read are mostly other people's, and looking each up cost a common word twice the hash's time.
 * So lookups when the library is most of the database (a person on their own server), the hash otherwise.
 */
function eitherLibraryTest(sql: Sql, userId: number, playlistId: string | undefined, query: (test: LibraryTest) => PendingQuery<Row[]>) {
  const lookup: LibraryTest = (videoId) => ({ join: sql`cross join lateral ${libraryHasVideo(sql, userId, videoId, playlistId)} l`, filter: sql`true` });
  const hashed: LibraryTest = (videoId) => ({ join: sql``, filter: sql`(${videoId} in (select video_id from library)) is true` });
  return sql`
      select q.* from (${query(lookup)}) q where (select most from library_share)
      union all
      select q.* from (${query(hashed)}) q where not (select most from library_share)`;
}

/**
 * The moments a search reads: cues the index finds for the words (compiled.candidates), at most
 * MOMENT_CAP of them, read bucket by bucket, each with whether the full query (phrases, exclusions)
 * matches it, checked on those alone, and each tested to be in the person's library as it is read.
 * Reads the CTEs of libraryCtes.
 */
function candidateCues(sql: Sql, compiled: CompiledQuery, userId: number, playlistId: string | undefined) {
  // A literal, not a parameter: the expression must be the index's own, (id >> 16).
  const bucketBits = sql.unsafe(String(SEGMENT_BUCKET_BITS));
  const recheck = compiled.candidates === compiled.segments ? sql`true` : sql`s.search_vector @@ ${compiled.segments}::tsquery`;
  return eitherLibraryTest(sql, userId, playlistId, (inLibrary) => {
    const test = inLibrary(sql`s.video_id`);
    return sql`
      select s.* from generate_series(0::bigint, (select coalesce(max(id), 0) from transcript_segments) >> ${bucketBits}) b
      cross join lateral (
        select s.video_id, s.id, ${recheck} as matched from transcript_segments s
        ${test.join}
        where (s.id >> ${bucketBits}) = b and s.search_vector @@ ${compiled.candidates}::tsquery and ${test.filter}
        limit ${MOMENT_CAP}
      ) s
      limit ${MOMENT_CAP}`;
  });
}

/**
 * Whether the words find anything in the person's library (with the request's filters): a moment or a
 * title or description. Stops at the first one found, so a respelling can be offered for the price of
 * one index probe rather than a whole search.
 */
export async function libraryHasMatch(sql: Sql, userId: number, request: SearchRequest, compiled: CompiledQuery, signal?: AbortSignal): Promise<boolean> {
  const filters = filterConditions(sql, request.filters) ?? sql`true`;
  const [row] = await cancellable(sql<{ found: boolean }[]>`
    with ${libraryCtes(sql, userId, request.filters.playlist)},
    candidates as (${candidateCues(sql, compiled, userId, request.filters.playlist)})
    select exists (
      select 1 from candidates h
      where h.matched and exists (select 1 from videos v where v.id = h.video_id and ${filters})
    ) or exists (${eitherLibraryTest(sql, userId, request.filters.playlist, (inLibrary) => {
      const test = inLibrary(sql`v.id`);
      return sql`select 1 from videos v ${test.join} where v.search_vector @@ ${compiled.videos}::tsquery and ${test.filter} and ${filters}`;
    })}) as found`, signal);
  return row?.found ?? false;
}

/**
 * One page of results. A title hit outranks a description hit, which outranks any number of moments;
 * more moments rank higher, with diminishing returns.
 */
export async function searchLibrary(
  sql: Sql, userId: number, request: SearchRequest, compiled: CompiledQuery,
  options: { signal?: AbortSignal | undefined; shape?: ResultShape } = {},
): Promise<SearchResults> {
  const shape = options.shape ?? PAGE_SHAPE;
  const vq = compiled.videos;
  const markers = MATCH_START + MATCH_END;
  const whole = `HighlightAll=true, ${HEADLINE_MARKERS}`;
  const passage = `MaxWords=35, MinWords=15, ${HEADLINE_MARKERS}`;
  // The cue text is highlighted by stems in its own language, then by the words as typed (prefixes).
  const headline = (config: PendingQuery<Row[]>, text: PendingQuery<Row[]>, options: string) =>
    sql`ts_headline('subtext_simple', ts_headline(${config}, translate(${text}, ${markers}, ''), ${vq}::tsquery, ${options}), ${vq}::tsquery, ${whole})`;
  const videoConfig = sql`subtext_text_search_config(coalesce(v.transcript_language, 'en'))`;
  const filters = filterConditions(sql, request.filters);
  const byScoreAlone = filters === null && request.sort === 'relevance';
  const pageEnd = request.page * shape.perPage;
  const rows = await cancellable(sql<ResultRow[]>`
    with ${libraryCtes(sql, userId, request.filters.playlist)},
    candidates as (${candidateCues(sql, compiled, userId, request.filters.playlist)}),
    moments as (
      select h.video_id, count(*)::int as moment_count, array_agg(h.id) as segment_ids
      from candidates h where h.matched group by h.video_id
    ),
    described as (${eitherLibraryTest(sql, userId, request.filters.playlist, (inLibrary) => {
      const test = inLibrary(sql`v.id`);
      return sql`
      select v.id, v.search_vector @@ ${compiled.titles}::tsquery as title_match, v.search_vector @@ ${compiled.descriptions}::tsquery as description_match
      from videos v ${test.join}
      where v.search_vector @@ ${vq}::tsquery and ${test.filter}
      limit ${VIDEO_CAP}`;
    })}),
    scored as (
      select coalesce(m.video_id, d.id) as id, coalesce(m.moment_count, 0) as moment_count,
        coalesce(d.title_match, false) as title_match, coalesce(d.description_match, false) as description_match,
        3 * coalesce(d.title_match, false)::int + 2 * coalesce(d.description_match, false)::int
          + coalesce(m.moment_count, 0) / (coalesce(m.moment_count, 0) + 3.0) as score
      from moments m
      full join described d on d.id = m.video_id
    ),
    -- The videos found that can be on this page, with what they are sorted by. One index lookup per
    -- video (offset 0 keeps it so): joined as a whole, a misestimate of the videos found makes the
    -- planner read every video of the database to hash them (35 ms at 33,000). Sorted by relevance and
    -- unfiltered, only videos scoring at least the page's last score by score alone can be on it (ties
    -- are broken by date): for a common word a few dozen lookups instead of one per video found.
    -- view_count only when sorting by it: without it the lookups read videos_search_facts_idx alone.
    sortable as (
      select s.*, v.published_at, ${request.sort === 'views' ? sql`v.view_count` : sql`null::bigint as view_count`}
      from scored s
      cross join lateral (
        select v.published_at${request.sort === 'views' ? sql`, v.view_count` : sql``} from videos v
        where v.id = s.id and ${filters ?? sql`true`} offset 0
      ) v
      ${byScoreAlone ? sql`where s.score >= coalesce((select score from scored order by score desc offset ${pageEnd - 1} limit 1), -1)` : sql``}
    ),
    totals as (
      select count(*) as total_videos, coalesce(sum(moment_count), 0) as total_moments, ((select count(*) from candidates) >= ${MOMENT_CAP} or (select count(*) from described) >= ${VIDEO_CAP}) as capped
      from ${byScoreAlone ? sql`scored` : sql`sortable`}
    ),
    page as (
      select * from sortable
      order by ${orderBy(sql, request.sort)}
      limit ${shape.perPage} offset ${(request.page - 1) * shape.perPage}
    )
    select t.total_videos as "totalVideos", t.total_moments as "totalMoments", t.capped,
      p.id, p.title_match as "titleMatch", p.description_match as "descriptionMatch", p.moment_count as "momentCount",
      v.title, v.channel_id as "channelId", v.channel_title as "channelTitle", v.published_at as "publishedAt",
      v.view_count as "viewCount", v.duration_seconds as "durationSeconds", v.thumbnail_url as "thumbnailUrl",
      v.transcript_kind as "transcriptKind", v.transcript_language as "transcriptLanguage",
      v.transcript_status as "transcriptStatus",
      ${shape.snippets ? headline(videoConfig, sql`v.title`, whole) : sql`v.title`} as "titleHeadline",
      case when p.description_match then ${shape.snippets ? headline(videoConfig, sql`v.description`, passage) : sql`v.description`} end as "descriptionHeadline",
      coalesce(best.moments, '[]') as moments
    from totals t
    left join page p on true
    left join videos v on v.id = p.id
    left join moments m on m.video_id = p.id
    left join lateral (
      select json_agg(json_build_object(
          'segmentId', s.id, 'startMs', s.start_ms, 'endMs', s.end_ms, 'text', s.text,
          'snippet', ${shape.snippets ? headline(sql`subtext_text_search_config(s.language)`, sql`s.search_text`, whole) : sql`s.search_text`}
        ) order by s.place) as moments
      from (
        select s.*, row_number() over (order by ${shape.momentOrder === 'rank' ? sql`ts_rank_cd(s.search_vector, ${compiled.segments}::tsquery) desc,` : sql``} s.position) as place
        from transcript_segments s where s.id = any(${shape.momentOrder === 'rank' ? sql`m.segment_ids[1:${RANKED_PER_VIDEO}]` : sql`m.segment_ids`})
        order by place limit ${shape.momentsPerVideo}
      ) s
    ) best on true
    order by ${orderBy(sql, request.sort, sql`p.`)}`, options.signal);

  const first = rows[0];
  return {
    totalVideos: Number(first?.totalVideos ?? 0),
    totalMoments: Number(first?.totalMoments ?? 0),
    capped: first?.capped ?? false,
    videos: rows.filter((r) => r.id !== null).map((r) => ({
      id: r.id!,
      title: r.title,
      titleParts: highlightedParts(r.titleHeadline),
      descriptionParts: r.descriptionHeadline === null ? null : highlightedParts(r.descriptionHeadline),
      channelId: r.channelId,
      channelTitle: r.channelTitle,
      publishedAt: r.publishedAt,
      viewCount: r.viewCount === null ? null : Number(r.viewCount),
      durationSeconds: r.durationSeconds,
      thumbnailUrl: r.thumbnailUrl,
      transcriptKind: r.transcriptKind,
      transcriptLanguage: r.transcriptLanguage,
      transcriptStatus: r.transcriptStatus,
      titleMatch: r.titleMatch,
      descriptionMatch: r.descriptionMatch,
      momentCount: r.momentCount,
      moments: r.moments.map((m) => ({ segmentId: Number(m.segmentId), startMs: m.startMs, endMs: m.endMs, text: m.text, snippet: highlightedParts(m.snippet) })),
    })),
  };
}

export interface LibraryFacets {
  readonly playlists: ReadonlyArray<{ id: string; title: string }>;
  readonly channels: ReadonlyArray<{ id: string; title: string }>;
  readonly languages: ReadonlyArray<string>;
}

/** What the filters can offer: the person's playlists, and the channels and languages of their videos. */
export async function libraryFacets(sql: Sql, userId: number): Promise<LibraryFacets> {
  const rows = await sql<{ kind: 'playlist' | 'channel' | 'language'; id: string; title: string }[]>`
    with library as (select distinct video_id from (${libraryVideoIds(sql, userId)}) l)
    select 'playlist' as kind, p.id, p.title from library_playlists lp join playlists p on p.id = lp.playlist_id where lp.user_id = ${userId}
    union all
    -- A channel renamed since some of its videos were read: once, by the name on its newest video.
    select 'channel', c.channel_id, c.title from (
      select distinct on (v.channel_id) v.channel_id, coalesce(v.channel_title, v.channel_id) as title
      from videos v join library l on l.video_id = v.id where v.channel_id is not null
      order by v.channel_id, v.published_at desc nulls last
    ) c
    union all
    select distinct 'language', split_part(lower(v.transcript_language), '-', 1), '' from videos v join library l on l.video_id = v.id where v.transcript_language is not null
    order by kind, title, id`;
  return {
    playlists: naturallySorted(rows.filter((r) => r.kind === 'playlist').map(({ id, title }) => ({ id, title })), (p) => p.title),
    channels: naturallySorted(rows.filter((r) => r.kind === 'channel').map(({ id, title }) => ({ id, title })), (c) => c.title),
    languages: rows.filter((r) => r.kind === 'language').map((r) => r.id),
  };
}

/**
 * "Did you mean": each word of the query that no transcript, title or description contains, replaced by
 * the most similar word that one does (pg_trgm). Null when nothing is misspelt or nothing similar is known. The caller
 * checks that the suggestion finds something in the person's own library before offering it.
 */
export async function suggestSpelling(sql: Sql, query: string): Promise<string | null> {
  const replacements = await sql<{ typed: string; suggestion: string }[]>`
    select w.lexeme as typed, s.word as suggestion
    from unnest(to_tsvector('subtext_simple', ${query})) as w
    cross join lateral (
      select v.word from search_vocabulary v where v.word % w.lexeme order by v.word <-> w.lexeme limit 1
    ) s
    where length(w.lexeme) >= 3 and not exists (select 1 from search_vocabulary v where v.word = w.lexeme)`;
  let suggestion = query;
  for (const { typed, suggestion: word } of replacements) {
    const escaped = typed.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    suggestion = suggestion.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'giu'), word);
  }
  return suggestion === query ? null : suggestion;
}

/** A video of the person's library as its transcript page shows it. */
export interface TranscriptVideo {
  readonly id: string;
  readonly title: string;
  readonly channelTitle: string | null;
  readonly publishedAt: Date | null;
  readonly viewCount: number | null;
  readonly durationSeconds: number | null;
  readonly thumbnailUrl: string | null;
  readonly transcriptStatus: string;
  readonly transcriptKind: 'manual' | 'auto' | null;
  readonly transcriptLanguage: string | null;
}

export interface TranscriptLine {
  readonly segmentId: number;
  readonly startMs: number;
  readonly text: string;
  /** Set when the line is a hit of the current query: its text with matched words marked. */
  readonly hit: ReadonlyArray<TextPart> | null;
}

/** A video of the person's library (null if it is not in it), and its whole transcript with the query's hits marked. */
export async function videoTranscript(sql: Sql, userId: number, videoId: string, compiled: CompiledQuery | null): Promise<{ video: TranscriptVideo; lines: TranscriptLine[] } | null> {
  const [video] = await sql<(Omit<TranscriptVideo, 'viewCount'> & { viewCount: string | null })[]>`
    select v.id, v.title, v.channel_title as "channelTitle", v.published_at as "publishedAt", v.view_count as "viewCount",
      v.duration_seconds as "durationSeconds", v.thumbnail_url as "thumbnailUrl", v.transcript_status as "transcriptStatus",
      v.transcript_kind as "transcriptKind", v.transcript_language as "transcriptLanguage"
    from videos v
    where v.id = ${videoId} and v.id in (${libraryVideoIds(sql, userId)})`;
  if (!video) return null;
  const markers = MATCH_START + MATCH_END;
  const whole = `HighlightAll=true, ${HEADLINE_MARKERS}`;
  const lines = await sql<{ segmentId: string; startMs: number; text: string; hit: string | null }[]>`
    select s.id as "segmentId", s.start_ms as "startMs", s.text,
      ${compiled === null ? sql`null` : sql`case when s.search_vector @@ ${compiled.segments}::tsquery then
        ts_headline('subtext_simple', ts_headline(subtext_text_search_config(s.language), translate(s.text, ${markers}, ''), ${compiled.videos}::tsquery, ${whole}), ${compiled.videos}::tsquery, ${whole})
      end`} as hit
    from transcript_segments s where s.video_id = ${videoId} order by s.position`;
  return {
    video: { ...video, viewCount: video.viewCount === null ? null : Number(video.viewCount) },
    lines: lines.map((l) => ({ segmentId: Number(l.segmentId), startMs: l.startMs, text: l.text, hit: l.hit === null ? null : highlightedParts(l.hit) })),
  };
}
