// What this process measures as it works, exposed on /metrics. Counters and histograms count
// since the process started (Prometheus' rate() and histogram_quantile() expect exactly that);
// figures shared by every process (queue depth, circuit breaker, quota) are read from Postgres
// at scrape time instead (src/metrics/routes.ts).
import { Registry } from './registry.ts';

export const processMetrics = new Registry();

export const httpRequests = processMetrics.counter(
  'subtext_http_requests_total', 'HTTP requests answered, by route pattern ("/*" when no route matched) and status.', ['method', 'route', 'status'],
);

export const jobsCompleted = processMetrics.counter(
  'subtext_jobs_completed_total', 'Graphile Worker jobs this process completed successfully, by task.', ['task'],
);
export const jobErrors = processMetrics.counter(
  'subtext_job_errors_total', 'Job attempts that threw in this process, by task (including attempts that will be retried).', ['task'],
);
export const jobsFailed = processMetrics.counter(
  'subtext_jobs_failed_total', 'Jobs whose last allowed attempt failed in this process, by task: they stay in the queue as failed.', ['task'],
);

export const transcriptFetchSeconds = processMetrics.histogram(
  'subtext_transcript_fetch_duration_seconds',
  'Time to fetch one video\'s transcript from YouTube (player, watch page and captions, including rate-limit waits), by outcome.',
  ['outcome'], [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60],
);

export const rateLimiterWaitSeconds = processMetrics.histogram(
  'subtext_rate_limiter_wait_seconds', 'Time a request to YouTube waited for a slot in a shared request window, by window.',
  ['window'], [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
);

export const searchSeconds = processMetrics.histogram(
  'subtext_search_duration_seconds', 'Time to answer one search (compiling the query, searching the library, "did you mean"), by route.',
  ['route'], [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
);
