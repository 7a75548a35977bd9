// A real browser on the search page: typing shows hits without pressing anything, the URL follows
// the query (back and forward work), a timestamp starts the inline player at its second, and the
// whole flow works from the keyboard.
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../src/auth/session.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { launchBrowser, collectProblems } from './helpers/browser.ts';
import { createSignedInUser } from './helpers/users.ts';
import { insertSearchLibrary, V } from './helpers/search-library.ts';

let t: TestApp;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  t = await startTestApp({ worker: false });
  const { sql } = t.db.database;
  const alice = await createSignedInUser(sql, { name: 'Searcher' });
  const bob = await createSignedInUser(sql);
  await insertSearchLibrary(sql, { alice: alice.userId, bob: bob.userId });
  browser = await launchBrowser();
  context = await browser.newContext();
  await context.addCookies([{ name: SESSION_COOKIE, value: alice.cookie.slice(SESSION_COOKIE.length + 1), url: t.baseUrl }]);
  // The player's frame is all that would leave the machine; the test only reads its src.
  await context.route(/youtube-nocookie\.com|youtube\.com|ytimg\.com/, (route) => route.abort());
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

it('shows hits while typing, keeps the query in the URL, and plays a moment from its second', async () => {
  const page = await context.newPage();
  const problems = collectProblems(page, /favicon|\/vi\/|youtube|ytimg/);
  await page.goto(`${t.baseUrl}/search`);
  const box = page.getByRole('searchbox', { name: 'Search your library' });
  await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true);

  await box.pressSequentially('bridg', { delay: 40 });
  const moment = page.locator(`#video-${V.travel} a.moment-time`).first();
  await moment.waitFor();
  expect(await moment.textContent()).toBe('12:34');
  expect(await page.locator('#results mark').first().textContent()).toBe('bridge');
  await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('bridg');

  await moment.click();
  const frame = page.locator(`#player-${V.travel} iframe`);
  await frame.waitFor({ state: 'attached' });
  const src = new URL((await frame.getAttribute('src'))!);
  // Demo mode (no Google credentials): the stand-in's embed page, since the demo's videos are made up.
  expect(src.origin).toBe(t.standin.url);
  expect(src.pathname).toBe(`/embed/${V.travel}`);
  expect(src.searchParams.get('start')).toBe('754');

  // A second search, then back: the first query's results come back with the URL.
  await box.fill('croissant');
  await page.locator(`#video-${V.travel} a.moment-time`, { hasText: '0:10' }).waitFor();
  await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('croissant');
  await page.goBack();
  await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('bridg');
  await page.locator(`#video-${V.travel} a.moment-time`, { hasText: '12:34' }).waitFor();
  expect(problems).toEqual([]);
});

it('renders a shared URL whole, filters included, and is usable from the keyboard alone', async () => {
  const page = await context.newPage();
  const problems = collectProblems(page, /favicon|\/vi\/|youtube|ytimg/);
  await page.goto(`${t.baseUrl}/search?q=coffee&captions=manual`);
  expect(await page.locator('select[name=captions]').inputValue()).toBe('manual');
  expect(await page.locator('#results .result').count()).toBe(1);

  // Tab from the search box to the first timestamp, then Enter: the player starts there.
  await page.getByRole('searchbox', { name: 'Search your library' }).focus();
  let focused = '';
  for (let i = 0; i < 40 && !focused.includes('moment-time'); i++) {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(() => document.activeElement?.className ?? '');
  }
  expect(focused).toContain('moment-time');
  const start = await page.evaluate(() => (document.activeElement as HTMLElement).dataset.start);
  await page.keyboard.press('Enter');
  const frame = page.locator(`#player-${V.cooking} iframe`);
  await frame.waitFor({ state: 'attached' });
  expect(new URL((await frame.getAttribute('src'))!).searchParams.get('start')).toBe(start);

  // Changing a filter updates the results and the URL.
  await page.locator('select[name=captions]').selectOption('auto');
  await expect.poll(() => new URL(page.url()).searchParams.get('captions')).toBe('auto');
  await page.locator(`#video-${V.travel}`).waitFor();
  expect(problems).toEqual([]);
});

it('plays a line of the video page from its second', async () => {
  const page = await context.newPage();
  await page.goto(`${t.baseUrl}/videos/${V.travel}?q=bridge`);
  const hit = page.locator('li.hit a.moment-time');
  expect(await hit.count()).toBe(1);
  await hit.click();
  const frame = page.locator(`#player-${V.travel} iframe`);
  await frame.waitFor({ state: 'attached' });
  expect(new URL((await frame.getAttribute('src'))!).searchParams.get('start')).toBe('754');
  // "Open on YouTube" goes to the stand-in too, in demo mode.
  expect(await page.getByRole('link', { name: 'Open on YouTube' }).getAttribute('href')).toBe(`${t.standin.url}/embed/${V.travel}?start=0`);
});

it('from the keyboard: a skip link to the results, the down arrow into them, and the first result a few Tabs from the box', async () => {
  const page = await context.newPage();
  await page.goto(`${t.baseUrl}/search?q=coffee`);
  const box = page.getByRole('searchbox', { name: 'Search your library' });
  await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true);

  // Down from the box: the first result's title; down again: its first moment; up twice: the box again.
  await page.keyboard.press('ArrowDown');
  const firstTitle = page.locator('#results .result-title a').first();
  expect(await firstTitle.evaluate((el) => el === document.activeElement)).toBe(true);
  await page.keyboard.press('ArrowDown');
  expect(await page.evaluate(() => document.activeElement?.className)).toContain('moment-time');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  expect(await box.evaluate((el) => el === document.activeElement)).toBe(true);

  // Filters are folded, so Tab reaches the first result in four presses: Search, Filters, Export CSV, the title.
  for (let i = 0; i < 4; i++) await page.keyboard.press('Tab');
  expect(await firstTitle.evaluate((el) => el === document.activeElement)).toBe(true);

  // The skip link leads straight to the results.
  const skip = page.getByRole('link', { name: 'Skip to results' });
  await skip.focus();
  expect(await skip.isVisible()).toBe(true);
  await page.keyboard.press('Enter');
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('results');
  await page.close();
});

it('says "Searching…" while a search is in flight, and only then', async () => {
  const page = await context.newPage();
  const problems = collectProblems(page, /favicon|\/vi\/|youtube|ytimg/);
  await page.goto(`${t.baseUrl}/search`);
  const indicator = page.locator('#search-indicator');
  expect(await indicator.isVisible()).toBe(false);
  // Hold the answer back until the indicator has been seen.
  let answer!: () => void;
  const answered = new Promise<void>((resolve) => { answer = resolve; });
  await page.route(/\/search\?/, async (route) => {
    await answered;
    await route.continue();
  });
  await page.getByRole('searchbox', { name: 'Search your library' }).fill('bridge');
  await expect.poll(() => indicator.isVisible()).toBe(true);
  expect(await indicator.textContent()).toBe('Searching…');
  answer();
  await page.locator(`#video-${V.travel}`).waitFor();
  await expect.poll(() => indicator.isVisible()).toBe(false);
  expect(problems).toEqual([]);
});
