// Scheduled: queue an oEmbed availability check for every video in anyone's library.
import type { Task } from 'graphile-worker';
import type { WorkerDeps } from '../../worker/pool.ts';

const PAGE = 500;

export function scheduleAvailabilityChecksTask(deps: WorkerDeps): Task {
  const { sql } = deps.database;
  return async (_payload, helpers) => {
    let afterId = '';
    let queued = 0;
    for (;;) {
      helpers.abortSignal.throwIfAborted();
      // Videos the Data API already shows as not public are checked first: at 20 checks a minute,
      // that is what gets the "Gone from YouTube" page right soonest.
      const page = await sql<{ id: string; suspect: boolean }[]>`
        select v.id, (v.privacy_status is distinct from 'public' and v.privacy_status is distinct from 'unlisted')
                     or v.transcript_status = 'skipped' as suspect
        from videos v
        where v.id > ${afterId} and exists (
          select 1 from playlist_videos pv join library_playlists lp on lp.playlist_id = pv.playlist_id
          where pv.video_id = v.id and pv.removed_at is null)
        order by v.id limit ${PAGE}`;
      if (page.length === 0) break;
      await helpers.addJobs(page.map((v) => ({
        identifier: 'check_video_availability', payload: { videoId: v.id }, jobKey: `check_video_availability:${v.id}`,
        maxAttempts: 6, priority: v.suspect ? 0 : 5,
      })), true);
      queued += page.length;
      afterId = page.at(-1)!.id;
    }
    helpers.logger.info(`queued ${queued} availability checks`);
  };
}
