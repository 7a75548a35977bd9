import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { parseCronItems, run, type CronItem, type Runner, type TaskList } from 'graphile-worker';
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

/** Runs one Graphile Worker runner per pool, and a heartbeat row /healthz can read. */
export async function startWorker(options: {
  connectionString: string;
  database: Database;
  pools: ReadonlyArray<WorkerPool>;
}): Promise<WorkerHandle> {
  const workerId = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const { sql } = options.database;
  const poolNames = options.pools.map((p) => p.name);
  const beat = () => sql`
    insert into worker_heartbeats (worker_id, hostname, pid, pools)
    values (${workerId}, ${hostname()}, ${process.pid}, ${sql.json(poolNames)})
    on conflict (worker_id) do update set last_seen_at = now()`;
  await beat();
  const timer = setInterval(() => beat().catch((err) => log.warn('heartbeat failed', { err })), HEARTBEAT_MS);
  timer.unref();

  const runners: Runner[] = [];
  for (const pool of options.pools) {
    runners.push(await run({
      connectionString: options.connectionString,
      concurrency: pool.concurrency,
      maxPoolSize: Math.min(pool.concurrency + 2, 20),
      noHandleSignals: true,
      logger: workerLogger,
      taskList: pool.taskList,
      parsedCronItems: parseCronItems([...(pool.cron ?? [])]),
    }));
  }
  log.info('worker started', { workerId, pools: options.pools.map((p) => `${p.name}×${p.concurrency}`) });

  return {
    workerId,
    done: Promise.race(runners.map((r) => r.promise)),
    async stop() {
      clearInterval(timer);
      await Promise.all(runners.map((r) => r.stop()));
      await sql`delete from worker_heartbeats where worker_id = ${workerId}`.catch(() => {});
      log.info('worker stopped', { workerId });
    },
  };
}
