// Readings of the same videos arrive at once from several jobs (each region's trending chart, the
// snapshots): storing them must never deadlock, whatever order each job lists its videos in.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { recordReadings } from '../src/tracking/readings.ts';
import type { VideoDetails } from '../src/youtube/data-api.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

const ids = Array.from({ length: 200 }, (_, i) => `read${String(i).padStart(7, '0')}`);
const reading = (id: string, views: number): VideoDetails => ({
  id, title: id, description: '', channelId: null, channelTitle: null, publishedAt: null, durationSeconds: null,
  viewCount: views, likeCount: 1, commentCount: 1, privacyStatus: 'public', thumbnailUrl: null,
});
function shuffled<T>(items: ReadonlyArray<T>, seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

it('stores overlapping readings from concurrent jobs without a deadlock', async () => {
  const { sql } = db.database;
  await sql`insert into videos (id, title) select unnest(${ids}::text[]), 'video'`;
  for (let round = 0; round < 5; round++) {
    // Eight jobs at once, each with the same videos in its own order, each in a transaction of its own
    // that also holds its rows a moment (as a job does while it enqueues scoring).
    const jobs = Array.from({ length: 8 }, (_, j) => sql.begin(async (tx) => {
      await recordReadings(tx, shuffled(ids, round * 8 + j + 1).map((id) => reading(id, round * 100 + j)));
      await tx`select pg_sleep(0.01)`;
    }));
    const outcomes = await Promise.allSettled(jobs);
    expect(outcomes.filter((o) => o.status === 'rejected').map((o) => String((o as PromiseRejectedResult).reason))).toEqual([]);
  }
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from video_stat_snapshots`;
  expect(row!.n).toBe(5 * 8 * ids.length);
});
