// The jobs dashboard against a real Graphile Worker queue (no worker running, so jobs stay where
// the test puts them): who may see it, what it shows, and what its buttons do to the jobs.
import { Logger, runOnce, type Job } from 'graphile-worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';
import { exitBreakerName, tripBreaker } from '../src/indexing/circuit-breaker.ts';
import { buildWorkerPools } from '../src/worker/pools.ts';
import { postgresQuotaMeter } from '../src/youtube/quota.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { createSignedInUser } from './helpers/users.ts';

interface JobsRow { id: string; attempts: number; max_attempts: number; due: boolean; last_error: string | null }

describe('jobs dashboard', () => {
  let t: TestApp;
  let admin: string;
  let someone: string;
  let failed: Job;
  let queued: Job;
  let scheduled: Job;

  const jobRow = async (id: string) => {
    const [row] = await t.db.database.sql<JobsRow[]>`
      select id::text, attempts, max_attempts, run_at <= now() as due, last_error from graphile_worker.jobs where id = ${id}`;
    return row;
  };
  const get = (path: string, cookie?: string, headers: Record<string, string> = {}) =>
    t.app.request(path, { headers: { ...(cookie ? { Cookie: cookie } : {}), ...headers } });
  const post = (path: string, cookie: string, origin = t.baseUrl) =>
    t.app.request(path, { method: 'POST', headers: { Cookie: cookie, Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded' }, body: '' });
  /** The cells of one table row, by data attribute: `<tr data-task="x">` → { queued: '1', … }. */
  const rowCounts = (page: string, attribute: string, value: string) => {
    const row = new RegExp(`<tr ${attribute}="${value}"[^>]*>([\\s\\S]*?)</tr>`).exec(page)?.[1] ?? '';
    return Object.fromEntries([...row.matchAll(/<td data-state="(\w+)"[^>]*>(\d+)<\/td>/g)].map((m) => [m[1], Number(m[2])]));
  };

  beforeAll(async () => {
    t = await startTestApp({ worker: false, env: { ADMIN_EMAILS: 'ops@example.com, lead@example.com' } });
    const { sql } = t.db.database;
    // Admin emails compare case-insensitively (Google may report them capitalised).
    admin = (await createSignedInUser(sql, { email: 'Ops@Example.com', admin: true })).cookie;
    someone = (await createSignedInUser(sql, { email: 'viewer@example.com' })).cookie;

    // A transcript job whose payload its task refuses, run once by a real Graphile Worker: its only attempt fails.
    failed = await t.queue.addJob('fetch_transcript', { videoId: 'bad id' }, { maxAttempts: 1 });
    const indexing = buildWorkerPools({ config: t.config, database: t.db.database }).find((p) => p.name === 'indexing')!;
    await runOnce({ connectionString: t.db.url, taskList: indexing.taskList, logger: new Logger(() => () => {}) });
    queued = await t.queue.addJob('fetch_transcript', { videoId: 'dQw4w9WgXcQ' });
    scheduled = await t.queue.addJob('score_virality', { videoIds: [] }, { runAt: new Date(Date.now() + 3_600_000) });
  });
  afterAll(async () => t?.stop());

  it('shows an admin the queue per pool and task, and the failed job with its error and attempts', async () => {
    expect(await jobRow(failed.id)).toMatchObject({ attempts: 1, max_attempts: 1 });
    const response = await get('/admin/jobs', admin);
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain('<h1>Jobs</h1>');
    expect(rowCounts(page, 'data-task', 'fetch_transcript')).toEqual({ queued: 1, scheduled: 0, running: 0, failed: 1 });
    expect(rowCounts(page, 'data-task', 'score_virality')).toEqual({ queued: 0, scheduled: 1, running: 0, failed: 0 });
    expect(rowCounts(page, 'data-task', 'check_thumbnail')).toEqual({ queued: 0, scheduled: 0, running: 0, failed: 0 });
    expect(rowCounts(page, 'data-pool', 'indexing')).toEqual({ queued: 1, scheduled: 0, running: 0, failed: 1 });
    expect(rowCounts(page, 'data-pool', 'scoring')).toEqual({ queued: 0, scheduled: 1, running: 0, failed: 0 });
    expect(page).toMatch(/<tr data-task="score_virality">\s*<th scope="row">score_virality<\/th><td[^>]*>scoring<\/td>/);
    // No worker runs in this test, and the page says so.
    expect(page).toContain('No worker runs this pool');

    const failedRow = new RegExp(`<tr data-job="${failed.id}" data-state="failed">([\\s\\S]*?)</tr>`).exec(page)?.[1];
    expect(failedRow).toContain('1 of 1');
    expect(failedRow).toContain('fetch_transcript payload must be { videoId: an 11-character YouTube id');
    expect(failedRow).toContain(`action="/admin/jobs/${failed.id}/retry"`);
    expect(page).toMatch(new RegExp(`<tr data-job="${scheduled.id}" data-state="scheduled">[\\s\\S]*?action="/admin/jobs/${scheduled.id}/run"`));
    expect(page).toMatch(new RegExp(`<tr data-job="${queued.id}" data-state="queued">`));
    // The live part polls itself; the page around it is a whole page.
    expect(page).toContain('<!doctype html>');
    expect(page).toContain('hx-get="/admin/jobs/live" hx-trigger="every 2s"');
    expect(page).toContain('<a href="/admin/jobs">Admin</a>');
  });

  it('serves the live part as a fragment to the poller, and the page to a direct visit', async () => {
    const fragment = await get('/admin/jobs/live', admin, { 'HX-Request': 'true' });
    expect(fragment.status).toBe(200);
    const body = await fragment.text();
    expect(body.startsWith('<div id="jobs-live"')).toBe(true);
    expect(body).not.toContain('<html');
    const direct = await get('/admin/jobs/live', admin);
    expect(direct.status).toBe(303);
    expect(direct.headers.get('Location')).toBe('/admin/jobs');
  });

  it('shows the exits to YouTube (each with its breaker) and the Data API quota as they stand', async () => {
    const { sql } = t.db.database;
    const nobody = await (await get('/admin/jobs', admin)).text();
    expect(nobody).toContain('No transcript worker is running');
    // A worker process elsewhere, fetching through two proxies (no worker runs in this test).
    await sql`insert into worker_heartbeats (worker_id, hostname, pid, pools, exits)
      values ('elsewhere-1', 'elsewhere', 1, '["indexing"]', '["proxy a.example:8080", "proxy b.example:8080"]')`;
    const before = await (await get('/admin/jobs', admin)).text();
    expect(before).toContain('<div id="exits" data-working="2" data-benched="0">');
    expect(before).toMatch(/<p id="quota" data-used="0" data-limit="10000">/);

    await tripBreaker(sql, exitBreakerName('proxy b.example:8080'), 'HTTP 429 from the player', 120);
    await postgresQuotaMeter(sql, 10_000).spend(37);
    const after = await (await get('/admin/jobs', admin)).text();
    expect(after).toContain('<div id="exits" data-working="1" data-benched="1">');
    expect(after).toMatch(/<li data-exit="proxy b.example:8080" data-state="benched">proxy b.example:8080:\s+benched until <time datetime="[^"]+" data-local="time">[0-9:]+ UTC<\/time> \(HTTP 429 from the player\)<\/li>/);
    expect(after).toMatch(/<p id="quota" data-used="37" data-limit="10000">[\s\S]*<strong>37<\/strong> of 10,000 units/);

    // Every exit benched: the dashboard says what to do, with the command for a worker at home.
    await tripBreaker(sql, exitBreakerName('proxy a.example:8080'), 'Sign in to confirm you’re not a bot', 60);
    const blocked = await (await get('/admin/jobs', admin)).text();
    expect(blocked).toContain('<div id="exits" data-working="0" data-benched="2" class="alert" role="alert">');
    expect(blocked).toContain(`TRANSCRIPT_EXIT_NAME=home npm run worker -- --pools=indexing`);
    expect(blocked).toContain('TRANSCRIPT_PROXY_URL');
    expect(blocked).toMatch(/Or wait: subtext tries YouTube again at <time datetime="[^"]+" data-local="time">\d\d:\d\d UTC<\/time> and resumes by itself/);
    // The command names this deployment's database, but never its password.
    const password = new URL(t.db.url).password;
    expect(blocked).toContain(`DATABASE_URL=&#39;postgres://${new URL(t.db.url).username}:&lt;password&gt;@${new URL(t.db.url).host}/`);
    if (password) expect(blocked).not.toContain(password);
    await sql`update circuit_breakers set trips = 0, open_until = null`;
    await sql`delete from worker_heartbeats where worker_id = 'elsewhere-1'`;
  });

  it('shows how many transcripts each client brought in the last 24 hours', async () => {
    const { sql } = t.db.database;
    const fetched = [
      ['clientVid01', 'ANDROID:20.10.38', '1 hour'], ['clientVid02', 'ANDROID:20.10.38', '2 hours'], ['clientVid03', 'ANDROID:20.10.38', '3 hours'],
      ['clientVid04', 'WEB', '1 hour'], ['clientVid05', 'IOS:19.0.0', '1 hour'], ['clientVid06', 'ANDROID:20.10.38', '2 days'],
    ];
    for (const [id, client, ago] of fetched) {
      await sql`insert into videos (id, title, transcript_status, transcript_client, transcript_fetched_at)
        values (${id!}, ${id!}, 'indexed', ${client!}, now() - ${ago!}::interval)`;
    }
    const page = await (await get('/admin/jobs', admin)).text();
    const rows = [...page.matchAll(/<tr data-client="([^"]+)" data-count="(\d+)">/g)].map((m) => [m[1], Number(m[2])]);
    expect(rows).toEqual([['ANDROID:20.10.38', 3], ['WEB', 1], ['IOS:19.0.0', 1]]);
    expect(page).toMatch(/IOS:19\.0\.0 <span class="muted">\(no longer configured\)<\/span><\/th>\s*<td>1<\/td><td>20%<\/td>/);
    await sql`delete from videos where id like 'clientVid%'`;
  });

  it('is not found for signed-in people who are not admins, and asks signed-out visitors to sign in', async () => {
    const notAdmin = await get('/admin/jobs', someone);
    expect(notAdmin.status).toBe(404);
    expect(await notAdmin.text()).not.toContain('jobs-live');
    expect((await get('/admin/jobs/live', someone, { 'HX-Request': 'true' })).status).toBe(404);
    expect(await (await get('/', someone)).text()).not.toContain('href="/admin/jobs"');

    const signedOut = await get('/admin/jobs');
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get('Location')).toBe('/auth/sign-in?next=%2Fadmin%2Fjobs');

    const refused = await post(`/admin/jobs/${failed.id}/retry`, someone);
    expect(refused.status).toBe(404);
    expect((await post('/admin/pools/indexing/pause', someone)).status).toBe(404);
    expect(await jobRow(failed.id)).toMatchObject({ attempts: 1, max_attempts: 1 });
    const [pauses] = await t.db.database.sql<{ n: number }[]>`select count(*)::int as n from worker_pool_pauses`;
    expect(pauses!.n).toBe(0);
  });

  it('refuses a cross-site POST, even with an admin cookie', async () => {
    const response = await post(`/admin/jobs/${failed.id}/delete`, admin, 'https://evil.example');
    expect(response.status).toBe(403);
    expect(await jobRow(failed.id)).toBeDefined();
  });

  it('retries a failed job: attempts reset and due now', async () => {
    const response = await post(`/admin/jobs/${failed.id}/retry`, admin);
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe(`/admin/jobs?notice=retried&job=${failed.id}`);
    expect(await jobRow(failed.id)).toMatchObject({ attempts: 0, max_attempts: 1, due: true });
    const page = await (await get(response.headers.get('Location')!, admin)).text();
    expect(page).toContain(`Job ${failed.id} will run again, with its attempts reset.`);
    // Still listed with its last error until it runs again, but no longer as failed.
    expect(page).toMatch(new RegExp(`<tr data-job="${failed.id}" data-state="queued">[\\s\\S]*?<strong>Retrying</strong>`));
  });

  it('runs a scheduled job now, keeping its attempts', async () => {
    expect(await jobRow(scheduled.id)).toMatchObject({ due: false, attempts: 0 });
    const response = await post(`/admin/jobs/${scheduled.id}/run`, admin);
    expect(response.headers.get('Location')).toBe(`/admin/jobs?notice=ran&job=${scheduled.id}`);
    expect(await jobRow(scheduled.id)).toMatchObject({ due: true, attempts: 0 });
  });

  it('deletes a job, and says so when there was nothing left to delete', async () => {
    const response = await post(`/admin/jobs/${queued.id}/delete`, admin);
    expect(response.headers.get('Location')).toBe(`/admin/jobs?notice=deleted&job=${queued.id}`);
    expect(await jobRow(queued.id)).toBeUndefined();
    const again = await post(`/admin/jobs/${queued.id}/delete`, admin);
    expect(again.headers.get('Location')).toBe(`/admin/jobs?notice=unchanged&job=${queued.id}`);
    expect(await (await get(again.headers.get('Location')!, admin)).text()).toContain('is running or no longer exists, so nothing was changed');
  });

  it('leaves a job a worker holds alone', async () => {
    const { sql } = t.db.database;
    // What a worker's get_job does when it takes a job.
    await sql`update graphile_worker._private_jobs set locked_at = now(), locked_by = 'some-worker', attempts = attempts + 1 where id = ${scheduled.id}`;
    const page = await (await get('/admin/jobs', admin)).text();
    expect(rowCounts(page, 'data-task', 'score_virality')).toMatchObject({ running: 1, scheduled: 0, queued: 0 });
    expect(page).toMatch(new RegExp(`<section id="running-jobs">[\\s\\S]*<tr data-job="${scheduled.id}" data-state="running">`));
    const response = await post(`/admin/jobs/${scheduled.id}/delete`, admin);
    expect(response.headers.get('Location')).toBe(`/admin/jobs?notice=unchanged&job=${scheduled.id}`);
    expect(await jobRow(scheduled.id)).toBeDefined();
  });

  it('reads ADMIN_EMAILS as a comma-separated, case-insensitive list and names the variable when an entry is not an email', () => {
    const env = { SESSION_SECRET: 's'.repeat(40), ENCRYPTION_KEY: 'a'.repeat(64), DATA_DIR: '/tmp/subtext-test-data' };
    expect(loadConfig(env).adminEmails).toEqual([]);
    expect(loadConfig({ ...env, ADMIN_EMAILS: ' Ops@Example.com,me@example.org ,ops@example.com' }).adminEmails).toEqual(['ops@example.com', 'me@example.org']);
    expect(() => loadConfig({ ...env, ADMIN_EMAILS: 'ops@example.com, ops' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...env, ADMIN_EMAILS: 'ops@example.com, ops' })).toThrow(/^ADMIN_EMAILS contains "ops": use comma-separated email addresses/);
  });
});
