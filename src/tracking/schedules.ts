// The tracking schedules: each runs on a cron pattern from the config, and can be forced from the
// Schedules page ("Run now"), which is how a demo shows everything within a minute; outside the
// demo, at most once per RUN_NOW_MIN_INTERVAL_MINUTES each, unless an admin presses it.
import type { WorkerUtils } from 'graphile-worker';
import type { Config } from '../config.ts';
import type { Sql } from '../db/client.ts';
import { RESYNC_SCHEDULE } from '../indexing/tasks/resync-playlists.ts';
import { nextCronRun } from './next-run.ts';

export type ScheduleName = keyof Config['trackingSchedules'];

export interface TrackingSchedule {
  readonly name: ScheduleName;
  /** The Graphile Worker task the schedule queues. */
  readonly task: string;
  /** Tasks the scheduled one queues in turn, counted as its waiting work. */
  readonly followUps: ReadonlyArray<string>;
  /** The worker pool that runs the task (and therefore owns the cron item). */
  readonly pool: 'tracking' | 'thumbnails' | 'deadvideos';
  readonly label: string;
  readonly description: string;
}

export const TRACKING_SCHEDULES: ReadonlyArray<TrackingSchedule> = [
  {
    name: 'trending', task: 'fetch_trending_charts', followUps: ['score_virality'], pool: 'tracking', label: 'Trending charts',
    description: 'Fetches YouTube’s most popular chart of each region and keeps its ranks.',
  },
  {
    name: 'snapshots', task: 'snapshot_video_stats', followUps: ['score_virality'], pool: 'tracking', label: 'Statistics snapshots',
    description: 'Reads view, like and comment counts of every library and trending video, then re-scores them.',
  },
  {
    name: 'thumbnails', task: 'schedule_thumbnail_checks', followUps: ['check_thumbnail'], pool: 'thumbnails', label: 'Thumbnail checks',
    description: 'Checks that every tracked video’s thumbnail is a real picture.',
  },
  {
    name: 'availability', task: 'schedule_availability_checks', followUps: ['check_video_availability'], pool: 'deadvideos', label: 'Gone-video checks',
    description: 'Asks oEmbed whether each library video is still public, within the shared oEmbed rate.',
  },
];

/** A line of the Schedules page: a tracking schedule, or the indexing feature's daily re-sync. */
export interface ScheduleOverview {
  readonly name: string;
  readonly label: string;
  readonly description: string;
  readonly pool: string;
  readonly pattern: string;
  readonly waitingJobs: number;
  /** When the cron last fired or "Run now" last queued it; null if never. */
  readonly lastRunAt: Date | null;
  /** Null when the pattern does not fire within a month. */
  readonly nextRunAt: Date | null;
  /** What "Run now" forces; null for the re-sync, which only runs on its schedule. */
  readonly forcible: TrackingSchedule | null;
}

const RESYNC_LINE = {
  name: 'resync', label: 'Library re-sync', pool: 'indexing', task: RESYNC_SCHEDULE.task, followUps: [] as ReadonlyArray<string>,
  description: 'Gives every playlist indexed before a “new only” run: new videos are indexed, removed ones leave the list.',
};

/** Every schedule with its jobs waiting, when it last ran and when it runs next. */
export async function scheduleOverview(sql: Sql, patterns: Config['trackingSchedules'], now: Date): Promise<ScheduleOverview[]> {
  const lines = [...TRACKING_SCHEDULES.map((s) => ({ ...s, pattern: patterns[s.name], forcible: s })), { ...RESYNC_LINE, pattern: RESYNC_SCHEDULE.pattern, forcible: null }];
  const waiting = await sql<{ task_identifier: string; n: number }[]>`
    select task_identifier, count(*)::int as n from graphile_worker.jobs
    where task_identifier = any(${lines.flatMap((s) => [s.task, ...s.followUps])}::text[])
    group by task_identifier`;
  // Graphile Worker keeps each cron item's last firing (by identifier, our task names) in its
  // known-crontabs table; "Run now" keeps its own time. Read as epoch ms (see auth/session.ts).
  const fired = await sql<{ task: string; ms: number }[]>`
    select identifier as task, (extract(epoch from last_execution) * 1000)::float8 as ms
    from graphile_worker._private_known_crontabs where last_execution is not null`;
  const forced = await sql<{ name: string; ms: number }[]>`
    select name, (extract(epoch from requested_at) * 1000)::float8 as ms from schedule_run_requests`;
  const count = (task: string) => waiting.find((w) => w.task_identifier === task)?.n ?? 0;
  return lines.map((line) => {
    const last = Math.max(fired.find((f) => f.task === line.task)?.ms ?? 0, forced.find((f) => f.name === line.name)?.ms ?? 0);
    return {
      name: line.name, label: line.label, description: line.description, pool: line.pool, pattern: line.pattern,
      waitingJobs: count(line.task) + line.followUps.reduce((n, t) => n + count(t), 0),
      lastRunAt: last > 0 ? new Date(last) : null,
      nextRunAt: nextCronRun(line.pattern, now),
      forcible: line.forcible,
    };
  });
}

export function findSchedule(name: string): TrackingSchedule | undefined {
  return TRACKING_SCHEDULES.find((s) => s.name === name);
}

export const SCHEDULE_MAX_ATTEMPTS = 5;

/** Queues a schedule's task now; keyed, so forcing it twice before a worker starts it queues it once. */
export async function forceSchedule(queue: Pick<WorkerUtils, 'addJob'>, schedule: TrackingSchedule): Promise<void> {
  await queue.addJob(schedule.task, {}, { jobKey: `run-now:${schedule.task}`, maxAttempts: SCHEDULE_MAX_ATTEMPTS });
}

export type RunNowAnswer = { readonly queued: true } | { readonly queued: false; readonly requestedAt: Date; readonly againAt: Date };

/**
 * "Run now": queues the schedule unless "Run now" queued it less than `minIntervalMinutes` ago, so
 * pressing it over and over (one trending fetch spends a Data API unit per region and page) cannot
 * spend the day's quota. An admin may always force it; the time is recorded either way.
 */
export async function requestRunNow(
  sql: Sql, queue: Pick<WorkerUtils, 'addJob'>, schedule: TrackingSchedule, options: { minIntervalMinutes: number; admin: boolean },
): Promise<RunNowAnswer> {
  const [taken] = await sql`
    insert into schedule_run_requests (name, requested_at) values (${schedule.name}, now())
    on conflict (name) do update set requested_at = now()
      where ${options.admin} or schedule_run_requests.requested_at <= now() - make_interval(mins => ${options.minIntervalMinutes})
    returning 1`;
  if (taken) {
    await forceSchedule(queue, schedule);
    return { queued: true };
  }
  const [last] = await sql<{ requestedAtMs: number; againAtMs: number }[]>`
    select (extract(epoch from requested_at) * 1000)::float8 as "requestedAtMs",
      (extract(epoch from requested_at + make_interval(mins => ${options.minIntervalMinutes})) * 1000)::float8 as "againAtMs"
    from schedule_run_requests where name = ${schedule.name}`;
  return { queued: false, requestedAt: new Date(last!.requestedAtMs), againAt: new Date(last!.againAtMs) };
}
