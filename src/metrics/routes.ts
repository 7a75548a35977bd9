// /metrics in Prometheus' text format: this process's counters and histograms, then the figures
// every process shares, read from Postgres at scrape time (so any web process reports them alike).
// With METRICS_TOKEN set, only `Authorization: Bearer <token>` gets an answer; without it, only this machine.
import { Hono } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { createMiddleware } from 'hono/factory';
import { JOB_STATES, jobCountsByTask, poolDirectory, poolSummaries, quotaState } from '../admin/queries.ts';
import { exitBreakerName, exitStates } from '../indexing/circuit-breaker.ts';
import { isLoopback, socketAddress } from '../web/client-ip.ts';
import type { AppDeps, AppEnv } from '../web/env.ts';
import { processMetrics } from './instruments.ts';
import { EXPOSITION_CONTENT_TYPE, Registry } from './registry.ts';

const BREAKER_STATES = ['closed', 'open', 'half_open'] as const;

/**
 * Without METRICS_TOKEN, only a scraper on this machine is answered: the figures name tasks, pools
 * and quota. A request that came through a proxy (X-Forwarded-For or Forwarded) is refused even
 * from loopback, since a proxy on this machine makes every client look local.
 */
const thisMachineOnly = createMiddleware(async (c, next) => {
  const proxied = c.req.header('X-Forwarded-For') !== undefined || c.req.header('Forwarded') !== undefined;
  if (!proxied && isLoopback(socketAddress(c))) return next();
  return c.text('/metrics answers only on this machine. Set METRICS_TOKEN to scrape it from elsewhere with Authorization: Bearer <token>.', 403);
});

export function metricsRoutes(deps: AppDeps) {
  const { config } = deps;
  const { sql } = deps.database;
  const directory = poolDirectory();
  const routes = new Hono<AppEnv>();
  if (config.metricsToken !== undefined) routes.use(bearerAuth({ token: config.metricsToken }));
  else routes.use(thisMachineOnly);

  /** A fresh registry per scrape: these are snapshots of shared state, not this process's counts. */
  async function sharedMetrics(): Promise<Registry> {
    const shared = new Registry();
    const tasks = await jobCountsByTask(sql, directory);
    const pools = await poolSummaries(sql, directory, tasks, config.workerDeadAfterSeconds);
    const exits = await exitStates(sql, config.workerDeadAfterSeconds);
    const quota = await quotaState(sql, config.dailyQuotaUnits);

    const jobs = shared.gauge('subtext_queue_jobs', 'Jobs in the Graphile Worker queue now, by pool, task and state (queued, scheduled, running, failed).', ['pool', 'task', 'state']);
    for (const t of tasks) for (const state of JOB_STATES) jobs.set({ pool: t.pool, task: t.task, state }, t.counts[state]);
    // The counters above are this process's; these are every worker process's (job_completions), as on the dashboard.
    const finished = shared.gauge('subtext_jobs_finished_last_15m', 'Job attempts that ended in the last 15 minutes in any worker process, by pool, task and outcome (completed, errored and will retry, failed).', ['pool', 'task', 'outcome']);
    for (const t of tasks) {
      finished.set({ pool: t.pool, task: t.task, outcome: 'completed' }, t.completed15m);
      finished.set({ pool: t.pool, task: t.task, outcome: 'errored' }, t.errored15m);
      finished.set({ pool: t.pool, task: t.task, outcome: 'failed' }, t.failed15m);
    }
    const paused = shared.gauge('subtext_worker_pool_paused', '1 while the pool is paused on the jobs dashboard.', ['pool']);
    const workers = shared.gauge('subtext_worker_pool_processes', 'Live worker processes running the pool now.', ['pool']);
    for (const p of pools) {
      paused.set({ pool: p.pool }, p.pause ? 1 : 0);
      workers.set({ pool: p.pool }, p.workers);
    }
    const breakerState = shared.gauge('subtext_circuit_breaker_state', 'Each transcript exit\'s circuit breaker (transcripts:<exit>): 1 for its current state (closed, open, or half_open while one worker probes).', ['breaker', 'state']);
    for (const exit of exits) {
      const current = exit.state === 'working' ? 'closed' : exit.state === 'benched' ? 'open' : 'half_open';
      for (const state of BREAKER_STATES) breakerState.set({ breaker: exitBreakerName(exit.exit), state }, state === current ? 1 : 0);
    }
    shared.gauge('subtext_youtube_quota_used_units', 'YouTube Data API units spent today (Pacific time).').set({}, quota.used);
    shared.gauge('subtext_youtube_quota_limit_units', 'YouTube Data API units subtext may spend per Pacific day (YOUTUBE_DAILY_QUOTA).').set({}, quota.limit);
    return shared;
  }

  return routes.get('/', async (c) => {
    const body = processMetrics.exposition() + (await sharedMetrics()).exposition();
    return c.body(body, 200, { 'Content-Type': EXPOSITION_CONTENT_TYPE, 'Cache-Control': 'no-store' });
  });
}
