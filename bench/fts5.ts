// The peer: the same cues in SQLite FTS5, the way yt-fts stores them (one row per cue, porter
// stemming, accents folded), answering the same result page in-process: videos by matching cues,
// the best three cues of each, with snippets.
import { rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { StoredCue } from './cues.ts';

export interface Fts5Peer {
  /** Milliseconds to answer one query's result page. */
  search(query: string): number;
  readonly indexBytes: number;
  readonly buildSeconds: number;
  close(): void;
}

export async function buildFts5(cues: AsyncIterable<ReadonlyArray<StoredCue>>): Promise<Fts5Peer> {
  const file = path.join(tmpdir(), `subtext-bench-fts5-${process.pid}-${Date.now()}.db`);
  const lite = new DatabaseSync(file);
  lite.exec(`pragma journal_mode = off; pragma synchronous = off;
    create table segments (id integer primary key, video_id text not null, start_ms integer not null, text text not null);
    create index segments_video_id on segments (video_id);`);
  const insert = lite.prepare('insert into segments values (?, ?, ?, ?)');
  lite.exec('begin');
  for await (const batch of cues) for (const cue of batch) insert.run(cue.id, cue.videoId, cue.startMs, cue.text);
  lite.exec('commit');
  const bytesBefore = statSync(file).size;
  const started = performance.now();
  lite.exec(`create virtual table segments_fts using fts5(text, content='segments', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2');
    insert into segments_fts(segments_fts) values ('rebuild');`);
  const buildSeconds = (performance.now() - started) / 1000;
  const indexBytes = statSync(file).size - bytesBefore;
  const ranked = lite.prepare(`
    with hits as (select f.rowid as id, f.rank as rank, s.video_id from segments_fts f join segments s on s.id = f.rowid where segments_fts match ?),
    top as (select video_id, count(*) as n, min(rank) as best from hits group by video_id order by n desc, best limit 10),
    best as (select h.id, h.video_id, row_number() over (partition by h.video_id order by h.rank) as k from hits h where h.video_id in (select video_id from top))
    select id, video_id from best where k <= 3`);
  const snippet = lite.prepare(`select s.start_ms, snippet(segments_fts, 0, '<mark>', '</mark>', '…', 24) as snippet
    from segments_fts f join segments s on s.id = f.rowid where segments_fts match ? and f.rowid = ?`);
  return {
    indexBytes,
    buildSeconds,
    search(query) {
      const t0 = performance.now();
      for (const row of ranked.all(query)) snippet.get(query, row.id as number);
      return performance.now() - t0;
    },
    close() {
      lite.close();
      rmSync(file, { force: true });
    },
  };
}
