import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseCronItems, run, type Runner, type Task, type TaskList, type WorkerEvents } from 'graphile-worker';
import type { WorkerPool } from './pool.ts';
import { poolPauses } from './pool-pauses.ts';
import type { Database } from '../db/client.ts';
import { isLostDatabaseConnection } from '../db/unavailable.ts';
import { log, withLogFields } from '../log.ts';
import { recordJobCompletions } from '../metrics/job-completions.ts';
import { jobErrors, jobsCompleted, jobsFailed } from '../metrics/instruments.ts';
import { workerLogger } from '../db/graphile-logger.ts';

export interface WorkerHandle {
  readonly workerId: string;
  stop(): Promise<void>;
}

const HEARTBEAT_MS = 10_000;
/** How soon a pause or resume on the jobs dashboard reaches every worker process. */
const PAUSE_CHECK_MS = 1_000;
const REAP_EVERY_MS = 15_000;
/** Backoff between attempts to restart a pool that lost its runner: 1 s, doubling up to 30 s. */
const RESTART_FIRST_DELAY_MS = 1_000;
const RESTART_MAX_DELAY_MS = 30_000;
/** What node-postgres answers when Graphile Worker uses a runner's connection pool after the runner stopped. */
const ENDED_POOL = 'Cannot use a pool after calling end on the pool';

/**
 * Runs one Graphile Worker runner per pool, writes a heartbeat, and looks out for dead workers:
 * Graphile Worker would leave a killed worker's jobs locked for four hours, so any worker unlocks
 * the jobs of one whose heartbeat has been silent for deadAfterSeconds. A pool paused on the jobs
 * dashboard has no runner until it is resumed; the heartbeat lists the pools running now.
 * Job outcomes go to the metrics and to job_completions (throughput on the dashboard).
 */
export async function startWorker(options: {
  connectionString: string;
  database: Database;
  pools: ReadonlyArray<WorkerPool>;
  deadAfterSeconds: number;
  /** False behind a transaction-mode pooler (see DATABASE_PREPARED_STATEMENTS). */
  preparedStatements?: boolean;
}): Promise<WorkerHandle> {
  const workerId = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const { sql } = options.database;
  // The pools running now (a paused one is not) and, per pool, the id graphile_worker.jobs.locked_by holds for its jobs.
  const runners = new Map<string, Runner>();
  const lockIds = new Map<string, string>();
  // Only a running pool's exits count: a paused pool fetches nothing.
  const exits = () => [...new Set(options.pools.filter((p) => runners.has(p.name)).flatMap((p) => p.exits ?? []))];
  const beat = () => sql`
    insert into worker_heartbeats (worker_id, hostname, pid, pools, graphile_worker_ids, exits)
    values (${workerId}, ${hostname()}, ${process.pid}, ${sql.json([...runners.keys()])}, ${sql.json([...lockIds.values()])}, ${sql.json(exits())})
    on conflict (worker_id) do update set last_seen_at = now(), pools = excluded.pools, graphile_worker_ids = excluded.graphile_worker_ids, exits = excluded.exits`;
  await beat();

  const completions = recordJobCompletions(sql);
  // Pools that lost their runner, while they wait to be started again.
  const restarting = new Map<string, Promise<void>>();
  const stopped = new AbortController();
  let stopping = false;

  async function startPool(pool: WorkerPool): Promise<void> {
    const events: WorkerEvents = new EventEmitter();
    events.on('pool:create', ({ workerPool }) => lockIds.set(pool.name, workerPool.id));
    events.on('job:success', ({ job }) => {
      jobsCompleted.inc({ task: job.task_identifier });
      completions.record(job.task_identifier, 'completed');
    });
    events.on('job:error', ({ job }) => {
      jobErrors.inc({ task: job.task_identifier });
      if (job.attempts < job.max_attempts) completions.record(job.task_identifier, 'errored');
    });
    events.on('job:failed', ({ job }) => {
      jobsFailed.inc({ task: job.task_identifier });
      completions.record(job.task_identifier, 'failed');
    });
    const runner = await run({
      connectionString: options.connectionString,
      concurrency: pool.concurrency,
      maxPoolSize: Math.min(pool.concurrency + 2, 20),
      noHandleSignals: true,
      noPreparedStatements: options.preparedStatements === false,
      logger: workerLogger,
      events,
      taskList: withJobLogFields(pool.taskList),
      parsedCronItems: parseCronItems([...(pool.cron ?? [])]),
    });
    runners.set(pool.name, runner);
    await pool.onStart?.().catch((err: unknown) => log.warn('worker pool start hook failed', { workerId, pool: pool.name, err }));
    // A runner we stopped (pause, shutdown) is no longer in the map; any other ending is replaced.
    runner.promise.then(() => replaceRunner(pool, 'its runner ended', runner), (err: unknown) => replaceRunner(pool, err, runner));
  }

  /**
   * A pool loses its runner when the runner ends on its own or fails to record a job's outcome (the
   * database went away): the jobs it held stay locked by it, so it is stopped (running jobs finish
   * or fail), those jobs are unlocked and a new runner starts, after 1 s, then 2, 4 … 30 s between
   * attempts for as long as they fail (the database is still away).
   */
  function replaceRunner(pool: WorkerPool, reason: unknown, ended?: Runner): void {
    const runner = runners.get(pool.name);
    if (!runner || stopping || (ended && ended !== runner)) return;
    runners.delete(pool.name);
    log.error('worker pool lost its runner; restarting it', { workerId, pool: pool.name, err: reason });
    const deadLockId = lockIds.get(pool.name);
    const restart = runner.stop().catch(() => { /* it had ended already */ }).then(() => restartPool(pool, deadLockId));
    restarting.set(pool.name, restart.finally(() => restarting.delete(pool.name)));
  }

  /**
   * Graphile Worker 0.18 records a job's outcome in a promise it does not await: when the database
   * is away at that moment the rejection is unhandled, which would end the process, and the job
   * stays locked by its pool. Its pool cannot be told from the error, so every pool is replaced.
   * A job that finishes after its runner stopped fails the same way against the runner's closed
   * connection pool; that runner's jobs are unlocked once it has stopped, so nothing is left to do.
   * Any other unhandled rejection still ends the process, as it would without this listener.
   */
  const onUnhandledRejection = (reason: unknown) => {
    if (reason instanceof Error && reason.message === ENDED_POOL) return;
    if (!isLostDatabaseConnection(reason)) throw reason;
    for (const pool of options.pools) replaceRunner(pool, reason);
  };
  process.on('unhandledRejection', onUnhandledRejection);

  async function restartPool(pool: WorkerPool, deadLockId: string | undefined): Promise<void> {
    for (let attempt = 1; !stopping; attempt++) {
      const delayMs = Math.min(RESTART_MAX_DELAY_MS, RESTART_FIRST_DELAY_MS * 2 ** (attempt - 1));
      log.warn('restarting worker pool', { workerId, pool: pool.name, attempt, inSeconds: delayMs / 1000 });
      await sleep(delayMs, undefined, { signal: stopped.signal }).catch(() => {});
      if (stopping) return;
      try {
        if (deadLockId) await sql`select graphile_worker.force_unlock_workers(${sql.array([deadLockId])}::text[])`;
        deadLockId = undefined;
        await startPool(pool);
      } catch (err) {
        log.warn('worker pool restart failed', { workerId, pool: pool.name, attempt, err });
        continue;
      }
      log.info('worker pool restarted', { workerId, pool: pool.name, attempt });
      await beat().catch((err) => log.warn('heartbeat failed', { err }));
      return;
    }
  }

  async function stopPool(name: string): Promise<void> {
    const runner = runners.get(name);
    if (!runner) return;
    runners.delete(name);
    await runner.stop();
    const lockId = lockIds.get(name);
    lockIds.delete(name);
    // Anything still locked by it (a job cut off mid-way) goes back to the queue now, not in four hours.
    if (lockId) await sql`select graphile_worker.force_unlock_workers(${sql.array([lockId])}::text[])`.catch((err) => log.warn('unlock failed', { err, pool: name }));
  }

  /** Stops the runners of pools paused on the jobs dashboard and starts those of pools resumed (or not paused at start-up). */
  async function followPauses(): Promise<void> {
    const paused = new Set((await poolPauses(sql)).map((p) => p.pool));
    let changed = false;
    for (const pool of options.pools) {
      if (stopping) return;
      if (paused.has(pool.name) && runners.has(pool.name)) {
        log.info('pausing worker pool: running jobs finish, no new ones start', { workerId, pool: pool.name });
        await stopPool(pool.name);
        changed = true;
      } else if (!paused.has(pool.name) && !runners.has(pool.name) && !restarting.has(pool.name)) {
        if (started) log.info('resuming worker pool', { workerId, pool: pool.name });
        await startPool(pool);
        changed = true;
      }
    }
    if (changed) await beat();
  }

  let started = false;
  await followPauses();
  started = true;
  let following = Promise.resolve();
  let checking = false;
  const pauseCheck = setInterval(() => {
    // One check at a time: pausing waits for the pool's running jobs, which may take a while.
    if (checking) return;
    checking = true;
    following = followPauses().catch((err) => log.warn('worker pool pause check failed', { err })).finally(() => { checking = false; });
  }, PAUSE_CHECK_MS);
  const heartbeat = setInterval(() => beat().catch((err) => log.warn('heartbeat failed', { err })), HEARTBEAT_MS);
  const reaper = setInterval(() => reapDeadWorkers(options.database, options.deadAfterSeconds).catch((err) => log.warn('dead-worker check failed', { err })), REAP_EVERY_MS);
  pauseCheck.unref();
  heartbeat.unref();
  reaper.unref();
  log.info('worker started', {
    workerId, pools: options.pools.map((p) => `${p.name}×${p.concurrency}${runners.has(p.name) ? '' : ' (paused)'}`),
  });

  return {
    workerId,
    async stop() {
      stopping = true;
      clearInterval(pauseCheck);
      clearInterval(heartbeat);
      clearInterval(reaper);
      await following;
      stopped.abort();
      await Promise.all(restarting.values());
      await Promise.all([...runners.keys()].map(stopPool));
      process.off('unhandledRejection', onUnhandledRejection);
      await completions.stop();
      await sql`delete from worker_heartbeats where worker_id = ${workerId}`.catch(() => {});
      log.info('worker stopped', { workerId });
    },
  };
}

/** Every line logged while a job runs (ours or a library's) names the job and its task. */
function withJobLogFields(taskList: TaskList): TaskList {
  return Object.fromEntries(Object.entries(taskList).flatMap(([identifier, task]): Array<[string, Task]> => task ? [[
    identifier,
    (payload, helpers) => withLogFields({ jobId: helpers.job.id, task: identifier }, () => task(payload, helpers)),
  ]] : []));
}

/** Unlocks the jobs of workers whose heartbeat went silent; returns how many workers were reaped. */
export async function reapDeadWorkers(database: Database, deadAfterSeconds: number): Promise<number> {
  const { sql } = database;
  const dead = await sql<{ worker_id: string; graphile_worker_ids: string[] }[]>`
    delete from worker_heartbeats where last_seen_at < now() - make_interval(secs => ${deadAfterSeconds})
    returning worker_id, graphile_worker_ids`;
  const ids = dead.flatMap((d) => d.graphile_worker_ids);
  if (ids.length > 0) await sql`select graphile_worker.force_unlock_workers(${sql.array(ids)}::text[])`;
  if (dead.length > 0) log.warn('unlocked the jobs of dead workers', { workers: dead.map((d) => d.worker_id) });
  return dead.length;
}
