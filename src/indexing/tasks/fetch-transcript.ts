// One video's transcript: respects the shared circuit breaker and rate limit, classifies every
// failure, and stores the result in one transaction.
import type { Task } from 'graphile-worker';
import type { Sql } from '../../db/client.ts';
import { log } from '../../log.ts';
import { rateLimiterWaitSeconds, transcriptFetchSeconds } from '../../metrics/instruments.ts';
import type { WorkerDeps } from '../../worker/pool.ts';
import { takeRequestSlot } from '../../youtube/request-window.ts';
import { fetchVideoTranscript } from '../../youtube/transcripts.ts';
import { createYoutubeWebFetch } from '../../youtube/web-fetch.ts';
import { checkBreaker, closeBreaker, TRANSCRIPTS_BREAKER, tripBreaker } from '../circuit-breaker.ts';
import { transcriptJobKey } from '../runs.ts';
import { createTranscriptStore, recordTranscriptFailure } from '../store-transcript.ts';

export interface FetchTranscriptPayload {
  readonly videoId: string;
  /** How many times YouTube blocked this video (bot check, 429, empty exp=xpe captions) while it answered for another one. */
  readonly blocked?: number;
}

export function assertFetchTranscriptPayload(payload: unknown): asserts payload is FetchTranscriptPayload {
  const { videoId, blocked } = (payload ?? {}) as { videoId?: unknown; blocked?: unknown };
  if (typeof videoId !== 'string' || !/^[A-Za-z0-9_-]{11}$/.test(videoId) || (blocked !== undefined && !Number.isSafeInteger(blocked))) {
    throw new Error('fetch_transcript payload must be { videoId: an 11-character YouTube id, blocked?: integer }');
  }
}

/**
 * A block pauses everyone; but a video that is blocked every time (it needs a proof-of-origin
 * token, say) must not hold its run open for ever: after this many blocks of its own (see
 * blockedAlone) it is recorded as failed, with the reason, and "Retry failed" can try it again later.
 */
const MAX_BLOCKS_PER_VIDEO = 3;

const LEASE_SECONDS = 600;

/**
 * Every HTTP request to YouTube's web endpoints (player, watch page, captions) takes a slot from one
 * window shared by all worker processes, so YouTube never sees more than TRANSCRIPT_RATE a second.
 */
function rateLimitedFetch(base: typeof fetch, sql: Sql, perSecond: number): typeof fetch {
  if (perSecond === 0) return base;
  return async (input, init) => {
    const waitedMs = await takeRequestSlot(sql, { name: 'youtube-web', perSecond }, init?.signal ?? undefined);
    rateLimiterWaitSeconds.observe({ window: 'youtube-web' }, waitedMs / 1000);
    return base(input, init);
  };
}

export function fetchTranscriptTask(deps: WorkerDeps): Task {
  const { sql } = deps.database;
  const { config } = deps;
  const webFetch = rateLimitedFetch(
    createYoutubeWebFetch({ webUrl: config.youtubeWebUrl, timeoutMs: config.transcriptTimeoutMs, proxyUrls: config.transcriptProxyUrls }),
    sql, config.transcriptRate,
  );
  const transcripts = createTranscriptStore(sql);

  /**
   * Whether YouTube blocked just this video or this whole server. A storm (429s, a bot check on
   * every video) must never count against a video, or a long one would fail the videos it blocks at
   * every probe (the last ones of a run, say); so one other video, indexed before, is fetched: if
   * YouTube answers for it, the block was this video's own. With nothing indexed yet to compare, the
   * block counts, so that a run of videos that are always blocked still ends.
   */
  async function blockedAlone(videoId: string): Promise<boolean> {
    const [other] = await sql<{ id: string }[]>`select id from videos where transcript_status = 'indexed' and id <> ${videoId} limit 1`;
    if (!other) return true;
    const check = await fetchVideoTranscript(other.id, { fetch: webFetch, languages: config.transcriptLanguages });
    return check.ok || check.failure === 'permanent';
  }

  return async (payload, helpers) => {
    assertFetchTranscriptPayload(payload);
    const { videoId } = payload;
    const later = (runAt: Date) => helpers.addJob('fetch_transcript', payload, { jobKey: transcriptJobKey(videoId), runAt, maxAttempts: 5 });

    // Nothing left waiting, settled from a fetch another job made, or the lease for this one.
    const [{ claim } = { claim: 'nothing_waiting' }] = await sql<{ claim: 'nothing_waiting' | 'settled' | 'busy' | 'leased' }[]>`
      select subtext_claim_transcript_fetch(${videoId}, ${helpers.job.id}, ${LEASE_SECONDS}) as claim`;
    if (claim === 'nothing_waiting' || claim === 'settled') return;
    if (claim === 'busy') {
      await later(new Date(Date.now() + 5_000));
      return;
    }
    const breaker = await checkBreaker(sql, TRANSCRIPTS_BREAKER);
    if (!breaker.allowed) {
      await sql`update videos set transcript_lease_until = null where id = ${videoId}`;
      await later(breaker.retryAt);
      return;
    }

    const started = performance.now();
    const result = await fetchVideoTranscript(videoId, { fetch: webFetch, languages: config.transcriptLanguages });
    const ms = Math.round(performance.now() - started);
    transcriptFetchSeconds.observe({ outcome: result.ok ? 'ok' : result.failure }, ms / 1000);

    if (result.ok) {
      await transcripts.store(videoId, result);
      if (breaker.probe) await closeBreaker(sql, TRANSCRIPTS_BREAKER);
      helpers.logger.debug(`transcript stored`, { videoId, cues: result.cues.length, ms } as never);
      return;
    }
    if (result.failure === 'blocked') {
      // Pause everyone first, so that only the worker that opened the pause checks what was blocked.
      const { reopensAt, opened } = await tripBreaker(sql, TRANSCRIPTS_BREAKER, result.reason, config.blockPauseSeconds);
      if (opened && await blockedAlone(videoId)) {
        await closeBreaker(sql, TRANSCRIPTS_BREAKER);
        const blocked = (payload.blocked ?? 0) + 1;
        log.warn('YouTube blocks this video but answers for others', { videoId, reason: result.reason, blocked });
        if (blocked >= MAX_BLOCKS_PER_VIDEO) {
          await recordTranscriptFailure(sql, videoId, 'failed', `Blocked by YouTube ${blocked} times: ${result.reason}`);
          return;
        }
        await sql`update videos set transcript_lease_until = null where id = ${videoId}`;
        await helpers.addJob('fetch_transcript', { videoId, blocked }, {
          jobKey: transcriptJobKey(videoId), runAt: new Date(Date.now() + config.blockPauseSeconds * 1000), maxAttempts: 5,
        });
        return;
      }
      log.warn('YouTube is limiting this server; transcript fetching paused', { videoId, reason: result.reason, resumeAt: reopensAt.toISOString() });
      await sql`update videos set transcript_lease_until = null where id = ${videoId}`;
      await later(reopensAt);
      return;
    }
    if (result.failure === 'permanent') {
      if (breaker.probe) await closeBreaker(sql, TRANSCRIPTS_BREAKER);
      await recordTranscriptFailure(sql, videoId, 'unavailable', result.reason);
      return;
    }
    // Transient: let Graphile Worker retry with its exponential backoff, then give up and say why.
    if (helpers.job.attempts >= helpers.job.max_attempts) {
      await recordTranscriptFailure(sql, videoId, 'failed', `${result.reason} (gave up after ${helpers.job.attempts} attempts)`);
      return;
    }
    await sql`update videos set transcript_lease_until = null where id = ${videoId}`;
    throw new Error(result.reason);
  };
}
