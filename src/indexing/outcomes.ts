// What became of each video of a run, in the words a person cares about: searchable, private or
// deleted, no captions, restricted (age, members, sign-in), or failed (worth retrying). Read from the
// state and reason of index_run_videos; the reasons are the ones src/youtube/transcripts.ts gives.

export type VideoOutcome = 'indexed' | 'already_indexed' | 'gone' | 'no_captions' | 'restricted' | 'failed' | 'pending' | 'cancelled';

export const ALREADY_INDEXED = 'already indexed';
export const PRIVATE_OR_DELETED = 'private or deleted';

export function classifyOutcome(state: string, reason: string | null): VideoOutcome {
  if (state === 'pending' || state === 'cancelled') return state;
  if (state === 'done') return 'indexed';
  if (reason === ALREADY_INDEXED) return 'already_indexed';
  if (reason === PRIVATE_OR_DELETED) return 'gone';
  const why = reason ?? '';
  if (/transcripts are disabled|no transcript track|no captions/i.test(why)) return 'no_captions';
  if (/video unavailable|private|deleted/i.test(why)) return 'gone';
  if (/age-restricted|members-only|requires sign-in|not playable/i.test(why)) return 'restricted';
  return 'failed';
}

export type OutcomeCounts = Record<VideoOutcome, number>;

export function countOutcomes(rows: ReadonlyArray<{ state: string; reason: string | null; n: number }>): OutcomeCounts {
  const counts: OutcomeCounts = { indexed: 0, already_indexed: 0, gone: 0, no_captions: 0, restricted: 0, failed: 0, pending: 0, cancelled: 0 };
  for (const row of rows) counts[classifyOutcome(row.state, row.reason)] += row.n;
  return counts;
}

/** Videos whose transcript can be searched once the run is over. */
export const searchable = (c: OutcomeCounts): number => c.indexed + c.already_indexed;
