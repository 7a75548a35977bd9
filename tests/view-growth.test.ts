// Demo view counts grow over time: the stand-in's counts are a function of the video and the
// moment, so repeated tracking snapshots show growth and virality differs between videos.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findVideo } from '../src/standin/catalog.ts';
import { DEMO } from '../src/standin/demo-data.ts';
import { synthVideoId } from '../src/standin/synthetic.ts';
import { countsAt, GROWTH_START } from '../src/standin/view-growth.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { createSignedInUser } from './helpers/users.ts';
import { waitUntil } from './helpers/wait.ts';

const HOUR = 3_600_000;
const NEVER = '0 0 1 1 *';
const demoIds = Object.values(DEMO.videos);
const syntheticIds = Array.from({ length: 200 }, (_, i) => synthVideoId(42, 30, i));

interface Statistics { viewCount: string; likeCount?: string; commentCount?: string }

describe('view counts over time', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      pools: ['tracking', 'scoring'],
      env: { SNAPSHOT_SCHEDULE: NEVER, TRENDING_SCHEDULE: NEVER, THUMBNAIL_CHECK_SCHEDULE: NEVER, AVAILABILITY_CHECK_SCHEDULE: NEVER },
    });
  });
  afterAll(async () => { await t?.stop(); });

  const statisticsAt = async (ids: ReadonlyArray<string>, at: number): Promise<Map<string, Statistics>> => {
    t.standin.knobs.statsAt = at;
    const url = new URL('/youtube/v3/videos', t.standin.url);
    url.searchParams.set('part', 'statistics');
    url.searchParams.set('id', ids.join(','));
    url.searchParams.set('key', 'test');
    const body = await (await fetch(url)).json() as { items: Array<{ id: string; statistics: Statistics }> };
    return new Map(body.items.map((item) => [item.id, item.statistics]));
  };

  it('never fall, keep likes and comments below views, and answer the same for the same moment', async () => {
    const ids = [...demoIds, ...syntheticIds];
    const start = Date.UTC(2026, 5, 1);
    const moments = [GROWTH_START - HOUR, start, start + 60_000, start + 17 * 60_000, start + 5 * HOUR, start + 3 * 24 * HOUR, start + 400 * 24 * HOUR];
    const readings: Array<Map<string, Statistics>> = [];
    for (let i = 0; i < moments.length; i += 1) {
      for (let from = 0; from < ids.length; from += 50) {
        const part = await statisticsAt(ids.slice(from, from + 50), moments[i]!);
        readings[i] = new Map([...(readings[i] ?? []), ...part]);
      }
    }
    for (const [id, again] of await statisticsAt(demoIds, start)) expect(again).toEqual(readings[1]!.get(id));
    for (const [id, first] of readings[0]!) {
      let previous = first;
      for (const reading of readings.slice(1)) {
        const now = reading.get(id)!;
        for (const key of ['viewCount', 'likeCount', 'commentCount'] as const) {
          if (previous[key] !== undefined) expect(Number(now[key]), `${id} ${key}`).toBeGreaterThanOrEqual(Number(previous[key]));
        }
        if (now.likeCount !== undefined && Number(now.viewCount) > 0) expect(Number(now.likeCount)).toBeLessThan(Number(now.viewCount));
        if (now.commentCount !== undefined && Number(now.viewCount) > 0) expect(Number(now.commentCount)).toBeLessThan(Number(now.viewCount));
        previous = now;
      }
    }
    // Within five hours most videos gained views, the viral ones tens of thousands an hour, the flat ones none.
    const gainedPerHour = (id: string) => (Number(readings[4]!.get(id)!.viewCount) - Number(readings[1]!.get(id)!.viewCount)) / 5;
    const gains = [...readings[1]!.keys()].map((id) => ({ id, curve: findVideo(id)!.counts.curve, perHour: gainedPerHour(id) }));
    expect(gains.filter((g) => g.curve === 'viral').every((g) => g.perHour > 10_000)).toBe(true);
    expect(gains.filter((g) => g.curve === 'steady').every((g) => g.perHour > 0 && g.perHour < 1000)).toBe(true);
    expect(gains.filter((g) => g.curve === 'flat').every((g) => g.perHour === 0)).toBe(true);
    const curves = new Set(gains.map((g) => g.curve));
    expect([...curves].sort()).toEqual(['flat', 'rising', 'steady', 'viral']);
    expect(gains.filter((g) => g.curve === 'steady').length).toBeGreaterThan(gains.length / 2);
    // A year on, even a viral video's count stays believable.
    expect(Math.max(...[...readings[6]!.values()].map((s) => Number(s.viewCount)))).toBeLessThan(1_000_000_000);
  });

  it('moves on with the clock unless pinned', async () => {
    const video = findVideo(DEMO.videos.ok)!;
    const now = await statisticsAt([video.id], 0);
    expect(Number(now.get(video.id)!.viewCount)).toBeGreaterThanOrEqual(countsAt(video, Date.now() - 60_000).views);
    expect(Number(now.get(video.id)!.viewCount)).toBeLessThanOrEqual(countsAt(video, Date.now()).views);
    const pinned = await statisticsAt([video.id], Date.UTC(2026, 0, 2));
    expect(Number(pinned.get(video.id)!.viewCount)).toBe(countsAt(video, Date.UTC(2026, 0, 2)).views);
  });

  it('shows as growth between tracking snapshots, and virality differs between videos', async () => {
    t.standin.knobs.statsAt = 0;
    const sql = t.db.database.sql;
    const alice = await createSignedInUser(sql, { name: 'Alice' });
    const tracked = [DEMO.videos.ok, DEMO.videos.caramelise, DEMO.videos.straddlingPhrase, DEMO.videos.cafe, DEMO.videos.naive, DEMO.videos.postgres];
    expect(tracked.map((id) => findVideo(id)!.counts.curve)).toEqual(['viral', 'rising', 'flat', 'flat', 'steady', 'steady']);
    await sql`insert into playlists (id, title) values ('PLgrowth', 'Growth')`;
    await sql`insert into library_playlists (user_id, playlist_id, source) values (${alice.userId}, 'PLgrowth', 'added')`;
    await sql`insert into videos ${sql(tracked.map((id) => ({ id, title: `video ${id}` })))}`;
    await sql`insert into playlist_videos ${sql(tracked.map((video_id, position) => ({ playlist_id: 'PLgrowth', video_id, position })))}`;

    const snapshot = async (readings: number) => {
      const response = await t.app.request('/schedules/snapshots/run', {
        method: 'POST',
        headers: { Cookie: alice.cookie, Origin: t.baseUrl, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: '',
      });
      expect(response.status).toBe(303);
      await waitUntil(`${readings} readings of each video, scored`, async () => {
        const [row] = await sql<{ n: number }[]>`
          select count(*)::int as n from virality_scores v
          where (select count(*) from video_stat_snapshots s where s.video_id = v.video_id) = ${readings}
            and v.computed_at > (select max(taken_at) from video_stat_snapshots s where s.video_id = v.video_id)`;
        return row!.n === tracked.length ? true : undefined;
      });
    };
    await snapshot(1);
    await new Promise((resolve) => setTimeout(resolve, 4000));
    await snapshot(2);

    const rows = await sql<{ video_id: string; views: number[]; label: string; score: number }[]>`
      select s.video_id, array_agg(s.view_count::float8 order by s.taken_at) as views, v.label, v.score::float8 as score
      from video_stat_snapshots s join virality_scores v using (video_id) group by s.video_id, v.label, v.score`;
    const byId = new Map(rows.map((row) => [row.video_id, row]));
    const [ok, caramelise, ganache, lisbon] = tracked.map((id) => byId.get(id)!);
    expect(ok!.views[1]!).toBeGreaterThan(ok!.views[0]!);
    expect(caramelise!.views[1]!).toBeGreaterThan(caramelise!.views[0]!);
    expect(ganache!.views[1]).toBe(ganache!.views[0]);
    expect(rows.every((row) => row.views[1]! >= row.views[0]!)).toBe(true);
    expect(['viral', 'trending']).toContain(ok!.label);
    expect(ganache!.label).toBe('normal');
    expect(lisbon!.label).toBe('normal');
    expect(ok!.score).toBeGreaterThan(caramelise!.score);
    expect(caramelise!.score).toBeGreaterThan(ganache!.score);
    expect(new Set(rows.map((row) => row.score)).size).toBeGreaterThanOrEqual(4);
  });
});
