import postgres from 'postgres';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDatabaseIfMissing } from '../src/db/embedded.ts';
import { migrateDatabase, migrationStatus } from '../src/db/migrate.ts';

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
