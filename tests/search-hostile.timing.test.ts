// One person's hostile searches cannot stall anybody else: while one signed-in user sends twelve
// expensive searches at once (a stop word repeated, 63-word phrases of common words), another user's
// library page keeps answering fast. Real web process (its own pools, as `npm run web`), real
// Postgres, a library of 45,000 cues built by the worker from the stand-in's speech.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthPlaylistId } from '../src/standin/synthetic.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { indexPlaylists } from './helpers/indexed-library.ts';
import { freePort } from './helpers/ports.ts';
import { createSignedInUser } from './helpers/users.ts';
import { spawnWebProcess, type WebProcess } from './helpers/web-process.ts';
import { processEnv } from './helpers/worker-process.ts';

/** Words the stand-in's English speech says most, short enough that 63 of them fit in a query. */
const COMMON = ['the', 'you', 'it', 'is', 'and', 'to', 'of', 'a'];
const HOSTILE = [
  'the the the the the the the the',
  `"${Array.from({ length: 63 }, (_, i) => COMMON[i % COMMON.length]).join(' ')}"`,
  `"${Array.from({ length: 63 }, () => 'the').join(' ')}"`,
  Array.from({ length: 63 }, (_, i) => COMMON[(i * 3) % COMMON.length]).join(' '),
];
const AT_ONCE = 12;
/** How long the other user keeps loading their library while the hostile searches run. */
const WINDOW_MS = 10_000;
/** The goal of issue 12. The file runs in the timing project, alone, so the machine's other work does not count against it. */
const BUDGET_MS = 100;
const PAGE_GIVE_UP_MS = 5_000;

const percentile = (values: ReadonlyArray<number>, p: number) => [...values].sort((a, b) => a - b)[Math.max(0, Math.ceil((p / 100) * values.length) - 1)]!;

let t: TestApp;
let web: WebProcess;
let hostile: { userId: number; cookie: string };
let bystander: { userId: number; cookie: string };

beforeAll(async () => {
  // Only the indexing pool: tracking jobs running beside the measurements would only add noise.
  t = await startTestApp({ pools: ['indexing'] });
  hostile = await createSignedInUser(t.db.database.sql);
  bystander = await createSignedInUser(t.db.database.sql);
  await indexPlaylists(t, hostile, [synthPlaylistId({ count: 150, cues: 300, seed: 63 })]);
  await indexPlaylists(t, bystander, [synthPlaylistId({ count: 12, cues: 40, seed: 62 })]);
  web = await spawnWebProcess(processEnv(t.db.url, t.standin.url, { SEARCHES_PER_MINUTE_PER_USER: '0', SEARCHES_PER_MINUTE_PER_IP: '0' }), await freePort());
}, 300_000);
afterAll(async () => {
  // A web process still waiting on a runaway query would not stop on SIGTERM in time.
  await web?.stop('SIGKILL');
  await t?.stop();
});

describe('twelve hostile searches at once from one user', () => {
  /** The bystander's /library, loaded again and again for windowMs; each time in ms. */
  async function libraryTimes(windowMs: number): Promise<number[]> {
    const times: number[] = [];
    for (const deadline = Date.now() + windowMs; Date.now() < deadline;) {
      const started = performance.now();
      const res = await web.request('/library', { headers: { cookie: bystander.cookie }, signal: AbortSignal.timeout(PAGE_GIVE_UP_MS) }).catch(() => null);
      if (res) {
        expect(res.status).toBe(200);
        await res.text();
      }
      times.push(res ? performance.now() - started : PAGE_GIVE_UP_MS);
      await new Promise((r) => setTimeout(r, 50));
    }
    return times;
  }

  it("leave another user's /library p95 under 100 ms, and none ends in a server error", async () => {
    // The page alone first, for the log: what the searches add is the difference.
    const quiet = percentile(await libraryTimes(3_000), 95);
    const stopHostile = new AbortController();
    const statuses: number[] = [];
    const searches = Array.from({ length: AT_ONCE }, async (_, i) => {
      // Each of the twelve keeps searching until the window closes, as a script would.
      while (!stopHostile.signal.aborted) {
        const q = HOSTILE[i % HOSTILE.length]!;
        const res = await web.request(`/search?${new URLSearchParams({ q })}`, {
          headers: { cookie: hostile.cookie, 'HX-Request': 'true' }, signal: stopHostile.signal,
        }).catch(() => null);
        if (!res) return;
        statuses.push(res.status);
        await res.text().catch(() => '');
      }
    });
    // Let the hostile searches reach the database first.
    await new Promise((r) => setTimeout(r, 500));
    const pageTimes = await libraryTimes(WINDOW_MS);
    stopHostile.abort();
    await Promise.all(searches);

    const p95 = percentile(pageTimes, 95);
    console.log(`hostile: /library p95 alone ${quiet.toFixed(1)} ms, during ${p95.toFixed(1)} ms over ${pageTimes.length} loads`);
    expect(p95, `/library p95 ${quiet.toFixed(0)} ms alone; with the searches (ms): ${pageTimes.map((ms) => ms.toFixed(0)).join(', ')}`)
      .toBeLessThan(BUDGET_MS);
    expect(statuses.filter((s) => s >= 500), `statuses of the hostile searches: ${statuses.join(', ')}`).toEqual([]);
  }, 60_000);
});
