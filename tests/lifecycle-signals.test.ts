// Every way a terminal or a supervisor stops `npm start` is a clean stop: SIGINT (Ctrl-C), SIGTERM
// and SIGHUP (the terminal closed), to the whole process group or to the process alone. Exit code 0,
// no process left behind, nothing at error level, no stack trace, no secret printed.
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthPlaylistId } from '../src/standin/synthetic.ts';
import { connectToAppDatabase, portOpen, processesUsing, setStandinKnobs, startAppProcess, troubleIn, waitForNoProcessUsing, type AppPorts, type AppProcess } from './helpers/app-process.ts';
import { pressStartIndexing } from './helpers/indexing.ts';
import { freePort } from './helpers/ports.ts';
import { createSignedInUser } from './helpers/users.ts';
import { waitUntil } from './helpers/wait.ts';

// Slow captions keep transcript jobs in flight at every stop; thumbnails slower than Graphile Worker's
// 5 s of grace get the demo's thumbnail checks cut short (aborted), when they run at that moment.
const SLOW = { latencyMs: { captions: 3_000, thumbnails: 8_000 } };
const env = { WORKER_CONCURRENCY: '10', TRANSCRIPT_RATE: '0' };

describe('stopping npm start', () => {
  let dir: string;
  let dataDir: string;
  let ports: AppPorts;
  let secrets: string[];
  const started: AppProcess[] = [];

  beforeAll(async () => {

    dir = await mkdtemp(path.join(tmpdir(), 'subtext-signals-'));
    await chmod(dir, 0o755);
    dataDir = path.join(dir, 'data');
    ports = { web: await freePort(), pg: await freePort(), standin: await freePort() };
    // The first start creates the cluster (the slow part); each test then starts on it again.
    const first = startAppProcess(dataDir, ports, env);
    started.push(first);
    await first.ready;
    first.signal('SIGTERM', 'process');
    expect((await first.exited).code).toBe(0);
    const credentials = JSON.parse(await readFile(path.join(dataDir, 'postgres-credentials.json'), 'utf8')) as Record<string, string>;
    const demo = JSON.parse(await readFile(path.join(dataDir, 'demo-secrets.json'), 'utf8')) as Record<string, string>;
    secrets = [...Object.values(credentials), ...Object.values(demo)];
  }, 120_000);

  afterAll(async () => {
    for (const app of started) app.signal('SIGKILL', 'group');
    await waitForNoProcessUsing(dataDir, 20_000);
    await rm(dir, { recursive: true, force: true });
  });

  for (const to of ['group', 'process'] as const) {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      it(`${signal} to the ${to === 'group' ? 'whole process group (a terminal)' : 'process alone (a supervisor)'}: exit 0, nothing left, nothing at error level`, async () => {
        const app = startAppProcess(dataDir, ports, env);
        started.push(app);
        await app.ready;
        expect((await app.request('/healthz')).status).toBe(200);
        expect(await processesUsing(dataDir)).not.toEqual([]);
        // Jobs in flight, waiting on the app's own stand-in.
        await setStandinKnobs(ports.standin, SLOW);
        const sql = await connectToAppDatabase(dataDir, ports.pg);
        try {
          const playlist = synthPlaylistId({ count: 30, cues: 2, seed: 140 + started.length });
          const cookie = (await createSignedInUser(sql, { playlists: [playlist] })).cookie;
          await pressStartIndexing(app, app.baseUrl, cookie, playlist);
          await waitUntil('transcript jobs in flight', async () => {
            const [row] = await sql<{ n: number }[]>`select count(*)::int as n from graphile_worker.jobs where task_identifier = 'fetch_transcript' and locked_by is not null`;
            return row!.n > 0;
          }, 30_000);
        } finally {
          await sql.end();
        }

        app.signal(signal, to);
        const exit = await app.exited;
        expect(exit, app.output()).toEqual({ code: 0, signal: null });
        expect(await waitForNoProcessUsing(dataDir, 5_000)).toEqual([]);
        for (const port of [ports.web, ports.pg, ports.standin]) expect(await portOpen(port)).toBe(false);

        const output = app.output();
        expect(troubleIn(output)).toEqual([]);
        expect(output).not.toMatch(/\n\s+at /);
        expect(output).toContain(`"msg":"shutting down","signal":"${signal}"`);
        for (const secret of secrets) expect(output).not.toContain(secret);
      }, 90_000);
    }
  }
});
