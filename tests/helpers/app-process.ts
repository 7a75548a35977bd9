// `npm start` as a person runs it from a terminal: `node src/main.ts all` in a process group of its
// own (as a shell puts a job in one), demo mode, embedded Postgres under DATA_DIR.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { afterAll, beforeAll } from 'vitest';
import { freePort } from './ports.ts';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface AppPorts {
  readonly web: number;
  readonly pg: number;
  readonly standin: number;
}

export interface AppProcess {
  readonly child: ChildProcess;
  readonly baseUrl: string;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  /** Resolves with the milliseconds until it printed "subtext is running"; rejects if it exits first. */
  readonly ready: Promise<number>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Like a terminal (the whole process group) or a supervisor (the process alone). */
  signal(signal: NodeJS.Signals, to: 'group' | 'process'): void;
  /** Like Hono's app.request, over HTTP: redirects are returned, not followed. */
  request(input: string | URL | Request, init?: RequestInit): Promise<Response>;
}

export function startAppProcess(dataDir: string, ports: AppPorts, env: Record<string, string> = {}): AppProcess {
  const baseUrl = `http://127.0.0.1:${ports.web}`;
  const child = spawn(process.execPath, ['src/main.ts', 'all'], {
    cwd: root,
    detached: true,
    // Only PATH and HOME are inherited: vitest's own environment (BASE_URL=/ …) must not leak in.
    env: {
      PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '',
      DATA_DIR: dataDir, PORT: String(ports.web), BASE_URL: baseUrl, EMBEDDED_POSTGRES_PORT: String(ports.pg), STANDIN_PORT: String(ports.standin),
      LOG_LEVEL: 'info', ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const ready = new Promise<number>((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (output.includes('subtext is running')) { clearInterval(timer); resolve(Date.now() - started); }
    }, 50);
    // After 'close', not 'exit': the pipes are drained by then, so the message holds why it stopped.
    child.once('close', (code, signal) => { clearInterval(timer); reject(new Error(`exited early (${code ?? signal}): ${output}`)); });
  });
  ready.catch(() => {});
  return {
    child, baseUrl, ready, exited,
    output: () => output,
    signal(signal, to) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      process.kill(to === 'group' ? -child.pid! : child.pid!, signal);
    },
    request: (input, init) => fetch(typeof input === 'string' ? new URL(input, baseUrl) : input, { ...init, redirect: 'manual' }),
  };
}

/** A connection to the app's embedded database as the app's role, with the password from the data folder. */
export async function connectToAppDatabase(dataDir: string, pgPort: number): Promise<postgres.Sql> {
  const credentials = JSON.parse(await readFile(path.join(dataDir, 'postgres-credentials.json'), 'utf8')) as { appPassword: string };
  return postgres({ host: '127.0.0.1', port: pgPort, user: 'subtext', password: credentials.appPassword, database: 'subtext', max: 3, onnotice: () => {} });
}

/**
 * The stand-in as a process of its own (`npm run standin`), for an app outside demo mode: the demo
 * forces its tracking schedules (charts, thousands of thumbnail checks) at every start, which would
 * compete with the run a test is watching on a two-core machine.
 */
export async function startStandinProcess(port: number): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['src/main.ts', 'standin'], {
    cwd: root, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', STANDIN_PORT: String(port), LOG_LEVEL: 'warn' }, stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 30_000; !(await fetch(`${url}/__standin/stats`).then((r) => r.ok, () => false));) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the stand-in did not start on port ${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, stop: async () => { child.kill('SIGTERM'); await exited; } };
}

/** Environment for `npm start` outside demo mode: Google and YouTube are this stand-in, the database is embedded. */
export function standinEnv(standinUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    GOOGLE_CLIENT_ID: 'test-client', GOOGLE_CLIENT_SECRET: 'test-secret', YOUTUBE_API_KEY: 'test-key',
    SESSION_SECRET: 'test-session-secret-that-is-long-enough', ENCRYPTION_KEY: '11'.repeat(32),
    YOUTUBE_API_URL: standinUrl, YOUTUBE_WEB_URL: standinUrl, YOUTUBE_THUMBNAIL_URL: standinUrl, GOOGLE_OAUTH_URL: standinUrl,
    YOUTUBE_DAILY_QUOTA: '1000000',
    ...extra,
  };
}

/** Turns the knobs of the stand-in that the app runs in demo mode (slow captions, errors …). */
export async function setStandinKnobs(port: number, patch: Record<string, unknown>): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${port}/__standin/knobs`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(patch) });
  if (!response.ok) throw new Error(`stand-in knobs answered ${response.status}: ${await response.text()}`);
}

/** Live processes (not zombies) whose command line mentions this folder: the app's Postgres, its watchdog. */
export async function processesUsing(folder: string): Promise<Array<{ pid: number; command: string }>> {
  const found: Array<{ pid: number; command: string }> = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    if (!stat || / Z /.test(stat.slice(stat.lastIndexOf(')')))) continue;
    const command = (await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')).split('\0').join(' ');
    if (command.includes(folder)) found.push({ pid: Number(entry), command: command.slice(0, 200) });
  }
  return found;
}

export async function waitForNoProcessUsing(folder: string, timeoutMs: number): Promise<Array<{ pid: number; command: string }>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = await processesUsing(folder);
    if (left.length === 0 || Date.now() > deadline) return left;
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

/** The lines of its output at level error, and anything that is not a log line (a stack trace, a warning from Node). */
export function troubleIn(output: string): string[] {
  return output.split('\n').filter((line) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('subtext is running: open ')) return false;
    if (!trimmed.startsWith('{')) return true;
    try {
      return (JSON.parse(trimmed) as { level?: string }).level === 'error';
    } catch {
      return true;
    }
  });
}

/** A test's own folder, ports and stand-in process for app processes; stop() kills every app it started and cleans up. */
export interface AppSandbox {
  readonly dir: string;
  readonly dataDir: string;
  readonly ports: AppPorts;
  readonly standin: { url: string; stop(): Promise<void> };
  /** Apps started here, killed (process group and all) by stop(). */
  readonly started: AppProcess[];
  stop(): Promise<void>;
}

async function startAppSandbox(prefix: string, captionLatencyMs: number): Promise<AppSandbox> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  // Postgres runs as the `postgres` user when we are root, and must be able to enter the folder.
  await chmod(dir, 0o755);
  const dataDir = path.join(dir, 'data');
  const ports = { web: await freePort(), pg: await freePort(), standin: await freePort() };
  const standin = await startStandinProcess(ports.standin);
  await setStandinKnobs(ports.standin, { latencyMs: { captions: captionLatencyMs } });
  const started: AppProcess[] = [];
  return {
    dir, dataDir, ports, standin, started,
    async stop() {
      for (const app of started) app.signal('SIGKILL', 'group');
      await waitForNoProcessUsing(dataDir, 20_000);
      await standin.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** An AppSandbox for the tests of one describe block: made before them, stopped after them. */
export function useAppSandbox(prefix: string, captionLatencyMs: number): AppSandbox {
  let box: AppSandbox | undefined;
  const current = (): AppSandbox => {
    if (!box) throw new Error('the app sandbox is made in beforeAll');
    return box;
  };
  beforeAll(async () => {
    box = await startAppSandbox(prefix, captionLatencyMs);
  });
  afterAll(async () => box?.stop());
  return {
    get dir() { return current().dir; },
    get dataDir() { return current().dataDir; },
    get ports() { return current().ports; },
    get standin() { return current().standin; },
    get started() { return current().started; },
    stop: () => current().stop(),
  };
}
