// A whole subtext stack for benchmarks: embedded Postgres, the stand-in, the web app in-process,
// worker processes spawned like `npm run worker`, so their memory can be measured alone, and web
// processes spawned like `npm run web`, so a search is timed the way a browser sees it.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { makeWorkerUtils, type WorkerUtils } from 'graphile-worker';
import { createSession, SESSION_COOKIE } from '../src/auth/session.ts';
import { loadConfig, withStandin } from '../src/config.ts';
import { connectDatabase, type Database } from '../src/db/client.ts';
import { startEmbeddedPostgres } from '../src/db/embedded.ts';
import { migrateDatabase } from '../src/db/migrate.ts';
import { setLogLevel } from '../src/log.ts';
import type { KnobsPatch } from '../src/standin/knobs.ts';
import { startStandin, type RunningStandin } from '../src/standin/server.ts';
import { buildWebApp } from '../src/web/build.ts';
import { freePort } from '../tests/helpers/ports.ts';
import { spawnWebProcess, type WebProcess } from '../tests/helpers/web-process.ts';
import { processEnv, spawnWorkerProcess, type WorkerProcess } from '../tests/helpers/worker-process.ts';

export interface BenchStack {
  readonly databaseUrl: string;
  /** The cluster's superuser (the app's role may not CHECKPOINT). */
  readonly adminUrl: string;
  readonly database: Database;
  readonly standin: RunningStandin;
  readonly queue: WorkerUtils;
  readonly app: ReturnType<typeof buildWebApp>;
  readonly baseUrl: string;
  readonly env: Record<string, string>;
  /** A signed-in user whose library holds the given playlists; returns the Cookie header. */
  userWithPlaylists(playlistIds: ReadonlyArray<string>): Promise<string>;
  /** A new session for an existing user; returns the Cookie header. */
  signIn(userId: number): Promise<string>;
  spawnWorker(extraEnv?: Record<string, string>): WorkerProcess;
  /** `npm run web` on a free port, on this database and stand-in. */
  spawnWeb(extraEnv?: Record<string, string>): Promise<WebProcess>;
  stop(): Promise<void>;
}

export async function startBenchStack(options: {
  knobs?: KnobsPatch;
  env?: Record<string, string>;
  /** A Postgres data folder to start from (kept on stop); a fresh one in a temporary folder otherwise. */
  pgDir?: string;
  /** false trades crash safety for speed (building a benchmark library). */
  durable?: boolean;
} = {}): Promise<BenchStack> {
  setLogLevel('warn');
  const dir = await mkdtemp(path.join(tmpdir(), 'subtext-bench-'));
  await chmod(dir, 0o755);
  const pg = await startEmbeddedPostgres({ dir: options.pgDir ?? path.join(dir, 'pg'), port: await freePort(), durable: options.durable });
  await migrateDatabase(pg.url);
  const standin = await startStandin({ port: 0, knobs: options.knobs as never });
  const baseUrl = 'http://127.0.0.1:3999';
  // One bench person starts hundreds of runs an hour: a person's hourly share of YouTube quota would refuse them.
  const env = processEnv(pg.url, standin.url, { BASE_URL: baseUrl, QUOTA_UNITS_PER_USER_PER_HOUR: '0', ...options.env });
  const config = withStandin(loadConfig(env), standin.url, standin.canaryVideo);
  const database = connectDatabase(pg.url, { max: 10 });
  const queue = await makeWorkerUtils({ connectionString: pg.url });
  const app = buildWebApp({ config, database, queue });
  const workers: WorkerProcess[] = [];
  const webs: WebProcess[] = [];
  const { sql } = database;
  const signIn = async (userId: number) => `${SESSION_COOKIE}=${(await createSession(sql, userId)).token}`;

  return {
    databaseUrl: pg.url, adminUrl: pg.adminUrl, database, standin, queue, app, baseUrl, env,
    async userWithPlaylists(playlistIds) {
      const [user] = await sql<{ id: number }[]>`
        insert into users (google_subject, email, name) values (${'bench-' + Math.random()}, 'bench@example.com', 'Bench') returning id`;
      for (const id of playlistIds) {
        await sql`insert into playlists (id, title) values (${id}, ${id}) on conflict do nothing`;
        await sql`insert into library_playlists (user_id, playlist_id, source) values (${user!.id}, ${id}, 'added')`;
      }
      return signIn(user!.id);
    },
    signIn,
    spawnWorker(extraEnv = {}) {
      const worker = spawnWorkerProcess({ ...env, ...extraEnv }, ['--pools=indexing']);
      workers.push(worker);
      return worker;
    },
    async spawnWeb(extraEnv = {}) {
      const web = await spawnWebProcess({ ...env, ...extraEnv }, await freePort());
      webs.push(web);
      return web;
    },
    async stop() {
      await Promise.all([...workers, ...webs].map((p) => p.stop()));
      await queue.release();
      await database.close();
      await standin.close();
      await pg.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
