// The worker's transcript writer against real Postgres: transcripts handed in together are written
// together, a bad one never takes the others down with it, and a re-store replaces, never duplicates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTranscriptStore, type FetchedTranscript } from '../src/indexing/store-transcript.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';

const transcript = (words: ReadonlyArray<string>): FetchedTranscript => ({
  language: 'en',
  kind: 'manual',
  cues: words.map((text, i) => ({ startMs: i * 2000, endMs: i * 2000 + 1900, text })),
});

describe('createTranscriptStore', () => {
  let db: TestDatabase;
  let runId: number;
  beforeAll(async () => {
    db = await createTestDatabase();
    const { sql } = db.database;
    await sql`insert into playlists (id, title) values ('PLstore', 'Store')`;
    await sql`insert into videos (id, title) values ('storeVideoA', 'A'), ('storeVideoB', 'B'), ('storeVideoC', 'C'), ('storeVideoD', 'D')`;
    const [run] = await sql<{ id: number }[]>`insert into index_runs (playlist_id, status) values ('PLstore', 'fetching') returning id`;
    runId = run!.id;
    await sql`insert into index_run_videos (run_id, video_id) select ${runId}, unnest(${['storeVideoA', 'storeVideoB', 'storeVideoC', 'storeVideoD']}::text[])`;
  });
  afterAll(async () => { await db?.drop(); });

  it('writes what arrives together in one statement; a video that cannot be stored fails alone', async () => {
    const { sql } = db.database;
    // D disappears (its row, and so its place in the run) after its transcript was fetched.
    await sql`delete from videos where id = 'storeVideoD'`;
    const store = createTranscriptStore(sql);
    // Two writes start at once (A, B); C and D wait and go together, and D breaks that shared write.
    const outcomes = await Promise.allSettled([
      store.store('storeVideoA', transcript(['the proper', 'espresso is', 'short'])),
      store.store('storeVideoB', transcript(['running late'])),
      store.store('storeVideoC', transcript(['a croissant', 'and a coffee'])),
      store.store('storeVideoD', transcript(['gone'])),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected']);
    expect(String((outcomes[3] as PromiseRejectedResult).reason)).toMatch(/foreign key/);

    const segments = await sql<{ video_id: string; position: number; start_ms: number; text: string; search_text: string }[]>`
      select video_id, position, start_ms, text, search_text from transcript_segments order by video_id, position`;
    expect(segments).toEqual([
      { video_id: 'storeVideoA', position: 0, start_ms: 0, text: 'the proper', search_text: 'the proper espresso is' },
      { video_id: 'storeVideoA', position: 1, start_ms: 2000, text: 'espresso is', search_text: 'espresso is short' },
      { video_id: 'storeVideoA', position: 2, start_ms: 4000, text: 'short', search_text: 'short' },
      { video_id: 'storeVideoB', position: 0, start_ms: 0, text: 'running late', search_text: 'running late' },
      { video_id: 'storeVideoC', position: 0, start_ms: 0, text: 'a croissant', search_text: 'a croissant and a coffee' },
      { video_id: 'storeVideoC', position: 1, start_ms: 2000, text: 'and a coffee', search_text: 'and a coffee' },
    ]);
    const videos = await sql`select id, transcript_status, transcript_language, transcript_kind from videos order by id`;
    expect(videos).toEqual(['A', 'B', 'C'].map((x) => ({ id: `storeVideo${x}`, transcript_status: 'indexed', transcript_language: 'en', transcript_kind: 'manual' })));
    const [run] = await sql`select status, (select count(*)::int from index_run_videos where run_id = ${runId} and state = 'done') as done from index_runs where id = ${runId}`;
    expect(run).toEqual({ status: 'completed', done: 3 });
  });

  it('a phrase said across two cues is found once, at the cue where it starts', async () => {
    const { sql } = db.database;
    const hits = await sql<{ video_id: string; position: number }[]>`
      select video_id, position from transcript_segments where search_vector @@ subtext_search_query(${'"proper espresso"'}, '{en}', false, true)`;
    expect(hits).toEqual([{ video_id: 'storeVideoA', position: 0 }]);
    const coffee = await sql`select position from transcript_segments where search_vector @@ subtext_search_query('coffee', '{en}', false, true)`;
    expect(coffee).toEqual([{ position: 1 }]);
  });

  it('storing a video again replaces its transcript', async () => {
    const { sql } = db.database;
    await createTranscriptStore(sql).store('storeVideoA', transcript(['only one cue now']));
    const rows = await sql`select position, text from transcript_segments where video_id = 'storeVideoA'`;
    expect(rows).toEqual([{ position: 0, text: 'only one cue now' }]);
  });
});
