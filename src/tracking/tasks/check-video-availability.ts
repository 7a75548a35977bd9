// One video's oEmbed check, within the oEmbed rate shared by every worker process.
import type { Task } from 'graphile-worker';
import type { Sql } from '../../db/client.ts';
import type { WorkerDeps } from '../../worker/pool.ts';
import { checkOembed, type Availability } from '../../youtube/oembed.ts';
import { takeToken } from '../../youtube/rate-limiter.ts';
import { trackingDataApi } from '../tracking-data-api.ts';
import { assertVideoIdPayload } from '../payloads.ts';

const OEMBED_TIMEOUT_MS = 10_000;

/** The bucket every process shares; a burst of one keeps any minute at the configured rate. */
export function oembedBucket(perMinute: number) {
  return { name: 'youtube-oembed', ratePerSecond: perMinute / 60, burst: 1 };
}

export class AvailabilityUnknownError extends Error {
  override name = 'AvailabilityUnknownError';
}

/**
 * oEmbed also answers 401 for public videos whose owner disabled embedding. When the Data API
 * (with an API key, which never sees private videos) still lists the video as public or unlisted,
 * it is public. Undefined when the Data API could not say.
 */
async function listedPublicly(deps: WorkerDeps, videoId: string): Promise<boolean | undefined> {
  if (!deps.config.youtubeApiKey) return false;
  try {
    const [video] = await trackingDataApi(deps.config, deps.database.sql).getVideos([videoId]);
    return video?.privacyStatus === 'public' || video?.privacyStatus === 'unlisted';
  } catch {
    return undefined;
  }
}

/** A deleted video's virality score goes with it: its counts stopped, so the last score would stand for ever. */
async function recordDefinite(sql: Sql, videoId: string, status: Exclude<Availability, 'unknown'>, httpStatus: number | null, note: string | null): Promise<void> {
  if (status === 'deleted') await sql`delete from virality_scores where video_id = ${videoId}`;
  await sql`
    insert into video_availability_checks (video_id, status, http_status, checked_at, gone_since, last_attempt_at, last_problem)
    values (${videoId}, ${status}, ${httpStatus}, now(), case when ${status} <> 'public' then now() end, now(), ${note})
    on conflict (video_id) do update set status = excluded.status, http_status = excluded.http_status,
      checked_at = excluded.checked_at, last_attempt_at = excluded.last_attempt_at, last_problem = excluded.last_problem,
      gone_since = case when excluded.status = 'public' then null
                        else coalesce(video_availability_checks.gone_since, excluded.gone_since) end`;
}

/** An unclear answer changes nothing but the attempt time; the job fails so Graphile Worker retries later. */
async function recordUnknown(sql: Sql, videoId: string, httpStatus: number | null, problem: string): Promise<never> {
  await sql`
    insert into video_availability_checks (video_id, status, http_status, last_attempt_at, last_problem)
    values (${videoId}, 'unknown', ${httpStatus}, now(), ${problem})
    on conflict (video_id) do update set last_attempt_at = excluded.last_attempt_at, last_problem = excluded.last_problem`;
  throw new AvailabilityUnknownError(`${problem}; video ${videoId} will be checked again later`);
}

export function checkVideoAvailabilityTask(deps: WorkerDeps): Task {
  const { sql } = deps.database;
  const bucket = oembedBucket(deps.config.oembedRatePerMinute);
  return async (payload, helpers) => {
    assertVideoIdPayload('check_video_availability', payload);
    const { videoId } = payload;
    await takeToken(sql, bucket, helpers.abortSignal);
    const answer = await checkOembed(videoId, { webUrl: deps.config.youtubeWebUrl, timeoutMs: OEMBED_TIMEOUT_MS, signal: helpers.abortSignal });
    if (answer.availability === 'unknown') return recordUnknown(sql, videoId, answer.httpStatus, answer.problem ?? 'oEmbed gave no clear answer');
    if (answer.availability === 'private') {
      const listed = await listedPublicly(deps, videoId);
      if (listed === undefined) return recordUnknown(sql, videoId, answer.httpStatus, `oEmbed answered HTTP ${answer.httpStatus} and the Data API could not confirm whether the video is private`);
      if (listed) return recordDefinite(sql, videoId, 'public', answer.httpStatus, 'public, but its owner disabled embedding');
    }
    await recordDefinite(sql, videoId, answer.availability, answer.httpStatus, null);
  };
}
