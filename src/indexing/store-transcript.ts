import type { Queryable, Sql } from '../db/client.ts';
import type { Cue } from '../youtube/caption-cues.ts';
import { completeSettledRuns } from './runs.ts';

const INSERT_BATCH = 1000;

/**
 * Runs waiting for this video, settled together with the video row. The run rows are locked first
 * (in id order): the orchestrator's "listing finished" update takes the same lock, so whichever
 * commits second sees the other's work and no run is left "fetching" with nothing pending.
 */
async function settleRunVideos(tx: Queryable, videoId: string, state: 'done' | 'failed', reason: string | null): Promise<void> {
  await tx`select id from index_runs where id in (select run_id from index_run_videos where video_id = ${videoId} and state = 'pending')
    order by id for update`;
  const runs = await tx<{ run_id: number }[]>`
    update index_run_videos set state = ${state}, reason = ${reason}, finished_at = now()
    where video_id = ${videoId} and state = 'pending' returning run_id`;
  await completeSettledRuns(tx, runs.map((r) => r.run_id));
}

/**
 * Replaces a video's transcript in one transaction: a retry or re-index never duplicates a
 * segment, and a crash mid-way leaves the previous copy intact.
 */
export async function storeTranscript(sql: Sql, videoId: string, transcript: { language: string; kind: 'manual' | 'auto'; cues: ReadonlyArray<Cue> }): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`delete from transcript_segments where video_id = ${videoId}`;
    const rows = transcript.cues.map((cue, i) => ({
      video_id: videoId,
      position: i,
      start_ms: cue.startMs,
      end_ms: cue.endMs,
      text: cue.text,
      // This cue plus the next: a phrase said across two cues is still one match.
      search_text: i + 1 < transcript.cues.length ? `${cue.text} ${transcript.cues[i + 1]!.text}` : cue.text,
      language: transcript.language,
    }));
    for (let i = 0; i < rows.length; i += INSERT_BATCH) {
      await tx`insert into transcript_segments ${tx(rows.slice(i, i + INSERT_BATCH))}`;
    }
    await tx`
      update videos set transcript_status = 'indexed', transcript_error = null, transcript_language = ${transcript.language},
        transcript_kind = ${transcript.kind}, transcript_fetched_at = now(), transcript_lease_until = null
      where id = ${videoId}`;
    await settleRunVideos(tx, videoId, 'done', null);
  });
}

/**
 * A video that will not get a transcript: permanent reasons (disabled, unavailable…) leave it
 * 'unavailable', still searchable by title and description; transient ones that ran out of
 * attempts leave it 'failed'. Existing segments are kept.
 */
export async function recordTranscriptFailure(sql: Sql, videoId: string, status: 'unavailable' | 'failed', reason: string): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`
      update videos set transcript_status = case when transcript_status = 'indexed' then 'indexed' else ${status} end,
        transcript_error = ${reason}, transcript_fetched_at = now(), transcript_lease_until = null
      where id = ${videoId}`;
    await settleRunVideos(tx, videoId, 'failed', reason);
  });
}

/** Another job already fetched this video after these runs began: settle them without fetching again. */
export async function settleFromExisting(sql: Sql, videoId: string, state: 'done' | 'failed', reason: string | null): Promise<void> {
  await sql.begin((tx) => settleRunVideos(tx, videoId, state, reason));
}
