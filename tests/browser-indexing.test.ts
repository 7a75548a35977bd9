// A person presses Start indexing on the dashboard and watches the live bar reach 100%.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../src/standin/demo-data.ts';
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
    await expect(page.locator('progress').getAttribute('value')).resolves.toBe(await page.locator('progress').getAttribute('max'));
    // It was seen part-way (the poller swapped in new numbers), and the finished block stopped polling.
    expect([...seen].some((s) => !s.endsWith(':100%'))).toBe(true);
    await expect(page.locator('#run-progress[hx-trigger]').count()).resolves.toBe(0);
    await expect(page.locator('[data-count="skipped"]').textContent()).resolves.toBe('2');
    expect(cspErrors, cspErrors.join('\n')).toEqual([]);
    await context.close();
  });
});
