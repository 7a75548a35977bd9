// What the jobs dashboard and /metrics read: Graphile Worker's public jobs view, our
// job_completions counts, worker heartbeats and pauses, the circuit breaker and the quota meter.
import type { TranscriptClient } from '../config.ts';
import type { Sql } from '../db/client.ts';
import { POOL_TASKS } from '../worker/pool-tasks.ts';
import { quotaDay } from '../youtube/quota.ts';
import { poolPauses, type PoolPause } from '../worker/pool-pauses.ts';

export const JOB_STATES = ['queued', 'scheduled', 'running', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

/** For jobs whose task no pool runs (a task that was renamed or removed, say). */
export const NO_POOL = '(no pool)';

/**
 * One job's state, as SQL over graphile_worker.jobs. Graphile Worker treats a lock older than four
 * hours as abandoned, so such a job counts as waiting again, as it does for the workers.
 */
const STATE = `case
  when locked_at is not null and locked_at > now() - interval '4 hours' then 'running'
  when attempts >= max_attempts then 'failed'
  when run_at > now() then 'scheduled'
  else 'queued' end`;

export interface PoolDirectory {
  /** Pool names in the order the workers define them. */
  readonly pools: ReadonlyArray<string>;
  /** Every task some pool runs, pool by pool. */
  readonly tasks: ReadonlyArray<string>;
  poolOf(task: string): string;
}

/** Which pool runs which task (src/worker/pool-tasks.ts). */
export function poolDirectory(): PoolDirectory {
  const byTask = new Map(Object.entries(POOL_TASKS).flatMap(([pool, tasks]) => tasks.map((task) => [task as string, pool] as const)));
  return { pools: Object.keys(POOL_TASKS), tasks: [...byTask.keys()], poolOf: (task) => byTask.get(task) ?? NO_POOL };
}

export interface TaskCounts {
  readonly task: string;
  readonly pool: string;
  readonly counts: Readonly<Record<JobState, number>>;
  /** Outcomes in the last 15 minutes (job_completions). */
  readonly completed15m: number;
  readonly errored15m: number;
  readonly failed15m: number;
}

/** Jobs per task and state right now; every task a pool runs is listed, waiting jobs or not. */
export async function jobCountsByTask(sql: Sql, directory: PoolDirectory): Promise<TaskCounts[]> {
  const rows = await sql<{ task: string; state: JobState; n: number }[]>`
    select task_identifier as task, ${sql.unsafe(STATE)} as state, count(*)::int as n
    from graphile_worker.jobs group by 1, 2`;
  const recent = await sql<{ task: string; outcome: string; n: number }[]>`
    select task, outcome, sum(count)::int as n from job_completions
    where minute >= date_trunc('minute', now()) - interval '14 minutes' group by 1, 2`;
  const tasks = new Set([...directory.tasks, ...rows.map((r) => r.task), ...recent.map((r) => r.task)]);
  const count = (task: string, state: JobState) => rows.find((r) => r.task === task && r.state === state)?.n ?? 0;
  const outcome = (task: string, name: string) => recent.find((r) => r.task === task && r.outcome === name)?.n ?? 0;
  return [...tasks]
    .map((task) => ({
      task,
      pool: directory.poolOf(task),
      counts: Object.fromEntries(JOB_STATES.map((s) => [s, count(task, s)])) as Record<JobState, number>,
      completed15m: outcome(task, 'completed'),
      errored15m: outcome(task, 'errored'),
      failed15m: outcome(task, 'failed'),
    }))
    // Pool by pool as the workers define them; tasks no pool runs come last.
    .sort((a, b) => order(directory.tasks, a.task) - order(directory.tasks, b.task) || a.task.localeCompare(b.task));
}

const order = (list: ReadonlyArray<string>, item: string) => {
  const i = list.indexOf(item);
  return i === -1 ? list.length : i;
};

export interface PoolSummary {
  readonly pool: string;
  readonly pause: PoolPause | undefined;
  /** Live worker processes running this pool now (a paused pool drops to 0 once its running jobs finish). */
  readonly workers: number;
  readonly counts: Readonly<Record<JobState, number>>;
  readonly completed15m: number;
}

export async function poolSummaries(sql: Sql, directory: PoolDirectory, tasks: ReadonlyArray<TaskCounts>, deadAfterSeconds: number): Promise<PoolSummary[]> {
  const pauses = await poolPauses(sql);
  const workers = await sql<{ pool: string; n: number }[]>`
    select pool, count(*)::int as n from worker_heartbeats, jsonb_array_elements_text(pools) as pool
    where last_seen_at > now() - make_interval(secs => ${deadAfterSeconds}) group by pool`;
  const names = [...directory.pools, ...(tasks.some((t) => t.pool === NO_POOL) ? [NO_POOL] : [])];
  return names.map((pool) => {
    const mine = tasks.filter((t) => t.pool === pool);
    return {
      pool,
      pause: pauses.find((p) => p.pool === pool),
      workers: workers.find((w) => w.pool === pool)?.n ?? 0,
      counts: Object.fromEntries(JOB_STATES.map((s) => [s, mine.reduce((n, t) => n + t.counts[s], 0)])) as Record<JobState, number>,
      completed15m: mine.reduce((n, t) => n + t.completed15m, 0),
    };
  });
}

export interface MinuteThroughput {
  readonly minute: Date;
  readonly completed: number;
  readonly failed: number;
}

/** Jobs completed and failed (last attempt) in each of the last 15 minutes, the current one last. */
export async function throughputLast15Minutes(sql: Sql): Promise<MinuteThroughput[]> {
  return sql<MinuteThroughput[]>`
    select m.minute,
      coalesce(sum(c.count) filter (where c.outcome = 'completed'), 0)::int as completed,
      coalesce(sum(c.count) filter (where c.outcome = 'failed'), 0)::int as failed
    from generate_series(date_trunc('minute', now()) - interval '14 minutes', date_trunc('minute', now()), interval '1 minute') as m(minute)
    left join job_completions c on c.minute = m.minute
    group by m.minute order by m.minute`;
}

export interface JobRow {
  readonly id: string;
  readonly task: string;
  readonly pool: string;
  readonly state: JobState;
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly lastError: string | null;
  readonly runAt: Date;
  readonly lockedAt: Date | null;
  readonly key: string | null;
}

type JobList = 'failed' | 'running' | 'waiting';

const LIST_FILTER: Record<JobList, string> = {
  // Failed for good, or erroring and waiting for a retry.
  failed: `(${STATE}) = 'failed' or (last_error is not null and (${STATE}) <> 'running')`,
  running: `(${STATE}) = 'running'`,
  waiting: `(${STATE}) in ('queued', 'scheduled') and last_error is null`,
};

const LIST_ORDER: Record<JobList, string> = {
  failed: 'updated_at desc, id desc',
  running: 'locked_at, id',
  waiting: 'run_at, priority, id',
};

/** The first `limit` jobs of a list, and how many there are in all. */
export async function jobList(sql: Sql, directory: PoolDirectory, list: JobList, limit: number): Promise<{ jobs: JobRow[]; total: number }> {
  const rows = await sql<Omit<JobRow, 'pool'>[]>`
    select id::text, task_identifier as task, ${sql.unsafe(STATE)} as state, attempts, max_attempts as "maxAttempts",
      last_error as "lastError", run_at as "runAt", locked_at as "lockedAt", key
    from graphile_worker.jobs where ${sql.unsafe(LIST_FILTER[list])}
    order by ${sql.unsafe(LIST_ORDER[list])} limit ${limit}`;
  const [total] = await sql<{ n: number }[]>`select count(*)::int as n from graphile_worker.jobs where ${sql.unsafe(LIST_FILTER[list])}`;
  return { jobs: rows.map((r) => ({ ...r, pool: directory.poolOf(r.task) })), total: total?.n ?? 0 };
}

/**
 * Gives a job its attempts back and makes it due now; false when a worker holds it or it is gone.
 * Through Graphile Worker's SQL function rather than WorkerUtils.rescheduleJobs, which sends
 * `attempts || null` and so turns "reset to 0" into "leave as is".
 */
export async function retryJob(sql: Sql, id: string): Promise<boolean> {
  const rows = await sql`select id from graphile_worker.reschedule_jobs(${[id]}::bigint[], run_at := now(), attempts := 0)`;
  return rows.length > 0;
}

export interface ClientSuccess {
  /** An innertube client as NAME:VERSION, or WEB (the watch page). */
  readonly client: string;
  /** In TRANSCRIPT_CLIENTS (the watch page is always asked last). */
  readonly configured: boolean;
  /** Transcripts this client brought in the last 24 hours. */
  readonly last24h: number;
}

/**
 * Transcripts of the last 24 hours by the client YouTube gave them to, every configured client listed
 * (a client with none is one YouTube stopped answering: time to change TRANSCRIPT_CLIENTS).
 */
export async function transcriptsByClient(sql: Sql, configured: ReadonlyArray<TranscriptClient>): Promise<ClientSuccess[]> {
  const rows = await sql<{ client: string; n: number }[]>`
    select transcript_client as client, count(*)::int as n from videos
    where transcript_client is not null and transcript_fetched_at > now() - interval '24 hours' group by 1`;
  const names = [...configured.map((c) => `${c.name}:${c.version}`), 'WEB'];
  const others = rows.map((r) => r.client).filter((client) => !names.includes(client)).sort();
  return [...names, ...others].map((client) => ({
    client, configured: names.includes(client), last24h: rows.find((r) => r.client === client)?.n ?? 0,
  }));
}

export interface QuotaState {
  readonly day: string;
  readonly used: number;
  readonly limit: number;
}

/** Data API units spent today (Pacific time, as Google counts) against YOUTUBE_DAILY_QUOTA. */
export async function quotaState(sql: Sql, dailyUnits: number): Promise<QuotaState> {
  const day = quotaDay();
  const [row] = await sql<{ used: number }[]>`select units_used as used from quota_usage where day = ${day}`;
  return { day, used: row?.used ?? 0, limit: dailyUnits };
}
