// What the exports read: only videos in the person's own library, and their stored cues.
import type { Sql } from '../db/client.ts';
import { libraryVideoIds } from '../playlists/library.ts';
import type { ExportCue } from './formats.ts';

export interface ExportableVideo {
  readonly id: string;
  readonly title: string;
  readonly channelId: string | null;
  readonly channelTitle: string | null;
  /** Epoch milliseconds (the shared connection reads no Dates; see auth/session.ts). */
  readonly publishedAtMs: number | null;
  readonly durationSeconds: number | null;
  readonly transcriptStatus: string;
  readonly transcriptError: string | null;
  readonly transcriptLanguage: string | null;
  readonly transcriptKind: 'manual' | 'auto' | null;
}

const VIDEO_COLUMNS = (sql: Sql) => sql`
  v.id, v.title, v.channel_id as "channelId", v.channel_title as "channelTitle", (extract(epoch from v.published_at) * 1000)::float8 as "publishedAtMs",
  v.duration_seconds as "durationSeconds", v.transcript_status as "transcriptStatus", v.transcript_error as "transcriptError",
  v.transcript_language as "transcriptLanguage", v.transcript_kind as "transcriptKind"`;

/** A video of the person's library, or null when it is not in it. */
export async function videoInLibrary(sql: Sql, userId: number, videoId: string): Promise<ExportableVideo | null> {
  const [video] = await sql<ExportableVideo[]>`
    select ${VIDEO_COLUMNS(sql)} from videos v
    where v.id = ${videoId} and v.id in (${libraryVideoIds(sql, userId)})`;
  return video ?? null;
}

/** The next videos of one list in its order (after the given position), with where each one's transcript stands. */
export async function listVideosAfter(sql: Sql, playlistId: string, afterPosition: number, limit: number): Promise<Array<ExportableVideo & { position: number }>> {
  return sql<Array<ExportableVideo & { position: number }>>`
    select ${VIDEO_COLUMNS(sql)}, pv.position from playlist_videos pv join videos v on v.id = pv.video_id
    where pv.playlist_id = ${playlistId} and pv.removed_at is null and pv.position > ${afterPosition}
    order by pv.position limit ${limit}`;
}

/** The next videos with a stored transcript in the person's library (or one list of it), by id. */
export async function libraryTranscriptsAfter(sql: Sql, userId: number, playlistId: string | undefined, afterId: string, limit: number): Promise<Array<ExportableVideo & { playlistIds: string[] }>> {
  return sql<Array<ExportableVideo & { playlistIds: string[] }>>`
    select ${VIDEO_COLUMNS(sql)}, array_agg(distinct pv.playlist_id order by pv.playlist_id) as "playlistIds"
    from library_playlists lp
    join playlist_videos pv on pv.playlist_id = lp.playlist_id and pv.removed_at is null
    join videos v on v.id = pv.video_id
    where lp.user_id = ${userId} and v.transcript_status = 'indexed' and v.id > ${afterId}
      ${playlistId === undefined ? sql`` : sql`and lp.playlist_id = ${playlistId}`}
    group by v.id order by v.id limit ${limit}`;
}

/** The cues of these videos, in order. */
export async function cuesOf(sql: Sql, videoIds: ReadonlyArray<string>): Promise<Map<string, ExportCue[]>> {
  const byVideo = new Map<string, ExportCue[]>(videoIds.map((id) => [id, []]));
  if (videoIds.length === 0) return byVideo;
  const rows = await sql<{ videoId: string; startMs: number; endMs: number; text: string }[]>`
    select video_id as "videoId", start_ms as "startMs", end_ms as "endMs", text from transcript_segments
    where video_id = any(${sql.array([...videoIds])}) order by video_id, position`;
  for (const row of rows) byVideo.get(row.videoId)?.push({ startMs: row.startMs, endMs: row.endMs, text: row.text });
  return byVideo;
}
