// A person presses Start indexing on the dashboard and watches the live bar reach 100%.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../src/standin/demo-data.ts';
import { synthPlaylistId } from '../src/standin/synthetic.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { launchBrowser } from './helpers/browser.ts';
import { createSignedInUser } from './helpers/users.ts';

describe('indexing in a real browser', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    // Slow transcripts, so the bar is seen moving before it completes.
    t = await startTestApp({ knobs: { latencyMs: { captions: 400 } } });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('starts indexing a demo playlist and the progress bar reaches 100%', async () => {
    const { sql } = t.db.database;
    const { userId, cookie } = await createSignedInUser(sql);
    const playlist = DEMO.playlists.cooking;
    await sql`insert into playlists (id, title) values (${playlist}, 'Weeknight cooking')`;
    await sql`insert into library_playlists (user_id, playlist_id, source) values (${userId}, ${playlist}, 'added')`;

    const context = await browser.newContext();
    const [name, value] = cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: t.baseUrl }]);
    const page = await context.newPage();
    const cspErrors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') cspErrors.push(m.text()); });

    await page.goto(`${t.baseUrl}/library`);
    await page.locator('tr', { hasText: 'Weeknight cooking' }).getByRole('button', { name: 'Start indexing' }).click();
    await page.waitForURL(/\/runs\/\d+$/);
    await expect(page.locator('h1').textContent()).resolves.toContain('Weeknight cooking');

    const seen = new Set<string>();
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const status = await page.locator('#run-progress').getAttribute('data-status');
      seen.add(`${status}:${await page.locator('[data-count="percent"]').textContent()}`);
      if (status === 'completed') break;
      await page.waitForTimeout(200);
    }
    await expect(page.locator('#run-progress').getAttribute('data-status')).resolves.toBe('completed');
    await expect(page.locator('[data-count="percent"]').textContent()).resolves.toBe('100%');
    const bar = page.getByRole('progressbar', { name: 'Indexing progress' });
    await expect(bar.getAttribute('aria-valuenow')).resolves.toBe(await bar.getAttribute('aria-valuemax'));
    // It was seen part-way (the poller swapped in new numbers), and the finished block stopped polling.
    expect([...seen].some((s) => !s.endsWith(':100%'))).toBe(true);
    await expect(page.locator('#run-progress[hx-trigger]').count()).resolves.toBe(0);
    // The two skipped videos are named for what they are.
    await expect(page.locator('[data-count="gone"]').textContent()).resolves.toBe('2');
    await expect(page.locator('.counts').textContent()).resolves.toMatch(/2\s+private or deleted/);
    // The finished run offers its videos to search, without a reload.
    await page.getByRole('link', { name: 'Search these videos' }).click();
    await page.waitForURL(new RegExp(`/search\\?playlist=${playlist}$`));
    expect(cspErrors, cspErrors.join('\n')).toEqual([]);
    await context.close();
  });

  it('follows a run from the library, pauses, resumes and cancels it from the run page, and the bar glides', async () => {
    const { sql } = t.db.database;
    const { userId, cookie } = await createSignedInUser(sql);
    const playlist = synthPlaylistId({ count: 600, cues: 2, seed: 77 });
    await sql`insert into playlists (id, title, item_count) values (${playlist}, 'Six hundred videos', 600)`;
    await sql`insert into library_playlists (user_id, playlist_id, source) values (${userId}, ${playlist}, 'added')`;
    // Slower captions for this test: the run must still be going while the browser looks at it.
    t.standin.knobs.latencyMs.captions = 2500;
    t.standin.knobs.latencyMs.player = 2500;
    const context = await browser.newContext();
    const [name, value] = cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: t.baseUrl }]);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error' && !/\/vi\//.test(m.location().url)) problems.push(m.text()); });

    await page.goto(`${t.baseUrl}/library`);
    const row = page.locator('tr', { hasText: 'Six hundred videos' });
    await row.getByRole('button', { name: 'Start indexing' }).click();
    await page.waitForURL(/\/runs\/\d+$/);
    const runUrl = page.url();

    // Back in the library: the state cell links to the run and shows a live bar; the button leads to the run.
    await page.goto(`${t.baseUrl}/library`);
    await expect(row.locator('td.state-cell a').getAttribute('href')).resolves.toBe(new URL(runUrl).pathname);
    await row.getByRole('progressbar').waitFor();
    await row.getByRole('link', { name: 'View progress' }).click();
    await page.waitForURL(runUrl);

    // The bar glides: sampled every 50 ms once videos are being settled (each fetch takes seconds here),
    // its drawn width takes many more values than there are polls.
    await page.waitForFunction(() => (document.querySelector('.bar-fill')?.getBoundingClientRect().width ?? 0) > 0, undefined, { timeout: 30_000 });
    const widths = new Set<number>();
    for (let i = 0; i < 60; i++) {
      widths.add(Math.round(await page.locator('.bar-fill').evaluate((el) => el.getBoundingClientRect().width)));
      await page.waitForTimeout(50);
    }
    expect(widths.size).toBeGreaterThan(6);
    await expect(page.locator('#run-progress').getAttribute('data-status')).resolves.toBe('fetching');
    await expect(page.locator('.eta').textContent()).resolves.toMatch(/left|estimating/);
    await page.screenshot({ path: 'tests/screenshots/run-going-laptop.png' });

    await page.getByRole('button', { name: 'Pause' }).click();
    await page.waitForURL(runUrl);
    await expect(page.locator('#run-progress').getAttribute('data-status')).resolves.toBe('paused');
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.waitForURL(runUrl);
    await expect(page.locator('#run-progress').getAttribute('data-status')).resolves.not.toBe('paused');

    // Cancel asks first, and says what it keeps.
    await page.getByText('Cancel…').click();
    await expect(page.locator('details.confirm').textContent()).resolves.toContain('stay indexed and searchable');
    await page.getByRole('button', { name: 'Cancel the run' }).click();
    await page.waitForURL(runUrl);
    await expect(page.locator('#run-progress').getAttribute('data-status')).resolves.toBe('cancelled');
    await page.getByRole('link', { name: 'Search these videos' }).waitFor();

    // The library says what the cancelled run made searchable, and offers to start again.
    await page.goto(`${t.baseUrl}/library`);
    await expect(row.locator('td.state-cell').textContent()).resolves.toMatch(/cancelled: \d+ of 600 searchable/);
    await row.getByRole('button', { name: 'Start indexing' }).waitFor();
    t.standin.knobs.latencyMs.captions = 400;
    t.standin.knobs.latencyMs.player = 0;
    expect(problems, problems.join('\n')).toEqual([]);
    await context.close();
  }, 120_000);
});
