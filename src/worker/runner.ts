import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { parseCronItems, run, type CronItem, type Runner, type TaskList } from 'graphile-worker';
import type { Database } from '../db/client.ts';
import { log } from '../log.ts';
import { workerLogger } from './logger.ts';

export interface WorkerHandle {
  readonly workerId: string;
  stop(): Promise<void>;
  /** Resolves when the runner exits on its own (or rejects when it crashes). */
  readonly done: Promise<void>;
}

const HEARTBEAT_MS = 10_000;

/** Runs a Graphile Worker runner with our tasks, and a heartbeat row /healthz can read. */
export async function startWorker(options: {
  connectionString: string;
  database: Database;
  taskList: TaskList;
  concurrency: number;
  cron?: ReadonlyArray<CronItem>;
  pools?: ReadonlyArray<string>;
}): Promise<WorkerHandle> {
  const workerId = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const { sql } = options.database;
  const beat = () => sql`
    insert into worker_heartbeats (worker_id, hostname, pid, pools)
    values (${workerId}, ${hostname()}, ${process.pid}, ${sql.json([...(options.pools ?? ['default'])])})
    on conflict (worker_id) do update set last_seen_at = now()`;
  await beat();
  const timer = setInterval(() => beat().catch((err) => log.warn('heartbeat failed', { err })), HEARTBEAT_MS);
  timer.unref();

  const runner: Runner = await run({
    connectionString: options.connectionString,
    concurrency: options.concurrency,
    maxPoolSize: Math.min(options.concurrency + 2, 20),
    noHandleSignals: true,
    logger: workerLogger,
    taskList: options.taskList,
    parsedCronItems: parseCronItems([...(options.cron ?? [])]),
  });
  log.info('worker started', { workerId, concurrency: options.concurrency });

  return {
    workerId,
    done: runner.promise,
    async stop() {
      clearInterval(timer);
      await runner.stop();
      await sql`delete from worker_heartbeats where worker_id = ${workerId}`.catch(() => {});
      log.info('worker stopped', { workerId });
    },
  };
}
