// An admin watches the jobs dashboard in a real browser: it updates itself as jobs arrive, and its
// buttons work without any script of ours (plain forms, same-origin POSTs).
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { launchBrowser } from './helpers/browser.ts';
import { createSignedInUser } from './helpers/users.ts';

describe('jobs dashboard in a real browser', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    t = await startTestApp({ worker: false, env: { ADMIN_EMAILS: 'ops@example.com' } });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('shows new jobs without a reload, and pauses a pool and deletes a job from its buttons', async () => {
    const { cookie } = await createSignedInUser(t.db.database.sql, { email: 'ops@example.com', admin: true });
    const context = await browser.newContext();
    const [name, value] = cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: t.baseUrl }]);
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });

    await page.goto(`${t.baseUrl}/`);
    await page.getByRole('link', { name: 'Admin' }).click();
    await page.waitForURL(/\/admin\/jobs$/);
    const queuedTranscripts = page.locator('tr[data-task="fetch_transcript"] td[data-state="queued"]');
    await expect(queuedTranscripts.textContent()).resolves.toBe('0');

    const job = await t.queue.addJob('fetch_transcript', { videoId: 'dQw4w9WgXcQ' });
    // The live part polls every 2 s.
    await page.waitForFunction(() => document.querySelector('tr[data-task="fetch_transcript"] td[data-state="queued"]')?.textContent === '1', undefined, { timeout: 6_000 });
    await expect(page.locator(`#waiting-jobs tr[data-job="${job.id}"]`).count()).resolves.toBe(1);

    await page.getByRole('button', { name: 'Pause pool scoring' }).click();
    await page.waitForURL(/notice=paused&pool=scoring/);
    // The dashboard has more than one status (the exits line is another): the notice is the one that says so.
    await expect(page.getByRole('status').filter({ hasText: 'Pool scoring is paused' }).count()).resolves.toBe(1);
    await expect(page.locator('tr[data-pool="scoring"]').getAttribute('data-paused')).resolves.toBe('true');

    await page.getByRole('button', { name: `Delete job ${job.id}` }).click();
    await page.waitForURL(/notice=deleted/);
    await expect(page.locator(`tr[data-job="${job.id}"]`).count()).resolves.toBe(0);
    const [left] = await t.db.database.sql<{ n: number }[]>`select count(*)::int as n from graphile_worker.jobs`;
    expect(left!.n).toBe(0);

    await page.screenshot({ path: '/tmp/subtext-admin-jobs.png', fullPage: true });
    expect(consoleErrors, consoleErrors.join('\n')).toEqual([]);
    await context.close();
  });
});
