// What every feature's worker pools are made of. Tasks take WorkerDeps; the pools that run them are
// built per feature (src/indexing/pools.ts, src/tracking/pools.ts) and gathered in ./pools.ts.
import type { CronItem, TaskList } from 'graphile-worker';
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';

/** What a task's factory gets: configuration and the database. */
export interface WorkerDeps {
  readonly config: Config;
  readonly database: Database;
}

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
  /** The exits to YouTube its jobs fetch through (src/youtube/exits.ts), announced with the heartbeat. */
  readonly exits?: ReadonlyArray<string>;
  /** Run each time the pool's runner starts (a failure is logged, the pool runs anyway). */
  readonly onStart?: () => Promise<void>;
}
