// Scheduled: queue a thumbnail check for every tracked video (the thumbnails pool runs them).
import type { Task } from 'graphile-worker';
import type { WorkerDeps } from '../../worker/pool.ts';
import { trackedVideoIds } from '../tracked-videos.ts';

const PAGE = 500;

export function scheduleThumbnailChecksTask(deps: WorkerDeps): Task {
  const { sql } = deps.database;
  return async (_payload, helpers) => {
    let afterId = '';
    let queued = 0;
    for (;;) {
      helpers.abortSignal.throwIfAborted();
      const ids = await trackedVideoIds(sql, { afterId, limit: PAGE, includeTrending: true });
      if (ids.length === 0) break;
      const checked = await sql<{ video_id: string }[]>`select video_id from thumbnail_checks where video_id = any(${ids}::text[])`;
      const known = new Set(checked.map((c) => c.video_id));
      // One job per video, keyed so a second run while checks are still queued adds nothing.
      await helpers.addJobs(ids.map((videoId) => ({
        identifier: 'check_thumbnail', payload: { videoId }, jobKey: `check_thumbnail:${videoId}`, maxAttempts: 3,
        priority: known.has(videoId) ? 5 : 0,
      })), true);
      queued += ids.length;
      afterId = ids.at(-1)!;
    }
    helpers.logger.info(`queued ${queued} thumbnail checks`);
  };
}
