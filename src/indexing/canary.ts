// Whether YouTube still gives this server captions, asked of a video known to have them. A blocked
// server sees what a video without captions looks like (the player plays it, no tracks), so before a
// "no captions" verdict is believed, and before a block is blamed on one video, a canary is fetched:
// TRANSCRIPT_CANARY_VIDEO, else the video this server most recently got captions for.
import type { Sql } from '../db/client.ts';
import type { TranscriptResult } from '../youtube/transcripts.ts';

export type CanaryAnswer =
  /** The canary came through: this server gets captions. */
  | { readonly kind: 'captions'; readonly videoId: string }
  /** The canary came back without captions, or blocked: YouTube hides captions from this server. */
  | { readonly kind: 'hidden'; readonly videoId: string; readonly reason: string }
  /** The canary could not be asked (network, 5xx): nothing can be concluded now. */
  | { readonly kind: 'unknown'; readonly reason: string }
  /** No canary: none configured and nothing fetched before. */
  | { readonly kind: 'none' };

export interface Canary {
  /**
   * Asks a canary other than `videoId`, in a check begun no earlier than `since` (epoch ms): a check
   * begun before a verdict vouches for nothing after it. Callers that need the same check share it,
   * so a burst of verdicts costs one canary fetch, not one each.
   */
  check(videoId: string, since: number): Promise<CanaryAnswer>;
}

export function createCanary(deps: {
  readonly sql: Sql;
  readonly configured: string | undefined;
  /** Fetches a transcript the way the task does, for a video known to have captions. */
  readonly fetchKnownCaptioned: (videoId: string) => Promise<TranscriptResult>;
}): Canary {
  let shared: { startedAt: number; answer: Promise<CanaryAnswer> } | undefined;

  async function candidates(exclude: string): Promise<string[]> {
    // The latest (videos_transcript_client_idx) or, before anything was fetched with a client recorded, any.
    const [recent] = await deps.sql<{ id: string }[]>`
      select id from (
        (select id, 1 as rank from videos where transcript_client is not null and transcript_status = 'indexed'
          and transcript_error is null and id <> ${exclude} order by transcript_fetched_at desc limit 1)
        union all
        (select id, 2 from videos where transcript_status = 'indexed' and transcript_error is null and id <> ${exclude} limit 1)
      ) as c order by rank limit 1`;
    return [...new Set([deps.configured, recent?.id].filter((id): id is string => id !== undefined && id !== exclude))];
  }

  async function ask(exclude: string): Promise<CanaryAnswer> {
    for (const videoId of await candidates(exclude)) {
      const result = await deps.fetchKnownCaptioned(videoId);
      if (result.ok) return { kind: 'captions', videoId };
      if (result.failure === 'no_captions' || result.failure === 'blocked') return { kind: 'hidden', videoId, reason: result.reason };
      if (result.failure === 'transient') return { kind: 'unknown', reason: result.reason };
      // Permanent: the canary itself went away (deleted, made private); the next one may tell.
    }
    return { kind: 'none' };
  }

  function fresh(videoId: string): Promise<CanaryAnswer> {
    const answer = ask(videoId);
    const mine = { startedAt: Date.now(), answer };
    shared = mine;
    const forget = () => {
      if (shared === mine) shared = undefined;
    };
    answer.then(forget, forget);
    return answer;
  }

  return {
    async check(videoId, since) {
      if (!shared || shared.startedAt < since) return fresh(videoId);
      const answer = await shared.answer;
      // A video is never its own canary.
      return 'videoId' in answer && answer.videoId === videoId ? fresh(videoId) : answer;
    },
  };
}
