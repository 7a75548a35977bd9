// Pausing and resuming a worker pool from the jobs dashboard, with a real worker running two pools:
// the paused pool's jobs wait untouched while the other pool's jobs run; resumed, they run too.
// Completed jobs show up as throughput.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { createSignedInUser } from './helpers/users.ts';
import { waitUntil } from './helpers/wait.ts';

describe('pausing a worker pool', () => {
  let t: TestApp;
  let admin: string;

  const post = (path: string) =>
    t.app.request(path, { method: 'POST', headers: { Cookie: admin, Origin: t.baseUrl, 'Content-Type': 'application/x-www-form-urlencoded' }, body: '' });
  const dashboard = async () => (await t.app.request('/admin/jobs', { headers: { Cookie: admin } })).text();
  const runningPools = async () => {
    const rows = await t.db.database.sql<{ pools: string[] }[]>`select pools from worker_heartbeats`;
    return rows.flatMap((r) => r.pools).sort();
  };
  const job = async (id: string) => {
    const [row] = await t.db.database.sql<{ attempts: number; locked: boolean }[]>`
      select attempts, locked_at is not null as locked from graphile_worker.jobs where id = ${id}`;
    return row;
  };

  beforeAll(async () => {
    t = await startTestApp({ pools: ['indexing', 'scoring'], env: { ADMIN_EMAILS: 'ops@example.com' } });
    admin = (await createSignedInUser(t.db.database.sql, { email: 'ops@example.com', admin: true })).cookie;
    await waitUntil('worker running both pools', async () => (await runningPools()).join() === 'indexing,scoring', 10_000);
  });
  afterAll(async () => t?.stop());

  it('holds the paused pool\'s jobs while the other pool runs, and runs them once resumed', async () => {
    const paused = await post('/admin/pools/scoring/pause');
    expect(paused.status).toBe(303);
    expect(paused.headers.get('Location')).toBe('/admin/jobs?notice=paused&pool=scoring');
    // The worker stops the pool's runner within about a second and says so in its heartbeat.
    await waitUntil('scoring pool stopped', async () => (await runningPools()).join() === 'indexing', 5_000);

    const scoring = await t.queue.addJob('score_virality', { videoIds: [] });
    // No run waits for this video, so the job has nothing to do and completes at once.
    const indexing = await t.queue.addJob('fetch_transcript', { videoId: 'dQw4w9WgXcQ' });
    await waitUntil('indexing job done', async () => (await job(indexing.id)) === undefined, 10_000);
    await sleep(1_500);
    expect(await job(scoring.id)).toEqual({ attempts: 0, locked: false });

    const page = await dashboard();
    expect(page).toMatch(/<tr data-pool="scoring" data-paused="true">[\s\S]*?<strong>Paused<\/strong>[\s\S]*?by ops@example.com[\s\S]*?<td data-state="queued"[^>]*>1<\/td>[\s\S]*?action="\/admin\/pools\/scoring\/resume"/);
    expect(page).toMatch(/<tr data-pool="indexing" data-paused="false">\s*<th scope="row">indexing<\/th><td>Running in 1 worker process<\/td>/);

    const resumed = await post('/admin/pools/scoring/resume');
    expect(resumed.headers.get('Location')).toBe('/admin/jobs?notice=resumed&pool=scoring');
    await waitUntil('scoring job done after resume', async () => (await job(scoring.id)) === undefined, 10_000);
    expect(await runningPools()).toEqual(['indexing', 'scoring']);
    expect(await dashboard()).toMatch(/<tr data-pool="scoring" data-paused="false">/);
  });

  it('counts completed jobs per minute, per task and per pool for the throughput chart', async () => {
    // Worker processes add their counts every couple of seconds.
    await waitUntil('completions recorded', async () => {
      const [row] = await t.db.database.sql<{ n: number }[]>`select coalesce(sum(count), 0)::int as n from job_completions where outcome = 'completed'`;
      return row!.n >= 2;
    }, 10_000);
    const page = await dashboard();
    expect(page).toMatch(/<figure id="throughput" class="stats-chart" data-completed="2" data-failed="0">/);
    expect(page).toContain('2 jobs completed and 0 failed in the last 15 minutes');
    expect(page).toMatch(/<tr data-task="fetch_transcript">[\s\S]*?<td data-state="failed"[^>]*>0<\/td><td[^>]*>1<\/td><td[^>]*>0<\/td>/);
    expect(page).toMatch(/<tr data-task="score_virality">[\s\S]*?<td data-state="failed"[^>]*>0<\/td><td[^>]*>1<\/td><td[^>]*>0<\/td>/);
    expect(page).toMatch(/<tr data-pool="scoring" data-paused="false">[\s\S]*?<td data-state="failed"[^>]*>0<\/td><td[^>]*>1<\/td>/);
  });
});
