// Writing a transcript job's outcome. Each write is one statement (functions in src/indexing/sql/): with
// 50 jobs in flight per worker sharing a pool of connections, a job holds a connection for one round
// trip, never for a transaction that waits on a run's lock.
import type { Sql } from '../db/client.ts';
import type { Cue } from '../youtube/caption-cues.ts';

export interface FetchedTranscript {
  readonly language: string;
  readonly kind: 'manual' | 'auto';
  readonly cues: ReadonlyArray<Cue>;
  /** Who YouTube gave it to: an innertube client as NAME:VERSION, or WEB (the watch page). */
  readonly client?: string;
}

interface QueuedTranscript {
  readonly videoId: string;
  readonly transcript: FetchedTranscript;
  readonly done: PromiseWithResolvers<void>;
}

/** Cues per statement at most: a batch stays a few MB however long the videos are. */
const MAX_CUES_PER_WRITE = 30_000;
/** Writes under way at once per worker process: a write keeps one database core busy. */
const WRITERS = 2;

/** Replaces the transcripts of some videos in one statement and settles the runs waiting for them. */
async function writeTranscripts(sql: Sql, batch: ReadonlyArray<QueuedTranscript>): Promise<void> {
  const cueVideo: number[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const texts: string[] = [];
  batch.forEach(({ transcript }, i) => {
    for (const cue of transcript.cues) {
      cueVideo.push(i + 1);
      starts.push(cue.startMs);
      ends.push(cue.endMs);
      texts.push(cue.text);
    }
  });
  await sql`select subtext_store_transcripts(
    ${sql.array(batch.map((b) => b.videoId))}::text[], ${sql.array(batch.map((b) => b.transcript.language))}::text[],
    ${sql.array(batch.map((b) => b.transcript.kind))}::text[], ${sql.array(batch.map((b) => b.transcript.client ?? ''))}::text[],
    ${sql.array(cueVideo)}::int[], ${sql.array(starts)}::int[], ${sql.array(ends)}::int[], ${sql.array(texts)}::text[])`;
}

/**
 * Stores transcripts for one worker process. Whatever jobs hand in while a write is under way goes
 * in the next write, together: fifty jobs finishing at once make a few statements, not fifty
 * inserts contending for the same heap page, index pages and run rows. A lone job is written at
 * once. If a shared write fails, each of its transcripts is written alone, so one bad video never
 * fails the others.
 */
export function createTranscriptStore(sql: Sql): { store(videoId: string, transcript: FetchedTranscript): Promise<void> } {
  let queue: QueuedTranscript[] = [];
  let writers = 0;

  function nextBatch(): QueuedTranscript[] {
    let cues = 0;
    let take = 0;
    while (take < queue.length && (take === 0 || cues + queue[take]!.transcript.cues.length <= MAX_CUES_PER_WRITE)) {
      cues += queue[take]!.transcript.cues.length;
      take++;
    }
    const batch = queue.slice(0, take);
    queue = queue.slice(take);
    return batch;
  }

  async function writeAll(): Promise<void> {
    writers++;
    while (queue.length > 0) {
      const batch = nextBatch();
      try {
        await writeTranscripts(sql, batch);
        for (const item of batch) item.done.resolve();
      } catch (err) {
        if (batch.length === 1) {
          batch[0]!.done.reject(err);
          continue;
        }
        for (const item of batch) {
          await writeTranscripts(sql, [item]).then(() => item.done.resolve(), (alone: unknown) => item.done.reject(alone));
        }
      }
    }
    writers--;
  }

  return {
    store(videoId, transcript) {
      const done = Promise.withResolvers<void>();
      queue.push({ videoId, transcript, done });
      if (writers < WRITERS) void writeAll();
      return done.promise;
    },
  };
}

/**
 * A video that will not get a transcript: permanent reasons (disabled, unavailable…) leave it
 * 'unavailable', still searchable by title and description; transient ones that ran out of
 * attempts leave it 'failed'. Existing segments are kept.
 */
export async function recordTranscriptFailure(sql: Sql, videoId: string, status: 'unavailable' | 'failed', reason: string): Promise<void> {
  await sql`select subtext_record_transcript_failure(${videoId}, ${status}, ${reason})`;
}

/** Creators do add captions: the daily re-sync asks again for a video without them after this long. */
export const NO_CAPTIONS_RECHECK_DAYS = 30;

/** A "no captions" verdict a canary confirmed: permanent for now, asked again after NO_CAPTIONS_RECHECK_DAYS. */
export async function recordNoCaptions(sql: Sql, videoId: string, reason: string): Promise<void> {
  await sql`select subtext_record_no_captions(${videoId}, ${reason}, ${NO_CAPTIONS_RECHECK_DAYS})`;
}
