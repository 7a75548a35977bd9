import { makeWorkerUtils, run, type Runner, type WorkerUtils } from 'graphile-worker';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HardTimeLimitError, SoftTimeLimitError, withTimeLimits } from '../src/worker/time-limits.ts';
import { workerLogger } from '../src/db/graphile-logger.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { waitUntil } from './helpers/wait.ts';

describe('withTimeLimits on a real Graphile Worker runner', () => {
  let db: TestDatabase;
  let runner: Runner;
  let utils: WorkerUtils;
  const seen: Record<string, { reason?: unknown; stoppedCleanly?: boolean; finished?: boolean }> = {};

  beforeAll(async () => {
    db = await createTestDatabase();
    utils = await makeWorkerUtils({ connectionString: db.url });
    const limits = { softMs: 200, hardMs: 600 };
    runner = await run({
      connectionString: db.url,
      concurrency: 3,
      noHandleSignals: true,
      logger: workerLogger,
      pollInterval: 200,
      taskList: {
        // Stops at the soft limit, as a well-behaved task does.
        cooperative: withTimeLimits(async (_payload, helpers) => {
          await new Promise<void>((resolve) => helpers.abortSignal.addEventListener('abort', () => resolve(), { once: true }));
          seen['cooperative'] = { reason: helpers.abortSignal.reason, stoppedCleanly: true };
        }, limits),
        // Ignores the signal and keeps going past the hard limit.
        stubborn: withTimeLimits(async (_payload, helpers) => {
          helpers.abortSignal.addEventListener('abort', () => { seen['stubborn'] = { reason: helpers.abortSignal.reason }; }, { once: true });
          await sleep(3000);
          seen['stubborn']!.finished = true;
        }, limits),
        quick: withTimeLimits(async (_payload, helpers) => {
          await sleep(20);
          seen['quick'] = { reason: helpers.abortSignal.reason, finished: true };
        }, limits),
      },
    });
  });

  afterAll(async () => {
    await runner?.stop();
    await utils?.release();
    await db?.drop();
  });

  const jobRow = async (task: string) => {
    const [row] = await db.database.sql<{ attempts: number; last_error: string | null; retry_in_seconds: number; locked: boolean }[]>`
      select attempts, last_error, extract(epoch from run_at - now())::float8 as retry_in_seconds, locked_at is not null as locked
      from graphile_worker.jobs where task_identifier = ${task}`;
    return row;
  };

  it('soft limit: the task’s abortSignal fires, the task stops cleanly and the job succeeds', async () => {
    await utils.addJob('cooperative', {});
    await waitUntil('the cooperative task to see its signal', async () => seen['cooperative'], 10_000);
    expect(seen['cooperative']!.reason).toBeInstanceOf(SoftTimeLimitError);
    await waitUntil('the cooperative job to finish', async () => (await jobRow('cooperative')) === undefined ? true : undefined, 10_000);
  });

  it('hard limit: the attempt fails with a clear error and is retried after a delay', async () => {
    const added = Date.now();
    await utils.addJob('stubborn', {}, { maxAttempts: 3 });
    const failed = await waitUntil('the stubborn job to fail its first attempt', async () => {
      const row = await jobRow('stubborn');
      return row && row.attempts === 1 && row.last_error && !row.locked ? row : undefined;
    }, 10_000);
    expect(Date.now() - added).toBeLessThan(2500);
    expect(seen['stubborn']?.reason).toBeInstanceOf(SoftTimeLimitError);
    expect(seen['stubborn']?.finished).toBeUndefined();
    expect(failed.last_error).toMatch(new RegExp(`${HardTimeLimitError.name}|hard time limit of 600 ms`));
    // Graphile Worker's backoff: the retry waits exp(1) ≈ 2.7 s or more.
    expect(failed.retry_in_seconds).toBeGreaterThan(1);
  });

  it('a task that finishes in time never sees its signal fire', async () => {
    await utils.addJob('quick', {});
    await waitUntil('the quick task to run', async () => seen['quick'], 10_000);
    expect(seen['quick']!.reason).toBeUndefined();
  });

  it('refuses limits where the hard one is not after the soft one', () => {
    expect(() => withTimeLimits(async () => {}, { softMs: 500, hardMs: 500 })).toThrow(RangeError);
  });
});
