// TRANSCRIPT_RATE per exit, measured at the stand-in: four local proxies, each leaving from its own
// loopback address, carry four times the traffic of one connection, none of them ever faster than
// its own rate; with one of them blocked, the other three finish the run. Two worker processes
// share every exit's window. A timing test: vitest runs it alone (see vitest.config.ts).
import { getPriority, setPriority } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { busiestSecond, resetStats } from '../src/standin/stats.ts';
import { synthPlaylistId } from '../src/standin/synthetic.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { spawnExitProxies, type ExitProxyProcess } from './helpers/exit-proxies.ts';
import { pressStartIndexing, waitForRun } from './helpers/indexing.ts';
import { runCounts } from './helpers/runs.ts';
import { addToLibrary, createSignedInUser } from './helpers/users.ts';
import { processEnv, spawnWorkerProcess, type WorkerProcess } from './helpers/worker-process.ts';

const RATE = 5;

/** Requests per second over one phase, from the first request the stand-in saw to the last. */
function rate(times: ReadonlyArray<number>): number {
  const sorted = [...times].sort((a, b) => a - b);
  return (sorted.length - 1) / ((sorted.at(-1)! - sorted[0]!) / 1000);
}

describe('transcript exits', () => {
  let t: TestApp;
  let cookie: string;
  let userId: number;
  let proxyProcess: ExitProxyProcess;
  let proxies: ExitProxyProcess['proxies'];
  const normalPriority = getPriority();
  // Other work shares these 2 cores; the stand-in (the measuring instrument, in this process), the
  // proxies and the workers get CPU first, so the windows measure the limiter, not the scheduler.
  const boost = (pid: number | undefined) => { try { if (pid) setPriority(pid, -10); } catch { /* not root */ } };

  beforeAll(async () => {
    t = await startTestApp({ worker: false });
    ({ cookie, userId } = await createSignedInUser(t.db.database.sql));
    // In a process of their own, so that forwarding does not compete with the stand-in's clock.
    proxyProcess = await spawnExitProxies(4);
    proxies = proxyProcess.proxies;
    boost(process.pid);
    boost(proxyProcess.pid);
  });
  afterAll(async () => {
    try { setPriority(process.pid, normalPriority); } catch { /* not root */ }
    await proxyProcess?.close();
    await t?.stop();
  });

  async function withWorkers<T>(extra: Record<string, string>, body: () => Promise<T>): Promise<T> {
    const env = processEnv(t.db.url, t.standin.url, { TRANSCRIPT_RATE: String(RATE), YOUTUBE_BLOCK_PAUSE_SECONDS: '2', ...extra });
    const workers: WorkerProcess[] = [spawnWorkerProcess(env, ['--pools=indexing']), spawnWorkerProcess(env, ['--pools=indexing'])];
    for (const w of workers) boost(w.child.pid);
    try {
      await new Promise((r) => setTimeout(r, 2500));
      // A fresh process's first fetches load and compile undici, which on a busy machine can hold a
      // request back most of a second after its slot, to land just before the next one: warm up first.
      await indexPlaylist(12, warmUps++);
      return await body();
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }
  }

  async function indexPlaylist(videos: number, seed: number): Promise<number> {
    const playlist = synthPlaylistId({ count: videos, cues: 2, seed });
    await addToLibrary(t.db.database.sql, userId, [playlist]);
    resetStats(t.standin.stats);
    proxyProcess.reset();
    const runId = await pressStartIndexing(t.app, t.baseUrl, cookie, playlist);
    await waitForRun(t.db.database.sql, runId, 150_000);
    return runId;
  }

  let singleExitRate = 0;
  let warmUps = 900;

  it(`one connection stays within TRANSCRIPT_RATE=${RATE}`, async () => {
    await withWorkers({}, () => indexPlaylist(30, 41));
    const times = t.standin.stats.requestTimesByExit['127.0.0.1'] ?? [];
    expect(times).toHaveLength(60);
    singleExitRate = rate(times);
    expect(busiestSecond(times)).toBeLessThanOrEqual(RATE);
    expect(singleExitRate).toBeGreaterThan(RATE * 0.7);
  }, 120_000);

  it('four proxies carry at least 3.6 times as much, none of them over its own rate', async () => {
    expect(singleExitRate).toBeGreaterThan(0);
    await withWorkers({ TRANSCRIPT_PROXY_URL: proxies.map((p) => p.url).join(',') }, () => indexPlaylist(200, 42));
    const byExit = t.standin.stats.requestTimesByExit;
    expect(byExit['127.0.0.1']).toBeUndefined();
    const all = proxies.flatMap((p) => byExit[p.exit] ?? []);
    expect(all).toHaveLength(400);
    const ratio = rate(all) / singleExitRate;
    const received = await proxyProcess.received();
    console.log(`exits: one connection ${singleExitRate.toFixed(2)} requests/s, four proxies ${rate(all).toFixed(2)} requests/s (${ratio.toFixed(2)}×); `
      + `busiest second per exit ${proxies.map((p) => busiestSecond(byExit[p.exit] ?? [])).join(', ')} (as the proxies received them ${received.map((times) => busiestSecond(times)).join(', ')})`);
    for (const proxy of proxies) {
      expect(byExit[proxy.exit]?.length ?? 0).toBeGreaterThan(0);
      expect(busiestSecond(byExit[proxy.exit]!)).toBeLessThanOrEqual(RATE);
    }
    expect(ratio).toBeGreaterThanOrEqual(3.6);
  }, 150_000);

  it('with one proxy blocked, it is benched alone and the other three finish the run', async () => {
    const [blocked, ...others] = proxies;
    t.standin.knobs.blockedExits = [blocked!.exit];
    const exitsShown = new Set<string>();
    const runId = await withWorkers({ TRANSCRIPT_PROXY_URL: proxies.map((p) => p.url).join(',') }, async () => {
      const playlist = synthPlaylistId({ count: 60, cues: 2, seed: 43 });
      await addToLibrary(t.db.database.sql, userId, [playlist]);
      resetStats(t.standin.stats);
      const id = await pressStartIndexing(t.app, t.baseUrl, cookie, playlist);
      // What the run page says about the exits while the run goes on.
      const watcher = setInterval(() => {
        void Promise.resolve(t.app.request(`/runs/${id}/progress`, { headers: { Cookie: cookie, 'HX-Request': 'true' } }))
          .then((r) => r.text())
          .then((page) => { const m = /<div id="exits" data-working="(\d+)" data-benched="(\d+)"/.exec(page); if (m) exitsShown.add(`${m[1]}/${m[2]}`); }, () => {});
      }, 1000);
      try {
        await waitForRun(t.db.database.sql, id, 150_000);
      } finally {
        clearInterval(watcher);
      }
      return id;
    });
    t.standin.knobs.blockedExits = [];

    expect(await runCounts(t.db.database.sql, runId)).toEqual({ done: 60 });
    const [breaker] = await t.db.database.sql<{ trips: number }[]>`
      select trips from circuit_breakers where name = ${`transcripts:proxy 127.0.0.1:${new URL(blocked!.url).port}`}`;
    expect(breaker!.trips).toBeGreaterThanOrEqual(1);
    const [working] = await t.db.database.sql<{ n: number }[]>`
      select count(*)::int as n from circuit_breakers where name like 'transcripts:%' and trips > 0`;
    expect(working!.n).toBe(1);
    expect(exitsShown).toContain('3/1');
    for (const proxy of others) expect(busiestSecond(t.standin.stats.requestTimesByExit[proxy.exit]!)).toBeLessThanOrEqual(RATE);
  }, 180_000);
});
