// The whole app in-process for integration and browser tests: the YouTube stand-in, a fresh
// database, the worker pools and the web server on a real loopback port.
import { serve, type ServerType } from '@hono/node-server';
import { makeWorkerUtils, type WorkerUtils } from 'graphile-worker';
import { createQueuePool } from '../../src/worker/queue-pool.ts';
import { loadConfig, withStandin, type Config } from '../../src/config.ts';
import type { KnobsPatch } from '../../src/standin/knobs.ts';
import { startStandin, type RunningStandin } from '../../src/standin/server.ts';
import { buildWebApp } from '../../src/web/build.ts';
import { buildWorkerPools, selectPools } from '../../src/worker/pools.ts';
import { startWorker, type WorkerHandle } from '../../src/worker/runner.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { freePort } from './ports.ts';
import { createSignedInUser } from './users.ts';

export interface TestApp {
  readonly baseUrl: string;
  readonly config: Config;
  readonly standin: RunningStandin;
  readonly db: TestDatabase;
  readonly queue: WorkerUtils;
  readonly app: ReturnType<typeof buildWebApp>;
  /** Undefined when started with worker: false. */
  readonly worker: WorkerHandle | undefined;
  stop(): Promise<void>;
}

export async function startTestApp(options: {
  env?: Record<string, string>;
  knobs?: KnobsPatch;
  worker?: boolean;
  pools?: ReadonlyArray<string>;
} = {}): Promise<TestApp> {
  const standin = await startStandin({ port: 0, knobs: options.knobs });
  const db = await createTestDatabase();
  const port = await freePort();
  const config = withStandin(loadConfig({
    DATA_DIR: '/tmp/subtext-test-data',
    DATABASE_URL: db.url,
    SESSION_SECRET: 'test-session-secret-that-is-long-enough',
    ENCRYPTION_KEY: '11'.repeat(32),
    PORT: String(port),
    BASE_URL: `http://127.0.0.1:${port}`,
    TRANSCRIPT_RATE: '0',
    // Search tests run hundreds of searches a minute; tests/rate-limit.test.ts sets its own limits.
    SEARCHES_PER_MINUTE_PER_USER: '0',
    SEARCHES_PER_MINUTE_PER_IP: '0',
    LOG_LEVEL: 'warn',
    ...options.env,
  }), standin.url, standin.canaryVideo);
  // A pool of our own (see src/worker/queue-pool.ts): Graphile's release() does not wait for its
  // connections to close, and dropping the database under one raised an unhandled 'error'.
  const queuePool = createQueuePool(db.url, 2, 'test-queue');
  const queue = await makeWorkerUtils({ pgPool: queuePool.pool });
  const app = buildWebApp({ config, database: db.database, queue });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port }, () => resolve(s));
  });
  const worker = options.worker === false ? undefined : await startWorker({
    connectionString: db.url,
    database: db.database,
    pools: selectPools(buildWorkerPools({ config, database: db.database }), options.pools),
    deadAfterSeconds: config.workerDeadAfterSeconds,
  });
  return {
    baseUrl: config.baseUrl, config, standin, db, queue, app, worker,
    async stop() {
      await worker?.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await queue.release();
      await queuePool.close();
      await db.drop();
      await standin.close();
    },
  };
}

/** A test app (no worker in this process unless asked) and one signed-in person in it. */
export async function startAppWithUser(options: Parameters<typeof startTestApp>[0] = { worker: false }): Promise<{ t: TestApp; cookie: string; userId: number }> {
  const t = await startTestApp(options);
  const { cookie, userId } = await createSignedInUser(t.db.database.sql);
  return { t, cookie, userId };
}
