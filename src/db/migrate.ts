import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { runMigrations as runWorkerMigrations } from 'graphile-worker';
import { log } from '../log.ts';
import { applyLiveSql } from './live-sql.ts';
import { workerLogger } from './graphile-logger.ts';

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

// Any number of web and worker processes may start at once; one advisory lock makes them take turns.
const MIGRATION_LOCK = 7_110_520_260;

/**
 * drizzle-kit's migrations, applied exactly as drizzle's own migrator does (same journal, same
 * drizzle.__drizzle_migrations bookkeeping) but through postgres.js, without loading drizzle's
 * heavy runtime driver (see client.ts).
 */
async function applyDrizzleMigrations(sql: postgres.Sql): Promise<void> {
  const migrations = readMigrationFiles({ migrationsFolder });
  await sql`create schema if not exists drizzle`;
  await sql`create table if not exists drizzle.__drizzle_migrations (id serial primary key, hash text not null, created_at bigint)`;
  const [last] = await sql<{ created_at: string }[]>`select created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`;
  await sql.begin(async (tx) => {
    for (const migration of migrations) {
      if (last && Number(last.created_at) >= migration.folderMillis) continue;
      for (const statement of migration.sql) await tx.unsafe(statement);
      await tx`insert into drizzle.__drizzle_migrations (hash, created_at) values (${migration.hash}, ${migration.folderMillis})`;
    }
  });
}

/** Applies our drizzle-kit migrations, then the live SQL files (live-sql.ts), then Graphile Worker's migrations, on one dedicated connection. */
export async function migrateDatabase(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await applyDrizzleMigrations(sql);
    const replaced = await applyLiveSql(sql);
    if (replaced.length > 0) log.info('live SQL applied', { files: replaced.length });
    await runWorkerMigrations({ connectionString: url, logger: workerLogger });
    await sql`select pg_advisory_unlock(${MIGRATION_LOCK})`;
    log.info('database migrated');
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** How many of our migrations are applied vs present, for /healthz. */
export async function migrationStatus(sql: postgres.Sql): Promise<{ applied: number; expected: number }> {
  const journal = JSON.parse(await readFile(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as { entries: unknown[] };
  const [row] = await sql<{ count: number }[]>`select count(*)::int as count from drizzle.__drizzle_migrations`;
  return { applied: row?.count ?? 0, expected: journal.entries.length };
}
