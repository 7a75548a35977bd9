// The benchmark's only reads of how cues are stored: counting them, streaming them to the peers
// (SQLite FTS5 and word counts), and the naive ILIKE scan. A change of storage layout changes these.
import type { Sql } from '../src/db/client.ts';

export interface StoredCue {
  readonly id: number;
  readonly videoId: string;
  readonly startMs: number;
  readonly text: string;
}

export async function countCues(sql: Sql): Promise<number> {
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from transcript_segments`;
  return row!.n;
}

/** Every stored cue, in batches. */
export async function* storedCues(sql: Sql): AsyncGenerator<ReadonlyArray<StoredCue>> {
  for await (const rows of sql<{ id: string; video_id: string; start_ms: number; text: string }[]>`
    select id, video_id, start_ms, text from transcript_segments order by id`.cursor(20_000)) {
    yield rows.map((r) => ({ id: Number(r.id), videoId: r.video_id, startMs: r.start_ms, text: r.text }));
  }
}

/** A naive scan: the ten videos with most cues matching an ILIKE condition on the cue text. */
export async function ilikeScan(sql: Sql, condition: string): Promise<number> {
  const started = performance.now();
  await sql.unsafe(`select video_id, count(*) from transcript_segments where ${condition} group by video_id order by count(*) desc limit 10`);
  return performance.now() - started;
}

/** Size of the full-text index over cues. */
export async function searchIndexBytes(sql: Sql): Promise<number> {
  const [row] = await sql<{ bytes: string }[]>`select pg_relation_size('transcript_segments_bucket_search_idx') as bytes`;
  return Number(row!.bytes);
}
