// `npm run backup` while the app runs, the data folder deleted, `npm run restore FILE` into the new
// empty one: the app starts on it and the same search answers the same results.
import { spawn } from 'node:child_process';
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { synthPlaylistId } from '../src/standin/synthetic.ts';
import {
  connectToAppDatabase, standinEnv, startAppProcess, useAppSandbox, type AppProcess,
} from './helpers/app-process.ts';
import { pressStartIndexing, waitForRun } from './helpers/indexing.ts';
import { createSignedInUser } from './helpers/users.ts';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

function runScript(script: string, args: ReadonlyArray<string>, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], { cwd: root, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => { output += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { output += c.toString(); });
    child.once('exit', (code) => resolve({ code, output }));
  });
}

describe('backup and restore', () => {
  const box = useAppSandbox('subtext-backup-', 0);

  it('backup, delete the data folder, restore: the same search answers the same results', async () => {
    const env = standinEnv(box.standin.url, { TRANSCRIPT_RATE: '0', DATA_DIR: box.dataDir, EMBEDDED_POSTGRES_PORT: String(box.ports.pg), LOG_LEVEL: 'warn' });
    const first = startAppProcess(box.dataDir, box.ports, env);
    box.started.push(first);
    await first.ready;
    const sql = await connectToAppDatabase(box.dataDir, box.ports.pg);
    const playlist = synthPlaylistId({ count: 40, cues: 4, seed: 515 });
    const { cookie } = await createSignedInUser(sql, { playlists: [playlist] });
    const runId = await pressStartIndexing(first, first.baseUrl, cookie, playlist);
    await waitForRun(sql, runId, 120_000);
    const [word] = await sql<{ w: string }[]>`
      select lower(split_part(text, ' ', 2)) as w from transcript_segments where length(split_part(text, ' ', 2)) > 3 order by id limit 1`;
    await sql.end();
    const search = async (app: AppProcess) => {
      const response = await app.request(`/api/search?q=${encodeURIComponent(word!.w)}`, { headers: { cookie } });
      expect(response.status).toBe(200);
      return response.json() as Promise<{ totalMoments: number; videos: unknown[] }>;
    };
    const before = await search(first);
    expect(before.videos.length).toBeGreaterThan(0);
    expect(before.totalMoments).toBeGreaterThan(0);

    // While the app runs, as a nightly cron job would.
    const file = path.join(box.dir, 'subtext.backup.gz');
    const backup = await runScript('scripts/backup.ts', [file], env);
    expect(backup.code, backup.output).toBe(0);
    expect(backup.output).toContain(`to ${file}`);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    first.signal('SIGTERM', 'process');
    expect((await first.exited).code).toBe(0);

    await rm(box.dataDir, { recursive: true, force: true });
    const restore = await runScript('scripts/restore.ts', [file], env);
    expect(restore.code, restore.output).toBe(0);
    // Restoring again into what is no longer empty is refused, in one line.
    const again = await runScript('scripts/restore.ts', [file], env);
    expect(again.code).toBe(1);
    expect(again.output.trim()).toBe('The database already holds subtext data: restore into an empty one (a new DATA_DIR, or a new database in DATABASE_URL).');

    const second = startAppProcess(box.dataDir, box.ports, env);
    box.started.push(second);
    await second.ready;
    expect(await search(second)).toEqual(before);
    second.signal('SIGTERM', 'process');
    expect((await second.exited).code).toBe(0);
  }, 300_000);
});
