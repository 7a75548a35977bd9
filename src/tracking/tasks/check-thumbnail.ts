// One video's thumbnail: fetched, measured from its header, classified and stored.
import type { Task } from 'graphile-worker';
import type { WorkerDeps } from '../../worker/pool.ts';
import { probeThumbnail } from '../../youtube/thumbnail-probe.ts';
import { thumbnailUrl } from '../../youtube/thumbnail-url.ts';
import { assertVideoIdPayload } from '../payloads.ts';

export function checkThumbnailTask(deps: WorkerDeps): Task {
  const { sql } = deps.database;
  return async (payload, helpers) => {
    assertVideoIdPayload('check_thumbnail', payload);
    const { videoId } = payload;
    const [video] = await sql<{ thumbnail_url: string | null }[]>`select thumbnail_url from videos where id = ${videoId}`;
    if (!video) return;
    const url = thumbnailUrl(deps.config.youtubeThumbnailUrl, videoId, video.thumbnail_url);
    const probe = await probeThumbnail(url, { timeoutMs: deps.config.thumbnailTimeoutMs, signal: helpers.abortSignal });
    // The kept picture survives later failed checks: it is what the "Gone from YouTube" page shows.
    await sql`
      insert into thumbnail_checks (video_id, url, status, width, height, http_status, problem, checked_at, kept_image, kept_image_type)
      values (${videoId}, ${url}, ${probe.status}, ${probe.width}, ${probe.height}, ${probe.httpStatus}, ${probe.problem}, now(),
              ${probe.image}, ${probe.contentType})
      on conflict (video_id) do update set url = excluded.url, status = excluded.status, width = excluded.width,
        height = excluded.height, http_status = excluded.http_status, problem = excluded.problem, checked_at = excluded.checked_at,
        kept_image = coalesce(excluded.kept_image, thumbnail_checks.kept_image),
        kept_image_type = case when excluded.kept_image is null then thumbnail_checks.kept_image_type else excluded.kept_image_type end`;
  };
}
