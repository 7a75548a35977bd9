// The shared rate limit, measured at the stand-in: three worker processes, one window. A timing
// test: vitest runs it after every other file (see vitest.config.ts), so 2-core contention from
// the rest of the suite cannot bunch requests together and fail it for the scheduler's sake.
import { getPriority, setPriority } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { busiestSecond } from '../src/standin/stats.ts';
import { SAFETY_MARGIN_S } from '../src/youtube/request-window.ts';
import { synthPlaylistId } from '../src/standin/synthetic.ts';
import { startAppWithUser, type TestApp } from './helpers/app.ts';
import { pressStartIndexing, waitForRun } from './helpers/indexing.ts';
import { addToLibrary } from './helpers/users.ts';
import { waitUntil } from './helpers/wait.ts';
import { processEnv, spawnWorkerProcess } from './helpers/worker-process.ts';

describe('the shared transcript rate limit', () => {
  let t: TestApp;
  let cookie: string;
  let userId: number;

  beforeAll(async () => ({ t, cookie, userId } = await startAppWithUser()));
  afterAll(async () => t?.stop());

  it('three workers at TRANSCRIPT_RATE=20 stay under 20 requests in any second and use at least 95% of what the window allows', async () => {
    const playlist = synthPlaylistId({ count: 300, cues: 2, seed: 31 });
    await addToLibrary(t.db.database.sql, userId, [playlist]);
    const env = processEnv(t.db.url, t.standin.url, { TRANSCRIPT_RATE: '20', WORKER_CONCURRENCY: '20' });
    const workers = [spawnWorkerProcess(env), spawnWorkerProcess(env), spawnWorkerProcess(env)];
    // Other test files share these 2 cores; the stand-in (the measuring instrument, in this process)
    // and the workers get CPU first, so the windows measure the limiter, not the scheduler.
    const boost = (pid: number | undefined, priority: number) => { try { if (pid) setPriority(pid, priority); } catch { /* not root */ } };
    const normalPriority = getPriority();
    boost(process.pid, -10);
    for (const w of workers) boost(w.child.pid, -10);
    try {
      // Booted (each has written its heartbeat) and warmed up on a small playlist first: the first
      // jobs of freshly started workers (code compiled on first use, on two cores shared by three
      // workers and the stand-in) leave late and land together, which says nothing of the limiter.
      await waitUntil('three worker heartbeats', async () => (await t.db.database.sql<{ n: number }[]>`select count(*)::int as n from worker_heartbeats`)[0]!.n >= 3, 60_000);
      const warmUp = synthPlaylistId({ count: 30, cues: 2, seed: 32 });
      await addToLibrary(t.db.database.sql, userId, [warmUp]);
      await waitForRun(t.db.database.sql, await pressStartIndexing(t.app, t.baseUrl, cookie, warmUp), 60_000);
      // The window empties before the measured run starts.
      await new Promise((r) => setTimeout(r, 1500));
      t.standin.stats.requestTimes.player.length = 0;
      t.standin.stats.requestTimes.captions.length = 0;
      t.standin.stats.requestTimes.watch.length = 0;
      const runId = await pressStartIndexing(t.app, t.baseUrl, cookie, playlist);
      await waitForRun(t.db.database.sql, runId, 120_000);
      const times = [...t.standin.stats.requestTimes.player, ...t.standin.stats.requestTimes.captions, ...t.standin.stats.requestTimes.watch].sort((a, b) => a - b);
      expect(times.length).toBe(600);
      expect(busiestSecond(times)).toBeLessThanOrEqual(20);
      const perSecond = (times.length - 1) / ((times.at(-1)! - times[0]!) / 1000);
      console.log(`rate: ${perSecond.toFixed(2)} requests/s, busiest second ${busiestSecond(times)}`);
      // The window is 20 per 1.08 s (its margin absorbs jitter between grant and arrival), so 18.5
      // a second is the most it can give; 90 % of 20 (18) left 2.8 % for timers and round trips,
      // which a slower day used up (17.5-18.0 here on main).
      expect(perSecond).toBeGreaterThanOrEqual(0.95 * (20 / (1 + SAFETY_MARGIN_S)));
    } finally {
      boost(process.pid, normalPriority);
      await Promise.all(workers.map((w) => w.stop()));
    }
  }, 180_000);

});
