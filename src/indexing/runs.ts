// Index runs: starting one (deduplicated per playlist), reading progress from index_run_videos,
// and closing runs whose videos are all settled.
import type { Queryable, Sql } from '../db/client.ts';
import { countOutcomes, type OutcomeCounts } from './outcomes.ts';

export type RunMode = 'new' | 'all';

export const indexPlaylistJobKey = (playlistId: string) => `index_playlist:${playlistId}`;
export const transcriptJobKey = (videoId: string) => `transcript:${videoId}`;

export type RunStatus = 'queued' | 'listing' | 'fetching' | 'paused' | 'completed' | 'failed' | 'cancelled';

/** A paused run is still the playlist's run: starting again leads to it, so it can be resumed. */
const ACTIVE = ['queued', 'listing', 'fetching', 'paused'] as const;
/** Runs whose videos transcript jobs fetch. */
const RUNNING = ['queued', 'listing', 'fetching'] as const;

export const isFinished = (status: RunStatus): boolean => status === 'completed' || status === 'failed' || status === 'cancelled';

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

/**
 * Puts one video into a playlist's active run (a video added to "Single videos" while its run is
 * going): listing may already have passed it. Settled at once when its transcript is already stored.
 */
export async function addVideoToActiveRun(sql: Sql, runId: number, videoId: string): Promise<void> {
  await sql.begin(async (tx) => {
    // The same lock transcript jobs take when they settle run videos (see subtext_settle_run_videos).
    const [run] = await tx<{ status: string }[]>`select status from index_runs where id = ${runId} for update`;
    if (!run || !(ACTIVE as ReadonlyArray<string>).includes(run.status)) return;
    const [video] = await tx<{ transcript_status: string }[]>`select transcript_status from videos where id = ${videoId}`;
    const settled = video?.transcript_status === 'indexed' || video?.transcript_status === 'unavailable';
    await tx`insert into index_run_videos (run_id, video_id, state, reason, finished_at)
      values (${runId}, ${videoId}, ${settled ? 'skipped' : 'pending'}, ${settled ? 'already indexed' : null}, ${settled ? new Date() : null})
      on conflict (run_id, video_id) do nothing`;
    if (run.status === 'fetching') {
      await tx`update index_runs set total_videos = (select count(*) from index_run_videos where run_id = ${runId}) where id = ${runId}`;
    }
    if (!settled) await addTranscriptJobs(tx, [videoId]);
  });
}

export interface RunProgress {
  readonly runId: number;
  readonly playlistId: string;
  readonly playlistTitle: string;
  readonly status: RunStatus;
  readonly mode: RunMode;
  readonly error: string | null;
  readonly total: number | null;
  readonly done: number;
  readonly failed: number;
  readonly skipped: number;
  readonly pending: number;
  /** What became of the videos, in a person's words (see outcomes.ts). */
  readonly outcomes: OutcomeCounts;
  readonly failedByReason: ReadonlyArray<{ reason: string; count: number }>;
  /** Videos settled per second over the last minute (pauses included), or since the run began if that is shorter. */
  readonly perSecond: number;
  /** When the last pending video is due again (a retry's backoff), if any of the last few waits for one. */
  readonly lastRetryAt: Date | null;
  readonly createdAt: Date;
  readonly finishedAt: Date | null;
}

/** Throughput is measured over this much of the recent past: long enough to smooth bursts and short pauses. */
const THROUGHPUT_WINDOW_SECONDS = 60;
/** Below this many pending videos, the ETA also looks at when their jobs are due (a retry may be minutes away). */
const FEW_PENDING = 50;

export async function runProgress(sql: Sql, runId: number): Promise<RunProgress | null> {
  const [run] = await sql<{ id: number; playlist_id: string; title: string; status: RunStatus; mode: RunMode; error: string | null; total_videos: number | null; created_at: Date; finished_at: Date | null; age_seconds: number }[]>`
    select r.id, r.playlist_id, p.title, r.status, r.mode, r.error, r.total_videos, r.created_at, r.finished_at,
      extract(epoch from now() - r.created_at)::float8 as age_seconds
    from index_runs r join playlists p on p.id = r.playlist_id where r.id = ${runId}`;
  if (!run) return null;
  const counts = await sql<{ state: string; reason: string | null; n: number }[]>`
    select state, case when state in ('failed', 'skipped') then reason end as reason, count(*)::int as n
    from index_run_videos where run_id = ${runId} group by 1, 2`;
  const [recent] = await sql<{ n: number }[]>`
    select count(*)::int as n from index_run_videos
    where run_id = ${runId} and finished_at > now() - make_interval(secs => ${THROUGHPUT_WINDOW_SECONDS})`;
  const sum = (state: string) => counts.filter((c) => c.state === state).reduce((a, c) => a + c.n, 0);
  const outcomes = countOutcomes(counts);
  // A cancelled run waits for nothing: a video whose fetch failed after the cancel was not fetched either.
  const pending = run.status === 'cancelled' ? 0 : sum('pending');
  if (run.status === 'cancelled') outcomes.cancelled += outcomes.pending;
  let lastRetryAt: Date | null = null;
  if (pending > 0 && pending <= FEW_PENDING && !isFinished(run.status)) {
    const [due] = await sql<{ at: Date | null }[]>`
      select max(j.run_at) as at from index_run_videos rv
      join graphile_worker.jobs j on j.key = ${transcriptJobKey('')} || rv.video_id
      where rv.run_id = ${runId} and rv.state = 'pending' and j.locked_at is null`;
    lastRetryAt = due?.at && due.at.getTime() > Date.now() ? due.at : null;
  }
  const windowSeconds = Math.max(5, Math.min(THROUGHPUT_WINDOW_SECONDS, run.age_seconds));
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
    pending,
    outcomes,
    failedByReason: counts.filter((c) => c.state === 'failed').map((c) => ({ reason: c.reason ?? 'unknown', count: c.n })).sort((a, b) => b.count - a.count),
    perSecond: (recent?.n ?? 0) / windowSeconds,
    lastRetryAt,
    createdAt: run.created_at,
    finishedAt: run.finished_at,
  };
}

/** A video a run could not index, as the run page lists it. */
export interface FailedVideo {
  readonly videoId: string;
  readonly title: string;
  readonly reason: string | null;
}

export async function failedVideos(sql: Sql, runId: number, limit = 200): Promise<FailedVideo[]> {
  return sql<FailedVideo[]>`
    select v.id as "videoId", v.title, rv.reason from index_run_videos rv join videos v on v.id = rv.video_id
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

/**
 * Drops the queued transcript jobs of a run's pending videos that no other running run waits for, so
 * a paused or cancelled run stops taking workers at once. A job running right now finishes its video;
 * one that is picked up anyway finds no running run waiting (subtext_claim_transcript_fetch) and ends.
 */
async function unqueueRunVideos(tx: Queryable, runId: number): Promise<void> {
  await tx`select graphile_worker.remove_job(${transcriptJobKey('')} || rv.video_id)
    from index_run_videos rv
    where rv.run_id = ${runId} and rv.state = 'pending' and not exists (
      select 1 from index_run_videos o join index_runs r on r.id = o.run_id
      where o.video_id = rv.video_id and o.state = 'pending' and o.run_id <> rv.run_id and r.status in ${tx(RUNNING)})`;
}

/** Pauses a running run: its videos wait, nothing is lost. False when it was not running. */
export async function pauseRun(sql: Sql, runId: number): Promise<boolean> {
  return sql.begin(async (tx) => {
    const [run] = await tx`update index_runs set status = 'paused' where id = ${runId} and status in ${tx(RUNNING)} returning id`;
    if (!run) return false;
    await unqueueRunVideos(tx, runId);
    return true;
  });
}

/** Resumes a paused run: listing starts again if it had not finished, and every pending video is queued again. */
export async function resumeRun(sql: Sql, runId: number): Promise<boolean> {
  return sql.begin(async (tx) => {
    const [run] = await tx<{ playlist_id: string; listed: boolean }[]>`
      update index_runs set status = case when listed_at is null then 'queued' else 'fetching' end
      where id = ${runId} and status = 'paused' returning playlist_id, listed_at is not null as listed`;
    if (!run) return false;
    if (!run.listed) {
      await tx`select graphile_worker.add_job('index_playlist', json_build_object('runId', ${runId}::bigint),
        job_key := ${indexPlaylistJobKey(run.playlist_id)}, max_attempts := 5)`;
    }
    const pending = await tx<{ video_id: string }[]>`select video_id from index_run_videos where run_id = ${runId} and state = 'pending'`;
    await addTranscriptJobs(tx, pending.map((p) => p.video_id));
    await completeSettledRuns(tx, [runId]);
    return true;
  });
}

/** Cancels a run that is not over: what it indexed stays indexed and searchable; its pending videos are left unfetched. */
export async function cancelRun(sql: Sql, runId: number): Promise<boolean> {
  return sql.begin(async (tx) => {
    const [run] = await tx<{ playlist_id: string }[]>`
      update index_runs set status = 'cancelled', finished_at = now() where id = ${runId} and status in ${tx(ACTIVE)} returning playlist_id`;
    if (!run) return false;
    await tx`select graphile_worker.remove_job(${indexPlaylistJobKey(run.playlist_id)})`;
    await unqueueRunVideos(tx, runId);
    // Videos being fetched right now stay pending, so the fetch in flight settles them as it ends.
    await tx`update index_run_videos rv set state = 'cancelled', finished_at = now()
      where rv.run_id = ${runId} and rv.state = 'pending'
        and not exists (select 1 from videos v where v.id = rv.video_id and v.transcript_lease_until > now())`;
    return true;
  });
}
