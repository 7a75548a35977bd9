// Starts what the command asks for: `all` (web + worker, the default), `web`, `worker` or `standin`;
// `doctor` checks this machine's way to the database and to YouTube and exits.
// Without DATABASE_URL an embedded PostgreSQL starts under DATA_DIR; without Google credentials
// the YouTube stand-in plays YouTube and Google (demo mode).
import path from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { ConfigError, loadConfig, withStandin, type Config } from './config.ts';
import { connectDatabase, type Database } from './db/client.ts';
import { startEmbeddedPostgres } from './db/embedded.ts';
import { migrateDatabase } from './db/migrate.ts';
import { log, setLogLevel } from './log.ts';
import type { RunningStandin } from './standin/server.ts';
import type { WorkerHandle } from './worker/runner.ts';
import { makeWorkerUtils } from 'graphile-worker';

// Each role loads only its own modules (dynamic imports below): a worker process never loads the
// web pages, the stand-in or their dependencies, which keeps its memory small.
type Role = 'all' | 'web' | 'worker' | 'standin' | 'doctor';

const startStandin = async (port: number) => (await import('./standin/server.ts')).startStandin({ port });
const roles: ReadonlyArray<Role> = ['all', 'web', 'worker', 'standin', 'doctor'];

/** In demo mode, processes share one stand-in (it holds the demo OAuth grants): reuse one that answers. */
async function demoStandin(config: Config): Promise<{ url: string; owned?: RunningStandin; canaryVideo: string }> {
  const url = `http://127.0.0.1:${config.standinPort}`;
  const { STANDIN_CANARY_VIDEO: canaryVideo } = await import('./standin/demo-data.ts');
  const answering = await fetch(`${url}/__standin/stats`, { signal: AbortSignal.timeout(500) }).then((r) => r.ok, () => false);
  if (answering) return { url, canaryVideo };
  const owned = await startStandin(config.standinPort);
  return { url: owned.url, owned, canaryVideo };
}

const cleanups: Array<() => Promise<unknown>> = [];

async function main(cleanups: Array<() => Promise<unknown>>): Promise<void> {
  const role = (process.argv[2] ?? 'all') as Role;
  const poolsFlag = process.argv.find((a) => a.startsWith('--pools='))?.slice('--pools='.length).split(',').filter(Boolean);
  if (!roles.includes(role)) {
    console.error(`Unknown command "${role}": use one of ${roles.join(', ')}.`);
    process.exit(2);
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Configuration error: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  // The doctor's report is its output: only warnings and errors may join it.
  setLogLevel(role === 'doctor' && config.logLevel !== 'error' ? 'warn' : config.logLevel);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      log.warn('second signal: exiting now', { signal });
      process.exit(1);
    }
    stopping = true;
    log.info('shutting down', { signal });
    for (const cleanup of cleanups.reverse()) await cleanup().catch((err) => log.error('shutdown step failed', { err }));
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  if (role === 'standin') {
    const standin = await startStandin(config.standinPort);
    cleanups.push(() => standin.close());
    log.info('YouTube stand-in listening', { url: standin.url });
    return;
  }

  if (config.demo) {
    const standin = await demoStandin(config);
    if (standin.owned) cleanups.push(() => standin.owned!.close());
    config = withStandin(config, standin.url, standin.canaryVideo);
    log.info('demo mode: YouTube and Google are played by the stand-in', { url: standin.url });
  }

  if (role === 'doctor') {
    // It examines the database subtext uses and never starts one: an embedded one must already run.
    const { embeddedDatabaseUrl } = await import('./db/embedded.ts');
    const { runDoctorAt } = await import('./admin/doctor.ts');
    const report = await runDoctorAt(config, config.databaseUrl ?? embeddedDatabaseUrl(config.embeddedPostgresPort));
    for (const check of report.checks) console.log(check.line);
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    process.exit(report.exitCode);
  }

  let databaseUrl = config.databaseUrl;
  if (databaseUrl === undefined) {
    const embedded = await startEmbeddedPostgres({ dir: path.join(config.dataDir, 'postgres'), port: config.embeddedPostgresPort });
    cleanups.push(() => embedded.stop());
    databaseUrl = embedded.url;
  }
  await migrateDatabase(databaseUrl);
  const database: Database = connectDatabase(databaseUrl, {
    applicationName: `subtext-${role}`, preparedStatements: config.databasePreparedStatements, searchTimeoutMs: config.searchTimeoutMs,
  });
  cleanups.push(() => database.close());

  if (role === 'all' || role === 'worker') {
    const { startWorker } = await import('./worker/runner.ts');
    const { buildWorkerPools, selectPools } = await import('./worker/pools.ts');
    const worker: WorkerHandle = await startWorker({
      connectionString: databaseUrl,
      database,
      pools: selectPools(buildWorkerPools({ config, database }), poolsFlag),
      deadAfterSeconds: config.workerDeadAfterSeconds,
      preparedStatements: config.databasePreparedStatements,
    });
    cleanups.push(() => worker.stop());
  }

  if (role === 'all' || role === 'web') {
    const queue = await makeWorkerUtils({ connectionString: databaseUrl, noPreparedStatements: !config.databasePreparedStatements });
    cleanups.push(async () => queue.release());
    const { buildWebApp } = await import('./web/build.ts');
    const { forceSchedule, TRACKING_SCHEDULES } = await import('./tracking/schedules.ts');
    const app = buildWebApp({ config, database, queue });
    // The demo should show trends, scores and reports within a minute, not at the first cron tick.
    if (config.demo) for (const schedule of TRACKING_SCHEDULES) await forceSchedule(queue, schedule);
    const server: ServerType = await new Promise((resolve) => {
      const s = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, () => resolve(s));
    });
    cleanups.push(() => new Promise<void>((resolve) => {
      // Finish in-flight requests; idle keep-alive connections would otherwise hold the close open.
      server.close(() => resolve());
      if ('closeIdleConnections' in server) server.closeIdleConnections();
    }));
    log.info('web server listening', { url: config.baseUrl });
    console.log(`\n  subtext is running: open ${config.baseUrl}\n`);
  }
}

main(cleanups).catch(async (err) => {
  log.error('failed to start', { err });
  // Whatever did start (an embedded Postgres, the stand-in) must not outlive us.
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  process.exit(1);
});
