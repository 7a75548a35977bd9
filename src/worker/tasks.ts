import type { CronItem, TaskList } from 'graphile-worker';
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';

export interface WorkerDeps {
  readonly config: Config;
  readonly database: Database;
}

/** Every feature's tasks and schedules, in one list for the runner. */
export function buildWorkerTasks(_deps: WorkerDeps): { taskList: TaskList; cron: ReadonlyArray<CronItem> } {
  return { taskList: {}, cron: [] };
}
