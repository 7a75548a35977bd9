// Two limits for every task. At the soft limit the task's abortSignal fires so it can stop cleanly
// (save what it has, leave the rest for the next run); at the hard limit the attempt fails whatever
// the task is doing, and Graphile Worker retries the job after its backoff delay.
import type { JobHelpers, Task } from 'graphile-worker';

export interface TimeLimits {
  /** Milliseconds until the task's abortSignal fires. */
  readonly softMs: number;
  /** Milliseconds until the attempt fails; greater than softMs. */
  readonly hardMs: number;
}

export class SoftTimeLimitError extends Error {
  override name = 'SoftTimeLimitError';
}

export class HardTimeLimitError extends Error {
  override name = 'HardTimeLimitError';
}

/**
 * Wraps a task so that helpers.abortSignal also fires at the soft limit (it already fires on worker
 * shutdown), and the attempt is failed at the hard limit. The abort reason is a SoftTimeLimitError.
 */
export function withTimeLimits(task: Task, limits: TimeLimits): Task {
  if (!(limits.hardMs > limits.softMs)) throw new RangeError('the hard time limit must be longer than the soft one');
  return async (payload, helpers) => {
    const identifier = helpers.job.task_identifier;
    const soft = new AbortController();
    const softTimer = setTimeout(() => {
      helpers.logger.warn(`${identifier} reached its soft time limit of ${limits.softMs} ms; asked it to stop`);
      soft.abort(new SoftTimeLimitError(`${identifier} reached its soft time limit of ${limits.softMs} ms`));
    }, limits.softMs);
    const abortSignal = AbortSignal.any([helpers.abortSignal, soft.signal]);
    const abortPromise = new Promise<void>((_, reject) => {
      abortSignal.addEventListener('abort', () => reject(abortSignal.reason), { once: true });
    });
    // Tasks that never await it must not turn its rejection into an unhandled one.
    abortPromise.catch(() => {});

    let hardTimer: NodeJS.Timeout | undefined;
    const hard = new Promise<never>((_, reject) => {
      hardTimer = setTimeout(() => reject(new HardTimeLimitError(
        `${identifier} was still running at its hard time limit of ${limits.hardMs} ms; this attempt failed and will be retried`,
      )), limits.hardMs);
    });
    const running = Promise.resolve(task(payload, { ...helpers, abortSignal, abortPromise } satisfies JobHelpers));
    // If the hard limit wins, whatever the abandoned task throws later is of no interest.
    running.catch(() => {});
    try {
      return await Promise.race([running, hard]);
    } finally {
      clearTimeout(softTimer);
      clearTimeout(hardTimer);
    }
  };
}
