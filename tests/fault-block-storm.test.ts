// YouTube blocks this server (429s, a bot check on every video) while runs are going. The issue's
// storm lasts two minutes; these last 20 s and 4 s with a first pause of 1 s
// (YOUTUBE_BLOCK_PAUSE_SECONDS), which walks the same path (a trip, probes blocked after 1, 3, 7 and
// 15 s, each doubling the pause, then one that succeeds) in under a minute.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../src/db/client.ts';
import { synthPlaylistId } from '../src/standin/synthetic.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { pressStartIndexing, waitForRun } from './helpers/indexing.ts';
import { runCounts, segmentTally } from './helpers/runs.ts';
import { createSignedInUser } from './helpers/users.ts';
import { waitUntil } from './helpers/wait.ts';

/** Waits for the run while watching the breaker's trips and whether any video was ever marked failed. */
async function watchRun(sql: Sql, runId: number): Promise<{ trips: number; failedSeen: number }> {
  const seen = { trips: 0, failedSeen: 0 };
  const watcher = setInterval(() => {
    void Promise.all([
      sql<{ trips: number }[]>`select trips from circuit_breakers where name = 'transcripts:direct'`,
      runCounts(sql, runId),
    ]).then(([[breaker], counts]) => {
      seen.trips = Math.max(seen.trips, breaker?.trips ?? 0);
      seen.failedSeen = Math.max(seen.failedSeen, counts.failed ?? 0);
    }, () => {});
  }, 100);
  try {
    await waitForRun(sql, runId, 120_000);
  } finally {
    clearInterval(watcher);
  }
  return seen;
}

/** Every video of the playlist indexed once, none with an error, and the breaker closed again. */
async function expectAllIndexed(sql: Sql, runId: number, playlist: string, videos: number): Promise<void> {
  expect(await runCounts(sql, runId)).toEqual({ done: videos });
  expect(await segmentTally(sql, playlist)).toEqual({ videos, rows: 2 * videos, duplicates: 0 });
  const [errors] = await sql<{ n: number }[]>`
    select count(*)::int as n from videos v join playlist_videos pv on pv.video_id = v.id
    where pv.playlist_id = ${playlist} and (v.transcript_status <> 'indexed' or v.transcript_error is not null)`;
  expect(errors!.n).toBe(0);
  const [breaker] = await sql`select trips, open_until from circuit_breakers where name = 'transcripts:direct'`;
  expect(breaker).toEqual({ trips: 0, open_until: null });
}

describe('a 429 storm', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { YOUTUBE_BLOCK_PAUSE_SECONDS: '1', WORKER_CONCURRENCY: '10' }, knobs: { latencyMs: { captions: 30 } } });
  });
  afterAll(async () => t?.stop());

  it('in the middle of a run pauses it; it resumes by itself and no video is failed or lost', async () => {
    const { sql } = t.db.database;
    const playlist = synthPlaylistId({ count: 300, cues: 2, seed: 81 });
    const cookie = (await createSignedInUser(sql, { playlists: [playlist] })).cookie;
    const runId = await pressStartIndexing(t.app, t.baseUrl, cookie, playlist);
    await waitUntil('60 videos indexed', async () => (await runCounts(sql, runId)).done! >= 60, 60_000);

    const stormStarted = Date.now();
    t.standin.knobs.blockedUntil = stormStarted + 20_000;
    const { trips, failedSeen } = await watchRun(sql, runId);

    // The storm was felt (the breaker opened and its probes were blocked), and outlasted.
    expect(trips).toBeGreaterThanOrEqual(4);
    expect(Date.now() - stormStarted).toBeGreaterThan(20_000);
    expect(failedSeen).toBe(0);
    await expectAllIndexed(sql, runId, playlist, 300);
  }, 120_000);

  it('over the last video of a run, which is blocked again at every probe, does not fail it', async () => {
    const { sql } = t.db.database;
    // The only video left is the probe each time the pause ends: blocked at first, after 1 s and after
    // 3 s, then fetched after 7 s. Counting every block against it would fail it (three blocks).
    const playlist = synthPlaylistId({ count: 1, cues: 2, seed: 82 });
    // A video indexed before, which tells a storm from a block of one video's own.
    const earlier = synthPlaylistId({ count: 1, cues: 2, seed: 83 });
    const cookie = (await createSignedInUser(sql, { playlists: [earlier, playlist] })).cookie;
    await waitForRun(sql, await pressStartIndexing(t.app, t.baseUrl, cookie, earlier), 30_000);
    t.standin.knobs.blockedUntil = Date.now() + 60_000;
    const runId = await pressStartIndexing(t.app, t.baseUrl, cookie, playlist);
    await waitUntil('the first block', async () => {
      const [breaker] = await sql<{ trips: number }[]>`select trips from circuit_breakers where name = 'transcripts:direct'`;
      return (breaker?.trips ?? 0) > 0;
    }, 30_000);
    // Timed from the first block, so that the probes after 1 and 3 s are blocked and the one after 7 s is not.
    t.standin.knobs.blockedUntil = Date.now() + 4_000;
    const { trips, failedSeen } = await watchRun(sql, runId);

    expect(failedSeen).toBe(0);
    expect(trips).toBeGreaterThanOrEqual(3);
    await expectAllIndexed(sql, runId, playlist, 1);
  }, 60_000);
});
