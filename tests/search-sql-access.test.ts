// SQL access for ad hoc queries: the analytics views, the README's example queries, and the
// read-only role made by scripts/create-readonly-role.ts, which can read those views and nothing else.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { insertSearchLibrary, PLAYLISTS, V } from './helpers/search-library.ts';

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), '../scripts/create-readonly-role.ts');
const role = `subtext_ro_${randomBytes(4).toString('hex')}`;
const password = randomBytes(12).toString('hex');

let db: TestDatabase;
let readonly: postgres.Sql;

beforeAll(async () => {
  db = await createTestDatabase();
  const { sql } = db.database;
  const [a] = await sql<{ id: string }[]>`insert into users (google_subject, email, name) values ('sql-a', 'a@example.com', 'A') returning id`;
  const [b] = await sql<{ id: string }[]>`insert into users (google_subject, email, name) values ('sql-b', 'b@example.com', 'B') returning id`;
  await insertSearchLibrary(sql, { alice: Number(a!.id), bob: Number(b!.id) });
  await sql`update playlists set title = 'Cooking and travel' where id = ${PLAYLISTS.main}`;
  // As a database first made on Postgres 14 or older, where everyone may create objects in public.
  await sql`grant create on schema public to public`;
  await promisify(execFile)(process.execPath, [script, db.url, role, `--password=${password}`]);
  const url = new URL(db.url);
  url.username = role;
  url.password = password;
  readonly = postgres(url.toString(), { max: 1, onnotice: () => {} });
});
afterAll(async () => {
  await readonly?.end();
  await db.database.sql.unsafe(`drop owned by ${role}`);
  await db.drop();
  const admin = postgres(db.url.replace(/\/[^/]+$/, '/postgres'), { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop role if exists ${role}`);
  await admin.end();
});

describe('read-only role', () => {
  it('reads the analytics views', async () => {
    const [row] = await readonly`select count(*)::int as n from search_segments`;
    expect(row?.n).toBeGreaterThan(20);
    const [video] = await readonly`select title, segment_count, transcript_end_ms, url from video_stats where video_id = ${V.travel}`;
    expect(video).toEqual({ title: 'Walking tour of Paris', segment_count: 7, transcript_end_ms: 764000, url: `https://www.youtube.com/watch?v=${V.travel}` });
  });

  it('cannot read the tables behind them, nor write anything', async () => {
    await expect(readonly`select * from users`).rejects.toThrow(/permission denied/);
    await expect(readonly`select * from public.transcript_segments`).rejects.toThrow(/permission denied/);
    await expect(readonly`select * from api_tokens`).rejects.toThrow(/permission denied/);
    await expect(readonly`create table mine (x int)`).rejects.toThrow(/read-only transaction|permission denied/);
    await expect(readonly`update analytics.video_stats set title = 'x'`).rejects.toThrow(/read-only transaction|permission denied|cannot update/);
  });

  it('writes nothing even after lifting its own read-only default and timeout', async () => {
    // Postgres lets any role change its own settings; what keeps the role read-only is what it may touch.
    await readonly`set default_transaction_read_only = off`;
    await readonly`set statement_timeout = 0`;
    try {
      await expect(readonly`create table public.mine (x int)`).rejects.toThrow(/permission denied for schema public/);
      await expect(readonly`create table analytics.mine (x int)`).rejects.toThrow(/permission denied for schema analytics/);
      await expect(readonly`create view public.mine as select 1`).rejects.toThrow(/permission denied/);
      await expect(readonly`insert into analytics.playlist_videos (playlist_id) values ('x')`).rejects.toThrow(/permission denied|cannot insert/);
      await expect(readonly`delete from quota_usage`).rejects.toThrow(/permission denied/);
    } finally {
      await readonly`reset default_transaction_read_only`;
      await readonly`reset statement_timeout`;
    }
  });

  it('holds at most a few connections at once, a limit only an administrator can change', async () => {
    const [row] = await db.database.sql<{ limit: number }[]>`select rolconnlimit as limit from pg_roles where rolname = ${role}`;
    expect(row!.limit).toBe(3);
    await readonly`set default_transaction_read_only = off`;
    try {
      await expect(readonly.unsafe(`alter role ${role} connection limit -1`)).rejects.toThrow(/permission denied/);
    } finally {
      await readonly`reset default_transaction_read_only`;
    }
  });

  it('can be created again (the script updates the role)', async () => {
    await promisify(execFile)(process.execPath, [script, db.url, role, `--password=${password}`]);
    const [row] = await readonly`select count(*)::int as n from playlist_videos`;
    expect(row?.n).toBeGreaterThan(0);
  });
});

describe('README example queries', () => {
  it('every time a phrase was said in a playlist', async () => {
    const rows = await readonly`
      select s.video_title, s.start_seconds, s.url, s.text
      from search_segments s
      join playlist_videos p using (video_id)
      where p.playlist_title = 'Cooking and travel' and s.search_vector @@ segment_query('"croissant and a coffee" or "proper espresso"')
      order by p.position, s.start_ms`;
    expect(rows).toEqual([
      { video_title: 'Morning coffee routine', start_seconds: 5, url: `https://www.youtube.com/watch?v=${V.cooking}&t=5s`, text: 'today we are making a proper' },
      { video_title: 'Walking tour of Paris', start_seconds: 10, url: `https://www.youtube.com/watch?v=${V.travel}&t=10s`, text: 'later we stop for a croissant and' },
    ]);
  });

  it('most-mentioned terms per channel', async () => {
    const rows = await readonly`
      select channel_title, word, mentions from (
        select s.channel_title, w.lexeme as word, sum(array_length(w.positions, 1)) as mentions,
          rank() over (partition by s.channel_title order by sum(array_length(w.positions, 1)) desc, w.lexeme) as place
        from search_segments s, unnest(to_tsvector('subtext_simple', s.text)) w
        where ts_lexize('english_stem', w.lexeme) <> '{}' and length(w.lexeme) > 2
        group by s.channel_title, w.lexeme
      ) ranked
      where place <= 3
      order by channel_title, place`;
    const kitchen = rows.filter((r) => r.channel_title === 'Kitchen Channel').map((r) => r.word);
    expect(kitchen).toHaveLength(3);
    expect(rows.filter((r) => r.channel_title === 'Science Channel').map((r) => r.word)[0]).toBe('filler');
  });

  it('the most viewed videos that mention a word in their title or description', async () => {
    const rows = await readonly`
      select title, view_count from video_stats where search_vector @@ video_query('coffee or espresso') order by view_count desc`;
    expect(rows.map((r) => r.title)).toEqual(['Kitchen gadgets, reviewed', 'Morning coffee routine', 'Quantum espresso physics', 'Removed espresso video']);
  });
});
