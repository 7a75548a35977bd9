// PostgreSQL stops in the middle of a run and comes back: pages say so with a 503 meanwhile, and the
// web and worker processes (separate OS processes, as deployed) recover by themselves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, type Database } from '../src/db/client.ts';
import { isDatabaseUnavailable } from '../src/db/unavailable.ts';
import { startStandin, type RunningStandin } from '../src/standin/server.ts';
import { synthPlaylistId } from '../src/standin/synthetic.ts';
import { pressStartIndexing, waitForRun } from './helpers/indexing.ts';
import { startOwnPostgres, type OwnPostgres } from './helpers/own-postgres.ts';
import { freePort } from './helpers/ports.ts';
import { runCounts, segmentTally } from './helpers/runs.ts';
import { createSignedInUser } from './helpers/users.ts';
import { waitUntil } from './helpers/wait.ts';
import { spawnWebProcess, type WebProcess } from './helpers/web-process.ts';
import { processEnv, spawnWorkerProcess, type WorkerProcess } from './helpers/worker-process.ts';

describe('a database restart in the middle of a run', () => {
  let pg: OwnPostgres;
  let standin: RunningStandin;
  let database: Database;
  let web: WebProcess;
  let worker: WorkerProcess;

  beforeAll(async () => {
    pg = await startOwnPostgres();
    // Slow captions keep jobs in flight when the database goes.
    standin = await startStandin({ port: 0, knobs: { latencyMs: { captions: 100 } } });
    database = connectDatabase(pg.url, { max: 2 });
    const env = processEnv(pg.url, standin.url, { WORKER_CONCURRENCY: '10', TRANSCRIPT_RATE: '0', WORKER_DEAD_AFTER_SECONDS: '15' });
    web = await spawnWebProcess(env, await freePort());
    worker = spawnWorkerProcess(env, ['--pools=indexing']);
  });
  afterAll(async () => {
    await worker?.stop();
    await web?.stop();
    await database?.close();
    await standin?.close();
    await pg?.destroy();
  });

  it('answers 503 while the database is away; the app recovers by itself and the run completes', async () => {
    const { sql } = database;
    const playlist = synthPlaylistId({ count: 300, cues: 3, seed: 71 });
    const cookie = (await createSignedInUser(sql, { playlists: [playlist] })).cookie;
    const runId = await pressStartIndexing(web, web.baseUrl, cookie, playlist);
    await waitUntil('60 videos indexed', async () => (await runCounts(sql, runId)).done! >= 60, 60_000);

    await pg.stop();
    const page = await web.request('/library', { headers: { cookie } });
    expect(page.status).toBe(503);
    expect(page.headers.get('retry-after')).toBe('5');
    expect(await page.text()).toContain('Database unavailable, retrying');
    const fragment = await web.request(`/runs/${runId}/progress`, { headers: { cookie, 'HX-Request': 'true' } });
    expect(fragment.status).toBe(503);
    const fragmentHtml = await fragment.text();
    expect(fragmentHtml).toContain('Database unavailable, retrying');
    expect(fragmentHtml).not.toContain('<html');
    const health = await web.request('/healthz');
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ ok: false, database: { reachable: false } });
    // Long enough for the worker's runner to lose the database and back off at least twice.
    await new Promise((r) => setTimeout(r, 4000));
    await pg.start();

    await waitUntil('the library page to answer again', async () => (await web.request('/library', { headers: { cookie } })).status === 200, 30_000);
    expect((await web.request('/healthz')).status).toBe(200);
    await waitForRun(sql, runId, 90_000);
    expect(await runCounts(sql, runId)).toEqual({ done: 300 });
    expect(await segmentTally(sql, playlist)).toEqual({ videos: 300, rows: 900, duplicates: 0 });
    // Neither process died on the way: they recovered, nobody restarted them.
    expect(worker.child.exitCode).toBeNull();
    expect(web.child.exitCode).toBeNull();
  }, 180_000);

  it('tells a database that cannot be reached from a call to YouTube that cannot be made', async () => {
    const closed = await freePort();
    const unreachable = connectDatabase(`postgres://postgres:x@127.0.0.1:${closed}/subtext`, { max: 1 });
    try {
      const viaPostgresJs = await unreachable.sql`select 1`.then(() => null, (err: unknown) => err);
      const viaFetch = await fetch(`http://127.0.0.1:${closed}/youtubei/v1/player`).then(() => null, (err: unknown) => err);
      expect(isDatabaseUnavailable(viaPostgresJs)).toBe(true);
      expect(viaFetch).toBeInstanceOf(Error);
      expect(isDatabaseUnavailable(viaFetch)).toBe(false);
    } finally {
      await unreachable.close();
    }
  });
});
