// "Web and database in the cloud, transcript worker at home": the cloud server's way out is flagged
// by YouTube, so a run pauses and its page says what to do, with the exact command; a worker started
// that way (`npm run worker -- --pools=indexing`, DATABASE_URL at the shared database, its own exit
// name) fetches the rest through its own connection. Here the cloud server leaves through a proxy
// on 127.0.0.2, which the stand-in blocks; the "home" worker leaves from 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthPlaylistId } from '../src/standin/synthetic.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { startExitProxy, type ExitProxy } from './helpers/exit-proxies.ts';
import { pressStartIndexing, waitForRun } from './helpers/indexing.ts';
import { runCounts } from './helpers/runs.ts';
import { createSignedInUser } from './helpers/users.ts';
import { waitUntil } from './helpers/wait.ts';
import { processEnv, spawnWorkerProcess } from './helpers/worker-process.ts';

describe('a transcript worker at home', () => {
  let t: TestApp;
  let cloud: ExitProxy;

  beforeAll(async () => {
    cloud = await startExitProxy('127.0.0.2');
    t = await startTestApp({
      pools: ['indexing'],
      env: { TRANSCRIPT_PROXY_URL: cloud.url, YOUTUBE_BLOCK_PAUSE_SECONDS: '30', WORKER_CONCURRENCY: '5', ADMIN_EMAILS: 'ops@example.com' },
      knobs: { blockedExits: ['127.0.0.2'] },
    });
  });
  afterAll(async () => {
    await t?.stop();
    await cloud?.close();
  });

  it('takes over a run the cloud server was blocked from, after its page said how', async () => {
    const { sql } = t.db.database;
    const playlist = synthPlaylistId({ count: 20, cues: 2, seed: 61 });
    const { cookie: admin } = await createSignedInUser(sql, { email: 'ops@example.com', admin: true, playlists: [playlist] });
    const { cookie: someone } = await createSignedInUser(sql, { playlists: [playlist] });
    const runId = await pressStartIndexing(t.app, t.baseUrl, admin, playlist);
    const progress = async (cookie = admin) => (await t.app.request(`/runs/${runId}/progress`, { headers: { Cookie: cookie, 'HX-Request': 'true' } })).text();

    // The only exit benched: the run page says so, and what to do, with the command for this database.
    let page = '';
    await waitUntil('the run page to say every exit is benched', async () => (page = await progress()).includes('data-working="0" data-benched="1"'), 30_000);
    const db = new URL(t.db.url);
    const command = `DATABASE_URL=&#39;postgres://${db.username}:&lt;password&gt;@${db.host}${db.pathname}&#39; TRANSCRIPT_EXIT_NAME=home npm run worker -- --pools=indexing`;
    expect(page).toContain('YouTube is blocking every way out of this server');
    expect(page).toContain(`<code data-command="home-worker">${command}</code>`);
    expect(page).toContain('nothing is marked failed');
    // Someone who is not the operator learns that it is paused, not where the database or proxies are.
    const theirs = await progress(someone);
    expect(theirs).toContain('data-working="0" data-benched="1"');
    expect(theirs).toContain('the administrator can get it going sooner');
    expect(theirs).not.toContain('DATABASE_URL');
    expect(theirs).not.toContain('proxy 127.0.0.1');
    const dashboard = await (await t.app.request('/admin/jobs', { headers: { Cookie: admin } })).text();
    expect(dashboard).toContain(`<code data-command="home-worker">${command}</code>`);
    expect(await runCounts(sql, runId)).toEqual({ pending: 20 });

    // The command, as a home machine would run it: the same settings, this database, its own exit.
    const home = spawnWorkerProcess(processEnv(t.db.url, t.standin.url, { TRANSCRIPT_EXIT_NAME: 'home', TRANSCRIPT_RATE: '0' }), ['--pools=indexing']);
    try {
      await waitUntil('the run page to count the home exit', async () => (await progress()).includes('data-working="1" data-benched="1"'), 30_000);
      await waitForRun(sql, runId, 60_000);
    } finally {
      await home.stop();
    }
    expect(await runCounts(sql, runId)).toEqual({ done: 20 });
    // Every transcript came through the home connection; the cloud's proxy got the bot check.
    expect(t.standin.stats.requestTimesByExit['127.0.0.1']?.length).toBeGreaterThanOrEqual(40);
    const [benched] = await sql<{ trips: number }[]>`select trips from circuit_breakers where name = ${`transcripts:proxy 127.0.0.1:${new URL(cloud.url).port}`}`;
    expect(benched!.trips).toBeGreaterThanOrEqual(1);
    const [homeBreaker] = await sql<{ trips: number }[]>`select coalesce(max(trips), 0)::int as trips from circuit_breakers where name = 'transcripts:home'`;
    expect(homeBreaker!.trips).toBe(0);
  }, 120_000);
});
