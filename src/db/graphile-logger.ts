import { Logger } from 'graphile-worker';
import { log } from '../log.ts';

/**
 * Graphile Worker's log lines, as our JSON lines (its debug chatter stays out). Its own
 * "Completed task"/"Failed task" lines carry the whole job (payload included) and the error, whose
 * message and stack are already in the text: only the job's id and task are kept.
 */
export const workerLogger = new Logger((scope) => (level, message, meta) => {
  const { job, error: _error, ...rest } = (meta ?? {}) as { job?: { id: string; task_identifier: string }; error?: unknown };
  const fields = {
    component: 'worker', workerId: scope.workerId,
    ...(scope.jobId ?? job ? { task: scope.taskIdentifier ?? job?.task_identifier, jobId: scope.jobId ?? job?.id } : {}),
    ...rest,
  };
  if (level === 'error') log.error(message, fields);
  else if (level === 'warning') log.warn(message, fields);
  else if (level === 'info') log.info(message, fields);
  else log.debug(message, fields);
});
