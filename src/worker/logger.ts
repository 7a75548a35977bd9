import { Logger } from 'graphile-worker';
import { log } from '../log.ts';

/** Graphile Worker's log lines, as our JSON lines (its debug chatter stays out). */
export const workerLogger = new Logger((scope) => (level, message, meta) => {
  const fields = { component: 'worker', workerId: scope.workerId, task: scope.taskIdentifier, jobId: scope.jobId, ...meta };
  if (level === 'error') log.error(message, fields);
  else if (level === 'warning') log.warn(message, fields);
  else if (level === 'info') log.info(message, fields);
  else log.debug(message, fields);
});
