// A person's library: the playlists they own on YouTube or added by URL, the channels they added,
// their Single videos and liked videos (rows of library_playlists; see the playlists table for kinds).
// Everything a user can see is scoped through here; playlists and videos themselves are stored
// once however many libraries share them.
//
// Exports for other features:
// - userCanSeePlaylist(sql, userId, playlistId): is this playlist in the user's library?
// - libraryVideoIds(sql, userId, playlistId?): a postgres.js fragment selecting the video ids of the
//   user's library (or of one of its playlists), for `... where v.id in (${libraryVideoIds(sql, userId)})`:
//   the one definition of "this person's library" every search and transcript query reads through.
// - libraryHasVideo(sql, userId, videoId, playlistId?): the same library as one index lookup for one
//   video (a column of the query around it), for `cross join lateral (...)` over many rows.
// - libraryIsMostVideos(sql, userId, playlistId?): whether the library holds at least half the videos
//   of the database (an estimate, from playlist sizes and table statistics), to choose between the two.
// - listLibrary(sql, userId): the dashboard rows, with each playlist's latest index run.
// Times are read as epoch milliseconds: the shared connection does not convert Dates (see auth/session.ts).
import type postgres from 'postgres';
import type { Queryable, Sql } from '../db/client.ts';
import { countOutcomes, type OutcomeCounts } from '../indexing/outcomes.ts';
import type { RunStatus } from '../indexing/runs.ts';
import { naturalCompare } from '../natural-order.ts';
import type { PlaylistSummary } from '../youtube/data-api.ts';

export async function userCanSeePlaylist(sql: Sql, userId: number, playlistId: string): Promise<boolean> {
  const [row] = await sql`select 1 from library_playlists where user_id = ${userId} and playlist_id = ${playlistId}`;
  return row !== undefined;
}

export function libraryVideoIds(sql: Sql, userId: number, playlistId?: string): postgres.PendingQuery<postgres.Row[]> {
  return sql`
    select pv.video_id from library_playlists lp
    join playlist_videos pv on pv.playlist_id = lp.playlist_id and pv.removed_at is null
    where lp.user_id = ${userId} ${playlistId === undefined ? sql`` : sql`and lp.playlist_id = ${playlistId}`}`;
}

/**
 * One row if the video (a column of the surrounding query) is in the user's library (or in one of its
 * playlists), none otherwise: one lookup of playlist_videos by video id, against the user's playlist ids
 * read once per statement. For `cross join lateral (...)`: a lateral with a limit stays a lookup per row
 * and is never turned into a hash of the whole library, which costs in proportion to the library
 * (27 ms on 33,000 videos) however few rows are tested.
 */
export function libraryHasVideo(sql: Sql, userId: number, videoId: postgres.PendingQuery<postgres.Row[]>, playlistId?: string): postgres.PendingQuery<postgres.Row[]> {
  return sql`(
    select 1 from playlist_videos pv
    where pv.video_id = ${videoId} and pv.removed_at is null
      and pv.playlist_id = any (array(
        select lp.playlist_id from library_playlists lp
        where lp.user_id = ${userId} ${playlistId === undefined ? sql`` : sql`and lp.playlist_id = ${playlistId}`}))
    limit 1)`;
}

/**
 * Whether the user's library (or one of its playlists) holds at least half of the database's videos:
 * estimated from the playlists' item counts and the planner's row count of videos, so it costs a few
 * index reads whatever the sizes. A query testing many rows for membership chooses by it: rows from a
 * library that is most of the database are nearly all in it (a lookup each, memoized per video), rows
 * from a small share of a shared database are mostly not (a hash of the library is cheaper).
 */
export function libraryIsMostVideos(sql: Sql, userId: number, playlistId?: string): postgres.PendingQuery<postgres.Row[]> {
  return sql`(
    select coalesce(sum(p.item_count), 0) * 2 >= (select reltuples from pg_class where oid = 'videos'::regclass)
    from library_playlists lp join playlists p on p.id = lp.playlist_id
    where lp.user_id = ${userId} ${playlistId === undefined ? sql`` : sql`and lp.playlist_id = ${playlistId}`})`;
}

export type LibrarySource = 'owned' | 'added';
/** playlist, channel (its uploads), videos (the person's Single videos) or likes (their liked videos). */
export type ListKind = 'playlist' | 'channel' | 'videos' | 'likes';

/** The latest index run of a playlist, as the dashboard's state column shows it. */
export interface LatestRun {
  readonly id: number;
  readonly status: RunStatus;
  readonly totalVideos: number | null;
  /** Videos of the run no longer pending (done, failed or skipped). */
  readonly processedVideos: number;
  /** What became of the run's videos: searchable, no captions, failed… */
  readonly outcomes: OutcomeCounts;
  readonly error: string | null;
  readonly createdAt: Date;
  readonly finishedAt: Date | null;
}

export interface LibraryPlaylist {
  readonly id: string;
  readonly kind: ListKind;
  readonly title: string;
  readonly channelTitle: string | null;
  readonly thumbnailUrl: string | null;
  readonly itemCount: number;
  readonly privacyStatus: string | null;
  readonly source: LibrarySource;
  readonly latestRun: LatestRun | null;
}

interface LibraryRow {
  id: string;
  kind: ListKind;
  title: string;
  channelTitle: string | null;
  thumbnailUrl: string | null;
  itemCount: number;
  privacyStatus: string | null;
  source: LibrarySource;
  runId: string | null;
  runStatus: LatestRun['status'] | null;
  totalVideos: number | null;
  processedVideos: number | null;
  outcomeRows: Array<{ state: string; reason: string | null; n: number }> | null;
  runError: string | null;
  runCreatedAtMs: number | null;
  runFinishedAtMs: number | null;
}

/** The user's playlists (or one of them), owned first, then by title in natural order; the index state is shared by everyone holding the playlist. */
export async function listLibrary(sql: Sql, userId: number, onlyPlaylistId?: string): Promise<LibraryPlaylist[]> {
  const rows = await sql<LibraryRow[]>`
    select p.id, p.kind, p.title, p.channel_title as "channelTitle", p.thumbnail_url as "thumbnailUrl",
      p.item_count as "itemCount", p.privacy_status as "privacyStatus", lp.source,
      r.id as "runId", r.status as "runStatus", r.total_videos as "totalVideos", r.error as "runError",
      (extract(epoch from r.created_at) * 1000)::float8 as "runCreatedAtMs",
      (extract(epoch from r.finished_at) * 1000)::float8 as "runFinishedAtMs",
      (select count(*)::int from index_run_videos v where v.run_id = r.id and v.state <> 'pending') as "processedVideos",
      (select json_agg(g) from (select state, case when state in ('failed', 'skipped') then reason end as reason, count(*)::int as n
        from index_run_videos v where v.run_id = r.id group by 1, 2) g) as "outcomeRows"
    from library_playlists lp
    join playlists p on p.id = lp.playlist_id
    left join lateral (
      select * from index_runs where playlist_id = p.id order by created_at desc, id desc limit 1
    ) r on true
    where lp.user_id = ${userId} ${onlyPlaylistId === undefined ? sql`` : sql`and p.id = ${onlyPlaylistId}`}
    order by lp.source desc, p.id`;
  const ownedFirst = (row: LibraryRow) => (row.source === 'owned' ? 0 : 1);
  const ordered = [...rows].sort((a, b) => ownedFirst(a) - ownedFirst(b) || naturalCompare(a.title, b.title));
  return ordered.map((row) => ({
    id: row.id,
    kind: row.kind,
    title: row.title,
    channelTitle: row.channelTitle,
    thumbnailUrl: row.thumbnailUrl,
    itemCount: row.itemCount,
    privacyStatus: row.privacyStatus,
    source: row.source,
    latestRun: row.runId === null ? null : {
      id: Number(row.runId),
      status: row.runStatus!,
      totalVideos: row.totalVideos,
      processedVideos: row.processedVideos ?? 0,
      outcomes: countOutcomes(row.outcomeRows ?? []),
      error: row.runError,
      createdAt: new Date(row.runCreatedAtMs!),
      finishedAt: row.runFinishedAtMs === null ? null : new Date(row.runFinishedAtMs),
    },
  }));
}

/** Inserts or refreshes the stored copy of playlists as YouTube just described them. */
export async function upsertPlaylists(sql: Queryable, summaries: ReadonlyArray<PlaylistSummary>): Promise<void> {
  if (summaries.length === 0) return;
  const rows = summaries.map((p) => ({
    id: p.id, title: p.title, description: p.description, channel_id: p.channelId, channel_title: p.channelTitle,
    thumbnail_url: p.thumbnailUrl, item_count: p.itemCount, privacy_status: p.privacyStatus,
  }));
  // A channel's uploads keep the channel's name and picture (YouTube calls the list "Uploads from …").
  await sql`
    insert into playlists ${sql(rows)}
    on conflict (id) do update set
      title = case when playlists.kind = 'channel' then playlists.title else excluded.title end,
      thumbnail_url = case when playlists.kind = 'channel' then playlists.thumbnail_url else excluded.thumbnail_url end,
      description = excluded.description, channel_id = excluded.channel_id,
      channel_title = excluded.channel_title,
      item_count = excluded.item_count, privacy_status = excluded.privacy_status, fetched_at = now()`;
}
