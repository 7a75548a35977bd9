// The tracking feature's worker pools, each with its own concurrency so a process can run any
// of them alone (`worker --pools=thumbnails`): Data API reads, CPU-bound scoring, I/O-bound
// thumbnail fetches, and rate-limited oEmbed checks.
import type { CronItem } from 'graphile-worker';
import type { WorkerDeps, WorkerPool } from '../worker/pool.ts';
import { withTimeLimits, type TimeLimits } from '../worker/time-limits.ts';
import { SCHEDULE_MAX_ATTEMPTS, TRACKING_SCHEDULES } from './schedules.ts';
import { checkThumbnailTask } from './tasks/check-thumbnail.ts';
import { checkVideoAvailabilityTask } from './tasks/check-video-availability.ts';
import { fetchTrendingChartsTask } from './tasks/fetch-trending-charts.ts';
import { scheduleAvailabilityChecksTask } from './tasks/schedule-availability-checks.ts';
import { scheduleThumbnailChecksTask } from './tasks/schedule-thumbnail-checks.ts';
import { scoreViralityTask } from './tasks/score-virality.ts';
import { snapshotVideoStatsTask } from './tasks/snapshot-video-stats.ts';

const seconds = (soft: number, hard: number): TimeLimits => ({ softMs: soft * 1000, hardMs: hard * 1000 });

export function trackingPools(deps: WorkerDeps): WorkerPool[] {
  const { config } = deps;
  const cronFor = (pool: string): CronItem[] => TRACKING_SCHEDULES.filter((s) => s.pool === pool).map((s) => ({
    task: s.task,
    identifier: s.task,
    match: config.trackingSchedules[s.name],
    options: { backfillPeriod: 0, maxAttempts: SCHEDULE_MAX_ATTEMPTS },
  }));
  return [
    {
      name: 'tracking',
      concurrency: config.trackingPoolConcurrency.tracking,
      taskList: {
        snapshot_video_stats: withTimeLimits(snapshotVideoStatsTask(deps), seconds(240, 300)),
        fetch_trending_charts: withTimeLimits(fetchTrendingChartsTask(deps), seconds(120, 180)),
      },
      cron: cronFor('tracking'),
    },
    {
      name: 'scoring',
      concurrency: config.trackingPoolConcurrency.scoring,
      taskList: { score_virality: withTimeLimits(scoreViralityTask(deps), seconds(20, 30)) },
    },
    {
      name: 'thumbnails',
      concurrency: config.trackingPoolConcurrency.thumbnails,
      taskList: {
        schedule_thumbnail_checks: withTimeLimits(scheduleThumbnailChecksTask(deps), seconds(60, 90)),
        // The fetch has its own timeout; the limits only catch a check that hangs past it.
        check_thumbnail: withTimeLimits(checkThumbnailTask(deps), { softMs: config.thumbnailTimeoutMs + 5000, hardMs: config.thumbnailTimeoutMs + 15000 }),
      },
      cron: cronFor('thumbnails'),
    },
    {
      name: 'deadvideos',
      concurrency: config.trackingPoolConcurrency.deadvideos,
      taskList: {
        schedule_availability_checks: withTimeLimits(scheduleAvailabilityChecksTask(deps), seconds(60, 90)),
        // Most of a check is waiting for its turn at the shared oEmbed rate.
        check_video_availability: withTimeLimits(checkVideoAvailabilityTask(deps), seconds(120, 150)),
      },
      cron: cronFor('deadvideos'),
    },
  ];
}
