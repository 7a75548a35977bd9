// A web server started the way `npm run web` starts one: a separate OS process on a fixed port, so
// a test can kill it and start another at the same address while a browser keeps the page open.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface WebProcess {
  readonly child: ChildProcess;
  readonly baseUrl: string;
  /** Like Hono's app.request, over HTTP: redirects are returned, not followed. */
  request(input: string | URL | Request, init?: RequestInit): Promise<Response>;
  /** The last 4,000 characters it wrote to stderr. */
  stderr(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts `node src/main.ts web` on the port and resolves once it answers /healthz (whatever the answer). */
export async function spawnWebProcess(env: Record<string, string>, port: number): Promise<WebProcess> {
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['src/main.ts', 'web'], {
    // Only PATH and HOME are inherited: vitest's own environment (BASE_URL=/ …) must not leak in.
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env, HOST: '127.0.0.1', PORT: String(port), BASE_URL: baseUrl },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString()).slice(-4000); });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const request = (input: string | URL | Request, init?: RequestInit) =>
    fetch(typeof input === 'string' ? new URL(input, baseUrl) : input, { ...init, redirect: 'manual' });
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  for (const deadline = Date.now() + 30_000; ;) {
    if (child.exitCode !== null) throw new Error(`web process exited with ${child.exitCode}: ${stderr}`);
    const answered = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(1000) }).then(() => true, () => false);
    if (answered) return { child, baseUrl, request, stderr: () => stderr, stop };
    if (Date.now() > deadline) {
      await stop('SIGKILL');
      throw new Error(`web process did not answer within 30 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
