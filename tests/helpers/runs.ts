// Setting up, watching and checking index runs in fault tests.
import type { Sql } from '../../src/db/client.ts';

/** index_run_videos of a run, counted by state: { done: 290, pending: 10 }. */
export async function runCounts(sql: Sql, runId: number): Promise<Record<string, number | undefined>> {
  const rows = await sql<{ state: string; n: number }[]>`
    select state, count(*)::int as n from index_run_videos where run_id = ${runId} group by state`;
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}


/** Segment rows of a playlist's videos, and how many (video, position) pairs occur more than once. */
export async function segmentTally(sql: Sql, playlistId: string): Promise<{ videos: number; rows: number; duplicates: number }> {
  const [tally] = await sql<{ videos: number; rows: number; duplicates: number }[]>`
    select count(distinct s.video_id)::int as videos, count(*)::int as rows,
      (select count(*)::int from (select s2.video_id, s2.position from transcript_segments s2
        join playlist_videos p2 on p2.video_id = s2.video_id where p2.playlist_id = ${playlistId}
        group by 1, 2 having count(*) > 1) d) as duplicates
    from transcript_segments s join playlist_videos pv on pv.video_id = s.video_id where pv.playlist_id = ${playlistId}`;
  return tally!;
}
