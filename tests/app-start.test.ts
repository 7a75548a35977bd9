// `npm start` as a person runs it: demo mode, embedded Postgres, stand-in, web and worker in one
// process; a real browser opens the home page; Ctrl-C leaves nothing behind.
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './helpers/browser.ts';
import { freePort } from './helpers/ports.ts';

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

/** The promise's value, or a failure naming what never happened and the app's last output (a hang must say where). */
async function within<T>(promise: Promise<T>, ms: number, what: string, output: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms / 1000} s; the app's last output:\n${output().slice(-4000)}`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

function startApp(dataDir: string, ports: { web: number; pg: number; standin: number }) {
  const child = spawn(process.execPath, ['src/main.ts', 'all'], {
    env: {
      PATH: process.env.PATH, HOME: process.env.HOME,
      DATA_DIR: dataDir, PORT: String(ports.web), EMBEDDED_POSTGRES_PORT: String(ports.pg), STANDIN_PORT: String(ports.standin), LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  const ready = new Promise<number>((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (output.includes('subtext is running')) { clearInterval(timer); resolve(Date.now() - started); }
      if (child.exitCode !== null) { clearInterval(timer); reject(new Error(`exited early: ${output}`)); }
    }, 50);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, ready, exited, output: () => output };
}

describe('npm start in demo mode', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterAll(async () => { for (const c of cleanups) await c(); });

  it('serves the home page, reuses its data on restart, and stops cleanly on Ctrl-C', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'subtext-start-'));
    await chmod(dir, 0o755);
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const ports = { web: await freePort(), pg: await freePort(), standin: await freePort() };

    const first = startApp(path.join(dir, 'data'), ports);
    cleanups.push(async () => { if (first.child.exitCode === null) first.child.kill('SIGKILL'); });
    const firstStartMs = await within(first.ready, 45_000, 'the first start', first.output);
    expect(firstStartMs).toBeLessThan(30_000);
    expect(first.output()).toContain('creating embedded PostgreSQL cluster');

    const health = await fetch(`http://127.0.0.1:${ports.web}/healthz`).then((r) => r.json());
    expect(health).toMatchObject({ ok: true, database: { reachable: true }, migrations: { current: true } });
    expect(health.worker.lastHeartbeatAt).not.toBeNull();

    const browser = await launchBrowser();
    cleanups.push(() => browser.close());
    const page = await browser.newPage();
    await page.goto(`http://localhost:${ports.web}/`);
    await expect(page.locator('h1').textContent()).resolves.toContain('Search what is said');
    await expect(page.locator('.demo-banner').textContent()).resolves.toContain('Demo mode');
    const htmxLoaded = await page.evaluate(() => typeof (window as unknown as { htmx?: unknown }).htmx);
    expect(htmxLoaded).toBe('object');

    first.child.kill('SIGINT');
    expect(await within(first.exited, 30_000, 'exiting on Ctrl-C', first.output)).toBe(0);
    expect(await portOpen(ports.pg)).toBe(false);
    expect(await portOpen(ports.standin)).toBe(false);
    expect(await portOpen(ports.web)).toBe(false);

    const second = startApp(path.join(dir, 'data'), ports);
    cleanups.push(async () => { if (second.child.exitCode === null) second.child.kill('SIGKILL'); });
    expect(await within(second.ready, 30_000, 'the second start', second.output)).toBeLessThan(10_000);
    expect(second.output()).not.toContain('creating embedded PostgreSQL cluster');
    second.child.kill('SIGTERM');
    expect(await within(second.exited, 30_000, 'exiting on SIGTERM', second.output)).toBe(0);
    expect(await portOpen(ports.pg)).toBe(false);
  }, 120_000);
});
