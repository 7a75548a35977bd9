// /metrics after real requests and real jobs (a playlist indexed from the stand-in by a real
// worker), its bearer token, and the jobId/task on every log line a job writes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';
import { synthPlaylistId } from '../src/standin/synthetic.ts';
import { quotaDay } from '../src/youtube/quota.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { pressStartIndexing, waitForRun } from './helpers/indexing.ts';
import { addToLibrary, createSignedInUser } from './helpers/users.ts';
import { waitUntil } from './helpers/wait.ts';

const TOKEN = 'metrics-token-for-the-test-0123456789';

/** `name{labels}` → value, for every sample line of a text exposition. */
function samples(text: string): Map<string, number> {
  const found = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    found.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return found;
}

describe('/metrics', () => {
  let t: TestApp;
  let cookie: string;
  let userId: number;

  const scrape = async () => {
    const response = await t.app.request('/metrics', { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    return samples(await response.text());
  };

  beforeAll(async () => {
    // A shared request window (TRANSCRIPT_RATE > 0), so transcript requests wait for slots.
    t = await startTestApp({ pools: ['indexing'], env: { METRICS_TOKEN: TOKEN, TRANSCRIPT_RATE: '100' } });
    ({ cookie, userId } = await createSignedInUser(t.db.database.sql));
  });
  afterAll(async () => t?.stop());

  it('answers only with the bearer token when METRICS_TOKEN is set', async () => {
    const without = await t.app.request('/metrics');
    expect(without.status).toBe(401);
    expect(without.headers.get('WWW-Authenticate')).toMatch(/^Bearer/);
    expect(await without.text()).not.toContain('subtext_');
    expect((await t.app.request('/metrics', { headers: { Authorization: 'Bearer wrong-token-of-some-length' } })).status).toBe(401);
    expect((await t.app.request('/metrics', { headers: { Cookie: cookie } })).status).toBe(401);

    const response = await t.app.request('/metrics', { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await response.text();
    for (const name of [
      'subtext_http_requests_total', 'subtext_jobs_completed_total', 'subtext_jobs_failed_total', 'subtext_job_errors_total',
      'subtext_transcript_fetch_duration_seconds', 'subtext_rate_limiter_wait_seconds', 'subtext_search_duration_seconds',
      'subtext_queue_jobs', 'subtext_jobs_finished_last_15m', 'subtext_worker_pool_paused', 'subtext_worker_pool_processes', 'subtext_circuit_breaker_state',
      'subtext_youtube_quota_used_units', 'subtext_youtube_quota_limit_units',
    ]) expect(text).toContain(`# TYPE ${name} `);
  });

  it('counts HTTP requests by route pattern and status, never by raw path', async () => {
    const before = await scrape();
    await t.app.request('/healthz');
    await t.app.request('/healthz');
    await t.app.request('/no/such/page');
    await t.app.request('/videos/abcdefghijk', { headers: { Cookie: cookie } });
    await t.app.request('/videos/bcdefghijkl', { headers: { Cookie: cookie } });
    const after = await scrape();
    const delta = (key: string) => (after.get(key) ?? 0) - (before.get(key) ?? 0);
    expect(delta('subtext_http_requests_total{method="GET",route="/healthz",status="200"}')).toBe(2);
    expect(delta('subtext_http_requests_total{method="GET",route="/*",status="404"}')).toBe(1);
    expect(delta('subtext_http_requests_total{method="GET",route="/videos/:id",status="404"}')).toBe(2);
    // The scrape before this one counted too.
    expect(delta('subtext_http_requests_total{method="GET",route="/metrics",status="200"}')).toBe(1);
    expect([...after.keys()].some((k) => k.includes('abcdefghijk'))).toBe(false);
  });

  it('counts jobs, transcript fetches and request-window waits of a real indexing run, and reads queue, breaker and quota from Postgres', async () => {
    const playlist = synthPlaylistId({ count: 10, cues: 3, seed: 71 });
    await addToLibrary(t.db.database.sql, userId, [playlist]);
    const runId = await pressStartIndexing(t.app, t.baseUrl, cookie, playlist);
    await waitForRun(t.db.database.sql, runId, 50_000);
    const broken = await t.queue.addJob('fetch_transcript', { videoId: 'bad id' }, { maxAttempts: 1 });
    await waitUntil('the broken job to fail', async () => {
      const [job] = await t.db.database.sql<{ attempts: number; locked: boolean }[]>`
        select attempts, locked_at is not null as locked from graphile_worker.jobs where id = ${broken.id}`;
      return job?.attempts === 1 && !job.locked;
    }, 10_000);

    // Worker processes add their outcome counts to job_completions every couple of seconds.
    await waitUntil('outcome counts recorded', async () => {
      const [row] = await t.db.database.sql<{ n: number }[]>`select coalesce(sum(count), 0)::int as n from job_completions where task = 'fetch_transcript'`;
      return row!.n === 11;
    }, 10_000);

    const m = await scrape();
    expect(m.get('subtext_jobs_completed_total{task="index_playlist"}')).toBe(1);
    expect(m.get('subtext_jobs_completed_total{task="fetch_transcript"}')).toBe(10);
    expect(m.get('subtext_jobs_failed_total{task="fetch_transcript"}')).toBe(1);
    expect(m.get('subtext_job_errors_total{task="fetch_transcript"}')).toBe(1);
    expect(m.get('subtext_transcript_fetch_duration_seconds_count{outcome="ok"}')).toBe(10);
    expect(m.get('subtext_transcript_fetch_duration_seconds_bucket{outcome="ok",le="+Inf"}')).toBe(10);
    expect(m.get('subtext_transcript_fetch_duration_seconds_sum{outcome="ok"}')).toBeGreaterThan(0);
    // Every transcript takes at least one request to YouTube's web endpoints, each through the window.
    expect(m.get('subtext_rate_limiter_wait_seconds_count{window="youtube-web:direct"}')).toBeGreaterThanOrEqual(10);

    expect(m.get('subtext_jobs_finished_last_15m{pool="indexing",task="fetch_transcript",outcome="completed"}')).toBe(10);
    expect(m.get('subtext_jobs_finished_last_15m{pool="indexing",task="fetch_transcript",outcome="failed"}')).toBe(1);
    expect(m.get('subtext_jobs_finished_last_15m{pool="indexing",task="index_playlist",outcome="completed"}')).toBe(1);
    expect(m.get('subtext_queue_jobs{pool="indexing",task="fetch_transcript",state="failed"}')).toBe(1);
    expect(m.get('subtext_queue_jobs{pool="indexing",task="fetch_transcript",state="queued"}')).toBe(0);
    expect(m.get('subtext_queue_jobs{pool="thumbnails",task="check_thumbnail",state="queued"}')).toBe(0);
    expect(m.get('subtext_worker_pool_processes{pool="indexing"}')).toBe(1);
    expect(m.get('subtext_worker_pool_processes{pool="scoring"}')).toBe(0);
    expect(m.get('subtext_worker_pool_paused{pool="indexing"}')).toBe(0);
    expect(m.get('subtext_circuit_breaker_state{breaker="transcripts:direct",state="closed"}')).toBe(1);
    expect(m.get('subtext_circuit_breaker_state{breaker="transcripts:direct",state="open"}')).toBe(0);
    const [quota] = await t.db.database.sql<{ units_used: number }[]>`select units_used from quota_usage where day = ${quotaDay()}`;
    expect(quota!.units_used).toBeGreaterThan(0);
    expect(m.get('subtext_youtube_quota_used_units')).toBe(quota!.units_used);
    expect(m.get('subtext_youtube_quota_limit_units')).toBe(10_000);
  }, 60_000);

  it('times searches by route', async () => {
    const before = await scrape();
    expect((await t.app.request('/search?q=the', { headers: { Cookie: cookie } })).status).toBe(200);
    expect((await t.app.request('/api/search?q=the', { headers: { Cookie: cookie } })).status).toBe(200);
    expect((await t.app.request('/api/search?q=', { headers: { Cookie: cookie } })).status).toBe(200);
    const after = await scrape();
    const delta = (key: string) => (after.get(key) ?? 0) - (before.get(key) ?? 0);
    expect(delta('subtext_search_duration_seconds_count{route="/search"}')).toBe(1);
    // An empty query searches nothing, so it is not timed.
    expect(delta('subtext_search_duration_seconds_count{route="/api/search"}')).toBe(1);
    expect(delta('subtext_search_duration_seconds_sum{route="/api/search"}')).toBeGreaterThan(0);
  });

  it('puts jobId and task on the log lines a job writes, its own and Graphile Worker\'s', async () => {
    const lines: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      lines.push(String(chunk));
      return write.call(process.stderr, chunk, ...rest);
    }) as typeof process.stderr.write;
    try {
      // A playlist YouTube does not know: the index_playlist job logs the failed run itself.
      await addToLibrary(t.db.database.sql, userId, ['PLnothingherexxxxxxxxxxxxxxxxxxxxx']);
      const runId = await pressStartIndexing(t.app, t.baseUrl, cookie, 'PLnothingherexxxxxxxxxxxxxxxxxxxxx');
      await expect(waitForRun(t.db.database.sql, runId, 20_000)).rejects.toThrow(/failed/);
      const broken = await t.queue.addJob('fetch_transcript', { videoId: 'bad id again' }, { maxAttempts: 1 });
      await waitUntil('the failure logged with its job id', async () => lines.some((l) => l.includes(`"jobId":"${broken.id}"`)), 10_000);

      const logged = lines.flatMap((l) => l.split('\n')).filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
      const runFailed = logged.find((l) => l['level'] === 'warn' && l['runId'] === runId && l['kind'] === 'not_found');
      expect(runFailed).toMatchObject({ task: 'index_playlist', jobId: expect.stringMatching(/^\d+$/) });
      const failedTask = logged.find((l) => typeof l['msg'] === 'string' && (l['msg'] as string).startsWith(`Failed task ${broken.id} `));
      expect(failedTask).toMatchObject({ level: 'error', task: 'fetch_transcript', jobId: broken.id });
      // The whole job (payload included) is not copied into the line.
      expect(failedTask).not.toHaveProperty('job');
    } finally {
      process.stderr.write = write;
    }
  });
});

describe('/metrics without METRICS_TOKEN', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp({ worker: false }); });
  afterAll(async () => t?.stop());

  it('answers a scraper on this machine (tests/request-guards.test.ts: and nobody else)', async () => {
    const response = await fetch(`${t.baseUrl}/metrics`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('subtext_worker_pool_processes{pool="indexing"} 0');
  });

  it('refuses a METRICS_TOKEN too short to be secret, naming the variable', () => {
    const env = { SESSION_SECRET: 's'.repeat(40), ENCRYPTION_KEY: 'a'.repeat(64), DATA_DIR: '/tmp/subtext-test-data' };
    expect(loadConfig({ ...env, METRICS_TOKEN: TOKEN }).metricsToken).toBe(TOKEN);
    expect(() => loadConfig({ ...env, METRICS_TOKEN: 'secret' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...env, METRICS_TOKEN: 'secret' })).toThrow(/^METRICS_TOKEN is too short/);
  });
});
