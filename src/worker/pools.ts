import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import { fetchTranscriptTask } from '../indexing/tasks/fetch-transcript.ts';
import { indexPlaylistTask } from '../indexing/tasks/index-playlist.ts';
import { resyncPlaylistsTask } from '../indexing/tasks/resync-playlists.ts';
import { trackingPools } from '../tracking/pools.ts';
import type { WorkerPool } from './runner.ts';

export interface WorkerDeps {
  readonly config: Config;
  readonly database: Database;
}

/** Every feature's tasks, grouped into the pools a worker process can run (`worker --pools=a,b`). */
export function buildWorkerPools(deps: WorkerDeps): WorkerPool[] {
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
    ...trackingPools(deps),
  ];
}

/** The pools named on the command line, or all of them. */
export function selectPools(all: ReadonlyArray<WorkerPool>, names: ReadonlyArray<string> | undefined): WorkerPool[] {
  if (!names || names.length === 0) return [...all];
  const unknown = names.filter((n) => !all.some((p) => p.name === n));
  if (unknown.length > 0) throw new Error(`Unknown worker pool "${unknown[0]}": use one of ${all.map((p) => p.name).join(', ')}.`);
  return all.filter((p) => names.includes(p.name));
}
