// The web server is killed (SIGKILL) and started again while someone watches a run's progress page
// in a browser: the page keeps its numbers meanwhile, then picks up where the run is and completes.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthPlaylistId } from '../src/standin/synthetic.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { launchBrowser } from './helpers/browser.ts';
import { pressStartIndexing } from './helpers/indexing.ts';
import { freePort } from './helpers/ports.ts';
import { createSignedInUser } from './helpers/users.ts';
import { spawnWebProcess, type WebProcess } from './helpers/web-process.ts';
import { processEnv } from './helpers/worker-process.ts';

interface Reading { readonly at: number; readonly status: string; readonly done: number }

describe('the web server killed while a run progresses', () => {
  let t: TestApp;
  let browser: Browser;
  let web: WebProcess | undefined;

  beforeAll(async () => {
    // The worker runs in this process; slow captions make the run last about 15 s.
    t = await startTestApp({ pools: ['indexing'], env: { WORKER_CONCURRENCY: '5' }, knobs: { latencyMs: { captions: 150 } } });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    await t?.stop();
  });

  it('the progress page picks up where it was: counts never go backwards, and it completes', async () => {
    const { sql } = t.db.database;
    const playlist = synthPlaylistId({ count: 500, cues: 2, seed: 91 });
    const cookie = (await createSignedInUser(sql, { playlists: [playlist] })).cookie;
    const port = await freePort();
    const env = processEnv(t.db.url, t.standin.url);
    web = await spawnWebProcess(env, port);
    const runId = await pressStartIndexing(web, web.baseUrl, cookie, playlist);

    const context = await browser.newContext();
    const [name, value] = cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: web.baseUrl }]);
    const page = await context.newPage();
    await page.goto(`${web.baseUrl}/runs/${runId}`);
    // Set on this page load: still there at the end means the page was never reloaded.
    await page.evaluate(() => { document.body.dataset['sameLoad'] = 'yes'; });
    const readings: Reading[] = [];
    const read = async (): Promise<Reading> => {
      const reading = await page.evaluate(() => {
        const block = document.querySelector('#run-progress');
        return { status: block?.getAttribute('data-status') ?? '', done: Number(block?.querySelector('[data-count="done"]')?.textContent) };
      });
      readings.push({ at: Date.now(), ...reading });
      return readings.at(-1)!;
    };
    const readUntil = async (what: string, timeoutMs: number, until: (r: Reading) => boolean) => {
      for (const deadline = Date.now() + timeoutMs; !until(await read());) {
        if (Date.now() > deadline) throw new Error(`page never showed ${what}; last: ${JSON.stringify(readings.at(-1))}`);
        await page.waitForTimeout(200);
      }
    };

    await readUntil('100 videos indexed', 60_000, (r) => r.done >= 100);
    await web.stop('SIGKILL');
    const killedAt = Date.now();
    // Three seconds without a server: the poller's requests fail, the page keeps what it showed.
    await readUntil('three seconds pass', 10_000, (r) => r.at - killedAt >= 3000);
    web = await spawnWebProcess(env, port);
    const restartedAt = Date.now();
    await readUntil('the run completed', 60_000, (r) => r.status === 'completed');

    const during = readings.filter((r) => r.at > killedAt && r.at < restartedAt);
    expect(during.length).toBeGreaterThan(5);
    const shownAtKill = during[0]!.done;
    for (const r of during) expect(r).toMatchObject({ status: 'fetching', done: shownAtKill });
    // It picked up: new numbers from the new server, not just the final ones.
    expect(readings.some((r) => r.at > restartedAt && r.status === 'fetching' && r.done > shownAtKill)).toBe(true);
    const dones = readings.map((r) => r.done);
    expect(dones, 'counts shown never go backwards').toEqual([...dones].sort((a, b) => a - b));
    expect(readings.at(-1)).toMatchObject({ status: 'completed', done: 500 });
    await expect(page.evaluate(() => document.body.dataset['sameLoad'])).resolves.toBe('yes');
    await context.close();
  }, 120_000);
});
