// A PostgreSQL cluster of one test's own (not the run's shared one), on a fixed port, so the test
// can stop it and start it again at the same address, as an operator restarting the database would.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/db/embedded.ts';
import { migrateDatabase } from '../../src/db/migrate.ts';
import { freePort } from './ports.ts';

export interface OwnPostgres {
  /** Connection string of the migrated `subtext` database. */
  readonly url: string;
  stop(): Promise<void>;
  /** Starts the stopped cluster again on the same port, with its data. */
  start(): Promise<void>;
  /** Stops it (if running) and deletes its files. */
  destroy(): Promise<void>;
}

export async function startOwnPostgres(): Promise<OwnPostgres> {
  const dir = await mkdtemp(path.join(tmpdir(), 'subtext-own-pg-'));
  // Postgres runs as the `postgres` user when we are root, and must be able to enter the folder.
  await chmod(dir, 0o755);
  const port = await freePort();
  const launch = () => startEmbeddedPostgres({ dir: path.join(dir, 'data'), port, durable: false });
  let running: EmbeddedDatabase | undefined = await launch();
  await migrateDatabase(running.url);
  const { url } = running;
  return {
    url,
    async stop() {
      await running?.stop();
      running = undefined;
    },
    async start() {
      running ??= await launch();
    },
    async destroy() {
      await running?.stop();
      running = undefined;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
