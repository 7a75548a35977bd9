import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { SESSION_COOKIE } from '../../src/auth/session.ts';
import { afterAll, beforeAll } from 'vitest';
import { startTestApp, type TestApp } from './app.ts';

/** Debian's chromium, headless; the flags keep it off the (closed) network. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A test app and a browser for the tests of one file (or describe block): started before them, stopped after. */
export function useAppWithBrowser(options: Parameters<typeof startTestApp>[0] = {}): { readonly t: TestApp; readonly browser: Browser } {
  const handle = {} as { t: TestApp; browser: Browser };
  beforeAll(async () => {
    handle.t = await startTestApp(options);
    handle.browser = await launchBrowser();
  });
  afterAll(async () => {
    await handle.browser?.close();
    await handle.t?.stop();
  });
  return handle;
}

/**
 * A browser context signed in with a session cookie's value (what follows "subtext_session="). Nothing
 * leaves the machine: the inline player's frame and thumbnails would go to YouTube.
 */
export async function signedInContext(browser: Browser, baseUrl: string, session: string, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  await context.addCookies([{ name: SESSION_COOKIE, value: session, url: baseUrl }]);
  await context.route(/youtube-nocookie\.com|youtube\.com|ytimg\.com/, (route) => route.abort());
  return context;
}

/** Script errors and console errors of a page, except those whose "URL text" matches `expected`. */
export function collectProblems(page: Page, expected: RegExp = /favicon/): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !expected.test(`${message.location().url} ${message.text()}`)) problems.push(`${message.text()} ${message.location().url}`);
  });
  return problems;
}
