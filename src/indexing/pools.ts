// The indexing feature's worker pool: playlist listing, transcript fetches and the daily re-sync.
import type { WorkerDeps, WorkerPool } from '../worker/pool.ts';
import { fetchTranscriptTask } from './tasks/fetch-transcript.ts';
import { indexPlaylistTask } from './tasks/index-playlist.ts';
import { resyncPlaylistsTask } from './tasks/resync-playlists.ts';

export function indexingPools(deps: WorkerDeps): WorkerPool[] {
  return [
    {
      name: 'indexing',
      concurrency: deps.config.workerConcurrency,
      taskList: {
        index_playlist: indexPlaylistTask(deps),
        fetch_transcript: fetchTranscriptTask(deps),
        resync_playlists: resyncPlaylistsTask(deps),
      },
      cron: [{ task: 'resync_playlists', match: '17 4 * * *', identifier: 'resync_playlists', options: { backfillPeriod: 0 } }],
    },
  ];
}
