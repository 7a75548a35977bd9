// /metrics in Prometheus' text format: this process's counters and histograms, then the figures
// every process shares, read from Postgres at scrape time (so any web process reports them alike).
// With METRICS_TOKEN set, only `Authorization: Bearer <token>` gets an answer.
import { Hono } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { JOB_STATES, jobCountsByTask, poolDirectory, poolSummaries, quotaState, transcriptBreaker } from '../admin/queries.ts';
import { TRANSCRIPTS_BREAKER } from '../indexing/circuit-breaker.ts';
import type { AppDeps, AppEnv } from '../web/env.ts';
import { processMetrics } from './instruments.ts';
import { EXPOSITION_CONTENT_TYPE, Registry } from './registry.ts';

const BREAKER_STATES = ['closed', 'open', 'half_open'] as const;

export function metricsRoutes(deps: AppDeps) {
  const { config } = deps;
  const { sql } = deps.database;
  const directory = poolDirectory();
  const routes = new Hono<AppEnv>();
  if (config.metricsToken !== undefined) routes.use(bearerAuth({ token: config.metricsToken }));

  /** A fresh registry per scrape: these are snapshots of shared state, not this process's counts. */
  async function sharedMetrics(): Promise<Registry> {
    const shared = new Registry();
    const tasks = await jobCountsByTask(sql, directory);
    const pools = await poolSummaries(sql, directory, tasks, config.workerDeadAfterSeconds);
    const breaker = await transcriptBreaker(sql);
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
    const breakerState = shared.gauge('subtext_circuit_breaker_state', 'The circuit breaker\'s state: 1 for the current one (closed, open, or half_open while one worker probes).', ['breaker', 'state']);
    const current = breaker.state === 'probing' ? 'half_open' : breaker.state;
    for (const state of BREAKER_STATES) breakerState.set({ breaker: TRANSCRIPTS_BREAKER, state }, state === current ? 1 : 0);
    shared.gauge('subtext_youtube_quota_used_units', 'YouTube Data API units spent today (Pacific time).').set({}, quota.used);
    shared.gauge('subtext_youtube_quota_limit_units', 'YouTube Data API units subtext may spend per Pacific day (YOUTUBE_DAILY_QUOTA).').set({}, quota.limit);
    return shared;
  }

  return routes.get('/', async (c) => {
    const body = processMetrics.exposition() + (await sharedMetrics()).exposition();
    return c.body(body, 200, { 'Content-Type': EXPOSITION_CONTENT_TYPE, 'Cache-Control': 'no-store' });
  });
}
