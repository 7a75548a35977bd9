// One video's transcript: respects the shared circuit breaker and rate limit, classifies every
// failure, and stores the result in one transaction.
import type { Task } from 'graphile-worker';
import type { Sql } from '../../db/client.ts';
import { log } from '../../log.ts';
import { rateLimiterWaitSeconds, transcriptFetchSeconds } from '../../metrics/instruments.ts';
import type { WorkerDeps } from '../../worker/pool.ts';
import { takeRequestSlot } from '../../youtube/request-window.ts';
import type { BlockKind } from '../../youtube/transcript-answers.ts';
import { fetchVideoTranscript, type TranscriptResult } from '../../youtube/transcripts.ts';
import { createYoutubeWebFetch } from '../../youtube/web-fetch.ts';
import { createCanary } from '../canary.ts';
import { checkBreaker, closeBreaker, TRANSCRIPTS_BREAKER, tripBreaker } from '../circuit-breaker.ts';
import { transcriptJobKey } from '../runs.ts';
import { createTranscriptStore, recordNoCaptions, recordTranscriptFailure } from '../store-transcript.ts';

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
  const fetchFor = (videoId: string, knownToHaveCaptions: boolean): Promise<TranscriptResult> =>
    fetchVideoTranscript(videoId, { fetch: webFetch, languages: config.transcriptLanguages, clients: config.transcriptClients, knownToHaveCaptions });
  const canary = createCanary({ sql, configured: config.transcriptCanaryVideo, fetchKnownCaptioned: (videoId) => fetchFor(videoId, true) });

  /**
   * Whether YouTube blocked just this video or this whole server. A storm (429s, a bot check on
   * every video) must never count against a video, or a long one would fail the videos it blocks at
   * every probe (the last ones of a run, say); so a canary is fetched: if YouTube answers for it, the
   * block was this video's own. With no canary to compare, a bot check or a rate limit (which YouTube
   * aims at addresses, not videos) is taken as the server's; any other block counts against the
   * video, so that a run of videos that are always blocked (PO tokens, say) still ends.
   */
  async function blockedAlone(videoId: string, since: number, block: BlockKind): Promise<boolean> {
    const answer = await canary.check(videoId, since);
    if (answer.kind === 'none') return block !== 'bot_check' && block !== 'rate_limited';
    return answer.kind === 'captions';
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

    const [known] = await sql<{ captioned: boolean }[]>`
      select transcript_status = 'indexed' or exists (select 1 from transcript_segments where video_id = ${videoId}) as captioned
      from videos where id = ${videoId}`;
    const started = performance.now();
    const captioned = known?.captioned ?? false;
    const result = await fetchFor(videoId, captioned);
    const ms = Math.round(performance.now() - started);
    const answeredAt = Date.now();
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
      if (opened && await blockedAlone(videoId, answeredAt, result.block)) {
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
      log.warn('YouTube is limiting this server; transcript fetching paused', { videoId, reason: result.reason, answers: result.answers, resumeAt: reopensAt.toISOString() });
      await sql`update videos set transcript_lease_until = null where id = ${videoId}`;
      await later(reopensAt);
      return;
    }
    if (result.failure === 'no_captions') {
      // What a blocked server sees too: believed only if a canary still comes through.
      const answer = await canary.check(videoId, answeredAt);
      if (answer.kind === 'captions' && captioned) {
        // It had captions: the block may have ended between its answer and the canary's, so it is asked once more.
        const again = await fetchFor(videoId, true);
        if (breaker.probe) await closeBreaker(sql, TRANSCRIPTS_BREAKER);
        if (again.ok) {
          await transcripts.store(videoId, again);
          return;
        }
        if (again.failure === 'no_captions') {
          log.warn('a video that had captions has none now', { videoId, answers: again.answers });
          await recordNoCaptions(sql, videoId, again.reason);
          return;
        }
        await sql`update videos set transcript_lease_until = null where id = ${videoId}`;
        await later(new Date(Date.now() + config.blockPauseSeconds * 1000));
        return;
      }
      if (answer.kind === 'captions' || answer.kind === 'none') {
        if (breaker.probe) await closeBreaker(sql, TRANSCRIPTS_BREAKER);
        if (answer.kind === 'none') log.warn('No canary to confirm a "no captions" verdict: set TRANSCRIPT_CANARY_VIDEO', { videoId });
        await recordNoCaptions(sql, videoId, result.reason);
        return;
      }
      if (answer.kind === 'unknown') return retryOrGiveUp(`No captions, and the canary could not be asked: ${answer.reason}`);
      await sql`update videos set transcript_lease_until = null where id = ${videoId}`;
      const reason = `YouTube hides captions from this server: video ${videoId} and the canary ${answer.videoId} both came back without them (${answer.reason})`;
      const { reopensAt } = await tripBreaker(sql, TRANSCRIPTS_BREAKER, reason, config.blockPauseSeconds);
      log.warn('YouTube hides captions from this server; transcript fetching paused', { videoId, canary: answer.videoId, answers: result.answers, resumeAt: reopensAt.toISOString() });
      await later(reopensAt);
      return;
    }
    if (result.failure === 'permanent') {
      if (breaker.probe) await closeBreaker(sql, TRANSCRIPTS_BREAKER);
      log.info('no transcript for this video', { videoId, reason: result.reason, answers: result.answers });
      await recordTranscriptFailure(sql, videoId, 'unavailable', result.reason);
      return;
    }
    return retryOrGiveUp(result.reason);

    /** Transient: let Graphile Worker retry with its exponential backoff, then give up and say why. */
    async function retryOrGiveUp(reason: string): Promise<void> {
      if (helpers.job.attempts >= helpers.job.max_attempts) {
        await recordTranscriptFailure(sql, videoId, 'failed', `${reason} (gave up after ${helpers.job.attempts} attempts)`);
        return;
      }
      await sql`update videos set transcript_lease_until = null where id = ${videoId}`;
      throw new Error(reason);
    }
  };
}
