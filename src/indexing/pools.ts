// The indexing feature's worker pool: playlist listing, transcript fetches and the daily re-sync.
import type { WorkerDeps, WorkerPool } from '../worker/pool.ts';
import { exitSpecs } from '../youtube/exits.ts';
import { wakeParkedTranscriptJobs } from './exit-handover.ts';
import { fetchTranscriptTask } from './tasks/fetch-transcript.ts';
import { indexPlaylistTask } from './tasks/index-playlist.ts';
import { RESYNC_SCHEDULE, resyncPlaylistsTask } from './tasks/resync-playlists.ts';

export function indexingPools(deps: WorkerDeps): WorkerPool[] {
  const exits = exitSpecs(deps.config).map((exit) => exit.name);
  return [
    {
      name: 'indexing',
      concurrency: deps.config.workerConcurrency,
      taskList: {
        index_playlist: indexPlaylistTask(deps),
        fetch_transcript: fetchTranscriptTask(deps),
        resync_playlists: resyncPlaylistsTask(deps),
      },
      exits,
      // A worker that brings a working exit (a home worker, say) takes over the jobs parked for benched ones.
      onStart: async () => { await wakeParkedTranscriptJobs(deps.database.sql, exits); },
      cron: [{ task: RESYNC_SCHEDULE.task, match: RESYNC_SCHEDULE.pattern, identifier: RESYNC_SCHEDULE.task, options: { backfillPeriod: 0 } }],
    },
  ];
}
