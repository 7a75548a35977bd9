// One video's transcript: goes out through one exit (a proxy, or this machine's connection) whose
// circuit breaker lets it and inside that exit's shared rate window, classifies every failure, and
// stores the result in one transaction.
import type { Task } from 'graphile-worker';
import type { Sql } from '../../db/client.ts';
import { log } from '../../log.ts';
import { transcriptFetchSeconds } from '../../metrics/instruments.ts';
import type { WorkerDeps } from '../../worker/pool.ts';
import { createTranscriptExits, type TranscriptExit } from '../../youtube/exits.ts';
import type { BlockKind } from '../../youtube/transcript-answers.ts';
import { fetchVideoTranscript, type TranscriptResult } from '../../youtube/transcripts.ts';
import { createCanary, type Canary } from '../canary.ts';
import { closeBreaker, exitBreakerName, tripBreaker } from '../circuit-breaker.ts';
import { createExitPicker } from '../exit-picker.ts';
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

/** A video whose second asking failed although the canary came through is asked again this soon. */
const ASK_AGAIN_MS = 1_000;

export function fetchTranscriptTask(deps: WorkerDeps): Task {
  const { sql } = deps.database;
  const { config } = deps;
  // Every request (player, watch page, captions) takes a slot in its exit's window, shared by all
  // worker processes, so YouTube never sees more than TRANSCRIPT_RATE a second from any one exit.
  const exits = createExitPicker(sql, createTranscriptExits(config, sql), { workerDeadAfterSeconds: config.workerDeadAfterSeconds });
  const transcripts = createTranscriptStore(sql);
  const fetchFor = (exit: TranscriptExit, videoId: string, knownToHaveCaptions: boolean): Promise<TranscriptResult> =>
    fetchVideoTranscript(videoId, { fetch: exit.fetch, languages: config.transcriptLanguages, clients: config.transcriptClients, knownToHaveCaptions });
  // One canary per exit: whether YouTube hides captions is a question about an address.
  const canaries = new Map<string, Canary>();
  const canaryOf = (exit: TranscriptExit): Canary => {
    let canary = canaries.get(exit.name);
    if (!canary) {
      canary = createCanary({ sql, configured: config.transcriptCanaryVideo, fetchKnownCaptioned: (videoId) => fetchFor(exit, videoId, true) });
      canaries.set(exit.name, canary);
    }
    return canary;
  };

  /**
   * Whether YouTube blocked just this video or this whole server. A storm (429s, a bot check on
   * every video) must never count against a video, or a long one would fail the videos it blocks at
   * every probe (the last ones of a run, say); so a canary is fetched through the same exit (another
   * exit's answer says nothing about this one): if YouTube answers for it, the block was this video's
   * own. With no canary to compare, a bot check or a rate limit (which YouTube aims at addresses, not
   * videos) is taken as the exit's; any other block counts against the video, so that a run of videos
   * that are always blocked (PO tokens, say) still ends.
   */
  async function blockedAlone(videoId: string, exit: TranscriptExit, since: number, block: BlockKind): Promise<boolean> {
    const answer = await canaryOf(exit).check(videoId, since);
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
    const picked = await exits.pick();
    if (!picked.allowed) {
      await sql`update videos set transcript_lease_until = null where id = ${videoId}`;
      await later(picked.retryAt);
      return;
    }
    const { exit, probe } = picked;
    const breaker = exitBreakerName(exit.name);

    const [known] = await sql<{ captioned: boolean }[]>`
      select transcript_status = 'indexed' or exists (select 1 from transcript_segments where video_id = ${videoId}) as captioned
      from videos where id = ${videoId}`;
    const started = performance.now();
    const captioned = known?.captioned ?? false;
    const result = await fetchFor(exit, videoId, captioned).finally(picked.release);
    const ms = Math.round(performance.now() - started);
    const answeredAt = Date.now();
    transcriptFetchSeconds.observe({ outcome: result.ok ? 'ok' : result.failure }, ms / 1000);

    if (result.ok) {
      await transcripts.store(videoId, result);
      if (probe) await closeBreaker(sql, breaker);
      helpers.logger.debug(`transcript stored`, { videoId, exit: exit.name, cues: result.cues.length, ms } as never);
      return;
    }
    if (result.failure === 'blocked') {
      // Bench the exit first, so that only the worker that benched it checks what was blocked.
      const { reopensAt, opened } = await tripBreaker(sql, breaker, result.reason, config.blockPauseSeconds);
      if (opened && await blockedAlone(videoId, exit, answeredAt, result.block)) {
        await closeBreaker(sql, breaker);
        const blocked = (payload.blocked ?? 0) + 1;
        log.warn('YouTube blocks this video but answers for others', { videoId, exit: exit.name, reason: result.reason, blocked });
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
      if (opened) log.warn('YouTube is limiting this exit; it is benched', { videoId, exit: exit.name, reason: result.reason, answers: result.answers, probeAt: reopensAt.toISOString() });
      await sql`update videos set transcript_lease_until = null where id = ${videoId}`;
      await later(await exits.retryAfterBlock(reopensAt));
      return;
    }
    if (result.failure === 'no_captions') {
      // What a blocked server sees too: believed only if a canary still comes through.
      const answer = await canaryOf(exit).check(videoId, answeredAt);
      if (answer.kind === 'captions' && captioned) {
        // It had captions: the block may have ended between its answer and the canary's, so it is asked once more.
        const again = await fetchFor(exit, videoId, true);
        if (probe) await closeBreaker(sql, breaker);
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
        await later(new Date(Date.now() + ASK_AGAIN_MS));
        return;
      }
      if (answer.kind === 'captions' || answer.kind === 'none') {
        if (probe) await closeBreaker(sql, breaker);
        if (answer.kind === 'none') log.warn('No canary to confirm a "no captions" verdict: set TRANSCRIPT_CANARY_VIDEO', { videoId });
        await recordNoCaptions(sql, videoId, result.reason);
        return;
      }
      if (answer.kind === 'unknown') return retryOrGiveUp(`No captions, and the canary could not be asked: ${answer.reason}`);
      await sql`update videos set transcript_lease_until = null where id = ${videoId}`;
      const reason = `YouTube hides captions from this server: video ${videoId} and the canary ${answer.videoId} both came back without them (${answer.reason})`;
      const { reopensAt, opened } = await tripBreaker(sql, breaker, reason, config.blockPauseSeconds);
      if (opened) log.warn('YouTube hides captions from this exit; it is benched', { videoId, exit: exit.name, canary: answer.videoId, answers: result.answers, probeAt: reopensAt.toISOString() });
      await later(await exits.retryAfterBlock(reopensAt));
      return;
    }
    if (result.failure === 'permanent') {
      if (probe) await closeBreaker(sql, breaker);
      log.info('no transcript for this video', { videoId, exit: exit.name, reason: result.reason, answers: result.answers });
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
