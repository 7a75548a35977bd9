// A real browser on the tracking pages: a video's statistics chart (with JavaScript off, as it must
// read without it) and the Trends page driven by its "Run now" button.
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO } from '../src/standin/demo-data.ts';
import { SESSION_COOKIE } from '../src/auth/session.ts';
import { launchBrowser, collectProblems } from './helpers/browser.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { createSignedInUser } from './helpers/users.ts';

let t: TestApp;
let browser: Browser;
let cookie: string;

beforeAll(async () => {
  t = await startTestApp({
    pools: ['tracking', 'scoring'],
    env: { TRACKING_REGIONS: 'PL,NL', SNAPSHOT_SCHEDULE: '0 0 1 1 *', TRENDING_SCHEDULE: '0 0 1 1 *' },
    knobs: { trendingBucketMinutes: 0 },
  });
  cookie = (await createSignedInUser(t.db.database.sql, { name: 'Chart Reader', playlists: ['PLchartReader'] })).cookie;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

async function signedInContext(options: { javaScriptEnabled: boolean }): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  await context.addCookies([{ name: SESSION_COOKIE, value: cookie.slice(SESSION_COOKIE.length + 1), url: t.baseUrl }]);
  return context;
}

it('draws a video’s history as an SVG chart that reads without JavaScript', async () => {
  const { sql } = t.db.database;
  const videoId = DEMO.videos.hiddenStats;
  await sql`insert into videos (id, title, channel_title) values (${videoId}, 'Knife skills in ten minutes', 'Curious Kitchen')`;
  // Statistics are shown for the videos of one's own library (or on a current chart).
  await sql`insert into playlist_videos (playlist_id, video_id, position) values ('PLchartReader', ${videoId}, 0)`;
  const start = Date.parse('2026-03-01T00:00:00Z');
  await sql`insert into video_stat_snapshots ${sql(Array.from({ length: 6 }, (_, i) => ({
    video_id: videoId, taken_at: new Date(start + i * 3_600_000), view_count: 1000 + i * i * 400, like_count: null, comment_count: i < 3 ? 10 + i : null,
  })))}`;

  const context = await signedInContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const problems = collectProblems(page);
  await page.goto(`${t.baseUrl}/videos/${videoId}/stats`);
  const views = page.getByRole('img', { name: /Views over time/ });
  await views.waitFor();
  const box = await views.boundingBox();
  expect(box!.width).toBeGreaterThan(300);
  expect(box!.height).toBeGreaterThan(100);
  // One line through six readings, drawn left to right and rising.
  const points = (await page.locator('svg[data-series="views"] polyline').getAttribute('points'))!.split(' ').map((p) => p.split(',').map(Number));
  expect(points).toHaveLength(6);
  expect(points.map(([x]) => x)).toEqual([...points.map(([x]) => x!)].sort((a, b) => a - b));
  expect(points[5]![1]!).toBeLessThan(points[0]![1]!);
  expect(await page.locator('svg[data-series="views"] desc').textContent()).toContain('1,000');
  // Likes are hidden by this channel: said in words, never drawn as zero.
  expect(await page.getByText('Hidden by the channel.').isVisible()).toBe(true);
  expect(await page.locator('svg[data-series="comments"] desc').textContent()).toContain('3 hidden');
  expect(problems).toEqual([]);
  await context.close();
});

it('Trends: Run now fetches the chart; the next fetch shows what is new, up and down', async () => {
  const context = await signedInContext({ javaScriptEnabled: true });
  const page = await context.newPage();
  const problems = collectProblems(page);
  await page.goto(`${t.baseUrl}/trends/PL`);
  await page.getByText('No chart fetched for PL yet').waitFor();

  await page.getByRole('button', { name: 'Run now' }).click();
  // htmx swaps the button for a confirmation without leaving the page.
  await page.getByRole('status').filter({ hasText: 'Trending charts queued' }).waitFor();
  expect(page.url()).toBe(`${t.baseUrl}/trends/PL`);
  await expect.poll(async () => {
    await page.reload();
    return page.locator('table.chart-table tbody tr').count();
  }, { timeout: 20_000, interval: 500 }).toBe(200);

  t.standin.knobs.trendingEpoch = 1;
  await page.getByRole('button', { name: 'Run now' }).click();
  await page.getByRole('status').filter({ hasText: 'queued' }).waitFor();
  await expect.poll(async () => {
    await page.reload();
    return page.getByText('NEW', { exact: true }).count();
  }, { timeout: 20_000, interval: 500 }).toBe(10);
  expect(await page.locator('.move-up').count()).toBeGreaterThan(0);
  expect(await page.locator('.move-down').count()).toBeGreaterThan(0);
  await expect.poll(() => page.reload().then(() => page.locator('.virality-normal, .virality-trending, .virality-viral').count()), { timeout: 20_000, interval: 500 })
    .toBeGreaterThan(0);

  // Sort by virality through the column heading, then switch region through the region links.
  await page.getByRole('link', { name: 'Virality' }).click();
  await page.waitForURL(`${t.baseUrl}/trends/PL?sort=score`);
  await page.getByRole('navigation', { name: 'Regions' }).getByRole('link', { name: 'NL' }).click();
  await page.getByRole('heading', { name: 'Trending in NL' }).waitFor();
  expect(problems).toEqual([]);
  await context.close();
});
