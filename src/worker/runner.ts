import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import { parseCronItems, run, type CronItem, type Runner, type TaskList, type WorkerEvents } from 'graphile-worker';
import type { Database } from '../db/client.ts';
import { log } from '../log.ts';
import { workerLogger } from './logger.ts';

/**
 * A named pool: its own Graphile Worker runner with its own concurrency, so slow or rate-limited
 * work (thumbnails, dead-video checks) never starves the critical path (transcripts).
 * A runner only takes jobs whose task is in its task list.
 */
export interface WorkerPool {
  readonly name: string;
  readonly concurrency: number;
  readonly taskList: TaskList;
  readonly cron?: ReadonlyArray<CronItem>;
}

export interface WorkerHandle {
  readonly workerId: string;
  stop(): Promise<void>;
  /** Settles when any pool's runner exits on its own. */
  readonly done: Promise<void>;
}

const HEARTBEAT_MS = 10_000;
const REAP_EVERY_MS = 15_000;

/**
 * Runs one Graphile Worker runner per pool, writes a heartbeat, and looks out for dead workers:
 * Graphile Worker would leave a killed worker's jobs locked for four hours, so any worker unlocks
 * the jobs of one whose heartbeat has been silent for deadAfterSeconds.
 */
export async function startWorker(options: {
  connectionString: string;
  database: Database;
  pools: ReadonlyArray<WorkerPool>;
  deadAfterSeconds: number;
}): Promise<WorkerHandle> {
  const workerId = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const { sql } = options.database;
  const poolNames = options.pools.map((p) => p.name);
  // What graphile_worker.jobs.locked_by will hold for jobs this process takes.
  const lockIds: string[] = [];
  const beat = () => sql`
    insert into worker_heartbeats (worker_id, hostname, pid, pools, graphile_worker_ids)
    values (${workerId}, ${hostname()}, ${process.pid}, ${sql.json(poolNames)}, ${sql.json(lockIds)})
    on conflict (worker_id) do update set last_seen_at = now(), graphile_worker_ids = excluded.graphile_worker_ids`;
  await beat();

  const runners: Runner[] = [];
  for (const pool of options.pools) {
    const events: WorkerEvents = new EventEmitter();
    events.on('pool:create', ({ workerPool }) => lockIds.push(workerPool.id));
    runners.push(await run({
      connectionString: options.connectionString,
      concurrency: pool.concurrency,
      maxPoolSize: Math.min(pool.concurrency + 2, 20),
      noHandleSignals: true,
      logger: workerLogger,
      events,
      taskList: pool.taskList,
      parsedCronItems: parseCronItems([...(pool.cron ?? [])]),
    }));
  }
  await beat();
  const heartbeat = setInterval(() => beat().catch((err) => log.warn('heartbeat failed', { err })), HEARTBEAT_MS);
  const reaper = setInterval(() => reapDeadWorkers(options.database, options.deadAfterSeconds).catch((err) => log.warn('dead-worker check failed', { err })), REAP_EVERY_MS);
  heartbeat.unref();
  reaper.unref();
  log.info('worker started', { workerId, pools: options.pools.map((p) => `${p.name}×${p.concurrency}`) });

  return {
    workerId,
    done: Promise.race(runners.map((r) => r.promise)),
    async stop() {
      clearInterval(heartbeat);
      clearInterval(reaper);
      await Promise.all(runners.map((r) => r.stop()));
      // Anything still locked by us (a job cut off mid-way) goes back to the queue now, not in four hours.
      await sql`select graphile_worker.force_unlock_workers(${sql.array(lockIds)}::text[])`.catch((err) => log.warn('unlock on stop failed', { err }));
      await sql`delete from worker_heartbeats where worker_id = ${workerId}`.catch(() => {});
      log.info('worker stopped', { workerId });
    },
  };
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
