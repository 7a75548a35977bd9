// Daily: every playlist that was indexed before gets a "new only" run, so new videos are indexed,
// removed ones leave the playlist (staying searchable), and "no captions" verdicts older than 30 days
// are asked again (see NO_CAPTIONS_RECHECK_DAYS).
import type { Task } from 'graphile-worker';
import type { WorkerDeps } from '../../worker/pool.ts';
import { startIndexRun } from '../runs.ts';

/** Daily at 04:17 UTC; also the identifier of its cron item. Listed on the Schedules page. */
export const RESYNC_SCHEDULE = { task: 'resync_playlists', pattern: '17 4 * * *' } as const;

export function resyncPlaylistsTask(deps: WorkerDeps): Task {
  const { sql } = deps.database;
  return async (_payload, helpers) => {
    const playlists = await sql<{ playlist_id: string; requested_by: number | null }[]>`
      select distinct on (r.playlist_id) r.playlist_id, r.requested_by
      from index_runs r where r.status = 'completed'
        and exists (select 1 from library_playlists lp where lp.playlist_id = r.playlist_id)
      order by r.playlist_id, r.id desc`;
    let started = 0;
    for (const p of playlists) {
      if ((await startIndexRun(sql, p.playlist_id, p.requested_by, 'new')).created) started++;
    }
    helpers.logger.info(`re-sync started ${started} of ${playlists.length} playlists`);
  };
}
