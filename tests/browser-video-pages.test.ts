// The video and search pages in a real browser, at a phone's width and a laptop's: the transcript's
// player stays in view, a new page of results starts at their top, a video's moments come in the
// order they are said, every result links to its statistics, a flat chart says since when nothing
// changed, times are the reader's own and languages have names. Screenshots go to tests/screenshots/.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../src/auth/session.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { seriousViolations } from './helpers/axe.ts';
import { launchBrowser, collectProblems, signedInContext } from './helpers/browser.ts';
import { insertSearchLibrary, insertVideo, PLAYLISTS, V } from './helpers/search-library.ts';
import { createSignedInUser } from './helpers/users.ts';

const SCREENSHOTS = path.join(import.meta.dirname, 'screenshots');
const WIDTHS = [{ name: 'phone', width: 390, height: 844 }, { name: 'laptop', width: 1280, height: 800 }] as const;
const LECTURE = 'lect0000001';
const PENDING = 'pend0000001';
const KITCHEN = { id: 'UCkitchen00000000000000', title: 'Kitchen Channel' };

/** A reader in Honolulu (UTC−10): 08:00 UTC on 10 June is still 9 June there. */
const HONOLULU = { timezoneId: 'Pacific/Honolulu', locale: 'en-US' };

let t: TestApp;
let browser: Browser;
let cookie: string;

beforeAll(async () => {
  t = await startTestApp({ worker: false });
  const { sql } = t.db.database;
  const alice = await createSignedInUser(sql, { name: 'Viewer' });
  const bob = await createSignedInUser(sql);
  cookie = alice.cookie.slice(SESSION_COOKIE.length + 1);
  await insertSearchLibrary(sql, { alice: alice.userId, bob: bob.userId });
  // A long transcript (200 cues, 5 s apart); "sourdough" said most where it is said last, so the best
  // moments by rank run backwards in time.
  const sourdough: Record<number, string> = { 20: 'sourdough once', 90: 'sourdough and more sourdough', 170: 'sourdough sourdough sourdough sourdough' };
  await insertVideo(sql, {
    id: LECTURE, title: 'A long lecture on bread', channel: KITCHEN, publishedAt: '2024-02-02T12:00:00Z', durationSeconds: 1000,
    views: 321, language: 'de', kind: 'manual',
    cues: Array.from({ length: 200 }, (_, i) => [i * 5, sourdough[i] ?? `line ${i + 1} of the lecture about flour and water`] as const),
  });
  // Found by its title alone: its transcript has not been fetched yet.
  await insertVideo(sql, {
    id: PENDING, title: 'Rye starter basics', channel: KITCHEN, publishedAt: '2024-04-04T12:00:00Z', durationSeconds: 200,
    views: 12, language: null, kind: null, cues: [],
  });
  await sql`update videos set transcript_status = 'pending' where id = ${PENDING}`;
  await sql`insert into playlist_videos (playlist_id, video_id, position) values (${PLAYLISTS.main}, ${LECTURE}, 100), (${PLAYLISTS.main}, ${PENDING}, 101)`;
  // Three readings of V.cooking that never change; V.travel's grow.
  await sql`insert into video_stat_snapshots (video_id, taken_at, view_count, like_count, comment_count) values
    (${V.cooking}, '2026-03-01T08:00:00Z', 1000, 50, 5), (${V.cooking}, '2026-03-01T09:00:00Z', 1000, 50, 5), (${V.cooking}, '2026-03-01T10:00:00Z', 1000, 50, 5),
    (${V.travel}, '2026-03-01T08:00:00Z', 50000, 900, 40), (${V.travel}, '2026-03-01T09:00:00Z', 50600, 910, 41)`;
  browser = await launchBrowser();
  await mkdir(SCREENSHOTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

/** Intl puts narrow no-break spaces in times ("10:00\u202fPM"). */
const spaced = (text: string | null) => (text ?? '').replace(/\s+/g, ' ');

async function checkPage(page: Page, name: string, widthName: string, fullPage = true): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), `${name} overflows`).toBeLessThanOrEqual(0);
  expect(await seriousViolations(page), name).toEqual([]);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${widthName}.png`), fullPage });
}

describe.each(WIDTHS)('at $width px ($name)', ({ name: widthName, width, height }) => {
  it('keeps the transcript page\'s player in view while timestamps far down are played', async () => {
    const context = await signedInContext(browser, t.baseUrl, cookie, { viewport: { width, height }, ...HONOLULU });
    const page = await context.newPage();
    const problems = collectProblems(page, /favicon|\/vi\/|youtube|ytimg/);
    await page.goto(`${t.baseUrl}/videos/${LECTURE}`);
    // Its statistics, and its captions' language by name.
    expect(await page.locator(`a[href="/videos/${LECTURE}/stats"]`).count()).toBe(1);
    await page.getByText('manual German captions').waitFor();
    const player = page.locator(`#player-${LECTURE}`);
    for (const n of [120, 185]) {
      const link = page.locator('.transcript-lines a.moment-time').nth(n);
      await link.scrollIntoViewIfNeeded();
      await link.click();
      await player.locator(`iframe[src*="start=${n * 5}"]`).waitFor({ state: 'attached' });
      const inView = await page.evaluate(({ playerId, index }) => {
        const p = document.getElementById(playerId)!.getBoundingClientRect();
        const l = document.querySelectorAll('.transcript-lines a.moment-time')[index]!.getBoundingClientRect();
        return { playerTop: p.top, playerBottom: p.bottom, linkTop: l.top, linkBottom: l.bottom, scrollY: window.scrollY, innerHeight: window.innerHeight };
      }, { playerId: `player-${LECTURE}`, index: n });
      // The player is on screen, the line clicked too (below the player, not under it), and the page did not jump back up.
      expect(inView.playerTop).toBeGreaterThanOrEqual(0);
      expect(inView.playerBottom).toBeLessThanOrEqual(inView.innerHeight);
      expect(inView.linkTop).toBeGreaterThanOrEqual(inView.playerBottom);
      expect(inView.linkBottom).toBeLessThanOrEqual(inView.innerHeight);
      expect(inView.scrollY).toBeGreaterThan(1000);
    }
    // The stand-in's embed page (it knows no such video) is in the frame before the picture is taken.
    await player.locator('iframe').contentFrame().getByText('Video unavailable').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, `video-sticky-player-${widthName}.png`) });
    await page.evaluate(() => window.scrollTo(0, 0));
    await checkPage(page, 'video-long', widthName, false);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('starts the next page of results at their top, focused', async () => {
    const context = await signedInContext(browser, t.baseUrl, cookie, { viewport: { width, height }, ...HONOLULU });
    const page = await context.newPage();
    const problems = collectProblems(page, /favicon|\/vi\/|youtube|ytimg/);
    await page.goto(`${t.baseUrl}/search?q=filler`);
    const next = page.getByRole('link', { name: 'Next →' });
    await next.scrollIntoViewIfNeeded();
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(500);
    await next.click();
    await page.getByText('Page 2 of 3').waitFor();
    await expect.poll(() => page.evaluate(() => Math.round(document.getElementById('results')!.getBoundingClientRect().top))).toBe(0);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('results');
    expect(new URL(page.url()).searchParams.get('page')).toBe('2');
    await page.screenshot({ path: path.join(SCREENSHOTS, `search-page-2-${widthName}.png`) });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('lists a video\'s moments in time order, links every result to its statistics, and says when a transcript is pending', async () => {
    const context = await signedInContext(browser, t.baseUrl, cookie, { viewport: { width, height }, ...HONOLULU });
    const page = await context.newPage();
    const problems = collectProblems(page, /favicon|\/vi\/|youtube|ytimg/);
    await page.goto(`${t.baseUrl}/search?q=sourdough`);
    const starts = await page.locator(`#video-${LECTURE} .moments a.moment-time`).evaluateAll((links) => links.map((l) => Number((l as HTMLElement).dataset.start)));
    expect(starts).toEqual([100, 450, 850]);
    await checkPage(page, 'search-moments', widthName);

    // Typed, so the results come through htmx: their times are the reader's too.
    const box = page.getByRole('searchbox', { name: 'Search your library' });
    await box.fill('starter');
    const pending = page.locator(`#video-${PENDING}`);
    await pending.waitFor();
    expect(await pending.locator('.transcript-missing').textContent()).toBe('Transcript still pending: only the title matched so far.');
    await checkPage(page, 'search-pending', widthName);
    await box.fill('coffee');
    await page.locator(`#video-${V.travel}`).waitFor();
    const results = page.locator('#results .result');
    const count = await results.count();
    expect(count).toBeGreaterThanOrEqual(2);
    for (let i = 0; i < count; i++) {
      const id = await results.nth(i).getAttribute('data-video-id');
      expect(await results.nth(i).locator(`a[href="/videos/${id}/stats"]`).count(), `${id} links its statistics`).toBe(1);
    }
    // Published 2023-06-10 08:00 UTC: 9 June in Honolulu.
    const published = page.locator(`#video-${V.travel} time`);
    await expect.poll(() => published.textContent()).toBe('Jun 9, 2023');
    expect(await published.getAttribute('title')).toBe('2023-06-10');
    expect(await page.locator(`#video-${V.travel} .result-meta`).textContent()).toContain('auto-generated British English captions');
    await checkPage(page, 'search-local-times', widthName);

    // Languages by name in the filter.
    await page.locator('.filters-fold > summary').click();
    expect(await page.locator('select[name=lang] option').allTextContents()).toEqual(['Any language', 'English', 'French', 'German']);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('says "no change since" for a flat chart, explains virality, and shows local times', async () => {
    const context = await signedInContext(browser, t.baseUrl, cookie, { viewport: { width, height }, ...HONOLULU });
    const page = await context.newPage();
    const problems = collectProblems(page, /favicon|\/vi\/|youtube|ytimg/);
    await page.goto(`${t.baseUrl}/videos/${V.cooking}/stats`);
    const views = page.locator('figure.stats-chart', { has: page.locator('svg[data-series="views"]') });
    // 2026-03-01 08:00 UTC is 22:00 the day before in Honolulu.
    await expect.poll(async () => spaced(await views.locator('.flat-note').textContent())).toBe('No change since Feb 28, 2026, 10:00 PM: 1,000 at every reading.');
    expect(await views.locator('text.y-tick').allTextContents()).toEqual(['1K']);
    expect(await page.locator('.virality-explained').textContent()).toMatch(/^Virality \(0–100\) is how fast a video is spreading/);
    await checkPage(page, 'video-stats-flat', widthName);

    // A growing chart keeps three distinct labels; its axis times are local too.
    await page.goto(`${t.baseUrl}/videos/${V.travel}/stats`);
    const growing = page.locator('svg[data-series="views"]');
    const ticks = await growing.locator('text.y-tick').allTextContents();
    expect(new Set(ticks).size).toBe(3);
    await expect.poll(async () => spaced(await growing.locator('text[data-local]').first().textContent())).toBe('Feb 28, 10:00 PM');
    expect(await page.locator('figure.stats-chart .flat-note').count()).toBe(0);
    await checkPage(page, 'video-stats-growing', widthName);
    expect(problems).toEqual([]);
    await context.close();
  });
});
