// Every page in a real browser at a phone's width (390 px) and a laptop's (1280 px): none is wider
// than the screen, axe-core finds no serious accessibility problem on any, and each is saved as a screenshot under tests/screenshots/ (git-ignored) so
// anyone can look at what a user sees.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../src/auth/session.ts';
import { DEMO } from '../src/standin/demo-data.ts';
import { forceSchedule, TRACKING_SCHEDULES } from '../src/tracking/schedules.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { seriousViolations } from './helpers/axe.ts';
import { launchBrowser, collectProblems, signedInContext } from './helpers/browser.ts';
import { addToLibrary, createSignedInUser } from './helpers/users.ts';

const SCREENSHOTS = path.join(import.meta.dirname, 'screenshots');
const WIDTHS = [{ name: 'phone', width: 390, height: 844 }, { name: 'laptop', width: 1280, height: 800 }] as const;

// Broken thumbnails are part of the demo world (the thumbnail report is about them); the player is blocked.
const THUMBNAILS_AND_PLAYER = /favicon|\/vi\/|youtube|ytimg|kept-thumbnail|404/;

let t: TestApp;
let browser: Browser;
let cookie: string;
let runId: number;

beforeAll(async () => {
  t = await startTestApp({
    env: { ADMIN_EMAILS: 'pages@example.com', TRACKING_REGIONS: 'PL,NL', SNAPSHOT_SCHEDULE: '0 0 1 1 *', TRENDING_SCHEDULE: '0 0 1 1 *',
      THUMBNAIL_CHECK_SCHEDULE: '0 0 1 1 *', AVAILABILITY_CHECK_SCHEDULE: '0 0 1 1 *', OEMBED_RATE_PER_MINUTE: '600' },
    knobs: { trendingBucketMinutes: 0 },
  });
  const { sql } = t.db.database;
  const user = await createSignedInUser(sql, { email: 'pages@example.com', name: 'Page Viewer', admin: true });
  cookie = user.cookie.slice(SESSION_COOKIE.length + 1);
  await addToLibrary(sql, user.userId, [DEMO.playlists.cooking]);
  await sql`update playlists set title = 'Weeknight cooking', item_count = 8 where id = ${DEMO.playlists.cooking}`;
  browser = await launchBrowser();
  await mkdir(SCREENSHOTS, { recursive: true });

  // Real data on every page: index the playlist, then run every tracking schedule once.
  const context = await signedInContext(browser, t.baseUrl, cookie, { viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${t.baseUrl}/library`);
  await page.getByRole('button', { name: 'Start indexing' }).click();
  await page.waitForURL(/\/runs\/\d+$/);
  runId = Number(page.url().split('/').pop());
  await page.locator('#run-progress[data-status="completed"]').waitFor({ timeout: 60_000 });
  await context.close();
  for (const schedule of TRACKING_SCHEDULES) await forceSchedule(t.queue, schedule);
  for (let waited = 0; ; waited += 500) {
    const [left] = await sql<{ n: number }[]>`select count(*)::int as n from graphile_worker.jobs where attempts < max_attempts`;
    if (left!.n === 0) break;
    if (waited > 60_000) throw new Error(`${left!.n} tracking jobs still waiting after a minute`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

/** The horizontal overflow of the page: how many pixels a person would have to scroll sideways. */
function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

async function shoot(page: Page, name: string, width: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
}

const PAGES: ReadonlyArray<{ name: string; path: () => string }> = [
  { name: 'home', path: () => '/' },
  { name: 'library', path: () => '/library' },
  { name: 'run', path: () => `/runs/${runId}` },
  { name: 'search-empty', path: () => '/search' },
  { name: 'search-results', path: () => '/search?q=the' },
  { name: 'search-filtered', path: () => '/search?q=the&captions=manual&sort=newest' },
  { name: 'video', path: () => `/videos/${DEMO.videos.ok}?q=the` },
  { name: 'video-stats', path: () => `/videos/${DEMO.videos.ok}/stats` },
  { name: 'trends', path: () => '/trends' },
  { name: 'trends-region', path: () => '/trends/PL' },
  { name: 'gone', path: () => '/gone' },
  { name: 'thumbnails', path: () => '/reports/thumbnails' },
  { name: 'schedules', path: () => '/schedules' },
  { name: 'api-tokens', path: () => '/settings/tokens' },
  { name: 'account', path: () => '/account' },
  { name: 'admin-jobs', path: () => '/admin/jobs' },
  { name: 'not-found', path: () => '/runs/999999' },
];

describe.each(WIDTHS)('at $width px ($name)', ({ name: widthName, width, height }) => {
  it('every signed-in page fits the screen', async () => {
    const context = await signedInContext(browser, t.baseUrl, cookie, { viewport: { width, height } });
    const page = await context.newPage();
    const problems = collectProblems(page, THUMBNAILS_AND_PLAYER);
    const tooWide: string[] = [];
    const inaccessible: string[] = [];
    for (const p of PAGES) {
      await page.goto(`${t.baseUrl}${p.path()}`);
      await page.waitForLoadState('networkidle');
      const extra = await overflow(page);
      if (extra > 0) tooWide.push(`${p.name}: ${extra} px too wide`);
      inaccessible.push(...(await seriousViolations(page)).map((v) => `${p.name}: ${v}`));
      await shoot(page, p.name, widthName);
    }
    expect(tooWide).toEqual([]);
    expect(inaccessible).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  }, 300_000);

  it('signed-out pages fit the screen', async () => {
    const context = await browser.newContext({ viewport: { width, height } });
    const page = await context.newPage();
    for (const [name, url] of [['signed-out-home', '/'], ['sign-in', '/auth/sign-in']] as const) {
      await page.goto(`${t.baseUrl}${url}`);
      expect(await overflow(page), name).toBeLessThanOrEqual(0);
      expect(await seriousViolations(page), name).toEqual([]);
      await shoot(page, name, widthName);
    }
    await context.close();
  });

  it('the navigation reaches Sign out, the first result is on the first screen, and the player is as wide as its result', async () => {
    const context = await signedInContext(browser, t.baseUrl, cookie, { viewport: { width, height } });
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/search?q=the`);
    const signOut = page.getByRole('button', { name: 'Sign out' });
    if (width < 700) {
      // On a phone the links fold into a menu.
      expect(await signOut.isVisible()).toBe(false);
      await page.locator('.nav-menu > summary').click();
      await shoot(page, 'menu-open', widthName);
    }
    expect(await signOut.isVisible()).toBe(true);
    const box = (await signOut.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(width);

    // Filters are folded while none is set, so the results come first.
    expect(await page.locator('select[name=captions]').isVisible()).toBe(false);
    const first = page.locator('#results .result').first();
    expect((await first.boundingBox())!.y).toBeLessThan(height);

    await first.locator('a.moment-time').first().click();
    const frame = first.locator('.player iframe');
    await frame.waitFor({ state: 'attached' });
    // Demo mode: the stand-in's embed page says what would play, and from which second.
    const start = Number(await first.locator('a.moment-time').first().getAttribute('data-start'));
    const playing = frame.contentFrame().getByText(/^Playing from /);
    await playing.waitFor();
    expect(await playing.getAttribute('data-start')).toBe(String(start));
    const frameBox = (await frame.boundingBox())!;
    const resultBox = (await first.locator('.result-body').boundingBox())!;
    if (width < 700) expect(frameBox.width).toBeCloseTo(resultBox.width, 0);
    expect(frameBox.x + frameBox.width).toBeLessThanOrEqual(width);
    await shoot(page, 'search-player', widthName);

    // A set filter opens the section, so it is never hidden while it narrows the results.
    await page.goto(`${t.baseUrl}/search?q=the&captions=manual`);
    expect(await page.locator('select[name=captions]').isVisible()).toBe(true);
    expect(await page.locator('.filters-fold > summary').textContent()).toContain('1 set');
    await context.close();
  });
});

it('demo mode offers its public playlists as one-click suggestions while the library is empty', async () => {
  const newcomer = await createSignedInUser(t.db.database.sql);
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  await context.addCookies([{ name: SESSION_COOKIE, value: newcomer.cookie.slice(SESSION_COOKIE.length + 1), url: t.baseUrl }]);
  const page = await context.newPage();
  await page.goto(`${t.baseUrl}/library`);
  await page.getByRole('button', { name: /Add “Travel notes”/ }).click();
  await page.getByRole('row', { name: /Travel notes/ }).waitFor();
  // With a playlist in the library, the suggestions step aside.
  expect(await page.locator('.suggestions').count()).toBe(0);
  expect(await overflow(page)).toBeLessThanOrEqual(0);
  await shoot(page, 'library-suggestions', 'phone');
  await context.close();
});
