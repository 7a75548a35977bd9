// A person in a real browser adds a channel by its @handle and their liked videos, indexes both, and
// searches each from its own page: the hits come only from that list.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO } from '../src/standin/demo-data.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { launchBrowser } from './helpers/browser.ts';
import { signInAs } from './helpers/google-sign-in.ts';

const [aliceAccount] = DEMO.accounts;
const kitchenUploads = `UU${DEMO.channels.kitchen.slice(2)}`;

let t: TestApp;
let browser: Browser;

beforeAll(async () => {
  t = await startTestApp();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

async function indexFromLibrary(page: Page, rowText: string): Promise<void> {
  await page.goto(`${t.baseUrl}/library`);
  await page.locator('tr', { hasText: rowText }).getByRole('button', { name: 'Start indexing' }).click();
  await page.waitForURL(/\/runs\/\d+$/);
  await page.locator('#run-progress[data-status="completed"]').waitFor({ timeout: 60_000 });
}

async function searchFromListPage(page: Page, title: string, query: string): Promise<string[]> {
  await page.goto(`${t.baseUrl}/library`);
  await page.getByRole('link', { name: title, exact: true }).click();
  await page.waitForURL(/\/playlists\/[A-Za-z0-9_-]+$/);
  await page.getByRole('searchbox', { name: `Search in ${title}` }).fill(query);
  await page.getByRole('button', { name: 'Search in this list' }).click();
  await page.waitForURL(/\/search\?/);
  await page.locator('#results').waitFor();
  return page.locator('#results [id^="video-"]').evaluateAll((nodes) => nodes.map((n) => n.id.slice('video-'.length)));
}

it('adds a channel and the liked videos, indexes them, and searches each from its page', async () => {
  const jar = await signInAs(t, aliceAccount!.sub);
  const context = await browser.newContext();
  await context.addCookies([...jar.cookies].map(([name, value]) => ({ name, value, url: t.baseUrl })));
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`${m.text()} ${m.location().url}`); });

  // The channel, by its handle, through the add box (htmx swaps the library in place).
  await page.goto(`${t.baseUrl}/library`);
  await page.getByLabel('Add a public playlist, channel or video').fill('https://www.youtube.com/@curiouskitchen');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect.poll(() => page.locator('#library .notice').textContent()).toContain('Added the channel "Curious Kitchen" to your library.');
  await expect(page.locator(`#playlist-${kitchenUploads}`).textContent()).resolves.toContain('channel · added by you');

  // The liked videos, from "Your YouTube".
  await page.getByRole('button', { name: 'Add my liked videos' }).click();
  await page.waitForURL(/\/library$/);
  await expect(page.locator('tr', { hasText: 'Liked videos' }).textContent()).resolves.toContain('videos you liked on YouTube');

  await indexFromLibrary(page, 'Curious Kitchen');
  await indexFromLibrary(page, 'Liked videos');

  // Each search is scoped to the list whose page it started from.
  const paprika = DEMO.phrases.paprika;
  expect(await searchFromListPage(page, 'Curious Kitchen', 'smoked paprika')).toEqual([paprika.videoId]);
  expect(new URL(page.url()).searchParams.get('playlist')).toBe(kitchenUploads);
  // The liked videos hold the "naïve implementation" talk; the channel does not.
  const naive = DEMO.phrases.naive;
  expect(await searchFromListPage(page, 'Liked videos', 'naive implementation')).toEqual([naive.videoId]);
  expect(await searchFromListPage(page, 'Curious Kitchen', 'naive implementation')).toEqual([]);

  expect(problems, problems.join('\n')).toEqual([]);
  await context.close();
}, 150_000);
