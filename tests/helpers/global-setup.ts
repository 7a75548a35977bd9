// One embedded PostgreSQL cluster per test run, with a migrated template database that every
// test file clones into a database of its own.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../src/db/embedded.ts';
import { migrateDatabase } from '../../src/db/migrate.ts';
import { freePort } from './ports.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAdminUrl: string;
    templateDatabase: string;
  }
}

export default async function setup(project: TestProject) {
  const dir = await mkdtemp(path.join(tmpdir(), 'subtext-test-pg-'));
  // Postgres runs as the `postgres` user when we are root, and must be able to enter the folder.
  await chmod(dir, 0o755);
  const template = 'subtext_template';
  const pg = await startEmbeddedPostgres({ dir: path.join(dir, 'data'), port: await freePort(), durable: false, database: template });
  await migrateDatabase(pg.url);
  project.provide('postgresAdminUrl', pg.adminUrl);
  project.provide('templateDatabase', template);
  return async () => {
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
  };
}
