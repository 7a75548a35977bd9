// Throughput for the jobs dashboard. Graphile Worker deletes a job once it succeeds, so nothing in
// its tables says how many jobs finished lately: each worker process counts outcomes per minute in
// memory and adds them to job_completions every couple of seconds (one statement per flush, not one
// per job, so fifty concurrent transcript jobs do not queue up on the same counter row).
import type { Sql } from '../db/client.ts';
import { log } from '../log.ts';

export type JobOutcome = 'completed' | 'errored' | 'failed';

const FLUSH_EVERY_MS = 2_000;
const KEEP_HOURS = 24;

export interface JobCompletionRecorder {
  record(task: string, outcome: JobOutcome): void;
  /** Writes what was counted so far and stops the timer. */
  stop(): Promise<void>;
}

export function recordJobCompletions(sql: Sql): JobCompletionRecorder {
  let pending = new Map<string, { minute: Date; task: string; outcome: JobOutcome; count: number }>();

  async function flush(): Promise<void> {
    if (pending.size === 0) return;
    const rows = [...pending.values()];
    pending = new Map();
    try {
      await sql`
        insert into job_completions ${sql(rows, 'minute', 'task', 'outcome', 'count')}
        on conflict (minute, task, outcome) do update set count = job_completions.count + excluded.count`;
      await sql`delete from job_completions where minute < now() - make_interval(hours => ${KEEP_HOURS})`;
    } catch (err) {
      log.warn('could not record job completions; these counts are lost', { err, rows: rows.length });
    }
  }

  let flushing = Promise.resolve();
  const timer = setInterval(() => { flushing = flushing.then(flush); }, FLUSH_EVERY_MS);
  timer.unref();

  return {
    record(task, outcome) {
      const minute = new Date(Math.floor(Date.now() / 60_000) * 60_000);
      const key = `${minute.getTime()} ${task} ${outcome}`;
      const row = pending.get(key);
      if (row) row.count += 1;
      else pending.set(key, { minute, task, outcome, count: 1 });
    },
    async stop() {
      clearInterval(timer);
      flushing = flushing.then(flush);
      await flushing;
    },
  };
}
