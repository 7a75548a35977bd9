// Which videos are tracked: everything still listed in a playlist of anyone's library, plus the
// videos on each region's latest trending chart.
import type { Queryable } from '../db/client.ts';

/**
 * Tracked video ids after `afterId`, in id order, for paging through them in batches; with
 * `unreadSince`, only those without a statistics reading since then (so a retried run resumes).
 */
export async function trackedVideoIds(sql: Queryable, options: { afterId: string; limit: number; includeTrending: boolean; unreadSince?: Date }): Promise<string[]> {
  const rows = await sql<{ id: string }[]>`
    with latest_charts as (
      select distinct on (region_code) id from trending_charts order by region_code, fetched_at desc
    ), tracked as (
      select pv.video_id as id
      from playlist_videos pv join library_playlists lp on lp.playlist_id = pv.playlist_id
      where pv.removed_at is null
      union
      select e.video_id from trending_entries e join latest_charts c on c.id = e.chart_id
      where ${options.includeTrending}
    )
    select t.id from tracked t
    where t.id > ${options.afterId}
      and (${options.unreadSince ?? null}::timestamptz is null or not exists (
        select 1 from video_stat_snapshots s where s.video_id = t.id and s.taken_at >= ${options.unreadSince ?? null}::timestamptz))
    order by t.id limit ${options.limit}`;
  return rows.map((r) => r.id);
}
