// The container image, without a Docker engine: copy exactly what the Dockerfile copies, run the
// deps stage's RUN lines (npm ci --omit=dev …), then start `node src/main.ts all` from that folder
// against a fresh database, as the image's CMD would. Proves devDependencies are not needed at
// runtime and that the Dockerfile's file list is complete.
import { spawn, execFile } from 'node:child_process';
import { chmod, cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { connectDatabase } from '../src/db/client.ts';
import { createTestDatabase } from './helpers/database.ts';
import { freePort } from './helpers/ports.ts';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = promisify(execFile);

interface Stage {
  readonly name: string | undefined;
  readonly instructions: ReadonlyArray<{ keyword: string; args: string }>;
}

/** The Dockerfile as stages of instructions (continuation lines joined, comments dropped). */
function parseDockerfile(text: string): Stage[] {
  const lines = text.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const stages: Array<{ name: string | undefined; instructions: Array<{ keyword: string; args: string }> }> = [];
  for (const line of lines) {
    const [, keyword = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    if (keyword.toUpperCase() === 'FROM') stages.push({ name: /\sAS\s+(\S+)$/i.exec(args)?.[1], instructions: [] });
    else stages.at(-1)?.instructions.push({ keyword: keyword.toUpperCase(), args });
  }
  return stages;
}

/** COPY sources (from the build context, not other stages) and where they land, relative to WORKDIR /app. */
function contextCopies(stage: Stage): Array<{ source: string; target: string }> {
  return stage.instructions.filter((i) => i.keyword === 'COPY' && !i.args.startsWith('--from')).flatMap((i) => {
    const parts = i.args.split(/\s+/);
    const dest = parts.pop()!;
    return parts.map((source) => ({ source, target: dest === './' ? source : dest.replace(/^\.\//, '') }));
  });
}

describe('production install (what the Docker image runs)', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterAll(async () => { for (const c of cleanups.reverse()) await c(); });

  it('installs with npm ci --omit=dev, starts, answers /healthz and stops cleanly on SIGTERM', async () => {
    const stages = parseDockerfile(await readFile(path.join(root, 'Dockerfile'), 'utf8'));
    const deps = stages.find((s) => s.name === 'deps')!;
    const final = stages.at(-1)!;
    expect(deps).toBeDefined();
    expect(final.instructions).toContainEqual({ keyword: 'COPY', args: '--from=deps /app/node_modules ./node_modules' });
    expect(final.instructions.find((i) => i.keyword === 'USER')?.args).not.toMatch(/^(root|0)(:|$)/);
    const healthcheck = JSON.parse(/\bCMD\s+(\[.*\])$/.exec(final.instructions.find((i) => i.keyword === 'HEALTHCHECK')!.args)![1]!) as string[];
    const runLines = deps.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args);
    expect(runLines[0]).toBe('npm ci --omit=dev --no-audit --no-fund');

    const dir = await mkdtemp(path.join(tmpdir(), 'subtext-image-'));
    await chmod(dir, 0o755);
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const app = path.join(dir, 'app');
    for (const { source, target } of [...contextCopies(deps), ...contextCopies(final)]) {
      await cp(path.join(root, source), path.join(app, target), { recursive: true });
    }

    // The deps stage's RUN lines, as written; packages come from the npm cache when it has them.
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', npm_config_prefer_offline: 'true', npm_config_update_notifier: 'false' };
    const installStarted = Date.now();
    for (const line of runLines) await run('sh', ['-c', line], { cwd: app, env, maxBuffer: 16 * 1024 * 1024 });
    const installMs = Date.now() - installStarted;
    for (const dev of ['vitest', 'drizzle-kit', 'playwright-core', 'typescript']) {
      expect(existsSync(path.join(app, 'node_modules', dev)), `${dev} is a devDependency`).toBe(false);
    }
    const { stdout: du } = await run('du', ['-sm', path.join(app, 'node_modules')]);
    const nodeModulesMb = Number(du.split('\t')[0]);

    // A database of its own in the run's embedded cluster, empty: the installed copy runs every migration.
    const adminUrl = inject('postgresAdminUrl');
    const database = `image_${process.pid}`;
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await admin`create database ${admin(database)}`;
    cleanups.push(async () => {
      await admin`drop database if exists ${admin(database)} with (force)`;
      await admin.end();
    });

    const ports = { web: await freePort(), standin: await freePort() };
    const imageEnv = Object.fromEntries(final.instructions.filter((i) => i.keyword === 'ENV')
      .flatMap((i) => i.args.split(/\s+/).map((pair) => pair.split('=') as [string, string])));
    expect(imageEnv).toMatchObject({ HOST: '0.0.0.0' });
    const cmd = JSON.parse(final.instructions.find((i) => i.keyword === 'CMD')!.args) as string[];
    expect(cmd).toEqual(['node', 'src/main.ts', 'all']);
    // Demo mode (no Google credentials) brings its own stand-in; secrets are generated under DATA_DIR.
    const child = spawn(process.execPath, cmd.slice(1), {
      cwd: app,
      env: {
        PATH: env.PATH, HOME: env.HOME, ...imageEnv,
        DATABASE_URL: adminUrl.replace(/\/postgres$/, `/${database}`),
        PORT: String(ports.web), STANDIN_PORT: String(ports.standin), DATA_DIR: path.join(dir, 'data'),
        BASE_URL: `http://127.0.0.1:${ports.web}`, LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    cleanups.push(async () => { if (child.exitCode === null) child.kill('SIGKILL'); });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const startStarted = Date.now();
    await expect.poll(() => output.includes('subtext is running') || child.exitCode !== null, { timeout: 30_000, interval: 100 }).toBe(true);
    expect(child.exitCode, output).toBeNull();
    const startMs = Date.now() - startStarted;

    const health = await fetch(`http://127.0.0.1:${ports.web}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, database: { reachable: true }, migrations: { current: true } });
    expect((await fetch(`http://127.0.0.1:${ports.web}/`)).status).toBe(200);
    // htmx is served from node_modules: a production dependency, not a CDN.
    expect((await fetch(`http://127.0.0.1:${ports.web}/assets/htmx.min.js`)).status).toBe(200);
    // The image's HEALTHCHECK command, run as Docker would: healthy now, unhealthy once the app is gone.
    const checkHealth = () => run(healthcheck[0]!, healthcheck.slice(1), { env: { PATH: env.PATH, PORT: String(ports.web) } }).then(() => 0, (err: { code?: number }) => err.code);
    expect(await checkHealth()).toBe(0);

    child.kill('SIGTERM');
    expect(await exited, output).toBe(0);
    expect(await checkHealth()).toBe(1);
    console.log(`production install: npm ci --omit=dev + prune ${installMs} ms, node_modules ${nodeModulesMb} MB, start ${startMs} ms`);
  }, 120_000);

  it('turns prepared statements off with DATABASE_PREPARED_STATEMENTS=false, for poolers that cannot keep them', async () => {
    const base = { SESSION_SECRET: 'test-session-secret-that-is-long-enough', ENCRYPTION_KEY: '11'.repeat(32), DATA_DIR: '/tmp/subtext-test-data' };
    expect(loadConfig(base).databasePreparedStatements).toBe(true);
    expect(loadConfig({ ...base, DATABASE_PREPARED_STATEMENTS: 'false' }).databasePreparedStatements).toBe(false);
    expect(() => loadConfig({ ...base, DATABASE_PREPARED_STATEMENTS: 'off' })).toThrow(/DATABASE_PREPARED_STATEMENTS="off" is not valid: use true or false/);

    const db = await createTestDatabase();
    cleanups.push(() => db.drop());
    // A session's named statements are listed in pg_prepared_statements; one connection per client, so the query sees its own.
    const preparedAfterQuerying = async (preparedStatements: boolean) => {
      const database = connectDatabase(db.url, { max: 1, preparedStatements });
      try {
        for (let i = 0; i < 3; i++) await database.sql`select count(*) from videos where id = ${String(i)}`;
        const [row] = await database.sql<{ n: number }[]>`select count(*)::int as n from pg_prepared_statements`;
        return row!.n;
      } finally {
        await database.close();
      }
    };
    expect(await preparedAfterQuerying(true)).toBeGreaterThan(0);
    expect(await preparedAfterQuerying(false)).toBe(0);
  });
});
