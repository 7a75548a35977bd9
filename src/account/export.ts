// "Export my library": one JSON document with the person's playlists (and the order of their
// videos) and every video in them with its transcript, cue by cue. It is written as a stream, a
// page of videos at a time: a 3,000-video library never sits in memory whole, and no database
// connection stays checked out while a slow client reads (each page is its own short query).
// Postgres builds each object's JSON, so the export says exactly what the tables say.
import type { Sql } from '../db/client.ts';
import { log } from '../log.ts';

/** Bumped whenever a field changes meaning or goes away, so scripts reading exports can tell. */
export const EXPORT_VERSION = 1;
const VIDEOS_PER_PAGE = 25;

export interface ExportOwner {
  readonly id: number;
  readonly email: string;
  readonly name: string;
}

async function* exportChunks(sql: Sql, owner: ExportOwner): AsyncGenerator<string> {
  const header = { format: 'subtext-library-export', version: EXPORT_VERSION, exportedAt: new Date().toISOString(), user: { email: owner.email, name: owner.name } };
  yield `${JSON.stringify(header).slice(0, -1)},"playlists":[`;

  // A library holds tens of playlists, each a list of ids: small enough for one query.
  const playlists = await sql<{ json: string }[]>`
    select json_build_object(
      'id', p.id, 'kind', p.kind,
      -- A channel is its page; Single videos have no list on YouTube; liked videos are YouTube's "LL".
      'url', case p.kind when 'channel' then 'https://www.youtube.com/channel/' || p.channel_id when 'videos' then null
        else 'https://www.youtube.com/playlist?list=' || coalesce(p.youtube_list_id, p.id) end,
      'title', p.title, 'description', p.description,
      'channelId', p.channel_id, 'channelTitle', p.channel_title, 'privacyStatus', p.privacy_status,
      'source', lp.source, 'addedAt', lp.added_at,
      'videoIds', coalesce((select json_agg(pv.video_id order by pv.position) from playlist_videos pv
        where pv.playlist_id = p.id and pv.removed_at is null), '[]'::json)
    )::text as json
    from library_playlists lp join playlists p on p.id = lp.playlist_id
    where lp.user_id = ${owner.id}
    order by lower(p.title), p.id`;
  yield playlists.map((p) => p.json).join(',');
  yield '],"videos":[';

  for (let after = '', first = true; ; first = false) {
    const page = await sql<{ id: string; json: string }[]>`
      select v.id, json_build_object(
        'id', v.id, 'url', 'https://www.youtube.com/watch?v=' || v.id, 'title', v.title, 'description', v.description,
        'channelId', v.channel_id, 'channelTitle', v.channel_title, 'publishedAt', v.published_at,
        'durationSeconds', v.duration_seconds, 'viewCount', v.view_count, 'likeCount', v.like_count, 'commentCount', v.comment_count,
        'privacyStatus', v.privacy_status,
        'transcript', json_build_object('status', v.transcript_status, 'error', v.transcript_error, 'language', v.transcript_language,
          'kind', v.transcript_kind, 'fetchedAt', v.transcript_fetched_at),
        'segments', coalesce((select json_agg(json_build_object('startMs', s.start_ms, 'endMs', s.end_ms, 'text', s.text) order by s.position)
          from transcript_segments s where s.video_id = v.id), '[]'::json)
      )::text as json
      from videos v
      where v.id > ${after} and v.id in (
        select pv.video_id from playlist_videos pv join library_playlists lp on lp.playlist_id = pv.playlist_id
        where lp.user_id = ${owner.id} and pv.removed_at is null)
      order by v.id limit ${VIDEOS_PER_PAGE}`;
    if (page.length === 0) break;
    yield (first ? '' : ',') + page.map((v) => v.json).join(',');
    after = page.at(-1)!.id;
  }
  yield ']}';
}

/** The export as bytes; reading pulls the next page from the database, so a slow reader slows the queries, not memory. */
export function libraryExportStream(sql: Sql, owner: ExportOwner): ReadableStream<Uint8Array> {
  const chunks = exportChunks(sql, owner);
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (err) {
        // The status line has gone out already: all we can do is cut the download short and say why in the log.
        log.error('library export failed mid-stream', { userId: owner.id, err });
        controller.error(err);
      }
    },
    // The download was abandoned: stop paging.
    async cancel() {
      await chunks.return(undefined);
    },
  }, { highWaterMark: 1 });
}
