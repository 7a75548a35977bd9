// Storing what videos.list said about videos' counters: a history row each, the latest values on
// the video itself, and a virality re-score of the videos that got a new reading.
import type { Helpers } from 'graphile-worker';
import type { Queryable } from '../db/client.ts';
import type { VideoDetails } from '../youtube/data-api.ts';

export const VIDEOS_PER_CALL = 50;

/** One history row per video and the latest counters on `videos`; hidden counts stay null. */
export async function recordReadings(sql: Queryable, details: ReadonlyArray<VideoDetails>): Promise<void> {
  if (details.length === 0) return;
  const rows = details.map((d) => ({
    video_id: d.id,
    view_count: d.viewCount,
    like_count: d.likeCount,
    comment_count: d.commentCount,
  }));
  await sql`insert into video_stat_snapshots ${sql(rows, 'video_id', 'view_count', 'like_count', 'comment_count')}`;
  // Several jobs store readings of the same videos at once (each region's chart, the snapshots), each
  // listing them in its own order: rows are locked in id order first, so two jobs never wait on each
  // other in a circle (a deadlock failed a snapshot job during \`npm start\`).
  await sql`select 1 from videos where id = any(${details.map((d) => d.id)}::text[]) order by id for no key update`;
  await sql`
    update videos v set view_count = r.view_count, like_count = r.like_count, comment_count = r.comment_count,
      privacy_status = coalesce(r.privacy_status, v.privacy_status)
    from jsonb_to_recordset(${sql.json(details.map((d) => ({
      id: d.id, view_count: d.viewCount, like_count: d.likeCount, comment_count: d.commentCount, privacy_status: d.privacyStatus,
    })))}) as r(id text, view_count bigint, like_count bigint, comment_count bigint, privacy_status text)
    where v.id = r.id`;
}

/** Trending videos may be new to us: store their details once; known videos keep theirs. */
export async function rememberVideos(sql: Queryable, details: ReadonlyArray<VideoDetails>): Promise<void> {
  if (details.length === 0) return;
  // In id order, like recordReadings' locks: two charts inserting the same new videos wait in one direction.
  const rows = [...details].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((d) => ({
    id: d.id,
    title: d.title,
    description: d.description,
    channel_id: d.channelId,
    channel_title: d.channelTitle,
    published_at: d.publishedAt,
    duration_seconds: d.durationSeconds,
    privacy_status: d.privacyStatus,
    thumbnail_url: d.thumbnailUrl,
    details_fetched_at: new Date(),
  }));
  await sql`
    insert into videos ${sql(rows, 'id', 'title', 'description', 'channel_id', 'channel_title', 'published_at', 'duration_seconds', 'privacy_status', 'thumbnail_url', 'details_fetched_at')}
    on conflict (id) do nothing`;
}

/** Scoring runs on its own pool, in batches of at most 50 videos. */
export async function enqueueScoring(helpers: Pick<Helpers, 'addJobs'>, videoIds: ReadonlyArray<string>): Promise<void> {
  const jobs = [];
  for (let i = 0; i < videoIds.length; i += VIDEOS_PER_CALL) {
    jobs.push({ identifier: 'score_virality', payload: { videoIds: videoIds.slice(i, i + VIDEOS_PER_CALL) }, maxAttempts: 5 });
  }
  if (jobs.length > 0) await helpers.addJobs(jobs);
}
