// Demo and polish (issue 16, points 6 and 8) in a real browser at 390 and 1280 px: view counts that
// grow between snapshots, names in natural order, counts with separators, destructive buttons
// styled apart, a working copy button for a new token, Remove that asks first (with and without
// script), the schedules in words with Run all now for admins only, View progress on a list's page,
// and dark mode without contrast problems. Screenshots go to tests/screenshots/polish-*.png.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../src/auth/session.ts';
import { startIndexRun } from '../src/indexing/runs.ts';
import { DEMO } from '../src/standin/demo-data.ts';
import { seriousViolations } from './helpers/axe.ts';
import { useAppWithBrowser } from './helpers/browser.ts';
import { signInAs } from './helpers/google-sign-in.ts';
import { addToLibrary, createSignedInUser } from './helpers/users.ts';
import { waitUntil } from './helpers/wait.ts';

const SCREENSHOTS = path.join(import.meta.dirname, 'screenshots');
const WIDTHS = [{ name: 'phone', width: 390, height: 844 }, { name: 'laptop', width: 1280, height: 800 }] as const;
const [aliceAccount] = DEMO.accounts;
/** Added to Alice's library in this (scrambled) order; natural order is apple, 1, 2, 10, Émile, Zebra. */
const NAMED_LISTS = [['PLnatural10', 'Channel 10'], ['PLnaturalZ', 'Zebra clips'], ['PLnatural2', 'channel 2'],
  ['PLnaturalE', 'Émile explains'], ['PLnatural1', 'Channel 1'], ['PLnaturalA', 'apple pie']] as const;

const env = {
  ADMIN_EMAILS: 'ops@example.com',
  SNAPSHOT_SCHEDULE: '*/30 * * * *', TRENDING_SCHEDULE: '0 0 29 2 *', THUMBNAIL_CHECK_SCHEDULE: '15 3 * * *', AVAILABILITY_CHECK_SCHEDULE: '45 2 * * *',
};
// Only the tracking pools run: an index run stays queued, so a list's page shows it going.
const app = useAppWithBrowser({ env, pools: ['tracking', 'scoring'], knobs: { trendingBucketMinutes: 0 } });
let alice: { userId: number; cookie: string };
let admin: { userId: number; cookie: string };
let runId: number;

beforeAll(async () => {
  const { sql } = app.t.db.database;
  await mkdir(SCREENSHOTS, { recursive: true });
  // Alice signs in through the stand-in, so her own playlists (one of 3,000 videos) and her subscriptions are real.
  const jar = await signInAs(app.t, aliceAccount!.sub);
  const [row] = await sql<{ id: number }[]>`select id from users where google_subject = ${aliceAccount!.sub}`;
  alice = { userId: Number(row!.id), cookie: jar.header() };
  await addToLibrary(sql, alice.userId, NAMED_LISTS.map(([id]) => id));
  for (const [id, title] of NAMED_LISTS) await sql`update playlists set title = ${title}, item_count = 12 where id = ${id}`;
  runId = (await startIndexRun(sql, DEMO.playlists.cooking, alice.userId, 'new')).runId;

  admin = await createSignedInUser(sql, { email: 'ops@example.com', name: 'Ops', admin: true });
  // The admin's library holds the cooking videos, so snapshots read their statistics.
  await addToLibrary(sql, admin.userId, ['PLgrowthDemo']);
  const videos = [DEMO.videos.ok, DEMO.videos.caramelise, DEMO.videos.straddlingPhrase];
  await sql`insert into videos ${sql(videos.map((id) => ({ id, title: `video ${id}` })))} on conflict do nothing`;
  await sql`insert into playlist_videos ${sql(videos.map((video_id, position) => ({ playlist_id: 'PLgrowthDemo', video_id, position })))}`;
}, 120_000);

async function as(who: { cookie: string }, viewport: { width: number; height: number }, options: { javaScriptEnabled?: boolean; colorScheme?: 'dark' | 'light' } = {}): Promise<BrowserContext> {
  const context = await app.browser.newContext({ viewport, javaScriptEnabled: options.javaScriptEnabled ?? true, colorScheme: options.colorScheme ?? 'light' });
  const session = who.cookie.split('; ').find((c) => c.startsWith(`${SESSION_COOKIE}=`))!.slice(SESSION_COOKIE.length + 1);
  await context.addCookies([{ name: SESSION_COOKIE, value: session, url: app.t.baseUrl }]);
  await context.route(/youtube-nocookie\.com|youtube\.com|ytimg\.com/, (route) => route.abort());
  return context;
}

const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
const shoot = (page: Page, name: string, width: string) => page.screenshot({ path: path.join(SCREENSHOTS, `polish-${name}-${width}.png`), fullPage: true });

/** Numbers of four or more digits standing alone in the visible text: each should have read "3,012". */
const bareNumbers = (page: Page) => page.evaluate(() => document.body.innerText.match(/(?<![\w,.:\-/])\d{4,}(?![\w,.:\-/])/g) ?? []);

async function postAs(page: Page, url: string): Promise<number> {
  const response = await page.request.post(`${app.t.baseUrl}${url}`, { headers: { Origin: app.t.baseUrl }, form: {}, maxRedirects: 0 });
  return response.status();
}

describe.each(WIDTHS)('at $width px ($name)', ({ name: widthName, width, height }) => {
  const viewport = { width, height };

  it('lists names in natural order, with separators in every count', async () => {
    const context = await as(alice, viewport);
    const page = await context.newPage();
    await page.goto(`${app.t.baseUrl}/library`);
    const titles = await page.locator('table.library td.playlist-title strong a').allTextContents();
    const named = titles.filter((title) => NAMED_LISTS.some(([, name]) => name === title));
    expect(named).toEqual(['apple pie', 'Channel 1', 'channel 2', 'Channel 10', 'Émile explains', 'Zebra clips']);
    expect(await page.locator('tr', { hasText: 'Everything I watched' }).textContent()).toContain('3,000 videos');
    expect(await bareNumbers(page)).toEqual([]);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await shoot(page, 'library', widthName);

    await page.goto(`${app.t.baseUrl}/library/subscriptions`);
    const channels = await page.locator('table.subscriptions td strong').allTextContents();
    expect(channels.indexOf('Generated Creator 2')).toBeLessThan(channels.indexOf('Generated Creator 10'));
    expect(channels.indexOf('Generated Creator 9')).toBeLessThan(channels.indexOf('Generated Creator 11'));
    expect(channels.indexOf('Byte Sized')).toBeLessThan(channels.indexOf('Chord Theory'));
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await shoot(page, 'subscriptions', widthName);

    for (const url of [`/playlists/${DEMO.playlists.everything}`, '/account', '/schedules', '/reports/thumbnails', '/gone', '/trends', '/settings/tokens']) {
      await page.goto(`${app.t.baseUrl}${url}`);
      expect(await bareNumbers(page), url).toEqual([]);
    }
    await context.close();
  }, 120_000);

  it('asks before Remove, with script and without, and removes with a POST', async () => {
    const { sql } = app.t.db.database;
    const withScript = `PLremoveJs${width}`;
    const withoutScript = `PLremoveNoJs${width}`;
    await addToLibrary(sql, alice.userId, [withScript, withoutScript]);
    await sql`update playlists set title = 'Remove me ' || id where id in (${withScript}, ${withoutScript})`;
    const inLibrary = async (id: string) => (await sql`select 1 from library_playlists where user_id = ${alice.userId} and playlist_id = ${id}`).length === 1;

    for (const [id, javaScriptEnabled] of [[withScript, true], [withoutScript, false]] as const) {
      const context = await as(alice, viewport, { javaScriptEnabled });
      const page = await context.newPage();
      await page.goto(`${app.t.baseUrl}/library`);
      const row = page.locator(`tr[data-playlist-id="${id}"]`);
      const confirmButton = row.getByRole('button', { name: `Remove Remove me ${id}` });
      expect(await confirmButton.isVisible()).toBe(false);
      await row.locator('summary', { hasText: 'Remove…' }).click();
      expect(await row.getByText(`Remove “Remove me ${id}” from your library?`).isVisible()).toBe(true);
      expect(await inLibrary(id)).toBe(true);
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      if (javaScriptEnabled) await shoot(page, 'library-remove-confirm', widthName);
      // The destructive button looks unlike the harmless ones beside it.
      const look = await confirmButton.evaluate((b) => getComputedStyle(b).borderTopColor);
      expect(look).toBe('rgb(179, 38, 30)');
      await confirmButton.click();
      await row.waitFor({ state: 'detached' });
      if (!javaScriptEnabled) expect(new URL(page.url()).pathname).toBe('/library');
      expect(await inLibrary(id)).toBe(false);
      await context.close();
    }
  });

  it('styles Delete apart from Export, and a token\'s copy button copies it (or selects it without a clipboard)', async () => {
    const context = await as(alice, viewport);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.t.baseUrl });
    const page = await context.newPage();
    await page.goto(`${app.t.baseUrl}/account`);
    const exportLook = await page.getByRole('link', { name: 'Download export (JSON)' }).evaluate((e) => getComputedStyle(e).backgroundColor);
    const deleteButton = page.getByRole('button', { name: 'Delete my account and data' });
    const deleteLook = await deleteButton.evaluate((e) => ({ background: getComputedStyle(e).backgroundColor, border: getComputedStyle(e).borderTopColor, width: getComputedStyle(e).borderTopWidth }));
    expect(deleteLook.background).not.toBe(exportLook);
    expect(deleteLook).toMatchObject({ border: 'rgb(179, 38, 30)', width: '2px' });
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await shoot(page, 'account', widthName);

    await page.goto(`${app.t.baseUrl}/settings/tokens`);
    await page.getByLabel('Name').fill(`notebook ${width}`);
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = (await page.locator('#new-token').textContent())!.trim();
    expect(token.length).toBeGreaterThan(20);
    await page.getByRole('button', { name: 'Copy token' }).click();
    await page.getByText('Copied.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
    expect(await page.getByRole('button', { name: `Revoke notebook ${width}` }).evaluate((b) => getComputedStyle(b).borderTopColor)).toBe('rgb(179, 38, 30)');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await shoot(page, 'api-token-copied', widthName);
    await context.close();

    // Plain http to another host is no secure context: no clipboard, so the button selects the token.
    const bare = await as(alice, viewport);
    await bare.addInitScript(() => Object.defineProperty(navigator, 'clipboard', { value: undefined }));
    const second = await bare.newPage();
    await second.goto(`${app.t.baseUrl}/settings/tokens`);
    await second.getByLabel('Name').fill(`laptop ${width}`);
    await second.getByRole('button', { name: 'Create token' }).click();
    await second.getByRole('button', { name: 'Copy token' }).click();
    await second.getByText(/^Selected: press Ctrl\+C/).waitFor();
    expect(await second.evaluate(() => window.getSelection()!.toString().trim())).toBe((await second.locator('#new-token').textContent())!.trim());
    await bare.close();
  });

  it('shows each schedule\'s last and next run in words, lists the daily re-sync, and keeps Run all now for admins', async () => {
    const context = await as(alice, viewport);
    const page = await context.newPage();
    await page.goto(`${app.t.baseUrl}/schedules`);
    expect(await page.getByRole('button', { name: 'Run all now' }).count()).toBe(0);
    expect(await postAs(page, '/schedules/run-all')).toBe(403);
    const resync = page.locator('tr[data-schedule="resync"]');
    expect(await resync.textContent()).toContain('Library re-sync');
    expect(await resync.locator('.next-run time').textContent()).toMatch(/^in (\d+ hours?|1 day|\d+ minutes?)$/);
    const next = page.locator('tr[data-schedule="snapshots"] .next-run time');
    expect(await next.textContent()).toMatch(/^in (\d+ minutes?|a moment)$/);
    expect(await next.getAttribute('title')).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    expect(Date.parse((await next.getAttribute('datetime'))!)).toBeGreaterThan(Date.now());
    expect(await page.locator('tr[data-schedule="trending"] .next-run').textContent()).toContain('not within a month');

    // Run now on one schedule is everyone's; afterwards its last run reads "just now".
    await page.locator('tr[data-schedule="thumbnails"]').getByRole('button', { name: /Run now/ }).click();
    await page.getByText(/Thumbnail checks queued|can be forced again/).waitFor();
    await page.goto(`${app.t.baseUrl}/schedules`);
    expect(await page.locator('tr[data-schedule="thumbnails"] .last-run time').textContent()).toMatch(/^(just now|\d+ minutes? ago)$/);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await shoot(page, 'schedules', widthName);
    await context.close();

    const ops = await as(admin, viewport);
    const adminPage = await ops.newPage();
    await adminPage.goto(`${app.t.baseUrl}/schedules`);
    await adminPage.getByRole('button', { name: 'Run all now' }).click();
    await adminPage.getByText('Every schedule queued').waitFor();
    expect(await overflow(adminPage)).toBeLessThanOrEqual(0);
    await shoot(adminPage, 'schedules-admin', widthName);
    await ops.close();
  });

  it('says View progress on a list\'s page while its run goes', async () => {
    const context = await as(alice, viewport);
    const page = await context.newPage();
    await page.goto(`${app.t.baseUrl}/playlists/${DEMO.playlists.cooking}`);
    expect(await page.getByRole('button', { name: 'Start indexing' }).count()).toBe(0);
    const progress = page.locator('.page-head').getByRole('link', { name: 'View progress' });
    expect(await progress.getAttribute('href')).toBe(`/runs/${runId}`);
    expect(await page.locator('.empty').textContent()).toContain('the run under way is reading this list');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await shoot(page, 'playlist-running', widthName);
    await context.close();
  });

  it('follows the system\'s dark mode without contrast problems', async () => {
    const context = await as(alice, viewport, { colorScheme: 'dark' });
    const page = await context.newPage();
    const problems: string[] = [];
    for (const url of ['/library', `/playlists/${DEMO.playlists.cooking}`, '/library/subscriptions', '/account', '/settings/tokens', '/schedules', '/gone', '/reports/thumbnails']) {
      await page.goto(`${app.t.baseUrl}${url}`);
      const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
      expect(background, url).toBe('rgb(18, 18, 20)');
      // An open confirmation and a new token's box are checked too.
      if (url === '/library') await page.locator('details.confirm summary').first().click();
      problems.push(...(await seriousViolations(page)).map((v) => `${url}: ${v}`));
      if (url === '/library' || url === '/schedules') await shoot(page, `dark${url.replaceAll('/', '-')}`, widthName);
    }
    expect(problems).toEqual([]);
    await context.close();
  });
});

it('grows view counts between snapshots, so the statistics page shows movement and a score', async () => {
  const { sql } = app.t.db.database;
  const context = await as(admin, { width: 390, height: 844 });
  const page = await context.newPage();
  // Run all now and the cron may have read them already; count from here.
  const readingsOf = async () => (await sql<{ n: number }[]>`select count(*)::int as n from video_stat_snapshots where video_id = ${DEMO.videos.ok}`)[0]!.n;
  const before = await readingsOf();
  const snapshot = async (readings: number) => {
    await page.goto(`${app.t.baseUrl}/schedules`);
    await page.locator('tr[data-schedule="snapshots"]').getByRole('button', { name: /Run now/ }).click();
    await page.getByText('Statistics snapshots queued').waitFor();
    await waitUntil(`${readings} readings, scored`, async () => {
      const [scored] = await sql`
        select 1 from virality_scores where video_id = ${DEMO.videos.ok}
          and computed_at > (select max(taken_at) from video_stat_snapshots where video_id = ${DEMO.videos.ok})`;
      return (await readingsOf()) === readings && scored !== undefined ? true : undefined;
    });
  };
  await snapshot(before + 1);
  await new Promise((resolve) => setTimeout(resolve, 3000));
  await snapshot(before + 2);
  for (const [viewport, widthName] of [[{ width: 390, height: 844 }, 'phone'], [{ width: 1280, height: 800 }, 'laptop']] as const) {
    await page.setViewportSize(viewport);
    await page.goto(`${app.t.baseUrl}/videos/${DEMO.videos.ok}/stats`);
    expect(await page.locator('.virality').first().textContent()).toMatch(/^(VIRAL|TRENDING) /);
    await page.getByText(`Readings (${before + 2})`).click();
    const views = (await page.locator('td[data-label="Views"]').allTextContents()).map((v) => Number(v.replaceAll(',', '')));
    expect(views).toHaveLength(before + 2);
    expect(views[0]).toBeGreaterThan(views[1]!); // newest first
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await shoot(page, 'video-stats-growth', widthName);
  }
  // The flat video did not move, so its score is lower.
  const scores = new Map((await sql<{ video_id: string; score: number }[]>`select video_id, score::float8 as score from virality_scores`).map((r) => [r.video_id, r.score]));
  expect(scores.get(DEMO.videos.ok)!).toBeGreaterThan(scores.get(DEMO.videos.straddlingPhrase)!);
  await context.close();
}, 60_000);
