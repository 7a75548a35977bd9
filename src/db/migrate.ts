import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import { runMigrations as runWorkerMigrations } from 'graphile-worker';
import { log } from '../log.ts';
import { workerLogger } from '../worker/logger.ts';

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

// Any number of web and worker processes may start at once; one advisory lock makes them take turns.
const MIGRATION_LOCK = 7_110_520_260;

/** Applies our drizzle-kit migrations and Graphile Worker's own, on one dedicated connection. */
export async function migrateDatabase(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migrate(drizzle(sql), { migrationsFolder });
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
