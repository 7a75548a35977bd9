// YouTube treats this server as a bot, the way it treats cloud and data-centre addresses in 2025-2026:
// the player API answers "Sign in to confirm you're not a bot" and the watch page plays the video
// without captions (what youtube-transcript reports as "Transcript is disabled"), or, worse, every
// endpoint silently leaves the captions out. Neither may mark a single video caption-less: fetching
// pauses through the circuit breaker and resumes by itself when YouTube relents.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../src/db/client.ts';
import { DEMO } from '../src/standin/demo-data.ts';
import { synthPlaylistId } from '../src/standin/synthetic.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { pressStartIndexing, waitForRun } from './helpers/indexing.ts';
import { runCounts, segmentTally } from './helpers/runs.ts';
import { createSignedInUser } from './helpers/users.ts';
import { waitUntil } from './helpers/wait.ts';

async function breaker(sql: Sql): Promise<{ trips: number; reason: string | null } | undefined> {
  const [row] = await sql<{ trips: number; reason: string | null }[]>`select trips, reason from circuit_breakers where name = 'transcripts:direct'`;
  return row;
}

/** How the playlist's videos stand: transcript status → count. */
async function statuses(sql: Sql, playlistId: string): Promise<Record<string, number>> {
  const rows = await sql<{ transcript_status: string; n: number }[]>`
    select v.transcript_status, count(*)::int as n from videos v join playlist_videos pv on pv.video_id = v.id
    where pv.playlist_id = ${playlistId} group by 1`;
  return Object.fromEntries(rows.map((r) => [r.transcript_status, r.n]));
}

describe('a server YouTube treats as a bot', () => {
  let t: TestApp;
  let cookie: string;
  const playlist = synthPlaylistId({ count: 40, cues: 2, seed: 91 });
  const indexedBefore = synthPlaylistId({ count: 30, cues: 2, seed: 92 });

  beforeAll(async () => {
    t = await startTestApp({ env: { YOUTUBE_BLOCK_PAUSE_SECONDS: '1', WORKER_CONCURRENCY: '10' } });
    cookie = (await createSignedInUser(t.db.database.sql, { playlists: [playlist, indexedBefore, DEMO.playlists.music] })).cookie;
  });
  afterAll(async () => t?.stop());
  afterEach(() => {
    t.standin.knobs.cloudIpClients = [];
    t.standin.knobs.captionlessClients = [];
  });

  it('cloud IP mode marks no video caption-less, pauses, and resumes by itself with every video indexed', async () => {
    const { sql } = t.db.database;
    t.standin.knobs.cloudIpClients = ['*'];
    const runId = await pressStartIndexing(t.app, t.baseUrl, cookie, playlist);

    // Pauses of 1, 2 and 4 s: blocked at every probe for 7 s and more.
    await waitUntil('three blocked probes', async () => ((await breaker(sql))?.trips ?? 0) >= 3, 60_000);
    expect((await breaker(sql))?.reason).toMatch(/^YouTube treats this server as a bot \(player ANDROID 20\.10\.38: LOGIN_REQUIRED, 'Sign in to confirm you’re not a bot'; watch page: OK, no captions\)$/);
    expect(await statuses(sql, playlist)).toEqual({ pending: 40 });
    expect(await runCounts(sql, runId)).toEqual({ pending: 40 });
    // Paused: while the breaker is open, nobody asks YouTube.
    const asked = t.standin.stats.requests.player;
    const [open] = await sql<{ ms: number }[]>`select extract(epoch from open_until - now()) * 1000 as ms from circuit_breakers where name = 'transcripts:direct'`;
    if (open!.ms > 1500) {
      await new Promise((r) => setTimeout(r, 1000));
      expect(t.standin.stats.requests.player).toBe(asked);
    }

    t.standin.knobs.cloudIpClients = [];
    await waitForRun(sql, runId, 90_000);
    expect(await runCounts(sql, runId)).toEqual({ done: 40 });
    expect(await statuses(sql, playlist)).toEqual({ indexed: 40 });
    expect(await segmentTally(sql, playlist)).toEqual({ videos: 40, rows: 80, duplicates: 0 });
    expect(await breaker(sql)).toMatchObject({ trips: 0 });
    const clients = await sql`select transcript_client, count(*)::int as n from videos v join playlist_videos pv on pv.video_id = v.id
      where pv.playlist_id = ${playlist} group by 1`;
    expect(clients).toEqual([{ transcript_client: 'ANDROID:20.10.38', n: 40 }]);
  }, 120_000);

  it('captions left out silently everywhere, on videos that had them, are a block too: the canary says so', async () => {
    const { sql } = t.db.database;
    await waitForRun(sql, await pressStartIndexing(t.app, t.baseUrl, cookie, indexedBefore), 60_000);
    t.standin.knobs.captionlessClients = ['*'];
    const runId = await pressStartIndexing(t.app, t.baseUrl, cookie, indexedBefore, 'all');

    await waitUntil('two pauses', async () => ((await breaker(sql))?.trips ?? 0) >= 2, 60_000);
    expect((await breaker(sql))?.reason).toMatch(new RegExp(`^YouTube hides captions from this server: video \\S+ and the canary ${DEMO.videos.ok} both came back without them`));
    expect(await statuses(sql, indexedBefore)).toEqual({ indexed: 30 });
    const [errors] = await sql<{ n: number }[]>`select count(*)::int as n from videos v join playlist_videos pv on pv.video_id = v.id
      where pv.playlist_id = ${indexedBefore} and v.transcript_error is not null`;
    expect(errors!.n).toBe(0);
    expect((await runCounts(sql, runId)).pending).toBeGreaterThan(0);

    t.standin.knobs.captionlessClients = [];
    await waitForRun(sql, runId, 90_000);
    expect(await runCounts(sql, runId)).toEqual({ done: 30 });
    expect(await segmentTally(sql, indexedBefore)).toEqual({ videos: 30, rows: 60, duplicates: 0 });
  }, 150_000);

  it('a video truly without captions is recorded as such, and asked again by the re-sync after 30 days', async () => {
    const { sql } = t.db.database;
    const music = DEMO.playlists.music;
    const first = await pressStartIndexing(t.app, t.baseUrl, cookie, music);
    await waitForRun(sql, first, 60_000).catch(async (err: unknown) => {
      throw new Error(`${String(err)}: ${JSON.stringify(await sql`select rv.video_id, rv.state, v.transcript_status, v.transcript_error from index_run_videos rv join videos v on v.id = rv.video_id where rv.run_id = ${first}`)}; breaker ${JSON.stringify(await breaker(sql))}`);
    });
    const [disabled] = await sql<{ transcript_status: string; transcript_error: string; recheck_days: number }[]>`
      select transcript_status, transcript_error, round(extract(epoch from transcript_recheck_after - now()) / 86400)::int as recheck_days
      from videos where id = ${DEMO.videos.transcriptsDisabled}`;
    expect(disabled).toEqual({
      transcript_status: 'unavailable', recheck_days: 30,
      transcript_error: 'Transcripts are disabled for this video (player ANDROID 20.10.38: OK, no captions; watch page: OK, no captions)',
    });

    // A "new only" run (what the daily re-sync starts) leaves it alone until its re-check is due.
    const player = () => t.standin.stats.requests.player;
    const before = player();
    const early = await pressStartIndexing(t.app, t.baseUrl, cookie, music);
    await waitForRun(sql, early, 60_000);
    expect(player()).toBe(before);

    await sql`update videos set transcript_recheck_after = now() - interval '1 minute' where id = ${DEMO.videos.transcriptsDisabled}`;
    const due = await pressStartIndexing(t.app, t.baseUrl, cookie, music);
    await waitForRun(sql, due, 60_000);
    expect(player()).toBeGreaterThan(before);
    const [again] = await sql<{ recheck_days: number }[]>`
      select round(extract(epoch from transcript_recheck_after - now()) / 86400)::int as recheck_days from videos where id = ${DEMO.videos.transcriptsDisabled}`;
    expect(again?.recheck_days).toBe(30);
  }, 120_000);
});
