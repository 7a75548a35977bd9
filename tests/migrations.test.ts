import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import postgres from 'postgres';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDatabaseIfMissing } from '../src/db/embedded.ts';
import { migrateDatabase, migrationsFolder, migrationStatus } from '../src/db/migrate.ts';

describe('migrations', () => {
  const adminUrl = inject('postgresAdminUrl');
  const name = `migrate_${process.pid}`;
  const url = adminUrl.replace(/\/postgres$/, `/${name}`);
  const sql = postgres(url, { max: 1, onnotice: () => {} });

  afterAll(async () => {
    await sql.end();
    const admin = postgres(adminUrl, { max: 1 });
    await admin`drop database if exists ${admin(name)} with (force)`;
    await admin.end();
  });

  it('builds the whole schema from an empty database, and running again changes nothing', async () => {
    await createDatabaseIfMissing(adminUrl, name);
    await migrateDatabase(url);
    await migrateDatabase(url);
    const tables = await sql<{ table_name: string }[]>`
      select table_name from information_schema.tables where table_schema = 'public' order by table_name`;
    expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining([
      'users', 'sessions', 'google_credentials', 'playlists', 'library_playlists', 'videos', 'playlist_videos',
      'transcript_segments', 'index_runs', 'index_run_videos', 'circuit_breakers', 'rate_limit_buckets', 'worker_heartbeats',
    ]));
    const [jobs] = await sql`select count(*)::int as n from graphile_worker.jobs`;
    expect(jobs?.n).toBe(0);
    const status = await migrationStatus(sql);
    expect(status.applied).toBe(status.expected);
    expect(status.expected).toBeGreaterThanOrEqual(2);
  });

  it('folds accents and stems English in generated search vectors', async () => {
    await sql`insert into videos (id, title) values ('v1', 'Running to the café')`;
    await sql`insert into transcript_segments (video_id, position, start_ms, end_ms, text, search_text, language)
              values ('v1', 0, 0, 1000, 'the runners were running', 'the runners were running', 'en')`;
    const [title] = await sql`select count(*)::int as n from videos where search_vector @@ websearch_to_tsquery('english', subtext_unaccent('cafe run'))`;
    const [segment] = await sql`select count(*)::int as n from transcript_segments where search_vector @@ websearch_to_tsquery('english', 'run')`;
    expect(title?.n).toBe(1);
    expect(segment?.n).toBe(1);
  });
});

describe('upgrading a database made by an earlier release', () => {
  const adminUrl = inject('postgresAdminUrl');
  const name = `upgrade_${process.pid}`;
  const url = adminUrl.replace(/\/postgres$/, `/${name}`);
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const role = `subtext_up_${randomBytes(4).toString('hex')}`;
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), '../scripts/create-readonly-role.ts');

  afterAll(async () => {
    await sql.end();
    const admin = postgres(adminUrl, { max: 1 });
    await admin`drop database if exists ${admin(name)} with (force)`;
    await admin.unsafe(`drop role if exists ${role}`);
    await admin.end();
  });

  it('0011 rebuilds the cue vectors in place, 0012 learns words with digits, and the read-only role keeps its views', async () => {
    await createDatabaseIfMissing(adminUrl, name);
    // The schema as the first release left it: migrations up to 0010, with drizzle's bookkeeping.
    const earlier = readMigrationFiles({ migrationsFolder }).slice(0, 11);
    await sql`create schema drizzle`;
    await sql`create table drizzle.__drizzle_migrations (id serial primary key, hash text not null, created_at bigint)`;
    for (const migration of earlier) {
      for (const statement of migration.sql) await sql.unsafe(statement);
      await sql`insert into drizzle.__drizzle_migrations (hash, created_at) values (${migration.hash}, ${migration.folderMillis})`;
    }
    await sql`insert into videos (id, title, transcript_status) values ('upgradeVid1', 'Coffee talk', 'indexed')`;
    await sql`insert into transcript_segments (video_id, position, start_ms, end_ms, text, search_text, language) values
      ('upgradeVid1', 0, 0, 1000, 'a proper', 'a proper espresso now', 'en'), ('upgradeVid1', 1, 1000, 2000, 'espresso now', 'espresso now', 'en'),
      ('upgradeVid1', 2, 2000, 3000, 'over usb3', 'over usb3', 'en')`;
    await promisify(execFile)(process.execPath, [script, url, role, '--password=upgrade-pw']);

    await migrateDatabase(url);
    // 0012: the vocabulary now holds words with digits, which the first release left out.
    expect(await sql`select word from search_vocabulary where word in ('usb3', 'espresso') order by word`).toEqual([{ word: 'espresso' }, { word: 'usb3' }]);
    // 0021: and the words of titles stored before, which only what was said used to feed.
    expect(await sql`select distinct word from search_vocabulary where word in ('coffee', 'talk') order by word`).toEqual([{ word: 'coffee' }, { word: 'talk' }]);

    const reader = postgres(Object.assign(new URL(url), { username: role, password: 'upgrade-pw' }).href, { max: 1, onnotice: () => {} });
    try {
      // A phrase said across the two cues is found once, at the first; a word, at the cue that says it.
      expect(await reader`select start_seconds from search_segments where search_vector @@ segment_query('"proper espresso"')`).toEqual([{ start_seconds: 0 }]);
      expect(await reader`select start_seconds from search_segments where search_vector @@ segment_query('espresso')`).toEqual([{ start_seconds: 1 }]);
    } finally {
      await reader.end();
    }
  });
});
