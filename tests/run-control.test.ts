// Pausing, resuming and cancelling an index run, against real Postgres, real Graphile Worker and the
// stand-in: a paused run stops taking workers (its queued jobs leave the queue, and a job that runs
// anyway fetches nothing), resuming finishes it, and cancelling keeps what was indexed.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { synthPlaylistId } from '../src/standin/synthetic.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { pressStartIndexing, waitForRun } from './helpers/indexing.ts';
import { runCounts } from './helpers/runs.ts';
import { createSignedInUser } from './helpers/users.ts';
import { waitUntil } from './helpers/wait.ts';

let t: TestApp;

beforeAll(async () => {
  // Few workers and slow captions, so a run is caught part-way.
  t = await startTestApp({ pools: ['indexing'], env: { WORKER_CONCURRENCY: '3' }, knobs: { latencyMs: { captions: 250 } } });
});
afterAll(async () => {
  await t?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function post(path: string, cookie: string, origin: string | null = t.baseUrl): Promise<Response> {
  return Promise.resolve(t.app.request(path, {
    method: 'POST',
    headers: { Cookie: cookie, ...(origin ? { Origin: origin } : {}), 'Content-Type': 'application/x-www-form-urlencoded' },
    body: '',
  }));
}

async function runStatus(runId: number): Promise<string> {
  const [run] = await t.db.database.sql<{ status: string }[]>`select status from index_runs where id = ${runId}`;
  return run!.status;
}

async function waitingTranscriptJobs(): Promise<number> {
  const [row] = await t.db.database.sql<{ n: number }[]>`
    select count(*)::int as n from graphile_worker.jobs where task_identifier = 'fetch_transcript' and attempts < max_attempts and locked_at is null`;
  return row!.n;
}

/** Waits until the done count stops moving (jobs in flight when the run stopped finish their video). */
async function settledDone(runId: number): Promise<number> {
  let last = -1;
  for (;;) {
    await sleep(1_000);
    const done = (await runCounts(t.db.database.sql, runId)).done ?? 0;
    if (done === last) return done;
    last = done;
  }
}

it('pausing stops the run where it is, a job that runs anyway fetches nothing, and resuming finishes it', async () => {
  const { sql } = t.db.database;
  const playlist = synthPlaylistId({ count: 60, cues: 2, seed: 301 });
  const cookie = (await createSignedInUser(sql, { playlists: [playlist] })).cookie;
  const runId = await pressStartIndexing(t.app, t.baseUrl, cookie, playlist);
  await waitUntil('a few videos indexed', async () => ((await runCounts(sql, runId)).done ?? 0) >= 3, 30_000);

  // A cross-site form post changes nothing.
  expect((await post(`/runs/${runId}/pause`, cookie, 'https://evil.example')).status).toBe(403);
  expect(await runStatus(runId)).not.toBe('paused');

  const paused = await post(`/runs/${runId}/pause`, cookie);
  expect(paused.status).toBe(303);
  expect(paused.headers.get('Location')).toBe(`/runs/${runId}`);
  expect(await runStatus(runId)).toBe('paused');
  expect(await waitingTranscriptJobs()).toBe(0);
  const done = await settledDone(runId);
  await sleep(1_500);
  const counts = await runCounts(sql, runId);
  expect(counts.done).toBe(done);
  expect(counts.pending ?? 0).toBeGreaterThan(0);

  // A job for one of its videos (queued by a listing that was still going, say) ends without fetching it.
  const [video] = await sql<{ video_id: string }[]>`select video_id from index_run_videos where run_id = ${runId} and state = 'pending' limit 1`;
  const captionsBefore = t.standin.stats.requests.player;
  await t.queue.addJob('fetch_transcript', { videoId: video!.video_id }, { jobKey: `transcript:${video!.video_id}` });
  await waitUntil('the job to finish', async () => (await waitingTranscriptJobs()) === 0
    && (await sql`select 1 from graphile_worker.jobs where task_identifier = 'fetch_transcript'`).length === 0, 10_000);
  expect(t.standin.stats.requests.player).toBe(captionsBefore);
  expect((await runCounts(sql, runId)).pending).toBe(counts.pending);

  // The page says so and offers Resume; pressing Pause again changes nothing.
  const page = await (await t.app.request(`/runs/${runId}`, { headers: { Cookie: cookie } })).text();
  expect(page).toContain('data-status="paused"');
  expect(page).toContain('>Resume</button>');
  expect(page).not.toContain('hx-trigger="every 1s"');
  expect((await post(`/runs/${runId}/pause`, cookie)).status).toBe(303);
  expect(await runStatus(runId)).toBe('paused');

  // Starting it again from the library leads back to the paused run.
  expect(await pressStartIndexing(t.app, t.baseUrl, cookie, playlist)).toBe(runId);

  expect((await post(`/runs/${runId}/resume`, cookie)).status).toBe(303);
  await waitForRun(sql, runId, 60_000);
  const final = await runCounts(sql, runId);
  expect(final).toEqual({ done: 60 });
});

it('cancelling keeps what was indexed, fetches nothing more, and offers to search it', async () => {
  const { sql } = t.db.database;
  const playlist = synthPlaylistId({ count: 60, cues: 2, seed: 302 });
  const cookie = (await createSignedInUser(sql, { playlists: [playlist] })).cookie;
  const runId = await pressStartIndexing(t.app, t.baseUrl, cookie, playlist);
  await waitUntil('a few videos indexed', async () => ((await runCounts(sql, runId)).done ?? 0) >= 3, 30_000);

  expect((await post(`/runs/${runId}/cancel`, cookie)).status).toBe(303);
  expect(await runStatus(runId)).toBe('cancelled');
  expect(await waitingTranscriptJobs()).toBe(0);
  const done = await settledDone(runId);
  await sleep(1_500);
  const counts = await runCounts(sql, runId);
  expect(counts.done).toBe(done);
  expect(counts.pending).toBeUndefined();
  expect(counts.cancelled).toBe(60 - done);
  // What was indexed stays indexed.
  const [indexed] = await sql<{ n: number }[]>`
    select count(*)::int as n from videos v join playlist_videos pv on pv.video_id = v.id
    where pv.playlist_id = ${playlist} and v.transcript_status = 'indexed'`;
  expect(indexed!.n).toBe(done);

  const page = await (await t.app.request(`/runs/${runId}`, { headers: { Cookie: cookie } })).text();
  expect(page).toContain('data-status="cancelled"');
  expect(page).toContain(`href="/search?playlist=${playlist}">Search these videos</a>`);
  expect(page).toContain(`${60 - done}</span> not fetched (cancelled)`);
  // A cancelled run cannot be resumed; a new run picks up the rest.
  expect((await post(`/runs/${runId}/resume`, cookie)).status).toBe(303);
  expect(await runStatus(runId)).toBe('cancelled');
  const next = await pressStartIndexing(t.app, t.baseUrl, cookie, playlist);
  expect(next).not.toBe(runId);
  await waitForRun(sql, next, 60_000);
  expect(await runCounts(sql, next)).toEqual({ done: 60 - done, skipped: done });
});

it('a run of someone else’s playlist cannot be paused or cancelled', async () => {
  const { sql } = t.db.database;
  const playlist = synthPlaylistId({ count: 5, cues: 2, seed: 303 });
  const owner = (await createSignedInUser(sql, { playlists: [playlist] })).cookie;
  const stranger = (await createSignedInUser(sql, { playlists: [] })).cookie;
  const runId = await pressStartIndexing(t.app, t.baseUrl, owner, playlist);
  expect((await post(`/runs/${runId}/cancel`, stranger)).status).toBe(404);
  await waitForRun(sql, runId, 30_000);
});
