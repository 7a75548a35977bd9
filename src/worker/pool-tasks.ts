// Which pool runs which task, as a plain table: the jobs dashboard and /metrics read it without
// building every task (tests/tracking-pools.test.ts checks it against the pools the workers build).
export const POOL_TASKS = {
  indexing: ['index_playlist', 'fetch_transcript', 'resync_playlists'],
  tracking: ['snapshot_video_stats', 'fetch_trending_charts'],
  scoring: ['score_virality'],
  thumbnails: ['schedule_thumbnail_checks', 'check_thumbnail'],
  deadvideos: ['schedule_availability_checks', 'check_video_availability'],
} as const satisfies Record<string, ReadonlyArray<string>>;
