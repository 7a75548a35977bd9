// A worker started the way `npm run worker` starts one: a separate OS process.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Keep in step with package.json's "worker" script. */
export const WORKER_NODE_FLAGS = ['--max-old-space-size=256', '--max-semi-space-size=16'];

export interface WorkerProcess {
  readonly child: ChildProcess;
  /** Peak resident memory so far (VmHWM from /proc), in MB. */
  peakRssMb(): Promise<number>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Environment for a process that must use this database and stand-in (never demo mode). */
export function processEnv(databaseUrl: string, standinUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    GOOGLE_CLIENT_ID: 'test-client', GOOGLE_CLIENT_SECRET: 'test-secret', YOUTUBE_API_KEY: 'test-key',
    SESSION_SECRET: 'test-session-secret-that-is-long-enough', ENCRYPTION_KEY: '11'.repeat(32),
    YOUTUBE_API_URL: standinUrl, YOUTUBE_WEB_URL: standinUrl, YOUTUBE_THUMBNAIL_URL: standinUrl, GOOGLE_OAUTH_URL: standinUrl,
    LOG_LEVEL: 'warn', YOUTUBE_DAILY_QUOTA: '1000000',
    ...extra,
  };
}

export function spawnWorkerProcess(env: Record<string, string>, args: ReadonlyArray<string> = []): WorkerProcess {
  // The same heap settings as `npm run worker`: without them V8 lets garbage pile up to ~350 MB
  // before collecting; with them a busy worker peaks near 140 MB at the same speed (bench/indexing.ts).
  const child = spawn(process.execPath, [...WORKER_NODE_FLAGS, 'src/main.ts', 'worker', ...args], {
    // Only PATH and HOME are inherited: vitest's own environment (BASE_URL=/ …) must not leak in.
    cwd: root, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString()).slice(-4000); });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    async peakRssMb() {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
      return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
      if (child.exitCode !== 0 && signal === 'SIGTERM' && stderr) process.stderr.write(`worker stderr: ${stderr}\n`);
    },
  };
}
