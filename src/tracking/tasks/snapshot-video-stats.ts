// Scheduled: one statistics reading of every tracked video, 50 ids per videos.list call.
import type { Task } from 'graphile-worker';
import type { WorkerDeps } from '../../worker/pool.ts';
import { trackingDataApi } from '../tracking-data-api.ts';
import { enqueueScoring, recordReadings, VIDEOS_PER_CALL } from '../readings.ts';
import { trackedVideoIds } from '../tracked-videos.ts';

export interface SnapshotVideoStatsPayload {
  /** Videos read since then are done (defaults to when the job was created). */
  readonly since?: string;
  readonly afterId?: string;
}

export function assertSnapshotVideoStatsPayload(payload: unknown): asserts payload is SnapshotVideoStatsPayload {
  const { since, afterId } = (payload ?? {}) as { since?: unknown; afterId?: unknown };
  const validSince = since === undefined || (typeof since === 'string' && !Number.isNaN(Date.parse(since)));
  if (typeof payload !== 'object' || !validSince || (afterId !== undefined && typeof afterId !== 'string')) {
    throw new Error('snapshot_video_stats payload must be { since?: ISO date, afterId?: video id }');
  }
}

/**
 * Resumable: a retry skips videos already read since the run began, and at the soft time limit
 * (or on shutdown) the task stops between batches and leaves the rest to a follow-up job.
 */
export function snapshotVideoStatsTask(deps: WorkerDeps): Task {
  const { sql } = deps.database;
  return async (payload, helpers) => {
    assertSnapshotVideoStatsPayload(payload);
    const api = trackingDataApi(deps.config, sql);
    const since = new Date(payload.since ?? helpers.job.created_at);
    let afterId = payload.afterId ?? '';
    let read = 0;
    for (;;) {
      if (helpers.abortSignal.aborted) {
        await helpers.addJob('snapshot_video_stats', { since: since.toISOString(), afterId }, { jobKey: 'snapshot_video_stats:continue', maxAttempts: 5 });
        helpers.logger.info(`stopped after ${read} readings; a follow-up job continues after ${afterId}`);
        return;
      }
      const ids = await trackedVideoIds(sql, { afterId, limit: VIDEOS_PER_CALL, includeTrending: true, unreadSince: since });
      if (ids.length === 0) break;
      const details = await api.getVideos(ids);
      await sql.begin((tx) => recordReadings(tx, details));
      await enqueueScoring(helpers, details.map((d) => d.id));
      read += details.length;
      afterId = ids.at(-1)!;
    }
    helpers.logger.info(`recorded ${read} statistics readings`);
  };
}
