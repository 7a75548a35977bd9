// Indexing end to end against real parts: the stand-in over HTTP, Postgres, Graphile Worker.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../src/standin/demo-data.ts';
import { synthPlaylistId } from '../src/standin/synthetic.ts';
import { startAppWithUser, type TestApp } from './helpers/app.ts';
import { pressStartIndexing, waitForRun } from './helpers/indexing.ts';
import { runCounts } from './helpers/runs.ts';
import { addToLibrary } from './helpers/users.ts';
import { waitUntil } from './helpers/wait.ts';
import { processEnv, spawnWorkerProcess } from './helpers/worker-process.ts';

describe('indexing a playlist', () => {
  let t: TestApp;
  let cookie: string;
  let userId: number;

  beforeAll(async () => ({ t, cookie, userId } = await startAppWithUser({ env: { YOUTUBE_BLOCK_PAUSE_SECONDS: '1' } })));
  afterAll(async () => t?.stop());

  it('classifies every failure state, skips placeholders and never marks a failed video indexed', async () => {
    const playlist = DEMO.playlists.needsAttention;
    await addToLibrary(t.db.database.sql, userId, [playlist]);
    const runId = await pressStartIndexing(t.app, t.baseUrl, cookie, playlist);
    await waitForRun(t.db.database.sql, runId, 100_000);

    const videos = await t.db.database.sql<{ id: string; transcript_status: string; transcript_error: string | null; segments: number }[]>`
      select v.id, v.transcript_status, v.transcript_error, (select count(*)::int from transcript_segments s where s.video_id = v.id) as segments
      from videos v join playlist_videos pv on pv.video_id = v.id where pv.playlist_id = ${playlist}`;
    const byId = new Map(videos.map((v) => [v.id, v]));
    const status = (key: keyof typeof DEMO.videos) => byId.get(DEMO.videos[key]);

    expect(status('transcriptsDisabled')).toMatchObject({ transcript_status: 'unavailable', segments: 0 });
    expect(status('transcriptsDisabled')?.transcript_error).toBe('Transcripts are disabled for this video (player ANDROID 20.10.38: OK, no captions; watch page: OK, no captions)');
    expect(status('ageRestricted')).toMatchObject({ transcript_status: 'unavailable', segments: 0 });
    expect(status('ageRestricted')?.transcript_error).toMatch(/age-restricted/i);
    expect(status('unavailable')?.transcript_error).toMatch(/unavailable/i);
    expect(status('membersOnly')?.transcript_error).toMatch(/members-only/i);
    expect(status('private')).toMatchObject({ transcript_status: 'skipped', segments: 0 });
    expect(status('deleted')).toMatchObject({ transcript_status: 'skipped', segments: 0 });
    // Blocked answers (bot check, exp=xpe) pause fetching and retry, then give up with the reason.
    expect(status('botCheck')).toMatchObject({ transcript_status: 'failed', segments: 0 });
    expect(status('botCheck')?.transcript_error).toMatch(/^Blocked by YouTube 3 times: .*not a bot/);
    expect(status('emptyCaptions')?.transcript_error).toMatch(/^Blocked by YouTube 3 times: YouTube requires a proof-of-origin \(PO\) token .*watch page: OK, 2 caption tracks, needs a proof-of-origin token\)$/);
    for (const v of videos) {
      if (v.transcript_status === 'indexed') expect(v.segments, `video ${v.id}`).toBeGreaterThan(0);
    }
    expect(status('classicXmlOnly')).toMatchObject({ transcript_status: 'indexed' });
    expect(status('autoOnly')).toMatchObject({ transcript_status: 'indexed' });
    expect(status('ok')).toMatchObject({ transcript_status: 'indexed' });

    const counts = await runCounts(t.db.database.sql, runId);
    const unique = new Set(videos.map((v) => v.id)).size;
    expect((counts.done ?? 0) + (counts.failed ?? 0) + (counts.skipped ?? 0)).toBe(unique);
    expect(counts.pending).toBeUndefined();
    expect(counts.skipped).toBe(2);
  }, 120_000);

  it('stores classic-XML transcripts in milliseconds and records language and kind', async () => {
    const [classic] = await t.db.database.sql<{ start_ms: number; text: string }[]>`
      select start_ms, text from transcript_segments where video_id = ${DEMO.videos.classicXmlOnly} and position = 7`;
    expect(classic?.text).toBe(DEMO.phrases.dough.text);
    expect(classic?.start_ms).toBe(DEMO.phrases.dough.startMs);
    const [auto] = await t.db.database.sql<{ transcript_kind: string; transcript_language: string }[]>`
      select transcript_kind, transcript_language from videos where id = ${DEMO.videos.autoOnly}`;
    expect(auto).toEqual({ transcript_kind: 'auto', transcript_language: 'en' });
  });

  it('starting the same playlist twice, even at once, makes one run', async () => {
    const playlist = synthPlaylistId({ count: 30, cues: 3, seed: 21 });
    await addToLibrary(t.db.database.sql, userId, [playlist]);
    const ids = await Promise.all(Array.from({ length: 5 }, () => pressStartIndexing(t.app, t.baseUrl, cookie, playlist)));
    expect(new Set(ids).size).toBe(1);
    await waitForRun(t.db.database.sql, ids[0]!, 60_000);
    const [runs] = await t.db.database.sql`select count(*)::int as n from index_runs where playlist_id = ${playlist}`;
    expect(runs?.n).toBe(1);
  });

  it('fetches a video shared by two playlists once, even when both start together', async () => {
    // Synthetic playlists with the same seed share their first videos: these two share 10.
    const small = synthPlaylistId({ count: 10, cues: 3, seed: 40 });
    const large = synthPlaylistId({ count: 20, cues: 3, seed: 40 });
    await addToLibrary(t.db.database.sql, userId, [small, large]);
    const before = t.standin.stats.requests.captions;
    const [a, b] = await Promise.all([
      pressStartIndexing(t.app, t.baseUrl, cookie, small),
      pressStartIndexing(t.app, t.baseUrl, cookie, large),
    ]);
    await waitForRun(t.db.database.sql, a!, 60_000);
    await waitForRun(t.db.database.sql, b!, 60_000);
    expect(t.standin.stats.requests.captions - before).toBe(20);
    expect(await runCounts(t.db.database.sql, a!)).toEqual({ done: 10 });
    expect(await runCounts(t.db.database.sql, b!)).toEqual({ done: 20 });
  });

  it('processes every video of a 3,000-video playlist exactly once', async () => {
    const playlist = synthPlaylistId({ count: 3000, cues: 2, seed: 22 });
    await addToLibrary(t.db.database.sql, userId, [playlist]);
    const captionsBefore = t.standin.stats.requests.captions;
    const runId = await pressStartIndexing(t.app, t.baseUrl, cookie, playlist);
    await waitForRun(t.db.database.sql, runId, 240_000);
    const counts = await runCounts(t.db.database.sql, runId);
    expect(counts).toEqual({ done: 3000 });
    const [segments] = await t.db.database.sql<{ videos: number; rows: number }[]>`
      select count(distinct s.video_id)::int as videos, count(*)::int as rows from transcript_segments s
      join playlist_videos pv on pv.video_id = s.video_id where pv.playlist_id = ${playlist}`;
    expect(segments).toEqual({ videos: 3000, rows: 6000 });
    expect(t.standin.stats.requests.captions - captionsBefore).toBe(3000);
    const [run] = await t.db.database.sql`select total_videos from index_runs where id = ${runId}`;
    expect(run?.total_videos).toBe(3000);
  }, 300_000);

  it('pauses every worker while YouTube blocks, then resumes on its own', async () => {
    const playlist = synthPlaylistId({ count: 20, cues: 2, seed: 23 });
    await addToLibrary(t.db.database.sql, userId, [playlist]);
    // Blocked until the breaker opens, however long listing takes on a busy machine; then YouTube lets go.
    t.standin.knobs.blockedUntil = Date.now() + 60_000;
    const runId = await pressStartIndexing(t.app, t.baseUrl, cookie, playlist);
    await waitUntil('the breaker to open', async () => {
      const [b] = await t.db.database.sql`select trips from circuit_breakers where name = 'transcripts:direct'`;
      return (b?.trips ?? 0) > 0;
    }, 30_000);
    t.standin.knobs.blockedUntil = 0;
    await waitForRun(t.db.database.sql, runId, 60_000);
    expect(await runCounts(t.db.database.sql, runId)).toEqual({ done: 20 });
    const [breaker] = await t.db.database.sql`select trips, open_until from circuit_breakers where name = 'transcripts:direct'`;
    expect(breaker).toEqual({ trips: 0, open_until: null });
  });
});

describe('indexing across worker processes', () => {
  let t: TestApp;
  let cookie: string;
  let userId: number;

  beforeAll(async () => ({ t, cookie, userId } = await startAppWithUser()));
  afterAll(async () => t?.stop());

  it('a worker stopped with SIGTERM mid-run hands over to a new one: the run completes, nothing duplicated', async () => {
    const playlist = synthPlaylistId({ count: 300, cues: 4, seed: 32 });
    await addToLibrary(t.db.database.sql, userId, [playlist]);
    t.standin.knobs.latencyMs.captions = 100;
    const env = processEnv(t.db.url, t.standin.url, { TRANSCRIPT_RATE: '0', WORKER_CONCURRENCY: '10' });
    const first = spawnWorkerProcess(env);
    const runId = await pressStartIndexing(t.app, t.baseUrl, cookie, playlist);
    const { sql } = t.db.database;
    for (;;) {
      const counts = await runCounts(t.db.database.sql, runId);
      if ((counts.done ?? 0) >= 60) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await first.stop('SIGTERM');
    expect(first.child.exitCode).toBe(0);
    const second = spawnWorkerProcess(env);
    try {
      await waitForRun(sql, runId, 120_000);
    } finally {
      await second.stop();
      t.standin.knobs.latencyMs.captions = 0;
    }
    expect(await runCounts(t.db.database.sql, runId)).toEqual({ done: 300 });
    const [dupes] = await sql`
      select count(*)::int as n from (select video_id, position from transcript_segments group by 1, 2 having count(*) > 1) d`;
    expect(dupes?.n).toBe(0);
    const [rows] = await sql<{ n: number }[]>`
      select count(*)::int as n from transcript_segments s join playlist_videos pv on pv.video_id = s.video_id where pv.playlist_id = ${playlist}`;
    expect(rows?.n).toBe(1200);
  }, 180_000);
});
