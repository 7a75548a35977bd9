// What the tracking pages show, read straight from the tracking tables.
import type { Sql } from '../db/client.ts';
import { naturalCompare, naturallySorted } from '../natural-order.ts';
import { libraryVideoIds } from '../playlists/library.ts';
import type { ViralityLabel } from './virality.ts';

/** One statistics snapshot of a video, as the chart draws it. */
export interface StatsPoint {
  readonly takenAt: Date;
  readonly views: number | null;
  /** Null when the channel hides it. */
  readonly likes: number | null;
  readonly comments: number | null;
}

export interface ViralityView {
  readonly score: number | null;
  readonly label: ViralityLabel | null;
}

export type Movement = { kind: 'new' } | { kind: 'up' | 'down'; by: number } | { kind: 'same' } | { kind: 'first' };

export interface ChartRow extends ViralityView {
  readonly rank: number;
  readonly videoId: string;
  readonly title: string;
  readonly channelTitle: string | null;
  readonly thumbnailUrl: string | null;
  readonly viewCount: number | null;
  readonly transcriptIndexed: boolean;
  readonly movement: Movement;
}

export interface RegionChart {
  readonly region: string;
  readonly fetchedAt: Date | null;
  readonly previousFetchedAt: Date | null;
  readonly rows: ReadonlyArray<ChartRow>;
}

export const CHART_SORTS = ['rank', 'score', 'views', 'movement'] as const;
export type ChartSort = (typeof CHART_SORTS)[number];

/** Rank change as a number for sorting: climbers first, newcomers above them all. */
function movementRankValue(m: Movement): number {
  if (m.kind === 'new') return 10_000;
  if (m.kind === 'up') return m.by;
  if (m.kind === 'down') return -m.by;
  return 0;
}

/** Null scores ("insufficient data") sort after every real score, whichever way. */
export function byScore(a: ViralityView, b: ViralityView): number {
  return (b.score ?? -1) - (a.score ?? -1);
}

/** A region's latest chart, each entry's movement since the chart before it. */
export async function regionChart(sql: Sql, region: string, sort: ChartSort): Promise<RegionChart> {
  const charts = await sql<{ id: string; fetched_at: Date }[]>`
    select id, fetched_at from trending_charts where region_code = ${region} order by fetched_at desc, id desc limit 2`;
  const [current, previous] = charts;
  if (!current) return { region, fetchedAt: null, previousFetchedAt: null, rows: [] };
  const rows = await sql<{
    rank: number; video_id: string; title: string; channel_title: string | null; thumbnail_url: string | null;
    view_count: number | null; transcript_status: string; previous_rank: number | null; score: number | null; label: ViralityLabel | null;
  }[]>`
    select e.rank, e.video_id, v.title, v.channel_title, v.thumbnail_url, v.view_count::float8 as view_count,
           v.transcript_status, p.rank as previous_rank, s.score, s.label
    from trending_entries e
    join videos v on v.id = e.video_id
    left join trending_entries p on p.chart_id = ${previous?.id ?? null} and p.video_id = e.video_id
    left join virality_scores s on s.video_id = e.video_id
    where e.chart_id = ${current.id}
    order by e.rank`;
  const chartRows: ChartRow[] = rows.map((r) => ({
    rank: r.rank,
    videoId: r.video_id,
    title: r.title,
    channelTitle: r.channel_title,
    thumbnailUrl: r.thumbnail_url,
    viewCount: r.view_count,
    transcriptIndexed: r.transcript_status === 'indexed',
    score: r.score,
    label: r.label,
    movement: !previous ? { kind: 'first' }
      : r.previous_rank === null ? { kind: 'new' }
      : r.previous_rank > r.rank ? { kind: 'up', by: r.previous_rank - r.rank }
      : r.previous_rank < r.rank ? { kind: 'down', by: r.rank - r.previous_rank }
      : { kind: 'same' },
  }));
  const sorters: Record<ChartSort, (a: ChartRow, b: ChartRow) => number> = {
    rank: (a, b) => a.rank - b.rank,
    score: (a, b) => byScore(a, b) || a.rank - b.rank,
    views: (a, b) => (b.viewCount ?? -1) - (a.viewCount ?? -1) || a.rank - b.rank,
    movement: (a, b) => movementRankValue(b.movement) - movementRankValue(a.movement) || a.rank - b.rank,
  };
  return { region, fetchedAt: current.fetched_at, previousFetchedAt: previous?.fetched_at ?? null, rows: chartRows.sort(sorters[sort]) };
}

export interface RegionSummary {
  readonly region: string;
  readonly fetchedAt: Date | null;
  readonly videos: number;
  readonly topTitle: string | null;
}

export async function regionSummaries(sql: Sql, regions: ReadonlyArray<string>): Promise<RegionSummary[]> {
  const rows = await sql<{ region_code: string; fetched_at: Date; videos: number; top_title: string | null }[]>`
    select distinct on (c.region_code) c.region_code, c.fetched_at,
      (select count(*)::int from trending_entries e where e.chart_id = c.id) as videos,
      (select v.title from trending_entries e join videos v on v.id = e.video_id where e.chart_id = c.id and e.rank = 1) as top_title
    from trending_charts c where c.region_code = any(${[...regions]}::text[])
    order by c.region_code, c.fetched_at desc, c.id desc`;
  return regions.map((region) => {
    const row = rows.find((r) => r.region_code === region);
    return { region, fetchedAt: row?.fetched_at ?? null, videos: row?.videos ?? 0, topTitle: row?.top_title ?? null };
  });
}

export interface VideoStats {
  readonly videoId: string;
  readonly title: string;
  readonly channelTitle: string | null;
  /** Deleted videos are not scored (their last counts would stand for ever). */
  readonly deleted: boolean;
  readonly points: ReadonlyArray<StatsPoint>;
  readonly virality: (ViralityView & {
    regionCode: string; viewsPerHour: number | null; engagementPercent: number | null;
    velocityScore: number | null; engagementScore: number | null; computedAt: Date;
  }) | null;
}

/** How many readings the chart shows: the latest ones, about three weeks of hourly snapshots. */
const CHART_READINGS = 500;

/** The ids of the videos on each tracked region's latest chart: public, and shown to everyone on Trends. */
function currentlyTrendingVideoIds(sql: Sql) {
  return sql`
    select e.video_id from trending_entries e
    where e.chart_id in (select distinct on (region_code) id from trending_charts order by region_code, fetched_at desc, id desc)`;
}

/** A video's statistics, for a person who has it in their library or can see it on a current trending chart. */
export async function videoStats(sql: Sql, userId: number, videoId: string): Promise<VideoStats | null> {
  const [video] = await sql<{ title: string; channel_title: string | null; deleted: boolean }[]>`
    select title, channel_title,
      exists (select 1 from video_availability_checks a where a.video_id = videos.id and a.status = 'deleted') as deleted
    from videos
    where id = ${videoId} and (id in (${libraryVideoIds(sql, userId)}) or id in (${currentlyTrendingVideoIds(sql)}))`;
  if (!video) return null;
  const readings = await sql<{ taken_at: Date; view_count: number | null; like_count: number | null; comment_count: number | null }[]>`
    select taken_at, view_count::float8 as view_count, like_count::float8 as like_count, comment_count::float8 as comment_count
    from video_stat_snapshots where video_id = ${videoId} order by taken_at desc, id desc limit ${CHART_READINGS}`;
  const [score] = await sql<{
    region_code: string; views_per_hour: number | null; engagement_percent: number | null; velocity_score: number | null;
    engagement_score: number | null; score: number | null; label: ViralityLabel; computed_at: Date;
  }[]>`select * from virality_scores where video_id = ${videoId}`;
  return {
    videoId,
    title: video.title,
    channelTitle: video.channel_title,
    deleted: video.deleted,
    points: readings.reverse().map((r) => ({ takenAt: r.taken_at, views: r.view_count, likes: r.like_count, comments: r.comment_count })),
    virality: score ? {
      regionCode: score.region_code, viewsPerHour: score.views_per_hour, engagementPercent: score.engagement_percent,
      velocityScore: score.velocity_score, engagementScore: score.engagement_score, score: score.score, label: score.label,
      computedAt: score.computed_at,
    } : null,
  };
}

export interface ThumbnailProblemRow extends ViralityView {
  readonly videoId: string;
  readonly title: string;
  readonly channelTitle: string | null;
  readonly status: 'placeholder' | 'broken';
  readonly url: string;
  readonly width: number | null;
  readonly height: number | null;
  readonly problem: string | null;
  readonly checkedAt: Date;
}

export interface ThumbnailReport {
  readonly counts: Readonly<Record<'valid' | 'placeholder' | 'broken', number>>;
  readonly lastCheckedAt: Date | null;
  readonly problems: ReadonlyArray<ThumbnailProblemRow>;
}

export const REPORT_SORTS = ['status', 'title', 'score'] as const;
export type ReportSort = (typeof REPORT_SORTS)[number];

/** The thumbnail checks of this person's library videos (titles in private playlists are theirs alone). */
export async function thumbnailReport(sql: Sql, userId: number, sort: ReportSort): Promise<ThumbnailReport> {
  const counts = await sql<{ status: 'valid' | 'placeholder' | 'broken'; n: number; last: Date }[]>`
    select status, count(*)::int as n, max(checked_at) as last from thumbnail_checks
    where video_id in (${libraryVideoIds(sql, userId)}) group by status`;
  const problems = await sql<{
    video_id: string; title: string; channel_title: string | null; status: 'placeholder' | 'broken'; url: string;
    width: number | null; height: number | null; problem: string | null; checked_at: Date; score: number | null; label: ViralityLabel | null;
  }[]>`
    select t.video_id, v.title, v.channel_title, t.status, t.url, t.width, t.height, t.problem, t.checked_at, s.score, s.label
    from thumbnail_checks t join videos v on v.id = t.video_id left join virality_scores s on s.video_id = t.video_id
    where t.status <> 'valid' and t.video_id in (${libraryVideoIds(sql, userId)})
    order by ${sort === 'title' ? sql`v.title, t.video_id` : sort === 'score' ? sql`s.score desc nulls last, v.title` : sql`t.status, v.title`}`;
  const last = counts.map((c) => c.last).sort((a, b) => b.getTime() - a.getTime())[0] ?? null;
  return {
    counts: {
      valid: counts.find((c) => c.status === 'valid')?.n ?? 0,
      placeholder: counts.find((c) => c.status === 'placeholder')?.n ?? 0,
      broken: counts.find((c) => c.status === 'broken')?.n ?? 0,
    },
    lastCheckedAt: last,
    problems: problems.map((p) => ({
      videoId: p.video_id, title: p.title, channelTitle: p.channel_title, status: p.status, url: p.url, width: p.width,
      height: p.height, problem: p.problem, checkedAt: p.checked_at, score: p.score, label: p.label,
    })),
  };
}

export interface GoneVideo extends ViralityView {
  readonly videoId: string;
  readonly title: string;
  readonly channelTitle: string | null;
  readonly status: 'private' | 'deleted';
  readonly goneSince: Date;
  readonly hasKeptThumbnail: boolean;
  readonly transcriptIndexed: boolean;
  readonly playlists: ReadonlyArray<string>;
}

export const GONE_SORTS = ['gone', 'title', 'channel', 'score'] as const;
export type GoneSort = (typeof GONE_SORTS)[number];

/** The videos of this person's library that are now private or deleted on YouTube. */
export async function goneVideos(sql: Sql, userId: number, sort: GoneSort): Promise<GoneVideo[]> {
  const order = {
    gone: sql`a.gone_since desc, v.title`,
    title: sql`v.title, v.id`,
    channel: sql`v.channel_title nulls last, v.title`,
    score: sql`s.score desc nulls last, v.title`,
  }[sort];
  const rows = await sql<{
    video_id: string; title: string; channel_title: string | null; status: 'private' | 'deleted'; gone_since: Date;
    has_kept_thumbnail: boolean; transcript_status: string; playlists: string[]; score: number | null; label: ViralityLabel | null;
  }[]>`
    select v.id as video_id, v.title, v.channel_title, a.status, a.gone_since,
           t.kept_image is not null as has_kept_thumbnail, v.transcript_status, s.score, s.label,
           array_agg(distinct p.title order by p.title) as playlists
    from library_playlists lp
    join playlist_videos pv on pv.playlist_id = lp.playlist_id
    join playlists p on p.id = lp.playlist_id
    join videos v on v.id = pv.video_id
    join video_availability_checks a on a.video_id = v.id
    left join thumbnail_checks t on t.video_id = v.id
    left join virality_scores s on s.video_id = v.id
    where lp.user_id = ${userId} and a.status in ('private', 'deleted')
    group by v.id, a.video_id, t.video_id, s.video_id
    order by ${order}`;
  const videos = rows.map((r) => ({
    videoId: r.video_id, title: r.title, channelTitle: r.channel_title, status: r.status, goneSince: r.gone_since,
    hasKeptThumbnail: r.has_kept_thumbnail, transcriptIndexed: r.transcript_status === 'indexed', playlists: r.playlists,
    score: r.score, label: r.label,
  }));
  // Names are put in the order people read them in (Postgres compares bytes); no channel goes last.
  if (sort === 'title') return naturallySorted(videos, (v) => v.title);
  if (sort === 'channel') {
    return [...videos].sort((a, b) => Number(a.channelTitle === null) - Number(b.channelTitle === null)
      || naturalCompare(a.channelTitle ?? '', b.channelTitle ?? '') || naturalCompare(a.title, b.title));
  }
  return videos;
}

/** The kept picture, for anyone who has the video in their library. */
export async function keptThumbnail(sql: Sql, userId: number, videoId: string): Promise<{ image: Buffer; type: string } | null> {
  const [row] = await sql<{ kept_image: Buffer; kept_image_type: string | null }[]>`
    select t.kept_image, t.kept_image_type from thumbnail_checks t
    where t.video_id = ${videoId} and t.kept_image is not null and exists (
      select 1 from playlist_videos pv join library_playlists lp on lp.playlist_id = pv.playlist_id
      where pv.video_id = t.video_id and lp.user_id = ${userId})`;
  return row ? { image: row.kept_image, type: row.kept_image_type ?? 'image/jpeg' } : null;
}

/** Availability of some videos, for marking them in lists (e.g. the library's playlist pages). */
export async function availabilityOf(sql: Sql, videoIds: ReadonlyArray<string>): Promise<Map<string, 'public' | 'private' | 'deleted' | 'unknown'>> {
  const rows = await sql<{ video_id: string; status: 'public' | 'private' | 'deleted' | 'unknown' }[]>`
    select video_id, status from video_availability_checks where video_id = any(${[...videoIds]}::text[])`;
  return new Map(rows.map((r) => [r.video_id, r.status]));
}
