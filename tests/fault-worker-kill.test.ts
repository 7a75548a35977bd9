// Worker processes killed with SIGKILL in the middle of a run (no chance to clean up), a fresh one
// started each time: the run still completes, and every video is fetched and stored once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProgress } from '../src/indexing/runs.ts';
import { synthPlaylistId } from '../src/standin/synthetic.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { pressStartIndexing, waitForRun } from './helpers/indexing.ts';
import { runCounts, segmentTally } from './helpers/runs.ts';
import { createSignedInUser } from './helpers/users.ts';
import { waitUntil } from './helpers/wait.ts';
import { processEnv, spawnWorkerProcess, type WorkerProcess } from './helpers/worker-process.ts';

const VIDEOS = 1000;
const CONCURRENCY = 10;

describe('workers killed mid-run', () => {
  let t: TestApp;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    // Slow captions keep CONCURRENCY fetches in flight whenever a worker is killed.
    t = await startTestApp({ worker: false, knobs: { latencyMs: { captions: 120 } } });
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop('SIGKILL')));
    await t?.stop();
  });

  it('SIGKILL three times: the run completes within two minutes of the last kill, each video indexed once', async () => {
    const { sql } = t.db.database;
    const playlist = synthPlaylistId({ count: VIDEOS, cues: 2, seed: 62 });
    const cookie = (await createSignedInUser(sql, { playlists: [playlist] })).cookie;
    // The shortest allowed: a killed worker's jobs are unlocked 15-30 s after its last heartbeat.
    const env = processEnv(t.db.url, t.standin.url, { WORKER_CONCURRENCY: String(CONCURRENCY), TRANSCRIPT_RATE: '0', WORKER_DEAD_AFTER_SECONDS: '15' });
    const start = () => {
      const worker = spawnWorkerProcess(env, ['--pools=indexing']);
      workers.push(worker);
      return worker;
    };
    const captionsBefore = t.standin.stats.requests.captions;
    let worker = start();
    const runId = await pressStartIndexing(t.app, t.baseUrl, cookie, playlist);

    let lastKill = 0;
    for (const killAt of [100, 300, 500]) {
      await waitUntil(`${killAt} videos indexed`, async () => (await runCounts(sql, runId)).done! >= killAt, 90_000);
      const [inFlight] = await sql<{ n: number }[]>`select count(*)::int as n from graphile_worker.jobs where locked_by is not null`;
      expect(inFlight!.n, 'jobs in flight when the worker is killed').toBeGreaterThan(0);
      await worker.stop('SIGKILL');
      lastKill = Date.now();
      worker = start();
    }

    await waitForRun(sql, runId, 120_000);
    const afterLastKill = (Date.now() - lastKill) / 1000;
    expect(afterLastKill).toBeLessThan(120);

    expect(await runCounts(sql, runId)).toEqual({ done: VIDEOS });
    expect(await segmentTally(sql, playlist)).toEqual({ videos: VIDEOS, rows: 2 * VIDEOS, duplicates: 0 });
    // The progress page's counters match the rows behind them.
    const progress = await runProgress(sql, runId);
    const [indexed] = await sql<{ n: number }[]>`
      select count(*)::int as n from videos v join playlist_videos pv on pv.video_id = v.id
      where pv.playlist_id = ${playlist} and v.transcript_status = 'indexed'`;
    expect(progress).toMatchObject({ status: 'completed', total: VIDEOS, done: indexed!.n, failed: 0, pending: 0 });
    // Fetched once each, except the fetches cut off by a kill before their transcript was stored:
    // at most CONCURRENCY per kill are asked for again.
    const captionRequests = t.standin.stats.requests.captions - captionsBefore;
    expect(captionRequests).toBeGreaterThanOrEqual(VIDEOS);
    expect(captionRequests).toBeLessThanOrEqual(VIDEOS + 3 * CONCURRENCY);
  }, 300_000);
});
