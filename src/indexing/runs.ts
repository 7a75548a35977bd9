// Index runs: starting one (deduplicated per playlist), reading progress from index_run_videos,
// and closing runs whose videos are all settled.
import type { Queryable, Sql } from '../db/client.ts';

export type RunMode = 'new' | 'all';

export const indexPlaylistJobKey = (playlistId: string) => `index_playlist:${playlistId}`;
export const transcriptJobKey = (videoId: string) => `transcript:${videoId}`;

const ACTIVE = ['queued', 'listing', 'fetching'] as const;

/** The run going on for a playlist now, if any. */
export async function activeIndexRun(sql: Sql, playlistId: string): Promise<number | null> {
  const [active] = await sql<{ id: number }[]>`
    select id from index_runs where playlist_id = ${playlistId} and status in ${sql(ACTIVE)} order by id desc limit 1`;
  return active?.id ?? null;
}

/** Data API units a run spends: playlistItems.list and videos.list, one call per 50 videos each. */
export async function indexingUnits(sql: Sql, playlistId: string): Promise<number> {
  const [row] = await sql<{ items: number }[]>`select item_count as items from playlists where id = ${playlistId}`;
  return 2 * Math.max(1, Math.ceil((row?.items ?? 0) / 50));
}

/**
 * Starts a run unless one is already active for the playlist (double clicks, two tabs, two users).
 * Run row and job are written in one transaction, so they always agree.
 */
export async function startIndexRun(sql: Sql, playlistId: string, userId: number | null, mode: RunMode): Promise<{ runId: number; created: boolean }> {
  return sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtext(${'index_run:' + playlistId}))`;
    const [active] = await tx<{ id: number }[]>`
      select id from index_runs where playlist_id = ${playlistId} and status in ${tx(ACTIVE)} order by id desc limit 1`;
    if (active) return { runId: active.id, created: false };
    const [run] = await tx<{ id: number }[]>`
      insert into index_runs (playlist_id, requested_by, mode) values (${playlistId}, ${userId}, ${mode}) returning id`;
    await tx`select graphile_worker.add_job('index_playlist', json_build_object('runId', ${run!.id}::bigint),
      job_key := ${indexPlaylistJobKey(playlistId)}, max_attempts := 5)`;
    return { runId: run!.id, created: true };
  });
}

export interface RunProgress {
  readonly runId: number;
  readonly playlistId: string;
  readonly playlistTitle: string;
  readonly status: 'queued' | 'listing' | 'fetching' | 'completed' | 'failed';
  readonly mode: RunMode;
  readonly error: string | null;
  readonly total: number | null;
  readonly done: number;
  readonly failed: number;
  readonly skipped: number;
  readonly pending: number;
  readonly failedByReason: ReadonlyArray<{ reason: string; count: number }>;
  /** Videos settled per second over the last 30 seconds. */
  readonly perSecond: number;
  readonly createdAt: Date;
  readonly finishedAt: Date | null;
}

export async function runProgress(sql: Sql, runId: number): Promise<RunProgress | null> {
  const [run] = await sql<{ id: number; playlist_id: string; title: string; status: RunProgress['status']; mode: RunMode; error: string | null; total_videos: number | null; created_at: Date; finished_at: Date | null }[]>`
    select r.id, r.playlist_id, p.title, r.status, r.mode, r.error, r.total_videos, r.created_at, r.finished_at
    from index_runs r join playlists p on p.id = r.playlist_id where r.id = ${runId}`;
  if (!run) return null;
  const counts = await sql<{ state: string; reason: string | null; n: number }[]>`
    select state, case when state = 'failed' then reason end as reason, count(*)::int as n
    from index_run_videos where run_id = ${runId} group by 1, 2`;
  const [recent] = await sql<{ n: number }[]>`
    select count(*)::int as n from index_run_videos where run_id = ${runId} and finished_at > now() - interval '30 seconds'`;
  const sum = (state: string) => counts.filter((c) => c.state === state).reduce((a, c) => a + c.n, 0);
  return {
    runId: run.id,
    playlistId: run.playlist_id,
    playlistTitle: run.title,
    status: run.status,
    mode: run.mode,
    error: run.error,
    total: run.total_videos,
    done: sum('done'),
    failed: sum('failed'),
    skipped: sum('skipped'),
    pending: sum('pending'),
    failedByReason: counts.filter((c) => c.state === 'failed').map((c) => ({ reason: c.reason ?? 'unknown', count: c.n })).sort((a, b) => b.count - a.count),
    perSecond: (recent?.n ?? 0) / 30,
    createdAt: run.created_at,
    finishedAt: run.finished_at,
  };
}

export async function failedVideos(sql: Sql, runId: number, limit = 200) {
  return sql<{ video_id: string; title: string; reason: string | null }[]>`
    select v.id as video_id, v.title, rv.reason from index_run_videos rv join videos v on v.id = rv.video_id
    where rv.run_id = ${runId} and rv.state = 'failed' order by v.title limit ${limit}`;
}

/** Marks runs completed once listing has ended and no video is pending. */
export async function completeSettledRuns(sql: Queryable, runIds: ReadonlyArray<number>): Promise<void> {
  if (runIds.length === 0) return;
  await sql`select subtext_complete_settled_runs(${sql.array([...runIds])}::bigint[])`;
}

/** "Retry failed": the run's failed videos go back to pending and get a transcript job each. */
export async function retryFailedVideos(sql: Sql, runId: number): Promise<number> {
  return sql.begin(async (tx) => {
    const videos = await tx<{ video_id: string }[]>`
      update index_run_videos set state = 'pending', reason = null, finished_at = null
      where run_id = ${runId} and state = 'failed' returning video_id`;
    if (videos.length === 0) return 0;
    await tx`update index_runs set status = 'fetching', finished_at = null where id = ${runId}`;
    await tx`update videos set transcript_status = 'pending' where id = any(${tx.array(videos.map((v) => v.video_id))}) and transcript_status in ('failed', 'unavailable')`;
    await addTranscriptJobs(tx, videos.map((v) => v.video_id));
    return videos.length;
  });
}

/** One bulk insert for many transcript jobs; the job key makes a video shared by runs a single job. */
export async function addTranscriptJobs(sql: Queryable, videoIds: ReadonlyArray<string>): Promise<void> {
  if (videoIds.length === 0) return;
  const specs = videoIds.map((videoId) => ({
    identifier: 'fetch_transcript', payload: { videoId }, job_key: transcriptJobKey(videoId), max_attempts: 5,
  }));
  await sql`select graphile_worker.add_jobs(
    array(select json_populate_recordset(null::graphile_worker.job_spec, ${sql.json(specs)}::json)),
    job_key_preserve_run_at := true)`;
}
