// Tracking end to end: the web app, the tracking pools and the stand-in, with schedules forced
// through the "Run now" buttons the way a person (or the demo) does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../src/db/client.ts';
import { DEMO } from '../src/standin/demo-data.ts';
import { synthVideoId, trendingBucket, trendingChart } from '../src/standin/synthetic.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { createSignedInUser } from './helpers/users.ts';
import { waitUntil } from './helpers/wait.ts';

const V = DEMO.videos;
const NEVER = '0 0 1 1 *';

/** A playlist in someone's library, holding these videos (known to us only by id, as after listing). */
async function libraryPlaylist(sql: Sql, userId: number, playlistId: string, title: string, videoIds: ReadonlyArray<string>): Promise<void> {
  await sql`insert into playlists (id, title) values (${playlistId}, ${title}) on conflict do nothing`;
  await sql`insert into library_playlists (user_id, playlist_id, source) values (${userId}, ${playlistId}, 'added')`;
  await sql`insert into videos ${sql(videoIds.map((id) => ({ id, title: `video ${id}` })))} on conflict do nothing`;
  await sql`insert into playlist_videos ${sql(videoIds.map((video_id, position) => ({ playlist_id: playlistId, video_id, position })))}`;
}

async function jobsWaiting(sql: Sql): Promise<number> {
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from graphile_worker.jobs where attempts < max_attempts and last_error is null`;
  return row!.n;
}

describe('tracking', () => {
  let t: TestApp;
  let sql: Sql;
  let alice: { userId: number; cookie: string };
  let bob: { userId: number; cookie: string };
  const synthetic = Array.from({ length: 60 }, (_, i) => synthVideoId(42, 30, i));

  const runNow = async (schedule: string, cookie = alice.cookie) => {
    const response = await t.app.request(`/schedules/${schedule}/run`, {
      method: 'POST',
      headers: { Cookie: cookie, Origin: t.baseUrl, 'Content-Type': 'application/x-www-form-urlencoded', Referer: `${t.baseUrl}/trends` },
      body: '',
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe('/trends');
  };
  const page = async (path: string, cookie = alice.cookie) => {
    const response = await t.app.request(path, { headers: { Cookie: cookie } });
    expect(response.status).toBe(200);
    return response.text();
  };
  const idle = () => waitUntil('the queue to drain', async () => (await jobsWaiting(sql)) === 0 ? true : undefined);

  beforeAll(async () => {
    t = await startTestApp({
      pools: ['tracking', 'scoring', 'thumbnails', 'deadvideos'],
      env: {
        TRACKING_REGIONS: 'PL', OEMBED_RATE_PER_MINUTE: '6000', YOUTUBE_DAILY_QUOTA: '100000',
        // Only "Run now" runs anything during the test.
        SNAPSHOT_SCHEDULE: NEVER, TRENDING_SCHEDULE: NEVER, THUMBNAIL_CHECK_SCHEDULE: NEVER, AVAILABILITY_CHECK_SCHEDULE: NEVER,
      },
      // Frozen charts: only trendingEpoch moves them.
      knobs: { trendingBucketMinutes: 0 },
    });
    sql = t.db.database.sql;
    alice = await createSignedInUser(sql, { name: 'Alice' });
    bob = await createSignedInUser(sql, { name: 'Bob' });
    await libraryPlaylist(sql, alice.userId, 'PLtrackingSynthetic', 'Synthetic', synthetic);
    await libraryPlaylist(sql, alice.userId, 'PLtrackingStates', 'States', [
      V.ok, V.hiddenStats, V.placeholderThumbnail, V.brokenThumbnail, V.brokenThumbnailHtml, V.private, V.deleted, V.unavailable, V.embeddingDisabled,
    ]);
    await libraryPlaylist(sql, bob.userId, 'PLtrackingBob', 'Bob’s', [V.ok, V.cafe]);
  });
  afterAll(async () => { await t?.stop(); });

  it('snapshots every library video in videos.list calls of at most 50 ids, each counted by the quota meter', async () => {
    const tracked = synthetic.length + 9 + 1; // V.ok is in both libraries
    const before = t.standin.stats.requests.dataApi;
    await runNow('snapshots');
    await waitUntil('a reading of every public video', async () => {
      const [row] = await sql<{ n: number }[]>`select count(distinct video_id)::int as n from video_stat_snapshots`;
      return row!.n === tracked - 2 ? true : undefined; // private and deleted videos are not listed
    });
    expect(t.standin.stats.requests.dataApi - before).toBe(Math.ceil(tracked / 50));
    const [quota] = await sql<{ units: number }[]>`select sum(units_used)::int as units from quota_usage`;
    expect(quota!.units).toBe(Math.ceil(tracked / 50));

    // Hidden counts are stored as unknown, never zero.
    const [hidden] = await sql`select view_count, like_count, comment_count from video_stat_snapshots where video_id = ${V.hiddenStats}`;
    expect(hidden).toMatchObject({ like_count: null, comment_count: null });
    expect(Number(hidden!['view_count'])).toBeGreaterThan(0);

    // One reading is not enough for a score.
    await idle();
    const labels = await sql<{ label: string; n: number }[]>`select label, count(*)::int as n from virality_scores group by label`;
    expect(labels).toEqual([{ label: 'insufficient_data', n: tracked - 2 }]);
  });

  it('scores videos once they have two readings, engagement unknown where counts are hidden', async () => {
    await runNow('snapshots');
    await idle();
    const scores = await sql<{ video_id: string; label: string; score: number | null; engagement_percent: number | null; velocity_score: number | null }[]>`
      select video_id, label, score, engagement_percent, velocity_score from virality_scores`;
    expect(scores.every((s) => s.label !== 'insufficient_data' && s.score !== null)).toBe(true);
    const hidden = scores.find((s) => s.video_id === V.hiddenStats)!;
    expect(hidden.engagement_percent).toBeNull();
    expect(hidden.score).toBe(hidden.velocity_score);
    const shown = scores.find((s) => s.video_id === V.ok)!;
    expect(shown.engagement_percent).toBeGreaterThan(0);
    const stats = await page(`/videos/${V.ok}/stats`);
    expect(stats).toContain('<svg');
    expect(stats).toContain('Views over time');
    expect(stats).toMatch(/Readings \(2\)/);
  });

  it('keeps rank history per region and shows movement since the previous chart', async () => {
    t.standin.knobs.trendingEpoch = 0;
    await runNow('trending');
    await waitUntil('the chart', async () => {
      const [row] = await sql<{ n: number }[]>`select count(*)::int as n from trending_charts`;
      return row!.n === 1 ? true : undefined;
    });
    const [entries] = await sql<{ n: number }[]>`select count(*)::int as n from trending_entries`;
    expect(entries!.n).toBe(200); // 4 pages of 50

    t.standin.knobs.trendingEpoch = 1;
    await runNow('trending');
    await waitUntil('the second chart', async () => {
      const [row] = await sql<{ n: number }[]>`select count(*)::int as n from trending_charts`;
      return row!.n === 2 ? true : undefined;
    });
    await idle();

    const before = trendingChart('PL', trendingBucket(0, 0, 0));
    const after = trendingChart('PL', trendingBucket(0, 0, 1));
    const expected = after.map((id, i) => {
      const was = before.indexOf(id);
      return was === -1 ? 'new' : was > i ? 'up' : was < i ? 'down' : 'same';
    });
    const html = await page('/trends/PL');
    const moves = [...html.matchAll(/class="move move-(new|up|down|same)"/g)].map((m) => m[1]);
    expect(moves).toEqual(expected);
    expect(moves.filter((m) => m === 'new')).toHaveLength(10);
    expect(moves.filter((m) => m === 'up').length).toBeGreaterThan(0);
    expect(moves.filter((m) => m === 'down').length).toBeGreaterThan(0);
    // Each row carries its virality label; trending videos had two readings (one per chart).
    expect(html).toMatch(/class="virality virality-(viral|trending|normal)"/);

    // Sorting by score puts higher scores first, insufficient data last.
    const sorted = await page('/trends/PL?sort=score');
    const ids = [...sorted.matchAll(/data-video-id="([^"]+)"/g)].map((m) => m[1]!);
    const scoreOf = new Map((await sql<{ video_id: string; score: number | null }[]>`select video_id, score from virality_scores`).map((r) => [r.video_id, r.score ?? -1]));
    const shown = ids.map((id) => scoreOf.get(id) ?? -1);
    expect(shown).toEqual([...shown].sort((a, b) => b - a));
  });

  it('classifies each thumbnail and reports the offending videos', async () => {
    await runNow('thumbnails');
    await idle();
    const checks = new Map((await sql<{ video_id: string; status: string }[]>`select video_id, status from thumbnail_checks`).map((r) => [r.video_id, r.status]));
    expect(checks.get(V.ok)).toBe('valid');
    expect(checks.get(V.placeholderThumbnail)).toBe('placeholder');
    expect(checks.get(V.brokenThumbnail)).toBe('broken');
    expect(checks.get(V.brokenThumbnailHtml)).toBe('broken');
    expect(checks.get(V.deleted)).toBe('broken');
    const report = await page('/reports/thumbnails');
    // The report counts Alice's library only, not the trending videos also checked.
    const [counts] = await sql<{ placeholder: number; broken: number }[]>`
      select count(*) filter (where status = 'placeholder')::int as placeholder, count(*) filter (where status = 'broken')::int as broken
      from thumbnail_checks where video_id in (
        select pv.video_id from playlist_videos pv join library_playlists lp using (playlist_id) where lp.user_id = ${alice.userId})`;
    expect(report).toContain(`<strong>${counts!.placeholder}</strong> placeholder`);
    expect(report).toContain(`<strong>${counts!.broken}</strong> broken`);
    expect(report).toContain(`data-video-id="${V.placeholderThumbnail}"`);
    expect(report).toContain(`data-video-id="${V.brokenThumbnailHtml}"`);
    expect(report).not.toContain(`data-video-id="${V.ok}"`);
  });

  it('finds what left YouTube and shows each person only their own losses, with the kept thumbnail', async () => {
    await runNow('availability');
    await idle();
    const status = new Map((await sql<{ video_id: string; status: string }[]>`select video_id, status from video_availability_checks`).map((r) => [r.video_id, r.status]));
    expect(status.get(V.ok)).toBe('public');
    expect(status.get(V.private)).toBe('private');
    expect(status.get(V.deleted)).toBe('deleted');
    expect(status.get(V.unavailable)).toBe('deleted');
    // oEmbed answers 401 when embedding is disabled; the Data API still lists it, so it is public.
    expect(status.get(V.embeddingDisabled)).toBe('public');
    // Trending videos are not in any library, so they are not checked.
    expect(status.size).toBe(synthetic.length + 9 + 1);

    const gone = await page('/gone');
    for (const id of [V.private, V.deleted, V.unavailable]) expect(gone).toContain(`data-video-id="${id}"`);
    expect(gone).not.toContain(`data-video-id="${V.embeddingDisabled}"`);
    expect(gone).not.toContain(`data-video-id="${V.ok}"`);
    expect(await page('/gone', bob.cookie)).toContain('Nothing in your library has gone from YouTube.');

    // The gone-video page shows the picture kept by an earlier valid check.
    await sql`update video_availability_checks set status = 'deleted', gone_since = now() where video_id = ${V.ok}`;
    expect(await page('/gone')).toContain(`src="/videos/${V.ok}/kept-thumbnail"`);
    const picture = await t.app.request(`/videos/${V.ok}/kept-thumbnail`, { headers: { Cookie: alice.cookie } });
    expect(picture.headers.get('Content-Type')).toBe('image/jpeg');
    expect(Buffer.from(await picture.arrayBuffer()).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    const stranger = await createSignedInUser(sql);
    expect((await t.app.request(`/videos/${V.ok}/kept-thumbnail`, { headers: { Cookie: stranger.cookie } })).status).toBe(404);
  });

  it('scores no video deleted from YouTube, and says why on its pages', async () => {
    // V.unavailable was listed and scored until the availability check found it deleted; V.deleted never was.
    expect(await sql`select video_id from virality_scores where video_id in (${V.unavailable}, ${V.deleted})`).toEqual([]);
    // V.ok was marked deleted above and still holds its old score: the next scoring drops it and scores the rest.
    expect(await sql`select video_id from virality_scores where video_id = ${V.ok}`).toHaveLength(1);
    await t.queue.addJob('score_virality', { videoIds: [V.ok, V.hiddenStats] });
    await idle();
    expect(await sql`select video_id from virality_scores where video_id in (${V.ok}, ${V.hiddenStats})`).toEqual([{ video_id: V.hiddenStats }]);
    expect(await page('/gone')).toMatch(new RegExp(`data-video-id="${V.ok}"(?:(?!</tr>)[^])*not scored \\(deleted\\)`));
    const stats = await page(`/videos/${V.ok}/stats`);
    expect(stats).toContain('Not scored: this video was deleted from YouTube');
    expect(stats).toContain('class="muted virality-explained"');
  });

  it('leaves the last definite answer alone when oEmbed is unclear, and retries later', async () => {
    t.standin.knobs.errorRate.oembed = 1;
    try {
      await t.queue.addJob('check_video_availability', { videoId: V.deleted }, { maxAttempts: 3 });
      const row = await waitUntil('a failed attempt', async () => {
        const [r] = await sql<{ status: string; last_problem: string | null }[]>`select status, last_problem from video_availability_checks where video_id = ${V.deleted}`;
        return r?.last_problem ? r : undefined;
      });
      expect(row.status).toBe('deleted');
      expect(row.last_problem).toMatch(/oEmbed answered HTTP 5\d\d/);
      const job = await waitUntil('the retry to be scheduled', async () => {
        const [j] = await sql<{ attempts: number; retry_in: number }[]>`
          select attempts, extract(epoch from run_at - now())::float8 as retry_in from graphile_worker.jobs
          where task_identifier = 'check_video_availability' and last_error is not null`;
        return j;
      });
      expect(job.attempts).toBe(1);
      expect(job.retry_in).toBeGreaterThan(0);
    } finally {
      t.standin.knobs.errorRate.oembed = 0;
      const left = await sql<{ id: string }[]>`select id from graphile_worker.jobs where task_identifier = 'check_video_availability'`;
      await t.queue.completeJobs(left.map((j) => j.id));
    }
  });

  it('pages need a signed-in user, and Run now only accepts known schedules from our own pages', async () => {
    expect((await t.app.request('/trends')).status).toBe(302);
    expect((await t.app.request('/gone')).status).toBe(302);
    const unknown = await t.app.request('/schedules/everything/run', {
      method: 'POST', headers: { Cookie: alice.cookie, Origin: t.baseUrl, 'Content-Type': 'application/x-www-form-urlencoded' }, body: '',
    });
    expect(unknown.status).toBe(400);
    const crossSite = await t.app.request('/schedules/trending/run', {
      method: 'POST', headers: { Cookie: alice.cookie, Origin: 'https://evil.example', 'Content-Type': 'application/x-www-form-urlencoded' }, body: '',
    });
    expect(crossSite.status).toBe(403);
    const htmx = await t.app.request('/schedules/thumbnails/run', {
      method: 'POST', headers: { Cookie: alice.cookie, Origin: t.baseUrl, 'HX-Request': 'true', 'Content-Type': 'application/x-www-form-urlencoded' }, body: '',
    });
    expect(await htmx.text()).toContain('Thumbnail checks queued');
    expect(await page('/schedules')).toContain(`<code>${NEVER}</code>`);
  });
});
