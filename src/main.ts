// Starts what the command asks for: `all` (web + worker, the default), `web`, `worker` or `standin`;
// `doctor` checks this machine's way to the database and to YouTube and exits.
// Without DATABASE_URL an embedded PostgreSQL starts under DATA_DIR; without Google credentials
// the YouTube stand-in plays YouTube and Google (demo mode).
import path from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { ConfigError, loadConfig, withStandin, type Config } from './config.ts';
import { connectDatabase, type Database } from './db/client.ts';
import { explainDatabaseUrlError } from './db/connection-errors.ts';
import { startEmbeddedPostgres } from './db/embedded.ts';
import { migrateDatabase } from './db/migrate.ts';
import { log, setLogLevel } from './log.ts';
import type { RunningStandin } from './standin/server.ts';
import { explainFolderError, StartupError } from './startup-error.ts';
import { createQueuePool } from './worker/queue-pool.ts';
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
  const owned = await startStandin(config.standinPort).catch((err: NodeJS.ErrnoException) => {
    if (err?.code !== 'EADDRINUSE') throw err;
    throw new StartupError(`STANDIN_PORT=${config.standinPort} is in use by a program that is not the YouTube stand-in: stop it, or set STANDIN_PORT to a free port.`, { cause: err });
  });
  return { url: owned.url, owned, canaryVideo };
}

/** What has started so far, to be stopped in reverse order: the embedded Postgres (started first) stops last. */
const cleanups: Array<() => Promise<unknown>> = [];
let stopping = false;

/**
 * Every way a terminal or a supervisor asks a server to stop is a clean stop with exit code 0:
 * SIGINT (Ctrl-C), SIGTERM (docker stop, systemd, Kubernetes) and SIGHUP (the terminal closed),
 * sent to the process alone or to its whole process group (the embedded Postgres has its own).
 * A second Ctrl-C exits at once; a repeated SIGTERM or SIGHUP (a group and its leader both told)
 * changes nothing.
 */
async function shutdown(signal: NodeJS.Signals): Promise<void> {
  if (stopping) {
    if (signal !== 'SIGINT') return;
    log.warn('second Ctrl-C: exiting now; unfinished jobs are picked up by the next start', { signal });
    process.exit(1);
  }
  stopping = true;
  log.info('shutting down', { signal });
  // Whatever is still starting finishes first (or fails): stopping Postgres under a worker that is
  // still starting its pools would make them fail loudly.
  await startup.catch(() => {});
  for (const cleanup of cleanups.reverse()) await cleanup().catch((err) => log.error('shutdown step failed', { err }));
  process.exit(0);
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(signal));

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
    // Demo mode keeps its secrets under DATA_DIR: a folder it cannot write (or a full disk) shows here first.
    const file = (err as { path?: unknown }).path;
    throw typeof file === 'string' ? explainFolderError(err, path.dirname(file)) : err;
  }
  // The doctor's report is its output: only warnings and errors may join it.
  setLogLevel(role === 'doctor' && config.logLevel !== 'error' ? 'warn' : config.logLevel);

  if (role === 'standin') {
    const standin = await startStandin(config.standinPort);
    cleanups.push(() => standin.close());
    log.info('YouTube stand-in listening', { url: standin.url });
    return;
  }

  // Loading the worker's and the web's modules overlaps with starting Postgres and migrating, which wait on other processes.
  if (role === 'all' || role === 'worker') void Promise.all([import('./worker/runner.ts'), import('./worker/pools.ts')]).catch(() => {});
  if (role === 'all' || role === 'web') void Promise.all([import('./web/build.ts'), import('./tracking/schedules.ts')]).catch(() => {});

  const [standin, embedded] = await Promise.all([
    config.demo ? demoStandin(config).then((standin) => {
      if (standin.owned) cleanups.push(() => standin.owned!.close());
      return standin;
    }) : undefined,
    // The doctor examines the database subtext uses and never starts one: an embedded one must already run.
    config.databaseUrl === undefined && role !== 'doctor'
      ? startEmbeddedPostgres({ dir: path.join(config.dataDir, 'postgres'), port: config.embeddedPostgresPort }).then((embedded) => {
        cleanups.push(() => embedded.stop());
        return embedded;
      })
      : undefined,
  ]);
  if (standin) {
    config = withStandin(config, standin.url, standin.canaryVideo);
    log.info('demo mode: YouTube and Google are played by the stand-in', { url: standin.url });
  }

  if (role === 'doctor') {
    const { runningEmbeddedUrl } = await import('./db/embedded.ts');
    const { runDoctorAt } = await import('./admin/doctor.ts');
    const url = config.databaseUrl
      ?? await runningEmbeddedUrl({ dir: path.join(config.dataDir, 'postgres'), port: config.embeddedPostgresPort })
      // None runs: the doctor reports that nothing answers there.
      ?? `postgres://subtext@127.0.0.1:${config.embeddedPostgresPort}/subtext`;
    const report = await runDoctorAt(config, url);
    for (const check of report.checks) console.log(check.line);
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    process.exit(report.exitCode);
  }

  const databaseUrl = config.databaseUrl ?? embedded!.url;
  try {
    await migrateDatabase(databaseUrl);
  } catch (err) {
    throw config.databaseUrl === undefined ? err : explainDatabaseUrlError(err, config.databaseUrl);
  }
  const database: Database = connectDatabase(databaseUrl, {
    applicationName: `subtext-${role}`, preparedStatements: config.databasePreparedStatements, searchTimeoutMs: config.searchTimeoutMs,
  });
  cleanups.push(() => database.close());

  // The worker and the web server start side by side (the web answers /healthz sooner); the web
  // server's cleanups come last, so a stop closes it first.
  const [workerCleanups, webCleanups] = await Promise.all([
    role === 'all' || role === 'worker' ? startWorkerRole(config, database, databaseUrl, poolsFlag) : [],
    role === 'all' || role === 'web' ? startWebRole(config, database, databaseUrl, role) : [],
  ]);
  cleanups.push(...workerCleanups, ...webCleanups);
  if (role === 'all' || role === 'web') {
    log.info('web server listening', { url: config.baseUrl });
    console.log(`\n  subtext is running: open ${config.baseUrl}\n`);
  }
}

type Cleanups = Array<() => Promise<unknown>>;

async function startWorkerRole(config: Config, database: Database, databaseUrl: string, poolsFlag: string[] | undefined): Promise<Cleanups> {
  const { startWorker } = await import('./worker/runner.ts');
  const { buildWorkerPools, selectPools } = await import('./worker/pools.ts');
  const worker: WorkerHandle = await startWorker({
    connectionString: databaseUrl,
    database,
    pools: selectPools(buildWorkerPools({ config, database }), poolsFlag),
    deadAfterSeconds: config.workerDeadAfterSeconds,
    preparedStatements: config.databasePreparedStatements,
  });
  return [() => worker.stop()];
}

async function startWebRole(config: Config, database: Database, databaseUrl: string, role: Role): Promise<Cleanups> {
  const cleanups: Cleanups = [];
  const queuePool = createQueuePool(databaseUrl, 10, `subtext-${role}-queue`);
  cleanups.push(() => queuePool.close());
  const queue = await makeWorkerUtils({ pgPool: queuePool.pool, noPreparedStatements: !config.databasePreparedStatements });
  cleanups.push(async () => queue.release());
  const { buildWebApp } = await import('./web/build.ts');
  const { forceSchedule, TRACKING_SCHEDULES } = await import('./tracking/schedules.ts');
  const app = buildWebApp({ config, database, queue });
  // The demo should show trends, scores and reports within a minute, not at the first cron tick.
  if (config.demo) for (const schedule of TRACKING_SCHEDULES) await forceSchedule(queue, schedule);
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, () => resolve(s));
    s.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'EADDRINUSE' || err.code === 'EACCES'
      ? new StartupError(`PORT=${config.port} on ${config.host} is in use or not allowed: stop the program using it, or set PORT to a free port.`, { cause: err })
      : err));
  });
  cleanups.push(() => new Promise<void>((resolve) => {
    // Finish in-flight requests; idle keep-alive connections would otherwise hold the close open.
    server.close(() => resolve());
    if ('closeIdleConnections' in server) server.closeIdleConnections();
  }));
  return cleanups;
}

const startup = main(cleanups);
startup.catch(async (err) => {
  // A signal during start-up: what failed was cut short on purpose, and shutdown() ends the process.
  if (stopping) return log.debug('start-up interrupted by a signal', { err });
  stopping = true;
  if (err instanceof StartupError) log.error(err.message);
  else log.error('failed to start', { err });
  // Whatever did start (an embedded Postgres, the stand-in) must not outlive us.
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  process.exit(1);
});
