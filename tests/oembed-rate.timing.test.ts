// Two real worker processes running only the deadvideos pool (`worker --pools=deadvideos`) share one
// oEmbed rate and leave other pools' jobs alone. Timing-sensitive (arrivals per second at a recording
// proxy), so it runs alone: in the parallel suite a loaded machine bunched or slowed the arrivals.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeWorkerUtils, type WorkerUtils } from 'graphile-worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandin, type RunningStandin } from '../src/standin/server.ts';
import { busiestSecond } from '../src/standin/stats.ts';
import { synthVideoId } from '../src/standin/synthetic.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { processEnv, spawnWorkerProcess, type WorkerProcess } from './helpers/worker-process.ts';
import { waitUntil } from './helpers/wait.ts';

/** Forwards to the stand-in and notes when each oEmbed request arrived: what YouTube would see. */
async function recordingProxy(target: string): Promise<{ url: string; oembedTimes: number[]; server: Server }> {
  const oembedTimes: number[] = [];
  const server = createServer(async (req, res) => {
    if (req.url?.startsWith('/oembed')) oembedTimes.push(Date.now());
    const answer = await fetch(`${target}${req.url}`, { method: req.method });
    res.writeHead(answer.status, { 'Content-Type': answer.headers.get('content-type') ?? 'text/plain' });
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, oembedTimes, server };
}

let db: TestDatabase;
beforeAll(async () => { db = await createTestDatabase(); });
afterAll(async () => { await db?.drop(); });

describe('two worker processes running only the deadvideos pool', () => {
  let standin: RunningStandin;
  let proxy: Awaited<ReturnType<typeof recordingProxy>>;
  let utils: WorkerUtils;
  const workers: WorkerProcess[] = [];
  const videoIds = Array.from({ length: 30 }, (_, i) => synthVideoId(7, 20, i));

  beforeAll(async () => {
    standin = await startStandin({ port: 0 });
    proxy = await recordingProxy(standin.url);
    utils = await makeWorkerUtils({ connectionString: db.url });
    const { sql } = db.database;
    await sql`insert into videos ${sql(videoIds.map((id) => ({ id, title: id })))}`;
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await utils?.release();
    await new Promise((resolve) => proxy?.server.close(resolve));
    await standin?.close();
  });

  it('share one oEmbed rate, and leave other pools’ jobs alone', async () => {
    const perMinute = 600; // 10 a second, to keep the test short
    // vitest puts Vite's BASE_URL="/" into process.env, which a worker would refuse.
    const env = processEnv(db.url, standin.url, { YOUTUBE_WEB_URL: proxy.url, OEMBED_RATE_PER_MINUTE: String(perMinute), BASE_URL: 'http://127.0.0.1:3000' });
    workers.push(spawnWorkerProcess(env, ['--pools=deadvideos']), spawnWorkerProcess(env, ['--pools=deadvideos']));
    const { sql } = db.database;
    await waitUntil('both workers to beat with only the deadvideos pool', async () => {
      const rows = await sql<{ pools: string[] }[]>`select pools from worker_heartbeats`;
      return rows.length === 2 && rows.every((r) => JSON.stringify(r.pools) === '["deadvideos"]');
    }, 30_000);

    await utils.addJob('check_thumbnail', { videoId: videoIds[0] });
    await utils.addJob('score_virality', { videoIds: videoIds.slice(0, 5) });
    for (const videoId of videoIds) await utils.addJob('check_video_availability', { videoId });

    await waitUntil('every video checked', async () => {
      const [row] = await sql<{ n: number }[]>`select count(*)::int as n from video_availability_checks where status = 'public'`;
      return row!.n === videoIds.length;
    }, 30_000);
    expect(proxy.oembedTimes).toHaveLength(videoIds.length);
    // A burst of one plus ten a second; one more for the milliseconds between grant and arrival.
    expect(busiestSecond(proxy.oembedTimes)).toBeLessThanOrEqual(perMinute / 60 + 1 + 1);
    const span = (Math.max(...proxy.oembedTimes) - Math.min(...proxy.oembedTimes)) / 1000;
    expect((videoIds.length - 1) / span).toBeGreaterThan(0.8 * (perMinute / 60));

    const untouched = await sql<{ task_identifier: string; attempts: number }[]>`
      select task_identifier, attempts from graphile_worker.jobs order by task_identifier`;
    expect(untouched).toEqual([{ task_identifier: 'check_thumbnail', attempts: 0 }, { task_identifier: 'score_virality', attempts: 0 }]);
  });
});
