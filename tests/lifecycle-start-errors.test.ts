// Every failed start says why in one line, with the fix, and exits non-zero: a port in use, a data
// folder that cannot be written or is full, one made by another PostgreSQL major version, and a
// DATABASE_URL that refuses the connection or the password (which is never printed).
import { execFileSync, spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from './helpers/ports.ts';
import { waitForNoProcessUsing } from './helpers/app-process.ts';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const isRoot = process.getuid?.() === 0;

/** Runs `node src/main.ts all` until it exits; its exit code and the lines it printed. */
function startExpectingFailure(env: Record<string, string>): Promise<{ code: number | null; lines: string[]; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['src/main.ts', 'all'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'info', PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => { output += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { output += c.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output, lines: output.split('\n').filter((l) => l.trim() !== '') });
    });
  });
}

/** The one error line: its message says why and what to do. */
function errorLines(lines: ReadonlyArray<string>): Array<{ msg: string; err?: unknown }> {
  return lines.flatMap((line) => {
    try {
      const parsed = JSON.parse(line) as { level?: string; msg: string; err?: unknown };
      return parsed.level === 'error' ? [parsed] : [];
    } catch {
      return [{ msg: `(not a log line) ${line}` }];
    }
  });
}

describe('a start that cannot succeed', () => {
  let dir: string;
  const servers: Server[] = [];
  const mounts: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'subtext-start-errors-'));
    await chmod(dir, 0o755);
  });
  afterAll(async () => {
    for (const server of servers) server.close();
    for (const mount of mounts) execFileSync('umount', [mount]);
    await waitForNoProcessUsing(dir, 10_000);
    await rm(dir, { recursive: true, force: true });
  });

  it('EMBEDDED_POSTGRES_PORT taken by another program', async () => {
    const port = await freePort();
    const other = createServer().listen(port, '127.0.0.1');
    servers.push(other);
    const result = await startExpectingFailure({ DATA_DIR: path.join(dir, 'port'), EMBEDDED_POSTGRES_PORT: String(port), STANDIN_PORT: String(await freePort()) });
    expect(result.code).toBe(1);
    expect(errorLines(result.lines).map((e) => e.msg)).toEqual([`EMBEDDED_POSTGRES_PORT=${port} is in use by another program: stop that program, or set EMBEDDED_POSTGRES_PORT to a free port.`]);
    expect(await waitForNoProcessUsing(path.join(dir, 'port'), 10_000)).toEqual([]);
  }, 120_000);

  it('a data folder that cannot be written', async () => {
    const dataDir = path.join(dir, 'readonly');
    await mkdir(dataDir);
    if (isRoot) {
      // Root may write anywhere: a read-only file system stops it.
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', dataDir]);
      mounts.push(dataDir);
    } else {
      await chmod(dataDir, 0o555);
    }
    const result = await startExpectingFailure({ DATA_DIR: dataDir, EMBEDDED_POSTGRES_PORT: String(await freePort()), STANDIN_PORT: String(await freePort()) });
    expect(result.code).toBe(1);
    const errors = errorLines(result.lines);
    expect(errors, result.output).toHaveLength(1);
    expect(errors[0]!.msg).toMatch(/^The data folder .*readonly is not writable: give this user write access to it, or set DATA_DIR to a folder it can write\.$/);
  }, 120_000);

  it.runIf(isRoot)('a full disk (root only: it needs a small file system of its own)', async () => {
    const dataDir = path.join(dir, 'full');
    await mkdir(dataDir);
    // Room for the demo secrets and the credentials, not for a cluster.
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m,mode=0755', 'tmpfs', dataDir]);
    mounts.push(dataDir);
    const result = await startExpectingFailure({ DATA_DIR: dataDir, EMBEDDED_POSTGRES_PORT: String(await freePort()), STANDIN_PORT: String(await freePort()) });
    expect(result.code).toBe(1);
    const errors = errorLines(result.lines);
    expect(errors, result.output).toHaveLength(1);
    expect(errors[0]!.msg).toMatch(/^The disk holding .*\/full\/postgres is full: free some space there/);
  }, 120_000);

  it('a data folder made by another PostgreSQL major version', async () => {
    const dataDir = path.join(dir, 'old-major');
    await mkdir(path.join(dataDir, 'postgres'), { recursive: true });
    await writeFile(path.join(dataDir, 'postgres', 'PG_VERSION'), '16\n');
    const result = await startExpectingFailure({ DATA_DIR: dataDir, EMBEDDED_POSTGRES_PORT: String(await freePort()), STANDIN_PORT: String(await freePort()) });
    expect(result.code).toBe(1);
    const errors = errorLines(result.lines);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.msg).toMatch(/was made by PostgreSQL 16; this subtext runs PostgreSQL 18: back it up with the subtext release that made it \(npm run backup\)/);
  }, 60_000);

  it('a DATABASE_URL where nothing listens', async () => {
    const port = await freePort();
    const result = await startExpectingFailure({ DATABASE_URL: `postgres://subtext:hunter2-secret@127.0.0.1:${port}/subtext`, DATA_DIR: path.join(dir, 'url'), STANDIN_PORT: String(await freePort()) });
    expect(result.code).toBe(1);
    expect(errorLines(result.lines).map((e) => e.msg)).toEqual([
      `Nothing accepts connections at 127.0.0.1:${port} (DATABASE_URL): start PostgreSQL there, or correct the host and port in DATABASE_URL.`,
    ]);
    expect(result.output).not.toContain('hunter2-secret');
  }, 60_000);

  it('a DATABASE_URL whose password is refused', async () => {
    const url = new URL(inject('postgresAdminUrl'));
    url.password = 'hunter2-wrong';
    const result = await startExpectingFailure({ DATABASE_URL: url.toString(), DATA_DIR: path.join(dir, 'url'), STANDIN_PORT: String(await freePort()) });
    expect(result.code).toBe(1);
    expect(errorLines(result.lines).map((e) => e.msg)).toEqual([
      `PostgreSQL at 127.0.0.1:${url.port} refuses the password of user "postgres": correct the user or password in DATABASE_URL.`,
    ]);
    expect(result.output).not.toContain('hunter2-wrong');
  }, 60_000);
});
