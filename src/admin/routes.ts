// The jobs dashboard, for the accounts in ADMIN_EMAILS: everyone else gets "not found", so the
// page does not even say it exists. Job buttons use Graphile Worker's own utilities (WorkerUtils),
// which leave a job that a worker holds right now alone.
import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import { jobsDashboardLive, jobsDashboardPage, type JobsDashboard, type JobsNotice } from '../../views/admin-jobs.ts';
import { errorMessage } from '../../views/error.ts';
import { requireUser, signedInUser } from '../auth/session.ts';
import type { AppDeps, AppEnv } from '../web/env.ts';
import { isHtmx, renderPage } from '../web/render.ts';
import { pausePool, resumePool } from '../worker/pool-pauses.ts';
import {
  jobCountsByTask, jobList, poolDirectory, poolSummaries, quotaState, retryJob, throughputLast15Minutes,
  transcriptsByClient,
} from './queries.ts';
import { doctorCard } from '../../views/admin-doctor.ts';
import { exitStates } from '../indexing/circuit-breaker.ts';
import { runDoctor } from './doctor.ts';
import { homeWorkerCommand } from '../indexing/home-worker.ts';
import { validate } from '../web/validate.ts';

const LIST_LIMIT = 25;

const jobParam = z.object({ id: z.string().regex(/^\d{1,18}$/) });
const noticeQuery = z.object({
  notice: z.enum(['retried', 'deleted', 'ran', 'unchanged', 'paused', 'resumed']).optional().catch(undefined),
  job: z.string().regex(/^\d{1,18}$/).optional().catch(undefined),
  pool: z.string().regex(/^[a-z0-9_-]{1,40}$/).optional().catch(undefined),
});

function noticeFrom(query: z.infer<typeof noticeQuery>): JobsNotice | undefined {
  const { notice, job, pool } = query;
  if (notice === 'paused' || notice === 'resumed') return pool ? { kind: notice, pool } : undefined;
  if (notice) return job ? { kind: notice, job } : undefined;
  return undefined;
}

export function adminRoutes(deps: AppDeps) {
  const { config, queue } = deps;
  const { sql } = deps.database;
  const directory = poolDirectory();
  const poolParam = z.object({ pool: z.enum(directory.pools as [string, ...string[]]) });

  const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
    if (signedInUser(c).isAdmin) return next();
    return renderPage(c, config.demo, 'Not found', errorMessage({
      heading: 'Page not found', message: 'There is nothing at this address.', action: { href: '/', label: 'Go home' },
    }), 404);
  });

  async function dashboard(): Promise<JobsDashboard> {
    const tasks = await jobCountsByTask(sql, directory);
    return {
      tasks,
      pools: await poolSummaries(sql, directory, tasks, config.workerDeadAfterSeconds),
      throughput: await throughputLast15Minutes(sql),
      failed: await jobList(sql, directory, 'failed', LIST_LIMIT),
      running: await jobList(sql, directory, 'running', LIST_LIMIT),
      waiting: await jobList(sql, directory, 'waiting', LIST_LIMIT),
      exits: { exits: await exitStates(sql, config.workerDeadAfterSeconds), homeWorkerCommand: homeWorkerCommand(config.databaseUrl), forOperator: true },
      quota: await quotaState(sql, config.dailyQuotaUnits),
      clients: await transcriptsByClient(sql, config.transcriptClients),
    };
  }

  /** Back to the dashboard with what happened; "unchanged" when the job was locked or already gone. */
  const afterJobAction = (changed: boolean, done: 'retried' | 'deleted' | 'ran', job: string) =>
    `/admin/jobs?${new URLSearchParams({ notice: changed ? done : 'unchanged', job })}`;

  return new Hono<AppEnv>()
    .use(requireUser, requireAdmin)
    .get('/jobs', validate('query', noticeQuery), async (c) => {
      return renderPage(c, config.demo, 'Jobs', jobsDashboardPage(await dashboard(), noticeFrom(c.req.valid('query'))));
    })
    .post('/jobs/doctor', async (c) => {
      const where = config.databaseUrl ? new URL(config.databaseUrl).host : 'the embedded database';
      const report = await runDoctor(config, sql, where);
      if (isHtmx(c)) return c.html(doctorCard(report));
      return renderPage(c, config.demo, 'Jobs', jobsDashboardPage(await dashboard(), undefined, report));
    })
    .get('/jobs/live', async (c) => {
      // The poller asks for the fragment; a direct visit gets the whole page.
      if (!isHtmx(c)) return c.redirect('/admin/jobs', 303);
      return c.html(jobsDashboardLive(await dashboard()));
    })
    .post('/jobs/:id/retry', validate('param', jobParam), async (c) => {
      const { id } = c.req.valid('param');
      return c.redirect(afterJobAction(await retryJob(sql, id), 'retried', id), 303);
    })
    .post('/jobs/:id/run', validate('param', jobParam), async (c) => {
      const { id } = c.req.valid('param');
      const changed = await queue.rescheduleJobs([id], { runAt: new Date() });
      return c.redirect(afterJobAction(changed.length > 0, 'ran', id), 303);
    })
    .post('/jobs/:id/delete', validate('param', jobParam), async (c) => {
      const { id } = c.req.valid('param');
      const deleted = await queue.completeJobs([id]);
      return c.redirect(afterJobAction(deleted.length > 0, 'deleted', id), 303);
    })
    .post('/pools/:pool/pause', validate('param', poolParam), async (c) => {
      const { pool } = c.req.valid('param');
      await pausePool(sql, pool, signedInUser(c).email);
      return c.redirect(`/admin/jobs?${new URLSearchParams({ notice: 'paused', pool })}`, 303);
    })
    .post('/pools/:pool/resume', validate('param', poolParam), async (c) => {
      const { pool } = c.req.valid('param');
      await resumePool(sql, pool);
      return c.redirect(`/admin/jobs?${new URLSearchParams({ notice: 'resumed', pool })}`, 303);
    });
}
