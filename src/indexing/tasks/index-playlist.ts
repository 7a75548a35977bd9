// The orchestrator: pages through a playlist, stores videos, membership and details, and fans out
// one transcript job per video that needs one. Safe to run twice: every write is an upsert and
// transcript jobs are deduplicated by job key.
import type { Task } from 'graphile-worker';
import type { Sql } from '../../db/client.ts';
import { log } from '../../log.ts';
import type { WorkerDeps } from '../../worker/pool.ts';
import type { DataApi, PlaylistEntry, VideoDetails } from '../../youtube/data-api.ts';
import { YoutubeError } from '../../youtube/errors.ts';
import { dataApiForPlaylist } from '../../youtube/data-api-for-playlist.ts';
import { ALREADY_INDEXED, PRIVATE_OR_DELETED } from '../outcomes.ts';
import { addTranscriptJobs, completeSettledRuns, indexPlaylistJobKey } from '../runs.ts';

export interface IndexPlaylistPayload {
  readonly runId: number;
}

export function assertIndexPlaylistPayload(payload: unknown): asserts payload is IndexPlaylistPayload {
  if (typeof payload !== 'object' || payload === null || !Number.isSafeInteger((payload as { runId?: unknown }).runId)) {
    throw new Error('index_playlist payload must be { runId: integer }');
  }
}

/** A playlist may hold one video twice; it is stored once, at its first position. */
function firstOfEach(entries: ReadonlyArray<PlaylistEntry>): PlaylistEntry[] {
  const seen = new Set<string>();
  return entries.filter((e) => !seen.has(e.videoId) && seen.add(e.videoId));
}

async function storePage(sql: Sql, runId: number, playlistId: string, mode: 'new' | 'all', pageEntries: ReadonlyArray<PlaylistEntry>, details: ReadonlyArray<VideoDetails>): Promise<string[]> {
  const entries = firstOfEach(pageEntries);
  const byId = new Map(details.map((d) => [d.id, d]));
  return sql.begin(async (tx) => {
    const videoRows = entries.map((e) => {
      const d = byId.get(e.videoId);
      return {
        id: e.videoId,
        title: d?.title ?? e.title,
        description: d?.description ?? '',
        channel_id: d?.channelId ?? null,
        channel_title: d?.channelTitle ?? null,
        published_at: d?.publishedAt ?? null,
        duration_seconds: d?.durationSeconds ?? null,
        view_count: d?.viewCount ?? null,
        like_count: d?.likeCount ?? null,
        comment_count: d?.commentCount ?? null,
        privacy_status: e.placeholder ?? d?.privacyStatus ?? null,
        thumbnail_url: d?.thumbnailUrl ?? null,
        details_fetched_at: d ? new Date() : null,
      };
    });
    // A placeholder never overwrites what we kept from when the video was public.
    await tx`
      insert into videos ${tx(videoRows)}
      on conflict (id) do update set
        title = case when excluded.details_fetched_at is null then videos.title else excluded.title end,
        description = case when excluded.details_fetched_at is null then videos.description else excluded.description end,
        channel_id = coalesce(excluded.channel_id, videos.channel_id),
        channel_title = coalesce(excluded.channel_title, videos.channel_title),
        published_at = coalesce(excluded.published_at, videos.published_at),
        duration_seconds = coalesce(excluded.duration_seconds, videos.duration_seconds),
        view_count = coalesce(excluded.view_count, videos.view_count),
        like_count = case when excluded.details_fetched_at is null then videos.like_count else excluded.like_count end,
        comment_count = case when excluded.details_fetched_at is null then videos.comment_count else excluded.comment_count end,
        privacy_status = excluded.privacy_status,
        thumbnail_url = coalesce(excluded.thumbnail_url, videos.thumbnail_url),
        details_fetched_at = coalesce(excluded.details_fetched_at, videos.details_fetched_at)`;
    await tx`
      insert into playlist_videos ${tx(entries.map((e) => ({ playlist_id: playlistId, video_id: e.videoId, position: e.position })))}
      on conflict (playlist_id, video_id) do update set position = excluded.position, removed_at = null`;

    // Placeholders (and videos the API no longer returns) have nothing to fetch.
    const skippedIds = entries.filter((e) => e.placeholder !== null || !byId.has(e.videoId)).map((e) => e.videoId);
    if (skippedIds.length > 0) {
      await tx`update videos set transcript_status = 'skipped' where id = any(${tx.array(skippedIds)}) and transcript_status = 'pending'`;
    }
    const candidates = entries.filter((e) => !skippedIds.includes(e.videoId)).map((e) => e.videoId);
    // A "no captions" verdict is settled until its re-check is due (creators do add captions).
    const settled = mode === 'all' || candidates.length === 0 ? [] : await tx<{ id: string; transcript_status: string; transcript_error: string | null }[]>`
      select id, transcript_status, transcript_error from videos where id = any(${tx.array(candidates)})
        and (transcript_status = 'indexed' or (transcript_status = 'unavailable' and not coalesce(transcript_recheck_after <= now(), false)))`;
    const settledIds = new Set(settled.map((s) => s.id));
    const pending = candidates.filter((id) => !settledIds.has(id));
    const runVideoRows = [
      ...skippedIds.map((video_id) => ({ run_id: runId, video_id, state: 'skipped', reason: PRIVATE_OR_DELETED, finished_at: new Date() })),
      // A video that had no transcript last time keeps its reason ("no captions" is not "already indexed").
      ...settled.map((v) => ({ run_id: runId, video_id: v.id, state: 'skipped',
        reason: v.transcript_status === 'indexed' ? ALREADY_INDEXED : v.transcript_error ?? 'no transcript', finished_at: new Date() })),
      ...pending.map((video_id) => ({ run_id: runId, video_id, state: 'pending', reason: null, finished_at: null })),
    ];
    if (runVideoRows.length > 0) {
      await tx`insert into index_run_videos ${tx(runVideoRows)} on conflict (run_id, video_id) do nothing`;
    }
    await addTranscriptJobs(tx, pending);
    return entries.map((e) => e.videoId);
  });
}

/** Where a run's videos come from: a YouTube list (a playlist, a channel's uploads, the likes list) or the person's own Single videos. */
interface ListSource {
  readonly kind: 'playlist' | 'channel' | 'videos' | 'likes';
  /** The list to page through on YouTube. */
  readonly youtubeListId: string;
}

/** Pages of a YouTube list, or of a Single videos list read from playlist_videos (50 at a time, as videos.list takes them). */
async function* listPages(sql: Sql, api: DataApi, playlistId: string, source: ListSource): AsyncGenerator<ReadonlyArray<PlaylistEntry>> {
  if (source.kind === 'videos') {
    const rows = await sql<{ video_id: string; position: number; title: string }[]>`
      select pv.video_id, pv.position, v.title from playlist_videos pv join videos v on v.id = pv.video_id
      where pv.playlist_id = ${playlistId} and pv.removed_at is null order by pv.position`;
    for (let i = 0; i < rows.length; i += 50) {
      yield rows.slice(i, i + 50).map((r) => ({ videoId: r.video_id, position: r.position, title: r.title, placeholder: null }));
    }
    return;
  }
  let pageToken: string | null = null;
  do {
    const page = await api.listPlaylistItems(source.youtubeListId, pageToken);
    yield page.entries;
    pageToken = page.nextPageToken;
  } while (pageToken);
}

/** Whether a person cancelled the run while it was being listed: listing stops at the next page. */
async function cancelled(sql: Sql, runId: number): Promise<boolean> {
  const [run] = await sql<{ status: string }[]>`select status from index_runs where id = ${runId}`;
  return run?.status === 'cancelled';
}

async function listAndFanOut(sql: Sql, api: DataApi, runId: number, playlistId: string, source: ListSource, mode: 'new' | 'all'): Promise<void> {
  const seen: string[] = [];
  for await (const entries of listPages(sql, api, playlistId, source)) {
    if (await cancelled(sql, runId)) return;
    const fetchable = [...new Set(entries.filter((e) => e.placeholder === null).map((e) => e.videoId))];
    const details = await api.getVideos(fetchable);
    seen.push(...await storePage(sql, runId, playlistId, mode, entries, details));
  }

  await sql.begin(async (tx) => {
    // Lock the run first: transcript jobs settling right now take the same lock (see subtext_settle_run_videos).
    await tx`select id from index_runs where id = ${runId} for update`;
    // Videos gone from the playlist leave it, but stay stored and searchable. Single videos leave only when
    // their owner removes them: one added while this run was listing is not in `seen`, yet belongs.
    if (source.kind !== 'videos') {
      await tx`update playlist_videos set removed_at = now()
        where playlist_id = ${playlistId} and removed_at is null and not (video_id = any(${tx.array(seen)}))`;
    }
    await tx`update playlists set item_count = (select count(*) from playlist_videos where playlist_id = ${playlistId} and removed_at is null),
      fetched_at = now() where id = ${playlistId}`;
    // A run paused or cancelled while it was listed stays so (a paused one's videos are queued again on resume).
    await tx`update index_runs set status = case when status in ('paused', 'cancelled') then status else 'fetching' end, listed_at = now(), error = null,
      total_videos = (select count(*) from index_run_videos where run_id = ${runId}) where id = ${runId}`;
    await completeSettledRuns(tx, [runId]);
  });
}

/** Next midnight in Pacific time, when Google resets the Data API quota (within an hour, DST aside). */
function nextQuotaReset(now = new Date()): Date {
  const pacific = new Date(now.toLocaleString('en-US', { timeZone: 'America/Los_Angeles' }));
  const msToMidnight = (24 * 3600 - (pacific.getHours() * 3600 + pacific.getMinutes() * 60 + pacific.getSeconds())) * 1000;
  return new Date(now.getTime() + msToMidnight + 60_000);
}

export function indexPlaylistTask(deps: WorkerDeps): Task {
  const { sql } = deps.database;
  return async (payload, helpers) => {
    assertIndexPlaylistPayload(payload);
    const [run] = await sql<{ playlist_id: string; requested_by: number | null; mode: 'new' | 'all'; status: string; kind: ListSource['kind']; youtube_list_id: string }[]>`
      select r.playlist_id, r.requested_by, r.mode, r.status, p.kind, coalesce(p.youtube_list_id, p.id) as youtube_list_id
      from index_runs r join playlists p on p.id = r.playlist_id where r.id = ${payload.runId}`;
    // Paused before listing began: resuming queues this job again.
    if (!run || run.status !== 'queued' && run.status !== 'listing') return;
    await sql`update index_runs set status = 'listing' where id = ${payload.runId} and status in ('queued', 'listing')`;
    try {
      const api = await dataApiForPlaylist({ config: deps.config, sql }, run.playlist_id, run.requested_by);
      await listAndFanOut(sql, api, payload.runId, run.playlist_id, { kind: run.kind, youtubeListId: run.youtube_list_id }, run.mode);
    } catch (err) {
      if (!(err instanceof YoutubeError) || err.kind === 'transient') {
        await sql`update index_runs set error = ${`Retrying: ${err instanceof Error ? err.message : String(err)}`} where id = ${payload.runId}`;
        throw err;
      }
      if (err.kind === 'quota') {
        const resumeAt = nextQuotaReset();
        await sql`update index_runs set error = ${`${err.message} Indexing resumes at ${resumeAt.toISOString()}.`} where id = ${payload.runId}`;
        await helpers.addJob('index_playlist', payload, { jobKey: indexPlaylistJobKey(run.playlist_id), runAt: resumeAt, maxAttempts: 5 });
        return;
      }
      // Lost access, a playlist that vanished or went private: retrying will not help.
      log.warn('index run failed', { runId: payload.runId, playlistId: run.playlist_id, kind: err.kind, error: err.message });
      await sql`update index_runs set status = 'failed', error = ${err.message}, finished_at = now() where id = ${payload.runId}`;
    }
  };
}
