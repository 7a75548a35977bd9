// Re-scores up to 50 videos from their two latest statistics readings (queued after each reading).
// Videos deleted from YouTube are not scored: their counts stopped, and an old score would stand for ever.
import type { Task } from 'graphile-worker';
import type { WorkerDeps } from '../../worker/pool.ts';
import { VIDEOS_PER_CALL } from '../readings.ts';
import { baselineFor, scoreVirality, type StatReading } from '../virality.ts';

export interface ScoreViralityPayload {
  readonly videoIds: ReadonlyArray<string>;
}

export function assertScoreViralityPayload(payload: unknown): asserts payload is ScoreViralityPayload {
  const ids = (payload as { videoIds?: unknown } | null)?.videoIds;
  if (!Array.isArray(ids) || ids.length > VIDEOS_PER_CALL || !ids.every((id) => typeof id === 'string')) {
    throw new Error(`score_virality payload must be { videoIds: up to ${VIDEOS_PER_CALL} video ids }`);
  }
}

interface ReadingRow {
  video_id: string;
  taken_at: Date;
  view_count: number | null;
  like_count: number | null;
  comment_count: number | null;
}

export function scoreViralityTask(deps: WorkerDeps): Task {
  const { sql } = deps.database;
  return async (payload) => {
    assertScoreViralityPayload(payload);
    if (payload.videoIds.length === 0) return;
    const deleted = (await sql<{ video_id: string }[]>`
      select video_id from video_availability_checks where video_id = any(${[...payload.videoIds]}::text[]) and status = 'deleted'`).map((r) => r.video_id);
    if (deleted.length > 0) await sql`delete from virality_scores where video_id = any(${deleted}::text[])`;
    const ids = payload.videoIds.filter((id) => !deleted.includes(id));
    const readings = await sql<ReadingRow[]>`
      select v.id as video_id, s.taken_at, s.view_count::float8 as view_count,
             s.like_count::float8 as like_count, s.comment_count::float8 as comment_count
      from unnest(${ids}::text[]) as v(id)
      cross join lateral (
        select taken_at, view_count, like_count, comment_count from video_stat_snapshots
        where video_id = v.id order by taken_at desc, id desc limit 2
      ) s`;
    const regions = await sql<{ video_id: string; region_code: string }[]>`
      select distinct on (e.video_id) e.video_id, c.region_code
      from trending_entries e join trending_charts c on c.id = e.chart_id
      where e.video_id = any(${ids}::text[])
      order by e.video_id, c.fetched_at desc`;

    const rows = ids.filter((id) => readings.some((r) => r.video_id === id)).map((id) => {
      const [latest, previous] = readings.filter((r) => r.video_id === id).map((r): StatReading => ({
        takenAt: r.taken_at, viewCount: r.view_count, likeCount: r.like_count, commentCount: r.comment_count,
      }));
      const { region, baseline } = baselineFor(deps.config.viralityBaselines, regions.find((r) => r.video_id === id)?.region_code ?? null);
      const result = scoreVirality(latest, previous, baseline);
      return {
        video_id: id,
        region_code: region,
        views_per_hour: result.viewsPerHour,
        engagement_percent: result.engagementPercent,
        velocity_score: result.velocityScore,
        engagement_score: result.engagementScore,
        score: result.score,
        label: result.label,
        computed_at: new Date(),
      };
    });
    if (rows.length === 0) return;
    await sql`
      insert into virality_scores ${sql(rows)}
      on conflict (video_id) do update set region_code = excluded.region_code, views_per_hour = excluded.views_per_hour,
        engagement_percent = excluded.engagement_percent, velocity_score = excluded.velocity_score,
        engagement_score = excluded.engagement_score, score = excluded.score, label = excluded.label, computed_at = excluded.computed_at`;
  };
}
