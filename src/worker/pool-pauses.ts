// Pausing a worker pool from the jobs dashboard. Graphile Worker has no pause, so a paused pool is a
// row in worker_pool_pauses, and every worker process stops that pool's runner until the row goes
// (src/worker/runner.ts). Nothing about the queued jobs changes: attempts, run_at, keys and jobs
// added meanwhile all wait as they are, and run as soon as the pool is resumed.
import type { Sql } from '../db/client.ts';

export interface PoolPause {
  readonly pool: string;
  readonly pausedAt: Date;
  readonly pausedBy: string;
}

export async function poolPauses(sql: Sql): Promise<PoolPause[]> {
  return sql<PoolPause[]>`select pool, paused_at as "pausedAt", paused_by as "pausedBy" from worker_pool_pauses order by pool`;
}

export async function pausePool(sql: Sql, pool: string, pausedBy: string): Promise<void> {
  await sql`insert into worker_pool_pauses (pool, paused_by) values (${pool}, ${pausedBy}) on conflict (pool) do nothing`;
}

export async function resumePool(sql: Sql, pool: string): Promise<void> {
  await sql`delete from worker_pool_pauses where pool = ${pool}`;
}
